"""Stale saves: a form carries the version of the claim it was opened at, and a save is refused
when the claim changed since, saying who changed what. The rule of the API's If-Match, for the
editorial pages and the admin: the check happens under the claim's row lock, so two editors
holding one version cannot both write."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from claims.models import Claim, ClaimChange
from factcheck.exceptions import StateConflict

STALE_KIND = "stale"


def claim_version(claim: Claim) -> str:
    """The version a form carries: the claim's last change (its ETag follows the same field)."""
    return claim.updated_at.isoformat()


class StaleVersion(StateConflict):
    """The claim changed since the form was opened; `changes` are those made since."""

    def __init__(self, message: str, *, changes: list[ClaimChange]) -> None:
        super().__init__(message, kind=STALE_KIND)
        self.changes = changes


def _describe(changes: list[ClaimChange]) -> str:
    if not changes:
        return "Changed since you opened it. Reload the page to see the claim as it is now."
    last = changes[-1]
    who = last.changed_by.get_username() if last.changed_by else "the system"
    when = timezone.localtime(last.changed_at).strftime("%H:%M")
    what = "; ".join(
        f"{change.action}" + (f" ({', '.join(sorted(change.changes))})" if change.changes else "")
        for change in changes
    )
    return (
        f"Changed by {who} at {when} since you opened it: {what}. "
        "Your change was not saved; here is the claim as it is now."
    )


@contextmanager
def claim_at_version(*, claim: Claim, version: str) -> Iterator[Claim]:
    """The claim locked for the rest of the transaction, if it is still at `version`."""
    opened = parse_datetime(version) if version else None
    if opened is None:
        raise StaleVersion(
            "This form did not say which version of the claim it was opened at: reload the page.",
            changes=[],
        )
    with transaction.atomic():
        current = Claim.objects.select_for_update().get(pk=claim.pk)
        if claim_version(current) != version:
            changes = list(
                ClaimChange.objects.filter(claim=current, changed_at__gt=opened)
                .select_related("changed_by")
                .order_by("changed_at", "id")
            )
            raise StaleVersion(_describe(changes), changes=changes)
        yield current
