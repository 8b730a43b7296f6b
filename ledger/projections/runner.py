"""The batched pull runner: pages of the notification log → view rows + tracking, exactly once.

For each page it reads up to ``page_size`` notifications after the least advanced view
(``ledger.store.pages``, read ahead by ``pipeline.Prefetch``), decodes them with the application's
mapper, lets every view buffer what the events change, and writes all views' rows and their
tracking records in **one transaction**. A crash before the commit leaves nothing behind; a crash after it leaves the
tracking records saying so. If another runner wrote the same generation meanwhile, the tracking
insert fails, the transaction rolls back and the views re-read where they stand.

It wakes when the application saves in this process (``watch_saves``), on PostgreSQL also when a
``NOTIFY`` arrives on the event table's channel, and in any case every ``poll_seconds``, so a lost
notification never stalls it. ``rebuild`` fills new generations of views from the start of the log
while the served ones stay in use, and switches over in the transaction of its last page.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from eventsourcing.persistence import Notification, Tracking
from eventsourcing.popo import POPOApplicationRecorder
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.utils import get_topic, resolve_topic
from psycopg.sql import SQL, Identifier

from ledger.domain.errors import ConflictError
from ledger.logs import get_logger
from ledger.projections.db import ViewRecorder, is_missing_table, side_by_side
from ledger.projections.writers import Writer
from ledger.projections.decoding import PageDecoder
from ledger.projections.pipeline import PageWriter, Prefetch, batch_tuning
from ledger.projections.registry import VIEWS, Entry, Registry, resolve
from ledger.projections.view import View
from ledger.store import EventLedger

log = get_logger("ledger.projections")
Progress = Callable[[int, int], None]
MAX_BACKOFF = 30.0
MAX_WORKERS = 4  # by default: more parts of the teachers view each read the whole log again
INDEX_MEMORY_MB = 128  # each index a rebuild creates is sorted in memory up to this size


@dataclass(frozen=True)
class RebuildReport:
    generations: dict[str, int]
    events: int
    seconds: float

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else float("inf")


class Projector:
    def __init__(self, app: EventLedger, recorder: ViewRecorder, registry: Registry, *, page_size: int = 2000,
                 poll_seconds: float = 1.0) -> None:
        self.app = app
        self.recorder = recorder
        self.registry = registry
        self.page_size = page_size
        self.poll_seconds = poll_seconds
        self.views: dict[str, View] = {}
        self.decoder = PageDecoder(app.mapper)
        self.progressed = threading.Condition()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self.caught_up_at = float("-inf")  # monotonic time the background runner last reached the end
        self._lock = threading.Lock()  # one page at a time in this process

    # ------------------------------------------------------------------ where the views stand
    def state(self) -> tuple[dict[str, Entry], dict[str, int]]:
        """The served generations and how far each has processed the log (one read)."""
        with self.recorder.reading() as r:
            entries = self.registry.read(r)
            names = [e.tracking_name for e in entries.values()]
            rows = r.select_in(f"SELECT application_name, notification_id FROM {self.recorder.tracking_table} "
                               "WHERE application_name IN %s", names)
        tracked = {row["application_name"]: row["notification_id"] for row in rows}
        return entries, {name: tracked.get(e.tracking_name) or 0 for name, e in entries.items()}

    def processed(self) -> int:
        """The position every served view has passed."""
        _, positions = self.state()
        return min(positions.values(), default=0)

    # ------------------------------------------------------------------ processing
    def catch_up(self) -> int:
        """Processes pages until the served views have every event recorded so far; returns how
        many events were read."""
        with self._lock:
            entries, positions = self.state()
            views = []
            for name, entry in entries.items():
                view = self.views.get(name)
                if view is None or view.generation != entry.generation:
                    view = self.views[name] = VIEWS[name](entry.generation)
                if view.position != positions[name]:
                    view.reset()  # someone else wrote this generation: caches may be stale
                    view.position = positions[name]
                views.append(view)
            return self._run(views, self.page_size)

    def _run(self, views: Sequence[View], page_size: int, finish: Callable[[Writer], None] | None = None,
             progress: Progress | None = None, stop: int | None = None) -> int:
        """Pages to the end of the log. Reading the next page, applying one and writing the one
        before overlap (the database works while Python decodes); each page's writes and tracking
        records commit together, in order. When the end is reached, ``finish`` runs in the last
        page's transaction. On any failure every view forgets its buffers and caches."""
        after = min(v.position for v in views) if views else 0
        pages = Prefetch(self.app.recorder, after, page_size, stop)
        writer = PageWriter(self.recorder, self.progressed)
        total = 0
        try:
            with batch_tuning.applied():
                for page in pages:
                    at_end = len(page) < page_size
                    if not page and (finish is None or not at_end):
                        break
                    last = page[-1].id if page else 0
                    behind = [v for v in views if v.position < last]
                    self._apply(views, page)
                    writes = [write for v in behind for write in v.prepare(writer.load)]
                    writer.submit(writes, [(v.tracking_name, last) for v in behind], finish if at_end else None)
                    for view in behind:
                        view.position = last
                    total += len(page)
                    if progress is not None:
                        progress(total, max(total, self.app.recorder.max_notification_id() or 0))
                writer.close()
        except BaseException:
            pages.close()
            writer.abort()
            for view in views:
                view.reset()
                view.position = -1  # not known: read it again before the next page
            raise
        return total

    def _apply(self, views: Sequence[View], page: Sequence[Notification]) -> None:
        decoding = [v for v in views if v.DECODES]

        def wanted(cls: type) -> bool | Callable[[Notification], bool]:
            """Decode only the events some view handles (and, building a part, owns)."""
            handling = [v for v in decoding if v.handler(cls) is not None]
            if not handling or any(v.part is None for v in handling):
                return bool(handling)
            return lambda n: any(v.accepts(n) for v in handling)

        events = self.decoder.decode(page, wanted) if decoding else [None] * len(page)
        for view in views:
            after, handler, accepts = view.position, view.handler, view.accepts if view.part else None
            for notification, event in zip(page, events, strict=True):
                if notification.id > after and (handle := handler(type(event))) is not None and \
                        (accepts is None or accepts(notification)):
                    handle(view, event, notification)

    # ------------------------------------------------------------------ rebuild (blue/green)
    def rebuild(self, names: Sequence[str] | None = None, *, progress: Progress | None = None,
                page_size: int | None = None, workers: int = 1) -> RebuildReport:
        """Builds new generations of the named views (all by default) from the whole log, in pages
        with bounded memory, then switches readers and the runner over to them atomically. The
        served generations keep answering until then. ``progress(done, total)`` after each page.

        First the views are built in bulk up to the position where the rebuild started, and
        completed (``View.finish``, then their secondary indexes). With ``workers`` > 1 (not for
        the in-memory store) that work is shared among as many processes: each builds a part of
        every ``PARTED`` view (its share of the aggregates) and some of the other views. Then this
        process takes the events recorded meanwhile into them, as the runner does, and switches
        in the transaction of its last page."""
        size = page_size or self.page_size
        built = self.registry.begin_build(resolve(names))
        log.info("rebuild_started", views=built, workers=workers)
        started = time.perf_counter()
        head = self.app.recorder.max_notification_id() or 0
        if isinstance(self.app.recorder, POPOApplicationRecorder):
            workers = 1
        plans = share(built, workers)
        try:
            env = {**self.app.env, "CREATE_TABLE": "n"}  # the tables exist; creating them at once can race
            others = [start_process(build_plan, get_topic(type(self.app)), env, plan, head, size) for plan in plans[1:]]
            try:
                done = self._build(plans[0], head, size, progress)
            finally:
                for process in others:
                    process.join()
            if any(process.exitcode != 0 for process in others):
                raise RuntimeError("a process of the parallel rebuild failed; see its log")
            self._complete_parts(built, head, workers)
            views = [VIEWS[name](generation) for name, generation in built.items()]
            for view in views:
                view.position = head
            built_by_then = done  # the catch-up's pages count on from the bulk build's

            def caught_up(more: int, total: int) -> None:
                if progress is not None:
                    progress(built_by_then + more, max(total, built_by_then + more))

            done += self._run(views, size, finish=lambda w: self.registry.switch(w, built), progress=caught_up)
        except Exception as error:
            if is_missing_table(error):  # another rebuild began and dropped these tables
                raise ConflictError("view.rebuild_raced", views=list(built)) from error
            raise
        seconds = time.perf_counter() - started
        self.registry.drop_unused()
        self.wake()
        log.info("rebuild_switched", views=built, events=done, seconds=round(seconds, 3))
        return RebuildReport(built, done, seconds)

    def _build(self, plan: Plan, stop: int, page_size: int, progress: Progress | None = None) -> int:
        """Builds a plan's views (or parts) in bulk up to ``stop``, then completes the whole ones."""
        views = [VIEWS[name](generation, bulk=True, part=part) for name, generation, part in plan]
        done = self._run(views, page_size, progress=progress, stop=stop)
        self._complete([view for view in views if view.part is None])
        return done

    def _complete_parts(self, built: dict[str, int], head: int, parts: int) -> None:
        """Once every part of the parted views is built: one tracking record each, then completion."""
        parted = [VIEWS[name](generation, bulk=True) for name, generation in built.items() if VIEWS[name].PARTED]
        if parts <= 1 or not parted:
            return
        with self.recorder.page() as w:
            for view in parted:
                w.execute(f"DELETE FROM {self.recorder.tracking_table} WHERE application_name LIKE %s",
                          (f"{view.tracking_name}#%",))
            w.track([Tracking(view.tracking_name, head) for view in parted] if head else [])
        self._complete(parted)

    def _complete(self, views: Sequence[View]) -> None:
        """Each view's ``finish`` and then its secondary indexes, the views side by side where the
        store allows."""
        side_by_side([partial(self._complete_one, view) for view in views], threads=self.recorder.concurrent)

    def _complete_one(self, view: View) -> None:
        view.finish(self.recorder)
        statements = self.recorder.index_statements(view.name, view.generation, view.TABLES)
        self.recorder.in_parallel([partial(create_index, statement=statement) for statement in statements])

    # ------------------------------------------------------------------ waiting and waking
    def wait_for(self, position: int | None, timeout: float) -> bool:
        """Blocks until every served view has processed ``position`` (or the timeout passes)."""
        if not position:
            return True
        deadline = time.monotonic() + timeout
        while self.processed() < position:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            with self.progressed:
                self.progressed.wait(min(remaining, 0.05))
        return True

    def wake(self) -> None:
        self._wake.set()

    def watch_saves(self) -> None:
        """Wakes the runner whenever the application saves events in this process."""
        app, original = self.app, self.app._notify  # noqa: SLF001

        def notify_then_wake(recordings: list[Any]) -> None:
            original(recordings)
            self.wake()

        app._notify = notify_then_wake  # type: ignore[method-assign]  # noqa: SLF001

    # ------------------------------------------------------------------ running in the background
    def start(self) -> None:
        """Runs in background threads until ``stop``: the runner, and on PostgreSQL a listener."""
        self._stopping.clear()
        self._threads = [threading.Thread(target=self.run_forever, name="projection-runner", daemon=True)]
        if isinstance(self.app.recorder, PostgresApplicationRecorder):
            self._threads.append(threading.Thread(target=self._listen, name="projection-listener", daemon=True))
        for thread in self._threads:
            thread.start()

    def healthy(self, within: float) -> bool:
        """Whether the background runner is running and reached the end of the log within
        ``within`` seconds (a runner retrying a failing page is not healthy)."""
        running = bool(self._threads) and all(thread.is_alive() for thread in self._threads)
        return running and time.monotonic() - self.caught_up_at <= within

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []

    def run_forever(self) -> None:
        """Catches up, then waits for a wake-up or the poll timer; failures back off and retry."""
        backoff = self.poll_seconds
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                if count := self.catch_up():
                    log.debug("projected", events=count)
                self.caught_up_at = time.monotonic()
                backoff = self.poll_seconds
            except Exception:  # a failed page changed nothing; try again later
                log.exception("projection_page_failed", retry_in=backoff)
                self._wake.wait(backoff)  # a wake (the store answers again, a save) retries at once
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            self._wake.wait(self.poll_seconds)

    def _listen(self) -> None:
        """PostgreSQL: wake on NOTIFY from the event table's channel (the poll covers losses)."""
        channel = self.app.recorder.channel_name  # type: ignore[attr-defined]
        while not self._stopping.is_set():
            try:
                with self.recorder.datastore.get_connection() as conn:  # type: ignore[attr-defined]
                    conn.execute(SQL("LISTEN {0}").format(Identifier(channel)))
                    while not self._stopping.is_set():
                        for _ in conn.notifies(timeout=0.5, stop_after=1):
                            self.wake()
            except Exception:
                log.exception("projection_listener_failed")
                self._stopping.wait(self.poll_seconds)


