"""How values are compared: the way a reader would, per kind of value, all in this module.

A value's `key` decides which reports give the same alternative; the key is never shown (results
give the spelling most of an alternative's sources used). The kind is detected from the value:

* numbers: "1,234" = "1234" = "1234.0"; what follows the number is its unit ("330 km"). Numbers
  closer than a tolerance are merged only when the caller asks for one (see `Tolerance`);
* clock times: "7:05 PM" = "7:05pm" = "19:05" = "19.05 h" (a dot needs am/pm or "h": "9.30"
  alone is a number);
* dates: "2024-03-05" = "5 March 2024" = "March 5, 2024" = "Mar. 5 2024" ("Dec 8" has no
  year and is another date); a date and a time is both ("Mar 5 2024 7:05 PM" = "19:05, 5 March
  2024"). All-number dates such as 05/03/2024 are not read as dates:
  day and month cannot be told apart;
* codes (one or two words mixing letters and digits, not a number and its unit): case, spaces
  and hyphens do not count, "G19A" = "g 19a" = "G-19A"; "32G" is the number 32 with unit "g",
  compared in the same way;
* lists of person names: the set of surnames, so "Yacht, Carol; Crosson, Susan" = "Carol Yacht
  and Susan Crosson" = "YACHT, CAROL / CROSSON, SUSAN", but not "YACHT", which drops an author.
  A value is read as names when its question has a list of names in it (authors separated by
  ";", "/", "&", "|" or "and", or "Last, First"); then every value of the question made of
  letters only is read as names ("Donald Ervin Knuth" = "Knuth, Donald E." = "Knuth").
  Authors are separated as above; "Last, First" has the surname before the comma, "First Last"
  last; "Last, First, Last, First" is read as pairs; roles in parentheses, "by", "ed.",
  "editor", "Jr.", "Ph.D." and accents do not count;
* anything else: text, compared ignoring case and runs of spaces.

Values that merely look alike are otherwise kept apart, because merging them would hide real
disagreements.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Alternative, QuestionResult, Tolerance

_NUMBER = re.compile(r"([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+)\s*(.*)", re.S)
_MERIDIEM = r"(?:\s*([ap])\.?\s?m\.?)"
_TIME = re.compile(
    rf"(\d{{1,2}})(?::(\d{{2}})(?::(\d{{2}}))?{_MERIDIEM}?|[.h](\d{{2}}){_MERIDIEM}?|{_MERIDIEM})"
    r"(?:\s*h)?"
)
_MONTHS = {
    name: n
    for n, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"([a-z]{3,9})\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_DATES = (  # (pattern, which groups hold year, month, day); a year may be left out
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), (1, 2, 3)),
    (re.compile(rf"{_DAY}\s+{_MONTH}(?:,?\s+(\d{{4}}))?"), (3, 2, 1)),
    (re.compile(rf"{_MONTH}\s+{_DAY}(?:,?\s+(\d{{4}}))?"), (3, 1, 2)),
)
_BETWEEN = re.compile(r"[\s,]+(?:(?:-|at)[\s,]+)?")  # between a date and a time
_CODE = re.compile(r"(?=.*\d)(?=.*[a-z])[a-z0-9]+(?:[ -][a-z0-9]+)?")
_LIST_SEPARATOR = re.compile(r"\s*(?:;|/|&|\||\band\b)\s*")
_NAME_NOISE = re.compile(
    r"\([^)]*\)|\b(?:ph\.?d|m\.?d|jr|sr|ed|eds|edt|editor|editors|et al|by)\b\.?"
)
_NAME_SHAPED = re.compile(r"(?:[^\W\d_]|[ .,'’;/&|-])+")


@dataclass(frozen=True, slots=True)
class Value:
    key: str  # equal keys are the same alternative
    number: float | None
    unit: str
    names: str | None = None  # the key when the value is read as a list of names
    name_list: bool = False  # unmistakably a list of names: its question's values are names


def normalize(raw: str) -> Value:
    """The value's key as a reader compares it (see the module docstring), and its number."""
    if len(raw) < 16 and raw.isascii() and raw.isdigit():  # common case, no regex needed
        whole = int(raw)
        return Value(str(whole), float(whole), "")
    text = " ".join(html.unescape(raw).split()).casefold()
    names, name_list = _names(text)
    moment = _moment(text)
    if moment is not None:
        return Value(moment, None, "", names, name_list)
    match = _NUMBER.fullmatch(text)
    number = float(match[1].replace(",", "")) if match else math.nan
    if match is None or not math.isfinite(number):
        key = "code " + re.sub(r"[ -]", "", text) if _CODE.fullmatch(text) else text
        return Value(key, None, "", names, name_list)
    unit = match[2].strip()
    spelled = str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    return Value(f"{spelled} {unit}" if unit else spelled, number, unit)


