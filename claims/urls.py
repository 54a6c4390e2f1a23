"""The editorial pages: articles, claims, and the buttons that act on them (POST only)."""

from __future__ import annotations

from django.urls import path

from claims import views

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/new/", views.article_ingest, name="article_ingest"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path(
        "articles/<int:pk>/crosschecks/",
        views.article_crosscheck_queue,
        name="article_crosscheck_queue",
    ),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path(
        "claims/<int:pk>/crosschecks/", views.claim_crosscheck_queue, name="claim_crosscheck_queue"
    ),
    path(
        "claims/<int:pk>/crosschecks/<int:check_pk>/cancel/",
        views.claim_crosscheck_cancel,
        name="claim_crosscheck_cancel",
    ),
    path("claims/<int:pk>/split/", views.claim_question_split, name="claim_question_split"),
    path(
        "claims/<int:pk>/related/<int:related_pk>/",
        views.claim_related_decide,
        name="claim_related_decide",
    ),
]
