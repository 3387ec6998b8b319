"""Reports: content, escaping, and atomic writes that never overwrite unless forced."""

from __future__ import annotations

import json
import os
import re

import pytest

from conftest import PAGES
from reader.analysis import analyze
from reader.export import (
    ExportError,
    ReportExists,
    build_report,
    format_for,
    md_escape,
    render,
    suggested_filename,
    write_report,
)

HOSTILE = (
    '---\ntitle: Council <script>alert(1)</script> row\noutlet: The "Quoted" & <b>Post</b>\n'
    "---\n\nThe council said 85% of residents agreed with the plan on Monday.\n\n"
    'Mayor Jo Bloggs said: "We will not bow to <img src=x onerror=alert(1)> pressure."\n'
)


@pytest.fixture(scope="module")
def story():
    return analyze([str(PAGES)])


@pytest.fixture
def hostile(tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(
        "The council said 85% of residents agreed with the plan on Monday.\n\n"
        'Mayor Jo Bloggs said: "We will not bow to pressure."\n',
        encoding="utf-8",
    )
    return analyze([path, other])


def test_report_lists_sources_statements_discrepancies_and_quotes(story):
    report = build_report(story)
    (entry,) = report["stories"]
    assert entry["title"] == story.stories[0].title
    assert [s["id"] for s in entry["sources"]] == [s.id for s in story.sources]
    assert entry["sources"][0]["outlet"] == "The Northfield Courier"
    assert len(entry["statements"]) == len(story.claims)
    for statement in entry["statements"]:
        claim = next(c for c in story.claims if c.id == statement["claim"])
        assert [m["sentence"] for m in statement["made_by"]] == list(claim.sentences)
        for member in statement["made_by"]:
            source, sentence = story.sentence(member["sentence"])
            assert member["text"] == source.text[sentence.start : sentence.end]
    flagged = [(d.sentence, d.kind) for c in story.claims for d in c.discrepancies]
    assert [(d["sentence"], d["kind"]) for d in entry["discrepancies"]] == flagged
    # The same quote in two outlets is one entry naming both.
    speakers = {group["speaker"]: group["quotes"] for group in entry["quotes_by_speaker"]}
    pike = speakers["Graham Pike"]
    assert any(len(quote["sources"]) >= 2 for quote in pike)


def test_json_report_is_the_report_data(story):
    data = json.loads(render(story, "json"))
    assert data == json.loads(json.dumps(build_report(story)))
    assert data["report_version"] == 1


def test_markdown_report(story):
    text = render(story, "md")
    assert text.startswith("# Northfield parking charges to rise 12% to save rural buses\n")
    for heading in (
        "## Sources",
        "## Statements made by more than one source",
        "## Discrepancies",
        "## Quotes by speaker",
    ):
        assert f"\n{heading}\n" in text
    assert "| 1 | The Northfield Courier |" in text


def test_html_report_escapes_article_text(hostile):
    page = render(hostile, "html")
    assert "<script" not in page
    assert "<img" not in page
    assert "<b>Post</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "The &quot;Quoted&quot; &amp; &lt;b&gt;Post&lt;/b&gt;" in page
    assert page.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in page


def test_markdown_report_escapes_markup(hostile):
    text = render(hostile, "md")
    body = re.sub(r"(?m)^\s*> ", "", text)  # Markdown's own blockquote marks aside
    assert re.search(r"(?<!\\)[<>]", body) is None  # every angle bracket is escaped
    assert r"\<script\>" in text and r"\<img src=x" in text
    assert md_escape("a|b *c* [d](e) `f` <g>\nh") == r"a\|b \*c\* \[d\](e) \`f\` \<g\> h"


def test_write_refuses_to_overwrite_without_force(story, tmp_path):
    target = tmp_path / "story.md"
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(ReportExists, match="already exists"):
        write_report(story, target)
    assert target.read_text(encoding="utf-8") == "keep me"
    assert sorted(os.listdir(tmp_path)) == ["story.md"]
    written = write_report(story, target, force=True)
    assert written == target
    assert target.read_text(encoding="utf-8").startswith("# Northfield parking")


def test_write_is_atomic_and_leaves_no_temporary_file(story, tmp_path, monkeypatch):
    target = tmp_path / "story.html"
    target.write_text("old report", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ExportError, match=r"cannot write .*story.html: no space left on device"):
        write_report(story, target, force=True)
    assert target.read_text(encoding="utf-8") == "old report"
    assert sorted(os.listdir(tmp_path)) == ["story.html"]


def test_write_new_file_format_from_suffix_and_mode(story, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    written = write_report(story, "story.json")
    assert written == tmp_path / "story.json"
    assert written.is_absolute()
    assert json.loads(written.read_text(encoding="utf-8"))["report_version"] == 1
    umask = os.umask(0o022)
    os.umask(umask)
    assert written.stat().st_mode & 0o777 == 0o666 & ~umask
    assert sorted(os.listdir(tmp_path)) == ["story.json"]


def test_write_failures_are_one_line(story, tmp_path):
    with pytest.raises(ExportError, match="no such directory"):
        write_report(story, tmp_path / "missing" / "r.md")
    with pytest.raises(ExportError, match="is a directory"):
        write_report(story, tmp_path)
    with pytest.raises(ExportError, match="unknown report format"):
        write_report(story, tmp_path / "r.txt", "pdf")  # type: ignore[arg-type]


def test_one_story_by_id(story):
    assert build_report(story, "story-1")["stories"][0]["id"] == "story-1"
    with pytest.raises(ExportError, match="no story with id"):
        build_report(story, "story-9")


def test_format_and_file_name_helpers(story):
    assert [format_for(n) for n in ("a.md", "a.JSON", "a.htm", "a.txt")] == [
        "md",
        "json",
        "html",
        None,
    ]
    assert suggested_filename(story, "html") == (
        "northfield-parking-charges-to-rise-12-to-save-rural-buses.html"
    )
