"""``GET /v1/ledger/verify``: auditors and administrators see whether the ledger verifies and where
it was altered; other roles and no key are refused; the OpenAPI document says so. The audit trail
shows an event deleted from the store as missing, with the same finding."""

from __future__ import annotations

from ledger.domain.teacher import teacher_uuid
from tests.api.bodies import body, seed
from tests.api.conftest import api, sqlite_api  # noqa: F401 (fixtures: the API on SQLite, then PostgreSQL)
from tests.integration.test_integrity_support import Intruder


def test_auditors_see_the_ledger_verify_and_then_where_it_was_altered(api, backend_settings):  # noqa: F811
    seed(api, posting=True)
    api.post("/v1/teachers/T-001/postings/P-1/reports", body({"date": "2020-09-01"}))
    head = api.runtime.ledger.recorder.max_notification_id()
    api.runtime.read_side.projector.catch_up()
    for role in ("auditor", "admin"):
        answer = api.get("/v1/ledger/verify", role=role)
        assert answer.status_code == 200, answer.text
        result = answer.json()
        assert result["ok"] is True and result["first_bad_position"] is None and result["problem"] is None
        assert result["events_checked"] == result["links_compared"] == result["head_position"] == head
        assert len(result["head_hash"]) == 64

    intruder = Intruder(backend_settings)
    intruder.drop_guards()
    intruder.edit_byte(head - 1)
    result = api.get("/v1/ledger/verify", role="auditor").json()
    assert (result["ok"], result["first_bad_position"], result["problem"]) == (False, head - 1, "altered")
    assert result["head_position"] == head - 2


def test_the_audit_trail_shows_events_deleted_from_the_store_as_missing(api, backend_settings):  # noqa: F811
    seed(api, posting=True)
    api.post("/v1/teachers/T-001/postings/P-1/reports", body({"date": "2020-09-01"}))
    api.runtime.read_side.projector.catch_up()
    before = api.get("/v1/audit", role="auditor").json()["items"]
    school = [i for i in before if i["type"] == "SchoolRegistered"][1]
    posting = next(i for i in before if i["type"] == "PostingRecorded")
    assert not any(i["missing"] for i in before) and all(i["finding"] is None for i in before)

    intruder = Intruder(backend_settings)
    intruder.drop_guards()
    deleted = {school["position"], posting["position"]}
    for position in deleted:
        intruder.delete(position)
    verified = api.get("/v1/ledger/verify", role="auditor").json()
    assert (verified["first_bad_position"], verified["problem"]) == (school["position"], "missing")
    # every way the trail is read: in ledger order, one type's events, one teacher's events
    for path, gone in (("/v1/audit", school), ("/v1/audit?event_type=SchoolRegistered", school),
                       ("/v1/audit", posting), ("/v1/teachers/T-001/audit", posting)):
        answer = api.get(path, role="auditor")
        assert answer.status_code == 200, answer.text
        items = answer.json()["items"]
        shown = next(i for i in items if i["position"] == gone["position"])
        kept = ("type", "subject_type", "subject_id", "originator_id", "version", "event_id", "link")
        assert {k: shown[k] for k in kept} == {k: gone[k] for k in kept}
        assert shown["missing"] is True and shown["finding"]["problem"] == "missing"
        assert f"position {gone['position']}" in shown["finding"]["detail"]
        assert shown["recorded_at"] is None and shown["actor"] is None and shown["payload"] == {}
        assert {i["position"] for i in items if i["missing"]} == deleted & {i["position"] for i in items}
    first = next(i for i in api.get("/v1/audit", role="auditor").json()["items"] if i["missing"])
    assert first["finding"]["detail"] == verified["detail"]


def test_verification_is_for_auditors_and_administrators_only(sqlite_api):  # noqa: F811
    api = sqlite_api
    refused = api.get("/v1/ledger/verify", role="hr")
    assert refused.status_code == 403 and refused.headers["content-type"] == "application/problem+json"
    assert api.get("/v1/ledger/verify", role=None).status_code == 401
    assert api.client.post("/v1/ledger/verify", headers=api.headers("admin")).status_code == 405
    operation = api.app.openapi()["paths"]["/v1/ledger/verify"]["get"]
    assert set(operation["responses"]) == {"200", "401", "403", "422"}
    assert "application/problem+json" in operation["responses"]["403"]["content"]
    schema = api.app.openapi()["components"]["schemas"]["LedgerVerification"]
    assert {"ok", "events_checked", "head_hash", "first_bad_position"} <= set(schema["properties"])



def test_auditors_fetch_a_history_and_a_service_record_with_their_evidence_hashes(api):  # noqa: F811
    seed(api, posting=True)
    api.post("/v1/teachers/T-001/postings/P-1/reports", body({"date": "2020-09-01"}))
    api.runtime.read_side.projector.catch_up()
    export = api.get("/v1/teachers/T-001/history/evidence", role="auditor")
    assert export.status_code == 200, export.text
    found = export.json()
    history = api.get("/v1/teachers/T-001/history", role="auditor").json()
    assert found["document"] == {key: value for key, value in history.items() if key != "known_at"}
    events = list(api.runtime.ledger.recorder.select_events(teacher_uuid("T-001")))
    assert [item["version"] for item in found["evidence"]] == [e.originator_version for e in events]
    assert all(item["linked"] is True and len(item["event_hash"]) == 64 for item in found["evidence"])
    assert found["chain"]["linked_up_to"] == api.runtime.ledger.recorder.max_notification_id()

    record = api.get("/v1/teachers/T-001/service-record/evidence?target=senior&as_of=2026-09-01", role="admin")
    assert record.status_code == 200, record.text
    assert record.json()["document"]["target"] == "senior"
    assert api.get("/v1/teachers/T-001/service-record/evidence", role="auditor").status_code == 422  # no target
    missing = api.get("/v1/teachers/T-404/history/evidence", role="auditor")
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
