"""Where the views live: the library's tracking recorders, extended with the view tables.

The views sit in the same database as the events (the SQLite file, the PostgreSQL schema of the
settings URL; an in-memory SQLite database for the ``memory://`` store). Their recorder is a
subclass of the library's ``SQLiteTrackingRecorder`` / ``PostgresTrackingRecorder``, so a page of
view rows and the views' tracking records are written in **one transaction** (``page()``): each
event is applied exactly once, even across crashes.

Both backends share one small writing interface (``ledger.projections.writers``).
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any
from uuid import uuid4
from weakref import WeakKeyDictionary

from eventsourcing.persistence import (
    InfrastructureFactory,
    IntegrityError,
    OperationalError,
    PersistenceError,
    TrackingRecorder,
)
from eventsourcing.popo import POPOApplicationRecorder
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteFactory, SQLiteTrackingRecorder
from eventsourcing.utils import Environment

from ledger.projections.writers import PostgresWriter, SQLiteWriter, Writer
from ledger.store import EventLedger

NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
GENERATION_TABLE = re.compile(r"^pv_(?P<view>[a-z]+)_[a-z]+_g(?P<generation>[0-9]+)$")
TYPES = {
    "sqlite": {"TEXT": "TEXT", "INT": "INTEGER", "BLOB": "BLOB"},
    "postgres": {"TEXT": "TEXT", "INT": "BIGINT", "BLOB": "BYTEA"},
}
REGISTRY = "pv_registry"


@dataclass(frozen=True)
class Table:
    """A view table: ``columns`` as ``(name, TEXT|INT|BLOB)``, a primary key (none if empty),
    secondary indexes. A ``scratch`` table (a bulk build's) is not crash-safe on PostgreSQL
    (``UNLOGGED``: emptied by a crash, and written without the write-ahead log)."""

    name: str
    columns: tuple[tuple[str, str], ...]
    key: tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = ()
    scratch: bool = False

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.columns)


def table_name(view: str, table: str, generation: int) -> str:
    name = f"pv_{view}_{table}_g{generation}"
    if not NAME.match(name):
        raise ValueError(f"bad view table name {name!r}")
    return name


class Served:
    """The qualified table names of the served generations, for readers."""

    def __init__(self, recorder: ViewRecorder, generations: dict[str, int]) -> None:
        self.recorder = recorder
        self.generations = generations

    def __call__(self, view: str, table: str) -> str:
        return self.recorder.qualified(table_name(view, table, self.generations[view]))


class ViewRecorder(TrackingRecorder):
    """What both backends' view recorders add to the library's tracking recorder."""

    backend: str

    def qualified(self, name: str) -> str:
        return name

    def type_of(self, generic: str) -> str:
        return TYPES[self.backend][generic]

    @contextmanager
    def page(self) -> Iterator[Writer]:
        """One write transaction: view rows and tracking records commit together or not at all."""
        raise NotImplementedError
        yield  # pragma: no cover

    @contextmanager
    def reading(self) -> Iterator[Writer]:
        """A read-only transaction (a consistent snapshot on SQLite)."""
        raise NotImplementedError
        yield  # pragma: no cover

    @property
    def concurrent(self) -> bool:
        """Whether writes on several connections run at the same time (PostgreSQL; SQLite has one
        writer at a time)."""
        return self.backend == "postgres"

    def in_parallel(self, writes: Sequence[Callable[[Writer], None]]) -> None:
        """Runs each write in its own transaction, at the same time where the backend is
        ``concurrent`` (a connection each). Raises the first failure."""
        side_by_side([partial(self._write, write) for write in writes], threads=self.concurrent)

    def _write(self, write: Callable[[Writer], None]) -> None:
        with self.page() as w:
            write(w)

    # ------------------------------------------------------------------ DDL
    def create_view_tables(self, w: Writer, view: str, generation: int, tables: Sequence[Table], *,
                           indexes: bool = True) -> None:
        """Creates a generation's tables; secondary indexes now, or later (``create_indexes``) when
        the tables are filled in bulk first."""
        for table in tables:
            name = table_name(view, table.name, generation)
            columns = [f"{c} {self.type_of(t)}" for c, t in table.columns]
            key = [f"PRIMARY KEY ({', '.join(table.key)})"] if table.key else []
            unlogged = "UNLOGGED " if table.scratch and self.backend == "postgres" else ""
            w.execute(f"CREATE {unlogged}TABLE IF NOT EXISTS {self.qualified(name)} ({', '.join(columns + key)})")
        if indexes:
            self.create_indexes(w, view, generation, tables)

    def create_indexes(self, w: Writer, view: str, generation: int, tables: Sequence[Table]) -> None:
        for statement in self.index_statements(view, generation, tables):
            w.execute(statement)

    def index_statements(self, view: str, generation: int, tables: Sequence[Table]) -> list[str]:
        """The statements that create a generation's secondary indexes."""
        statements = []
        for table in tables:
            name = table_name(view, table.name, generation)
            statements += [f"CREATE INDEX IF NOT EXISTS {name}_i{i} ON {self.qualified(name)} ({', '.join(index)})"
                           for i, index in enumerate(table.indexes)]
        return statements

    @property
    def tracking_table(self) -> str:
        raise NotImplementedError

    def view_tables(self, w: Writer) -> list[str]:
        """Every view table in the database (``pv_<view>_<table>_g<n>``)."""
        raise NotImplementedError

    def may_write(self) -> bool:
        """Whether this connection's role may write the views (on PostgreSQL, where ``ledger db init``
        gives them to the projector role, the API's role may only read them)."""
        return True

    def role(self) -> str:
        """The database role this recorder connects as (what a refusal names)."""
        return "sqlite"

    def create_registry(self) -> None:
        with self.page() as w:
            w.execute(
                f"CREATE TABLE IF NOT EXISTS {self.qualified(REGISTRY)} ("
                "view TEXT PRIMARY KEY, generation INTEGER NOT NULL, version INTEGER NOT NULL, "
                "building INTEGER, building_version INTEGER)"
            )


class SQLiteViewRecorder(ViewRecorder, SQLiteTrackingRecorder):
    backend = "sqlite"

    @property
    def tracking_table(self) -> str:
        return "tracking"

    def view_tables(self, w: Writer) -> list[str]:
        rows = w.query("SELECT name FROM sqlite_master WHERE type = 'table'")
        return [r["name"] for r in rows if GENERATION_TABLE.match(r["name"])]

    @contextmanager
    def page(self) -> Iterator[Writer]:
        # BEGIN IMMEDIATE takes the write lock up front (waiting out other writers), so a
        # transaction that reads before it writes never fails on a stale snapshot.
        with self.datastore.get_connection(commit=True) as conn:
            cursor = conn.cursor()
            try:
                # Views are disposable: a page may be lost to a power cut (never half-written:
                # WAL), so commits need not wait for the disk.
                cursor.execute("PRAGMA synchronous = NORMAL")
                cursor.execute("BEGIN IMMEDIATE")
                yield SQLiteWriter(self, cursor)
                conn.commit()
            except BaseException as error:
                conn.rollback()
                if isinstance(error, sqlite3.IntegrityError):  # as the library's recorders say it
                    raise IntegrityError(error) from error
                if isinstance(error, sqlite3.OperationalError):
                    raise OperationalError(error) from error
                raise
            finally:
                cursor.sqlite_cursor.close()

    @contextmanager
    def reading(self) -> Iterator[Writer]:
        with self.datastore.transaction(commit=False) as cursor:
            yield SQLiteWriter(self, cursor)


class PostgresViewRecorder(ViewRecorder, PostgresTrackingRecorder):
    backend = "postgres"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._staged: WeakKeyDictionary[Any, set[str]] = WeakKeyDictionary()

    @property
    def tracking_table(self) -> str:
        return self.qualified(self.tracking_table_name)

    def view_tables(self, w: Writer) -> list[str]:
        rows = w.query("SELECT tablename FROM pg_tables WHERE schemaname = %s", (self.datastore.schema,))
        return [r["tablename"] for r in rows if GENERATION_TABLE.match(r["tablename"])]

    def qualified(self, name: str) -> str:
        return f'"{self.datastore.schema}"."{name}"'

    def may_write(self) -> bool:
        registry, schema = self.qualified(REGISTRY), self.datastore.schema
        with self.reading() as r:
            rows = r.query("SELECT CASE WHEN to_regclass(%s) IS NULL THEN has_schema_privilege(%s, 'CREATE') "
                           "ELSE has_table_privilege(%s, 'INSERT') END AS may", (registry, schema, registry))
        return bool(rows[0]["may"])

    def role(self) -> str:
        with self.reading() as r:
            return str(r.query("SELECT current_user AS role")[0]["role"])

    @contextmanager
    def page(self) -> Iterator[Writer]:
        with self.datastore.get_connection() as conn:
            staged = self._staged.setdefault(conn, set())
            try:
                with conn.transaction(), conn.cursor() as cursor:
                    # As on SQLite: a page committed just before a crash may be lost (wholly, with
                    # its tracking record, so it is projected again), so commits need not wait for
                    # the disk.
                    cursor.execute("SET LOCAL synchronous_commit = off")
                    yield PostgresWriter(self, cursor, staged)
            except BaseException:
                self._staged.pop(conn, None)  # staging tables made in a rolled-back page are gone
                raise

    @contextmanager
    def reading(self) -> Iterator[Writer]:
        with self.datastore.transaction(commit=False) as cursor:
            yield PostgresWriter(self, cursor)


def side_by_side(tasks: Sequence[Callable[[], None]], *, threads: bool) -> None:
    """Runs the tasks in threads of their own (or, without ``threads``, one after the other);
    raises the first failure once all have ended."""
    if not threads or len(tasks) < 2:
        for task in tasks:
            task()
        return
    with ThreadPoolExecutor(len(tasks), thread_name_prefix="view-write") as pool:
        for future in [pool.submit(task) for task in tasks]:
            future.result()


def views_factory(app: EventLedger, *, create: bool = True) -> InfrastructureFactory[Any]:
    """The persistence factory for the views: the application's own database (an in-memory SQLite
    database when the application keeps its events in memory); without ``create`` it creates no
    table."""
    if isinstance(app.recorder, POPOApplicationRecorder):
        env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite",
               "SQLITE_DBNAME": f"file:ledger-views-{uuid4().hex}?mode=memory&cache=shared"}
    else:
        env = dict(app.env)
    if not create:
        env["CREATE_TABLE"] = "n"
    return InfrastructureFactory.construct(Environment("Projections", env))


