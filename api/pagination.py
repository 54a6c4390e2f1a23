"""Cursor pagination on every list: stable under inserts, `page_size` capped."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from rest_framework import exceptions, pagination
from rest_framework.request import Request
from rest_framework.utils.urls import remove_query_param

# The schema's format for a cursor, so that a client generator (the schema tests included) can
# tell a cursor from free text.
CURSOR_FORMAT = "cursor"


def _position(text: str) -> Any:
    """A cursor's position: the ordering field's value as text, which DRF's stubs type as an
    int."""
    return text


class CursorPagination(pagination.CursorPagination):
    page_size_query_param = "page_size"
    ordering = ("-created_at", "-id")
    invalid_cursor_message = "The cursor is not one this API gave out."

    def get_page_size(self, request: Request) -> int:
        """`page_size` from 1 up, capped at FACTCHECK_API_MAX_PAGE_SIZE; anything else is a 400."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size or 20
        if not raw.isdigit() or int(raw) < 1:
            raise exceptions.ValidationError(
                {self.page_size_query_param: ["Send a whole number from 1 up."]}
            )
        return min(int(raw), int(settings.FACTCHECK_API_MAX_PAGE_SIZE))

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = (
                    "Results per page; more than the server's cap (100 by default) gets the cap."
                )
            if parameter["name"] == self.cursor_query_param:
                # Opaque: no pattern can tell one this API gave out from another string.
                parameter["schema"] = {"type": "string", "format": CURSOR_FORMAT}
                parameter["description"] = (
                    "Opaque: the `cursor` of a page's `next` or `previous` link, as given; "
                    "anything else is a 400."
                )
        return parameters

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any] | None:
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request: Request) -> pagination.Cursor | None:
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound as exc:
            raise exceptions.ValidationError({"cursor": [self.invalid_cursor_message]}) from exc
        if cursor is not None and cursor.position is not None:
            # The position is compared with the ordering field: a forged one must not reach SQL.
            name = self.ordering[0].lstrip("-")
            try:
                position = self._model._meta.get_field(name).to_python(cursor.position)
            except DjangoValidationError as exc:
                raise exceptions.ValidationError({"cursor": [self.invalid_cursor_message]}) from exc
            if isinstance(position, datetime.datetime) and position.tzinfo is not None:
                # In UTC: PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 allows.
                utc = position.astimezone(datetime.UTC).isoformat()
                cursor = cursor._replace(position=_position(utc))
        return cursor


class FeedPagination(CursorPagination):
    """The fact-check feed, in the order revisions went out: every page carries a `next` cursor,
    the last one too (it stands after the last revision), so a partner keeps the last `next`
    and asks again for everything published since."""

    ordering = ("published_at", "id")

    def get_next_link(self) -> str | None:
        if self.has_next:
            return super().get_next_link()
        if self.page:
            position = self._get_position_from_instance(self.page[-1], self.ordering)
            cursor = pagination.Cursor(offset=0, reverse=False, position=_position(position))
            return self.encode_cursor(cursor)
        if self.cursor is not None:  # nothing new since this cursor: keep it
            return self.encode_cursor(self.cursor)
        # The page's own address, as paginate_queryset read it.
        return str(remove_query_param(self.base_url or "", self.cursor_query_param))
