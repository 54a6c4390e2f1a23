"""Quotation spans: where the article reproduces someone's own words."""

from __future__ import annotations

import re

# Straight double quotes, typographic quotes and the doubled apostrophe some wires use for quotes.
_QUOTE_MARK = re.compile(r"“|”|\"|''|«|»")
_OPENERS = frozenset({"“", '"', "''", "«"})
_CLOSERS = frozenset({"”", '"', "''", "»"})


def find_quotes(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return quote spans (marks included) of one paragraph, ``text[start:end]``.

    A quote still open at the end of the paragraph runs to its end: news style opens every
    paragraph of a long quote and closes only the last.
    """
    stop = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    open_at = -1
    depth = 0  # typographic quotes can nest: “he called it “fake” twice”
    for mark in _QUOTE_MARK.finditer(text, start, stop):
        glyph = mark.group()
        if open_at >= 0:
            if glyph == "“" and text[open_at] == "“":
                depth += 1
            elif glyph in _CLOSERS:
                depth -= 1
                if depth <= 0:
                    spans.append((open_at, mark.end()))
                    open_at = -1
        elif glyph in _OPENERS:
            open_at = mark.start()
            depth = 1
    if open_at >= 0:
        tail = stop
        while tail > open_at and text[tail - 1].isspace():
            tail -= 1
        spans.append((open_at, tail))
    return spans
