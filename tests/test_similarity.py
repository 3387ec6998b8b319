"""Tests of the sentence matcher (reader.similarity)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader import matcher_params, similarity
from reader.similarity import LINK_THRESHOLD, STRICT_THRESHOLD, prepare, score

REPO = Path(__file__).resolve().parents[1]
MRPC = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "mrpc"

# Invented news sentences: (sentence, sentence) pairs that make the same statement.
PARAPHRASES = [
    (
        "Nurses at the county hospital have voted to strike over pay.",
        "Nurses at the county hospital have voted for industrial action over pay.",
    ),
    (
        "The council has gone back on a deal to keep the library open.",
        "The council reversed an agreement to keep the library open.",
    ),
    (
        "Union leaders accused the rail operator of backtracking on an existing deal on rest days.",
        "Union leaders said the rail operator had gone back on an existing agreement on rest days.",
    ),
    (
        "Bus drivers in Leeds will stage a walkout next week, the union said.",
        "Bus drivers in Leeds will go on strike next week, the union said.",
    ),
    (
        "About 300 employees at the car plant backed the action in a ballot.",
        "About 300 workers at the car plant supported the action in a ballot.",
    ),
    (
        "The airline said it would cut 1,200 jobs by the end of the year.",
        "The airline said it will cut 1,200 jobs by the end of this year.",
    ),
    (
        "Firefighters rescued two children from the burning house on Tuesday night.",
        "On Tuesday night firefighters rescued two children from the burning house.",
    ),
    (
        "The mayor told reporters the bridge would reopen in the spring.",
        "The mayor told reporters that the bridge would re-open in spring.",
    ),
]

# Reworded more freely: other words, other order, a clause more or less.
REWORDED = [
    (
        "Managers have gone back on a deal that let staff work from home two days a week, "
        "the union said.",
        "The union accused managers of reversing an agreement allowing staff to work from home "
        "two days a week.",
    ),
    (
        "Train drivers at the operator voted overwhelmingly for a walkout in a dispute over "
        "rest days.",
        "Train drivers at the operator have backed strike action in a row over rest days.",
    ),
    (
        "The hospital trust said it was disappointed by the decision but had contingency plans "
        "in place.",
        "The trust said it was disappointed with the union's decision and had contingency plans "
        "ready.",
    ),
    (
        "Council employees who process benefit claims will be required to spend three days a "
        "week in the office.",
        "Staff processing benefit claims at the council must now work from the office three days "
        "each week.",
    ),
    (
        "The company has backtracked on its promise to freeze prices until the end of the year.",
        "The firm has gone back on a pledge to freeze prices until the end of the year.",
    ),
]

# Same story, shared topic words, different statements.
TOPIC_SHARING = [
    (
        "Nurses at the county hospital have voted to strike over pay.",
        "The county hospital said it has contingency plans in place for patients.",
    ),
    (
        "Nurses at the county hospital have voted to strike over pay.",
        "Nurses at the county hospital will be required to work longer shifts from January.",
    ),
    (
        "The council has gone back on a deal to keep the library open.",
        "The library has been open since 1902 and is run by the council.",
    ),
    (
        "Bus drivers in Leeds will stage a walkout next week, the union said.",
        "The union represents 4,000 bus drivers across Yorkshire.",
    ),
    (
        "About 300 employees at the car plant backed the action in a ballot.",
        "The car plant employs about 300 people and builds electric vans.",
    ),
    (
        "The airline said it would cut 1,200 jobs by the end of the year.",
        "The airline carried a record number of passengers last year.",
    ),
    (
        "Staff at the museum say working from home has made them more productive.",
        "Museum managers want staff to work in the office four days a week.",
    ),
]


def _score(a: str, b: str) -> float:
    return score(prepare(a), prepare(b))


@pytest.mark.parametrize(("a", "b"), PARAPHRASES)
def test_close_paraphrases_link_even_at_the_strict_threshold(a: str, b: str) -> None:
    assert _score(a, b) >= STRICT_THRESHOLD


@pytest.mark.parametrize(("a", "b"), REWORDED)
def test_reworded_statements_link(a: str, b: str) -> None:
    assert _score(a, b) >= LINK_THRESHOLD


@pytest.mark.parametrize(("a", "b"), TOPIC_SHARING)
def test_topic_sharing_sentences_do_not_link(a: str, b: str) -> None:
    assert _score(a, b) < LINK_THRESHOLD


def test_strict_threshold_is_not_looser_than_link_threshold() -> None:
    assert 0.0 < LINK_THRESHOLD <= STRICT_THRESHOLD < 1.0


def test_near_verbatim_copy_scores_high() -> None:
    a = "The minister said the new rules would come into force on 1 April."
    b = "The minister said that the new rules will come into force on April 1."
    assert _score(a, b) > 0.9
    assert _score(a, a) > 0.95


def test_masked_figures_do_not_count_against_a_link() -> None:
    a = "Some 85% of members backed strike action, the union said."
    b = "Some 62% of members backed strike action, the union said."
    masked_a = prepare(a, [(a.index("85%"), a.index("85%") + 3)])
    masked_b = prepare(b, [(b.index("62%"), b.index("62%") + 3)])
    assert score(masked_a, masked_b) > _score(a, b)
    assert score(masked_a, masked_b) >= STRICT_THRESHOLD
    assert "85" not in masked_a.numbers
    assert similarity.PLACEHOLDER in masked_a.bases


def test_masked_phrase_figure_matches_numeric_figure() -> None:
    a = "More than half of the 2,400 staff supported the walkout."
    b = "85% of the 2,400 staff supported the walkout."
    masked_a = prepare(a, [(0, len("More than half"))])
    masked_b = prepare(b, [(0, 3)])
    assert masked_a.bases[0] == masked_b.bases[0] == similarity.PLACEHOLDER
    assert score(masked_a, masked_b) >= STRICT_THRESHOLD


def test_different_figures_lower_the_score_when_not_masked() -> None:
    a = "Shares in the company rose 4 percent to 120 pence."
    b = "Shares in the company rose 9 percent to 135 pence."
    assert _score(a, b) < _score(a, a)


def test_terms_are_stemmed_content_words_with_synonyms_folded() -> None:
    walkout = prepare("Cleaners voted for a walkout.").terms
    action = prepare("The cleaners backed industrial action.").terms
    assert "the" not in action and "a" not in walkout
    assert "cleaner" in walkout and "cleaner" in action
    assert walkout & action >= {"cleaner", "=strike"}


def test_contractions_and_irregular_verbs_normalise() -> None:
    assert prepare("The firm didn't go.").bases == prepare("The firm did not go.").bases
    assert "go" in prepare("They went home").terms
    assert "go" in prepare("They have gone home").terms


def test_negation_lowers_the_score() -> None:
    a = "The government will raise the tax on fuel next year."
    b = "The government will not raise the tax on fuel next year."
    assert _score(a, b) < _score(a, a)


def test_opposite_words_lower_the_score() -> None:
    a = "Shares in the bank rose sharply after the results."
    b = "Shares in the bank fell sharply after the results."
    assert _score(a, b) < _score(a, "Shares in the bank climbed sharply after the results.")


def test_polarity_clash_flags_negation_and_opposites() -> None:
    clash = similarity.polarity_clash
    go = prepare("The strike will go ahead on Monday.")
    assert clash(go, prepare("The strike will not go ahead on Monday."))
    assert clash(prepare("Prices rose in May."), prepare("Prices fell in May."))
    assert not clash(go, prepare("The walkout will go ahead on Monday."))
    assert not clash(prepare("He did not comment."), prepare("He didn't comment."))


def test_contractions_without_apostrophes_expand() -> None:
    assert prepare("They dont agree.").bases == prepare("They don't agree.").bases


def test_empty_and_punctuation_only_sentences() -> None:
    empty, dots = prepare(""), prepare("...")
    assert empty.terms == frozenset()
    for a, b in [(empty, empty), (empty, dots), (empty, prepare("Hello world."))]:
        assert 0.0 <= score(a, b) <= 1.0


def test_masks_out_of_range_or_overlapping_are_tolerated() -> None:
    text = "Up to 40 people were hurt."
    prepared = prepare(text, [(6, 8), (5, 9), (20, 99), (30, 40), (3, 1)])
    assert prepared.bases.count(similarity.PLACEHOLDER) == 2
    assert "40" not in prepared.numbers


def test_shipped_parameters_match_feature_list() -> None:
    params = json.loads(matcher_params.PARAMS_PATH.read_text(encoding="utf-8"))
    assert params["features"] == list(similarity.FEATURES)
    assert len(params["weights"]) == len(similarity.FEATURES)
    assert params["threshold"] == LINK_THRESHOLD


TEXT = st.text(
    alphabet=st.characters(codec="utf-8") | st.sampled_from("'’. ,-%$0123456789Aa"),
    max_size=80,
)
MASKS = st.lists(st.tuples(st.integers(-5, 90), st.integers(-5, 90)), max_size=4)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, MASKS, MASKS)
def test_score_is_total_bounded_and_symmetric(a: str, b: str, ma: list, mb: list) -> None:
    pa, pb = prepare(a, ma), prepare(b, mb)
    forward, backward = score(pa, pb), score(pb, pa)
    assert 0.0 <= forward <= 1.0
    assert forward == backward
    assert score(pa, pa) == score(prepare(a, ma), pa)
    assert similarity.polarity_clash(pa, pb) == similarity.polarity_clash(pb, pa)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, MASKS, st.floats(0.0, 1.0))
def test_score_at_least_is_the_score_or_a_bound_below_the_floor(
    a: str, b: str, ma: list, floor: float
) -> None:
    pa, pb = prepare(a, ma), prepare(b)
    exact = score(pa, pb)
    value, scored = similarity.score_at_least(pa, pb, floor)
    if scored:
        assert value == exact
    else:
        assert exact <= value < floor


@pytest.mark.parametrize(("a", "b"), PARAPHRASES + TOPIC_SHARING)
def test_score_at_least_agrees_with_score_on_news_pairs(a: str, b: str) -> None:
    pa, pb = prepare(a), prepare(b)
    exact = score(pa, pb)
    for floor in (0.0, 0.2, LINK_THRESHOLD, STRICT_THRESHOLD, 1.0):
        value, scored = similarity.score_at_least(pa, pb, floor)
        assert (value == exact) if scored else (exact <= value < floor)
        if exact >= floor:
            assert scored


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_prepare_is_deterministic(text: str) -> None:
    assert prepare(text) == prepare(text)


def _mrpc_or_skip() -> tuple[Path, Path]:
    train, test = MRPC / "msr_paraphrase_train.txt", MRPC / "msr_paraphrase_test.txt"
    if not (train.exists() and test.exists()):
        pytest.skip(f"MRPC data not found under {MRPC} (../shared/data is absent)")
    sys.path.insert(0, str(REPO / "scripts"))
    return train, test


def test_mrpc_test_split_meets_targets() -> None:
    _, test_path = _mrpc_or_skip()
    from fit_matcher import load_pairs

    pairs = load_pairs(test_path)
    tp = fp = fn = correct = 0
    for label, a, b in pairs:
        predicted = _score(a, b) >= LINK_THRESHOLD
        correct += predicted == bool(label)
        tp += predicted and label == 1
        fp += predicted and label == 0
        fn += not predicted and label == 1
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert correct / len(pairs) >= 0.76
    assert f1 >= 0.83


def test_fit_script_reproduces_shipped_parameters() -> None:
    train_path, _ = _mrpc_or_skip()
    import fit_matcher

    shipped = json.loads(matcher_params.PARAMS_PATH.read_text(encoding="utf-8"))
    try:
        refitted = fit_matcher.fit(train_path)
    finally:
        matcher_params.set_document_frequencies(shipped["df"], shipped["documents"])
    assert refitted == shipped
