"""Every URL the workbench serves (pages, buttons, the API, the admin), walked from the URL conf,
has a decision for each role: who may use it with each method it accepts. A URL added without
one fails here; each decision is then checked by a request as each role, a signed-in browser
session with its CSRF token (the API is asked the same way: one rule, accounts.roles, decides
for the pages, the admin and the API alike).

Allowed means past the gate, whatever the answer then (a form refused as 400, a 404, a stale
version's 412); refused means 401 or 403, or a redirect to a login page with `next`. The
signed-in personas are staff, so that the admin's answers are their roles' alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import LoginFailure
from accounts.roles import ADMIN, EDITOR, REVIEWER, VIEWER
from api.models import ApiToken, DeliveryStatus, Webhook, WebhookDelivery
from claims.models import ClaimChange, ClaimStatus, CrossCheckKind, Verdict
from sources.models import SourceAlias
from tests.factories import (
    AttributionFactory,
    ClaimFactory,
    CrossCheckFactory,
    QuestionFactory,
    RelatedClaimFactory,
    SourceFactory,
    UserFactory,
    published_claim,
)

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
NO_ROLE = "no role"  # signed in, in no role's group
ROLES = (ANONYMOUS, NO_ROLE, VIEWER, EDITOR, REVIEWER, ADMIN)

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {ANONYMOUS}
READERS = frozenset({VIEWER, EDITOR, REVIEWER, ADMIN})
EDITORS = frozenset({EDITOR, REVIEWER, ADMIN})
REVIEWERS = frozenset({REVIEWER, ADMIN})
ADMINS = frozenset({ADMIN})
NOBODY: frozenset[str] = frozenset()

CSRF_SECRET = "a" * 32  # any 32 letters and digits will do


class World:
    """One record of each kind the URLs name, fresh for each URL."""

    def __init__(self) -> None:
        self.source = SourceFactory()
        self.alias = SourceAlias.objects.create(source=self.source, name="An alias", key="an alias")
        self.attribution = AttributionFactory(source=self.source)
        self.claim = self.attribution.claim
        self.article = self.claim.article
        self.rated = ClaimFactory(status=ClaimStatus.RATED, verdict=Verdict.FALSE)
        self.published = published_claim()
        self.crosscheck = CrossCheckFactory(claim=self.claim)
        self.source_check = CrossCheckFactory(
            claim=None, source=self.source, kind=CrossCheckKind.TRACK_RECORD
        )
        self.related = RelatedClaimFactory(claim=self.claim, related=self.rated)
        self.webhook = Webhook.objects.create(url="https://partner.example/hook", secret="s" * 20)
        self.delivery = WebhookDelivery.objects.create(
            webhook=self.webhook, event="ping", payload={}, status=DeliveryStatus.FAILED
        )
        self.owner = UserFactory()
        self.token = ApiToken.objects.create(user=self.owner, name="CMS", digest="0" * 64)
        self.login_failure = LoginFailure.objects.create(username="someone", address="192.0.2.1")
        self.question = QuestionFactory()
        self.change = ClaimChange.objects.create(claim=self.claim, action="edited")


Kwargs = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Decision:
    """Who may use a URL, by method (those it accepts; any other is refused to everyone or
    answered 405); `kwargs` fills its path from the World."""

    methods: dict[str, frozenset[str]]
    kwargs: Kwargs = field(default=lambda world: {})
    # How a signed-in user is refused, when not by 403: the admin's list of an app's models
    # answers 404 to a user who may see none of them.
    refused: frozenset[int] = frozenset({401, 403})
    # Where it sends those it refuses, when not to a login page: the admin's logout sends
    # visitors it does not know to the admin's index (which sends them on to its login page).
    refused_to: str = ""


def claim(world: World) -> dict[str, Any]:
    return {"pk": world.claim.pk}


def source(world: World) -> dict[str, Any]:
    return {"pk": world.source.pk}


PAGES: dict[str, Decision] = {
    "healthz": Decision({"GET": EVERYONE}),
    "readyz": Decision({"GET": EVERYONE}),
    # For an operator's scraper with FACTCHECK_METRICS_TOKEN, never for a role; without the
    # setting (as here) it is not served at all.
    "metrics": Decision({"GET": NOBODY}, refused=frozenset({404})),
    "favicon.ico": Decision({"GET": EVERYONE}),
    "favicon": Decision({"GET": EVERYONE}),
    "login": Decision({"GET": EVERYONE, "POST": EVERYONE}),
    "logout": Decision({"POST": EVERYONE}),
    "home": Decision({"GET": READERS}),
    "claim_list": Decision({"GET": READERS}),
    "claim_bulk_crosscheck_queue": Decision({"POST": EDITORS}),
    "claim_bulk_assign": Decision({"POST": EDITORS}),
    # Publishing or retracting the ticked claims is a reviewer's, as for one claim.
    "claim_bulk_status": Decision({"POST": REVIEWERS}),
    "fact_check_list": Decision({"GET": EVERYONE}),
    "fact_check_detail": Decision({"GET": EVERYONE}, lambda w: {"pk": w.published.pk}),
    "article_ingest": Decision({"GET": EDITORS, "POST": EDITORS}),
    "article_detail": Decision({"GET": READERS}, lambda w: {"pk": w.article.pk}),
    "article_crosscheck_queue": Decision({"POST": EDITORS}, lambda w: {"pk": w.article.pk}),
    "article_attribution_add": Decision({"POST": EDITORS}, lambda w: {"pk": w.article.pk}),
    "claim_detail": Decision({"GET": READERS}, claim),
    "claim_crosscheck_queue": Decision({"POST": EDITORS}, claim),
    "claim_crosscheck_cancel": Decision(
        {"POST": EDITORS}, lambda w: {"pk": w.claim.pk, "check_pk": w.crosscheck.pk}
    ),
    "claim_rate": Decision({"POST": REVIEWERS}, claim),
    "claim_publish": Decision({"POST": REVIEWERS}, lambda w: {"pk": w.rated.pk}),
    "claim_retract": Decision({"POST": REVIEWERS}, lambda w: {"pk": w.published.pk}),
    "claim_edit": Decision({"POST": EDITORS}, claim),
    "attribution_add": Decision({"POST": EDITORS}, claim),
    "attribution_edit": Decision(
        {"POST": EDITORS}, lambda w: {"pk": w.claim.pk, "attribution_pk": w.attribution.pk}
    ),
    "attribution_delete": Decision(
        {"POST": EDITORS}, lambda w: {"pk": w.claim.pk, "attribution_pk": w.attribution.pk}
    ),
    "claim_question_split": Decision({"POST": EDITORS}, claim),
    "claim_related_decide": Decision(
        {"POST": EDITORS}, lambda w: {"pk": w.claim.pk, "related_pk": w.related.pk}
    ),
    "source_list": Decision({"GET": READERS}),
    "source_detail": Decision({"GET": READERS}, source),
    "source_confirm": Decision({"POST": EDITORS}, source),
    "source_merge": Decision({"POST": EDITORS}, source),
    "source_reject": Decision({"POST": EDITORS}, source),
    "source_crosscheck_queue": Decision({"POST": EDITORS}, source),
    "source_crosscheck_cancel": Decision(
        {"POST": EDITORS}, lambda w: {"pk": w.source.pk, "check_pk": w.source_check.pk}
    ),
    "token_list": Decision({"GET": SIGNED_IN, "POST": SIGNED_IN}),
    "token_revoke": Decision({"POST": SIGNED_IN}, lambda w: {"pk": w.token.pk}),
}

API: dict[str, Decision] = {
    "schema": Decision({"GET": EVERYONE}),
    "swagger": Decision({"GET": EVERYONE}),
    "redoc": Decision({"GET": EVERYONE}),
    "source-list": Decision({"GET": READERS, "POST": EDITORS}),
    "source-detail": Decision({"GET": READERS, "PATCH": EDITORS}, source),
    "article-list": Decision({"GET": READERS, "POST": EDITORS}),
    "article-detail": Decision({"GET": READERS}, lambda w: {"pk": w.article.pk}),
    "claim-list": Decision({"GET": READERS, "POST": EDITORS}),
    "claim-detail": Decision({"GET": READERS, "PATCH": EDITORS}, claim),
    "claim-rate": Decision({"POST": REVIEWERS}, claim),
    "claim-publish": Decision({"POST": REVIEWERS}, lambda w: {"pk": w.rated.pk}),
    "claim-retract": Decision({"POST": REVIEWERS}, lambda w: {"pk": w.published.pk}),
    "claim-group": Decision({"POST": EDITORS}, claim),
    "claim-ungroup": Decision({"POST": EDITORS}, claim),
    "claim-split": Decision({"POST": EDITORS}, claim),
    "attribution-list": Decision({"POST": EDITORS}),
    "attribution-detail": Decision(
        {"GET": READERS, "PATCH": EDITORS, "DELETE": EDITORS}, lambda w: {"pk": w.attribution.pk}
    ),
    "crosscheck-list": Decision({"GET": READERS, "POST": EDITORS}),
    "crosscheck-detail": Decision({"GET": READERS}, lambda w: {"pk": w.crosscheck.pk}),
    "crosscheck-cancel": Decision({"POST": EDITORS}, lambda w: {"pk": w.crosscheck.pk}),
    "report-list": Decision({"POST": EDITORS}),
    "related-claim-list": Decision({"GET": READERS}),
    "related-claim-detail": Decision({"GET": READERS}, lambda w: {"pk": w.related.pk}),
    "related-claim-accept": Decision({"POST": EDITORS}, lambda w: {"pk": w.related.pk}),
    "related-claim-reject": Decision({"POST": EDITORS}, lambda w: {"pk": w.related.pk}),
    "fact-check-list": Decision({"GET": EVERYONE}),
    "fact-check-detail": Decision({"GET": EVERYONE}, lambda w: {"pk": w.published.pk}),
    # Anyone signed in keeps their own tokens; another's is not found.
    "token-list": Decision({"GET": SIGNED_IN, "POST": SIGNED_IN}),
    "token-detail": Decision({"DELETE": SIGNED_IN}, lambda w: {"pk": w.token.pk}),
    "webhook-list": Decision({"GET": ADMINS, "POST": ADMINS}),
    "webhook-detail": Decision(
        {"GET": ADMINS, "PATCH": ADMINS, "DELETE": ADMINS}, lambda w: {"pk": w.webhook.pk}
    ),
    "webhook-deliveries": Decision({"GET": ADMINS}, lambda w: {"pk": w.webhook.pk}),
    "webhook-ping": Decision({"POST": ADMINS}, lambda w: {"pk": w.webhook.pk}),
    "webhook-rotate-secret": Decision({"POST": ADMINS}, lambda w: {"pk": w.webhook.pk}),
    # Any other address under /api/: a JSON 404, whoever asks.
    "api/": Decision({"GET": NOBODY}, refused=frozenset({404})),
    "webhook-redeliver": Decision(
        {"POST": ADMINS}, lambda w: {"pk": w.webhook.pk, "delivery_id": w.delivery.pk}
    ),
}

# The admin's own pages; each model's pages follow from ADMIN_MODELS below.
ADMIN_SITE: dict[str, Decision] = {
    "admin:login": Decision({"GET": EVERYONE, "POST": EVERYONE}),
    "admin:logout": Decision({"POST": SIGNED_IN}, refused_to="admin:index"),
    "admin:index": Decision({"GET": SIGNED_IN}),
    "admin:password_change": Decision({"GET": SIGNED_IN, "POST": SIGNED_IN}),
    "admin:password_change_done": Decision({"GET": SIGNED_IN}),
    "admin:jsi18n": Decision({"GET": SIGNED_IN}),
    # No admin form looks a record up by autocompletion: every lookup is refused.
    "admin:autocomplete": Decision({"GET": NOBODY}),
    "admin:view_on_site": Decision(
        {"GET": SIGNED_IN}, lambda w: {"content_type_id": 1, "object_id": w.claim.pk}
    ),
    "admin:app_list": Decision(
        {"GET": READERS}, lambda w: {"app_label": "claims"}, refused=frozenset({404})
    ),
    "admin:auth_user_password_change": Decision({"GET": ADMINS}, lambda w: {"id": w.owner.pk}),
    # Any other address under /admin/: not found, for staff.
    "admin/(?P<url>.*)$": Decision({"GET": SIGNED_IN}, lambda w: {"url": "nowhere"}),
}


@dataclass(frozen=True)
class AdminModel:
    """Who sees a model's records in the admin, who adds them and who deletes them."""

    view: frozenset[str]
    add: frozenset[str]
    delete: frozenset[str]
    record: Callable[[World], Any]


