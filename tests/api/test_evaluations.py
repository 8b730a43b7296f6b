"""Evaluation scores over HTTP: a score is recorded with an evaluation (422 outside 0–100), and a
school's evaluations of a year come back ranked with the stated tie-break and the below-the-middle
mark (R-POST-SUPERVISORY), on both backends."""

from __future__ import annotations

from tests.api.bodies import TEACHER, body, seed


def evaluate(api, teacher_id: str, grade: str, score: object, school: str = "S-URBAN"):
    return api.post(f"/v1/teachers/{teacher_id}/evaluations", body(
        {"evaluation_id": f"V-{teacher_id}", "school_year": 2025, "grade": grade, "school_id": school,
         "score": score}))


def test_scores_rank_a_schools_evaluations(api):
    seed(api)
    for tid in ("T-002", "T-003"):
        assert api.post("/v1/teachers", body({**TEACHER, "teacher_id": tid})).status_code == 201
    written = evaluate(api, "T-001", "qualified", 82)
    assert written.status_code == 201 and written.json()["record"]["score"] == "82"
    assert evaluate(api, "T-002", "excellent", "82.00").status_code == 201
    assert evaluate(api, "T-003", "basically_qualified", None).status_code == 201
    ranking = api.get("/v1/schools/S-URBAN/evaluations?school_year=2025").json()
    assert [(r["teacher_id"], r["rank"], r["tied"], r["below_middle"]) for r in ranking["rows"]] == [
        ("T-002", 1, True, False), ("T-001", 2, True, False), ("T-003", None, False, True)]
    assert ranking["median"] == "82" and ranking["below_middle_rule"] == "grades"
    assert ranking["profile"]["source"] == "default" and "highest first" in ranking["tie_break"]
    assert api.get("/v1/schools/S-NONE/evaluations?school_year=2025").status_code == 404
    assert api.get("/v1/schools/S-URBAN/evaluations").status_code == 422


def test_a_score_out_of_range_is_422_naming_the_field(api):
    seed(api)
    for score in (101, -0.5, 12.345, "many"):
        answer = evaluate(api, "T-001", "qualified", score)
        assert answer.status_code == 422, score
        assert any(e["field"] == "score" for e in answer.json()["errors"]), answer.json()


def test_the_title_priority_ranking_over_http_and_as_a_file(api):
    seed(api)
    api.post("/v1/teachers", body({**TEACHER, "teacher_id": "T-002"}))
    assert evaluate(api, "T-002", "excellent", 91).status_code == 201
    found = api.get("/v1/reports/title-priority?school_year=2026").json()
    assert [r["teacher_id"] for r in found["rows"]] == ["T-002", "T-001"]
    assert found["evaluation_year"] == 2025 and found["rows"][0]["clause"] == "R-INCENTIVE-PRIORITY"
    one = api.get("/v1/reports/title-priority?school_year=2026&teacher_id=T-001").json()
    assert [r["teacher_id"] for r in one["rows"]] == ["T-001"]
    assert api.get("/v1/reports/title-priority?school_year=2026&teacher_id=T-404").status_code == 404
    sheet = api.get("/v1/reports/title-priority?school_year=2026&format=csv")
    assert sheet.status_code == 200 and "T-002" in sheet.text
