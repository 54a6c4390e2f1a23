"""claims.matching: do two claims from different articles state the same fact, and agree?"""

from __future__ import annotations

import subprocess
import sys

import pytest

from claims.matching import ClaimText, Relation, match
from claims.matching.reading import read, value_range
from tests.conftest import REPO


def _match(a: str, b: str) -> Relation:
    return match(ClaimText(a), ClaimText(b)).relation


def test_a_paraphrase_with_another_number_of_one_thing_conflicts() -> None:
    found = match(ClaimText("18 missiles were launched"), ClaimText("Russia launched 16 missiles"))

    assert found.relation is Relation.CONFLICT
    assert found.values == ("18 missiles", "16 missiles")
    assert "18 missiles" in found.reason and "16 missiles" in found.reason


def test_numbers_written_as_words_are_numbers() -> None:
    found = match(
        ClaimText("Ten people were injured in the strike on Kyiv"),
        ClaimText("eight people were injured in Kyiv"),
    )

    assert found.relation is Relation.CONFLICT
    assert found.question == "people injured"


def test_a_shorter_paraphrase_of_one_fact_agrees() -> None:
    assert (
        _match(
            "Scalia, who died in February",
            "Antonin Scalia died in February and the vacancy has yet to be filled",
        )
        is Relation.AGREE
    )


def test_compatible_hedged_numbers_agree() -> None:
    found = match(
        ClaimText("Donald Trump had a net loss of more than $915 million in 1995"),
        ClaimText("Trump had claimed a loss of $916 million in 1995"),
    )

    assert found.relation is Relation.AGREE


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        ("Scalia, who died in February", "Scalia, who died in April", "the month"),
        (
            "the debate at Hofstra University on Monday",
            "the debate at Hofstra University on Tuesday",
            "the weekday",
        ),
        (
            "no reasonable prosecutor would bring such a case",
            "any reasonable prosecutor would bring such a case",
            "a negated phrase",
        ),
        ("Keith Lamont Scott, 43, was killed by police", "Scott, 34, was killed by police", "age"),
    ],
)
def test_one_fact_told_with_another_value_conflicts(a: str, b: str, why: str) -> None:
    assert _match(a, b) is Relation.CONFLICT, why


def test_the_same_kind_of_number_about_different_places_is_only_related() -> None:
    found = match(
        ClaimText("49 people were killed at the Pulse nightclub in Orlando by a lone gunman"),
        ClaimText("A married couple shot dead 14 people in San Bernardino, California"),
    )

    assert found.relation is Relation.RELATED


def test_claims_sharing_only_a_number_are_unrelated() -> None:
    assert (
        _match(
            "Statista estimates LinkedIn's active monthly users at 100 million.",
            "Ackman sold his stake at an estimated loss of $100 million.",
        )
        is Relation.UNRELATED
    )


def test_numbers_far_apart_are_not_one_count_told_differently() -> None:
    found = match(
        ClaimText("an average of 112 million viewers watched the final"),
        ClaimText("the 18 million viewers for the debate"),
    )

    assert found.relation is not Relation.CONFLICT


def test_dollars_of_different_things_are_not_compared() -> None:
    found = match(
        ClaimText("Clinton has spent more than $77 million on advertising"),
        ClaimText("Clinton's contributions, totaling $70 million, have come from women"),
    )

    assert found.relation is not Relation.CONFLICT


def test_the_score_orders_the_same_fact_above_a_related_claim() -> None:
    claim = ClaimText("Debbie Wasserman Schultz resigned as party chair in July")
    same = match(claim, ClaimText("Wasserman Schultz stepped down as chair, resigning in July"))
    related = match(claim, ClaimText("Wasserman Schultz raised money for her House race"))

    assert same.score > related.score


