"""Reporting verbs, speaker noun phrases and name coreference for quote attribution.

Works on tokens ``(text, start, end)`` with absolute offsets into the article text,
so every phrase found here maps back to a span. Nothing here raises on odd input
and every scan is bounded by the token window it is given.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

Token = tuple[str, int, int]

# Latin-1 symbols, C1 controls and combining marks inside a word are letters decoded
# wrongly or accents: "FranÃÂ§ois" is one word (a no-break space is not among them).
_IN_WORD = "\u0080-\u009f\u00a1-\u00bf\u0300-\u036f"
_TOKEN_RE = re.compile(rf"[^\W_]+(?:(?:['’\-&]|[{_IN_WORD}]+)[^\W_]+)*(?:(?<=[sS])['’](?=\s))?|\S")


def word_set(text: str) -> frozenset[str]:
    """The set of space-separated words in ``text``."""
    return frozenset(text.split())


_MANNER_OF_SPEAKING = word_set(
    "beamed gushed marveled marvelled sighed scoffed fumed groaned bellowed muttered murmured "
    "sneered teased chided scolded crowed bragged raved"
)
"""Verbs of how something was said ("“...!” beamed Hartley"), before or after the speaker."""

CUE_VERBS = _MANNER_OF_SPEAKING | word_set(
    "say says said tell tells told add adds added ask asks asked explain explains explained "
    "write writes wrote tweets tweeted posted states stated declare declares declared insist "
    "insists insisted argue argues argued claims claimed warn warns warned notes noted "
    "continue continues continued reply replies replied respond responds responded recall "
    "recalls recalled acknowledge acknowledges acknowledged admit admits admitted announce "
    "announces announced comments commented concede concedes conceded confirm confirms "
    "confirmed caution cautions cautioned emphasize emphasizes emphasized emphasise emphasises "
    "emphasised observe observes observed remarks remarked suggest suggests suggested urge "
    "urges urged jokes joked quips quipped shouts shouted yells yelled wonder wonders wondered "
    "conclude concludes concluded predict predicts predicted promises promised vows vowed "
    "boasts boasted complain complains complained counters countered contend contends "
    "contended maintain maintains maintained reiterate reiterates reiterated repeats repeated "
    "testify testifies testified whispers whispered muses mused stresses stressed exclaim "
    "exclaims exclaimed pleads pleaded demands demanded proclaim proclaims proclaimed allege "
    "alleges alleged agree agrees agreed objects objected protests protested describe "
    "describes described believe believes believed thundered snapped chanted cried screamed "
    "texted emailed messaged blogged recounted answered retorted mocks mocked quoted opined "
    "accuse accuses accused criticize criticizes criticized criticise criticises criticised "
    "blasts blasted slams slammed rips ripped deride derides derided attacks attacked hails "
    "hailed praises praised calls called dismiss dismisses dismissed denounce denounces "
    "denounced condemn condemns condemned laments lamented touts touted pledges pledged "
    "cites cited charged reported vented reacted elaborate elaborates elaborated proposed "
    "proposes counter"
)
"""Finite reporting verbs ("said", "told", "tweeted") whose subject is a speaker."""

INVERTED_CUES = _MANNER_OF_SPEAKING | word_set(
    "said says added adds asked asks wrote writes continued continues explained explains "
    "recalled recalls replied replies responded responds noted notes argued argues insisted "
    "insists warned warns tweeted declared declares concluded concludes countered counters "
    "quipped quips joked jokes remarked remarks observed observes stated states acknowledged "
    "admitted conceded cautioned cautions emphasized stressed suggested suggests urged urges "
    "wondered wonders complained complains predicted predicts promised promises boasted "
    "boasts reiterated reiterates repeated repeats whispered mused exclaimed pleaded "
    "proclaimed opined retorted answered announced announces commented comments confirmed "
    "confirms claimed claims posted read reads reacted reported reports elaborated"
)
"""Reporting verbs that can come before their subject (“...,” said Heathcote)."""

PARTICIPLES = word_set(
    "saying adding noting telling writing explaining arguing insisting warning declaring "
    "stating asking claiming urging stressing suggesting tweeting posting joking quipping "
    "complaining replying responding recalling acknowledging admitting continuing "
    "concluding describing calling accusing praising blasting criticizing advising shouting "
    "citing predicting vowing promising"
)
"""Participles ("adding:", "as saying:") whose speaker is the clause's subject."""

