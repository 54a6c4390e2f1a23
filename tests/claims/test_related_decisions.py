"""An editor's decision on a proposed related claim: an accepted conflict makes the two claims
rival answers of one question, an accepted agreement one answer; questions merge and split; every
claim touched keeps the change in its history."""

from __future__ import annotations

import pytest

from claims.matching import ClaimText, Relation, match
from claims.models import (
    Attribution,
    Claim,
    ClaimChange,
    CrossCheck,
    CrossCheckKind,
    Question,
    RelatedClaimStatus,
    Role,
    Stance,
)
from claims.services.questions import claims_group, question_split
from claims.services.related import related_claim_decide
from factcheck.exceptions import ApplicationError
from sources.models import Source
from tests.factories import (
    AttributionFactory,
    ClaimFactory,
    RelatedClaimFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _source(name: str) -> Source:
    return Source.objects.filter(name=name).first() or SourceFactory(name=name)


def _claim_by(name: str, text: str) -> Claim:
    return AttributionFactory(claim=ClaimFactory(text=text), source=_source(name)).claim


def _eight_and_ten():
    eight = _claim_by("Tymur Tkachenko", "Eight people were injured in Kyiv.")
    ten = _claim_by("Vitali Klitschko", "Ten people were injured in Kyiv.")
    return eight, ten


def _fresh(*claims: Claim) -> list[Claim]:
    for claim in claims:
        claim.refresh_from_db()
    return list(claims)


def _alternatives(claim: Claim) -> dict[str, list[str]]:
    """The sources of each value of the claim's question, by value as corroboration spells it."""
    claim.refresh_from_db()
    return {a["value"]: a["sources"] for a in claim.corroboration["alternatives"]}


def test_an_accepted_conflict_makes_the_claims_rival_answers_of_one_question(
    django_capture_on_commit_callbacks,
) -> None:
    eight, ten = _eight_and_ten()
    proposal = RelatedClaimFactory(claim=eight, related=ten, stance=Stance.CONTRADICTS)
    with django_capture_on_commit_callbacks(execute=True):
        related_claim_decide(related=proposal, accept=True, by=None)
    eight, ten = _fresh(eight, ten)
    assert eight.question is not None and ten.question == eight.question
    assert eight.value != ten.value
    assert sorted(_alternatives(eight).values()) == [["Tymur Tkachenko"], ["Vitali Klitschko"]]
    assert _alternatives(ten) == _alternatives(eight)
    assert (
        eight.probability > 0 and ten.probability > 0 and eight.probability + ten.probability <= 1
    )
    assert not Attribution.objects.filter(claim=eight).exclude(source__name="Tymur Tkachenko")


def test_an_accepted_conflict_answers_the_question_the_matcher_names_with_its_values() -> None:
    eight, ten = _eight_and_ten()
    proposal = RelatedClaimFactory(claim=eight, related=ten, stance=Stance.CONTRADICTS)
    read = match(*(ClaimText(c.text, headline=c.article.title) for c in (eight, ten)))
    assert read.relation == Relation.CONFLICT and read.question
    related_claim_decide(related=proposal, accept=True, by=None)
    eight, ten = _fresh(eight, ten)
    assert (eight.question.text, eight.value, ten.value) == (read.question, *read.values)


def test_an_accepted_agreement_makes_each_claims_sources_corroborate_the_other(
    django_capture_on_commit_callbacks,
) -> None:
    alone = _claim_by("Tymur Tkachenko", "Eight people were injured in Kyiv.")
    alone_probability = _fresh(alone)[0].probability
    mine = _claim_by("Tymur Tkachenko", "Eight people were injured in Kyiv.")
    theirs = _claim_by("Kyiv police", "Eight people were hurt in Kyiv, police said.")
    proposal = RelatedClaimFactory(claim=mine, related=theirs, stance=Stance.SUPPORTS)
    with django_capture_on_commit_callbacks(execute=True):
        related_claim_decide(related=proposal, accept=True, by=None)
    mine, theirs = _fresh(mine, theirs)
    assert (mine.question, mine.value) == (theirs.question, theirs.value)
    assert list(_alternatives(mine).values()) == [["Kyiv police", "Tymur Tkachenko"]]
    assert alone_probability is None or mine.probability > alone_probability
    assert [a.source.name for a in mine.attributions.all()] == ["Tymur Tkachenko"]


def _agreement_probability(django_capture_on_commit_callbacks, *, relayed: bool) -> float:
    mine = _claim_by("Air Force", "Russia launched 16 missiles.")
    if relayed:  # Reuters passes on what the Air Force said: one voice, not two
        theirs = _claim_by("Air Force", "16 missiles were launched, Reuters reported.")
        AttributionFactory(claim=theirs, source=_source("Reuters"), role=Role.RELAY)
    else:
        theirs = _claim_by("Reuters", "16 missiles were launched, Reuters reported.")
    proposal = RelatedClaimFactory(claim=mine, related=theirs, stance=Stance.SUPPORTS)
    with django_capture_on_commit_callbacks(execute=True):
        related_claim_decide(related=proposal, accept=True, by=None)
    return _fresh(mine)[0].probability


def test_after_an_agreement_a_relay_of_the_same_originator_still_counts_once(
    django_capture_on_commit_callbacks,
) -> None:
    relayed = _agreement_probability(django_capture_on_commit_callbacks, relayed=True)
    Question.objects.all().delete()
    independent = _agreement_probability(django_capture_on_commit_callbacks, relayed=False)
    assert relayed < independent


def test_a_claim_already_answering_a_question_brings_the_other_into_it() -> None:
    eight, ten = _eight_and_ten()
    claims_group(claim=eight, other=ClaimFactory(), agree=False, values=("8", "9"), by=None)
    question = _fresh(eight)[0].question
    claims_group(claim=ten, other=eight, agree=False, values=("10", "8"), by=None)
    eight, ten = _fresh(eight, ten)
    assert (eight.question, eight.value) == (question, "8")
    assert (ten.question, ten.value) == (question, "10")


def test_claims_of_two_questions_accepted_as_one_fact_merge_the_questions() -> None:
    eight, ten = _eight_and_ten()
    also_eight, also_ten = ClaimFactory(), ClaimFactory()
    kept = claims_group(claim=eight, other=also_eight, agree=True, values=("8", "8"), by=None)
    merged = claims_group(claim=ten, other=also_ten, agree=True, values=("10", "10"), by=None)
    claims_group(claim=eight, other=ten, agree=False, by=None)
    answers = {
        claim.pk: (claim.question_id, claim.value)
        for claim in _fresh(eight, ten, also_eight, also_ten)
    }
    assert answers == {
        eight.pk: (kept.pk, "8"),
        also_eight.pk: (kept.pk, "8"),
        ten.pk: (kept.pk, "10"),
        also_ten.pk: (kept.pk, "10"),
    }
    assert not Question.objects.filter(pk=merged.pk).exists()
    moved = ClaimChange.objects.get(claim=also_ten, action="merged")
    assert moved.changes == {"question": [merged.text, kept.text]}


def test_a_conflict_between_claims_that_read_alike_still_gives_them_different_values() -> None:
    mine = ClaimFactory(text="Eight people were injured.")
    theirs = ClaimFactory(text="Eight people were injured.")
    claims_group(claim=mine, other=theirs, agree=False, values=("8", "eight"), by=None)
    mine, theirs = _fresh(mine, theirs)
    assert mine.question == theirs.question
    assert mine.value != theirs.value


def test_without_the_matchers_wording_the_question_and_values_come_from_the_claims() -> None:
    eight, ten = _eight_and_ten()
    question = claims_group(claim=eight, other=ten, agree=False, by=None)
    eight, ten = _fresh(eight, ten)
    assert question.text == eight.text
    assert (eight.value, ten.value) == (eight.text, ten.text)


def test_a_new_pair_worded_like_another_question_gets_a_question_of_its_own() -> None:
    first = claims_group(
        claim=ClaimFactory(), other=ClaimFactory(), agree=True, question="people injured", by=None
    )
    second = claims_group(
        claim=ClaimFactory(), other=ClaimFactory(), agree=True, question="people injured", by=None
    )
    assert first != second
    assert second.text.startswith("people injured (claim ")


def test_a_split_question_leaves_each_claim_standing_alone_and_corroborated_alone(
    django_capture_on_commit_callbacks,
) -> None:
    eight, ten = _eight_and_ten()
    editor = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        question = claims_group(claim=eight, other=ten, agree=False, values=("8", "10"), by=None)
    with django_capture_on_commit_callbacks(execute=True):
        question_split(claim=ten, by=editor)
    eight, ten = _fresh(eight, ten)
    assert (eight.question, eight.value, ten.question, ten.value) == (None, "", None, "")
    assert not Question.objects.exists()
    assert _alternatives(eight) == {"supports": ["Tymur Tkachenko"]}
    for claim in (eight, ten):
        split = claim.changes.get(action="split")
        assert split.changed_by == editor
        assert split.changes["question"] == [question.text, None]


def test_splitting_a_claim_that_answers_no_question_is_refused() -> None:
    with pytest.raises(ApplicationError, match="answers no question"):
        question_split(claim=ClaimFactory(), by=None)


def test_a_decision_is_in_the_history_of_both_claims() -> None:
    eight, ten = _eight_and_ten()
    editor = UserFactory()
    proposal = RelatedClaimFactory(claim=eight, related=ten, stance=Stance.CONTRADICTS)
    related_claim_decide(related=proposal, accept=True, by=editor)
    question = _fresh(eight)[0].question
    for claim, other in ((eight, ten), (ten, eight)):
        decided = claim.changes.get(action="related claim accepted")
        assert decided.changed_by == editor
        assert decided.changes == {
            "related": other.pk,
            "stance": Stance.CONTRADICTS,
            "question": question.text,
        }
        assert claim.changes.filter(action="grouped", changed_by=editor).exists()


def test_a_rejection_is_in_the_history_of_both_claims_and_groups_nothing() -> None:
    eight, ten = _eight_and_ten()
    related_claim_decide(
        related=RelatedClaimFactory(claim=eight, related=ten), accept=False, by=None
    )
    for claim in _fresh(eight, ten):
        assert claim.question is None
        assert claim.changes.filter(action="related claim rejected").count() == 1


def test_the_same_pair_proposed_the_other_way_round_is_decided_with_it() -> None:
    eight, ten = _eight_and_ten()
    proposal = RelatedClaimFactory(claim=eight, related=ten, stance=Stance.CONTRADICTS)
    mirror = RelatedClaimFactory(claim=ten, related=eight, stance=Stance.CONTRADICTS)
    related_claim_decide(related=proposal, accept=True, by=None)
    mirror.refresh_from_db()
    assert mirror.status == RelatedClaimStatus.ACCEPTED
    with pytest.raises(ApplicationError, match="already accepted"):
        related_claim_decide(related=mirror, accept=False, by=None)


def test_a_refused_grouping_leaves_the_proposal_undecided() -> None:
    eight, ten = _eight_and_ten()
    Claim.objects.filter(pk=ten.pk).update(status="retracted")
    proposal = RelatedClaimFactory(claim=eight, related=ten, stance=Stance.CONTRADICTS)
    with pytest.raises(ApplicationError, match="retracted"):
        related_claim_decide(related=proposal, accept=True, by=None)
    proposal.refresh_from_db()
    assert proposal.status == RelatedClaimStatus.PROPOSED
    assert not Question.objects.exists()
    assert not CrossCheck.objects.filter(kind=CrossCheckKind.CORROBORATION).exists()
