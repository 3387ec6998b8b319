"""Small general-English word lists used by the sentence matcher.

Everything here is ordinary news vocabulary, not tuned to any one story:
function words, negations, contractions, irregular verb forms, number words,
and a few groups of words and phrases that news writers use interchangeably.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS: frozenset[str] = _words(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each either few for
    from further had has have having he her here hers herself him himself his how i if in into
    is it its itself just let me more most my myself neither nor now of off on once only or
    other ought our ours ourselves out over own same shall she should so some such than that the
    their theirs them themselves then there these they this those through thus to too under
    until up upon us very was we were what when where whether which while who whom whose why
    will with would you your yours yourself yourselves yet mr mrs ms dr today inc say
    """
)

NEGATIONS: frozenset[str] = _words(
    """
    not no never none nobody nothing nowhere neither nor cannot without
    """
)

# Contraction suffix -> the word it stands for ("'s" is handled by the caller).
CONTRACTION_SUFFIXES: dict[str, str] = {
    "n't": "not",
    "'re": "are",
    "'ve": "have",
    "'ll": "will",
    "'d": "would",
    "'m": "am",
}

# Whole-word contractions whose stem changes ("won't" -> "will not").
CONTRACTION_WORDS: dict[str, tuple[str, ...]] = {
    "won't": ("will", "not"),
    "can't": ("can", "not"),
    "cannot": ("can", "not"),
    "shan't": ("shall", "not"),
    "ain't": ("is", "not"),
    "let's": ("let", "us"),
    # Apostrophes are often lost in copied text.
    "dont": ("do", "not"),
    "doesnt": ("does", "not"),
    "didnt": ("did", "not"),
    "isnt": ("is", "not"),
    "wasnt": ("was", "not"),
    "arent": ("are", "not"),
    "werent": ("were", "not"),
    "havent": ("have", "not"),
    "hasnt": ("has", "not"),
    "hadnt": ("had", "not"),
    "couldnt": ("could", "not"),
    "shouldnt": ("should", "not"),
    "wouldnt": ("would", "not"),
    "cant": ("can", "not"),
}

# Pronouns whose "'s" means "is" rather than a possessive.
S_IS_PRONOUNS: frozenset[str] = _words(
    """
    it he she that there here what who where how this everyone everything nobody
    """
)

# Irregular inflections -> base form, so "went"/"gone" meet "go" after stemming.
IRREGULAR: dict[str, str] = {
    "said": "say",
    "says": "say",
    "went": "go",
    "gone": "go",
    "goes": "go",
    "did": "do",
    "done": "do",
    "does": "do",
    "made": "make",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "got": "get",
    "gotten": "get",
    "came": "come",
    "saw": "see",
    "seen": "see",
    "told": "tell",
    "knew": "know",
    "known": "know",
    "thought": "think",
    "found": "find",
    "left": "leave",
    "began": "begin",
    "begun": "begin",
    "brought": "bring",
    "bought": "buy",
    "sold": "sell",
    "held": "hold",
    "kept": "keep",
    "led": "lead",
    "met": "meet",
    "paid": "pay",
    "rose": "rise",
    "risen": "rise",
    "fell": "fall",
    "fallen": "fall",
    "won": "win",
    "lost": "lose",
    "spent": "spend",
    "sent": "send",
    "built": "build",
    "chose": "choose",
    "chosen": "choose",
    "drew": "draw",
    "drawn": "draw",
    "grew": "grow",
    "grown": "grow",
    "threw": "throw",
    "thrown": "throw",
    "wrote": "write",
    "written": "write",
    "spoke": "speak",
    "spoken": "speak",
    "broke": "break",
    "broken": "break",
    "struck": "strike",
    "stricken": "strike",
    "fought": "fight",
    "caught": "catch",
    "taught": "teach",
    "sought": "seek",
    "hit": "hit",
    "shot": "shoot",
    "ran": "run",
    "felt": "feel",
    "meant": "mean",
    "heard": "hear",
    "stood": "stand",
    "understood": "understand",
    "became": "become",
    "ate": "eat",
    "eaten": "eat",
    "drove": "drive",
    "driven": "drive",
    "flew": "fly",
    "flown": "fly",
    "fled": "flee",
    "hid": "hide",
    "hidden": "hide",
    "slid": "slide",
    "sank": "sink",
    "sunk": "sink",
    "shook": "shake",
    "wore": "wear",
    "worn": "wear",
    "withdrew": "withdraw",
    "withdrawn": "withdraw",
    "forbade": "forbid",
    "forgave": "forgive",
    "overtook": "overtake",
    "undertook": "undertake",
    "upheld": "uphold",
    "children": "child",
    "men": "man",
    "women": "woman",
    "people": "person",
    "mice": "mouse",
    "feet": "foot",
    "teeth": "tooth",
}

