"""The workbench's icon (ours: a tick on blue), served at /favicon.ico too, where browsers ask
for it on every page, the admin's included."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponse(render_to_string("favicon.svg"), content_type="image/svg+xml")
