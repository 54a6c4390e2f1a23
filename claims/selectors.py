"""Reads of claims, shaped for the pages and the API."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import JSONObject

from claims.models import (
    PENDING,
    Article,
    Attribution,
    Claim,
    ClaimChange,
    CrossCheck,
    CrossCheckAttempt,
    CrossCheckKind,
    Publication,
    RelatedClaim,
    Role,
    Stance,
    Verdict,
)
from factcheck.expressions import CompiledOnceSubquery, JSONList, JSONValue
from factcheck.prepared import PreparedRows
from sources.models import Source

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def claim_list() -> QuerySet[Claim]:
    """Claims, newest article first and in reading order within it, with their article and
    attributed sources (two more queries)."""
    attributions = Attribution.objects.select_related("source").order_by("role", "id")
    return (
        Claim.objects.select_related("article")
        .prefetch_related(Prefetch("attributions", queryset=attributions))
        .order_by(F("article_id").desc(nulls_last=True), "start", "-id")
    )


def article_for_page(*, pk: int) -> Article | None:
    """An article with its outlet and its claims in reading order, each with its attributed
    sources and, as its `crosschecks`, only those queued or running, oldest first: four
    queries."""
    pending = CrossCheck.objects.filter(status__in=PENDING).order_by("created_at", "id")
    claims = (
        claim_list()
        .select_related(None)
        .order_by("start", "id")
        .prefetch_related(Prefetch("crosschecks", queryset=pending))
    )
    return (
        Article.objects.select_related("outlet")
        .prefetch_related(Prefetch("claims", queryset=claims))
        .filter(pk=pk)
        .first()
    )


class ClaimPageAnnotations(TypedDict):
    recomputing: bool


def claim_for_page(*, pk: int) -> WithAnnotations[Claim, ClaimPageAnnotations] | None:
    """A claim with all its page shows, in six queries: the claim with its article and question,
    and whether its corroboration is being recomputed (`recomputing`);
    its attributions with their sources (originators first); its CrossChecks, newest first; their
    attempts; the related claims proposed for it, best first, each with its article and whoever
    decided it; and the originators of those related claims (`related.related.originators`)."""
    checks = CrossCheck.objects.order_by("-created_at", "-id").prefetch_related(
        Prefetch("attempt_log", queryset=CrossCheckAttempt.objects.order_by("number"))
    )
    originators = (
        Attribution.objects.filter(role=Role.ORIGINATOR).select_related("source").order_by("id")
    )
    related = (
        RelatedClaim.objects.select_related("related__article", "decided_by")
        .order_by("-score", "id")
        .prefetch_related(Prefetch("related__attributions", originators, to_attr="originators"))
    )
    # A refresh recomputes its claim's whole question: one pending on any of them counts.
    refreshing = CrossCheck.objects.filter(
        Q(claim=OuterRef("pk")) | Q(claim__question=OuterRef("question")),
        kind=CrossCheckKind.CORROBORATION,
        status__in=PENDING,
    )
    return (
        claim_list()
        .select_related("question")
        .annotate(recomputing=Exists(refreshing))
        .prefetch_related(
            Prefetch("crosschecks", queryset=checks),
            Prefetch("related_claims", queryset=related),
        )
        .filter(pk=pk)
        .first()
    )


def fact_check_list() -> QuerySet[Publication]:
    """Each published claim's current revision (retractions included), in the order they went
    out: one query. A claim published again moves to the end, so a partner syncing from a
    cursor sees every new revision once."""
    return Publication.objects.filter(is_current=True).order_by("published_at", "id")


def fact_check_for_claim(*, claim_id: int) -> Publication | None:
    """The claim's current revision: what the public page shows."""
    return fact_check_list().filter(claim_id=claim_id).first()


class FactCheckRevision(TypedDict):
    """A revision as the feed lists it and webhooks send it."""

    claim: int
    revision: int
    status: str
    published_at: datetime.datetime
    reason: str
    claim_review: dict[str, Any] | None


def fact_check_revision(publication: Publication) -> FactCheckRevision:
    return {
        "claim": publication.claim_id,
        "revision": publication.number,
        "status": publication.status,
        "published_at": publication.published_at,
        "reason": publication.reason,
        "claim_review": publication.claim_review,
    }


def claimant(claim: Claim) -> Source | None:
    """The source that made the claim: its first originator that supports it, if any."""
    first = (
        Attribution.objects.filter(claim=claim, role=Role.ORIGINATOR, stance=Stance.SUPPORTS)
        .select_related("source")
        .order_by("id")
        .first()
    )
    return first.source if first is not None else None