@pytest.mark.parametrize(
    ("value", "qualifier", "allowed"),
    [
        (330, "more than", (330, float("inf"))),
        (300, "about", (270, 330)),
        (8, "fewer than", (float("-inf"), 8)),
        (24, "as many as", (21.6, 24)),
        (14, "", (14, 14)),
    ],
)
def test_a_qualifier_says_which_numbers_a_claim_allows(
    value: float, qualifier: str, allowed: tuple[float, float]
) -> None:
    assert value_range(value, qualifier) == pytest.approx(allowed)


def test_reading_finds_lemmas_names_numbers_and_dates() -> None:
    reading = read("Antonin Scalia died in February, and twelve workers met on Monday.")

    assert {"die", "worker"} <= reading.content
    assert frozenset({"antonin", "scalia"}) in reading.names
    assert [(n.value, n.thing) for n in reading.numbers] == [(12.0, frozenset({"worker"}))]
    assert reading.months == {2}
    assert reading.weekdays == {0}


def test_the_engine_imports_no_django() -> None:
    code = "import sys, claims.matching; sys.exit('django' in sys.modules)"
    # A process of its own: this test run has long since imported Django.
    found = subprocess.run([sys.executable, "-c", code], cwd=REPO, check=False)  # noqa: S603
    assert found.returncode == 0


def test_the_same_words_quoted_in_both_meet_though_little_else_is_shared() -> None:
    found = match(
        ClaimText("an FBI investigation said was “extremely careless” but did not bring charges"),
        ClaimText("He called her handling of highly sensitive information “extremely careless,”"),
    )

    assert found.relation is Relation.AGREE


def test_decades_are_counted_in_years() -> None:
    found = match(
        ClaimText("he may not have paid federal taxes for nearly two decades"),
        ClaimText("he avoided paying federal taxes for as long as 18 years"),
    )

    assert found.relation is Relation.AGREE


def test_different_debates_sharing_words_and_a_kind_of_number_do_not_meet() -> None:
    found = match(
        ClaimText("the 18 million viewers for CNN's Republican debate four days earlier"),
        ClaimText("as many as 24 million viewers for the top-rated GOP debate"),
    )

    assert not found.relation.same_fact


def test_names_alone_are_a_topic_not_a_fact() -> None:
    found = match(
        ClaimText("Eight people were injured in a missile strike on Kyiv"),
        ClaimText("Kyiv's mayor opened a new metro station on the left bank"),
    )

    assert found.relation is Relation.RELATED


def test_one_everyday_word_and_a_famous_name_in_common_are_a_topic_not_a_fact() -> None:
    found = match(
        ClaimText("the Clinton campaign expects the moderator to fact-check Trump"),
        ClaimText("Trump campaigned in the state this week"),
    )

    assert not found.relation.same_fact


def test_one_uncommon_word_with_a_name_can_be_one_fact() -> None:
    found = match(
        ClaimText("her campaign later disclosed that Clinton has pneumonia"),
        ClaimText("Clinton was diagnosed with pneumonia on Friday"),
    )

    assert found.relation is Relation.AGREE


def test_a_title_says_who_not_what_is_said() -> None:
    found = match(
        ClaimText("why he backs Trump over Democratic nominee Hillary Clinton"),
        ClaimText("presidential nominee Hillary Clinton was more circumspect on Tuesday"),
    )

    assert not found.relation.same_fact


def test_the_score_is_at_least_one_half_exactly_for_the_same_fact() -> None:
    pairs = [
        ("Scalia, who died in February", "Antonin Scalia died in February"),
        (
            "the 18 million viewers for CNN's Republican debate",
            "24 million viewers for the GOP debate",
        ),
        ("Eight people were injured in Kyiv", "Kyiv's mayor opened a new metro station"),
        ("Boeing no longer makes 757s", "Scalia, who died in February"),
    ]
    for a, b in pairs:
        found = match(ClaimText(a), ClaimText(b))
        assert (found.score >= 0.5) == found.relation.same_fact, (a, b, found)
