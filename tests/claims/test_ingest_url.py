"""ingest_url: a web page in, its main text stored as an article under its outlet; refusals."""

from __future__ import annotations

import datetime

import pytest

from claims.models import Article, Attribution, Claim
from claims.services.ingest import ingest_article, ingest_url
from factcheck.exceptions import ApplicationError
from sources.models import Source, SourceKind, SourceStatus
from tests.factories import SourceFactory
from tests.pages import Page, Pages, article_html

pytestmark = pytest.mark.django_db

PARAGRAPHS = [
    "The finance minister said the deficit would double next year, a forecast that surprised "
    "economists who had expected a small surplus after two years of rising tax receipts.",
    "“Taxes will rise,” Maria Lopez said on Monday, adding that the government had no other "
    "way to close a gap that had grown by 45% since the spring.",
]
ARTICLE = article_html(
    title="Budget row deepens",
    paragraphs=PARAGRAPHS,
    site_name="The Daily Planet",
    published="2024-03-05T10:00:00Z",
)


def _nothing_stored() -> bool:
    return not (Article.objects.exists() or Claim.objects.exists() or Source.objects.exists())


def test_an_article_page_is_stored_with_its_title_date_text_and_outlet(pages: Pages) -> None:
    planet = SourceFactory(name="The Daily Planet", homepage=pages.url("/"))
    pages.routes["/budget"] = Page(ARTICLE)
    result = ingest_url(url=pages.url("/budget"))
    article = result.article
    assert result.created
    assert (article.title, article.url, article.outlet) == (
        "Budget row deepens",
        pages.url("/budget"),
        planet,
    )
    assert article.published_at == datetime.date(2024, 3, 5)
    assert article.body == "\n".join(PARAGRAPHS)
    sources = set(
        Attribution.objects.filter(claim__article=article).values_list("source__name", flat=True)
    )
    assert {"finance minister", "Maria Lopez"} <= sources
    assert "The Daily Planet" not in result.proposed_sources


def test_an_unknown_outlet_is_proposed_under_the_pages_site_name(pages: Pages) -> None:
    pages.routes["/budget"] = Page(ARTICLE)
    result = ingest_url(url=pages.url("/budget"))
    outlet = result.article.outlet
    assert (outlet.name, outlet.kind, outlet.status) == (
        "The Daily Planet",
        SourceKind.NEWS_OUTLET,
        SourceStatus.PROPOSED,
    )
    assert outlet.homepage == pages.url("/")
    assert result.proposed_sources[0] == "The Daily Planet"


def test_ingesting_the_same_url_again_changes_nothing_and_fetches_nothing(pages: Pages) -> None:
    pages.routes["/budget"] = Page(ARTICLE)
    first = ingest_url(url=pages.url("/budget"))
    counts = (Article.objects.count(), Claim.objects.count(), Source.objects.count())
    again = ingest_url(url=pages.url("/budget"))
    assert (again.created, again.article) == (False, first.article)
    assert (Article.objects.count(), Claim.objects.count(), Source.objects.count()) == counts
    assert len(pages.requests) == 1


def test_a_redirected_url_is_stored_under_the_final_url_and_found_again(pages: Pages) -> None:
    pages.routes["/short"] = Page(status=301, headers={"Location": "/budget"})
    pages.routes["/budget"] = Page(ARTICLE)
    first = ingest_url(url=pages.url("/short"))
    assert first.article.url == pages.url("/budget")
    again = ingest_url(url=pages.url("/short"))
    assert (again.created, again.article) == (False, first.article)
    assert Article.objects.count() == 1


def test_a_page_whose_text_is_already_stored_proposes_no_outlet(pages: Pages) -> None:
    ingest_article(text="\n".join(PARAGRAPHS), title="Budget row deepens")
    sources = Source.objects.count()
    pages.routes["/budget"] = Page(ARTICLE)
    result = ingest_url(url=pages.url("/budget"))
    assert not result.created
    assert Source.objects.count() == sources
    assert not Source.objects.filter(name="The Daily Planet").exists()


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (Page(b"%PDF-1.7 ...", content_type="application/pdf"), "application/pdf, not an HTML"),
        (Page(b'{"a": 1}', content_type="application/json"), "application/json, not an HTML"),
        (Page(b"<html></html>", content_type=""), "no content type, not an HTML"),
        (Page(b"gone", status=404), "HTTP status 404"),
        (Page(b"oops", status=500), "HTTP status 500"),
        (Page(b"<html><body><img src='a.png'></body></html>"), "No article text"),
    ],
    ids=["pdf", "json", "no-type", "404", "500", "no-text"],
)
def test_a_page_that_is_not_an_article_is_refused_and_nothing_is_stored(
    pages: Pages, page: Page, message: str
) -> None:
    pages.routes["/x"] = page
    with pytest.raises(ApplicationError, match=message):
        ingest_url(url=pages.url("/x"))
    assert _nothing_stored()


def test_a_slow_page_times_out(pages: Pages) -> None:
    pages.routes["/slow"] = Page(ARTICLE, delay=2.0)
    with pytest.raises(ApplicationError, match="took too long"):
        ingest_url(url=pages.url("/slow"))
    assert _nothing_stored()


@pytest.mark.parametrize("chunked", [False, True], ids=["declared", "streamed"])
def test_an_oversized_page_is_refused(pages: Pages, settings, chunked: bool) -> None:
    settings.FETCH_MAX_BYTES = 1000
    pages.routes["/big"] = Page(ARTICLE + b" " * 2000, chunked=chunked)
    with pytest.raises(ApplicationError, match="larger than the 1,000 byte limit"):
        ingest_url(url=pages.url("/big"))
    assert _nothing_stored()


@pytest.mark.parametrize(
    "url", ["http://10.0.0.1/a", "http://169.254.169.254/latest/meta-data/", "http://[::1]/"]
)
def test_private_addresses_are_refused(url: str) -> None:
    with pytest.raises(ApplicationError, match="private or reserved address"):
        ingest_url(url=url)
    assert _nothing_stored()


def test_the_local_server_is_refused_when_settings_do_not_allow_it(pages: Pages, settings) -> None:
    settings.FETCH_ALLOWED_NETWORKS = []
    pages.routes["/budget"] = Page(ARTICLE)
    with pytest.raises(ApplicationError, match=r"127\.0\.0\.1 is a private"):
        ingest_url(url=pages.url("/budget"))
    assert not pages.requests


def test_a_redirect_to_a_private_address_is_refused(pages: Pages) -> None:
    pages.routes["/hop"] = Page(status=302, headers={"Location": "http://169.254.169.254/"})
    with pytest.raises(ApplicationError, match=r"169\.254\.169\.254 is a private"):
        ingest_url(url=pages.url("/hop"))
    assert _nothing_stored()


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a", "not a url"])
def test_only_web_urls_are_fetched(url: str) -> None:
    with pytest.raises(ApplicationError, match="only http and https"):
        ingest_url(url=url)
