"""A sentence seen as tokens, and the clause-level helpers every cue handler shares."""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.extraction.cues import CUE_LEMMA
from claims.extraction.sentences import Sentence
from claims.extraction.tokens import (
    ADVERBIAL_NOUNS,
    ADVERBIAL_PREPOSITIONS,
    ADVERBS,
    CONJUNCTIONS,
    DAYS,
    DETERMINERS,
    MEDIA_STAFF,
    MONTHS,
    POSSESSIVES,
    PREPOSITIONS,
    QUOTE_FILL,
    Token,
    tokenize,
)

Range = tuple[int, int]  # character offsets [start, end)

_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_FINAL_PUNCT = frozenset({".", "!", "?", ";", ":"})
_OPENING_WORDS = frozenset({"but", "and", "so", "yet", "still", "however", "meanwhile", "then"})
_SUBORDINATORS = frozenset(
    "after before when while as if because although though since until once whether".split()
)
# Words of an opening time phrase ("A few minutes later", "Late last month", "Two years ago").
_TIME_ENDS = frozenset(
    """later earlier ago week weeks month months year years day days morning afternoon evening
    night weekend hours minutes""".split()
)
_TIME_WORDS = (
    _TIME_ENDS
    | DAYS
    | MONTHS
    | frozenset("a an the few couple of several this last next that late early two three".split())
)
# After a comma these open a clause of the writer's, not the source's: "..., compared with 23
# percent who said ..." sets a poll's figure beside another.
_CLAUSE_BREAKS = frozenset({"while", "although", "though", "whereas", "compared"})
# An "-ing" word after a comma opens a new phrase ("..., putting them ahead"), except these.
_INNER_ING = frozenset({"including", "excluding", "regarding", "concerning", "during", "nothing"})
_OUTLET_WORDS = frozenset(
    """news post times journal press radio tv magazine network daily tribune herald guardian
    telegraph agency broadcasting examiner globe chronicle review wire television""".split()
)


@dataclass(slots=True)
class Draft:
    """An attribution being assembled, in character ranges, before it is named and trimmed."""

    source: Range
    cue: Range
    parts: list[Range]
    relay: Range | None = None
    relay_cue: Range | None = None
    credit: str | None = None  # a name given in brackets after the claim: "(Council on ...)"
    antecedent: Range | None = None  # what a relative pronoun source ("who") stands for
    wants_next: bool = False  # the cue ends in a colon: the content is what follows


class SentenceView:
    """One sentence, its tokens on the quote-masked text, and helpers over token indices."""

    def __init__(self, text: str, masked: str, sentence: Sentence) -> None:
        self.text = text
        self.sentence = sentence
        self.tokens: list[Token] = tokenize(masked, sentence.start, sentence.end)
        self.by_start = {token.start: i for i, token in enumerate(self.tokens)}
        self.by_end = {token.end: i for i, token in enumerate(self.tokens)}
        last = len(self.tokens) - 1
        while last >= 0 and self.tokens[last].text in _FINAL_PUNCT:
            last -= 1
        self.last = last  # index of the last token before closing punctuation

    def chars(self, first: int, last: int) -> Range:
        return self.tokens[first].start, self.tokens[last].end

    def is_quote(self, i: int) -> bool:
        return 0 <= i < len(self.tokens) and self.tokens[i].text.startswith(QUOTE_FILL)

    def word(self, i: int) -> str:
        return self.tokens[i].lower if 0 <= i < len(self.tokens) else ""

    def ends_with_colon(self) -> bool:
        return bool(self.tokens) and self.tokens[-1].text == ":"


def mask_quotes(text: str, sentences: list[Sentence]) -> str:
    """Replace quotations by ``§`` so cue words inside them are not taken as the article's."""
    pieces: list[str] = []
    done = 0
    for sentence in sentences:
        for start, end in sentence.quotes:
            pieces.append(text[done:start])
            pieces.append(QUOTE_FILL * (end - start))
            done = end
    pieces.append(text[done:])
    return "".join(pieces)


def is_participle_cue(word: str) -> bool:
    return word.endswith("ing") and word in CUE_LEMMA


def skip_forward_adverbials(view: SentenceView, i: int) -> int:
    """Step right over "on Tuesday", "in a statement", "in an interview with CNN", ..."""
    tokens = view.tokens
    n = view.last + 1
    while i < n:
        word = tokens[i].lower
        adverb = word.endswith("ly") and len(word) > 4 and not tokens[i].is_capitalized
        if adverb or word in DAYS or (word in ADVERBS and word not in ("there", "here")):
            i += 1
        elif word in MONTHS and tokens[i].is_capitalized and view.word(i + 1).isdigit():
            i += 2
        elif word in ("in", "since") and (
            _YEAR.fullmatch(view.word(i + 1)) or view.word(i + 1) in MONTHS
        ):
            i += 2  # "reported in 2014", "said in March"
        elif word in ADVERBIAL_PREPOSITIONS or word in ("last", "this", "earlier", "late"):
            after = _adverbial_phrase_end(view, i)
            if after is None:
                break
            i = after
        else:
            break
    return i


