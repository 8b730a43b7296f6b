"""The running service's parts, built from settings and closed together: the application, what
reads and feeds it, and the console's sessions. The API lifespan and the CLI both start one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ledger.app import RotationLedger
from ledger.app.core import Clock, utc_now
from ledger.bootstrap import build_ledger
from ledger.database.sessions import SessionStore, open_sessions
from ledger.database.watch import StoreWatch
from ledger.demo import load_demo
from ledger.projections import ReadModel, ReadSide, open_read_side
from ledger.settings import Settings


@dataclass
class Runtime:
    settings: Settings
    ledger: RotationLedger
    read_side: ReadSide | None = None
    watch: StoreWatch | None = None
    sessions: SessionStore | None = None

    @property
    def read_model(self) -> ReadModel | None:
        return self.read_side.read_model if self.read_side else None

    def close(self) -> None:
        if self.watch is not None:
            self.watch.stop()
        if self.sessions is not None:
            self.sessions.close()
        if self.read_side is not None:
            self.read_side.close()
        self.ledger.close()


def start_runtime(settings: Settings, *, clock: Clock = utc_now) -> Runtime:
    ledger = build_ledger(settings, clock=clock)
    try:
        return _started(settings, ledger)
    except BaseException:
        ledger.close()
        raise


def _started(settings: Settings, ledger: RotationLedger) -> Runtime:
    if settings.demo:
        load_demo(ledger)  # first start only: it does nothing once the ledger holds schools
    # With LEDGER_RUN_PROJECTOR=false another process keeps the views; this one writes them only if
    # its role may (on a database set up by `ledger db init`, the API's role only reads them).
    read_side = open_read_side(ledger, page_size=settings.projection_page_size,
                               poll_seconds=settings.projection_poll_seconds,
                               wait_timeout=settings.read_your_writes_timeout,
                               write=True if settings.run_projector else None)
    ledger.policy_source = read_side.read_model
    if settings.run_projector:
        read_side.start()
    watch = watch_store(settings, ledger, wake=read_side.projector.wake)
    sessions = open_sessions(ledger.recorder, ledger.clock)
    return Runtime(settings=settings, ledger=ledger, read_side=read_side, watch=watch, sessions=sessions)


def watch_store(settings: Settings, ledger: RotationLedger, wake: Callable[[], None] | None = None) -> StoreWatch:
    """Starts the watch over the ledger's database (PostgreSQL); ``wake`` is called when it
    answers again after it did not."""
    watch = StoreWatch(ledger.env, settings.db_probe_seconds)
    if wake is not None:
        watch.on_recovery.append(wake)
    return watch.start()
