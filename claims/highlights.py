"""An article's text cut into segments, each marked with what of the claims it is: a claim's
content, the source it is attributed to, the cue ("said", "according to"). The article page
draws them in distinct styles (not colour alone) beside a legend. Pure: no database."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claims.models import Claim

CONTENT = "content"
SOURCE = "source"
CUE = "cue"
KINDS = (CONTENT, SOURCE, CUE)


@dataclass(frozen=True)
class Segment:
    text: str
    kinds: tuple[str, ...]  # of KINDS, in that order; empty for text that is no claim's
    claim_id: int | None  # the first claim the segment belongs to, for its link

    @property
    def css(self) -> str:
        return " ".join(f"hl-{kind}" for kind in self.kinds)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str
    claim_id: int


def claim_spans(claims: Iterable[Claim]) -> list[Span]:
    """The spans of the claims (with their prefetched attributions) that have offsets."""
    spans: list[Span] = []
    for claim in claims:
        if claim.start is not None and claim.end is not None:
            spans.append(Span(claim.start, claim.end, CONTENT, claim.pk))
        for attribution in claim.attributions.all():
            for kind in (SOURCE, CUE):
                start = getattr(attribution, f"{kind}_start")
                end = getattr(attribution, f"{kind}_end")
                if start is not None and end is not None:
                    spans.append(Span(start, end, kind, claim.pk))
    return spans


def segments(body: str, spans: Iterable[Span]) -> list[Segment]:
    """`body` cut at every span's ends; spans outside the text are left out."""
    inside = [span for span in spans if 0 <= span.start < span.end <= len(body)]
    cuts = sorted({0, len(body), *(s.start for s in inside), *(s.end for s in inside)})
    starting: dict[int, list[Span]] = {}
    for span in inside:
        starting.setdefault(span.start, []).append(span)
    open_spans: list[Span] = []
    found: list[Segment] = []
    for start, end in itertools.pairwise(cuts):
        open_spans = [span for span in open_spans if span.end > start]
        open_spans.extend(starting.get(start, []))
        kinds = tuple(kind for kind in KINDS if any(span.kind == kind for span in open_spans))
        owner = min((span.claim_id for span in open_spans), default=None)
        found.append(Segment(body[start:end], kinds, owner))
    return found


def locate(body: str, text: str, *, near: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """Where `text` stands in `body` (start, end): its occurrence closest to the span `near` (an
    editor's selection, or the claim's own span), the first one without it; None when the body
    does not hold it. An offset a little off (a browser counts a CRLF as one character) still
    finds the text the editor meant."""
    if not text:
        return None
    found: list[int] = []
    at = body.find(text)
    while at != -1:
        found.append(at)
        at = body.find(text, at + 1)
    if not found:
        return None
    if near is not None:
        low, high = near
        # The gap between the two spans, then how far the starts are apart (a selection's own
        # occurrence wins over one overlapping it).
        start = min(
            found, key=lambda at: (max(0, low - (at + len(text)), at - high), abs(at - low), at)
        )
    else:
        start = found[0]
    return start, start + len(text)
