"""Which generation of each view is served, and which is being built (blue/green rebuilds).

``pv_registry`` holds one row per view: the ``generation`` readers and the runner use, its schema
``version``, the generation a rebuild is ``building`` (with its version) and the ``retired``
generation whose tables are dropped once nobody switches back to it. A rebuild fills new tables
under their own tracking name while the old ones keep serving, then ``switch`` flips the row in
the same transaction as its last page — readers move over atomically.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ledger.domain.errors import ConflictError, InvalidInput
from ledger.projections.audit import AuditView
from ledger.projections.db import GENERATION_TABLE, REGISTRY, Served, ViewRecorder
from ledger.projections.writers import Writer
from ledger.projections.schools import SchoolView
from ledger.projections.teachers import TeacherView
from ledger.projections.view import View, tracking_name

VIEWS: dict[str, type[View]] = {v.name: v for v in (TeacherView, AuditView, SchoolView)}
# The views that answer each kind of question: assignments, rosters and teacher histories are read
# from the teachers view (histories also from the teacher's own events).
ALIASES: dict[str, tuple[str, ...]] = {
    "assignments": ("teachers",), "rosters": ("teachers",), "dossiers": ("teachers",), "history": ("teachers",),
}


def resolve(names: Iterable[str] | None) -> list[str]:
    """View names (or aliases) → the views' own names, in a stable order; None or empty: all."""
    asked = list(names or ())
    if not asked:
        return list(VIEWS)
    unknown = [n for n in asked if n not in VIEWS and n not in ALIASES]
    if unknown:
        raise InvalidInput.one("views", "view.unknown", views=unknown, known=[*VIEWS, *ALIASES])
    wanted = {v for n in asked for v in ALIASES.get(n, (n,))}
    return [n for n in VIEWS if n in wanted]


@dataclass(frozen=True)
class Entry:
    view: str
    generation: int
    version: int
    building: int | None = None
    building_version: int | None = None

    @property
    def tracking_name(self) -> str:
        return tracking_name(self.view, self.generation)


class Registry:
    def __init__(self, recorder: ViewRecorder) -> None:
        self.recorder = recorder
        self.table = recorder.qualified(REGISTRY)

    def read(self, r: Writer) -> dict[str, Entry]:
        rows = r.query(f"SELECT view, generation, version, building, building_version FROM {self.table}")
        return {row["view"]: Entry(row["view"], row["generation"], row["version"], row["building"],
                                   row["building_version"]) for row in rows if row["view"] in VIEWS}

    def active(self) -> dict[str, Entry]:
        with self.recorder.reading() as r:
            return self.read(r)

    def served(self, r: Writer) -> Served:
        """The served generations' table names, as ``r`` sees them."""
        return Served(self.recorder, {name: e.generation for name, e in self.read(r).items()})

    def ensure(self) -> dict[str, Entry]:
        """Every view has a served generation of the code's schema version. A view seen for the
        first time, or whose schema version changed, gets fresh empty tables that the runner fills
        from the start of the log."""
        with self.recorder.page() as w:
            w.lock(REGISTRY)
            entries = self.read(w)
            for name, cls in VIEWS.items():
                entry = entries.get(name)
                if entry is not None and entry.version == cls.VERSION:
                    continue
                generation = 1 + max((entry.generation, entry.building or 0) if entry else (0,))
                self.recorder.create_view_tables(w, name, generation, cls.TABLES)
                w.execute(f"DELETE FROM {self.table} WHERE view = %s", (name,))
                w.execute(f"INSERT INTO {self.table} (view, generation, version) VALUES (%s, %s, %s)",
                          (name, generation, cls.VERSION))
            self._drop_unused(w)
            return self.read(w)

    def begin_build(self, names: list[str]) -> dict[str, int]:
        """New, empty generations for ``names`` (replacing any unfinished build)."""
        with self.recorder.page() as w:
            w.lock(REGISTRY)
            entries = self.read(w)
            built: dict[str, int] = {}
            for name in names:
                entry = entries[name]
                generation = 1 + max(entry.generation, entry.building or 0)
                tables = VIEWS[name].TABLES + VIEWS[name].BUILD_TABLES
                self.recorder.create_view_tables(w, name, generation, tables, indexes=False)
                w.execute(f"UPDATE {self.table} SET building = %s, building_version = %s WHERE view = %s",
                          (generation, VIEWS[name].VERSION, name))
                built[name] = generation
            self._drop_unused(w, keep=built)
            return built

    def switch(self, w: Writer, built: dict[str, int]) -> None:
        """Serves the built (and indexed) generations from now on (in the caller's transaction)."""
        w.lock(REGISTRY)
        for name, generation in built.items():
            switched = w.query(f"UPDATE {self.table} SET generation = building, version = building_version, "
                               "building = NULL, building_version = NULL WHERE view = %s AND building = %s "
                               "RETURNING view", (name, generation))
            if not switched:
                raise ConflictError("view.rebuild_raced", views=[name])

    def drop_unused(self) -> None:
        with self.recorder.page() as w:
            w.lock(REGISTRY)
            self._drop_unused(w)

    def _drop_unused(self, w: Writer, keep: dict[str, int] | None = None) -> None:
        """Drops every generation that is neither served nor being built, and its tracking record."""
        entries = self.read(w)
        live = {(e.view, e.generation) for e in entries.values()}
        live |= {(e.view, e.building) for e in entries.values() if e.building}
        live |= set((keep or {}).items())
        gone: set[tuple[str, int]] = set()
        for table in self.recorder.view_tables(w):
            match = GENERATION_TABLE.match(table)
            assert match is not None
            key = (match["view"], int(match["generation"]))
            if key not in live:
                w.execute(f"DROP TABLE IF EXISTS {self.recorder.qualified(table)}")
                gone.add(key)
        for view, generation in gone:
            w.execute(f"DELETE FROM {self.recorder.tracking_table} WHERE application_name = %s",
                      (tracking_name(view, generation),))

