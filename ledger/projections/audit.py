"""The audit trail view: every stored event in ledger order, with its hash-chain link.

A row keeps what finds an event — its position, originator, version, type and topic — and its link in
the tamper-evidence chain (``chain.py``), computed from the stored bytes as the view is built. The
event itself is never copied: readers take it from the event store (same database, same bytes)
and decode its effective date, recorded time, actor, reason, clauses, document, correlation id and
payload with the application's mapper. A row whose event the store no longer has (deleted behind
the ledger's back) is read as missing, with the finding verification makes there, rather than
failing the page.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Mapper, Notification, StoredEvent
from eventsourcing.utils import resolve_topic

from ledger.domain.base import ENVELOPE_FIELDS, event_id
from ledger.projections.chain import GENESIS, MISSING, link_of, missing_message
from ledger.projections.db import Served, Table
from ledger.projections.writers import Writer
from ledger.projections.items import event_item
from ledger.projections.view import Load, View, Write
from ledger.store import EventLedger, notifications


class AuditView(View):
    name = "audit"
    VERSION = 1
    TABLES = (
        Table("events", (("position", "INT"), ("originator_id", "TEXT"), ("version", "INT"), ("type", "TEXT"),
                         ("topic", "TEXT"), ("link", "BLOB")),
              key=("position",), indexes=(("originator_id", "position"), ("type", "position"))),
    )
    COLUMNS = TABLES[0].column_names

    def reset(self) -> None:
        self.rows: list[tuple[Any, ...]] = []
        self.last_link: bytes | None = None  # not known until read from the table

    DECODES = False  # what it keeps is in the notification

    @singledispatchmethod
    def apply(self, event: None, notification: Notification) -> None:
        """Every event is audited (its link is chained when the page is prepared)."""
        self.rows.append((notification, class_name(notification.topic)))

    def prepare(self, load: Load[Any]) -> list[Write]:
        link = self.last_link
        if link is None:
            link = load(self._last_link)
        rows = []
        for n, event_type in self.rows:
            link = link_of(link, n)
            rows.append((n.id, n.originator_id.hex, n.originator_version, event_type, n.topic, link))
        self.last_link, self.rows = link, []
        table = self.table("events")
        return [lambda w: w.append(table, self.COLUMNS, rows)] if rows else []

    def _last_link(self, r: Writer) -> bytes:
        found = r.query(f"SELECT link FROM {r.t(self.table('events'))} ORDER BY position DESC LIMIT 1")
        return bytes(found[0]["link"]) if found else GENESIS


@cache
def class_name(topic: str) -> str:
    """The name of the event class a topic stands for."""
    return resolve_topic(topic).__name__


def read_audit(r: Writer, tables: Served, *, after: int, limit: int, originator_id: UUID | None = None,
               event_type: str | None = None, until: int | None = None) -> list[Any]:
    """Up to ``limit`` audit rows after position ``after`` (up to ``until``), oldest first, with the
    teacher or school they concern."""
    where, params = ["a.position > %s"], [after]
    if until is not None:
        where.append("a.position <= %s")
        params.append(until)
    if originator_id is not None:
        where.append("a.originator_id = %s")
        params.append(originator_id.hex)
    if event_type is not None:
        where.append("a.type = %s")
        params.append(event_type)
    return r.query(
        f"SELECT a.position, a.originator_id, a.version, a.type, a.topic, a.link, t.teacher_id, s.school_id "
        f"FROM {tables('audit', 'events')} a "
        f"LEFT JOIN {tables('teachers', 'teachers')} t ON t.uuid = a.originator_id "
        f"LEFT JOIN {tables('schools', 'schools')} s ON s.uuid = a.originator_id "
        f"WHERE {' AND '.join(where)} ORDER BY a.position LIMIT %s",
        [*params, limit],
    )


def audit_items(rows: list[Any], app: EventLedger) -> list[dict[str, Any]]:
    """The audit rows with their events, read from the event store and decoded (a row whose event
    the store no longer has is shown as missing)."""
    if not rows:
        return []
    stored: dict[int, StoredEvent | None]
    originators = {row["originator_id"] for row in rows}
    if len(originators) == 1:  # one teacher's or school's events: read that stream
        by_version = {e.originator_version: e for e in app.recorder.select_events(
            UUID(originators.pop()), gt=rows[0]["version"] - 1, lte=rows[-1]["version"])}
        stored = {row["position"]: by_version.get(row["version"]) for row in rows}
    else:  # the positions from the first to the last (of the listed type when there is one)
        topics = sorted({row["topic"] for row in rows}) if len({row["type"] for row in rows}) == 1 else ()
        stored = {n.id: n for n in notifications(app.recorder, rows[0]["position"] - 1, stop=rows[-1]["position"],
                                                 topics=topics, size=len(rows))}
    return [audit_item(row, stored.get(row["position"]), app.mapper) for row in rows]


def audit_item(row: Any, stored: StoredEvent | None, mapper: Mapper[UUID]) -> dict[str, Any]:
    """One audited event: where it stands, what it says (``ledger.projections.items``), its link.
    An event the store no longer has keeps what the audit view knows of it, says nothing else, and
    carries the finding verification makes there."""
    originator = UUID(row["originator_id"])
    subject_type = "teacher" if row["teacher_id"] else "school" if row["school_id"] else None
    where = {
        "position": row["position"],
        "subject_type": subject_type,
        "subject_id": row["teacher_id"] or row["school_id"],
        "originator_id": str(originator),
        "link": bytes(row["link"]).hex(),
    }
    if stored is None:
        return {
            **where,
            "type": row["type"],
            "version": row["version"],
            "event_id": str(event_id(originator, row["version"])),
            "recorded_at": None,
            **dict.fromkeys(ENVELOPE_FIELDS),
            "payload": {},
            "missing": True,
            "finding": {"problem": MISSING, "detail": missing_message(row["position"]).render("en")},
        }
    return {**where, **event_item(mapper.to_domain_event(stored)), "type": row["type"], "missing": False,
            "finding": None}
