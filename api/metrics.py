"""Prometheus metrics, one registry per application instance (no process-global state).

- ``ledger_http_requests_total{method,route,status}`` and
  ``ledger_http_request_duration_seconds{method,route}``: every request, by route template;
- ``ledger_writes_total{outcome}``: writes that recorded events (``recorded``) or repeated an
  identical earlier write (``replayed``);
- ``ledger_head_position``: the ledger's last position (read from the store at scrape time);
- ``ledger_projection_lag_events``: events recorded but not yet in the views (when views run).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class StoreGauges(Collector):
    """Gauges computed when scraped, from callables that read the store and the views."""

    def __init__(self, head: Callable[[], int | None], lag: Callable[[], int | None]) -> None:
        self.head, self.lag = head, lag

    def collect(self) -> Iterator[Metric]:
        yield GaugeMetricFamily("ledger_head_position", "The ledger's last recorded position", value=self.head() or 0)
        lag = self.lag()
        if lag is not None:
            yield GaugeMetricFamily("ledger_projection_lag_events", "Events recorded but not yet in the views",
                                    value=lag)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=False)
        self.requests = Counter("ledger_http_requests", "HTTP requests answered", ("method", "route", "status"),
                                registry=self.registry)
        self.latency = Histogram("ledger_http_request_duration_seconds", "Time to answer an HTTP request",
                                 ("method", "route"), buckets=LATENCY_BUCKETS, registry=self.registry)
        self.writes = Counter("ledger_writes", "Writes answered, by outcome", ("outcome",), registry=self.registry)

    def watch_store(self, head: Callable[[], int | None], lag: Callable[[], int | None]) -> None:
        self.registry.register(StoreGauges(head, lag))

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)
