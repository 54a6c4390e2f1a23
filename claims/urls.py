"""The editorial pages: articles, claims, and the buttons that act on them (POST only)."""

from __future__ import annotations

from django.urls import path

from claims import (
    article_views,
    claim_forms_views,
    fact_check_pages,
    list_views,
    source_pages,
    views,
)

urlpatterns = [
    path("", views.home, name="home"),
    path("claims/", list_views.claim_list_page, name="claim_list"),
    path(
        "claims/crosschecks/",
        list_views.claim_bulk_crosscheck_queue,
        name="claim_bulk_crosscheck_queue",
    ),
    path("claims/status/", list_views.claim_bulk_status, name="claim_bulk_status"),
    path("claims/assignee/", list_views.claim_bulk_assign, name="claim_bulk_assign"),
    # Public, no login: the page each ClaimReview's `url` names (claimreview.FACT_CHECK_PATH).
    path("fact-checks/", fact_check_pages.fact_check_list_page, name="fact_check_list"),
    path(
        "fact-checks/<int:pk>/", fact_check_pages.fact_check_detail_page, name="fact_check_detail"
    ),
    path("articles/new/", views.article_ingest, name="article_ingest"),
    path("articles/<int:pk>/", article_views.article_detail, name="article_detail"),
    path(
        "articles/<int:pk>/attributions/",
        article_views.article_attribution_add,
        name="article_attribution_add",
    ),
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
    path("claims/<int:pk>/rate/", claim_forms_views.claim_rate_form, name="claim_rate"),
    path("claims/<int:pk>/publish/", claim_forms_views.claim_publish_form, name="claim_publish"),
    path("claims/<int:pk>/retract/", claim_forms_views.claim_retract_form, name="claim_retract"),
    path("claims/<int:pk>/edit/", claim_forms_views.claim_edit_form, name="claim_edit"),
    path(
        "claims/<int:pk>/attributions/",
        claim_forms_views.attribution_add_form,
        name="attribution_add",
    ),
    path(
        "claims/<int:pk>/attributions/<int:attribution_pk>/",
        claim_forms_views.attribution_edit_form,
        name="attribution_edit",
    ),
    path(
        "claims/<int:pk>/attributions/<int:attribution_pk>/delete/",
        claim_forms_views.attribution_delete_form,
        name="attribution_delete",
    ),
    path("claims/<int:pk>/split/", views.claim_question_split, name="claim_question_split"),
    path(
        "claims/<int:pk>/related/<int:related_pk>/",
        views.claim_related_decide,
        name="claim_related_decide",
    ),
    # A source's page and buttons, beside the list of sources (sources/urls.py): they show and
    # change its claims and CrossChecks.
    path("sources/<int:pk>/", source_pages.source_detail, name="source_detail"),
    path("sources/<int:pk>/confirm/", source_pages.source_confirm_button, name="source_confirm"),
    path("sources/<int:pk>/merge/", source_pages.source_merge_button, name="source_merge"),
    path("sources/<int:pk>/reject/", source_pages.source_reject_button, name="source_reject"),
    path(
        "sources/<int:pk>/crosschecks/",
        source_pages.source_crosscheck_queue,
        name="source_crosscheck_queue",
    ),
    path(
        "sources/<int:pk>/crosschecks/<int:check_pk>/cancel/",
        source_pages.source_crosscheck_cancel,
        name="source_crosscheck_cancel",
    ),
]
