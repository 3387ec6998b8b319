"""Benchmark the sentence matcher on the MRPC test split.

Prints accuracy, precision, recall and F1 of ``reader.similarity`` at its
shipped thresholds (chosen on the train split by ``scripts/fit_matcher.py``),
the all-yes and rapidfuzz ``token_set_ratio`` baselines (threshold chosen on
train), and the matcher's speed. Exits 0 with a message when ../shared is absent.

Usage: python benchmarks/mrpc.py
"""

from __future__ import annotations

import sys
import time
import timeit
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "scripts"))

from rapidfuzz import fuzz  # noqa: E402

from fit_matcher import best_threshold, load_pairs  # noqa: E402
from reader import similarity  # noqa: E402

MRPC = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "mrpc"


def metrics(scores: Sequence[float], labels: Sequence[int], threshold: float) -> dict[str, float]:
    """Accuracy, precision, recall and F1 of ``score >= threshold``."""
    tp = fp = fn = tn = 0
    for value, label in zip(scores, labels, strict=True):
        if value >= threshold:
            tp, fp = tp + label, fp + (1 - label)
        else:
            fn, tn = fn + label, tn + (1 - label)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "accuracy": (tp + tn) / len(labels),
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def _row(name: str, result: dict[str, float], threshold: float | None) -> str:
    at = f"{threshold:.4f}" if threshold is not None else "-"
    return (
        f"{name:<34} {result['accuracy']:.4f}  {result['precision']:.4f}  "
        f"{result['recall']:.4f}  {result['f1']:.4f}  {at}"
    )


def run() -> int:
    train_path, test_path = MRPC / "msr_paraphrase_train.txt", MRPC / "msr_paraphrase_test.txt"
    if not (train_path.exists() and test_path.exists()):
        print(f"skipped: MRPC not found under {MRPC} (../shared/data is absent)")
        return 0
    train, test = load_pairs(train_path), load_pairs(test_path)
    labels = [label for label, _, _ in test]

    # CPU time of this process, so that other load on the machine counts less.
    started = time.process_time()
    prepared = [(similarity.prepare(a), similarity.prepare(b)) for _, a, b in test]
    prepare_s = time.process_time() - started
    started = time.process_time()
    scores = [similarity.score(a, b) for a, b in prepared]
    score_s = time.process_time() - started
    repeats = 5
    started = time.process_time()
    for _ in range(repeats):
        for a, b in prepared:
            similarity.score(a, b)
    warm_s = (time.process_time() - started) / repeats
    reference_s = min(timeit.repeat("sum(range(1000))", number=1000, repeat=5)) / 1000

    def token_set(a: str, b: str) -> float:
        return fuzz.token_set_ratio(a, b, processor=str.lower) / 100.0

    train_labels = [label for label, _, _ in train]
    fuzz_threshold = best_threshold([token_set(a, b) for _, a, b in train], train_labels)
    fuzz_scores = [token_set(a, b) for _, a, b in test]

    print(f"MRPC test split: {len(test)} pairs, {sum(labels)} paraphrases")
    print(f"{'':<34} {'acc':<7} {'prec':<7} {'recall':<7} {'F1':<7} threshold")
    print(_row("all-yes", metrics([1.0] * len(test), labels, 0.5), None))
    print(
        _row(
            "token_set_ratio (train threshold)",
            metrics(fuzz_scores, labels, fuzz_threshold),
            fuzz_threshold,
        )
    )
    link = similarity.LINK_THRESHOLD
    print(_row("reader.similarity LINK_THRESHOLD", metrics(scores, labels, link), link))
    strict = similarity.STRICT_THRESHOLD
    print(_row("reader.similarity STRICT_THRESHOLD", metrics(scores, labels, strict), strict))
    sentences = 2 * len(test)
    print(
        f"speed: prepare {prepare_s / sentences * 1e6:.0f} us/sentence (cold caches); "
        f"score {score_s / len(test) * 1e6:.1f} us/pair first pass, "
        f"{warm_s / len(test) * 1e6:.1f} us/pair warm = {len(test) / warm_s:,.0f} pairs/s"
    )
    print(f"machine reference: sum(range(1000)) takes {reference_s * 1e6:.1f} us")
    return 0


if __name__ == "__main__":
    raise SystemExit(run())
