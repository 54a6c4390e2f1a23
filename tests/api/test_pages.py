"""The "My API tokens" page: create (secret shown once), list, revoke, one's own tokens only."""

from __future__ import annotations

import pytest

from api.models import ApiToken
from api.services import token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_signed_in_user_creates_lists_and_revokes_their_tokens(client) -> None:
    user = UserFactory(username="partner")
    client.force_login(user)
    created = client.post("/tokens/", {"name": "CMS", "read_only": "on"})
    assert created.status_code == 200
    secret = created.context["secret"]
    assert secret.startswith("fct_") and secret in created.content.decode()
    token = ApiToken.objects.get(user=user)
    assert (token.name, token.read_only) == ("CMS", True)
    listed = client.get("/tokens/").content.decode()
    assert "CMS" in listed and secret not in listed
    assert client.post(f"/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_others_tokens_are_neither_listed_nor_revoked(client) -> None:
    other = token_create(user=UserFactory(username="other"), name="theirs").token
    client.force_login(UserFactory(username="me"))
    assert "theirs" not in client.get("/tokens/").content.decode()
    assert client.post(f"/tokens/{other.pk}/revoke/").status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


def test_the_page_needs_a_sign_in(client) -> None:
    assert client.get("/tokens/").status_code == 302
