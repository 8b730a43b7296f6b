"""Use cases of the policy engine: adopting a profile, the rules in force on a date, the due list,
the quota report, the service record and the evaluation ranking.

Bulk answers read a ``ReadSource`` (the projections' read model when the runtime sets
``policy_source``; otherwise the event store through ``AggregateSource``).
"""

from __future__ import annotations

import copy
import hashlib
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any
from uuid import UUID

from eventsourcing.application import project_aggregate

from ledger.app.core import Envelope, LedgerCore, WriteResult
from ledger.app.sources import AggregateSource, ReadSource
from ledger.domain.base import Meta, Outcome, event_id
from ledger.domain.dates import china_today, planning_reference_date, school_year_end, school_year_of
from ledger.domain.dossier import Dossier, Limits
from ledger.domain.errors import InvalidInput, NotFoundError
from ledger.domain.policy import (
    DueList,
    PolicyProfile,
    ProfileInForce,
    QuotaReport,
    ServiceRecord,
    Target,
    due_list,
    profile_from_toml,
    quota_report,
    service_record,
)
from ledger.domain.policy.credit import REGISTRATION
from ledger.domain.policy.evaluations import SchoolRanking, school_rankings
from ledger.domain.policy.priority import TitlePriority, title_priority
from ledger.domain.policy_book import COUNTY, POLICY_BOOK_ID, Adoption, PolicyBook
from ledger.domain.service import service_periods
from ledger.domain.teacher import Teacher, teacher_uuid
from ledger.domain.values import Checks

DEFAULT_PROFILE = "default"


@dataclass(frozen=True)
class ProfileFile:
    profile: PolicyProfile
    sha256: str  # of the file's bytes


def parse_profile_file(data: bytes) -> ProfileFile:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput.one("profile", "profile.not_utf8") from None
    return ProfileFile(profile_from_toml(text), hashlib.sha256(data).hexdigest())


def shipped_profile_names() -> list[str]:
    folder = resources.files("ledger") / "profiles"
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))


@cache
def shipped_profile(name: str) -> ProfileFile:
    """A profile shipped in ``ledger/profiles/`` (read once)."""
    if name not in shipped_profile_names():
        raise NotFoundError("profile", name, "profile.not_shipped", names=shipped_profile_names())
    return parse_profile_file((resources.files("ledger") / "profiles" / f"{name}.toml").read_bytes())


class PolicyBookCache:
    """The policy book as recorded now, kept by one application for its whole life. Every command
    asks for the limits in force, so the book is kept and only brought forward by the adoptions
    recorded since (one indexed read; other processes' adoptions are seen at once)."""

    def __init__(self, read_since: Callable[[int | None], list[Any]]) -> None:
        self._read_since = read_since
        self._lock = threading.Lock()
        self._book: PolicyBook | None = None

    def current(self) -> PolicyBook | None:
        with self._lock:
            newer = self._read_since(self._book.version if self._book else None)
            if newer:
                self._book = project_aggregate(copy.deepcopy(self._book), newer)
            return self._book


