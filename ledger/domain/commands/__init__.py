"""Every command the ledger records, one frozen dataclass each (``base`` explains the shape).

The API's routes and request schemas, the console's forms, the importer's history rows and the
generator all build these same commands; ``RotationLedger.execute`` runs them.
"""

from ledger.domain.commands.base import Command, Decision, Reference, command_classes
from ledger.domain.commands.corrections import AmendRecord, VoidRecord
from ledger.domain.commands.grades import AssessBackbone, ConferGrade, RevokeGrade
from ledger.domain.commands.postings import (
    EndPosting,
    ExtendPosting,
    RecordPosting,
    RecordReportingFailure,
    ReportForDuty,
)
from ledger.domain.commands.records import (
    ConferTitle,
    DesignateBackbone,
    EndExemption,
    GrantAward,
    GrantExemption,
    RecordDeparture,
    RecordEvaluation,
    RevokeBackbone,
)
from ledger.domain.commands.registration import ReclassifySchool, RegisterSchool, RegisterTeacher, Registration

# The commands on a teacher's records, in the order the console offers them.
TEACHER_COMMANDS: tuple[type[Command], ...] = (
    RecordPosting, ReportForDuty, RecordReportingFailure, ExtendPosting, EndPosting, GrantExemption, EndExemption,
    GrantAward, RecordEvaluation, ConferTitle, DesignateBackbone, RevokeBackbone, AssessBackbone, ConferGrade,
    RevokeGrade, RecordDeparture, VoidRecord, AmendRecord,
)

__all__ = [
    "TEACHER_COMMANDS", "AmendRecord", "AssessBackbone", "Command", "ConferGrade", "RevokeGrade", "ConferTitle", "Decision", "DesignateBackbone", "EndExemption",
    "EndPosting", "ExtendPosting", "GrantAward", "GrantExemption", "ReclassifySchool", "RecordDeparture",
    "RecordEvaluation", "RecordPosting", "RecordReportingFailure", "Reference", "RegisterSchool", "RegisterTeacher",
    "Registration", "ReportForDuty", "RevokeBackbone", "VoidRecord", "command_classes",
]
