"""The teachers view: each teacher's dossier (profile and record states) and their service periods
— where they belong and serve, date range by date range (the assignments; rosters read them too).

Records are upserted from the state events carry (ADR 0003). Periods come from the one
definition, ``ledger.domain.service.service_periods``: whenever a page touches a teacher's postings
or departure, the teacher's periods are recomputed from the dossier and replaced. Service periods
depend only on the profile, the postings and the departure, so that is all the in-memory cache
keeps per teacher (bounded, least recently used first out); a teacher missing from the cache is
loaded with one query per page.

A bulk build (a rebuild) does none of that per page: it appends the registered teachers to
``teachers`` and each page's record states to the ``log`` build table. ``finish`` then, at the same
time on PostgreSQL, moves the newest state of each record into ``records`` and computes every
teacher's periods once (a batch of teachers at a time, from their logged service records).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import orjson
from eventsourcing.persistence import Notification

from ledger.domain.dossier import Dossier, Profile
from ledger.domain.records import Record
from ledger.domain.service import ServicePeriod, service_periods
from ledger.domain.teacher import Teacher
from ledger.projections.assignments import placement, teacher_periods
from ledger.projections.db import Served, Table, ViewRecorder
from ledger.projections.writers import Writer
from ledger.projections.entries import SERVICE_RECORD_TYPES, dossier_of, profile_of, touched_records
from ledger.projections.view import Load, View, Write, handlers

CACHE_TEACHERS = 10_000
FINISH_BATCH = 2_000  # teachers per batch when a bulk build computes the periods
FINISH_MEMORY_MB = 256  # for sorting the log once (the newest state of each record)


def dumps(value: Any) -> str:
    """Compact JSON text, non-ASCII kept (what ``json.dumps(…, ensure_ascii=False)`` writes, faster)."""
    return orjson.dumps(value).decode("utf-8")


@dataclass
class ServiceState:
    """What a teacher's service periods are computed from: the profile, postings and departure
    (parsed when first needed; only the parsed records are kept)."""

    profile: dict[str, Any]
    records: dict[str, Record] = field(default_factory=dict)
    unparsed: dict[str, dict[str, Any]] = field(default_factory=dict)
    parsed_profile: Profile | None = None

    def update(self, record: dict[str, Any]) -> None:
        self.unparsed[record["record_id"]] = record

    @property
    def departed(self) -> bool:
        return any(r["record_type"] == "departure" for r in self.unparsed.values()) or \
            any(r.TYPE.value == "departure" for r in self.records.values())

    def dossier(self) -> Dossier:
        if self.unparsed:
            self.records.update((rid, Record.from_dict(r)) for rid, r in self.unparsed.items())
            self.unparsed = {}
        if self.parsed_profile is None:
            self.parsed_profile = Profile.from_dict(self.profile)
        return Dossier(self.parsed_profile, dict(self.records))


def service_dossier(dossier: Dossier) -> Dossier:
    """The part of a dossier that service periods depend on (what ``ServiceState`` keeps)."""
    kept = {k: r for k, r in dossier.records.items() if r.TYPE.value in SERVICE_RECORD_TYPES}
    return Dossier(dossier.profile, kept)


class TeacherView(View):
    name = "teachers"
    VERSION = 1
    TABLES = (
        Table("teachers", (("uuid", "TEXT"), ("teacher_id", "TEXT"), ("name", "TEXT"), ("profile", "TEXT"),
                           ("departed_on", "TEXT")), key=("uuid",), indexes=(("teacher_id",),)),
        Table("records", (("uuid", "TEXT"), ("record_id", "TEXT"), ("record_type", "TEXT"), ("state", "TEXT")),
              key=("uuid", "record_id")),
        Table("periods", (("uuid", "TEXT"), ("seq", "INT"), ("teacher_id", "TEXT"), ("school_id", "TEXT"),
                          ("start_date", "TEXT"), ("end_date", "TEXT"), ("role", "TEXT"),
                          ("home_school_id", "TEXT"), ("posting_id", "TEXT")),
              key=("uuid", "seq"),
              indexes=(("school_id", "start_date"), ("home_school_id", "start_date"), ("teacher_id",))),
    )
    BUILD_TABLES = (
        Table("log", (("uuid", "TEXT"), ("record_id", "TEXT"), ("position", "INT"), ("record_type", "TEXT"),
                      ("state", "TEXT")), key=(), scratch=True),
    )
    TEACHER_COLUMNS, RECORD_COLUMNS, PERIOD_COLUMNS = (t.column_names for t in TABLES)
    LOG_COLUMNS = BUILD_TABLES[0].column_names

    PARTED = True  # every row is one teacher's

    def __init__(self, generation: int, *, bulk: bool = False, part: tuple[int, int] | None = None,
                 cache_teachers: int = CACHE_TEACHERS) -> None:
        self.cache_teachers = cache_teachers
        super().__init__(generation, bulk=bulk, part=part)

    def reset(self) -> None:
        self.cache: OrderedDict[str, ServiceState] = OrderedDict()
        self._clear_page()

    def _clear_page(self) -> None:
        self.registered: dict[str, dict[str, Any]] = {}  # uuid -> profile
        self.records: dict[tuple[str, str], dict[str, Any]] = {}
        self.service: dict[str, list[dict[str, Any]]] = {}  # uuid -> service records, in order
        self.last = 0  # the page's last position

    # ------------------------------------------------------------------ handlers
    apply = handlers()

    @apply.register
    def _(self, event: Teacher.TeacherRegistered, notification: Notification) -> None:
        uuid = event.originator_id.hex
        self.registered[uuid] = profile_of(event)
        self.service[uuid] = []
        self._touch(uuid, touched_records(event), notification.id)

    @apply.register
    def _(self, event: Teacher.RecordEvent, notification: Notification) -> None:
        self._touch(event.originator_id.hex, touched_records(event), notification.id)

    def _touch(self, uuid: str, records: list[dict[str, Any]], position: int) -> None:
        self.last = position
        for record in records:
            self.records[(uuid, record["record_id"])] = record
            if record["record_type"] in SERVICE_RECORD_TYPES:
                self.service.setdefault(uuid, []).append(record)

    # ------------------------------------------------------------------ writing
    def prepare(self, load: Load[Any]) -> list[Write]:
        if self.bulk:
            return self._prepare_bulk()
        states = self._states(load)
        teacher_rows: list[tuple[Any, ...]] = []
        period_rows: list[tuple[Any, ...]] = []
        for uuid, state in states.items():
            departing = any(r["record_type"] == "departure" for r in self.service[uuid])
            service_rows(uuid, state, uuid in self.registered or departing, teacher_rows, period_rows)
        record_rows = [(uuid, rid, r["record_type"], dumps(r)) for (uuid, rid), r in self.records.items()]
        stale = [u for u in states if u not in self.registered]
        self._clear_page()
        teachers, records, periods = self.table("teachers"), self.table("records"), self.table("periods")
        return [
            lambda w: w.upsert(teachers, self.TEACHER_COLUMNS, ("uuid",), teacher_rows),
            lambda w: w.upsert(records, self.RECORD_COLUMNS, ("uuid", "record_id"), record_rows),
            lambda w: w.delete_in(periods, "uuid", stale),
            lambda w: w.append(periods, self.PERIOD_COLUMNS, period_rows),
        ]

    def _prepare_bulk(self) -> list[Write]:
        teacher_rows = [(uuid, p["teacher_id"], p["name"], dumps(p), None) for uuid, p in self.registered.items()]
        log_rows = [(uuid, rid, self.last, r["record_type"], dumps(r)) for (uuid, rid), r in self.records.items()]
        self._clear_page()
        teachers, log = self.table("teachers"), self.table("log")
        return [
            lambda w: w.append(teachers, self.TEACHER_COLUMNS, teacher_rows),
            lambda w: w.append(log, self.LOG_COLUMNS, log_rows),
        ]

    def finish(self, recorder: ViewRecorder) -> None:
        """A bulk build's last step: the records' newest states and, at the same time, the
        teachers' periods; then the log goes."""
        if self.bulk:
            recorder.in_parallel([self._newest_records, self._periods])
            with recorder.page() as w:
                w.execute(f"DROP TABLE {w.t(self.table('log'))}")

    def _newest_records(self, w: Writer) -> None:
        w.allow_memory(FINISH_MEMORY_MB)
        columns = ", ".join(self.RECORD_COLUMNS)
        w.execute(f"INSERT INTO {w.t(self.table('records'))} ({columns}) {newest(columns, w.t(self.table('log')))}")

    def _periods(self, w: Writer) -> None:
        """Every teacher's periods and (for those who left) departure date, a batch at a time."""
        teachers, log = self.table("teachers"), self.table("log")
        w.execute(f"CREATE INDEX {log}_service ON {w.t(log)} (uuid, record_id, position DESC) WHERE {SERVICE_RECORDS}")
        after = ""
        while states := service_states_after(w, teachers, log, after, FINISH_BATCH):
            teacher_rows: list[tuple[Any, ...]] = []
            period_rows: list[tuple[Any, ...]] = []
            for uuid, state in states.items():
                service_rows(uuid, state, state.departed, teacher_rows, period_rows)
            w.upsert(teachers, self.TEACHER_COLUMNS, ("uuid",), teacher_rows)
            w.append(self.table("periods"), self.PERIOD_COLUMNS, period_rows)
            after = max(states)

    def _states(self, load: Load[Any]) -> dict[str, ServiceState]:
        """The service state of every teacher whose periods the page changes, updated by the page."""
        missing = [u for u in self.service if u not in self.cache and u not in self.registered]
        loaded = load(lambda r: load_service_states(r, self.table("teachers"), self.table("records"), missing)) \
            if missing else {}
        states: dict[str, ServiceState] = {}
        for uuid, changes in self.service.items():
            state = ServiceState(self.registered[uuid]) if uuid in self.registered else \
                self.cache.get(uuid) or loaded[uuid]
            for record in changes:
                state.update(record)
            states[uuid] = state
            self.cache[uuid] = state
            self.cache.move_to_end(uuid)
        while len(self.cache) > self.cache_teachers:
            self.cache.popitem(last=False)
        return states


