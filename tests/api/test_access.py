"""Access: every /v1 path refuses a missing, unknown or revoked key (401) and a role it does not
admit (403); keys issued or revoked while the service runs take effect on the next request."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from ledger.app import Envelope
from ledger.cli import app as cli
from tests.api.bodies import POSTING, body, seed

# What the hr role may read (the issue: teachers, history, service records, assignments, the feed).
HR_READS = {
    "/v1/teachers",
    "/v1/teachers/{teacher_id}",
    "/v1/teachers/{teacher_id}/history",
    "/v1/teachers/{teacher_id}/service-record",
    "/v1/assignments",
    "/v1/events",
}


def v1_operations(api) -> list[tuple[str, str]]:
    """Every operation the OpenAPI document publishes under /v1."""
    paths = api.app.openapi()["paths"]
    return sorted((method.upper(), path) for path, ops in paths.items() if path.startswith("/v1") for method in ops)


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "X-1", path)


def call(api, method: str, path: str, headers: dict[str, str]):
    return api.client.request(method, concrete(path), headers=headers, json={} if method == "POST" else None)


def allowed(role: str, method: str, path: str) -> bool:
    if role == "admin":
        return True
    if method != "GET":
        return False
    return role == "auditor" or path in HR_READS


def test_every_path_needs_a_valid_key(sqlite_api):
    api = sqlite_api
    operations = v1_operations(api)
    assert len(operations) >= 20
    forged = "rlk_" + "0" * 32 + "_" + "A" * 43
    wrong_secret = api.keys["admin"][:-4] + "AAAA"
    for method, path in operations:
        for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": f"Bearer {forged}"},
                        {"Authorization": f"Bearer {wrong_secret}"}, {"Authorization": f"Basic {api.keys['admin']}"}):
            response = call(api, method, path, headers)
            assert response.status_code == 401, (method, path, headers, response.text)
            assert response.headers["content-type"] == "application/problem+json"
            assert response.headers["WWW-Authenticate"] == "Bearer"


def test_every_path_admits_exactly_its_roles(sqlite_api):
    api = sqlite_api
    for method, path in v1_operations(api):
        for role in ("admin", "auditor", "hr"):
            response = call(api, method, path, api.headers(role))
            if allowed(role, method, path):
                assert response.status_code not in (401, 403), (role, method, path, response.text)
            else:
                assert response.status_code == 403, (role, method, path, response.text)
                assert response.json()["type"] == "/problems/forbidden"


def test_the_hr_reads_are_real_paths(sqlite_api):
    assert HR_READS <= {path for _, path in v1_operations(sqlite_api)}


def test_verifying_the_ledger_is_for_auditors_and_administrators(sqlite_api):
    api = sqlite_api
    assert ("GET", "/v1/ledger/verify") in v1_operations(api)
    for role, status in (("admin", 200), ("auditor", 200), ("hr", 403)):
        assert api.get("/v1/ledger/verify", role=role).status_code == status, role
    assert api.get("/v1/ledger/verify", role=None).status_code == 401


def test_keys_created_and_revoked_from_the_command_line_take_effect_at_once(api, backend_settings):
    runner = CliRunner()
    env = {"LEDGER_DATABASE_URL": backend_settings.database_url}
    created = runner.invoke(cli, ["keys", "create", "--role", "hr", "--name", "hr-system"], env=env)
    assert created.exit_code == 0, created.output
    key = created.output.strip().splitlines()[-1]
    hr = {"Authorization": f"Bearer {key}"}
    assert api.client.get("/v1/events", headers=hr).status_code == 200
    assert api.client.post("/v1/schools", json={}, headers=hr).status_code == 403

    listed = runner.invoke(cli, ["keys", "list"], env=env)
    assert listed.exit_code == 0 and re.search(r"hr-system\W+hr\W+active", listed.output)
    assert runner.invoke(cli, ["keys", "create", "--role", "hr", "--name", "hr-system"], env=env).exit_code == 1

    revoked = runner.invoke(cli, ["keys", "revoke", "hr-system"], env=env)
    assert revoked.exit_code == 0, revoked.output
    assert api.client.get("/v1/events", headers=hr).status_code == 401
    assert re.search(r"hr-system\W+hr\W+revoked", runner.invoke(cli, ["keys", "list"], env=env).output)

    again = runner.invoke(cli, ["keys", "create", "--role", "auditor", "--name", "hr-system"], env=env)
    new_key = again.output.strip().splitlines()[-1]
    assert new_key != key
    assert api.client.get("/v1/events", headers=hr).status_code == 401
    assert api.client.get("/v1/events", headers={"Authorization": f"Bearer {new_key}"}).status_code == 200


def test_keys_over_http_and_who_had_access_when(api):
    issued = api.post("/v1/keys", body({"name": "hr-system", "role": "hr"}))
    assert issued.status_code == 201 and issued.headers["Cache-Control"] == "no-store"
    key = issued.json()["key"]
    assert issued.json()["details"]["issued_by"] == "test-admin"
    assert api.post("/v1/keys", body({"name": "hr-system", "role": "hr"})).status_code == 409
    assert api.post("/v1/keys", body({"name": "x", "role": "hr"}), role="auditor").status_code == 403

    assert api.client.get("/v1/events", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    revoked = api.post("/v1/keys/hr-system/revocations", {"reason": "contract ended"})
    assert revoked.status_code == 201 and revoked.json()["record"]["active"] is False
    assert api.client.get("/v1/events", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    assert api.post("/v1/keys/hr-system/revocations", {"reason": "again"}).status_code == 409
    assert api.post("/v1/keys/nobody/revocations", {"reason": "who?"}).status_code == 404

    listing = api.get("/v1/keys", role="auditor").json()["keys"]
    hr_key = next(k for k in listing if k["name"] == "hr-system")
    assert hr_key["role"] == "hr" and not hr_key["active"] and hr_key["revoked_by"] == "test-admin"
    assert hr_key["issued_at"] < hr_key["revoked_at"]
    assert {k["name"] for k in listing} >= {"test-admin", "test-auditor", "test-hr"}

    feed = api.get("/v1/events?limit=1000", role="auditor").json()["events"]
    key_events = [(e["type"], e["actor"]) for e in feed if e["subject_id"] == "hr-system"]
    assert key_events == [("KeyIssued", "test-admin"), ("KeyRevoked", "test-admin")]
    assert all("key_hash" not in e["payload"] for e in feed)
    assert key not in str(feed)


def test_a_revoked_key_is_refused_on_its_next_request(sqlite_api):
    api = sqlite_api
    seed(api)
    assert api.post("/v1/teachers/T-001/postings", body(POSTING)).status_code == 201
    api.runtime.ledger.revoke_key("test-admin", by=Envelope(actor="cli:test", reason="left the bureau"))
    response = api.post("/v1/teachers/T-001/awards", body({"award_id": "A-1", "kind": "honour", "date": "2021-06-30"}))
    assert response.status_code == 401


def test_serve_demo_prints_a_ready_admin_key(tmp_path, monkeypatch, clock):
    import uvicorn
    from fastapi.testclient import TestClient

    from api.app import create_app
    from ledger.settings import Settings

    url = f"sqlite:///{tmp_path}/demo.sqlite"
    monkeypatch.setenv("LEDGER_DATABASE_URL", url)
    monkeypatch.setenv("LEDGER_DEMO", "false")  # `serve --demo` sets it; restored after the test
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    result = CliRunner().invoke(cli, ["serve", "--demo"])
    assert result.exit_code == 0, result.output
    key = result.output.strip().splitlines()[-1]
    with TestClient(create_app(Settings(database_url=url))) as client:
        response = client.post("/v1/schools", json=body({"school_id": "S-1", "name": "一小", "area": "urban",
                                                         "kind": "regular", "tier": "quality", "level": "primary"}),
                               headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 201 and response.json()["subject_id"] == "S-1"


def test_no_key_may_take_a_name_that_reads_as_the_ledgers_own_actors(api, backend_settings):
    for name in ("cli:root", "importer:root", "CLI:root", "Importer:x", "importer", "cli"):
        refused = api.post("/v1/keys", body({"name": name, "role": "admin"}))
        assert refused.status_code == 422, name
        error = refused.json()["errors"][0]
        assert (error["field"], error["code"]) == ("name", "key.reserved_name"), name
    assert "names beginning with cli:, importer: are actors" in refused.json()["errors"][0]["message"]
    for name in ("client-portal", "cli-tools", "importers", "hr:cli"):  # merely alike: accepted
        assert api.post("/v1/keys", body({"name": name, "role": "hr"})).status_code == 201, name
    created = CliRunner().invoke(cli, ["--lang", "zh", "keys", "create", "--role", "admin", "--name", "cli:root"],
                                 env={"LEDGER_DATABASE_URL": backend_settings.database_url})
    assert created.exit_code == 1 and "不可用作密钥名称" in created.output
    names = {k["name"] for k in api.get("/v1/keys", role="auditor").json()["keys"]}
    assert not names & {"cli:root", "importer:root", "CLI:root", "Importer:x", "importer", "cli"}


def test_the_last_active_admin_key_is_not_revoked_over_http(api):
    refused = api.post("/v1/keys/test-admin/revocations", {"reason": "leaving"})
    assert refused.status_code == 409 and refused.json()["code"] == "key.last_admin"
    assert "最后一个有效的管理员密钥" in api.post("/v1/keys/test-admin/revocations", {"reason": "leaving"},
                                             headers={"Accept-Language": "zh"}).json()["detail"]
    assert api.get("/v1/events?limit=1", role="admin").status_code == 200  # still signed in, nothing recorded
    second = api.post("/v1/keys", body({"name": "deputy-admin", "role": "admin"})).json()["key"]
    revoked = api.post("/v1/keys/test-admin/revocations", {"reason": "handed over"})
    assert revoked.status_code == 201 and revoked.json()["record"]["active"] is False
    deputy = {"Authorization": f"Bearer {second}", "Idempotency-Key": "last-admin"}
    last = api.client.post("/v1/keys/deputy-admin/revocations", json={"reason": "x"}, headers=deputy)
    assert last.status_code == 409 and last.json()["params"]["name"] == "deputy-admin"
