"""Batch bounds of matcher scores, and the linker steps that use them, against the exact code."""

from __future__ import annotations

import math
import operator
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader import batch_bounds, similarity
from reader.analysis import analyze
from reader.linking import (
    CANDIDATES_PER_UNIT,
    MAX_POSTING,
    _Scores,
    _share_specific_figure,
    build_units,
    candidate_pairs,
)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

# Words that exercise every feature: stopwords, synonyms (single words and phrases), stems
# sharing their first four letters ("elect"/"election"), names, numbers, negations,
# contractions and opposites.
WORD_TEXT = (
    "the a of to in and is was were has have will not no never it they said says "
    "council councils voted vote votes voting strike strikes striking union unions staff "
    "workers employees members ballot ballots election elected elect electric "
    "government governments minister ministers rose fell rise fall increase decrease "
    "bridge bridges closed close closing cracks engineers supports repair repairs "
    "police officers frontline bobbies beat pay wages salary salaries "
    "isn't don't won't can't it's they're we've "
    "85 2,400 4.5 three seven half per cent % $ million "
    "London Paris Met PCS Smith U.S. Monday "
    "more than about around before after because however although "
    "go ahead will go ahead called off on the beat "
)
WORDS = tuple(WORD_TEXT.split())


def exact_logit(a: similarity.Prepared, b: similarity.Prepared) -> float:
    values = similarity.features(a, b)
    return similarity._BIAS + sum(map(operator.mul, similarity._WEIGHTS, values))


sentence = st.lists(st.sampled_from(WORDS), min_size=0, max_size=30).map(" ".join)


@st.composite
def masked_sentence(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = draw(sentence)
    spans = []
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.integers(0, len(text)))
        spans.append((start, draw(st.integers(start, len(text)))))
    return text, spans


@settings(max_examples=150, deadline=None)
@given(
    st.lists(masked_sentence(), min_size=1, max_size=8),
    st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), min_size=1, max_size=30),
)
def test_batch_bound_is_never_below_the_exact_score(texts, pairs):
    forms = [similarity.prepare(text, masked) for text, masked in texts]
    # Also each text again, as a distinct object: reprinted sentences are scored too.
    forms += [similarity.prepare(text, masked) for text, masked in texts[:2]]
    a = np.array([i % len(forms) for i, _ in pairs] + [0], dtype=np.int64)
    b = np.array([j % len(forms) for _, j in pairs] + [0], dtype=np.int64)
    logits = batch_bounds.upper_logits(forms, a, b)
    bounds = batch_bounds.upper_bounds(forms, a, b)
    for k in range(len(a)):
        x, y = forms[a[k]], forms[b[k]]
        assert logits[k] + batch_bounds.MARGIN >= exact_logit(x, y) + 1e-9
        assert bounds[k] >= similarity.score(x, y)


def test_batch_bound_is_close_for_a_paraphrase_and_low_for_unrelated_sentences():
    forms = [
        similarity.prepare("The council voted to close the bridge after engineers found cracks."),
        similarity.prepare("Engineers found cracks, so the council voted to close the bridge."),
        similarity.prepare("Ministers said wages rose by three per cent in London on Monday."),
    ]
    a, b = np.array([0, 0]), np.array([1, 2])
    logits = batch_bounds.upper_logits(forms, a, b)
    assert logits[0] >= exact_logit(forms[0], forms[1])
    assert logits[1] < math.log(similarity.LINK_THRESHOLD / (1 - similarity.LINK_THRESHOLD))


def seed_units():
    return build_units(analyze([SEEDS]).sources)


@pytest.mark.parametrize("table_cells", [batch_bounds.DENSE_CELLS, 0])
def test_bound_pairs_leave_out_only_pairs_that_cannot_link(monkeypatch, table_cells):
    # 0: membership by sorted keys, as for a long story
    monkeypatch.setattr(batch_bounds, "DENSE_CELLS", table_cells)
    units = seed_units()
    pairs = sorted(candidate_pairs(units))
    floor = similarity.LINK_THRESHOLD
    bounded, full = _Scores(units), _Scores(units)
    hopeful = bounded.bound_pairs(pairs, floor)
    assert not all(hopeful)  # most pairs are left out
    for (i, j), may_link in zip(pairs, hopeful, strict=True):
        exact = full(i, j)
        value = bounded.at_least(i, j, floor) if may_link else None
        if exact >= floor:
            assert may_link and value == exact
        else:
            assert value is None


def reference_candidate_pairs(units) -> set[tuple[int, int]]:
    """The plain loop that linking.candidate_pairs computes in numpy."""
    postings: dict[str, list[int]] = defaultdict(list)
    for index, unit in enumerate(units):
        for term in unit.prepared.terms:
            postings[term].append(index)
    limit = min(max(MAX_POSTING, len({u.source_index for u in units}) * 4), 4 * MAX_POSTING)
    shared: list[dict[int, float]] = [{} for _ in units]
    for term in sorted(postings):
        posting = postings[term]
        if len(posting) > limit or len(posting) < 2:
            continue
        weight = units[posting[0]].prepared.weights[term]
        for i_pos, i in enumerate(posting):
            for j in posting[i_pos + 1 :]:
                if units[j].source_index != units[i].source_index:
                    shared[i][j] = shared[i].get(j, 0.0) + weight
    best: list[list[tuple[bool, float, int]]] = [[] for _ in units]
    for i, row in enumerate(shared):
        for j, weight in row.items():
            norm = (units[i].prepared.term_weight * units[j].prepared.term_weight) ** 0.5
            closeness = weight / norm if norm > 0 else 0.0
            plain = not (units[i].lede and units[j].lede) and not (
                units[i].figures
                and units[j].figures
                and _share_specific_figure(units[i].figures, units[j].figures)
            )
            best[i].append((plain, -closeness, j))
            best[j].append((plain, -closeness, i))
    pairs = set()
    for i, partners in enumerate(best):
        for _plain, _closeness, j in sorted(partners)[:CANDIDATES_PER_UNIT]:
            pairs.add((min(i, j), max(i, j)))
    return pairs


def test_candidate_pairs_match_the_plain_loop():
    units = seed_units()
    pairs = candidate_pairs(units)
    assert pairs == reference_candidate_pairs(units)
    assert pairs
