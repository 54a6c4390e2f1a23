"""The claims list at /claims/: search, filters, sort and pagination."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import EDITOR
from claims.forms import ClaimListForm
from claims.models import (
    Claim,
    ClaimStatus,
    CrossCheck,
    CrossCheckKind,
    RelatedClaimStatus,
    Stance,
    Verdict,
)
from claims.selectors import CLAIM_ORDERS
from tests.factories import (
    AttributionFactory,
    ClaimFactory,
    CrossCheckFactory,
    QuestionFactory,
    RelatedClaimFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _listed(client: Client, **query: str) -> list[str]:
    """The texts of the claims the list shows for `query`, in order."""
    response = client.get(reverse("claim_list"), query)
    assert response.status_code == 200
    return [claim.text for claim in response.context["page"]]


def test_search_finds_claims_holding_every_word_in_any_case(viewer_client: Client) -> None:
    ClaimFactory(text="Inflation fell to 3% in May.")
    ClaimFactory(text="Inflation rose in June.")
    assert _listed(viewer_client, q="inflation MAY") == ["Inflation fell to 3% in May."]


def test_filters_by_status_and_by_a_verdict_or_none_yet(viewer_client: Client) -> None:
    ClaimFactory(text="waiting")
    ClaimFactory(text="rated false", status=ClaimStatus.RATED, verdict=Verdict.FALSE)
    assert _listed(viewer_client, status="rated") == ["rated false"]
    assert _listed(viewer_client, verdict="false") == ["rated false"]
    assert _listed(viewer_client, status="new", verdict="none") == ["waiting"]


def test_filters_by_source_and_by_article(viewer_client: Client) -> None:
    attribution = AttributionFactory(claim__text="said by one")
    ClaimFactory(text="said by another")
    assert _listed(viewer_client, source=str(attribution.source_id)) == ["said by one"]
    assert _listed(viewer_client, article=str(attribution.claim.article_id)) == ["said by one"]


def test_filters_by_dates_found_both_ends_included(viewer_client: Client) -> None:
    old = ClaimFactory(text="last week")
    Claim.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=7))
    ClaimFactory(text="today")
    today = timezone.localdate()
    assert _listed(viewer_client, created_from=str(today)) == ["today"]
    week_ago = str(today - timedelta(days=7))
    assert _listed(viewer_client, created_from=week_ago, created_to=week_ago) == ["last week"]


def test_filters_claims_in_conflict(viewer_client: Client) -> None:
    RelatedClaimFactory(
        claim__text="proposed", related__text="contradicts it", stance=Stance.CONTRADICTS
    )
    RelatedClaimFactory(
        claim__text="settled",
        related__text="was rejected",
        stance=Stance.CONTRADICTS,
        status=RelatedClaimStatus.REJECTED,
    )
    question = QuestionFactory()
    ClaimFactory(text="eight hurt", question=question, value="8")
    ClaimFactory(text="ten hurt", question=question, value="10")
    ClaimFactory(text="no value", question=question)
    in_conflict = {"proposed", "contradicts it", "eight hurt", "ten hurt"}
    assert set(_listed(viewer_client, has_conflict="yes")) == in_conflict
    assert set(_listed(viewer_client, has_conflict="no")) == {"settled", "was rejected", "no value"}


def test_sorts_newest_or_oldest_first(viewer_client: Client) -> None:
    first = ClaimFactory(text="first")
    ClaimFactory(text="second")
    Claim.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert _listed(viewer_client, sort="newest") == ["second", "first"]
    assert _listed(viewer_client, sort="oldest") == ["first", "second"]


def test_every_sort_the_form_offers_is_one_the_selector_knows() -> None:
    assert [value for value, _ in ClaimListForm.base_fields["sort"].choices] == list(  # type: ignore[attr-defined]
        CLAIM_ORDERS
    )


def test_pages_keep_the_filters_in_their_links(viewer_client: Client) -> None:
    ClaimFactory.create_batch(51, text="same words")
    response = viewer_client.get(reverse("claim_list"), {"q": "same", "sort": "newest"})
    assert len(response.context["page"]) == 50
    assert 'href="?q=same&amp;sort=newest&amp;page=2"' in response.text


@pytest.mark.parametrize(
    "query",
    [
        {"status": "approved"},
        {"verdict": "maybe"},
        {"source": "x"},
        {"source": "0"},
        {"article": str(2**63)},
        {"created_from": "2025-13-01"},
        {"created_from": "2025-06-02", "created_to": "2025-06-01"},
        {"has_conflict": "perhaps"},
        {"sort": "text; drop table"},
        {"q": "x" * 201},
    ],
)
def test_an_invalid_filter_is_a_form_error_not_a_failure(
    viewer_client: Client, query: dict[str, str]
) -> None:
    ClaimFactory(text="not listed")
    response = viewer_client.get(reverse("claim_list"), query)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert 'class="errorlist' in response.text
    assert "not listed" not in response.text


def test_a_page_number_out_of_range_shows_the_last_page(viewer_client: Client) -> None:
    ClaimFactory(text="only")
    assert _listed(viewer_client, page="99") == ["only"]
    assert _listed(viewer_client, page="x") == ["only"]


@pytest.mark.parametrize("claims", [1, 20])
def test_a_filtered_list_runs_the_same_queries_whatever_the_number_of_claims(
    viewer_client: Client, django_assert_num_queries, claims: int
) -> None:
    question = QuestionFactory()
    ClaimFactory(question=question, value="a rival value")
    for n in range(claims):
        AttributionFactory.create_batch(2, claim=ClaimFactory(question=question, value=str(n)))
    query = {"q": "claim", "status": "new", "has_conflict": "yes", "sort": "newest"}
    # session, user, the user's roles,
    # count of claims_claim (with the claims_relatedclaim and rival claims_claim subqueries),
    # claims_claim with claims_article, claims_attribution with sources_source
    with django_assert_num_queries(6):
        response = viewer_client.get(reverse("claim_list"), query)
    assert response.status_code == 200


# Bulk: queue a check on the ticked claims.


def test_an_editor_queues_a_check_on_the_ticked_claims_in_one_request() -> None:
    editor = Client()
    editor.force_login(UserFactory(roles=[EDITOR]))
    ticked = ClaimFactory.create_batch(3)
    untouched = ClaimFactory()
    already = CrossCheckFactory(claim=ticked[0], kind=CrossCheckKind.APPEARANCE)
    ids = [str(c.pk) for c in ticked] + ["999999"]
    response = editor.post(
        reverse("claim_bulk_crosscheck_queue"),
        {"claims": ids, "kind": CrossCheckKind.APPEARANCE, "back": "status=new&page=1"},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("claim_list") + "?status=new&page=1", 302)]
    checks = CrossCheck.objects.filter(kind=CrossCheckKind.APPEARANCE)
    assert sorted(c.claim_id for c in checks) == sorted(c.pk for c in ticked)
    assert already in checks
    assert not CrossCheck.objects.filter(claim=untouched).exists()
    assert "Appearance check: 3 checks queued or pending; 1 claim no longer exist." in response.text


def test_the_list_offers_ticking_and_queueing_to_editors_only(viewer_client: Client) -> None:
    ClaimFactory()
    action = reverse("claim_bulk_crosscheck_queue")
    assert action not in viewer_client.get(reverse("claim_list")).text
    editor = Client()
    editor.force_login(UserFactory(roles=[EDITOR]))
    text = editor.get(reverse("claim_list"), {"q": "claim"}).text
    assert action in text
    assert 'name="back" value="q=claim"' in text
    assert viewer_client.post(action, {"claims": ["1"], "kind": "corroboration"}).status_code == 403


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"kind": "corroboration"}, "Tick at least one claim."),
        ({"kind": "corroboration", "claims": ["x"]}, "Tick claims from the list."),
        ({"kind": "corroboration", "claims": [str(2**63)]}, "Tick claims from the list."),
        ({"kind": "corroboration", "claims": [str(n) for n in range(1, 52)]}, "at most 50"),
        ({"kind": "track_record", "claims": ["1"]}, "Select a valid choice."),
    ],
)
def test_a_bulk_queue_that_cannot_be_done_says_why_and_queues_nothing(
    data: dict[str, object], error: str
) -> None:
    editor = Client()
    editor.force_login(UserFactory(roles=[EDITOR]))
    ClaimFactory()
    response = editor.post(reverse("claim_bulk_crosscheck_queue"), data, follow=True)
    assert response.status_code == 200
    assert error in response.text
    assert not CrossCheck.objects.exists()


@pytest.mark.parametrize("ticked", [1, 20])
def test_a_bulk_queue_runs_the_same_queries_whatever_the_number_of_claims(
    django_assert_num_queries, ticked: int
) -> None:
    editor = Client()
    editor.force_login(UserFactory(roles=[EDITOR]))
    ids = [str(c.pk) for c in ClaimFactory.create_batch(ticked)]
    # session, user, the user's roles;
    # claims_claim (the ticked ones); savepoint (the service's), claims_crosscheck (those
    # pending), savepoint, claims_crosscheck inserted in bulk, release, release
    with django_assert_num_queries(10):
        editor.post(reverse("claim_bulk_crosscheck_queue"), {"claims": ids, "kind": "appearance"})
    assert CrossCheck.objects.count() == ticked
