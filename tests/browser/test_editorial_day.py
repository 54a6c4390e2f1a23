"""An editor's and a reviewer's day in a real Chromium, as a story: paste an article, see its
claims marked in the text, fix an attribution, confirm a proposed source, open a relayed
statement and its chain, queue a check and watch it finish; then a reviewer rates and publishes,
and the public page carries its ClaimReview. Then the pages at phone widths (390 and 360 px)
and on a wide screen without sideways scrolling, an action done by keyboard alone, the pages
the story does not pass through, and the admin and API docs under the policy. Every page looked
at is screenshotted, checked by axe-core and held to the Content-Security-Policy
(tests/browser/conftest.py)."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from accounts.roles import EDITOR, REVIEWER, VIEWER
from claims.models import Claim, ClaimStatus, CrossCheckKind, CrossCheckStatus, Verdict
from claims.services.publications import claim_retract
from sources.models import SourceStatus
from tests.browser.conftest import Tabs
from tests.claims.test_views import ARTICLE_TEXT
from tests.factories import AttributionFactory, SourceFactory, UserFactory, published_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
# The relayed statement is the one whose chain is drawn: TASS passes on a Kremlin aide.
ARTICLE = (
    "Budget row deepens in the capital\n"
    "The finance minister said the deficit would double next year, a forecast that surprised "
    "economists.\n"
    "TASS, citing a Kremlin aide, said the talks would resume in March.\n"
    "“Taxes will rise,” Maria Lopez said on Monday."
)
# How long a page may take to show what a worker did (it reloads itself every 3 s meanwhile).
WORKER_WAIT_MS = 60_000


def _log_in(tabs: Tabs, base: str, username: str, **context: Any) -> Any:
    page = tabs.new(**context)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")
    return page


def _message(page: Any, text: str) -> None:
    page.locator(".messages").get_by_text(text).wait_for()


@pytest.fixture
def worker(request: pytest.FixtureRequest) -> None:
    """With REDIS_URL set, checks go through Redis to a real Celery worker, as in production;
    without it, Celery runs them eagerly in the request that queues them."""
    if os.environ.get("REDIS_URL"):
        request.getfixturevalue("celery_worker_on_redis")


def test_an_editorial_day_from_a_pasted_article_to_its_public_fact_check(
    live_server: Any, tabs: Tabs, worker: None
) -> None:
    UserFactory(username="eddie", roles=[EDITOR])
    UserFactory(username="rita", roles=[REVIEWER])
    SourceFactory(name="Ministry of Finance")
    base = live_server.url

    # An editor logs in and lands on the dashboard.
    editor = _log_in(tabs, base, "eddie")
    tabs.look(editor, "01-editor-dashboard")

    # They paste an article with its outlet, date and URL.
    editor.get_by_role("navigation").get_by_role("link", name="Ingest an article").click()
    editor.get_by_label("Text").fill(ARTICLE)
    editor.get_by_label("Its URL").fill("https://news.example.org/budget-row")
    editor.get_by_label("Outlet").fill("The Daily Example")
    editor.get_by_label("Published on").fill("2026-12-01")
    tabs.look(editor, "02-ingest-form")
    editor.get_by_role("button", name="Ingest").click()

    # The article shows its claims marked: source, cue and content each drawn its own way,
    # beside a legend that names them.
    editor.wait_for_selector(".article-text")
    text = editor.locator(".article-text")
    for kind in ("source", "cue", "content"):
        assert text.locator(f".hl-{kind}").count() >= 3, kind
    styles = editor.evaluate(
        """() => ["source", "cue", "content"].map((kind) => {
          const style = getComputedStyle(document.querySelector(`.article-text .hl-${kind}`));
          return [style.fontWeight, style.fontStyle, style.backgroundColor, style.outlineStyle]
            .join(" ");
        })"""
    )
    assert len(set(styles)) == 3, styles
    legend = editor.get_by_label("Legend")
    assert [legend.locator("dt").nth(i).inner_text() for i in range(3)] == [
        "claim",
        "source",
        "cue",
    ]
    assert "The Daily Example" in editor.locator("main > p.muted").first.inner_text()
    tabs.look(editor, "03-article-with-claims-marked")
    article_url = editor.url

    # They fix one attribution: "the finance minister" is the Ministry of Finance.
    editor.locator("main table").get_by_role("link", name="the deficit would double").click()
    edit = editor.locator("details").filter(has_text="Edit the attribution to finance minister")
    edit.get_by_text("Edit the attribution to finance minister").click()
    edit.get_by_label("Source", exact=True).fill("Ministry of Finance")
    edit.get_by_role("button", name="Save the attribution").click()
    _message(editor, "Attribution to Ministry of Finance saved.")
    tabs.look(editor, "04-attribution-fixed")

    # They confirm a source the extractor proposed, from the list of those awaiting review.
    editor.get_by_role("navigation").get_by_role("link", name="Sources").click()
    editor.get_by_role("link", name="Review the proposed sources").click()
    tabs.look(editor, "05-proposed-sources")
    editor.locator("main table").get_by_role("link", name="Maria Lopez").click()
    editor.get_by_label("Grade", exact=True).select_option("B")
    editor.get_by_role("button", name="Confirm with this grade").click()
    _message(editor, "Maria Lopez: confirmed, graded B")
    tabs.look(editor, "06-source-confirmed")

    # They open the relayed statement: its chain is drawn, the Kremlin aide relayed by TASS,
    # and the table of its sources says the same in words.
    editor.goto(article_url)
    editor.locator("main table").get_by_role("link", name="the talks would resume").click()
    chain = editor.locator('svg[aria-labelledby="chain-title"]')
    assert "Kremlin aide" in chain.locator(".node-originator text.label").text_content()
    assert chain.locator(".node-relay text.label").text_content() == "TASS"
    assert chain.locator(".node-article").count() == 1
    sources = editor.locator("main table").first
    for name, role in (("TASS", "relay"), ("Kremlin aide", "originator")):
        row = sources.get_by_role("row").filter(has_text=name)
        assert row.locator("td.role").text_content().lower().startswith(role), name
    tabs.look(editor, "07-relayed-claim-with-its-chain")

    # They queue a corroboration check on Maria Lopez's claim and watch it finish: the page
    # reloads itself while the check is queued or running.
    claim = Claim.objects.get(text__contains="Taxes will rise")
    editor.goto(f"{base}/claims/{claim.pk}/")
    editor.get_by_label("Kind").select_option(CrossCheckKind.CORROBORATION)
    editor.get_by_role("button", name="Queue a check").click()
    _message(editor, "queued")
    check = claim.crosschecks.filter(kind=CrossCheckKind.CORROBORATION).latest("pk")
    tabs.look(editor, "08-check-queued")
    # The page reloads until no check of the claim is queued or running (others may run beside
    # it: the refreshes its earlier changes queued); then its row says how it ended.
    editor.get_by_text("A check is queued or running").wait_for(
        state="detached", timeout=WORKER_WAIT_MS
    )
    row = editor.locator(f"#crosscheck-{check.pk}")
    assert "Succeeded" in row.inner_text()
    check.refresh_from_db()
    assert check.status == CrossCheckStatus.SUCCEEDED
    assert f"{check.progress_done} of {check.progress_total}" in row.inner_text()
    tabs.look(editor, "09-check-finished")

    # A reviewer rates the claim (verdict, rationale, credibility) and publishes it.
    reviewer = _log_in(tabs, base, "rita")
    reviewer.goto(f"{base}/claims/{claim.pk}/")
    reviewer.get_by_label("Verdict", exact=True).select_option(Verdict.MOSTLY_FALSE)
    reviewer.get_by_label("Credibility", exact=True).select_option("4")
    reviewer.get_by_label("Rationale", exact=True).fill(
        "The tax plan published on Tuesday says otherwise."
    )
    reviewer.get_by_role("button", name="Save the verdict").click()
    _message(reviewer, "Rated mostly false.")
    tabs.look(reviewer, "10-claim-rated")
    reviewer.get_by_role("button", name="Publish the verdict").click()
    _message(reviewer, "Published: the public fact-check shows this verdict.")
    tabs.look(reviewer, "11-claim-published")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PUBLISHED

    # Anyone, logged in or not, finds it among the public fact-checks, with its ClaimReview.
    reader = tabs.new()
    reader.goto(f"{base}/fact-checks/")
    tabs.look(reader, "12-public-fact-checks")
    reader.get_by_role("link", name="Taxes will rise").click()
    reader.wait_for_url(f"{base}/fact-checks/{claim.pk}/")
    review = json.loads(reader.locator('script[type="application/ld+json"]').text_content())
    assert review["@type"] == "ClaimReview"
    assert "Taxes will rise" in review["claimReviewed"]
    assert review["reviewRating"]["alternateName"] == "Mostly false"
    assert review["url"] == reader.url
    tabs.look(reader, "13-public-fact-check")


@pytest.mark.parametrize("width", [390, 360, 1920])
def test_pages_from_phone_width_to_a_wide_screen_do_not_scroll_sideways(
    live_server: Any, tabs: Tabs, width: int
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
        "tokens": "/tokens/",
    }
    page = _log_in(tabs, live_server.url, "rita", viewport={"width": width, "height": 800})
    for name, path in paths.items():
        page.goto(live_server.url + path)
        tabs.look(page, f"{width}px-{name}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls {overflow}px sideways at {width} px"


def test_a_reviewer_publishes_by_keyboard_alone_seeing_where_the_focus_is(
    live_server: Any, tabs: Tabs
) -> None:
    UserFactory(username="rita", roles=[REVIEWER])
    claim = AttributionFactory(
        claim__verdict=Verdict.FALSE, claim__verdict_rationale="The record says otherwise."
    ).claim
    page = _log_in(tabs, live_server.url, "rita")
    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    # Tab through the page from its top: each control that takes the focus shows it.
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
              const element = document.activeElement;
              const style = getComputedStyle(element);
              const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
              return {text: element.innerText || element.name || element.tagName, outline};
            }"""
        )
        assert focused["outline"], f"no visible focus on {focused['text']!r}"
        if focused["text"] == "Publish the verdict":
            break
    else:
        pytest.fail("the Publish button is not reached by Tab")
    tabs.look(page, "keyboard-publish-focused")
    page.keyboard.press("Enter")
    _message(page, "Published: the public fact-check shows this verdict.")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PUBLISHED


