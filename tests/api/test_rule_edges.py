"""What a client sees of the rules at their edges (issue 16), on both backends: status codes,
clauses and notices for a late report, a supervisory exchange that continues, an amendment into
an exemption, the R-Q-LEADERS warning and its replay, and an exemption's approver."""

from __future__ import annotations

from tests.api.bodies import POSTING, TEACHER, body, seed

EXEMPTION = {"exemption_id": "E-1", "category": "family_misfortune", "start_date": "2023-01-01",
             "end_date": "2023-12-31"}


def test_a_late_report_warns_and_a_report_after_day_14_is_409(api):
    seed(api, posting=True)  # P-1 starts 2020-09-01
    late = api.post("/v1/teachers/T-001/postings/P-1/reports", body({"date": "2020-09-09"}))
    assert late.status_code == 201 and [n["clause"] for n in late.json()["notices"]] == ["R-POST-REPORT"]
    again = api.post("/v1/teachers/T-001/postings/P-1/reports", body({"date": "2020-09-09"}))
    assert again.status_code == 200 and again.json()["notices"] == late.json()["notices"]
    api.post("/v1/teachers/T-001/postings/P-1/returns", body({"date": "2022-08-31"}))
    api.post("/v1/teachers/T-001/postings", body({**POSTING, "posting_id": "P-2", "start_date": "2023-09-01",
                                                  "planned_end_date": "2024-08-31"}))
    refused = api.post("/v1/teachers/T-001/postings/P-2/reports", body({"date": "2023-09-16"}),
                       headers={"Accept-Language": "zh-CN"})
    assert refused.status_code == 409 and refused.json()["clause"] == "R-POST-REPORT"
    assert "登记未到岗" in refused.json()["detail"]


def test_returning_a_supervisory_exchange_below_the_middle_is_409(api):
    seed(api)
    api.post("/v1/teachers/T-001/postings", body({**POSTING, "kind": "supervisory_exchange",
                                                  "start_date": "2024-09-01", "planned_end_date": "2025-08-31"}))
    api.post("/v1/teachers/T-001/evaluations", body({"evaluation_id": "V-1", "school_year": 2024,
                                                     "grade": "unqualified", "school_id": "S-VILLAGE"}))
    refused = api.post("/v1/teachers/T-001/postings/P-1/returns", body({"date": "2025-08-31"}))
    assert refused.status_code == 409 and refused.json()["clause"] == "R-POST-SUPERVISORY"


def test_an_amendment_into_an_exemption_is_409_without_the_override(api):
    seed(api, posting=True)
    api.post("/v1/teachers/T-001/postings/P-1/returns", body({"date": "2022-08-31"}))
    api.post("/v1/teachers/T-001/exemptions", body({**EXEMPTION, "approved_by": "school", "approval_ref": "校发1号"}))
    amend = {"action": "amend", "correction_id": "C-1", "target_id": "P-1",
             "changes": {"start_date": "2023-03-01", "planned_end_date": "2024-02-28", "ended_on": None}}
    refused = api.post("/v1/teachers/T-001/corrections", body(amend))
    assert refused.status_code == 409 and refused.json()["clause"] == "R-POST-EXEMPT"
    assert api.post("/v1/teachers/T-001/corrections", body({**amend, "override_exemption": True})).status_code == 201


def test_the_leaders_warning_is_answered_at_the_write_and_on_its_replay(api):
    seed(api, teacher=False)
    for tid, role in (("T-P", "principal"), ("T-S", "party_secretary")):
        api.post("/v1/teachers", body({**TEACHER, "teacher_id": tid, "role": role, "backbone": None}))
    for tid in ("T-P", "T-S"):
        answer = api.post(f"/v1/teachers/{tid}/postings", body({**POSTING, "posting_id": f"P-{tid}",
                                                                "start_date": "2026-09-01",
                                                                "planned_end_date": "2027-08-31"}))
        assert answer.status_code == 201
    assert {n["clause"] for n in answer.json()["notices"]} == {"R-Q-LEADERS"}
    replay = api.post("/v1/teachers/T-S/postings", body({**POSTING, "posting_id": "P-T-S", "start_date": "2026-09-01",
                                                         "planned_end_date": "2027-08-31"}))
    assert replay.status_code == 200 and replay.json()["notices"] == answer.json()["notices"]