# An attribution as a claim in a list shows it, with its source, built by the database; and the
# fuller one of a claim's detail, with its CrossChecks and history.
_SOURCE_REF = JSONObject(
    id="source_id", name="source__name", kind="source__kind", grade="source__grade"
)
_LISTED_ATTRIBUTION = JSONObject(
    id="id", role="role", stance="stance", cue="cue", source=_SOURCE_REF
)
_ATTRIBUTION = JSONObject(
    id="id", claim="claim_id", source=_SOURCE_REF, role="role", stance="stance",
    source_text="source_text", cue="cue", direct_quote="direct_quote", created_at="created_at",
)  # fmt: skip
_CROSSCHECK = JSONObject(
    id="id", claim="claim_id", kind="kind", status="status", attempts="attempts",
    result=JSONValue("result"), error="error", created_at="created_at",
    started_at="started_at", finished_at="finished_at",
)  # fmt: skip
_CHANGE = JSONObject(
    id="id", action="action", changes=JSONValue("changes"),
    changed_by="changed_by__username", changed_at="changed_at",
)  # fmt: skip
_PUBLICATION = JSONObject(
    revision="number", status="status", verdict="verdict", published_at="published_at",
    published_by="published_by__username",
)  # fmt: skip


def _json_rows(queryset: QuerySet[Any], shape: JSONObject) -> Subquery:
    """The claim's rows of `queryset` as one JSON array, for a claim's query."""
    return CompiledOnceSubquery(
        queryset.filter(claim=OuterRef("pk"))
        .values("claim")
        .annotate(rows=JSONList(shape))
        .values_list("rows")
    )


class SourceRef(TypedDict):
    id: int
    name: str
    kind: str
    grade: str


class AttributionSummary(TypedDict):
    id: int
    role: str
    stance: str
    cue: str
    source: SourceRef


class ArticleRef(TypedDict):
    id: int
    title: str
    url: str | None
    published_at: datetime.date | None


class ClaimSummary(TypedDict):
    id: int
    article: ArticleRef | None
    text: str
    start: int
    end: int
    status: str
    verdict: str
    verdict_rationale: str
    credibility: int | None
    probability: float | None
    suggested_credibility: int | None
    published_at: datetime.datetime | None
    attributions: list[AttributionSummary]
    created_at: datetime.datetime
    updated_at: datetime.datetime


_SUMMARY_COLUMNS = (
    "id", "text", "start", "end", "status", "verdict", "verdict_rationale",
    "credibility", "probability", "suggested_credibility", "published_at",
    "created_at", "updated_at",
    "article_id", "article__title", "article__url", "article__published_at",
)  # fmt: skip


# Built once: resolving these expressions costs more than running the query (bench/api.py).
# A list takes a copy (`.all()`) to filter, as DRF does with a view's `queryset`; the detail's
# SQL is compiled once too.
_SUMMARIES: QuerySet[Claim, dict[str, Any]] = Claim.objects.values(
    *_SUMMARY_COLUMNS,
    attribution_rows=_json_rows(Attribution.objects.all(), _LISTED_ATTRIBUTION),
)
_DETAIL_PK = -(2**62)  # stands for the claim's id in the detail's SQL, compiled once
_DETAIL = PreparedRows(
    Claim.objects.filter(pk=_DETAIL_PK).values(
        *_SUMMARY_COLUMNS,
        "quantities",
        "question__text",
        "value",
        "corroboration",
        "corroborated_at",
        attribution_rows=_json_rows(Attribution.objects.all(), _ATTRIBUTION),
        crosscheck_rows=_json_rows(CrossCheck.objects.all(), _CROSSCHECK),
        change_rows=_json_rows(ClaimChange.objects.all(), _CHANGE),
        publication_rows=_json_rows(Publication.objects.filter(is_current=True), _PUBLICATION),
    ),
    pk=_DETAIL_PK,
)


def claim_summaries() -> QuerySet[Claim, dict[str, Any]]:
    """Claims as rows of what a list shows, each with its article's reference (joined) and its
    attributions with their sources (a JSON subquery): a page is one query, and no model
    instance is built. Shape a page with `summarized`."""
    return _SUMMARIES.all()


def _attribution_order(attribution: AttributionSummary) -> tuple[str, int]:
    return attribution["role"], attribution["id"]


def summarized(rows: Iterable[dict[str, Any]]) -> list[ClaimSummary]:
    """The rows of `claim_summaries` as claims: the article nested, attributions by role then id
    (originators first)."""
    return [
        {
            "id": row["id"],
            "article": {
                "id": row["article_id"],
                "title": row["article__title"],
                "url": row["article__url"],
                "published_at": row["article__published_at"],
            }
            if row["article_id"] is not None
            else None,
            "text": row["text"],
            "start": row["start"],
            "end": row["end"],
            "status": row["status"],
            "verdict": row["verdict"],
            "verdict_rationale": row["verdict_rationale"],
            "credibility": row["credibility"],
            "probability": row["probability"],
            "suggested_credibility": row["suggested_credibility"],
            "published_at": row["published_at"],
            "attributions": sorted(row["attribution_rows"] or [], key=_attribution_order),
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
        }
        for row in rows
    ]


def _moment(value: str | None) -> datetime.datetime | None:
    """A date and time read from JSON the database wrote (SQLite's has no offset: UTC)."""
    if value is None:
        return None
    moment = datetime.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _with_moments(rows: list[dict[str, Any]] | None, *names: str) -> list[dict[str, Any]]:
    return [{**row, **{name: _moment(row[name]) for name in names}} for row in rows or []]


