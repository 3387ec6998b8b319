"""Loading: encodings, bad files, directories, bundled seeds."""

from __future__ import annotations

import codecs
import os

import pytest

from reader.loading import decode, expand_paths, load, read_document, seeds_dir
from reader.model import LoadProblem


def test_bundled_seeds_are_found():
    documents, problems = load(None)
    assert problems == []
    assert len(documents) == 5
    assert seeds_dir().is_dir()


@pytest.mark.parametrize(
    ("data", "expected", "encoding"),
    [
        ("Café “quoted”".encode(), "Café “quoted”", "utf-8"),
        (codecs.BOM_UTF8 + "Café".encode(), "Café", "utf-8-sig"),
        (codecs.BOM_UTF16_LE + "Café".encode("utf-16-le"), "Café", "utf-16"),
        ("Café “quoted” – 85%".encode("cp1252"), "Café “quoted” – 85%", "cp1252"),
        (b"caf\xe9 \x81", "caf\xe9 \x81", "latin-1"),
    ],
)
def test_decode(data, expected, encoding):
    assert decode(data) == (expected, encoding)


def test_binary_is_rejected():
    assert decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR") == "binary file, not text"


def test_bad_files_give_one_line_reasons(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("The council met on Monday.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n\n ", encoding="utf-8")
    # Nothing that would show: zero-width space, joiners, BOM, word joiner, a lone escape.
    (tmp_path / "invisible.txt").write_text("\u200b\u200c\u200d\ufeff\u2060\x1b \n", "utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    missing = tmp_path / "missing.txt"
    documents, problems = load([tmp_path, missing])
    assert [os.path.basename(d.path) for d in documents] == ["good.txt"]
    reasons = {os.path.basename(p.path): p.reason for p in problems}
    assert reasons == {
        "binary.txt": "binary file, not text",
        "empty.txt": "empty file",
        "invisible.txt": "empty file",
        "missing.txt": "no such file or directory",
    }
    assert all("\n" not in p.reason for p in problems)


def test_unreadable_file(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can read files without permission bits")
    path = tmp_path / "secret.txt"
    path.write_text("text", encoding="utf-8")
    path.chmod(0)
    assert read_document(str(path)) == LoadProblem(str(path), "permission denied")


def test_vanished_file(tmp_path):
    assert read_document(str(tmp_path / "gone.txt")) == LoadProblem(
        str(tmp_path / "gone.txt"), "vanished before it could be read"
    )


def test_directory_walk_is_sorted_and_skips_hidden_and_other_suffixes(tmp_path):
    (tmp_path / "b.txt").write_text("b", encoding="utf-8")
    (tmp_path / "a.md").write_text("a", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.txt").write_text("h", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.txt").write_text("c", encoding="utf-8")
    files, problems = expand_paths([tmp_path])
    assert [os.path.relpath(f, tmp_path) for f in files] == ["a.md", "b.txt", "sub/c.txt"]
    assert problems == []


def test_symlink_loop_does_not_hang(tmp_path):
    (tmp_path / "a.txt").write_text("Story text.", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "loop")
    files, _ = expand_paths([tmp_path])
    assert [os.path.basename(f) for f in files] == ["a.txt"]


def test_fifo_is_not_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = read_document(str(fifo))
    assert isinstance(result, LoadProblem)
