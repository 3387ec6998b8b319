"""The engine against hand-written gold for the five bundled seeds.

Gold was written by reading the cleaned seeds sentence by sentence. Each gold claim lists the
sentences (source prefix, a distinctive substring) that make the same statement; every pair
inside a gold claim must be linked. OPTIONAL pairs are sentences that combine two statements
(for example "overwhelming support, with 85% ...") and may go with either; any other link is a
false link. Discrepancies list the members that must be flagged and how.
"""

from __future__ import annotations

from itertools import combinations

import pytest

from reader.analysis import analyze

GOLD_CLAIMS: dict[str, list[tuple[str, str]]] = {
    "voted to strike (lede)": [
        ("000", "voted to go on strike for the first time over plans"),
        ("001", "have voted to strike amid a row"),
        ("002", "Staff at the Metropolitan Police have voted to go on strike"),
        ("003", "have voted to strike in protest"),
        ("004", "have voted for the first time to strike"),
    ],
    "first time they voted for industrial action": [
        ("000", "It would be the first time Met Police employees"),
        ("001", "It marks the first time"),
        ("003", "This is the first time that Metropolitan Police civilian staff"),
        ("004", "The union said it was the first time"),
    ],
    "ballot result": [
        ("000", "PCS said 85% of its members backed strike action"),
        ("001", "A ballot showed overwhelming support"),
        ("002", 'announced "overwhelming support"'),
        ("003", "More than half of the 2,400 members"),
        ("004", "In a ballot, 85 per cent"),
    ],
    "managers reversed the agreement": [
        ("000", "A vote was taken after managers reversed"),
        ("001", "accused managers of backtracking"),
        ("002", "The dispute follows a decision by Met managers"),
        ("004", "Union members claim managers have gone back on a deal"),
    ],
    "2,400 staff affected": [
        ("000", "Some 2,400 civilian workers"),
        ("002", "The strike could involve up to 2,400"),
        ("004", "Around 2,400 staff"),
    ],
    "disproportionate impact": [
        ("001", 'The union said it "disproportionately impacts"'),
        ("002", "a policy the PCS claims disproportionately affects"),
        ("004", "union said the changes would disproportionately affect"),
    ],
    "office attendance required": [
        ("000", "requires staff to work in the office for between 60% and 100%"),
        ("001", "requires staff to be in the office for three to five days"),
    ],
    "not bobbies on the beat": [
        ("000", "Our members are not bobbies on the beat."),
        ("001", "Our members are not bobbies on the beat."),
        ("002", "Our members are not bobbies on the beat,"),
        ("003", "Our members aren't frontline officers."),
        ("004", "Our members are not bobbies on the beat."),
    ],
    "desk-based civilians": [
        ("000", "They are desk-based civilians"),
        ("001", "They are desk-based civilians"),
        ("002", "They are desk-based civilians"),
        ("003", "They're desk-based staff"),
        ("004", "They are desk-based civilians"),
    ],
    "time politicians stopped": [
        ("000", "time politicians and the right-wing media"),
        ("001", "time politicians and the Right-wing media"),
        ("002", "time politicians and the right-wing media"),
        ("003", "It's time for politicians and the media"),
    ],
    "disappointed": [
        ("001", "We are disappointed the union felt"),
        ("003", "We are disappointed by the union's decision"),
    ],
    "policy does not end working from home": [
        ("001", "Our policy doesn’t end working from home, we have given"),
        ("003", "Our policy does not end remote work"),
        ("004", "We have given staff and officers in support roles"),
    ],
    "plans will provide consistency": [
        ("000", "Our plans will provide consistency"),
        ("001", "Our plans will provide consistency"),
        ("004", "Our plans will provide consistency"),
    ],
    "threshold met": [
        ("000", "Although the threshold"),
        ("001", "Although the threshold"),
        ("004", "Although the threshold"),
    ],
    "contacted for a response": [
        ("000", "The Metropolitan Police have been contacted"),
        ("002", "The Metropolitan Police have been contacted"),
    ],
}

# Sentences that combine two gold statements, or state part of one: linking them either way is fine.
OPTIONAL_PAIRS: list[tuple[tuple[str, str], tuple[str, str]]] = [
    (("000", "said there was “overwhelming support"), ("001", "A ballot showed overwhelming")),
    (("000", "said there was “overwhelming support"), ("002", 'announced "overwhelming support"')),
    (("000", "said there was “overwhelming support"), ("004", "In a ballot, 85 per cent")),
    (("000", "said there was “overwhelming support"), ("003", "More than half of the 2,400")),
    (("000", "Some 2,400 civilian workers"), ("001", 'The union said it "disproportionately')),
    (("000", "Some 2,400 civilian workers"), ("002", "a policy the PCS claims")),
    (("000", "Some 2,400 civilian workers"), ("004", "would disproportionately affect")),
    (("004", "adding: “Our policy doesn’t end"), ("001", "We are disappointed the union felt")),
    (("004", "adding: “Our policy doesn’t end"), ("003", "We are disappointed by the union")),
    (("004", "adding: “Our policy doesn’t end"), ("001", "Our policy doesn’t end working")),
    (("004", "adding: “Our policy doesn’t end"), ("003", "Our policy does not end remote")),
    (("004", "Depending on where they work"), ("000", "between 60% and 100%")),
    (("004", "Depending on where they work"), ("001", "three to five days a week")),
    (("003", "at least four days per week"), ("000", "between 60% and 100%")),
    (("003", "at least four days per week"), ("001", "three to five days a week")),
    (("003", "a minimum of three days a week"), ("000", "between 60% and 100%")),
    (("003", "a minimum of three days a week"), ("001", "three to five days a week")),
    (("003", "senior management recently instructed"), ("004", "Around 2,400 staff")),
    (
        ("003", "including 999 call handlers and child protection officers, have voted"),
        ("000", "It would be the first time"),
    ),
    (("002", "The change will require staff to return"), ("000", "PCS said 85%")),
    (("002", "The change will require staff to return"), ("003", "More than half")),
]

