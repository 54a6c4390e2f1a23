from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.urls import reverse

from accounts.roles import ADMIN, EDITOR, REVIEWER, VIEWER, user_may
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


def test_a_permission_given_to_a_user_directly_counts_nowhere(client: Client) -> None:
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_claim"))
    client.force_login(user)
    assert not User.objects.get(pk=user.pk).has_perm("claims.view_claim")
    assert client.get(reverse("claim_list")).status_code == 403
    assert client.get("/api/v1/claims/").status_code == 403


def test_a_group_that_is_no_role_grants_nothing() -> None:
    group = Group.objects.create(name="interns")
    group.permissions.add(Permission.objects.get(codename="view_claim"))
    user = UserFactory()
    user.groups.add(group)
    assert not user.has_perm("claims.view_claim")


def test_an_inactive_user_holds_no_permission() -> None:
    user = UserFactory(roles=[ADMIN], is_active=False)
    assert not user.has_perm("claims.view_claim")
    assert not user_may(user, "claims.view_claim")


def test_roles_are_read_once_for_every_permission_asked(django_assert_num_queries) -> None:
    user = User.objects.get(pk=UserFactory(roles=[EDITOR]).pk)
    with django_assert_num_queries(1):  # the user's groups
        assert user.has_perm("claims.change_claim")
        assert not user.has_perm("claims.publish_claim")
        assert user_may(user, "sources.change_source")


def test_the_admin_lists_the_apps_a_role_grants_permissions_in(client: Client) -> None:
    client.force_login(UserFactory(roles=[VIEWER], is_staff=True))
    listed = client.get(reverse("admin:index")).text
    assert reverse("admin:claims_claim_changelist") in listed
    assert reverse("admin:auth_user_changelist") not in listed
