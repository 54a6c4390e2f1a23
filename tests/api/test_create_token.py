"""A partner gets a first token from the command line."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from accounts.roles import VIEWER
from api.models import ApiToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_create_token_prints_a_secret_that_authenticates() -> None:
    UserFactory(username="partner", roles=[VIEWER])
    out = io.StringIO()
    call_command("create_token", "partner", "--read-only", "--name", "CMS", stdout=out)
    secret = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert (token.name, token.read_only) == ("CMS", True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/v1/claims/").status_code == 200
    assert client.post("/api/v1/tokens/", {"name": "x"}, format="json").status_code == 403


def test_create_token_refuses_an_unknown_user() -> None:
    with pytest.raises(CommandError):
        call_command("create_token", "nobody")
