"""The one exception type for refusals of the domain; interfaces translate it for their users."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models


class ApplicationError(Exception):
    """A request the domain refuses, with a message fit for the person who made it."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class StateConflict(ApplicationError):
    """A request that the record's state refuses (rate before publishing; a retracted claim
    cannot be changed): asking again will not help until the state changes. `kind` names it."""

    def __init__(self, message: str, *, kind: str, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.kind = kind


class NotAllowed(ApplicationError):
    """A request the user's role does not allow."""


def full_clean(instance: models.Model) -> None:
    """Validate a record, turning the first field error into an ApplicationError."""
    try:
        instance.full_clean(validate_unique=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        if field == NON_FIELD_ERRORS:  # a model constraint: its message reads on its own
            raise ApplicationError(" ".join(messages)) from exc
        raise ApplicationError(f"{field}: {' '.join(messages)}", field=field) from exc
