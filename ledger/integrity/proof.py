"""What a verification proved (校验证明了什么), and the command line's exit status for it.

A verification (``verify.py``) shows whether the stored events agree with the audit view's links
and with the checkpoints it was given. What that *proves* depends on who could have written what:
the links live in the same database as the events, so alone they prove internal consistency only;
a checkpoint proves the ledger is the one that was signed only when its signature is by a key
the verifier trusts (a public key pinned beforehand, never the one the file carries).

=============  ====  ===================================================================
outcome        exit  when
=============  ====  ===================================================================
``verified``   0     the chain agrees with the links and with at least one checkpoint,
                     and every checkpoint given is signed by a trusted key
``altered``    1     something disagrees: the finding names the first position
``consistent`` 3     internal consistency only: no checkpoint, or no trusted public key
                     to check the checkpoints' signatures with
``untrusted``  4     a checkpoint is signed by a key other than the trusted ones, its
                     signature does not match its contents, or its file is no checkpoint
=============  ====  ===================================================================

The chain is compared only with checkpoints whose signature holds (by a trusted key, or by the
key they name when no key is trusted): the claims of a checkpoint that fails are nobody's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventsourcing.sqlite import SQLiteApplicationRecorder

from ledger.domain.messages import Message
from ledger.integrity.checkpoint import Checkpoint, CheckpointError, key_id, load_public_key
from ledger.integrity.folder import Found, newest, read_path
from ledger.integrity.verify import PAGE_SIZE, Verification, verify_ledger
from ledger.projections.db import ViewRecorder
from ledger.store import EventLedger

if TYPE_CHECKING:
    from ledger.settings import Settings

VERIFIED, ALTERED, CONSISTENT, UNTRUSTED = "verified", "altered", "consistent", "untrusted"
EXIT_STATUS = {VERIFIED: 0, ALTERED: 1, CONSISTENT: 3, UNTRUSTED: 4}

# How far a checkpoint's signature may be trusted
TRUSTED = "trusted"  # valid, by a trusted key
UNPINNED = "unpinned"  # valid by the key it names, but no key is trusted: anyone could have signed it
OTHER_KEY = "other_key"  # valid, by a key other than the trusted ones
BAD_SIGNATURE = "bad_signature"  # does not match its contents
UNREADABLE = "unreadable"  # the file is not a checkpoint
COMPARED = (TRUSTED, UNPINNED)


@dataclass(frozen=True)
class Checked:
    """A checkpoint file and how far its signature may be trusted (``problem`` says why not)."""

    name: str
    checkpoint: Checkpoint | None
    trust: str
    problem: Message | None = None

    def to_dict(self, lang: str) -> dict[str, Any]:
        cp = self.checkpoint
        return {"file": self.name, "trust": self.trust, "position": cp.position if cp else None,
                "taken_at": cp.taken_at.isoformat() if cp else None, "key_id": cp.key_id if cp else None,
                "detail": self.problem.render(lang) if self.problem else None}


def check(found: Sequence[Found], trusted: Sequence[bytes]) -> list[Checked]:
    """Each checkpoint file with the trust its signature earns against the ``trusted`` keys."""
    checked = []
    for file in found:
        cp = file.checkpoint
        if cp is None:
            assert file.error is not None
            checked.append(Checked(file.name, None, UNREADABLE, file.error.msg))
            continue
        try:
            cp.check_signature()
        except CheckpointError as error:
            checked.append(Checked(file.name, cp, BAD_SIGNATURE, error.msg))
            continue
        if not trusted:
            checked.append(Checked(file.name, cp, UNPINNED))
        elif cp.public_key in trusted:
            checked.append(Checked(file.name, cp, TRUSTED))
        else:
            checked.append(Checked(file.name, cp, OTHER_KEY, Message(
                "checkpoint.other_key", key=cp.key_id, trusted=[key_id(k) for k in trusted])))
    return checked


def compared(checked: Sequence[Checked]) -> list[Checkpoint]:
    """The checkpoints whose signature holds: the chain is compared with these."""
    return [c.checkpoint for c in checked if c.trust in COMPARED and c.checkpoint is not None]


@dataclass(frozen=True)
class Proof:
    verification: Verification
    checked: tuple[Checked, ...] = ()
    single_file: str | None = None  # SQLite: the one file that holds the events and the links

    @property
    def compared(self) -> list[Checkpoint]:
        return compared(self.checked)

    @property
    def distrusted(self) -> list[Checked]:
        return [c for c in self.checked if c.trust not in COMPARED]

    @property
    def outcome(self) -> str:
        if not self.verification.ok:
            return ALTERED
        if self.distrusted:
            return UNTRUSTED
        if not self.compared or any(c.trust == UNPINNED for c in self.checked):
            return CONSISTENT
        return VERIFIED

    @property
    def exit_status(self) -> int:
        return EXIT_STATUS[self.outcome]

    @property
    def latest(self) -> Checkpoint | None:
        return max(self.compared, key=lambda c: (c.position, c.taken_at), default=None)

    @property
    def verified_up_to(self) -> int | None:
        latest = self.latest
        return latest.position if latest is not None and self.outcome == VERIFIED else None

    @property
    def summary(self) -> Message:
        """What was proved, in one sentence."""
        v, outcome, latest = self.verification, self.outcome, self.latest
        if outcome == ALTERED:
            assert v.finding is not None
            return Message("verify.proved.altered", position=v.finding.position,
                           problem=v.finding.named, detail=v.finding.message)
        if outcome == UNTRUSTED:
            return Message("verify.proved.untrusted", count=len(self.distrusted))
        if latest is None:
            if self.single_file is not None:
                return Message("verify.proved.consistent_file", file=self.single_file)
            return Message("verify.proved.consistent")
        if outcome == CONSISTENT:
            return Message("verify.proved.unpinned", count=len(self.compared), position=latest.position)
        return Message("verify.proved.verified", position=latest.position, taken_at=latest.taken_at,
                       key=latest.key_id, count=len(self.compared), later=max(0, v.events_checked - latest.events))

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        summary = self.summary
        return {**self.verification.to_dict(lang), "outcome": self.outcome,
                "proved": {"code": summary.code, "params": summary.wire_params(), "detail": summary.render(lang)},
                "verified_up_to": self.verified_up_to,
                "checkpoints": [c.to_dict(lang) for c in self.checked]}


def prove(app: EventLedger, views: ViewRecorder | None = None, *, checkpoints: Path | None = None,
          public_keys: Sequence[Path] = (), page_size: int = PAGE_SIZE) -> Proof:
    """Verifies the ledger against the checkpoints of a file or folder, trusting the public keys
    in ``public_keys`` (PEM files), and says what that proved."""
    trusted = [load_public_key(path) for path in public_keys]
    checked = tuple(check(read_path(checkpoints) if checkpoints is not None else [], trusted))
    verification = verify_ledger(app, views, checkpoints=compared(checked), page_size=page_size)
    recorder = app.recorder
    single = recorder.datastore.pool.db_name if isinstance(recorder, SQLiteApplicationRecorder) else None
    return Proof(verification, checked, single)


def configured(settings: Settings) -> tuple[Path | None, list[Path]]:
    """The checkpoint folder (None until it exists) and the trusted public key of the settings."""
    folder = settings.checkpoint_dir
    key = settings.checkpoint_public_key
    return (folder if folder is not None and folder.exists() else None), ([key] if key is not None else [])


def checkpoint_status(folder: Path | None, public_keys: Sequence[Path], head: int) -> Message:
    """The latest checkpoint of the folder in one sentence: where and when it was taken, how far
    the ledger has moved since, and how far its signature may be trusted (the console shows it)."""
    if folder is None:
        return Message("checkpoint.status.none_configured")
    found = newest(folder) if folder.exists() else None
    if found is None or found.checkpoint is None:
        return Message("checkpoint.status.none", folder=str(folder))
    cp = found.checkpoint
    (checked,) = check([found], [load_public_key(path) for path in public_keys])
    if checked.trust in COMPARED:
        trust = Message("checkpoint.trust.trusted" if checked.trust == TRUSTED else "checkpoint.trust.unpinned",
                        key=cp.key_id)
    else:
        trust = Message("checkpoint.trust.refused", problem=checked.problem)
    return Message("checkpoint.status.latest", position=cp.position, taken_at=cp.taken_at, file=found.name,
                   since=max(0, head - cp.position), trust=trust)
