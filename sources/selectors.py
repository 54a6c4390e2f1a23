"""Reads of sources."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, QuerySet

from sources.models import Source, SourceAlias
from sources.names import source_key


def source_by_name(name: str) -> Source | None:
    """The source whose name or alias has the same key as `name`, if any."""
    key = source_key(name)
    if not key:
        return None
    source = Source.objects.filter(key=key).first()
    if source is not None:
        return source
    alias = SourceAlias.objects.select_related("source").filter(key=key).first()
    return alias.source if alias is not None else None


def sources_by_keys(keys: Iterable[str]) -> dict[str, Source]:
    """Known sources by key, for each of `keys` that names one (by name or alias); two queries."""
    wanted = set(keys)
    found = {source.key: source for source in Source.objects.filter(key__in=wanted)}
    aliases = SourceAlias.objects.select_related("source").filter(key__in=wanted - set(found))
    found.update({alias.key: alias.source for alias in aliases})
    return found


def source_list() -> QuerySet[Source]:
    """Sources with their affiliation (joined) and aliases (one more query)."""
    return Source.objects.select_related("affiliation").prefetch_related("aliases")


def source_track_record(*, source: Source) -> dict[str, int]:
    """How many claims the source made, by verdict ("" for not yet rated): one query."""
    from claims.models import Attribution, Role  # claims depends on sources, not the reverse

    rows = (
        Attribution.objects.filter(source=source, role=Role.ORIGINATOR)
        .values("claim__verdict")
        .annotate(claims=Count("claim_id", distinct=True))
        .order_by()
    )
    return {row["claim__verdict"] or "unrated": row["claims"] for row in rows}
