"""Writes of sources: resolving names to records, proposing new ones, loading the registry."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from factcheck.exceptions import ApplicationError
from sources.models import Grade, Source, SourceAlias, SourceKind, SourceStatus
from sources.names import source_key
from sources.selectors import source_by_name, sources_by_keys

# Words that suggest what kind of source a description names, most specific first.
_KIND_HINTS: tuple[tuple[SourceKind, re.Pattern[str]], ...] = (
    (SourceKind.STATE_MEDIA, re.compile(r"\bstate(?:-run| run| owned|-owned)? media\b")),
    (SourceKind.WIRE_AGENCY, re.compile(r"\b(?:news agency|wire service|wire agency)\b")),
    (
        SourceKind.NEWS_OUTLET,
        re.compile(
            r"\b(?:journalists?|reporters?|correspondents?|newspaper|broadcaster|magazine)\b"
        ),
    ),
    (SourceKind.THINK_TANK, re.compile(r"\b(?:think tank|institute|foundation|council on)\b")),
    (
        SourceKind.MILITARY,
        re.compile(r"\b(?:army|air force|navy|military|armed forces|general staff|troops)\b"),
    ),
    (
        SourceKind.OFFICIAL,
        re.compile(
            r"\b(?:minister|official|aide|spokes(?:man|woman|person)|president|governor|mayor"
            r"|senator|secretary|head|chief|ambassador|adviser|advisor|lawmaker|representative)\b"
        ),
    ),
    (
        SourceKind.GOVERNMENT_BODY,
        re.compile(r"\b(?:ministry|department|government|administration|agency|office|kremlin)\b"),
    ),
)


def guess_kind(description: str) -> SourceKind:
    """The kind of source a description suggests ("a Kremlin aide": an official)."""
    text = description.casefold()
    for kind, pattern in _KIND_HINTS:
        if pattern.search(text):
            return kind
    return SourceKind.OTHER


def _word_ngrams(key: str, longest: int = 5) -> set[str]:
    words = key.split()
    return {
        " ".join(words[i : i + n])
        for n in range(1, min(longest, len(words)) + 1)
        for i in range(len(words) - n + 1)
    }


def guess_affiliation(description: str, *, exclude: Source | None = None) -> Source | None:
    """A known source named inside a description ("a Kremlin aide": the Kremlin), longest first."""
    key = source_key(description)
    known = sources_by_keys(_word_ngrams(key) - {key})
    for found_key in sorted(known, key=len, reverse=True):
        if known[found_key] != exclude:
            return known[found_key]
    return None


def _unique_slug(name: str) -> str:
    base = slugify(name)[:190] or "source"
    slug, n = base, 1
    while Source.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def source_resolve(*, name: str, description: str = "") -> tuple[Source, bool]:
    """The source called `name`, proposing a new one for review when none matches.

    `description` is the source as written ("a Kremlin aide", "Ukraine's foreign minister"); a
    proposed source takes its kind and affiliation from it. Returns (source, created).
    """
    existing = source_by_name(name)
    if existing is not None:
        return existing, False
    key = source_key(name)
    if not key:
        raise ApplicationError(f"{name!r} is not a usable source name.", field="source")
    described = f"{description} {name}".strip()
    source = Source(
        name=name.strip()[:200],
        slug=_unique_slug(name),
        key=key,
        kind=guess_kind(described),
        status=SourceStatus.PROPOSED,
    )
    source.affiliation = guess_affiliation(described)
    source.full_clean()
    source.save()
    return source, True


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
    added = 0
    for entry in entries:
        if Source.objects.filter(slug=entry.slug).exists():
            continue
        source = Source(
            name=entry.name,
            slug=entry.slug,
            key=source_key(entry.name),
            kind=entry.kind,
            country=entry.country,
            homepage=entry.homepage,
            grade=entry.grade,
            grade_rationale=entry.grade_rationale,
            status=SourceStatus.CONFIRMED,
        )
        source.full_clean(exclude=["affiliation"])
        source.save()
        _add_aliases(source, entry.aliases)
        added += 1
    for entry in entries:
        if entry.affiliation:
            Source.objects.filter(slug=entry.slug, affiliation__isnull=True).update(
                affiliation=Source.objects.get(slug=entry.affiliation)
            )
    return added


def _add_aliases(source: Source, names: Iterable[str]) -> None:
    for name in names:
        key = source_key(name)
        if key and key != source.key and not SourceAlias.objects.filter(key=key).exists():
            SourceAlias.objects.create(source=source, name=name, key=key)


def _check_name_free(name: str, *, exclude: Source | None = None, field: str = "name") -> str:
    """The key of a name no source but `exclude` goes by (by name or alias)."""
    key = source_key(name)
    if not key:
        raise ApplicationError(f"{name!r} is not a usable name.", field=field)
    existing = source_by_name(name)
    if existing is not None and existing != exclude:
        raise ApplicationError(
            f"{name!r} already names {existing.name} (source {existing.pk}).", field=field
        )
    return key


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
    key = _check_name_free(name)
    source = Source(
        name=name.strip(),
        slug=_unique_slug(name),
        key=key,
        kind=kind,
        country=country,
        homepage=homepage,
        grade=grade,
        grade_rationale=grade_rationale,
        affiliation=affiliation,
        is_person=is_person,
        status=SourceStatus.CONFIRMED,
    )
    _full_clean(source)
    source.save()
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
    if "name" in fields and isinstance(fields["name"], str):
        source.key = _check_name_free(fields["name"], exclude=source)
        fields["name"] = fields["name"].strip()
    if "affiliation" in fields:
        affiliation = fields["affiliation"]
        _check_affiliation(source, affiliation if isinstance(affiliation, Source) else None)
    for name, value in fields.items():
        setattr(source, name, value)
    _full_clean(source)
    source.save()
    if aliases is not None:
        _set_aliases(source, aliases)
    return source


def _full_clean(source: Source) -> None:
    try:
        source.full_clean(exclude=["slug", "key"], validate_unique=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ApplicationError(f"{field}: {' '.join(messages)}", field=field) from exc


def _set_aliases(source: Source, names: Iterable[str]) -> None:
    """Make the source's aliases exactly `names`; a name another source goes by is refused."""
    wanted: dict[str, str] = {}
    for name in names:
        key = _check_name_free(name, exclude=source, field="aliases")
        if key != source.key:
            wanted[key] = name.strip()
    source.aliases.exclude(key__in=wanted).delete()
    existing = set(source.aliases.values_list("key", flat=True))
    SourceAlias.objects.bulk_create(
        SourceAlias(source=source, name=name, key=key)
        for key, name in wanted.items()
        if key not in existing
    )
