"""The linker on invented multi-outlet stories: links, non-links and discrepancies."""

from __future__ import annotations

from reader import similarity
from reader.analysis import analyze_documents
from reader.linking import (
    _CUE_WORD,
    _LEADING_ATTRIBUTION,
    _REPORTED,
    _TRAILING_ATTRIBUTION,
    _clauses,
    _partner_order,
    _Scores,
    _without_asides,
    build_units,
    candidate_pairs,
    quote_words,
    statement_core,
)
from reader.loading import Document
from reader.model import Analysis


def story(*texts: str) -> Analysis:
    documents = [
        Document(path=f"outlet{n}.txt", text=text, encoding="utf-8", content_hash=f"h{n}")
        for n, text in enumerate(texts)
    ]
    return Analysis(*analyze_documents(documents))


def claim_texts(analysis: Analysis) -> list[list[str]]:
    out = []
    for claim in analysis.claims:
        members = []
        for sid in claim.sentences:
            source, sentence = analysis.sentence(sid)
            members.append(source.text[sentence.start : sentence.end])
        out.append(members)
    return out


BRIDGE_A = "\n".join(
    [
        "The council has closed the Old Town bridge after engineers found cracks in two of its "
        "supports.",
        "Around 12,000 vehicles a day used the bridge, the council said.",
        'Council leader Maria Lopez said: "Safety has to come first. We will reopen it as soon as '
        'it is safe."',
        "Local shops say trade has fallen since the closure.",
    ]
)
BRIDGE_B = "\n".join(
    [
        "Engineers discovered cracks in two supports of the Old Town bridge, which the council "
        "has now shut.",
        "About 9,000 vehicles a day used the bridge, according to traffic figures.",
        '"Safety must come first," said council leader Maria Lopez. "We will reopen it as soon '
        'as it is safe."',
        "A diversion through the industrial estate adds 20 minutes to journeys.",
    ]
)


def sentence_text(analysis: Analysis, sentence_id: str) -> str:
    source, sentence = analysis.sentence(sentence_id)
    return source.text[sentence.start : sentence.end]


def test_paraphrased_statements_link_and_topic_sharing_ones_do_not():
    analysis = story(BRIDGE_A, BRIDGE_B)
    claims = claim_texts(analysis)
    joined = [" || ".join(members) for members in claims]
    assert any(
        "closed the Old Town bridge" in j and "Engineers discovered cracks" in j for j in joined
    )
    assert any("We will reopen it" in j for j in joined)
    assert not any("Local shops" in j for j in joined)
    assert not any("diversion" in j for j in joined)


def test_differing_figure_is_a_discrepancy_not_a_silent_link_or_miss():
    analysis = story(BRIDGE_A, BRIDGE_B)
    (claim,) = [
        c
        for c in analysis.claims
        if all("vehicles a day" in sentence_text(analysis, s) for s in c.sentences)
    ]
    kinds = {d.kind for d in claim.discrepancies}
    assert kinds == {"figure"}
    details = " ".join(d.detail for d in claim.discrepancies)
    assert "12,000" in details and "9,000" in details


def test_reworded_quote_is_flagged_with_the_changed_words():
    analysis = story(
        BRIDGE_A, BRIDGE_B, BRIDGE_A.replace("Safety has to come first", "Safety has to be first")
    )
    flagged = [d for c in analysis.claims for d in c.discrepancies if d.kind == "wording"]
    assert flagged, claim_texts(analysis)
    assert any("must" in d.detail for d in flagged)


def test_statement_core_drops_attribution():
    text = (
        "Union members claim managers have gone back on a deal that allowed them to work from home."
    )
    start, end = statement_core(text, None)
    assert text[start:end].startswith("managers have gone back on a deal")
    text = "Fares will rise by 5% in January, the transport secretary said."
    start, end = statement_core(text, None)
    assert text[start:end] == "Fares will rise by 5% in January"


