"""Which source a name stands for: a known one (by name, alias, surname or spokesman), or a new
one proposed for review; and which outlet published a web page."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction

from factcheck.exceptions import ApplicationError
from sources.builder import sources_build
from sources.kinds import guess_kind
from sources.models import Source, SourceKind, SourceStatus
from sources.names import source_key
from sources.selectors import (
    source_by_domain,
    source_by_name,
    sources_by_keys,
    sources_ending_with,
    web_domain,
)


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
    attempts_left = _RESOLVE_ATTEMPTS
    while True:
        try:
            with transaction.atomic():  # a savepoint: the caller's transaction goes on
                return _resolve_many(mentions)
        except IntegrityError:
            # A request proposing one of these names (or taking one of their slugs) at the same
            # time inserted it first: our insert waited for its commit and failed on the unique
            # key. Resolving again finds the source it proposed.
            attempts_left -= 1
            if not attempts_left:
                raise


_RESOLVE_ATTEMPTS = 3


def _resolve_many(mentions: Sequence[tuple[str, str]]) -> list[tuple[Source, bool]]:
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
    if described:
        mentioned = set().union(*(_word_ngrams(source_key(d)) for d in described.values()))
        known = {**sources_by_keys(mentioned), **known}
    proposed: dict[str, Source] = {}
    # An affiliation proposed in this same batch is set once both are saved.
    affiliated: list[tuple[Source, Source]] = []
    for (name, _), key in zip(mentions, keys, strict=True):
        if key in known or key in proposed:
            continue
        text = described[key]
        affiliation = _affiliation_in(source_key(text), {**known, **proposed})
        source = Source(
            name=name.strip()[:200],
            key=key,
            kind=guess_kind(text),
            status=SourceStatus.PROPOSED,
        )
        if affiliation is not None and affiliation.pk is None:
            affiliated.append((source, affiliation))
        else:
            source.affiliation = affiliation
        proposed[key] = source
    sources_build(sources=list(proposed.values()))
    for source, affiliation in affiliated:
        source.affiliation = affiliation
    Source.objects.bulk_update([source for source, _ in affiliated], ["affiliation"])
    resolved: list[tuple[Source, bool]] = []
    for key in keys:
        if key in known:
            resolved.append((known[key], False))
        else:  # the first mention of a new name proposed it; later ones find it
            known[key] = proposed[key]
            resolved.append((known[key], True))
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
    # A site name without letters or digits names nothing: the domain does.
    name = site_name.strip() if source_key(site_name) else domain
    by_name = source_by_name(name)
    if by_name is not None:
        return by_name, False
    homepage = f"{urlsplit(url).scheme}://{urlsplit(url).netloc.rsplit('@', 1)[-1]}/"
    outlet = Source(
        name=name[:200],
        kind=SourceKind.NEWS_OUTLET,
        homepage=homepage,
        status=SourceStatus.PROPOSED,
    )
    return sources_build(sources=[outlet])[0], True
