"""The running service's parts, built from settings and closed together: the application and
what reads and feeds it. The API lifespan and the CLI both start one."""

from __future__ import annotations

from dataclasses import dataclass

from ledger.app import RotationLedger
from ledger.app.core import Clock, utc_now
from ledger.bootstrap import build_ledger
from ledger.demo import load_demo
from ledger.settings import Settings


@dataclass
class Runtime:
    settings: Settings
    ledger: RotationLedger

    def close(self) -> None:
        self.ledger.close()


def start_runtime(settings: Settings, *, clock: Clock = utc_now) -> Runtime:
    ledger = build_ledger(settings, clock=clock)
    if settings.demo:
        load_demo(ledger)  # first start only: it does nothing once the ledger holds schools
    return Runtime(settings=settings, ledger=ledger)
