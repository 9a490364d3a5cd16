"""The API keeps its documented contract (schemathesis over the whole OpenAPI document).

Every operation is called in-process (WSGI) with generated requests — the schema's examples,
its boundary and negative cases (the coverage phase), and bounded random ones — as the
registrar, as a drafter and anonymously, against a small realistic agency. The checks: no
5xx, every response conforms to its documented status, content type and schema, and no
invalid request is accepted. Generation is deterministic, so a run is repeatable."""

from collections import Counter
from typing import Any

import pytest
import schemathesis
import time_machine
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from config.api import api
from config.wsgi import application
from conftest import Cast
from govoa.core.api import MAX_ID
from govoa.testing.clock import FROZEN_NOW
from tests.api.agency import Agency, build_agency

IDENTITIES = ["registrar", "drafter", "anonymous"]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
    unsupported_method,
]

# Text a client may send that random generation seldom hits: a NUL (PostgreSQL cannot store
# it), SQL and LIKE metacharacters, control and direction characters, surrogate-free emoji.
HOSTILE_TEXT = ["\x00", "公文\x00", "%", "_", "' OR 1=1--", "\r\n", "\u202e", "😀", " ", "0"]

DOCUMENT = api.get_openapi_schema()


def _body_text_fields(document: dict[str, Any]) -> set[str]:
    """The names of the text fields of every request body (JSON and multipart)."""
    schemas = document["components"]["schemas"]
    names = set()
    for operations in document["paths"].values():
        for operation in operations.values():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                body = media["schema"]
                if "$ref" in body:
                    body = schemas[body["$ref"].rsplit("/", 1)[-1]]
                for name, field in body.get("properties", {}).items():
                    if field.get("type") == "string" and "enum" not in field:
                        names.add(name)
    return names


CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {
            "mode": "all",
            "max-examples": 10,
            "deterministic": True,
            "database": "none",
            "dictionaries": {"string": {"dictionary": "hostile", "probability": 0.2}},
        },
        "dictionaries": {"hostile": {"values": HOSTILE_TEXT}},
        # Query, path and header strings take the dictionary above; body fields are named.
        "parameters": {
            f"body.{name}": {"dictionary": "hostile", "probability": 0.2}
            for name in sorted(_body_text_fields(DOCUMENT))
        },
        "phases": {"stateful": {"enabled": False}},
        # Hypothesis's own health checks about generation speed: the negative strategies
        # discard many drafts on this schema, and a shared 2-core machine is slow. Neither
        # says anything about the API.
        "suppress-health-check": ["too_slow", "filter_too_much"],
    }
)
schema = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG)
schema.app = application


def reach_real_objects(case: Any, agency: Agency, turn: int) -> None:
    """Point two generated requests in three at real objects, so that detail, act and download
    operations answer with data (whose shape is then checked), not only 404.

    Done here rather than in a generation hook because the coverage phase builds its cases
    when the test is collected, before the agency exists. Only a path whose parameters are
    all valid ids is changed: a negated parameter (``'0.5'``, ``'true'``) stays as generated,
    and a negative case stays negative in whatever else it negates."""
    parameters = case.path_parameters
    if not parameters or turn % 3 == 2 or not all(_an_id(v) for v in parameters.values()):
        return
    if set(parameters) == {"document_id", "attachment_id"}:
        pairs = agency.incoming_attachments
        parameters["document_id"], parameters["attachment_id"] = pairs[turn % len(pairs)]
        return
    for name in parameters:
        key = name
        if name == "document_id":
            module = "incoming" if "incoming" in case.operation.path else "outgoing"
            key = f"{module}_document_id"
        if agency.ids.get(key):
            parameters[name] = agency.ids[key][turn % len(agency.ids[key])]


def _an_id(value: Any) -> bool:
    """A valid id: a negative case's out-of-range number (``MAX_ID + 1``) stays as generated,
    or its refusal would be turned into an answer about a real object."""
    return not isinstance(value, bool) and str(value).isdigit() and 1 <= int(value) <= MAX_ID


@pytest.fixture(scope="module")
def one_connection():  # type: ignore[no-untyped-def]
    """Django closes the database connection when a request finishes; called through WSGI
    (not the test client, which does the same), that would close the connection that holds
    the test's transaction on PostgreSQL."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(scope="module")
def agency(one_connection, django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Built once for the module inside a transaction that is rolled back at its end; each
    test runs in a savepoint of it (pytest-django's ``db``), so every operation starts from
    the same agency."""
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(FROZEN_NOW, tick=True):  # the instant each test starts at
            built = build_agency(Cast)
        yield built
        transaction.set_rollback(True)


# How many cases each (identity, operation) has run so far: which of them reach real objects.
TURNS: Counter = Counter()


@pytest.mark.slow
@pytest.mark.parametrize("identity", IDENTITIES)
@schema.parametrize()
# ``db`` wraps each operation's whole run in one savepoint on purpose (cases see each other's
# writes, as a client's requests do); Hypothesis warns about function-scoped fixtures.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_api_contract(case, identity, agency, db, contract_stats):  # type: ignore[no-untyped-def]
    headers = {}
    if identity != "anonymous":
        headers["Authorization"] = f"Bearer {agency.tokens[identity]}"
    turn = TURNS[identity, case.operation.label]
    TURNS[identity, case.operation.label] += 1
    reach_real_objects(case, agency, turn)
    response = case.call(headers=headers)
    contract_stats["case", identity, case.operation.label] += 1
    contract_stats["status", response.status_code] += 1
    case.validate_response(response, checks=CHECKS, headers=headers)
