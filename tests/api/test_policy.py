"""The policy engine over HTTP: the profile in force, adoptions, the due list, the quota report and
the service record — as of a date and as the ledger knew it at a moment."""

from __future__ import annotations

from tests.api.bodies import POSTING, body, seed


def test_the_profile_in_force_changes_with_an_adoption(api):
    default = api.get("/v1/policy?on=2026-09-01", role="auditor").json()
    assert default["profile"]["source"] == "default" and default["adoptions"] == []
    tenure = next(p for p in default["parameters"] if p["name"] == "teacher_should_years")
    assert tenure["clauses"] == ["R-T-TENURE"] and tenure["value"] == 6

    adopted = api.post("/v1/policy/adoptions", body({"profile": "township-plan", "effective_date": "2026-01-01"}))
    assert adopted.status_code == 201 and adopted.json()["record_type"] == "adoption"
    assert api.post("/v1/policy/adoptions", body({"profile": "township-plan", "effective_date": "2026-01-01"})
                    ).status_code == 200
    after = api.get("/v1/policy?on=2026-09-01", role="auditor").json()
    assert after["profile"]["name"] == "township-plan" and after["profile"]["source"] == "adopted"
    assert [a["adoption_id"] for a in after["adoptions"]] == [adopted.json()["record_id"]]
    before = api.get("/v1/policy?on=2025-12-31").json()
    assert before["profile"]["source"] == "default"
    assert api.post("/v1/policy/adoptions", body({"profile": "no-such", "effective_date": "2026-01-01"})
                    ).status_code == 404


def test_the_due_list_and_the_quota_report_explain_themselves(api):
    seed(api)
    due = api.get("/v1/rotation/due?school_year=2026").json()  # the writing key: it sees its writes
    assert due["reference_date"] == "2026-08-31"
    row = next(r for r in due["rows"] if r["teacher_id"] == "T-001")
    assert row["status"] == "must" and row["clauses"] == ["R-T-TENURE"] and row["tenure_years"] == 11
    assert row["rank"] == 1 and due["counts"]["must"] == 1

    api.post("/v1/teachers/T-001/postings", body({**POSTING, "posting_id": "P-9", "start_date": "2026-09-01",
                                                  "planned_end_date": "2027-08-31"}))
    quotas = api.get("/v1/reports/quotas?school_year=2026").json()
    county = {c["clause"]: c for c in quotas["county"]["checks"]}
    assert county["R-Q-COUNTY"]["numerator"] == 1 and county["R-Q-COUNTY"]["denominator"] == 1
    assert county["R-Q-COUNTY"]["met"] is True
    assert api.get("/v1/rotation/due?school_year=1900").status_code == 422


def test_the_service_record_as_of_a_date_and_as_known_at_a_moment(api, clock):
    seed(api, posting=True)
    known_before_the_return = clock.now.isoformat()
    clock.advance(days=1)
    returned = api.post("/v1/teachers/T-001/postings/P-1/returns", body({"date": "2022-08-31"}))
    assert returned.status_code == 201

    record = api.get("/v1/teachers/T-001/service-record?target=senior&as_of=2026-09-01", role="hr").json()
    village = next(r for r in record["requirements"] if r["clause"] == "R-TITLE-VILLAGE")
    assert village["status"] == "met" and village["credited_days"] == 730
    assert [e["record_id"] for e in village["evidence"]] == ["P-1"]
    assert record["known_at"] is None and record["as_of"] == "2026-09-01"

    earlier = api.get("/v1/teachers/T-001/service-record", role="hr",
                      params={"target": "senior", "as_of": "2021-08-31", "known_at": known_before_the_return}).json()
    village = next(r for r in earlier["requirements"] if r["clause"] == "R-TITLE-VILLAGE")
    assert village["status"] == "not_met" and village["credited_days"] == 365

    assert api.get("/v1/teachers/T-404/service-record?target=senior", role="hr").status_code == 404
    bad = api.get("/v1/teachers/T-001/service-record?target=captain&as_of=yesterday", role="hr")
    assert bad.status_code == 422 and {e["field"] for e in bad.json()["errors"]} == {"target", "as_of"}
    assert api.get("/v1/teachers/T-001/service-record?target=senior&known_at=soon", role="hr").status_code == 422
