"""Slow clients against ``ledger serve`` itself: 200 connections trickling their headers
(slowloris), one trickling its body and one that never speaks are all cut off within the
documented bounds (``LEDGER_HEADER_TIMEOUT``, ``LEDGER_BODY_TIMEOUT``), answered 408 where they
sent something, while ordinary requests are answered throughout."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ledger.settings import Settings
from tests.integration.test_crash import api_server, free_port

HEADERS, BODY = 1.0, 1.5  # the server's bounds here, in seconds
MARGIN = 3.0  # for a loaded machine: the bound is the deadline plus at most this


@pytest.fixture
def server(tmp_path: Path) -> Iterator[int]:
    port = free_port()
    settings = Settings(database_url=f"sqlite:///{tmp_path}/ledger.sqlite")
    with api_server(settings, port, LEDGER_HEADER_TIMEOUT=str(HEADERS), LEDGER_BODY_TIMEOUT=str(BODY)):
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
        yield port


async def trickle(port: int, head: bytes, drip: bytes) -> tuple[float, bytes]:
    """Sends ``head``, then ``drip`` a byte every 0.2 s until the server closes the connection;
    returns how long the connection lasted and what the server answered."""
    started = time.monotonic()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(head)
    answer = b""
    try:
        for byte in drip * 1000:
            try:
                answer += await asyncio.wait_for(reader.read(1024), 0.2)
                if reader.at_eof():
                    break
            except TimeoutError:
                writer.write(bytes([byte]))
                await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()
    return time.monotonic() - started, answer


async def silent(port: int) -> tuple[float, bytes]:
    """Connects and says nothing; returns how long the connection lasted and what came back."""
    started = time.monotonic()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        answer = await asyncio.wait_for(reader.read(), HEADERS + MARGIN + 5)
    finally:
        writer.close()
    return time.monotonic() - started, answer


async def meanwhile(port: int) -> list[int]:
    """Ordinary requests while the slow clients hold their connections."""
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        statuses = []
        for _ in range(5):
            await asyncio.sleep(0.3)
            statuses.append((await client.get("/healthz")).status_code)
        return statuses


def test_slow_clients_are_cut_off_within_the_documented_bounds(server: int) -> None:
    async def attack() -> tuple[list[tuple[float, bytes]], tuple[float, bytes], tuple[float, bytes], list[int]]:
        headers = [trickle(server, b"GET /healthz HTTP/1.1\r\nHost: ledger\r\n", b"X-Slow: aaaaaaaaaa")
                   for _ in range(200)]
        body = trickle(server, b"POST /v1/teachers HTTP/1.1\r\nHost: ledger\r\nContent-Type: application/json\r\n"
                               b"Content-Length: 10000\r\n\r\n{", b'"x": 1, ')
        found = await asyncio.gather(asyncio.gather(*headers), body, silent(server), meanwhile(server))
        return found[0], found[1], found[2], found[3]

    slowloris, slow_body, quiet, ordinary = asyncio.run(attack())
    print(f"slowloris closed after {min(t for t, _ in slowloris):.2f}–{max(t for t, _ in slowloris):.2f} s, "
          f"slow body after {slow_body[0]:.2f} s, a silent client after {quiet[0]:.2f} s")
    assert ordinary == [200] * 5
    for lasted, answer in slowloris:
        assert HEADERS * 0.9 <= lasted <= HEADERS + MARGIN and answer.startswith(b"HTTP/1.1 408 "), (lasted, answer)
    lasted, answer = slow_body
    assert BODY * 0.9 <= lasted <= BODY + MARGIN and answer.startswith(b"HTTP/1.1 408 "), (lasted, answer)
    lasted, answer = quiet
    assert lasted <= HEADERS + MARGIN and answer == b""  # closed without a word: it asked nothing
