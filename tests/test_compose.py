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


ROLES = {"api": "ledger_service", "projector": "ledger_projector", "checkpointer": "ledger_auditor"}


def test_each_process_connects_as_its_own_role_made_by_init_with_the_password_apart_from_the_url():
    services = compose()["services"]
    init = services["init"]
    assert init["command"][:3] == ["ledger", "db", "init"] and "setup" in init["profiles"]
    made = dict(zip(init["command"][3::2], init["command"][4::2], strict=True))
    assert made == {"--service-role": "ledger_service", "--projector-role": "ledger_projector",
                    "--auditor-role": "ledger_auditor"}
    for name, role in ROLES.items():
        env = services[name]["environment"]
        assert env["LEDGER_DATABASE_URL"] == f"postgresql://{role}@db:5432/ledger", name
        password = role.removeprefix("ledger_").upper()
        assert env["LEDGER_DATABASE_PASSWORD"].startswith(f"${{LEDGER_{password}_PASSWORD:?"), name
        assert init["environment"][f"LEDGER_{password}_PASSWORD"] == env["LEDGER_DATABASE_PASSWORD"]
    assert init["environment"]["LEDGER_DATABASE_URL"] == "postgresql://ledger@db:5432/ledger"


def test_long_running_services_restart_and_the_api_and_projector_report_their_health():
    services = compose()["services"]
    for name in ("db", *ROLES):
        assert services[name]["restart"] == "unless-stopped", name
    assert services["init"]["restart"] == "no"
    assert "/readyz" in " ".join(services["api"]["healthcheck"]["test"])
    heartbeat = services["projector"]["command"][services["projector"]["command"].index("--heartbeat") + 1]
    assert heartbeat in services["projector"]["healthcheck"]["test"][1]


def test_the_env_example_names_every_variable_the_compose_file_reads():
    import re

    used = set(re.findall(r"\$\{([A-Z_]+)", (ROOT / "docker-compose.yml").read_text(encoding="utf-8")))
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    named = set(re.findall(r"^([A-Z_]+)=", example, flags=re.MULTILINE))
    assert used == named
    assert not re.search(r"PASSWORD=\S", example)  # no password given away