def service_rows(uuid: str, state: ServiceState, with_teacher: bool, teacher_rows: list[tuple[Any, ...]],
                 period_rows: list[tuple[Any, ...]]) -> None:
    """Adds a teacher's period rows (and, ``with_teacher``, the teacher's own row) from the state."""
    dossier = state.dossier()
    profile = state.profile
    if with_teacher:
        departure = dossier.departure
        teacher_rows.append((uuid, profile["teacher_id"], profile["name"], dumps(profile),
                             departure.departed_on.isoformat() if departure else None))
    period_rows.extend(period_row(uuid, seq, profile["teacher_id"], p)
                       for seq, p in enumerate(service_periods(dossier)))


def period_row(uuid: str, seq: int, teacher_id: str, p: ServicePeriod) -> tuple[Any, ...]:
    return (uuid, seq, teacher_id, p.school_id, p.start.isoformat(), p.end.isoformat() if p.end else None,
            p.role, p.home_school_id, p.posting_id)


SERVICE_RECORDS = f"record_type IN ({', '.join(repr(t) for t in sorted(SERVICE_RECORD_TYPES))})"


def newest(columns: str, log: str, where: str = "") -> str:
    """A query for ``columns`` of the newest logged state of each record (in a bulk build's log)."""
    return (f"SELECT {columns} FROM (SELECT {columns}, row_number() OVER (PARTITION BY uuid, record_id "
            f"ORDER BY position DESC) AS newest FROM {log}{' WHERE ' + where if where else ''}) AS logged "
            "WHERE newest = 1")


