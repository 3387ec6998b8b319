"""The analysis from paths to :class:`~reader.model.Analysis`, in phases.

1. ``loading``: read and decode the inputs (:func:`reader.loading.load`).
2. ``reading``: build each source (cleaning, sentences, figures, quotes) and its
   story profile, or take the source from the cache.
3. ``grouping``: group the sources into stories (:mod:`reader.stories`).
4. ``linking``: link sentences across the sources of each story of two or more
   sources (:func:`reader.linking.link`), or take the claims from the cache.

Reading and linking run in worker processes (``concurrent.futures``) when there
is enough work to pay for starting them, and in this process otherwise, so a
handful of articles opens at once. The result does not depend on which: the
same input gives the same analysis.

Progress: ``phase(name)`` is called as each phase starts and ``progress(done,
total)`` as work in it completes. ``cancel`` (a :class:`threading.Event` or a
function returning True to stop) is checked between pieces of work;
:class:`Cancelled` is raised when it is set, and worker processes are stopped.
An exception raised by a callback stops the run the same way and propagates.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from reader import cache as cache_mod
from reader import stories as story_rules
from reader.analysis import build_source, source_ids
from reader.cache import ResultCache
from reader.gc_pause import gc_paused
from reader.loading import Document, LoadOptions, load
from reader.model import Analysis, Claim, LoadProblem, Source

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

PHASES = ("loading", "reading", "grouping", "linking")
PARALLEL_MIN_DOCUMENTS = 150
"""Fewer sources to build than this are built in this process (workers take ~0.5 s to start)."""
PARALLEL_MIN_SENTENCES = 3000
"""Fewer sentences to link than this are linked in this process."""
CHUNK = 12
STATS = (
    "sources_built",
    "sources_cached",
    "grouping_cached",
    "stories",
    "stories_linked",
    "stories_cached",
    "candidate_pairs",
)
"""The counts ``stats`` receives (see :func:`analyze_documents`)."""
_WRITE_BATCH = 200

Progress = Callable[[int, int], None]
Phase = Callable[[str], None]
Cancel = threading.Event | Callable[[], bool]


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with the process's real stderr.

    Under Textual ``sys.stderr`` is a capture object whose ``fileno()`` is -1; the tracker
    would hand that to its child and fail with "bad value(s) in fds_to_keep".
    """
    from multiprocessing import resource_tracker

    captured = sys.stderr
    try:
        if sys.__stderr__ is not None:
            sys.stderr = sys.__stderr__
        resource_tracker.ensure_running()
    finally:
        sys.stderr = captured


def _preload_engine() -> None:
    """Import the extraction rules and the matcher before forking workers.

    Each forked worker would otherwise import them itself (about 0.1 s of CPU each, numpy
    and rapidfuzz included); imported once here, every worker starts with them. Only called
    when workers are about to build or link, so a reopen served from the cache still never
    imports them.
    """
    import reader.batch_bounds
    import reader.cleaning
    import reader.figures
    import reader.linking
    import reader.quotes
    import reader.sentences  # noqa: F401


class Cancelled(Exception):
    """The caller cancelled the analysis."""


def default_jobs() -> int:
    """Worker processes to use: one per CPU, at most 8."""
    return max(1, min(8, os.cpu_count() or 1))


class _Run:
    """Callbacks and the worker pool of one run."""

    def __init__(
        self, progress: Progress | None, phase: Phase | None, cancel: Cancel | None, jobs: int
    ) -> None:
        self._progress = progress
        self._phase = phase
        if isinstance(cancel, threading.Event):
            self._cancelled: Callable[[], bool] = cancel.is_set
        else:
            self._cancelled = cancel or (lambda: False)
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None
        self.stats: Counter[str] = Counter()

    def check(self) -> None:
        if self._cancelled():
            raise Cancelled

    def phase(self, name: str) -> None:
        self.check()
        if self._phase is not None:
            self._phase(name)

    def progress(self, done: int, total: int) -> None:
        self.check()
        if self._progress is not None:
            self._progress(done, total)

    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # Imported only here (~3 ms): a run with too little work for workers never forks.
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # fork is fast and needs no importable __main__, but forking a process that runs
            # other threads (the TUI) can deadlock the child: spawn there.
            single = threading.active_count() == 1
            methods = multiprocessing.get_all_start_methods()
            method = "fork" if single and "fork" in methods else "spawn"
            context = multiprocessing.get_context(method)
            if method == "fork":
                _preload_engine()
            _start_resource_tracker()
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=context)
        return self._pool

    @contextlib.contextmanager
    def workers(self) -> Iterator[None]:
        """Work in worker processes; if they cannot run (no usable start method, a worker
        died), stop using them: the caller does the rest in this process."""
        try:
            yield
        except (OSError, RuntimeError):  # BrokenProcessPool is a RuntimeError
            # An error the work itself raises comes back when it is redone here.
            self.close(abort=True)
            self.jobs = 1

    def gather(self, futures: Sequence[Future[Any]]) -> Iterator[int]:
        """Indexes of the futures as they complete, checking for cancellation while waiting.

        Each future reports itself on a queue when done: ``wait()`` on the pending set would
        add and remove a waiter on every pending future for each one that completes, which
        for the 834 chunks of 10,000 articles is ~700,000 lock round trips in this process.
        """
        import queue

        position = {future: n for n, future in enumerate(futures)}
        finished: queue.SimpleQueue[Future[Any]] = queue.SimpleQueue()
        for future in futures:
            future.add_done_callback(finished.put)
        for _ in futures:
            while True:
                self.check()
                try:
                    future = finished.get(timeout=0.1)
                except queue.Empty:
                    continue
                break
            yield position[future]

    def close(self, *, abort: bool) -> None:
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        if not abort:
            pool.shutdown(wait=True)
            return
        # Stop now: drop queued work and end the workers still busy with a piece.
        processes = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            with contextlib.suppress(Exception):
                process.terminate()


