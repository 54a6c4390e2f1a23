"""The OpenAPI schema tells every error an operation can answer, with the one error body."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from api.idempotency import HEADER as IDEMPOTENCY_HEADER
from api.idempotency import REPLAYED_HEADER
from api.serializers import Fields, with_fields

ERRORS = {
    "400": "Invalid input: `errors` names each field ({field: [messages]}).",
    "401": "No valid token or session (`WWW-Authenticate: Bearer`).",
    "403": "Your role, or a read-only token, does not allow this.",
    "404": "No such record.",
    "409": "The record's state refuses this, `type` naming why (`not_rated`, `retracted`, "
    "`claimant_unconfirmed`, ...), or a request with this Idempotency-Key is being answered.",
    "412": "If-Match is stale: the record changed since you read it.",
    "413": "The request body is over the size limit.",
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
        codes = ["401", "403", "429"]
        if self.method != "GET" or self._is_list_view():
            codes.append("400")
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
                    description="The ETag of the record as you last read it.",
                )
            )
        if self._action() in getattr(self.view, "conditional_if_match_actions", ()):
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    str,
                    OpenApiParameter.HEADER,
                    description="The claim's ETag as you last read it: required when the claim "
                    "is published.",
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
