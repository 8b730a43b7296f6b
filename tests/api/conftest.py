"""The API on each real backend (an SQLite file, PostgreSQL over a real connection), served
in-process, with one key per role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from ledger.app import Envelope
from ledger.runtime import Runtime, start_runtime
from ledger.settings import Settings

ISSUER = Envelope(actor="cli:test", reason="test keys")
ROLES = ("admin", "auditor", "hr")


@dataclass
class Api:
    """A client of the running service, with a key per role (``keys[role]``)."""

    client: TestClient
    app: FastAPI
    runtime: Runtime
    keys: dict[str, str]

    def headers(self, role: str | None = "admin", **extra: str) -> dict[str, str]:
        auth = {"Authorization": f"Bearer {self.keys[role]}"} if role else {}
        return {**auth, **extra}

    def get(self, path: str, role: str | None = "admin", **kwargs: Any) -> Any:
        return self.client.get(path, headers=self.headers(role, **kwargs.pop("headers", {})), **kwargs)

    def post(self, path: str, body: dict[str, Any], role: str | None = "admin", **kwargs: Any) -> Any:
        return self.client.post(path, json=body, headers=self.headers(role, **kwargs.pop("headers", {})), **kwargs)


def serve(settings: Settings, clock: Any) -> Iterator[Api]:
    runtime = start_runtime(settings, clock=clock)
    try:
        keys = {role: runtime.ledger.issue_key(f"test-{role}", role, by=ISSUER).secret for role in ROLES}
        app = create_app(runtime=runtime)
        with TestClient(app) as client:
            yield Api(client, app, runtime, keys)
    finally:
        runtime.close()


@pytest.fixture
def api(backend_settings: Settings, clock: Any) -> Iterator[Api]:
    """The API on SQLite, then on PostgreSQL."""
    yield from serve(backend_settings, clock)


@pytest.fixture
def sqlite_api(tmp_path: Any, clock: Any) -> Iterator[Api]:
    """The API on an SQLite file only (for checks that do not depend on the store)."""
    yield from serve(Settings(database_url=f"sqlite:///{tmp_path}/api.sqlite"), clock)
