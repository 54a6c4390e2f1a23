"""The review of sources the extractor proposed: confirm with a grade, merge into a known
source, or reject as not a source. Here, not in sources.services, because a merge or a
rejection moves claims' attributions and articles' outlets (imports run claims → sources)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.roles import user_may
from claims.models import Article, Attribution, Claim, ClaimStatus, CrossCheck, Publication
from claims.services.attributions import attribution_delete
from claims.services.crosscheck_queue import corroboration_queue
from claims.services.users import User
from factcheck.exceptions import ApplicationError, NotAllowed
from sources.models import Source, SourceAlias, SourceStatus
from sources.names import source_key
from sources.services import source_update


def _may_edit(by: User) -> None:
    if not user_may(by, "sources.change_source"):
        raise NotAllowed("Only an editor reviews sources.")


def source_confirm(*, source: Source, grade: str, by: User) -> Source:
    """An editor confirms a source (proposed or not) and grades it (A–F)."""
    _may_edit(by)
    return source_update(source=source, status=SourceStatus.CONFIRMED, grade=grade)


def source_merge(*, source: Source, into: Source, by: User) -> Source:
    """`source` was another name of `into`: its attributions, articles and checks follow, its
    name and aliases become aliases of `into`, and it goes. An attribution `into` already has
    (same claim, same role) is dropped rather than doubled. The claims concerned have their
    corroboration refreshed once this commits."""
    _may_edit(by)
    if source.pk == into.pk:
        raise ApplicationError("A source cannot be merged into itself.", field="into")
    with transaction.atomic():
        locked = {
            s.pk: s for s in Source.objects.select_for_update().filter(pk__in=[source.pk, into.pk])
        }
        if len(locked) != 2:
            raise ApplicationError("One of the two sources no longer exists.", field="into")
        source, into = locked[source.pk], locked[into.pk]
        if into.status == SourceStatus.REJECTED:
            raise ApplicationError(f"{into.name} was rejected: it is not a source.", field="into")
        claim_ids = set(
            Attribution.objects.filter(source=source).values_list("claim_id", flat=True)
        )
        taken = set(Attribution.objects.filter(source=into).values_list("claim_id", "role"))
        moving = Attribution.objects.filter(source=source)
        for attribution in moving:
            if (attribution.claim_id, attribution.role) in taken:
                attribution.delete()
        moving.update(source=into)
        # The claims' versions (their ETags) follow their attributions, as on any other edit.
        Claim.objects.filter(pk__in=claim_ids).update(updated_at=timezone.now())
        Article.objects.filter(outlet=source).update(outlet=into)
        Publication.objects.filter(claimant=source).update(claimant=into)
        CrossCheck.objects.filter(source=source).delete()
        Source.objects.filter(affiliation=source).update(affiliation=into)
        names = [source.name, *source.aliases.values_list("name", flat=True)]
        source.delete()
        existing = set(into.aliases.values_list("key", flat=True)) | {into.key}
        SourceAlias.objects.bulk_create(
            SourceAlias(source=into, name=name, key=source_key(name))
            for name in dict.fromkeys(names)
            if source_key(name) not in existing
        )
        corroboration_queue(claims=list(Claim.objects.filter(pk__in=claim_ids)), requested_by=by)
    return into


def source_reject(*, source: Source, by: User) -> Source:
    """A proposed source is not a source (a misread name, "the report", "officials"): it is kept
    as rejected, so that the name resolves to it and is never proposed again, and nothing stays
    attributed to it. Each of its attributions is removed through attribution_delete (written to
    its claim's history, corroboration refreshed) but those of retracted claims, which are frozen
    records. Articles it was the outlet of, and sources it was the affiliation of, lose the link.
    """
    _may_edit(by)
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source.pk)
        if source.status != SourceStatus.PROPOSED:
            raise ApplicationError(
                f"Only a proposed source can be rejected; {source.name} is "
                f"{source.get_status_display().lower()}.",
                field="status",
            )
        attributions = Attribution.objects.filter(source=source).exclude(
            claim__status=ClaimStatus.RETRACTED
        )
        for attribution in attributions.select_related("source").order_by("claim_id", "id"):
            try:
                attribution_delete(
                    attribution=attribution,
                    by=by,
                    reason=f"{source.name} was rejected: not a source",
                )
            except ApplicationError as error:
                raise ApplicationError(
                    f"Claim {attribution.claim_id}: {error.message} Nothing was rejected."
                ) from error
        Article.objects.filter(outlet=source).update(outlet=None)
        Source.objects.filter(affiliation=source).update(affiliation=None)
        return source_update(source=source, status=SourceStatus.REJECTED)
