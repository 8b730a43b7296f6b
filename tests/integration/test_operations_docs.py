"""docs/OPERATIONS.md's role, backup and restore commands, run as written (in bash, with the real
`ledger`, `psql`, `createdb`, `pg_dump` and `pg_restore`) against scratch databases and roles: a
non-superuser owner sets the database up, a backup is restored into a database made by
`createdb`, and the restored ledger verifies against its checkpoint and is served by the service
role while the projector role keeps its views."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from psycopg import sql

from tests.conftest import PG
from tests.integration.test_crash import ROOT, free_port

pytestmark = pytest.mark.postgres
DOC = ROOT / "docs" / "OPERATIONS.md"
BLOCK = re.compile(r"<!-- tested: tests/integration/test_operations_docs.py[^>]*-->\n```sh\n(.*?)```", re.S)


def documented_blocks() -> list[str]:
    return BLOCK.findall(DOC.read_text(encoding="utf-8"))


def bash(script: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-euo", "pipefail", "-c", script], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=240, check=False)


def superuser(statement: sql.Composable, dbname: str = "postgres") -> None:
    with psycopg.connect(dbname=dbname, autocommit=True, **PG) as conn:
        conn.execute(statement)


@pytest.fixture
def names(pg_database):
    """Server-wide names of this test only; the databases and roles are dropped afterwards."""
    suffix = uuid.uuid4().hex[:8]
    made = {"owner": f"own_{suffix}", "service": f"svc_{suffix}", "auditor": f"aud_{suffix}",
            "projector": f"prj_{suffix}",
            "db": f"ops_{suffix}", "restored": f"ops_restored_{suffix}"}
    yield made
    for db in (made["db"], made["restored"]):
        superuser(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db)))
    for role in (made["service"], made["auditor"], made["projector"], made["owner"]):
        superuser(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def test_the_documented_roles_backup_and_restore_run_as_written(names, tmp_path):
    roles, restore = documented_blocks()
    assert "createdb" in roles and "ledger db init" in roles and "ledger db restore" in restore
    for old, new in (("ledger_owner", names["owner"]), ("ledger_service", names["service"]),
                     ("ledger_auditor", names["auditor"]), ("ledger_projector", names["projector"]), ("DB=ledger ", f"DB={names['db']} "),
                     ("ledger_restored", names["restored"]), ("/backups/", f"{tmp_path}/")):
        roles, restore = roles.replace(old, new), restore.replace(old, new)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
           "PGHOST": PG["host"], "PGPORT": str(PG["port"]), "PGUSER": PG["user"],
           "OWNER_PASSWORD": "owner-pw", "SERVICE_PASSWORD": "service-pw", "AUDITOR_PASSWORD": "auditor-pw",
           "PROJECTOR_PASSWORD": "projector-pw",
           "LEDGER_SIGNING_KEY_FILE": str(tmp_path / "signing.pem"), "LEDGER_LOG_LEVEL": "WARNING"}
    env.pop("LEDGER_DATABASE_URL", None)
    seed = ('LEDGER_DATABASE_URL="$SERVICE_URL" ledger generate --teachers 100 --years 1 --seed 5\n'
            f'ledger signing-key "$LEDGER_SIGNING_KEY_FILE"\n')
    done = bash(roles + seed + restore, env, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert f"service role {names['service']} (created)" in done.stdout
    owner_is_superuser = psycopg.connect(dbname="postgres", **PG).execute(
        "SELECT rolsuper FROM pg_roles WHERE rolname = %s", (names["owner"],)).fetchone()
    assert owner_is_superuser == (False,)

    def events(db: str) -> int:
        with psycopg.connect(dbname=db, **PG) as conn:
            return conn.execute("SELECT count(*) FROM rotationledger_events").fetchone()[0]

    stored = events(names["db"])
    assert stored > 100 and events(names["restored"]) == stored
    assert f"events checked: {stored}" in done.stdout  # the verify against the checkpoint, on the restored copy
    assert "verified: every event up to position" in done.stdout

    # the restored database, set up again by `db init`, is served by the service role with its data,
    # while the projector role keeps the views
    def url(role: str, password: str) -> str:
        return f"postgresql://{names[role]}:{password}@{PG['host']}:{PG['port']}/{names['restored']}"

    served = {**env, "LEDGER_DATABASE_URL": url("service", "service-pw"), "LEDGER_RUN_PROJECTOR": "false"}
    key = bash("ledger keys create --name ops-test --role admin | tail -n 1", served, tmp_path)
    assert key.returncode == 0, key.stderr
    port = free_port()
    ledger = [sys.executable, "-c", "from ledger.cli import main; main()"]
    projecting = {**env, "LEDGER_DATABASE_URL": url("projector", "projector-pw")}
    projector = subprocess.Popen([*ledger, "project"], env=projecting, cwd=tmp_path, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
    server = subprocess.Popen([*ledger, "serve", "--port", str(port)], env=served, cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10,
                          headers={"Authorization": f"Bearer {key.stdout.strip()}"}) as client:
            answer = wait_for(client, "/v1/teachers", until=lambda a: a.status_code == 200 and a.json()["items"])
            assert answer.status_code == 200 and len(answer.json()["items"]) > 0, answer.text
    finally:
        for process in (server, projector):
            process.terminate()
            process.wait(10)


def wait_for(client: httpx.Client, path: str, seconds: float = 30,
             until: Callable[[httpx.Response], Any] = lambda _: True) -> httpx.Response:
    """The first answer that satisfies ``until`` (the server may still be starting, or its views
    catching up with what was restored), or the last one when ``seconds`` have passed."""
    import time  # noqa: PLC0415

    deadline = time.monotonic() + seconds
    while True:
        try:
            answer = client.get(path)
            if until(answer) or time.monotonic() > deadline:
                return answer
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.1)
