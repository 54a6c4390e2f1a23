"""Cursor pagination on every list: stable under inserts, `page_size` capped."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from rest_framework import exceptions, pagination
from rest_framework.request import Request


class CursorPagination(pagination.CursorPagination):
    page_size_query_param = "page_size"
    ordering = ("-created_at", "-id")
    invalid_cursor_message = "The cursor is not one this API gave out."

    @property
    def max_page_size(self) -> int:  # type: ignore[override]
        return int(settings.FACTCHECK_API_MAX_PAGE_SIZE)

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
                self._model._meta.get_field(name).to_python(cursor.position)
            except DjangoValidationError as exc:
                raise exceptions.ValidationError({"cursor": [self.invalid_cursor_message]}) from exc
        return cursor
