"""The one way a Source comes to exist, and the one validation it passes first: the extractor's
proposals at ingest, an article's outlet, the registry, an editor's new source in the API or the
admin all build theirs here."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from factcheck.exceptions import ApplicationError, StateConflict
from sources.models import Source
from sources.names import source_key
from sources.selectors import sources_by_keys


def sources_build(*, sources: Sequence[Source]) -> list[Source]:
    """Save new sources (unsaved Source instances) after `sources_check`: each gets its name's
    key (unless it has one: a name cut to fit keeps the key it was looked up by) and a slug of
    its own (unless it brings one, as the registry's do). Nothing is saved when one is refused.
    A handful of queries, whatever the number of sources, unless slugs collide.
    """
    if not sources:
        return []
    sources_check(sources=sources)
    return Source.objects.bulk_create(sources)


def sources_check(*, sources: Sequence[Source], exclude: Source | None = None) -> None:
    """The one validation of sources about to be saved, new or (`exclude`, the source being
    edited) not: names that no other source goes by, by name or alias, nor two of them; slugs
    free; the fields' own rules (choices, lengths, a URL). Sets missing keys and slugs. Raises
    ApplicationError naming the field, changing nothing in the database.

    Affiliations are the editor's to check (sources.services), and the check constraints the
    database's: full_clean would make six queries a source for them.
    """
    for source in sources:
        source.name = source.name.strip()
        source.key = source.key or source_key(source.name)
    _keys_check(
        names=[source.name for source in sources],
        keys=[source.key for source in sources],
        exclude=exclude,
        field="name",
    )
    if exclude is None:
        _give_slugs(sources)
    for source in sources:
        fields_check(source)


def keys_check(
    *, names: Sequence[str], exclude: Source | None = None, field: str = "name"
) -> list[str]:
    """The keys of `names`, none of which another source than `exclude` goes by, nor two of
    them; else ApplicationError for `field`. Two queries."""
    keys = [source_key(name) for name in names]
    _keys_check(names=names, keys=keys, exclude=exclude, field=field)
    return keys


def _keys_check(
    *, names: Sequence[str], keys: Sequence[str], exclude: Source | None, field: str
) -> None:
    seen: set[str] = set()
    for name, key in zip(names, keys, strict=True):
        if not key:
            raise ApplicationError(f"{name!r} is not a usable name.", field=field)
        if key in seen:
            raise ApplicationError(f"{name!r} is given twice.", field=field)
        seen.add(key)
    taken = sources_by_keys(keys)
    for name, key in zip(names, keys, strict=True):
        existing = taken.get(key)
        if existing is not None and existing != exclude:
            # Another record, not the request, refuses it: a conflict with the sources' state.
            raise StateConflict(
                f"{name!r} already names {existing.name} (source {existing.pk}).",
                kind="name_taken",
                field=field,
            )


def fields_check(source: Source) -> None:
    """The fields' own rules, the refusal naming the first field that breaks one. The
    affiliation is left out: checking that it exists would be a query of its own."""
    try:
        source.clean_fields(exclude=["affiliation"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ApplicationError(f"{field}: {' '.join(messages)}", field=field) from exc


def _give_slugs(sources: Sequence[Source]) -> None:
    """A free slug for each source: its own if it brings one (refused if taken), else one made
    from its name, numbered when taken."""
    wanted = {source.slug or _slug_base(source.name) for source in sources}
    taken = set(Source.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    for source in sources:
        if source.slug and source.slug in taken:
            raise ApplicationError(f"The slug {source.slug!r} is taken.", field="slug")
        if not source.slug:
            source.slug = _slug_base(source.name)
            if source.slug in taken:
                source.slug = _unique_slug(source.name, taken=taken)
        taken.add(source.slug)


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
