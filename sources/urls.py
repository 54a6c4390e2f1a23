"""The list of sources. A source's page and its buttons show and change claims' data: they are
routed with the claims' pages (claims/urls.py)."""

from __future__ import annotations

from django.urls import path

from sources import views

urlpatterns = [
    path("", views.source_list, name="source_list"),
]
