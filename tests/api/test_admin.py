from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages

from api.models import ApiToken
from api.selectors import token_by_secret
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_admin_creates_a_token_and_sees_its_secret_once(client) -> None:
    client.force_login(User.objects.create_superuser("root", password="x"))
    owner = UserFactory()
    response = client.post(
        "/admin/api/apitoken/add/", {"user": owner.pk, "name": "CMS", "read_only": "on"}
    )
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    [message] = [m for m in messages if "secret" in m]
    secret = message.rsplit(" ", 1)[-1]
    token = token_by_secret(secret)
    assert token is not None and token.user == owner and token.read_only
    assert secret not in ApiToken.objects.values_list("digest", flat=True)


def test_an_admin_revokes_tokens_from_the_list(client) -> None:
    client.force_login(User.objects.create_superuser("root", password="x"))
    token = ApiToken.objects.create(user=UserFactory(), name="old", digest="d" * 64)
    client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
