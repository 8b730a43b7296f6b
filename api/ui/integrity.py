"""The audit page's integrity check: the hash chain recomputed from the stored events and compared
with the links the audit view kept (``ledger.projections.chain`` defines the chain; this only feeds
it page by page, so memory stays bounded). Run on request: it reads every event once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ledger.app import RotationLedger
from ledger.projections.chain import GENESIS, first_mismatch

PAGE = 500


@dataclass(frozen=True)
class ChainCheck:
    checked: int  # events whose links were compared
    broken_at: int | None  # the first position where the stored events and the kept links disagree


def check_chain(ledger: RotationLedger, views: Any, page: int = PAGE) -> ChainCheck:
    after, previous, checked = 0, GENESIS, 0
    while True:
        kept = views.audit(after=after, limit=page).items
        if not kept:
            return ChainCheck(checked, None)
        links = [(item["position"], bytes.fromhex(item["link"])) for item in kept]
        stored = ledger.recorder.select_notifications(after, page, stop=links[-1][0], inclusive_of_start=False)
        broken = first_mismatch(stored, links, previous)
        if broken is not None:
            return ChainCheck(checked, broken)
        checked += len(links)
        after, previous = links[-1]
