from __future__ import annotations

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from accounts.roles import VIEWER
from api.services import token_create
from api.throttling import UserRateThrottle
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


@override_settings(FACTCHECK_API_RATE="3/min")
def test_a_token_over_its_rate_gets_429_with_retry_after() -> None:
    client = client_for(VIEWER)
    for _ in range(3):
        assert client.get("/api/v1/claims/").status_code == 200
    response = client.get("/api/v1/claims/")
    assert response.status_code == 429
    assert response.json()["type"] == "throttled"
    assert 1 <= int(response["Retry-After"]) <= 60


@override_settings(FACTCHECK_API_RATE="2/min")
def test_each_user_has_their_own_budget() -> None:
    busy, quiet = client_for(VIEWER), client_for("editor")
    for _ in range(2):
        busy.get("/api/v1/claims/")
    assert busy.get("/api/v1/claims/").status_code == 429
    assert quiet.get("/api/v1/claims/").status_code == 200


@override_settings(FACTCHECK_API_RATE="2/min")
def test_a_second_token_does_not_double_a_users_budget() -> None:
    first = client_for(VIEWER)
    second = APIClient()
    new = token_create(user=first.user, name="second")
    second.credentials(HTTP_AUTHORIZATION=f"Bearer {new.secret}")
    for _ in range(2):
        assert first.get("/api/v1/claims/").status_code == 200
    assert second.get("/api/v1/claims/").status_code == 429


@override_settings(FACTCHECK_API_ANONYMOUS_RATE="1/min")
def test_anonymous_readers_are_throttled_by_address() -> None:
    client = client_for("anonymous")
    assert client.get("/api/v1/fact-checks/").status_code == 200
    assert client.get("/api/v1/fact-checks/").status_code == 429


@override_settings(FACTCHECK_API_RATE="1/min")
def test_a_throttled_token_is_let_in_again_when_the_minute_ends(monkeypatch) -> None:
    now = [1_000_040.0]  # 20 s into a minute
    monkeypatch.setattr(UserRateThrottle, "timer", lambda self: now[0])
    client = client_for(VIEWER)
    assert client.get("/api/v1/claims/").status_code == 200
    response = client.get("/api/v1/claims/")
    assert response.status_code == 429
    assert response["Retry-After"] == "40"
    now[0] += 40
    assert client.get("/api/v1/claims/").status_code == 200
