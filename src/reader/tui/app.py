"""The reader Textual app: loads the analysis in a worker and shows the main screen."""

from __future__ import annotations

import gc

from reader.gc_pause import gc_paused

# No garbage collection while the interface is imported: the imports build mostly modules,
# classes and caches that live as long as the process, and each young collection walked
# them again (~1% of the instructions to the first frame, more in CPU time). ReaderApp
# freezes them out of later collections (__init__) and pauses collection until its first
# frame (get_default_screen).
with gc_paused():
    import asyncio
    import contextlib
    import sys
    import threading
    from collections.abc import Sequence
    from pathlib import Path
    from typing import TYPE_CHECKING, ClassVar

    from textual import work
    from textual.app import App
    from textual.binding import Binding, BindingType
    from textual.message import Message
    from textual.timer import Timer
    from textual.worker import Worker, WorkerState, get_current_worker

    from reader.model import Analysis, Source
    from reader.state import StateStore
    from reader.tui.keymap import load_keymap
    from reader.tui.safe_text import one_line
    from reader.tui.screens.main import MainScreen
    from reader.tui.story_index import state_key

if TYPE_CHECKING:
    from textual.command import Provider

    from reader.tui.analysis_job import Stage
    from reader.tui.screens.help import Section


def _reader_commands() -> type[Provider]:
    """The command palette provider, imported only when the palette opens."""
    from reader.tui.commands import ReaderCommands

    return ReaderCommands


class AnalysisProgress(Message):
    """Posted from the analysis thread: ``done`` of ``total`` in a stage."""

    def __init__(self, stage: Stage, done: int, total: int) -> None:
        super().__init__()
        self.stage = stage
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, AnalysisProgress)


class SourcesReady(Message):
    """Posted from the analysis thread: the cleaned sources, before linking.

    The thread waits for ``drawn`` (set once a frame shows them) before it links.
    """

    def __init__(self, analysis: Analysis, drawn: threading.Event | None = None) -> None:
        super().__init__()
        self.analysis = analysis
        self.drawn = drawn if drawn is not None else threading.Event()


