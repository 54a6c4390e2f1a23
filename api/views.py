"""The REST API's views: each action validates, calls one service or selector, shapes the answer.

`required_permissions` names the role permission each action needs (see api.permissions).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from django.views.defaults import page_not_found
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from api import examples, filters, serializers
from api.concurrency import etag, locked_if_match, published_claim_if_match, version_etag
from api.exceptions import Gone, error_body
from api.idempotency import idempotent
from api.models import ApiToken, Webhook, WebhookDelivery
from api.pagination import FeedPagination
from api.query import refuse_unknown_query_parameters
from api.schema import ErrorSerializer
from api.selectors import token_list, webhook_deliveries, webhook_list
from api.services import (
    token_create,
    token_revoke,
    webhook_create,
    webhook_ping,
    webhook_redeliver,
    webhook_rotate_secret,
    webhook_update,
)
from claims.corroboration import Report
from claims.models import Article, Attribution, Claim, CrossCheck, Publication, RelatedClaim
from claims.selectors import (
    claim_detail,
    claim_rows,
    fact_check_for_claim,
    fact_check_list,
    listed_claims,
    source_track_record,
)
from claims.services.attributions import (
    attribution_create,
    attribution_delete,
    attribution_update,
)
from claims.services.claims import (
    claim_create,
    claim_rate,
    claim_update,
)
from claims.services.crosscheck_queue import (
    crosscheck_cancel,
    crosscheck_queue,
    crosscheck_queue_article,
)
from claims.services.ingest import WebPage, ingest_article, ingest_web_page, web_page_fetch
from claims.services.publications import claim_publish, claim_retract
from claims.services.questions import claim_group, claim_ungroup, question_split
from claims.services.related import related_claim_decide
from claims.services.reports import reports_import
from factcheck.ids import MAX_ID
from sources.models import Source
from sources.selectors import source_list
from sources.services import source_create, source_update

Serializer = type[BaseSerializer[Any]]


def record_id(pk: Any) -> int:
    """A record id from the path; one no record can have is a 404, not a database overflow."""
    value = int(pk)
    if value > MAX_ID:
        raise NotFound()
    return value


def signed_in(request: Request) -> User:
    """The request's user, whom the action's permission required to be signed in."""
    if not isinstance(request.user, User):
        raise NotAuthenticated()
    return request.user


def model_permissions(app: str, model: str, **extra: str) -> dict[str, str]:
    return {
        "list": f"{app}.view_{model}",
        "retrieve": f"{app}.view_{model}",
        "create": f"{app}.add_{model}",
        "partial_update": f"{app}.change_{model}",
        "destroy": f"{app}.delete_{model}",
        **extra,
    }


class ApiViewSet(viewsets.GenericViewSet[Any]):
    lookup_value_regex = "[0-9]+"
    required_permissions: dict[str, str] = {}
    # Actions that need If-Match, and POSTs that honour Idempotency-Key (for the schema).
    if_match_actions: frozenset[str] = frozenset()
    idempotent_actions: frozenset[str] = frozenset()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        refuse_unknown_query_parameters(request, self)

    def valid(self, serializer_class: Serializer, *, partial: bool = False) -> dict[str, Any]:
        serializer = serializer_class(
            data=self.request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def answer(
        self,
        serializer_class: Serializer,
        instance: Any,
        *,
        given: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Response:
        """The instance as the serializer shapes it, with what its `Given` fields show."""
        context = {**self.get_serializer_context(), **(given or {})}
        response = Response(serializer_class(instance, context=context).data, **kwargs)
        if isinstance(instance, Claim | Source):
            response["ETag"] = etag(instance)
        return response


class SourceViewSet(mixins.ListModelMixin, ApiViewSet):
    """Sources: who makes or passes on claims, with their grade and estimated reliability."""

    required_permissions = model_permissions("sources", "source")
    sends_etag = True
    if_match_actions = frozenset({"partial_update"})
    idempotent_actions = frozenset({"create"})
    state_conflict_actions = frozenset({"create", "partial_update"})  # a name already taken
    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter
    ordering_fields = ["name", "created_at", "updated_at"]

    def get_queryset(self) -> QuerySet[Source]:
        return source_list()

    def detail_answer(self, pk: Any, **kwargs: Any) -> Response:
        source = self.get_queryset().get(pk=pk)
        track_record = source_track_record(source=source)
        return self.answer(
            serializers.SourceDetailSerializer,
            source,
            given={"track_record": track_record},
            **kwargs,
        )

    @extend_schema(responses=serializers.SourceDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self.detail_answer(self.get_object().pk)

    @extend_schema(
        request=serializers.SourceInputSerializer,
        responses={201: serializers.SourceDetailSerializer},
        examples=[examples.SOURCE_CREATE],
    )
    def create(self, request: Request) -> Response:
        def respond() -> Response:
            source = source_create(**self.valid(serializers.SourceInputSerializer))
            return self.detail_answer(source.pk, status=status.HTTP_201_CREATED)

        return idempotent(request, respond)

    @extend_schema(
        request=serializers.SourceUpdateSerializer, responses=serializers.SourceDetailSerializer
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        self.get_object()
        fields = self.valid(serializers.SourceUpdateSerializer, partial=True)
        with locked_if_match(request, Source.objects.all(), pk) as source:
            source_update(source=source, **fields)
        return self.detail_answer(pk)


class ArticleViewSet(mixins.ListModelMixin, ApiViewSet):
    """Articles: ingest one by its text and get back the claims found in it."""

    required_permissions = model_permissions("claims", "article")
    idempotent_actions = frozenset({"create"})
    serializer_class = serializers.ArticleSerializer
    ordering_fields = ["created_at"]

    def get_queryset(self) -> QuerySet[Article]:
        return Article.objects.select_related("outlet")

    def detail_answer(self, pk: Any, **kwargs: Any) -> Response:
        article = self.get_queryset().get(pk=pk)
        claims = claim_rows().filter(article=article).order_by("start", "id")
        return self.answer(
            serializers.ArticleDetailSerializer,
            article,
            given={"claims": listed_claims(claims)},
            **kwargs,
        )

    @extend_schema(responses=serializers.ArticleDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self.detail_answer(self.get_object().pk)

    @extend_schema(
        request=serializers.ArticleIngestSerializer,
        responses={
            201: OpenApiResponse(serializers.ArticleDetailSerializer, "Ingested."),
            200: OpenApiResponse(
                serializers.ArticleDetailSerializer, "The same text was already ingested."
            ),
        },
        examples=[examples.ARTICLE_INGEST],
    )
    def create(self, request: Request) -> Response:
        fields: dict[str, Any] = {}
        web_pages: list[WebPage] = []

        def fetch_page() -> None:  # outside the Idempotency-Key's transaction: the network
            fields.update(self.valid(serializers.ArticleIngestSerializer))
            if "text" not in fields:  # a text sent with its url is the article: nothing to fetch
                web_pages.append(web_page_fetch(url=fields["url"]))

        def respond() -> Response:
            if web_pages:
                result = ingest_web_page(web_page=web_pages[0], created_by=request.user)
            else:
                result = ingest_article(created_by=request.user, **fields)
            code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
            return self.detail_answer(result.article.pk, status=code)

        return idempotent(request, respond, prepare=fetch_page)


class ClaimViewSet(mixins.ListModelMixin, ApiViewSet):
    """Claims: statements with their sources, corroboration, CrossChecks, verdict and history."""

    required_permissions = model_permissions(
        "claims",
        "claim",
        rate="claims.rate_claim",
        publish="claims.publish_claim",
        retract="claims.publish_claim",
        group="claims.change_claim",
        ungroup="claims.change_claim",
        split="claims.change_claim",
    )
    sends_etag = True
    if_match_actions = frozenset(
        {"partial_update", "rate", "publish", "retract", "group", "ungroup", "split"}
    )
    state_conflict_actions = if_match_actions
    idempotent_actions = frozenset({"create"})
    serializer_class = serializers.ClaimSerializer
    filterset_class = filters.ClaimFilter
    ordering_fields = ["created_at", "updated_at"]

    def get_queryset(self) -> QuerySet[Claim, dict[str, Any]]:
        return claim_rows()

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        claims = listed_claims(page or [])
        return self.get_paginated_response(self.get_serializer(claims, many=True).data)

    def detail_answer(self, pk: Any, **kwargs: Any) -> Response:
        claim = claim_detail(pk=record_id(pk))
        if claim is None:
            raise NotFound()
        response = self.answer(serializers.ClaimDetailSerializer, claim, **kwargs)
        updated_at = datetime.datetime.fromisoformat(claim["updated_at"])
        response["ETag"] = version_etag(Claim, claim["id"], updated_at)
        return response

    @extend_schema(responses=serializers.ClaimDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self.detail_answer(pk)

    @extend_schema(
        request=serializers.ClaimCreateSerializer,
        responses={201: serializers.ClaimDetailSerializer},
    )
    def create(self, request: Request) -> Response:
        def respond() -> Response:
            claim = claim_create(by=request.user, **self.valid(serializers.ClaimCreateSerializer))
            return self.detail_answer(claim.pk, status=status.HTTP_201_CREATED)

        return idempotent(request, respond)

    @extend_schema(
        request=serializers.ClaimUpdateSerializer, responses=serializers.ClaimDetailSerializer
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        self.get_object()
        fields = self.valid(serializers.ClaimUpdateSerializer, partial=True)
        with locked_if_match(request, Claim.objects.all(), pk) as claim:
            claim_update(claim=claim, by=request.user, **fields)
        return self.detail_answer(pk)

    @extend_schema(
        request=serializers.ClaimGroupSerializer, responses=serializers.ClaimDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def group(self, request: Request, pk: str) -> Response:
        """Group the claim with the others answering a question; corroboration is recomputed."""
        self.get_object()
        fields = self.valid(serializers.ClaimGroupSerializer)
        with locked_if_match(request, Claim.objects.all(), pk) as claim:
            claim_group(claim=claim, by=request.user, **fields)
        return self.detail_answer(pk)

    @extend_schema(request=None, responses=serializers.ClaimDetailSerializer)
    @action(detail=True, methods=["post"])
    def ungroup(self, request: Request, pk: str) -> Response:
        """Take the claim out of its question; corroboration is recomputed."""
        self.get_object()
        self.valid(serializers.StrictSerializer)
        with locked_if_match(request, Claim.objects.all(), pk) as claim:
            claim_ungroup(claim=claim, by=request.user)
        return self.detail_answer(pk)

    @extend_schema(request=None, responses=serializers.ClaimDetailSerializer)
    @action(detail=True, methods=["post"])
    def split(self, request: Request, pk: str) -> Response:
        """Split the claim's question: each of its claims stands alone again (400 if it answers
        none); corroboration is recomputed."""
        self.get_object()
        self.valid(serializers.StrictSerializer)
        with locked_if_match(request, Claim.objects.all(), pk) as claim:
            question_split(claim=claim, by=request.user)
        return self.detail_answer(pk)

    @extend_schema(
        request=serializers.ClaimRateSerializer,
        responses=serializers.ClaimDetailSerializer,
        examples=[examples.CLAIM_RATE],
    )
    @action(detail=True, methods=["post"])
    def rate(self, request: Request, pk: str) -> Response:
        """Set the verdict; a published claim stays published with the new one (webhooks)."""
        self.get_object()
        fields = self.valid(serializers.ClaimRateSerializer)
        with locked_if_match(request, Claim.objects.all(), pk) as claim:
            claim_rate(
                claim=claim,
                verdict=fields["verdict"],
                rationale=fields["rationale"],
                credibility=fields.get("credibility"),
                by=request.user,
            )
        return self.detail_answer(pk)

    @extend_schema(request=None, responses=serializers.ClaimDetailSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        """Publish the verdict as a fact-check (ClaimReview); webhooks are told."""
        self.get_object()
        self.valid(serializers.StrictSerializer)
        with locked_if_match(request, Claim.objects.all(), pk) as claim:
            claim_publish(claim=claim, by=request.user, request_url=request.build_absolute_uri("/"))
        return self.detail_answer(pk)

    @extend_schema(
        request=serializers.ClaimRetractSerializer, responses=serializers.ClaimDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def retract(self, request: Request, pk: str) -> Response:
        """Withdraw the verdict for good; webhooks are told."""
        self.get_object()
        fields = self.valid(serializers.ClaimRetractSerializer)
        with locked_if_match(request, Claim.objects.all(), pk) as claim:
            claim_retract(claim=claim, by=request.user, reason=fields["reason"])
        return self.detail_answer(pk)


class AttributionViewSet(ApiViewSet):
    """Attributions: which source made (originator) or passed on (relay) a claim."""

    required_permissions = model_permissions("claims", "attribution")
    conditional_if_match_actions = frozenset({"create", "partial_update", "destroy"})
    state_conflict_actions = conditional_if_match_actions
    serializer_class = serializers.AttributionSerializer

    def get_queryset(self) -> QuerySet[Attribution]:
        return Attribution.objects.select_related("source")

    def retrieve(self, request: Request, pk: str) -> Response:
        return self.answer(serializers.AttributionSerializer, self.get_object())

    @extend_schema(
        request=serializers.AttributionInputSerializer,
        responses={201: serializers.AttributionSerializer},
    )
    def create(self, request: Request) -> Response:
        fields = self.valid(serializers.AttributionInputSerializer)
        with published_claim_if_match(request, fields["claim"].pk):
            attribution = attribution_create(by=request.user, **fields)
        return self.answer(
            serializers.AttributionSerializer, attribution, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=serializers.AttributionUpdateSerializer,
        responses=serializers.AttributionSerializer,
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        fields = self.valid(serializers.AttributionUpdateSerializer)
        attribution = self.get_object()
        with published_claim_if_match(request, attribution.claim_id):
            attribution = attribution_update(attribution=attribution, by=request.user, **fields)
        return self.answer(serializers.AttributionSerializer, attribution)

    def destroy(self, request: Request, pk: str) -> Response:
        attribution = self.get_object()
        with published_claim_if_match(request, attribution.claim_id):
            attribution_delete(attribution=attribution, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CrossCheckViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """CrossChecks: background verification of a claim, with its progress."""

    required_permissions = model_permissions(
        "claims", "crosscheck", cancel="claims.change_crosscheck"
    )
    idempotent_actions = frozenset({"create"})
    serializer_class = serializers.CrossCheckSerializer
    filterset_class = filters.CrossCheckFilter
    ordering_fields = ["created_at"]

    def get_queryset(self) -> QuerySet[CrossCheck]:
        return CrossCheck.objects.all()

    @extend_schema(
        request=serializers.CrossCheckQueueSerializer,
        responses={201: serializers.CrossCheckQueuedSerializer},
        examples=[examples.CROSSCHECK_QUEUE],
    )
    def create(self, request: Request) -> Response:
        """Queue a CrossCheck of one claim, or of every claim of an article."""

        def respond() -> Response:
            fields = self.valid(serializers.CrossCheckQueueSerializer)
            if "article" in fields:
                checks = crosscheck_queue_article(
                    article=fields["article"], kind=fields["kind"], requested_by=request.user
                )
            else:
                checks = [
                    crosscheck_queue(
                        claim=fields["claim"], kind=fields["kind"], requested_by=request.user
                    )
                ]
            return self.answer(
                serializers.CrossCheckQueuedSerializer,
                {"crosschecks": checks},
                status=status.HTTP_201_CREATED,
            )

        return idempotent(request, respond)

    @extend_schema(request=None, responses=serializers.CrossCheckSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        """Cancel a queued or running CrossCheck (400 once it has finished)."""
        self.valid(serializers.StrictSerializer)
        check = crosscheck_cancel(check=self.get_object(), by=request.user)
        return self.answer(serializers.CrossCheckSerializer, check)


class ReportViewSet(ApiViewSet):
    """Reports: conflicting values for questions (`question`, `source`, `value`), loaded as
    claims grouped by question, as `manage.py import_reports` does; each question reported on
    is corroborated again in the background."""

    required_permissions = {"create": "claims.add_claim"}
    idempotent_actions = frozenset({"create"})
    serializer_class = serializers.ReportsImportSerializer

    @extend_schema(
        request=serializers.ReportsImportSerializer,
        responses={201: serializers.ReportsImportedSerializer},
        examples=[examples.REPORTS_IMPORT],
    )
    def create(self, request: Request) -> Response:
        def respond() -> Response:
            rows = self.valid(serializers.ReportsImportSerializer)["reports"]
            reports = [Report(**{**row, "via": tuple(row.get("via", ()))}) for row in rows]
            imported = reports_import(reports=reports, created_by=request.user, refresh=True)
            return self.answer(
                serializers.ReportsImportedSerializer, imported, status=status.HTTP_201_CREATED
            )

        return idempotent(request, respond)


class RelatedClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Related claims: what the related-claims CrossCheck proposed for a claim, for an editor to
    accept (the two claims then answer one question: with one value if the related claim
    supports the claim, with rival values if it contradicts it) or reject."""

    required_permissions = model_permissions(
        "claims",
        "relatedclaim",
        accept="claims.change_relatedclaim",
        reject="claims.change_relatedclaim",
    )
    serializer_class = serializers.RelatedClaimSerializer
    filterset_class = filters.RelatedClaimFilter
    ordering = ["claim_id", "-score", "id"]
    ordering_fields = ["score", "created_at"]

    def get_queryset(self) -> QuerySet[RelatedClaim]:
        return RelatedClaim.objects.select_related("related", "decided_by")

    def decide(self, pk: str, *, accept: bool) -> Response:
        self.valid(serializers.StrictSerializer)
        related = related_claim_decide(
            related=self.get_object(), accept=accept, by=self.request.user
        )
        return self.answer(serializers.RelatedClaimSerializer, related)

    @extend_schema(request=None, responses=serializers.RelatedClaimSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        """Accept: the two claims answer one question, as one value or rivals (400 if decided)."""
        return self.decide(pk, accept=True)

    @extend_schema(request=None, responses=serializers.RelatedClaimSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        """Reject the proposal; it is not proposed again (400 if already decided)."""
        return self.decide(pk, accept=False)


class FactCheckViewSet(mixins.ListModelMixin, ApiViewSet):
    """Published fact-checks. The list is a feed of revisions, in the order they went out (each
    claim's current one: a correction moves it to the end, a retraction is a tombstone with its
    reason); every page has a `next` cursor, the last one too: keep it and ask again for
    everything since. The detail is a claim's ClaimReview JSON-LD as last published (410 once
    retracted). Open to anonymous readers when FACTCHECK_API_PUBLIC_FACT_CHECKS is true."""

    required_permissions = {"list": "claims.view_claim", "retrieve": "claims.view_claim"}
    public_setting = "FACTCHECK_API_PUBLIC_FACT_CHECKS"
    serializer_class = serializers.FactCheckRevisionSerializer
    filterset_class = filters.FactCheckFilter
    pagination_class = FeedPagination
    ordering = ["published_at", "id"]
    ordering_fields: list[str] = []

    def get_queryset(self) -> QuerySet[Publication]:
        return fact_check_list()

    @extend_schema(
        responses={
            200: serializers.ClaimReviewSerializer,
            410: OpenApiResponse(ErrorSerializer, "Retracted: take it down."),
        }
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        publication = fact_check_for_claim(claim_id=record_id(pk))
        if publication is None:
            raise NotFound()
        if publication.claim_review is None:
            raise Gone(f"This fact-check was retracted: {publication.reason}")
        return Response(publication.claim_review)


class TokenViewSet(mixins.ListModelMixin, ApiViewSet):
    """Your own API tokens: create one (its secret is shown once), list them, revoke one."""

    required_permissions = {"list": "", "create": "", "destroy": ""}
    serializer_class = serializers.TokenSerializer
    ordering_fields: list[str] = []

    def get_queryset(self) -> QuerySet[ApiToken]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return ApiToken.objects.none()
        return token_list(user=signed_in(self.request))

    @extend_schema(
        request=serializers.TokenInputSerializer, responses={201: serializers.NewTokenSerializer}
    )
    def create(self, request: Request) -> Response:
        new = token_create(user=signed_in(request), **self.valid(serializers.TokenInputSerializer))
        return self.answer(
            serializers.NewTokenSerializer,
            new.token,
            given={"token": new.secret},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: str) -> Response:
        """Revoke the token: it stops working at once, and stays listed with its date."""
        token_revoke(token=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Webhooks (admins): endpoints told when a fact-check revision is published, corrected or
    retracted; update or pause one, rotate its secret, send it a test ping, redeliver a failed
    delivery.

    Each delivery is a POST of `{"event", "occurred_at", ...the feed item's fields}` signed in
    the `X-Factcheck-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the
    secret>` header (a second `v1` with the previous secret while a rotation overlaps);
    failures are retried with exponential backoff.
    """

    required_permissions = model_permissions(
        "api",
        "webhook",
        deliveries="api.view_webhook",
        rotate_secret="api.change_webhook",  # noqa: S106 (a permission, not a secret)
        ping="api.change_webhook",
        redeliver="api.change_webhook",
    )
    state_conflict_actions = frozenset({"redeliver"})
    serializer_class = serializers.WebhookSerializer
    ordering_fields: list[str] = []

    def get_queryset(self) -> QuerySet[Webhook]:
        return webhook_list()

    @extend_schema(
        request=serializers.WebhookInputSerializer, responses={201: serializers.WebhookSerializer}
    )
    def create(self, request: Request) -> Response:
        webhook = webhook_create(
            created_by=signed_in(request),
            **self.valid(serializers.WebhookInputSerializer),
        )
        return self.answer(serializers.WebhookSerializer, webhook, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.WebhookUpdateSerializer, responses=serializers.WebhookSerializer
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        """Change the URL, or pause (`"active": false`) and resume the webhook."""
        fields = self.valid(serializers.WebhookUpdateSerializer)
        webhook = webhook_update(webhook=self.get_object(), **fields)
        return self.answer(serializers.WebhookSerializer, webhook)

    def destroy(self, request: Request, pk: str) -> Response:
        with transaction.atomic():
            self.get_object().delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=serializers.WebhookRotateSerializer, responses=serializers.WebhookSerializer
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request: Request, pk: str) -> Response:
        """Sign with a new secret, and with the old one too for `overlap_seconds`."""
        fields = self.valid(serializers.WebhookRotateSerializer)
        webhook = webhook_rotate_secret(
            webhook=self.get_object(),
            secret=fields["secret"],
            overlap=datetime.timedelta(seconds=fields["overlap_seconds"]),
        )
        return self.answer(serializers.WebhookSerializer, webhook)

    @extend_schema(request=None, responses={202: serializers.WebhookDeliverySerializer})
    @action(detail=True, methods=["post"])
    def ping(self, request: Request, pk: str) -> Response:
        """Send a signed `ping` event now (paused or not); its delivery is listed as any."""
        self.valid(serializers.StrictSerializer)
        delivery = webhook_ping(webhook=self.get_object())
        return self.answer(
            serializers.WebhookDeliverySerializer, delivery, status=status.HTTP_202_ACCEPTED
        )

    @extend_schema(responses=serializers.WebhookDeliverySerializer(many=True))
    @action(detail=True, methods=["get"])
    def deliveries(self, request: Request, pk: str) -> Response:
        """The webhook's deliveries, newest first: each one's request body (`payload`), status,
        last response status, error and timing, and every attempt (`attempt_log`: when, how long,
        the status code or the error, the outcome)."""
        page = self.paginate_queryset(webhook_deliveries(webhook=self.get_object()))
        data = serializers.WebhookDeliverySerializer(page, many=True).data
        return self.get_paginated_response(data)

    @extend_schema(request=None, responses={202: serializers.WebhookDeliverySerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path=r"deliveries/(?P<delivery_id>[0-9]+)/redeliver",
    )
    def redeliver(self, request: Request, pk: str, delivery_id: str) -> Response:
        """Deliver a failed delivery again, with its id and body (409 unless it failed)."""
        self.valid(serializers.StrictSerializer)
        webhook = self.get_object()
        number = int(delivery_id)
        delivery = (
            WebhookDelivery.objects.filter(webhook=webhook, pk=number).first()
            if number <= MAX_ID
            else None
        )
        if delivery is None:
            raise NotFound()
        delivery = webhook_redeliver(delivery=delivery)
        return self.answer(
            serializers.WebhookDeliverySerializer, delivery, status=status.HTTP_202_ACCEPTED
        )


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, in YAML or JSON as asked; its own errors (406 for an Accept it cannot
    give) in the API's JSON error body, as every answer under /api/ is."""

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        if force:  # choosing how to render an error: JSON
            return JSONRenderer(), JSONRenderer.media_type
        return super().perform_content_negotiation(request, force)


def _is_endpoint(path: str) -> bool:
    try:
        return resolve(path).func is not unknown_endpoint
    except Resolver404:
        return False


def _no_such_endpoint(request: HttpRequest) -> JsonResponse:
    detail = "No such endpoint."
    if not request.path.endswith("/") and _is_endpoint(f"{request.path}/"):
        detail = f"No such endpoint: the API's paths end with a slash ({request.path}/)."
    return JsonResponse(error_body("not_found", detail), status=404)


@csrf_exempt  # as DRF's views are: a POST without a CSRF token must meet this 404, not a page
def unknown_endpoint(request: HttpRequest) -> JsonResponse:
    """Any path under /api/ that names no endpoint."""
    return _no_such_endpoint(request)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 for what no view answers: JSON under /api/, the usual page elsewhere."""
    if request.path.startswith("/api/"):
        return _no_such_endpoint(request)
    return page_not_found(request, exception)
