"""Record commands of the ``Teacher`` aggregate: titles, backbone designations, evaluations,
exemptions, awards, departure, and corrections (RULES.md §4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ledger.domain import corrections
from ledger.domain.base import Meta, Outcome
from ledger.domain.dates import ONE_DAY, add_years, china_today
from ledger.domain.dossier import DEFAULT_LIMITS, Limits
from ledger.domain.enums import AwardKind, BackboneLevel, DepartureKind, EvaluationGrade, ExemptionCategory, RecordType, Title
from ledger.domain.errors import ConflictError
from ledger.domain.records import Award, Backbone, Correction, Departure, Evaluation, Exemption, Record, TitleRecord
from ledger.domain.values import Checks

if TYPE_CHECKING:
    from ledger.domain.teacher import Teacher as _Base
else:
    _Base = object

BACKBONE_CYCLE_YEARS = 3  # seed 002: designations run for a three-year cycle


def cycle_end_of(start: date) -> date:
    return add_years(start, BACKBONE_CYCLE_YEARS) - ONE_DAY


class RecordCommands(_Base):
    # ------------------------------------------------------------------ titles and backbone
    def confer_title(self, *, title_id: str, title: str, conferred_on: date | str, meta: Meta,
                     limits: Limits = DEFAULT_LIMITS) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        fields = {"title_id": c.ident("title_id", title_id), "title": c.enum("title", Title, title),
                  "conferred_on": c.date("conferred_on", conferred_on)}
        c.done()
        key = f"record:{title_id}"
        if (o := self._replay(self.TitleConferred, key, meta, fields["conferred_on"], fields, ("title", title_id))):
            return o
        self._ensure_active()
        record = TitleRecord(record_id=title_id, title=fields["title"], conferred_on=fields["conferred_on"])
        return self._record(self.TitleConferred, meta, fields["conferred_on"], record, limits, **fields)

    def designate_backbone(self, *, designation_id: str, level: str, cycle_start: date | str,
                           cycle_end: date | str | None, meta: Meta, limits: Limits = DEFAULT_LIMITS) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        start = c.date("cycle_start", cycle_start)
        fields = {"designation_id": c.ident("designation_id", designation_id),
                  "level": c.enum("level", BackboneLevel, level), "cycle_start": start,
                  "cycle_end": c.date("cycle_end", cycle_end, required=False) or (start and cycle_end_of(start))}
        c.done()
        key = f"record:{designation_id}"
        if (o := self._replay(self.BackboneDesignated, key, meta, start, fields, ("backbone", designation_id))):
            return o
        self._ensure_active()
        record = Backbone(record_id=designation_id, level=fields["level"], cycle_start=start,
                          cycle_end=fields["cycle_end"])
        return self._record(self.BackboneDesignated, meta, start, record, limits, **fields)

    def revoke_backbone(self, *, designation_id: str, revoked_on: date | str, meta: Meta,
                        limits: Limits = DEFAULT_LIMITS) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        fields = {"designation_id": c.ident("designation_id", designation_id),
                  "revoked_on": c.date("revoked_on", revoked_on)}
        c.done()
        key = f"revocation:{designation_id}"
        if (o := self._replay(self.BackboneRevoked, key, meta, fields["revoked_on"], fields, ("backbone", designation_id))):
            return o
        self._ensure_active()
        designation: Backbone = self._existing(designation_id, Backbone)
        if designation.revoked_on is not None:
            raise ConflictError(f"designation '{designation_id}' was already revoked on {designation.revoked_on}")
        record = designation.replace(revoked_on=fields["revoked_on"])
        return self._record(self.BackboneRevoked, meta, fields["revoked_on"], record, limits, **fields)

    # ------------------------------------------------------------------ evaluations
    def record_evaluation(self, *, evaluation_id: str, school_year: int, grade: str, school_id: str,
                          meta: Meta, limits: Limits = DEFAULT_LIMITS) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        fields = {"evaluation_id": c.ident("evaluation_id", evaluation_id),
                  "school_year": c.integer("school_year", school_year, lo=1950, hi=2199),
                  "grade": c.enum("grade", EvaluationGrade, grade),
                  "school_id": c.ident("school_id", school_id)}
        c.done()
        record = Evaluation(record_id=evaluation_id, school_year=fields["school_year"],
                            grade=fields["grade"], school_id=fields["school_id"])
        key = f"record:{evaluation_id}"
        if (o := self._replay(self.EvaluationRecorded, key, meta, record.effective_date, fields, ("evaluation", evaluation_id))):
            return o
        self._ensure_active()
        return self._record(self.EvaluationRecorded, meta, record.effective_date, record, limits, **fields)


    # ------------------------------------------------------------------ exemptions
    def grant_exemption(
        self,
        *,
        exemption_id: str,
        category: str,
        start_date: date | str,
        end_date: date | str | None = None,
        child_birth_date: date | str | None = None,
        evidence_ref: str | None = None,
        spouse_teacher_id: str | None = None,
        meta: Meta,
        limits: Limits = DEFAULT_LIMITS,
    ) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        fields = {
            "exemption_id": c.ident("exemption_id", exemption_id),
            "category": c.enum("category", ExemptionCategory, category),
            "start_date": c.date("start_date", start_date),
            "end_date": c.date("end_date", end_date, required=False),
            "child_birth_date": c.date("child_birth_date", child_birth_date, required=False),
            "evidence_ref": c.text("evidence_ref", evidence_ref, required=False),
            "spouse_teacher_id": c.ident("spouse_teacher_id", spouse_teacher_id) if spouse_teacher_id else None,
        }
        c.done()
        key = f"record:{exemption_id}"
        if (o := self._replay(self.ExemptionGranted, key, meta, fields["start_date"], fields, ("exemption", exemption_id))):
            return o
        self._ensure_active()
        record = Exemption(record_id=exemption_id, **{k: v for k, v in fields.items() if k != "exemption_id"})
        meta = meta.with_clauses(fields["category"].clause)
        return self._record(self.ExemptionGranted, meta, fields["start_date"], record, limits, **fields)

    def end_exemption(self, *, exemption_id: str, ended_on: date | str, meta: Meta,
                      limits: Limits = DEFAULT_LIMITS) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        fields = {"exemption_id": c.ident("exemption_id", exemption_id), "ended_on": c.date("ended_on", ended_on)}
        c.done()
        key = f"exemption-end:{exemption_id}"
        if (o := self._replay(self.ExemptionEnded, key, meta, fields["ended_on"], fields, ("exemption", exemption_id))):
            return o
        self._ensure_active()
        exemption: Exemption = self._existing(exemption_id, Exemption)
        last = exemption.last_day
        if exemption.ended_on is not None or (last is not None and last < fields["ended_on"]):
            raise ConflictError(f"exemption '{exemption_id}' already ended on {last}")
        record = exemption.replace(ended_on=fields["ended_on"])
        meta = meta.with_clauses(exemption.category.clause)
        return self._record(self.ExemptionEnded, meta, fields["ended_on"], record, limits, **fields)

    # ------------------------------------------------------------------ awards and departure
    def grant_award(self, *, award_id: str, kind: str, awarded_on: date | str, posting_id: str | None = None,
                    amount_cny: Decimal | str | int | None = None, meta: Meta,
                    limits: Limits = DEFAULT_LIMITS) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        fields = {
            "award_id": c.ident("award_id", award_id),
            "kind": c.enum("kind", AwardKind, kind),
            "awarded_on": c.date("awarded_on", awarded_on),
            "posting_id": c.ident("posting_id", posting_id) if posting_id is not None else None,
            "amount_cny": c.amount("amount_cny", amount_cny, required=False),
        }
        c.done()
        key = f"record:{award_id}"
        if (o := self._replay(self.AwardGranted, key, meta, fields["awarded_on"], fields, ("award", award_id))):
            return o
        self._ensure_active()
        record = Award(record_id=award_id, **{k: v for k, v in fields.items() if k != "award_id"})
        return self._record(self.AwardGranted, meta, fields["awarded_on"], record, limits, **fields)

    def depart(self, *, departed_on: date | str, kind: str, meta: Meta, departure_id: str | None = None,
               limits: Limits = DEFAULT_LIMITS) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        on = c.date("departed_on", departed_on)
        fields = {"departure_id": c.ident("departure_id", departure_id or f"departure-{on}"),
                  "departed_on": on, "kind": c.enum("kind", DepartureKind, kind)}
        c.done()
        key = f"record:{fields['departure_id']}"
        if (o := self._replay(self.TeacherDeparted, key, meta, on, fields, ("departure", fields["departure_id"]))):
            return o
        self._ensure_active()
        record = Departure(record_id=fields["departure_id"], departed_on=on, kind=fields["kind"])
        return self._record(self.TeacherDeparted, meta, on, record, limits, **fields)

    # ------------------------------------------------------------------ corrections (RULES.md §4)
    def void(self, *, correction_id: str, target_id: str, meta: Meta, effective_date: date | str | None = None,
             limits: Limits = DEFAULT_LIMITS) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        fields = {"correction_id": c.ident("correction_id", correction_id), "target_id": c.ident("target_id", target_id)}
        effective = c.date("effective_date", effective_date, required=False) or china_today(meta.recorded_at)
        c.done()
        key = f"record:{correction_id}"
        if (o := self._replay(self.RecordVoided, key, meta, effective, fields, ("correction", correction_id),
                              effective_date is not None)):
            return o
        correction, effects = corrections.void(self.dossier, correction_id, target_id, effective)
        return self._correct(self.RecordVoided, meta, effective, correction, effects, limits, **fields)

    def amend(self, *, correction_id: str, target_id: str, changes: dict[str, Any], meta: Meta,
              effective_date: date | str | None = None, limits: Limits = DEFAULT_LIMITS) -> Outcome:
        c = Checks()
        meta = meta.check(c)
        fields = {"correction_id": c.ident("correction_id", correction_id), "target_id": c.ident("target_id", target_id),
                  "changes": changes if isinstance(changes, dict) else None}
        if fields["changes"] is None:
            c.fail("changes", "must be an object of field: new value")
        effective = c.date("effective_date", effective_date, required=False) or china_today(meta.recorded_at)
        c.done()
        key = f"record:{correction_id}"
        if (o := self._replay(self.RecordAmended, key, meta, effective, fields, ("correction", correction_id),
                              effective_date is not None)):
            return o
        correction, effects = corrections.amend(self.dossier, correction_id, target_id, changes, effective)
        return self._correct(self.RecordAmended, meta, effective, correction, effects, limits, **fields)

    def _correct(self, event_class: type[Any], meta: Meta, effective: date, correction: Correction,
                 effects: list[Record], limits: Limits, **fields: Any) -> Outcome:
        candidate = self.dossier.with_records(correction, *effects)
        candidate.check([r.record_id for r in effects], limits)
        self.emit(event_class, meta, effective, record=correction.to_dict(),
                  effects=[r.to_dict() for r in effects], **fields)
        return Outcome(RecordType.CORRECTION.value, correction.record_id, self.version)


