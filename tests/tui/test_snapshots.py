"""Screenshots of the main screen, a jump, the matrix and help at two sizes; export and stories.

Run ``pytest tests/tui/test_snapshots.py --snapshot-update`` after a deliberate
visual change, and look at the report before accepting it.
"""

from __future__ import annotations

import pytest
from tui_helpers import make_app
from tui_story import two_stories

from reader.model import Analysis

SIZES = [(120, 40), (80, 24)]


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
@pytest.mark.parametrize(
    "press",
    [
        pytest.param([], id="main"),
        pytest.param(["j", "j", "j", "o"], id="jump"),
        pytest.param(["m"], id="matrix"),
        pytest.param(["question_mark"], id="help"),
    ],
)
def test_screens(snap_compare, story: Analysis, press: list[str], size: tuple[int, int]) -> None:
    assert snap_compare(make_app(story), press=press, terminal_size=size)


def test_export_dialog(snap_compare, story: Analysis, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir("/")  # the dialog names the working directory
    assert snap_compare(make_app(story), press=["e"], terminal_size=(120, 40))


def test_story_list(snap_compare) -> None:  # type: ignore[no-untyped-def]
    press = ["shift+tab", "shift+tab", "j"]  # the story list, then the second story
    assert snap_compare(make_app(two_stories()), press=press, terminal_size=(120, 40))
