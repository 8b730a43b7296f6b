"""HTTP writes: postings per second recorded through the API (``POST /v1/teachers/{id}/postings``
against a real ``ledger serve``) by 1 and by 16 concurrent clients (an asyncio httpx load
generator, keep-alive connections), against the same postings recorded through the application
directly by 1 and by 16 threads. Each posting is one command on its own teacher; the server's
projector is off, as the direct path has none (writes never wait for the views)."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from benchmarks.measure import Figure, alternate, median, rate
from benchmarks.server import Server, serving
from benchmarks.sizes import Size
from benchmarks.staff import cycle_step, posting_body, register_staff
from benchmarks.stores import Stores
from ledger.app import RotationLedger
from ledger.bootstrap import build_ledger


def shares(ids: list[str], clients: int) -> list[list[str]]:
    return [ids[k::clients] for k in range(clients)]


def over_http(server: Server, ids: list[str], clients: int) -> float:
    """Postings per second recorded by ``clients`` concurrent HTTP clients."""

    async def client(http: httpx.AsyncClient, own: list[str]) -> None:
        for tid in own:
            answer = await http.post(f"/v1/teachers/{tid}/postings", json=posting_body(0))
            if answer.status_code != 201:
                raise RuntimeError(f"posting for {tid}: {answer.status_code} {answer.text[:300]}")

    async def load() -> float:
        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        async with httpx.AsyncClient(base_url=server.url, headers=server.headers, limits=limits,
                                     timeout=60) as http:
            await http.get("/healthz")  # connection made before the clock starts
            started = time.perf_counter()
            await asyncio.gather(*(client(http, own) for own in shares(ids, clients)))
            return time.perf_counter() - started

    return rate(len(ids), asyncio.run(load()))


def direct(app: RotationLedger, ids: list[str], clients: int) -> float:
    """Postings per second recorded through the application by ``clients`` threads."""

    def worker(own: list[str]) -> None:
        for tid in own:
            cycle_step(app, tid, 0)

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, shares(ids, clients)))
    return rate(len(ids), time.perf_counter() - started)


def run(stores: Stores, size: Size, folder: Path) -> list[Figure]:
    store = stores.new("http")
    app = build_ledger(store.settings())
    count, rounds = size.http_postings, size.rounds
    figures = []
    try:
        register_staff(app, "W", 0, with_schools=True)
        batches = {(clients, path, i): register_staff(app, f"{path}{clients}R{i}", count)
                   for clients in size.http_clients for path in ("H", "D") for i in range(rounds + 1)}
        with serving(store, folder / f"server-http-{store.backend}.log", projector=False) as server:
            for clients in size.http_clients:
                over_http(server, batches[(clients, "H", rounds)][:clients * 2], clients)  # warm up
                direct(app, batches[(clients, "D", rounds)][:clients * 2], clients)
                http, plain = alternate(rounds, lambda i, c=clients: over_http(server, batches[(c, "H", i)], c),
                                        lambda i, c=clients: direct(app, batches[(c, "D", i)], c))
                figures.append(Figure(
                    f"http_writes_{clients}", store.backend, "postings/s", median(http), median(plain),
                    f"application directly, {clients} thread{'s' if clients > 1 else ''}", None, http, plain,
                    {"clients": clients, "postings_per_round": count, "rounds": rounds, "server": "ledger serve, "
                     "one uvicorn process, projector off, JSON request log at INFO"}))
    finally:
        app.close()
    return figures
