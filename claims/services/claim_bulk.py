"""What the claims list does to the claims an editor ticked, in one request each: move them
through the workflow (publish or retract their verdicts) or assign them to an editor. A claim
the workflow refuses is left as it was and named, with why, in the outcome; the others go on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import User as Account
from django.db import transaction
from django.utils import timezone

from accounts.roles import user_may
from claims.models import Claim, ClaimChange, ClaimStatus
from claims.services.publications import claim_publish, claim_retract, not_retracted
from claims.services.users import User, user_or_none
from factcheck.exceptions import ApplicationError, NotAllowed

# The statuses a claim is moved to by an action of its own; "new" and "rated" follow from
# rating it (claims.services.claims.claim_rate), which takes a verdict and a rationale each.
BULK_STATUSES = (ClaimStatus.PUBLISHED, ClaimStatus.RETRACTED)


@dataclass
class BulkOutcome:
    """The ids of the claims an action was done to, and of those refused with why."""

    done: list[int] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)


def claims_set_status(
    *,
    claims: Sequence[Claim],
    status: str,
    by: User,
    reason: str = "",
    request_url: str = "",
) -> BulkOutcome:
    """Publish the verdicts of `claims` (`status` published: each needs one, and a confirmed
    claimant) or retract them (retracted, saying why), each as its own publication or retraction
    would; `request_url` as for claim_publish."""
    if not user_may(by, "claims.publish_claim"):
        raise NotAllowed("Only a reviewer publishes or retracts verdicts.")
    if status not in BULK_STATUSES:
        raise ApplicationError(
            "A claim is only published or retracted from the list; rate it on its page.",
            field="status",
        )
    if status == ClaimStatus.RETRACTED and not reason.strip():
        raise ApplicationError("Say why the verdicts are retracted.", field="reason")
    outcome = BulkOutcome()
    for claim in claims:
        try:
            if status == ClaimStatus.PUBLISHED:
                claim_publish(claim=claim, by=by, request_url=request_url)
            else:
                claim_retract(claim=claim, by=by, reason=reason)
        except ApplicationError as error:
            outcome.refused.append((claim.pk, error.message))
        else:
            outcome.done.append(claim.pk)
    return outcome


def claims_assign(*, claims: Sequence[Claim], assignee: Account | None, by: User) -> BulkOutcome:
    """Make `claims` the work of `assignee` (an editor; None: of nobody), each change in its
    claim's history, in a handful of queries whatever their number. Retracted claims are
    refused: they can no longer be changed."""
    if not user_may(by, "claims.change_claim"):
        raise NotAllowed("Only an editor assigns claims.")
    if assignee is not None and not user_may(assignee, "claims.change_claim"):
        raise ApplicationError(
            f"{assignee.get_username()} is not an editor: claims go to editors.", field="assignee"
        )
    outcome = BulkOutcome()
    with transaction.atomic():
        locked = (
            Claim.objects.select_for_update(of=("self",))
            .select_related("assignee")
            .filter(pk__in=[claim.pk for claim in claims])
            .order_by("pk")
        )
        changed = []
        for claim in locked:
            try:
                not_retracted(claim)
            except ApplicationError as error:
                outcome.refused.append((claim.pk, error.message))
                continue
            outcome.done.append(claim.pk)
            if claim.assignee_id != (assignee.pk if assignee else None):
                changed.append(claim)
        # The claims' versions (their ETags) follow, as on any other change of a claim.
        Claim.objects.filter(pk__in=[claim.pk for claim in changed]).update(
            assignee=assignee, updated_at=timezone.now()
        )
        name = assignee.get_username() if assignee else None
        ClaimChange.objects.bulk_create(
            ClaimChange(
                claim=claim,
                action="assigned",
                changes={"assignee": [claim.assignee and claim.assignee.get_username(), name]},
                changed_by=user_or_none(by),
            )
            for claim in changed
        )
    return outcome
