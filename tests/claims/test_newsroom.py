"""The explanation beside a claim's grade, in newsroom words (plain pytest, no database)."""

from __future__ import annotations

import re

from claims.corroboration import (
    QuestionResult,
    Report,
    SourceProfile,
    corroborate,
    explanation,
    value_credibility,
)

TASS = SourceProfile("TASS", "Russian state media", "D")
AIDE = SourceProfile("Kremlin aide", unnamed=True)
TKACHENKO = SourceProfile("Tymur Tkachenko", "head of Kyiv's military administration")
KLITSCHKO = SourceProfile("Vitali Klitschko", "Kyiv's mayor")
AP = SourceProfile("AP", "US wire agency", "A")
BBC = SourceProfile("BBC", "British news outlet", "B")
KYIV = [Report("q", "Tymur Tkachenko", "8"), Report("q", "Vitali Klitschko", "10")]


def _profiles(*profiles: SourceProfile) -> dict[str, SourceProfile]:
    return {p.name: p for p in profiles}


def _reads_as_newsroom(lines: list[str], result: QuestionResult, value: str) -> None:
    """No probability in the words, and the last line is the grade stored beside them."""
    text = " ".join(lines)
    assert "%" not in text and "probability" not in text
    assert not re.search(r"\d\.\d", text)
    assert lines[-1].startswith(f"Credibility {value_credibility(result, value)}: ")


def test_one_relayed_voice_is_named_with_its_relay_and_grade() -> None:
    reports = [Report("q", "TASS", "supports", via=("Kremlin aide",))]
    result = corroborate(reports, grades={"TASS": "D"}).questions["q"]
    lines = explanation(result, "supports", _profiles(TASS, AIDE))
    assert lines == [
        "One voice: a Kremlin aide (unnamed), relayed by TASS (Russian state media, grade D). "
        "No independent source confirms or contradicts it.",
        "Credibility 4: doubtful.",
    ]
    assert value_credibility(result, "supports") == result.credibility == 4


def test_independent_sources_are_counted_and_a_relay_counts_once() -> None:
    reports = [
        Report("q", "AP", "10"),
        Report("q", "Daily Mail", "10", via=("AP",)),
        Report("q", "BBC", "10"),
    ]
    result = corroborate(reports, grades={"AP": "A", "BBC": "B"}).questions["q"]
    lines = explanation(result, "10", _profiles(AP, BBC))
    assert lines[0] == (
        "Confirmed by two independent sources: AP (US wire agency, grade A), relayed by "
        "Daily Mail; and BBC (British news outlet, grade B)."
    )
    _reads_as_newsroom(lines, result, "10")


def test_sources_that_are_not_independent_are_named_with_the_reason() -> None:
    reports = [Report("q", "Daily A", "1"), Report("q", "Sunday A", "1"), Report("q", "B", "2")]
    affiliations = {"Daily A": "A Group", "Sunday A": "A Group"}
    result = corroborate(reports, affiliations=affiliations).questions["q"]
    lines = explanation(result, "1", {})
    assert "Not independent: Daily A and Sunday A both belong to A Group." in lines
    _reads_as_newsroom(lines, result, "1")


def test_two_accounts_of_equal_weight_disagree_and_nothing_tips_the_balance() -> None:
    result = corroborate(KYIV).questions["q"]
    profiles = _profiles(TKACHENKO, KLITSCHKO)
    eight, ten = explanation(result, "8", profiles), explanation(result, "10", profiles)
    assert eight[:2] == [
        "Two accounts disagree: 10 according to Vitali Klitschko (Kyiv's mayor) and 8 according "
        "to Tymur Tkachenko (head of Kyiv's military administration).",
        "Nothing tips the balance between them.",
    ]
    assert eight == ten  # neither account is graded above the other
    _reads_as_newsroom(eight, result, "8")


def test_a_better_graded_source_tips_the_balance() -> None:
    result = corroborate(KYIV, grades={"Vitali Klitschko": "B"}).questions["q"]
    graded = SourceProfile("Vitali Klitschko", "Kyiv's mayor", "B")
    lines = explanation(result, "8", _profiles(TKACHENKO, graded))
    assert lines[1] == (
        "What tips the balance: 10 comes from a better-graded source "
        "(Vitali Klitschko, grade B, against no grade)."
    )
    _reads_as_newsroom(lines, result, "8")
    assert value_credibility(result, "8") > value_credibility(result, "10")


def test_more_independent_sources_tip_the_balance() -> None:
    reports = [*KYIV, Report("q", "Kyiv police", "10"), Report("q", "Kyiv ambulance", "10")]
    result = corroborate(reports).questions["q"]
    lines = explanation(result, "10", _profiles(TKACHENKO, KLITSCHKO))
    assert lines[1] == "What tips the balance: 10 has more independent sources (three against one)."
    _reads_as_newsroom(lines, result, "10")


def test_a_track_record_is_told_as_earlier_checks() -> None:
    earlier = [Report(f"e{i}", "Vitali Klitschko", "right") for i in range(10)]
    verdicts = {f"e{i}": "right" if i < 9 else "wrong" for i in range(10)}
    run = corroborate([*earlier, *KYIV], labels=verdicts)
    record = run.sources["Vitali Klitschko"]
    klitschko = SourceProfile(
        "Vitali Klitschko", confirmed=record.n_confirmed, refuted=record.n_refuted
    )
    lines = explanation(run.questions["q"], "8", _profiles(TKACHENKO, klitschko))
    assert lines[1] == (
        "What tips the balance: Vitali Klitschko has been right in nine of ten earlier checks."
    )


def test_an_editors_verdict_settles_a_disagreement() -> None:
    result = corroborate(KYIV, labels={"q": "8"}).questions["q"]
    lines = explanation(result, "10", {})
    assert lines[1:] == ["An editor's verdict settles it: 8.", "Credibility 5: improbable."]


def test_a_stand_alone_claims_values_are_said_in_words() -> None:
    reports = [Report("q", "AP", "supports"), Report("q", "RT", "contradicts")]
    result = corroborate(reports).questions["q"]
    phrases = {"supports": "it is so", "contradicts": "it is not so"}
    lines = explanation(result, "supports", {}, phrases=phrases)
    assert lines[0] == (
        "Two accounts disagree: it is not so according to RT and it is so according to AP."
    )


def test_a_claim_no_source_makes_cannot_be_judged() -> None:
    assert explanation(None, "supports", {}) == [
        "No source makes this claim: its truth cannot be judged yet.",
        "Credibility 6: cannot be judged.",
    ]


def test_an_unnamed_source_reads_with_an_article_unless_possessive() -> None:
    assert SourceProfile("army spokesman", unnamed=True).label == "an army spokesman (unnamed)"
    minister = SourceProfile("Ukraine’s foreign minister", unnamed=True)
    assert minister.label == "Ukraine’s foreign minister (unnamed)"
    assert SourceProfile("Donald Trump", grade="F").label == "Donald Trump"  # F says nothing
