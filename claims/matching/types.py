"""The record shapes of claim matching."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum


class Relation(StrEnum):
    AGREE = "agree"  # the same fact, stated compatibly
    CONFLICT = "conflict"  # the same fact with incompatible values or opposite assertions
    RELATED = "related"  # the same topic, a different fact: not proposed
    UNRELATED = "unrelated"

    @property
    def same_fact(self) -> bool:
        return self in (Relation.AGREE, Relation.CONFLICT)


@dataclass(frozen=True)
class ClaimText:
    text: str
    # The article's publication date: "Monday" and "last month" are read against it.
    date: datetime.date | None = None
    headline: str = ""


@dataclass(frozen=True)
class Match:
    relation: Relation
    score: float  # 0..1, how sure the engine is that the two state the same fact
    reason: str  # one line an editor can read
    # For the same fact: what both answer ("people killed") and each claim's answer to it
    # ("49", "39"); empty when the engine cannot name them.
    question: str = ""
    values: tuple[str, str] = ("", "")
