from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from claims.models import Article, Claim, CrossCheck, CrossCheckKind, Role
from claims.roles import EDITOR, VIEWER
from sources.models import Source
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    SourceFactory,
    UserFactory,
)
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


# The article page


def test_article_page_lists_its_claims_in_reading_order_with_their_sources_and_links(
    viewer_client: Client,
) -> None:
    article = ArticleFactory(title="Strike on Kyiv", outlet=SourceFactory(name="Ukrinform"))
    later = ClaimFactory(article=article, text="Ten buildings were damaged.", start=90, end=117)
    first = ClaimFactory(article=article, text="Eight people were injured.", start=10, end=36)
    AttributionFactory(claim=first, source__name="Tymur Tkachenko", cue="according to")
    AttributionFactory(claim=first, source__name="TASS", role=Role.RELAY, cue="citing")
    ClaimFactory(text="A claim of another article.")
    response = viewer_client.get(reverse("article_detail", args=[article.pk]))
    assert response.status_code == 200
    page = response.text
    assert "<h2>Strike on Kyiv</h2>" in page and "Ukrinform" in page
    assert page.index(first.text) < page.index(later.text)
    assert "A claim of another article." not in page
    assert "Tymur Tkachenko" in page and "“according to”" in page and "TASS" in page
    assert f'href="{reverse("claim_detail", args=[first.pk])}"' in page


def test_article_page_shows_each_claims_corroboration(viewer_client: Client) -> None:
    claim = ClaimFactory(
        probability=0.5,
        suggested_credibility=3,
        corroboration={"explanation": ["One source alone."]},
        corroborated_at=timezone.now(),
    )
    response = viewer_client.get(reverse("article_detail", args=[claim.article.pk]))
    assert "50%" in response.text
    assert "<li>One source alone.</li>" in response.text


def test_article_page_of_an_unknown_article_is_not_found(viewer_client: Client) -> None:
    assert viewer_client.get(reverse("article_detail", args=[10**6])).status_code == 404
    assert viewer_client.get(reverse("article_detail", args=[10**30])).status_code == 404


def test_article_page_offers_the_queue_form_to_editors_only(viewer_client: Client) -> None:
    article = ClaimFactory().article
    action = reverse("article_crosscheck_queue", args=[article.pk])
    assert action not in viewer_client.get(reverse("article_detail", args=[article.pk])).text
    editor_page = client_for(EDITOR).get(reverse("article_detail", args=[article.pk])).text
    assert action in editor_page


def test_queueing_a_check_on_an_article_queues_one_on_each_of_its_claims(
    editor_client: Client,
) -> None:
    article = ArticleFactory()
    claims = ClaimFactory.create_batch(3, article=article)
    url = reverse("article_crosscheck_queue", args=[article.pk])
    response = editor_client.post(url, {"kind": CrossCheckKind.APPEARANCE}, follow=True)
    assert response.redirect_chain == [(reverse("article_detail", args=[article.pk]), 302)]
    checks = CrossCheck.objects.filter(kind=CrossCheckKind.APPEARANCE, status="queued")
    assert sorted(check.claim_id for check in checks) == sorted(claim.pk for claim in claims)
    assert "Appearance check: 3 checks queued or pending." in response.text


def test_queueing_on_an_article_is_refused_to_viewers_and_anonymous_visitors(
    client: Client, viewer_client: Client
) -> None:
    article = ClaimFactory().article
    url = reverse("article_crosscheck_queue", args=[article.pk])
    assert viewer_client.post(url, {"kind": CrossCheckKind.CORROBORATION}).status_code == 403
    viewer_client.logout()
    response = viewer_client.post(url, {"kind": CrossCheckKind.CORROBORATION})
    assert response["Location"].startswith(reverse("login"))
    assert not CrossCheck.objects.exists()


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        (CrossCheckKind.TRACK_RECORD, "Select a valid choice."),
        ("no such kind", "Select a valid choice."),
        ("", "This field is required."),
    ],
)
def test_queueing_a_kind_that_is_not_about_claims_is_shown_as_an_error(
    editor_client: Client, kind: str, error: str
) -> None:
    article = ClaimFactory().article
    url = reverse("article_crosscheck_queue", args=[article.pk])
    response = editor_client.post(url, {"kind": kind}, follow=True)
    assert response.redirect_chain == [(reverse("article_detail", args=[article.pk]), 302)]
    assert error in response.text
    assert not CrossCheck.objects.exists()


def test_a_button_answers_only_posts(editor_client: Client) -> None:
    article = ClaimFactory().article
    url = reverse("article_crosscheck_queue", args=[article.pk])
    assert editor_client.get(url).status_code == 405


@pytest.mark.parametrize("claims", [1, 20])
def test_article_page_runs_the_same_queries_whatever_the_number_of_claims(
    viewer_client: Client, django_assert_num_queries, claims: int
) -> None:
    article = ArticleFactory(outlet=SourceFactory())
    for start in range(claims):
        claim = ClaimFactory(article=article, start=start, end=start)
        AttributionFactory.create_batch(2, claim=claim)
    # session, user, the user's own permissions, the permissions of their groups,
    # the article with its outlet, its claims, their attributions with their sources
    with django_assert_num_queries(7):
        response = viewer_client.get(reverse("article_detail", args=[article.pk]))
    assert response.status_code == 200