def load_service_states(w: Writer, teachers: str, records: str, uuids: list[str]) -> dict[str, ServiceState]:
    if not uuids:
        return {}
    profiles = w.select_in(f"SELECT uuid, profile FROM {w.t(teachers)} WHERE uuid IN %s", uuids)
    return _with_records(profiles, w.select_in(f"SELECT uuid, state FROM {w.t(records)} WHERE {SERVICE_RECORDS} "
                                               "AND uuid IN %s", uuids))


def service_states_after(w: Writer, teachers: str, log: str, after: str, limit: int) -> dict[str, ServiceState]:
    """The service states of up to ``limit`` teachers by uuid after ``after``, from a bulk build's
    log (read by key ranges; the newest state of each record)."""
    profiles = w.query(f"SELECT uuid, profile FROM {w.t(teachers)} WHERE uuid > %s ORDER BY uuid LIMIT %s",
                       [after, limit])
    if not profiles:
        return {}
    batch = f"{SERVICE_RECORDS} AND uuid > %s AND uuid <= %s"
    return _with_records(profiles, w.query(newest("uuid, state", w.t(log), batch), [after, profiles[-1]["uuid"]]))


def _with_records(profiles: list[Any], records: list[Any]) -> dict[str, ServiceState]:
    states = {row["uuid"]: ServiceState(orjson.loads(row["profile"])) for row in profiles}
    for row in records:
        states[row["uuid"]].update(orjson.loads(row["state"]))
    return states


# ---------------------------------------------------------------------- reading
STATUSES = ("at_home", "on_posting", "departed")
LIST_FIELDS = ("teacher_id", "name", "gender", "role", "subject")


def read_dossiers(r: Writer, tables: Served, uuids: list[str]) -> dict[str, Dossier]:
    """The full dossiers (profile and every record) of the given teachers that are registered."""
    condition, params = r.any_of("uuid", uuids)
    profiles = {row["uuid"]: orjson.loads(row["profile"]) for row in
                r.query(f"SELECT uuid, profile FROM {tables('teachers', 'teachers')} WHERE {condition}", params)}
    records: dict[str, list[dict[str, Any]]] = {u: [] for u in profiles}
    for row in r.query(f"SELECT uuid, state FROM {tables('teachers', 'records')} WHERE {condition}", params):
        records[row["uuid"]].append(orjson.loads(row["state"]))
    return {u: dossier_of(profiles[u], records[u]) for u in profiles}


