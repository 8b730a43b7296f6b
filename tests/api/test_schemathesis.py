"""Property-based run of the whole API against its own OpenAPI document (schemathesis, in-process
over ASGI, with an admin key, on SQLite and on PostgreSQL): no 500s, every status documented, every
body, header and content type as documented, and input that breaks the schema always refused.

Each operation gets generated valid input (once with ids of a seeded county, once with any ids) and
generated invalid input; a bounded number of examples (``EXAMPLES``) bounds the run.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.feed import MAX_WAIT_SECONDS
from tests.api.bodies import seed

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance, negative_data_rejection]
SEEDED_IDS = {"teacher_id": "T-001", "school_id": "S-URBAN", "posting_id": "P-1", "exemption_id": "E-1",
              "name": "test-hr"}
EXAMPLES = 10
SHORT_POLL = 0.05  # a long poll's `wait` is valid up to 30 s; the run keeps it short


def run_operation(operation: Any, headers: dict[str, str], mode: GenerationMode,
                  path_parameters: dict[str, Any] | None) -> None:
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case: Any) -> None:
        wait = case.query.get("wait") if case.query else None
        if isinstance(wait, int | float) and not isinstance(wait, bool) and 0 <= wait <= MAX_WAIT_SECONDS:
            case.query["wait"] = min(wait, SHORT_POLL)  # still valid, just shorter
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


@pytest.mark.slow
def test_the_api_keeps_its_contract(api):
    seed(api, posting=True)
    schema = schemathesis.openapi.from_asgi("/openapi.json", api.app)
    headers = api.headers("admin")
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        seeded = {k: v for k, v in SEEDED_IDS.items() if k in names}
        runs = [(GenerationMode.POSITIVE, seeded or None), (GenerationMode.NEGATIVE, None)]
        if seeded:
            runs.append((GenerationMode.POSITIVE, None))
        for mode, path_parameters in runs:
            try:
                run_operation(operation, headers, mode, path_parameters)
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE, operation.label  # no input to get wrong
            except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001 (collect all, then report)
                failures.append(f"{operation.label} [{mode.value}]: {failure}")
    assert not failures, "\n\n".join(failures)
