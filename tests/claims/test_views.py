from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims.roles import VIEWER
from tests.factories import AttributionFactory, ClaimFactory, UserFactory

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
