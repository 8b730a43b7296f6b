"""The ``PolicyBook`` aggregate: the county's adoptions of policy profiles (政策参数启用记录).

Adopting a profile is an event with an effective date, carrying the profile's name, version, every
parameter and the SHA-256 of the profile file, so the rules in force on any date are known — and,
with the recorded time, the rules the ledger *knew* to be in force at any past moment. The book has
one fixed id per county.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.domain import Aggregate

from ledger.domain.base import LedgerAggregate, Meta, Outcome, aggregate_id, envelope
from ledger.domain.policy.profile import PolicyProfile, ProfileInForce, profile_from_parameters
from ledger.domain.values import Checks

COUNTY = "county"
POLICY_BOOK_ID = aggregate_id("policy", COUNTY)


@dataclass(frozen=True)
class Adoption:
    adoption_id: str
    effective_date: date
    recorded_at: datetime
    profile: PolicyProfile
    sha256: str

    def in_force(self) -> ProfileInForce:
        return ProfileInForce(self.profile, self.sha256, self.adoption_id, self.effective_date, self.recorded_at)

    def to_dict(self) -> dict[str, Any]:
        return {**self.in_force().to_dict(), "parameters": self.profile.parameters()}


class PolicyBook(LedgerAggregate):
    class BookOpened(LedgerAggregate.Event, Aggregate.Created):
        county: str
        KEY = "opened"

    class ProfileAdopted(LedgerAggregate.Event):
        adoption_id: str
        profile_name: str
        profile_version: str
        label_zh: str
        label_en: str
        parameters: dict[str, Any]
        sha256: str
        KEY = "adoption:{adoption_id}"

    def __init__(self) -> None:
        super().__init__()
        self.adoptions: list[Adoption] = []

    @singledispatchmethod
    def when(self, event: LedgerAggregate.Event) -> None:
        """Assigns the state an event carries."""

    @when.register
    def _(self, e: PolicyBook.ProfileAdopted) -> None:
        header = {"name": e.profile_name, "version": e.profile_version, "label_zh": e.label_zh,
                  "label_en": e.label_en}
        profile = profile_from_parameters(header, e.parameters)
        self.adoptions.append(
            Adoption(e.adoption_id, date.fromisoformat(e.effective_date), e.timestamp, profile, e.sha256)
        )

    # ------------------------------------------------------------------ commands
    @classmethod
    def open(cls, *, meta: Meta, on: date) -> PolicyBook:
        return cls._create(cls.BookOpened, id=POLICY_BOOK_ID, timestamp=meta.recorded_at,
                           **envelope(meta, on), county=COUNTY)

    def adopt(self, *, profile: PolicyProfile, sha256: str, effective_date: date | str, meta: Meta,
              adoption_id: str | None = None) -> Outcome:
        """Adopts a profile from its effective date on; the same adoption again replays. The
        adoption id defaults to ``<name>-<version>-<effective date>``."""
        c = Checks()
        meta = meta.check(c)
        effective = c.date("effective_date", effective_date)
        adoption_id = adoption_id or f"{profile.name}-{profile.version}-{effective}"
        fields = {
            "adoption_id": c.ident("adoption_id", adoption_id),
            "profile_name": profile.name,
            "profile_version": profile.version,
            "label_zh": profile.label_zh,
            "label_en": profile.label_en,
            "parameters": profile.parameters(),
            "sha256": sha256,
        }
        if not (isinstance(sha256, str) and len(sha256) == 64):
            c.fail("sha256", "profile.sha256")
        c.done()
        assert effective is not None
        implied = frozenset(profile.clauses())
        if (o := self.previous_command(self.ProfileAdopted, f"adoption:{adoption_id}", meta, effective, fields,
                                       ("adoption", adoption_id), implied_clauses=implied)):
            return o
        self.emit(self.ProfileAdopted, meta.with_clauses(*implied), effective, **fields)
        return Outcome("adoption", adoption_id, self.version)

    # ------------------------------------------------------------------ queries
    def adoption(self, adoption_id: str) -> Adoption:
        return next(a for a in self.adoptions if a.adoption_id == adoption_id)

    def in_force_on(self, day: date) -> Adoption | None:
        """The adoption in force on a date: the latest effective date on or before it; of several
        with the same effective date, the one recorded last."""
        latest: Adoption | None = None
        for adoption in self.adoptions:  # in recording order
            if adoption.effective_date <= day and (latest is None or adoption.effective_date >= latest.effective_date):
                latest = adoption
        return latest
