"""The appearance CrossCheck keeps snapshots of where a claim appeared and flags link rot and
stealth edits; pages come from a local HTTP server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from claims.models import AppearanceSnapshot, CrossCheckKind, CrossCheckStatus
from claims.services.crosscheck_runs import crosscheck_run
from tests.factories import AppearanceFactory, ArticleFactory, ClaimFactory, CrossCheckFactory
from tests.pages import Page, Pages, serve_pages
from tests.processes import free_port

pytestmark = pytest.mark.django_db

QUOTE = "Eight people were injured in the attack on Monday night."


def article_page(paragraph: str) -> Page:
    html = (
        "<html><body><nav>Home | World</nav><article><h1>Strike on Kyiv</h1>"
        f"<p>According to Tymur Tkachenko, {paragraph}</p><p>Rescue work continues.</p>"
        "</article><footer>(c) 2026</footer></body></html>"
    )
    return Page(html.encode())


@pytest.fixture
def pages() -> Iterator[Pages]:
    with serve_pages() as served:
        yield served


def check_appearances(claim, **fields):
    check = CrossCheckFactory(claim=claim, kind=CrossCheckKind.APPEARANCE, **fields)
    return crosscheck_run(crosscheck_id=check.pk)


def test_a_quote_still_on_its_page_is_snapshotted_with_its_text_hash_and_status(pages) -> None:
    pages.routes["/strike"] = article_page(
        "eight people were injured in the attack on Monday night."
    )
    claim = ClaimFactory(text=QUOTE, article=ArticleFactory(url=pages.url("/strike")))
    check = check_appearances(claim)
    assert check.status == CrossCheckStatus.SUCCEEDED
    snapshot = AppearanceSnapshot.objects.get()
    assert (snapshot.http_status, snapshot.quote_found, snapshot.link_rot) == (200, True, False)
    assert "Rescue work continues." in snapshot.text and "Home | World" not in snapshot.text
    assert len(snapshot.sha256) == 64
    assert check.result["urls"][0]["quote_found"] is True


def test_every_url_where_the_claim_appeared_is_one_step_of_progress(pages) -> None:
    pages.routes["/strike"] = article_page(QUOTE)
    pages.routes["/syndicated"] = article_page(QUOTE)
    claim = ClaimFactory(text=QUOTE, article=ArticleFactory(url=pages.url("/strike")))
    AppearanceFactory(claim=claim, url=pages.url("/syndicated"))
    check = check_appearances(claim)
    assert (check.progress_done, check.progress_total) == (2, 2)
    assert claim.appearances.count() == 2  # the article's URL became an appearance too


def test_a_quote_that_vanished_since_the_last_snapshot_is_a_stealth_edit_with_its_diff(
    pages,
) -> None:
    pages.routes["/strike"] = article_page(QUOTE)
    claim = ClaimFactory(text=QUOTE, article=ArticleFactory(url=pages.url("/strike")))
    check_appearances(claim)
    pages.routes["/strike"] = article_page("two people were lightly hurt on Monday night.")
    check = check_appearances(claim)
    latest = AppearanceSnapshot.objects.latest()
    assert (latest.quote_found, latest.stealth_edit, latest.link_rot) == (False, True, False)
    assert f"-According to Tymur Tkachenko, {QUOTE}" in latest.diff
    assert "+According to Tymur Tkachenko, two people were lightly hurt" in latest.diff
    assert check.result["stealth_edits"] == 1


def test_an_unchanged_page_is_no_stealth_edit_and_has_no_diff(pages) -> None:
    pages.routes["/strike"] = article_page(QUOTE)
    claim = ClaimFactory(text=QUOTE, article=ArticleFactory(url=pages.url("/strike")))
    check_appearances(claim)
    check_appearances(claim)
    latest = AppearanceSnapshot.objects.latest()
    assert (latest.stealth_edit, latest.diff) == (False, "")


@pytest.mark.parametrize("status", [404, 410, 500])
def test_a_page_answering_an_error_is_link_rot(pages, status) -> None:
    pages.routes["/strike"] = Page(b"gone", status=status)
    claim = ClaimFactory(text=QUOTE, article=ArticleFactory(url=pages.url("/strike")))
    check = check_appearances(claim)
    snapshot = AppearanceSnapshot.objects.get()
    assert (snapshot.link_rot, snapshot.http_status, snapshot.error) == (
        True,
        status,
        f"HTTP {status}",
    )
    assert check.result["link_rot"] == 1


def test_an_unreachable_page_is_retried_and_is_link_rot_at_the_last_attempt() -> None:
    url = f"http://127.0.0.1:{free_port()}/strike"  # nothing listens there
    claim = ClaimFactory(text=QUOTE, article=ArticleFactory(url=url))
    first = check_appearances(claim, max_attempts=2)
    assert first.status == CrossCheckStatus.QUEUED  # waiting for its retry
    assert not AppearanceSnapshot.objects.exists()
    first.next_attempt_at = None
    first.save()
    last = crosscheck_run(crosscheck_id=first.pk)
    assert last is not None and last.status == CrossCheckStatus.SUCCEEDED
    snapshot = AppearanceSnapshot.objects.get()
    assert (snapshot.link_rot, snapshot.http_status) == (True, None)
    # The first attempt was retried on the same error the last one recorded.
    assert last.attempt_log.first().error == f"FetchError: {snapshot.error}"
