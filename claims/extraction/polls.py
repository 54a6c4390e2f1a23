"""Polls as sources: "In a CNN poll released Monday, 52% said ..." and "X leads in the polls"."""

from __future__ import annotations

import re

from claims.extraction.sentence_view import Draft
from claims.extraction.sentences import Sentence

# The poll is named up to its noun: "a CNN poll" (released Monday).
_POLL_NAME = r"(?:[^\s,;:]+\s+){0,8}?(?:poll|polls|survey|surveys)\b"
_POLL_TAIL = r"(?:\s+(?:released|conducted|taken|published|last|this|from|of|by)\b[^,;:.]{0,50})?"
# "In a Des Moines Register poll last month, Mr. Cruz had a 10-point lead."
_LEADING = re.compile(rf"(?:(?:But|And|Yet)\s+)?(In)\s+({_POLL_NAME}){_POLL_TAIL}\s*,\s+(?=\S)")
# "Clinton stays well ahead of Sanders in the latest poll."
_TRAILING = re.compile(
    rf"\s(in)\s+((?:the|a|an|this|that|most|recent|several|many)\s+{_POLL_NAME})"
    rf"{_POLL_TAIL}\s*[.;]?$"
)
_OPENER = re.compile(r"(?:[A-Z][a-z]+ly|In|For|Though|Although|While|But|And|When|After|As)\b")
_MIN_CLAIM = 12  # characters: "He trails in polls" is a claim, "in polls" alone is not


def poll_findings(text: str, sentences: list[Sentence], skip: set[int]) -> list[tuple[Draft, int]]:
    """What a poll found, with the poll as the source, and the index of its sentence; sentences
    in ``skip`` already have their attributions."""
    found: list[tuple[Draft, int]] = []
    for index, sentence in enumerate(sentences):
        if index in skip:
            continue
        body = text[sentence.start : sentence.end]
        if "poll" not in body and "survey" not in body:
            continue
        leading = _LEADING.match(text, sentence.start, sentence.end)
        if leading is not None:
            parts = [(leading.end(), sentence.end)]
            found.append((Draft(leading.span(2), leading.span(1), parts), index))
            continue
        trailing = _TRAILING.search(text, sentence.start, sentence.end)
        if (
            trailing is not None
            and trailing.start() - sentence.start >= _MIN_CLAIM
            and not _OPENER.match(body)
        ):
            parts = [(sentence.start, trailing.start())]
            found.append((Draft(trailing.span(2), trailing.span(1), parts), index))
    return found
