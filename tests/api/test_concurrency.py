from __future__ import annotations

import pytest

from sources.models import Grade
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_two_editors_with_the_same_etag_cannot_both_write(editor, reviewer) -> None:
    claim = ClaimFactory(text="Eight people were injured.")
    tag = editor.get(f"/api/v1/claims/{claim.pk}/")["ETag"]
    first = editor.patch(
        f"/api/v1/claims/{claim.pk}/", {"text": "Seven."}, format="json", HTTP_IF_MATCH=tag
    )
    assert first.status_code == 200
    assert first["ETag"] != tag
    second = reviewer.patch(
        f"/api/v1/claims/{claim.pk}/", {"text": "Nine."}, format="json", HTTP_IF_MATCH=tag
    )
    assert second.status_code == 412
    assert second.json()["type"] == "precondition_failed"
    claim.refresh_from_db()
    assert claim.text == "Seven."


def test_an_update_without_if_match_is_refused_with_428(editor) -> None:
    source = SourceFactory()
    response = editor.patch(f"/api/v1/sources/{source.pk}/", {"grade": "A"}, format="json")
    assert response.status_code == 428
    assert response.json()["type"] == "precondition_required"
    source.refresh_from_db()
    assert source.grade == Grade.F


def test_a_current_etag_lets_an_editor_regrade_a_source(editor) -> None:
    source = SourceFactory()
    tag = editor.get(f"/api/v1/sources/{source.pk}/")["ETag"]
    response = editor.patch(
        f"/api/v1/sources/{source.pk}/",
        {"grade": "B", "grade_rationale": "Corrects errors.", "aliases": ["Src"]},
        format="json",
        HTTP_IF_MATCH=tag,
    )
    assert response.status_code == 200, response.content
    assert response.json()["grade"] == "B"
    assert response.json()["aliases"] == ["Src"]


def test_a_rating_with_a_stale_etag_changes_nothing(reviewer) -> None:
    claim = ClaimFactory()
    stale = reviewer.get(f"/api/v1/claims/{claim.pk}/")["ETag"]
    reviewer.patch(
        f"/api/v1/claims/{claim.pk}/", {"value": "8"}, format="json", HTTP_IF_MATCH=stale
    )
    response = reviewer.post(
        f"/api/v1/claims/{claim.pk}/rate/",
        {"verdict": "true", "rationale": "Confirmed."},
        format="json",
        HTTP_IF_MATCH=stale,
    )
    assert response.status_code == 412
    claim.refresh_from_db()
    assert claim.verdict == ""
