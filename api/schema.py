"""The OpenAPI schema tells the truth: every status an operation can answer, with the one error
body; the bounds of every parameter the API enforces; request bodies closed (a field the API does
not know is refused); links from each record's answer to what can be done with it next, for
generated clients and Schemathesis's stateful run."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from django.conf import settings
from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.serializers import ListSerializer

from api.filters import IdFilter
from api.idempotency import HEADER as IDEMPOTENCY_HEADER
from api.idempotency import MAX_KEY_LENGTH as IDEMPOTENCY_KEY_MAX_LENGTH
from api.idempotency import REPLAYED_HEADER
from api.middleware import MAX_URI_BYTES
from api.query import ORDERING
from api.serializers import Fields, StrictSerializer, with_fields
from claims.textfiles import CONTROL_CHARACTERS
from factcheck.ids import MAX_ID

# Text without the control characters StrictSerializer refuses (tab and newlines are text).
TEXT_PATTERN = f"^[^{CONTROL_CHARACTERS}]*$"
NON_BLANK_TEXT_PATTERN = (
    f"^[^{CONTROL_CHARACTERS}]*[^{CONTROL_CHARACTERS}\\s][^{CONTROL_CHARACTERS}]*$"
)
NO_NUL_PATTERN = "^[^\\x00]*$"
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}

ERRORS = {
    "400": "Invalid input: `errors` names each field ({field: [messages]}), a query parameter "
    "or a body field the operation does not take included.",
    "401": "No valid token or session (`WWW-Authenticate: Bearer`).",
    "403": "Your role, or a read-only token, does not allow this.",
    "404": "No such record.",
    "406": "Send `Accept: application/json` (or leave it out).",
    "409": "The record's state refuses this, `type` naming why (`not_rated`, `retracted`, "
    "`claimant_unconfirmed`, ...), or a request with this Idempotency-Key is being answered.",
    "412": "If-Match is stale: the record changed since you read it.",
    "413": "The request body is over the size limit.",
    "414": f"The address (path and query string) is over {MAX_URI_BYTES:,} bytes.",
    "415": "Send `Content-Type: application/json`.",
    "422": "This Idempotency-Key was used with another request.",
    "428": "If-Match is required: send the ETag you read.",
    "429": "Too many requests: wait `Retry-After` seconds.",
}


class ErrorSerializer(serializers.Serializer[Any]):
    type = serializers.CharField(help_text="Machine-readable kind: invalid, not_found, ...")
    detail = serializers.CharField(help_text="A sentence for the person who sent the request.")

    def get_fields(self) -> Fields:
        errors = serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text="Messages by field (`non_field_errors` for the request as a whole).",
        )
        return with_fields(super().get_fields(), errors=errors)


class AutoSchema(openapi.AutoSchema):
    def _action(self) -> str:
        return str(getattr(self.view, "action", "") or "")

    def _error_codes(self) -> list[str]:
        # Any operation refuses an unknown query parameter (400), an Accept it cannot answer
        # (406) and an address too long (414).
        codes = ["400", "401", "403", "406", "414", "429"]
        if "{" in self.path:
            codes.append("404")
        if self.method in {"POST", "PATCH", "PUT"}:
            codes += ["413", "415"]
        if self._action() in self._if_match_actions():
            codes += ["412", "428"]
        if self._action() in getattr(self.view, "idempotent_actions", ()):
            codes += ["409", "422"]
        if self._action() in getattr(self.view, "state_conflict_actions", ()):
            codes.append("409")
        return sorted(set(codes))

    def _if_match_actions(self) -> set[str]:
        return {
            *getattr(self.view, "if_match_actions", ()),
            *getattr(self.view, "conditional_if_match_actions", ()),
        }

    def _get_response_headers_for_code(
        self, status_code: Any, direction: Any = "response"
    ) -> dict[str, Any]:
        """The headers each response sends, so that a generated client can read them."""
        headers: dict[str, Any] = dict(
            super()._get_response_headers_for_code(status_code, direction)
        )
        code = str(status_code)
        text = {"type": "string"}
        if code == "429":
            headers["Retry-After"] = {
                "schema": {"type": "integer"},
                "description": "Seconds to wait before asking again.",
            }
        if (
            code.startswith("2")
            and getattr(self.view, "sends_etag", False)
            and not self._is_list_view()
        ):
            headers["ETag"] = {
                "schema": text,
                "description": "The record's version: send it back in If-Match to change it.",
            }
        if code.startswith("2") and self._action() in getattr(self.view, "idempotent_actions", ()):
            headers[REPLAYED_HEADER] = {
                "schema": {"type": "string", "enum": ["true"]},
                "description": "Present on the replay of a request with a known Idempotency-Key.",
            }
        return headers

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        response_for_code: Callable[..., dict[str, Any]] = self._get_response_for_code  # untyped
        for code in self._error_codes():
            if code not in responses:
                response = response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = ERRORS[code]
                responses[code] = response
        return responses

    def _get_parameters(self) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super()._get_parameters()
        offered = getattr(self.view, "ordering_fields", None)
        if not offered:  # the ordering filter offers `ordering` to every list: not here
            parameters = [p for p in parameters if p["name"] != ORDERING]
        for parameter in parameters:
            parameter["schema"] = self._parameter_schema(parameter)
        return parameters

    def _parameter_schema(self, parameter: dict[str, Any]) -> dict[str, Any]:
        """The bounds the API enforces, so that a value the schema allows is one it takes."""
        name, schema = parameter["name"], dict(parameter["schema"])
        if parameter["in"] == "path":  # a record id (api.views.record_id)
            return dict(ID_SCHEMA)
        if parameter["in"] == "header":
            # A blank value is no value: the API refuses it as it would a missing one.
            schema["pattern"] = r"\S"
            if name == IDEMPOTENCY_HEADER:
                schema["maxLength"] = IDEMPOTENCY_KEY_MAX_LENGTH
            return schema
        if name == ORDERING:
            fields = list(getattr(self.view, "ordering_fields", ()))
            return {"type": "string", "enum": [*fields, *(f"-{field}" for field in fields)]}
        filterset_class = getattr(self.view, "filterset_class", None)
        declared = filterset_class.base_filters.get(name) if filterset_class else None
        if isinstance(declared, IdFilter):
            return dict(ID_SCHEMA)
        if schema.get("type") == "string" and "enum" not in schema and "format" not in schema:
            schema["minLength"] = 1  # a filter sent empty is refused (StrictFilterSet)
            schema["pattern"] = NO_NUL_PATTERN  # as Django's forms refuse it
            if declared is not None and (max_length := declared.extra.get("max_length")):
                schema["maxLength"] = max_length
        return schema

    def _map_serializer(
        self, serializer: Any, direction: Any, bypass_extensions: bool = False
    ) -> Any:
        map_serializer: Callable[..., dict[str, Any]] = super()._map_serializer  # untyped
        component = map_serializer(serializer, direction, bypass_extensions)
        if direction == "request" and isinstance(serializer, StrictSerializer):
            # What StrictSerializer refuses: unknown fields, control characters in text.
            component["additionalProperties"] = False
            for name, field in component.get("properties", {}).items():
                declared = serializer.fields.get(name)
                if isinstance(declared, ListSerializer):
                    _bounded_list(field, declared)
                if "items" in field:
                    field, declared = field["items"], getattr(declared, "child", None)
                _plain_text(field, declared)
            # Rules between fields that validate() enforces, declared beside it.
            component.update(getattr(serializer, "schema_constraints", {}))
            if component.get("description") == inspect.getdoc(StrictSerializer):
                del component["description"]  # inherited: about the class, not this body
        return component

    def _get_request_for_media_type(
        self, serializer: Any, direction: Any = "request"
    ) -> tuple[Any, bool]:
        for_media_type: Callable[..., tuple[Any, bool]] = super()._get_request_for_media_type
        schema, required = for_media_type(serializer, direction)  # untyped
        # Fields each optional, but one of them needed (schema_constraints): a body is required.
        return schema, required or bool(getattr(serializer, "schema_constraints", None))

    def get_auth(self) -> list[dict[str, Any]]:
        auth: list[dict[str, Any]] = list(super().get_auth())
        public = getattr(self.view, "public_setting", None)
        if public and getattr(settings, public) and {} not in auth:
            auth.append({})  # anonymous readers too
        return auth

    def get_override_parameters(self) -> list[Any]:
        parameters: list[Any] = list(super().get_override_parameters())
        if self._action() in getattr(self.view, "if_match_actions", ()):
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    str,
                    OpenApiParameter.HEADER,
                    required=True,
                    description="The record's ETag as you last read it (or `*`): without "
                    "it 428, and 412 if the record changed since.",
                )
            )
        if self._action() in getattr(self.view, "conditional_if_match_actions", ()):
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    str,
                    OpenApiParameter.HEADER,
                    description="The claim's ETag as you last read it (or `*`): required when "
                    "the claim is published (428 without it, 412 if it changed since).",
                )
            )
        if self._action() in getattr(self.view, "idempotent_actions", ()):
            parameters.append(
                OpenApiParameter(
                    IDEMPOTENCY_HEADER,
                    str,
                    OpenApiParameter.HEADER,
                    description="Any unique string: a retry with the same key and body gets "
                    "the first answer instead of creating again.",
                )
            )
        return parameters


def _plain_text(schema: dict[str, Any], field: Any) -> None:
    if schema.get("type") != "string" or "pattern" in schema:
        return
    # Whitespace alone is refused unless the field may be blank: DRF strips it (and ingest
    # strips the text it does not).
    blank = getattr(field, "allow_blank", True)
    schema["pattern"] = TEXT_PATTERN if blank else NON_BLANK_TEXT_PATTERN


def _bounded_list(schema: dict[str, Any], field: ListSerializer[Any]) -> None:
    """A list of records' bounds, which drf-spectacular leaves out."""
    for bound, keyword in (("min_length", "minItems"), ("max_length", "maxItems")):
        if (value := getattr(field, bound, None)) is not None:
            schema[keyword] = value


