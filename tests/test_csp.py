"""The Content-Security-Policy (django-csp, factcheck/settings/base.py): every page of ours sends
it, and none carries what it would block (an inline script, a <style> block, a style attribute),
so that the browser tests' CSP listener (tests/browser/) has nothing to report. Of the API docs,
third-party pages, ReDoc alone is allowed the styles its bundle injects and its search worker."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from accounts.roles import EDITOR, REVIEWER
from claims.models import CrossCheckKind
from tests.conftest import page_client
from tests.factories import AttributionFactory, CrossCheckFactory, published_claim

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


class _InlineCode(HTMLParser):
    """Collects what a `script-src 'self'; style-src 'self'` policy blocks: script elements
    without `src` that are not data blocks, <style> elements, style attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if "style" in names:
            self.found.append(f"<{tag} style=...>")
        if tag == "style":
            self.found.append("<style>")
        if tag == "script" and "src" not in names and names.get("type") != "application/ld+json":
            self.found.append("<script> inline")


def _inline_code(html: str) -> list[str]:
    parser = _InlineCode()
    parser.feed(html)
    return parser.found


def _policy(header: str) -> dict[str, str]:
    """The header's directives: {"img-src": "'self' data:", ...}."""
    directives = (part.partition(" ") for part in re.split(r";\s*", header.strip()) if part)
    return {name: value for name, _, value in directives}


def _pages() -> dict[str, str]:
    """Every page of ours, with data on it (a check under way makes the claim page reload)."""
    attribution = AttributionFactory()
    claim = attribution.claim
    CrossCheckFactory(claim=claim, kind=CrossCheckKind.CORROBORATION)
    published = published_claim()
    return {
        "dashboard": "/",
        "claims": "/claims/",
        "ingest": "/articles/new/",
        "article": f"/articles/{claim.article_id}/",
        "claim": f"/claims/{claim.pk}/",
        "sources": "/sources/",
        "proposed sources": "/sources/?status=proposed",
        "source": f"/sources/{attribution.source_id}/",
        "tokens": "/tokens/",
        "public fact-checks": "/fact-checks/",
        "public fact-check": f"/fact-checks/{published.pk}/",
    }


def test_every_page_of_ours_sends_the_policy_and_carries_nothing_it_blocks() -> None:
    client = page_client(EDITOR, REVIEWER)
    for name, path in {**_pages(), "login": "/accounts/login/"}.items():
        response = (Client() if name == "login" else client).get(path)
        assert response.status_code == 200, name
        assert _policy(response["Content-Security-Policy"]) == POLICY, name
        assert _inline_code(response.text) == [], name


def test_a_page_reloading_for_a_check_does_it_with_a_script_file() -> None:
    client = page_client(EDITOR)
    claim = CrossCheckFactory(kind=CrossCheckKind.CORROBORATION).claim
    html = client.get(f"/claims/{claim.pk}/").text
    assert re.search(r'<script src="/static/refresh\.js" data-seconds="\d+" defer>', html)
    # Without script, the page still reloads: a <noscript> is not parsed as markup when
    # scripting is on, so the meta refresh (which cannot be stopped) is only the fallback.
    assert re.search(r'<noscript><meta http-equiv="refresh" content="\d+"></noscript>', html)


@pytest.mark.django_db(transaction=True)
def test_the_outage_page_sends_the_policy_and_retries_with_a_script_file(
    request: pytest.FixtureRequest,
) -> None:
    client = page_client(EDITOR)
    client.raise_request_exception = False  # as a real server: the handler answers
    request.getfixturevalue("database_down")
    response = client.get("/")
    assert response.status_code == 503
    assert _policy(response["Content-Security-Policy"]) == POLICY
    assert _inline_code(response.text) == []
    assert '<script src="/static/refresh.js" data-seconds=' in response.text


def test_swagger_ui_is_under_the_policy_with_no_inline_code() -> None:
    response = Client().get("/api/schema/swagger/")
    assert response.status_code == 200
    assert _policy(response["Content-Security-Policy"]) == POLICY
    assert _inline_code(response.text) == []


def test_redoc_alone_is_allowed_injected_styles_and_its_search_worker() -> None:
    response = Client().get("/api/schema/redoc/")
    assert response.status_code == 200
    assert _policy(response["Content-Security-Policy"]) == {
        **POLICY,
        "style-src": "'self' 'unsafe-inline'",
        "worker-src": "blob:",
    }
    assert _inline_code(response.text) == []
    # Its template's Google Fonts are left out: the pages load nothing from elsewhere.
    assert "googleapis" not in response.text


def test_swagger_ui_loads_its_setup_as_a_script_file() -> None:
    response = Client().get("/api/schema/swagger/?script=")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in response.text
