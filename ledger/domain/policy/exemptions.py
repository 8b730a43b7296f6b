"""Which exemptions defer rotation on a date (RULES.md §3 "Exemptions and deferrals").

- An exemption defers from its start to its last day (its end date, or the day it was ended).
- **R-EX-CHILD** ends automatically the day before the child's third birthday
  (``Exemption.last_day``).
- **R-EX-PROJECT** defers at most ``project_deferral_max_years`` in total across all its grants:
  once the project deferrals up to a date add up to more than the maximum under the profile in
  force, they stop deferring — even when a grant recorded under an earlier profile runs on.
- **R-EX-ROLE** exemptions exclude rather than defer (the teacher is not a rotation subject).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ledger.domain.dates import DAYS_PER_YEAR, merged_days
from ledger.domain.enums import ExemptionCategory
from ledger.domain.policy.profile import PolicyProfile
from ledger.domain.records import Exemption


def project_days_used(exemptions: Iterable[Exemption], on: date) -> int:
    """Days of project deferral (R-EX-PROJECT) up to and including ``on``, overlaps counted once."""
    return merged_days(
        (e.start_date, min(e.last_day or on, on))
        for e in exemptions
        if e.category is ExemptionCategory.SIGNATURE_PROJECT and not e.voided
    )


def defers_on(exemption: Exemption, exemptions: list[Exemption], on: date, profile: PolicyProfile) -> bool:
    """Whether one of a teacher's exemptions defers rotation on a date."""
    if exemption.category is ExemptionCategory.ROLE_EXCLUDED or not exemption.active_on(on):
        return False
    if exemption.category is ExemptionCategory.SIGNATURE_PROJECT:
        return project_days_used(exemptions, on) <= profile.project_deferral_max_years * DAYS_PER_YEAR
    return True


def deferring_exemptions(exemptions: list[Exemption], on: date, profile: PolicyProfile) -> list[Exemption]:
    """Those of a teacher's exemptions (``Dossier.exemptions()``) that defer rotation on a date."""
    return [e for e in exemptions if defers_on(e, exemptions, on, profile)]


def role_exclusions(exemptions: list[Exemption], on: date) -> list[Exemption]:
    """Individual R-EX-ROLE exemptions active on a date."""
    return [e for e in exemptions if e.category is ExemptionCategory.ROLE_EXCLUDED and e.active_on(on)]
