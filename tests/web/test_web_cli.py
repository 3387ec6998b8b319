"""The command line with web inputs and exports: exit codes and one line per problem."""

from __future__ import annotations

import json
import shutil

from conftest import FEEDS, PAGES
from reader.cli import main


def run(args, capsys):
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_mixed_inputs_in_one_go(web, tmp_path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text(
        "The council met on Monday to discuss the five bus routes.\n", encoding="utf-8"
    )
    folder = tmp_path / "saved"
    folder.mkdir()
    shutil.copy(PAGES / "herald_parking.html", folder / "herald.html")
    args = [
        "analyze",
        "--json",
        str(PAGES / "courier_parking.html"),
        str(FEEDS / "courier_local.rss"),
        str(notes),
        str(folder),
        web.url("/pages/dailywire_parking.html"),
        web.url("/missing/page"),
    ]
    code, out, err = run(args, capsys)
    assert code == 0
    assert err.splitlines() == [f"reader: skipped {web.url('/missing/page')}: HTTP 404 Not Found"]
    data = json.loads(out)
    ids = [s["id"] for s in data["sources"]]
    assert ids == sorted(
        ids, key=lambda i: next(s["path"] for s in data["sources"] if s["id"] == i)
    )
    assert set(ids) == {
        "courier_parking",
        "market-street-roadworks-4388",
        "parking-charges-rise-buses-4417",
        "notes",
        "herald",
        "dailywire_parking",
    }
    assert data["problems"] == [{"path": web.url("/missing/page"), "reason": "HTTP 404 Not Found"}]


def test_every_url_failing_exits_2(web, capsys):
    code, out, err = run(
        ["analyze", "--timeout", "0.5", web.url("/slow"), web.url("/png"), "ftp://127.0.0.1/x"],
        capsys,
    )
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        f"reader: skipped {web.url('/slow')}: timed out after 0.5 s",
        f"reader: skipped {web.url('/png')}: not a web page or feed (image/png)",
        "reader: skipped ftp://127.0.0.1/x: only http and https URLs are read, not ftp:",
        "reader: no readable articles",
    ]


def test_fetch_links_flag(web, capsys):
    feed = web.url("/feeds/valley_news.atom")
    code, out, err = run(["analyze", "--json", "--fetch-links", feed], capsys)
    assert code == 0
    assert err.splitlines() == [
        f"reader: skipped {web.url('/missing/spring-fair')}: HTTP 404 Not Found; "
        "kept the feed's summary"
    ]
    sources = {s["id"]: s for s in json.loads(out)["sources"]}
    assert "around 3,000 passengers a week" in sources["valleyradio_parking"]["text"]


def test_export_writes_and_shows_the_path(tmp_path, capsys):
    target = tmp_path / "story.html"
    code, out, err = run(["export", "-o", str(target), str(PAGES)], capsys)
    assert (code, err) == (0, "")
    assert out == f"Wrote html report: {target}\n"
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    code, out, err = run(["export", "--format", "md", "-o", str(target), str(PAGES)], capsys)
    assert code == 1
    assert err == f"reader: {target} already exists; add --force to overwrite it\n"
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    code, out, _ = run(
        ["export", "--format", "md", "--force", "-o", str(target), str(PAGES)], capsys
    )
    assert code == 0
    assert target.read_text(encoding="utf-8").startswith("# ")


def test_export_to_stdout_and_with_nothing_to_report(tmp_path, capsys):
    code, out, _ = run(["export", "--format", "json", "-o", "-", str(PAGES)], capsys)
    assert code == 0
    assert json.loads(out)["report_version"] == 1
    empty = tmp_path / "empty.html"
    empty.write_text("", encoding="utf-8")
    target = tmp_path / "r.md"
    code, out, err = run(["export", "-o", str(target), str(empty)], capsys)
    assert code == 2
    assert not target.exists()
    assert err.splitlines() == [
        f"reader: skipped {empty}: empty file",
        "reader: no readable articles",
    ]


def test_export_into_a_missing_directory(tmp_path, capsys):
    target = tmp_path / "nowhere" / "r.md"
    code, _, err = run(["export", "-o", str(target), str(PAGES)], capsys)
    assert code == 1
    assert err == f"reader: no such directory: {target.parent}\n"
