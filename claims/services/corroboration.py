"""The corroboration engine, fed from the workbench's claims, attributions and sources.

Every claim is a report of a value for a question: a claim grouped under a Question reports its
`value`; a claim standing alone is its own question, which its sources support or contradict.
Editors' verdicts are labels the engine learns source reliability from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from claims.corroboration import (
    Corroboration,
    NumericTolerance,
    QuestionResult,
    Report,
    SourceProfile,
    SourceReliability,
    Tolerance,
    alternative_of,
    corroborate,
    explanation,
    value_credibility,
)
from claims.models import Attribution, Claim, CrossCheck, Role, Stance, Verdict
from claims.services.progress import Finding, Progress
from sources.descriptions import source_description
from sources.models import Source
from sources.names import is_unnamed

_CONFIRMING = {Verdict.TRUE, Verdict.MOSTLY_TRUE}
_REFUTING = {Verdict.FALSE, Verdict.MOSTLY_FALSE}
# What a claim keeps of its corroboration besides its probability and suggested credibility.
_KEPT = ("explanation", "contributions", "alternatives")


def question_key(claim: Claim) -> str:
    return f"question:{claim.question_id}" if claim.question_id else f"claim:{claim.pk}"


def _reports_of(claim: Claim) -> list[Report]:
    """The claim's originators as reports; a relay makes the report one voice with its origin.

    A source contradicting a grouped claim says nothing about which other value is right, so
    only a stand-alone claim turns contradiction into the other alternative.
    """
    attributions: list[Attribution] = list(claim.attributions.all())
    relays = tuple(a.source.name for a in attributions if a.role == Role.RELAY)
    reports = []
    for attribution in attributions:
        if attribution.role != Role.ORIGINATOR:
            continue
        if claim.question_id:
            if attribution.stance != Stance.SUPPORTS:
                continue
            value = claim.value
        else:
            value = attribution.stance
        if relays:  # the last relay published it; the chain starts with the originator
            chain = (attribution.source.name, *relays[:-1])
            reports.append(Report(question_key(claim), relays[-1], value, via=chain))
        else:
            reports.append(Report(question_key(claim), attribution.source.name, value))
    return reports


def _label_of(claim: Claim) -> str | None:
    if claim.question_id:
        return claim.value if claim.verdict in _CONFIRMING else None
    if claim.verdict in _CONFIRMING:
        return Stance.SUPPORTS.value
    if claim.verdict in _REFUTING:
        return Stance.CONTRADICTS.value
    return None


@dataclass(frozen=True)
class Evidence:
    """Everything the engine needs, read from the database."""

    claims: list[Claim]
    reports: list[Report]
    labels: dict[str, str]
    sources: dict[str, Source]
    tolerance: Tolerance

    def run(self) -> Corroboration:
        return corroborate(
            self.reports,
            grades={name: source.grade for name, source in self.sources.items()},
            labels=self.labels,
            affiliations={
                name: source.affiliation.name
                for name, source in self.sources.items()
                if source.affiliation is not None
            },
            tolerance=self.tolerance,
        )


def evidence(claims: list[Claim]) -> Evidence:
    """Reports, labels and sources of `claims` (loaded with `_with_attributions`)."""
    reports = [report for claim in claims for report in _reports_of(claim)]
    labels = {question_key(c): label for c in claims if (label := _label_of(c)) is not None}
    sources = {a.source.name: a.source for claim in claims for a in claim.attributions.all()}
    per_question = {
        question_key(c): NumericTolerance(
            absolute=c.question.tolerance_absolute, relative=c.question.tolerance_relative
        )
        for c in claims
        if c.question is not None
        and (c.question.tolerance_absolute or c.question.tolerance_relative)
    }
    return Evidence(claims, reports, labels, sources, Tolerance(per_question=per_question))


def source_evidence(*, source: Source) -> Evidence:
    """The evidence about one source: its claims and the other claims of their questions."""
    mine = Claim.objects.filter(attributions__source=source)
    questions = mine.exclude(question=None).values("question_id")
    claims = _with_attributions().filter(Q(pk__in=mine.values("pk")) | Q(question_id__in=questions))
    return evidence(list(claims.distinct()))


def _with_attributions() -> Any:
    attributions = Attribution.objects.select_related("source__affiliation").order_by("role", "id")
    return Claim.objects.select_related("question").prefetch_related(
        Prefetch("attributions", queryset=attributions)
    )


# How a stand-alone claim's explanation says the values its sources give it.
_STANCE_PHRASES = {Stance.SUPPORTS.value: "it is so", Stance.CONTRADICTS.value: "it is not so"}


def source_profiles(
    sources: Mapping[str, Source], reliabilities: Mapping[str, SourceReliability]
) -> dict[str, SourceProfile]:
    """What the explanation says of each source: the registry's description and grade, and the
    editor verdicts on its claims that the engine saw."""
    profiles = {}
    for name, source in sources.items():
        reliability = reliabilities.get(name)
        profiles[name] = SourceProfile(
            name=name,
            description=source_description(source),
            grade=source.grade,
            unnamed=is_unnamed(name),
            confirmed=reliability.n_confirmed if reliability else 0,
            refuted=reliability.n_refuted if reliability else 0,
        )
    return profiles


def _claim_summary(
    claim: Claim, result: QuestionResult | None, profiles: Mapping[str, SourceProfile]
) -> dict[str, Any]:
    """What an editor reads about one claim: its value's probability, grade and explanation.

    The grade is `value_credibility`'s for the claim's own value, and so is the one the
    explanation ends on.
    """
    value = claim.value if claim.question_id else Stance.SUPPORTS.value
    words = explanation(
        result, value, profiles, phrases=None if claim.question_id else _STANCE_PHRASES
    )
    if result is None:
        return {
            "probability": None,
            "credibility": 6,
            "explanation": words,
            "contributions": [],
            "alternatives": [],
        }
    mine = alternative_of(result, value)
    return {
        "probability": mine.probability if mine is not None else 0.0,
        "credibility": value_credibility(result, value),
        "explanation": words,
        "contributions": [asdict(c) for c in result.contributions],
        "alternatives": [
            {
                "value": a.value,
                "probability": a.probability,
                "credibility": a.credibility,
                "sources": list(a.sources),
            }
            for a in result.alternatives
        ],
    }


def question_corroboration(*, claim: Claim) -> dict[int, dict[str, Any]]:
    """The corroboration of every claim answering the claim's question (the claim alone if it
    has none), by claim id, each with the engine's estimates of the sources involved."""
    peers = _with_attributions()
    peers = (
        peers.filter(question_id=claim.question_id)
        if claim.question_id
        else peers.filter(pk=claim.pk)
    )
    found = evidence(list(peers))
    result = found.run()
    profiles = source_profiles(found.sources, result.sources)
    sources = {name: asdict(r) for name, r in result.sources.items()}
    return {
        peer.pk: {
            **_claim_summary(peer, result.questions.get(question_key(peer)), profiles),
            "sources": sources,
        }
        for peer in found.claims
    }


