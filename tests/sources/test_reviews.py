"""Editors review the sources the extractor proposed: confirm with a grade, or merge into the
known source they are another name of (attributions follow, the name is kept as an alias)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import EDITOR, VIEWER
from claims.models import Attribution, ClaimStatus, Role
from claims.services.source_reviews import source_merge
from factcheck.exceptions import NotAllowed
from sources.models import Grade, Source, SourceAlias, SourceStatus
from tests.conftest import page_client
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_an_editor_confirms_a_proposed_source_with_a_grade() -> None:
    source = SourceFactory(status=SourceStatus.PROPOSED)
    editor = page_client(EDITOR)
    page = editor.get(reverse("source_detail", args=[source.pk])).text
    assert "Confirm with this grade" in page
    response = editor.post(reverse("source_confirm", args=[source.pk]), {"grade": "B"}, follow=True)
    assert f"{source.name}: confirmed, graded B: usually reliable." in _messages(response)
    source.refresh_from_db()
    assert (source.status, source.grade) == (SourceStatus.CONFIRMED, Grade.B)


def test_merging_moves_attributions_and_outlets_and_keeps_the_name_as_an_alias() -> None:
    into = SourceFactory(name="Office for National Statistics", status=SourceStatus.CONFIRMED)
    proposed = SourceFactory(name="ONS statisticians", status=SourceStatus.PROPOSED)
    SourceAlias.objects.create(source=proposed, name="the ONS team", key="the ons team")
    moved = AttributionFactory(source=proposed)
    shared = ClaimFactory()
    AttributionFactory(claim=shared, source=into, role=Role.ORIGINATOR)
    AttributionFactory(claim=shared, source=proposed, role=Role.ORIGINATOR)
    article = ArticleFactory(outlet=proposed)
    response = page_client(EDITOR).post(
        reverse("source_merge", args=[proposed.pk]),
        {"into": "office for national statistics"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("source_detail", args=[into.pk])
    assert not Source.objects.filter(pk=proposed.pk).exists()
    moved.refresh_from_db()
    article.refresh_from_db()
    assert moved.source == into and article.outlet == into
    # The shared claim keeps one attribution to the merged source, not two.
    assert Attribution.objects.filter(claim=shared, source=into).count() == 1
    assert set(into.aliases.values_list("name", flat=True)) == {"ONS statisticians", "the ONS team"}


def test_merging_a_source_into_itself_or_an_unknown_one_is_refused_with_a_message() -> None:
    source = SourceFactory(status=SourceStatus.PROPOSED)
    editor = page_client(EDITOR)
    url = reverse("source_merge", args=[source.pk])
    response = editor.post(url, {"into": source.name}, follow=True)
    assert _messages(response) == ["A source cannot be merged into itself."]
    response = editor.post(url, {"into": "Nobody"}, follow=True)
    assert _messages(response) == ["No source is named 'Nobody'."]
    assert Source.objects.filter(pk=source.pk).exists()


def test_reviewing_sources_is_refused_to_viewers_and_shown_only_to_editors() -> None:
    source = SourceFactory(status=SourceStatus.PROPOSED)
    viewer = page_client(VIEWER)
    assert (
        "Confirm with this grade" not in viewer.get(reverse("source_detail", args=[source.pk])).text
    )
    assert (
        viewer.post(reverse("source_confirm", args=[source.pk]), {"grade": "A"}).status_code == 403
    )
    assert viewer.post(reverse("source_merge", args=[source.pk]), {"into": "x"}).status_code == 403
    source.refresh_from_db()
    assert source.status == SourceStatus.PROPOSED


def test_a_merge_by_no_editor_is_refused_by_the_service() -> None:
    viewer = UserFactory(roles=[VIEWER])
    a, b = SourceFactory(), SourceFactory()
    with pytest.raises(NotAllowed, match="Only an editor reviews sources"):
        source_merge(source=a, into=b, by=viewer)


def test_a_merge_changes_the_version_of_the_claims_whose_attributions_moved() -> None:
    attribution = AttributionFactory(source=SourceFactory())
    claim = attribution.claim
    before = claim.updated_at
    source_merge(source=attribution.source, into=SourceFactory(), by=None)
    claim.refresh_from_db()
    assert claim.updated_at > before and claim.status != ClaimStatus.RETRACTED