# --- work done in worker processes (top-level so it can be pickled) ---------------------------


Built = tuple[Source, dict[str, float], bytes, bytes]


def _build(items: Sequence[tuple[Document, str]]) -> list[Built]:
    """Sources with their story profiles, and both encoded for the cache.

    Without cyclic garbage collection (:func:`~reader.gc_pause.gc_paused`): building makes
    tokens, matches and spans by the hundred thousand, nearly all freed by reference
    counting, and each collection they trigger walks everything the process holds (in a
    forked worker, all the loaded documents too). Paused, building took 1-3% less CPU in
    workers.
    """
    out = []
    with gc_paused():
        for document, source_id in items:
            source = build_source(document, source_id)
            profile = story_rules.profile(source)
            encoded = cache_mod.encode_source(source), cache_mod.encode_profile(profile)
            out.append((source, profile, *encoded))
    return out


def _build_encoded(items: Sequence[tuple[Document, str]]) -> list[tuple[bytes, bytes]]:
    """:func:`_build` in a worker: only the encoded source and profile come back, which
    pickle as two byte strings and decode faster than the objects unpickle."""
    return [(data, profile) for _, _, data, profile in _build(items)]


def _decoded(data: bytes, profile_data: bytes, source_id: str, path: str) -> Built:
    """What :func:`_build` gives, from what :func:`_build_encoded` gives."""
    source = cache_mod.decode_source(data, source_id, path)
    return source, cache_mod.decode_profile(profile_data), data, profile_data


def _link(members: Sequence[Source]) -> tuple[tuple[Claim, ...], int]:
    """The claims of one story, and the number of candidate sentence pairs scored."""
    pairs = [0]

    def count(_done: int, total: int) -> None:
        pairs[0] = total

    from reader.linking import link  # a reopen served from the cache never links

    return link(members, progress=count), pairs[0]


# --- phases -----------------------------------------------------------------------------------


def _read(
    documents: Sequence[Document],
    ids: Sequence[str],
    keys: Sequence[str],
    store: ResultCache,
    run: _Run,
) -> tuple[list[Source], dict[int, dict[str, float]]]:
    """Every source, from the cache or built; and the profiles of those built."""
    total = len(documents)
    sources: list[Source | None] = [None] * total
    profiles: dict[int, dict[str, float]] = {}
    found = store.get_many("source", keys)
    missing = []
    # Decoding makes small acyclic objects by the hundred thousand: with the collector on,
    # the collections they triggered cost a third of a warm start.
    with gc_paused():
        for index, key in enumerate(keys):
            data = found.get(key)
            if data is not None:
                try:
                    path = documents[index].path
                    sources[index] = cache_mod.decode_source(data, ids[index], path)
                    continue
                except ValueError:
                    store.discard("source", key)
            missing.append(index)
    del found
    done = total - len(missing)
    run.stats["sources_cached"] += done
    run.stats["sources_built"] += len(missing)
    run.progress(done, total)
    pending: list[tuple[str, bytes]] = []
    pending_profiles: list[tuple[str, bytes]] = []

    def keep(index: int, built: Built) -> None:
        sources[index], profiles[index], data, profile_data = built
        pending.append((keys[index], data))
        pending_profiles.append((keys[index], profile_data))
        if len(pending) >= _WRITE_BATCH:
            flush()

    def flush() -> None:
        store.put_many("source", pending)
        store.put_many("profile", pending_profiles)
        pending.clear()
        pending_profiles.clear()

    if len(missing) >= PARALLEL_MIN_DOCUMENTS and run.jobs > 1:
        chunks = [missing[i : i + CHUNK] for i in range(0, len(missing), CHUNK)]
        # Decoding what the workers send makes objects by the million, none in cycles.
        with run.workers(), gc_paused():
            pool = run.pool()
            futures = [
                pool.submit(_build_encoded, [(documents[i], ids[i]) for i in c]) for c in chunks
            ]
            for position in run.gather(futures):
                chunk = chunks[position]
                for index, encoded in zip(chunk, futures[position].result(), strict=True):
                    keep(index, _decoded(*encoded, ids[index], documents[index].path))
                done += len(chunk)
                run.progress(done, total)
    for index in missing:  # all of them, or those the workers did not build
        if sources[index] is None:
            run.check()
            keep(index, _build([(documents[index], ids[index])])[0])
            done += 1
            run.progress(done, total)
    flush()
    return [s for s in sources if s is not None], profiles


