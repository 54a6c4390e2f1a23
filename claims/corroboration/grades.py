"""Admiralty (NATO) grades in and out: source grades A-F become priors, probabilities become 1-6."""

from __future__ import annotations

from .model import QuestionResult
from .values import alternative_of

# Source grade -> Beta(alpha, beta) prior on "reports the true value". Means follow the grade
# names (completely / usually / fairly / not usually reliable / unreliable); the weights say how
# many reports the editor's judgement is worth: a confident "A" takes ten contrary reports to
# halve, "E" only five to undo. F ("cannot be judged") and ungraded sources get the weak default
# of DEFAULT_PRIOR_WEIGHT reports centred on sources of similar activity (see engine).
ADMIRALTY_PRIORS: dict[str, tuple[float, float]] = {
    "A": (9.0, 1.0),
    "B": (4.0, 1.0),
    "C": (3.0, 2.0),
    "D": (2.0, 3.0),
    "E": (1.0, 4.0),
}
DEFAULT_PRIOR_WEIGHT = 2.0

# Information grade for the most probable value.
CONFIRMED = (
    0.95  # 1 "confirmed": this probable AND at least INDEPENDENT_VOICES, or an editor verdict
)
PROBABLE = 0.80  # 2 "probably true"
POSSIBLE = 0.50  # 3 "possibly true": more likely than not
DOUBTFUL = 0.20  # 4 "doubtful"; below it 5 "improbable"
INDEPENDENT_VOICES = 1.5  # summed shares of the value's sources: two copies make one voice
GRADE_NAMES = {
    1: "confirmed by independent sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "cannot be judged",
}


def prior_for(grade: str | None) -> tuple[float, float] | None:
    """The editor's prior for a grade, or None when the weak data-driven default applies."""
    return ADMIRALTY_PRIORS.get((grade or "").strip().upper()[:1])


def credibility(
    *, probability: float, voices: float, track_record: bool, verdict: bool | None
) -> int:
    """Admiralty 1-6 for one value of a question.

    An editor's verdict decides: the value it names is "confirmed", any other is improbable
    (verdict False). Without one, a value whose only support is one voice, on a question where
    no source has a grade or a corroborated report (track_record), cannot be judged (6): its
    probability is only the prior. Otherwise the probability decides, and 1 also needs
    independent voices.
    """
    if verdict is not None:
        return 1 if verdict else 5
    if not track_record and voices < INDEPENDENT_VOICES:
        return 6
    if probability >= CONFIRMED and voices >= INDEPENDENT_VOICES:
        return 1
    if probability >= PROBABLE:
        return 2
    if probability >= POSSIBLE:
        return 3
    return 4 if probability >= DOUBTFUL else 5


def value_credibility(result: QuestionResult, value: str) -> int:
    """The Admiralty credibility of `value` as an answer to the result's question: the one grade
    the workbench stores, shows and explains for a claim of that value.

    A value no source gives is improbable once an editor's verdict names another, and cannot
    be judged before.
    """
    alternative = alternative_of(result, value)
    if alternative is not None:
        return alternative.credibility
    return 5 if result.label is not None else 6
