"""Sentence-similarity matcher: do two sentences make the same statement?

``prepare`` tokenises a sentence once (stems, synonym groups, n-grams, numbers,
names); ``score`` combines about thirty symmetric lexical features of two prepared
sentences with logistic-regression weights fitted on the MRPC train split by
``scripts/fit_matcher.py`` and shipped in ``matcher_params.json`` together with
a document-frequency table (stem -> number of MRPC train sentences holding it).
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, islice, pairwise

import snowballstemmer
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from reader import lexicon
from reader.matcher_params import FEATURES, cached_idf, idf, params

PLACEHOLDER = "#"
_NGRAM_JOIN = "\x00"  # joins n-gram members into one string (cheaper to hash than a tuple)

_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}"  # acronyms with dots: U.S., e.g.
    r"|\d+(?:[.,]\d+)+"  # numbers with separators: 2,400 / 4.5
    r"|[^\W_]+(?:['’‘´`][^\W_]+)*"  # words, with inner apostrophes
    r"|[%$£€]"
)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'"})
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=1 << 16)
def _base(word: str) -> str:
    """Lowercase word -> base form (irregular table, else Snowball stem)."""
    irregular = lexicon.IRREGULAR.get(word)
    if irregular is not None:
        return irregular
    return _STEMMER.stemWord(word)


def _build_synonyms() -> tuple[dict[tuple[str, ...], str], dict[str, int], frozenset[str]]:
    """Phrase (tuple of bases) -> group key; first base -> longest phrase; stopword keys."""
    table: dict[tuple[str, ...], str] = {}
    starts: dict[str, int] = {}
    stop_keys = set()
    for group in lexicon.SYNONYM_GROUPS:
        key = "=" + group[0]
        if group[0] in lexicon.STOPWORDS:
            stop_keys.add(key)
        for phrase in group:
            bases = tuple(_base(w) for w in phrase.split())
            table.setdefault(bases, key)
            starts[bases[0]] = max(starts.get(bases[0], 0), len(bases))
    return table, starts, frozenset(stop_keys)


_SYNONYMS, _PHRASE_STARTS, _STOP_CANONICAL = _build_synonyms()
_NEGATION_BASES = frozenset(_base(w) for w in lexicon.NEGATIONS)


def _term_key(word: str) -> str:
    """The term a single word becomes (its base, or its synonym group's key)."""
    base = _base(word)
    return _SYNONYMS.get((base,), base)


def _build_antonyms() -> dict[str, frozenset[str]]:
    pairs: dict[str, set[str]] = {}
    for x, y in lexicon.ANTONYMS:
        kx, ky = _term_key(x), _term_key(y)
        pairs.setdefault(kx, set()).add(ky)
        pairs.setdefault(ky, set()).add(kx)
    return {k: frozenset(v) for k, v in pairs.items()}


_ANTONYMS = _build_antonyms()


@dataclass(frozen=True, slots=True)
class Prepared:
    """One sentence, tokenised once and reused for many comparisons.

    ``terms`` are the stemmed content-word keys (synonyms folded to one
    ``=``-prefixed key); ``bases`` is the whole base-form sequence, with ``#``
    for each masked figure; ``content`` the content bases in order; n-grams
    of ``bases`` are NUL-joined strings.

    ``bigrams`` and ``trigrams`` are made on first use and kept: only the few forms that
    are scored exactly need them (most pairs are ruled out by bounds that do not), and
    making them was a fifth of preparing a sentence.
    """

    text: str
    terms: frozenset[str]
    bases: tuple[str, ...]
    content: tuple[str, ...]
    words: frozenset[str]
    norm: str
    numbers: frozenset[str]
    names: frozenset[str]
    negated: bool
    term_weight: float
    weights: dict[str, float] = field(compare=False, repr=False)
    _ngrams: list[frozenset[str]] = field(default_factory=list, compare=False, repr=False)

    @property
    def bigrams(self) -> frozenset[str]:
        return (self._ngrams or self._make_ngrams())[0]

    @property
    def trigrams(self) -> frozenset[str]:
        return (self._ngrams or self._make_ngrams())[1]

    def _make_ngrams(self) -> list[frozenset[str]]:
        bases = self.bases
        self._ngrams.append(frozenset(map(_NGRAM_JOIN.join, pairwise(bases))))
        self._ngrams.append(
            frozenset(map(_NGRAM_JOIN.join, zip(bases, bases[1:], bases[2:], strict=False)))
        )
        return self._ngrams


@dataclass(frozen=True, slots=True)
class _Token:
    word: str
    base: str
    capital: bool
    stop: bool
    number: str | None
    phrase: int  # length of the longest synonym phrase that may start here (0: none)
    name: bool  # capitalised, neither a stopword nor a number: a name unless it starts the text
    synonym: str | None  # the group key of the word alone, if it is in a synonym group


def _number_key(word: str) -> str | None:
    if _NUMBER.fullmatch(word):
        key = word.replace(",", "")
        if "." in key:
            key = key.rstrip("0").rstrip(".") or "0"
        return key
    return lexicon.NUMBER_WORDS.get(word)


def _token(word: str, capital: bool) -> _Token:
    base = _base(word)
    stop = word in lexicon.STOPWORDS
    number = _number_key(word)
    return _Token(
        word,
        base,
        capital,
        stop,
        number,
        _PHRASE_STARTS.get(base, 0),
        capital and not stop and number is None,
        _SYNONYMS.get((base,)),
    )


@lru_cache(maxsize=1 << 16)
def _analyse(raw: str) -> tuple[_Token, ...]:
    """One surface token -> its words (contractions expanded), lowercased."""
    raw = raw.translate(_APOSTROPHES)
    if raw in ("US", "U.S.", "U.S"):
        return (_token("usa", True),)
    capital = raw[:1].isupper()
    word = raw.lower()
    if "." in word and not word[0].isdigit():
        word = word.replace(".", "")
    expanded = lexicon.CONTRACTION_WORDS.get(word)
    if expanded is not None:
        return tuple(_token(w, False) for w in expanded)
    if "'" in word:
        head, _, tail = word.rpartition("'")
        suffix = "'" + tail
        if suffix == "'t" and head.endswith("n") and len(head) > 1:
            return (_token(head[:-1], capital), _token("not", False))
        if suffix in lexicon.CONTRACTION_SUFFIXES and head:
            return (_token(head, capital), _token(lexicon.CONTRACTION_SUFFIXES[suffix], False))
        if suffix == "'s" and head:
            if head in lexicon.S_IS_PRONOUNS:
                return (_token(head, capital), _token("is", False))
            return (_token(head, capital),)
    return (_token(word, capital),)


_MASK = _Token(PLACEHOLDER, PLACEHOLDER, False, True, None, 0, False, None)


def _tokens(text: str, masked: Sequence[tuple[int, int]]) -> list[_Token]:
    """Tokens of the text, with one placeholder token per masked span."""
    size = len(text)
    spans = sorted((max(0, s), min(size, e)) for s, e in masked)
    out: list[_Token] = []
    pos = 0
    for start, end in spans:
        if end <= max(start, pos):
            continue
        out.extend(chain.from_iterable(map(_analyse, _TOKEN.findall(text, pos, max(start, pos)))))
        out.append(_MASK)
        pos = end
    out.extend(chain.from_iterable(map(_analyse, _TOKEN.findall(text, pos))))
    return out


def _fold_synonyms(tokens: list[_Token]) -> tuple[list[str], list[str]]:
    """The tokens' bases, synonym words and phrases folded to one key, and those of them
    that are not stopwords (the content words)."""
    bases: list[str] = []
    content: list[str] = []
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i]
        if not token.phrase:
            bases.append(token.base)
            if not token.stop:
                content.append(token.base)
            i += 1
            continue
        # The longest phrase starting here wins; a single word is looked up last.
        size, canonical = 1, None
        for size in range(min(token.phrase, n - i), 1, -1):
            canonical = _SYNONYMS.get(tuple(t.base for t in tokens[i : i + size]))
            if canonical is not None:
                break
        else:
            size, canonical = 1, token.synonym
            if (
                canonical is not None
                and token.base == "back"
                and (i + 1 == n or tokens[i + 1].base in lexicon.BACK_DIRECTION_NEXT)
            ):
                canonical = None
        if canonical is None:
            bases.append(token.base)
            if not token.stop:
                content.append(token.base)
        else:
            bases.append(canonical)
            if canonical not in _STOP_CANONICAL:
                content.append(canonical)
        i += size
    return bases, content


