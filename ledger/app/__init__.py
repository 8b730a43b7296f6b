"""``RotationLedger``: the eventsourcing Application: ``execute`` runs every command on a teacher or
school; the policy engine and access keys add their use cases."""

from __future__ import annotations

from ledger.app.core import Envelope, WriteResult
from ledger.app.keys import KeyUseCases
from ledger.app.policy import PolicyUseCases


class RotationLedger(PolicyUseCases, KeyUseCases):
    """The county's rotation ledger (交流轮岗台账). Commands on teachers and schools go through
    ``execute`` (``ledger.domain.commands``); policy and access keys have their own use cases."""

    name = "RotationLedger"


__all__ = ["Envelope", "RotationLedger", "WriteResult"]
