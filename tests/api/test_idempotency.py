from __future__ import annotations

import pytest

from claims.models import Article, CrossCheck
from tests.factories import ClaimFactory
from tests.pages import Page, Pages, article_html

pytestmark = pytest.mark.django_db

TEXT = "Kyiv hit overnight\nAccording to Tymur Tkachenko, eight people were injured."


def test_a_retried_ingest_returns_the_first_answer(editor) -> None:
    first = editor.post(
        "/api/v1/articles/", {"text": TEXT}, format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    again = editor.post(
        "/api/v1/articles/", {"text": TEXT}, format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Article.objects.count() == 1


def test_a_retried_ingest_by_url_fetches_once_and_outside_the_keys_transaction(
    editor, pages: Pages
) -> None:
    # The fetcher refuses to run inside a transaction: a fetch under the key's would be a 500.
    pages.routes["/kyiv"] = Page(
        article_html(
            title="Kyiv hit overnight",
            paragraphs=["The mayor said eight people were injured in the overnight attack."],
        )
    )
    body = {"url": pages.url("/kyiv")}
    first = editor.post("/api/v1/articles/", body, format="json", HTTP_IDEMPOTENCY_KEY="u1")
    again = editor.post("/api/v1/articles/", body, format="json", HTTP_IDEMPOTENCY_KEY="u1")
    assert first.status_code == again.status_code == 201, first.content
    assert again["Idempotent-Replayed"] == "true"
    assert len(pages.requests) == 1
    assert Article.objects.count() == 1


def test_a_retried_queue_creates_one_crosscheck(editor) -> None:
    claim = ClaimFactory()
    for _ in range(3):
        response = editor.post(
            "/api/v1/crosschecks/", {"claim": claim.pk}, format="json", HTTP_IDEMPOTENCY_KEY="q"
        )
        assert response.status_code == 201
    assert CrossCheck.objects.count() == 1


def test_a_key_reused_with_another_body_is_refused(editor) -> None:
    claim, other = ClaimFactory(), ClaimFactory()
    editor.post(
        "/api/v1/crosschecks/", {"claim": claim.pk}, format="json", HTTP_IDEMPOTENCY_KEY="q"
    )
    response = editor.post(
        "/api/v1/crosschecks/", {"claim": other.pk}, format="json", HTTP_IDEMPOTENCY_KEY="q"
    )
    assert response.status_code == 422
    assert response.json()["type"] == "idempotency_key_reused"
    assert CrossCheck.objects.count() == 1


def test_a_refused_request_is_not_remembered(editor) -> None:
    bad = editor.post("/api/v1/articles/", {"text": " "}, format="json", HTTP_IDEMPOTENCY_KEY="a")
    assert bad.status_code == 400
    # The same key with a corrected body runs, rather than replaying the refusal.
    good = editor.post("/api/v1/articles/", {"text": TEXT}, format="json", HTTP_IDEMPOTENCY_KEY="a")
    assert good.status_code == 201
    assert "Idempotent-Replayed" not in good


def test_keys_are_per_user(editor, admin) -> None:
    editor.post("/api/v1/articles/", {"text": TEXT}, format="json", HTTP_IDEMPOTENCY_KEY="k")
    response = admin.post(
        "/api/v1/articles/", {"text": TEXT + " More."}, format="json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