def prepare(text: str, masked: Sequence[tuple[int, int]] = ()) -> Prepared:
    """Tokenise one sentence.

    ``masked`` are ``(start, end)`` offsets into ``text`` (figures such as
    "85%", "more than half", "2,400 staff") replaced by a placeholder so that
    they do not affect the score.
    """
    tokens = _tokens(text, masked)
    folded, content_words = _fold_synonyms(tokens)
    bases = tuple(folded)
    content = tuple(content_words)
    terms = frozenset(content)
    values = list(map(cached_idf, terms))  # cached idf values; computed when one is missing
    weights = dict(zip(terms, map(idf, terms) if None in values else values, strict=True))
    norm = " ".join([t.word for t in tokens])
    return Prepared(
        text=text,
        terms=terms,
        bases=bases,
        content=content,
        words=frozenset(bases),
        norm=norm,
        numbers=frozenset(t.number for t in tokens if t.number is not None),
        names=frozenset([t.word for t in islice(tokens, 1, None) if t.name]),
        negated=not _NEGATION_BASES.isdisjoint(bases),
        term_weight=math.fsum(weights.values()),
        weights=weights,
    )


@lru_cache(maxsize=1 << 14)
def _by_prefix(terms: frozenset[str]) -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for term in terms:
        groups.setdefault(term[:4], set()).add(term)
    return {prefix: frozenset(group) for prefix, group in groups.items()}


