"""A small invented story built by hand, so TUI tests do not depend on engine tuning."""

from __future__ import annotations

import re
from dataclasses import replace

from reader.model import Analysis, Claim, Discrepancy, Figure, Quote, Sentence, Source, Story


def make_source(
    source_id: str,
    *,
    title: str | None,
    outlet: str | None,
    date: str | None,
    paragraphs: list[list[str]],
    figures: tuple[str, ...] = (),
    quotes: tuple[tuple[str, str | None, str | None], ...] = (),
) -> Source:
    """A source whose offsets are computed from its paragraphs of sentences."""
    text = ""
    spans: list[tuple[int, int]] = []
    sentences: list[Sentence] = []
    for number, paragraph in enumerate(paragraphs):
        if text:
            text += "\n\n"
        start = len(text)
        for sentence in paragraph:
            if len(text) > start:
                text += " "
            sentences.append(
                Sentence(
                    f"{source_id}:{len(sentences) + 1}",
                    len(text),
                    len(text) + len(sentence),
                    number,
                )
            )
            text += sentence
        spans.append((start, len(text)))
    found_figures = []
    for surface in figures:
        at = text.index(surface)
        found_figures.append(Figure(at, at + len(surface), surface, "percent", 0.0, None, 0.0, 0.0))
    found_quotes = []
    for surface, speaker, mention in quotes:
        at = text.index(surface)
        mention_at = text.index(mention) if mention else None
        found_quotes.append(
            Quote(
                at,
                at + len(surface),
                surface,
                speaker,
                mention_at,
                None if mention_at is None or mention is None else mention_at + len(mention),
            )
        )
    return Source(
        id=source_id,
        path=f"/articles/{source_id}.txt",
        title=title,
        outlet=outlet,
        byline=None,
        date=date,
        text=text,
        paragraphs=tuple(spans),
        sentences=tuple(sentences),
        figures=tuple(sorted(found_figures, key=lambda f: f.start)),
        quotes=tuple(found_quotes),
        content_hash=f"hash-{source_id}",
    )


def library_story() -> Analysis:
    """Three outlets on a council closing library branches."""
    ledger = make_source(
        "ledger",
        title="Council votes to close four library branches",
        outlet="Daily Ledger",
        date="2024-03-05",
        paragraphs=[
            [
                "The city council voted on Tuesday to close four library branches.",
                "The plan will save £2.1m a year, officials said.",
            ],
            [
                "Council leader Ana Ruiz said: “We had no choice but to make hard decisions.”",
                "About 60% of residents opposed the closures in a consultation.",
            ],
            ["Campaigners plan to appeal the decision."],
        ],
        figures=("four", "£2.1m a year", "About 60%"),
        quotes=(("“We had no choice but to make hard decisions.”", "Ana Ruiz", "Ana Ruiz"),),
    )
    wire = make_source(
        "wire",
        title="Four libraries to shut after council vote",
        outlet="Metro Wire",
        date="2024-03-05",
        paragraphs=[
            ["Councillors voted on Tuesday to shut four library branches across the city."],
            [
                "Ruiz said: “We had no choice but to make difficult decisions.”",
                "More than half of residents opposed the closures in a consultation.",
            ],
            ["The closures will save £2.1m each year."],
        ],
        figures=("four", "More than half", "£2.1m each year"),
        quotes=(("“We had no choice but to make difficult decisions.”", "Ana Ruiz", "Ruiz"),),
    )
    post = make_source(
        "post",
        title=None,
        outlet="Evening Post",
        date=None,
        paragraphs=[
            [
                "Four branch libraries will close after a council vote on Tuesday.",
                "Nearly 60% of residents opposed the closures, a consultation found.",
            ],
            ["The library service employs 120 staff."],
        ],
        figures=("Four", "Nearly 60%", "120"),
    )
    claims = (
        Claim("claim-1", "statement", ("ledger:1", "wire:1", "post:1")),
        Claim("claim-2", "statement", ("ledger:2", "wire:4")),
        Claim(
            "claim-3",
            "quote",
            ("ledger:3", "wire:2"),
            (Discrepancy("wire:2", "wording", "quotes 'difficult' where Daily Ledger has 'hard'"),),
            speaker="Ana Ruiz",
        ),
        Claim(
            "claim-4",
            "statement",
            ("ledger:4", "wire:3", "post:2"),
            (Discrepancy("wire:3", "figure", "says 'more than half' where 2 sources say 60%"),),
        ),
    )
    sources = (ledger, wire, post)
    story = Story("story-1", ledger.title or "", tuple(s.id for s in sources))
    return Analysis(sources=sources, claims=claims, stories=(story,))


