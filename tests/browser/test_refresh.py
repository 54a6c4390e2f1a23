"""A page with a CrossCheck under way reloads itself (static/refresh.js) until the reader opens
a part of it: an explanation the page shows open by default does not stop it."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from accounts.roles import EDITOR
from claims.models import CrossCheckStatus
from tests.browser.conftest import Tabs
from tests.browser.test_editorial_day import _log_in
from tests.factories import ClaimFactory, CrossCheckFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _loads(page: Any) -> list[str]:
    seen: list[str] = []
    page.on("load", lambda _: seen.append(page.url))
    return seen


def test_a_claim_page_with_a_check_under_way_reloads_until_the_reader_opens_a_part(
    live_server: Any, tabs: Tabs
) -> None:
    UserFactory(username="eddie", roles=[EDITOR])
    claim = ClaimFactory(
        corroborated_at=timezone.now(), corroboration={"explanation": ["One voice."]}
    )
    CrossCheckFactory(claim=claim, status=CrossCheckStatus.RUNNING)
    page = _log_in(tabs, live_server.url, "eddie")
    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    assert page.locator("main details[open] summary", has_text="why").count() == 1
    loads = _loads(page)
    page.wait_for_event("load", timeout=15_000)  # reloaded, the explanation open
    assert loads
    # The reader opens the claim's edit form: the page waits for them.
    page.get_by_text("Edit the claim's text").click()
    settled = len(loads)
    page.wait_for_timeout(8_000)  # more than two reload periods
    assert len(loads) == settled
