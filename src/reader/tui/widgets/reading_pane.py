"""The centre pane: one article's cleaned text with its claims highlighted."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import pairwise
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.signal import Signal
from textual.strip import Strip

from reader.model import Sentence, Source
from reader.tui.safe_text import clip, visible
from reader.tui.story_index import Stop, StoryIndex
from reader.tui.widgets.canvas import size_canvas
from reader.tui.widgets.scroll_column import WIDTH as BAR
from reader.tui.widgets.scroll_column import ScrollColumn

GUTTER = 1
_WORD = re.compile(r"\S+")

Line = tuple[int, int]
"""A display line as a (start, end) offset range into the source text; (-1, -1) is blank."""

BLANK: Line = (-1, -1)


SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _ascii_len(text: str) -> int:
    return len(text)


def wrap_lines(
    text: str, start: int, end: int, width: int, extras: dict[int, int] | None = None
) -> list[Line]:
    """Greedy word wrap of ``text[start:end]`` (no newlines inside) into offset ranges.

    ``extras`` maps an offset to the cells of a note shown right after the
    character before it; the note travels with the word it follows.
    """
    width = max(width, 1)
    extras = extras or {}
    # ASCII (what visible() leaves of it has no control characters): one cell a character.
    cells = _ascii_len if text[start:end].isascii() else cell_len
    lines: list[Line] = []
    line_start = line_end = -1
    used = 0
    for word in _WORD.finditer(text, start, end):
        word_start, word_end = word.span()
        extra = sum(extras.get(o, 0) for o in range(word_start + 1, word_end + 1)) if extras else 0
        word_width = cells(text[word_start:word_end])
        if line_start >= 0:
            gap = cells(text[line_end:word_start])
            if used + gap + word_width + extra <= width:
                used += gap + word_width + extra
                line_end = word_end
                continue
            lines.append((line_start, line_end))
        while word_width > width:
            cut, cut_width = word_start, 0
            while cut < word_end and (
                cut == word_start or cut_width + cell_len(text[cut]) <= width
            ):
                cut_width += cell_len(text[cut])
                cut += 1
            lines.append((word_start, cut))
            word_start = cut
            word_width = cell_len(text[word_start:word_end])
        if word_start == word_end:  # a wide character filled the last cut line
            line_start = -1
            continue
        line_start, line_end, used = word_start, word_end, word_width + extra
    if line_start >= 0:
        lines.append((line_start, line_end))
    return lines


class ReadingPane(ScrollView, can_focus=True):
    """Shows one source; a cursor sits on a sentence and optionally on a highlight in it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reading-pane--figure",
        "reading-pane--quote",
        "reading-pane--speaker",
        "reading-pane--shared",
        "reading-pane--discrepancy",
        "reading-pane--heading",
        "reading-pane--cursor",
        "reading-pane--stop",
        "reading-pane--match",
        "reading-pane--note-shared",
        "reading-pane--note-discrepancy",
        "reading-pane--speaker-note",
        "reading-pane--message",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Next sentence", show=False, id="reading.down"),
        Binding("up,k", "cursor_up", "Previous sentence", show=False, id="reading.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="reading.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="reading.page_up"),
        Binding("home,g", "first", "First sentence", show=False, id="reading.first"),
        Binding("end,G", "last", "Last sentence", show=False, id="reading.last"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cursor_moved: Signal[ReadingPane] = Signal(self, "cursor-moved")
        """Published whenever the cursor moves to another sentence or highlight.

        A signal rather than a message: a subscriber with ``immediate=True``
        (the side panel) updates in the same frame as the text, where a message
        would arrive after the text had been drawn and cost a second frame.
        """
        self.source: Source | None = None
        self.sentence_index = 0
        self.stop: Stop | None = None
        self._index: StoryIndex | None = None
        self._message: str | None = None
        self._matches: list[tuple[int, int]] = []
        self._lines: list[Line] = []
        self._line_starts: list[int] = []
        self._line_rows: list[int] = []
        self._notes: dict[int, list[tuple[str, str]]] = {}
        self._wrap_width = 0
        self._center_pending = False
        self._text = ""
        """The source's text with control characters made visible (same offsets)."""
        self._spans: list[tuple[int, int, Style]] | None = None
        """The highlights every line shows, in the order they are applied (built when drawn)."""
        self._row_spans: dict[int, list[int]] = {}
        """For each display row, the highlights (positions in ``_spans``) that touch it."""
        self._strips: dict[int, Strip] = {}
        """Rendered rows without cursor, stop or search match, at the current width."""
        self._styles_seen: tuple[object, ...] | None = None
        self._styles_checked = False
        self._laid_out = False
        """Set once a layout gave the pane its size (:meth:`_size_updated`)."""
        self._base_style: Style | None = None
        self._bar = ScrollColumn(self)
        """The scrollbar, drawn in the last column (see scroll_column)."""

    # -- public API ---------------------------------------------------------

    @property
    def sentence(self) -> Sentence | None:
        """The sentence under the cursor."""
        if self.source is None or not self.source.sentences:
            return None
        return self.source.sentences[self.sentence_index]

    def show_message(self, message: str) -> None:
        """Show a plain message instead of an article."""
        self.source = None
        self._message = message
        self._relayout()

    def show_source(
        self, source: Source, index: StoryIndex, sentence: int = 0, stop: Stop | None = None
    ) -> None:
        """Display ``source`` with the cursor on ``sentence``."""
        self.source = source
        self._index = index
        self._message = None
        self._matches = []
        self.sentence_index, self.stop = 0, None
        self._relayout()
        self.scroll_to(0, 0, animate=False, immediate=True, force=True)
        self.move_to(sentence, stop, center=True)

    def reanalysed(
        self, source: Source, index: StoryIndex, sentence: int, span: tuple[int, int] | None
    ) -> None:
        """Show a newer analysis of the same text; the cursor and the scroll position stay.

        ``span`` is the highlight that was selected; it stays selected if it is
        still one.
        """
        scroll_y = self.scroll_offset.y
        self.source = source
        self._index = index
        self._message = None
        self.sentence_index, self.stop = 0, None
        self._relayout()
        self.scroll_to(y=scroll_y, animate=False, immediate=True, force=True)
        stops = index.stops(source) if span is not None else ()
        stop = next((s for s in stops if (s.start, s.end) == span), None)
        self.move_to(sentence, stop, center=False)

    def set_matches(self, spans: list[tuple[int, int]]) -> None:
        """Search hits in this source to highlight."""
        if spans == self._matches:
            return
        rows = [self._rows_of(start, end) for start, end in (*self._matches, *spans)]
        self._matches = spans
        for first, last in rows:
            self.refresh_lines(first, last - first + 1)

    def move_to(self, sentence: int, stop: Stop | None = None, *, center: bool = False) -> None:
        """Put the cursor on a sentence (and optionally a highlight) and scroll it into view."""
        if self.source is None or not self.source.sentences:
            return
        before = self._cursor_rows()
        self.sentence_index = min(max(sentence, 0), len(self.source.sentences) - 1)
        self.stop = stop
        scroll_y = self.scroll_offset.y
        if not self.size:  # not laid out: scrolled once its size is known (_size_updated)
            self._center_pending = center
        self._scroll_to_cursor(center=center)
        if self.scroll_offset.y != scroll_y or before is None:
            self.refresh()
        else:  # only the lines the cursor left and the lines it is on now
            for rows in (before, self._cursor_rows()):
                if rows is not None:
                    self.refresh_lines(rows[0], rows[1] - rows[0] + 1)
        self.cursor_moved.publish(self)

    def _cursor_rows(self) -> tuple[int, int] | None:
        """The first and last display rows of the cursor's sentence."""
        sentence = self.sentence
        if sentence is None or not self._lines:
            return None
        return self._rows_of(sentence.start, sentence.end)

    def _rows_of(self, start: int, end: int) -> tuple[int, int]:
        """The first and last display rows of the text from ``start`` to ``end``."""
        return self._row_of(start), self._row_of(max(end - 1, start))

    def move_to_stop(self, forward: bool = True) -> bool:
        """Move to the next (or previous) highlighted claim; False when there is none."""
        if self.source is None or self._index is None:
            return False
        stop = self._index.next_stop(self.source, self.sentence_index, self.stop, forward)
        if stop is None:
            return False
        self.move_to(self._index.sentence_at(self.source, stop.start), stop)
        return True

    def cursor_span(self) -> tuple[int, int] | None:
        """What the cursor highlights: the selected claim, else the sentence."""
        if self.stop is not None:
            return (self.stop.start, self.stop.end)
        sentence = self.sentence
        return None if sentence is None else (sentence.start, sentence.end)

    # -- actions ------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.move_to(self.sentence_index + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.sentence_index - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        if self.source is not None:
            self.move_to(len(self.source.sentences) - 1)

    def action_page_down(self) -> None:
        self._page(+1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, direction: int) -> None:
        sentence = self.sentence
        if sentence is None or self.source is None or self._index is None:
            return
        row = self._row_of(sentence.start) + direction * max(
            self.scrollable_content_region.height - 1, 1
        )
        row = min(max(row, 0), len(self._lines) - 1)
        target = self._offset_at_row(row, direction)
        index = self._index.sentence_at(self.source, target)
        if index == self.sentence_index:
            index += direction
        self.move_to(index)

    # -- layout -------------------------------------------------------------

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        if size and not self._laid_out:
            # The first layout: an article shown before it (the start article) is wrapped
            # now, at the width it gives and before its frame is drawn, so that the frame
            # shows the text, canvas and scroll position as they stay.
            self._laid_out = True
            if self.source is not None:
                self._relayout()
                self._scroll_to_cursor(center=self._center_pending)
                self._center_pending = False
        return resized

    def on_resize(self, event: events.Resize) -> None:
        if self._text_width() != self._wrap_width:
            self._relayout()
        self._scroll_to_cursor(center=False)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base_style = None
        self._styles_checked = False  # checked when next drawn: focus restyles the pane twice

    def _check_styles(self) -> None:
        """Forget the drawn rows if the styles they used changed (not for focus alone)."""
        self._styles_checked = True
        seen = (
            self.app.theme,
            self._text_style(),
            *(self._style(name) for name in sorted(self.COMPONENT_CLASSES)),
        )
        if seen != self._styles_seen:  # a new theme; focus alone changes only the border
            self._styles_seen = seen
            self._spans = None
            self._strips.clear()

    def _text_width(self) -> int:
        return max(self.scrollable_content_region.width - GUTTER - BAR, 8)

    def _relayout(self) -> None:
        """Wrap the text at the current width and size the virtual canvas."""
        width = self._text_width()
        self._wrap_width = width
        self._spans = None
        self._strips.clear()
        self._lines = []
        self._notes = {}
        self._text = ""
        if self.source is not None and self._index is not None and self._laid_out:
            self._text = visible(self.source.text)
            self._notes = self._build_notes(self.source, self._index)
            self._lines = self._wrap_source(self.source, width)
        elif self.source is not None:
            # Not laid out yet (the start article, shown as the screen mounts): wrapped
            # at the first layout (_size_updated), at the width it gives. Wrapped now,
            # at a guess, it gave a canvas (and a scrollbar) that frame then corrected.
            self._wrap_width = 0
        self._line_rows = [row for row, line in enumerate(self._lines) if line != BLANK]
        self._line_starts = [self._lines[row][0] for row in self._line_rows]
        height = len(self._lines) if self.source is not None else 3
        size_canvas(self, height)
        self.refresh()

    @staticmethod
    def _paragraph_ranges(source: Source) -> list[tuple[int, int]]:
        if source.paragraphs:
            return [(s, e) for s, e in source.paragraphs if e > s]
        return [(0, len(source.text))] if source.text else []

    def _wrap_source(self, source: Source, width: int) -> list[Line]:
        text = self._text
        extras = {
            offset: sum(cell_len(note) for note, _ in notes)
            for offset, notes in self._notes.items()
        }
        lines: list[Line] = []
        for number, (start, end) in enumerate(self._paragraph_ranges(source)):
            if number:
                lines.append(BLANK)
            position = start
            for piece in text[start:end].split("\n"):
                piece_end = position + len(piece)
                lines.extend(wrap_lines(text, position, piece_end, width, extras))
                position = piece_end + 1
        return lines

    def _row_of(self, offset: int) -> int:
        if not self._line_rows:
            return 0
        position = max(bisect_right(self._line_starts, offset) - 1, 0)
        return self._line_rows[position]

    def _offset_at_row(self, row: int, direction: int) -> int:
        while 0 <= row < len(self._lines) and self._lines[row] == BLANK:
            row += direction
        row = min(max(row, 0), len(self._lines) - 1)
        start, _ = self._lines[row]
        return max(start, 0)

    @staticmethod
    def _end_of_words(text: str, start: int, end: int) -> int:
        while end > start and text[end - 1].isspace():
            end -= 1
        return end

    def _build_notes(self, source: Source, index: StoryIndex) -> dict[int, list[tuple[str, str]]]:
        """Notes shown after the text they annotate: quote speakers and share counts."""
        notes: dict[int, list[tuple[str, str]]] = {}
        paragraphs = self._paragraph_ranges(source)
        starts = [start for start, _ in paragraphs]

        def paragraph_of(offset: int) -> int:
            return bisect_right(starts, offset) - 1

        for quote in source.quotes:
            if not quote.speaker:
                continue
            mentioned = -1 if quote.speaker_start is None else paragraph_of(quote.speaker_start)
            first, last = paragraph_of(quote.start), paragraph_of(max(quote.end - 1, quote.start))
            for number in range(max(first, 0), last + 1):
                if number == mentioned:
                    continue
                para_start, para_end = paragraphs[number]
                end = self._end_of_words(
                    source.text, max(quote.start, para_start), min(quote.end, para_end)
                )
                notes.setdefault(end, []).append(
                    (f" — {clip(quote.speaker, 40)}", "reading-pane--speaker-note")
                )
        for sentence in source.sentences:
            count = index.share_count(sentence.id)
            if not count:
                continue
            end = self._end_of_words(source.text, sentence.start, sentence.end)
            if index.discrepancies(sentence.id):
                mark = ("▲" + str(count).translate(SUPERSCRIPT), "reading-pane--note-discrepancy")
            else:
                mark = (str(count).translate(SUPERSCRIPT), "reading-pane--note-shared")
            notes.setdefault(end, []).append(mark)
        return notes

    def _scroll_to_cursor(self, center: bool) -> None:
        span = self.cursor_span()
        if span is None or not self._lines:
            return
        top = self._row_of(span[0])
        bottom = self._row_of(max(span[1] - 1, span[0]))
        height = self.scrollable_content_region.height
        if height and bottom - top + 1 > height:
            bottom = top + height - 1
        self.scroll_to_region(
            Region(0, top, 1, bottom - top + 1),
            animate=False,
            center=center,
            immediate=True,
            x_axis=False,
            force=True,
        )

    # -- rendering ----------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def _text_style(self) -> Style:
        """The pane's own style (``rich_style`` walks every ancestor, so ask once per update)."""
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def _highlights(self) -> list[tuple[int, int, Style]]:
        """Headings, shared and differing sentences, quotes, speakers and figures, in order.

        Built when first drawn, with the index each row's highlights in
        :attr:`_row_spans`, so a row is drawn from its own text and the few
        highlights touching it, however long its paragraph.
        """
        if self._spans is not None:
            return self._spans
        if self.source is None or self._index is None:
            return []
        source, index = self.source, self._index
        spans: list[tuple[int, int, Style]] = []
        shared, discrepancy = (
            self._style("reading-pane--shared"),
            self._style("reading-pane--discrepancy"),
        )
        heading = self._style("reading-pane--heading")
        for sentence in source.sentences:
            if sentence.heading:
                spans.append((sentence.start, sentence.end, heading))
            if index.discrepancies(sentence.id):
                spans.append((sentence.start, sentence.end, discrepancy))
            elif index.claim_of(sentence.id) is not None:
                spans.append((sentence.start, sentence.end, shared))
        quote_style, speaker = (
            self._style("reading-pane--quote"),
            self._style("reading-pane--speaker"),
        )
        for quote in source.quotes:
            spans.append((quote.start, quote.end, quote_style))
            if quote.speaker_start is not None and quote.speaker_end is not None:
                spans.append((quote.speaker_start, quote.speaker_end, speaker))
        figure = self._style("reading-pane--figure")
        for item in source.figures:
            spans.append((item.start, item.end, figure))
        self._spans = [(start, end, style) for start, end, style in spans if end > start]
        self._row_spans = self._spans_by_row(self._spans)
        return self._spans

    def _spans_by_row(self, spans: list[tuple[int, int, Style]]) -> dict[int, list[int]]:
        """One sweep down the rows (in text order) and the spans (by start)."""
        by_start = sorted(range(len(spans)), key=lambda n: spans[n][0])
        rows: dict[int, list[int]] = {}
        active: list[int] = []
        taken = 0
        for row, (start, end) in enumerate(self._lines):
            if start < 0:
                continue
            while taken < len(by_start) and spans[by_start[taken]][0] < end:
                active.append(by_start[taken])
                taken += 1
            active = [n for n in active if spans[n][1] > start]
            if active:
                rows[row] = sorted(active)
        return rows

    def _overlays(self) -> list[tuple[int, int, Style]]:
        overlays = [(s, e, self._style("reading-pane--match")) for s, e in self._matches]
        sentence = self.sentence
        if sentence is not None:
            overlays.append((sentence.start, sentence.end, self._style("reading-pane--cursor")))
        if self.stop is not None:
            overlays.append((self.stop.start, self.stop.end, self._style("reading-pane--stop")))
        return overlays

    def render_line(self, y: int) -> Strip:
        if not self._styles_checked:
            self._check_styles()
        base_style = self._text_style()
        bar = Strip([self._bar.cell(y, base_style)], BAR)
        return Strip.join([self._text_line(y, base_style), bar])

    def _text_line(self, y: int, base_style: Style) -> Strip:
        """Row ``y`` of the view without the scrollbar."""
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width - BAR
        row = scroll_y + y
        if self.source is None:
            if row == 1 and self._message:
                message = Text(visible(self._message), end="", no_wrap=True)
                message.stylize(base_style + self._style("reading-pane--message"))
                line = Text(" " * GUTTER, style=base_style, end="") + message
                return Strip(list(line.render(self.app.console))).crop_extend(0, width, base_style)
            return Strip.blank(width, base_style)
        if row >= len(self._lines) or self._lines[row] == BLANK:
            return Strip.blank(width, base_style)
        start, end = self._lines[row]
        overlays = [o for o in self._overlays() if o[0] < end and start < o[1]]
        strip = None if overlays else self._strips.get(row)
        if strip is None:
            strip = self._render_row(row, overlays, base_style)
            if not overlays:
                self._strips[row] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, base_style)

    def _render_row(
        self, row: int, overlays: list[tuple[int, int, Style]], base_style: Style
    ) -> Strip:
        """Display row ``row``: its text with its highlights, overlays and notes.

        The segments are the ones a rich ``Text`` of the row (the gutter, the text
        styled with the pane's style, then each highlight and overlay in order, a note
        after the character it follows) renders to, cut at the same offsets, built
        without the ``Text``: its spans, division and render cost about twice as much,
        in every frame that shows new rows.
        """
        start, end = self._lines[row]
        spans = self._highlights()
        styled = [
            (max(span_start, start), min(span_end, end), style)
            for span_start, span_end, style in [
                *(spans[n] for n in self._row_spans.get(row, ())),
                *overlays,
            ]
            if span_start < end and start < span_end and style  # as Text.stylize skips
        ]
        notes = [o for o in range(start + 1, end + 1) if o in self._notes]
        cuts = sorted({start, end, *notes, *(a for a, _, _ in styled), *(b for _, b, _ in styled)})
        text, combine = self._text, Style.combine
        segments = [Segment(" " * GUTTER, base_style)]
        for piece_start, piece_end in pairwise(cuts):
            styles = [style for a, b, style in styled if a <= piece_start and piece_end <= b]
            segments.append(
                Segment(text[piece_start:piece_end], combine([base_style, base_style, *styles]))
            )
            for note, style_name in self._notes.get(piece_end, ()):
                segments.append(
                    Segment(note, combine([base_style, base_style + self._style(style_name)]))
                )
        return Strip(segments)

    # -- mouse --------------------------------------------------------------

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if self._bar.mouse_down(event):
            event.stop()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._bar.mouse_move(event):
            event.stop()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._bar.mouse_up():
            event.stop()

    def on_leave(self, event: events.Leave) -> None:
        self._bar.leave()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._wheel(event, 1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._wheel(event, -1)

    def _wheel(self, event: events.MouseEvent, direction: int) -> None:
        # The pane's overflow is hidden (it draws its own scrollbar), which turns
        # Textual's wheel scrolling off, and any scrolling not forced.
        if not (event.ctrl or event.shift):
            y = self.scroll_y + direction * self.app.scroll_sensitivity_y
            self.scroll_to(y=y, animate=False, force=True)
            event.stop()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or self.source is None or self._index is None:
            return
        if offset.x >= self.scrollable_content_region.width - BAR:  # the scrollbar's
            return
        row = offset.y + self.scroll_offset.y
        if not 0 <= row < len(self._lines) or self._lines[row] == BLANK:
            return
        start, end = self._lines[row]
        column = offset.x + self.scroll_offset.x - GUTTER
        text = visible(self.source.text[start:end])
        position, used = 0, 0
        while position < len(text) and used + cell_len(text[position]) <= column:
            used += cell_len(text[position])
            position += 1
        position += start
        self.move_to(self._index.sentence_at(self.source, position))
