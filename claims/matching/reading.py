"""What a careful reader takes from one claim: lemmas, names, numbers, dates and negations.

Lemmas come from simplemma (its English data ships in the package); how much a word tells is
its rarity in English at large (wordfreq, whose lists ship in the package), so that "Scalia"
weighs more than "people" without any corpus of ours.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import simplemma
from wordfreq import zipf_frequency

from claims.extraction.quantities import extract_quantities
from claims.extraction.types import Span

# Function words, reporting verbs and hedges: they say how a fact was told, not which fact.
_LIGHT = frozenset(
    """a an the of to in on at for from by with and or but as that which who whom whose this
    these those be have do will would can could should may might must shall it its he she they
    them his her their him we us our i you your my me there here than then so such if when while
    after before about into over under more most also just only very up out say tell report
    accord claim add write state note announce suggest what where how all any some other another
    both each every many much several one own same new last next ago later earlier still even
    already yet well get make take go come put show find mean""".split()
    # When, not what: like dates, compared as dates or not at all.
    + """today yesterday tomorrow tonight overnight morning afternoon evening night day week
    weekend month year""".split()
)
# Words that deny what follows, verbs among them: "avoided paying" is "did not pay".
NEGATORS = frozenset(
    "not no never n't without none nobody nothing neither nor avoid fail refuse".split()
)
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
WEEKDAYS = {
    name: number
    for number, names in enumerate(
        [("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"),
         ("thursday", "thu", "thurs"), ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun")]
    )
    for name in names
}  # fmt: skip
# Numbers are compared as numbers, not as words.
NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million billion trillion dozen dozens hundreds thousands millions
    percent""".split()
)
# Titles and honorifics are not who is named: "Officer Shelby" and "Shelby" are one person.
_TITLES = frozenset(
    """mr mrs ms dr sen rep gov gen president officer chairman chairwoman chair secretary
    minister mayor judge justice senator governor candidate nominee former late presidential
    rival spokesman spokeswoman spokesperson aide official leader democrat democratic
    republican""".split()
)
_WORD = re.compile(r"[^\W\d_](?:[\w’'.&-]*[^\W_])?|\d[\d,.]*\d|\d")
_POSSESSIVE = re.compile(r"'s?$")
_YEAR = re.compile(r"1[89]\d\d|20\d\d")
# Units counted in a smaller one, so that "nearly two decades" meets "18 years".
_UNIT_IN = {"decade": (10.0, "year"), "century": (100.0, "year")}
# Units that say how a thing is measured, not what: "$70 million" of what?
MEASURES = frozenset({"dollar", "euro", "pound", "percent"})
_HYPHENATED = re.compile(r"-([a-z]+(?:-[a-z]+)*)", re.IGNORECASE)
# Rarer than this (Zipf scale, 0 to 8) a capitalised word is a name even at the claim's start.
_COMMON_ZIPF = 5.0
_MAX_ZIPF = 7.0


@dataclass(frozen=True)
class Word:
    text: str  # as written
    lemma: str
    start: int  # offset in the claim
    capitalized: bool


@dataclass(frozen=True)
class Number:
    """A stated number with what it counts ("people killed") and how it is hedged."""

    value: float
    low: float
    high: float
    thing: frozenset[str]  # lemmas of the counted noun, or of the word just before the number
    text: str
    # What is counted, as written, with what happened to it: "people injured", "missiles
    # launched"; the question two claims giving this number answer.
    counted: str = ""


@dataclass(frozen=True)
class Reading:
    words: tuple[Word, ...]
    content: frozenset[str]  # lemmas that carry the fact
    names: tuple[frozenset[str], ...]  # each named entity as its lemmas, titles left out
    numbers: tuple[Number, ...]
    months: frozenset[int]
    weekdays: frozenset[int]
    years: frozenset[int]
    negated: frozenset[str]  # content lemmas within the scope of a negation
    lemmas: tuple[str, ...]  # every word's lemma, in order
    quotes: tuple[tuple[str, ...], ...]  # the lemmas of each quotation of two words or more


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    folded = word.casefold().replace("’", "'")
    if folded in ("n't", "'s"):
        return folded
    folded = _POSSESSIVE.sub("", folded).strip(".'")
    return str(simplemma.lemmatize(folded, lang="en")).casefold()


@lru_cache(maxsize=65536)
def weight(lemma_: str) -> float:
    """How much sharing this lemma says about two claims: rarer words say more."""
    return max(0.25, _MAX_ZIPF - zipf_frequency(lemma_, "en"))


def is_light(lemma_: str) -> bool:
    return (
        lemma_ in _LIGHT
        or lemma_ in NEGATORS
        or lemma_ in MONTHS
        or lemma_ in WEEKDAYS
        or lemma_ in NUMBER_WORDS
    )


def _words(text: str) -> tuple[Word, ...]:
    words = []
    for found in _WORD.finditer(text):
        raw = found.group().rstrip(".")
        start = found.start()
        for piece in re.split(r"(?<=[a-z])(?=n[’']t$)", raw):
            words.append(Word(piece, lemma(piece), start, piece[:1].isupper()))
            start += len(piece)
    return tuple(words)


def _is_name(word: Word, index: int) -> bool:
    if not word.capitalized or word.lemma in _LIGHT or word.lemma in NEGATORS:
        return False
    if word.lemma in MONTHS or word.lemma in WEEKDAYS or word.lemma in _TITLES:
        return False
    return index > 0 or zipf_frequency(word.lemma, "en") < _COMMON_ZIPF


def _names(words: tuple[Word, ...]) -> tuple[frozenset[str], ...]:
    names: list[frozenset[str]] = []
    run: list[str] = []
    for index, word in enumerate(words):
        if _is_name(word, index):
            run.append(word.lemma)
            continue
        if run:
            names.append(frozenset(run))
            run = []
    if run:
        names.append(frozenset(run))
    return tuple(names)


