"""The public fact-check pages: what the newsroom published, readable by anyone without a login.

Each page shows a claim's current revision (claims.models.Publication) as it went out, never the
draft editors are working on: a re-rating shows only once a reviewer publishes it again. A
retracted fact-check answers 410 Gone with the retraction's reason.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from claims.claimreview import claim_review_script
from claims.models import PublicationStatus
from claims.selectors import fact_check_page, published_fact_checks

FACT_CHECKS_PER_PAGE = 20


@require_safe
def fact_check_list_page(request: HttpRequest) -> HttpResponse:
    listed = Paginator(published_fact_checks(), FACT_CHECKS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "claims/fact_check_list.html",
        {"page": listed, "newsroom_name": settings.FACTCHECK_NEWSROOM_NAME},
    )


@require_safe
def fact_check_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    publication = fact_check_page(claim_id=pk)
    if publication is None:
        raise Http404("No fact-check of this claim has been published.")
    if publication.status == PublicationStatus.RETRACTED:
        return render(
            request,
            "claims/fact_check_retracted.html",
            {"publication": publication, "newsroom_name": settings.FACTCHECK_NEWSROOM_NAME},
            status=410,
        )
    review = publication.claim_review or {}
    item = review.get("itemReviewed", {})
    context = {
        "publication": publication,
        "newsroom_name": settings.FACTCHECK_NEWSROOM_NAME,
        "review": review,
        "claimant": item.get("author"),
        "appearance": item.get("firstAppearance"),
        "claim_review_script": claim_review_script(review),
    }
    return render(request, "claims/fact_check_detail.html", context)
