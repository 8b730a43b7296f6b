"""Reads served from the views: teachers, history (as of a day, as known at a moment), schools,
rosters, assignments and the audit trail — each seeing the caller's own writes at once.

Read-your-writes is per key: the reads below use the key that wrote (roles are tested in
test_access); a client reading with another key names the position it needs.
"""

from __future__ import annotations

from tests.api.bodies import POSTING, body, seed

STALE = "X-Ledger-Stale"


def test_a_read_right_after_a_write_sees_it(api):
    seed(api)
    for n in range(5):
        posted = api.post("/v1/teachers/T-001/awards", body({"award_id": f"A-{n}", "kind": "honour",
                                                             "date": "2021-06-30"}))
        assert posted.status_code == 201
        trail = api.get("/v1/teachers/T-001/audit?limit=500")
        assert STALE not in trail.headers
        assert trail.json()["items"][-1]["position"] == posted.json()["position"]
    api.post("/v1/teachers/T-001/postings", body(POSTING))
    teacher = api.get("/v1/teachers/T-001?as_of=2021-01-01")
    assert teacher.json()["status"] == "on_posting" and teacher.json()["serving_school_ids"] == ["S-VILLAGE"]


def test_another_client_can_name_the_position_it_needs(api, monkeypatch):
    seed(api)
    written = api.post("/v1/teachers/T-001/postings", body(POSTING)).json()["position"]
    seen = api.get("/v1/teachers/T-001/history", role="hr", headers={"X-Ledger-Min-Position": str(written)})
    assert seen.status_code == 200 and STALE not in seen.headers
    assert seen.json()["entries"][-1]["record_id"] == "P-1"

    view = api.runtime.read_model
    asked: list[tuple[int, float]] = []

    def lagging(position: int, timeout: float) -> bool:
        asked.append((position, timeout))
        return False  # the views did not get there in time

    monkeypatch.setattr(view, "wait_for", lagging)
    api.runtime.settings.read_your_writes_timeout = 0.25
    assert STALE not in api.get("/v1/teachers/T-001").headers and asked == []  # known to be there: no wait
    later = api.post("/v1/teachers/T-001/awards", body({"award_id": "A-1", "kind": "honour", "date": "2021-06-30"}))
    stale = api.get("/v1/teachers/T-001")
    assert stale.status_code == 200 and stale.headers[STALE] == "true"
    assert asked == [(later.json()["position"], 0.25)]  # the key's last write, bounded by the setting
    api.get("/v1/teachers/T-001", role="hr", headers={"X-Ledger-Min-Position": str(written + 10_000)})
    assert asked[-1] == (later.json()["position"], 0.25)  # a position not recorded yet: capped at the last one
    assert STALE not in api.get("/v1/teachers/T-001", role="auditor").headers  # nothing written: no wait
    assert len(asked) == 2
    assert api.get("/v1/teachers/T-001", headers={"X-Ledger-Min-Position": "-1"}).status_code == 422


def test_a_teacher_on_a_day(api):
    seed(api, posting=True)
    api.post("/v1/teachers/T-001/exemptions", body({"exemption_id": "E-1", "category": "family_misfortune", "approved_by": "county_bureau", "approval_ref": "县教发〔2019〕3号",
                                                    "start_date": "2023-01-01", "end_date": "2023-12-31"}))
    before = api.get("/v1/teachers/T-001?as_of=2020-08-31").json()
    assert before["status"] == "at_home" and before["serving_school_ids"] == ["S-URBAN"]
    assert before["home_school_id"] == "S-URBAN" and before["active_exemption"] is None
    during = api.get("/v1/teachers/T-001?as_of=2021-03-01").json()
    assert during["status"] == "on_posting" and during["posting_id"] == "P-1"
    assert during["serving_school_ids"] == ["S-VILLAGE"] and during["home_school_id"] == "S-URBAN"
    exempt = api.get("/v1/teachers/T-001?as_of=2023-06-01").json()
    assert exempt["active_exemption"]["record_id"] == "E-1" and exempt["as_of"] == "2023-06-01"
    assert api.get("/v1/teachers/T-404").status_code == 404
    assert api.get("/v1/teachers/T-001?as_of=2023-02-30").status_code == 422