def _numbers(text: str, words: tuple[Word, ...]) -> tuple[Number, ...]:
    numbers = []
    for quantity in extract_quantities(text):
        thing = frozenset(lemma(part) for part in quantity.unit.split())
        hyphenated = _HYPHENATED.match(text, quantity.span.end)
        if hyphenated:  # "a 40-year-old man"
            thing = frozenset({hyphenated.group(1).casefold()})
        if not thing or thing <= MEASURES:
            # "Scott, 43" is about Scott; "spent $77 million" is spending, not any dollars.
            before = [
                w.lemma
                for w in words
                if w.start < quantity.span.start and not is_light(w.lemma) and w.text[0].isalpha()
            ]
            thing = thing | frozenset(before[-1:])
        value = quantity.value
        for unit, (factor, base) in _UNIT_IN.items():
            if unit in thing:  # "two decades" is 20 years
                value, thing = value * factor, (thing - {unit}) | {base}
        low, high = value_range(value, quantity.qualifier)
        counted = " ".join([quantity.unit, _what_happened(text, quantity.span)]).strip()
        numbers.append(Number(value, low, high, thing, quantity.span.text, counted))
    return tuple(numbers)


# "were injured", "have been killed" after the number; "launched" or "killed" before it.
_HAPPENED_AFTER = re.compile(
    r"\s+(?:(?:were|was|are|is|have|has|had|been|being|be)\s+){0,2}([a-z]+(?:ed|en))\b"
)
_HAPPENED_BEFORE = re.compile(r"\b([a-z]+ed)\s+(?:(?:the|a|an|some|about|over|nearly)\s+)?$")


def _what_happened(text: str, span: Span) -> str:
    after = _HAPPENED_AFTER.match(text, span.end)
    if after:
        return after.group(1)
    before = _HAPPENED_BEFORE.search(text, max(0, span.start - 30), span.start)
    return before.group(1) if before else ""


# What a qualifier says about the true number x, given the stated value v: low <= x <= high.
_AT_LEAST = frozenset({"at least", "more than", "over", "just over"})
_AT_MOST = frozenset({"at most", "less than", "fewer than", "under"})
# "As many as 24 million" is a number near its upper end, not any number below it.
_UP_TO = frozenset({"up to", "as many as", "as much as"})
_BELOW_NEAR = frozenset({"nearly", "almost", "just under"})
_AROUND = frozenset({"about", "around", "roughly", "approximately", "some", "an estimated"})
_AROUND_MARGIN = 0.1


def value_range(value: float, qualifier: str) -> tuple[float, float]:
    """The numbers a stated quantity allows: "over 330" is [330, inf), "about 300" [270, 330]."""
    qualifier = qualifier.casefold()
    if qualifier in _AT_LEAST:
        return value, math.inf
    if qualifier in _AT_MOST:
        return -math.inf, value
    if qualifier in _BELOW_NEAR or qualifier in _UP_TO:
        return value * (1 - _AROUND_MARGIN), value
    if qualifier in _AROUND:
        return value * (1 - _AROUND_MARGIN), value * (1 + _AROUND_MARGIN)
    return value, value


def _negated(words: tuple[Word, ...]) -> frozenset[str]:
    """Content lemmas a negation governs: the next three words after "not", "no", "never".

    Names are who is spoken of, not what is denied ("could no longer defend Wasserman Schultz").
    """
    negated: set[str] = set()
    for index, word in enumerate(words):
        if word.lemma in NEGATORS:
            negated.update(
                w.lemma
                for w in words[index + 1 : index + 4]
                if not is_light(w.lemma) and not w.capitalized
            )
    return frozenset(negated)


# A new claim is read against each of its candidates: read it once.
@lru_cache(maxsize=4096)
def read(text: str) -> Reading:
    words = _words(text)
    return Reading(
        words=words,
        # Titles say who ("Democratic nominee Hillary Clinton"), not what is said of them.
        content=frozenset(
            w.lemma
            for w in words
            if not is_light(w.lemma) and not w.text[:1].isdigit() and w.lemma not in _TITLES
        ),
        names=_names(words),
        numbers=_numbers(text, words),
        months=frozenset(MONTHS[w.lemma] for w in words if _is_month(w)),
        weekdays=frozenset(WEEKDAYS[w.lemma] for w in words if _is_weekday(w)),
        years=frozenset(int(w.text) for w in words if _YEAR.fullmatch(w.text)),
        negated=_negated(words),
        lemmas=tuple(w.lemma for w in words),
        quotes=_quotes(text),
    )


# Straight or curly double quotes, or two single quotes standing for one.
_QUOTATION = re.compile(r"[“\"]([^“”\"]{3,}?)[”\"]|''(.{3,}?)''")
_QUOTED_WORDS = 2


def _quotes(text: str) -> tuple[tuple[str, ...], ...]:
    quotes = []
    for found in _QUOTATION.finditer(text):
        lemmas = tuple(w.lemma for w in _words(found.group(1) or found.group(2)))
        if len(lemmas) >= _QUOTED_WORDS:
            quotes.append(lemmas)
    return tuple(quotes)


def _is_month(word: Word) -> bool:
    # "may" and "march" are months only when written "May" and "March".
    return word.lemma in MONTHS and (word.capitalized or word.lemma not in ("may", "mar", "march"))


def _is_weekday(word: Word) -> bool:
    # "sat", "sun" and "wed" are words too: an abbreviation counts only capitalised.
    return word.lemma in WEEKDAYS and (word.capitalized or len(word.lemma) > 4)
