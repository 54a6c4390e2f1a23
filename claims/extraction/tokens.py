"""A small tokenizer and the closed word classes the phrase rules need (no POS tagger)."""

from __future__ import annotations

import re
from typing import NamedTuple


class Token(NamedTuple):
    """A word or punctuation mark with its offsets in the article."""

    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_capitalized(self) -> bool:
        return self.text[:1].isupper()


QUOTE_FILL = "§"
_TOKEN = re.compile(
    r"§+"  # a masked quotation
    r"|(?:[A-Za-z]\.){2,}"  # "U.S.", "D.C."
    r"|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Reps|Del|Gov|Gen|Lt|Col|Sgt|Capt|Jr|Sr|St|Rev|Prof|Pres|Adm|Maj)\."
    r"|[A-Z]\.(?=\s)"  # an initial
    r"|\w(?:[\w’'&.-]*\w)?(?:’|')?"
    r"|\S"
)


def tokenize(text: str, start: int, end: int) -> list[Token]:
    """Tokens of ``text[start:end]``; a run of ``§`` stands for a masked quotation."""
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]


def _words(spec: str) -> frozenset[str]:
    return frozenset(spec.split())


SUBJECT_PRONOUNS = _words("he she they we i it you")
PERSON_PRONOUNS = _words("he she him her")
DETERMINERS = _words(
    "the a an this these those some many most several both all each every any other another few "
    "no one two three four five six seven eight nine ten dozens hundreds thousands"
)
POSSESSIVES = _words("his her their its our my your")
PREPOSITIONS = _words(
    "in on at to from by with about after before during since until while as than into over "
    "under without within against among between through across toward towards upon amid despite "
    "like per via of for near behind beyond outside inside around"
)
CONJUNCTIONS = _words("and or but nor so yet because if when whereas although though unless")
AUXILIARIES = _words(
    "is are was were be been being has have had do does did will would can could should may "
    "might must shall 's ’s"
)
_NEGATED = "didn doesn don won wouldn can couldn isn wasn hasn haven hadn shouldn aren weren"
AUXILIARIES = AUXILIARIES | frozenset(
    f"{stem}{mark}t" for stem in _NEGATED.split() for mark in "’'"
)
WH_WORDS = _words("who whom whose which that what where when why how whoever whatever")
ADVERBS = _words(
    "also later earlier previously repeatedly then again once first already often reportedly "
    "publicly privately recently just even still now never not only simply flatly quickly "
    "frequently further similarly initially originally ultimately finally subsequently "
    "separately long since ever always n't meanwhile however too there here"
)
DAYS = _words("monday tuesday wednesday thursday friday saturday sunday today yesterday tonight")
MONTHS = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
# Heads of the phrases that say where or when something was said: "in a statement", "at the
# time", "during an interview with CNN".
ADVERBIAL_NOUNS = _words(
    """statement statements interview interviews speech speeches tweet tweets post posts letter
    email e-mail release conference call debate rally appearance op-ed memo filing video message
    briefing hearing remarks address session meeting event broadcast podcast column editorial
    twitter facebook instagram television radio phone telephone testimony report book blog
    announcement week month year morning afternoon evening night weekend time"""
)
ADVERBIAL_PREPOSITIONS = _words("in on at during via through over")
TIME_NOUNS = _words("week weekend month year morning afternoon evening night day")
FUNCTION_WORDS = (
    PREPOSITIONS | CONJUNCTIONS | AUXILIARIES | WH_WORDS | ADVERBS | _words("not no yes there here")
)
TITLES = _words(
    "mr mr. mrs mrs. ms ms. dr dr. sen sen. rep rep. del. gov gov. gen gen. lt lt. col col. "
    "sgt sgt. capt capt. rev rev. prof prof. president senator governor representative secretary "
    "minister judge justice mayor chairman chairwoman speaker general sir dame lord lady"
)
MEDIA_STAFF = _words(
    "journalists journalist reporters reporter correspondents correspondent crew staff"
)
