"""The right pane: other sources that make the statement under the cursor."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widgets import Static

from reader.model import Sentence, Source
from reader.tui.safe_text import clip, one_line
from reader.tui.story_index import StoryIndex

if TYPE_CHECKING:
    from reader.tui.widgets.claim_list import ClaimList

MAX_SENTENCE = 600


class ClaimPanel(Vertical):
    """Summary of the current claim and one entry per other source making it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "claim-panel--label",
        "claim-panel--differs",
        "claim-panel--figure",
        "claim-panel--warning",
        "claim-panel--muted",
    }

    class Jump(Message):
        """The user wants to read another source's version of the statement."""

        def __init__(self, sentence_id: str) -> None:
            super().__init__()
            self.sentence_id = sentence_id

    _summary_lines = -1

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.members: tuple[str, ...] = ()
        """The sentence ids of the entries, in the order shown."""
        self._shown: tuple[object, ...] | None = None
        self._styles_seen: tuple[object, ...] | None = None
        self._summary_shown: Content | None = None
        self._entries: ClaimList | None = None

    def compose(self) -> ComposeResult:
        # The entries are mounted when the panel first has a linked story to show (see
        # entries): until then it shows only the summary, and a list mounted, styled and
        # drawn empty cost as much before the first frame as two other panes.
        yield Static(id="claim-summary", markup=False)

    @property
    def entries(self) -> ClaimList:
        """The list of other sources' sentences, mounted the first time it is asked for."""
        if self._entries is None:
            from reader.tui.widgets.claim_list import ClaimList  # not before linking

            self._entries = ClaimList(id="claim-entries")
            self.mount(self._entries)
        return self._entries

    @property
    def selected_sentence_id(self) -> str | None:
        """The highlighted entry's sentence id (the first entry by default)."""
        cursor = None if self._entries is None else self._entries.cursor
        return None if cursor is None else self.members[cursor]

    def _style(self, name: str) -> Style:
        return self.get_visual_style(name, partial=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if not self.is_mounted:
            return
        styles = (self.app.theme, *(self._style(name) for name in sorted(self.COMPONENT_CLASSES)))
        if styles != self._styles_seen:  # a new theme: build the entries again
            self._styles_seen = styles
            self._shown = self._summary_shown = None

    def show(
        self,
        story: StoryIndex | None,
        source: Source | None,
        sentence: Sentence | None,
        number_of: Callable[[int], str] | None = None,
    ) -> None:
        """Show the claim that ``sentence`` of ``source`` belongs to.

        ``number_of`` gives the number the article list shows for a source
        position (by default its position from 1).
        """
        self._number_of = number_of or (lambda index: str(index + 1))
        summary = self.query_one("#claim-summary", Static)
        # A linked story mounts the entries, shared statement or not, so that from then on
        # the panel is in the focus chain (before linking there is nothing to list).
        entries = self.entries if story is not None and story.linked else self._entries
        shown = (story, sentence and sentence.id, number_of)
        if shown == self._shown:  # the same statement: only the cursor goes back to the top
            if entries is not None:
                entries.move_cursor(0)
            return
        self._shown = shown
        if story is None or source is None or sentence is None:
            summary.update(Content(""))
            self._summary_shown = None
            self.members = ()
            if entries is not None:
                entries.set_entries(0, lambda index: Content(""))
            return
        content = self._summary(story, source, sentence)
        height = None
        if content != self._summary_shown:  # unshared after unshared: nothing to draw
            self._summary_shown = content
            lines = len(content.wrap(max(summary.scrollable_content_region.width, 1)))
            # A new layout only when the summary's height changes.
            summary.update(content, layout=lines != self._summary_lines)
            resized = lines != self._summary_lines and summary.display
            if resized and entries is not None and entries.size:
                height = entries.size.height + summary.outer_size.height - self._height_for(lines)
            self._summary_lines = lines
        own = source.text[sentence.start : sentence.end]
        members = tuple(story.others(sentence.id))
        if not members and not self.members:
            return
        self.members = members
        self.entries.set_entries(
            len(members), lambda index: self._entry(story, own, members[index]), height
        )

    def _height_for(self, lines: int) -> int:
        """The summary's height when it has ``lines`` lines (it takes at most its max-height)."""
        summary = self.query_one("#claim-summary", Static)
        most = summary.styles.max_height
        if most is None:
            return lines
        return min(lines, int(most.resolve(self.size, self.app.size)))

    def _summary(self, story: StoryIndex, source: Source, sentence: Sentence) -> Content:
        claim = story.claim_of(sentence.id)
        quote = story.quote_at(source, sentence.start, sentence.end)
        parts: list[Content] = []
        if claim is None:
            parts.append(
                Content.styled(
                    "No other source makes this statement."
                    if story.linked
                    else "Finding the sources that say the same…",
                    self._style("claim-panel--muted"),
                )
            )
        else:
            count = story.share_count(sentence.id)
            line = Content.styled(f"Shared by {count} sources", self._style("claim-panel--label"))
            speaker = claim.speaker or (quote.speaker if quote else None)
            if claim.kind == "quote":
                line += Content(" · quote")
            if speaker:
                line += Content(" · ") + Content(clip(speaker, 60))
            parts.append(line)
        if claim is None and quote is not None and quote.speaker:
            parts.append(Content("Quote · ") + Content(clip(quote.speaker, 60)))
        for discrepancy in story.discrepancies(sentence.id):
            parts.append(
                Content.styled("▲ ", self._style("claim-panel--warning"))
                + Content(one_line(discrepancy.detail))
            )
        return Content("\n").join(parts)

    def _entry(self, story: StoryIndex, own: str, member: str) -> Content:
        other_source, other = story.analysis.sentence(member)
        number = self._number_of(story.index_of(other_source.id))
        label = Content.assemble(
            (f"{number} " if number else "", self._style("claim-panel--muted")),
            (clip(other_source.label, 40), self._style("claim-panel--label")),
        )
        if other_source.title:
            label += Content.styled(
                " · " + clip(other_source.title, 60), self._style("claim-panel--muted")
            )
        text = other_source.text[other.start : other.end]
        shown = one_line(text)
        if len(shown) > MAX_SENTENCE:
            shown = shown[: MAX_SENTENCE - 1] + "…"
        body = Content(shown)
        for item in other_source.figures:
            if other.start <= item.start and item.end <= other.end:
                body = body.stylize(
                    self._style("claim-panel--figure"),
                    item.start - other.start,
                    item.end - other.start,
                )
        from reader.diffing import differing_spans  # not needed for the first frame

        for start, end in differing_spans(own, text)[1]:
            body = body.stylize(self._style("claim-panel--differs"), start, end)
        lines = [label, body]
        for discrepancy in story.discrepancies(member):
            lines.append(
                Content.styled("▲ ", self._style("claim-panel--warning"))
                + Content.styled(one_line(discrepancy.detail), self._style("claim-panel--warning"))
            )
        return Content("\n").join(lines)

    def on_claim_list_selected(self, event: ClaimList.Selected) -> None:
        event.stop()
        self.post_message(self.Jump(self.members[event.index]))
