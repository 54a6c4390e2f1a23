from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.roles import EDITOR, VIEWER
from claims.models import (
    Article,
    Attribution,
    Claim,
    CrossCheck,
    CrossCheckKind,
    RelatedClaimStatus,
    Role,
    Stance,
)
from sources.models import Source
from tests.conftest import page_client
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    CrossCheckAttemptFactory,
    CrossCheckFactory,
    QuestionFactory,
    RelatedClaimFactory,
    SourceFactory,
    UserFactory,
)
from tests.pages import Page, Pages, article_html

pytestmark = pytest.mark.django_db


def _page_urls() -> list[str]:
    claim = ClaimFactory()
    return [
        reverse("home"),
        reverse("claim_list"),
        reverse("article_ingest"),
        reverse("article_detail", args=[claim.article.pk]),
        reverse("claim_detail", args=[claim.pk]),
    ]


def test_every_page_asks_anonymous_visitors_to_log_in(client: Client) -> None:
    for url in _page_urls():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_every_page_refuses_a_user_without_a_role(client: Client) -> None:
    client.force_login(UserFactory())
    assert [client.get(url).status_code for url in _page_urls()] == [403, 403, 403, 403, 403]


def test_claims_list_lists_claims_with_their_sources(viewer_client: Client) -> None:
    attribution = AttributionFactory(source__name="TASS", cue="citing")
    response = viewer_client.get(reverse("claim_list"))
    assert response.status_code == 200
    assert attribution.claim.text in response.text
    assert "TASS" in response.text
    assert "“citing”" in response.text


def test_claims_list_shows_corroboration_with_its_explanation(viewer_client: Client) -> None:
    ClaimFactory(
        probability=0.734,
        suggested_credibility=2,
        corroboration={"explanation": ["Reuters and AP agree."]},
        corroborated_at=timezone.now(),
    )
    response = viewer_client.get(reverse("claim_list"))
    assert "73%" in response.text
    assert "suggested credibility 2" in response.text
    assert "<li>Reuters and AP agree.</li>" in response.text


def test_claims_list_escapes_markup_in_claims(viewer_client: Client) -> None:
    ClaimFactory(text="<script>alert(1)</script> said nobody")
    response = viewer_client.get(reverse("claim_list"))
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_claims_list_links_each_claim_and_article_to_its_page(viewer_client: Client) -> None:
    claim = ClaimFactory()
    response = viewer_client.get(reverse("claim_list"))
    assert f'href="{reverse("claim_detail", args=[claim.pk])}"' in response.text
    assert f'href="{reverse("article_detail", args=[claim.article.pk])}"' in response.text


@pytest.mark.parametrize("claims", [1, 20])
def test_claims_list_runs_the_same_queries_whatever_the_number_of_claims(
    viewer_client: Client, django_assert_num_queries, claims: int
) -> None:
    for _ in range(claims):
        AttributionFactory.create_batch(2, claim=ClaimFactory())
    # session, user, the user's roles, users claims can be assigned to, count of claims, claims
    # with their articles and assignees, attributions with their sources
    with django_assert_num_queries(7):
        response = viewer_client.get(reverse("claim_list"))
    assert response.status_code == 200


# The editorial pages: ingest, article, claim, and their buttons.

ARTICLE_TEXT = (
    "Budget row deepens\n"
    "The finance minister said the deficit would double next year, a forecast that surprised "
    "economists.\n"
    "“Taxes will rise,” Maria Lopez said on Monday."
)


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
        ({"url": "https://example.org/a", "outlet": "The Daily"}, "go with a pasted text"),
        ({"url": "not a url"}, "Enter a valid URL."),
        ({"url": "http://169.254.169.254/latest"}, "fetching it is not allowed"),
    ],
    ids=["empty", "blank", "binary", "nul", "outlet-without-text", "malformed-url", "refused-url"],
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


def test_ingest_page_runs_the_queries_of_signing_in_alone(
    editor_client: Client, django_assert_num_queries
) -> None:
    # session, user, the user's roles
    with django_assert_num_queries(3):
        response = editor_client.get(reverse("article_ingest"))
    assert '<textarea name="text"' in response.text


def test_the_navigation_offers_the_ingest_page_to_editors_only() -> None:
    assert reverse("article_ingest") in page_client(EDITOR).get(reverse("home")).text
    assert reverse("article_ingest") not in page_client(VIEWER).get(reverse("home")).text


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


