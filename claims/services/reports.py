"""Conflicting reports (question, source, value) loaded as claims and attributions."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.models import User as Account
from django.db import transaction

from claims.corroboration import Report
from claims.models import (
    Attribution,
    Claim,
    ClaimChange,
    CrossCheck,
    CrossCheckKind,
    Question,
    Role,
)
from claims.services.claims import normalize_claim_text
from claims.services.crosscheck_queue import crosscheck_queue_many
from claims.services.users import User, user_or_none
from factcheck.exceptions import ApplicationError
from sources.names import source_key
from sources.resolution import source_resolve_many

_T = TypeVar("_T")
MAX_QUESTION = Question._meta.get_field("text").max_length or 500
MAX_VALUE = Claim._meta.get_field("value").max_length or 200


@dataclass(frozen=True)
class ReportsImport:
    reports: int
    questions: int  # created
    claims: int  # created
    attributions: int  # created
    proposed_sources: tuple[str, ...]
    crosschecks: tuple[CrossCheck, ...] = ()  # queued when asked to refresh


def reports_import(
    *, reports: Sequence[Report], created_by: User = None, refresh: bool = False
) -> ReportsImport:
    """Store each distinct value of a question as one claim, attributed to every source giving it.

    Relays in `Report.via` become relay attributions. Importing the same reports again changes
    nothing; everything is written in one transaction, in a few queries per table. With
    `refresh`, one corroboration CrossCheck per question reported on is queued on commit.
    """
    for number, report in enumerate(reports, start=1):
        if len(report.question) > MAX_QUESTION or len(report.value) > MAX_VALUE:
            raise ApplicationError(
                f"report {number}: a question is at most {MAX_QUESTION} characters and a value "
                f"at most {MAX_VALUE}.",
                field="reports",
            )
    user = user_or_none(created_by)
    names = {r.source for r in reports} | {name for r in reports for name in r.via}
    with transaction.atomic():
        mentioned = sorted(names)
        resolved = source_resolve_many(mentions=[(name, "") for name in mentioned])
        # By the key of the name given, not the source's: a surname finds its person.
        sources = {
            source_key(name): source for name, (source, _) in zip(mentioned, resolved, strict=True)
        }
        proposed = [source for source, created in resolved if created]
        questions, new_questions = _questions(sorted({r.question for r in reports}))
        claims, new_claims = _claims(reports, questions, user)
        rows = {
            (claims[questions[r.question].pk, r.value].pk, sources[source_key(name)].pk, role): name
            for r in reports
            for name, role in _roles(r)
        }
        existing = {
            row
            for chunk in _chunks(sorted({claim for claim, _, _ in rows}))
            for row in Attribution.objects.filter(claim_id__in=chunk).values_list(
                "claim_id", "source_id", "role"
            )
        }
        new = [
            Attribution(claim_id=claim, source_id=source, role=role, source_text=name[:500])
            for (claim, source, role), name in rows.items()
            if (claim, source, role) not in existing
        ]
        # A concurrent import of the same reports may insert a row first: that is not an error.
        Attribution.objects.bulk_create(new, ignore_conflicts=True)
        checks = (
            crosscheck_queue_many(
                kind=CrossCheckKind.CORROBORATION,
                claims=list({claim.question_id: claim for claim in claims.values()}.values()),
                requested_by=created_by,
            )
            if refresh
            else []
        )
    return ReportsImport(
        reports=len(reports),
        questions=new_questions,
        claims=new_claims,
        attributions=len(new),
        proposed_sources=tuple(source.name for source in proposed),
        crosschecks=tuple(checks),
    )


# SQLite refuses statements with more than 32,766 parameters: look rows up in chunks.
_CHUNK = 5000


def _chunks(items: Sequence[_T]) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _roles(report: Report) -> list[tuple[str, Role]]:
    """`via` is the chain before the source, original first: the original made the claim."""
    if not report.via:
        return [(report.source, Role.ORIGINATOR)]
    origin, *relays = report.via
    return [(origin, Role.ORIGINATOR), *((name, Role.RELAY) for name in (*relays, report.source))]


def _questions(texts: list[str]) -> tuple[dict[str, Question], int]:
    existing = {
        q.text: q for chunk in _chunks(texts) for q in Question.objects.filter(text__in=chunk)
    }
    new = [Question(text=text) for text in texts if text not in existing]
    Question.objects.bulk_create(new)
    existing.update({q.text: q for q in new})
    return existing, len(new)


def _claims(
    reports: Sequence[Report], questions: dict[str, Question], user: Account | None
) -> tuple[dict[tuple[int | None, str], Claim], int]:
    wanted = {(r.question, r.value) for r in reports}
    question_ids = sorted({questions[q].pk for q, _ in wanted})
    found = {
        (claim.question_id, claim.value): claim
        for chunk in _chunks(question_ids)
        for claim in Claim.objects.filter(article__isnull=True, question_id__in=chunk)
    }
    new = [
        Claim(
            question=questions[question],
            value=value,
            text=f"{question}: {value}",
            normalized=normalize_claim_text(f"{question}: {value}"),
            created_by=user,
        )
        for question, value in sorted(wanted)
        if (questions[question].pk, value) not in found
    ]
    Claim.objects.bulk_create(new)
    if new:
        # SQLite and PostgreSQL both return primary keys from bulk_create.
        ClaimChange.objects.bulk_create(
            [ClaimChange(claim=claim, action="imported", changed_by=user) for claim in new]
        )
    found.update({(claim.question_id, claim.value): claim for claim in new})
    return found, len(new)
