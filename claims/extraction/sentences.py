"""Paragraph and sentence segmentation that keeps offsets and never splits inside a quote."""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.extraction.quotes import find_quotes


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the input with the quotations inside it."""

    start: int
    end: int
    paragraph: int
    quotes: tuple[tuple[int, int], ...]


_PARAGRAPH = re.compile(r"[^\n]+")
# A full stop, question or exclamation mark, maybe closed by quotes or brackets, then a capital.
_BOUNDARY = re.compile(r"[.!?]+(?:''|[\"”’')\]])*(?=\s+(?:''|[\"“‘'(\[])?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.?$")
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?\.?")
_NEXT_WORD = re.compile(r"\s+[\"“‘'(\[]?([A-Za-z]+)")
# '“Who are they?” Trump said of Apple.': a quotation's own mark does not end the sentence when
# the speaker and a verb of saying with nothing it could introduce follow, or a verb with its
# hearer ('“Why not?” Lee asked the panel.').
_SPEAKER_AFTER_QUOTE = re.compile(
    r"\s+(?:[A-Z][\w.’'-]*\s+){1,4}(?:(?:said|says|told|added|asked|wrote|explained|continued|"
    r"noted|recalled|declared|insisted|argued|responded|replied|tweeted)"
    r"(?=\s*[,.]|\s+(?:of|in|on|at|to|during|after|before|when|while|last|this)\b)"
    r"|(?:told|tells|asked|asks)\s+(?:[\w’'-]+\s+){0,3}[\w’'-]+(?=\s*[,.]))"
)

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr sen rep reps gov gen lt col sgt capt cmdr adm maj jr sr st rev prof pres ft mt
    inc co corp ltd bros vs etc al jan feb mar apr aug sep sept oct nov dec ave blvd dept
    gop u.s u.n u.k e.u d.c a.m p.m""".split()
)
# "No. 2", "Nos. 3 and 4": abbreviations before a number only ("He said no. Cruz ...").
_BEFORE_NUMBERS = frozenset({"no", "nos"})
_NUMBER_NEXT = re.compile(r"\s+\d")
# US states as AP style shortens them ("Sacramento, Calif., said"); only as written, capitalised,
# as several are words too ("mass", "wash").
_STATES = frozenset(
    """Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo
    Mont Neb Nev Okla Ore Pa Tenn Tex Vt Va Wash Wis Wyo""".split()
)
# Words that begin a new sentence even after an abbreviation-like token ("... in the U.S. The").
_SENTENCE_STARTERS = frozenset(
    """The He She It They We I But And In On At As This That These Those There His Her Their
    Its Our A An After Before When While If So Yet Still Meanwhile However""".split()
)


def _is_abbreviation(text: str, dot: int, para_start: int) -> bool:
    word = _WORD_BEFORE.search(text, max(para_start, dot - 24), dot + 1)
    if word is None:
        return False
    token = word.group(1).lower().rstrip(".")
    if token in _ABBREVIATIONS or (len(token) == 1 and word.group(1).isupper()):
        return True
    if word.group(1).rstrip(".") in _STATES:
        return True
    if token in _BEFORE_NUMBERS:
        return _NUMBER_NEXT.match(text, dot + 1) is not None
    return _DOTTED_ACRONYM.fullmatch(word.group(1)) is not None  # "U.S.", "D.C.", not "Mic.com"


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; a paragraph (line) always ends a sentence."""
    sentences: list[Sentence] = []
    for index, para in enumerate(_PARAGRAPH.finditer(text)):
        p_start, p_end = para.span()
        while p_start < p_end and text[p_start].isspace():
            p_start += 1
        if p_start >= p_end:
            continue
        quotes = find_quotes(text, p_start, p_end)
        cuts: list[int] = []
        for boundary in _BOUNDARY.finditer(text, p_start, p_end):
            end = boundary.end()
            if any(q_start < end < q_end for q_start, q_end in quotes):
                continue
            if text[end - 1] in "\"”'" and _SPEAKER_AFTER_QUOTE.match(text, end):
                continue
            dot = boundary.start()
            if text[dot] == "." and _is_abbreviation(text, dot, p_start):
                following = _NEXT_WORD.match(text, end)
                if following is None or following.group(1) not in _SENTENCE_STARTERS:
                    continue
            cuts.append(end)
        begin = p_start
        for end in [*cuts, p_end]:
            while begin < end and text[begin].isspace():
                begin += 1
            stop = end
            while stop > begin and text[stop - 1].isspace():
                stop -= 1
            if stop > begin:
                inside = tuple(q for q in quotes if q[0] >= begin and q[1] <= stop)
                sentences.append(Sentence(begin, stop, index, inside))
            begin = end
    return sentences
