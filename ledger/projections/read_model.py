"""The read model: every query the API, the console and the policy engine ask of the views.

Values come back JSON-ready (dicts with ISO dates); listings come back as ``Page`` (``items``,
``next_cursor``: pass it back as ``cursor`` for the next page; None at the end). A caller's mistake
raises the ledger's typed errors: an unknown teacher or school ``NotFoundError``, a malformed
argument ``InvalidInput`` naming it. ``as_of`` (a date, default today in China) asks what is true
for that day after every correction known now; ``known_at`` (a moment) asks what the ledger said
then. The model also implements the policy engine's ``ReadSource`` (``dossiers``, ``schools``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from ledger.domain.dates import aware, parse_moment
from ledger.domain.dossier import Dossier
from ledger.domain.errors import InvalidInput, NotFoundError
from ledger.domain.school import SchoolFacts, school_uuid
from ledger.domain.teacher import teacher_uuid
from ledger.projections import assignments as assignment_queries
from ledger.projections.audit import audit_items, read_audit
from ledger.projections.db import Served, ViewRecorder, is_missing_table
from ledger.projections.writers import Writer
from ledger.projections.decoding import PageDecoder
from ledger.projections.history import history_known_at, read_history
from ledger.projections.known_at import KnownAt
from ledger.projections.pages import Page, decode_cursor, page_of
from ledger.projections.pipeline import batch_tuning
from ledger.projections.registry import Registry
from ledger.projections.runner import Projector
from ledger.projections.schools import read_schools, school_item
from ledger.projections.teachers import STATUSES, list_teachers, read_dossier_batch, read_dossiers, teacher_item
from ledger.store import EventLedger

T = TypeVar("T")
MAX_LIMIT = 500
DOSSIER_BATCH = 500


class ReadModel:
    def __init__(self, app: EventLedger, recorder: ViewRecorder, registry: Registry, projector: Projector,
                 *, wait_timeout: float = 5.0) -> None:
        self.app = app
        self.recorder = recorder
        self.registry = registry
        self.projector = projector
        self.wait_timeout = wait_timeout
        self.decoder = PageDecoder(app.mapper)

    def _events(self, uuid: UUID) -> list[Any]:
        """One aggregate's events, decoded as the views decode them (as the mapper would, faster)."""
        return self.decoder.decode(self.app.recorder.select_events(uuid))

    def _read(self, query: Callable[[Writer, Served], T]) -> T:
        """Runs a query on the served generations; asks again once if a rebuild just switched them."""
        try:
            with self.recorder.reading() as r:
                return query(r, self.registry.served(r))
        except Exception as error:
            if not is_missing_table(error):
                raise
        with self.recorder.reading() as r:
            return query(r, self.registry.served(r))

    # ------------------------------------------------------------------ teachers
    def teacher(self, teacher_id: str, as_of: date | str | None = None) -> dict[str, Any]:
        """A teacher on a day: profile, home school, where they serve, status, active exemptions."""
        day = self._day(as_of)
        uuid = teacher_uuid(teacher_id).hex

        def query(r: Writer, tables: Served) -> dict[str, Any]:
            dossier = read_dossiers(r, tables, [uuid]).get(uuid)
            if dossier is None:
                raise NotFoundError("teacher", teacher_id)
            return teacher_item(dossier, assignment_queries.teacher_periods(r, tables, [uuid])[uuid], day)

        return self._read(query)

    def teachers(self, school_id: str | None = None, status: str | None = None, q: str | None = None,
                 limit: int = 50, cursor: str | None = None, as_of: date | str | None = None) -> Page:
        """Teachers by id: whose home school on ``as_of`` is ``school_id``, with that ``status``
        (``at_home`` | ``on_posting`` | ``departed``), whose id or name contains ``q``."""
        day, size, after = self._day(as_of), self._limit(limit), decode_cursor(cursor) if cursor is not None else ""
        if status is not None and status not in STATUSES:
            raise InvalidInput.one("status", "field.not_one_of", value=status, allowed=list(STATUSES))
        if q is not None and len(q) > 100:
            raise InvalidInput.one("q", "field.too_long", max=100)
        items = self._read(lambda r, t: list_teachers(r, t, day, school_id=school_id, status=status, q=q or None,
                                                      after=after, limit=size + 1))
        return page_of(items, size, lambda item: item["teacher_id"])

    def history(self, teacher_id: str, as_of: date | str | None = None) -> dict[str, Any]:
        """A teacher's timeline: periods per school and every entry, corrections applied."""
        day = self._day(as_of) if as_of is not None else None
        return self._read(lambda r, t: read_history(r, t, self._events, teacher_id, day))

    def history_known_at(self, app: EventLedger | None, teacher_id: str, known_at: datetime | str,
                         as_of: date | str | None = None) -> dict[str, Any]:
        """The timeline as the ledger told it at ``known_at`` (before later corrections), from the
        teacher's events recorded by then."""
        moment = self._moment(known_at)
        day = self._day(as_of) if as_of is not None else None
        return history_known_at(app or self.app, teacher_id, moment, day)

    # ------------------------------------------------------------------ assignments and rosters
    def roster(self, school_id: str, as_of: date | str | None = None) -> dict[str, Any]:
        """Who serves at a school on a day (home staff, hosted teachers) and its home staff away."""
        day = self._day(as_of)
        self.school(school_id, day)  # NotFoundError for an unknown school
        return self._read(lambda r, t: assignment_queries.roster(r, t, school_id, day))

    def assignments(self, as_of: date | str | None = None, school_id: str | None = None,
                    district: str | None = None, limit: int = 50, cursor: str | None = None) -> Page:
        """Every teacher serving on a day — at ``school_id``, or at schools in ``district`` that
        day — with home school, serving school(s) and the posting that put them there."""
        day, size, after = self._day(as_of), self._limit(limit), decode_cursor(cursor) if cursor is not None else ""
        school_ids: list[str] | None = None
        if district is not None:
            school_ids = [s for s, facts in self.schools().items() if facts.on(day).district == district]
        if school_id is not None:
            school_ids = [school_id] if school_ids is None or school_id in school_ids else []
        items = self._read(lambda r, t: assignment_queries.assignments(r, t, day, school_ids, after, size + 1))
        return page_of(items, size, lambda item: item["teacher_id"])

    # ------------------------------------------------------------------ audit trail
    def audit(self, after: int | str = 0, limit: int = 100, teacher_id: str | None = None,
              school_id: str | None = None, event_type: str | None = None, until: int | None = None) -> Page:
        """Stored events in ledger order after position ``after`` (up to ``until``), optionally of
        one teacher, one school, or one event type; ``next_cursor`` is the next ``after``."""
        size = self._limit(limit)
        start = self._position("after", after)
        end = self._position("until", until) if until is not None else None
        if teacher_id is not None and school_id is not None:
            raise InvalidInput.one("school_id", "field.one_filter")
        originator = teacher_uuid(teacher_id) if teacher_id else school_uuid(school_id) if school_id else None
        rows = self._read(lambda r, t: read_audit(r, t, after=start, limit=size + 1, originator_id=originator,
                                                  event_type=event_type, until=end))
        more = len(rows) > size
        items = audit_items(rows[:size], self.app)
        return Page(items, str(items[-1]["position"]) if more else None)

    # ------------------------------------------------------------------ schools
    def schools(self) -> dict[str, SchoolFacts]:
        """Every school's facts by id (the ``ReadSource`` port)."""
        return self._read(lambda r, t: read_schools(r, t))

    def school(self, school_id: str, as_of: date | str | None = None) -> dict[str, Any]:
        found = self._read(lambda r, t: read_schools(r, t, school_id))
        if school_id not in found:
            raise NotFoundError("school", school_id)
        return school_item(found[school_id], self._day(as_of))

    def school_list(self, as_of: date | str | None = None) -> list[dict[str, Any]]:
        day = self._day(as_of)
        return [school_item(facts, day) for facts in self.schools().values()]

    # ------------------------------------------------------------------ ReadSource
    def dossiers(self, *, school_id: str | None = None) -> Iterator[Dossier]:
        """Every teacher's dossier, streamed in batches (only those whose home school today is
        ``school_id``, if given)."""
        today, after = self.app.today(), ""
        with batch_tuning.applied():  # what reads every dossier keeps many objects: collect less often
            while True:
                batch = self._read(lambda r, t, after=after: read_dossier_batch(r, t, after, DOSSIER_BATCH, school_id))
                for dossier in batch.values():
                    if school_id is None or dossier.home_on(today).school_id == school_id:
                        yield dossier
                if len(batch) < DOSSIER_BATCH:
                    return
                after = max(batch)

    def known_at(self, moment: datetime) -> KnownAt:
        """Dossiers and school facts as the ledger stood at a recorded moment (one scan of the log)."""
        return KnownAt(self.app, moment)

    # ------------------------------------------------------------------ progress
    def wait_for(self, position: int | None, timeout: float | None = None) -> bool:
        """Read-your-writes: blocks until every view has processed ``position`` (a write's
        ``WriteResult.position``); False if that takes longer than the timeout."""
        return self.projector.wait_for(position, self.wait_timeout if timeout is None else timeout)

    def lag(self) -> dict[str, int]:
        """Per view, how many positions it is behind the latest recorded event."""
        head = self.app.recorder.max_notification_id() or 0
        _, positions = self.projector.state()
        return {name: max(0, head - position) for name, position in positions.items()}

    # ------------------------------------------------------------------ arguments
    def _day(self, value: date | str | None) -> date:
        if value is None:
            return self.app.today()
        if isinstance(value, datetime):
            raise InvalidInput.one("as_of", "field.date_not_time")
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise InvalidInput.one("as_of", "field.not_a_date", value=value) from None

    @staticmethod
    def _moment(value: datetime | str) -> datetime:
        if isinstance(value, str):
            try:
                return parse_moment(value)
            except ValueError:
                raise InvalidInput.one("known_at", "field.moment", value=value) from None
        if not isinstance(value, datetime):
            raise InvalidInput.one("known_at", "field.moment_type")
        return aware(value)

    @staticmethod
    def _limit(limit: int) -> int:
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
            raise InvalidInput.one("limit", "field.between", lo=1, hi=MAX_LIMIT)
        return limit

    @staticmethod
    def _position(name: str, value: int | str | None) -> int:
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidInput.one(name, "field.position")
        return value
