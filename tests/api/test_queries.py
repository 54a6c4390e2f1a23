"""Every list answers in the same number of queries whatever the page holds."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import ADMIN
from api.models import Webhook
from tests.api.conftest import client_for
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    CrossCheckFactory,
    RelatedClaimFactory,
    SourceFactory,
    UserFactory,
    published_claim,
)

pytestmark = pytest.mark.django_db


def _claims(n: int) -> None:
    for _ in range(n):
        claim = ClaimFactory()
        AttributionFactory(claim=claim)
        AttributionFactory(claim=claim, role="relay")


def _sources(n: int) -> None:
    affiliation = SourceFactory()
    for _ in range(n):
        source = SourceFactory(affiliation=affiliation)
        source.aliases.create(name=f"alias of {source.name}", key=f"alias {source.key}")


def _fact_checks(n: int) -> None:
    for _ in range(n):
        AttributionFactory(claim=published_claim(article=ArticleFactory(url=None)))


def _webhooks(n: int) -> None:
    for i in range(n):
        Webhook.objects.create(url=f"https://partner.example/{i}", secret="s" * 20)


# Each query of a request, named by the tables it reads (in a FROM or a JOIN).
TOKEN = ("api_apitoken", "auth_user", "auth_user_groups", "auth_group")  # with user and roles

# path, rows maker, the queries of one request.
LISTS: dict[str, tuple[str, Callable[[int], object], list[tuple[str, ...]]]] = {
    "sources": (
        "/api/v1/sources/",
        _sources,
        [TOKEN, ("sources_source",), ("sources_sourcealias",)],  # the page with affiliations
    ),
    # The page of claims with their articles, attributions and sources, in one query.
    "claims": (
        "/api/v1/claims/",
        _claims,
        [TOKEN, ("claims_claim", "claims_article", "claims_attribution", "sources_source")],
    ),
    "articles": (
        "/api/v1/articles/",
        lambda n: ArticleFactory.create_batch(n),
        [TOKEN, ("claims_article", "sources_source")],
    ),
    "crosschecks": (
        "/api/v1/crosschecks/",
        lambda n: CrossCheckFactory.create_batch(n),
        [TOKEN, ("claims_crosscheck",)],
    ),
    # The roles are read with the token but not needed: the feed is public in these settings.
    "fact-checks": (
        "/api/v1/fact-checks/",
        _fact_checks,
        [TOKEN, ("claims_publication",)],
    ),
    # The page of related claims with the related claim and who decided.
    "related-claims": (
        "/api/v1/related-claims/",
        lambda n: RelatedClaimFactory.create_batch(n, decided_by=UserFactory()),
        [TOKEN, ("claims_relatedclaim", "claims_claim", "auth_user")],
    ),
    "webhooks": ("/api/v1/webhooks/", _webhooks, [TOKEN, ("api_webhook",)]),
}


def assert_queries_read(captured: list[dict[str, str]], expected: list[tuple[str, ...]]) -> None:
    """Each query reads the tables named for it, in the order named."""
    assert len(captured) == len(expected), [query["sql"] for query in captured]
    for query, tables in zip(captured, expected, strict=True):
        for table in tables:
            assert f'"{table}"' in query["sql"], (table, query["sql"])


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize("name", LISTS)
def test_each_list_runs_the_same_queries_whatever_the_page_holds(name: str, rows: int) -> None:
    path, make, queries = LISTS[name]
    make(rows)
    client = client_for(ADMIN)
    client.get("/api/v1/tokens/")  # records the token's last use, written once a minute
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, {"page_size": 50})
    assert response.status_code == 200
    assert len(response.json()["results"]) >= rows
    assert_queries_read(captured.captured_queries, queries)


def test_anonymous_fact_check_feed_runs_two_queries() -> None:
    _fact_checks(5)
    with CaptureQueriesContext(connection) as captured:
        response = client_for("anonymous").get("/api/v1/fact-checks/")
    assert len(response.json()["results"]) == 5
    assert_queries_read(captured.captured_queries, LISTS["fact-checks"][2][1:])


def test_tokens_list_runs_two_queries() -> None:
    client = client_for(ADMIN)
    client.get("/api/v1/tokens/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/v1/tokens/").status_code == 200
    # Listing one's own tokens needs no role.
    assert_queries_read(captured.captured_queries, [TOKEN, ("api_apitoken",)])


def test_a_claim_detail_runs_two_queries() -> None:
    claim = ClaimFactory()
    AttributionFactory(claim=claim)
    CrossCheckFactory(claim=claim)
    claim.changes.create(action="extracted")
    client = client_for(ADMIN)
    client.get("/api/v1/tokens/")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/v1/claims/{claim.pk}/")
    assert response.status_code == 200
    assert response["ETag"]
    # The claim with its article, attributions, sources, CrossChecks and history.
    everything = ("claims_claim", "claims_article", "claims_attribution", "sources_source")
    everything += ("claims_crosscheck", "claims_claimchange", "auth_user")
    assert_queries_read(captured.captured_queries, [TOKEN, everything])
