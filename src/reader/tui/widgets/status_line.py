"""One line under the reading pane describing what the cursor is on."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.widgets import Static

from reader.model import Source
from reader.tui.safe_text import clip
from reader.tui.story_index import Stop, StoryIndex


class StatusLine(Static):
    """Source, sentence number, the highlight's kind and speaker, search state."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "status-line--quote",
        "status-line--figure",
        "status-line--warning",
        "status-line--search",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)

    def show(
        self,
        story: StoryIndex,
        source: Source,
        sentence_index: int,
        stop: Stop | None,
        search: str | None = None,
    ) -> None:
        style = self.get_visual_style
        parts: list[Content] = []
        if source.sentences:
            sentence = source.sentences[sentence_index]
            parts.append(Content(f"{sentence_index + 1}/{len(source.sentences)}"))
            span = (stop.start, stop.end) if stop else (sentence.start, sentence.end)
            quote = story.quote_at(source, *span)
            if stop is not None and "figure" in stop.kinds and quote is None:
                figure = source.text[stop.start : stop.end]
                parts.append(
                    Content.styled("figure ", style("status-line--figure", partial=True))
                    + Content(clip(figure, 30))
                )
            if quote is not None:
                speaker = clip(quote.speaker, 40) if quote.speaker else "unattributed"
                parts.append(
                    Content.styled("quote ", style("status-line--quote", partial=True))
                    + Content(speaker)
                )
            count = story.share_count(sentence.id)
            if count:
                parts.append(Content(f"{count} sources say this"))
            if story.discrepancies(sentence.id):
                parts.append(
                    Content.styled("▲ differs", style("status-line--warning", partial=True))
                )
        if search:
            parts.append(Content.styled(search, style("status-line--search", partial=True)))
        self.update(Content(" · ").join(parts), layout=False)  # always one line high
