"""Prometheus metrics, one registry per application instance (no process-global state).

- ``ledger_http_requests_total{method,route,status}`` and
  ``ledger_http_request_duration_seconds{method,route}``: every request, by route template. Only
  what the service itself defines becomes a label — the HTTP methods it knows (any other is
  ``other``) and its routes' templates (a path no route matched is ``unmatched``) — so no client
  can add series by inventing methods or paths;
- ``ledger_writes_total{outcome}``: writes that recorded events (``recorded``) or repeated an
  identical earlier write (``replayed``);
- ``ledger_head_position``: the ledger's last position (read from the store at scrape time);
- ``ledger_projection_lag{view}``: positions each view is behind the ledger (when views run here).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class StoreGauges(Collector):
    """Gauges computed when scraped, from callables that read the store and the views (set when
    the service starts; nothing is reported before)."""

    def __init__(self) -> None:
        self.head: Callable[[], int | None] | None = None
        self.lags: Callable[[], dict[str, int] | None] = lambda: None

    def collect(self) -> Iterator[Metric]:
        if self.head is None:
            return
        yield GaugeMetricFamily("ledger_head_position", "The ledger's last recorded position", value=self.head() or 0)
        lags = self.lags()
        if lags is not None:
            family = GaugeMetricFamily("ledger_projection_lag", "Positions a view is behind the ledger",
                                       labels=("view",))
            for view, lag in sorted(lags.items()):
                family.add_metric((view,), lag)
            yield family


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=False)
        self.requests = Counter("ledger_http_requests", "HTTP requests answered", ("method", "route", "status"),
                                registry=self.registry)
        self.latency = Histogram("ledger_http_request_duration_seconds", "Time to answer an HTTP request",
                                 ("method", "route"), buckets=LATENCY_BUCKETS, registry=self.registry)
        self.writes = Counter("ledger_writes", "Writes answered, by outcome", ("outcome",), registry=self.registry)
        self.store = StoreGauges()
        self.registry.register(self.store)

    def watch_store(self, head: Callable[[], int | None], lags: Callable[[], dict[str, int] | None]) -> None:
        self.store.head, self.store.lags = head, lags

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """``route`` is a route's template (or ``UNMATCHED``), never a path a client sent."""
        method = method if method in KNOWN_METHODS else "other"
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)
