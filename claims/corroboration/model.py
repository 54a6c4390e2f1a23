"""Plain, immutable records going in and out of the corroboration engine (no Django, no DB)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Report:
    """One source saying `value` for `question`.

    `via` is the chain the report passed through before `source` published it, original first:
    ``Report(q, "TASS", v, via=("Kremlin aide",))`` is TASS relaying a Kremlin aide. Reports of
    one value whose chains (``via`` plus ``source``) share a name are one voice.
    """

    question: str
    source: str
    value: str
    via: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NumericTolerance:
    """Two numbers are one alternative if they differ by at most ``max(absolute, relative*|x|)``."""

    absolute: float = 0.0
    relative: float = 0.0

    def allows(self, a: float, b: float) -> bool:
        return abs(a - b) <= max(self.absolute, self.relative * max(abs(a), abs(b)))

    @property
    def exact(self) -> bool:
        return self.absolute <= 0.0 and self.relative <= 0.0


@dataclass(frozen=True, slots=True)
class Tolerance:
    """Numeric tolerance: the question's rule wins over the unit's, which wins over `default`.

    Units are whatever follows the number in a value ("330 km" has unit "km"); "" is no unit.
    """

    default: NumericTolerance = NumericTolerance()
    per_unit: Mapping[str, NumericTolerance] = field(default_factory=dict)
    per_question: Mapping[str, NumericTolerance] = field(default_factory=dict)

    def rule(self, question: str, unit: str) -> NumericTolerance:
        if question in self.per_question:
            return self.per_question[question]
        return self.per_unit.get(unit, self.default)


@dataclass(frozen=True, slots=True)
class Alternative:
    """A distinct value of a question; `weight` is the log-odds support it received."""

    value: str
    probability: float
    sources: tuple[str, ...]
    weight: float
    credibility: int  # Admiralty 1..6 for this value (see grades.credibility)
    variants: tuple[str, ...] = ()  # its other spellings ("1,234" for 1234), most used first


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one source added to one value: `share` of a voice (1 = independent) and `weight`."""

    source: str
    value: str
    weight: float  # log-odds added to `value`: share * vote of a source this reliable
    share: float
    reliability: float
    low: float
    high: float
    discounted_reason: str | None = None  # why it is not independent; relays say it in `via`
    via: tuple[str, ...] = ()  # the chain it passed on, original first (see Report.via)


@dataclass(frozen=True, slots=True)
class QuestionResult:
    question: str
    alternatives: tuple[Alternative, ...]  # best first
    best: str | None
    probability: float  # of `best`
    other_probability: float  # that the truth is none of the reported values
    credibility: int  # Admiralty 1..6 for `best`
    contributions: tuple[Contribution, ...]  # grouped by alternative, best first
    label: str | None = None  # the editor's verdict, when there is one


@dataclass(frozen=True, slots=True)
class SourceReliability:
    """Beta posterior of how often the source reports the true value."""

    source: str
    alpha: float
    beta: float
    mean: float
    low: float  # 5% quantile: mean and [low, high] form a 90% credible interval
    high: float
    prior_grade: str | None
    n_reports: int
    n_confirmed: int  # editor verdicts agreeing with the source
    n_refuted: int
    explanation: str


@dataclass(frozen=True, slots=True)
class Dependence:
    """Sources whose reports are not independent: one voice, or weight shared."""

    kind: str  # "relay", "affiliation" or "copy"
    sources: tuple[str, ...]
    probability: float  # that they are dependent (1.0 for declared relays and affiliations)
    explanation: str