def test_article_page_shows_the_checks_under_way_and_reloads_until_they_finish(
    viewer_client: Client,
) -> None:
    running = CrossCheckFactory(
        kind=CrossCheckKind.APPEARANCE, status="running", progress_done=1, progress_total=3
    )
    CrossCheckFactory(claim=running.claim, status="succeeded")
    page = reverse("article_detail", args=[running.claim.article.pk])
    response = viewer_client.get(page)
    assert "<div>Appearance check: running, 1 of 3</div>" in response.text
    assert "Corroboration refresh:" not in response.text  # finished checks are on the claim page
    assert '<meta http-equiv="refresh" content="3">' in response.text
    CrossCheck.objects.filter(pk=running.pk).update(status="succeeded")
    assert '<meta http-equiv="refresh"' not in viewer_client.get(page).text


def test_article_page_of_an_unknown_article_is_not_found(viewer_client: Client) -> None:
    assert viewer_client.get(reverse("article_detail", args=[10**6])).status_code == 404
    assert viewer_client.get(reverse("article_detail", args=[10**30])).status_code == 404


def test_article_page_offers_the_queue_form_to_editors_only(viewer_client: Client) -> None:
    article = ClaimFactory().article
    action = reverse("article_crosscheck_queue", args=[article.pk])
    assert action not in viewer_client.get(reverse("article_detail", args=[article.pk])).text
    editor_page = page_client(EDITOR).get(reverse("article_detail", args=[article.pk])).text
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
def test_queueing_on_an_article_runs_the_same_queries_whatever_the_number_of_claims(
    editor_client: Client, django_assert_num_queries, claims: int
) -> None:
    article = ArticleFactory()
    for start in range(claims):
        ClaimFactory(article=article, start=start, end=start)
    url = reverse("article_crosscheck_queue", args=[article.pk])
    # session, user, the user's roles, the article,
    # its claims; in a transaction (a savepoint here: open and release), the checks of that kind
    # already pending on them, and in a savepoint (open, release) the new checks in one insert
    with django_assert_num_queries(11):
        editor_client.post(url, {"kind": CrossCheckKind.CORROBORATION})
    assert CrossCheck.objects.count() == claims


@pytest.mark.parametrize("claims", [1, 20])
def test_article_page_runs_the_same_queries_whatever_the_number_of_claims(
    viewer_client: Client, django_assert_num_queries, claims: int
) -> None:
    article = ArticleFactory(outlet=SourceFactory())
    for start in range(claims):
        claim = ClaimFactory(article=article, start=start, end=start)
        AttributionFactory.create_batch(2, claim=claim)
    # session, user, the user's roles,
    # the article with its outlet, its claims, their attributions with their sources,
    # their queued or running CrossChecks
    with django_assert_num_queries(7):
        response = viewer_client.get(reverse("article_detail", args=[article.pk]))
    assert response.status_code == 200


# The claim page


def test_claim_page_shows_the_claim_its_sources_and_its_corroboration(
    viewer_client: Client,
) -> None:
    claim = ClaimFactory(
        text="Eight people were injured.",
        probability=0.81,
        suggested_credibility=2,
        corroboration={"explanation": ["Reuters and AP agree."]},
        corroborated_at=timezone.now(),
    )
    AttributionFactory(
        claim=claim, source__name="Tymur Tkachenko", source__grade="B", cue="according to"
    )
    AttributionFactory(claim=claim, source__name="TASS", role=Role.RELAY, cue="citing")
    response = viewer_client.get(reverse("claim_detail", args=[claim.pk]))
    assert response.status_code == 200
    page = response.text
    assert "<blockquote>Eight people were injured.</blockquote>" in page
    assert "Tymur Tkachenko" in page and "B: usually reliable" in page
    assert "“according to”" in page and "Relay (passed the claim on)" in page
    assert "81%" in page and "<li>Reuters and AP agree.</li>" in page
    assert f'href="{reverse("article_detail", args=[claim.article.pk])}"' in page


def test_claim_page_says_how_long_ago_its_corroboration_was_computed(
    viewer_client: Client,
) -> None:
    claim = ClaimFactory(corroborated_at=timezone.now() - timedelta(minutes=3))
    page = viewer_client.get(reverse("claim_detail", args=[claim.pk])).text
    assert "computed <time" in page and ">3\xa0minutes ago</time>" in page
    assert "being recomputed" not in page


def test_claim_page_says_its_corroboration_is_being_recomputed_while_its_question_refreshes(
    viewer_client: Client,
) -> None:
    question = QuestionFactory()
    claim = ClaimFactory(question=question, value="8")
    CrossCheckFactory(claim=ClaimFactory(question=question, value="10"))  # a queued refresh
    response = viewer_client.get(reverse("claim_detail", args=[claim.pk]))
    assert "being recomputed" in response.text
    assert "not yet corroborated" in response.text
    assert response.context["refresh_seconds"]


