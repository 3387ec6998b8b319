"""Separate the story from what is not the story.

A text file saved from a news page carries more than the article: a date marker
fused with the headline, the headline repeated, a byline, photo credits,
donation and subscription banners, navigation ("Back to News"), comment boxes
and advertisements for unrelated businesses. :func:`clean` splits the text into
blocks (paragraphs), classifies each block with general rules, keeps the story
and its section headings, and returns the cleaned text with paragraph spans and
the metadata it found (title, byline, ISO date, outlet).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import islice

from reader.model import Removed

_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clear screen
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: titles, hyperlinks
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[@-Z\\-_]"  # other two-byte escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]+")

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = r"(?:[\s,]+\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"
_ISO_DATE = r"(?P<iso>\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?"
_DMY = r"(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>" + _MONTH + r")\s+(?P<y1>\d{4})"
_MDY = r"(?P<m2>" + _MONTH + r")\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4})"
_DATE = r"(?:" + _ISO_DATE + r"|" + _WEEKDAY + r"(?:" + _DMY + r"|" + _MDY + r")" + _TIME + r")"
_DATE_LABEL = r"(?:date|dated|published|updated|last updated|posted|first published)"
_LEADING_DATE = r"^\s*(?:" + _DATE_LABEL + r")\s*:?\s*" + _DATE + r"\s*"  # see _compiled
_LEADING_LABEL = re.compile(r"\s*" + _DATE_LABEL, re.IGNORECASE)
"""How every match of :data:`_LEADING_DATE` starts (a cheap test before compiling that)."""
_DATE_LINE = re.compile(
    r"^\s*(?:" + _DATE_LABEL + r"\s*:?\s*(?:on\s+)?)?" + _DATE + r"\s*$", re.IGNORECASE
)

_NAME_WORD = r"[A-Z][\w'’.-]*"
_NAME = _NAME_WORD + r"(?:\s+(?:(?:de|van|von|der|da|di|la|le|bin|al)\s+)?" + _NAME_WORD + r"){0,3}"
_BYLINE = (  # see _compiled
    r"^(?i:by|written by|words by|reporting by|report by)\s+(?P<names>"
    + _NAME
    + r"(?:\s*(?:,|and|&)\s*"
    + _NAME
    + r")*)\s*(?:[,|•–—-]\s*(?P<role>.{0,80}))?$"
)
_BYLINE_START = re.compile(r"(?i:by|written by|words by|reporting by|report by)\s")
"""How every match of :data:`_BYLINE` starts (a cheap test before compiling that)."""
_CREDIT = re.compile(
    r"(?:^|[\s(\[])(?:picture|pictured|photo|photograph|photographs|image|images|credit|"
    r"illustration|video|source)\s*:\s*[^.!?]{1,70}[)\]]?\s*$"
    r"|\((?:photo|picture|image)s?\s+(?:by|credit)[^)]{1,70}\)\s*$"
    r"|(?:getty images|alamy|pa media|pa wire|shutterstock|ap photo|afp via getty images)"
    r"[)\]]?\s*$",
    re.IGNORECASE,
)
_NAV_PHRASES = frozenset(
    {
        "back to news",
        "back to top",
        "back to home",
        "back",
        "home",
        "news",
        "read more",
        "read next",
        "more",
        "share",
        "share this",
        "share this article",
        "share this story",
        "share on facebook",
        "share on twitter",
        "tweet",
        "email",
        "print",
        "advertisement",
        "sponsored",
        "sponsored content",
        "skip to content",
        "skip to main content",
        "sign up",
        "sign in",
        "log in",
        "subscribe",
        "subscribe now",
        "related",
        "related articles",
        "related stories",
        "related topics",
        "more on this story",
        "more from",
        "most read",
        "most popular",
        "trending",
        "leave a comment",
        "leave a reply",
        "comments",
        "show comments",
        "view comments",
        "add a comment",
        "post a comment",
        "follow us",
        "see also",
        "continue reading",
        "listen to this article",
        "close",
        "menu",
        "top stories",
        "you may also like",
        "recommended",
        "loading",
        "click here",
        "support now",
    }
)
_NAV_PREFIX = re.compile(
    r"^(?:read more|related|more on|follow us|share (?:this|on)|sign up for|subscribe to|"
    r"you may also like|most read|recommended for you|see also|also read|watch:|listen:)\b",
    re.IGNORECASE,
)
# Compiled on first use (see _compiled): the patterns below that most articles never need.
_COMMENTS = (
    r"comments? (?:need|needs|are|is|will be|must be) (?:to be )?(?:approved|moderated|reviewed|"
    r"closed|disabled|open)|be the first to comment|join the (?:conversation|discussion)|"
    r"community guidelines|sign in to comment|log in to comment|"
    r"comments have been (?:closed|disabled)|"
    r"post a comment|leave a (?:comment|reply)|your email address will not be published"
)
_DONATION = (
    r"\b(?:donat\w*|contribut(?:e|ion|ions)|subscri\w+|paywalls?|membership|"
    r"support (?:now|us|our|makes|helps|independent|quality)|your support|"
    r"(?:independent|quality|trusted) journalism|sign up|newsletter|free trial|"
    r"read more|become a (?:member|supporter|subscriber)|ad-?free|unlock|"
    r"already a (?:member|subscriber)|register (?:now|for free))\b"
)
_CALL_TO_ACTION = (
    r"\b(?:please\s+)?(?:call|contact|phone|ring|email|visit|book|enquire)\s+"
    r"(?:us|today|now|our|online)\b|\bfree (?:consultation|quote|trial)\b|\blegal aid\b|"
    r"\bt&cs? apply\b|\bterms and conditions apply\b|\bvisit our (?:website|site|shop)\b|"
    r"\bour (?:team|experts|services|solicitors|lawyers)\b|\bno win,? no fee\b"
)
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|yourself|you're|you’re|you've|you’ve)\b", re.I)
_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")
_SENTENCE_START_YOU = re.compile(r"(?:^|[.!?]\s+)(?:you|your|please)\b", re.IGNORECASE)
_OUTLET_SELF = r"\b(The [A-Z][\w’']+(?: [A-Z][\w’']+){0,2})\b"
_COPYRIGHT = r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?P<name>[A-Z][\w&.’' -]{1,40})"
_WIRE = re.compile(r"^[A-Z][A-Z .,'-]{1,40}\((?P<name>[A-Z][\w&]+(?: [A-Z][\w&]+)?)\)\s*[-–—]")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_FRONT_MATTER_KEY = r"^(?P<key>[A-Za-z_ -]{1,20}):\s*(?P<value>.*)$"
_TERMINAL = frozenset(".!?:;,…")
MAX_REPEAT_WORK = 100_000_000
TAIL_ADVERT_MAX_WORDS = 60
_QUOTE_OPENERS = frozenset("\"“‘'«")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The story text of one article, its paragraphs and its metadata."""

    text: str
    paragraphs: tuple[tuple[int, int], ...]
    headings: frozenset[int]
    title: str | None
    byline: str | None
    date: str | None
    outlet: str | None
    removed: tuple[Removed, ...]


