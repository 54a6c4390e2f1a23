"""An editor's writes of sources: a new confirmed source, and changes to one (its fields and
aliases). Sources come to exist through sources.builder; names are resolved in
sources.resolution, kinds guessed in sources.kinds and the registry loaded in sources.registry."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from factcheck.exceptions import ApplicationError
from sources.builder import keys_check, sources_build, sources_check
from sources.models import Grade, Source, SourceAlias, SourceKind, SourceStatus


def _check_affiliation(source: Source, affiliation: Source | None) -> None:
    """Refuse an affiliation that would make the source belong to itself, directly or not."""
    seen = affiliation
    while seen is not None:
        if seen.pk == source.pk:
            raise ApplicationError("A source cannot belong to itself.", field="affiliation")
        seen = seen.affiliation


@transaction.atomic
def source_create(
    *,
    name: str,
    kind: str = SourceKind.OTHER,
    country: str = "",
    homepage: str = "",
    grade: str = Grade.F,
    grade_rationale: str = "",
    affiliation: Source | None = None,
    is_person: bool | None = None,
    aliases: Iterable[str] = (),
) -> Source:
    """A source confirmed by an editor, with its aliases; a name already known is refused."""
    [source] = sources_build(
        sources=[
            Source(
                name=name,
                kind=kind,
                country=country,
                homepage=homepage,
                grade=grade,
                grade_rationale=grade_rationale,
                affiliation=affiliation,
                is_person=is_person,
                status=SourceStatus.CONFIRMED,
            )
        ]
    )
    _set_aliases(source, aliases)
    return source


@transaction.atomic
def source_update(
    *,
    source: Source,
    aliases: Iterable[str] | None = None,
    **fields: str | bool | Source | None,
) -> Source:
    """Change an editor's fields of a source (name, kind, grade, ...) and, if given, its aliases."""
    source = Source.objects.select_for_update().get(pk=source.pk)
    if "affiliation" in fields:
        affiliation = fields["affiliation"]
        _check_affiliation(source, affiliation if isinstance(affiliation, Source) else None)
    for name, value in fields.items():
        setattr(source, name, value)
    if "name" in fields:
        source.key = ""  # the new name's
    sources_check(sources=[source], exclude=source)
    source.save()
    if aliases is not None:
        _set_aliases(source, aliases)
    return source


def _set_aliases(source: Source, names: Iterable[str]) -> None:
    """Make the source's aliases exactly `names`; a name another source goes by is refused."""
    wanted: dict[str, str] = {}
    for name in names:
        [key] = keys_check(names=[name], exclude=source, field="aliases")
        if key != source.key:
            wanted[key] = name.strip()
    source.aliases.exclude(key__in=wanted).delete()
    existing = set(source.aliases.values_list("key", flat=True))
    SourceAlias.objects.bulk_create(
        SourceAlias(source=source, name=name, key=key)
        for key, name in wanted.items()
        if key not in existing
    )
