"""The JSON contract of ``reader analyze --json`` (version 1).

Fields listed in the README are stable: they may gain siblings but are never
renamed or dropped. Output is deterministic: the same input gives the same bytes.
"""

from __future__ import annotations

import json
import math
from typing import Any

from reader.model import Analysis, Source
from reader.terminal_text import display_path

VERSION = 1


def _finite(value: float) -> float | None:
    """JSON has no infinity: an unbounded end of a figure is written as null."""
    return value if math.isfinite(value) else None


def source_to_dict(source: Source, claim_of: dict[str, str]) -> dict[str, Any]:
    """One source in the contract's shape."""
    headings = {s.paragraph for s in source.sentences if s.heading}
    return {
        "id": source.id,
        "path": display_path(source.path),
        "title": source.title,
        "outlet": source.outlet,
        "byline": source.byline,
        "date": source.date,
        "text": source.text,
        "paragraphs": [
            {"start": s, "end": e, "heading": index in headings}
            for index, (s, e) in enumerate(source.paragraphs)
        ],
        "sentences": [
            {
                "id": s.id,
                "start": s.start,
                "end": s.end,
                "paragraph": s.paragraph,
                "heading": s.heading,
                "claim": claim_of.get(s.id),
            }
            for s in source.sentences
        ],
        "figures": [
            {
                "start": f.start,
                "end": f.end,
                "text": f.text,
                "kind": f.kind,
                "value": _finite(f.value),
                "unit": f.unit,
                "low": _finite(f.low),
                "high": _finite(f.high),
                "qualifier": f.qualifier,
            }
            for f in source.figures
        ],
        "quotes": [
            {
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "speaker": q.speaker,
                "speaker_start": q.speaker_start,
                "speaker_end": q.speaker_end,
                "partial": q.partial,
            }
            for q in source.quotes
        ],
        "removed": [{"text": r.text, "reason": r.reason} for r in source.removed],
    }


def to_dict(analysis: Analysis) -> dict[str, Any]:
    """The whole analysis in the contract's shape."""
    claim_of = {sid: claim.id for claim in analysis.claims for sid in claim.sentences}
    source_of = {
        sentence.id: source.id for source in analysis.sources for sentence in source.sentences
    }
    return {
        "version": VERSION,
        "sources": [source_to_dict(source, claim_of) for source in analysis.sources],
        "claims": [
            {
                "id": claim.id,
                "kind": claim.kind,
                "sentences": list(claim.sentences),
                "sources": [source_of[sid] for sid in claim.sentences],
                "speaker": claim.speaker,
                "discrepancies": [
                    {"sentence": d.sentence, "kind": d.kind, "detail": d.detail}
                    for d in claim.discrepancies
                ],
            }
            for claim in analysis.claims
        ],
        "stories": [
            {"id": story.id, "title": story.title, "sources": list(story.sources)}
            for story in analysis.stories
        ],
        "problems": [{"path": display_path(p.path), "reason": p.reason} for p in analysis.problems],
    }


def dumps(analysis: Analysis) -> str:
    """The analysis as JSON text (UTF-8, two-space indent, trailing newline)."""
    return json.dumps(to_dict(analysis), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
