"""Numbers in claims, with what they count: the part of a claim most often checked."""

from __future__ import annotations

import re

from claims.extraction.types import Quantity, Span

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_QUALIFIERS = (
    "at least", "at most", "more than", "less than", "fewer than", "up to", "as many as",
    "as much as", "just over", "just under", "nearly", "almost", "about", "around", "roughly",
    "approximately", "some", "over", "under", "only", "exactly", "about", "an estimated",
)  # fmt: skip
_INCREASE = r"increas\w*|r[io]se|risen|grew|grown|climb\w*|jump\w*|surg\w*|soar\w*|doubl\w*|up"
_DECREASE = r"decreas\w*|f[ae]ll|fallen|dropp?\w*|declin\w*|shr[au]nk|cut|plung\w*|slump\w*|down"
_WORD_NUMBER = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_QUALIFIER = "|".join(re.escape(q) for q in sorted(set(_QUALIFIERS), key=len, reverse=True))

_QUANTITY = re.compile(
    r"(?P<currency>[$€£])?"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?:{_WORD_NUMBER})\b)"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion)\b)?"
    r"(?P<pct>\s*%|\s+percent\b|\s+per\s+cent\b|\s+percentage\s+points?\b)?",
    re.IGNORECASE,
)
# Looked for just before a number: scanning every position for a qualifier is slow.
_QUALIFIER_BEFORE = re.compile(rf"\b({_QUALIFIER})\s+(?:an?\s+)?$", re.IGNORECASE)
_DIRECTION = re.compile(rf"\b(?:(?P<inc>{_INCREASE})|(?P<dec>{_DECREASE}))\s+(?:by\s+)?$", re.I)
_UNIT_WORD = re.compile(r"\s+([a-z][a-z-]*)")
_OF_THEM = re.compile(r"\s+of\s+them\s+([a-z][a-z-]*)")
_IRREGULAR_PLURALS = frozenset(
    {"people", "children", "men", "women", "police", "staff", "personnel"}
)
_UNIT_STOP = frozenset(
    """of and or in on at to for from by with the a an than as that which who was were is are
    had has have will would since during after before per each this these those more less""".split()
)
_YEAR = re.compile(r"1[89]\d\d|20\d\d")


def _value(number: str) -> float:
    word = number.lower()
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    return float(number.replace(",", ""))


def _unit_after(text: str, end: int) -> tuple[str, int]:
    """The counted noun: one or two words, ending at the first plural ("5,000 combat drones")."""
    words: list[str] = []
    pos = end
    for _ in range(2):
        match = _UNIT_WORD.match(text, pos)
        if match is None or match.group(1) in _UNIT_STOP:
            break
        word = match.group(1)
        if words and word.endswith("ed"):
            break  # "people sustained": a verb, not part of the unit
        words.append(word)
        pos = match.end()
        if word.endswith("s") or word in _IRREGULAR_PLURALS:
            break
    if len(words) == 1 and words[0].endswith(("ing", "ed")):
        return "", end  # "eight injured": a participle, not what is counted
    return " ".join(words), pos


def extract_quantities(text: str, offset: int = 0) -> tuple[Quantity, ...]:
    """Quantities in ``text``; spans are shifted by ``offset`` to point into the article."""
    found: list[Quantity] = []
    last_unit = ""
    for match in _QUANTITY.finditer(text):
        number = match.group("num")
        scale = match.group("scale")
        pct = match.group("pct")
        if _YEAR.fullmatch(number) and not (scale or pct or match.group("currency")):
            continue  # a year, not a count
        value = _value(number) * (_SCALES[scale.lower()] if scale else 1.0)
        end = match.end()
        if pct:
            unit = "percent"
        elif match.group("currency"):
            unit = {"$": "dollars", "€": "euros", "£": "pounds"}[match.group("currency")]
        else:
            of_them = _OF_THEM.match(text, end)
            if of_them and last_unit:
                unit = f"{of_them.group(1)} {last_unit.split()[-1]}"
                end = of_them.end()
            else:
                unit, end = _unit_after(text, end)
        if not unit and number.lower() in _NUMBER_WORDS and number.lower() == "one":
            continue  # "one of the", "no one": rarely a count
        direction_match = _DIRECTION.search(text, max(0, match.start() - 24), match.start())
        direction = ""
        if direction_match:
            direction = "increase" if direction_match.group("inc") else "decrease"
        start = match.start()
        qualifier_match = _QUALIFIER_BEFORE.search(text, max(0, start - 20), start)
        qualifier = qualifier_match.group(1).lower() if qualifier_match else ""
        if qualifier_match:
            start = qualifier_match.start()
        found.append(
            Quantity(
                value=value,
                unit=unit,
                qualifier=qualifier,
                direction=direction,
                span=Span(text[start:end], start + offset, end + offset),
            )
        )
        if unit and unit != "percent":
            last_unit = unit
    return tuple(found)
