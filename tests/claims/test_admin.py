"""The admin's CrossCheck action goes through the cancel service."""

from __future__ import annotations

import pytest

from claims.models import CrossCheckStatus
from tests.factories import CrossCheckFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_admin_cancels_queued_checks_and_is_told_about_finished_ones(client) -> None:
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    queued = CrossCheckFactory()
    done = CrossCheckFactory(status=CrossCheckStatus.SUCCEEDED)
    response = client.post(
        "/admin/claims/crosscheck/",
        {"action": "cancel", "_selected_action": [queued.pk, done.pk]},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert f"CrossCheck {done.pk} has already succeeded" in messages[0]
    assert messages[1] == "1 CrossChecks cancelled."
    queued.refresh_from_db()
    assert (queued.status, queued.cancelled_by) == (CrossCheckStatus.CANCELLED, admin)
