"""An editor's and a reviewer's day in a real Chromium: paste an article, see its claims marked
in the text, open a claim and its chain, rate it, publish it; and the pages at phone width
(390 px) without sideways scrolling. Screenshots of each step: tests/browser/conftest.py."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.roles import EDITOR, REVIEWER, VIEWER
from claims.models import Claim, ClaimStatus
from tests.claims.test_views import ARTICLE_TEXT
from tests.factories import AttributionFactory, SourceFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
PHONE = {"width": 390, "height": 844}


def _log_in(browser: Any, base: str, username: str, **context: Any) -> Any:
    page = browser.new_context(**context).new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")
    return page


def test_an_editor_ingests_and_a_reviewer_rates_and_publishes(
    live_server: Any, browser: Any, screenshot: Any
) -> None:
    UserFactory(username="eddie", roles=[EDITOR])
    UserFactory(username="rita", roles=[REVIEWER])
    base = live_server.url

    editor = _log_in(browser, base, "eddie")
    editor.get_by_role("navigation").get_by_role("link", name="Ingest an article").click()
    editor.get_by_label("Text").fill(ARTICLE_TEXT)
    editor.get_by_label("Published on").fill("2026-12-01")
    screenshot(editor, "01-ingest-form")
    editor.get_by_role("button", name="Ingest").click()
    editor.wait_for_selector(".article-text")
    assert editor.locator(".hl-content").count() >= 1
    assert editor.locator(".hl-source").count() >= 1
    assert editor.locator(".hl-cue").count() >= 1
    screenshot(editor, "02-article-with-claims-marked")

    claim = Claim.objects.get(text__contains="Taxes will rise")
    editor.goto(f"{base}/claims/{claim.pk}/")
    assert editor.locator('svg[aria-labelledby="chain-title"]').count() == 1
    screenshot(editor, "03-claim-with-its-chain")
    assert editor.get_by_role("button", name="Save the verdict").count() == 0

    reviewer = _log_in(browser, base, "rita")
    reviewer.goto(f"{base}/claims/{claim.pk}/")
    reviewer.get_by_label("Verdict", exact=True).select_option("mostly_false")
    reviewer.get_by_label("Credibility", exact=True).select_option("4")
    reviewer.get_by_label("Rationale", exact=True).fill(
        "The tax plan published on Tuesday says otherwise."
    )
    reviewer.get_by_role("button", name="Save the verdict").click()
    reviewer.wait_for_selector("text=Rated mostly false.")
    screenshot(reviewer, "04-claim-rated")

    # The claimant is a proposed source: confirmed first, from its page, as the service asks.
    originator = claim.attributions.get(role="originator").source
    reviewer.goto(f"{base}/sources/{originator.pk}/")
    reviewer.get_by_label("Grade", exact=True).select_option("B")
    reviewer.get_by_role("button", name="Confirm with this grade").click()
    reviewer.wait_for_selector("text=confirmed, graded B")
    screenshot(reviewer, "05-source-confirmed")

    reviewer.goto(f"{base}/claims/{claim.pk}/")
    reviewer.get_by_role("button", name="Publish the verdict").click()
    reviewer.wait_for_selector("text=Published: the public fact-check shows this verdict.")
    screenshot(reviewer, "06-claim-published")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PUBLISHED


def test_a_stale_tab_is_told_who_changed_the_claim(live_server: Any, browser: Any) -> None:
    UserFactory(username="rita", roles=[REVIEWER])
    claim = AttributionFactory().claim
    base = live_server.url
    tab_a = _log_in(browser, base, "rita")
    tab_b = tab_a.context.new_page()
    for tab in (tab_a, tab_b):
        tab.goto(f"{base}/claims/{claim.pk}/")
    for tab, verdict in ((tab_a, "true"), (tab_b, "false")):
        tab.get_by_label("Verdict", exact=True).select_option(verdict)
        tab.get_by_label("Rationale", exact=True).fill(f"Tab says {verdict}.")
        tab.get_by_role("button", name="Save the verdict").click()
    tab_b.wait_for_selector("text=since you opened it")
    claim.refresh_from_db()
    assert claim.verdict == "true"


@pytest.mark.parametrize(
    "name", ["home", "claims", "ingest", "article", "claim", "sources", "source"]
)
def test_pages_at_phone_width_do_not_scroll_sideways(
    live_server: Any, browser: Any, screenshot: Any, name: str
) -> None:
    UserFactory(username="rita", roles=[REVIEWER, EDITOR, VIEWER])
    attribution = AttributionFactory(
        source=SourceFactory(name="The Ministry of Finance of a Long-Named Republic")
    )
    claim = attribution.claim
    claim.article.body = ARTICLE_TEXT * 3
    claim.article.url = "https://example.org/" + "a-very-long-path-segment-" * 6
    claim.article.save()
    paths = {
        "home": "/",
        "claims": "/claims/",
        "ingest": "/articles/new/",
        "article": f"/articles/{claim.article_id}/",
        "claim": f"/claims/{claim.pk}/",
        "sources": "/sources/",
        "source": f"/sources/{attribution.source_id}/",
    }
    page = _log_in(browser, live_server.url, "rita", viewport=PHONE)
    page.goto(live_server.url + paths[name])
    screenshot(page, f"phone-{name}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{paths[name]} scrolls {overflow}px sideways at 390 px"
