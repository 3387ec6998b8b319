"""The user's key remapping file."""

from __future__ import annotations

from pathlib import Path

from reader.tui.keymap import keymap_path, load_keymap

KNOWN = frozenset({"next_article", "reading.down", "quit"})


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "keys.toml"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_missing_file_means_default_keys(tmp_path):
    assert load_keymap(tmp_path / "absent.toml").keys == {}
    assert load_keymap(tmp_path / "absent.toml").problems == ()


def test_ids_map_to_keys(tmp_path):
    path = write(tmp_path, 'next_article = "ctrl+n"\nreading.down = "j, down ,ctrl+e"\n')
    keymap = load_keymap(path).checked(KNOWN)
    assert keymap.keys == {"next_article": "ctrl+n", "reading.down": "j,down,ctrl+e"}
    assert keymap.problems == ()


def test_bad_entries_are_reported_and_the_rest_applies(tmp_path):
    text = 'quit = "ctrl+q"\nnext_article = 3\nnope = "x"\n"reading.down" = "[bold]"\n'
    path = write(tmp_path, text)
    keymap = load_keymap(path).checked(KNOWN)
    assert keymap.keys == {"quit": "ctrl+q"}
    assert len(keymap.problems) == 3
    assert any("no binding has the id nope" in line for line in keymap.problems)
    assert all("\n" not in line for line in keymap.problems)


def test_unparsable_or_binary_file_gives_one_line_and_default_keys(tmp_path):
    for content in ('next_article = "ctrl+n', b"\xff\xfe\x00binary"):
        keymap = load_keymap(write(tmp_path, content)).checked(KNOWN)
        assert keymap.keys == {}
        (problem,) = keymap.problems
        assert "default keys used" in problem and "\n" not in problem


def test_huge_file_is_ignored(tmp_path):
    keymap = load_keymap(write(tmp_path, "# " + "x" * 70_000 + "\n")).checked(KNOWN)
    assert keymap.keys == {} and "larger than" in keymap.problems[0]


def test_path_follows_the_config_directory(monkeypatch, tmp_path):
    monkeypatch.setenv("READER_CONFIG_DIR", str(tmp_path / "conf"))
    assert keymap_path() == tmp_path / "conf" / "keys.toml"
    monkeypatch.delenv("READER_CONFIG_DIR")
    assert keymap_path().parent.name == "reader"
    assert str(keymap_path()).startswith(str(tmp_path))  # the isolated XDG config home


async def test_remapped_keys_work_show_in_help_and_bad_ids_are_reported(
    isolated_home: Path, tmp_path: Path
) -> None:
    from tui_helpers import active, make_app
    from tui_story import library_story

    from reader.tui.screens.help import HelpScreen

    config = tmp_path / "xdg_config_home" / "reader"
    config.mkdir(parents=True)
    (config / "keys.toml").write_text('next_article = "ctrl+n"\nno_such_binding = "x"\n')
    app = make_app(library_story())
    notes: list[str] = []
    app.notify = lambda message, **_: notes.append(str(message))  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        first, _ = active(app)
        await pilot.press("J")  # the default key no longer opens the next article
        await pilot.pause()
        assert active(app)[0] == first
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert active(app)[0] != first
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("#help-text").render())
        (line,) = [line for line in help_text.splitlines() if line.endswith(" next_article")]
        assert line.split()[0] in ("^n", "ctrl+n")  # the remapped key, not J
    assert any("no_such_binding" in note for note in notes)
