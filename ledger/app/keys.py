"""Use cases on access keys: issue, re-issue, revoke, list, and recognise a presented key.

A key reads ``rlk_<32 hex: the key's aggregate id>_<random secret>``. The aggregate id lets a
request find its key with one indexed read of the event store — no cache, so a key issued or
revoked by another process (``ledger keys …``) takes effect on the very next request.
"""

from __future__ import annotations

import dataclasses
import secrets
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from ledger.app.core import Envelope, LedgerCore, WriteResult
from ledger.domain.access import AccessKey, AccessRole, hash_key, key_uuid
from ledger.domain.base import Meta, Outcome
from ledger.domain.errors import ConflictError, NotFoundError
from ledger.store import originators

KEY_PREFIX = "rlk_"
_KEY_LENGTH = len(KEY_PREFIX) + 32 + 1 + 43  # prefix, aggregate id hex, "_", token_urlsafe(32)


@dataclass(frozen=True)
class Principal:
    """Who a request acts as: the key's name (the actor on events it writes) and its role."""

    name: str
    role: AccessRole


@dataclass(frozen=True)
class IssuedKey:
    """A newly issued key: the secret (shown once, never stored) and the event that recorded it."""

    secret: str
    result: WriteResult


def new_secret(uuid: UUID) -> str:
    return f"{KEY_PREFIX}{uuid.hex}_{secrets.token_urlsafe(32)}"


def key_id_of(secret: str) -> UUID | None:
    """The aggregate id embedded in a presented key, or None if it is not shaped like one."""
    if len(secret) != _KEY_LENGTH or not secret.startswith(KEY_PREFIX):
        return None
    try:
        return UUID(hex=secret[len(KEY_PREFIX) : len(KEY_PREFIX) + 32])
    except ValueError:
        return None


class KeyUseCases(LedgerCore):
    def issue_key(self, name: str, role: str, *, by: Envelope, replace: bool = False) -> IssuedKey:
        """Issues a key under ``name``. A revoked name is issued a new secret; an active one only
        with ``replace`` (its old secret stops working at once)."""
        uuid = key_uuid(str(name))
        secret = new_secret(uuid)
        digest = hash_key(secret)

        def attempt(meta: Meta) -> tuple[AccessKey, Outcome]:
            try:
                key = self._load(AccessKey, uuid, "key", str(name))
            except NotFoundError:
                key = AccessKey.issue(name=name, role=role, key_hash=digest, meta=meta)
            else:
                key.reissue(role=role, key_hash=digest, meta=meta, replace=replace)
            return key, Outcome("key", key.name, key.version)

        result = self.write("key", str(name), by, attempt)
        assert isinstance(result.aggregate, AccessKey)
        return IssuedKey(secret, dataclasses.replace(result, record=result.aggregate.to_dict()))

    def revoke_key(self, name: str, *, by: Envelope, keep_an_admin: bool = False) -> WriteResult:
        """Revokes a key. With ``keep_an_admin`` (the API's revocation) the last active admin key is
        refused: over HTTP nobody could issue another, leaving only the command line to recover."""

        def attempt(meta: Meta) -> tuple[AccessKey, Outcome]:
            key = self.get_key(name)
            if keep_an_admin and key.active and key.role is AccessRole.ADMIN and not any(
                    k["active"] and k["role"] == AccessRole.ADMIN.value and k["name"] != key.name
                    for k in self.access_keys()):
                raise ConflictError("key.last_admin", name=key.name)
            return key, key.revoke(meta=meta)

        result = self.write("key", name, by, attempt)
        return dataclasses.replace(result, record=self.get_key(name).to_dict())

    def get_key(self, name: str) -> AccessKey:
        return self._load(AccessKey, key_uuid(name), "key", name)

    def access_keys(self) -> list[dict[str, Any]]:
        """Every key ever issued (active or revoked), by name."""
        keys = [self.repository.get(uuid).to_dict() for uuid in originators(self.recorder, AccessKey.KeyIssued)]
        return sorted(keys, key=lambda k: k["name"])

    def session_principal(self, name: str, key_hash: str) -> Principal | None:
        """The principal of a console session opened with the key ``name`` whose hash was then
        ``key_hash``; None once that key is revoked or re-issued (read from the store every time)."""
        try:
            key = self.get_key(name)
        except NotFoundError:
            return None
        return Principal(key.name, key.role) if key.admits_hash(key_hash) else None

    def authenticate(self, secret: str) -> Principal | None:
        """The principal a presented key stands for, or None if it is unknown, wrong or revoked."""
        uuid = key_id_of(secret)
        if uuid is None:
            return None
        try:
            key = self.repository.get(uuid)
        except AggregateNotFoundError:
            return None
        if not isinstance(key, AccessKey) or not key.admits(secret):
            return None
        return Principal(key.name, key.role)
