"""The command line: exit codes, messages, JSON contract shape."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from tests.conftest import SEEDS

from reader.cli import main


def run_cli(args, capsys):
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_analyze_seeds_summary(capsys):
    code, out, err = run_cli(["analyze"], capsys)
    assert code == 0
    assert err == ""
    assert out.splitlines()[1].startswith("5 sources, ")
    assert "[1] 000_0342ff303936f3aa" in out


def test_analyze_json_contract(capsys):
    code, out, _ = run_cli(["analyze", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["version"] == 1
    assert len(data["sources"]) == 5
    required_source = {
        "id",
        "path",
        "title",
        "outlet",
        "byline",
        "date",
        "text",
        "sentences",
        "figures",
        "quotes",
    }
    ids = set()
    for source in data["sources"]:
        assert required_source <= source.keys()
        text = source["text"]
        for sentence in source["sentences"]:
            assert {"id", "start", "end"} <= sentence.keys()
            ids.add(sentence["id"])
        for figure in source["figures"]:
            assert text[figure["start"] : figure["end"]] == figure["text"]
            assert {"kind", "value", "unit"} <= figure.keys()
        for quote in source["quotes"]:
            assert text[quote["start"] : quote["end"]] == quote["text"]
            assert "speaker" in quote
    assert len(ids) == sum(len(s["sentences"]) for s in data["sources"])
    for claim in data["claims"]:
        assert claim["kind"] in ("quote", "statement")
        assert set(claim["sentences"]) <= ids
        assert len({sid.rsplit(":", 1)[0] for sid in claim["sentences"]}) >= 2
        for d in claim["discrepancies"]:
            assert d["sentence"] in claim["sentences"]
            assert d["kind"] in ("figure", "wording")
            assert d["detail"]


def test_json_is_byte_identical_and_independent_of_path_order(tmp_path, capsys):
    paths = sorted(str(p) for p in SEEDS.glob("*.txt"))
    _, first, _ = run_cli(["analyze", "--json", *paths], capsys)
    _, again, _ = run_cli(["analyze", "--json", *paths], capsys)
    _, reversed_order, _ = run_cli(["analyze", "--json", *reversed(paths)], capsys)
    assert first == again == reversed_order


def test_bad_files_are_reported_and_the_rest_loads(tmp_path, capsys):
    shutil.copy(next(SEEDS.glob("001*.txt")), tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\xff" * 64)
    code, out, err = run_cli(["analyze", str(tmp_path), str(tmp_path / "nope.txt")], capsys)
    assert code == 0
    lines = err.strip().splitlines()
    assert len(lines) == 3
    assert any("binary.txt: binary file, not text" in line for line in lines)
    assert any("empty.txt: empty file" in line for line in lines)
    assert any("nope.txt: no such file or directory" in line for line in lines)
    assert "1 sources" in out


def test_no_readable_source_exits_2(tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("\n", encoding="utf-8")
    code, out, err = run_cli(["analyze", str(tmp_path / "empty.txt")], capsys)
    assert code == 2
    assert out == ""
    assert err.strip().splitlines() == [
        f"reader: skipped {tmp_path / 'empty.txt'}: empty file",
        "reader: no readable articles",
    ]


def test_console_script_runs_as_module():
    result = subprocess.run(
        [sys.executable, "-m", "reader", "analyze", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["version"] == 1


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version(flag, capsys):
    with pytest.raises(SystemExit) as exc:
        main([flag])
    assert exc.value.code == 0
    assert "reader" in capsys.readouterr().out


def test_tui_takes_the_engine_options(monkeypatch):
    import reader.tui.app

    calls = []

    def fake_run(paths, **options):
        calls.append((paths, options))
        return 0

    monkeypatch.setattr(reader.tui.app, "run", fake_run)
    assert main(["--no-cache", "--jobs", "3", "a.txt", "b.txt"]) == 0
    assert main([]) == 0
    assert calls == [
        (["a.txt", "b.txt"], {"cache": False, "jobs": 3}),
        (None, {"cache": True, "jobs": None}),
    ]


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_tui_rejects_a_bad_jobs_count(jobs, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--jobs", jobs])
    assert exc.value.code == 2
    assert "--jobs" in capsys.readouterr().err


def test_tui_help_names_the_engine_options(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "--no-cache" in out and "--jobs N" in out