ADMIN_MODELS: dict[str, AdminModel] = {
    "auth.group": AdminModel(ADMINS, ADMINS, ADMINS, lambda w: Group.objects.get(name=VIEWER)),
    "auth.user": AdminModel(ADMINS, ADMINS, ADMINS, lambda w: w.owner),
    # Only a superuser lifts a lockout: no role manages the accounts app.
    "accounts.loginfailure": AdminModel(NOBODY, NOBODY, NOBODY, lambda w: w.login_failure),
    # The admin is every role's fallback editor (README): what a role may change, it may add.
    "claims.article": AdminModel(READERS, EDITORS, EDITORS, lambda w: w.article),
    "claims.claim": AdminModel(READERS, EDITORS, EDITORS, lambda w: w.claim),
    "claims.attribution": AdminModel(READERS, EDITORS, EDITORS, lambda w: w.attribution),
    "claims.claimchange": AdminModel(READERS, ADMINS, ADMINS, lambda w: w.change),
    "claims.crosscheck": AdminModel(READERS, EDITORS, EDITORS, lambda w: w.crosscheck),
    "claims.question": AdminModel(READERS, EDITORS, EDITORS, lambda w: w.question),
    "sources.source": AdminModel(READERS, EDITORS, EDITORS, lambda w: w.source),
    "sources.sourcealias": AdminModel(READERS, EDITORS, EDITORS, lambda w: w.alias),
    "api.apitoken": AdminModel(ADMINS, ADMINS, ADMINS, lambda w: w.token),
    "api.webhook": AdminModel(ADMINS, ADMINS, ADMINS, lambda w: w.webhook),
    # Deliveries are the outbox's record: read, never added by hand.
    "api.webhookdelivery": AdminModel(ADMINS, NOBODY, ADMINS, lambda w: w.delivery),
}