def test_an_editor_splits_the_claims_question_from_the_claim_page(editor_client: Client) -> None:
    question = QuestionFactory()
    claim = ClaimFactory(question=question, value="8")
    ClaimFactory(question=question, value="10")
    page = editor_client.get(reverse("claim_detail", args=[claim.pk])).text
    split_url = reverse("claim_question_split", args=[claim.pk])
    assert f'action="{split_url}"><input type="hidden" name="csrfmiddlewaretoken"' in page
    response = editor_client.post(split_url, follow=True)
    assert "Question split: 2 claims now stand alone." in response.text
    assert not Claim.objects.filter(question__isnull=False).exists()


def test_a_viewer_can_neither_see_nor_press_the_split_button(viewer_client: Client) -> None:
    claim = ClaimFactory(question=QuestionFactory(), value="8")
    split_url = reverse("claim_question_split", args=[claim.pk])
    assert split_url not in viewer_client.get(reverse("claim_detail", args=[claim.pk])).text
    assert viewer_client.post(split_url).status_code == 403
    claim.refresh_from_db()
    assert claim.question is not None


def test_claim_page_shows_each_crosscheck_with_its_progress_times_attempts_and_error(
    viewer_client: Client,
) -> None:
    started = timezone.now()
    check = CrossCheckFactory(
        kind=CrossCheckKind.APPEARANCE,
        status="failed",
        progress_done=3,
        progress_total=5,
        attempts=2,
        max_attempts=5,
        started_at=started,
        finished_at=started,
        error="The server took too long to answer.",
    )
    CrossCheckAttemptFactory(crosscheck=check, number=1, outcome="retry", worker="w1@host")
    response = viewer_client.get(reverse("claim_detail", args=[check.claim.pk]))
    page = response.text
    assert "Appearance check" in page and "Failed" in page
    assert "3 of 5" in page and "2 of 5" in page
    assert f"{started:%Y-%m-%d %H:%M:%S}" in page
    assert "The server took too long to answer." in page
    assert "w1@host" in page and "Failed, will be retried" in page


@pytest.mark.parametrize(
    ("status", "refreshes"),
    [("queued", True), ("running", True), ("succeeded", False), ("cancelled", False)],
)
def test_claim_page_reloads_itself_while_a_check_is_queued_or_running(
    viewer_client: Client, status: str, refreshes: bool
) -> None:
    check = CrossCheckFactory(status=status)
    response = viewer_client.get(reverse("claim_detail", args=[check.claim.pk]))
    assert ('<meta http-equiv="refresh" content="3">' in response.text) is refreshes


def test_claim_page_of_an_unknown_claim_is_not_found(viewer_client: Client) -> None:
    assert viewer_client.get(reverse("claim_detail", args=[10**6])).status_code == 404


def test_claim_page_offers_its_buttons_to_editors_only(viewer_client: Client) -> None:
    check = CrossCheckFactory(status="queued")
    related = RelatedClaimFactory(claim=check.claim)
    claim = check.claim
    buttons = [
        reverse("claim_crosscheck_queue", args=[claim.pk]),
        reverse("claim_crosscheck_cancel", args=[claim.pk, check.pk]),
        reverse("claim_related_decide", args=[claim.pk, related.pk]),
    ]
    viewer_page = viewer_client.get(reverse("claim_detail", args=[claim.pk])).text
    editor_page = page_client(EDITOR).get(reverse("claim_detail", args=[claim.pk])).text
    assert [button in viewer_page for button in buttons] == [False, False, False]
    assert [button in editor_page for button in buttons] == [True, True, True]


def test_queueing_a_check_on_a_claim_records_it_and_shows_it(editor_client: Client) -> None:
    claim = ClaimFactory()
    url = reverse("claim_crosscheck_queue", args=[claim.pk])
    response = editor_client.post(url, {"kind": CrossCheckKind.RELATED_CLAIMS}, follow=True)
    check = CrossCheck.objects.get()
    assert (check.claim, check.kind, check.status) == (claim, "related_claims", "queued")
    assert check.requested_by == response.wsgi_request.user
    assert f"Related claims check {check.pk}: Queued." in response.text
    assert '<meta http-equiv="refresh"' in response.text


