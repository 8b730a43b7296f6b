"""What every answer says to the browser about itself, and whose forwarded headers are believed.

- Every answer: ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer`` and no framing
  by any site (``Content-Security-Policy: frame-ancestors 'none'``, ``X-Frame-Options: DENY``).
- The console (``/ui``) also: a Content-Security-Policy that admits only the console's own
  scripts, styles and images (it has no inline script or style), posts forms only to itself, and
  ``Cache-Control: no-store`` on its pages (a shared computer's back button shows nothing after
  signing out).
- ``X-Forwarded-Proto`` / ``X-Forwarded-For`` are believed only from the proxies named in
  ``LEDGER_TRUSTED_PROXIES`` (uvicorn's ``ProxyHeadersMiddleware``); from anyone else the
  connection itself says who and whether HTTPS — which decides the session cookie's ``Secure``.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

EVERY_ANSWER = {
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"no-referrer",
    b"x-frame-options": b"DENY",
    b"content-security-policy": b"frame-ancestors 'none'",
}
CONSOLE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'").encode()


class SecurityHeaders:
    """Adds the headers above to every HTTP answer (leaving any a route set itself)."""

    def __init__(self, app: ASGIApp, console_prefix: str) -> None:
        self.app = app
        self.console = console_prefix
        self.static = f"{console_prefix}/static/"

    def headers_for(self, path: str) -> dict[bytes, bytes]:
        if path != self.console and not path.startswith(f"{self.console}/"):
            return EVERY_ANSWER
        headers = {**EVERY_ANSWER, b"content-security-policy": CONSOLE_POLICY}
        if not path.startswith(self.static):
            headers[b"cache-control"] = b"no-store"
        return headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = self.headers_for(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                message["headers"] = headers + [(k, v) for k, v in wanted.items() if k not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_security(app: FastAPI, trusted_proxies: str, console_prefix: str) -> None:
    """The headers above on every answer; the forwarded headers of the trusted proxies believed
    (outermost, so that everything else sees the client and scheme they name)."""
    app.add_middleware(SecurityHeaders, console_prefix=console_prefix)
    if hosts := [host.strip() for host in trusted_proxies.split(",") if host.strip()]:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=hosts)
