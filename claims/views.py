from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from claims.selectors import claim_list

CLAIMS_PER_PAGE = 50


@login_required
@permission_required("claims.view_claim", raise_exception=True)
def home(request: HttpRequest) -> HttpResponse:
    page = Paginator(claim_list(), CLAIMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "claims/home.html", {"page": page})