def test_caseless_patterns_match_as_case_insensitive_ones():
    texts = [
        "The Union SAID That the plan would go ahead, the PCS Adds.",
        "Fares WILL rise, the transport secretary told MPs on Tuesday.",
        "The minister Was Quoted In the Times as saying: the deal is done.",
        # Lowered, İ grows; ı, ſ and K (Kelvin) match i, s and k only case-insensitively.
        "İstanbul officials ſaid the bridge will reopen, the mayor ınsisted.",
        "The KELVIN scale, he ſays, is absolute, the lab said.",
    ]
    for pattern in (_CUE_WORD, _LEADING_ATTRIBUTION, _TRAILING_ATTRIBUTION, _REPORTED):
        for text in texts:
            used, subject = pattern.on(text)
            spans = [m.span() for m in used.finditer(subject)]
            assert spans == [m.span() for m in pattern.caseless.finditer(text)]


def test_asides_end_where_the_main_clause_resumes():
    text = "Staff, including nurses, porters, cleaners, and kitchen workers, will strike on Monday."
    pieces = _without_asides(text, 0, len(text))
    assert "".join(text[s:e] for s, e in pieces) == "Staff will strike on Monday."


def test_clauses_split_only_before_a_new_subject():
    text = (
        "The union said it was the first strike in its history, and it showed the depth of anger."
    )
    assert [text[s:e] for s, e in _clauses(text, 0, len(text))] == [
        "The union said it was the first strike in its history",
        "it showed the depth of anger.",
    ]
    listing = "They hired cooks, cleaners, porters, and security guards for the new hospital wing."
    assert _clauses(listing, 0, len(listing)) == []


def test_quote_words_ignore_case_punctuation_and_contractions():
    assert quote_words("“It’s time, isn't it?”") == quote_words('"it is time, is not it"')


def test_opposite_statements_are_linked_and_flagged():
    analysis = story(
        "The council said the bridge will reopen on Monday after repairs.",
        "The council said the bridge will not reopen on Monday after repairs.",
        "The council said the bridge will reopen on Monday after repairs.",
    )
    (claim,) = analysis.claims
    (flag,) = claim.discrepancies
    assert flag.sentence.startswith("outlet1")
    assert flag.kind == "wording"
    assert "opposite" in flag.detail and "not" in flag.detail


def test_bounded_pair_scores_match_the_full_scores():
    # at_least may leave out pairs that provably stay below the floor; whatever it returns
    # is the full score, and every pair at or above the floor is returned.
    analysis = story(BRIDGE_A, BRIDGE_B)
    units = build_units(analysis.sources)
    pairs = sorted(candidate_pairs(units))
    assert pairs
    for floor in (0.1, similarity.LINK_THRESHOLD, 0.9):
        bounded, full = _Scores(units), _Scores(units)
        for i, j in pairs:
            value = bounded.at_least(i, j, floor)
            exact = full(i, j)
            if exact >= floor:
                assert value == exact
            else:
                assert value is None


def test_partner_order_is_the_lexicographic_order():
    import numpy as np

    rng = np.random.default_rng(7)
    units = 60
    pairs = sorted({tuple(sorted(p)) for p in rng.integers(0, units, (400, 2)).tolist()})
    first, second = np.array([p for p in pairs if p[0] != p[1]]).T
    closeness = rng.choice([0.0, 0.25, 0.5, 1 / 3, 0.7], len(first))  # many ties
    plain = rng.random(len(first)) < 0.8
    owner, partner = np.concatenate([first, second]), np.concatenate([second, first])
    expected = np.lexsort(
        (partner, -np.concatenate([closeness, closeness]), np.tile(plain, 2), owner)
    )
    for size in (units, 1 << 40):  # the second would overflow the keys: lexsort itself
        order = _partner_order(owner, partner, np.tile(plain, 2), closeness, size)
        assert order.tolist() == expected.tolist()
