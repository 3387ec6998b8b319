"""The main screen: stories and articles, reading pane and claim panel."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen

from reader.model import Analysis, LoadProblem, Source
from reader.state import StateStore
from reader.tui.safe_text import clip, one_line
from reader.tui.story_index import Match, Place, Stop, StoryIndex, state_key
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.claim_panel import ClaimPanel
from reader.tui.widgets.key_footer import KeyFooter
from reader.tui.widgets.progress_line import ProgressLine
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.status_line import StatusLine
from reader.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from reader.tui.screens.search import SearchResult
    from reader.tui.widgets.story_list import StoryList


_Write = tuple[Callable[..., None], tuple[object, ...]]
"""A state store method and its arguments, kept until the screen is drawn."""


class _Search:
    """The last search: its query, its matches and which one the cursor is on."""

    __slots__ = ("index", "matches", "query")

    def __init__(self, query: str, matches: list[Match], index: int) -> None:
        self.query = query
        self.matches = matches
        self.index = index


class MainScreen(Screen[None]):
    """Reads one story: which source is open, where the cursor is, the jump history."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "tab",
            "app.focus_next",
            "Next pane",
            show=False,
            id="next_pane",
            tooltip="Focus the next pane",
        ),
        Binding(
            "shift+tab",
            "app.focus_previous",
            "Previous pane",
            show=False,
            id="previous_pane",
            tooltip="Focus the previous pane",
        ),
        Binding(
            "n",
            "next_claim",
            "Next",
            id="next_claim",
            tooltip="Next figure, quote or shared statement (or search match)",
        ),
        Binding(
            "N",
            "previous_claim",
            "Previous",
            show=False,
            id="previous_claim",
            tooltip="Previous highlight (or search match)",
        ),
        Binding(
            "o",
            "follow",
            "Other",
            id="follow",
            tooltip="Open the side panel's selected source at that statement",
        ),
        Binding(
            "b,backspace",
            "back",
            "Back",
            show=False,
            id="back",
            tooltip="Back along the jump history",
        ),
        Binding(
            "d",
            "next_discrepancy",
            "Differs",
            id="next_discrepancy",
            tooltip="Next place where a source says something different",
        ),
        Binding("slash", "search", "Search", id="search", tooltip="Search all sources"),
        Binding(
            "m",
            "matrix",
            "Matrix",
            id="matrix",
            tooltip="Coverage matrix: which source makes which statement",
        ),
        Binding(
            "e",
            "export",
            "Export",
            id="export",
            tooltip="Export the story as a Markdown, JSON or HTML report",
        ),
        Binding(
            "a",
            "open",
            "Add",
            show=False,
            id="open",
            tooltip="Add a file, directory, feed or URL to the articles",
        ),
        Binding(
            "J",
            "next_source",
            "Next article",
            show=False,
            id="next_article",
            tooltip="Open the next article",
        ),
        Binding(
            "K",
            "previous_source",
            "Previous article",
            show=False,
            id="previous_article",
            tooltip="Open the previous article",
        ),
        Binding(
            "escape",
            "clear_search",
            "Clear search",
            show=False,
            id="clear_search",
            tooltip="Clear the search; n/N move between highlights again",
        ),
        *(
            Binding(
                str(n),
                f"open_source({n - 1})",
                f"Open source {n}",
                show=False,
                id=f"open_source_{n}",
            )
            for n in range(1, 10)
        ),
    ]

    class Ready(Message):
        """The screen's widgets exist; the app may load the story into it."""

    class OpenRequested(Message):
        """The user asked to add a path or URL to the articles."""

        def __init__(self, target: str) -> None:
            super().__init__()
            self.target = target

    AUTO_FOCUS = "#reading"
    """Focused from the first frame: focus moving there later restyles the screen again."""

    def __init__(
        self, state: StateStore, *, start: Source | None = None, busy: str | None = None
    ) -> None:
        """``start``: an article to :meth:`preview` from the first frame; ``busy``: the
        progress label to show from the first frame."""
        super().__init__()
        self.state = state
        self._start = start
        self._busy = busy
        if busy is not None:
            self.add_class("-busy", update=False)  # styled so as it mounts, not restyled later
        self.story: StoryIndex | None = None
        self.history: list[Place] = []
        self._search: _Search | None = None
        self._reported: set[LoadProblem] = set()
        self._unsaved: list[_Write] = []
        self._resumed = False
        self._stories: StoryList | None = None
        self._progress: ProgressLine | None = None
        self.previewing = False
        """True while the story is the start article alone (:meth:`preview`)."""
        self.view = 0
        """Which story (a position in ``story.views``) the article list shows."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        # The screen is the grid of panes (app.tcss): a container around them would be
        # one more widget to mount, style and draw (hidden) under them in every frame.
        with Vertical(id="left"):
            # The story list is mounted above the articles when a second story first shows
            # (self.stories): most launches read one story, and a hidden list cost as much
            # to mount and style before the first frame as a shown one.
            yield ArticleList(id="articles")
        with Vertical(id="centre"):
            yield ReadingPane(id="reading")
            yield StatusLine(id="status")
            # Else mounted when progress is first shown (self.progress): a warm start's
            # first frame has none (ReaderApp.progress_delay).
            if self._busy is not None:
                self._progress = ProgressLine(id="progress")
                yield self._progress
        yield ClaimPanel(id="claims")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.articles.border_title = "Articles"
        self.claims.border_title = "Also says this"
        # Immediate: the side panel, or the article a list's cursor lands on, is drawn in
        # the same frame as the cursor move (a message would arrive a frame later).
        self.reading.cursor_moved.subscribe(self, self._cursor_moved, immediate=True)
        self.articles.cursor_moved.subscribe(self, self._open_article, immediate=True)
        # Both before the first frame, so that it shows them rather than the next one.
        if self._start is not None:
            self.preview(self._start)
        if self._busy is not None:
            self.show_progress(self._busy)
        self.post_message(self.Ready())

    def post_message(self, message: Message) -> bool:
        if isinstance(message, events.ScreenResume) and not self._resumed:
            # The first resume follows the mount at once: every widget was just styled.
            # Restyling them all again (ScreenResume's default) cost as much as the rest of
            # the first frame's styling.
            self._resumed = True
            message.refresh_styles = False
        return super().post_message(message)

    @property
    def reading(self) -> ReadingPane:
        return self.query_one("#reading", ReadingPane)

    @property
    def claims(self) -> ClaimPanel:
        return self.query_one("#claims", ClaimPanel)

    @property
    def articles(self) -> ArticleList:
        return self.query_one("#articles", ArticleList)

    @property
    def stories(self) -> StoryList:
        """The story list, mounted above the article list the first time it is asked for."""
        if self._stories is None:
            from reader.tui.widgets.story_list import StoryList  # most launches show one story

            stories = self._stories = StoryList(id="stories")
            stories.border_title = "Stories"
            stories.cursor_moved.subscribe(self, self.show_story, immediate=True)
            self.query_one("#left").mount(stories, before=self.articles)
        return self._stories

    @property
    def status(self) -> StatusLine:
        return self.query_one("#status", StatusLine)

    @property
    def place(self) -> Place | None:
        """Where the cursor is now."""
        source = self.reading.source
        if self.story is None or source is None:
            return None
        return Place(self.story.index_of(source.id), self.reading.sentence_index)

    # -- loading ------------------------------------------------------------

    @property
    def progress(self) -> ProgressLine:
        """The progress line under the status line, mounted the first time it is asked for."""
        if self._progress is None:
            self._progress = ProgressLine(id="progress")
            self.query_one("#centre").mount(self._progress)
        return self._progress

    def show_progress(self, label: str, done: int | None = None, total: int | None = None) -> None:
        """Show that the engine is working (``done`` of ``total`` when known)."""
        self._set_busy(True)
        self.progress.show(label, done, total)
        if self.story is None:
            self.reading.show_message(label)

    def hide_progress(self) -> None:
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        """Set the screen's ``-busy`` class, restyling only the progress line.

        Only ``#progress`` depends on ``-busy`` (app.tcss); the class change's
        own restyle would redo every widget on the screen.
        """
        if self.has_class("-busy") != busy:
            self.set_class(busy, "-busy", update=False)
            if self._progress is not None:  # else styled as it mounts
                self._progress.update_node_styles(animate=False)

    def show_failure(self, message: str) -> None:
        self.hide_progress()
        self.reading.show_message(message)
        self.status.update("")

    def load(self, analysis: Analysis, *, linked: bool = True) -> None:
        """Show an analysis, keeping the open article and cursor when it is still there.

        ``linked`` is false for the cleaned sources shown while linking runs;
        the next call brings their claims without moving the cursor.
        """
        old, kept = self.story, self._kept_position()
        self.previewing = False
        self.remember_position()
        story = self.story = StoryIndex(analysis, linked=linked)
        # The analysis lives as long as it is shown: keep the garbage collector from
        # walking it (hundreds of thousands of objects at 10,000 sources) in every full
        # collection, which otherwise stalls a key press by up to 200 ms.
        gc.freeze()
        self._remap_history(old, story)
        self._report_problems(analysis)
        self._show_stories(len(story.views) > 1)
        if not story.sources:
            self.app.title = "No articles"
            self.app.sub_title = ""
            self.reading.show_message("No articles to show.")
            self.status.update("")
            return
        index = story.index_of_key(kept[0]) if kept is not None else None
        if kept is not None and index is not None:
            self._show_view(story.view_of(index), index)
            self._reopen(index, kept[1], kept[2])
            return
        last = story.index_of_key(self.state.last_source() or "")
        start = last if last is not None else story.views[0].sources[0]
        self._show_view(story.view_of(start), start)
        self.go(Place(start, self._saved_position(start)), remember=False)
        self.reading.focus()

    def _show_stories(self, shown: bool) -> None:
        """Set the screen's ``-stories`` class, restyling only the story list.

        Only ``#stories`` depends on ``-stories`` (app.tcss); the class change's own
        restyle would redo every widget on the screen. A story list mounted later
        (:attr:`stories`) is styled as it mounts.
        """
        if self.has_class("-stories") != shown:
            self.set_class(shown, "-stories", update=False)
            if self._stories is not None:
                self._stories.update_node_styles(animate=False)

    def preview(self, source: Source) -> None:
        """Show ``source`` alone, as the engine built it last time, until the analysis comes.

        The article the last session started on, from the result cache, in the first
        frame; :meth:`load` then keeps it open, with its cursor, in the full story.
        """
        if self.story is not None:
            return
        story = self.story = StoryIndex(Analysis((source,), ()), linked=False)
        self.previewing = True
        self.reading.show_source(source, story, self._saved_position(0))
        self._name_reading(0)
        self._store_after_frame([(self.state.set_read, (state_key(source),))])
        self.reading.focus()

    def _show_view(self, view: int, current: int | None = None) -> None:
        """List story ``view``'s sources, cursor on source ``current``; name it in the header."""
        story = self.story
        assert story is not None
        self.view = view
        shown = story.views[view]
        self.articles.set_story(
            story, shown.sources, lambda source: self.state.is_read(state_key(source)), current
        )
        if len(story.views) > 1:
            self.stories.set_story(story, view)
        claims, differences = story.view_counts(view)
        counts = (
            f"{len(shown.sources)} sources · {claims} shared statements · "
            f"{differences} discrepancies"
            if story.linked
            else f"{len(shown.sources)} sources · finding shared statements…"
        )
        if len(story.views) > 1:
            counts = f"story {view + 1}/{len(story.views)} · {len(shown.sources)} sources · " + (
                f"{claims} shared · {differences} differ" if story.linked else "linking…"
            )
        self.app.title = clip(shown.title, 200)
        self.app.sub_title = counts

    def _kept_position(self) -> tuple[str, int, tuple[int, int] | None] | None:
        """The open source's key, the cursor's sentence and the selected highlight's span."""
        source = self.reading.source
        if self.story is None or source is None:
            return None
        stop = self.reading.stop
        return (
            state_key(source),
            self.reading.sentence_index,
            ((stop.start, stop.end) if stop is not None else None),
        )

    def _reopen(self, index: int, sentence: int, span: tuple[int, int] | None) -> None:
        """Show the newer analysis of the open source without moving the cursor or scrolling."""
        story = self.story
        assert story is not None
        source = story.sources[index]
        if self.reading.source is None or self.reading.source.text != source.text:
            self.go(Place(index, sentence), remember=False)
            return
        self.reading.reanalysed(source, story, sentence, span)
        self._name_reading(index)
        self.articles.show_current(index)
        self._show_matches()

    def _remap_history(self, old: StoryIndex | None, new: StoryIndex) -> None:
        """Carry the jump history and search over to the new analysis's source numbers."""
        if old is None:
            return
        moved = {
            n: index
            for n, source in enumerate(old.sources)
            if (index := new.index_of_key(state_key(source))) is not None
        }
        self.history = [
            Place(moved[p.source], p.sentence) for p in self.history if p.source in moved
        ]
        search = self._search
        if search is not None:
            picked = search.matches[search.index]
            kept = [m for m in search.matches if m.source in moved]
            matches = sorted(
                (Match(moved[m.source], m.start, m.end) for m in kept),
                key=lambda m: (m.source, m.start),
            )
            if not matches:
                self._search = None
            else:
                moved_pick = Match(moved.get(picked.source, -1), picked.start, picked.end)
                index = matches.index(moved_pick) if moved_pick in matches else 0
                self._search = _Search(search.query, matches, index)

    def _report_problems(self, analysis: Analysis) -> None:
        """One notification per file that could not be read (once per session)."""
        for problem in analysis.problems:
            if problem in self._reported:
                continue
            self._reported.add(problem)
            self.app.notify(
                f"{one_line(problem.path)}: {one_line(problem.reason)}",
                title="Skipped a file",
                severity="warning",
                markup=False,
            )

    def _saved_position(self, index: int) -> int:
        assert self.story is not None
        self.store_unsaved()
        return self.state.position(state_key(self.story.sources[index])) or 0

    def remember_position(self) -> None:
        """Store the current source and sentence for the next run."""
        self.store_unsaved()
        for write, args in self._position_writes():
            write(*args)

    def _position_writes(self) -> list[_Write]:
        place = self.place
        if self.story is None or place is None:
            return []
        key = state_key(self.story.sources[place.source])
        return [
            (self.state.set_position, (key, place.sentence)),
            (self.state.set_last_source, (key,)),
        ]

    def _store_after_frame(self, writes: list[_Write]) -> None:
        """Write reading state once the screen is drawn: each write waits for the disk."""
        self._unsaved.extend(writes)
        self.call_after_refresh(self.store_unsaved)

    def store_unsaved(self) -> None:
        """Do the writes that were waiting for a frame."""
        writes, self._unsaved = self._unsaved, []
        warned = self.state.warning
        for write, args in writes:
            write(*args)
        if self.state.warning and self.state.warning != warned:
            # The disk failed mid-session: say so now, not only on stderr after quitting.
            self.notify(self.state.warning, severity="warning", markup=False, timeout=10)

    # -- moving -------------------------------------------------------------

    def go(
        self, place: Place, stop: Stop | None = None, *, remember: bool = True, center: bool = True
    ) -> None:
        """Open ``place`` (a source and sentence), recording a jump in the history."""
        story = self.story
        if story is None:
            return
        current = self.place
        if remember and current is not None and current != place:
            self.history.append(current)
        source = story.sources[place.source]
        if self.reading.source is not source:
            writes = self._position_writes()
            if self.articles.row_of(place.source) is None:
                self._show_view(story.view_of(place.source), place.source)
            self.reading.show_source(source, story, place.sentence, stop)
            self._name_reading(place.source)
            self.articles.show_current(place.source)
            self._store_after_frame([*writes, (self.state.set_read, (state_key(source),))])
            self.articles.set_read(place.source)
            self._show_matches()
        else:
            self.reading.move_to(place.sentence, stop, center=center)

    def _name_reading(self, index: int) -> None:
        """Number, outlet and date of source ``index`` around the reading pane."""
        assert self.story is not None
        source = self.story.sources[index]
        number = self.number_of(index)
        self.reading.border_title = Content(f"{number} {clip(source.label, 60)}".lstrip())
        self.reading.border_subtitle = Content(clip(source.date, 30)) if source.date else None

    def number_of(self, index: int) -> str:
        """How the article list numbers source ``index`` ("" when it lists another story)."""
        row = self.articles.row_of(index)
        return "" if row is None else str(row + 1)

    def jump_to_sentence(self, sentence_id: str) -> None:
        if self.story is not None:
            self.go(self.story.place_of(sentence_id))

    def _cursor_moved(self, pane: ReadingPane) -> None:
        self._refresh_side()

    def _refresh_side(self) -> None:
        reading = self.reading
        if self.story is None or reading.source is None:
            return
        self.claims.show(self.story, reading.source, reading.sentence, self.number_of)
        self.status.show(
            self.story, reading.source, reading.sentence_index, reading.stop, self._search_label()
        )

    @on(ArticleList.Selected)
    def _article_selected(self, event: ArticleList.Selected) -> None:
        event.stop()
        self._open_article(event.index)
        if self.story is not None:
            self.reading.focus()

    def _open_article(self, index: int) -> None:
        if self.story is not None and (self.place is None or self.place.source != index):
            self.go(Place(index, self._saved_position(index)))

    def on_story_list_selected(self, event: StoryList.Selected) -> None:
        event.stop()
        self.show_story(event.index)
        self.articles.focus()

    def show_story(self, view: int) -> None:
        """List story ``view``'s articles and open its first one."""
        story = self.story
        if story is None or not 0 <= view < len(story.views) or view == self.view:
            return
        first = story.views[view].sources[0]
        self._show_view(view, first)
        self.go(Place(first, self._saved_position(first)))

    @on(ClaimPanel.Jump)
    def _claim_jump(self, event: ClaimPanel.Jump) -> None:
        event.stop()
        self.jump_to_sentence(event.sentence_id)

    # -- actions ------------------------------------------------------------

    def action_open_source(self, row: int) -> None:
        """Open the article on row ``row`` (from 0) of the article list."""
        listed = self.articles.view
        if self.story is not None and 0 <= row < len(listed):
            index = listed[row]
            if self.place is None or self.place.source != index:
                self.go(Place(index, self._saved_position(index)))
        else:
            self.app.bell()

    def _step_source(self, step: int) -> None:
        place = self.place
        row = None if place is None else self.articles.row_of(place.source)
        if row is not None:
            self.action_open_source(row + step)

    def action_next_source(self) -> None:
        self._step_source(+1)

    def action_previous_source(self) -> None:
        self._step_source(-1)

    def action_next_claim(self) -> None:
        self._step(forward=True)

    def action_previous_claim(self) -> None:
        self._step(forward=False)

    def _step(self, forward: bool) -> None:
        if self._search is not None and self._search.matches:
            search = self._search
            search.index = (search.index + (1 if forward else -1)) % len(search.matches)
            self._go_to_match(remember=False)
        elif not self.reading.move_to_stop(forward):
            self.app.bell()

    def action_follow(self) -> None:
        target = self.claims.selected_sentence_id
        if target is None:
            self.app.notify("No other source makes this statement.", markup=False)
        else:
            self.jump_to_sentence(target)

    def action_back(self) -> None:
        if self.history:
            self.go(self.history.pop(), remember=False)
        else:
            self.app.bell()

    def action_next_discrepancy(self) -> None:
        place = self.place
        if self.story is None or place is None:
            return
        view = self.view if len(self.story.views) > 1 else None
        target = self.story.next_discrepancy(place, view=view)
        if target is None:
            self.app.notify("The sources agree: no discrepancies found.", markup=False)
        else:
            self.go(target)

    def action_matrix(self) -> None:
        if self.story is not None and self.story.sources:
            from reader.tui.screens.matrix import MatrixScreen

            sources = self.story.views[self.view].sources
            self.app.push_screen(MatrixScreen(self.story, self.place, sources), self._matrix_closed)

    def _matrix_closed(self, sentence_id: str | None) -> None:
        if sentence_id is not None:
            self.jump_to_sentence(sentence_id)

    def action_export(self, fmt: str = "md") -> None:
        story = self.story
        if story is None or not story.sources or self.previewing:
            self.app.notify("No story to export yet.", markup=False)
            return
        from reader.export import FORMATS
        from reader.tui.screens.export import ExportDialog

        shown = story.views[self.view]
        whole = shown.story is None and len(story.views) > 1
        dialog = ExportDialog(
            story.analysis,
            shown.story.id if shown.story is not None else None,
            "every story" if whole else shown.title,
            next((f for f in FORMATS if f == fmt), "md"),
        )
        self.app.push_screen(dialog, self._exported)

    def _exported(self, path: Path | None) -> None:
        if path is not None:
            self.app.notify(str(path), title="Exported the story to", markup=False)

    def action_open(self) -> None:
        from reader.tui.screens.open import OpenDialog

        self.app.push_screen(OpenDialog(), self._open_chosen)

    def _open_chosen(self, target: str | None) -> None:
        if target:
            self.post_message(self.OpenRequested(target))

    def action_search(self) -> None:
        if self.story is not None and self.story.sources:
            query = self._search.query if self._search else ""
            from reader.tui.screens.search import SearchScreen

            self.app.push_screen(SearchScreen(self.story, query), self._search_closed)

    def _search_closed(self, result: SearchResult | None) -> None:
        if result is None or not result.matches:
            return
        self._search = _Search(result.query, list(result.matches), result.index)
        self._go_to_match(remember=True)

    def _go_to_match(self, remember: bool) -> None:
        assert self.story is not None and self._search is not None
        match = self._search.matches[self._search.index]
        source = self.story.sources[match.source]
        sentence = self.story.sentence_at(source, match.start)
        self.go(Place(match.source, sentence), Stop(match.start, match.end, ()), remember=remember)
        self._show_matches()
        self._refresh_side()

    def action_clear_search(self) -> None:
        if self._search is not None:
            self._search = None
            self._show_matches()
            self._refresh_side()

    def _show_matches(self) -> None:
        place = self.place
        if self._search is None or place is None:
            self.reading.set_matches([])
            return
        self.reading.set_matches(
            [(m.start, m.end) for m in self._search.matches if m.source == place.source]
        )

    def _search_label(self) -> str | None:
        search = self._search
        if search is None:
            return None
        return f"/{clip(search.query, 30)} {search.index + 1}/{len(search.matches)} (esc clears)"
