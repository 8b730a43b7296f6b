"""The administrators' forms on each real backend (SQLite, PostgreSQL): every write recorded through
the same use case as the API, with the envelope the form gave; a refusal shows each error beside
its field, in the page's language, and keeps everything typed."""

from __future__ import annotations

import re
from typing import Any

import pytest

from api.ui.form_specs import FORMS
from api.ui.web import just_before
from tests.api.test_ui_parts import Html, caught_up, county, csrf_of, sign_in
from tests.support import BY
from ledger.domain.commands import EndPosting


def submit(api: Any, form: str, fields: dict[str, Any], teacher_id: str = "T-001", **headers: str) -> Any:
    page = api.client.get(f"/ui/teachers/{teacher_id}/forms/{form}")
    assert page.status_code == 200
    data = {"csrf": csrf_of(page.text), "reason": "台账测试 console test", **fields}
    return api.client.post(f"/ui/teachers/{teacher_id}/forms/{form}", data=data, headers=headers,
                           follow_redirects=False)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_form_labels_every_field(sqlite_api: Any, form: str) -> None:
    county(sqlite_api)
    sign_in(sqlite_api)
    page = Html(sqlite_api.client.get(f"/ui/teachers/T-001/forms/{form}").text)
    assert page.controls, form
    assert set(page.controls) <= page.label_for, f"{form}: unlabelled {set(page.controls) - page.label_for}"
    assert {f.name for f in FORMS[form].fields} <= set(page.controls)


def test_a_posting_recorded_through_the_form_carries_the_forms_envelope(api: Any) -> None:
    county(api)
    api.runtime.ledger.execute("T-001", EndPosting(posting_id="P-1", ended_on="2022-08-31"), by=BY)
    caught_up(api)
    sign_in(api)
    page = Html(api.client.get("/ui/teachers/T-001/forms/posting").text)
    suggested = page.value("posting_id")
    assert suggested == "P-3"  # the teacher holds a title and P-1
    answer = submit(api, "posting", {
        "posting_id": suggested, "kind": "itinerant", "host_school_ids": ["S-VILLAGE", "S-POINT"],
        "start_date": "2023-09-01", "planned_end_date": "2024-08-31", "policy_clauses": ["R-T-TENURE", "R-Q-SCHOOL"],
        "document_ref": "县教发〔2023〕8号"}, **{"X-Request-ID": "ui-test-0001"})
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/ui/teachers/T-001#rec-{suggested}"
    dossier = api.runtime.ledger.get_teacher("T-001").dossier
    assert dossier.get(suggested).host_school_ids == ("S-VILLAGE", "S-POINT")
    recorded = [
        e for e in api.client.get("/v1/teachers/T-001/history", headers=api.headers("admin")).json()["entries"]
        if e["record_id"] == suggested]
    assert recorded[0]["actor"] == "test-admin"
    assert recorded[0]["correlation_id"] == "ui-test-0001"
    assert recorded[0]["document_ref"] == "县教发〔2023〕8号"
    assert set(recorded[0]["policy_clauses"]) >= {"R-T-TENURE", "R-Q-SCHOOL"}
    # the page that follows already shows it (the write waited for the views)
    shown = api.client.get("/ui/teachers/T-001")
    assert "已记录" in shown.text and f'data-record="{suggested}"' in shown.text
    assert shown.text.count('class="bar itinerant"') == 2
    assert "已记录" not in api.client.get("/ui/teachers/T-001").text  # said once


def test_every_write_of_a_teachers_year_goes_through_its_form(api: Any) -> None:
    county(api)
    sign_in(api)
    ledger = api.runtime.ledger
    steps = [
        ("report", {"posting_id": "P-1", "reported_on": "2020-09-02"}),
        ("extension", {"posting_id": "P-1", "new_end_date": "2022-12-31", "effective_date": "2022-06-01"}),
        ("return", {"posting_id": "P-1", "ended_on": "2022-12-31"}),
        ("exemption", {"exemption_id": "E-1", "category": "illness", "start_date": "2023-01-01",
                       "end_date": "2023-06-30", "evidence_ref": "县医院证明 2023-001", "approved_by": "county_bureau",
                       "approval_ref": "县教发〔2023〕2号"}),
        ("award", {"award_id": "A-1", "kind": "subsidy", "awarded_on": "2021-09-01", "posting_id": "P-1",
                   "amount_cny": "20000.00"}),
        ("evaluation", {"evaluation_id": "EV-1", "school_year": "2021", "grade": "excellent", "school_id": "S-VILLAGE"}),
        ("title", {"title": "senior", "conferred_on": "2024-09-01"}),
        ("backbone", {"level": "county", "cycle_start": "2024-09-01"}),
        ("refusal", {}),  # nothing open to refuse: checked below
        ("correction", {"correction_id": "C-1", "target_id": "A-1", "action": "amend",
                        "change_field_1": "amount_cny", "change_value_1": "18000.00"}),
        ("departure", {"departed_on": "2026-07-31", "kind": "retired"}),
    ]
    for form, fields in steps:
        if form == "refusal":
            continue
        answer = submit(api, form, fields)
        assert answer.status_code == 303, (form, Html(answer.text).text[:600])
    dossier = ledger.get_teacher("T-001").dossier
    p1 = dossier.get("P-1")
    assert (str(p1.reported_on), str(p1.ended_on)) == ("2020-09-02", "2022-12-31")
    assert str(dossier.get("A-1").amount_cny) == "18000.00"
    assert dossier.get("EV-1").grade.value == "excellent"
    assert "title:senior:2024-09-01" in dossier.records and "backbone:county:2024-09-01" in dossier.records
    assert str(dossier.departure.departed_on) == "2026-07-31"
    # the amendment shows before and after on the teacher's page
    page = api.client.get("/ui/teachers/T-001").text
    assert "<del>20000.00</del>" in page and "<ins>18000.00</ins>" in page
    # with no open posting left, the posting pickers offer nothing
    picker = Html(api.client.get("/ui/teachers/T-001/forms/refusal").text)
    assert picker.text_of("posting_id") == "— 请选择 —"


