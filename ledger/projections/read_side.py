"""Opening the read side for an application: the views' recorder, the registry of served
generations, the runner and the read model, closed together.

A read side *writes* the views (creates their tables, runs the projection runner) when the
database role may; on PostgreSQL set up by ``ledger db init`` only the projector role may, and the
API's role opens the same views to read them only, while ``ledger project`` keeps them current.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import InfrastructureFactory

from ledger.domain.errors import LedgerError
from ledger.projections.db import ViewRecorder, create_tables, open_recorder
from ledger.projections.read_model import ReadModel
from ledger.projections.registry import Registry
from ledger.projections.runner import Projector
from ledger.store import EventLedger


class ReadOnlyViews(LedgerError):
    """The database role may read the views but not write them."""

    title = "The views are read-only for this role"


@dataclass
class ReadSide:
    factory: InfrastructureFactory[Any]
    recorder: ViewRecorder
    registry: Registry
    projector: Projector
    read_model: ReadModel
    writes: bool = True  # whether this process writes the views (else another process does)

    def start(self) -> None:
        """Keeps the views up to date in background threads until ``close``."""
        if not self.writes:
            raise ReadOnlyViews("view.read_only", role=self.recorder.role())
        self.projector.start()

    def bring_up_to_date(self) -> bool:
        """Catches the views up with every event recorded so far — or, where another process writes
        them, waits for it (at most the read model's timeout); False if they are still behind."""
        if self.writes:
            self.projector.catch_up()
            return True
        return self.read_model.wait_for(self.read_model.app.recorder.max_notification_id())

    def close(self) -> None:
        self.projector.stop()
        self.factory.close()


def open_read_side(app: EventLedger, *, page_size: int = 2000, poll_seconds: float = 1.0,
                   wait_timeout: float = 5.0, write: bool | None = True) -> ReadSide:
    """Wires the views of the application's database. ``write``: True to write them (refused,
    ``ReadOnlyViews``, when the role may not), False to read them only, None to write them if the
    role may. A read side that writes creates missing view tables (a new or changed view starts
    empty and fills from the log) and wakes its runner on this application's saves; nothing runs
    until ``start``."""
    factory, recorder = open_recorder(app, create=False)
    try:
        writes = write is not False and recorder.may_write()
        if write and not writes:
            raise ReadOnlyViews("view.read_only", role=recorder.role())
        registry = Registry(recorder)
        if writes:
            create_tables(recorder)
            registry.ensure()
        projector = Projector(app, recorder, registry, page_size=page_size, poll_seconds=poll_seconds)
        if writes:
            projector.watch_saves()
    except BaseException:
        factory.close()
        raise
    read_model = ReadModel(app, recorder, registry, projector, wait_timeout=wait_timeout)
    return ReadSide(factory, recorder, registry, projector, read_model, writes)
