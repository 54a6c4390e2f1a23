from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from claims.models import Article, Claim
from claims.roles import EDITOR, VIEWER
from sources.models import Source
from tests.factories import AttributionFactory, ClaimFactory, UserFactory
from tests.pages import Page, Pages, article_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer_client(client: Client) -> Client:
    client.force_login(UserFactory(roles=[VIEWER]))
    return client


def test_home_asks_anonymous_visitors_to_log_in(client: Client) -> None:
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_home_refuses_a_user_without_a_role(client: Client) -> None:
    client.force_login(UserFactory())
    assert client.get(reverse("home")).status_code == 403


def test_home_lists_claims_with_their_sources(viewer_client: Client) -> None:
    attribution = AttributionFactory(source__name="TASS", cue="citing")
    response = viewer_client.get(reverse("home"))
    assert response.status_code == 200
    assert attribution.claim.text in response.text
    assert "TASS" in response.text
    assert "“citing”" in response.text


def test_home_shows_corroboration_with_its_explanation(viewer_client: Client) -> None:
    ClaimFactory(
        probability=0.734,
        suggested_credibility=2,
        corroboration={"explanation": ["Reuters and AP agree."]},
        corroborated_at=timezone.now(),
    )
    response = viewer_client.get(reverse("home"))
    assert "73%" in response.text
    assert "suggested credibility 2" in response.text
    assert "<li>Reuters and AP agree.</li>" in response.text


def test_home_escapes_markup_in_claims(viewer_client: Client) -> None:
    ClaimFactory(text="<script>alert(1)</script> said nobody")
    response = viewer_client.get(reverse("home"))
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


@pytest.mark.parametrize("claims", [1, 20])
def test_home_runs_the_same_queries_whatever_the_number_of_claims(
    viewer_client: Client, django_assert_num_queries, claims: int
) -> None:
    for _ in range(claims):
        AttributionFactory.create_batch(2, claim=ClaimFactory())
    # session, user, the user's own permissions, the permissions of their groups,
    # count of claims, claims with their articles, attributions with their sources
    with django_assert_num_queries(7):
        response = viewer_client.get(reverse("home"))
    assert response.status_code == 200


# The editorial pages: ingest, article, claim, and their buttons.

ARTICLE_TEXT = (
    "Budget row deepens\n"
    "The finance minister said the deficit would double next year, a forecast that surprised "
    "economists.\n"
    "“Taxes will rise,” Maria Lopez said on Monday."
)


def client_for(*roles: str) -> Client:
    client = Client()
    client.force_login(UserFactory(roles=list(roles)))
    return client


@pytest.fixture
def editor_client() -> Client:
    return client_for(EDITOR)


def _messages(response: HttpResponse) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _nothing_ingested() -> bool:
    return not (Article.objects.exists() or Claim.objects.exists() or Source.objects.exists())


# Ingest


def test_ingest_page_asks_anonymous_visitors_to_log_in(client: Client) -> None:
    response = client.post(reverse("article_ingest"), {"text": ARTICLE_TEXT})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert _nothing_ingested()


def test_ingest_page_is_refused_to_viewers(viewer_client: Client) -> None:
    assert viewer_client.get(reverse("article_ingest")).status_code == 403
    assert viewer_client.post(reverse("article_ingest"), {"text": ARTICLE_TEXT}).status_code == 403
    assert _nothing_ingested()


def test_ingesting_pasted_text_stores_the_article_and_opens_its_page(
    editor_client: Client,
) -> None:
    response = editor_client.post(reverse("article_ingest"), {"text": ARTICLE_TEXT}, follow=True)
    article = Article.objects.get()
    assert response.redirect_chain == [(reverse("article_detail", args=[article.pk]), 302)]
    assert article.title == "Budget row deepens"
    assert "<h2>Budget row deepens</h2>" in response.text
    assert "the deficit would double next year" in response.text
    assert "Ingested: " in response.text


def test_ingesting_the_same_text_again_opens_the_same_article_and_changes_nothing(
    editor_client: Client,
) -> None:
    editor_client.post(reverse("article_ingest"), {"text": ARTICLE_TEXT})
    claims = Claim.objects.count()
    response = editor_client.post(reverse("article_ingest"), {"text": ARTICLE_TEXT}, follow=True)
    article = Article.objects.get()
    assert response.redirect_chain == [(reverse("article_detail", args=[article.pk]), 302)]
    assert Claim.objects.count() == claims
    assert "already in the workbench" in response.text


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"text": ""}, "Paste the article&#x27;s text or give its URL"),
        ({"text": "   \n  "}, "The text is empty."),
        ({"text": "Title\nbody\x01\x02 of a binary file"}, "binary data"),
        ({"text": "Title\nbody\x00 with a NUL"}, "Null characters are not allowed."),
        ({"text": ARTICLE_TEXT, "url": "https://example.org/a"}, "(one of them)"),
        ({"url": "not a url"}, "Enter a valid URL."),
        ({"url": "http://169.254.169.254/latest"}, "fetching it is not allowed"),
    ],
    ids=["empty", "blank", "binary", "nul", "both", "malformed-url", "refused-url"],
)
def test_bad_input_is_a_form_error_on_the_page_and_writes_nothing(
    editor_client: Client, fields: dict[str, str], error: str
) -> None:
    response = editor_client.post(reverse("article_ingest"), fields)
    assert response.status_code == 400
    assert error in response.text
    assert 'class="errorlist' in response.text
    assert _nothing_ingested()


@override_settings(FACTCHECK_MAX_ARTICLE_BYTES=100)
def test_a_text_over_the_size_limit_is_a_form_error_and_writes_nothing(
    editor_client: Client,
) -> None:
    response = editor_client.post(reverse("article_ingest"), {"text": "Title\n" + "x" * 200})
    assert response.status_code == 400
    assert "larger than the 100 byte limit" in response.text
    assert _nothing_ingested()


def test_ingesting_a_url_stores_the_page_and_opens_its_article(
    editor_client: Client, pages: Pages
) -> None:
    pages.routes["/budget"] = Page(
        article_html(title="Budget row deepens", paragraphs=ARTICLE_TEXT.splitlines()[1:])
    )
    response = editor_client.post(reverse("article_ingest"), {"url": pages.url("/budget")})
    article = Article.objects.get()
    assert response["Location"] == reverse("article_detail", args=[article.pk])
    assert (article.title, article.url) == ("Budget row deepens", pages.url("/budget"))


def test_a_page_that_cannot_be_fetched_is_a_form_error_and_writes_nothing(
    editor_client: Client, pages: Pages
) -> None:
    response = editor_client.post(reverse("article_ingest"), {"url": pages.url("/gone")})
    assert response.status_code == 400
    assert "The page answered with HTTP status 404." in response.text
    assert _nothing_ingested()


def test_a_post_without_its_csrf_token_is_refused(editor_client: Client) -> None:
    editor_client.handler.enforce_csrf_checks = True
    response = editor_client.post(reverse("article_ingest"), {"text": ARTICLE_TEXT})
    assert response.status_code == 403
    assert _nothing_ingested()


def test_the_navigation_offers_the_ingest_page_to_editors_only() -> None:
    assert reverse("article_ingest") in client_for(EDITOR).get(reverse("home")).text
    assert reverse("article_ingest") not in client_for(VIEWER).get(reverse("home")).text