def _overlap(a: frozenset, b: frozenset) -> tuple[float, float]:
    """(min, max) of the two directional overlap ratios of two sets."""
    if not a or not b:
        return (1.0, 1.0) if not a and not b else (0.0, 0.0)
    shared = len(a & b)
    pa, pb = shared / len(a), shared / len(b)
    return (pa, pb) if pa <= pb else (pb, pa)


_TOKEN_SET = FEATURES.index("token_set")
_ANTONYM = FEATURES.index("antonym_clash")


def features(a: Prepared, b: Prepared) -> tuple[float, ...]:
    """The symmetric feature vector of a pair, in ``FEATURES`` order."""
    if (a.text, a.norm) > (b.text, b.norm):
        a, b = b, a
    values, shared_terms = _core(a, b)
    values[_TOKEN_SET] = fuzz.token_set_ratio(a.norm, b.norm) / 100.0
    values[_ANTONYM] = float(_antonym_clash(a.terms - shared_terms, b.terms - shared_terms))
    return tuple(values)


def _soft(
    a: Prepared, b: Prepared, shared_terms: frozenset[str]
) -> tuple[list[float], list[float]]:
    """Weights of the terms each sentence alone has whose first four letters begin a term
    only the other has ("elect"/"election").

    Terms are grouped by their first four letters only here (and remembered per set of
    terms): most pairs are rejected before their soft features are needed."""
    soft_a: list[float] = []
    soft_b: list[float] = []
    pa, pb = _by_prefix(a.terms), _by_prefix(b.terms)
    for prefix in pa.keys() & pb.keys():
        mine, theirs = pa[prefix] - shared_terms, pb[prefix] - shared_terms
        if mine and theirs:
            soft_a.extend(map(a.weights.__getitem__, mine))
            soft_b.extend(map(b.weights.__getitem__, theirs))
    return soft_a, soft_b


def _core(a: Prepared, b: Prepared) -> tuple[list[float], frozenset[str]]:
    """The features of an ordered pair except the two costly ones that can only lower the
    score (``token_set`` and ``antonym_clash``, left at 0.0), and the shared terms.

    The same values as the plain formulas, written out for speed where it pays.
    """
    values, shared_terms, shared_weight = _unsoftened(a, b)
    _soften(a, b, shared_terms, shared_weight, values)
    return values, shared_terms


_TRIGRAM = FEATURES.index("trigram_min")  # trigram_max follows
_SOFT = FEATURES.index("soft_min")  # soft_min, soft_max, soft_idf_min, soft_idf_max follow


