"""Behaviour of the corroboration engine (plain pytest, no database)."""

from __future__ import annotations

import time

import pytest

from claims.corroboration import (
    NumericTolerance,
    QuestionResult,
    Report,
    Tolerance,
    corroborate,
    explanation,
)


def _shares(result: QuestionResult, value: str) -> float:
    return sum(c.share for c in result.contributions if c.value == value)


def _copy_cluster_world() -> list[Report]:
    """Five copiers repeating one another (wrong on a third of 30 questions), seven independent
    sources that err now and then but never together, and one reliable source never wrong."""
    reports = []
    for i in range(30):
        truth = f"t{i}"
        for c in range(5):
            reports.append(Report(f"q{i}", f"copier{c}", f"c{i}" if i % 3 == 0 else truth))
        for k in range(7):
            reports.append(Report(f"q{i}", f"ind{k}", f"w{k}-{i}" if (i + k) % 7 == 0 else truth))
        reports.append(Report(f"q{i}", "reliable", truth))
    return reports


def test_relay_counts_once() -> None:
    reports = [
        Report("q", "Kremlin aide", "yes"),
        Report("q", "TASS", "yes", via=("Kremlin aide",)),
        Report("q", "Reuters", "no"),
    ]
    result = corroborate(reports).questions["q"]
    assert _shares(result, "yes") == pytest.approx(1.0)
    by_value = {a.value: a.probability for a in result.alternatives}
    assert by_value["yes"] == pytest.approx(by_value["no"])  # one voice against one voice
    assert [c.via for c in result.contributions if c.source == "TASS"] == [("Kremlin aide",)]
    unrelayed = corroborate([Report("q", "TASS", "yes"), *reports[:1], reports[2]])
    assert unrelayed.questions["q"].best == "yes"  # two voices when not a relay


def test_copy_cluster_does_not_outvote_one_reliable_independent_source() -> None:
    reports = [
        *_copy_cluster_world(),
        *(Report("disputed", f"copier{c}", "copied claim") for c in range(5)),
        Report("disputed", "reliable", "independent claim"),
    ]
    result = corroborate(reports)
    disputed = result.questions["disputed"]
    assert disputed.best == "independent claim"
    copies = [d for d in result.dependencies if d.kind == "copy"]
    assert any({f"copier{c}" for c in range(5)} <= set(d.sources) for d in copies)
    assert not any("reliable" in d.sources for d in copies)
    assert _shares(disputed, "copied claim") < 2.0
    assert any(
        "copy one another" in (c.discounted_reason or "")
        for c in disputed.contributions
        if c.value == "copied claim"
    )


def test_editor_verdict_moves_reliability_of_agreeing_up_and_disagreeing_down() -> None:
    reports = [Report(f"q{i}", s, f"{s}-{i}") for i in range(5) for s in ("x", "y")]
    reports += [Report(f"q{i}", "z", f"x-{i}" if i % 2 else f"y-{i}") for i in range(5)]
    before = corroborate(reports).sources
    after = corroborate(reports, labels={"q0": "x-0", "q1": "x-1"}).sources
    assert after["x"].mean > before["x"].mean
    assert after["y"].mean < before["y"].mean
    assert (after["x"].n_confirmed, after["x"].n_refuted) == (2, 0)
    assert (after["y"].n_confirmed, after["y"].n_refuted) == (0, 2)
    assert corroborate(reports, labels={"q0": "x-0"}).questions["q0"].credibility == 1


def test_verdict_moves_ungraded_sources_even_when_it_confirms_the_consensus() -> None:
    """The verdict confirms KCMA and Reuters; the pool of ungraded sources must not lift TASS."""
    reports = [
        Report("q", "KCMA", "8"),
        Report("q", "Reuters", "8"),
        Report("q", "TASS", "3", via=("Kremlin aide",)),
    ]
    before = corroborate(reports).sources
    after = corroborate(reports, labels={"q": "8"}).sources
    assert after["TASS"].mean < before["TASS"].mean
    assert after["TASS"].n_refuted == 1
    for source in ("KCMA", "Reuters"):
        assert after[source].mean > before[source].mean
        assert after[source].n_confirmed == 1


def test_source_without_track_record_stays_near_prior_with_wide_interval() -> None:
    result = corroborate(
        [Report("q1", "graded", "a"), Report("q2", "ungraded", "b")], grades={"graded": "B"}
    )
    graded, ungraded = result.sources["graded"], result.sources["ungraded"]
    assert (graded.alpha, graded.beta) == (4.0, 1.0)
    assert graded.mean == pytest.approx(0.8)
    assert graded.high - graded.low > 0.3
    assert ungraded.alpha + ungraded.beta == pytest.approx(2.0)  # weak default prior only
    assert ungraded.high - ungraded.low > 0.6
    assert result.questions["q2"].credibility == 6  # one report, no track record


