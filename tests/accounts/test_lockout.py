"""Login throttling and lockout on every login form, the admin's included."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from accounts.models import LoginFailure
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db  # the default limit: 5 failures in 15 minutes

PASSWORD = "correct horse battery staple"
FORMS = ["/accounts/login/", "/admin/login/"]


def _user():
    user = UserFactory(username="ed", is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def _sign_in(client: Client, path: str, password: str):
    return client.post(path, {"username": "ed", "password": password})


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("path", FORMS)
def test_after_five_wrong_passwords_even_the_right_one_is_refused(path: str) -> None:
    _user()
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(5):
        assert _sign_in(client, path, "guess").status_code == 200
        assert not _signed_in(client)
    response = _sign_in(client, path, PASSWORD)
    assert not _signed_in(client)
    assert b"Too many failed sign-ins" in response.content


@pytest.mark.parametrize("path", FORMS)
def test_a_lockout_is_per_address_so_a_guesser_cannot_lock_the_owner_out(path: str) -> None:
    _user()
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(6):
        _sign_in(guesser, path, "guess")
    owner = Client(REMOTE_ADDR="198.51.100.9")
    _sign_in(owner, path, PASSWORD)
    assert _signed_in(owner)


def test_the_lockout_ends_when_its_window_has_passed() -> None:
    _user()
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(5):
        _sign_in(client, FORMS[0], "guess")
    long_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    LoginFailure.objects.update(at=long_ago)
    _sign_in(client, FORMS[0], PASSWORD)
    assert _signed_in(client)


def test_a_successful_sign_in_forgets_the_failures_before_it() -> None:
    _user()
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(4):
        _sign_in(client, FORMS[0], "guess")
    _sign_in(client, FORMS[0], PASSWORD)
    assert _signed_in(client)
    assert not LoginFailure.objects.exists()
