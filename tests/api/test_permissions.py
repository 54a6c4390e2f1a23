"""Every endpoint × every persona: allowed (2xx) or refused (401 anonymous, 403 otherwise)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import override_settings
from rest_framework.test import APIClient

from accounts.roles import ADMIN, EDITOR, REVIEWER, VIEWER
from api.concurrency import etag
from api.models import DeliveryStatus, Webhook, WebhookDelivery
from claims.models import ClaimStatus, Verdict
from tests.api.conftest import PERSONAS, client_for
from tests.factories import (
    AttributionFactory,
    ClaimFactory,
    CrossCheckFactory,
    RelatedClaimFactory,
    SourceFactory,
    UserFactory,
    published_claim,
)

pytestmark = pytest.mark.django_db

READERS = {VIEWER, EDITOR, REVIEWER, ADMIN, "read_only"}
EDITORS = {EDITOR, REVIEWER, ADMIN}
REVIEWERS = {REVIEWER, ADMIN}
EVERYONE = set(PERSONAS)
SIGNED_IN = EVERYONE - {"anonymous"}


class World:
    """One record of each kind, fresh for each request of the table."""

    def __init__(self) -> None:
        self.source = SourceFactory()
        self.attribution = AttributionFactory(source=self.source)
        self.claim = self.attribution.claim
        self.article = self.claim.article
        self.rated = ClaimFactory(status=ClaimStatus.RATED, verdict=Verdict.FALSE)
        self.published = published_claim()
        self.crosscheck = CrossCheckFactory(claim=self.claim)
        self.related = RelatedClaimFactory(claim=self.claim, related=self.rated)
        self.webhook = Webhook.objects.create(url="https://partner.example/hook", secret="s" * 20)
        self.failed_delivery = WebhookDelivery.objects.create(
            webhook=self.webhook, event="ping", payload={}, status=DeliveryStatus.FAILED
        )
        self.other_source = SourceFactory()


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    allowed: set[str]
    body: dict[str, Any] | None = None
    if_match: str | None = None  # the attribute of World whose ETag to send


CALLS: dict[str, Any] = {
    "sources list": lambda w: Call("get", "/api/v1/sources/", READERS),
    "source detail": lambda w: Call("get", f"/api/v1/sources/{w.source.pk}/", READERS),
    "source create": lambda w: Call("post", "/api/v1/sources/", EDITORS, {"name": "Reuters"}),
    "source edit": lambda w: Call(
        "patch", f"/api/v1/sources/{w.source.pk}/", EDITORS, {"grade": "B"}, "source"
    ),
    "articles list": lambda w: Call("get", "/api/v1/articles/", READERS),
    "article detail": lambda w: Call("get", f"/api/v1/articles/{w.article.pk}/", READERS),
    "article ingest": lambda w: Call(
        "post", "/api/v1/articles/", EDITORS, {"text": "Title\nAccording to TASS, it rained."}
    ),
    "claims list": lambda w: Call("get", "/api/v1/claims/", READERS),
    "claim detail": lambda w: Call("get", f"/api/v1/claims/{w.claim.pk}/", READERS),
    "claim create": lambda w: Call("post", "/api/v1/claims/", EDITORS, {"text": "It rained."}),
    "claim edit": lambda w: Call(
        "patch", f"/api/v1/claims/{w.claim.pk}/", EDITORS, {"text": "It snowed."}, "claim"
    ),
    "claim rate": lambda w: Call(
        "post",
        f"/api/v1/claims/{w.claim.pk}/rate/",
        REVIEWERS,
        {"verdict": "false", "rationale": "No rain was recorded."},
        "claim",
    ),
    "claim publish": lambda w: Call(
        "post", f"/api/v1/claims/{w.rated.pk}/publish/", REVIEWERS, {}, "rated"
    ),
    "claim retract": lambda w: Call(
        "post",
        f"/api/v1/claims/{w.published.pk}/retract/",
        REVIEWERS,
        {"reason": "Wrong figures."},
        "published",
    ),
    "claim group": lambda w: Call(
        "post",
        f"/api/v1/claims/{w.claim.pk}/group/",
        EDITORS,
        {"question": "People injured in Kyiv", "value": "8"},
        "claim",
    ),
    "claim ungroup": lambda w: Call(
        "post", f"/api/v1/claims/{w.claim.pk}/ungroup/", EDITORS, {}, "claim"
    ),
    "related claims list": lambda w: Call("get", "/api/v1/related-claims/", READERS),
    "related claim detail": lambda w: Call(
        "get", f"/api/v1/related-claims/{w.related.pk}/", READERS
    ),
    "related claim accept": lambda w: Call(
        "post", f"/api/v1/related-claims/{w.related.pk}/accept/", EDITORS, {}
    ),
    "related claim reject": lambda w: Call(
        "post", f"/api/v1/related-claims/{w.related.pk}/reject/", EDITORS, {}
    ),
    "reports import": lambda w: Call(
        "post",
        "/api/v1/reports/",
        EDITORS,
        {"reports": [{"question": "Population of Springfield", "source": "Census", "value": "1"}]},
    ),
    "attribution detail": lambda w: Call(
        "get", f"/api/v1/attributions/{w.attribution.pk}/", READERS
    ),
    "attribution create": lambda w: Call(
        "post",
        "/api/v1/attributions/",
        EDITORS,
        {"claim": w.claim.pk, "source": w.other_source.pk, "role": "relay"},
    ),
    "attribution edit": lambda w: Call(
        "patch", f"/api/v1/attributions/{w.attribution.pk}/", EDITORS, {"stance": "contradicts"}
    ),
    "attribution delete": lambda w: Call(
        "delete", f"/api/v1/attributions/{w.attribution.pk}/", EDITORS
    ),
    "crosschecks list": lambda w: Call("get", "/api/v1/crosschecks/", READERS),
    "crosscheck detail": lambda w: Call("get", f"/api/v1/crosschecks/{w.crosscheck.pk}/", READERS),
    "crosscheck queue": lambda w: Call(
        "post", "/api/v1/crosschecks/", EDITORS, {"claim": w.claim.pk}
    ),
    "crosscheck cancel": lambda w: Call(
        "post", f"/api/v1/crosschecks/{w.crosscheck.pk}/cancel/", EDITORS, {}
    ),
    "fact-checks feed": lambda w: Call("get", "/api/v1/fact-checks/", EVERYONE),
    "fact-check detail": lambda w: Call("get", f"/api/v1/fact-checks/{w.published.pk}/", EVERYONE),
    "tokens list": lambda w: Call("get", "/api/v1/tokens/", SIGNED_IN),
    "token create": lambda w: Call(
        "post", "/api/v1/tokens/", SIGNED_IN - {"read_only"}, {"name": "CMS"}
    ),
    "webhooks list": lambda w: Call("get", "/api/v1/webhooks/", {ADMIN, "read_only"}),
    "webhook deliveries": lambda w: Call(
        "get", f"/api/v1/webhooks/{w.webhook.pk}/deliveries/", {ADMIN, "read_only"}
    ),
    "webhook create": lambda w: Call(
        "post",
        "/api/v1/webhooks/",
        {ADMIN},
        {"url": "http://127.0.0.1:9/hook", "secret": "a-long-shared-secret"},
    ),
    "webhook pause": lambda w: Call(
        "patch", f"/api/v1/webhooks/{w.webhook.pk}/", {ADMIN}, {"active": False}
    ),
    "webhook rotate secret": lambda w: Call(
        "post",
        f"/api/v1/webhooks/{w.webhook.pk}/rotate-secret/",
        {ADMIN},
        {"secret": "another-long-shared-secret"},
    ),
    "webhook ping": lambda w: Call("post", f"/api/v1/webhooks/{w.webhook.pk}/ping/", {ADMIN}, {}),
    "webhook redeliver": lambda w: Call(
        "post",
        f"/api/v1/webhooks/{w.webhook.pk}/deliveries/{w.failed_delivery.pk}/redeliver/",
        {ADMIN},
        {},
    ),
    "webhook delete": lambda w: Call("delete", f"/api/v1/webhooks/{w.webhook.pk}/", {ADMIN}),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", CALLS)
def test_each_endpoint_allows_exactly_the_roles_it_names(endpoint: str, persona: str) -> None:
    world = World()
    call: Call = CALLS[endpoint](world)
    client = client_for(persona)
    headers = {}
    if call.if_match:
        headers["HTTP_IF_MATCH"] = etag(getattr(world, call.if_match))
    response = getattr(client, call.method)(call.path, call.body, format="json", **headers)
    if persona in call.allowed:
        assert 200 <= response.status_code < 300, response.content
    else:
        assert response.status_code == (401 if persona == "anonymous" else 403), response.content
        assert response.json()["type"] in {"not_authenticated", "permission_denied"}


@override_settings(FACTCHECK_API_PUBLIC_FACT_CHECKS=False)
@pytest.mark.parametrize("path", ["/api/v1/fact-checks/", "/api/v1/fact-checks/1/"])
def test_anonymous_readers_get_no_fact_checks_when_settings_close_them(path: str) -> None:
    response = client_for("anonymous").get(path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_revoked_token_is_refused() -> None:
    client = client_for(VIEWER)
    assert client.get("/api/v1/claims/").status_code == 200
    client.user.api_tokens.update(revoked_at="2025-01-01T00:00Z")
    response = client.get("/api/v1/claims/")
    assert response.status_code == 401
    assert response.json()["type"] == "authentication_failed"


def test_others_tokens_are_not_found_rather_than_forbidden() -> None:
    owner, other = client_for(VIEWER), client_for(EDITOR)
    token = owner.user.api_tokens.get()
    response = other.delete(f"/api/v1/tokens/{token.pk}/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_unpublished_claim_has_no_fact_check_even_for_staff() -> None:
    claim = ClaimFactory(status=ClaimStatus.RATED, verdict=Verdict.TRUE)
    assert client_for(ADMIN).get(f"/api/v1/fact-checks/{claim.pk}/").status_code == 404
    assert client_for("anonymous").get(f"/api/v1/fact-checks/{claim.pk}/").status_code == 404


def test_a_role_taken_away_applies_to_the_next_request() -> None:
    client = client_for(VIEWER)
    assert client.get("/api/v1/claims/").status_code == 200
    client.user.groups.clear()
    assert client.get("/api/v1/claims/").status_code == 403


def test_a_role_given_applies_to_the_next_request() -> None:
    client = client_for("no_role")
    assert client.get("/api/v1/claims/").status_code == 403
    client.user.groups.add(Group.objects.get(name=VIEWER))
    assert client.get("/api/v1/claims/").status_code == 200
    assert client.post("/api/v1/claims/", {"text": "It rained."}, format="json").status_code == 403


def test_a_superuser_may_do_everything_without_a_role() -> None:
    client = client_for("no_role")
    User.objects.filter(pk=client.user.pk).update(is_superuser=True)
    assert client.get("/api/v1/webhooks/").status_code == 200
    assert client.post("/api/v1/claims/", {"text": "It rained."}, format="json").status_code == 201


def test_roles_decide_not_permissions_given_to_a_user_directly() -> None:
    client = client_for("no_role")
    client.user.user_permissions.add(Permission.objects.get(codename="view_claim"))
    assert client.get("/api/v1/claims/").status_code == 403


def test_a_browser_session_is_checked_against_the_users_roles() -> None:
    user = UserFactory(roles=[VIEWER])
    client = APIClient()
    client.force_login(user)
    assert client.get("/api/v1/claims/").status_code == 200
    response = client.post("/api/v1/claims/", {"text": "It rained."}, format="json")
    assert response.status_code == 403