def _soften(
    a: Prepared,
    b: Prepared,
    shared_terms: frozenset[str],
    shared_weight: float,
    values: list[float],
) -> None:
    """Fill in the four soft features and the two trigram ones of ``values`` (left at 0.0
    by ``_unsoftened``)."""
    values[_TRIGRAM], values[_TRIGRAM + 1] = _overlap(a.trigrams, b.trigrams)
    terms_a, terms_b = a.terms, b.terms
    shared = len(shared_terms)
    n_a, n_b = len(terms_a), len(terms_b)
    wa, wb = a.term_weight, b.term_weight
    if shared < n_a and shared < n_b:
        soft_a, soft_b = _soft(a, b, shared_terms)
        soft_count_a, soft_count_b = len(soft_a), len(soft_b)
        soft_weight_a, soft_weight_b = math.fsum(soft_a), math.fsum(soft_b)
    else:
        soft_count_a = soft_count_b = 0
        soft_weight_a = soft_weight_b = 0.0
    sa = (shared + soft_count_a) / n_a if n_a else 1.0
    sb = (shared + soft_count_b) / n_b if n_b else 1.0
    swa = (shared_weight + soft_weight_a) / wa if wa > 0 else 1.0
    swb = (shared_weight + soft_weight_b) / wb if wb > 0 else 1.0
    values[_SOFT] = min(sa, sb)
    values[_SOFT + 1] = max(sa, sb)
    values[_SOFT + 2] = min(swa, swb)
    values[_SOFT + 3] = max(swa, swb)


def _unsoftened(a: Prepared, b: Prepared) -> tuple[list[float], frozenset[str], float]:
    """``_core`` with the four soft features and the two trigram ones left at 0.0; the
    shared terms and their weight (for ``_soften``)."""
    terms_a, terms_b = a.terms, b.terms
    shared_terms = terms_a & terms_b
    shared = len(shared_terms)
    n_a, n_b = len(terms_a), len(terms_b)
    if n_a and n_b:
        pa, pb = shared / n_a, shared / n_b
        term_min, term_max = (pa, pb) if pa <= pb else (pb, pa)
    else:
        term_min = term_max = 1.0 if not n_a and not n_b else 0.0
    shared_weight = math.fsum(map(a.weights.__getitem__, shared_terms))
    wa, wb = a.term_weight, b.term_weight
    ia = shared_weight / wa if wa > 0 else 1.0
    ib = shared_weight / wb if wb > 0 else 1.0
    idf_min, idf_max = (ib, ia) if ib < ia else (ia, ib)
    miss_a, miss_b = wa - shared_weight, wb - shared_weight
    if miss_a < 0.0:
        miss_a = 0.0
    if miss_b < 0.0:
        miss_b = 0.0
    miss_min, miss_max = (miss_b, miss_a) if miss_b < miss_a else (miss_a, miss_b)
    word_min, word_max = _overlap(a.words, b.words)
    bigram_min, bigram_max = _overlap(a.bigrams, b.bigrams)
    la, lb = len(a.bases), len(b.bases)
    long, short = (la, lb) if la >= lb else (lb, la)
    lcs = LCSseq.similarity(a.bases, b.bases)
    na, nb = a.numbers, b.numbers
    a_in_b, b_in_a = na <= nb, nb <= na
    names_a, names_b = a.names, b.names
    if names_a and names_b:
        shared_names = len(names_a & names_b)
        names_min = min(shared_names / len(names_a), shared_names / len(names_b))
    else:
        names_min = 1.0 if not names_a and not names_b else 0.0
    gap_a, gap_b = _longest_gap(a.content, b.words), _longest_gap(b.content, a.words)
    rel_a = gap_a / la if la else 0.0
    rel_b = gap_b / lb if lb else 0.0
    log1p = math.log1p
    values = [
        term_min,
        term_max,
        idf_min,
        idf_max,
        word_min,
        word_max,
        bigram_min,
        bigram_max,
        0.0,  # trigram_min
        0.0,  # trigram_max
        lcs / long if long else 1.0,
        lcs / short if short else 1.0,
        0.0,  # token_set
        fuzz.ratio(a.norm, b.norm) / 100.0,
        log1p(miss_max),
        log1p(miss_min),
        (long - short) / long if long else 0.0,
        log1p(short),
        float(not na and not nb),
        float(bool(na) and na == nb),
        float(na != nb and (a_in_b or b_in_a)),
        float(not (a_in_b or b_in_a)),
        names_min,
        log1p(len(names_a ^ names_b)),
        float(a.negated != b.negated),
        0.0,  # soft_min
        0.0,  # soft_max
        0.0,  # soft_idf_min
        0.0,  # soft_idf_max
        log1p(max(gap_a, gap_b)),
        log1p(min(gap_a, gap_b)),
        max(rel_a, rel_b),
        log1p(max(len(na - nb), len(nb - na))),
        0.0,  # antonym_clash
    ]
    return values, shared_terms, shared_weight


