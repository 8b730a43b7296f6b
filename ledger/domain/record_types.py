"""Every kind of record by its type, and the field naming each kind's id."""

from __future__ import annotations

from ledger.domain.enums import RecordType
from ledger.domain.grades import GradeRecord
from ledger.domain.records import (
    Award,
    Backbone,
    Correction,
    Departure,
    Evaluation,
    Exemption,
    Posting,
    Record,
    TitleRecord,
)

RECORD_CLASSES: dict[RecordType, type[Record]] = {
    cls.TYPE: cls
    for cls in (Posting, Exemption, Award, Evaluation, TitleRecord, Backbone, GradeRecord, Departure, Correction)
}
CLASS_BY_TYPE: dict[str, type[Record]] = {t.value: cls for t, cls in RECORD_CLASSES.items()}
ID_FIELDS: dict[str, str] = {t.value: cls.ID_FIELD for t, cls in RECORD_CLASSES.items()}
