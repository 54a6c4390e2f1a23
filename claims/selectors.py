"""Reads of claims, shaped for the pages and the API."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Generic, TypedDict, TypeVar, cast

from django.contrib.auth.models import User as Account
from django.db import connection
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.fields.json import KT
from django.db.models.functions import JSONObject

from accounts.roles import ROLES, role_grants
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
    PublicationStatus,
    RelatedClaim,
    RelatedClaimStatus,
    Role,
    Stance,
    Verdict,
)
from factcheck.expressions import CompiledOnceSubquery, JSONList, JSONValue
from factcheck.prepared import PreparedRows
from sources.models import Source

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


# A verdict filter's value for "no verdict given yet" (a verdict's own values are never empty).
NO_VERDICT = "none"
# An assignee filter's value for "assigned to nobody" (no user has id 0).
NO_ASSIGNEE = 0

# The orders a list of claims can be read in: by article (newest first, reading order within).
CLAIM_ORDERS: dict[str, tuple[Any, ...]] = {
    "article": (F("article_id").desc(nulls_last=True), "start", "-id"),
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "published": (F("published_at").desc(nulls_last=True), "-id"),
}


@dataclass(frozen=True)
class ClaimFilters:
    """What a list of claims is narrowed to; a field left at its default does not narrow it."""

    q: str = ""
    status: str = ""
    verdict: str = ""  # a Verdict, or NO_VERDICT
    source: int | None = None
    article: int | None = None
    created_from: datetime.date | None = None  # inclusive, in the server's time zone
    created_to: datetime.date | None = None  # inclusive
    in_conflict: bool | None = None
    assignee: int | None = None  # a user's id, or NO_ASSIGNEE


def claim_list(*, filters: ClaimFilters | None = None, order: str = "article") -> QuerySet[Claim]:
    """Claims narrowed by `filters` in one of the CLAIM_ORDERS, with their article and assignee
    (joined) and attributed sources (two more queries)."""
    attributions = Attribution.objects.select_related("source").order_by("role", "id")
    claims = Claim.objects.select_related("article", "assignee").prefetch_related(
        Prefetch("attributions", queryset=attributions)
    )
    if filters is not None:
        claims = claims_filtered(claims, filters)
    return claims.order_by(*CLAIM_ORDERS[order])


def claim_assignees() -> QuerySet[Account]:
    """Who claims can be assigned to: active users whose roles let them edit claims, by name."""
    roles = [role for role in ROLES if role_grants(role, "claims", "change_claim")]
    return (
        Account.objects.filter(Q(is_superuser=True) | Q(groups__name__in=roles), is_active=True)
        .distinct()
        .order_by("username")
    )


def claims_by_id(*, ids: list[int]) -> list[Claim]:
    """The claims of `ids` that exist, in the order of `ids` (one query)."""
    found = Claim.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def claims_filtered(claims: QuerySet[Claim], filters: ClaimFilters) -> QuerySet[Claim]:
    if filters.q:
        claims = claims_with_words(claims, filters.q)
    if filters.status:
        claims = claims.filter(status=filters.status)
    if filters.verdict:
        claims = claims.filter(verdict="" if filters.verdict == NO_VERDICT else filters.verdict)
    if filters.source is not None:
        claims = claims_attributed_to(claims, filters.source)
    if filters.article is not None:
        claims = claims.filter(article_id=filters.article)
    if filters.created_from is not None:
        claims = claims.filter(created_at__date__gte=filters.created_from)
    if filters.created_to is not None:
        claims = claims.filter(created_at__date__lte=filters.created_to)
    if filters.in_conflict is not None:
        claims = claims_in_conflict(claims, filters.in_conflict)
    if filters.assignee is not None:
        claims = claims.filter(assignee_id=filters.assignee or None)
    return claims


def claims_with_words(claims: QuerySet[Claim], text: str) -> QuerySet[Claim]:
    """Claims whose text holds every word of `text`, in any case."""
    for word in text.split():
        claims = claims.filter(text__icontains=word)
    return claims


def claims_attributed_to(claims: QuerySet[Claim], source_id: int) -> QuerySet[Claim]:
    return claims.filter(
        Exists(Attribution.objects.filter(claim=OuterRef("pk"), source_id=source_id))
    )


def claims_contradicted(claims: QuerySet[Claim], contradicted: bool) -> QuerySet[Claim]:
    """Claims that one of their sources contradicts (or, with False, that none does)."""
    contradicting = Attribution.objects.filter(claim=OuterRef("pk"), stance=Stance.CONTRADICTS)
    return claims.filter(Exists(contradicting) if contradicted else ~Exists(contradicting))


def conflicting_proposals() -> QuerySet[RelatedClaim]:
    """Proposed related claims that contradict their claim, awaiting an editor."""
    return RelatedClaim.objects.filter(
        stance=Stance.CONTRADICTS, status=RelatedClaimStatus.PROPOSED
    )


def claims_in_conflict(claims: QuerySet[Claim], in_conflict: bool) -> QuerySet[Claim]:
    """Claims in a conflict an editor has to settle: a contradicting related claim still
    proposed, or another claim of their question that gives a rival value."""
    proposals = conflicting_proposals().filter(Q(claim=OuterRef("pk")) | Q(related=OuterRef("pk")))
    rivals = (
        Claim.objects.filter(question=OuterRef("question"))
        .exclude(value="")
        .exclude(value=OuterRef("value"))
    )
    conflict = Q(Exists(proposals)) | (Q(question__isnull=False) & ~Q(value="") & Q(Exists(rivals)))
    return claims.filter(conflict if in_conflict else ~conflict)


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


def published_fact_checks() -> QuerySet[Publication]:
    """The public list: each claim's current revision that is a published verdict (not a
    retraction), newest first."""
    return Publication.objects.filter(is_current=True, status=PublicationStatus.PUBLISHED).order_by(
        "-published_at", "-id"
    )


def fact_check_page(*, claim_id: int) -> Publication | None:
    """The claim's current revision as the public page shows it, in one query: a published one
    carries everything in its frozen ClaimReview; a retraction is annotated with the claim's text
    as it was last published (`retracted_text`), so that readers know what was taken down."""
    last_published = (
        Publication.objects.filter(claim=OuterRef("claim"), status=PublicationStatus.PUBLISHED)
        .order_by("-number")
        .values(text=KT("claim_review__claimReviewed"))[:1]
    )
    return (
        fact_check_list()
        .filter(claim_id=claim_id)
        .annotate(retracted_text=Subquery(last_published))
        .first()
    )


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


# --- A claim's record, as the API lists it and shows it ---------------------------------------
#
# Each shape is declared once, as a TypedDict: the SQL's columns and JSON objects are built from
# its keys, and the API's serializers (api/serializers.py) take their fields from it, so the
# schema does too. A key named as the model's field needs nothing more; a key computed otherwise
# says how below.

Moment = str  # a date and time as the API writes it: ISO 8601 in UTC, "Z" for +00:00


def moment(value: datetime.datetime | str | None) -> Moment | None:
    """A date and time as the API writes it, from the database's value or from JSON the database
    wrote (SQLite's has no offset: UTC)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.UTC)
    text = value.astimezone(datetime.UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class SourceRef(TypedDict):
    id: int
    name: str
    kind: str
    grade: str


class ArticleRef(TypedDict):
    id: int
    title: str
    url: str | None
    published_at: str | None  # a date, ISO 8601


class ListedAttribution(TypedDict):
    """An attribution as a claim in a list shows it."""

    id: int
    source: SourceRef
    role: str
    stance: str
    cue: str


class AttributionRecord(TypedDict):
    id: int
    claim: int
    source: SourceRef
    role: str
    stance: str
    source_text: str
    cue: str
    direct_quote: bool
    created_at: Moment


class CrossCheckRecord(TypedDict):
    id: int
    claim: int | None
    kind: str
    status: str
    attempts: int
    result: Any
    error: str
    created_at: Moment
    started_at: Moment | None
    finished_at: Moment | None


class ChangeRecord(TypedDict):
    action: str
    changes: Any
    changed_by: str | None
    changed_at: Moment


class PublicationRecord(TypedDict):
    """The revision of a claim the public sees."""

    revision: int
    status: str
    verdict: str
    published_at: Moment
    published_by: str | None


class CorroborationRecord(TypedDict):
    probability: float | None
    suggested_credibility: int | None
    explanation: list[str]
    details: dict[str, Any]
    corroborated_at: Moment | None


AttributionShape = TypeVar("AttributionShape", ListedAttribution, AttributionRecord)


class ClaimRecord(TypedDict, Generic[AttributionShape]):
    """What a claim shows wherever the API shows one."""

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
    published_at: Moment | None
    attributions: list[AttributionShape]  # originators first, then by id
    assignee: str | None  # the username of the editor whose work the claim is
    created_at: Moment
    updated_at: Moment


class ListedClaim(ClaimRecord[ListedAttribution]):
    """A claim in a list."""


class ClaimDetail(ClaimRecord[AttributionRecord]):
    """A claim on its own, with its corroboration, CrossChecks and history."""

    quantities: Any
    question: str | None  # the question the claim answers with `value`, if grouped
    value: str
    corroboration: CorroborationRecord
    crosschecks: list[CrossCheckRecord]  # newest first
    history: list[ChangeRecord]  # oldest first
    publication: PublicationRecord | None


def _json_object(shape: type, **columns: Any) -> JSONObject:
    """The shape's keys as a JSON object built by the database: each from the column of its own
    name, unless `columns` says otherwise (or adds one the shape does not show, to sort by)."""
    return JSONObject(**{**{name: name for name in shape.__annotations__}, **columns})


_SOURCE_REF = JSONObject(**{name: f"source__{name}" for name in SourceRef.__annotations__})
_LISTED_ATTRIBUTION = _json_object(ListedAttribution, source=_SOURCE_REF)
_ATTRIBUTION = _json_object(AttributionRecord, claim="claim_id", source=_SOURCE_REF)
_CROSSCHECK = _json_object(CrossCheckRecord, claim="claim_id", result=JSONValue("result"))
_CHANGE = _json_object(
    ChangeRecord, id="id", changes=JSONValue("changes"), changed_by="changed_by__username"
)
_PUBLICATION = _json_object(
    PublicationRecord, revision="number", published_by="published_by__username"
)


def _json_rows(queryset: QuerySet[Any], shape: JSONObject) -> Subquery:
    """The claim's rows of `queryset` as one JSON array, for a claim's query."""
    return CompiledOnceSubquery(
        queryset.filter(claim=OuterRef("pk"))
        .values("claim")
        .annotate(rows=JSONList(shape))
        .values_list("rows")
    )


Row = dict[str, Any]


def _by_role(rows: list[Row] | None) -> list[Row]:
    return sorted(rows or [], key=lambda row: (row["role"], row["id"]))


def _with_moments(rows: list[Row] | None, *names: str) -> list[Row]:
    return [{**row, **{name: moment(row[name]) for name in names}} for row in rows or []]


def _newest_first(rows: list[Row]) -> list[Row]:
    return sorted(
        rows,
        key=lambda row: (datetime.datetime.fromisoformat(row["created_at"]), row["id"]),
        reverse=True,
    )


def _oldest_first(rows: list[Row]) -> list[Row]:
    """History in order; the id only breaks ties: changes are not addressed by it."""
    rows = sorted(
        rows, key=lambda row: (datetime.datetime.fromisoformat(row["changed_at"]), row["id"])
    )
    return [{name: value for name, value in row.items() if name != "id"} for row in rows]


def _article_ref(row: Row) -> ArticleRef | None:
    if row["article_id"] is None:
        return None
    published = row["article__published_at"]
    return {
        "id": row["article_id"],
        "title": row["article__title"],
        "url": row["article__url"],
        "published_at": published and published.isoformat(),
    }


def _corroboration(row: Row) -> CorroborationRecord:
    details = row["corroboration"]
    return {
        "probability": row["probability"],
        "suggested_credibility": row["suggested_credibility"],
        "explanation": list(details.get("explanation", [])),
        "details": details,
        "corroborated_at": moment(row["corroborated_at"]),
    }


def _publication(row: Row) -> Row | None:
    publications = _with_moments(row["publication_rows"], "published_at")
    # What the public sees; the claim's own verdict is the draft when they differ.
    return publications[0] if publications else None


# How each key not read from the claim's column of its name is computed from the row.
_LISTED_KEYS: dict[str, Callable[[Row], Any]] = {
    "article": _article_ref,
    "assignee": itemgetter("assignee__username"),
    "attributions": lambda row: _by_role(row["attribution_rows"]),
}
_DETAIL_KEYS: dict[str, Callable[[Row], Any]] = {
    **_LISTED_KEYS,
    "attributions": lambda row: [
        # SQLite has no JSON booleans.
        {**attribution, "direct_quote": bool(attribution["direct_quote"])}
        for attribution in _by_role(_with_moments(row["attribution_rows"], "created_at"))
    ],
    "question": lambda row: row["question__text"],
    "corroboration": _corroboration,
    "crosschecks": lambda row: _newest_first(
        _with_moments(row["crosscheck_rows"], "created_at", "started_at", "finished_at")
    ),
    "history": lambda row: _oldest_first(_with_moments(row["change_rows"], "changed_at")),
    "publication": _publication,
}
# What the computed keys read besides.
_DETAIL_COLUMNS = ("question__text", "corroborated_at")
_ARTICLE_COLUMNS = ("article_id", "article__title", "article__url", "article__published_at")
_ASSIGNEE_COLUMNS = ("assignee__username",)


def _column(name: str) -> Callable[[Row], Any]:
    if isinstance(Claim._meta.get_field(name), DateTimeField):
        return lambda row: moment(row[name])
    return itemgetter(name)


def _keys(shape: type, computed: dict[str, Callable[[Row], Any]]) -> list[tuple[str, Any]]:
    return [(name, computed.get(name) or _column(name)) for name in shape.__annotations__]


_LISTED = _keys(ListedClaim, _LISTED_KEYS)
_DETAIL_SHAPE = _keys(ClaimDetail, _DETAIL_KEYS)


def _columns(shape: type, computed: dict[str, Callable[[Row], Any]]) -> list[str]:
    return [name for name in shape.__annotations__ if name not in computed]


# Built once: resolving these expressions costs more than running the query (bench/api.py).
# A list takes a copy (`.all()`) to filter, as DRF does with a view's `queryset`; the detail's
# SQL is compiled once too.
_ROWS: QuerySet[Claim, Row] = Claim.objects.values(
    *_columns(ListedClaim, _LISTED_KEYS),
    *_ARTICLE_COLUMNS,
    *_ASSIGNEE_COLUMNS,
    attribution_rows=_json_rows(Attribution.objects.all(), _LISTED_ATTRIBUTION),
)
_DETAIL_PK = -(2**62)  # stands for the claim's id in the detail's SQL, compiled once
_DETAIL = PreparedRows(
    Claim.objects.filter(pk=_DETAIL_PK).values(
        *_columns(ClaimDetail, _DETAIL_KEYS),
        *_ARTICLE_COLUMNS,
        *_ASSIGNEE_COLUMNS,
        *_DETAIL_COLUMNS,
        "corroboration",
        attribution_rows=_json_rows(Attribution.objects.all(), _ATTRIBUTION),
        crosscheck_rows=_json_rows(CrossCheck.objects.all(), _CROSSCHECK),
        change_rows=_json_rows(ClaimChange.objects.all(), _CHANGE),
        publication_rows=_json_rows(Publication.objects.filter(is_current=True), _PUBLICATION),
    ),
    pk=_DETAIL_PK,
)


def claim_rows() -> QuerySet[Claim, Row]:
    """Claims as rows for a list to filter and page: each with its article's reference (joined)
    and its attributions with their sources (a JSON subquery), so a page is one query and no
    model instance is built. `listed_claims` makes them claims."""
    return _ROWS.all()


def listed_claims(rows: Iterable[Row]) -> list[ListedClaim]:
    """The rows of `claim_rows` as claims in a list."""
    return [cast(ListedClaim, {name: key(row) for name, key in _LISTED}) for row in rows]


def claim_detail(*, pk: int) -> ClaimDetail | None:
    """A claim on its own, in one query."""
    low, high = connection.ops.integer_field_range(Claim._meta.pk.get_internal_type())
    if not low <= pk <= high:
        return None  # no claim has it, and the database driver would refuse it
    row = next(iter(_DETAIL.rows(pk=pk)), None)
    if row is None:
        return None
    return cast(ClaimDetail, {name: key(row) for name, key in _DETAIL_SHAPE})


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