# Ledes that themselves say "for the first time" make the "first time" statement too.
_FIRST_TIME_LEDES = [
    ("000", "voted to go on strike for the first time over plans"),
    ("002", "Staff at the Metropolitan Police have voted to go on strike"),
    ("004", "have voted for the first time to strike"),
]
OPTIONAL_PAIRS += [
    (lede, member)
    for lede in _FIRST_TIME_LEDES
    for member in GOLD_CLAIMS["first time they voted for industrial action"]
    if member[0] != lede[0]
]

# (claim name, source prefix of the flagged member, discrepancy kind)
GOLD_DISCREPANCIES = [
    ("ballot result", "003", "figure"),
    ("not bobbies on the beat", "003", "wording"),
    ("desk-based civilians", "003", "wording"),
    ("time politicians stopped", "002", "wording"),
    ("time politicians stopped", "003", "wording"),
    ("policy does not end working from home", "003", "wording"),
]
# Claims whose members quote the same words (case, punctuation and contractions aside).
NO_WORDING_DISCREPANCY = [
    "plans will provide consistency",
    "threshold met",
    "voted to strike (lede)",
]


@pytest.fixture(scope="module")
def analysis():
    return analyze(None)


def find(analysis, prefix: str, needle: str) -> str:
    """The id of the one sentence of source ``prefix`` containing ``needle``."""
    (source,) = [s for s in analysis.sources if s.id.startswith(prefix)]
    hits = [s.id for s in source.sentences if needle in source.text[s.start : s.end]]
    assert len(hits) == 1, f"{prefix}: {needle!r} matches {len(hits)} sentences"
    return hits[0]


def linked_pairs(analysis) -> set[frozenset[str]]:
    return {frozenset(p) for c in analysis.claims for p in combinations(c.sentences, 2)}


def test_every_gold_pair_is_linked(analysis):
    linked = linked_pairs(analysis)
    missing = []
    for name, members in GOLD_CLAIMS.items():
        ids = [find(analysis, *m) for m in members]
        for a, b in combinations(ids, 2):
            if frozenset((a, b)) not in linked:
                missing.append((name, a, b))
    assert missing == []


def test_no_false_links(analysis):
    allowed = set()
    for members in GOLD_CLAIMS.values():
        ids = [find(analysis, *m) for m in members]
        allowed |= {frozenset(p) for p in combinations(ids, 2)}
    for a, b in OPTIONAL_PAIRS:
        allowed.add(frozenset((find(analysis, *a), find(analysis, *b))))
    false_links = []
    for pair in linked_pairs(analysis) - allowed:
        texts = []
        for sid in sorted(pair):
            source, sentence = analysis.sentence(sid)
            texts.append(source.text[sentence.start : sentence.end][:70])
        false_links.append(texts)
    assert false_links == []


def test_gold_discrepancies_are_flagged(analysis):
    for name, prefix, kind in GOLD_DISCREPANCIES:
        member = find(analysis, *next(m for m in GOLD_CLAIMS[name] if m[0] == prefix))
        claim = analysis.claim_of(member)
        assert claim is not None, name
        kinds = [d.kind for d in claim.discrepancies if d.sentence == member]
        assert kind in kinds, (name, prefix, claim.discrepancies)


def test_quote_claims_without_rewording_have_no_wording_discrepancy(analysis):
    for name in NO_WORDING_DISCREPANCY:
        claim = analysis.claim_of(find(analysis, *GOLD_CLAIMS[name][0]))
        assert claim is not None, name
        assert [d for d in claim.discrepancies if d.kind == "wording"] == [], name


def test_figure_discrepancy_wording(analysis):
    member = find(analysis, "003", "More than half of the 2,400 members")
    claim = analysis.claim_of(member)
    (detail,) = [d.detail for d in claim.discrepancies if d.sentence == member]
    assert "more than half" in detail
    assert "85%" in detail


def test_headings_are_never_claims(analysis):
    for source in analysis.sources:
        for sentence in source.sentences:
            if sentence.heading:
                assert analysis.claim_of(sentence.id) is None
