"""Conflicting reports become claims grouped by question, and corroboration is stored."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.corroboration import Report
from claims.models import Attribution, Claim, Question, Role, Verdict
from claims.services.claims import claim_rate
from claims.services.corroboration import corroborate_all
from claims.services.reports import reports_import
from factcheck.exceptions import ApplicationError
from sources.models import Grade, Source, SourceStatus
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

INJURED = "people injured in the Kyiv strike"
REPORTS = [
    Report(INJURED, "Kyiv City Military Administration", "8"),
    Report(INJURED, "Reuters", "8"),
    Report(INJURED, "TASS", "3", via=("Kremlin aide",)),
]


def test_each_value_of_a_question_is_one_claim_attributed_to_its_sources() -> None:
    result = reports_import(reports=REPORTS)
    assert (result.questions, result.claims, result.attributions) == (1, 2, 4)
    eight = Claim.objects.get(question__text=INJURED, value="8")
    assert sorted(eight.attributions.values_list("source__name", flat=True)) == [
        "Kyiv City Military Administration",
        "Reuters",
    ]
    three = Claim.objects.get(question__text=INJURED, value="3")
    roles = dict(three.attributions.values_list("source__name", "role"))
    assert roles == {"TASS": Role.RELAY, "Kremlin aide": Role.ORIGINATOR}


def test_unknown_sources_are_proposed_and_known_ones_reused() -> None:
    reuters = SourceFactory(name="Reuters")
    result = reports_import(reports=REPORTS)
    assert "Reuters" not in result.proposed_sources
    assert Attribution.objects.filter(source=reuters).count() == 1
    assert Source.objects.get(name="TASS").status == SourceStatus.PROPOSED


def test_a_surname_alone_is_attributed_to_the_known_person_it_stands_for() -> None:
    # Found by Schemathesis: the surname's key is not the person's, and the import failed (500).
    person = SourceFactory(name="Vitali Klitschko", is_person=True)
    result = reports_import(reports=[Report(INJURED, "Klitschko", "8")])
    assert result.attributions == 1
    assert Attribution.objects.get().source == person


def test_importing_the_same_reports_again_changes_nothing() -> None:
    reports_import(reports=REPORTS)
    counts = (Question.objects.count(), Claim.objects.count(), Attribution.objects.count())
    again = reports_import(reports=REPORTS)
    assert (again.questions, again.claims, again.attributions, again.proposed_sources) == (
        0,
        0,
        0,
        (),
    )
    assert (Question.objects.count(), Claim.objects.count(), Attribution.objects.count()) == counts


def test_an_overlong_value_is_refused_and_nothing_is_written() -> None:
    with pytest.raises(ApplicationError, match="report 2: "):
        reports_import(reports=[REPORTS[0], Report(INJURED, "Reuters", "9" * 201)])
    assert not Claim.objects.exists()
    assert not Source.objects.exists()


def test_corroboration_stores_probabilities_grades_explanations_and_reliabilities() -> None:
    SourceFactory(name="Reuters", grade=Grade.A)
    reports_import(reports=REPORTS)
    run = corroborate_all()
    assert (run.claims, run.questions) == (2, 1)
    eight = Claim.objects.get(value="8")
    three = Claim.objects.get(value="3")
    assert eight.probability > three.probability
    assert eight.suggested_credibility < three.suggested_credibility
    assert any("Reuters" in line for line in eight.corroboration["explanation"])
    reuters = Source.objects.get(name="Reuters")
    assert reuters.reliability_low < reuters.reliability < reuters.reliability_high


def test_an_editors_verdict_becomes_a_label_that_moves_reliability() -> None:
    SourceFactory(name="TASS", grade=Grade.D)
    SourceFactory(name="Reuters", grade=Grade.B)
    reports_import(reports=REPORTS)
    corroborate_all()
    before = dict(Source.objects.values_list("name", "reliability"))
    claim_rate(
        claim=Claim.objects.get(value="8"),
        verdict=Verdict.TRUE,
        rationale="Hospital records.",
        credibility=1,
        by=None,
    )
    corroborate_all()
    after = dict(Source.objects.values_list("name", "reliability"))
    assert after["TASS"] < before["TASS"]  # published the refuted value
    assert after["Reuters"] > before["Reuters"]  # gave the confirmed one
    assert Claim.objects.get(value="8").suggested_credibility == 1


def test_the_import_reports_command_names_malformed_lines(tmp_path: Path) -> None:
    path = tmp_path / "reports.tsv"
    path.write_text(f"{INJURED}\tReuters\t8\nno tabs here\n{INJURED}\tBBC\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"lines 2, 3: expected question<TAB>source<TAB>value"):
        call_command("import_reports", str(path))
    assert not Claim.objects.exists()


def test_the_import_reports_command_loads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "reports.tsv"
    path.write_bytes(
        f"{INJURED}\tReuters\t8\textra\n{INJURED}\tBBC\t1\xff0\n".encode(
            "utf-8", "surrogateescape"
        ).replace(b"1\xc3\xbf0", b"1\xff0")
    )
    out = StringIO()
    call_command("import_reports", str(path), stdout=out)
    assert "2 reports: 1 new questions, 2 new claims, 2 new attributions" in out.getvalue()
    assert Claim.objects.filter(value="1\ufffd0").exists()