def test_queueing_a_check_already_pending_shows_that_one(editor_client: Client) -> None:
    pending = CrossCheckFactory(status="running")
    url = reverse("claim_crosscheck_queue", args=[pending.claim.pk])
    response = editor_client.post(url, {"kind": pending.kind}, follow=True)
    assert CrossCheck.objects.get() == pending
    assert f"Corroboration refresh check {pending.pk}: Running." in response.text


def test_queueing_a_check_on_a_claim_is_refused_to_viewers_and_anonymous_visitors(
    viewer_client: Client,
) -> None:
    url = reverse("claim_crosscheck_queue", args=[ClaimFactory().pk])
    assert viewer_client.post(url, {"kind": CrossCheckKind.CORROBORATION}).status_code == 403
    viewer_client.logout()
    response = viewer_client.post(url, {"kind": CrossCheckKind.CORROBORATION})
    assert response["Location"].startswith(reverse("login"))
    assert not CrossCheck.objects.exists()


@pytest.mark.parametrize("status", ["queued", "running"])
def test_cancelling_a_pending_check_records_who_cancelled_it(
    editor_client: Client, status: str
) -> None:
    check = CrossCheckFactory(status=status)
    url = reverse("claim_crosscheck_cancel", args=[check.claim.pk, check.pk])
    response = editor_client.post(url, follow=True)
    check.refresh_from_db()
    assert (check.status, check.cancelled_by) == ("cancelled", response.wsgi_request.user)
    assert f"Corroboration refresh check {check.pk} cancelled." in response.text
    assert '<meta http-equiv="refresh"' not in response.text


def test_cancelling_a_finished_check_is_refused_with_a_message(editor_client: Client) -> None:
    check = CrossCheckFactory(status="succeeded")
    url = reverse("claim_crosscheck_cancel", args=[check.claim.pk, check.pk])
    response = editor_client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("claim_detail", args=[check.claim.pk]), 302)]
    assert "has already succeeded; only queued or running checks can be cancelled" in (
        response.text
    )
    check.refresh_from_db()
    assert check.status == "succeeded"


def test_cancelling_is_refused_to_viewers_and_to_checks_of_another_claim(
    viewer_client: Client, editor_client: Client
) -> None:
    check = CrossCheckFactory(status="queued")
    url = reverse("claim_crosscheck_cancel", args=[check.claim.pk, check.pk])
    assert viewer_client.post(url).status_code == 403
    elsewhere = reverse("claim_crosscheck_cancel", args=[ClaimFactory().pk, check.pk])
    assert editor_client.post(elsewhere).status_code == 404
    check.refresh_from_db()
    assert check.status == "queued"


def test_claim_page_shows_related_claims_with_their_originators(viewer_client: Client) -> None:
    related = RelatedClaimFactory(
        related__text="Ten people were hurt.", stance=Stance.CONTRADICTS, reason="Numbers differ."
    )
    AttributionFactory(claim=related.related, source__name="Air Force")
    response = viewer_client.get(reverse("claim_detail", args=[related.claim.pk]))
    page = response.text
    assert "Ten people were hurt." in page and "Air Force" in page
    assert "Contradicts" in page and "Numbers differ." in page and "0.80" in page
    assert f'href="{reverse("claim_detail", args=[related.related.pk])}"' in page


def test_accepting_a_conflicting_claim_makes_both_answers_of_one_question(
    editor_client: Client,
) -> None:
    related = RelatedClaimFactory(stance=Stance.CONTRADICTS)
    url = reverse("claim_related_decide", args=[related.claim.pk, related.pk])
    response = editor_client.post(url, {"decision": "accept"}, follow=True)
    related.refresh_from_db()
    assert related.status == RelatedClaimStatus.ACCEPTED
    assert related.claim.question is not None
    assert related.related.question == related.claim.question
    assert f"Related claim {related.related.pk}: accepted." in response.text
    assert f"Answers “{related.claim.question.text}”" in response.text


def test_rejecting_a_related_claim_adds_no_source(editor_client: Client) -> None:
    related = RelatedClaimFactory()
    AttributionFactory(claim=related.related)
    url = reverse("claim_related_decide", args=[related.claim.pk, related.pk])
    editor_client.post(url, {"decision": "reject"})
    related.refresh_from_db()
    assert related.status == RelatedClaimStatus.REJECTED
    assert not Attribution.objects.filter(claim=related.claim).exists()


def test_deciding_a_related_claim_twice_is_refused_with_a_message(editor_client: Client) -> None:
    related = RelatedClaimFactory(status=RelatedClaimStatus.REJECTED)
    AttributionFactory(claim=related.related)
    url = reverse("claim_related_decide", args=[related.claim.pk, related.pk])
    response = editor_client.post(url, {"decision": "accept"}, follow=True)
    assert "This related claim was already rejected." in response.text
    assert not Attribution.objects.filter(claim=related.claim).exists()


