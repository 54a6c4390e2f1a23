"""Deployment checks: a newsroom publishes under its own name and address, never a placeholder."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


@register("factcheck", deploy=True)
def newsroom_is_named(**kwargs: Any) -> list[CheckMessage]:
    """Every ClaimReview carries the newsroom's name and address (its `author` and `url`)."""
    return [
        Error(
            f"Set the {name} environment variable: published fact-checks (ClaimReview) carry "
            f"the newsroom's {what}.",
            hint=f"e.g. {name}={example}",
            id=f"factcheck.E00{number}",
        )
        for number, (name, what, example) in enumerate(
            [
                ("FACTCHECK_NEWSROOM_NAME", "name", '"Kyiv Desk"'),
                ("FACTCHECK_NEWSROOM_URL", "public address", "https://desk.example/"),
            ],
            start=1,
        )
        if not getattr(settings, name)
    ]