def test_teachers_are_filtered_and_paged(api):
    seed(api)
    for n in range(2, 6):
        api.post("/v1/teachers", body({"teacher_id": f"T-00{n}", "name": f"王老师{n}", "gender": "male",
                                       "birth_date": "1980-01-01", "role": "teacher", "home_school_id": "S-VILLAGE",
                                       "at_home_school_since": "2010-09-01"}))
    seen, cursor = [], None
    while True:
        page = api.get("/v1/teachers", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        seen += [t["teacher_id"] for t in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ["T-001", "T-002", "T-003", "T-004", "T-005"]
    at_village = api.get("/v1/teachers?school_id=S-VILLAGE&limit=50").json()["items"]
    assert [t["teacher_id"] for t in at_village] == ["T-002", "T-003", "T-004", "T-005"]
    assert [t["teacher_id"] for t in api.get("/v1/teachers?q=李").json()["items"]] == ["T-001"]
    assert [t["teacher_id"] for t in api.get("/v1/teachers?q=t-003").json()["items"]] == ["T-003"]
    assert api.get("/v1/teachers?status=at_home").json()["items"][0]["status"] == "at_home"
    bad = api.get("/v1/teachers?status=asleep&cursor=!!&limit=0")
    assert bad.status_code == 422 and {e["field"] for e in bad.json()["errors"]} == {"status", "cursor", "limit"}
    assert api.get("/v1/teachers?cursor=bm90LWEtY3Vyc29y").status_code == 422


def test_history_as_of_a_day_and_as_known_at_a_moment(api, clock):
    seed(api, posting=True)
    before_correction = clock.now.isoformat()
    clock.advance(days=1)
    voided = api.post("/v1/teachers/T-001/corrections", body({"correction_id": "C-1", "target_id": "P-1",
                                                              "action": "void"}))
    assert voided.status_code == 201
    now = api.get("/v1/teachers/T-001/history").json()
    posting = next(e for e in now["entries"] if e["record_id"] == "P-1")
    assert posting["voided"] is True and posting["voided_by"] == "C-1"
    assert all(p["posting_id"] is None for p in now["periods"])
    then = api.get("/v1/teachers/T-001/history", params={"known_at": before_correction}).json()
    posting = next(e for e in then["entries"] if e["record_id"] == "P-1")
    assert posting["voided"] is False and then["known_at"] is not None
    assert any(p["posting_id"] == "P-1" for p in then["periods"])
    early = api.get("/v1/teachers/T-001/history?as_of=2019-12-31").json()
    assert {e["record_type"] for e in early["entries"]} <= {"teacher", "title", "backbone"}
    assert api.get("/v1/teachers/T-001/history?known_at=yesterday").status_code == 422
    assert api.get("/v1/teachers/T-404/history").status_code == 404


def test_schools_rosters_and_assignments(api):
    seed(api, posting=True)
    schools = api.get("/v1/schools?limit=2").json()
    assert [s["school_id"] for s in schools["items"]] == ["S-POINT", "S-URBAN"] and schools["next_cursor"]
    rest = api.get(f"/v1/schools?limit=2&cursor={schools['next_cursor']}").json()
    assert [s["school_id"] for s in rest["items"]] == ["S-VILLAGE"] and rest["next_cursor"] is None
    api.post("/v1/schools/S-VILLAGE/reclassifications",
             body({"effective_date": "2024-09-01", "changes": {"tier": "ordinary"}}))
    village = api.get("/v1/schools/S-VILLAGE?as_of=2021-01-01").json()
    assert village["classification"]["tier"] == "weak" and len(village["timeline"]) == 2
    assert api.get("/v1/schools/S-VILLAGE").json()["classification"]["tier"] == "ordinary"

    roster = api.get("/v1/schools/S-VILLAGE/roster?as_of=2021-01-01").json()
    assert [m["teacher_id"] for m in roster["hosted"]] == ["T-001"] and roster["home_staff"] == []
    away = api.get("/v1/schools/S-URBAN/roster?as_of=2021-01-01").json()["home_staff_away"]
    assert [(m["teacher_id"], m["serving_school_ids"]) for m in away] == [("T-001", ["S-VILLAGE"])]
    assert api.get("/v1/schools/S-NOWHERE/roster").status_code == 404
    assert api.get("/v1/schools/S-NOWHERE").status_code == 404

    serving = api.get("/v1/assignments?as_of=2021-01-01&district=城关学区").json()["items"]
    assert [(a["teacher_id"], a["serving_school_ids"]) for a in serving] == [("T-001", ["S-VILLAGE"])]
    assert api.get("/v1/assignments?as_of=2021-01-01&school_id=S-POINT").json()["items"] == []


def test_the_audit_trail_says_who_when_why(api):
    seed(api, posting=True)
    trail = api.get("/v1/teachers/T-001/audit").json()["items"]
    assert [e["type"] for e in trail] == ["TeacherRegistered", "PostingRecorded"]
    posting = trail[-1]
    assert posting["actor"] == "test-admin" and posting["document_ref"] == "县教发〔2026〕12号"
    assert "R-T-TENURE" in posting["policy_clauses"] and len(posting["link"]) == 64
    assert posting["subject_id"] == "T-001"
    keys = api.get("/v1/audit?event_type=KeyIssued").json()["items"]
    assert {e["payload"]["name"] for e in keys} == {"test-admin", "test-auditor", "test-hr"}
    assert all("key_hash" not in e["payload"] for e in keys)
    page = api.get("/v1/audit?limit=2").json()
    assert len(page["items"]) == 2 and page["next_cursor"] == str(page["items"][-1]["position"])
    assert api.get("/v1/teachers/T-404/audit").status_code == 404
