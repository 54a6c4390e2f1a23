"""The source pages, and the buttons that act on a source (POST only)."""

from __future__ import annotations

from django.urls import path

from sources import views

urlpatterns = [
    path("", views.source_list, name="source_list"),
    path("<int:pk>/", views.source_detail, name="source_detail"),
    path("<int:pk>/confirm/", views.source_confirm_button, name="source_confirm"),
    path("<int:pk>/merge/", views.source_merge_button, name="source_merge"),
    path("<int:pk>/crosschecks/", views.source_crosscheck_queue, name="source_crosscheck_queue"),
    path(
        "<int:pk>/crosschecks/<int:check_pk>/cancel/",
        views.source_crosscheck_cancel,
        name="source_crosscheck_cancel",
    ),
]
