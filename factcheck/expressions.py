"""Database expressions the apps share, written once for PostgreSQL and SQLite."""

from __future__ import annotations

from typing import Any

from django.db.models import Aggregate, Func, JSONField, Subquery


class JSONList(Aggregate):
    """The group's values as one JSON array (of objects, with Django's JSONObject), so that a
    row and its children come back from one query: PostgreSQL's jsonb_agg, SQLite's
    json_group_array. It promises no order (SQLite before 3.44 cannot sort inside an
    aggregate): callers sort what they read."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        # jsonb, not json: Django reads jsonb as text and decodes it like any JSONField.
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


class JSONValue(Func):
    """A JSON column as JSON inside JSONObject: SQLite keeps JSON as text, which JSON_OBJECT would
    take for a string; PostgreSQL's jsonb needs nothing."""

    function = "JSON"
    output_field = JSONField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return compiler.compile(self.source_expressions[0])


class CompiledOnceSubquery(Subquery):
    """A correlated subquery whose SQL is compiled once per database and outer alias prefix, not
    once per query: its text depends on neither the outer query's filters nor its ordering (its
    aliases are its own, its outer reference the outer table's column), and compiling nested
    JSON expressions costs more than running them (bench/api.py)."""

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> Any:
        compiled: dict[tuple[str, str], Any] = self.__dict__.setdefault("_compiled", {})
        key = (connection.alias, compiler.query.alias_prefix)
        if key not in compiled:
            compiled[key] = super().as_sql(compiler, connection, *args, **extra)
        return compiled[key]

    def relabeled_clone(self, change_map: Any) -> Any:
        clone = super().relabeled_clone(change_map)
        clone.__dict__.pop("_compiled", None)  # its outer reference may have moved
        return clone
