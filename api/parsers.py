"""The API's JSON parser: DRF's, with a nesting limit, so that a deeply nested body is a 400
and not a RecursionError (Python's decoder recurses once per level)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError

# No request of this API nests deeper than a few levels; 32 leaves room and stays far from
# the interpreter's recursion limit, which the serializers would meet next.
MAX_DEPTH = 32


def nesting_depth(value: Any) -> int:
    """How deeply lists and objects nest in `value` (a scalar: 0), counted without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, Mapping):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth + 1)
        stack.extend((child, depth + 1) for child in children)
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            parsed = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(f"JSON parse error - nested more than {MAX_DEPTH} levels.") from exc
        if nesting_depth(parsed) > MAX_DEPTH:
            raise ParseError(f"JSON parse error - nested more than {MAX_DEPTH} levels.")
        return parsed
