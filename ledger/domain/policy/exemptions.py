"""Which exemptions defer rotation on a date (RULES.md §3 "Exemptions and deferrals").

- An exemption defers from its start to its last day (its end date, or the day it was ended).
- **R-EX-CHILD** ends automatically the day before the child's third birthday
  (``Exemption.last_day``).
- **R-EX-PROJECT** defers at most ``project_deferral_max_years`` in total across all its grants:
  once the project deferrals up to a date add up to more than the maximum under the profile in
  force, they stop deferring — even when a grant recorded under an earlier profile runs on.
- **R-EX-NOTICE** a pregnancy, nursing or illness deferral defers from the day after its notice at
  the school (``notice_from`` + ``exemption_notice_days``); until then it is *pending*. Grants
  recorded before notices were (no ``notice_from``) are taken as notified.
- **R-EX-COUPLE** defers only while the spouse it names is due in the school year evaluated.
- **R-EX-ROLE** exemptions exclude rather than defer (the teacher is not a rotation subject).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from ledger.domain.dates import DAYS_PER_YEAR, school_year_days
from ledger.domain.enums import ExemptionCategory
from ledger.domain.policy.profile import PolicyProfile
from ledger.domain.records import Exemption

SpouseDue = Callable[[str], bool]  # whether a teacher (the spouse) is due in the year evaluated


def project_days_used(exemptions: Iterable[Exemption], on: date) -> int:
    """Days of project deferral (R-EX-PROJECT) up to and including ``on``, overlaps counted once and
    29 February left out (so three school years are 1,095 days whatever leap days they hold)."""
    return school_year_days(
        (e.start_date, min(e.last_day or on, on))
        for e in exemptions
        if e.category is ExemptionCategory.SIGNATURE_PROJECT and not e.voided
    )


def defers_on(exemption: Exemption, exemptions: list[Exemption], on: date, profile: PolicyProfile,
              spouse_due: SpouseDue | None = None) -> bool:
    """Whether one of a teacher's exemptions defers rotation on a date (a couple deferral only
    while the spouse is due, when ``spouse_due`` can tell)."""
    if exemption.category is ExemptionCategory.ROLE_EXCLUDED or not exemption.active_on(on):
        return False
    if exemption.in_effect_from(profile.exemption_notice_days) > on:
        return False  # R-EX-NOTICE: still being notified at the school
    if exemption.category is ExemptionCategory.COUPLE and spouse_due is not None:
        return exemption.spouse_teacher_id is not None and spouse_due(exemption.spouse_teacher_id)
    if exemption.category is ExemptionCategory.SIGNATURE_PROJECT:
        return project_days_used(exemptions, on) <= profile.project_deferral_max_years * DAYS_PER_YEAR
    return True


def deferring_exemptions(exemptions: list[Exemption], on: date, profile: PolicyProfile,
                         spouse_due: SpouseDue | None = None) -> list[Exemption]:
    """Those of a teacher's exemptions (``Dossier.exemptions()``) that defer rotation on a date."""
    return [e for e in exemptions if defers_on(e, exemptions, on, profile, spouse_due)]


def pending_exemptions(exemptions: list[Exemption], on: date, profile: PolicyProfile) -> list[Exemption]:
    """R-EX-NOTICE: deferrals active on a date but still in their notice at the school."""
    return [e for e in exemptions if e.active_on(on) and e.in_effect_from(profile.exemption_notice_days) > on]


def role_exclusions(exemptions: list[Exemption], on: date) -> list[Exemption]:
    """Individual R-EX-ROLE exemptions active on a date."""
    return [e for e in exemptions if e.category is ExemptionCategory.ROLE_EXCLUDED and e.active_on(on)]
