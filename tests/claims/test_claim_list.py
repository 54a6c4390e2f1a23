"""The claims list at /claims/: search, filters, sort and pagination, and its bulk actions
(queue checks, set status, assign)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import EDITOR, REVIEWER
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
from claims.services.claim_bulk import claims_assign, claims_set_status
from factcheck.exceptions import ApplicationError, NotAllowed
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
        {"assignee": "somebody unknown"},
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
    editor = UserFactory(roles=[EDITOR])
    for n in range(claims):
        claim = ClaimFactory(question=question, value=str(n), assignee=editor)
        AttributionFactory.create_batch(2, claim=claim)
    query = {
        "q": "claim",
        "status": "new",
        "has_conflict": "yes",
        "sort": "newest",
        "assignee": editor.username,
    }
    # session, user, the user's roles, auth_user (who claims can be assigned to), count of
    # claims_claim (with the claims_relatedclaim and rival claims_claim subqueries), claims_claim
    # with claims_article and auth_user (its assignee), claims_attribution with sources_source
    with django_assert_num_queries(7):
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
    assert "Appearance check: 3 checks queued or pending. 1 claim no longer exist." in response.text


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


# Bulk: assign the ticked claims to an editor; filter by assignee.


def test_an_editor_assigns_the_ticked_claims_in_one_request_and_the_history_says_so() -> None:
    me, colleague = UserFactory(roles=[EDITOR]), UserFactory(username="alice", roles=[EDITOR])
    editor = Client()
    editor.force_login(me)
    ticked = ClaimFactory.create_batch(2)
    retracted = ClaimFactory(status=ClaimStatus.RETRACTED)
    untouched = ClaimFactory()
    ids = [str(c.pk) for c in [*ticked, retracted]]
    response = editor.post(
        reverse("claim_bulk_assign"), {"claims": ids, "assignee": "alice"}, follow=True
    )
    assert (
        f"Assigned to alice: 2 claims. Refused 1 claim: claim {retracted.pk}: A retracted claim "
        "cannot be changed." in response.text
    )
    assert list(Claim.objects.filter(assignee=colleague).order_by("pk")) == ticked
    assert untouched.assignee is None
    change = ticked[0].changes.get(action="assigned")
    assert (change.changes, change.changed_by) == ({"assignee": [None, "alice"]}, me)
    assert "assigned to alice" in editor.get(reverse("claim_list")).text
    assert "Assigned to alice" in editor.get(reverse("claim_detail", args=[ticked[0].pk])).text


def test_claims_are_assigned_to_editors_only_and_by_editors_only(viewer_client: Client) -> None:
    viewer = UserFactory(username="vera")
    claim = ClaimFactory()
    assert reverse("claim_bulk_assign") not in viewer_client.get(reverse("claim_list")).text
    response = viewer_client.post(reverse("claim_bulk_assign"), {"claims": [str(claim.pk)]})
    assert response.status_code == 403
    editor = Client()
    editor.force_login(UserFactory(roles=[EDITOR]))
    response = editor.post(
        reverse("claim_bulk_assign"), {"claims": [str(claim.pk)], "assignee": "vera"}, follow=True
    )
    assert "Select a valid choice." in response.text
    with pytest.raises(ApplicationError, match="vera is not an editor"):
        claims_assign(claims=[claim], assignee=viewer, by=None)
    claim.refresh_from_db()
    assert claim.assignee is None and not claim.changes.exists()


def test_the_list_filters_claims_assigned_to_me_to_someone_or_to_nobody() -> None:
    me, alice = UserFactory(roles=[EDITOR]), UserFactory(username="alice", roles=[EDITOR])
    client = Client()
    client.force_login(me)
    ClaimFactory(text="mine", assignee=me)
    ClaimFactory(text="hers", assignee=alice)
    ClaimFactory(text="nobody's")
    assert _listed(client, assignee="me") == ["mine"]
    assert _listed(client, assignee="alice") == ["hers"]
    assert _listed(client, assignee="nobody") == ["nobody's"]


@pytest.mark.parametrize("ticked", [1, 20])
def test_a_bulk_assignment_runs_the_same_queries_whatever_the_number_of_claims(
    django_assert_num_queries, ticked: int
) -> None:
    editor = Client()
    editor.force_login(UserFactory(roles=[EDITOR]))
    alice = UserFactory(username="alice", roles=[EDITOR])
    ids = [str(c.pk) for c in ClaimFactory.create_batch(ticked)]
    # session, user, auth_group (the editor's roles, read once for the page and the service);
    # auth_user (alice, among the editors); claims_claim (the ticked ones); auth_group (alice's
    # roles); savepoint, claims_claim locked with their assignees, claims_claim updated,
    # claims_claimchange inserted in bulk, release
    with django_assert_num_queries(11):
        editor.post(reverse("claim_bulk_assign"), {"claims": ids, "assignee": "alice"})
    assert Claim.objects.filter(assignee=alice).count() == ticked


# Bulk: set the status of the ticked claims, by the workflow's rules.


def test_a_reviewer_publishes_the_ticked_claims_and_those_not_rated_are_refused() -> None:
    reviewer = Client()
    reviewer.force_login(UserFactory(roles=[REVIEWER]))
    rated = ClaimFactory.create_batch(
        2, status=ClaimStatus.RATED, verdict=Verdict.FALSE, verdict_rationale="Checked."
    )
    new = ClaimFactory()
    ids = [str(c.pk) for c in [*rated, new]]
    response = reviewer.post(
        reverse("claim_bulk_status"), {"claims": ids, "status": "published"}, follow=True
    )
    assert (
        f"Published: 2 claims. Refused 1 claim: claim {new.pk}: Rate the claim before "
        "publishing its verdict." in response.text
    )
    assert Claim.objects.filter(status=ClaimStatus.PUBLISHED).count() == 2
    new.refresh_from_db()
    assert new.status == ClaimStatus.NEW


def test_a_bulk_retraction_needs_a_reason_and_records_it() -> None:
    reviewer = Client()
    reviewer.force_login(UserFactory(roles=[REVIEWER]))
    claim = ClaimFactory(status=ClaimStatus.RATED, verdict=Verdict.FALSE)
    data = {"claims": [str(claim.pk)], "status": "retracted"}
    response = reviewer.post(reverse("claim_bulk_status"), data, follow=True)
    assert "Say why the verdicts are retracted." in response.text
    response = reviewer.post(
        reverse("claim_bulk_status"), {**data, "reason": "Wrong article."}, follow=True
    )
    assert "Retracted: 1 claim." in response.text
    assert claim.changes.get(action="retracted").changes == {"reason": "Wrong article."}


@pytest.mark.parametrize("status", ["new", "rated", "maybe"])
def test_a_bulk_status_outside_the_workflow_actions_is_a_form_error(status: str) -> None:
    reviewer = Client()
    reviewer.force_login(UserFactory(roles=[REVIEWER]))
    claim = ClaimFactory(status=ClaimStatus.PUBLISHED, verdict=Verdict.FALSE)
    response = reviewer.post(
        reverse("claim_bulk_status"), {"claims": [str(claim.pk)], "status": status}, follow=True
    )
    assert "Select a valid choice." in response.text
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PUBLISHED


def test_setting_a_status_in_bulk_is_a_reviewers(editor_client: Client) -> None:
    claim = ClaimFactory(status=ClaimStatus.RATED, verdict=Verdict.FALSE)
    assert reverse("claim_bulk_status") not in editor_client.get(reverse("claim_list")).text
    data = {"claims": [str(claim.pk)], "status": "published"}
    assert editor_client.post(reverse("claim_bulk_status"), data).status_code == 403
    with pytest.raises(NotAllowed):
        claims_set_status(claims=[claim], status="published", by=UserFactory(roles=[EDITOR]))
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.RATED
