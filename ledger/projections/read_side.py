"""Opening the read side for an application: the views' recorder, the registry of served
generations, the runner and the read model, closed together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import InfrastructureFactory

from ledger.projections.db import ViewRecorder, open_recorder
from ledger.projections.read_model import ReadModel
from ledger.projections.registry import Registry
from ledger.projections.runner import Projector
from ledger.store import EventLedger


@dataclass
class ReadSide:
    factory: InfrastructureFactory[Any]
    recorder: ViewRecorder
    registry: Registry
    projector: Projector
    read_model: ReadModel

    def start(self) -> None:
        """Keeps the views up to date in background threads until ``close``."""
        self.projector.start()

    def close(self) -> None:
        self.projector.stop()
        self.factory.close()


def open_read_side(app: EventLedger, *, page_size: int = 2000, poll_seconds: float = 1.0,
                   wait_timeout: float = 5.0) -> ReadSide:
    """Creates missing view tables (a new or changed view starts empty and fills from the log) and
    wires the runner to wake on this application's saves. Nothing runs until ``start``."""
    factory, recorder = open_recorder(app)
    registry = Registry(recorder)
    registry.ensure()
    projector = Projector(app, recorder, registry, page_size=page_size, poll_seconds=poll_seconds)
    projector.watch_saves()
    read_model = ReadModel(app, recorder, registry, projector, wait_timeout=wait_timeout)
    return ReadSide(factory, recorder, registry, projector, read_model)
