"""Every list answers in the same number of queries whatever the page holds."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from api.models import Webhook
from claims.models import ClaimStatus, Verdict
from claims.roles import ADMIN
from tests.api.conftest import client_for
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    CrossCheckFactory,
    RelatedClaimFactory,
    SourceFactory,
    UserFactory,
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
        AttributionFactory(
            claim=ClaimFactory(
                status=ClaimStatus.PUBLISHED,
                verdict=Verdict.FALSE,
                published_at="2025-07-04T10:00Z",
                article=ArticleFactory(url=None),
            )
        )


def _webhooks(n: int) -> None:
    for i in range(n):
        Webhook.objects.create(url=f"https://partner.example/{i}", secret="s" * 20)


# path, rows maker, expected queries (named in the comment of each).
LISTS: dict[str, tuple[str, Callable[[int], object], int]] = {
    # token with its user; the user's permissions; the page of sources joined with their
    # affiliation; their aliases.
    "sources": ("/api/v1/sources/", _sources, 4),
    # token with its user; permissions; the page of claims joined with their article; their
    # attributions joined with their sources.
    "claims": ("/api/v1/claims/", _claims, 4),
    # token with its user; permissions; the page of articles joined with their outlet.
    "articles": ("/api/v1/articles/", lambda n: ArticleFactory.create_batch(n), 3),
    # token with its user; permissions; the page of CrossChecks.
    "crosschecks": ("/api/v1/crosschecks/", lambda n: CrossCheckFactory.create_batch(n), 3),
    # token with its user (no permissions: the feed is public in these settings); the page of
    # published claims joined with their article; their originators joined with their sources.
    "fact-checks": ("/api/v1/fact-checks/", _fact_checks, 3),
    # token with its user; permissions; the page of related claims joined with the related claim
    # and who decided.
    "related-claims": (
        "/api/v1/related-claims/",
        lambda n: RelatedClaimFactory.create_batch(n, decided_by=UserFactory()),
        3,
    ),
    # token with its user; permissions; the page of webhooks.
    "webhooks": ("/api/v1/webhooks/", _webhooks, 3),
}


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize("name", LISTS)
def test_each_list_runs_the_same_queries_whatever_the_page_holds(
    django_assert_num_queries, name: str, rows: int
) -> None:
    path, make, queries = LISTS[name]
    make(rows)
    client = client_for(ADMIN)
    client.get("/api/v1/tokens/")  # records the token's last use, written once a minute
    with django_assert_num_queries(queries):
        response = client.get(path, {"page_size": 50})
    assert response.status_code == 200
    assert len(response.json()["results"]) >= rows


def test_anonymous_fact_check_feed_runs_two_queries(django_assert_num_queries) -> None:
    _fact_checks(5)
    # the page of published claims joined with their article; their originators and sources.
    with django_assert_num_queries(2):
        response = client_for("anonymous").get("/api/v1/fact-checks/")
    assert len(response.json()["results"]) == 5


def test_tokens_list_runs_two_queries(django_assert_num_queries) -> None:
    client = client_for(ADMIN)
    client.get("/api/v1/tokens/")
    # token with its user; the user's tokens (listing one's own tokens needs no role).
    with django_assert_num_queries(2):
        assert client.get("/api/v1/tokens/").status_code == 200