@pytest.mark.parametrize("decision", ["", "maybe"])
def test_a_decision_other_than_accept_or_reject_is_shown_as_an_error(
    editor_client: Client, decision: str
) -> None:
    related = RelatedClaimFactory()
    url = reverse("claim_related_decide", args=[related.claim.pk, related.pk])
    response = editor_client.post(url, {"decision": decision}, follow=True)
    assert 'class="error"' in response.text
    related.refresh_from_db()
    assert related.status == RelatedClaimStatus.PROPOSED


def test_deciding_is_refused_to_viewers(viewer_client: Client) -> None:
    related = RelatedClaimFactory()
    url = reverse("claim_related_decide", args=[related.claim.pk, related.pk])
    assert viewer_client.post(url, {"decision": "accept"}).status_code == 403
    related.refresh_from_db()
    assert related.status == RelatedClaimStatus.PROPOSED


@pytest.mark.parametrize("rows", [1, 10])
def test_claim_page_runs_the_same_queries_whatever_the_number_of_sources_and_checks(
    viewer_client: Client, django_assert_num_queries, rows: int
) -> None:
    claim = ClaimFactory(question=QuestionFactory())
    for _ in range(rows):
        AttributionFactory(claim=claim)
        check = CrossCheckFactory(claim=claim, status="failed")
        for number in (1, 2):
            CrossCheckAttemptFactory(crosscheck=check, number=number)
        related = RelatedClaimFactory(claim=claim, decided_by=UserFactory())
        AttributionFactory.create_batch(2, claim=related.related)
    # session, user, the user's roles,
    # the claim with its article and question, its attributions with their sources,
    # its CrossChecks, their attempts, its related claims with their articles and deciders,
    # the originators of the related claims with their sources
    with django_assert_num_queries(9):
        response = viewer_client.get(reverse("claim_detail", args=[claim.pk]))
    assert response.status_code == 200


def test_a_paste_over_djangos_upload_limit_shows_the_forms_own_too_large_message(
    editor_client: Client,
) -> None:
    # Through the CSRF check, as a browser posts it: the body is never read.
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(roles=[EDITOR]))
    response = client.post(reverse("article_ingest"), {"text": "x" * 2_100_000})
    assert response.status_code == 413
    assert "The text is too large: 2,1" in response.text
    assert "bytes were sent and the limit is 1,000,000 bytes" in response.text
    assert 'name="text"' in response.text
    assert _nothing_ingested()


def test_an_empty_paste_shows_its_error_once(editor_client: Client) -> None:
    response = editor_client.post(reverse("article_ingest"), {"text": ""})
    assert response.status_code == 400
    assert response.text.count("Paste the article") == 1


def test_the_favicon_is_ours_and_every_page_links_it(viewer_client: Client) -> None:
    for url in ("/favicon.ico", "/favicon.svg"):
        response = Client().get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/svg+xml"
        assert b"<svg" in response.content
    assert 'rel="icon" href="/favicon.svg"' in viewer_client.get(reverse("home")).text


def test_article_page_shows_its_text_with_each_claims_content_source_and_cue_marked(
    editor_client: Client,
) -> None:
    response = editor_client.post(reverse("article_ingest"), {"text": ARTICLE_TEXT}, follow=True)
    page = response.text
    assert "The text, with its claims" in page and 'class="legend"' in page
    for kind in ("content", "source", "cue"):
        assert f'class="hl-{kind}' in page
    claim = Claim.objects.get(text__contains="Taxes will rise")
    assert f'id="claim-{claim.pk}"' in page
    assert f'href="#claim-{claim.pk}"' in page


def test_article_page_escapes_markup_in_the_articles_text(viewer_client: Client) -> None:
    article = ArticleFactory(body="<script>alert(1)</script> said nobody.")
    page = viewer_client.get(reverse("article_detail", args=[article.pk])).text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_a_pasted_text_is_stored_with_its_outlet_date_and_url(editor_client: Client) -> None:
    outlet = SourceFactory(name="The Daily Record")
    response = editor_client.post(
        reverse("article_ingest"),
        {
            "text": ARTICLE_TEXT,
            "url": "https://daily.example/budget",
            "outlet": "the daily record",
            "published_at": "2026-12-01",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.outlet, str(article.published_at), article.url) == (
        outlet,
        "2026-12-01",
        "https://daily.example/budget",
    )
