"""Reads compiled to SQL once and run again with other values, for the API's hottest reads."""

from __future__ import annotations

import threading
from typing import Any

from django.db import connections
from django.db.models import QuerySet


class PreparedRows:
    """The rows of a values() queryset, compiled once per thread and database connection.

    Build the queryset with a placeholder for each value that changes (`pk=PLACEHOLDER`), then
    `rows(pk=42)` runs its SQL with 42 in the placeholder's place, and Django's converters turn
    the columns into Python values as for the queryset itself. Compiling a query with JSON
    subqueries costs more than running it (bench/api.py), and the SQL never changes.
    """

    def __init__(self, queryset: QuerySet[Any, dict[str, Any]], **placeholders: Any) -> None:
        self._queryset = queryset
        self._placeholders = placeholders
        self._local = threading.local()

    def rows(self, **values: Any) -> list[dict[str, Any]]:
        connection = connections[self._queryset.db]
        compiled = getattr(self._local, "compiled", None)
        if compiled is None or compiled[0] is not connection:
            compiled = self._local.compiled = (connection, *self._compile())
        _, compiler, sql, params, slots, names = compiled
        params = list(params)
        for name, positions in slots.items():
            for position in positions:
                params[position] = values[name]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        return [dict(zip(names, row, strict=True)) for row in compiler.results_iter([found])]

    def _compile(self) -> tuple[Any, str, tuple[Any, ...], dict[str, list[int]], list[str]]:
        query = self._queryset.query
        compiler = query.get_compiler(self._queryset.db)
        sql, params = compiler.as_sql()
        slots = {
            name: [i for i, param in enumerate(params) if param == placeholder]
            for name, placeholder in self._placeholders.items()
        }
        if not all(slots.values()):
            raise ValueError(f"A placeholder is missing from the query's parameters: {slots}")
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        return compiler, sql, tuple(params), slots, names