def polarity_clash(a: Prepared, b: Prepared) -> bool:
    """Do the sentences differ in polarity: a negation in one only, or opposite words?

    ``score`` is lexical and rates minimal pairs ("will go ahead" / "will not go
    ahead", "rose" / "fell") as near-identical; a linker can report such a pair
    as a wording discrepancy.
    """
    return a.negated != b.negated or _antonym_clash(a.terms - b.terms, b.terms - a.terms)


def _antonym_clash(only_a: frozenset[str], only_b: frozenset[str]) -> bool:
    """Does one sentence use a word whose opposite only the other uses?"""
    for term in only_a:
        opposites = _ANTONYMS.get(term)
        if opposites is not None and not opposites.isdisjoint(only_b):
            return True
    return False


def _longest_gap(content: tuple[str, ...], other: frozenset[str]) -> int:
    """Longest run of content words that the other sentence lacks."""
    best = run = 0
    for term in content:
        if term in other:
            run = 0
        else:
            run += 1
            if run > best:
                best = run
    return best


_PARAMS = params()
_WEIGHTS: tuple[float, ...] = tuple(_PARAMS.get("weights", [0.0] * len(FEATURES)))
_BIAS: float = _PARAMS.get("bias", 0.0)

LINK_THRESHOLD: float = _PARAMS.get("threshold", 1.0)
"""score >= LINK_THRESHOLD: same statement (accuracy-optimal on MRPC train, cross-validated)."""

STRICT_THRESHOLD: float = _PARAMS.get("strict_threshold", 1.0)
"""A stricter cut where precision matters more than recall (90% on MRPC train, cross-validated)."""


def score(a: Prepared, b: Prepared) -> float:
    """Probability-like score in [0, 1] that a and b make the same statement.

    Symmetric and deterministic; never raises for prepared sentences.
    """
    return _sigmoid(_BIAS + sum(map(operator.mul, _WEIGHTS, features(a, b))))


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


# token_set and antonym_clash lie in [0, 1]: the most they can add to the logit.
_DEFERRED_MOST = max(0.0, _WEIGHTS[_TOKEN_SET]) + max(0.0, _WEIGHTS[_ANTONYM])
_BOUND_MARGIN = 1e-9  # float rounding of sums taken in another order


def _most_of_ordered(low: float, high: float) -> float:
    """The most ``low * x + high * y`` reaches for 0 <= x <= y <= 1."""
    return max(0.0, high, low + high)


# The soft and trigram features are (min, max) pairs of ratios in [0, 1]: the most they add.
_LATE_MOST = (
    _most_of_ordered(_WEIGHTS[_SOFT], _WEIGHTS[_SOFT + 1])
    + _most_of_ordered(_WEIGHTS[_SOFT + 2], _WEIGHTS[_SOFT + 3])
    + _most_of_ordered(_WEIGHTS[_TRIGRAM], _WEIGHTS[_TRIGRAM + 1])
)


def score_at_least(a: Prepared, b: Prepared, floor: float) -> tuple[float, bool]:
    """``(score(a, b), True)`` when the score may reach ``floor``; otherwise
    ``(bound, False)`` with ``score(a, b) <= bound < floor``.

    The bound leaves out the two costliest features (a fuzzy token-set ratio and
    antonym lookup), which can only lower the score, so a pair far below ``floor``
    costs about a third of a full score; a first bound also counts the four soft
    features at the most they can add, and about half of the pairs stop there. The
    exact score is the same number :func:`score` returns.
    """
    if (a.text, a.norm) > (b.text, b.norm):
        a, b = b, a
    values, shared_terms, shared_weight = _unsoftened(a, b)
    partial = _BIAS + sum(map(operator.mul, _WEIGHTS, values))
    bound = _sigmoid(partial + _LATE_MOST + _DEFERRED_MOST + _BOUND_MARGIN)
    if bound < floor:
        return bound, False
    _soften(a, b, shared_terms, shared_weight, values)
    partial = _BIAS + sum(map(operator.mul, _WEIGHTS, values))
    bound = _sigmoid(partial + _DEFERRED_MOST + _BOUND_MARGIN)
    if bound < floor:
        return bound, False
    values[_TOKEN_SET] = fuzz.token_set_ratio(a.norm, b.norm) / 100.0
    values[_ANTONYM] = float(_antonym_clash(a.terms - shared_terms, b.terms - shared_terms))
    return _sigmoid(_BIAS + sum(map(operator.mul, _WEIGHTS, values))), True
