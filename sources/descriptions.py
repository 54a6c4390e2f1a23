"""A source described in a few words for a sentence: "Russian state media", "Kyiv City Military
Administration"."""

from __future__ import annotations

from sources.models import Source, SourceKind

# ISO 3166-1 codes as a newsroom writes them before a noun ("US think tank", "British outlet");
# a code missing here is written as it is.
COUNTRY_ADJECTIVES: dict[str, str] = {
    "AU": "Australian",
    "BY": "Belarusian",
    "CA": "Canadian",
    "CN": "Chinese",
    "DE": "German",
    "ES": "Spanish",
    "FR": "French",
    "GB": "British",
    "IL": "Israeli",
    "IN": "Indian",
    "IR": "Iranian",
    "IT": "Italian",
    "JP": "Japanese",
    "PL": "Polish",
    "QA": "Qatari",
    "RU": "Russian",
    "SA": "Saudi",
    "TR": "Turkish",
    "UA": "Ukrainian",
    "US": "US",
}
# Kinds that say nothing a name does not ("Kremlin aide", "official").
_UNTOLD = {SourceKind.OFFICIAL, SourceKind.OTHER}


def source_description(source: Source) -> str:
    """Its country and kind for a registered organisation ("Russian state media"); otherwise the
    body it belongs to, unless its name already says it, or else its kind; empty if nothing
    tells more than the name.

    Only organisations in the registry have a country; people and sources the extractor
    proposed are better known by their affiliation, and their kind is a guess.
    """
    kind = "" if source.kind in _UNTOLD else SourceKind(source.kind).label.lower()
    if source.country:
        country = COUNTRY_ADJECTIVES.get(source.country.upper(), source.country.upper())
        return f"{country} {kind}".strip()
    affiliation = source.affiliation
    if affiliation is not None and affiliation.name.casefold() not in source.name.casefold():
        return affiliation.name
    return kind
