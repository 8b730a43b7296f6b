"""How the views write: one small interface for both backends — append rows (COPY on PostgreSQL),
upsert rows (COPY into a staging table, then one ``INSERT … ON CONFLICT``), delete by key lists,
and query. SQL is written once with ``%s`` placeholders."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from eventsourcing.persistence import IntegrityError, Tracking

if TYPE_CHECKING:
    from ledger.projections.db import ViewRecorder

CHUNK = 500  # keys per IN (…) list on SQLite


class Writer:
    """One open transaction on the views' database."""

    def __init__(self, recorder: ViewRecorder, cursor: Any) -> None:
        self.recorder = recorder
        self.cursor = cursor

    def sql(self, statement: str) -> str:
        return statement

    def t(self, name: str) -> str:
        return self.recorder.qualified(name)

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[Any]:
        self.cursor.execute(self.sql(statement), params)
        return list(self.cursor.fetchall())

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        self.cursor.execute(self.sql(statement), params)

    def select_in(self, statement: str, values: Sequence[Any], params: Sequence[Any] = ()) -> list[Any]:
        """Runs ``statement`` whose last condition is ``<column> IN %s`` for many values."""
        raise NotImplementedError

    def any_of(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """A condition ``column`` is one of (a few) ``values``, and its parameters."""
        raise NotImplementedError

    def append(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def upsert(self, table: str, columns: Sequence[str], key: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Inserts rows, replacing the non-key columns of rows whose key exists (keys unique in ``rows``)."""
        raise NotImplementedError

    def delete_in(self, table: str, column: str, values: Sequence[Any]) -> None:
        raise NotImplementedError

    def lock(self, table: str) -> None:
        """Serialises writers of ``table`` until the transaction ends (SQLite: already so)."""

    def allow_memory(self, megabytes: int) -> None:
        """Lets this transaction's sorts and index builds use up to ``megabytes`` of memory each
        before they spill to disk (PostgreSQL; SQLite sizes its own cache)."""

    def track(self, trackings: Sequence[Tracking]) -> None:
        """Records in the library's (single-row) tracking table that each view has processed every
        event up to its position — in one statement, as the library's ``_insert_tracking`` does one
        by one; raises the library's ``IntegrityError`` if one had already got that far (another
        runner did) so the whole page rolls back."""
        if not trackings:
            return
        table = self.recorder.tracking_table
        values = ", ".join(["(%s, %s)"] * len(trackings))
        rows = self.query(
            f"INSERT INTO {table} (application_name, notification_id) VALUES {values} "
            f"ON CONFLICT (application_name) DO UPDATE SET notification_id = excluded.notification_id "
            f"WHERE {table}.notification_id < excluded.notification_id RETURNING application_name",
            [v for t in trackings for v in (t.application_name, t.notification_id)],
        )
        if len(rows) != len(trackings):
            raise IntegrityError(f"another runner already tracked {sorted({t.application_name for t in trackings})}")


def _upsert_sql(target: str, source: str, columns: Sequence[str], key: Sequence[str]) -> str:
    cols = ", ".join(columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
    action = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
    return f"INSERT INTO {target} ({cols}) {source} ON CONFLICT ({', '.join(key)}) {action}"


class SQLiteWriter(Writer):
    def sql(self, statement: str) -> str:
        return statement.replace("%s", "?")

    def select_in(self, statement: str, values: Sequence[Any], params: Sequence[Any] = ()) -> list[Any]:
        rows: list[Any] = []
        values = list(values)
        for i in range(0, len(values), CHUNK):
            chunk = values[i : i + CHUNK]
            text = self.sql(statement).replace("IN ?", f"IN ({', '.join('?' * len(chunk))})")
            self.cursor.execute(text, (*params, *chunk))
            rows.extend(self.cursor.fetchall())
        return rows

    def any_of(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        if not values:
            return "1 = 0", []
        return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)

    def append(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            marks = ", ".join("?" * len(columns))
            self.cursor.executemany(f"INSERT INTO {self.t(table)} ({', '.join(columns)}) VALUES ({marks})", rows)

    def upsert(self, table: str, columns: Sequence[str], key: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            values = f"VALUES ({', '.join('?' * len(columns))})"
            self.cursor.executemany(_upsert_sql(self.t(table), values, columns, key), rows)

    def delete_in(self, table: str, column: str, values: Sequence[Any]) -> None:
        if values:
            self.cursor.executemany(f"DELETE FROM {self.t(table)} WHERE {column} = ?", [(v,) for v in values])


class PostgresWriter(Writer):
    def __init__(self, recorder: ViewRecorder, cursor: Any, staged: set[str] | None = None) -> None:
        super().__init__(recorder, cursor)
        self.staged = staged if staged is not None else set()  # staging tables this connection has
        self.filled: set[str] = set()  # staging tables holding rows of this transaction

    def select_in(self, statement: str, values: Sequence[Any], params: Sequence[Any] = ()) -> list[Any]:
        self.cursor.execute(statement.replace("IN %s", "= ANY(%s)"), (*params, list(values)))
        return list(self.cursor.fetchall())

    def any_of(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        return f"{column} = ANY(%s)", [list(values)]

    def append(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self._copy(self.t(table), columns, rows)

    def upsert(self, table: str, columns: Sequence[str], key: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        staging = f"pv_stage_{table}"[:63]
        if staging not in self.staged:
            self.cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {staging} (LIKE {self.t(table)}) ON COMMIT DELETE ROWS"
            )
            self.staged.add(staging)
        elif staging in self.filled:  # a second upsert into the table in this transaction
            self.cursor.execute(f"DELETE FROM {staging}")
        self._copy(staging, columns, rows)
        self.filled.add(staging)
        self.cursor.execute(_upsert_sql(self.t(table), f"SELECT {', '.join(columns)} FROM {staging}", columns, key))

    def delete_in(self, table: str, column: str, values: Sequence[Any]) -> None:
        if values:
            self.cursor.execute(f"DELETE FROM {self.t(table)} WHERE {column} = ANY(%s)", (list(values),))

    def allow_memory(self, megabytes: int) -> None:
        self.cursor.execute(f"SET LOCAL work_mem = '{int(megabytes)}MB'")
        self.cursor.execute(f"SET LOCAL maintenance_work_mem = '{int(megabytes)}MB'")

    def lock(self, table: str) -> None:
        self.cursor.execute(f"LOCK TABLE {self.t(table)} IN SHARE ROW EXCLUSIVE MODE")

    def _copy(self, target: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        with self.cursor.copy(f"COPY {target} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
