"""What every benchmark reports: a figure beside the baseline measured in the same run on the same
database, their ratio, the target that ratio is held to, and the samples behind the medians.

The machine is shared and noisy, so figures are medians of several rounds in which the figure and
its baseline alternate (``alternate``), and latencies are percentiles of many samples.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

Op = str  # ">=" | "<="


@dataclass(frozen=True)
class Target:
    op: Op
    ratio: float

    def met_by(self, ratio: float) -> bool:
        return ratio >= self.ratio if self.op == ">=" else ratio <= self.ratio

    def __str__(self) -> str:
        return f"{self.op} {self.ratio:g}"


@dataclass
class Figure:
    """One measured figure. ``ratio`` is ``value / baseline``; ``target`` (when the issue sets
    one) says which way it must go."""

    name: str
    backend: str
    unit: str
    value: float
    baseline: float
    baseline_name: str
    target: Target | None = None
    samples: list[float] = field(default_factory=list)
    baseline_samples: list[float] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("nan")

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.target.met_by(self.ratio)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["target"] = str(self.target) if self.target else None
        data["ratio"] = self.ratio
        data["met"] = self.met
        return data

    def line(self) -> str:
        target = f" target {self.target}: {'met' if self.met else 'NOT met'}" if self.target else ""
        return (f"{self.backend:8} {self.name:28} {self.value:12,.2f} {self.unit:10} vs {self.baseline_name} "
                f"{self.baseline:,.2f} → ratio {self.ratio:.3f}{target}")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of the values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def alternate(rounds: int, measure: Callable[[int], float], baseline: Callable[[int], float]) -> tuple[
        list[float], list[float]]:
    """Runs the figure and its baseline in alternating rounds (so drifting load hits both alike);
    each callable gets the round number and returns one sample."""
    figures, baselines = [], []
    for i in range(rounds):
        figures.append(measure(i))
        baselines.append(baseline(i))
    return figures, baselines


def peak_rss_mb() -> float:
    """This process's peak resident memory so far: ``VmHWM`` of /proc/self/status, in MB.

    Not ``getrusage``'s ``ru_maxrss``: Linux carries it across ``exec`` from the forked image, so a
    child of a big parent would report at least the parent's size."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(module: str, *args: str, env: dict[str, str] | None = None, timeout: float = 3600) -> dict[str, Any]:
    """Runs ``python -m module args…`` in a fresh process and returns the JSON it prints last
    (so its peak memory is its own)."""
    done = subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, cwd=Path(__file__).resolve().parents[1], check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{module} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":  # a fresh process's own peak memory (tests/test_bench_smoke.py)
    print(json.dumps({"peak_rss_mb": peak_rss_mb()}))
