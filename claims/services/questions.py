"""Editors group claims that answer one question, ungroup them, and split a question again;
accepting a related claim groups the pair. The corroboration of the questions involved is
recomputed in the background, and every claim moved has the change in its history."""

from __future__ import annotations

from django.db import transaction

from claims.corroboration import normalize
from claims.models import Claim, Question
from claims.services.claims import claim_answer
from claims.services.crosscheck_queue import corroboration_queue
from claims.services.users import User
from factcheck.exceptions import ApplicationError, StateConflict

MAX_QUESTION = Question._meta.get_field("text").max_length or 500
MAX_VALUE = Claim._meta.get_field("value").max_length or 200


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
    left_behind = None if was is None else Claim.objects.filter(question_id=was).first()
    touched = [claim] if left_behind is None else [claim, left_behind]
    corroboration_queue(claims=touched, requested_by=by)
    return claim


def claims_group(
    *,
    claim: Claim,
    other: Claim,
    agree: bool,
    question: str = "",
    values: tuple[str, str] = ("", ""),
    by: User,
) -> Question:
    """Make two claims answers of one question: with one value if they agree (each one's sources
    then corroborate the other), with two different values if they conflict (corroboration then
    weighs them against each other).

    A question either claim already answers is kept, with the values already given in it; if
    both answer different questions, the other's is merged into the claim's. Otherwise a new
    question is named `question` (or after the claim's text), and the claims answer `values`
    (or, failing those, their own texts).
    """
    with transaction.atomic():
        # Locked in one order: two editors grouping the same claims wait instead of deadlocking.
        locked = Claim.objects.select_for_update().filter(pk__in=[claim.pk, other.pk])
        rows = {row.pk: row for row in locked.order_by("pk")}
        claim, other = rows[claim.pk], rows[other.pk]
        if claim.question_id and other.question_id and claim.question_id != other.question_id:
            merged = Question.objects.get(pk=other.question_id)
            _question_merge(into=Question.objects.get(pk=claim.question_id), merged=merged, by=by)
            other.refresh_from_db()
        target_id = claim.question_id or other.question_id
        target = (
            Question.objects.get(pk=target_id)
            if target_id
            else _question_new(question or _shortened(claim.text, MAX_QUESTION), claim=claim)
        )
        mine = claim.value if claim.question_id == target.pk else ""
        theirs = other.value if other.question_id == target.pk else ""
        if agree:
            mine = theirs = mine or theirs or values[0] or values[1] or _value_of(claim)
        else:
            mine = mine or values[0] or _value_of(claim)
            theirs = theirs or values[1] or _value_of(other)
            if _same_value(mine, theirs):
                theirs = _value_of(other)
            if _same_value(mine, theirs):
                suffix = f" (claim {other.pk})"
                theirs = _shortened(theirs, MAX_VALUE - len(suffix)) + suffix
        for answering, value in ((claim, mine), (other, theirs)):
            if (answering.question_id, answering.value) != (target.pk, value):
                claim_answer(claim=answering, question=target, value=value, by=by)
        corroboration_queue(claims=[claim], requested_by=by)
    return target


def question_split(*, claim: Claim, by: User) -> list[Claim]:
    """Undo the question the claim answers: each of its claims stands alone again and is
    corroborated alone. Returns them."""
    with transaction.atomic():
        question = Question.objects.select_for_update().filter(claims=claim).first()
        if question is None:
            # The claim's state refuses it (a split one already stands alone): a conflict.
            raise StateConflict(
                "This claim answers no question.", kind="no_question", field="question"
            )
        claims = [
            claim_answer(claim=answering, question=None, value="", by=by, action="split")
            for answering in Claim.objects.filter(question=question).order_by("pk")
        ]
        question.delete()
        corroboration_queue(claims=claims, requested_by=by)
    return claims


def _question_merge(*, into: Question, merged: Question, by: User) -> None:
    """Move the claims of `merged` into `into`, each keeping its value; `merged` goes."""
    for claim in Claim.objects.filter(question=merged).order_by("pk"):
        claim_answer(claim=claim, question=into, value=claim.value, by=by, action="merged")
    merged.delete()


def _question_new(text: str, *, claim: Claim) -> Question:
    """A new question, never another pair's that happens to be worded alike."""
    text = " ".join(text.split())
    if Question.objects.filter(text=text).exists():
        text = _shortened(f"{text} (claim {claim.pk})", MAX_QUESTION)
    return Question.objects.create(text=text)


def _value_of(claim: Claim) -> str:
    """A claim's value when nothing better is known: what it says, shortened."""
    return _shortened(claim.text, MAX_VALUE)


def _same_value(a: str, b: str) -> bool:
    """Whether corroboration counts the two as one value."""
    return normalize(a).key == normalize(b).key


def _shortened(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"
