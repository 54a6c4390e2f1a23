"""The source pages: the list of sources, a source's page, and its track-record button."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import EDITOR
from claims.models import CrossCheck, CrossCheckKind, Role, Stance, Verdict
from sources.models import Grade, SourceAlias, SourceKind, SourceStatus
from tests.conftest import page_client
from tests.factories import (
    AttributionFactory,
    ClaimFactory,
    CrossCheckAttemptFactory,
    CrossCheckFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _track_record_check(**fields: object) -> CrossCheck:
    return CrossCheckFactory(
        claim=None, source=SourceFactory(), kind=CrossCheckKind.TRACK_RECORD, **fields
    )


def _page_urls() -> list[str]:
    source = SourceFactory()
    return [reverse("source_list"), reverse("source_detail", args=[source.pk])]


def test_source_pages_ask_anonymous_visitors_to_log_in(client: Client) -> None:
    for url in _page_urls():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_source_pages_refuse_a_user_without_a_role(client: Client) -> None:
    client.force_login(UserFactory())
    assert [client.get(url).status_code for url in _page_urls()] == [403, 403]


def test_the_navigation_offers_the_source_list_to_viewers(viewer_client: Client) -> None:
    assert f'href="{reverse("source_list")}"' in viewer_client.get(reverse("home")).text


# The source list


def test_source_list_shows_each_sources_kind_grade_status_reliability_and_claims(
    viewer_client: Client,
) -> None:
    tass = SourceFactory(
        name="TASS",
        kind=SourceKind.STATE_MEDIA,
        grade=Grade.D,
        reliability=0.42,
        reliability_low=0.3,
        reliability_high=0.55,
    )
    claim = ClaimFactory()
    AttributionFactory(claim=claim, source=tass, role=Role.ORIGINATOR)
    AttributionFactory(claim=claim, source=tass, role=Role.RELAY)
    AttributionFactory(source=tass)
    SourceFactory(name="Kremlin aide", status=SourceStatus.PROPOSED)
    response = viewer_client.get(reverse("source_list"))
    assert response.status_code == 200
    page = response.text
    assert f'href="{reverse("source_detail", args=[tass.pk])}">TASS</a>' in page
    assert "State media" in page and "D: not usually reliable" in page
    assert '42% <span class="muted">(90% interval 30–55%)</span>' in page
    assert "<td>2</td>" in page  # two claims, one of them in two roles
    assert '<a class="proposed"' in page and "not yet estimated" in page


def test_source_list_filters_by_status_and_by_name_or_alias(viewer_client: Client) -> None:
    cfr = SourceFactory(name="Council on Foreign Relations")
    SourceAlias.objects.create(source=cfr, name="CFR", key="cfr")
    SourceFactory(name="Kremlin aide", status=SourceStatus.PROPOSED)
    SourceFactory(name="Reuters")

    def listed(**query: str) -> list[str]:
        response = viewer_client.get(reverse("source_list"), query)
        return [name for name in ("Council", "Kremlin", "Reuters") if name in response.text]

    assert listed(status="proposed") == ["Kremlin"]
    assert listed(status="confirmed") == ["Council", "Reuters"]
    assert listed(name="cfr") == ["Council"]
    assert listed(name="REU", status="confirmed") == ["Reuters"]
    assert listed(status="no such status") == ["Council", "Kremlin", "Reuters"]


def test_source_list_shows_fifty_sources_a_page_and_keeps_the_filter_across_pages(
    viewer_client: Client,
) -> None:
    for number in range(51):
        SourceFactory(name=f"Outlet {number:02}", status=SourceStatus.PROPOSED)
    first = viewer_client.get(reverse("source_list"), {"status": "proposed"}).text
    assert "Outlet 49" in first and "Outlet 50" not in first
    assert 'href="?status=proposed&amp;page=2"' in first
    second = viewer_client.get(reverse("source_list"), {"status": "proposed", "page": 2}).text
    assert "Outlet 50" in second and "Outlet 49" not in second


@pytest.mark.parametrize("sources", [1, 20])
def test_source_list_runs_the_same_queries_whatever_the_number_of_sources(
    viewer_client: Client, django_assert_num_queries, sources: int
) -> None:
    for source in SourceFactory.create_batch(sources):
        AttributionFactory.create_batch(2, source=source)
    # session, user, the user's roles,
    # count of sources, the page of sources with their numbers of claims
    with django_assert_num_queries(5):
        response = viewer_client.get(reverse("source_list"))
    assert response.status_code == 200


# The source page


def test_source_page_shows_who_the_source_is_and_why_it_is_graded_so(
    viewer_client: Client,
) -> None:
    kremlin = SourceFactory(name="Kremlin")
    aide = SourceFactory(
        name="Kremlin aide",
        kind=SourceKind.OFFICIAL,
        country="RU",
        homepage="https://kremlin.example/",
        affiliation=kremlin,
        grade=Grade.C,
        grade_rationale="Official statements, often unverifiable.",
        reliability=0.61,
        reliability_low=0.4,
        reliability_high=0.8,
        reliability_explanation="Prior from grade C; 3 of 4 claims confirmed.",
        reliability_updated_at=timezone.now(),
    )
    SourceAlias.objects.create(source=aide, name="Presidential aide", key="presidential aide")
    response = viewer_client.get(reverse("source_detail", args=[aide.pk]))
    assert response.status_code == 200
    page = response.text
    assert "<h2>Kremlin aide</h2>" in page
    assert "Official" in page and "RU" in page and 'href="https://kremlin.example/"' in page
    assert f'href="{reverse("source_detail", args=[kremlin.pk])}">Kremlin</a>' in page
    assert "Presidential aide" in page
    assert "C: fairly reliable" in page and "Official statements, often unverifiable." in page
    assert "61%" in page and "90% interval 40–80%" in page
    assert "Prior from grade C; 3 of 4 claims confirmed." in page
    assert f"computed {aide.reliability_updated_at:%Y-%m-%d %H:%M:%S}" in page


def test_source_page_of_a_source_not_yet_estimated_says_so(viewer_client: Client) -> None:
    source = SourceFactory()
    response = viewer_client.get(reverse("source_detail", args=[source.pk]))
    assert "not yet estimated" in response.text
    assert "No claim is attributed to this source yet." in response.text


def test_source_page_counts_its_claims_by_verdict_and_role(viewer_client: Client) -> None:
    tass = SourceFactory(name="TASS")
    for verdict in (Verdict.FALSE, Verdict.FALSE, Verdict.TRUE, ""):
        AttributionFactory(source=tass, claim=ClaimFactory(verdict=verdict))
    AttributionFactory(source=tass, claim=ClaimFactory(verdict=Verdict.FALSE), role=Role.RELAY)
    AttributionFactory(claim=ClaimFactory(verdict=Verdict.TRUE))  # another source's
    response = viewer_client.get(reverse("source_detail", args=[tass.pk]))
    page = response.text
    assert "<tr><td>True</td><td>1</td><td>0</td></tr>" in page
    assert "<tr><td>False</td><td>2</td><td>1</td></tr>" in page
    assert "<tr><td>Mixed</td><td>0</td><td>0</td></tr>" in page
    assert "<tr><td>Not yet rated</td><td>1</td><td>0</td></tr>" in page


def test_source_page_lists_its_claims_with_its_role_and_whom_it_relays(
    viewer_client: Client,
) -> None:
    tass = SourceFactory(name="TASS")
    relayed = ClaimFactory(text="The talks failed.")
    aide = AttributionFactory(claim=relayed, source__name="Kremlin aide").source
    AttributionFactory(claim=relayed, source=tass, role=Role.RELAY)
    own = ClaimFactory(text="Grain exports rose.")
    AttributionFactory(claim=own, source=tass, stance=Stance.CONTRADICTS)
    ClaimFactory(text="A claim TASS has nothing to do with.")
    response = viewer_client.get(reverse("source_detail", args=[tass.pk]))
    page = response.text
    assert page.index("Grain exports rose.") < page.index("The talks failed.")  # newest first
    assert "A claim TASS has nothing to do with." not in page
    assert f'href="{reverse("claim_detail", args=[relayed.pk])}"' in page
    assert "Relay (passed the claim on)" in page and "Originator (made the claim)" in page
    assert "Contradicts" in page
    assert f'href="{reverse("source_detail", args=[aide.pk])}">Kremlin aide</a>' in page


def test_source_page_shows_only_its_fifty_most_recent_claims(viewer_client: Client) -> None:
    source = SourceFactory()
    for number in range(51):
        AttributionFactory(source=source, claim__text=f"Claim {number:02} of the source.")
    page = viewer_client.get(reverse("source_detail", args=[source.pk])).text
    assert "Claim 50 of the source." in page and "Claim 01 of the source." in page
    assert "Claim 00 of the source." not in page


def test_source_page_of_an_unknown_source_is_not_found(viewer_client: Client) -> None:
    assert viewer_client.get(reverse("source_detail", args=[10**6])).status_code == 404
    assert viewer_client.get(reverse("source_detail", args=[10**30])).status_code == 404


def test_source_page_shows_its_track_record_checks_with_their_attempts(
    viewer_client: Client,
) -> None:
    check = _track_record_check(status="failed", attempts=1, error="The database went away.")
    CrossCheckAttemptFactory(crosscheck=check, number=1, outcome="failed", worker="w1@host")
    response = viewer_client.get(reverse("source_detail", args=[check.source.pk]))
    page = response.text
    assert "Source track record" in page and "Failed" in page
    assert "The database went away." in page and "w1@host" in page
    assert '<meta http-equiv="refresh"' not in page


def test_source_page_shows_only_its_twenty_most_recent_checks(viewer_client: Client) -> None:
    source = SourceFactory()
    for number in range(21):
        CrossCheckFactory(
            claim=None,
            source=source,
            kind=CrossCheckKind.TRACK_RECORD,
            status="failed",
            error=f"Error {number:02}.",
        )
    page = viewer_client.get(reverse("source_detail", args=[source.pk])).text
    assert "Error 20." in page and "Error 01." in page and "Error 00." not in page


@pytest.mark.parametrize(
    ("status", "refreshes"),
    [("queued", True), ("running", True), ("succeeded", False), ("cancelled", False)],
)
def test_source_page_reloads_itself_while_a_check_is_queued_or_running(
    viewer_client: Client, status: str, refreshes: bool
) -> None:
    check = _track_record_check(status=status)
    response = viewer_client.get(reverse("source_detail", args=[check.source.pk]))
    assert ('<meta http-equiv="refresh" content="3">' in response.text) is refreshes


def test_source_page_offers_its_buttons_to_editors_only(viewer_client: Client) -> None:
    check = _track_record_check(status="queued")
    buttons = [
        reverse("source_crosscheck_queue", args=[check.source.pk]),
        reverse("source_crosscheck_cancel", args=[check.source.pk, check.pk]),
    ]
    url = reverse("source_detail", args=[check.source.pk])
    viewer_page = viewer_client.get(url).text
    editor_page = page_client(EDITOR).get(url).text
    assert [button in viewer_page for button in buttons] == [False, False]
    assert [button in editor_page for button in buttons] == [True, True]


@pytest.mark.parametrize("rows", [1, 10])
def test_source_page_runs_the_same_queries_whatever_the_number_of_claims_and_checks(
    viewer_client: Client, django_assert_num_queries, rows: int
) -> None:
    source = SourceFactory(affiliation=SourceFactory())
    for number in range(rows):
        SourceAlias.objects.create(source=source, name=f"Alias {number}", key=f"alias {number}")
        attribution = AttributionFactory(source=source, claim__verdict=Verdict.FALSE)
        AttributionFactory.create_batch(2, claim=attribution.claim)
        check = CrossCheckFactory(
            claim=None, source=source, kind=CrossCheckKind.TRACK_RECORD, status="failed"
        )
        for number in (1, 2):
            CrossCheckAttemptFactory(crosscheck=check, number=number)
    # session, user, the user's roles,
    # the source with its affiliation, its aliases, its claims counted by verdict and role,
    # its most recent attributions with their claims and articles, the attributions of those
    # claims with their sources, its most recent CrossChecks, their attempts
    with django_assert_num_queries(10):
        response = viewer_client.get(reverse("source_detail", args=[source.pk]))
    assert response.status_code == 200


# The track-record button


def test_queueing_a_track_record_check_records_it_and_shows_it(editor_client: Client) -> None:
    source = SourceFactory()
    url = reverse("source_crosscheck_queue", args=[source.pk])
    response = editor_client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("source_detail", args=[source.pk]), 302)]
    check = CrossCheck.objects.get()
    assert (check.source, check.claim, check.kind, check.status) == (
        source,
        None,
        "track_record",
        "queued",
    )
    assert check.requested_by == response.wsgi_request.user
    assert f"Source track record check {check.pk}: Queued." in response.text
    assert '<meta http-equiv="refresh" content="3">' in response.text


def test_queueing_a_track_record_check_already_pending_shows_that_one(
    editor_client: Client,
) -> None:
    pending = _track_record_check(status="running")
    url = reverse("source_crosscheck_queue", args=[pending.source.pk])
    response = editor_client.post(url, follow=True)
    assert CrossCheck.objects.get() == pending
    assert f"Source track record check {pending.pk}: Running." in response.text


def test_queueing_on_a_source_is_refused_to_viewers_and_anonymous_visitors(
    viewer_client: Client,
) -> None:
    url = reverse("source_crosscheck_queue", args=[SourceFactory().pk])
    assert viewer_client.post(url).status_code == 403
    viewer_client.logout()
    assert viewer_client.post(url)["Location"].startswith(reverse("login"))
    assert not CrossCheck.objects.exists()


def test_queueing_on_an_unknown_source_is_not_found(editor_client: Client) -> None:
    for pk in (10**6, 10**30):
        url = reverse("source_crosscheck_queue", args=[pk])
        assert editor_client.post(url).status_code == 404
    assert not CrossCheck.objects.exists()


def test_the_queue_button_answers_only_posts(editor_client: Client) -> None:
    url = reverse("source_crosscheck_queue", args=[SourceFactory().pk])
    assert editor_client.get(url).status_code == 405


def test_cancelling_a_pending_track_record_check_records_who_cancelled_it(
    editor_client: Client,
) -> None:
    check = _track_record_check(status="queued")
    url = reverse("source_crosscheck_cancel", args=[check.source.pk, check.pk])
    response = editor_client.post(url, follow=True)
    check.refresh_from_db()
    assert (check.status, check.cancelled_by) == ("cancelled", response.wsgi_request.user)
    assert f"Source track record check {check.pk} cancelled." in response.text


def test_cancelling_is_refused_to_viewers_and_to_checks_of_another_source(
    viewer_client: Client, editor_client: Client
) -> None:
    check = _track_record_check(status="queued")
    url = reverse("source_crosscheck_cancel", args=[check.source.pk, check.pk])
    assert viewer_client.post(url).status_code == 403
    elsewhere = reverse("source_crosscheck_cancel", args=[SourceFactory().pk, check.pk])
    assert editor_client.post(elsewhere).status_code == 404
    check.refresh_from_db()
    assert check.status == "queued"


# Links to source pages from the claim pages


def test_claim_pages_link_each_source_to_its_page(viewer_client: Client) -> None:
    attribution = AttributionFactory(source__name="TASS")
    link = f'href="{reverse("source_detail", args=[attribution.source.pk])}">TASS</a>'
    for url in (
        reverse("home"),
        reverse("article_detail", args=[attribution.claim.article.pk]),
        reverse("claim_detail", args=[attribution.claim.pk]),
    ):
        assert link in viewer_client.get(url).text, url
