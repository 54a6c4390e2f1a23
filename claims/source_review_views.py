"""The sources review page's reject button. In claims, not in sources/views.py: rejecting a
source removes claims' attributions (claims.services.source_reviews), and imports run
claims → sources."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from claims.services.source_reviews import source_reject
from claims.views import act, button
from factcheck.forms import ServiceForm
from sources.models import Source


@button("sources.change_source")
def source_reject_button(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)

    def reject() -> str:
        rejected = source_reject(source=source, by=request.user)
        return (
            f"{rejected.name}: rejected, not a source. Its attributions were removed and the "
            "name will not be proposed again."
        )

    return act(request, ServiceForm(request.POST), reject, then="source_detail", pk=source.pk)