def _profiles(
    sources: Sequence[Source],
    known: dict[int, dict[str, float]],
    keys: Sequence[str],
    store: ResultCache,
) -> list[dict[str, float]]:
    """Every source's story profile: just built, cached, or made now."""
    wanted = [keys[i] for i in range(len(sources)) if i not in known]
    found = store.get_many("profile", wanted)
    made = []
    out = []
    for index, source in enumerate(sources):
        profile = known.get(index)
        data = found.get(keys[index])
        if profile is None and data is not None:
            with contextlib.suppress(ValueError):
                profile = cache_mod.decode_profile(data)
        if profile is None:
            profile = story_rules.profile(source)
            made.append((keys[index], cache_mod.encode_profile(profile)))
        out.append(profile)
    store.put_many("profile", made)
    return out


def _group(
    sources: Sequence[Source],
    known: dict[int, dict[str, float]],
    keys: Sequence[str],
    store: ResultCache,
    run: _Run,
) -> tuple[list[list[int]], list[str]]:
    """Story groups (sorted, in order of first member) and their titles."""
    key = cache_mod.group_key(keys, story_rules.PARAMS)
    data = store.get("groups", key)
    if data is not None:
        try:
            groups, titles = cache_mod.decode_groups(data, len(sources))
            ordered = sorted(zip(groups, titles, strict=True), key=lambda item: min(item[0]))
            run.stats["grouping_cached"] += 1
            return [sorted(g) for g, _ in ordered], [t for _, t in ordered]
        except ValueError:
            store.discard("groups", key)
    profiles = _profiles(sources, known, keys, store)
    # Grouping makes no reference cycles, and with every source alive each collection its
    # allocations trigger walks them all: paused, 10,000 articles group in ~16% less CPU.
    with gc_paused():
        groups = story_rules.group(profiles)
        titles = story_rules.story_titles(sources, profiles, groups)
    store.put("groups", key, cache_mod.encode_groups(groups, titles))
    return groups, titles


