"""Command palette entries: open a source or a story, jump to a statement, matrix, export, add."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from reader.tui.safe_text import clip, one_line
from reader.tui.screens.export import FORMAT_NAMES
from reader.tui.screens.main import MainScreen
from reader.tui.story_index import Place

Command = tuple[str, Callable[[], object], str]
MAX_SOURCES = 500
MAX_STORIES = 1000


class ReaderCommands(Provider):
    """Commands over the open story."""

    def _main(self) -> MainScreen | None:
        screen = self.screen
        return screen if isinstance(screen, MainScreen) and screen.story is not None else None

    def _commands(self, main: MainScreen, statements: bool) -> list[Command]:
        story = main.story
        assert story is not None
        commands: list[Command] = [
            ("Show coverage matrix", main.action_matrix, "Statements × sources"),
            *(
                (
                    f"Export story as {name}…",
                    partial(main.action_export, fmt),
                    "Write a report to share (e)",
                )
                for fmt, name in FORMAT_NAMES.items()
            ),
            ("Add articles…", main.action_open, "A file, directory, feed or URL (a)"),
        ]
        listed = main.articles.view
        for row, index in enumerate(listed[:MAX_SOURCES]):
            source = story.sources[index]
            title = f" — {clip(source.title, 60)}" if source.title else ""
            commands.append(
                (
                    f"Open source {row + 1}: {clip(source.label, 40)}{title}",
                    partial(main.action_open_source, row),
                    "Read this article",
                )
            )
        if len(story.views) > 1:
            for n, view in enumerate(story.views[:MAX_STORIES]):
                commands.append(
                    (
                        f"Story {n + 1}: {clip(view.title, 80)}",
                        partial(main.show_story, n),
                        f"{len(view.sources)} articles",
                    )
                )
        if statements:
            members = set(listed)
            for claim in story.analysis.claims:
                source, sentence = story.analysis.sentence(claim.sentences[0])
                place = story.place_of(claim.sentences[0])
                if place.source not in members:
                    continue
                text = one_line(source.text[sentence.start : sentence.end])
                commands.append(
                    (
                        f"Statement: {clip(text, 100)}",
                        partial(main.go, Place(place.source, place.sentence)),
                        f"Made by {story.share_count(sentence.id)} sources",
                    )
                )
        return commands

    async def discover(self) -> Hits:
        main = self._main()
        if main is None:
            return
        for text, command, help_text in self._commands(main, statements=False):
            yield DiscoveryHit(Content(text), command, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        main = self._main()
        if main is None:
            return
        matcher = self.matcher(query)
        for text, command, help_text in self._commands(main, statements=True):
            score, offsets = matcher.fuzzy_search.match(matcher.query, text)
            if score > 0:
                display = Content(text)
                for offset in offsets:
                    display = display.stylize(matcher.match_style, offset, offset + 1)
                yield Hit(score, display, command, text=text, help=help_text)
