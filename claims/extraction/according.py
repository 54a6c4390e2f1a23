"""``according to X``: the source follows the cue and the claim sits on either side of it."""

from __future__ import annotations

import re

from claims.extraction.cues import CUE_LEMMA
from claims.extraction.sentence_view import (
    Draft,
    Range,
    SentenceView,
    content_from,
    right_content_end,
)
from claims.extraction.tokens import AUXILIARIES, CONJUNCTIONS, PREPOSITIONS, SUBJECT_PRONOUNS

_SOURCE_ENDS = frozenset({",", ";", ":", "—", "–", "-"})
_OPENING_WORDS = frozenset({"but", "and", "so", "yet", "still", "however", "meanwhile", "then"})
# A credit in brackets closing the sentence names who stands behind "a report".
_CREDIT = re.compile(r"\s*\(([A-Z][^()]{2,80})\)\s*[.!]?\s*$")
_MAX_SOURCE = 20


def according_to(view: SentenceView, first: int, last: int) -> Draft | None:
    """The attribution introduced by "according to" at tokens first..last."""
    tokens = view.tokens
    n = view.last + 1
    start = last + 1
    end = start
    while (
        end < n
        and tokens[end].text not in _SOURCE_ENDS
        and not view.is_quote(end)
        and end - start < _MAX_SOURCE
    ):
        end += 1
    if end == start:
        return None
    source = view.chars(start, end - 1)
    draft = Draft(source=source, cue=view.chars(first, last), parts=[])
    after = end + 1 if end < n and tokens[end].text == "," else end
    appositive = _apposition_end(view, after) if tokens[start].is_capitalized else None
    if appositive is not None:
        draft.source = view.chars(start, appositive)
        after = appositive + 2
    if view.word(after) == "citing":
        citing_end = after + 1
        while citing_end < n and tokens[citing_end].text not in _SOURCE_ENDS:
            citing_end += 1
        if citing_end > after + 1:
            draft.relay, draft.relay_cue = source, draft.cue
            draft.source = view.chars(after + 1, citing_end - 1)
            draft.cue = view.chars(after, after)
            after = citing_end + 1 if view.word(citing_end) == "," else citing_end
    lead = 0
    while lead < first and (view.word(lead) in _OPENING_WORDS or tokens[lead].text == ","):
        lead += 1
    left_last = first - 1
    if left_last >= lead and tokens[left_last].text in _SOURCE_ENDS:
        left_last -= 1
    relative = _relative_clause_start(view, lead, left_last)
    right = _right(view, after) if end < n and tokens[end].text == "," else None
    if left_last >= lead:
        left = content_from(view, relative, left_last)
        if left:
            draft.parts.append(left)
            # "The company, according to X, lost money": the claim wraps the cue.
            if right and tokens[first - 1].text == "," and relative == lead:
                draft.parts.append(right)
    elif right:
        draft.parts.append(right)
    if not draft.parts:
        return None
    _take_credit(view, draft)
    return draft


def _relative_clause_start(view: SentenceView, lead: int, last: int) -> int:
    """ "The deal, which would cut its rate to 17 percent, according to X": X vouches for the
    relative clause next to the cue, not for the sentence it hangs from."""
    for k in range(last, lead, -1):
        if view.tokens[k].text == "," and view.word(k + 1) == "which":
            return k + 1
    return lead


def _right(view: SentenceView, after: int) -> Range | None:
    if after > view.last:
        return None
    end = right_content_end(view, after)
    if view.is_quote(after) and end > after and view.tokens[after + 1].text in (",", "—"):
        end = after  # '“Quote,” presumably meaning ...': only the quotation is the source's
    return content_from(view, after, end)


def _take_credit(view: SentenceView, draft: Draft) -> None:
    start, end = draft.parts[-1]
    credit = _CREDIT.search(view.text, start, end + 2)
    if credit and credit.start() > start:
        draft.credit = credit.group(1).strip()
        draft.parts[-1] = (start, credit.start())


def _apposition_end(view: SentenceView, i: int) -> int | None:
    """Last token of "head of X" in "According to Y, head of X, ...", if that is an apposition."""
    tokens = view.tokens
    if i > view.last or not tokens[i].text[0].isalnum():
        return None
    word = tokens[i].lower
    if tokens[i].is_capitalized or word in PREPOSITIONS or word in CONJUNCTIONS:
        return None
    if word in SUBJECT_PRONOUNS or word == "citing":
        return None
    j = i
    while j <= view.last and tokens[j].text != "," and j - i < 12:
        low = tokens[j].lower
        if view.is_quote(j) or low in AUXILIARIES or low in CUE_LEMMA:
            return None
        j += 1
    if j > view.last or tokens[j].text != "," or j + 1 > view.last:
        return None
    return j - 1