def test_every_contributing_source_is_in_the_result() -> None:
    reports = [Report("q", s, v) for s, v in [("AP", "1"), ("AFP", "1"), ("RT", "2"), ("X", "3")]]
    result = corroborate(reports).questions["q"]
    assert {c.source for c in result.contributions} == {"AP", "AFP", "RT", "X"}


def test_affiliated_sources_add_little_independent_weight() -> None:
    reports = [Report("q", "Daily A", "1"), Report("q", "Sunday A", "1"), Report("q", "B", "2")]
    result = corroborate(reports, affiliations={"Daily A": "A Group", "Sunday A": "A Group"})
    question = result.questions["q"]
    assert 1.0 < _shares(question, "1") < 1.2
    assert {c.discounted_reason for c in question.contributions if c.value == "1"} == {
        "Daily A and Sunday A both belong to A Group"
    }
    assert [d.kind for d in result.dependencies] == ["affiliation"]


def test_one_source_gets_its_values_and_keeps_its_prior() -> None:
    result = corroborate([Report(f"q{i}", "only", str(i)) for i in range(3)], grades={"only": "A"})
    assert [result.questions[f"q{i}"].best for i in range(3)] == ["0", "1", "2"]
    assert (result.sources["only"].alpha, result.sources["only"].beta) == (9.0, 1.0)
    assert result.questions["q0"].probability == pytest.approx(0.9)  # its reliability


def test_all_agreeing_sources_make_the_value_probable() -> None:
    result = corroborate([Report("q", s, "Paris") for s in "abcd"]).questions["q"]
    assert result.best == "Paris"  # as the sources wrote it
    assert result.probability > 0.9
    assert [a.value for a in result.alternatives] == ["Paris"]


def test_tie_is_split_evenly_in_a_deterministic_order() -> None:
    reports = [Report("q", "a", "left"), Report("q", "b", "right")]
    forward = corroborate(reports).questions["q"]
    backward = corroborate(reports[::-1]).questions["q"]
    first, second = forward.alternatives
    assert first.probability == pytest.approx(second.probability)
    assert [a.value for a in forward.alternatives] == [a.value for a in backward.alternatives]


def test_single_report_cannot_be_judged() -> None:
    result = corroborate([Report("q", "someone", "42")]).questions["q"]
    assert (result.best, result.credibility) == ("42", 6)


def test_empty_input_gives_empty_result() -> None:
    result = corroborate([])
    assert (len(result.questions), result.sources, result.dependencies) == (0, {}, [])
    assert list(result.questions.best()) == []


def test_a_value_is_returned_in_the_spelling_most_of_its_sources_used() -> None:
    spellings = [" 1,234 ", "1234", "1234.0", "1234", "1 234"]
    reports = [Report("q", f"s{n}", value) for n, value in enumerate(spellings)]
    result = corroborate(reports)
    (alternative, other) = result.questions["q"].alternatives
    assert (alternative.value, alternative.variants) == ("1234", ("1,234", "1234.0"))
    assert other.value == "1 234"  # not a number as written: another value
    assert list(result.questions.best()) == [("q", "1234", pytest.approx(alternative.probability))]


def test_numeric_tolerance_merges_alternatives_only_when_asked() -> None:
    reports = [Report("q", "a", "330"), Report("q", "b", "331"), Report("q", "c", "400")]
    assert len(corroborate(reports).questions["q"].alternatives) == 3
    merged = corroborate(reports, tolerance=Tolerance(NumericTolerance(absolute=1)))
    assert [len(a.sources) for a in merged.questions["q"].alternatives] == [2, 1]
    per_question = Tolerance(per_question={"q": NumericTolerance(relative=0.01)})
    assert len(corroborate(reports, tolerance=per_question).questions["q"].alternatives) == 2
    km = [Report("d", "a", "330 km"), Report("d", "b", "331 km"), Report("d", "c", "331 kg")]
    per_unit = Tolerance(per_unit={"km": NumericTolerance(absolute=2)})
    values = {a.value for a in corroborate(km, tolerance=per_unit).questions["d"].alternatives}
    assert len(values) == 2 and "331 kg" in values


def test_refresh_question_keeps_reliabilities_and_is_fast() -> None:
    reports = _copy_cluster_world()
    result = corroborate(reports)
    before = dict(result.sources)
    fresh = [r for r in reports if r.question == "q1"] + [Report("q1", "newcomer", "t1")]
    start = time.perf_counter()
    refreshed = result.refresh_question("q1", fresh)
    assert time.perf_counter() - start < 0.05
    assert "newcomer" in {c.source for c in refreshed.contributions}
    assert result.questions["q1"] is refreshed
    assert result.sources == before


