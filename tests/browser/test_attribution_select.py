"""The article page's script in a real Chromium: a selection in the article's text fills the
"Add a missing attribution" form, which adds the attribution where the words stand."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.roles import EDITOR
from claims.models import Attribution
from tests.browser.conftest import Tabs
from tests.browser.test_editorial_day import _log_in
from tests.claims.test_article_attributions import BODY, _claim
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_selects_a_source_in_the_text_and_adds_the_attribution(
    live_server: Any, tabs: Tabs
) -> None:
    UserFactory(username="eddie", roles=[EDITOR])
    claim = _claim()
    second = BODY.rindex("Tymur Tkachenko")
    page = _log_in(tabs, live_server.url, "eddie")
    page.goto(f"{live_server.url}/articles/{claim.article_id}/")
    # Select the second "Tymur Tkachenko" in the text, as a mouse would.
    page.evaluate(
        """([start, length]) => {
            const text = document.getElementById("article-text");
            const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
            let seen = 0, node;
            while ((node = walker.nextNode())) {
                if (seen + node.length > start) { break; }
                seen += node.length;
            }
            const range = document.createRange();
            range.setStart(node, start - seen);
            range.setEnd(node, start - seen + length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            text.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        }""",
        [second, len("Tymur Tkachenko")],
    )
    assert page.get_by_label("The source as written").input_value() == "Tymur Tkachenko"
    assert page.locator('input[name="source_start"]').input_value() == str(second)
    assert "beside claim" in page.locator("#selection-status").inner_text()
    tabs.look(page, "attribution-selected")
    page.get_by_role("button", name="Add the attribution").click()
    page.wait_for_selector("text=attributed to Tymur Tkachenko as originator")
    attribution = Attribution.objects.get(claim=claim)
    assert (attribution.source_start, attribution.source_end) == (second, second + 15)
