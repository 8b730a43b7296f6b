"""The policy engine: the profile of parameters in force and the pure rule functions that turn
dossiers into the due list, the quota report and the service record, each explained by clause ids."""

from ledger.domain.policy.eligibility import DueList, DueRow, DueStatus, due_list, evaluate_due
from ledger.domain.policy.profile import PolicyProfile, ProfileInForce, profile_from_toml
from ledger.domain.policy.quotas import QuotaCheck, QuotaReport, quota_report
from ledger.domain.policy.service_record import ServiceRecord, Status, Target, service_record

__all__ = [
    "DueList", "DueRow", "DueStatus", "PolicyProfile", "ProfileInForce", "QuotaCheck", "QuotaReport",
    "ServiceRecord", "Status", "Target", "due_list", "evaluate_due", "profile_from_toml", "quota_report",
    "service_record",
]