def test_the_pages_the_story_skips_pass_axe_and_the_policy(live_server: Any, tabs: Tabs) -> None:
    UserFactory(username="eddie", roles=[EDITOR])
    AttributionFactory(source=SourceFactory(status=SourceStatus.PROPOSED))
    base = live_server.url
    login = tabs.new()
    login.goto(f"{base}/accounts/login/")
    tabs.look(login, "login")
    login.get_by_label("Username").fill("eddie")
    login.get_by_label("Password").fill("not the password")
    login.get_by_role("button", name="Log in").click()
    tabs.look(login, "login-refused")

    page = _log_in(tabs, base, "eddie")
    page.goto(f"{base}/claims/")
    tabs.look(page, "claims")
    page.goto(f"{base}/tokens/")
    page.get_by_label("Name").fill("laptop")
    page.get_by_role("button", name="Create a token").click()
    tabs.look(page, "tokens-with-a-new-secret")

    retracted = claim_retract(
        claim=published_claim(), by=None, reason="The figure was the ministry's, not hers."
    )
    reader = tabs.new()
    reader.goto(f"{base}/fact-checks/{retracted.pk}/")
    reader.get_by_text("The figure was the ministry's, not hers.").wait_for()
    tabs.look(reader, "public-fact-check-retracted")


