"""The views' writer on both backends: upserts, scratch tables and writes run side by side."""

from __future__ import annotations

import threading

import pytest

from ledger.projections.db import Table, table_name
from tests.integration.test_projection_support import read_side  # noqa: F401 (fixture)

TABLE = Table("t", (("k", "TEXT"), ("v", "INT")), key=("k",))
SCRATCH = Table("s", (("k", "TEXT"), ("v", "INT")), key=(), scratch=True)


def rows(side, table: Table) -> list[tuple[str, int]]:
    with side.recorder.reading() as r:
        return sorted((row["k"], row["v"]) for row in r.query(f"SELECT k, v FROM {r.t(name(table))}"))


def name(table: Table) -> str:
    return table_name("probe", table.name, 1)


def test_two_upserts_into_one_table_in_one_transaction_each_land_once(read_side):
    with read_side.recorder.page() as w:
        read_side.recorder.create_view_tables(w, "probe", 1, [TABLE])
    with read_side.recorder.page() as w:
        w.upsert(name(TABLE), ("k", "v"), ("k",), [("a", 1), ("b", 1)])
        w.upsert(name(TABLE), ("k", "v"), ("k",), [("b", 2), ("c", 2)])  # the first batch is not upserted again
        w.upsert(name(TABLE), ("k", "v"), ("k",), [("a", 3)])
    assert rows(read_side, TABLE) == [("a", 3), ("b", 2), ("c", 2)]


def test_a_scratch_table_without_a_key_keeps_every_row(read_side):
    with read_side.recorder.page() as w:
        read_side.recorder.create_view_tables(w, "probe", 1, [SCRATCH])
        w.append(name(SCRATCH), ("k", "v"), [("a", 1), ("a", 1)])
    assert rows(read_side, SCRATCH) == [("a", 1), ("a", 1)]
    if read_side.recorder.backend == "postgres":
        with read_side.recorder.reading() as r:
            persistence = r.query("SELECT relpersistence FROM pg_class WHERE relname = %s", [name(SCRATCH)])
        assert persistence[0]["relpersistence"] == "u"  # unlogged


def test_writes_in_parallel_each_commit_in_their_own_transaction(read_side):
    with read_side.recorder.page() as w:
        read_side.recorder.create_view_tables(w, "probe", 1, [TABLE])
    together = read_side.recorder.backend == "postgres"  # SQLite has one writer at a time
    both_open = threading.Barrier(2, timeout=10)

    def write(key: str):
        def run(w):
            w.append(name(TABLE), ("k", "v"), [(key, 1)])
            if together:
                both_open.wait()  # breaks (and fails the test) unless the other one is open too
        return run

    read_side.recorder.in_parallel([write("a"), write("b")])
    assert rows(read_side, TABLE) == [("a", 1), ("b", 1)]


def test_a_failing_parallel_write_raises_and_leaves_nothing_of_its_own(read_side):
    with read_side.recorder.page() as w:
        read_side.recorder.create_view_tables(w, "probe", 1, [TABLE])

    def fails(w):
        w.append(name(TABLE), ("k", "v"), [("x", 1)])
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        read_side.recorder.in_parallel([lambda w: w.append(name(TABLE), ("k", "v"), [("a", 1)]), fails])
    assert rows(read_side, TABLE) == [("a", 1)]