class EngineWarning(Message):
    """Posted from the analysis thread: one line to show the user."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


PROGRESS_INTERVAL = 0.1
"""Seconds between two progress updates on screen: each redraws the progress line,
and the reading pane while no article shows; the engine reports every article."""

PROGRESS_DELAY = 0.5
"""Seconds a warm start (an article on screen from the first frame) waits before it shows
the engine's progress: the engine mostly finishes sooner, and a progress line drawn for a
few frames and taken away again only flickers."""

SOURCES_FRAME_WAIT = 60
"""How many 50 ms waits the engine's thread makes, at most, for the frame showing the
articles before it links."""

STAGE_LABELS = {
    "loading": "Reading articles",
    "reading": "Cleaning articles",
    "grouping": "Grouping articles into stories",
    "linking": "Finding shared statements",
}


class ReaderApp(App[int]):
    """Read one story across many outlets."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "reader"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [
        (0, "-tiny"),
        (60, "-narrow"),
        (110, "-wide"),
        (150, "-very-wide"),
    ]
    COMMANDS = App.COMMANDS | {_reader_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
    ]

    def __init__(
        self,
        paths: Sequence[str] | None = None,
        analysis: Analysis | None = None,
        state: StateStore | None = None,
        *,
        cache: bool = True,
        jobs: int | None = None,
    ) -> None:
        """``cache``: read and write the engine's result cache; ``jobs``: the engine's
        worker processes for large inputs (default one per CPU)."""
        # What the imports built (Textual's and reader's modules, classes, caches) lives
        # as long as the process: frozen, it is left out of the garbage collector's full
        # collections, one of which fell in the first frame and took ~15 ms of CPU.
        gc.freeze()
        super().__init__()
        self.paths = list(paths or [])
        self.analysis = analysis
        self.cache = cache
        self.jobs = jobs
        self.state = state if state is not None else StateStore.open_default()
        self.analysis_settled = asyncio.Event()
        """Set once the story is shown or the analysis has failed."""
        self._adding: str | None = None
        self._progress: AnalysisProgress | None = None
        """The latest progress report not shown yet."""
        self._progress_timer: Timer | None = None
        self._progress_held = False
        """A warm start's progress waits ``progress_delay`` (see :meth:`_analyze`)."""
        self.progress_delay = PROGRESS_DELAY
        self._start_kept: Source | None = None
        """The article last stored for the next start (or shown from there)."""
        self._collecting = False
        """Garbage collection was on before start-up turned it off (see get_default_screen)."""
        self.keymap = load_keymap()
        """The user's remapping (``keys.toml``), applied by binding id."""
        if self.keymap.keys:
            self.set_keymap(self.keymap.keys)

    def get_default_screen(self) -> MainScreen:
        # No garbage collection until the first frame is drawn: building the screen makes
        # long-lived widgets, styles and caches and little garbage, and each young
        # collection walked them again (~5 ms of CPU). _collect_again turns it back on.
        self._collecting = gc.isenabled()
        gc.disable()
        loading = self.analysis is None
        start = self._start_article() if loading and self.cache else None
        screen = MainScreen(
            self.state,
            start=start,
            busy=STAGE_LABELS["loading"] if loading and start is None else None,
        )
        # The breakpoint class for the first frame, set before the screen mounts: set
        # by the first resize instead, it restyled every widget on the screen.
        width = self.size.width
        for edge, name in sorted(self.HORIZONTAL_BREAKPOINTS, reverse=True):
            if width >= edge:
                screen.add_class(name, update=False)
                break
        return screen

    @property
    def main(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def on_main_screen_ready(self, message: MainScreen.Ready) -> None:
        self.call_after_refresh(self._collect_again)  # before the engine starts, below
        if self.state.warning:
            self.notify(self.state.warning, severity="warning", markup=False)
        if self.keymap.keys:  # the screens that hold bindings load only when a map needs them
            sections = self.help_sections()
            self.keymap = self.keymap.checked(
                b.id for _, bindings in sections for b in bindings if isinstance(b, Binding)
            )
        for problem in self.keymap.problems:
            self.notify(problem, severity="warning", markup=False)
        if self.analysis is not None:
            self.main.load(self.analysis)
            self.analysis_settled.set()
        else:
            # Reading starts once the first frame is out: the engine's thread shares
            # the interpreter lock, so started sooner it only delays that frame.
            self.call_after_refresh(self._analyze, self.paths)

    def _collect_again(self) -> None:
        """Turn garbage collection back on after the first frame, leaving what start-up
        built (it lives as long as the app) out of it."""
        if self._collecting:
            self._collecting = False
            gc.freeze()
            gc.enable()

    def _start_article(self) -> Source | None:
        """The article the last session over these paths started on, if still unchanged.

        Only when the reader would open it anyway: it is the article last read, or
        none was (the first article of the story then, as the engine ordered it).
        """
        from reader.cache import read_start

        source = read_start(self.paths)
        last = self.state.last_source()
        if source is None or last not in (None, state_key(source)):
            return None
        self._start_kept = source
        return source

    def _keep_start(self) -> None:
        """Store the open article in the result cache, for the next start's first frame."""
        source = self.main.reading.source
        if not self.cache or source is None or source is self._start_kept:
            return
        from reader.cache import write_start

        self._start_kept = source
        write_start(self.paths, source)

    def on_main_screen_open_requested(self, message: MainScreen.OpenRequested) -> None:
        """Analyse again with one more path or URL; the story stays usable meanwhile."""
        target = message.target
        if target in self.paths:
            self.notify(f"{one_line(target)} is open already.", markup=False)
            return
        if self.paths:
            base = list(self.paths)
        elif self.analysis is not None and self.analysis.sources:
            base = [source.path for source in self.analysis.sources]
        else:
            from reader.loading import seeds_dir

            base = [str(seeds_dir())]
        self._adding = target
        self.analysis_settled.clear()
        self.main.show_progress(f"Adding {one_line(target)}")
        self._analyze([*base, target])

    @work(exclusive=True, exit_on_error=False, group="analysis")
    async def _analyze(self, paths: list[str]) -> tuple[list[str], Analysis]:
        """Run the engine off the event loop.

        The engine runs in a daemon thread rather than a ``thread=True`` worker:
        a worker thread cannot be stopped, and a non-daemon thread would keep the
        process alive after ``q`` until a long analysis finished.
        """
        from reader.tui.analysis_job import Callbacks, analyse  # after the first frame

        loop = asyncio.get_running_loop()
        outcome: asyncio.Future[Analysis] = loop.create_future()
        worker = get_current_worker()
        preview = self.analysis is None

        def post(message: Message) -> None:
            if not worker.is_cancelled:
                self.post_message(message)

        # With no article on screen yet, linking waits until a frame shows the cleaned
        # ones: sharing the interpreter lock with the event loop, it would slow that frame
        # down by as much as it gains. (A few seconds at most, in case no frame comes.)
        # With the start article shown, it goes on: the sources' frame and the linked
        # story's may then be one.
        wait = self.main.reading.source is None

        def hand_over(analysis: Analysis) -> None:
            message = SourcesReady(analysis)
            post(message)
            for _ in range(SOURCES_FRAME_WAIT if wait else 0):
                if message.drawn.wait(0.05) or worker.is_cancelled:
                    break

        callbacks = Callbacks(
            sources=hand_over,
            progress=lambda stage, done, total: post(AnalysisProgress(stage, done, total)),
            cancelled=lambda: worker.is_cancelled,
            warning=lambda text: post(EngineWarning(text)),
        )

        def deliver(result: Analysis | None, error: BaseException | None) -> None:
            if outcome.done():
                return
            if error is None:
                outcome.set_result(result)  # type: ignore[arg-type]
            else:
                outcome.set_exception(error)

        def run_engine() -> None:
            try:
                result = analyse(
                    paths, callbacks, preview=preview, cache=self.cache, jobs=self.jobs
                )
                error = None
            except BaseException as failure:  # handed to the event loop, never swallowed
                result, error = None, failure
            with contextlib.suppress(RuntimeError):  # the loop closed: the app has quit
                loop.call_soon_threadsafe(deliver, result, error)

        if self._progress_timer is None and self.main.previewing:
            # A warm start: the article is on screen, and the engine mostly done before
            # progress_delay is up (see PROGRESS_DELAY).
            self._progress_held = True
            self._progress_timer = self.set_timer(self.progress_delay, self._end_progress_hold)
        elif self._progress_timer is None:
            # The engine's first report waits PROGRESS_INTERVAL, as the later ones do: the
            # screen says what is going on already, and a few articles are read before then.
            # Drawn at once, it cost a redraw (~4 ms of CPU, sharing the interpreter lock)
            # in the middle of their reading, replaced by the articles ~50 ms later.
            self._progress_timer = self.set_timer(PROGRESS_INTERVAL, self._show_analysis_progress)
        threading.Thread(target=run_engine, name="reader-analysis", daemon=True).start()
        return paths, await outcome

    def on_sources_ready(self, message: SourcesReady) -> None:
        if self.analysis is not None:
            message.drawn.set()
            return
        # The articles first: with no story on screen, the label would also be laid out
        # in the reading pane, only for the articles to replace it in the same frame.
        self.main.load(message.analysis, linked=False)
        self._progress = AnalysisProgress("linking", 0, 0) if self._progress_held else None
        if not self._progress_held:
            self.main.show_progress(STAGE_LABELS["linking"])
        self.call_after_refresh(message.drawn.set)

    def on_engine_warning(self, message: EngineWarning) -> None:
        self.notify(one_line(message.text), severity="warning", markup=False)

    def on_analysis_progress(self, message: AnalysisProgress) -> None:
        self._progress = message
        if self._progress_timer is None:
            self._show_analysis_progress()

    def _end_progress_hold(self) -> None:
        """A warm start's wait is over: show what the engine is doing, if it still is."""
        self._progress_held = False
        self._progress_timer = None
        if self.analysis_settled.is_set():
            return
        if self._progress is None:
            self._progress = AnalysisProgress("loading", 0, 0)
        self._show_analysis_progress()

    def _show_analysis_progress(self) -> None:
        """Show the latest progress report; the next waits ``PROGRESS_INTERVAL``."""
        message, self._progress = self._progress, None
        if message is None:
            self._progress_timer = None
            return
        label = STAGE_LABELS.get(message.stage, message.stage)
        if self._adding is not None:
            label = f"Adding {one_line(self._adding)}: {label.lower()}"
        self.main.show_progress(label, message.done, message.total)
        self._progress_timer = self.set_timer(PROGRESS_INTERVAL, self._show_analysis_progress)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "analysis":
            return
        if event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            self._progress = None  # a report still waiting is stale
        if event.state == WorkerState.SUCCESS and event.worker.result is not None:
            paths, analysis = event.worker.result
            self.paths = self._kept_paths(paths, analysis)
            self.analysis = analysis
            self._adding = None
            self.main.hide_progress()
            self.main.load(analysis)
            self.call_after_refresh(self._keep_start)
            self.analysis_settled.set()
        elif event.state == WorkerState.ERROR:
            reason = one_line(str(event.worker.error))
            shown = self.main.story
            if self._adding is not None and self.analysis is not None:
                self.notify(f"Could not add {one_line(self._adding)}: {reason}", markup=False)
                self.main.hide_progress()
            elif shown is not None and shown.sources:
                # The cleaned articles stay readable without their shared statements.
                self.notify(f"Analysis failed: {reason}", severity="error", markup=False)
                self.main.hide_progress()
            else:
                self.main.show_failure(f"Analysis failed: {reason}")
            self._adding = None
            self.analysis_settled.set()

    def _kept_paths(self, paths: list[str], analysis: Analysis) -> list[str]:
        """The session's paths, less an added one that gave nothing but a problem."""
        added = self._adding
        if added is None or added not in {problem.path for problem in analysis.problems}:
            return paths
        return [path for path in paths if path != added]

    def help_sections(self) -> list[Section]:
        """Every binding, grouped by where it works."""
        from reader.tui.screens.export import ExportDialog
        from reader.tui.screens.matrix import MatrixScreen
        from reader.tui.screens.open import OpenDialog
        from reader.tui.screens.search import SearchScreen
        from reader.tui.widgets.coverage_table import CoverageTable
        from reader.tui.widgets.pane_list import PaneList
        from reader.tui.widgets.reading_pane import ReadingPane

        return [
            (
                "Anywhere",
                [
                    *self.BINDINGS,
                    Binding(self.COMMAND_PALETTE_BINDING, "command_palette", "Command palette"),
                ],
            ),
            ("Main screen", MainScreen.BINDINGS),
            ("Reading pane", ReadingPane.BINDINGS),
            ("Story list, article list and side panel", PaneList.BINDINGS),
            ("Coverage matrix (m)", [*MatrixScreen.BINDINGS, *CoverageTable.BINDINGS]),
            ("Search (/)", SearchScreen.BINDINGS),
            ("Export (e) and add (a) dialogs", [*ExportDialog.BINDINGS, *OpenDialog.BINDINGS]),
        ]

    def action_help(self) -> None:
        from reader.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(HelpScreen(self.help_sections()))

    async def action_quit(self) -> None:
        self.main.remember_position()
        if self.analysis is not None:
            self._keep_start()
        self.exit(0)


def run(paths: Sequence[str] | None, *, cache: bool = True, jobs: int | None = None) -> int:
    """Run the app over ``paths`` (the bundled seeds when empty); the exit code.

    ``cache`` and ``jobs`` are ``reader``'s ``--no-cache`` and ``--jobs``.
    """
    app = ReaderApp(paths, cache=cache, jobs=jobs)
    try:
        app.run()
    finally:
        app._collect_again()  # if the app stopped before its first frame
        app.state.close()
    if app.state.warning:
        print(f"reader: {app.state.warning}", file=sys.stderr)
    return app.return_code or 0