NUMBER_WORDS: dict[str, str] = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "thirteen": "13",
    "fourteen": "14",
    "fifteen": "15",
    "sixteen": "16",
    "seventeen": "17",
    "eighteen": "18",
    "nineteen": "19",
    "twenty": "20",
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "sixty": "60",
    "seventy": "70",
    "eighty": "80",
    "ninety": "90",
    "hundred": "100",
    "thousand": "1000",
    "million": "1000000",
    "billion": "1000000000",
    "dozen": "12",
    "first": "1st",
    "second": "2nd",
    "third": "3rd",
    "fourth": "4th",
    "fifth": "5th",
    "half": "0.5",
}

# Groups of interchangeable news words and phrases. Each phrase is a space-separated
# sequence of base forms (stemmed by the caller); every member is rewritten to the
# group's first member. Longer phrases win over shorter ones.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("strike", "walkout", "walk out", "industrial action", "stoppage", "go on strike"),
    ("agreement", "deal", "accord", "pact", "arrangement", "settlement"),
    ("staff", "employee", "worker", "personnel", "workforce", "staffer"),
    (
        "reverse",
        "go back on",
        "backtrack",
        "backtrack on",
        "renege",
        "renege on",
        "u turn",
        "u turn on",
        "scrap",
        "overturn",
        "rescind",
        "revoke",
    ),
    (
        "support",
        "back",
        "vote for",
        "vote to",
        "vote in favour of",
        "vote in favor of",
        "endorse",
    ),
    ("say", "state", "announce", "declare"),
    ("buy", "purchase", "acquire"),
    ("rise", "increase", "climb", "jump", "gain", "go up", "grow", "soar"),
    ("fall", "decrease", "decline", "drop", "slide", "go down", "slip"),
    ("big", "large", "major"),
    ("start", "begin", "launch", "commence"),
    ("end", "finish", "conclude", "halt"),
    ("plan", "proposal", "scheme"),
    ("kill", "slay"),
    ("die", "pass away"),
    ("arrest", "detain", "take into custody"),
    ("charge", "accuse"),
    ("company", "firm", "business"),
    ("government", "administration"),
    ("spokesperson", "spokesman", "spokeswoman"),
    ("chief executive", "ceo", "chief executive officer"),
    ("cut", "reduce", "curb", "cut back on", "scale back"),
    ("need", "require"),
    ("help", "assist", "aid"),
    ("show", "reveal", "indicate", "demonstrate"),
    ("try", "attempt", "seek"),
    ("quit", "resign", "step down"),
    ("sack", "fire", "dismiss", "lay off"),
    ("percent", "per cent", "pct", "%"),
    ("usa", "united states", "america"),
    ("uk", "britain", "united kingdom"),
    ("police", "police force"),
    ("talk", "negotiation"),
    ("poll", "survey"),
    ("ballot", "vote"),
    ("row", "dispute"),
    ("about", "around", "approximately", "roughly", "some", "nearly", "almost"),
    (
        "today",
        "yesterday",
        "tomorrow",
        "tonight",
        "last night",
        "this morning",
        "this afternoon",
        "this evening",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ),
    ("inc", "corp", "co", "ltd", "plc", "llc", "corporation", "incorporated"),
)

# After "back", these words mean a direction, not support ("back to work").
BACK_DIRECTION_NEXT: frozenset[str] = _words(
    """
    to into home from down up off out away in on onto toward towards
    """
)

# Pairs of words with opposite meanings in news reports ("rose"/"fell",
# "accept"/"reject"); members of synonym groups stand for their whole group.
ANTONYMS: tuple[tuple[str, str], ...] = (
    ("open", "close"),
    ("open", "shut"),
    ("accept", "reject"),
    ("approve", "reject"),
    ("agree", "refuse"),
    ("support", "oppose"),
    ("rise", "fall"),
    ("win", "lose"),
    ("guilty", "innocent"),
    ("convict", "acquit"),
    ("allow", "ban"),
    ("allow", "forbid"),
    ("permit", "ban"),
    ("keep", "close"),
    ("keep", "scrap"),
    ("start", "end"),
    ("higher", "lower"),
    ("more", "less"),
    ("more", "fewer"),
    ("increase", "cut"),
    ("gain", "loss"),
    ("profit", "loss"),
    ("strong", "weak"),
    ("before", "after"),
    ("first", "last"),
    ("hire", "sack"),
    ("join", "leave"),
    ("arrive", "depart"),
    ("success", "failure"),
    ("succeed", "fail"),
    ("pass", "fail"),
    ("include", "exclude"),
    ("confirm", "deny"),
    ("admit", "deny"),
    ("legal", "illegal"),
    ("alive", "dead"),
    ("survive", "die"),
    ("release", "detain"),
    ("free", "arrest"),
    ("up", "down"),
    ("above", "below"),
    ("maximum", "minimum"),
    ("most", "least"),
    ("increase", "reduce"),
    ("expand", "reduce"),
    ("return", "leave"),
)
