"""Scratch stores for benchmarks: a PostgreSQL database created for the run and dropped after it
(nothing collides with tests or the service), or an SQLite file in a temporary folder; and a raw
driver connection to the same database for the baselines.

PostgreSQL: 127.0.0.1:5432 as ``postgres`` unless ``LEDGER_BENCH_PG_HOST`` / ``_PORT`` / ``_USER``
say otherwise.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
from psycopg import sql

from ledger.settings import Settings

BACKENDS = ("postgres", "sqlite")
PG = {
    "host": os.environ.get("LEDGER_BENCH_PG_HOST", "127.0.0.1"),
    "port": int(os.environ.get("LEDGER_BENCH_PG_PORT", "5432")),
    "user": os.environ.get("LEDGER_BENCH_PG_USER", "postgres"),
}


@dataclass
class Store:
    backend: str
    name: str  # database name (PostgreSQL) or file path (SQLite)

    @property
    def url(self) -> str:
        if self.backend == "postgres":
            return f"postgresql://{PG['user']}@{PG['host']}:{PG['port']}/{self.name}"
        return f"sqlite:///{self.name}"

    def settings(self, **overrides: Any) -> Settings:
        return Settings(database_url=self.url, **overrides)

    def server_env(self) -> dict[str, str]:
        return {"LEDGER_DATABASE_URL": self.url}

    def raw(self) -> Raw:
        return Raw(self)


@dataclass
class Stores:
    """Creates scratch stores for one backend and removes them all at the end."""

    backend: str
    tag: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    made: list[Store] = field(default_factory=list)
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="ledger-bench-")))

    def new(self, label: str) -> Store:
        if self.backend == "postgres":
            name = f"ledger_bench_{self.tag}_{label}"
            with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            store = Store("postgres", name)
        else:
            store = Store("sqlite", str(self.folder / f"{label}.sqlite"))
        self.made.append(store)
        return store

    def close(self) -> None:
        for store in self.made:
            if store.backend == "postgres":
                with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
                    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(store.name)))
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def scratch(backend: str) -> Iterator[Stores]:
    stores = Stores(backend)
    try:
        yield stores
    finally:
        stores.close()


class Raw:
    """A plain driver connection to a store (autocommit), for the raw-SQL baselines. Statements
    use ``%s`` placeholders on both backends."""

    def __init__(self, store: Store) -> None:
        self.backend = store.backend
        if store.backend == "postgres":
            self.conn: Any = psycopg.connect(dbname=store.name, autocommit=True, **PG)
        else:
            self.conn = sqlite3.connect(store.name, isolation_level=None, check_same_thread=False)

    def rows(self, statement: str, params: Sequence[Any] = ()) -> list[Any]:
        if self.backend == "postgres":
            return self.conn.execute(statement, params, prepare=True).fetchall()
        return self.conn.execute(statement.replace("%s", "?"), params).fetchall()

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        if self.backend == "postgres":
            self.conn.execute(statement, params)
        else:
            self.conn.execute(statement.replace("%s", "?"), params)

    @property
    def events(self) -> str:
        """The application's event table (the library names it after the application)."""
        return "rotationledger_events" if self.backend == "postgres" else "stored_events"

    def id(self, value: UUID) -> Any:
        """An aggregate id as the event table stores it."""
        return value if self.backend == "postgres" else value.hex

    @property
    def position(self) -> str:
        """The event table's position column."""
        return "notification_id" if self.backend == "postgres" else "rowid"

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Raw:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
