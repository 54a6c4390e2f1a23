"""Writes of attributions: who made or passed on a claim, recorded in the claim's history."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.roles import user_may
from claims.models import Attribution, Claim, ClaimChange, ClaimStatus, Role, Stance
from claims.services.crosscheck_queue import corroboration_queue
from claims.services.publications import not_retracted
from claims.services.users import User, user_or_none
from factcheck.exceptions import ApplicationError, NotAllowed, full_clean
from sources.models import Source


def _editable(claim: Claim, by: User) -> None:
    """Attributions of a retracted claim are frozen; those of a published claim decide whom the
    next publication names as claimant, so they are a reviewer's to change."""
    not_retracted(claim)
    if claim.status == ClaimStatus.PUBLISHED and not user_may(by, "claims.publish_claim"):
        raise NotAllowed("Only a reviewer changes the attributions of a published claim.")


def _record(claim: Claim, action: str, attribution: Attribution, by: User) -> None:
    """Record the change in the claim's history, and refresh the claim's corroboration (its
    sources changed) once the change commits."""
    corroboration_queue(claims=[claim], requested_by=by)
    # The claim's ETag follows its attributions: a change here makes a stale If-Match fail.
    Claim.objects.filter(pk=claim.pk).update(updated_at=timezone.now())
    ClaimChange.objects.create(
        claim=claim,
        action=action,
        changes={
            "source": attribution.source.name,
            "role": attribution.role,
            "stance": attribution.stance,
        },
        changed_by=user_or_none(by),
    )


def _save(attribution: Attribution) -> None:
    """Save, refusing in words a second attribution of the claim to the source in one role."""
    full_clean(attribution)
    try:
        with transaction.atomic():
            attribution.save()
    except IntegrityError as exc:
        raise ApplicationError(
            f"{attribution.source.name} is already attributed this claim as {attribution.role}.",
            field="source",
        ) from exc


def attribution_create(
    *,
    claim: Claim,
    source: Source,
    role: str = Role.ORIGINATOR,
    stance: str = Stance.SUPPORTS,
    source_text: str = "",
    cue: str = "",
    by: User,
) -> Attribution:
    """Link a claim to a source in a role; the same source twice in one role is refused."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        _editable(claim, by)
        attribution = Attribution(
            claim=claim, source=source, role=role, stance=stance, source_text=source_text, cue=cue
        )
        _save(attribution)
        _record(claim, "attributed", attribution, by)
    return attribution


def attribution_update(
    *,
    attribution: Attribution,
    role: str | None = None,
    stance: str | None = None,
    source: Source | None = None,
    cue: str | None = None,
    by: User,
) -> Attribution:
    """Change an attribution's role, stance, source or cue (what is not given stays)."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=attribution.claim_id)
        _editable(claim, by)
        attribution = Attribution.objects.select_related("source").get(pk=attribution.pk)
        if role is not None:
            attribution.role = role
        if stance is not None:
            attribution.stance = stance
        if source is not None:
            attribution.source = source
        if cue is not None:
            attribution.cue = cue
        _save(attribution)
        _record(claim, "attribution changed", attribution, by)
    return attribution


def attribution_delete(*, attribution: Attribution, by: User) -> None:
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=attribution.claim_id)
        _editable(claim, by)
        _record(claim, "attribution removed", attribution, by)
        attribution.delete()