def _link_here(
    members: Sequence[Source], run: _Run, before: int, units: int, total: int
) -> tuple[tuple[Claim, ...], int]:
    """Link one story in this process, reporting progress (and cancelling) as pairs are scored."""
    pairs = [0]

    def step(pairs_done: int, candidates: int) -> None:
        pairs[0] = candidates
        run.progress(before + (units * pairs_done) // max(1, candidates), total)

    from reader.linking import link

    return link(members, progress=step), pairs[0]


def _link_stories(
    sources: Sequence[Source],
    keys: Sequence[str],
    groups: Sequence[Sequence[int]],
    store: ResultCache,
    run: _Run,
) -> list[Claim]:
    """The claims of every group of two or more sources, numbered in group order."""
    linked = [n for n, g in enumerate(groups) if len(g) > 1]
    claim_keys = {n: cache_mod.claims_key([keys[i] for i in groups[n]]) for n in linked}
    found = store.get_many("claims", list(claim_keys.values()))
    todo = [n for n in linked if claim_keys[n] not in found]
    fresh: dict[int, Sequence[Claim]] = {}

    def size(n: int) -> int:
        return sum(len(sources[i].sentences) for i in groups[n])

    total = sum(size(n) for n in todo)
    done = 0
    run.progress(done, total)

    def keep(n: int, claims: Sequence[Claim], pairs: int) -> None:
        members = [sources[i] for i in groups[n]]
        fresh[n] = claims
        run.stats["candidate_pairs"] += pairs
        store.put("claims", claim_keys[n], cache_mod.encode_claims(claims, members))

    if total >= PARALLEL_MIN_SENTENCES and len(todo) > 1 and run.jobs > 1:
        ordered = sorted(todo, key=lambda n: (-size(n), n))  # biggest first: better balance
        with run.workers(), gc_paused():
            pool = run.pool()
            futures = [pool.submit(_link, [sources[i] for i in groups[n]]) for n in ordered]
            for position in run.gather(futures):
                n = ordered[position]
                keep(n, *futures[position].result())
                done += size(n)
                run.progress(done, total)
    for n in todo:  # all of them, or those the workers did not link
        if n not in fresh:
            keep(n, *_link_here([sources[i] for i in groups[n]], run, done, size(n), total))
            done += size(n)
            run.progress(done, total)
    # Number the claims in story order: cached ones are decoded with their final ids.
    claims: list[Claim] = []
    # One pause for the whole loop: re-enabling the collector after each story would let it
    # walk everything decoded so far, again and again. (A story whose cached claims fail
    # their check is linked again inside it; reference counting still frees its garbage.)
    with gc_paused():
        for n in linked:
            members = [sources[i] for i in groups[n]]
            if n not in fresh:
                try:
                    claims.extend(
                        cache_mod.decode_claims(found[claim_keys[n]], members, len(claims))
                    )
                    run.stats["stories_cached"] += 1
                    continue
                except ValueError:
                    store.discard("claims", claim_keys[n])
                    keep(n, *_link_here(members, run, total, 0, total))
            run.stats["stories_linked"] += 1
            for claim in fresh[n]:
                claims.append(dataclasses.replace(claim, id=f"c{len(claims) + 1}"))
    return claims


def analyze_documents(
    documents: Sequence[Document],
    problems: Sequence[LoadProblem] = (),
    *,
    cache: ResultCache | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    phase: Phase | None = None,
    cancel: Cancel | None = None,
    on_sources: Callable[[Analysis], None] | None = None,
    stats: dict[str, int] | None = None,
) -> Analysis:
    """The analysis of already-loaded documents (see the module docs for the arguments).

    ``on_sources`` receives the sources and stories, without claims, before linking starts.
    ``stats``, when given, is updated with counts of the work done: ``sources_built``,
    ``sources_cached``, ``grouping_cached``, ``stories`` (of two or more sources),
    ``stories_linked``, ``stories_cached`` and ``candidate_pairs`` (sentence pairs scored).
    """
    run = _Run(progress, phase, cancel, default_jobs() if jobs is None else max(1, jobs))
    store = cache if cache is not None else ResultCache(None)
    try:
        run.phase("reading")
        ordered = sorted(documents, key=lambda d: (d.path, d.content_hash))
        ids = source_ids(ordered)
        keys = [cache_mod.source_key(d) for d in ordered]
        sources, profiles = _read(ordered, ids, keys, store, run)
        run.phase("grouping")
        groups, titles = _group(sources, profiles, keys, store, run)
        stories = story_rules.make_stories(sources, groups, titles)
        if on_sources is not None:
            on_sources(Analysis(tuple(sources), (), stories, tuple(problems)))
        run.phase("linking")
        claims = _link_stories(sources, keys, groups, store, run)
    except BaseException:
        run.close(abort=True)
        raise
    finally:
        if cache is None:
            store.close()
    run.close(abort=False)
    run.stats["stories"] += sum(1 for g in groups if len(g) > 1)
    if stats is not None:
        for name in STATS:
            stats[name] = stats.get(name, 0) + run.stats[name]
    return Analysis(tuple(sources), tuple(claims), stories, tuple(problems))


def analyze(
    paths: Sequence[str | os.PathLike[str]] | None = None,
    *,
    options: LoadOptions | None = None,
    cache: ResultCache | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    phase: Phase | None = None,
    cancel: Cancel | None = None,
    on_sources: Callable[[Analysis], None] | None = None,
    stats: dict[str, int] | None = None,
) -> Analysis:
    """Load and analyse the articles under ``paths`` (the bundled seeds when empty).

    ``cache``: a :class:`~reader.cache.ResultCache` to read and write results
    (none by default); ``jobs``: worker processes (default one per CPU).
    """
    run = _Run(None, phase, cancel, 1)
    run.phase("loading")
    documents, problems = load(paths, options=options)
    run.check()
    return analyze_documents(
        documents,
        problems,
        cache=cache,
        jobs=jobs,
        progress=progress,
        phase=phase,
        cancel=cancel,
        on_sources=on_sources,
        stats=stats,
    )
