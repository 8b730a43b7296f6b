"""Every write path: 201 with the record, its event id and ledger position; an identical repeat 200
with the original; the same id with other content 409; and every error status as a problem."""

from __future__ import annotations

import pytest

from tests.api.bodies import POSTING, TEACHER, WRITES, body, seed

PROBLEM = "application/problem+json"


def head(api) -> int:
    return api.runtime.ledger.recorder.max_notification_id() or 0


def test_every_write_records_then_replays_then_conflicts(api):
    seed(api, posting=True)
    for path, fields, change in WRITES:
        first = api.post(path, body(fields))
        assert first.status_code == 201, (path, first.json())
        written = first.json()
        assert not written["replayed"] and written["record"], path
        assert written["position"] == head(api) == int(first.headers["X-Ledger-Position"]), path

        again = api.post(path, body(fields))
        if path.endswith("/end"):
            continue  # see test_repeating_the_end_of_an_exemption_replays_it
        assert again.status_code == 200, (path, again.json())
        repeated = again.json()
        assert repeated["replayed"] is True
        assert (repeated["event_id"], repeated["position"], repeated["version"]) == (
            written["event_id"], written["position"], written["version"]), path
        assert head(api) == written["position"], f"{path}: a repeat recorded something"

        if change is not None:
            other = api.post(path, body({**fields, **change}))
            assert other.status_code == 409, (path, other.json())
            assert other.headers["content-type"] == PROBLEM and other.json()["type"] == "/problems/conflict"
            assert head(api) == written["position"], f"{path}: a conflict recorded something"


def test_the_actor_is_the_key_name_and_the_correlation_id_the_request_id(api):
    seed(api)
    response = api.post("/v1/teachers/T-001/postings", body(POSTING), headers={"X-Request-ID": "hr-batch-42.7"})
    assert response.headers["X-Request-ID"] == "hr-batch-42.7"
    event = api.get(f"/v1/events?after={response.json()['position'] - 1}&limit=1").json()["events"][0]
    assert event["type"] == "PostingRecorded" and event["teacher_id"] == "T-001"
    assert event["actor"] == "test-admin" and event["correlation_id"] == "hr-batch-42.7"
    assert event["reason"] == body({})["reason"] and "R-T-TENURE" in event["policy_clauses"]

    generated = api.post("/v1/teachers/T-001/awards", body({"award_id": "A-9", "kind": "honour", "date": "2021-06-30"}),
                         headers={"X-Request-ID": "not a valid id!"})
    request_id = generated.headers["X-Request-ID"]
    assert request_id != "not a valid id!" and len(request_id) == 32
    event = api.get(f"/v1/events?after={generated.json()['position'] - 1}&limit=1").json()["events"][0]
    assert event["correlation_id"] == request_id


def test_unknown_ids_are_404(api):
    seed(api, posting=True)
    before = head(api)
    cases = [
        ("/v1/teachers/T-NOBODY/postings", body(POSTING)),
        ("/v1/schools/S-NOWHERE/reclassifications", body({"effective_date": "2024-09-01", "changes": {"tier": "weak"}})),
        ("/v1/teachers/T-001/postings/P-NONE/reports", body({"date": "2020-09-01"})),
        ("/v1/teachers", body({**TEACHER, "teacher_id": "T-2", "home_school_id": "S-NOWHERE"})),
    ]
    for path, payload in cases:
        response = api.post(path, payload)
        assert response.status_code == 404, (path, response.json())
        assert response.headers["content-type"] == PROBLEM
        problem = response.json()
        assert problem["type"] == "/problems/not-found" and problem["status"] == 404 and problem["detail"]
    assert head(api) == before


def test_a_broken_rule_is_409_naming_its_clause(api):
    seed(api, posting=True)
    overlapping = api.post("/v1/teachers/T-001/postings", body({**POSTING, "posting_id": "P-2",
                                                                "start_date": "2021-03-01"}))
    assert overlapping.status_code == 409
    assert overlapping.json()["clause"] == "R-POST-ONE" and overlapping.json()["type"] == "/problems/rule-violated"
    at_home = api.post("/v1/teachers/T-001/postings", body({**POSTING, "posting_id": "P-3", "start_date": "2030-09-01",
                                                            "planned_end_date": None, "host_school_ids": ["S-URBAN"]}))
    assert at_home.status_code == 409 and at_home.json()["clause"] == "R-POST-HOST"


def test_posting_during_an_exemption_needs_the_override(api):
    seed(api)
    granted = api.post("/v1/teachers/T-001/exemptions", body({"exemption_id": "E-1", "category": "family_misfortune", "approved_by": "county_bureau", "approval_ref": "县教发〔2019〕3号",
                                                              "start_date": "2020-01-01"}))
    assert granted.status_code == 201 and granted.json()["record"]["category"] == "family_misfortune"
    refused = api.post("/v1/teachers/T-001/postings", body(POSTING))
    assert refused.status_code == 409 and refused.json()["clause"] == "R-POST-EXEMPT"
    overridden = api.post("/v1/teachers/T-001/postings", body({**POSTING, "override_exemption": True}))
    assert overridden.status_code == 201
    record = overridden.json()["record"]
    assert record["override_reason"] == body({})["reason"] and record["overridden_exemption_ids"] == ["E-1"]


def test_invalid_input_lists_every_bad_field_and_records_nothing(api):
    seed(api)
    before = head(api)
    response = api.post("/v1/teachers/T-001/postings", {
        "posting_id": "bad id", "kind": "holiday", "host_school_ids": [], "start_date": "2020-13-01",
        "reason": "", "policy_clauses": ["R-NOT-A-CLAUSE"], "colour": "blue"})
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"posting_id", "kind", "host_school_ids", "start_date", "reason", "policy_clauses.0", "colour"} <= fields

    # what only the domain can judge is listed the same way, every field at once
    response = api.post("/v1/teachers", body({**TEACHER, "teacher_id": "T-2", "title_since": None,
                                              "birth_date": "2010-01-01"}))
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"title_since", "at_home_school_since"}

    for malformed in (b"{not json", b"[]", b""):
        response = api.client.post("/v1/teachers", content=malformed,
                                   headers={**api.headers(), "Content-Type": "application/json"})
        assert response.status_code == 422 and response.json()["type"] == "/problems/invalid-input"
    dates = api.post("/v1/teachers/T-001/postings", body({**POSTING, "start_date": "2020-09-01T00:00:00Z",
                                                          "planned_end_date": 1600000000}))
    assert {e["field"] for e in dates.json()["errors"]} == {"start_date", "planned_end_date"}
    assert head(api) == before


def test_repeating_the_end_of_an_exemption_replays_it(sqlite_api):
    seed(sqlite_api)
    sqlite_api.post("/v1/teachers/T-001/exemptions", body({"exemption_id": "E-1", "category": "family_misfortune", "approved_by": "county_bureau", "approval_ref": "县教发〔2019〕3号",
                                                           "start_date": "2019-01-01"}))
    first = sqlite_api.post("/v1/teachers/T-001/exemptions/E-1/end", body({"date": "2019-06-30"}))
    again = sqlite_api.post("/v1/teachers/T-001/exemptions/E-1/end", body({"date": "2019-06-30"}))
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["event_id"] == first.json()["event_id"]