def test_a_refusal_shows_each_error_beside_its_field_and_keeps_what_was_typed(api: Any) -> None:
    county(api)
    sign_in(api)
    answer = submit(api, "exemption", {"exemption_id": "E-9", "category": "child_under_3", "start_date": "2024-02-30",
                                       "end_date": "", "evidence_ref": "出生证明", "reason": "",
                                       "document_ref": "县教发〔2024〕3号", "policy_clauses": ["R-EX-CHILD"]})
    assert answer.status_code == 422
    page = Html(answer.text)
    assert page.text_of("start_date-error") == "“2024-02-30”不是日期（YYYY-MM-DD）"
    assert page.text_of("reason-error") == "必须填写"
    assert page.ids["start_date"]["aria-invalid"] == "true"
    assert page.ids["start_date"]["aria-describedby"] == "start_date-error"
    assert (page.value("exemption_id"), page.value("start_date"), page.value("evidence_ref"),
            page.value("document_ref")) == ("E-9", "2024-02-30", "出生证明", "县教发〔2024〕3号")
    assert 'value="child_under_3" selected' in answer.text
    assert "checked" in page.ids["clause-R-EX-CHILD"]
    assert "E-9" not in api.runtime.ledger.get_teacher("T-001").dossier.records
    english = api.client.post("/ui/teachers/T-001/forms/exemption?lang=en", data={
        "csrf": csrf_of(answer.text), "exemption_id": "E-9", "category": "child_under_3", "start_date": "2024-03-01",
        "reason": "child born 2023", "approved_by": "school", "approval_ref": "校发〔2024〕2号"})
    assert english.status_code == 422
    assert Html(english.text).text_of("child_birth_date-error") == "is required (R-EX-CHILD)"


def test_a_broken_rule_names_its_clause_and_links_the_rule(api: Any) -> None:
    county(api)
    sign_in(api)
    answer = submit(api, "posting", {"posting_id": "P-9", "kind": "support_teaching", "host_school_ids": ["S-POINT"],
                                     "start_date": "2021-09-01"})
    assert answer.status_code == 409
    page = Html(answer.text)
    assert 'href="/ui/rules#R-POST-ONE"' in answer.text and "同一时间只有一次交流" in page.text_of("form-errors")
    assert "重叠" in page.text_of("start_date-error")
    assert page.value("start_date") == "2021-09-01" and 'value="S-POINT" selected' in answer.text
    unknown = submit(api, "exemption", {"exemption_id": "E-2", "category": "couple", "start_date": "2024-09-01",
                                        "spouse_teacher_id": "T-404", "approved_by": "school",
                                        "approval_ref": "校发〔2024〕1号"})
    assert unknown.status_code == 404 and "教师“T-404”未登记" in Html(unknown.text).text


def test_repeating_a_write_replays_it(api: Any) -> None:
    county(api)
    sign_in(api)
    fields = {"posting_id": "P-1", "reported_on": "2020-09-03"}
    assert submit(api, "report", fields).status_code == 303
    api.client.get("/ui/teachers/T-001")  # the flash is shown once
    assert submit(api, "report", fields).status_code == 303
    assert "与已记录的内容相同" in api.client.get("/ui/teachers/T-001").text
    refused = submit(api, "report", {"posting_id": "P-1", "reported_on": "2020-09-04"})
    assert refused.status_code == 409


def test_voiding_through_the_form_strikes_the_record_through_and_time_travel_shows_it_before(api: Any) -> None:
    county(api)
    sign_in(api)
    assert submit(api, "correction", {"correction_id": "C-7", "target_id": "P-1", "action": "void"}).status_code == 303
    page = Html(api.client.get("/ui/teachers/T-001").text)
    assert "voided" in page.ids["rec-P-1"]["class"]
    assert "作废依据 C-7" in page.text_of("rec-P-1")
    voided_at = re.search(r'id="rec-C-7".*?<time datetime="([^"]+)"', api.client.get("/ui/teachers/T-001").text, re.S)
    assert voided_at
    before = api.client.get("/ui/teachers/T-001", params={"known_at": just_before(voided_at.group(1))})
    earlier = Html(before.text)
    assert "voided" not in earlier.ids["rec-P-1"]["class"] and "rec-C-7" not in earlier.ids
    assert before.text.count('class="bar hosted"') == 1
    assert api.client.get("/ui/teachers/T-001").text.count('class="bar hosted"') == 0