def open_recorder(app: EventLedger, *, create: bool = True) -> tuple[InfrastructureFactory[Any], ViewRecorder]:
    """The views' recorder in the application's database, and its factory (close it when done).
    With ``create`` its tracking and registry tables are created (``create_tables``). Without,
    nothing is created (what a read-only role can open)."""
    factory = views_factory(app, create=False)
    recorder_class = SQLiteViewRecorder if isinstance(factory, SQLiteFactory) else PostgresViewRecorder
    try:
        recorder = factory.tracking_recorder(recorder_class)
        assert isinstance(recorder, ViewRecorder)
        if create:
            create_tables(recorder)
    except BaseException:
        factory.close()
        raise
    return factory, recorder


def create_tables(recorder: ViewRecorder) -> None:
    """Creates the tracking and registry tables if missing: two processes starting together (the
    API and the projector) may race to create them, and the loser tries again."""
    for attempt in range(3):
        try:
            recorder.create_table()
            recorder.create_registry()
            return
        except PersistenceError:
            if attempt == 2:
                raise
            time.sleep(0.2)


def is_missing_table(error: BaseException) -> bool:
    """True when a view table vanished under a reader (a rebuild switched generations and dropped
    the old one); the reader then asks again."""
    text = str(error).lower()
    return "pv_" in text and ("no such table" in text or "does not exist" in text)
