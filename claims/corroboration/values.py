"""Value normalisation and grouping into alternatives.

Values are compared exactly after normalisation (whitespace, case, "1,234" == "1234" == "1234.0"),
because merging values that merely look alike would hide real disagreements; numeric closeness
only merges values when the caller asks for a tolerance.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Alternative, QuestionResult, Tolerance

_NUMBER = re.compile(r"([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+)\s*(.*)", re.S)


@dataclass(frozen=True, slots=True)
class Value:
    key: str  # the normalised spelling: equal keys are the same alternative
    number: float | None
    unit: str


def normalise(raw: str) -> Value:
    """Collapse whitespace and case; numbers get one canonical spelling followed by their unit."""
    if len(raw) < 16 and raw.isascii() and raw.isdigit():  # common case, no regex needed
        whole = int(raw)
        return Value(str(whole), float(whole), "")
    text = " ".join(raw.split()).casefold()
    match = _NUMBER.fullmatch(text)
    if match is None:
        return Value(text, None, "")
    number = float(match[1].replace(",", ""))
    unit = match[2].strip()
    if not math.isfinite(number):
        return Value(text, None, "")
    spelled = str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    return Value(f"{spelled} {unit}" if unit else spelled, number, unit)


def merge_within_tolerance(
    question: str, values: Sequence[Value], counts: Sequence[int], tolerance: Tolerance
) -> list[int]:
    """Map each value of one question to the index of the value representing its alternative.

    Numbers of the same unit are scanned in increasing order and joined to the current group
    while they stay within tolerance of the group's first (smallest) member: anchoring on the
    first member, not the previous one, stops 330, 331, 332, ... from chaining without limit.
    The representative is the most reported member (ties: the smaller number), so the name an
    editor sees is the one most sources used.
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


def alternative_of(result: QuestionResult, value: str) -> Alternative | None:
    """The alternative of `result` that `value` belongs to, under any of its spellings."""
    key = normalise(value).key
    return next(
        (
            alternative
            for alternative in result.alternatives
            if key in {normalise(v).key for v in (alternative.value, *alternative.variants)}
        ),
        None,
    )
