"""Sentences in the article's own voice: claims of the outlet itself."""

from __future__ import annotations

import re
from collections.abc import Sequence

from claims.extraction.sentences import split_sentences
from claims.extraction.types import ExtractedAttribution, Span

_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|did|does|do|been|"
    r"[a-z]{3,}(?:ed|es))\b"
)
_WORD = re.compile(r"[A-Za-z][\w’'-]*")
_MIN_WORDS = 6


def unattributed_statements(text: str, attributions: Sequence[ExtractedAttribution]) -> list[Span]:
    """Sentences stating something in the article's voice that no attribution covers.

    Headlines and section headings (no closing full stop), questions and sentences without a
    verb are left out: they are not claims a checker can verify.
    """
    covered: list[tuple[int, int]] = []
    for attribution in attributions:
        covered.append((attribution.content.start, attribution.content.end))
        covered.append((attribution.cue.start, attribution.cue.end))
    statements: list[Span] = []
    for sentence in split_sentences(text):
        body = text[sentence.start : sentence.end]
        if not body.rstrip("”\"’')").endswith((".", "!")):
            continue
        if len(_WORD.findall(body)) < _MIN_WORDS or not _VERB.search(body):
            continue
        if sentence.quotes and sentence.quotes[0][0] == sentence.start:
            continue  # a quotation left without a cue is still someone else's words
        if any(start < sentence.end and sentence.start < end for start, end in covered):
            continue
        statements.append(Span(body, sentence.start, sentence.end))
    return statements