def _echoed_bot_world() -> list[Report]:
    """A tireless bot, right wherever independent editors check it; on sixty other questions a
    passer-by (seen once) repeats it every time, while passers-by who meet an editor agree with
    them only one time in four: more agreement with the bot than reliabilities explain."""
    reports = []
    for i in range(30):
        for k in range(7):
            reports.append(Report(f"q{i}", f"ind{k}", f"w{k}-{i}" if (i + k) % 7 == 0 else f"t{i}"))
        reports.append(Report(f"q{i}", "bot", f"t{i}"))
    for i in range(60):
        reports += [Report(f"echo{i}", "bot", f"b{i}"), Report(f"echo{i}", f"echo{i}", f"b{i}")]
        reports += [
            Report(f"p{i}", f"ind{i % 7}", f"v{i}"),
            Report(f"p{i}", f"passer-by{i}", f"v{i}" if i % 4 == 0 else f"u{i}"),
        ]
    return reports


def test_sparse_sources_that_keep_repeating_an_active_one_share_its_voice() -> None:
    reports = [
        *_echoed_bot_world(),
        Report("contested", "bot", "old"),
        Report("contested", "newcomer", "old"),
        Report("contested", "ind0", "new"),
    ]
    result = corroborate(reports)
    question = result.questions["contested"]
    newcomer = next(c for c in question.contributions if c.source == "newcomer")
    assert newcomer.share < 0.8  # partly the bot's voice repeated
    assert newcomer.discounted_reason is not None
    assert "newcomer may be repeating bot" in newcomer.discounted_reason
    # Passers-by who meet an editor are independent of it: no discount.
    assert all(c.share == pytest.approx(1.0) for c in result.questions["p0"].contributions)


def test_a_source_seen_once_does_not_vouch_for_itself() -> None:
    """Two sources seen once, one on the winning side: each weighs what its pool's prior says,
    not more for winning nor less for losing."""
    reports = [
        *_copy_cluster_world(),
        Report("split", "reliable", "a"),
        Report("split", "winner", "a"),
        Report("split", "loser", "b"),
    ]
    result = corroborate(reports)
    weight = {c.source: c.weight for c in result.questions["split"].contributions}
    assert weight["winner"] == pytest.approx(weight["loser"])
    assert result.sources["winner"].mean > result.sources["loser"].mean  # the record differs


def test_two_equal_accounts_get_one_grade_whichever_is_listed_first() -> None:
    result = corroborate([Report("q", "mayor", "10"), Report("q", "governor", "8")])
    assert [a.credibility for a in result.questions["q"].alternatives] == [6, 6]


def test_a_verdict_confirms_its_value_and_makes_the_others_improbable() -> None:
    reports = [Report("q", "mayor", "10"), Report("q", "governor", "8")]
    result = corroborate(reports, labels={"q": "8"}).questions["q"]
    assert {a.value: a.credibility for a in result.alternatives} == {"8": 1, "10": 5}


def test_independent_sources_agreeing_on_the_truth_are_not_copies_however_many() -> None:
    """Thirty accurate sources that each err on a different question now and then: agreeing on
    true values is what independent sources do, so each keeps its full voice."""
    reports = [
        Report(f"q{i}", f"store{k}", f"wrong {k}" if (i + k) % 10 == 0 else f"truth {i}")
        for i in range(40)
        for k in range(30)
    ]
    result = corroborate(reports)
    assert [d for d in result.dependencies if d.kind == "copy"] == []
    assert _shares(result.questions["q1"], "truth 1") == pytest.approx(27.0, rel=0.01)


def test_a_flock_of_look_alikes_is_one_voice_and_a_source_right_against_it_earns_trust() -> None:
    """Twelve sites take every figure from one feed, wrong on a quarter of the questions; an
    agency is always right and six papers err now and then, each in its own way. The flock
    outnumbers them everywhere, yet never differs within itself, as independent sources do."""
    reports = []
    for i in range(60):
        truth, feed = f"{i}", f"{i}" if i % 4 else f"{i + 1}"
        reports += [Report(f"q{i}", f"site{k}", feed) for k in range(12)]
        reports.append(Report(f"q{i}", "agency", truth))
        reports += [
            Report(f"q{i}", f"paper{k}", truth if (i + k) % 6 else f"{i}-{k}") for k in range(6)
        ]
    reports.append(Report("lone", "agency", "1,135"))
    reports += [Report("lone", f"site{k}", "1,136") for k in range(12)]
    result = corroborate(reports)
    assert [result.questions[f"q{i}"].best for i in range(60)] == [f"{i}" for i in range(60)]
    assert result.questions["lone"].best == "1,135"
    assert result.sources["agency"].mean > max(result.sources[f"site{k}"].mean for k in range(12))
    (flock,) = [d for d in result.dependencies if d.kind == "copy"]
    assert set(flock.sources) == {f"site{k}" for k in range(12)}
    assert explanation(result.questions["lone"], "1,135", {})[1] == (
        "Twelve sources, site0, site1, site2, site3, site4 and 7 others, give 1,136; they copy "
        "one another (they give the same value on 100% of the 61 questions two or more of them "
        "answer, including 16 that lost) and count as one voice."
    )