def test_the_policy_blocks_an_injected_inline_script_and_the_tests_see_it(
    live_server: Any, tabs: Tabs
) -> None:
    page = tabs.new()
    page.goto(f"{live_server.url}/accounts/login/")
    with page.expect_console_message(lambda message: "script-src" in message.text):
        page.evaluate(
            """() => {
              const script = document.createElement("script");
              script.textContent = "window.injected = true;";
              document.body.append(script);
            }"""
        )
    assert any("script-src" in error for error in tabs.csp_errors), tabs.csp_errors
    assert page.evaluate("() => window.injected") is None
    tabs.csp_errors.clear()


def test_the_api_docs_work_under_their_policy(live_server: Any, tabs: Tabs) -> None:
    page = tabs.new()
    page.goto(f"{live_server.url}/api/schema/swagger/")
    page.locator(".swagger-ui .info").get_by_text("Fact-checking workbench API").wait_for()
    assert page.locator(".swagger-ui .opblock").count() > 10
    assert not tabs.csp_errors, "\n".join(tabs.csp_errors)

    page.goto(f"{live_server.url}/api/schema/redoc/")
    page.locator("redoc h1").get_by_text("Fact-checking workbench API").wait_for()
    # ReDoc's footer fetches the Redocly logo from its CDN: the policy blocks it, as it should
    # (the page loads nothing from elsewhere), and ReDoc drops the image. Nothing else is blocked.
    blocked = [error for error in tabs.csp_errors if "cdn.redoc.ly" not in error]
    assert not blocked, "\n".join(blocked)
    tabs.csp_errors.clear()


def test_the_admin_works_under_the_policy(live_server: Any, tabs: Tabs) -> None:
    UserFactory(username="ada", is_staff=True, is_superuser=True)
    claim = AttributionFactory().claim
    page = _log_in(tabs, live_server.url, "ada")
    page.goto(f"{live_server.url}/admin/claims/claim/")
    page.locator("#result_list").get_by_role("link", name=claim.text).click()
    page.get_by_label("Text:").wait_for()
    page.goto(f"{live_server.url}/admin/sources/source/add/")
    page.get_by_label("Name:").wait_for()


def test_a_stale_tab_is_told_who_changed_the_claim(live_server: Any, tabs: Tabs) -> None:
    UserFactory(username="rita", roles=[REVIEWER])
    claim = AttributionFactory().claim
    base = live_server.url
    tab_a = _log_in(tabs, base, "rita")
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
