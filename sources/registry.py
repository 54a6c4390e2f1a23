"""The source registry (seeds/sources.json): the sources a newsroom starts with, loaded once."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from factcheck.exceptions import ApplicationError
from sources.builder import sources_build
from sources.models import Grade, Source, SourceAlias, SourceStatus
from sources.names import source_key


@dataclass(frozen=True)
class RegistryEntry:
    name: str
    slug: str
    kind: str
    country: str
    homepage: str
    aliases: tuple[str, ...]
    affiliation: str | None
    grade: str
    grade_rationale: str


def _registry_entries(path: Path) -> list[RegistryEntry]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return [
            RegistryEntry(
                name=item["name"],
                slug=item["slug"],
                kind=item["kind"],
                country=item.get("country", ""),
                homepage=item.get("homepage", ""),
                aliases=tuple(item.get("aliases", ())),
                affiliation=item.get("affiliation"),
                grade=item.get("grade", Grade.F),
                grade_rationale=item.get("grade_rationale", ""),
            )
            for item in raw["sources"]
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ApplicationError(f"{path}: not a valid source registry ({exc}).") from exc


@transaction.atomic
def load_source_registry(path: Path) -> int:
    """Add the registry's sources that are not there yet; returns how many were added.

    Sources already present are left as they are: an editor may have changed their grade or
    rationale since, and the registry is only a starting point.
    """
    entries = _registry_entries(path)
    present = set(
        Source.objects.filter(slug__in=[entry.slug for entry in entries]).values_list(
            "slug", flat=True
        )
    )
    new = [entry for entry in entries if entry.slug not in present]
    try:
        added = sources_build(
            sources=[
                Source(
                    name=entry.name,
                    slug=entry.slug,
                    kind=entry.kind,
                    country=entry.country,
                    homepage=entry.homepage,
                    grade=entry.grade,
                    grade_rationale=entry.grade_rationale,
                    status=SourceStatus.CONFIRMED,
                )
                for entry in new
            ]
        )
    except ApplicationError as error:
        raise ApplicationError(f"{path}: {error.message}") from error
    for source, entry in zip(added, new, strict=True):
        _add_aliases(source, entry.aliases)
    for entry in entries:
        if entry.affiliation:
            affiliation = Source.objects.filter(slug=entry.affiliation).first()
            if affiliation is None:
                raise ApplicationError(
                    f"{path}: {entry.name} is affiliated with {entry.affiliation!r}, "
                    "which is no source's slug."
                )
            Source.objects.filter(slug=entry.slug, affiliation__isnull=True).update(
                affiliation=affiliation
            )
    return len(added)


def _add_aliases(source: Source, names: Iterable[str]) -> None:
    for name in names:
        key = source_key(name)
        if key and key != source.key and not SourceAlias.objects.filter(key=key).exists():
            SourceAlias.objects.create(source=source, name=name, key=key)