@cache
def _compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, once, when a pattern is first needed.

    For the patterns that only some articles need (a date to parse, front matter, text
    that is not plain ASCII, an outlet to find in removed blocks), and for the long ones
    tried only on blocks that start as their matches do (a byline, a "Published ..." line):
    compiling all of this module's patterns took ~8 ms of the first article's cleaning,
    ~5 ms of it for these.
    """
    return re.compile(pattern, flags)


def normalize(raw: str) -> str:
    """Normalise line ends and spaces; strip terminal escape sequences and control characters."""
    text = (
        raw.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n")
    )
    text = _ANSI.sub("", text)
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines)


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ISO 8601 ``YYYY-MM-DD``, or None."""
    for match in _compiled(_DATE, re.IGNORECASE).finditer(text):
        iso = _iso_from_match(match)
        if iso:
            return iso
    return None


def _iso_from_match(match: re.Match[str]) -> str | None:
    if match.group("iso"):
        year, month, day = (int(part) for part in match.group("iso").split("-"))
    elif match.group("d1"):
        day, year = int(match.group("d1")), int(match.group("y1"))
        month = MONTHS[match.group("m1").lower().rstrip(".")]
    else:
        day, year = int(match.group("d2")), int(match.group("y2"))
        month = MONTHS[match.group("m2").lower().rstrip(".")]
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1800 <= year <= 2200):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def words(text: str) -> list[str]:
    """Lower-case word tokens, apostrophes kept inside words."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def _split_blocks(text: str) -> list[str]:
    lines = text.strip("\n").split("\n")
    has_blank = any(not line for line in lines)
    blocks: list[str] = []
    if not has_blank:
        return [line for line in lines if line]
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                blocks.append(" ".join(current))
                current = []
        elif _MD_HEADING.match(line) or re.match(r"^[-*•]\s+\S", line):
            if current:
                blocks.append(" ".join(current))
                current = []
            blocks.append(line)
        else:
            current.append(line)
    if current:
        blocks.append(" ".join(current))
    return blocks


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 4)
    if end == -1 or text[4:end].count("\n") > 40:
        return {}, text
    fields: dict[str, str] = {}
    for line in text[4:end].split("\n"):
        match = _compiled(_FRONT_MATTER_KEY).match(line)
        if match:
            fields[match.group("key").strip().lower()] = match.group("value").strip().strip("\"'")
    if not fields:
        return {}, text
    rest = text[end + 4 :]
    return fields, rest.lstrip("-").lstrip("\n")


def is_heading_like(block: str) -> bool:
    """A short line without closing punctuation: a headline or section heading."""
    if _MD_HEADING.match(block):
        return True
    stripped = block.rstrip()
    if not stripped or stripped[0] in _QUOTE_OPENERS:
        return False
    tokens = stripped.split()
    if len(tokens) > 14 or len(stripped) > 110:
        return False
    if stripped[-1] in _TERMINAL or stripped[-1] in "”\"'’":
        return False
    return any(ch.isalpha() for ch in stripped)


def _is_nav(block: str) -> bool:
    # Word tokens hold no space, so the key has as many words as the block has tokens: stop
    # at the ninth rather than tokenising a whole long paragraph.
    if len(list(islice(_WORD.finditer(block), 9))) > 8:
        return False
    key = " ".join(words(block))
    return key in _NAV_PHRASES or bool(_NAV_PREFIX.match(block.strip()))


def _outside_quotes(block: str) -> str:
    # No match can start after the last closing mark: stopping there keeps unclosed
    # opening marks from making the search quadratic.
    end = max(block.rfind("”"), block.rfind('"')) + 1
    return _QUOTED.sub(" ", block[:end]) + block[end:]


def _reader_addressed(block: str) -> bool:
    plain = _outside_quotes(block)
    hits = len(_SECOND_PERSON.findall(plain))
    return hits >= 2 or bool(_SENTENCE_START_YOU.search(plain))


def _donation_score(block: str) -> int:
    return len(_compiled(_DONATION, re.IGNORECASE).findall(block))


# The three patterns above are all lower-case literals, \w, \s and \b. Python's re runs an
# IGNORECASE alternation branch by branch at every position (several times slower); on a
# lower-cased copy a case-sensitive pattern finds the same matches at the same offsets, as long
# as lower-casing keeps every length and re folds no character of the text onto an ASCII letter
# that str.lower leaves alone (the long s, the dotless i, the Kelvin sign, the dotted capital I).
# That holds for ASCII text and the typographic marks news uses; any other text keeps the
# IGNORECASE patterns.
_COMMENTS_LOWER = re.compile(_COMMENTS)
_DONATION_LOWER = re.compile(_DONATION)
_CALL_TO_ACTION_LOWER = re.compile(_CALL_TO_ACTION)
_NOT_CASE_SIMPLE = re.compile("[^\x00-\x7f\xa0£€¢©®°·•‘’“”–—…]")


def _lowered(block: str) -> str | None:
    """``block.lower()`` when the lower-case patterns may stand in for the IGNORECASE ones."""
    return block.lower() if _NOT_CASE_SIMPLE.search(block) is None else None


_APPEAL = re.compile(
    r"^(?:got|have you got|do you have|have) a (?:story|news story|tip|news tip)\b|"
    r"^(?:email|contact|message|tell) us\b|\bsend (?:us )?your (?:stories|tips|pictures|videos)\b|"
    r"^follow (?:us|[\w.@ ]{1,40}?) on (?:twitter|x|facebook|instagram|tiktok|threads|bluesky|"
    r"linkedin|youtube)\b",
    re.IGNORECASE,
)
_POSTED_LINE = (  # see _compiled
    r"^(?:posted|published|updated|written)\b.{0,60}\bby\b.{1,60}$|^(?:posted|published)\s+"
    + _DATE
    + r".{0,40}$"
)
_POSTED_START = re.compile(r"(?:posted|published|updated|written)\b", re.IGNORECASE)
"""How every match of :data:`_POSTED_LINE` starts (a cheap test before compiling that)."""


def _classify(block: str) -> str | None:
    """The reason a block is not story, or None when it is story (or a heading)."""
    if _DATE_LINE.match(block):
        return "date line"
    size = len(block.split())  # words, counted once (a block may be a whole article)
    if (
        size <= 20
        and _POSTED_START.match(block)
        and _compiled(_POSTED_LINE, re.IGNORECASE).match(block)
    ):
        return "date line"
    if size <= 40 and _APPEAL.search(block):
        return "appeal to readers"
    if size <= 16 and _BYLINE_START.match(block) and _compiled(_BYLINE).match(block):
        return "byline"
    if size <= 40 and _CREDIT.search(block):
        return "photo caption or credit"
    if _is_nav(block):
        return "navigation"
    lowered = _lowered(block)
    if lowered is None:
        comments = _compiled(_COMMENTS, re.IGNORECASE).search(block)
        donation = _donation_score(block)
    else:
        comments = _COMMENTS_LOWER.search(lowered)
        donation = len(_DONATION_LOWER.findall(lowered))
    if comments:
        return "comment box"
    if donation >= 3 or (donation >= 2 and size <= 25):
        return "donation or subscription banner"
    if lowered is None:
        action = _compiled(_CALL_TO_ACTION, re.IGNORECASE).search(_outside_quotes(block))
    else:  # the quote marks are not letters: lower-casing keeps what lies outside them
        action = _CALL_TO_ACTION_LOWER.search(_outside_quotes(lowered))
    if action and _reader_addressed(block):
        return "advertisement"
    return None


def _normalized_words(block: str) -> str:
    """``" ".join(words(block))``: lower-casing the joined words at once gives the same text
    (the only context str.lower looks at, a final sigma, ends at a word's edge)."""
    return " ".join(_WORD.findall(block)).lower().replace("’", "'")


def _find_outlet(removed: list[Removed], blocks: list[str]) -> str | None:
    for block in blocks[:3]:
        match = _WIRE.match(block)
        if match:
            return match.group("name")
    for item in removed:
        match = _compiled(_COPYRIGHT, re.IGNORECASE).search(item.text)
        if match and item.reason != "donation or subscription banner":
            return match.group("name").strip().rstrip(".")
    counts: Counter[str] = Counter()
    for item in removed:
        if item.reason == "donation or subscription banner":
            counts.update(_compiled(_OUTLET_SELF).findall(item.text))
    if counts:
        name, count = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if count >= 2:
            return name
    return None


def clean(raw: str) -> Cleaned:
    """Clean one article's raw text."""
    text = normalize(raw)
    meta, text = _front_matter(text)
    title = meta.get("title") or meta.get("headline") or None
    byline = meta.get("author") or meta.get("byline") or None
    date = parse_date(meta.get("date", "")) if meta.get("date") else None
    outlet = meta.get("outlet") or meta.get("site") or meta.get("source") or meta.get("publisher")
    removed: list[Removed] = []

    blocks = _split_blocks(text)
    if blocks:
        leading = None
        if _LEADING_LABEL.match(blocks[0]):
            leading = _compiled(_LEADING_DATE, re.IGNORECASE).match(blocks[0])
        if leading:
            date = date or parse_date(leading.group(0))
            removed.append(Removed(leading.group(0).strip(), "date marker"))
            rest = blocks[0][leading.end() :].strip()
            if rest.lower().startswith("by ") and len(rest.split()) <= 6:
                match = _compiled(_BYLINE).match(rest)
                byline = byline or (match.group("names").strip() if match else None)
                removed.append(Removed(rest, "byline"))
                rest = ""
            blocks = ([rest] if rest else []) + blocks[1:]

    kept: list[tuple[str, bool]] = []  # (block, is_heading)
    seen_story = False
    for block in blocks:
        reason = _classify(block)
        if reason == "date line":
            date = date or parse_date(block)
        if reason == "byline" and byline is None:
            match = _compiled(_BYLINE).match(block)
            byline = match.group("names").strip() if match else None
        if reason:
            removed.append(Removed(block, reason))
            continue
        heading = is_heading_like(block)
        if heading and not seen_story and title is None:
            title = _MD_HEADING.sub("", block).strip()
            continue
        if title and heading and _normalized_words(block) == _normalized_words(title):
            removed.append(Removed(block, "repeated title"))
            continue
        if not heading:
            seen_story = True
        kept.append((_MD_HEADING.sub("", block).strip() if heading else block, heading))

    kept = _drop_trailing_junk(kept, removed)
    kept = _drop_repeats(kept, removed)
    while kept and kept[-1][1]:
        removed.append(Removed(kept.pop()[0], "heading with no story after it"))

    if outlet is None:
        outlet = _find_outlet(removed, [b for b, _ in kept])

    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    headings: set[int] = set()
    offset = 0
    for index, (block, heading) in enumerate(kept):
        if parts:
            offset += 2
        spans.append((offset, offset + len(block)))
        parts.append(block)
        offset += len(block)
        if heading:
            headings.add(index)
    return Cleaned(
        text="\n\n".join(parts),
        paragraphs=tuple(spans),
        headings=frozenset(headings),
        title=title,
        byline=byline,
        date=date,
        outlet=outlet,
        removed=tuple(removed),
    )


def _drop_trailing_junk(
    kept: list[tuple[str, bool]], removed: list[Removed]
) -> list[tuple[str, bool]]:
    """Drop the tail after the story: reader-addressed adverts and the name lines above them.

    Adverts are short; a long paragraph that happens to say "you" is story. The first story
    paragraph is never dropped this way.
    """
    tail: list[Removed] = []
    end = len(kept)
    first_story = next((i for i, (_, heading) in enumerate(kept) if not heading), len(kept))
    while end > first_story + 1:
        block, heading = kept[end - 1]
        if len(block.split()) <= TAIL_ADVERT_MAX_WORDS and _reader_addressed(block):
            tail.append(Removed(block, "advertisement or appeal addressed to the reader"))
        elif heading and tail:
            tail.append(Removed(block, "heading of a block that is not story"))
        else:
            break
        end -= 1
    removed.extend(reversed(tail))
    return kept[:end]


def _keep_rank(block: str, index: int) -> tuple[bool, int]:
    """Which copy of a repeated block to keep: the one that closes like prose, else the first."""
    return (block.rstrip()[-1:] in _TERMINAL or block.rstrip()[-1:] in "”\"'’", -index)


def _drop_repeats(kept: list[tuple[str, bool]], removed: list[Removed]) -> list[tuple[str, bool]]:
    """Drop blocks repeated elsewhere in the article (pull quotes, duplicated paragraphs).

    Of exact repeats the best copy stays; a block found inside a longer block goes. That
    search compares pairs of blocks, so it stops after ``MAX_REPEAT_WORK`` (characters
    compared plus 100 a pair): on huge files only exact repeats are dropped after that.
    """
    if len(kept) < 2:
        return list(kept)  # nothing to repeat
    normalized = [_normalized_words(block) for block, _ in kept]
    best: dict[str, int] = {}
    for index, key in enumerate(normalized):
        if key not in best or _keep_rank(kept[index][0], index) > _keep_rank(
            kept[best[key]][0], best[key]
        ):
            best[key] = index
    longest_last = sorted(best, key=len)
    lengths = [len(key) for key in longest_last]
    inside: set[str] = set()
    work = 0
    for key in best:
        if work > MAX_REPEAT_WORK:
            break
        if len(key.split()) < 6:
            continue
        for longer in range(bisect_right(lengths, len(key)), len(longest_last)):
            work += 100 + lengths[longer]
            if work > MAX_REPEAT_WORK:
                break
            if key in longest_last[longer]:
                inside.add(key)
                break
    result: list[tuple[str, bool]] = []
    for index, (block, heading) in enumerate(kept):
        key = normalized[index]
        if len(key.split()) >= 6 and (best[key] != index or key in inside):
            removed.append(Removed(block, "repeated text (pull quote or duplicate)"))
        else:
            result.append((block, heading))
    return result
