"""The service starts from settings, answers liveness, and maps errors to problem+json."""

from fastapi.testclient import TestClient

from api.app import create_app
from ledger.settings import Settings


def test_the_service_starts_on_a_fresh_sqlite_file(tmp_path):
    path = tmp_path / "fresh.sqlite"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{path}"))) as client:
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert path.exists()


def test_unknown_paths_are_problems(tmp_path):
    with TestClient(create_app(Settings(database_url="memory://"))) as client:
        response = client.get("/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/not-found"
