"""Where a teacher belongs and serves, period by period — the one definition that the assignments
view, school rosters and the service record all use.

- Between postings the teacher serves at the home school (role ``home``).
- During a posting they serve at its host (``hosted``) or, for itinerant teaching (走教), at each
  of its hosts at once (``itinerant``).
- A transfer moves the home school on its start date.
- A departure ends service: the last day served is the day before ``departed_on``.
- Voided records have no effect; amended records count with their amended values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ledger.domain.dates import ONE_DAY
from ledger.domain.dossier import Dossier
from ledger.domain.enums import PostingKind


@dataclass(frozen=True)
class ServicePeriod:
    school_id: str
    start: date
    end: date | None  # inclusive; None while it runs on
    role: str  # "home" | "hosted" | "itinerant"
    home_school_id: str
    posting_id: str | None

    def covers(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)

    def clipped(self, until: date) -> ServicePeriod | None:
        """The part of the period up to ``until`` (inclusive), or None if it starts later."""
        if self.start > until:
            return None
        end = until if self.end is None or self.end > until else self.end
        return ServicePeriod(self.school_id, self.start, end, self.role, self.home_school_id, self.posting_id)


def service_periods(dossier: Dossier) -> list[ServicePeriod]:
    """Every period of service, in date order (itinerant hosts share their dates)."""
    departure = dossier.departure
    last_day = departure.departed_on - ONE_DAY if departure else None
    postings = [p for p in dossier.postings() if not p.is_transfer]
    periods: list[ServicePeriod] = []

    for home in dossier.home_periods():
        cursor: date | None = home.since
        home_end = home.until
        for p in postings:
            p_end = p.ended_on
            if home_end is not None and p.start_date > home_end:
                continue
            if p_end is not None and cursor is not None and p_end < cursor:
                continue
            if cursor is not None and p.start_date > cursor:
                periods.append(ServicePeriod(home.school_id, cursor, p.start_date - ONE_DAY, "home",
                                             home.school_id, None))
            role = "itinerant" if p.kind is PostingKind.ITINERANT else "hosted"
            start = max(p.start_date, home.since)
            end = _earliest(p_end, home_end)
            for host in p.host_school_ids:
                periods.append(ServicePeriod(host, start, end, role, home.school_id, p.record_id))
            cursor = None if end is None else end + ONE_DAY
            if cursor is None:
                break
        if cursor is not None and (home_end is None or cursor <= home_end):
            periods.append(ServicePeriod(home.school_id, cursor, home_end, "home", home.school_id, None))

    if last_day is not None:
        periods = [c for p in periods if (c := p.clipped(last_day)) is not None]
    return sorted(periods, key=lambda p: (p.start, p.school_id))


def serving_on(dossier: Dossier, on: date) -> list[ServicePeriod]:
    return [p for p in service_periods(dossier) if p.covers(on)]


def _earliest(a: date | None, b: date | None) -> date | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)
