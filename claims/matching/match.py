"""The decision: the same fact (agreeing or conflicting), the same topic, or nothing in common.

Evidence is added up the way a reader weighs it, each kind counting about as much as the others:
how much of each claim's content the other states (lemmas, rarer words weighing more), the same
with names left out (what is said of them), the names both mention, names only one of them has,
and a number both give for one thing. Claims of one fact that differ in a value (a number of one
thing, a month or weekday, a negated phrase) conflict; the difference itself is no evidence
either way, since different events also differ in their numbers.

Evidence alone is not enough in a newsroom's real pool, where a claim's candidates share its
topic and almost none its fact: names alone are a topic; one word in common is one fact only
with a name and an uncommon word; numbers of one kind over three times apart, or differing where
each claim names others, are two events.

The weights are round numbers chosen by that reasoning. `SAME_FACT_AT`, `_ONE_WORD_SPECIFIC` and
the threefold ratio were set on the labelled dev pairs (`../shared/data/claim-pairs/dev.jsonl`)
and checked against the real pool; `bench/matching.py` (and `--pool`) measures both.

The score is at least 0.5 exactly when the relation is agree or conflict.
"""

from __future__ import annotations

import math

from claims.matching.compare import Comparison, compare
from claims.matching.reading import Number, Reading, read, weight
from claims.matching.types import ClaimText, Match, Relation

SAME_FACT_AT = 1.25
# Claims of one topic share a name, a kind of number, or a word rarer than everyday English (a
# word seen less than about ten times in a million: Zipf 4, weight 3).
RARE_WORD_WEIGHT = 3.0
# The score of a pair that is not the same fact, however much evidence it has: the rules above
# outrank the sum, and a score says which side of one half the pair fell.
_NOT_SAME_FACT_SCORE = 0.4999
_CAP = 2  # names counted at most, either way: a list of names is not more of the same fact


def evidence(comparison: Comparison) -> float:
    """How strongly the two claims state one fact, on a scale whose 0 is `SAME_FACT_AT`."""
    return (
        sum(comparison.coverage)
        + sum(comparison.predicate)
        + min(comparison.shared_names, _CAP)
        - 0.5 * min(comparison.only_names, _CAP)
        + (1.0 if comparison.same_numbers or comparison.different_numbers else 0.0)
        + (1.0 if comparison.shared_quote else 0.0)
        - SAME_FACT_AT
    )


# One word in common is one fact only said of one name, and when the word or the name is
# uncommon: "Scalia died", not "Trump campaigned" nor "she has pneumonia". Two words in common
# say something of their own.
_ONE_WORD_SPECIFIC = 3.0


def _says_enough(comparison: Comparison) -> bool:
    shared = comparison.shared_predicate
    if len(shared) >= 2:
        return True
    if not shared or not comparison.shared_names:
        return False
    return comparison.rarest_shared[1] >= _ONE_WORD_SPECIFIC


def _number(number: Number) -> str:
    return number.text.strip()


def _thing(number: Number) -> str:
    return number.counted or " ".join(sorted(number.thing))


def _conflict(comparison: Comparison) -> tuple[str, str, tuple[str, str]] | None:
    """(reason, question, values) when the two claims cannot both be right."""
    if comparison.different_numbers:
        mine, theirs = comparison.different_numbers[0]
        values = (_number(mine), _number(theirs))
        return f"One fact, two numbers: {values[0]!r} against {values[1]!r}.", _thing(mine), values
    if comparison.different_dates:
        first, second = comparison.different_dates
        return f"One fact, two dates: {first} against {second}.", "when", (first, second)
    if comparison.negation:
        reason = f"One fact, asserted in one and denied in the other ({comparison.negation!r})."
        return reason, comparison.negation, ("asserted", "denied")
    return None


def _shared(a: Reading, b: Reading) -> str:
    words = sorted(a.content & b.content, key=lambda lemma: (-weight(lemma), lemma))[:4]
    return ", ".join(words)


def match(a: ClaimText, b: ClaimText) -> Match:
    first, second = read(a.text), read(b.text)
    comparison = compare(first, second)
    strength = evidence(comparison)
    score = round(1 / (1 + math.exp(-2 * strength)), 4)
    shared = _shared(first, second)
    # Names alone are a topic: one fact also says something of them in common, be it a value.
    says_the_same = bool(
        _says_enough(comparison)
        or comparison.same_numbers
        or comparison.different_numbers
        or comparison.shared_quote
        # "the debate at Hofstra on Monday" and "on Tuesday": one named event, two dates
        or (comparison.different_dates and comparison.shared_names)
    )
    # Numbers of one thing that differ where each claim names someone or somewhere the other
    # does not are two events ("49 killed in Orlando", "14 killed in San Bernardino"), and so
    # are numbers too far apart to be one count told differently.
    two_events = bool(
        comparison.different_numbers and comparison.only_names and not comparison.shared_names
    ) or bool(comparison.far_numbers and not comparison.same_numbers)
    if strength >= 0 and says_the_same and not two_events:
        conflict = _conflict(comparison)
        if conflict is not None:
            reason, question, values = conflict
            return Match(Relation.CONFLICT, score, reason, question, values)
        agreeing = comparison.same_numbers
        if agreeing:
            mine, theirs = agreeing[0]
            return Match(
                Relation.AGREE,
                score,
                f"One fact, told alike: {_number(mine)!r} and {_number(theirs)!r}.",
                _thing(mine),
                (_number(mine), _number(theirs)),
            )
        return Match(Relation.AGREE, score, f"One fact, told alike ({shared}).", shared)
    score = min(score, _NOT_SAME_FACT_SCORE)
    if (
        comparison.shared_names
        or comparison.same_numbers
        or comparison.different_numbers
        or comparison.far_numbers
        or comparison.rarest_shared[1] >= RARE_WORD_WEIGHT
    ):
        topic = shared or "a number of the same kind"
        return Match(Relation.RELATED, score, f"The same topic ({topic}), different facts.")
    reason = "Different topics: no name, kind of number or uncommon word in common."
    return Match(Relation.UNRELATED, score, reason)
