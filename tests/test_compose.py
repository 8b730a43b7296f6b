"""docker-compose.yml: every service runs a real `ledger` subcommand; the database is healthy
before the services start; there are no default secrets; only the checkpointer holds the signing
key, and the API reads the checkpoints it writes."""

from pathlib import Path

import yaml
from typer.main import get_command

from ledger.cli import app

ROOT = Path(__file__).resolve().parents[1]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_every_service_command_is_a_real_ledger_subcommand():
    commands = get_command(app).commands  # type: ignore[attr-defined]
    ledger_services = [s for s in compose()["services"].values() if "command" in s]
    assert ledger_services
    for service in ledger_services:
        program, subcommand, *_ = service["command"]
        assert program == "ledger" and subcommand in commands, service["command"]


def test_services_wait_for_a_healthy_database():
    services = compose()["services"]
    assert "healthcheck" in services["db"]
    for name, service in services.items():
        if name != "db":
            assert service["depends_on"]["db"]["condition"] == "service_healthy"


def test_no_default_secrets():
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert "POSTGRES_PASSWORD:?" in text
    assert compose()["services"]["db"]["environment"]["POSTGRES_PASSWORD"].startswith("${")


def test_only_the_checkpointer_holds_the_signing_key_and_the_api_reads_its_checkpoints():
    services = compose()["services"]
    holders = [name for name, service in services.items() if "checkpoint_signing_key" in service.get("secrets", [])]
    assert holders == ["checkpointer"]
    assert services["checkpointer"]["command"] == ["ledger", "checkpoint", "--watch"]
    assert services["api"]["environment"]["LEDGER_RUN_PROJECTOR"] == "false"
    assert "checkpoints:/checkpoints:ro" in services["api"]["volumes"]
    assert services["api"]["environment"]["LEDGER_CHECKPOINT_DIR"] == services["checkpointer"]["environment"][
        "LEDGER_CHECKPOINT_DIR"]
