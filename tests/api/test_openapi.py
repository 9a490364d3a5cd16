"""The OpenAPI document tells the truth: it is valid, and no two schemas share a name."""

from collections import defaultdict
from typing import Any

import pytest
from ninja.openapi.schema import OpenAPISchema
from openapi_spec_validator import validate

from config.api import api


@pytest.fixture
def definitions(monkeypatch) -> dict[str, list[dict[str, Any]]]:
    """Every component definition ninja adds while building the document, by name.

    ninja merges each model's ``$defs`` into ``components.schemas`` with ``dict.update``, so
    when two different schemas have the same class name the later silently replaces the
    earlier and every operation that used the earlier is documented with the wrong shape."""
    seen: dict[str, list[dict[str, Any]]] = defaultdict(list)
    original = OpenAPISchema.add_schema_definitions

    def record(self: OpenAPISchema, found: dict[str, Any]) -> None:
        for name, definition in found.items():
            seen[name].append(definition)
        original(self, found)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", record)
    api.get_openapi_schema()
    return seen


def test_no_two_different_schemas_share_a_component_name(definitions):
    assert definitions, "the document should define component schemas"
    clashes = {
        name: found
        for name, found in definitions.items()
        if any(other != found[0] for other in found[1:])
    }
    assert sorted(clashes) == []


def test_incoming_detail_documents_its_own_attachments():
    spec = api.get_openapi_schema()
    detail = spec["paths"]["/api/v1/incoming-documents/{document_id}"]["get"]
    ref = detail["responses"][200]["content"]["application/json"]["schema"]["$ref"]
    schemas = spec["components"]["schemas"]
    items = schemas[ref.rsplit("/", 1)[-1]]["properties"]["attachments"]["items"]["$ref"]
    attachment = schemas[items.rsplit("/", 1)[-1]]
    assert set(attachment["properties"]) == {"id", "name", "kind", "size", "sha256", "sm3"}


def test_the_document_is_valid_openapi(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    validate(response.json())


def test_every_json_body_is_a_closed_object():
    """Each JSON body schema derives from ``core.api.BodyIn``: an object, no unknown fields
    (a ninja ``Schema`` would take ``[null,null]`` for "all defaults")."""
    spec = api.get_openapi_schema()
    schemas = spec["components"]["schemas"]
    open_bodies = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            ref = content["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
            if schemas[ref].get("additionalProperties") is not False:
                open_bodies.append(f"{method.upper()} {path}")
    assert open_bodies == []