class PolicyUseCases(LedgerCore):
    policy_source: ReadSource | None = None  # the read model, when the runtime provides one

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.policy_books = PolicyBookCache(lambda version: list(self.events.get(POLICY_BOOK_ID, gt=version)))

    def read_source(self, source: ReadSource | None = None) -> ReadSource:
        return source or self.policy_source or AggregateSource(self)

    # ---------------------------------------------------------------- profiles
    def adopt_profile(self, *, effective_date: date | str, profile: str | None = None, text: bytes | None = None,
                      adoption_id: str | None = None, by: Envelope) -> WriteResult:
        """Adopts a shipped profile (by name) or a profile file's content from ``effective_date``."""
        if (profile is None) == (text is None):
            raise InvalidInput.one("profile", "profile.name_or_file")
        file = shipped_profile(profile) if profile is not None else parse_profile_file(text or b"")

        def attempt(meta: Meta) -> tuple[PolicyBook, Outcome]:
            try:
                book = self._load(PolicyBook, POLICY_BOOK_ID, "policy", COUNTY)
            except NotFoundError:
                book = PolicyBook.open(meta=meta, on=china_today(meta.recorded_at))
            return book, book.adopt(profile=file.profile, sha256=file.sha256, effective_date=effective_date,
                                    meta=meta, adoption_id=adoption_id)

        result = self.write("policy", COUNTY, by, attempt)
        assert isinstance(result.aggregate, PolicyBook)
        return replace(result, record=result.aggregate.adoption(result.record_id).to_dict())

    def _policy_book(self, known_at: datetime | None = None) -> PolicyBook | None:
        if known_at is not None:
            try:
                return self.known_at(PolicyBook, POLICY_BOOK_ID, "policy", COUNTY, known_at)
            except NotFoundError:
                return None
        return self.policy_books.current()

    def adoptions(self, *, known_at: datetime | None = None) -> list[Adoption]:
        """Every adoption recorded (as known at a moment), in recording order."""
        book = self._policy_book(known_at)
        return list(book.adoptions) if book else []

    def profile_on(self, on: date, *, known_at: datetime | None = None) -> ProfileInForce:
        """The profile in force on a date (as the ledger knew it at ``known_at``); the shipped
        default when no adoption applies."""
        return _in_force(self._policy_book(known_at), on)

    def limits_on(self, on: date) -> Limits:
        return self.profile_on(on).profile.limits()

    def limits_by_day(self) -> Callable[[date], Limits]:
        """The limits in force on any day, from one read of the policy book: for a batch of
        commands that all see the book as it is now (the bulk path)."""
        book = self._policy_book()
        return lambda day: _in_force(book, day).profile.limits()

    # ---------------------------------------------------------------- evaluations
    def due_list(self, school_year: int, *, known_at: datetime | str | None = None,
                 source: ReadSource | None = None) -> DueList:
        """The due list of a school year — as the ledger stood at ``known_at`` when given (the
        teachers, schools and profile adoptions recorded by then)."""
        year, moment, src = self._evaluation(school_year, known_at, source)
        found = due_list(src.dossiers(), src.schools(), year,
                         self.profile_on(planning_reference_date(year), known_at=moment))
        return replace(found, known_at=moment)

    def quota_report(self, school_year: int, *, known_at: datetime | str | None = None,
                     source: ReadSource | None = None) -> QuotaReport:
        """The quota report of a school year — as the ledger stood at ``known_at`` when given."""
        year, moment, src = self._evaluation(school_year, known_at, source)
        found = quota_report(src.dossiers(), src.schools(), year,
                             self.profile_on(planning_reference_date(year), known_at=moment))
        return replace(found, known_at=moment)

    def _evaluation(self, school_year: Any, known_at: datetime | str | None,
                    source: ReadSource | None) -> tuple[int, datetime | None, ReadSource]:
        c = Checks()
        year = c.integer("school_year", school_year, lo=1950, hi=2199)
        moment = c.moment("known_at", known_at)
        c.done()
        assert year is not None
        src = self.read_source(source)
        return year, moment, src.known_at(moment) if moment is not None else src

    def evaluation_ranking(self, school_id: str, school_year: int, *,
                           source: ReadSource | None = None) -> SchoolRanking:
        """The evaluations a school recorded for a school year, ranked by score with the stated
        tie-break, each marked below the middle or not under the profile in force at the year's end."""
        year = _school_year(school_year)
        src = self.read_source(source)
        if school_id not in src.schools():
            raise NotFoundError("school", school_id)
        in_force = self.profile_on(school_year_end(year))
        return school_rankings(src.dossiers(), year, in_force, school_id)[school_id]

    def title_priority(self, school_year: int, *, school_id: str | None = None,
                       applicants: list[str] | tuple[str, ...] | None = None,
                       source: ReadSource | None = None) -> TitlePriority:
        """R-INCENTIVE-PRIORITY: the order of a school year's title applicants (named, or every
        teacher of the county or of ``school_id``)."""
        year = _school_year(school_year)
        src = self.read_source(source)
        if school_id is not None and school_id not in src.schools():
            raise NotFoundError("school", school_id)
        wanted = frozenset(applicants) if applicants else None
        found = title_priority(src.dossiers(), year, self.profile_on(planning_reference_date(year)),
                               school_id=school_id, applicants=wanted)
        for missing in sorted((wanted or frozenset()) - {r.teacher_id for r in found.rows}):
            if not self.teacher_exists(missing):
                raise NotFoundError("teacher", missing)
        return found

    def service_record(self, teacher_id: str, *, target: str, as_of: date | str | None = None,
                       known_at: datetime | str | None = None) -> ServiceRecord:
        """What the rules require of a teacher for a target on a date — as the ledger knew it at
        ``known_at`` when given (the teacher, the schools and the profile adopted as known then)."""
        c = Checks()
        goal = c.enum("target", Target, target)
        day = c.date("as_of", as_of, required=False) or self.today()
        moment = c.moment("known_at", known_at)
        c.done()
        assert goal is not None
        teacher = self.teacher_known_at(teacher_id, moment) if moment else self.get_teacher(teacher_id)
        schools = {}
        for school_id in {p.school_id for p in service_periods(teacher.dossier)}:
            try:
                school = self.school_known_at(school_id, moment) if moment else self.get_school(school_id)
            except NotFoundError:
                continue  # not recorded (yet): its service cannot be classified
            schools[school_id] = school.facts()
        return service_record(teacher.dossier, schools, goal, day, self.profile_on(day, known_at=moment),
                              known_at=moment, record_events=self._record_events(teacher.id, moment))

    def _record_events(self, uuid: UUID, moment: datetime | None) -> dict[str, list[dict[str, Any]]]:
        """The events that recorded or changed each record of a teacher, by record id."""
        found: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for e in self.events.get(uuid):
            if moment is not None and e.timestamp > moment:
                break
            if isinstance(e, Teacher.TeacherRegistered):
                ids = [REGISTRATION, *(r["record_id"] for r in e.records)]
            else:
                ids = [e.record["record_id"], *(r["record_id"] for r in getattr(e, "effects", ()))]
            ref = {"event_id": str(event_id(uuid, e.originator_version)), "event_type": type(e).__name__,
                   "version": e.originator_version, "effective_date": e.effective_date,
                   "recorded_at": e.timestamp.isoformat()}
            for record_id in dict.fromkeys(ids):
                found[record_id].append(ref)
        return found

    # ---------------------------------------------------------------- rules across teachers
    def profile_at(self, on: date) -> PolicyProfile:
        return self.profile_on(on).profile

    def evaluated_at(self, school_id: str, school_year: int) -> list[Dossier]:
        """The teachers a school evaluated in a school year (R-POST-SUPERVISORY's median), from
        the read source."""
        return [d for d in self.read_source().dossiers()
                if any(e.school_id == school_id and e.school_year == school_year for e in d.evaluations())]


def _in_force(book: PolicyBook | None, on: date) -> ProfileInForce:
    adoption = book.in_force_on(on) if book else None
    if adoption is not None:
        return adoption.in_force()
    default = shipped_profile(DEFAULT_PROFILE)
    return ProfileInForce(default.profile, default.sha256)


def _school_year(value: Any) -> int:
    c = Checks()
    year = c.integer("school_year", value, lo=1950, hi=2199)
    c.done()
    assert year is not None
    return year
