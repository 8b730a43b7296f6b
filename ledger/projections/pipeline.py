"""The runner's pipeline: pages read ahead in one thread, committed in another, while the caller
applies the page in between — each page still one transaction, committed in order."""

from __future__ import annotations

import contextlib
import gc
import queue
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, Notification, Tracking

from ledger.projections.db import ViewRecorder
from ledger.projections.writers import Writer
from ledger.projections.view import Write
from ledger.store import pages

YOUNG_COLLECTION_THRESHOLD = 50_000
SWITCH_INTERVAL = 0.001  # seconds

_END = object()


class BatchTuning:
    """While pages run: collect the young generation less often (a page allocates many
    short-lived objects while the views' caches hold many long-lived ones, which every collection
    would rescan), and switch threads more often (the reader and writer threads wait on the
    database many times a page and should get the interpreter back promptly). Process-wide, so
    counted, and restored by the last one out."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.users = 0
        self.saved: tuple[tuple[int, ...], float] = (gc.get_threshold(), sys.getswitchinterval())

    @contextlib.contextmanager
    def applied(self) -> Iterator[None]:
        with self.lock:
            if self.users == 0:
                self.saved = (gc.get_threshold(), sys.getswitchinterval())
                young, *older = self.saved[0]
                gc.set_threshold(max(young, YOUNG_COLLECTION_THRESHOLD), *older)
                sys.setswitchinterval(min(self.saved[1], SWITCH_INTERVAL))
            self.users += 1
        try:
            yield
        finally:
            with self.lock:
                self.users -= 1
                if self.users == 0:
                    gc.set_threshold(*self.saved[0])
                    sys.setswitchinterval(self.saved[1])


batch_tuning = BatchTuning()


class Prefetch:
    """Reads pages of notifications after a position ahead (``ledger.store.pages``), in a thread
    (the driver waits on the network, not on Python), at most two pages ahead; iteration ends after
    the first page shorter than the size."""

    def __init__(self, recorder: ApplicationRecorder, after: int, size: int, stop: int | None = None) -> None:
        self.recorder, self.after, self.size, self.stop = recorder, after, size, stop
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=2)
        self.closed = threading.Event()
        self.thread = threading.Thread(target=self._read, name="projection-reader", daemon=True)
        self.thread.start()

    def _read(self) -> None:
        try:
            for page in pages(self.recorder, self.after, stop=self.stop, size=self.size):
                self._put(page)
                if self.closed.is_set():
                    break
        except BaseException as error:  # handed to the consumer
            self._put(error)
        self._put(_END)

    def _put(self, item: Any) -> None:
        while not self.closed.is_set():
            try:
                self.queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def __iter__(self) -> Iterator[Sequence[Notification]]:
        while (item := self.queue.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            yield item
            if len(item) < self.size:
                return

    def close(self) -> None:
        self.closed.set()
        self.thread.join()


class PageWriter:
    """Commits pages in a thread, one transaction each, in order, while the next page is applied.
    ``load`` runs a read once every submitted page is committed (so it sees them)."""

    def __init__(self, recorder: ViewRecorder, progressed: threading.Condition) -> None:
        self.recorder, self.progressed = recorder, progressed
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._write, name="projection-writer", daemon=True)
        self.thread.start()

    def submit(self, writes: list[Write], tracking: list[tuple[str, int]],
               finish: Callable[[Writer], None] | None) -> None:
        self._check()
        self.queue.put((writes, tracking, finish))

    def load(self, query: Callable[[Writer], Any]) -> Any:
        self.queue.join()
        self._check()
        with self.recorder.reading() as r:
            return query(r)

    def close(self) -> None:
        """Waits for every submitted page to commit; raises what failed."""
        self.queue.join()
        self.queue.put(_END)
        self.thread.join()
        self._check()

    def abort(self) -> None:
        with contextlib.suppress(queue.Empty):
            while True:
                self.queue.get_nowait()
                self.queue.task_done()
        self.queue.put(_END)
        self.thread.join()

    def _check(self) -> None:
        if self.error is not None:
            raise self.error

    def _write(self) -> None:
        while (item := self.queue.get()) is not _END:
            try:
                if self.error is None:
                    writes, tracking, finish = item
                    with self.recorder.page() as w:
                        for write in writes:
                            write(w)
                        w.track([Tracking(name, position) for name, position in tracking])
                        if finish is not None:
                            finish(w)
                    with self.progressed:
                        self.progressed.notify_all()
            except BaseException as error:  # handed to the submitter
                self.error = error
            finally:
                self.queue.task_done()