def admin_model_decisions() -> dict[str, Decision]:
    """Each registered model's admin pages: its list, history and form are for those who see its
    records, adding and deleting for those who may; its short address redirects any staff."""
    decisions = {}
    for model in admin.site._registry:
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        if label not in ADMIN_MODELS:
            continue  # no decision: test_every_url_has_a_decision_for_each_role says so
        who = ADMIN_MODELS[label]
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"

        def record(world: World, who: AdminModel = who) -> dict[str, Any]:
            return {"object_id": who.record(world).pk}

        decisions[f"{name}_changelist"] = Decision({"GET": who.view})
        decisions[f"{name}_add"] = Decision({"GET": who.add})
        decisions[f"{name}_change"] = Decision({"GET": who.view}, record)
        decisions[f"{name}_history"] = Decision({"GET": who.view}, record)
        decisions[f"{name}_delete"] = Decision({"GET": who.delete}, record)
        route = f"admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/"
        decisions[route] = Decision({"GET": SIGNED_IN}, record)
    return decisions


DECISIONS = {**PAGES, **API, **ADMIN_SITE, **admin_model_decisions()}


def patterns(
    resolvers: list[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    """Each URL pattern with its key: its name (with its namespace), or its route if unnamed."""
    for pattern in resolvers:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern
        else:
            yield prefix + str(pattern.pattern), pattern


def url_keys() -> list[str]:
    return sorted({key for key, _ in patterns(get_resolver().url_patterns)})


def test_every_url_has_a_decision_for_each_role() -> None:
    keys = url_keys()
    assert [key for key in keys if key not in DECISIONS] == []
    assert [key for key in DECISIONS if key not in keys] == [], "a decision for no URL"
    for key, decision in DECISIONS.items():
        for method, allowed in decision.methods.items():
            assert allowed <= EVERYONE, f"{key} {method}: {allowed - EVERYONE}"


def address(key: str, world: World) -> str:
    kwargs = DECISIONS[key].kwargs(world)
    if key.startswith("admin/"):  # an unnamed admin route
        route = key.removeprefix("admin/").replace("(?P<url>.*)$", "{url}")
        route = route.replace("<path:object_id>", "{object_id}")
        return reverse("admin:index") + route.format(**kwargs)
    if key == "api/":  # the API's catch-all
        return "/api/v1/nowhere/"
    if "/" not in key and "." in key:  # an unnamed page: its route is its address
        return f"/{key}"
    return reverse(key, kwargs=kwargs)


def client_as(role: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    if role != ANONYMOUS:
        roles = [] if role == NO_ROLE else [role]
        client.force_login(UserFactory(username=role.replace(" ", "_"), roles=roles, is_staff=True))
    # The CSRF cookie a page's form would have set, and whose value each write sends back.
    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
    return client


def refused(response: Any, decision: Decision) -> bool:
    """Whether the response refuses: 401, 403 (or the URL's own refusal), or a redirect to a login
    page that comes back (`next`), or to where the URL sends those it refuses."""
    if response.status_code in decision.refused:
        return True
    location = response.get("Location", "") if response.status_code == 302 else ""
    to_login = (f"{reverse('login')}?next=", f"{reverse('admin:login')}?next=")
    elsewhere = decision.refused_to and location == reverse(decision.refused_to)
    return location.startswith(to_login) or bool(elsewhere)


@pytest.mark.parametrize("key", sorted(DECISIONS))
def test_each_role_is_allowed_or_refused_as_its_url_decides(key: str) -> None:
    world = World()
    decision = DECISIONS[key]
    url = address(key, world)
    methods = {"GET", *decision.methods}
    outcomes = {}
    for role in ROLES:
        client = client_as(role)
        for method in sorted(methods):
            allowed = role in decision.methods.get(method, NOBODY)
            body = "{}" if key in API else ""
            content_type = "application/json" if key in API else "application/x-www-form-urlencoded"
            response = client.generic(method, url, body, content_type, HTTP_X_CSRFTOKEN=CSRF_SECRET)
            if method not in decision.methods and response.status_code == 405:
                outcome = False  # a method the URL does not accept: refused to everyone
            else:
                outcome = not refused(response, decision)
                if allowed:
                    assert response.status_code != 405, (key, method)
            if outcome != allowed:
                outcomes[(role, method)] = response.status_code
    assert outcomes == {}, f"{url}: roles allowed or refused against the table (status)"
