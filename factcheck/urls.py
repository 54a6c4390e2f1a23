from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.forms import LoginForm
from api import pages as api_pages
from factcheck.favicon import favicon
from factcheck.health import healthz, readyz
from factcheck.metrics import metrics

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
    path("favicon.ico", favicon),
    path("favicon.svg", favicon, name="favicon"),
    path("", include("claims.urls")),
    path("sources/", include("sources.urls")),
    path("tokens/", api_pages.token_page, name="token_list"),
    path("tokens/<int:pk>/revoke/", api_pages.token_revoke_button, name="token_revoke"),
    path(
        "accounts/login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
]

# The API answers its own 404s (unknown paths included) with its JSON error body.
handler404 = "api.views.not_found"
# A dependency's outage answers 503 with Retry-After (JSON under /api/), anything else 500.
handler500 = "api.exceptions.server_error"
