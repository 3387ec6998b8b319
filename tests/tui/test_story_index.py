"""Navigation lookups over a hand-built analysis."""

from __future__ import annotations

from reader.model import Analysis
from reader.tui.story_index import Place, StoryIndex


def test_counts_title_and_headlines(story: Analysis) -> None:
    index = StoryIndex(story)
    assert (index.claim_count, index.discrepancy_count) == (4, 2)
    assert index.title == "Council votes to close four library branches"
    post = story.sources[2]
    assert (
        index.headline(post) == "Four branch libraries will close after a council vote on Tuesday."
    )
    assert [index.shared_count(s) for s in story.sources] == [4, 4, 2]
    assert [index.has_discrepancy(s) for s in story.sources] == [False, True, False]


def test_title_without_stories_is_the_most_shared_title(story: Analysis) -> None:
    bare = Analysis(sources=story.sources, claims=story.claims)
    assert StoryIndex(bare).title == "Council votes to close four library branches"
    assert StoryIndex(Analysis(sources=(), claims=())).title == "No articles"


def test_share_counts_and_other_members(story: Analysis) -> None:
    index = StoryIndex(story)
    assert index.share_count("ledger:1") == 3
    assert index.share_count("ledger:5") == 0
    assert index.others("wire:3") == ["ledger:4", "post:2"]
    assert index.others("ledger:5") == []
    assert [d.sentence for d in index.discrepancies("wire:3")] == ["wire:3"]


def test_stops_merge_identical_spans_and_sort_wider_first(story: Analysis) -> None:
    index = StoryIndex(story)
    ledger = story.sources[0]
    surfaces = [ledger.text[s.start : s.end] for s in index.stops(ledger)]
    assert surfaces[:2] == [
        "The city council voted on Tuesday to close four library branches.",
        "four",
    ]
    about = surfaces.index("About 60%")
    assert surfaces[about - 1].startswith("About 60% of residents")


def test_next_stop_skips_the_sentence_the_cursor_already_covers(story: Analysis) -> None:
    index = StoryIndex(story)
    ledger = story.sources[0]
    stop = index.next_stop(ledger, 0, None)
    assert stop is not None and ledger.text[stop.start : stop.end] == "four"
    assert index.next_stop(ledger, 0, None, forward=False) is None
    last = index.stops(ledger)[-1]
    assert index.next_stop(ledger, 3, last) is None


def test_next_discrepancy_wraps_in_story_order(story: Analysis) -> None:
    index = StoryIndex(story)
    assert index.next_discrepancy(Place(0, 0)) == Place(1, 1)
    assert index.next_discrepancy(Place(1, 1)) == Place(1, 2)
    assert index.next_discrepancy(Place(2, 0)) == Place(1, 1)
    assert index.next_discrepancy(Place(1, 1), forward=False) == Place(1, 2)
    assert StoryIndex(Analysis(story.sources, ())).next_discrepancy(Place(0, 0)) is None


def test_search_is_literal_and_case_insensitive(story: Analysis) -> None:
    index = StoryIndex(story)
    matches = index.search("COUNCIL")
    assert {m.source for m in matches} == {0, 1, 2}
    for match in matches:
        text = story.sources[match.source].text
        assert text[match.start : match.end].lower() == "council"
    assert index.search("[a-z]+") == []
    assert index.search("   ") == []
    assert len(index.search("e", limit=5)) == 5


def test_sentence_at_and_quote_at(story: Analysis) -> None:
    index = StoryIndex(story)
    ledger = story.sources[0]
    third = ledger.sentences[2]
    assert index.sentence_at(ledger, third.start + 5) == 2
    assert index.sentence_at(ledger, 0) == 0
    quote = index.quote_at(ledger, third.start, third.end)
    assert quote is not None and quote.speaker == "Ana Ruiz"
    assert index.place_of("wire:3") == Place(1, 2)
