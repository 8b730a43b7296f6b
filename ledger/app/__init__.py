"""``RotationLedger``: the eventsourcing Application with one verb-named method per use case."""

from __future__ import annotations

from ledger.app.core import Envelope, WriteResult
from ledger.app.keys import KeyUseCases
from ledger.app.policy import PolicyUseCases
from ledger.app.schools import SchoolUseCases
from ledger.app.teachers import TeacherUseCases


class RotationLedger(PolicyUseCases, TeacherUseCases, SchoolUseCases, KeyUseCases):
    """The county's rotation ledger (交流轮岗台账)."""

    name = "RotationLedger"


__all__ = ["Envelope", "RotationLedger", "WriteResult"]