WEAK_CUES = word_set("read reads put puts")
"""Verbs that attribute only right after a quote ("…," the statement read)."""

PRONOUNS = word_set("he she they it we i you")
_RESOLVABLE_PRONOUNS = word_set("he she they it")

DETERMINERS = word_set(
    "a an the one another his her their its our my your this these those some several many "
    "two three four five six seven eight nine ten dozens hundreds thousands"
)
_ARTICLES = word_set("a an the")
_QUANTIFIERS = word_set("one another some several many two three four five others")
_CONNECTORS = word_set("of for at from and &")
_PREPOSITIONS = word_set(
    "in on at during with by from over under into about through across around near outside "
    "inside behind beside along toward towards against among between without within onto upon "
    "via"
)
_STOP = word_set(
    "that and but or nor so because when while as if although though since after before "
    "where which who whom whose what how why in on with by to into about over under than "
    "during not also has have had is was were are be been being will would could should can "
    "may might must do does did then there here meanwhile however yet still now instead "
    "later earlier recently again once previously just only even never always already "
    "reportedly further this week last next today yesterday tomorrow tonight it's "
    "according per via against between among without within upon until unless whether "
    "both either neither all any each every no such many much more most less few very too "
    "quite rather really like unlike despite per through across around near outside inside "
    "behind beside along toward towards onto "
    "show shows find finds found see sees saw think thinks thought know knows knew mean means "
    "meant hear hears heard reveal reveals indicate indicates make makes made get gets got "
    "take takes took give gives gave want wants need needs let lets seem seems become becomes "
    "became come comes came go goes went keep keeps kept look looks support supports oppose "
    "opposes help helps use uses try tries win wins won lose loses lost run runs ran"
)
_AUX_ADVERBS = word_set(
    "has have had was is were are would will also later then previously again recently "
    "earlier once reportedly simply just further since never always often repeatedly "
    "flatly bluntly publicly privately angrily quickly separately similarly subsequently "
    "additionally initially originally first finally being been be did does do not on last "
    "this late early monday tuesday wednesday thursday friday saturday sunday night morning "
    "afternoon evening week weekend month year today yesterday tonight could should might "
    "must may can"
)
_TITLES = word_set(
    "president vice sen senator rep representative gov governor mayor secretary minister "
    "chancellor commissioner chief director chairman chairwoman chair leader judge justice "
    "attorney general gen lt col capt captain sgt sergeant officer detective inspector "
    "superintendent constable deputy former speaker ambassador prime premier councillor "
    "councilor councilman councilwoman commander admiral pope king queen prince princess "
    "bishop archbishop professor prof dean coach sheriff founder executive mp mep msp mla "
    "mr mrs ms miss dr sir dame lord lady rev reverend republican democrat democratic "
    "labour conservative tory liberal gop candidate nominee senior junior assistant "
    "acting interim managing associate lieutenant colonel major private corporal"
)
ROLE_WORDS = word_set(
    "spokesman spokeswoman spokesperson spokespeople spokesmen official officials aide aides "
    "adviser advisers advisor advisors secretary minister president leader leaders chairman "
    "chairwoman chair director manager member members worker workers staff staffer staffers "
    "source sources supporter supporters critic critics candidate nominee senator congressman "
    "congresswoman governor mayor lawyer lawyers attorney judge officer officers police union "
    "party campaign committee group report statement poll survey analyst analysts expert "
    "experts economist economists strategist strategists consultant voter voters resident "
    "residents protester protesters people man woman men women student students teacher "
    "teachers parent parents mother father wife husband son daughter friend colleague "
    "colleagues executive chief head founder professor researcher researchers scientist "
    "doctor nurse writer author editor reporter journalist columnist host anchor commentator "
    "pollster pundit insider insiders representative representatives delegate delegates "
    "lawmaker lawmakers legislator legislators activist activists organizer organizers "
    "authorities investigators prosecutor prosecutors agency department ministry government "
    "administration office board council company firm spokesperson general deputy senior "
    "former press communications national political local state federal top longtime "
    "veteran campaign's chief's secretary's manager director's operative operatives "
    "fellow chairs commissioner presidential democratic republican"
)
"""Lowercase words that continue a speaker phrase after a name ("Clinton campaign manager")."""
_PERSON_NOUNS = word_set(
    "spokesman spokeswoman spokesperson official aide adviser advisor secretary minister "
    "president leader chairman chairwoman director manager member worker staffer source "
    "supporter critic candidate nominee senator congressman congresswoman governor mayor "
    "lawyer attorney judge officer analyst expert economist strategist consultant voter "
    "resident protester man woman student teacher parent mother father wife husband son "
    "daughter friend colleague executive chief founder professor researcher scientist doctor "
    "nurse writer author editor reporter journalist columnist host anchor commentator "
    "pollster pundit insider representative delegate lawmaker legislator activist organizer "
    "prosecutor operative fellow"
)
ABBREVIATIONS = word_set(
    "mr mrs ms dr prof sen rep gov gen lt col capt sgt st jr sr rev no vs etc inc corp co "
    "ltd jan feb mar apr jun jul aug sep sept oct nov dec mt ft ave"
)
_SENTENCE_END = frozenset(".!?")
_NP_MAX = 10


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Words and single punctuation marks of ``text[start:end]`` with absolute offsets."""
    stop = len(text) if end is None else end
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text, start, stop)]


def is_word(tok: str) -> bool:
    """Whether a token is a word rather than punctuation."""
    return tok[:1].isalnum()


def _is_capital(tok: str) -> bool:
    return tok[:1].isupper() or tok[:1].isdigit()


def _lower(tok: str) -> str:
    return tok.lower().replace("’", "'")


def is_cue(tok: str) -> bool:
    """A finite reporting verb."""
    return tok[:1].islower() and _lower(tok) in CUE_VERBS


def is_inverted_cue(tok: str) -> bool:
    """A reporting verb that may precede its subject ("said Heathcote")."""
    return tok[:1].islower() and _lower(tok) in INVERTED_CUES


_NOUN_LIKE_CUES = word_set(
    "claims reports notes comments states calls charges cites promises demands remarks "
    "counters answers quotes posts tweets attacks praises blasts slams rips jokes vows pledges "
    "laments protests objects stresses"
)
_MODALS = word_set("will would could should can may might must shall to")
_BARE_CUES = word_set("continue continues continued")
"""Verbs that report speech only when punctuation or a quote follows them."""
_PHRASAL = {
    "pointed": "out", "points": "out", "put": "it", "puts": "it", "shot": "back",
    "fired": "back", "hit": "back", "hits": "back", "chimed": "in", "weighed": "in",
    "summed": "up", "sums": "up", "went": "on", "goes": "on", "spoke": "out",
}  # fmt: skip


def cue_at(tokens: Sequence[Token], k: int) -> bool:
    """Whether token ``k`` is a reporting verb used as a verb (not "their stress tests")."""
    word = tokens[k][0]
    particle = _PHRASAL.get(word)
    if particle is not None:
        return k + 1 < len(tokens) and tokens[k + 1][0] == particle
    if not is_cue(word):
        return False
    if _lower(word) in _BARE_CUES:
        nxt = tokens[k + 1][0] if k + 1 < len(tokens) else ""
        prev = _lower(tokens[k - 1][0]) if k > 0 else ""
        if prev in _MODALS:
            return False  # "would continue “to fight”"
        # "he continued: “...”", "continued his remarks", not "continued to be"
        return not nxt or not is_word(nxt) or _lower(nxt) in ("his", "her", "their", "with")
    if k > 0:
        prev = _lower(tokens[k - 1][0])
        if prev in DETERMINERS or prev.endswith("'s") or prev in ("to", "a"):
            return False
    if _lower(word) in _NOUN_LIKE_CUES:
        # "Clinton claims Trump ..." is a verb; "Republican claims as false" is a noun.
        nxt = tokens[k + 1][0] if k + 1 < len(tokens) else ""
        after_comma = tokens[k + 2][0] if nxt == "," and k + 2 < len(tokens) else ""
        return (
            not nxt
            or nxt[:1].isupper()
            or nxt == ":"
            or (after_comma != "" and after_comma in "\"“‘'")
            or nxt in "\"“‘'"
            or _lower(nxt) in ("that", "to")
            or _lower(nxt) in DETERMINERS
            or is_pronoun(nxt)
        )
    return True


def is_participle(tok: str) -> bool:
    """A reporting participle ("adding", "saying")."""
    return tok[:1].islower() and _lower(tok) in PARTICIPLES


def is_boundary(tokens: Sequence[Token], i: int) -> bool:
    """Whether token ``i`` ends a sentence (a full stop that is not an abbreviation)."""
    tok = tokens[i][0]
    if tok not in _SENTENCE_END:
        return False
    if tok == "." and i > 0:
        prev = tokens[i - 1][0]
        if tokens[i - 1][2] == tokens[i][1] and (
            _lower(prev) in ABBREVIATIONS or (len(prev) == 1 and prev.isupper())
        ):
            return False
    if i + 1 < len(tokens):
        nxt = tokens[i + 1][0]
        if tokens[i][2] == tokens[i + 1][1] and is_word(nxt):
            return False  # "N.Y", "U.S"
        return nxt[:1].isupper() or nxt[:1].isdigit() or nxt in "\"“‘'([«"
    return True


_NAME_LIKE = frozenset({"may", "will", "can", "rather", "just", "long", "young", "rich", "much"})


def stops_np(tok: str, suffixes: bool = True) -> bool:
    """Whether a word ends a speaker phrase (function words, verbs, adverbs); with
    ``suffixes``, also any lowercase word that looks like a verb or adverb form."""
    low = _lower(tok)
    if tok[:1].isupper() and low in _NAME_LIKE:
        return False
    if low in _STOP or low in CUE_VERBS or low in PARTICIPLES or low in WEAK_CUES:
        return True
    if low.endswith("n't"):
        return True
    if tok[:1].isupper() or not suffixes:
        return False
    return low.endswith(("ly", "ed", "ing")) and len(low) > 4


def _abbrev_dot(tokens: Sequence[Token], i: int) -> bool:
    """Whether ``tokens[i]`` is the dot of an abbreviation such as "Sen." or an initial."""
    if tokens[i][0] != "." or i == 0:
        return False
    prev = tokens[i - 1][0]
    return tokens[i - 1][2] == tokens[i][1] and (
        _lower(prev) in ABBREVIATIONS or (len(prev) == 1 and prev.isupper())
    )


def np_backward(tokens: Sequence[Token], j: int, lo: int = 0) -> tuple[int, int] | None:
    """The noun phrase ending at token ``j`` (inclusive), as a token range ``[a, b)``."""
    if j < lo or j >= len(tokens):
        return None
    if is_pronoun(tokens[j][0]):
        return (j, j + 1)
    k = j
    start: int | None = None
    count = 0
    while k >= lo and count < _NP_MAX:
        tok = tokens[k][0]
        low = _lower(tok)
        if tok == ")":
            m = k - 1
            while m >= max(lo, k - 8) and tokens[m][0] != "(":
                m -= 1
            if m < lo or tokens[m][0] != "(" or (start is None and k != j):
                break
            start, k = m, m - 1
            continue
        if is_word(tok):
            if low in DETERMINERS:
                start = k
                # "spokesman for the Met": a determiner after "of/for/at/from" stays inside.
                if (
                    k - 2 >= lo
                    and _lower(tokens[k - 1][0]) in ("of", "for", "at", "from")
                    and is_word(tokens[k - 2][0])
                    and not stops_np(tokens[k - 2][0])
                    and _lower(tokens[k - 2][0]) not in DETERMINERS
                ):
                    k -= 2
                    continue
                break
            if low in _CONNECTORS:
                if start is None or k - 1 < lo or not is_word(tokens[k - 1][0]):
                    break
                if low in ("and", "&") and not (
                    _is_capital(tokens[k - 1][0]) and _is_capital(tokens[start][0])
                ):
                    break
                k -= 1
                continue
            if stops_np(tok) or low in PRONOUNS:
                break
            start = k
            count += 1
        elif tok == "." and _abbrev_dot(tokens, k):
            k -= 1
            continue
        elif tok in "-&" and start is not None and k - 1 >= lo and is_word(tokens[k - 1][0]):
            pass
        else:
            break
        k -= 1
    if start is None:
        return None
    if all(_lower(t[0]) in DETERMINERS for t in tokens[start : j + 1]):
        return (start, j + 1) if _lower(tokens[start][0]) in _QUANTIFIERS else None
    return (start, j + 1)


def np_forward(tokens: Sequence[Token], i: int, hi: int | None = None) -> tuple[int, int] | None:
    """The noun phrase starting at token ``i``, as a token range ``[a, b)``."""
    limit = len(tokens) if hi is None else min(hi, len(tokens))
    if i >= limit:
        return None
    if is_pronoun(tokens[i][0]):
        return (i, i + 1)
    k = i
    end: int | None = None
    count = 0
    after_connector = False
    while k < limit and count < _NP_MAX:
        tok = tokens[k][0]
        low = _lower(tok)
        if is_word(tok):
            if low in DETERMINERS:
                if end is not None and not after_connector:
                    break
                after_connector = False
                if low in _QUANTIFIERS and end is None:
                    end = k + 1  # "one of two witnesses", "read one."
                k += 1
                continue
            after_connector = False
            if low in _CONNECTORS:
                if end is None:
                    break
                after_connector = low in ("of", "for", "at", "from")
                if low in ("and", "&") and not (
                    k + 1 < limit
                    and _is_capital(tokens[k + 1][0])
                    and _is_capital(tokens[k - 1][0])
                ):
                    break
                k += 1
                continue
            if stops_np(tok, suffixes=end is not None) or low in PRONOUNS:
                break
            if (
                end is not None
                and tok[:1].islower()
                and low not in ROLE_WORDS
                and _is_capital(tokens[end - 1][0])
            ):
                break
            end = k + 1
            count += 1
        elif tok == "(" and end is not None:
            m = k + 1
            while m < min(limit, k + 8) and tokens[m][0] != ")":
                m += 1
            if m >= limit or tokens[m][0] != ")":
                break
            end, k = m + 1, m + 1
            continue
        elif tok == "." and _abbrev_dot(tokens, k):
            end = k + 1
        elif tok in "-&" and end is not None:
            pass
        else:
            break
        k += 1
    if end is None:
        return None
    return (i, end)


def _looks_appositive(tokens: Sequence[Token], a: int, b: int) -> bool:
    """Whether tokens ``[a, b)`` between commas read as an appositive or aside."""
    if a >= b:
        return False
    first = tokens[a][0]
    low = _lower(first)
    if low in ("who", "which", "whose", "whom", "where") or low in DETERMINERS:
        return True
    if first[:1].isdigit() or first[:1].islower():
        return True
    if any(_lower(t[0]) in ROLE_WORDS for t in tokens[a:b]):
        return True
    return all(
        _is_capital(t[0]) or not is_word(t[0]) or _lower(t[0]) in _CONNECTORS for t in tokens[a:b]
    )


_MANNER_ADVERBS = word_set(
    "jokingly boldly erroneously falsely wrongly mistakenly incorrectly correctly openly loudly "
    "quietly sharply strongly firmly bitterly proudly tearfully emotionally forcefully curtly "
    "sarcastically famously memorably pointedly explicitly directly personally formally "
    "officially frequently routinely consistently constantly regularly occasionally briefly "
    "vaguely vigorously baselessly repeatedly angrily calmly casually"
)


def is_aux(tok: str) -> bool:
    """An auxiliary, modal, negation or time word between a subject and its verb."""
    low = _lower(tok)
    if tok[:1].isupper() and low in _NAME_LIKE:
        return False  # "Theresa May said"
    return low in _AUX_ADVERBS or low in _MANNER_ADVERBS or low.endswith("n't")


def _skip_back(tokens: Sequence[Token], j: int, lo: int) -> int:
    while j >= lo and is_aux(tokens[j][0]):
        j -= 1
    return j


_QUANTIFIER_SUBJECTS = word_set("most many some others both all few several")


def subject_before(tokens: Sequence[Token], k: int, lo: int = 0) -> tuple[int, int] | None:
    """The subject of the reporting verb at token ``k``, skipping auxiliaries, time phrases,
    asides ("One worker, who asked to remain anonymous, said") and relative pronouns."""
    j = _skip_back(tokens, k - 1, lo)
    for _ in range(3):
        if j < lo:
            return None
        if tokens[j][0] == ",":
            return _subject_before_aside(tokens, j, lo)
        if tokens[j][0] in ("who", "which", "that") and j - 1 >= lo:
            # "Beck, who has ... described": the speaker is what "who" stands for.
            j -= 1
            if tokens[j][0] in ",—–-(":
                j -= 1
            return np_backward(tokens, j, lo)
        found = np_backward(tokens, j, lo)
        if found is None:
            if _lower(tokens[j][0]) in _QUANTIFIER_SUBJECTS and (
                j == lo or not is_word(tokens[j - 1][0])
            ):
                return (j, j + 1)  # "; most said they were “very worried.”"
            return None
        a = found[0]
        prev = _lower(tokens[a - 1][0]) if a > lo else ""
        if (prev in _PREPOSITIONS or prev == "to") and a - 2 >= lo:
            j = _skip_back(tokens, a - 2, lo)  # "in the past described": step over the phrase
            if j >= lo and _lower(tokens[j][0]).endswith("ing") and tokens[j][0][:1].islower():
                j -= 1  # "Another source speaking to Fox News said"
            continue
        return found
    return None


def _inside_relative(tokens: Sequence[Token], a: int, lo: int) -> bool:
    """Whether the phrase starting at ``a`` follows a comma that closes the start of a
    relative clause (", whose latest start-up, Paradata, ...")."""
    if a - 1 < lo or tokens[a - 1][0] != ",":
        return False
    m = a - 2
    while m >= max(lo, a - 12) and tokens[m][0] not in ",;:!?":
        m -= 1
    return m >= lo and tokens[m][0] == "," and _lower(tokens[m + 1][0]) in ("whose", "who", "which")


def _subject_before_aside(tokens: Sequence[Token], j: int, lo: int) -> tuple[int, int] | None:
    for _ in range(3):
        m = j - 1
        while m >= max(lo, j - 40) and tokens[m][0] not in ",;:!?":
            m -= 1
        if m < lo or tokens[m][0] != "," or not _looks_appositive(tokens, m + 1, j):
            return None
        before = np_backward(tokens, m - 1, lo)
        if before is not None and _inside_relative(tokens, before[0], lo):
            j = before[0] - 1  # "Slinker, whose start-up, Paradata, uses data, said"
            continue
        if before is not None:
            # "The leader of the ADL, Jonathan Greenblatt, warned": the name is the speaker.
            aside = (m + 1, j)
            if (
                any(tokens[t][0][:1].islower() for t in range(*before))
                and all(_is_capital(t[0]) for t in tokens[aside[0] : aside[1]] if is_word(t[0]))
                and 2 <= j - m - 1 <= 4
            ):
                return aside
            return before
        j = m
    return None


_CONNECTIVES = word_set(
    "but and so yet still meanwhile however now then also instead indeed later , — – -"
)
_FUNCTION_WORDS = word_set(
    "of in on at to for with by from as that which who whom whose and or but than about into "
    "over under after before during since if when while because although though"
)


_PHRASE_OPENERS = word_set(
    "beyond besides despite nothing everything something that's there there's "
    "here after before since until unless because although though while during following "
    "given amid among asked speaking meanwhile however instead like unlike as"
)


def _opens_phrase(tokens: Sequence[Token], k: int, hi: int) -> bool:
    """Whether the capitalised word at ``k`` opens an introductory phrase rather than a name
    ("Beyond that, ...", "Smiling broadly, Trump ...", but "Manning said")."""
    if k >= hi or not tokens[k][0][:1].isupper():
        return False
    low = _lower(tokens[k][0])
    if low in _PHRASE_OPENERS:
        return True
    nxt = tokens[k + 1][0] if k + 1 < hi else ""
    return (
        len(low) > 5
        and low.endswith(("ing", "ly"))
        and (nxt == "," or (nxt[:1].islower() and not is_cue(nxt) and not is_aux(nxt)))
    )


def first_np(
    tokens: Sequence[Token], lo: int, hi: int, need_verb: bool = True
) -> tuple[int, int] | None:
    """The subject that opens the clause ``tokens[lo:hi]``, after any introductory phrase
    ("In a statement, the union ..."), preferring one a verb follows; with ``need_verb``,
    only such a one."""
    while lo < hi and _lower(tokens[lo][0]) in _CONNECTIVES:
        lo += 1
    starts = [lo]
    for k in range(lo, min(hi, lo + 30)):
        if tokens[k][0] == ",":
            starts.append(k + 1)
            if len(starts) == 3:
                break
    fallback: tuple[int, int] | None = None
    for start in starts:
        if _opens_phrase(tokens, start, hi):
            continue
        found = np_forward(tokens, start, hi)
        if found is None:
            continue
        fallback = fallback or found
        j = found[1]
        if j < hi and tokens[j][0] == ",":
            m = j + 1
            while m < min(hi, j + 20) and tokens[m][0] != ",":
                m += 1
            if m < hi and _looks_appositive(tokens, j + 1, m):
                j = m + 1
        while j < hi and is_aux(tokens[j][0]):
            j += 1
        if j < hi and tokens[j][0][:1].islower() and _lower(tokens[j][0]) not in _FUNCTION_WORDS:
            return found
        last = tokens[found[1] - 1][0]
        if j < hi and tokens[j][0] == "that" and found[1] - found[0] > 1 and last[:1].islower():
            return (found[0], found[1] - 1)  # "The Sanders campaign projects that"
    return None if need_verb else fallback


def _pronoun_base(tok: str) -> str:
    return _lower(tok).split("'", 1)[0]  # "he'd", "she's"


def is_person_noun(tok: str) -> bool:
    """A lowercase noun for a person ("spokesman", "workers")."""
    low = _lower(tok)
    return low in _PERSON_NOUNS or (low.endswith("s") and low[:-1] in _PERSON_NOUNS)


def is_pronoun(tok: str) -> bool:
    """A personal pronoun that can stand for a speaker ("he", "she'd")."""
    return _pronoun_base(tok) in PRONOUNS


def resolvable_pronoun(tok: str) -> bool:
    """A third-person pronoun that refers back to an earlier speaker."""
    return _pronoun_base(tok) in _RESOLVABLE_PRONOUNS


def person_run(tokens: Sequence[Token], a: int, b: int) -> tuple[int, int] | None:
    """The personal name inside the phrase ``[a, b)``, without titles or roles.

    "PCS general secretary Fran Heathcote" -> "Fran Heathcote"; "Sen. Ted Cruz" -> "Ted Cruz";
    "Joel Pollak of Breitbart" -> "Joel Pollak". None when the phrase is a role
    ("A Met Police spokesman") rather than a name.
    """
    end = b
    for k in range(a, b):
        if _lower(tokens[k][0]) in ("of", "for", "at", "from") and k > a:
            end = k
            break
    if tokens[end - 1][0] == ")":
        m = end - 1
        while m > a and tokens[m][0] != "(":
            m -= 1
        if m <= a or tokens[m][0] != "(":
            return None
        end = m  # "Dianne Feinstein (D-Calif.)"
    k = end - 1
    if k < a or not tokens[k][0][:1].isupper():
        return None
    run_start = end
    while k >= a:
        tok = tokens[k][0]
        if tok[:1].isupper() and is_word(tok) and _lower(tok) not in DETERMINERS:
            run_start = k
        elif (tok == "." and _abbrev_dot(tokens, k)) or (tok in "-" and k > a):
            pass
        else:
            break
        k -= 1
    # Drop titles ("President", "Sen.", "Labour MP") at the front of the run.
    first = run_start
    for m in range(run_start, end - 1):
        if _lower(tokens[m][0]) in _TITLES:
            first = m + 1
    while first < end and not is_word(tokens[first][0]):
        first += 1
    if first >= end:
        return None
    if end - first == 1 and tokens[first][0].isupper() and len(tokens[first][0]) > 1:
        return None  # an acronym such as "PCS" is an organisation, not a person
    if end < b and end - first < 2:
        return None
    return (first, end)


def role_phrase(tokens: Sequence[Token], a: int, b: int) -> tuple[int, int]:
    """The phrase ``[a, b)`` without its leading article ("A Met Police spokesman")."""
    while a < b - 1 and _lower(tokens[a][0]) in _ARTICLES:
        a += 1
    return (a, b)


def clean_name(text: str) -> str:
    """A name with whitespace runs collapsed and a trailing possessive removed."""
    name = " ".join(text.split())
    for suffix in ("'s", "’s"):
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    return name


class NameIndex:
    """Capitalised multi-word names in an article, for surname coreference."""

    def __init__(self, text: str) -> None:
        self._by_last: dict[str, list[tuple[int, str]]] = {}
        self._people: list[tuple[int, str]] = []
        # Straight over the matches: most tokens are lower-case words or punctuation that end
        # an empty run, so only capitalised words are made into tokens, and only a run of two
        # or more can hold a name (``_add`` drops shorter ones).
        run: list[Token] = []
        for m in _TOKEN_RE.finditer(text):
            word = m.group()
            if word[:1].isupper() and word[:1].isalnum():
                run.append((word, m.start(), m.end()))
                continue
            if not run or (word == "." and len(run[-1][0]) == 1):
                continue
            if len(run) > 1:
                self._add(text, run)
            run = []
        if len(run) > 1:
            self._add(text, run)

    def _add(self, text: str, run: list[Token]) -> None:
        while run and (_lower(run[0][0]) in _STOP or _lower(run[0][0]) in _TITLES):
            run = run[1:]
        if len(run) < 2 or len(run) > 4:
            return
        if any(len(t[0]) > 1 and t[0].isupper() for t in run):
            return
        name = clean_name(text[run[0][1] : run[-1][2]])
        last = clean_name(run[-1][0]).lower()
        self._by_last.setdefault(last, []).append((run[0][1], name))
        self._people.append((run[0][1], name))

    def full_name(self, surname: str, before: int) -> str | None:
        """The most recent full name before offset ``before`` that ends with ``surname``."""
        entries = self._by_last.get(clean_name(surname).lower())
        if not entries:
            return None
        idx = bisect_left(entries, (before, ""))
        if idx == 0:
            return None
        return entries[idx - 1][1]

    def last_person(self, before: int) -> str | None:
        """The most recent capitalised full name before offset ``before``."""
        idx = bisect_left(self._people, (before, ""))
        if idx == 0:
            return None
        return self._people[idx - 1][1]