def default_workers(recorder: ViewRecorder) -> int:
    """The processes a rebuild uses unless told: one per core, up to ``MAX_WORKERS``, where writes
    run side by side (PostgreSQL); one on SQLite, which has one writer at a time."""
    return min(os.cpu_count() or 1, MAX_WORKERS) if recorder.concurrent else 1


def create_index(w: Writer, statement: str) -> None:
    w.allow_memory(INDEX_MEMORY_MB)
    w.execute(statement)


def start_process(target: Callable[..., None], *args: Any) -> multiprocessing.process.BaseProcess:
    process = multiprocessing.get_context("spawn").Process(target=target, args=args, name="projection-rebuild")
    process.start()
    return process


Plan = list[tuple[str, int, tuple[int, int] | None]]  # (view, generation, part) a process builds


def share(built: dict[str, int], workers: int) -> list[Plan]:
    """What each of ``workers`` processes builds: a part of every parted view, and the other views
    dealt out from the last process back (the first, this one, also completes the parted views)."""
    if workers <= 1:
        return [[(name, generation, None) for name, generation in built.items()]]
    plans: list[Plan] = [[] for _ in range(workers)]
    whole = [(name, generation) for name, generation in built.items() if not VIEWS[name].PARTED]
    for name, generation in built.items():
        if VIEWS[name].PARTED:
            for k, plan in enumerate(plans):
                plan.append((name, generation, (k, workers)))
    for i, (name, generation) in enumerate(whole):
        plans[workers - 1 - i % workers].append((name, generation, None))
    return [plan for plan in plans if plan]


def build_plan(app_topic: str, env: dict[str, str], plan: Plan, stop: int, page_size: int) -> None:
    """A process of a parallel rebuild: builds its plan up to ``stop``."""
    from ledger.projections.db import open_recorder  # noqa: PLC0415 (a fresh process)

    app = resolve_topic(app_topic)(env=env)
    factory, recorder = open_recorder(app)
    try:
        Projector(app, recorder, Registry(recorder), page_size=page_size)._build(plan, stop, page_size)
    finally:
        factory.close()
        app.close()