def _moment(text: str) -> str | None:
    """ "date 2024-03-05", "time 19:05" or both, when the text is a date and/or a clock time."""
    day = _date(text)
    if day is not None:
        return f"date {day}"
    clock = _time(text)
    if clock is not None:
        return f"time {clock}"
    if not any(c.isdigit() for c in text):
        return None
    for gap in list(_BETWEEN.finditer(text))[:8]:
        head, tail = text[: gap.start()], text[gap.end() :]
        day, clock = _date(head), _time(tail)
        if day is None or clock is None:
            day, clock = _date(tail), _time(head)
        if day is not None and clock is not None:
            return f"date {day} time {clock}"
    return None


def _time(text: str) -> str | None:
    match = _TIME.fullmatch(text)
    if match is None:
        return None
    hour = int(match[1])
    minute = int(match[2] or match[5] or 0)
    second = int(match[3] or 0)
    meridiem = match[4] or match[6] or match[7]
    if meridiem is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    if match[5] and meridiem is None and not text.endswith("h"):
        return None  # "9.30" is a number
    if match[7] is None and match[2] is None and match[5] is None:
        return None
    if hour > 23 or minute > 59 or second > 59:
        return None
    return f"{hour:02d}:{minute:02d}" + (f":{second:02d}" if second else "")


def _date(text: str) -> str | None:
    for pattern, (y, m, d) in _DATES:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        month = int(match[m]) if match[m].isdigit() else _MONTHS.get(match[m])
        if month is None or not 1 <= month <= 12 or not 1 <= int(match[d]) <= 31:
            return None
        year = f"{int(match[y]):04d}" if match[y] else "-"
        return f"{year}-{month:02d}-{int(match[d]):02d}"
    return None


def _names(text: str) -> tuple[str | None, bool]:
    """The surnames of a value made of names ("names carol crosson yacht"), and whether it is
    unmistakably a list of names; (None, False) for a value that cannot be names."""
    cleaned = " ".join(_NAME_NOISE.sub(" ", text).split())
    if not _NAME_SHAPED.fullmatch(cleaned):
        return None, False
    surnames: set[str] = set()
    chunks = _LIST_SEPARATOR.split(cleaned)
    for chunk in chunks:
        parts = [p.strip() for p in chunk.split(",") if p.strip()]
        if len(parts) == 1:
            surnames.add(_letters(parts[0].split()[-1]))
        elif all(len(p.split()) >= 2 for p in parts):
            surnames.update(_letters(p.split()[-1]) for p in parts)
        elif len(parts) % 2 == 0:
            surnames.update(_letters(p) for p in parts[::2])
        elif parts:
            surnames.add(_letters(parts[0]))
    surnames.discard("")
    if not surnames:
        return None, False
    return "names " + " ".join(sorted(surnames)), len(chunks) > 1 or "," in cleaned


def _letters(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if c.isalpha())


def merge_within_tolerance(
    question: str, values: Sequence[Value], counts: Sequence[int], tolerance: Tolerance
) -> list[int]:
    """Map each value of one question to the index of the value representing its alternative.

    Numbers of the same unit are scanned in increasing order and joined to the current group
    while they stay within tolerance of the group's first (smallest) member: anchoring on the
    first member, not the previous one, stops 330, 331, 332, ... from chaining without limit.
    The representative is the most reported member (ties: the smaller number).
    """
    target = list(range(len(values)))
    numeric = sorted(
        (i for i, value in enumerate(values) if value.number is not None),
        key=lambda i: (values[i].unit, values[i].number),
    )
    groups: list[list[int]] = []
    for i in numeric:
        value = values[i]
        rule = tolerance.rule(question, value.unit)
        if groups:
            anchor = values[groups[-1][0]]
            if (
                anchor.unit == value.unit
                and not rule.exact
                and rule.allows(anchor.number or 0.0, value.number or 0.0)
            ):
                groups[-1].append(i)
                continue
        groups.append([i])
    for group in groups:
        representative = min(group, key=lambda i: (-counts[i], values[i].number or 0.0))
        for i in group:
            target[i] = representative
    return target


def same_value(value: Value, alternative: Value) -> bool:
    """Whether `value` is `alternative` (a key as encoded: read as names in a question of
    names)."""
    return value.key == alternative.key or (
        value.names is not None and value.names == alternative.key
    )


def alternative_of(result: QuestionResult, value: str) -> Alternative | None:
    """The alternative of `result` that `value` belongs to: one of its spellings, else the
    same value as a reader compares them."""
    spelled = next(
        (a for a in result.alternatives if value == a.value or value in a.variants), None
    )
    if spelled is not None:
        return spelled
    wanted = normalize(value)
    read = {a.value: [normalize(s) for s in (a.value, *a.variants)] for a in result.alternatives}
    as_names = any(v.name_list for spellings in read.values() for v in spellings)
    for alternative in result.alternatives:
        known = read[alternative.value][0]
        if as_names and known.names is not None:
            known = Value(known.names, None, "")
        if same_value(wanted, known):
            return alternative
    return None