def _adverbial_phrase_end(view: SentenceView, i: int) -> int | None:
    tokens = view.tokens
    n = view.last + 1
    j = i + 1
    while j < n and (tokens[j].lower in DETERMINERS or tokens[j].lower in POSSESSIVES):
        j += 1
    while j < n and tokens[j].lower not in ADVERBIAL_NOUNS and j - i < 5:
        if tokens[j].lower in PREPOSITIONS or not tokens[j].text[0].isalnum():
            break
        j += 1
    if j < n and (tokens[j].lower in ADVERBIAL_NOUNS or tokens[j].lower in DAYS):
        end = j + 1
        if view.word(end) in ("with", "to", "on", "at", "for"):
            k = end + 1
            if view.word(k) in DETERMINERS:
                k += 1
            while k < n and tokens[k].is_capitalized:
                k += 1
            if k > end + 1:
                end = k
        return end
    if tokens[i].lower in ("in", "at") and i + 1 < n and tokens[i + 1].is_capitalized:
        k = i + 1
        while k < n and tokens[k].is_capitalized:
            k += 1
        if k >= n or tokens[k].text in (",", ":") or tokens[k].lower == "that":
            return k  # "said in Iowa that ..."
    return None


def is_outlet(view: SentenceView, first: int, last: int) -> bool:
    """A hearer that passes words on: a news outlet or its journalists."""
    words = [t.text for t in view.tokens[first : last + 1]]
    if any(w.lower() in MEDIA_STAFF for w in words):
        return True
    if any(w.lower() in _OUTLET_WORDS and w[:1].isupper() for w in words):
        return True
    return any(len(w) >= 2 and w.isupper() and w.isalpha() for w in words)


def right_content_end(view: SentenceView, i: int) -> int:
    """Last token of a content clause starting at ``i``: it stops before ", adding ...",
    ", according to ...", ", while ...", ", compared with ...", ", a move that ...", a
    semicolon and a second cue of the same subject ("says A but insists B", "said A —
    asserting B")."""
    tokens = view.tokens
    j = i
    while j <= view.last:
        text = tokens[j].text
        if text == ";":
            return j - 1
        if j > i and text in ("and", "but", "—", "–") and _next_is_cue(view, j):
            return j - 1
        if text == "," and j + 1 <= view.last:
            nxt = tokens[j + 1].lower
            if nxt == "according" or nxt in _CLAUSE_BREAKS:
                return j - 1
            if (
                nxt in ("a", "an")
                and j > i
                and j + 2 <= view.last
                and not tokens[j + 2].is_capitalized
            ):
                return j - 1  # "..., a swipe at his rivals": the writer's comment on the claim
            if nxt.endswith("ing") and nxt not in _INNER_ING and not tokens[j + 1].is_capitalized:
                return j - 1
        j += 1
    return view.last


def _next_is_cue(view: SentenceView, j: int) -> bool:
    k = j + 1
    while view.word(k) in ADVERBS:
        k += 1
    token = view.tokens[k] if k <= view.last else None
    return token is not None and not token.is_capitalized and token.lower in CUE_LEMMA


def clause_start(view: SentenceView, limit: int) -> int:
    """First token of the clause holding ``limit``: after the last ", and"/", but"/";" and any
    opening conjunction or introductory phrase."""
    tokens = view.tokens
    i = 0
    for k in range(limit - 1, 0, -1):
        if tokens[k].text in (";", "—", "–") or (
            tokens[k].text == "," and tokens[k + 1].lower in ("and", "but") and k + 1 < limit
        ):
            i = k + 1
            break
    while i < limit and (tokens[i].lower in _OPENING_WORDS or tokens[i].text == ","):
        i += 1
    word = view.word(i) if i < limit else ""
    if (
        word in PREPOSITIONS
        or word in CONJUNCTIONS
        or word in _SUBORDINATORS
        or word.endswith(("ed", "ing"))
    ):
        j = i
        while j < limit and tokens[j].text != ",":
            j += 1
        if j < limit and j - i < 16:
            return j + 1
    return _past_time_phrase(view, i, limit)


def _past_time_phrase(view: SentenceView, i: int, limit: int) -> int:
    """Skip an opening time phrase: "A few minutes later(,) they ...", "Late last month, the
    company ...": it is not the clause's subject."""
    j = i
    while j < limit and j - i < 7 and view.word(j) in _TIME_WORDS:
        j += 1
    if j == i or j >= limit:
        return i
    last = view.word(j - 1)
    if view.word(j) == "," and (last in _TIME_ENDS or last in DAYS or last in MONTHS):
        return j + 1
    return j if last in ("later", "earlier", "ago") else i


def content_from(view: SentenceView, first: int, last: int) -> Range | None:
    """The character range of tokens first..last, if it holds at least one word or quote."""
    if first > last:
        return None
    if not any(
        t.text[0].isalnum() or t.text.startswith(QUOTE_FILL) for t in view.tokens[first : last + 1]
    ):
        return None
    return view.chars(first, last)


def left_content(view: SentenceView, before: int, min_words: int = 3) -> Range | None:
    """Content preceding its source: "Claim, the ministry said." or '"Quote," he said.'."""
    last = before
    if last < 0:
        return None
    if view.tokens[last].text in (",", "—", "–", "-"):
        last -= 1
    elif not view.is_quote(last):
        return None
    if view.is_quote(last):
        # "Rhimes declared the need for drive: “Change the world,” she said.": the quotation.
        colon = next((k for k in range(last - 1, -1, -1) if view.tokens[k].text == ":"), -1)
        return content_from(view, colon + 1, last)
    words = sum(1 for t in view.tokens[: last + 1] if t.text[0].isalnum())
    first = view.word(0)
    if words < min_words:
        return None
    if (first in PREPOSITIONS or first in _SUBORDINATORS) and words < 7:
        return None  # "In a statement, the ministry said", "When asked, he said"
    return content_from(view, 0, last)
