"""A small invented story built by hand, so TUI tests do not depend on engine tuning."""

from __future__ import annotations

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
