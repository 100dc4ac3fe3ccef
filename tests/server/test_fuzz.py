"""Fuzzing the live server from its own /openapi.json with schemathesis: for every operation,
requests that fit the document and requests that do not (a fixed seed, a bounded number of
each), with a staff or a device token as the operation wants. No answer may be a 5xx, and every
answer must be one the document lists, of the type and the shape it says."""

from __future__ import annotations

from collections.abc import Callable

import hypothesis
import hypothesis.errors
import pytest
import schemathesis
from apitest import World
from hypothesis import HealthCheck, Phase
from schemathesis import GenerationMode, checks
from schemathesis.errors import SchemathesisError

EXAMPLES = 60  # per operation and mode: the whole run stays well under two minutes a database
DEVICE_PATHS = {"/api/v1/sync/push", "/api/v1/sync/pull", "/api/v1/device"}
# A content bundle is a .tar.gz: sent as the bytes generated for it.
schemathesis.serializer.alias("application/gzip", "application/octet-stream")
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


def _fuzzer(
    operation: schemathesis.APIOperation, mode: GenerationMode, headers: dict[str, str]
) -> Callable[[], None]:
    """A Hypothesis test of one operation: its cases called and their answers checked."""

    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis.settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case: schemathesis.Case) -> None:
        response = case.call(headers=headers, timeout=60)
        extra = [checks.negative_data_rejection] if mode is GenerationMode.NEGATIVE else []
        case.validate_response(response, checks=CHECKS + extra, headers=headers)

    return fuzz


@pytest.mark.parametrize(
    "mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["fitting", "not-fitting"]
)
def test_no_answer_is_a_server_error_or_outside_the_document(
    live, world: World, device_a, mode
) -> None:
    schema = schemathesis.openapi.from_url(f"{live.url}/openapi.json")
    operations = sorted(
        (result.ok() for result in schema.get_all_operations()),
        key=lambda op: (op.path not in DEVICE_PATHS, op.path, op.method),
    )
    assert len(operations) > 15
    found: list[str] = []
    for operation in operations:
        headers = device_a if operation.path in DEVICE_PATHS else World.auth(world.admin)
        try:
            _fuzzer(operation, mode, headers)()
        except hypothesis.errors.Unsatisfiable:
            assert mode is GenerationMode.NEGATIVE  # nothing of it can be made not to fit
        except (AssertionError, BaseExceptionGroup, SchemathesisError) as failure:  # go on: all
            found.append(f"{operation.method.upper()} {operation.path}: {failure}"[:3000])
    assert not found, "\n\n".join(found)
