"""Query parameters are checked as bodies are: an unknown name, or an `ordering` the endpoint
does not offer, is refused with 400 and the allowed ones listed, rather than ignored."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.request import Request

PAGINATION = ("cursor", "page_size")
ORDERING = "ordering"


def allowed_query_parameters(view: Any) -> list[str]:
    filterset_class = getattr(view, "filterset_class", None)
    allowed = list(filterset_class.base_filters) if filterset_class is not None else []
    if getattr(view, "pagination_class", None) is not None:
        allowed += PAGINATION
    if getattr(view, "ordering_fields", None):
        allowed.append(ORDERING)
    return allowed


def refuse_unknown_query_parameters(request: Request, view: Any) -> None:
    if getattr(view, "action", None) is None:  # a method the endpoint lacks: DRF answers 405
        return
    allowed = allowed_query_parameters(view)
    errors: dict[str, list[str]] = {}
    for name in request.query_params:
        if name not in allowed:
            takes = ", ".join(sorted(allowed)) if allowed else "none"
            errors[name] = [f"Unknown query parameter; this endpoint takes: {takes}."]
    if ORDERING in request.query_params and ORDERING in allowed:
        fields = list(view.ordering_fields)
        offered = sorted({*fields, *(f"-{field}" for field in fields)})
        for term in request.query_params[ORDERING].split(","):
            if term.strip() not in offered:
                errors[ORDERING] = [f"Order by one of: {', '.join(offered)}."]
    if errors:
        raise exceptions.ValidationError(errors)
