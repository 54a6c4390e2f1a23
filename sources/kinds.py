"""The kind of source a description suggests, for a source the extractor proposes."""

from __future__ import annotations

import re

from sources.models import SourceKind

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
