"""Writes of attributions: who made or passed on a claim, recorded in the claim's history."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.roles import user_may
from claims.highlights import locate
from claims.models import Attribution, Claim, ClaimChange, ClaimStatus, Role, Stance
from claims.services.crosscheck_queue import corroboration_queue
from claims.services.publications import not_retracted
from claims.services.users import User, user_or_none
from factcheck.exceptions import ApplicationError, NotAllowed, full_clean
from sources.models import Source, SourceStatus
from sources.resolution import source_resolve


def _editable(claim: Claim, by: User) -> None:
    """Attributions of a retracted claim are frozen; those of a published claim decide whom the
    next publication names as claimant, so they are a reviewer's to change."""
    not_retracted(claim)
    if claim.status == ClaimStatus.PUBLISHED and not user_may(by, "claims.publish_claim"):
        raise NotAllowed("Only a reviewer changes the attributions of a published claim.")


def _record(
    claim: Claim, action: str, attribution: Attribution, by: User, *, reason: str = ""
) -> None:
    """Record the change in the claim's history (with why, when it was not the editor's own
    edit), and refresh the claim's corroboration (its sources changed) once the change
    commits."""
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
            **({"reason": reason} if reason else {}),
        },
        changed_by=user_or_none(by),
    )


def _place(attribution: Attribution, claim: Claim, *, source_start: int | None) -> None:
    """Mark where the attribution's source as written (and its cue) stands in the claim's
    article: near `source_start` (an editor's selection) if given, else near the claim's own
    span. A source as written that the article does not hold is refused; a cue it does not hold
    ("according to" paraphrased) is kept without a span."""
    article = claim.article
    if article is None or not attribution.source_text:
        if source_start is not None:
            raise ApplicationError(
                "A span needs an article and the source as written.", field="source_text"
            )
        attribution.source_start = attribution.source_end = None
        attribution.cue_start = attribution.cue_end = None
        return
    if source_start is not None:
        near: tuple[int, int] | None = (source_start, source_start)
    elif claim.start is not None and claim.end is not None:
        near = (claim.start, claim.end)
    else:
        near = None
    span = locate(article.body, attribution.source_text, near=near)
    if span is None:
        raise ApplicationError(
            f"“{attribution.source_text}” is not in the article's text: quote the source as "
            "it is written there.",
            field="source_text",
        )
    attribution.source_start, attribution.source_end = span
    cue = locate(article.body, attribution.cue, near=span)
    attribution.cue_start, attribution.cue_end = cue if cue is not None else (None, None)


def _save(attribution: Attribution) -> None:
    """Save, refusing in words a rejected source, or a second attribution of the claim to the
    source in one role."""
    # Locked: a rejection of the source (which removes its attributions) waits, or is waited for.
    attribution.source = Source.objects.select_for_update().get(pk=attribution.source_id)
    if attribution.source.status == SourceStatus.REJECTED:
        raise ApplicationError(
            f"{attribution.source.name} was rejected: it is not a source.", field="source"
        )
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
    source_start: int | None = None,
    cue: str = "",
    by: User,
) -> Attribution:
    """Link a claim to a source in a role; the same source twice in one role is refused. The
    source as written (`source_text`), when given, is marked where it stands in the claim's
    article (near `source_start`, an editor's selection, if given)."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        _editable(claim, by)
        attribution = Attribution(
            claim=claim, source=source, role=role, stance=stance, source_text=source_text, cue=cue
        )
        _place(attribution, claim, source_start=source_start)
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
    source_text: str | None = None,
    source_start: int | None = None,
    by: User,
) -> Attribution:
    """Change an attribution's role, stance, source, cue or source as written (what is not
    given stays); a new source as written, or a new `source_start`, marks it again where it
    stands in the article: an editor fixes a span so."""
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
        placed = (attribution.source_text, attribution.cue)
        if cue is not None:
            attribution.cue = cue
        if source_text is not None:
            attribution.source_text = source_text
        if source_start is not None or attribution.source_text != placed[0]:
            _place(attribution, claim, source_start=source_start)
        elif attribution.cue != placed[1]:
            # The cue changed alone: the source stays where it was marked.
            _place(attribution, claim, source_start=attribution.source_start)
        _save(attribution)
        _record(claim, "attribution changed", attribution, by)
    return attribution


def attribution_delete(*, attribution: Attribution, by: User, reason: str = "") -> None:
    """Remove an attribution; `reason` says why in the claim's history when the removal follows
    from another decision (a source rejected)."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=attribution.claim_id)
        _editable(claim, by)
        _record(claim, "attribution removed", attribution, by, reason=reason)
        attribution.delete()


def attribution_add_quoted(
    *,
    claim: Claim,
    source_text: str,
    source_start: int | None = None,
    source_name: str = "",
    role: str = Role.ORIGINATOR,
    stance: str = Stance.SUPPORTS,
    cue: str = "",
    by: User,
) -> Attribution:
    """An attribution an editor quotes from the article (a selection, or its words typed): to
    the source named `source_name`, or else the one the quoted words name, proposed for review
    when unknown. Nothing is proposed if the attribution is refused."""
    with transaction.atomic():
        source, _ = source_resolve(name=source_name or source_text, description=source_text)
        return attribution_create(
            claim=claim,
            source=source,
            role=role,
            stance=stance,
            source_text=source_text,
            source_start=source_start,
            cue=cue,
            by=by,
        )
