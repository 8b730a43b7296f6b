"""Taking checkpoints (签署检查点): once (``ledger checkpoint``), or on a schedule as a process of its
own (``ledger checkpoint --watch``, the compose file's checkpointer).

The signer holds the signing key and nothing else: it connects as a role that may only read (the
auditor's), so it cannot write the events or the chain it signs, and the roles that can write
them never hold its key. Before it signs, it verifies the ledger from the stored events — against
the audit view's links and against every checkpoint it signed before that is still in its folder
— and refuses to sign over a ledger that no longer extends them: a forgery slipped in below an
earlier checkpoint stops the signing (and is named in its log) instead of being signed over.

Each checkpoint is written into ``LEDGER_CHECKPOINT_DIR`` and copied to
``LEDGER_CHECKPOINT_COPY_DIR`` when set (a copy that fails is tried again on the next round).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.domain.messages import Message
from ledger.integrity.checkpoint import Checkpoint, CheckpointError, public_bytes, sign
from ledger.integrity.folder import copy_missing, read_path, write
from ledger.integrity.proof import COMPARED, OTHER_KEY, check, compared
from ledger.integrity.verify import PAGE_SIZE, verify_ledger
from ledger.logs import get_logger
from ledger.store import EventLedger

log = get_logger("ledger.checkpoints")
MAX_BACKOFF = 60.0


def own_checkpoints(folder: Path | None, key: Ed25519PrivateKey) -> list[Checkpoint]:
    """The checkpoints in the folder signed with this key. A file there that is no checkpoint, or
    whose signature does not hold, is refused: the folder is part of the proof."""
    if folder is None or not folder.exists():
        return []
    checked = check(read_path(folder), [public_bytes(key)])
    for found in checked:
        if found.trust not in COMPARED and found.trust != OTHER_KEY:
            raise CheckpointError("checkpoint.folder_spoiled", file=found.name, problem=found.problem)
    return compared(checked)


def take(app: EventLedger, key: Ed25519PrivateKey, now: datetime, *, folder: Path | None = None,
         page_size: int = PAGE_SIZE) -> Checkpoint:
    """Verifies the ledger (against the folder's checkpoints of this key too), then signs its head."""
    anchors = own_checkpoints(folder, key)
    return sign(verify_ledger(app, checkpoints=anchors, page_size=page_size), key, now, app.name)


@dataclass(frozen=True)
class Schedule:
    """When the next checkpoint is due: the head moved ``every_events`` positions past the last
    one, or ``every_seconds`` passed since it and the head moved at all (0 turns either off)."""

    every_events: int
    every_seconds: float

    def due(self, head: int, last: Checkpoint | None, now: datetime) -> bool:
        if last is None:
            return head > 0
        if head <= last.position:
            return False
        if self.every_events and head - last.position >= self.every_events:
            return True
        return bool(self.every_seconds) and (now - last.taken_at).total_seconds() >= self.every_seconds


@dataclass
class Signer:
    """Signs a checkpoint whenever the schedule says one is due (``tick``), until stopped (``run``)."""

    app: EventLedger
    key: Ed25519PrivateKey
    folder: Path
    schedule: Schedule
    clock: Callable[[], datetime]
    copies: Path | None = None
    page_size: int = PAGE_SIZE
    say: Callable[[Message], None] = field(default=lambda message: None)
    last: Checkpoint | None = None
    copy_failing: bool = False

    def __post_init__(self) -> None:
        if not (self.schedule.every_events or self.schedule.every_seconds):
            raise CheckpointError("checkpoint.no_schedule")
        mine = own_checkpoints(self.folder, self.key)
        self.last = max(mine, key=lambda c: (c.position, c.taken_at), default=None)

    def tick(self) -> Checkpoint | None:
        """Signs and writes a checkpoint if one is due; copies what the second place lacks."""
        self._copy()
        now = self.clock()
        if not self.schedule.due(self.app.recorder.max_notification_id() or 0, self.last, now):
            return None
        signed = take(self.app, self.key, now, folder=self.folder, page_size=self.page_size)
        path = write(self.folder, signed)
        self.last = signed
        self.say(Message("checkpoint.taken", position=signed.position, events=signed.events, key=signed.key_id,
                         path=str(path)))
        self._copy()
        return signed

    def run(self, stopping: threading.Event, poll_seconds: float) -> None:
        """Ticks every ``poll_seconds`` until ``stopping`` is set; a refusal or an outage is said
        (and logged) and tried again, backing off."""
        backoff = poll_seconds
        while not stopping.is_set():
            try:
                self.tick()
                backoff = poll_seconds
            except CheckpointError as error:
                log.error("checkpoint_refused", code=error.code, detail=error.detail)
                self.say(error.msg)
                backoff = min(max(backoff, poll_seconds) * 2, MAX_BACKOFF)
            except Exception:  # the store does not answer, the folder is not writable …: try again
                log.exception("checkpoint_failed", retry_in=backoff)
                backoff = min(max(backoff, poll_seconds) * 2, MAX_BACKOFF)
            stopping.wait(backoff)

    def _copy(self) -> None:
        """Copies to the second place what it lacks; a failure there never stops the signing."""
        if self.copies is None or not self.folder.exists():
            return
        try:
            copied = copy_missing(self.folder, self.copies)
        except OSError as error:
            if not self.copy_failing:  # said once, not on every round
                log.error("checkpoint_copy_failed", to=str(self.copies), error=str(error))
                self.say(Message("checkpoint.copy_failed", to=str(self.copies), error=str(error)))
            self.copy_failing = True
            return
        self.copy_failing = False
        for name in copied:
            self.say(Message("checkpoint.copied", file=name, to=str(self.copies)))
