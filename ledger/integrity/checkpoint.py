"""Signed checkpoints (检查点): the chain's position and head hash at a moment, signed with the
operator's Ed25519 key, kept by auditors outside the database.

A checkpoint file is one JSON object::

    {"format": "rotation-ledger-checkpoint/1", "ledger": "RotationLedger", "position": 1234,
     "head_hash": "<hex>", "events": 1234, "taken_at": "2026-09-01T02:00:00+00:00",
     "key_id": "<hex>", "public_key": "<base64, 32 bytes>", "signature": "<base64, 64 bytes>"}

The signature covers the canonical JSON (sorted keys, no spaces, ASCII) of ``format``, ``ledger``,
``position``, ``head_hash``, ``events`` and ``taken_at``. ``key_id`` is the first 16 hex digits of
the SHA-256 of the raw public key. A checkpoint is only as trustworthy as the public key it is
checked with: auditors pin the operator's published key (``--public-key``) rather than trust the
one the file carries.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ledger.domain.errors import LedgerError
from ledger.integrity.verify import Verification

FORMAT = "rotation-ledger-checkpoint/1"
SIGNED_FIELDS = ("format", "ledger", "position", "head_hash", "events", "taken_at")


class CheckpointError(LedgerError):
    """A checkpoint that cannot be taken, read or trusted, or a key that cannot be used."""

    title = "Checkpoint error"


@dataclass(frozen=True)
class Checkpoint:
    ledger: str
    position: int
    head_hash: bytes
    events: int
    taken_at: datetime
    public_key: bytes  # raw Ed25519 public key (32 bytes)
    signature: bytes

    @property
    def key_id(self) -> str:
        return key_id(self.public_key)

    def signed_fields(self) -> dict[str, Any]:
        return {"format": FORMAT, "ledger": self.ledger, "position": self.position,
                "head_hash": self.head_hash.hex(), "events": self.events, "taken_at": self.taken_at.isoformat()}

    def to_json(self) -> str:
        body = {**self.signed_fields(), "key_id": self.key_id,
                "public_key": base64.b64encode(self.public_key).decode("ascii"),
                "signature": base64.b64encode(self.signature).decode("ascii")}
        return json.dumps(body, indent=2) + "\n"

    def check_signature(self, trusted: bytes | None = None) -> None:
        """Raises ``CheckpointError`` unless the signature is valid — by the ``trusted`` public key
        when given (which must be the one the checkpoint names)."""
        if trusted is not None and trusted != self.public_key:
            raise CheckpointError("checkpoint.other_key", key=self.key_id, trusted=key_id(trusted))
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(self.signature, canonical(self.signed_fields()))
        except (InvalidSignature, ValueError):
            raise CheckpointError("checkpoint.bad_signature") from None


def canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def key_id(public_key: bytes) -> str:
    return hashlib.sha256(public_key).hexdigest()[:16]


def public_bytes(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def sign(verification: Verification, key: Ed25519PrivateKey, taken_at: datetime, ledger: str) -> Checkpoint:
    """Signs the head of a verification that found nothing wrong."""
    if verification.finding is not None:
        raise CheckpointError("checkpoint.not_verified", position=verification.finding.position,
                              detail=verification.finding.detail)
    if verification.head_position is None:
        raise CheckpointError("checkpoint.empty")
    unsigned = Checkpoint(ledger, verification.head_position, verification.head_hash, verification.events_checked,
                          taken_at, public_bytes(key), b"")
    signature = key.sign(canonical(unsigned.signed_fields()))
    return replace(unsigned, signature=signature)


def read_checkpoint(text: str) -> Checkpoint:
    """Parses a checkpoint file (its signature is checked by ``check_signature``)."""
    try:
        body = json.loads(text)
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            raise CheckpointError("checkpoint.not_a_checkpoint", format=FORMAT)
        checkpoint = Checkpoint(
            ledger=str(body["ledger"]), position=int(body["position"]), head_hash=bytes.fromhex(body["head_hash"]),
            events=int(body["events"]), taken_at=datetime.fromisoformat(body["taken_at"]),
            public_key=base64.b64decode(body["public_key"], validate=True),
            signature=base64.b64decode(body["signature"], validate=True),
        )
    except (ValueError, KeyError, TypeError, binascii.Error) as error:
        raise CheckpointError("checkpoint.malformed", error=str(error)) from None
    if checkpoint.signed_fields() != {k: body[k] for k in SIGNED_FIELDS}:
        raise CheckpointError("checkpoint.not_canonical")
    return checkpoint


# ---------------------------------------------------------------------- keys
def generate_key(path: Path) -> Ed25519PrivateKey:
    """Writes a new private key (PKCS#8 PEM, readable by the owner only) and its public key beside
    it (``<path>.pub``); refuses to overwrite a key."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise CheckpointError("checkpoint.key_exists", path=str(path)) from None
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    public_path(path).write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                                serialization.PublicFormat.SubjectPublicKeyInfo))
    return key


def public_path(path: Path) -> Path:
    return path.with_name(path.name + ".pub")


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except OSError as error:
        raise CheckpointError("checkpoint.unreadable_key", path=str(path), error=error.strerror) from None
    except (ValueError, TypeError) as error:
        raise CheckpointError("checkpoint.not_pem", path=str(path), error=str(error)) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointError("checkpoint.not_ed25519", path=str(path))
    return key


def load_public_key(path: Path) -> bytes:
    """The raw public key from a PEM public key, or from a PEM private key file."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CheckpointError("checkpoint.unreadable_public_key", path=str(path), error=error.strerror) from None
    try:
        key: Any = serialization.load_pem_public_key(data)
    except ValueError:
        key = load_private_key(path)
    if not isinstance(key, Ed25519PublicKey | Ed25519PrivateKey):
        raise CheckpointError("checkpoint.not_ed25519", path=str(path))
    return public_bytes(key)
