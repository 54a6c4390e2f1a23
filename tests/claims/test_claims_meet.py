"""Two articles about one night in Kyiv, pasted through the API, meet by themselves: the related-
claims checks queued by ingest run on a real worker, the conflict is proposed, and once an editor
accepts it the refresh it queued corroborates both claims against each other."""

from __future__ import annotations

import datetime

import pytest

from accounts.roles import EDITOR
from claims.models import Claim, CrossCheck, CrossCheckKind, RelatedClaim, Stance
from tests.api.conftest import client_for
from tests.conftest import WorkerOnRedis, needs_redis

pytestmark = [needs_redis(), pytest.mark.worker, pytest.mark.django_db(transaction=True)]

NIGHT = datetime.date(2024, 6, 1)


def _paste(editor, title: str, text: str, worker: WorkerOnRedis) -> Claim:
    """Ingest an article of one claim and wait for the checks its ingest queued."""
    response = editor.post(
        "/api/v1/articles/",
        {"title": title, "text": text, "published_at": NIGHT.isoformat()},
        format="json",
    )
    assert response.status_code == 201, response.content
    (claim,) = Claim.objects.filter(article_id=response.json()["id"])
    for check in CrossCheck.objects.filter(claim=claim):
        worker.wait_for(check)
    return claim


def test_conflicting_figures_are_proposed_and_once_accepted_weighed_against_each_other(
    celery_worker_on_redis,
) -> None:
    editor = client_for(EDITOR)
    eight = _paste(
        editor,
        "Missile attack on Kyiv",
        "Eight people were injured, according to Tymur Tkachenko.",
        celery_worker_on_redis,
    )
    ten = _paste(
        editor,
        "Kyiv hit overnight",
        "Ten people were injured, Kyiv mayor Vitali Klitschko said.",
        celery_worker_on_redis,
    )
    # Each pasted claim was corroborated and looked for its like by itself.
    assert {(check.kind, check.status) for check in CrossCheck.objects.all()} == {
        (CrossCheckKind.CORROBORATION, "succeeded"),
        (CrossCheckKind.RELATED_CLAIMS, "succeeded"),
    }
    before = set(CrossCheck.objects.values_list("pk", flat=True))

    proposal = RelatedClaim.objects.get(claim=ten, related=eight)
    assert proposal.stance == Stance.CONTRADICTS
    accepted = editor.post(f"/api/v1/related-claims/{proposal.pk}/accept/", {}, format="json")
    assert accepted.status_code == 200, accepted.content

    (refresh,) = CrossCheck.objects.exclude(pk__in=before)
    assert refresh.kind == CrossCheckKind.CORROBORATION
    celery_worker_on_redis.wait_for(refresh)
    for claim in (eight, ten):
        corroboration = editor.get(f"/api/v1/claims/{claim.pk}/").json()["corroboration"]
        assert corroboration["corroborated_at"], corroboration
        explanation = " ".join(corroboration["explanation"])
        assert "Tymur Tkachenko" in explanation and "Vitali Klitschko" in explanation
    eight.refresh_from_db()
    ten.refresh_from_db()
    assert eight.question == ten.question and eight.value != ten.value


def test_claims_on_one_topic_stating_different_facts_are_not_proposed(
    celery_worker_on_redis,
) -> None:
    editor = client_for(EDITOR)
    injured = _paste(
        editor,
        "Missile attack on Kyiv",
        "Eight people were injured in Kyiv, according to Tymur Tkachenko.",
        celery_worker_on_redis,
    )
    killed = _paste(
        editor,
        "Strike on Odesa",
        "Two people were killed in Odesa, governor Oleh Kiper said.",
        celery_worker_on_redis,
    )
    assert {c.status for c in CrossCheck.objects.filter(claim__in=[injured, killed])} == {
        "succeeded"
    }
    assert not RelatedClaim.objects.exists()
