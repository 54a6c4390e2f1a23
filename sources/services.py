"""Writes of sources: resolving names to records, proposing new ones, loading the registry."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from factcheck.exceptions import ApplicationError, StateConflict
from sources.models import Grade, Source, SourceAlias, SourceKind, SourceStatus
from sources.names import source_key
from sources.selectors import (
    source_by_domain,
    source_by_name,
    sources_by_keys,
    sources_ending_with,
    web_domain,
)

# Words that suggest what kind of source a description names, most specific first. Someone in
# charge of a body is a person, whatever the body: "the head of Kyiv's military administration,
# Tymur Tkachenko" is an official, not the military.
_KIND_HINTS: tuple[tuple[SourceKind, re.Pattern[str]], ...] = (
    (
        SourceKind.OFFICIAL,
        re.compile(
            r"\b(?:head|chief|minister|governor|mayor|ambassador|president|secretary|commander"
            r"|director)\s+(?:of|at)\b"
        ),
    ),
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
        re.compile(
            r"\b(?:ministry|department|government|administration|agency|office|kremlin"
            r"|(?:emergency|rescue|border guard|security|civil protection) service)\b"
        ),
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


def _affiliation_in(described_key: str, known: Mapping[str, Source]) -> Source | None:
    """The known source named inside a description ("a Kremlin aide": the Kremlin), longest
    name first; `known` maps keys to sources."""
    inside = [key for key in _word_ngrams(described_key) - {described_key} if key in known]
    return known[max(sorted(inside), key=len)] if inside else None


def _slug_base(name: str) -> str:
    return slugify(name)[:190] or "source"


def _unique_slug(name: str, *, taken: set[str]) -> str:
    """A slug for `name` in no row and not in `taken` (slugs this batch has already given)."""
    base = _slug_base(name)
    slug, n = base, 1
    while slug in taken or Source.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# Who speaks for an organisation rather than for themselves, in a key (lower case, no leading
# article): "ukrainian air force spokesman", "spokesman for the ukrainian air force", "kremlin
# officials". Aides and advisers are not here: they are people with a say of their own.
_VOICE_OF = re.compile(
    r"^(?:(?:senior|top|chief|unnamed|anonymous) )*(?:(?P<before>.+?) )?"
    r"(?:spokes(?:man|woman|person|men|women|people)|officials?|representatives?)"
    r"(?: (?:for|of|at|from) (?P<after>.+))?$"
)


def _shortened_names(keys: set[str]) -> dict[str, Source]:
    """Known sources that names not known as such stand for, by key.

    A surname alone is the one person whose name ends with it ("klitschko": Vitali Klitschko;
    the extractor has already dropped a title, "Mayor Klitschko"). A spokesman or official of an
    organisation speaks for it when it is known by name or alias, or is the one organisation
    whose name ends with the words given ("air force spokesman": the Ukrainian Air Force). No
    match, or more than one, leaves the name to be proposed.
    """
    surnames = {key for key in keys if " " not in key}
    voices: dict[str, str] = {}
    for key in keys - surnames:
        match = _VOICE_OF.match(key)
        organisation = (
            source_key(match.group("before") or match.group("after") or "") if match else ""
        )
        if organisation:
            voices[key] = organisation
    found = sources_ending_with(surnames, people=True)
    named = {
        key: source
        for key, source in sources_by_keys(voices.values()).items()
        if not source.taken_for_person
    }
    organisations = {
        **sources_ending_with(set(voices.values()) - set(named), people=False),
        **named,
    }
    found.update({key: organisations[org] for key, org in voices.items() if org in organisations})
    return found


def source_resolve_many(*, mentions: Sequence[tuple[str, str]]) -> list[tuple[Source, bool]]:
    """`source_resolve` for each (name, description) in order, in a handful of queries.

    Names with one key resolve to one source: the first mention of an unknown name proposes it
    and later ones find it. A surname alone, or an organisation's spokesman, finds the known
    source it stands for (`_shortened_names`). Raises ApplicationError, creating nothing, for a
    name without letters.
    """
    keys = [source_key(name) for name, _ in mentions]
    for (name, _), key in zip(mentions, keys, strict=True):
        if not key:
            raise ApplicationError(f"{name!r} is not a usable source name.", field="source")
    known = sources_by_keys(keys)
    known.update(_shortened_names(set(keys) - set(known)))
    # A new source takes its kind and affiliation from its first mention.
    described: dict[str, str] = {}
    for (name, description), key in zip(mentions, keys, strict=True):
        if key not in known and key not in described:
            described[key] = f"{description} {name}".strip()
    taken: set[str] = set()
    if described:
        mentioned = set().union(*(_word_ngrams(source_key(d)) for d in described.values()))
        known = {**sources_by_keys(mentioned), **known}
        taken = set(
            Source.objects.filter(slug__in={_slug_base(name) for name, _ in mentions}).values_list(
                "slug", flat=True
            )
        )
    resolved: list[tuple[Source, bool]] = []
    for (name, _), key in zip(mentions, keys, strict=True):
        if key in known:
            resolved.append((known[key], False))
            continue
        text = described[key]
        slug = _slug_base(name)
        if slug in taken:
            slug = _unique_slug(name, taken=taken)
        taken.add(slug)
        source = Source(
            name=name.strip()[:200],
            slug=slug,
            key=key,
            kind=guess_kind(text),
            status=SourceStatus.PROPOSED,
            affiliation=_affiliation_in(source_key(text), known),
        )
        # The lookups above checked that key and slug are free, and the check constraints hold by
        # construction (the database enforces them all): validating the fields alone saves the
        # six queries full_clean would make for each proposed source.
        source.clean_fields(exclude=["affiliation"])
        source.save()
        known[key] = source
        resolved.append((source, True))
    return resolved


def source_resolve(*, name: str, description: str = "") -> tuple[Source, bool]:
    """The source called `name`, proposing a new one for review when none matches.

    `description` is the source as written ("a Kremlin aide", "Ukraine's foreign minister"); a
    proposed source takes its kind and affiliation from it. Returns (source, created).
    """
    return source_resolve_many(mentions=[(name, description)])[0]


def outlet_resolve(*, url: str, site_name: str = "") -> tuple[Source, bool]:
    """The outlet that published `url`: by the domain of its homepage, else by `site_name`, else
    a new news outlet proposed for review (named after the site, or its domain). Returns
    (source, created).
    """
    domain = web_domain(url)
    if not domain:
        raise ApplicationError(f"{url!r} has no host to find the outlet by.", field="url")
    by_domain = source_by_domain(domain)
    if by_domain is not None:
        return by_domain, False
    name = site_name.strip() or domain
    by_name = source_by_name(name)
    if by_name is not None:
        return by_name, False
    source = Source(
        name=name[:200],
        slug=_unique_slug(name, taken=set()),
        key=source_key(name),
        kind=SourceKind.NEWS_OUTLET,
        homepage=f"{urlsplit(url).scheme}://{urlsplit(url).netloc.rsplit('@', 1)[-1]}/",
        status=SourceStatus.PROPOSED,
    )
    if not source.key:
        source.key = source_key(domain)
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
            affiliation = Source.objects.filter(slug=entry.affiliation).first()
            if affiliation is None:
                raise ApplicationError(
                    f"{path}: {entry.name} is affiliated with {entry.affiliation!r}, "
                    "which is no source's slug."
                )
            Source.objects.filter(slug=entry.slug, affiliation__isnull=True).update(
                affiliation=affiliation
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
        # Another record, not the request, refuses it: a conflict with the registry's state.
        raise StateConflict(
            f"{name!r} already names {existing.name} (source {existing.pk}).",
            kind="name_taken",
            field=field,
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
        slug=_unique_slug(name, taken=set()),
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
