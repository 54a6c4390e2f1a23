"""The schema says what the API does: the statuses it answers, the bounds it checks, the fields it
refuses, the nulls it sends, and the links a client follows from one answer to the next."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from factcheck.ids import MAX_ID
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

ERROR = "#/components/schemas/Error"


@pytest.fixture
def schema(client: Client) -> dict[str, Any]:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return dict(response.json())


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


def parameter(operation: dict[str, Any], name: str) -> dict[str, Any]:
    return next(p for p in operation["parameters"] if p["name"] == name)


def test_every_operation_documents_the_errors_any_request_can_meet(schema) -> None:
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        for code in ("400", "401", "403", "406", "414", "429"):
            body = responses[code]["content"]["application/json"]["schema"]
            assert body == {"$ref": ERROR}, (method, path, code)
        if "{id}" in path:
            assert "404" in responses, (method, path)


def test_a_change_by_a_deleted_account_is_described_as_null(schema, viewer) -> None:
    assert schema["components"]["schemas"]["ClaimChange"]["properties"]["changed_by"]["nullable"]
    claim = ClaimFactory()
    claim.changes.create(action="edited", changed_by=None)
    changes = viewer.get(f"/api/v1/claims/{claim.pk}/").json()["history"]
    assert changes[-1]["changed_by"] is None


def test_request_bodies_are_closed_as_the_api_refuses_unknown_fields(schema) -> None:
    for path, _, operation in operations(schema):
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if body is not None:
            name = body["schema"]["$ref"].rsplit("/", 1)[-1]
            assert schema["components"]["schemas"][name]["additionalProperties"] is False, path


def test_ids_in_paths_and_filters_are_integers_a_record_can_have(schema) -> None:
    ids = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    claims = schema["paths"]["/api/v1/claims/"]["get"]
    assert parameter(claims, "source")["schema"] == ids
    assert parameter(claims, "article")["schema"] == ids
    assert parameter(schema["paths"]["/api/v1/claims/{id}/"]["get"], "id")["schema"] == ids


def test_list_parameters_state_the_values_the_api_takes(schema) -> None:
    claims = schema["paths"]["/api/v1/claims/"]["get"]
    assert parameter(claims, "ordering")["schema"]["enum"] == [
        "created_at",
        "updated_at",
        "-created_at",
        "-updated_at",
    ]
    assert parameter(claims, "q")["schema"] == {
        "type": "string",
        "minLength": 1,
        "maxLength": 200,
        "pattern": "^[^\\x00]*$",
    }
    assert parameter(claims, "cursor")["schema"] == {"type": "string", "format": "cursor"}
    assert parameter(claims, "page_size")["schema"]["minimum"] == 1
    # The feed and the tokens offer no ordering: the parameter is not offered either.
    for path in ("/api/v1/fact-checks/", "/api/v1/tokens/"):
        names = [p["name"] for p in schema["paths"][path]["get"]["parameters"]]
        assert "ordering" not in names


def test_if_match_is_required_where_the_api_requires_it_and_answers_412_and_428(schema) -> None:
    rate = schema["paths"]["/api/v1/claims/{id}/rate/"]["post"]
    assert parameter(rate, "If-Match")["required"] is True
    assert {"412", "428"} <= set(rate["responses"])
    attribution = schema["paths"]["/api/v1/attributions/"]["post"]
    assert parameter(attribution, "If-Match").get("required", False) is False
    assert {"412", "428"} <= set(attribution["responses"])


def test_text_fields_say_what_text_the_api_refuses(schema, editor) -> None:
    text = schema["components"]["schemas"]["ClaimCreateRequest"]["properties"]["text"]
    pattern = re.compile(text["pattern"])
    for refused in (" \n ", "eight\x00"):
        assert not pattern.search(refused)
        response = editor.post("/api/v1/claims/", {"text": refused}, format="json")
        assert response.status_code == 400, refused
    assert pattern.search("Eight were hurt,\tthe mayor said.\n")


def test_rules_between_fields_are_in_the_schema(schema) -> None:
    components = schema["components"]["schemas"]
    assert components["CrossCheckQueueRequest"]["oneOf"] == [
        {"required": ["claim"]},
        {"required": ["article"]},
    ]
    ingest = schema["paths"]["/api/v1/articles/"]["post"]["requestBody"]
    assert ingest["required"] is True
    assert components["ReportsImportRequest"]["properties"]["reports"]["minItems"] == 1


def test_a_created_claim_links_to_reading_and_changing_it_with_its_etag(schema) -> None:
    links = schema["paths"]["/api/v1/claims/"]["post"]["responses"]["201"]["links"]
    assert links["v1_claims_retrieve"]["parameters"] == {"path.id": "$response.body#/id"}
    assert links["v1_claims_rate_create"]["parameters"] == {
        "path.id": "$response.body#/id",
        "header.If-Match": "$response.header.ETag",
    }
    read = schema["paths"]["/api/v1/claims/{id}/"]["get"]["responses"]["200"]["links"]
    assert read["v1_claims_partial_update"]["parameters"]["header.If-Match"] == (
        "$response.header.ETag"
    )


def test_following_the_links_creates_reads_and_changes_a_claim(editor) -> None:
    created = editor.post("/api/v1/claims/", {"text": "Eight were hurt."}, format="json")
    assert created.status_code == 201
    claim_id, version = created.json()["id"], created["ETag"]
    assert editor.get(f"/api/v1/claims/{claim_id}/").status_code == 200
    changed = editor.patch(
        f"/api/v1/claims/{claim_id}/",
        {"text": "Nine were hurt."},
        format="json",
        HTTP_IF_MATCH=version,
    )
    assert changed.status_code == 200, changed.content
