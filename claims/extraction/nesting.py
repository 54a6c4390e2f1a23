"""Attributions reported inside another's indirect speech: "X said he believes Y"."""

from __future__ import annotations

from claims.extraction.types import ExtractedAttribution


def drop_nested(found: list[ExtractedAttribution]) -> list[ExtractedAttribution]:
    """Keep only the outer attribution of a nested pair.

    News annotation (and a fact-checker) credits "Sanders said he thinks Y" to Sanders's
    statement; the inner "he thinks Y" is part of what was said, and alone it is mostly noise
    (wrong subjects, "what he believes is ...").
    """
    ranges = [
        [(p.start, p.end) for p in (a.content_parts or (a.content,))]
        for a in found
        if not a.direct_quote
    ]
    cues = {id(a): a.cue.start for a in found}
    kept: list[ExtractedAttribution] = []
    for attribution in found:
        own = [(p.start, p.end) for p in (attribution.content_parts or (attribution.content,))]
        cue = cues[id(attribution)]
        inside = any(
            parts != own and any(start <= cue < end for start, end in parts) for parts in ranges
        )
        if not inside:
            kept.append(attribution)
    return kept