RELIABILITY_FIELDS = [
    "reliability_alpha",
    "reliability_beta",
    "reliability",
    "reliability_low",
    "reliability_high",
    "reliability_explanation",
    "reliability_updated_at",
]


def reliability_fields(reliability: SourceReliability, *, at: datetime) -> dict[str, Any]:
    """The Source fields that keep the engine's estimate of a source's reliability."""
    return dict(
        zip(
            RELIABILITY_FIELDS,
            [
                reliability.alpha,
                reliability.beta,
                reliability.mean,
                reliability.low,
                reliability.high,
                reliability.explanation,
                at,
            ],
            strict=True,
        )
    )


@dataclass(frozen=True)
class CorroborationRun:
    claims: int
    questions: int
    sources: int
    reports: int


def corroborate_all() -> CorroborationRun:
    """Recompute every claim's corroboration and every source's reliability, and store them."""
    found = evidence(list(_with_attributions()))
    result = found.run()
    profiles = source_profiles(found.sources, result.sources)
    now = timezone.now()
    for claim in found.claims:
        key = question_key(claim)
        summary = _claim_summary(claim, result.questions.get(key), profiles)
        claim.probability = summary["probability"]
        claim.suggested_credibility = summary["credibility"]
        claim.corroboration = {key: summary[key] for key in _KEPT}
        claim.corroborated_at = now
    sources = []
    for name, reliability in result.sources.items():
        source = found.sources[name]
        for field, value in reliability_fields(reliability, at=now).items():
            setattr(source, field, value)
        sources.append(source)
    with transaction.atomic():
        Claim.objects.bulk_update(
            found.claims,
            ["probability", "suggested_credibility", "corroboration", "corroborated_at"],
            batch_size=1000,
        )
        Source.objects.bulk_update(sources, RELIABILITY_FIELDS, batch_size=1000)
    return CorroborationRun(
        claims=len(found.claims),
        questions=len({question_key(c) for c in found.claims}),
        sources=len(sources),
        reports=len(found.reports),
    )


def corroboration_refresh(*, check: CrossCheck, progress: Progress) -> Finding:
    """The corroboration CrossCheck: recompute the corroboration of the claim's question and keep
    it on each of its claims (they share one estimate).

    The engine's estimates of the sources' reliability from this one question are kept in the
    result only: a source's stored reliability comes from its whole track record.
    """
    assert check.claim is not None  # the database constraint gives claim kinds a claim
    progress.start(1)
    summaries = question_corroboration(claim=check.claim)
    progress.step()

    def store() -> None:
        now = timezone.now()
        for pk, summary in summaries.items():
            Claim.objects.filter(pk=pk).update(
                probability=summary["probability"],
                suggested_credibility=summary["credibility"],
                corroboration={key: summary[key] for key in _KEPT},
                corroborated_at=now,
            )

    return Finding(summaries[check.claim.pk], store)