def claim_detail(*, pk: int) -> dict[str, Any] | None:
    """Everything the API's detail shows of a claim, in one query: its summary, with fuller
    attributions, plus its corroboration, CrossChecks (newest first), history (oldest first)
    and current publication (revision)."""
    low, high = connection.ops.integer_field_range(Claim._meta.pk.get_internal_type())
    if not low <= pk <= high:
        return None  # no claim has it, and the database driver would refuse it
    row = next(iter(_DETAIL.rows(pk=pk)), None)
    if row is None:
        return None
    [claim] = summarized([row])
    attributions = _with_moments(row["attribution_rows"], "created_at")
    checks = _with_moments(row["crosscheck_rows"], "created_at", "started_at", "finished_at")
    changes = _with_moments(row["change_rows"], "changed_at")
    publications = _with_moments(row["publication_rows"], "published_at")
    return {
        **claim,
        "attributions": [
            # SQLite has no JSON booleans.
            {**attribution, "direct_quote": bool(attribution["direct_quote"])}
            for attribution in sorted(attributions, key=lambda a: (a["role"], a["id"]))
        ],
        "quantities": row["quantities"],
        "question": row["question__text"],
        "value": row["value"],
        "corroboration": row["corroboration"],
        "corroborated_at": row["corroborated_at"],
        "crosschecks": sorted(checks, key=lambda c: (c["created_at"], c["id"]), reverse=True),
        # The id only breaks ties: changes are not addressed by it.
        "history": [
            {name: value for name, value in change.items() if name != "id"}
            for change in sorted(changes, key=lambda c: (c["changed_at"], c["id"]))
        ],
        # What the public sees; the claim's own verdict is the draft when they differ.
        "publication": publications[0] if publications else None,
    }


# How many of a source's claims, and of its CrossChecks, its page shows: the most recent.
SOURCE_PAGE_CLAIMS = 50
SOURCE_PAGE_CROSSCHECKS = 20


@dataclass(frozen=True)
class VerdictCount:
    """How many of a source's claims carry a verdict ("" for none yet), by its role on them."""

    verdict: str
    label: str
    originator: int
    relay: int


@dataclass(frozen=True)
class SourcePage:
    source: Source  # with its affiliation and aliases
    track_record: list[VerdictCount]  # every verdict, best first, then "not yet rated"
    # Its most recent attributions, newest claim first, each with its claim, the claim's article
    # and all the claim's attributions with their sources (who else made or passed it on).
    attributions: list[Attribution]
    crosschecks: list[CrossCheck]  # its most recent, newest first, with their attempts

    @property
    def pending(self) -> bool:
        """Whether one of its CrossChecks is queued or running (only the newest can be: a
        second is not queued while one is pending)."""
        return any(check.status in PENDING for check in self.crosschecks)


def source_track_record_by_role(*, source: Source) -> list[VerdictCount]:
    """How many of the source's claims carry each verdict, as originator and as relay: one
    query."""
    rows = (
        Attribution.objects.filter(source=source)
        .values_list("claim__verdict", "role")
        .annotate(claims=Count("id"))  # one attribution per claim, source and role
        .order_by()
    )
    counts = {(verdict, role): claims for verdict, role, claims in rows}
    verdicts = [*Verdict.choices, ("", "Not yet rated")]
    return [
        VerdictCount(
            verdict=verdict,
            label=str(label),
            originator=counts.get((verdict, Role.ORIGINATOR), 0),
            relay=counts.get((verdict, Role.RELAY), 0),
        )
        for verdict, label in verdicts
    ]


def source_track_record(*, source: Source) -> dict[str, int]:
    """How many claims the source made (as originator), by verdict ("unrated" for none yet),
    only the verdicts it has: the API's track record. One query."""
    return {
        count.verdict or "unrated": count.originator
        for count in source_track_record_by_role(source=source)
        if count.originator
    }


def source_for_page(*, pk: int) -> SourcePage | None:
    """A source with all its page shows, in seven queries: the source with its affiliation; its
    aliases; its track record; its most recent attributions with their claims and articles; the
    attributions of those claims with their sources; its most recent CrossChecks; their
    attempts."""
    source = (
        Source.objects.select_related("affiliation")
        .prefetch_related("aliases")
        .filter(pk=pk)
        .first()
    )
    if source is None:
        return None
    on_claims = Attribution.objects.select_related("source").order_by("role", "id")
    attributions = (
        Attribution.objects.filter(source=source)
        .select_related("claim__article")
        .prefetch_related(Prefetch("claim__attributions", queryset=on_claims))
        .order_by("-claim__created_at", "-claim_id", "role")[:SOURCE_PAGE_CLAIMS]
    )
    checks = (
        CrossCheck.objects.filter(source=source)
        .order_by("-created_at", "-id")
        .prefetch_related(
            Prefetch("attempt_log", queryset=CrossCheckAttempt.objects.order_by("number"))
        )[:SOURCE_PAGE_CROSSCHECKS]
    )
    return SourcePage(
        source=source,
        track_record=source_track_record_by_role(source=source),
        attributions=list(attributions),
        crosschecks=list(checks),
    )
