"""Reads of sources."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from sources.models import PERSON_KINDS, Source, SourceAlias
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


_PERSON = Q(is_person=True) | Q(is_person__isnull=True, kind__in=PERSON_KINDS)
_ORGANISATION = Q(is_person=False) | (Q(is_person__isnull=True) & ~Q(kind__in=PERSON_KINDS))


def sources_ending_with(keys: Iterable[str], *, people: bool) -> dict[str, Source]:
    """For each of `keys`, the one known person (or organisation) whose name ends with its
    words ("klitschko": Vitali Klitschko; "air force": the Ukrainian Air Force), when exactly one
    does; one query."""
    wanted = set(keys)
    if not wanted:
        return {}
    ending = Q()
    for key in wanted:
        ending |= Q(key__endswith=f" {key}")
    candidates = Source.objects.filter(ending, _PERSON if people else _ORGANISATION)
    found: dict[str, list[Source]] = {}
    for source in candidates:
        for key in wanted:
            if source.key.endswith(f" {key}"):
                found.setdefault(key, []).append(source)
    return {key: sources[0] for key, sources in found.items() if len(sources) == 1}


def web_domain(url_or_host: str) -> str:
    """The host of a URL (or a bare host), lower case and without a leading "www."."""
    host = urlsplit(url_or_host).hostname if "//" in url_or_host else url_or_host
    host = (host or "").strip().rstrip(".").lower()
    return host.removeprefix("www.")


def source_by_domain(host: str) -> Source | None:
    """The source whose homepage is on `host` or a parent domain of it, the closest first.

    "edition.cnn.com" finds the source with homepage https://www.cnn.com/. One query over the
    sources that have a homepage (outlets, agencies and bodies: hundreds, not millions).
    """
    domain = web_domain(host)
    if not domain:
        return None
    matches = [
        (len(home), source)
        for source in Source.objects.exclude(homepage="").order_by("id")
        if (home := web_domain(source.homepage)) and (domain == home or domain.endswith(f".{home}"))
    ]
    return max(matches, key=lambda match: match[0])[1] if matches else None


def source_list() -> QuerySet[Source]:
    """Sources with their affiliation (joined) and aliases (one more query)."""
    return Source.objects.select_related("affiliation").prefetch_related("aliases")


def source_list_for_page(*, status: str = "", name: str = "") -> QuerySet[Source]:
    """Sources by name, each with `claims`, how many claims it is attributed on (in any role),
    in one query; only those of `status` if given, and those whose name or an alias contains
    `name` if given."""
    sources = Source.objects.annotate(claims=Count("attributions__claim", distinct=True))
    if status:
        sources = sources.filter(status=status)
    if name:
        aliased = SourceAlias.objects.filter(source=OuterRef("pk"), name__icontains=name)
        sources = sources.filter(Q(name__icontains=name) | Exists(aliased))
    return sources.order_by("name", "id")
