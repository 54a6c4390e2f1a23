"""Editors group claims that answer one question, and ungroup them; the corroboration of the
questions involved is recomputed in the background."""

from __future__ import annotations

from django.db import transaction

from claims.models import Claim, CrossCheckKind, Question
from claims.services.claims import claim_answer
from claims.services.crosschecks import crosscheck_queue_many
from claims.services.users import User
from factcheck.exceptions import ApplicationError

MAX_QUESTION = Question._meta.get_field("text").max_length or 500


def claim_group(*, claim: Claim, question: str, value: str, by: User) -> Claim:
    """Say that the claim answers `question` (created if new) with `value`."""
    text = " ".join(question.split())
    if not text:
        raise ApplicationError("Name the question the claim answers.", field="question")
    if len(text) > MAX_QUESTION:
        raise ApplicationError(
            f"A question is at most {MAX_QUESTION} characters.", field="question"
        )
    with transaction.atomic():
        grouped_under, _ = Question.objects.get_or_create(text=text)
        return _regroup(claim, grouped_under, value, by)


def claim_ungroup(*, claim: Claim, by: User) -> Claim:
    """Take the claim out of its question: it stands alone again."""
    with transaction.atomic():
        return _regroup(claim, None, "", by)


def _regroup(claim: Claim, question: Question | None, value: str, by: User) -> Claim:
    was = Claim.objects.filter(pk=claim.pk).values_list("question_id", flat=True).get()
    claim = claim_answer(claim=claim, question=question, value=value, by=by)
    # A corroboration check refreshes its claim's whole question: one for each question touched.
    left_behind = None if was is None else Claim.objects.filter(question_id=was).first()
    checked = [claim] if left_behind is None else [claim, left_behind]
    crosscheck_queue_many(kind=CrossCheckKind.CORROBORATION, claims=checked, requested_by=by)
    return claim
