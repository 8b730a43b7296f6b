"""Shape of the ledger's verification (防篡改校验)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class Proved(BaseModel):
    code: str = Field(description="The message's catalogue code (`verify.proved.*`)")
    params: dict[str, Any] = Field(description="Its parameters")
    detail: str = Field(description="What was proved, in words, in the language of `Accept-Language`")


class CheckedCheckpoint(BaseModel):
    file: str = Field(description="The checkpoint's file in LEDGER_CHECKPOINT_DIR")
    trust: Literal["trusted", "unpinned", "other_key", "bad_signature", "unreadable"] = Field(
        description="trusted: signed by the trusted key; unpinned: validly signed, but no trusted key is set, so "
                    "anyone could have signed it; other_key: signed by another key; bad_signature: the signature "
                    "does not match the contents; unreadable: not a checkpoint file")
    position: int | None = Field(description="The position it signed")
    taken_at: str | None = Field(description="When it was signed")
    key_id: str | None = Field(description="The key it names")
    detail: str | None = Field(description="Why it is not trusted, in words")


class LedgerVerification(BaseModel):
    ok: bool = Field(description="True when the recomputed hash chain matches every link the audit trail stored "
                                 "and every checkpoint compared with (internal consistency: see `outcome`)")
    outcome: Literal["verified", "altered", "consistent", "untrusted"] = Field(
        description="verified: the ledger extends checkpoints signed by the trusted key; altered: something "
                    "disagrees (`first_bad_position`); consistent: internal consistency only (no checkpoint, or "
                    "no trusted key); untrusted: a checkpoint is not signed by the trusted key. The command line's "
                    "`ledger verify` exits 0, 1, 3 and 4 for them")
    proved: Proved = Field(description="What the verification proved, in one sentence")
    verified_up_to: int | None = Field(description="The position up to which the ledger is proved to be the one "
                                                   "signed (the latest trusted checkpoint); null unless `verified`")
    checkpoints: list[CheckedCheckpoint] = Field(description="The checkpoints of LEDGER_CHECKPOINT_DIR, as checked")
    events_checked: int = Field(description="Stored events whose link was recomputed")
    links_compared: int = Field(description="Of them, compared with the link the audit trail stored")
    pending: int = Field(description="Recorded after the audit trail's last link: chained, compared once linked")
    head_position: int | None = Field(description="The last position chained (before the first bad one, if any)")
    head_hash: str = Field(pattern=r"^[0-9a-f]{64}$", description="The chain's link at `head_position` (hex SHA-256)")
    first_bad_position: int | None = Field(description="The first position where anything was altered, deleted, "
                                                       "inserted or reordered; null when `ok`")
    problem: Literal["altered", "missing", "inserted", "truncated", "rewritten"] | None = Field(
        description="altered: the event there is not the one chained; missing: a chained event is gone; "
                    "inserted: an event the chain never recorded; truncated: the ledger ends before chained events; "
                    "rewritten: the chain no longer reaches a checkpoint's signed head hash")
    detail: str | None = Field(description="What was found, in words")
    code: str | None = Field(description="The finding's catalogue code (`verify.*`)")
    params: dict[str, Any] | None = Field(description="Its parameters")
    checkpoint_position: int | None = Field(description="The position of the latest checkpoint compared with")


class EvidenceEvent(BaseModel):
    position: int = Field(description="The event's position in the ledger")
    version: int = Field(description="Its version in the teacher's stream")
    type: str = Field(description="The event's name")
    event_hash: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the event's canonical form")
    previous_link: str | None = Field(description="The chain's link before it (hex); null while not linked yet")
    link: str | None = Field(description="SHA-256(previous_link ‖ canonical form): the link the audit trail stored")
    linked: bool | None = Field(description="Whether the stored event still gives that link; null while not linked")


class EvidenceChain(BaseModel):
    hash: str
    canonical_form: str = Field(description="How an event is serialised before hashing")
    linked_up_to: int = Field(description="The last position the audit trail has linked")
    link_at_linked_up_to: str | None = Field(description="The chain's link there (hex): compare with a checkpoint")


class EvidenceExport(BaseModel):
    """A document (history or service record) with the hashes of every event it cites (证明材料哈希)."""

    teacher_id: str
    document: dict[str, Any] = Field(description="The history or service record, exactly as its own route answers")
    evidence: list[EvidenceEvent] = Field(description="Every event the document cites, in ledger order")
    chain: EvidenceChain
