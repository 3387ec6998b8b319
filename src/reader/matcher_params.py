"""The matcher's shipped parameters (``matcher_params.json``) and the document-frequency
table they hold.

``scripts/fit_matcher.py`` fits both on the MRPC train split: logistic-regression weights
over :data:`FEATURES` for the matcher (:mod:`reader.similarity`), and a table of how many
train sentences hold each stem, which gives every term its background rarity
(:func:`idf`). Story profiles (:mod:`reader.stories`) weigh their terms by the same
rarity while articles are read, before anything links; the table lives here, apart from
the matcher, so that reading a few articles does not import the matcher and rapidfuzz
(~10 ms), which only linking needs.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

PARAMS_PATH = Path(__file__).with_name("matcher_params.json")

FEATURES: tuple[str, ...] = (
    "term_min",
    "term_max",
    "term_idf_min",
    "term_idf_max",
    "word_min",
    "word_max",
    "bigram_min",
    "bigram_max",
    "trigram_min",
    "trigram_max",
    "lcs_long",
    "lcs_short",
    "token_set",
    "ratio",
    "missing_idf_max",
    "missing_idf_min",
    "len_diff",
    "len_log_min",
    "numbers_none",
    "numbers_equal",
    "numbers_subset",
    "numbers_clash",
    "names_min",
    "names_missing",
    "negation_clash",
    "soft_min",
    "soft_max",
    "soft_idf_min",
    "soft_idf_max",
    "gap_max",
    "gap_min",
    "gap_rel_max",
    "numbers_missing_max",
    "antonym_clash",
)
"""The matcher's features, in the order of the shipped weights."""


@lru_cache(maxsize=1)
def params() -> dict:
    """The shipped parameters; empty (nothing links) if missing or stale."""
    try:
        loaded = json.loads(PARAMS_PATH.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return loaded if loaded.get("features") == list(FEATURES) else {}


_DF: dict[str, int] = params().get("df", {})
_DOCS: int = params().get("documents", 1)
_IDF: dict[str, float] = {}
_IDF_CACHE_LIMIT = 1 << 18

cached_idf = _IDF.get
"""A term's :func:`idf` if it is cached, else None (cheaper than calling :func:`idf`)."""


def set_document_frequencies(df: dict[str, int], documents: int) -> None:
    """Replace the document-frequency table (used by the fit script)."""
    global _DF, _DOCS
    _DF, _DOCS = df, documents
    _IDF.clear()


def idf(term: str) -> float:
    """Inverse document frequency of a term; unseen terms count as seen once."""
    value = _IDF.get(term)
    if value is None:
        if len(_IDF) > _IDF_CACHE_LIMIT:
            _IDF.clear()
        value = _IDF[term] = math.log((_DOCS + 1) / (_DF.get(term, 1) + 0.5))
    return value
