"""Signed checkpoints: what is signed, what breaks a signature, which key is trusted, and the
operator's key files."""

from __future__ import annotations

import json
import stat
from datetime import datetime, timezone

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.integrity import CheckpointError, Verification, read_checkpoint, sign
from ledger.integrity.checkpoint import (
    canonical,
    generate_key,
    key_id,
    load_private_key,
    load_public_key,
    public_bytes,
    public_path,
)
from ledger.domain.messages import Message
from ledger.integrity.verify import ALTERED, Finding

TAKEN = datetime(2026, 9, 1, 2, 0, tzinfo=timezone.utc)
HEAD = bytes(range(32))


def verification(**changes):
    values = dict(events_checked=120, links_compared=120, pending=0, head_position=130, head_hash=HEAD)
    return Verification(**{**values, **changes})


def test_a_checkpoint_signs_position_head_hash_count_and_time():
    key = Ed25519PrivateKey.generate()
    checkpoint = sign(verification(), key, TAKEN, "RotationLedger")
    body = json.loads(checkpoint.to_json())
    assert body["format"] == "rotation-ledger-checkpoint/1"
    assert (body["position"], body["head_hash"], body["events"]) == (130, HEAD.hex(), 120)
    assert body["taken_at"] == "2026-09-01T02:00:00+00:00" and body["key_id"] == key_id(public_bytes(key))
    signed = canonical({k: body[k] for k in ("format", "ledger", "position", "head_hash", "events", "taken_at")})
    key.public_key().verify(checkpoint.signature, signed)  # raises if not
    again = read_checkpoint(checkpoint.to_json())
    assert again == checkpoint
    again.check_signature()
    again.check_signature(public_bytes(key))


@pytest.mark.parametrize("field, value", [("position", 131), ("head_hash", "00" * 32), ("events", 121),
                                          ("taken_at", "2026-09-02T02:00:00+00:00"), ("ledger", "Other")])
def test_changing_any_signed_field_breaks_the_signature(field, value):
    body = json.loads(sign(verification(), Ed25519PrivateKey.generate(), TAKEN, "RotationLedger").to_json())
    body[field] = value
    with pytest.raises(CheckpointError, match="signature does not match"):
        read_checkpoint(json.dumps(body)).check_signature()


def test_a_checkpoint_signed_by_another_key_than_the_trusted_one_is_refused():
    operator, intruder = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    forged = sign(verification(), intruder, TAKEN, "RotationLedger")
    forged.check_signature()  # valid by the key it carries …
    with pytest.raises(CheckpointError, match="not by the trusted key"):
        forged.check_signature(public_bytes(operator))  # … but not the operator's


@pytest.mark.parametrize("text", [
    "", "[]", "{}", '{"format": "rotation-ledger-checkpoint/1"}',
    '{"format": "rotation-ledger-checkpoint/1", "ledger": "L", "position": "x", "head_hash": "zz", "events": 1, '
    '"taken_at": "t", "public_key": "", "signature": ""}',
])
def test_a_malformed_checkpoint_is_an_error_not_a_crash(text):
    with pytest.raises(CheckpointError):
        read_checkpoint(text)


def test_a_checkpoint_whose_signed_fields_are_not_canonical_is_refused():
    body = json.loads(sign(verification(), Ed25519PrivateKey.generate(), TAKEN, "RotationLedger").to_json())
    body["position"] = "130"
    with pytest.raises(CheckpointError, match="canonical"):
        read_checkpoint(json.dumps(body))


def test_no_checkpoint_is_signed_over_a_ledger_that_does_not_verify_or_is_empty():
    key = Ed25519PrivateKey.generate()
    with pytest.raises(CheckpointError, match="position 7"):
        sign(verification(finding=Finding(7, ALTERED, Message("verify.altered", position=7))), key, TAKEN, "RotationLedger")
    with pytest.raises(CheckpointError, match="empty"):
        sign(verification(head_position=None, events_checked=0), key, TAKEN, "RotationLedger")


def test_key_files_private_for_the_owner_public_beside_it_never_overwritten(tmp_path):
    path = tmp_path / "signing.pem"
    key = generate_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_public_key(public_path(path)) == public_bytes(key) == load_public_key(path)
    assert public_bytes(load_private_key(path)) == public_bytes(key)
    with pytest.raises(CheckpointError, match="never overwritten"):
        generate_key(path)
    (tmp_path / "not-a-key.pem").write_text("hello")
    with pytest.raises(CheckpointError):
        load_private_key(tmp_path / "not-a-key.pem")
    with pytest.raises(CheckpointError, match="cannot read"):
        load_private_key(tmp_path / "missing.pem")
