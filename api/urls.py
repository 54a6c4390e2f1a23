from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
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
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("schema/swagger/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger"),
    path("schema/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
]