def ferry_story() -> Analysis:
    """Two outlets on a storm that stopped a ferry: a second, unrelated story."""
    harbour = make_source(
        "harbour",
        title="Island ferry suspended after storm damages pier",
        outlet="Harbour Times",
        date="2024-03-06",
        paragraphs=[
            [
                "The ferry to the island was suspended on Monday after a storm damaged the pier.",
                "Repairs will take at least three weeks, engineers said.",
            ],
            ["About 400 residents rely on the ferry every day."],
        ],
        figures=("three weeks", "About 400"),
    )
    courier = make_source(
        "courier",
        title="Storm halts island crossings",
        outlet="Coast Courier",
        date="2024-03-06",
        paragraphs=[
            ["Ferry crossings to the island stopped on Monday after storm damage to the pier."],
            ["Engineers expect repairs to take two weeks."],
        ],
        figures=("two weeks",),
    )
    claims = (
        Claim("ferry-1", "statement", ("harbour:1", "courier:1")),
        Claim(
            "ferry-2",
            "statement",
            ("harbour:2", "courier:2"),
            (Discrepancy("courier:2", "figure", "says 'two weeks' where Harbour Times has three"),),
        ),
    )
    story = Story("story-2", harbour.title or "", (harbour.id, courier.id))
    return Analysis(sources=(harbour, courier), claims=claims, stories=(story,))


def two_stories() -> Analysis:
    """The library story and the ferry story, as the engine would give them together."""
    library, ferry = library_story(), ferry_story()
    return Analysis(
        sources=library.sources + ferry.sources,
        claims=library.claims + ferry.claims,
        stories=library.stories + ferry.stories,
    )


_OUTLETS = ("Daily Ledger", "Metro Wire", "Evening Post", "Coast Courier", "Valley News")
_TOPICS = ("bridge", "school", "hospital", "library", "railway", "harbour", "park", "market")


def synthetic_analysis(sources: int = 10_000, stories: int = 300) -> Analysis:
    """A large invented analysis: small sources grouped in stories, with claims and quotes.

    Every story's sources share their first sentence (one claim, one member
    flagged as differing) and each neighbouring pair shares its third sentence.
    Deterministic; built from the model's dataclasses directly, in about a second.
    """
    built: list[Source] = []
    claims: list[Claim] = []
    members: list[list[str]] = [[] for _ in range(stories)]
    for n in range(sources):
        story = n % stories
        topic = _TOPICS[story % len(_TOPICS)]
        percent = 40 + (n * 7) % 50
        source_id = f"s{n:05d}"
        source = make_source(
            source_id,
            title=f"Council plans for the {topic} in district {story}, report {n}",
            outlet=_OUTLETS[n % len(_OUTLETS)],
            date=f"2024-{1 + story % 12:02d}-{1 + n % 28:02d}",
            paragraphs=[
                [
                    f"The council approved the new {topic} plan for district {story} on Monday.",
                    f"About {percent}% of residents backed it in a survey.",
                ],
                [
                    f"Councillor Jo Reyes said: “The {topic} will open next spring.”",
                    f"Work on the {topic} starts in {1 + story % 9} weeks.",
                    "Opponents say the cost is too high.",
                ],
            ],
            figures=(f"About {percent}%",),
            quotes=((f"“The {topic} will open next spring.”", "Jo Reyes", "Councillor Jo Reyes"),),
        )
        built.append(source)
        members[story].append(source_id)
    for story, ids in enumerate(members):
        if len(ids) > 1:
            claims.append(
                Claim(
                    f"lede-{story}",
                    "statement",
                    tuple(f"{sid}:1" for sid in ids),
                    (Discrepancy(f"{ids[-1]}:1", "figure", "says a different share"),),
                )
            )
        for first, second in zip(ids[::2], ids[1::2], strict=False):
            claims.append(
                Claim(f"quote-{first}", "quote", (f"{first}:3", f"{second}:3"), speaker="Jo Reyes")
            )
    grouped = tuple(
        Story(f"story-{n + 1}", f"The {_TOPICS[n % len(_TOPICS)]} in district {n}", tuple(ids))
        for n, ids in enumerate(members)
        if ids
    )
    return Analysis(sources=tuple(built), claims=tuple(claims), stories=grouped)


def run_on_analysis(size: int = 1024 * 1024) -> Analysis:
    """A one-sentence article of ``size`` characters and a short one after it.

    No full stop in the whole text and a figure every ten words, as the engine
    gives a run-on page: one sentence, one paragraph, thousands of highlights.
    """
    words = " ".join(f"{n % 97}%" if n % 10 == 0 else f"word{n % 997}" for n in range(size // 6))
    words = words[: words.rindex(" ", 0, size)]
    big = make_source("big", title="Run-on", outlet="Wire", date=None, paragraphs=[[words]])
    figures = [
        Figure(hit.start(), hit.end(), hit.group(), "percent", 0.0, None, 0.0, 0.0)
        for hit in re.finditer(r"\d+%", words)
    ]
    big = replace(big, figures=tuple(figures))
    small = make_source(
        "small", title="Short", outlet="Post", date=None, paragraphs=[["One line.", "Two."]]
    )
    return Analysis(sources=(big, small), claims=(), stories=())
