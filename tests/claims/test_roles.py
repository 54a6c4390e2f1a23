from __future__ import annotations

import pytest

from claims.roles import ADMIN, EDITOR, REVIEWER, VIEWER
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "allowed", "refused"),
    [
        (VIEWER, ["claims.view_claim", "sources.view_source"], ["claims.change_claim"]),
        (
            EDITOR,
            ["claims.change_claim", "claims.add_attribution", "sources.change_source"],
            ["claims.rate_claim", "claims.publish_claim"],
        ),
        (
            REVIEWER,
            ["claims.change_claim", "claims.rate_claim", "claims.publish_claim"],
            ["auth.change_user"],
        ),
        (ADMIN, ["claims.publish_claim", "auth.change_user"], []),
    ],
)
def test_each_role_grants_exactly_its_permissions(
    role: str, allowed: list[str], refused: list[str]
) -> None:
    user = UserFactory(roles=[role])
    assert all(user.has_perm(p) for p in allowed)
    assert not any(user.has_perm(p) for p in refused)
