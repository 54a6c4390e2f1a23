"""The admin's CrossCheck action goes through the cancel service."""

from __future__ import annotations

import pytest

from claims.models import CrossCheckStatus
from tests.factories import ClaimFactory, CrossCheckFactory, UserFactory

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


def _admin_claim_form(client, claim) -> dict[str, object]:
    """The claim's admin change form as a browser would post it back unchanged."""
    response = client.get(f"/admin/claims/claim/{claim.pk}/change/")
    form = response.context["adminform"].form
    posted: dict[str, object] = {name: form[name].value() for name in form.fields}
    posted = {name: ("" if value is None else value) for name, value in posted.items()}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            posted[f"{management.prefix}-{name}"] = management.initial.get(name, 0)
        for index, inline_form in enumerate(inline.formset.initial_forms):
            for name, value in inline_form.initial.items():
                posted[f"{inline.formset.prefix}-{index}-{name}"] = "" if value is None else value
            posted[f"{inline.formset.prefix}-{index}-id"] = inline_form.instance.pk
            posted[f"{inline.formset.prefix}-{index}-claim"] = claim.pk
    return posted


def test_the_admin_refuses_a_stale_claim_save_and_cannot_set_a_verdict(client) -> None:
    client.force_login(UserFactory(username="admin1", is_staff=True, is_superuser=True))
    claim = ClaimFactory(text="The first wording.")
    tab_a = _admin_claim_form(client, claim)
    tab_b = _admin_claim_form(client, claim)
    assert "verdict" not in tab_a and "credibility" not in tab_a
    tab_a["text"] = "Tab A's wording."
    response = client.post(f"/admin/claims/claim/{claim.pk}/change/", tab_a)
    assert response.status_code == 302
    tab_b["text"] = "Tab B's wording."
    response = client.post(f"/admin/claims/claim/{claim.pk}/change/", tab_b)
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert (
        "Changed by admin1 at " in errors[0]
        and "since you opened it: edited in admin (" in errors[0]
    )
    claim.refresh_from_db()
    assert claim.text == "Tab A's wording."


def test_the_admin_cannot_assign_a_claim_past_the_assignment_service(client) -> None:
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    claim = ClaimFactory()
    posted = _admin_claim_form(client, claim)
    assert "assignee" not in posted
    posted["assignee"] = UserFactory().pk
    assert client.post(f"/admin/claims/claim/{claim.pk}/change/", posted).status_code == 302
    claim.refresh_from_db()
    assert claim.assignee is None
