"""The one exception type for refusals of the domain; interfaces translate it for their users."""

from __future__ import annotations


class ApplicationError(Exception):
    """A request the domain refuses, with a message fit for the person who made it."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
