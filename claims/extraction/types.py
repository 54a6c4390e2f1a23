"""Value types returned by the extractor: plain frozen dataclasses, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the input, kept with its offsets so callers can highlight it."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number stated in a claim: what fact-checkers most often verify."""

    value: float
    unit: str
    qualifier: str
    direction: str
    span: Span


@dataclass(frozen=True, slots=True)
class ExtractedAttribution:
    """Who said what, as written, with a name the source can be filed under.

    ``content`` is one contiguous span; when the attributed words are interrupted (``"A," he said.
    "B."``) it covers both pieces and ``content_parts`` lists the pieces themselves.
    """

    source: Span
    cue: Span
    content: Span
    direct_quote: bool
    resolved_source: str
    relay: Span | None = None
    relay_cue: Span | None = None
    resolved_relay: str | None = None
    quantities: tuple[Quantity, ...] = ()
    content_parts: tuple[Span, ...] = ()
