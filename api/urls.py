from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("sources", views.SourceViewSet, basename="source")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("attributions", views.AttributionViewSet, basename="attribution")
router.register("crosschecks", views.CrossCheckViewSet, basename="crosscheck")
router.register("reports", views.ReportViewSet, basename="report")
router.register("related-claims", views.RelatedClaimViewSet, basename="related-claim")
router.register("fact-checks", views.FactCheckViewSet, basename="fact-check")
router.register("tokens", views.TokenViewSet, basename="token")
router.register("webhooks", views.WebhookViewSet, basename="webhook")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    # The API docs are third-party pages under the site's Content-Security-Policy: Swagger UI's
    # setup script is served from its own URL (the split view), and both pages' inline <style>
    # blocks are in a file (templates/api/).
    path(
        "schema/swagger/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api/swagger_ui.html"),
        name="swagger",
    ),
    # ReDoc's bundle still injects <style> elements as it renders (styled-components) and runs
    # its search in a Web Worker made from a blob: URL: its page alone is allowed both.
    path(
        "schema/redoc/",
        csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]})(
            SpectacularRedocView.as_view(url_name="schema", template_name="api/redoc.html")
        ),
        name="redoc",
    ),
    # Last: any other path under /api/ is a JSON 404 from a view, with DEBUG on too (Django's
    # debug page would answer a 404 raised by the resolver) and without APPEND_SLASH's redirect.
    re_path(r"", views.unknown_endpoint),
]
