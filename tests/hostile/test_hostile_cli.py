"""``reader analyze`` on hostile inputs: the exit code and the one-line message for each."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_inputs import (
    ANSI_PIECES,
    CASES,
    TITLE,
    Case,
    good_article,
)

from reader import loading
from reader.cli import EXIT_NO_SOURCES, EXIT_OK, main

# C0 controls but newline and tab, DEL, C1 controls: nothing of these may reach a terminal.
TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, list[str]]:
    code = main(["analyze", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err.splitlines()


def skipped_line(path: Path, reason: str) -> str:
    """The stderr line for a skipped path, as a regular expression."""
    return rf"reader: skipped {re.escape(str(path))}: {reason}"


def case_params() -> list[object]:
    return [
        pytest.param(case, id=case.name, marks=[pytest.mark.timeout(45)] if case.heavy else [])
        for case in CASES
    ]


@pytest.mark.parametrize("case", case_params())
def test_each_input_alone(case: Case, inputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = case.make(inputs)
    code, out, err = run([str(path)], capsys)
    if case.loads:
        assert (code, err) == (EXIT_OK, [])
        assert out.splitlines()[1].startswith("1 sources, ")
        assert not TERMINAL_CONTROL.search(out)
    else:
        assert code == EXIT_NO_SOURCES
        assert out == ""
        assert len(err) == 2, err
        assert re.fullmatch(skipped_line(path, case.reason), err[0]), err[0]
        assert err[1] == "reader: no readable articles"


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES if not c.heavy])
def test_each_input_beside_a_good_article(
    case: Case, inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = good_article(inputs / "ok", place="Eastport")
    bad = case.make(inputs / "bad")
    code, out, err = run(["--json", str(good), str(bad)], capsys)
    assert code == EXIT_OK
    data = json.loads(out)
    paths = [source["path"] for source in data["sources"]]
    assert paths == sorted([str(good)] + ([str(bad)] if case.loads else []))
    if case.loads:
        assert err == []
    else:
        assert len(err) == 1 and re.fullmatch(skipped_line(bad, case.reason), err[0]), err
        assert data["problems"] == [{"path": str(bad), "reason": err[0].split(": ", 2)[2]}]
    assert not TERMINAL_CONTROL.search(out)


def analyze_json(path: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    code, out, err = run(["--json", str(path)], capsys)
    assert (code, err) == (EXIT_OK, [])
    return json.loads(out)["sources"][0]


def by_name(name: str) -> Case:
    return next(case for case in CASES if case.name == name)


@pytest.mark.parametrize("name", ["UTF-16 LE with BOM", "UTF-16 BE with BOM", "cp1252"])
def test_other_encodings_decode_to_the_same_story(
    name: str, inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = analyze_json(good_article(inputs / "plain"), capsys)
    other = analyze_json(by_name(name).make(inputs), capsys)
    assert other["title"] == TITLE
    assert other["text"] == plain["text"]
    assert [q["speaker"] for q in other["quotes"]] == ["Maria Lopes"]


def test_invalid_utf8_loads_without_replacement_garbage_in_ascii_words(
    inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = analyze_json(by_name("invalid UTF-8").make(inputs), capsys)
    # Only the bad bytes are read as cp1252: they become letters, never replacement marks.
    assert "Harbourside" in source["text"] and "85%" in source["text"]
    assert "\ufffd" not in source["text"]


def test_invalid_utf8_keeps_the_valid_utf8_around_the_bad_bytes(
    inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = analyze_json(by_name("invalid UTF-8").make(inputs), capsys)
    assert "“We cannot keep the doors open" in source["text"]


def test_zero_width_characters_are_removed_and_joiners_kept(
    inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = analyze_json(by_name("zero-width characters").make(inputs), capsys)
    assert not {"\u200b", "\u2060", "\ufeff"} & set(source["text"])
    assert source["title"] == TITLE
    emoji = analyze_json(by_name("emoji").make(inputs / "e"), capsys)
    assert "👩\u200d👩\u200d👧" in emoji["text"]  # the zero-width joiner inside emoji stays


def test_markup_is_kept_as_literal_text(inputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rich = analyze_json(by_name("Rich markup").make(inputs / "r"), capsys)
    assert "[bold red]Café owners[/] [link=https://evil.example]here[/link]" in rich["text"]
    action = analyze_json(by_name("Textual action markup").make(inputs / "a"), capsys)
    assert "[@click=app.quit]Café owners[/]" in action["text"]
    for source in (rich, action):
        for quote in source["quotes"]:
            assert source["text"][quote["start"] : quote["end"]] == quote["text"]


def test_terminal_escapes_are_stripped_from_the_text(
    inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = by_name("ANSI and OSC 8 escapes").make(inputs)
    assert all(piece in path.read_text(encoding="utf-8") for piece in ANSI_PIECES)
    source = analyze_json(path, capsys)
    assert not TERMINAL_CONTROL.search(source["text"])
    assert "voted red click me" in source["text"]
    code, out, _ = run([str(path)], capsys)
    assert code == EXIT_OK and not TERMINAL_CONTROL.search(out)


def test_quote_soup_gives_valid_spans(inputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = analyze_json(by_name("unbalanced and nested quotes").make(inputs), capsys)
    text = source["text"]
    for quote in source["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]
    assert any(q["speaker"] == "Maria Lopes" for q in source["quotes"])


def test_a_directory_named_like_a_file_is_walked(
    inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = by_name("directory named like a file").make(inputs)
    inner = good_article(folder, "inside.md")
    code, out, err = run(["--json", f"{folder}/"], capsys)
    assert (code, err) == (EXIT_OK, [])
    assert [s["path"] for s in json.loads(out)["sources"]] == [f"{folder}/inside.md"]
    assert inner.exists()


def test_symlink_loop_inside_a_directory(inputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good_article(inputs)
    loop = by_name("symlink loop").make(inputs)
    os.symlink(inputs, inputs / "back_to_top")  # a directory link back up: not followed
    code, out, err = run([str(inputs)], capsys)
    assert code == EXIT_OK
    assert out.splitlines()[1].startswith("1 sources, ")
    assert err == [
        f"reader: skipped {inputs / 'loop_a.txt'}: too many levels of symbolic links",
        f"reader: skipped {inputs / 'loop_b.txt'}: too many levels of symbolic links",
    ]
    assert loop.is_symlink()


def test_file_deleted_between_listing_and_reading(
    inputs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    good_article(inputs, "a.txt")
    doomed = good_article(inputs, "b.txt", place="Westgate")
    listing = loading.expand_paths

    def list_then_delete(paths):  # type: ignore[no-untyped-def]
        found = listing(paths)
        doomed.unlink()
        return found

    monkeypatch.setattr(loading, "expand_paths", list_then_delete)
    code, out, err = run([str(inputs)], capsys)
    assert code == EXIT_OK
    assert out.splitlines()[1].startswith("1 sources, ")
    assert err == [f"reader: skipped {doomed}: vanished before it could be read"]


def refuse_opening(monkeypatch: pytest.MonkeyPatch, victim: Path) -> None:
    """Make ``os.open`` of one path fail as it would without read permission."""
    real_open = os.open

    def guarded(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(path) == str(victim):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(loading.os, "open", guarded)


def test_permission_denied_simulated(
    inputs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    good_article(inputs, "a.txt")
    secret = good_article(inputs, "secret.txt", place="Westgate")
    refuse_opening(monkeypatch, secret)
    code, out, err = run([str(inputs)], capsys)
    assert code == EXIT_OK
    assert out.splitlines()[1].startswith("1 sources, ")
    assert err == [f"reader: skipped {secret}: permission denied"]
    code, _, err = run([str(secret)], capsys)
    assert code == EXIT_NO_SOURCES
    assert err == [
        f"reader: skipped {secret}: permission denied",
        "reader: no readable articles",
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permission bits")
def test_permission_denied_for_real(inputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good_article(inputs, "a.txt")
    secret = good_article(inputs, "secret.txt", place="Westgate")
    locked = inputs / "locked"
    good_article(locked, "c.txt", place="Northam")
    secret.chmod(0)
    locked.chmod(0)
    try:
        code, out, err = run([str(inputs)], capsys)
    finally:
        locked.chmod(0o755)
    assert code == EXIT_OK
    assert out.splitlines()[1].startswith("1 sources, ")
    assert sorted(err) == [
        f"reader: skipped {locked}: permission denied",
        f"reader: skipped {secret}: permission denied",
    ]


@pytest.mark.timeout(45)
def test_ten_thousand_tiny_files(tiny_files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([str(tiny_files)], capsys)
    assert (code, err) == (EXIT_OK, [])
    assert out.splitlines()[1].startswith("10000 sources, ")
    assert out.count("\n[") == 10_000


@pytest.mark.parametrize(
    "name",
    [b"esc\x1b[2Jclear.txt", b"c1\xc2\x9b31m.txt", b"bidi\xe2\x80\xaetxt.md"],
    ids=["ESC", "C1 CSI", "bidi override"],
)
def test_control_characters_in_file_names_do_not_reach_the_terminal(
    name: bytes, inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = os.path.join(os.fsencode(inputs), name)
    with open(path, "wb") as handle:
        handle.write(b"The council voted on Monday to close the library.\n")
    code, out, err = run([os.fsdecode(path), str(inputs / "missing" / os.fsdecode(name))], capsys)
    assert code == EXIT_OK
    shown = out + "\n".join(err)
    assert not TERMINAL_CONTROL.search(shown)
    assert "\u202e" not in shown


@pytest.mark.parametrize("flag", [[], ["--json"]], ids=["summary", "json"])
def test_a_file_name_that_is_not_utf8(flag: list[str], inputs: Path) -> None:
    path = os.path.join(os.fsencode(inputs), b"caf\xe9.txt")
    with open(path, "wb") as handle:
        handle.write(b"The council voted on Monday to close the library.\n")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "reader", "analyze", *flag, os.fsdecode(path)],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == EXIT_OK, result.stderr.decode(errors="replace")[-300:]
