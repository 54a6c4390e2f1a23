"""Asking for CrossChecks and taking the ask back: a check is recorded first and handed to the
queue when the transaction commits (claims/services/crosscheck_dispatch.py); a queued or running
check can be cancelled.

The database row is the record of truth and the queue only a hint: the task that runs a check
(claims/services/crosscheck_runs.py) leaves alone a check no longer queued.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.models import (
    PENDING,
    SOURCE_KINDS,
    Article,
    Claim,
    CrossCheck,
    CrossCheckKind,
    CrossCheckStatus,
)
from claims.services.corroboration import question_key
from claims.services.crosscheck_dispatch import crosscheck_dispatch
from claims.services.users import User, user_or_none
from factcheck.commits import recording
from factcheck.exceptions import ApplicationError
from sources.models import Source


def _check_subject(kind: str, *, on_claim: bool, on_source: bool) -> CrossCheckKind:
    if kind not in CrossCheckKind.values:
        known = ", ".join(CrossCheckKind.values)
        raise ApplicationError(f"{kind!r} is not a kind of CrossCheck ({known}).", field="kind")
    checked = CrossCheckKind(kind)
    if checked in SOURCE_KINDS and (on_claim or not on_source):
        raise ApplicationError(f"A {checked.label} check is about a source.", field="source")
    if checked not in SOURCE_KINDS and (on_source or not on_claim):
        raise ApplicationError(f"A {checked.label} check is about a claim.", field="claim")
    return checked


def crosscheck_queue(
    *,
    kind: str,
    claim: Claim | None = None,
    source: Source | None = None,
    requested_by: User = None,
) -> CrossCheck:
    """Record a check and queue it once the surrounding transaction commits.

    A check of the same kind on the same subject that is still queued or running is returned
    instead of a second one: asking twice does the work once.
    """
    checked = _check_subject(kind, on_claim=claim is not None, on_source=source is not None)
    try:
        with recording():
            check = CrossCheck.objects.create(
                kind=checked,
                claim=claim,
                source=source,
                requested_by=user_or_none(requested_by),
                max_attempts=settings.FACTCHECK_CROSSCHECK_MAX_ATTEMPTS,
                # Optimistic: a failed dispatch clears it, so the sweeper sends it at once.
                dispatched_at=timezone.now(),
            )
            transaction.on_commit(partial(crosscheck_dispatch, crosscheck_ids=[check.pk]))
    except IntegrityError:
        # One is pending (a unique constraint says so); looked up only then, as it is rare.
        return CrossCheck.objects.get(kind=checked, claim=claim, source=source, status__in=PENDING)
    return check


def crosscheck_queue_many(
    *, kind: str, claims: Sequence[Claim], requested_by: User = None
) -> list[CrossCheck]:
    """Record checks of `kind` on many claims in one transaction, queued when it commits; a
    claim with such a check pending gets that one. One check per claim, in the claims' order."""
    checked = _check_subject(kind, on_claim=True, on_source=False)
    unique = list({claim.pk: claim for claim in claims}.values())
    with recording():
        pending = CrossCheck.objects.filter(kind=checked, claim__in=unique, status__in=PENDING)
        found = {check.claim_id: check for check in pending}
        now = timezone.now()
        try:
            with transaction.atomic():
                created = CrossCheck.objects.bulk_create(
                    CrossCheck(
                        kind=checked,
                        claim=claim,
                        requested_by=user_or_none(requested_by),
                        max_attempts=settings.FACTCHECK_CROSSCHECK_MAX_ATTEMPTS,
                        dispatched_at=now,
                    )
                    for claim in unique
                    if claim.pk not in found
                )
        except IntegrityError:  # another request queued some of them a moment ago
            return [crosscheck_queue(kind=kind, claim=c, requested_by=requested_by) for c in claims]
        if created:
            ids = [check.pk for check in created]
            transaction.on_commit(partial(crosscheck_dispatch, crosscheck_ids=ids))
    found.update({check.claim_id: check for check in created})
    return [found[claim.pk] for claim in claims]


def corroboration_queue(*, claims: Sequence[Claim], requested_by: User = None) -> list[CrossCheck]:
    """Queue the corroboration refresh of the questions of `claims` (each claim standing alone is
    its own question): a refresh recomputes its claim's whole question, so one check per question
    is enough, on the first of its claims given."""
    firsts: dict[str, Claim] = {}
    for claim in claims:
        firsts.setdefault(question_key(claim), claim)
    return crosscheck_queue_many(
        kind=CrossCheckKind.CORROBORATION, claims=list(firsts.values()), requested_by=requested_by
    )


def crosscheck_queue_article(
    *, article: Article, kind: str, requested_by: User = None
) -> list[CrossCheck]:
    """Queue a check of `kind` on every claim of the article, in reading order."""
    claims = list(article.claims.order_by("start", "id"))
    return crosscheck_queue_many(kind=kind, claims=claims, requested_by=requested_by)


def crosscheck_cancel(*, check: CrossCheck, by: User) -> CrossCheck:
    """Cancel a queued or running check; a running attempt stops at its next progress report and
    its result, if it finishes first, is not stored."""
    now = timezone.now()
    cancelled = CrossCheck.objects.filter(pk=check.pk, status__in=PENDING).update(
        status=CrossCheckStatus.CANCELLED,
        cancelled_by=user_or_none(by),
        cancelled_at=now,
        finished_at=now,
    )
    check.refresh_from_db()
    if not cancelled:
        raise ApplicationError(
            f"CrossCheck {check.pk} has already {check.status}; only queued or running checks "
            "can be cancelled.",
            field="status",
        )
    return check
