"""The editorial pages. Each view checks the permission, validates a form, calls one service or
selector and shapes the page; a domain refusal (ApplicationError) is shown on the page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from claims.dashboard import dashboard
from claims.forms import (
    ArticleIngestForm,
    CrossCheckQueueForm,
    RelatedClaimDecisionForm,
)
from claims.models import (
    PENDING,
    Article,
    Claim,
    Credibility,
    CrossCheck,
    CrossCheckKind,
    RelatedClaim,
    Role,
    Stance,
    Verdict,
)
from claims.pictures import relay_chain
from claims.selectors import claim_for_page
from claims.services.crosscheck_queue import (
    crosscheck_cancel,
    crosscheck_queue,
    crosscheck_queue_article,
)
from claims.services.ingest import IngestResult, ingest_article, ingest_url
from claims.services.questions import question_split
from claims.services.related import related_claim_decide
from claims.services.versions import claim_version
from factcheck.exceptions import ApplicationError
from factcheck.forms import ServiceForm
from factcheck.pages import act, button, page, plural
from sources.resolution import source_resolve

# Seconds between reloads of a claim's, an article's or a source's page while one of its
# CrossChecks is queued or running (base.html), so that editors watch checks finish without
# JavaScript.
REFRESH_SECONDS = 3


@page("claims.view_claim")
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "claims/home.html", {"dashboard": dashboard()})


@page("claims.add_article")
def article_ingest(request: HttpRequest) -> HttpResponse:
    form = ArticleIngestForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            result = _ingest(request, form.cleaned_data)
        except ApplicationError as error:
            form.refuse(error)
        else:
            messages.success(request, _ingested(result))
            return redirect("article_detail", pk=result.article.pk)
    status = 400 if form.errors else 200
    return render(request, "claims/article_ingest.html", {"form": form}, status=status)


@page("claims.add_article")
def article_ingest_too_large(request: HttpRequest, *, size: int) -> HttpResponse:
    """The ingest form, empty, saying the paste was too large to read (claims.middleware)."""
    limit = settings.FACTCHECK_MAX_ARTICLE_BYTES
    form = ArticleIngestForm(
        {},
        too_large=f"The text is too large: {size:,} bytes were sent and the limit is "
        f"{limit:,} bytes. Paste a shorter text, or give the article's URL.",
    )
    form.is_valid()
    return render(request, "claims/article_ingest.html", {"form": form}, status=413)


def _ingest(request: HttpRequest, fields: dict[str, Any]) -> IngestResult:
    if not fields["text"]:
        return ingest_url(url=fields["url"], created_by=request.user)
    outlet = source_resolve(name=fields["outlet"])[0] if fields["outlet"] else None
    return ingest_article(
        text=fields["text"],
        url=fields["url"] or None,
        outlet=outlet,
        published_at=fields["published_at"],
        created_by=request.user,
    )


def _ingested(result: IngestResult) -> str:
    if not result.created:
        return "This article was already in the workbench; nothing was changed."
    found = (
        f"Ingested: {plural(result.claims, 'claim')}, {plural(result.attributions, 'attribution')}."
    )
    if result.proposed_sources:
        found += f" Proposed for review: {', '.join(result.proposed_sources)}."
    return found


@page("claims.view_claim")
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = claim_for_page(pk=pk)
    if claim is None:
        raise Http404("No such claim.")
    pending = claim.recomputing or any(check.status in PENDING for check in claim.crosschecks.all())
    context = {
        "claim": claim,
        "version": claim_version(claim),
        "chain": relay_chain(claim),
        "verdicts": Verdict.choices,
        "credibilities": [("", "not graded"), *Credibility.choices],
        "roles": Role.choices,
        "stances": Stance.choices,
        "queue_form": CrossCheckQueueForm(),
        "refresh_seconds": REFRESH_SECONDS if pending else None,
    }
    return render(request, "claims/claim_detail.html", context)


@button("claims.add_crosscheck")
def article_crosscheck_queue(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    form = CrossCheckQueueForm(request.POST)

    def queue() -> str:
        kind = form.cleaned_data["kind"]
        checks = crosscheck_queue_article(article=article, kind=kind, requested_by=request.user)
        return f"{CrossCheckKind(kind).label}: {plural(len(checks), 'check')} queued or pending."

    return act(request, form, queue, then="article_detail", pk=article.pk)


@button("claims.add_crosscheck")
def claim_crosscheck_queue(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    form = CrossCheckQueueForm(request.POST)

    def queue() -> str:
        check = crosscheck_queue(
            kind=form.cleaned_data["kind"], claim=claim, requested_by=request.user
        )
        return f"{check.get_kind_display()} check {check.pk}: {check.get_status_display()}."

    return act(request, form, queue, then="claim_detail", pk=claim.pk)


@button("claims.change_crosscheck")
def claim_crosscheck_cancel(request: HttpRequest, pk: int, check_pk: int) -> HttpResponse:
    check = get_object_or_404(CrossCheck, pk=check_pk, claim_id=pk)
    return cancel_crosscheck(request, check, then="claim_detail", pk=pk)


def cancel_crosscheck(
    request: HttpRequest, check: CrossCheck, *, then: str, pk: int
) -> HttpResponse:
    """A cancel button's action, on a claim's or a source's CrossCheck: cancel it and go back to
    the page `then` of `pk`."""

    def cancel() -> str:
        cancelled = crosscheck_cancel(check=check, by=request.user)
        return f"{cancelled.get_kind_display()} check {cancelled.pk} cancelled."

    return act(request, ServiceForm(request.POST), cancel, then=then, pk=pk)


@button("claims.change_claim")
def claim_question_split(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)

    def split() -> str:
        claims = question_split(claim=claim, by=request.user)
        return f"Question split: {plural(len(claims), 'claim')} now stand alone."

    return act(request, ServiceForm(request.POST), split, then="claim_detail", pk=pk)


@button("claims.change_relatedclaim")
def claim_related_decide(request: HttpRequest, pk: int, related_pk: int) -> HttpResponse:
    related = get_object_or_404(RelatedClaim, pk=related_pk, claim_id=pk)
    form = RelatedClaimDecisionForm(request.POST)

    def decide() -> str:
        decided = related_claim_decide(related=related, accept=form.accepted, by=request.user)
        return f"Related claim {decided.related_id}: {decided.get_status_display().lower()}."

    return act(request, form, decide, then="claim_detail", pk=pk)
