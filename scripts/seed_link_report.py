"""Print matcher scores for the seed gold pairs and the best-scoring pairs outside the gold.

A development aid for the linker: run it after changing similarity or linking rules.
"""

from __future__ import annotations

import sys
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.test_seed_gold import GOLD_CLAIMS, OPTIONAL_PAIRS, find

from reader import similarity
from reader.analysis import analyze
from reader.linking import _Scores, build_units


def main() -> None:
    analysis = analyze(None)
    units = build_units(analysis.sources)
    index = {u.key: n for n, u in enumerate(units)}
    scores = _Scores(units)
    gold, optional = set(), set()
    print(f"threshold {similarity.LINK_THRESHOLD:.3f}")
    for name, members in GOLD_CLAIMS.items():
        ids = [find(analysis, *m) for m in members]
        values = []
        for a, b in combinations(ids, 2):
            gold.add(frozenset((a, b)))
            values.append(f"{a[:3]}-{b[:3]}:{scores(index[a], index[b]):.2f}")
        print(f"{name:45} {' '.join(values)}")
    for a, b in OPTIONAL_PAIRS:
        optional.add(frozenset((find(analysis, *a), find(analysis, *b))))
    others = []
    for i, j in combinations(range(len(units)), 2):
        if units[i].source_index == units[j].source_index:
            continue
        pair = frozenset((units[i].key, units[j].key))
        if pair in gold or pair in optional:
            continue
        others.append((scores(i, j), i, j))
    others.sort(reverse=True)
    print("\nbest non-gold pairs:")
    for value, i, j in others[:15]:
        a = units[i].source.text[units[i].sentence.start : units[i].sentence.end][:60]
        b = units[j].source.text[units[j].sentence.start : units[j].sentence.end][:60]
        print(f"{value:.2f}  {a!r}  ~  {b!r}")


def claims_report() -> None:
    """Gold pairs the claims miss and links outside the gold, by name."""
    from tests.test_seed_gold import linked_pairs

    analysis = analyze(None)
    linked = linked_pairs(analysis)

    def show(sid: str) -> str:
        source, sentence = analysis.sentence(sid)
        return f"{sid[:3]}:{source.text[sentence.start : sentence.end][:55]!r}"

    allowed = set()
    print("\nmissing gold pairs:")
    for name, members in GOLD_CLAIMS.items():
        ids = [find(analysis, *m) for m in members]
        for a, b in combinations(ids, 2):
            allowed.add(frozenset((a, b)))
            if frozenset((a, b)) not in linked:
                print(f"  {name}: {show(a)} ~ {show(b)}")
    for a, b in OPTIONAL_PAIRS:
        allowed.add(frozenset((find(analysis, *a), find(analysis, *b))))
    print("false links:")
    for pair in sorted(linked - allowed, key=sorted):
        a, b = sorted(pair)
        print(f"  {show(a)} ~ {show(b)}")


if __name__ == "__main__":
    if "--claims" in sys.argv:
        claims_report()
        sys.exit()
    main()
