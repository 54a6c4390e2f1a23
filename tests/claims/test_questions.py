"""Editors group claims that answer one question and ungroup them; the questions involved are
corroborated again."""

from __future__ import annotations

import pytest

from claims.models import ClaimChange, ClaimStatus, CrossCheck
from claims.services.questions import claim_group, claim_ungroup
from factcheck.exceptions import ApplicationError
from tests.factories import AttributionFactory, ClaimFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db

INJURED = "People injured in the Kyiv strike"


def _claim_by(*names: str, text: str = "Eight people were injured."):
    claim = ClaimFactory(text=text)
    for name in names:
        AttributionFactory(claim=claim, source__name=name)
    return claim


def test_grouped_claims_with_other_values_contradict_each_other(
    django_capture_on_commit_callbacks,
) -> None:
    eight = _claim_by("Mayor")
    ten = _claim_by("Police", "Ambulance service", text="Ten people were injured.")
    with django_capture_on_commit_callbacks(execute=True):
        claim_group(claim=eight, question=INJURED, value="8", by=None)
        claim_group(claim=ten, question=f"  {INJURED} ", value="10", by=None)
    eight.refresh_from_db()
    ten.refresh_from_db()
    assert eight.question == ten.question
    assert eight.question.text == INJURED
    assert ten.probability > eight.probability
    assert eight.probability + ten.probability <= 1.0
    assert {a["value"] for a in eight.corroboration["alternatives"]} == {"8", "10"}


def test_grouping_is_recorded_in_the_claims_history_with_who_did_it() -> None:
    editor = UserFactory()
    claim = _claim_by("Mayor")
    claim_group(claim=claim, question=INJURED, value="8", by=editor)
    change = ClaimChange.objects.filter(claim=claim).latest("id")
    assert (change.action, change.changed_by) == ("grouped", editor)
    assert change.changes == {"question": [None, INJURED], "value": ["", "8"]}


def test_a_claim_ungrouped_stands_alone_and_the_question_it_left_is_refreshed(
    django_capture_on_commit_callbacks,
) -> None:
    eight, ten = _claim_by("Mayor"), _claim_by("Police", text="Ten people were injured.")
    with django_capture_on_commit_callbacks(execute=True):
        claim_group(claim=eight, question=INJURED, value="8", by=None)
        claim_group(claim=ten, question=INJURED, value="10", by=None)
    ten.refresh_from_db()
    assert {a["value"] for a in ten.corroboration["alternatives"]} == {"8", "10"}
    with django_capture_on_commit_callbacks(execute=True):
        claim_ungroup(claim=eight, by=None)
    eight.refresh_from_db()
    ten.refresh_from_db()
    assert (eight.question, eight.value) == (None, "")
    assert [a["sources"] for a in eight.corroboration["alternatives"]] == [["Mayor"]]
    assert {a["value"] for a in ten.corroboration["alternatives"]} == {"10"}


def test_a_question_refresh_updates_every_claim_of_the_question(
    django_capture_on_commit_callbacks,
) -> None:
    question = QuestionFactory(text=INJURED)
    eight = ClaimFactory(question=question, value="8")
    ten = ClaimFactory(question=question, value="10")
    AttributionFactory(claim=eight, source__name="Mayor")
    AttributionFactory(claim=ten, source__name="Police")
    with django_capture_on_commit_callbacks(execute=True):
        claim_group(claim=_claim_by("Ambulance service"), question=INJURED, value="10", by=None)
    eight.refresh_from_db()
    ten.refresh_from_db()
    assert eight.corroborated_at is not None
    assert ten.probability > eight.probability


@pytest.mark.parametrize(
    ("question", "value", "field"),
    [
        ("", "8", "question"),
        (" ", "8", "question"),
        ("x" * 501, "8", "question"),
        (INJURED, " ", "value"),
    ],
)
def test_a_question_and_a_value_are_required(question: str, value: str, field: str) -> None:
    claim = _claim_by("Mayor")
    with pytest.raises(ApplicationError) as refused:
        claim_group(claim=claim, question=question, value=value, by=None)
    assert refused.value.field == field
    claim.refresh_from_db()
    assert claim.question is None
    assert not CrossCheck.objects.exists()


def test_a_retracted_claim_cannot_be_regrouped() -> None:
    claim = ClaimFactory(status=ClaimStatus.RETRACTED)
    with pytest.raises(ApplicationError, match="retracted"):
        claim_group(claim=claim, question=INJURED, value="8", by=None)
    assert not CrossCheck.objects.exists()


def test_two_imported_claims_cannot_give_one_value_to_one_question() -> None:
    question = QuestionFactory(text=INJURED)
    ClaimFactory(article=None, question=question, value="8")
    other = ClaimFactory(article=None)
    with pytest.raises(ApplicationError, match="already gives this value"):
        claim_group(claim=other, question=INJURED, value="8", by=None)
