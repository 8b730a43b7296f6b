"""``python -m benchmarks [--size full|smoke] [--backend postgres --backend sqlite] [--only NAME …]``

Runs the suite on each backend in scratch databases (created and dropped here) and writes the
figures as JSON to ``benchmarks/results/<size>-<UTC time>.json`` (git-ignored), rewritten after
each benchmark so an interrupted run keeps what it measured. ``make bench`` runs the full suite,
``make bench-smoke`` the smoke one.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path
from typing import Any

import psycopg

from benchmarks import append, bulk, http_writes, reads, rebuild, scale
from benchmarks.measure import Figure
from benchmarks.sizes import SIZES, Size
from benchmarks.stores import BACKENDS, PG, scratch
from ledger.logs import configure_logging

RESULTS = Path(__file__).resolve().parent / "results"
NAMES = ("append", "http_writes", "bulk_import", "rebuild", "reads", "scale")


def machine() -> dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), None)
    try:
        with psycopg.connect(dbname="postgres", connect_timeout=5, **PG) as conn:
            postgres = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
    except psycopg.Error:
        postgres = None
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=RESULTS.parent.parent, check=False).stdout.strip()
    return {"cpu": cpu, "cores": len(os.sched_getaffinity(0)), "memory_mb": memory,
            "os": platform.platform(), "python": platform.python_version(), "postgres": postgres,
            "sqlite": sqlite3.sqlite_version, "eventsourcing": version("eventsourcing"), "commit": commit,
            "load_average": Path("/proc/loadavg").read_text().split()[:3]}


class Results:
    def __init__(self, size: Size, path: Path) -> None:
        self.path = path
        self.figures: list[Figure] = []
        self.data: dict[str, Any] = {
            "size": size.name, "command": shlex.join([Path(sys.executable).name, "-m", "benchmarks", *sys.argv[1:]]),
            "started": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": machine(),
            "county": None, "scratch": [], "figures": [],
        }

    def add(self, figures: list[Figure]) -> None:
        for figure in figures:
            print(figure.line(), flush=True)
        self.figures += figures
        self.save()

    def save(self) -> None:
        self.data["figures"] = [f.to_dict() for f in self.figures]
        self.data["finished"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def run_backend(backend: str, size: Size, only: set[str], results: Results, files: Path, county: dict[str, Any],
                folder: Path) -> None:
    with scratch(backend) as stores:
        results.data["scratch"] += [stores.folder.as_posix()]
        if "append" in only:
            results.add(append.run(stores, size))
        if "http_writes" in only:
            results.add(http_writes.run(stores, size, folder))
        if only & {"bulk_import", "rebuild", "reads"}:
            figures, store = bulk.run(stores, size, files, county)
            results.add(figures if "bulk_import" in only else [])
            if "rebuild" in only:
                results.add(rebuild.run(stores, size, store))
            if "reads" in only:
                if "rebuild" not in only:  # the reads need the views
                    rebuild.measure_in_child(store, "rebuild")
                results.add(reads.run(size, store, folder))
        if "scale" in only:
            results.add(scale.run(stores, size))
    results.data["scratch"] += [store.name for store in stores.made if store.backend == "postgres"]
    results.save()


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument("--backend", action="append", choices=BACKENDS, help="default: both")
    parser.add_argument("--only", action="append", choices=NAMES, help="default: every benchmark")
    parser.add_argument("--out", type=Path, help="the results file (default: benchmarks/results/<size>-<time>.json)")
    args = parser.parse_args(argv)
    configure_logging("auto", "WARNING")
    size = SIZES[args.size]
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    results = Results(size, args.out or RESULTS / f"{size.name}-{stamp}.json")
    only = set(args.only or NAMES)
    with tempfile.TemporaryDirectory(prefix="ledger-bench-files-") as tmp:
        folder = Path(tmp)
        county: dict[str, Any] = {}
        if only & {"bulk_import", "rebuild", "reads"}:
            county = bulk.generate(size, folder / "county")
            results.data["county"] = county
        for backend in args.backend or BACKENDS:
            run_backend(backend, size, only, results, folder / "county", county, folder)
    results.save()
    print(f"results: {results.path}")
    return results.path


if __name__ == "__main__":
    main()