def add_links(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """A drf-spectacular postprocessing hook: OpenAPI links from each answer that names a record
    to the operations on that record (`/x/{id}/...`), carrying its id and, to those that take
    If-Match, its ETag; so that a client (and Schemathesis's stateful run) can follow create ->
    read -> update -> act as a person would."""
    paths: dict[str, dict[str, Any]] = result["paths"]
    for path, operations in paths.items():
        on_record = "{id}" in path
        record_path = path[: path.index("{id}/") + 5] if on_record else f"{path}{{id}}/"
        record_id = "$request.path.id" if on_record else "$response.body#/id"
        targets = [
            target_operation
            for target_path, target_operations in paths.items()
            if target_path.startswith(record_path) and target_path.count("{") == 1
            for target_operation in target_operations.values()
        ]
        for method, operation in operations.items():
            if method == "delete" or (not on_record and method != "post"):
                continue  # nothing follows a deletion; a list names many records, or none
            for code, response in operation["responses"].items():
                if not code.startswith("2") or not _names_a_record(result, response, path):
                    continue
                etag = "ETag" in response.get("headers", {})
                links = {
                    target["operationId"]: _link(target, record_id, etag=etag) for target in targets
                }
                links.pop(operation["operationId"], None)
                if links:
                    response["links"] = links
    return result


def _names_a_record(result: dict[str, Any], response: dict[str, Any], path: str) -> bool:
    """The answer of an operation on a record names it by the path; a create's, by its `id`."""
    if "{id}" in path:
        return True
    ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
    if ref is None:
        return False
    component = result["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return "id" in component.get("properties", {})


def _link(operation: dict[str, Any], record_id: str, *, etag: bool) -> dict[str, Any]:
    parameters = {"path.id": record_id}
    if etag and any(p["name"] == "If-Match" for p in operation.get("parameters", [])):
        parameters["header.If-Match"] = "$response.header.ETag"
    return {"operationId": operation["operationId"], "parameters": parameters}
