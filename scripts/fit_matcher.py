"""Fit the sentence matcher's weights on the MRPC train split.

Reproduces ``src/reader/matcher_params.json`` deterministically:

1. document frequencies of stemmed content terms over the distinct train
   sentences (terms seen in at least ``MIN_DF`` sentences are kept);
2. L2-regularised logistic regression (Newton's method, plain Python) on the
   features of ``reader.similarity.features``, standardised during fitting and
   folded back into raw-feature weights for shipping;
3. from 10-fold cross-validated train predictions (not in-sample scores): the
   accuracy-maximising threshold (``threshold``, the linker's LINK_THRESHOLD)
   and the lowest threshold whose precision reaches ``STRICT_PRECISION``
   (``strict_threshold``, for news linking where most candidate pairs are not
   paraphrases).

``L2`` was chosen by ``--search-l2``: best mean of 10-fold CV accuracy and F1 on train.

Usage: python scripts/fit_matcher.py [--train PATH] [--out PATH] [--search-l2]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from reader import matcher_params, similarity  # noqa: E402

DEFAULT_TRAIN = REPO.parent / "shared" / "data" / "mrpc" / "msr_paraphrase_train.txt"
MIN_DF = 2
L2 = 10.0
L2_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)
STRICT_PRECISION = 0.9
FOLDS = 10
DIGITS = 6


def load_pairs(path: Path) -> list[tuple[int, str, str]]:
    """(label, sentence 1, sentence 2) rows of an MRPC tab-separated file."""
    rows = []
    with path.open(encoding="utf-8-sig") as handle:
        next(handle)
        for line in handle:
            parts = line.rstrip("\r\n").split("\t")
            if len(parts) == 5:
                rows.append((int(parts[0]), parts[3], parts[4]))
    return rows


def document_frequencies(sentences: Sequence[str]) -> tuple[dict[str, int], int]:
    """Term -> number of distinct sentences holding it (terms with df >= MIN_DF)."""
    distinct = sorted(set(sentences))
    counts: Counter[str] = Counter()
    for sentence in distinct:
        counts.update(similarity.prepare(sentence).terms)
    df = {t: c for t, c in sorted(counts.items()) if c >= MIN_DF}
    return df, len(distinct)


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Solve a small dense linear system by Gaussian elimination with pivoting."""
    n = len(vector)
    m = [[*row, vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        div = m[col][col]
        for r in range(col + 1, n):
            factor = m[r][col] / div
            if factor:
                row_r, row_c = m[r], m[col]
                for k in range(col, n + 1):
                    row_r[k] -= factor * row_c[k]
    out = [0.0] * n
    for r in range(n - 1, -1, -1):
        out[r] = (m[r][n] - sum(m[r][k] * out[k] for k in range(r + 1, n))) / m[r][r]
    return out


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def fit_logistic(
    x: Sequence[Sequence[float]], y: Sequence[int], l2: float = L2, iterations: int = 30
) -> tuple[float, list[float]]:
    """(bias, weights) of L2-regularised logistic regression on raw features."""
    n, d = len(x), len(x[0])
    means = [sum(row[j] for row in x) / n for j in range(d)]
    stds = [math.sqrt(sum((row[j] - means[j]) ** 2 for row in x) / n) or 1.0 for j in range(d)]
    z = [[1.0] + [(row[j] - means[j]) / stds[j] for j in range(d)] for row in x]
    w = [0.0] * (d + 1)
    for _ in range(iterations):
        grad = [0.0] * (d + 1)
        hess = [[0.0] * (d + 1) for _ in range(d + 1)]
        for row, label in zip(z, y, strict=True):
            p = _sigmoid(sum(wi * xi for wi, xi in zip(w, row, strict=True)))
            err = p - label
            s = p * (1 - p)
            for i in range(d + 1):
                grad[i] += err * row[i]
                si = s * row[i]
                hrow = hess[i]
                for k in range(i, d + 1):
                    hrow[k] += si * row[k]
        for i in range(1, d + 1):
            grad[i] += l2 * w[i]
            hess[i][i] += l2
        for i in range(d + 1):
            for k in range(i):
                hess[i][k] = hess[k][i]
        step = _solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-9:
            break
    weights = [w[j + 1] / stds[j] for j in range(d)]
    bias = w[0] - sum(w[j + 1] * means[j] / stds[j] for j in range(d))
    return bias, weights


def predict(bias: float, weights: Sequence[float], row: Sequence[float]) -> float:
    return _sigmoid(bias + math.fsum(w * f for w, f in zip(weights, row, strict=True)))


def best_threshold(scores: Sequence[float], labels: Sequence[int]) -> float:
    """The accuracy-maximising threshold (midpoint between neighbouring scores)."""
    ranked = sorted(zip(scores, labels, strict=True))
    correct = sum(labels)  # threshold below everything: all predicted positive
    best, best_at = correct, ranked[0][0] - 1e-9
    for i, (value, label) in enumerate(ranked):
        correct += -1 if label else 1
        nxt = ranked[i + 1][0] if i + 1 < len(ranked) else value + 1e-9
        if nxt > value and correct > best:
            best, best_at = correct, (value + nxt) / 2
    return best_at


def precision_threshold(scores: Sequence[float], labels: Sequence[int], target: float) -> float:
    """The lowest threshold at which precision of ``score >= threshold`` reaches ``target``."""
    ranked = sorted(zip(scores, labels, strict=True), reverse=True)
    best = ranked[0][0] + 1e-9
    positives = 0
    for i, (value, label) in enumerate(ranked):
        positives += label
        nxt = ranked[i + 1][0] if i + 1 < len(ranked) else value - 1e-9
        if nxt < value and positives / (i + 1) >= target:
            best = (value + nxt) / 2
    return best


def cross_validated(
    x: list[list[float]], y: list[int], l2: float = L2, folds: int = FOLDS
) -> list[float]:
    """Out-of-fold predicted scores (fold = index mod folds)."""
    out = [0.0] * len(x)
    for fold in range(folds):
        train = [i for i in range(len(x)) if i % folds != fold]
        bias, weights = fit_logistic([x[i] for i in train], [y[i] for i in train], l2)
        for i in range(fold, len(x), folds):
            out[i] = predict(bias, weights, x[i])
    return out


def featurise(pairs: Sequence[tuple[int, str, str]]) -> tuple[list[list[float]], list[int]]:
    x = [
        list(similarity.features(similarity.prepare(a), similarity.prepare(b))) for _, a, b in pairs
    ]
    return x, [label for label, _, _ in pairs]


def fit(train_path: Path) -> dict:
    """All shipped parameters, fitted on the given train file."""
    pairs = load_pairs(train_path)
    df, documents = document_frequencies([s for _, a, b in pairs for s in (a, b)])
    matcher_params.set_document_frequencies(df, documents)
    x, y = featurise(pairs)
    held_out = cross_validated(x, y)
    threshold = best_threshold(held_out, y)
    strict = max(threshold, precision_threshold(held_out, y, STRICT_PRECISION))
    bias, weights = fit_logistic(x, y)
    return {
        "about": (
            "Logistic-regression weights over reader.similarity.FEATURES (raw feature "
            "scale), fitted on MRPC train by scripts/fit_matcher.py; df counts stemmed "
            f"content terms over the {documents} distinct MRPC train sentences (df >= {MIN_DF})."
        ),
        "features": list(similarity.FEATURES),
        "bias": round(bias, DIGITS),
        "weights": [round(w, DIGITS) for w in weights],
        "threshold": round(threshold, DIGITS),
        "strict_threshold": round(strict, DIGITS),
        "documents": documents,
        "df": df,
    }


def search_l2(train_path: Path) -> None:
    """Print cross-validated train accuracy and F1 for each L2 strength."""
    pairs = load_pairs(train_path)
    df, documents = document_frequencies([s for _, a, b in pairs for s in (a, b)])
    matcher_params.set_document_frequencies(df, documents)
    x, y = featurise(pairs)
    for l2 in L2_GRID:
        held_out = cross_validated(x, y, l2)
        threshold = best_threshold(held_out, y)
        tp = sum(1 for s, t in zip(held_out, y, strict=True) if s >= threshold and t)
        predicted = sum(1 for s in held_out if s >= threshold)
        correct = sum(1 for s, t in zip(held_out, y, strict=True) if (s >= threshold) == bool(t))
        f1 = 2 * tp / (predicted + sum(y))
        print(f"L2 {l2:6.1f}: CV accuracy {correct / len(y):.4f}, F1 {f1:.4f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=DEFAULT_TRAIN)
    parser.add_argument("--out", type=Path, default=matcher_params.PARAMS_PATH)
    parser.add_argument("--search-l2", action="store_true", help="print CV scores per L2")
    args = parser.parse_args(argv)
    if not args.train.exists():
        print(f"MRPC train split not found at {args.train}", file=sys.stderr)
        return 1
    if args.search_l2:
        search_l2(args.train)
        return 0
    params = fit(args.train)
    text = json.dumps(params, indent=1, ensure_ascii=False, sort_keys=False)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(
        f"wrote {args.out} ({len(text) // 1024} KiB, threshold {params['threshold']}, "
        f"strict {params['strict_threshold']})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
