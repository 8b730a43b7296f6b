"""The benchmark suite at its smoke size (``make bench-smoke``), on each backend, so its code cannot
rot: the results file holds every figure with the baseline measured beside it. The targets are
not asserted here — the machine running tests is not a benchmark machine; docs/PERFORMANCE.md
reports them from a full run."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tests.conftest import PG

ROOT = Path(__file__).resolve().parents[1]
FIGURES = {
    "append": ">= 0.6", "http_writes_1": None, "http_writes_16": None, "bulk_import": ">= 0.25",
    "bulk_import_vs_library": ">= 0.5", "rebuild": ">= 0.5",
    "rebuild_memory": "<= 1.5", "read_history_p50": "<= 5", "read_service_record_p50": "<= 5",
    "read_roster_p50": "<= 5", "read_feed_p50": "<= 5", "scale_due_list": "<= 12", "scale_quota_report": "<= 12",
    "scale_due_list_known_at": "<= 12", "scale_quota_report_known_at": "<= 12", "known_at_due_list": None,
    "known_at_quota_report": None,
}


def reachable_postgres() -> None:
    try:
        psycopg.connect(dbname="postgres", connect_timeout=5, **PG).close()
    except psycopg.Error as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL must be reachable in CI: {error}")
        pytest.skip(f"PostgreSQL not reachable: {error}")


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_every_benchmark_runs_and_reports_its_figure_beside_a_baseline(backend: str, tmp_path: Path) -> None:
    if backend == "postgres":
        reachable_postgres()
    out = tmp_path / "results.json"
    env = {**os.environ, "LEDGER_BENCH_PG_HOST": PG["host"], "LEDGER_BENCH_PG_PORT": str(PG["port"]),
           "LEDGER_BENCH_PG_USER": PG["user"]}
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--size", "smoke", "--backend", backend, "--out",
                           str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["size"] == "smoke" and results["machine"]["cores"] >= 1 and results["command"]
    assert results["county"]["rows"]["history"] > 0
    figures = {f["name"]: f for f in results["figures"]}
    assert set(figures) == set(FIGURES)
    for name, figure in figures.items():
        assert figure["backend"] == backend
        assert figure["value"] > 0 and math.isfinite(figure["value"]), name
        assert figure["baseline"] > 0 and math.isfinite(figure["baseline"]) and figure["baseline_name"], name
        assert figure["ratio"] == pytest.approx(figure["value"] / figure["baseline"], rel=1e-3), name
        assert figure["samples"] and figure["baseline_samples"], name
        assert figure["target"] == FIGURES[name], name
        assert (figure["met"] is None) if FIGURES[name] is None else isinstance(figure["met"], bool), name
    assert figures["bulk_import"]["details"]["events"] == figures["rebuild"]["details"]["events"]
    # the peer baseline saved exactly the events the import recorded
    assert figures["bulk_import_vs_library"]["details"]["peer_events"] == figures["bulk_import"]["details"]["events"]
    assert figures["read_history_p50"]["details"]["requests"] == len(figures["read_history_p50"]["samples"])
    # the scratch databases and folders are gone
    scratch = results["scratch"]
    assert scratch and not any(Path(path).exists() for path in scratch if path.startswith("/"))
    databases = [name for name in scratch if not name.startswith("/")]
    assert bool(databases) is (backend == "postgres")
    if databases:
        with psycopg.connect(dbname="postgres", **PG) as conn:
            left = conn.execute("SELECT datname FROM pg_database WHERE datname = ANY(%s)", (databases,)).fetchall()
        assert left == []


def test_a_child_reports_its_own_peak_memory_not_its_parents() -> None:
    from benchmarks.measure import peak_rss_mb, run_child  # noqa: PLC0415

    ballast = bytearray(256 * 1024 * 1024)  # resident: the parent is now at least 256 MB
    ballast[::4096] = b"x" * len(ballast[::4096])
    child = run_child("benchmarks.measure")
    assert peak_rss_mb() > 256
    assert 5 < child["peak_rss_mb"] < 200, child
