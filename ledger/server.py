"""``ledger serve``'s HTTP server: uvicorn, with bounds on slow clients (ADR 0010).

uvicorn closes a kept-alive connection that sits idle (``timeout_keep_alive``, 5 s), but once a
byte of a request has arrived it waits for the rest for ever: a client trickling its headers
(slowloris) or its body holds a connection, and its memory, as long as it likes. The protocol here
is uvicorn's h11 protocol with two deadlines:

- **headers**: a request's headers must be complete within ``LEDGER_HEADER_TIMEOUT`` seconds
  (default 10) of the connection opening, or of the previous answer on a kept-alive connection;
- **body**: its body within ``LEDGER_BODY_TIMEOUT`` seconds (default 30) of its headers.

A client that misses one is answered ``408 Request Timeout`` (unless it sent nothing at all, or an
answer has begun) and its connection closed; the application sees the client go away. The time
the application takes to answer counts against neither.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

TIMED_OUT = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
             b"connection: close\r\ncontent-length: 16\r\n\r\nrequest timeout\n")


class BoundedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for a request's headers and one for its body."""

    header_timeout = 10.0
    body_timeout = 30.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._awaiting: str | None = None  # "headers" or "body" while a deadline runs

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._follow()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._follow()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._follow()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop()
        super().connection_lost(exc)

    def _follow(self) -> None:
        """Runs the deadline of what the client owes now: a request's headers, its body, or nothing
        (the application is answering)."""
        state = self.conn.their_state
        if self.transport.is_closing():
            self._stop()
        elif state is h11.IDLE:
            self._expect("headers", self.header_timeout)
        elif state is h11.SEND_BODY:
            self._expect("body", self.body_timeout)
        else:
            self._stop()

    def _expect(self, what: str, seconds: float) -> None:
        if self._awaiting == what:
            return  # the deadline already running stands
        self._stop()
        self._awaiting = what
        self._deadline = self.loop.call_later(seconds, self._expired, what, seconds)

    def _stop(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = self._awaiting = None

    def _expired(self, what: str, seconds: float) -> None:
        self._deadline = self._awaiting = None
        if self.transport.is_closing():
            return
        answered = False
        if what == "body" and self.cycle is not None:
            answered = self.cycle.response_started
            self.cycle.disconnected = True  # the application's next receive() is a disconnect
            self.cycle.message_event.set()
        sent_something = what == "body" or bool(self.conn.trailing_data[0])
        if sent_something and not answered:
            self.transport.write(TIMED_OUT)
        self.logger.warning("%s: the request's %s did not arrive within %g s; connection closed",
                            "%s:%d" % self.client if self.client else "a client", what, seconds)
        self.transport.close()


def bounded_protocol(header_timeout: float, body_timeout: float) -> type[BoundedH11Protocol]:
    """The protocol class with these deadlines (uvicorn's ``http`` setting takes a class)."""
    return type("BoundedH11Protocol", (BoundedH11Protocol,),
                {"header_timeout": header_timeout, "body_timeout": body_timeout})
