"""Editors review the sources the extractor proposed: confirm with a grade, merge into the
known source they are another name of (attributions follow, the name is kept as an alias), or
reject as not a source (attributions removed, the name never proposed again)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import EDITOR, REVIEWER, VIEWER
from claims.models import Attribution, ClaimStatus, CrossCheck, CrossCheckKind, Role
from claims.services.attributions import attribution_create
from claims.services.ingest import ingest_article
from claims.services.source_reviews import source_merge, source_reject
from factcheck.exceptions import ApplicationError, NotAllowed
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


# Reject: "not a source".


def test_an_editor_rejects_a_proposed_source_and_its_attributions_go_into_the_history() -> None:
    source = SourceFactory(name="Officials", status=SourceStatus.PROPOSED)
    attribution = AttributionFactory(source=source)
    claim = attribution.claim
    article = ArticleFactory(outlet=source)
    affiliate = SourceFactory(affiliation=source)
    editor = page_client(EDITOR)
    assert "Reject: not a source" in editor.get(reverse("source_detail", args=[source.pk])).text
    response = editor.post(reverse("source_reject", args=[source.pk]), follow=True)
    assert _messages(response) == [
        "Officials: rejected, not a source. Its attributions were removed and the name will not "
        "be proposed again."
    ]
    source.refresh_from_db()
    article.refresh_from_db()
    affiliate.refresh_from_db()
    assert source.status == SourceStatus.REJECTED
    assert not Attribution.objects.filter(source=source).exists()
    assert article.outlet is None and affiliate.affiliation is None
    removed = claim.changes.get(action="attribution removed")
    assert removed.changes["reason"] == "Officials was rejected: not a source"
    assert CrossCheck.objects.filter(claim=claim, kind=CrossCheckKind.CORROBORATION).exists()


def test_a_rejected_name_is_never_proposed_or_attributed_again() -> None:
    source = SourceFactory(name="Tymur Tkachenko", status=SourceStatus.PROPOSED)
    source_reject(source=source, by=None)
    result = ingest_article(
        text="Kyiv\n\nAccording to Tymur Tkachenko, eight people were injured.", created_by=None
    )
    assert result.claims == 1 and result.proposed_sources == ()
    assert not Attribution.objects.filter(source=source).exists()
    assert Source.objects.filter(key=source.key).count() == 1


def test_a_rejected_source_cannot_be_attributed_nor_merged_into() -> None:
    rejected = SourceFactory(status=SourceStatus.PROPOSED)
    source_reject(source=rejected, by=None)
    with pytest.raises(ApplicationError, match="was rejected: it is not a source"):
        attribution_create(claim=ClaimFactory(), source=rejected, by=None)
    with pytest.raises(ApplicationError, match="was rejected: it is not a source"):
        source_merge(source=SourceFactory(), into=rejected, by=None)


def test_only_a_proposed_source_is_rejected() -> None:
    confirmed = SourceFactory(name="Reuters", status=SourceStatus.CONFIRMED)
    AttributionFactory(source=confirmed)
    response = page_client(EDITOR).post(reverse("source_reject", args=[confirmed.pk]), follow=True)
    assert _messages(response) == [
        "Only a proposed source can be rejected; Reuters is confirmed by an editor."
    ]
    assert Attribution.objects.filter(source=confirmed).count() == 1


def test_rejecting_is_refused_to_viewers() -> None:
    source = SourceFactory(status=SourceStatus.PROPOSED)
    viewer = page_client(VIEWER)
    assert "Reject: not a source" not in viewer.get(reverse("source_detail", args=[source.pk])).text
    assert viewer.post(reverse("source_reject", args=[source.pk])).status_code == 403
    with pytest.raises(NotAllowed):
        source_reject(source=source, by=UserFactory(roles=[VIEWER]))
    source.refresh_from_db()
    assert source.status == SourceStatus.PROPOSED


def test_a_rejection_keeps_retracted_claims_attributions_and_published_ones_need_a_reviewer() -> (
    None
):
    source = SourceFactory(name="Officials", status=SourceStatus.PROPOSED)
    kept = AttributionFactory(source=source, claim=ClaimFactory(status=ClaimStatus.RETRACTED))
    published = AttributionFactory(source=source, claim=ClaimFactory(status=ClaimStatus.PUBLISHED))
    response = page_client(EDITOR).post(reverse("source_reject", args=[source.pk]), follow=True)
    assert _messages(response) == [
        f"Claim {published.claim_id}: Only a reviewer changes the attributions of a published "
        "claim. Nothing was rejected."
    ]
    source_reject(source=source, by=UserFactory(roles=[REVIEWER]))
    assert list(Attribution.objects.filter(source=source)) == [kept]


def test_a_rejected_name_is_no_outlet_of_an_article_ingested_later() -> None:
    source = SourceFactory(name="Telegram channel", status=SourceStatus.PROPOSED)
    rejected = source_reject(source=source, by=None)
    result = ingest_article(text="Storm\n\nThe port was closed.", outlet=rejected, created_by=None)
    assert result.article.outlet is None
