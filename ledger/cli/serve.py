"""``ledger serve`` (the HTTP API and web console) and ``ledger version``."""

from __future__ import annotations

import os

import typer

from ledger import __version__


def version() -> None:
    """Print the ledger's version."""
    typer.echo(f"rotation-ledger {__version__}")


def serve(
    host: str = typer.Option(None, help="Address to listen on (default 127.0.0.1 or LEDGER_HOST)"),
    port: int = typer.Option(None, help="Port to listen on (default 8000 or LEDGER_PORT)"),
    demo: bool = typer.Option(False, "--demo", help="Load a demo county on first start and print an admin key"),
) -> None:
    """Serve the HTTP API and web console (and, on the embedded store, the projections)."""
    import uvicorn  # noqa: PLC0415 (keep `ledger --help` fast)

    from ledger.server import bounded_protocol  # noqa: PLC0415
    from ledger.settings import Settings  # noqa: PLC0415

    if demo:
        os.environ["LEDGER_DEMO"] = "true"
    settings = Settings()
    if demo:
        from ledger.cli.keys import print_demo_key  # noqa: PLC0415

        print_demo_key(settings, host or settings.host, port or settings.port)
    uvicorn.run(
        "api.app:create_app",  # an import string: ledger/ never imports api/
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        log_config=None,
        access_log=False,
        # slow clients are cut off (LEDGER_HEADER_TIMEOUT, LEDGER_BODY_TIMEOUT; ledger.server)
        http=bounded_protocol(settings.header_timeout, settings.body_timeout),
        # forwarded headers are believed only from LEDGER_TRUSTED_PROXIES, by the application itself
        proxy_headers=False,
    )
