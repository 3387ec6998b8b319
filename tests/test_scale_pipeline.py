"""The pipeline at scale: workers give the same result, progress and cancellation work, and the
linker's work grows with the number of sentences, not with the number of pairs."""

from __future__ import annotations

import random
import threading

import pytest
from tests.test_stories import ARTICLES, document, documents

from reader import contract, linking, pipeline
from reader.analysis import build_source
from reader.pipeline import Cancelled, analyze, analyze_documents

_PARAGRAPHS = [
    "Rail workers at Northline will strike for 48 hours from Monday, the RMT union said.",
    "The walkout follows a dispute over a 3% pay offer and plans to close 40 ticket offices.",
    'Union leader Dan Hart said: "Our members have been left with no choice."',
    "Northline said it was disappointed and urged the union to return to talks.",
    "About 1,200 staff are expected to take part, affecting services across the region.",
    "Passengers have been advised to check before they travel.",
    "A spokesperson for the operator said a reduced timetable would run on both days.",
    "It is the third strike at the company this year.",
]


def syndicated(copies: int, seed: int = 0) -> list:  # type: ignore[type-arg]
    """One wire story reprinted by ``copies`` outlets, each lightly edited."""
    rng = random.Random(seed)
    out = []
    for n in range(copies):
        lines = list(_PARAGRAPHS)
        i = rng.randrange(1, len(lines) - 1)
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
        if n % 3 == 1:
            lines = [line.replace("said", "says") for line in lines]
        out.append(document(f"outlet{n:03d}/strike.txt", "\n\n".join(lines)))
    return out


def json_of(analysis) -> str:  # type: ignore[no-untyped-def]
    return contract.dumps(analysis)


@pytest.fixture
def eager_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use worker processes for any amount of work."""
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_DOCUMENTS", 1)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_SENTENCES", 1)


@pytest.mark.timeout(180)
def test_worker_processes_give_the_same_bytes(eager_workers: None) -> None:
    inputs = documents() + syndicated(4)
    in_process = analyze_documents(inputs, jobs=1)
    stats: dict[str, int] = {}
    with_workers = analyze_documents(inputs, jobs=2, stats=stats)
    assert stats["sources_built"] == len(inputs) and stats["stories_linked"] >= 3
    assert json_of(with_workers) == json_of(in_process)


def test_without_usable_worker_processes_the_work_is_done_here(
    eager_workers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(self):  # type: ignore[no-untyped-def]
        raise OSError("cannot start processes here")

    monkeypatch.setattr(pipeline._Run, "pool", no_pool)
    inputs = documents() + syndicated(3)
    assert json_of(analyze_documents(inputs, jobs=2)) == json_of(analyze_documents(inputs, jobs=1))


def test_claim_ids_run_across_stories_in_story_order() -> None:
    analysis = analyze_documents(documents() + syndicated(3))
    assert [c.id for c in analysis.claims] == [f"c{n}" for n in range(1, len(analysis.claims) + 1)]
    story_rank = {sid: n for n, story in enumerate(analysis.stories) for sid in story.sources}
    ranks = [story_rank[analysis.sentence(c.sentences[0])[0].id] for c in analysis.claims]
    assert ranks == sorted(ranks)


def test_phases_and_progress_are_reported_in_order() -> None:
    phases: list[str] = []
    ticks: list[tuple[str, int, int]] = []
    analysis = analyze(
        None,
        phase=phases.append,
        progress=lambda done, total: ticks.append((phases[-1], done, total)),
    )
    assert phases == list(pipeline.PHASES)
    assert analysis.claims
    for name in ("reading", "linking"):
        seen = [(d, t) for p, d, t in ticks if p == name]
        assert seen and seen[-1][0] == seen[-1][1] > 0
        assert all(0 <= d <= t for d, t in seen)
        assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_sources_are_handed_over_before_linking() -> None:
    handed = []
    phases: list[str] = []

    def on_sources(preview) -> None:  # type: ignore[no-untyped-def]
        handed.append((list(phases), preview))

    result = analyze_documents(documents(), phase=phases.append, on_sources=on_sources)
    ((seen_phases, preview),) = handed
    assert "linking" not in seen_phases
    assert preview.claims == () and preview.sources == result.sources
    assert preview.stories == result.stories


def test_cancel_event_stops_the_run() -> None:
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        cancel.set()

    with pytest.raises(Cancelled):
        analyze_documents(documents(), progress=progress, cancel=cancel)


def test_cancel_callable_stops_a_run_with_workers(eager_workers: None) -> None:
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(Cancelled):
        analyze_documents(documents() + syndicated(6), jobs=2, cancel=cancelled)


def test_an_exception_from_a_callback_propagates(eager_workers: None) -> None:
    class Stop(Exception):
        pass

    def progress(done: int, total: int) -> None:
        if done:
            raise Stop

    with pytest.raises(Stop):
        analyze_documents(documents(), jobs=2, progress=progress)


def _units(copies: int) -> list:  # type: ignore[type-arg]
    sources = [build_source(doc, f"s{n}") for n, doc in enumerate(syndicated(copies))]
    return linking.build_units(sources)


def test_candidate_pairs_grow_linearly_with_sentences() -> None:
    # One wire story reprinted by 12 and by 36 outlets: every cross-source pair shares words,
    # so all pairs grow nine-fold; candidates stay within a fixed number per sentence.
    for copies in (12, 36):
        units = _units(copies)
        pairs = linking.candidate_pairs(units)
        every = sum(
            1
            for i in range(len(units))
            for j in range(i)
            if units[i].source_index != units[j].source_index
        )
        assert len(pairs) <= linking.CANDIDATES_PER_UNIT * len(units) < every
        assert all(units[i].source_index != units[j].source_index for i, j in pairs)


def test_linking_a_big_story_scores_few_pairs_beyond_the_candidates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[linking._Scores] = []

    class Recording(linking._Scores):
        def __init__(self, units) -> None:  # type: ignore[no-untyped-def]
            super().__init__(units)
            made.append(self)

    monkeypatch.setattr(linking, "_Scores", Recording)
    sources = [build_source(doc, f"s{n}") for n, doc in enumerate(syndicated(30))]
    claims = linking.link(sources)
    units = linking.build_units(sources)
    candidates = len(linking.candidate_pairs(units))
    assert claims and max(len(c.sentences) for c in claims) >= 20
    assert len(made[0].cache) <= 2 * candidates


def test_articles_of_many_stories_only_link_within_their_story() -> None:
    inputs = documents() + syndicated(5)
    analysis = analyze_documents(inputs)
    story_of = {sid: story.id for story in analysis.stories for sid in story.sources}
    assert len(analysis.stories) == 4
    for claim in analysis.claims:
        assert len({story_of[analysis.sentence(s)[0].id] for s in claim.sentences}) == 1
    assert len(ARTICLES) + 5 == len(analysis.sources)
