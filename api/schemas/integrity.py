"""Shape of the ledger's verification (防篡改校验)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class LedgerVerification(BaseModel):
    ok: bool = Field(description="True when the recomputed hash chain matches every link the audit trail stored")
    events_checked: int = Field(description="Stored events whose link was recomputed")
    links_compared: int = Field(description="Of them, compared with the link the audit trail stored")
    pending: int = Field(description="Recorded after the audit trail's last link: chained, compared once linked")
    head_position: int | None = Field(description="The last position chained (before the first bad one, if any)")
    head_hash: str = Field(pattern=r"^[0-9a-f]{64}$", description="The chain's link at `head_position` (hex SHA-256)")
    first_bad_position: int | None = Field(description="The first position where anything was altered, deleted, "
                                                       "inserted or reordered; null when `ok`")
    problem: Literal["altered", "missing", "inserted", "truncated", "rewritten"] | None = Field(
        description="altered: the event there is not the one chained; missing: a chained event is gone; "
                    "inserted: an event the chain never recorded; truncated: the ledger ends before chained events")
    detail: str | None = Field(description="What was found, in words")


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