def teacher_item(dossier: Dossier, periods: list[ServicePeriod], day: date) -> dict[str, Any]:
    """One teacher on a day: profile, placement, active exemptions, title and backbone designation."""
    profile = dossier.profile.to_dict()
    departure = dossier.departure
    title, backbone = dossier.title_on(day), dossier.backbone_on(day)
    return {
        **{k: v for k, v in profile.items() if k != "home_school_id"},
        "registered_home_school_id": profile["home_school_id"],
        "as_of": day.isoformat(),
        **placement(periods, day, departure.departed_on.isoformat() if departure else None, profile["home_school_id"]),
        "home_school_id": dossier.home_on(day).school_id,
        "departed_on": departure.departed_on.isoformat() if departure else None,
        "exemptions": [e.to_dict() for e in dossier.exemptions_on(day)],
        "title": title.to_dict() if title else None,
        "backbone": backbone.to_dict() if backbone else None,
    }


def list_teachers(r: Writer, tables: Served, day: date, *, school_id: str | None, status: str | None,
                  q: str | None, after: str, limit: int) -> list[dict[str, Any]]:
    """Teachers by id after ``after``: whose home on ``day`` is ``school_id``, with ``status`` on
    ``day``, whose id or name contains ``q``."""
    iso = day.isoformat()
    teachers, periods = tables("teachers", "teachers"), tables("teachers", "periods")
    covering = f"SELECT 1 FROM {periods} p WHERE p.uuid = t.uuid AND p.start_date <= %s " \
               "AND (p.end_date IS NULL OR p.end_date >= %s)"
    where, params = ["t.teacher_id > %s"], [after]
    if q:
        where.append("(lower(t.teacher_id) LIKE %s ESCAPE '!' OR t.name LIKE %s ESCAPE '!')")
        pattern = "%" + q.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"
        params += [pattern.lower(), pattern]
    if school_id is not None:
        where.append(f"EXISTS ({covering} AND p.home_school_id = %s)")
        params += [iso, iso, school_id]
    departed = "(t.departed_on IS NOT NULL AND t.departed_on <= %s)"
    if status == "departed":
        where.append(departed)
        params.append(iso)
    elif status is not None:
        posted = f"EXISTS ({covering} AND p.role <> 'home')"
        where.append(f"NOT {departed} AND {'' if status == 'on_posting' else 'NOT '}{posted}")
        params += [iso, iso, iso]
    rows = r.query(f"SELECT t.uuid, t.profile, t.departed_on FROM {teachers} t WHERE {' AND '.join(where)} "
                   "ORDER BY t.teacher_id LIMIT %s", [*params, limit])
    spans = teacher_periods(r, tables, [row["uuid"] for row in rows])
    items = []
    for row in rows:
        profile = orjson.loads(row["profile"])
        items.append({**{k: profile[k] for k in LIST_FIELDS},
                      **placement(spans[row["uuid"]], day, row["departed_on"], profile["home_school_id"])})
    return items


def read_dossier_batch(r: Writer, tables: Served, after: str, limit: int,
                       home_school_id: str | None = None) -> dict[str, Dossier]:
    """Up to ``limit`` dossiers by uuid after ``after`` (only teachers who ever belonged to
    ``home_school_id``, if given)."""
    if home_school_id is not None:
        rows = r.query(f"SELECT t.uuid FROM {tables('teachers', 'teachers')} t WHERE t.uuid > %s AND EXISTS "
                       f"(SELECT 1 FROM {tables('teachers', 'periods')} p WHERE p.uuid = t.uuid "
                       "AND p.home_school_id = %s) ORDER BY t.uuid LIMIT %s", [after, home_school_id, limit])
        dossiers = read_dossiers(r, tables, [row["uuid"] for row in rows])
        return {row["uuid"]: dossiers[row["uuid"]] for row in rows}
    # every teacher: the batch is a range of uuids, read by range on both tables' keys (a list of
    # ids could make the planner scan the whole records table once per batch)
    profiles = {row["uuid"]: orjson.loads(row["profile"]) for row in r.query(
        f"SELECT uuid, profile FROM {tables('teachers', 'teachers')} WHERE uuid > %s ORDER BY uuid LIMIT %s",
        [after, limit])}
    if not profiles:
        return {}
    records: dict[str, list[dict[str, Any]]] = {u: [] for u in profiles}
    for row in r.query(f"SELECT uuid, state FROM {tables('teachers', 'records')} WHERE uuid > %s AND uuid <= %s",
                       [after, max(profiles)]):
        records[row["uuid"]].append(orjson.loads(row["state"]))
    return {u: dossier_of(profile, records[u]) for u, profile in profiles.items()}
