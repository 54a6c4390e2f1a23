"""The article page: its text with its claims marked, and the form that adds a missing
attribution quoted from the text (a selection, with the script; its words, without)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from claims.forms import ArticleAttributionForm, CrossCheckQueueForm
from claims.highlights import claim_spans, segments
from claims.models import Article
from claims.selectors import article_for_page
from claims.services.attributions import attribution_add_quoted
from claims.services.versions import claim_at_version, claim_version
from claims.views import REFRESH_SECONDS
from factcheck.exceptions import ApplicationError, NotAllowed, StateConflict
from factcheck.pages import button, page


def _article(pk: int) -> Article:
    article = article_for_page(pk=pk)
    if article is None:
        raise Http404("No such article.")
    return article


def _page(
    request: HttpRequest, article: Article, form: ArticleAttributionForm, *, status: int = 200
) -> HttpResponse:
    claims = list(article.claims.all())
    pending = any(claim.crosschecks.all() for claim in claims)
    context = {
        "article": article,
        "segments": segments(article.body, claim_spans(claims)),
        "queue_form": CrossCheckQueueForm(),
        "attribution_form": form,
        "versions": [(claim.pk, claim_version(claim)) for claim in claims],
        "refresh_seconds": REFRESH_SECONDS if pending and not form.is_bound else None,
    }
    return render(request, "claims/article_detail.html", context, status=status)


@page("claims.view_article")
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(pk)
    return _page(request, article, ArticleAttributionForm(claims=list(article.claims.all())))


@button("claims.add_attribution")
def article_attribution_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add the attribution and go back to the claim's row, or show the page again with the
    form's errors (400), or the refusal (403 for a role, 409 for the claim's state)."""
    article = _article(pk)
    claims = list(article.claims.all())
    form = ArticleAttributionForm(request.POST, claims=claims)
    status = 400
    if form.is_valid():
        fields = form.cleaned_data
        claim = next(claim for claim in claims if claim.pk == fields["claim"])
        try:
            with claim_at_version(claim=claim, version=fields["version"]) as current:
                added = attribution_add_quoted(
                    claim=current,
                    source_text=fields["source_text"],
                    source_start=fields["source_start"],
                    source_name=fields["source"].strip(),
                    role=fields["role"],
                    stance=fields["stance"],
                    cue=fields["cue"],
                    by=request.user,
                )
        except ApplicationError as error:
            form.refuse(error)
            if isinstance(error, NotAllowed):
                status = 403
            elif isinstance(error, StateConflict):
                status = 409
        else:
            messages.success(
                request, f"Claim {claim.pk} attributed to {added.source.name} as {added.role}."
            )
            return redirect(reverse("article_detail", args=[pk]) + f"#claim-{claim.pk}")
    return _page(request, article, form, status=status)