def test_a_new_exemption_without_its_approver_is_422(api):
    seed(api)
    missing = api.post("/v1/teachers/T-001/exemptions", body(EXEMPTION))
    assert missing.status_code == 422
    assert {e["field"] for e in missing.json()["errors"]} >= {"approved_by", "approval_ref"}
    granted = api.post("/v1/teachers/T-001/exemptions", body({**EXEMPTION, "approved_by": "township_office",
                                                              "approval_ref": "乡教办〔2023〕1号"}))
    assert granted.status_code == 201 and granted.json()["record"]["approved_by"] == "township_office"


def test_known_at_answers_the_due_list_and_the_quota_report_as_they_stood(api, clock):
    seed(api)
    before = clock.advance(hours=1).isoformat()
    clock.advance(hours=1)
    api.post("/v1/teachers/T-001/postings", body({**POSTING, "posting_id": "P-9", "start_date": "2026-09-01",
                                                  "planned_end_date": "2027-08-31"}))
    then = api.get(f"/v1/rotation/due?school_year=2026&known_at={before.replace('+', '%2B')}").json()
    now = api.get("/v1/rotation/due?school_year=2026").json()
    assert then["known_at"] and now["known_at"] is None
    assert (then["rows"][0]["status"], now["rows"][0]["status"]) == ("must", "on_posting")
    quotas = api.get(f"/v1/reports/quotas?school_year=2026&known_at={before.replace('+', '%2B')}").json()
    assert next(c for c in quotas["county"]["checks"] if c["clause"] == "R-Q-COUNTY")["numerator"] == 0
    assert api.get("/v1/rotation/due?school_year=2026&known_at=soon").status_code == 422
    csv = api.get(f"/v1/rotation/due?school_year=2026&format=csv&known_at={before.replace('+', '%2B')}")
    assert csv.status_code == 200 and "T-001" in csv.text


def test_grades_and_backbone_assessments_over_http(api):
    seed(api)  # T-001 holds a county backbone designation from 2019-09-01
    assert api.post("/v1/teachers", body({**TEACHER, "teacher_id": "T-P", "role": "principal",
                                          "backbone": None})).status_code == 201
    conferred = api.post("/v1/teachers/T-P/grades", body({"grade": "second", "step": 1, "conferred_on": "2020-09-01"}))
    assert conferred.status_code == 201 and conferred.json()["record_id"] == "grade:second:1:2020-09-01"
    first = api.post("/v1/teachers/T-P/grades", body({"grade": "first", "conferred_on": "2021-09-01"}))
    assert first.status_code == 409 and first.json()["clause"] == "R-LEADER-RURAL"
    revoked = api.post("/v1/teachers/T-P/grades/grade:second:1:2020-09-01/revocations", body({"date": "2022-01-01"}))
    assert revoked.status_code == 201 and revoked.json()["record"]["revoked_on"] == "2022-01-01"
    assert api.post("/v1/teachers/T-001/grades", body({"grade": "third", "conferred_on": "2020-09-01"})
                    ).status_code == 409  # a teacher is not graded as a principal
    designation = api.get("/v1/teachers/T-001/history").json()
    backbone_id = next(e["record_id"] for e in designation["entries"] if e["record_type"] == "backbone")
    assessed = api.post(f"/v1/teachers/T-001/backbone/{backbone_id}/assessments",
                        body({"year": 2020, "result": "unqualified", "date": "2020-12-31"}))
    assert assessed.status_code == 201 and assessed.json()["record"]["revoked_on"] == "2020-12-31"
    assert api.post(f"/v1/teachers/T-001/backbone/{backbone_id}/assessments",
                    body({"year": 2020, "result": "unqualified", "date": "2020-12-31"})).status_code == 200
