from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.roles import ADMIN, EDITOR, REVIEWER, VIEWER
from api.services import token_create
from tests.factories import UserFactory

# The personas of the role table; "read_only" is an admin's read-only (partner) token.
PERSONAS = ["anonymous", "no_role", VIEWER, EDITOR, REVIEWER, ADMIN, "read_only"]


@pytest.fixture(autouse=True)
def _fresh_throttle_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def client_for(persona: str) -> APIClient:
    """An API client authenticated as the persona, with a real token (as integrators are)."""
    client = APIClient()
    if persona == "anonymous":
        return client
    roles = {"no_role": [], "read_only": [ADMIN]}.get(persona, [persona])
    user = UserFactory(username=persona, roles=roles)
    new = token_create(user=user, name="tests", read_only=persona == "read_only")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {new.secret}")
    client.user = user  # type: ignore[attr-defined]
    return client


@pytest.fixture
def api_client_for(db: None) -> Callable[[str], APIClient]:
    return client_for


@pytest.fixture
def editor(db: None) -> APIClient:
    return client_for(EDITOR)


@pytest.fixture
def reviewer(db: None) -> APIClient:
    return client_for(REVIEWER)


@pytest.fixture
def viewer(db: None) -> APIClient:
    return client_for(VIEWER)


@pytest.fixture
def admin(db: None) -> APIClient:
    return client_for(ADMIN)
