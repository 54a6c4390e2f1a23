"""Writes of claims: edits with their history, verdicts (publication: services.publications)."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from django.db import models, transaction

from claims.models import Article, Claim, ClaimChange, ClaimStatus, Question
from claims.services.crosscheck_queue import corroboration_queue
from claims.services.publications import not_retracted
from claims.services.users import User, user_or_none
from factcheck.exceptions import ApplicationError, StateConflict, full_clean

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})
_SPACES = re.compile(r"\s+")


def normalize_claim_text(text: str) -> str:
    """The form two spellings of one statement share (quotes, case, spacing, final stop)."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return _SPACES.sub(" ", text).strip().rstrip(".").strip()


def _change(
    claim: Claim, *, by: User, action: str, fields: Callable[[Claim], dict[str, Any]]
) -> Claim:
    """Apply `fields(locked_claim)` to the claim under a row lock and record the change.

    `fields` sees the current row, not the caller's copy, so rules such as "rate before
    publishing" hold even when two editors act at once. A change that changes nothing records
    nothing.
    """
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        new_values = fields(claim)
        changes = {
            name: [_jsonable(getattr(claim, name)), _jsonable(value)]
            for name, value in new_values.items()
            if getattr(claim, name) != value
        }
        if not changes:
            return claim
        for name, value in new_values.items():
            setattr(claim, name, value)
        claim.normalized = normalize_claim_text(claim.text)
        full_clean(claim)
        claim.save()
        ClaimChange.objects.create(
            claim=claim, action=action, changes=changes, changed_by=user_or_none(by)
        )
        return claim


def _verdict_change(
    claim: Claim, *, by: User, action: str, fields: Callable[[Claim], dict[str, Any]]
) -> Claim:
    """A change of the claim's verdict: editors' verdicts are what corroboration learns the
    sources' reliability from, so the claim's corroboration is refreshed once it commits."""
    with transaction.atomic():
        claim = _change(claim, by=by, action=action, fields=fields)
        corroboration_queue(claims=[claim], requested_by=by)
    return claim


def claim_create(
    *,
    text: str,
    article: Article | None = None,
    start: int | None = None,
    end: int | None = None,
    by: User,
) -> Claim:
    """A claim an editor found; a span, when given, must be the text's place in the article."""
    if not text.strip():
        raise ApplicationError("The claim's text is empty.", field="text")
    if (start is None) != (end is None):
        raise ApplicationError("Give both start and end of the span, or neither.", field="start")
    if start is not None and end is not None:
        if article is None:
            raise ApplicationError("A span needs the article it is in.", field="article")
        # The article's text, not the request, refuses these: conflicts with its state.
        if not 0 <= start <= end <= len(article.body):
            raise StateConflict(
                "The span is outside the article's text.", kind="span_outside", field="start"
            )
        if Claim.objects.filter(article=article, start=start, end=end).exists():
            raise StateConflict(
                "The article already has a claim at this span.", kind="span_taken", field="start"
            )
    with transaction.atomic():
        claim = Claim(
            article=article,
            text=text.strip(),
            normalized=normalize_claim_text(text),
            start=start,
            end=end,
            created_by=user_or_none(by),
        )
        full_clean(claim)
        claim.save()
        ClaimChange.objects.create(claim=claim, action="created", changed_by=user_or_none(by))
    return claim


def claim_update(*, claim: Claim, by: User, **fields: Any) -> Claim:
    """Change fields of a claim (not a retracted one) and record who changed what."""

    def edit(current: Claim) -> dict[str, Any]:
        not_retracted(current)
        return fields

    return _change(claim, by=by, action="edited", fields=edit)


def claim_rate(
    *, claim: Claim, verdict: str, rationale: str, credibility: int | None, by: User
) -> Claim:
    """Set a claim's verdict. On a published claim it is a draft: the public fact-check keeps
    its published revision until a reviewer publishes again."""
    if not rationale.strip():
        raise ApplicationError("Say why: a verdict needs a rationale.", field="verdict_rationale")

    def rate(current: Claim) -> dict[str, Any]:
        not_retracted(current)
        published = current.status == ClaimStatus.PUBLISHED
        return {
            "verdict": verdict,
            "verdict_rationale": rationale.strip(),
            "credibility": credibility,
            "status": ClaimStatus.PUBLISHED if published else ClaimStatus.RATED,
        }

    return _verdict_change(claim, by=by, action="rated", fields=rate)


def claim_answer(
    *, claim: Claim, question: Question | None, value: str, by: User, action: str = ""
) -> Claim:
    """Group the claim under `question` with its answer `value`, or ungroup it (no question);
    the claim's history names the change `action` (by default "grouped" or "ungrouped").

    Claims of one question with the same value corroborate each other; other values contradict.
    """
    value = value.strip()
    if question is not None and not value:
        raise ApplicationError("Say what the claim answers: the value is empty.", field="value")

    def answer(current: Claim) -> dict[str, Any]:
        not_retracted(current)
        if question is None:
            return {"question": None, "value": ""}
        # Claims outside articles are imported reports: one claim per value of a question.
        taken = Claim.objects.filter(question=question, value=value, article__isnull=True)
        if current.article_id is None and taken.exclude(pk=current.pk).exists():
            raise ApplicationError(
                "Another claim without an article already gives this value to this question; "
                "attribute the sources to it instead.",
                field="value",
            )
        return {"question": question, "value": value}

    action = action or ("grouped" if question is not None else "ungrouped")
    return _change(claim, by=by, action=action, fields=answer)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value
