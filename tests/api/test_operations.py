"""Operations: liveness, readiness, Prometheus metrics, one structured log line per request, and
the OpenAPI document and interactive docs."""

from __future__ import annotations

import re

import structlog

from tests.api.bodies import POSTING, body, seed


def test_liveness_and_readiness_need_no_key(api):
    assert api.client.get("/healthz").json() == {"status": "ok"}
    seed(api)
    ready = api.client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ok" and ready.json()["database"] == "ok"
    assert ready.json()["head_position"] == api.runtime.ledger.recorder.max_notification_id()


def test_not_ready_when_the_store_does_not_answer(sqlite_api, monkeypatch):
    def unreachable() -> int:
        raise OSError("connection refused")

    monkeypatch.setattr(sqlite_api.runtime.ledger.recorder, "max_notification_id", unreachable)
    response = sqlite_api.client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable" and response.json()["database"] == "OSError"


def test_metrics_count_requests_by_route_and_writes_by_outcome(api):
    seed(api)
    api.post("/v1/teachers/T-001/postings", body(POSTING))
    api.post("/v1/teachers/T-001/postings", body(POSTING))
    api.get("/v1/events", role=None)
    text = api.client.get("/metrics").text
    assert 'ledger_http_requests_total{method="POST",route="/v1/teachers/{teacher_id}/postings",status="201"} 1.0' in text
    assert 'ledger_http_requests_total{method="POST",route="/v1/teachers/{teacher_id}/postings",status="200"} 1.0' in text
    assert 'ledger_http_requests_total{method="GET",route="/v1/events",status="401"} 1.0' in text
    assert 'ledger_writes_total{outcome="replayed"} 1.0' in text
    assert re.search(r'ledger_writes_total\{outcome="recorded"\} 5\.0', text)  # 3 schools, teacher, posting
    assert re.search(r'ledger_http_request_duration_seconds_bucket\{le="0\.5",method="POST",route="/v1/teachers"\} 1\.0', text)
    head = api.runtime.ledger.recorder.max_notification_id()
    assert f"ledger_head_position {float(head)}" in text


def test_one_log_line_per_request_with_its_id_key_status_and_duration(sqlite_api):
    api = sqlite_api
    seed(api)
    with structlog.testing.capture_logs() as logs:
        response = api.post("/v1/teachers/T-001/postings", body(POSTING))
        refused = api.get("/v1/events", role=None)
    lines = [entry for entry in logs if entry["event"] == "request"]
    assert len(lines) == 2
    written, anonymous = lines
    assert written["request_id"] == response.headers["X-Request-ID"]
    assert written["key"] == "test-admin" and written["status"] == 201
    assert written["route"] == "/v1/teachers/{teacher_id}/postings" and written["duration_ms"] >= 0
    assert anonymous["key"] is None and anonymous["status"] == 401 == refused.status_code
    assert anonymous["request_id"] == refused.headers["X-Request-ID"]


def test_the_openapi_document_and_docs_are_served(sqlite_api):
    schema = sqlite_api.client.get("/openapi.json").json()
    assert schema["components"]["securitySchemes"]["AccessKey"] == {
        "type": "http", "scheme": "bearer", "bearerFormat": "rlk_…",
        "description": "An access key from `ledger keys create --role admin|auditor|hr --name NAME`."}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if path.startswith("/v1"):
                assert {"401", "403", "422"} <= set(operation["responses"]), (method, path)
                assert operation.get("security") == [{"AccessKey": []}], (method, path)
            for status, response in operation["responses"].items():
                if status[0] == "4":
                    assert list(response["content"]) == ["application/problem+json"], (method, path, status)
    assert "text/html" in sqlite_api.client.get("/docs").headers["content-type"]


def test_a_method_a_path_does_not_have_is_405_with_an_allow_header(sqlite_api):
    response = sqlite_api.client.delete("/v1/teachers", headers=sqlite_api.headers())
    assert response.status_code == 405 and response.headers["content-type"] == "application/problem+json"
    allowed = set(response.headers["Allow"].replace(" ", "").split(","))
    assert allowed == {"GET", "OPTIONS", "POST"}  # every route of the path, not only the first


def series(text: str) -> set[str]:
    return {line.rsplit(" ", 1)[0] for line in text.splitlines()
            if line.startswith(("ledger_http_requests_total{", "ledger_http_request_duration_seconds_count{"))}


def test_invented_methods_and_paths_add_no_metric_series(sqlite_api):
    api = sqlite_api
    for n in range(3):  # what every later request may show up as
        api.client.request("BREW", f"/v1/teachers/T-{n}")
        api.client.request("PURGE", f"/nothing/{n}")
        api.client.get(f"/ui/static/gone-{n}.css")
    api.client.get("/metrics")
    scraped = api.client.get("/metrics").text
    before, size = series(scraped), len(scraped.encode())
    for n in range(300):
        api.client.request(f"X{n}", f"/v1/teachers/T-{n}")
        api.client.request(f"M{n}", f"/invented/{n}?q={n}")
        api.client.get(f"/ui/static/none-{n}.css")
    text = api.client.get("/metrics").text
    assert series(text) == before  # 900 requests later: no new series
    assert len(text.encode()) < size + 2_000  # only the counts grew
    assert 'ledger_http_requests_total{method="other",route="/v1/teachers/{teacher_id}",status="405"} 303.0' in text
    assert 'ledger_http_requests_total{method="other",route="unmatched",status="404"} 303.0' in text
    assert "X1" not in text and "invented" not in text
