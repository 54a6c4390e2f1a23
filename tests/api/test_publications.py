"""Who may change what a published fact-check will say next, and how: the attributions of a
published claim are a reviewer's to change, with If-Match, and change the public ClaimReview only
once it is published again."""

from __future__ import annotations

import pytest

from accounts.roles import ADMIN, EDITOR, REVIEWER
from api.concurrency import etag
from claims.models import Attribution, Claim
from claims.services.claims import claim_rate
from claims.services.publications import claim_publish
from tests.api.conftest import client_for
from tests.factories import AttributionFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published() -> Attribution:
    claim = ClaimFactory()
    attribution = AttributionFactory(
        claim=claim, source__name="Tymur Tkachenko", source__kind="official"
    )
    claim_rate(claim=claim, verdict="false", rationale="No.", credibility=None, by=None)
    claim_publish(claim=claim, by=None)
    return attribution


def _author(claim: Claim) -> dict | None:
    review = client_for("anonymous").get(f"/api/v1/fact-checks/{claim.pk}/").json()
    return review["itemReviewed"].get("author")


WRITES = {
    "edit": lambda a: ("patch", f"/api/v1/attributions/{a.pk}/", {"stance": "contradicts"}),
    "delete": lambda a: ("delete", f"/api/v1/attributions/{a.pk}/", None),
    "create": lambda a: (
        "post",
        "/api/v1/attributions/",
        {"claim": a.claim_id, "source": SourceFactory().pk, "role": "relay"},
    ),
}


@pytest.mark.parametrize("persona", [EDITOR, REVIEWER, ADMIN])
@pytest.mark.parametrize("write", WRITES)
def test_attributions_of_a_published_claim_are_a_reviewers_with_if_match(
    published: Attribution, write: str, persona: str
) -> None:
    method, path, body = WRITES[write](published)
    client = client_for(persona)
    claim = Claim.objects.get(pk=published.claim_id)
    if persona == EDITOR:
        refused = getattr(client, method)(path, body, format="json", HTTP_IF_MATCH=etag(claim))
        assert refused.status_code == 403, refused.content
        return
    unconditional = getattr(client, method)(path, body, format="json")
    assert unconditional.status_code == 428
    stale = getattr(client, method)(path, body, format="json", HTTP_IF_MATCH='"stale"')
    assert stale.status_code == 412
    done = getattr(client, method)(path, body, format="json", HTTP_IF_MATCH=etag(claim))
    assert 200 <= done.status_code < 300, done.content
    # The claim's ETag moved with its attributions: the old one is stale now.
    again = getattr(client, method)(path, body, format="json", HTTP_IF_MATCH=etag(claim))
    assert again.status_code in {412, 404}


def test_deleting_the_claimant_changes_the_public_author_only_when_published_again(
    published: Attribution,
) -> None:
    reviewer = client_for(REVIEWER)
    claim = Claim.objects.get(pk=published.claim_id)
    assert _author(claim) == {"@type": "Person", "name": "Tymur Tkachenko"}
    deleted = reviewer.delete(f"/api/v1/attributions/{published.pk}/", HTTP_IF_MATCH=etag(claim))
    assert deleted.status_code == 204
    assert _author(claim) == {"@type": "Person", "name": "Tymur Tkachenko"}
    tag = reviewer.get(f"/api/v1/claims/{claim.pk}/")["ETag"]
    reviewer.post(f"/api/v1/claims/{claim.pk}/publish/", {}, format="json", HTTP_IF_MATCH=tag)
    assert _author(claim) is None


def test_attributions_of_an_unpublished_claim_need_no_if_match(editor) -> None:
    attribution = AttributionFactory()
    response = editor.patch(
        f"/api/v1/attributions/{attribution.pk}/", {"stance": "contradicts"}, format="json"
    )
    assert response.status_code == 200, response.content
