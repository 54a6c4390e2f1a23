"""ingest_article turns the seed article into claims linked to their sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from claims.models import (
    Article,
    Attribution,
    Claim,
    ClaimChange,
    CrossCheck,
    CrossCheckKind,
    CrossCheckStatus,
    Role,
)
from claims.services.ingest import ingest_article
from factcheck.exceptions import ApplicationError
from sources.models import Source, SourceStatus
from sources.names import source_key
from sources.registry import load_source_registry
from tests.concurrency import Blocked

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
EXPECTED = json.loads((SEEDS / "expected.json").read_text(encoding="utf-8"))
REQUIRED = [entry for entry in EXPECTED["attributions"] if entry["required"]]
SEED_TEXT = (SEEDS / EXPECTED["article"]).read_text(encoding="utf-8")

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_article() -> Article:
    load_source_registry(SEEDS / "sources.json")
    return ingest_article(text=SEED_TEXT).article


def _originators_of(article: Article, fragment: str) -> list[Attribution]:
    return list(
        Attribution.objects.select_related("source", "claim").filter(
            claim__article=article, claim__text__contains=fragment, role=Role.ORIGINATOR
        )
    )


@pytest.mark.parametrize("expected", REQUIRED, ids=[e["claim_contains"][:40] for e in REQUIRED])
def test_every_required_seed_attribution_is_stored(seed_article: Article, expected: dict) -> None:
    attributions = _originators_of(seed_article, expected["claim_contains"])
    assert attributions, f"no claim containing {expected['claim_contains']!r}"
    as_written = expected["source_as_written"].split(" (")[0]
    matching = [
        a
        for a in attributions
        if as_written in a.source_text
        or a.source.name == expected["resolves_to"]
        or expected["resolves_to"] in a.source_text
    ]
    assert matching, [a.source_text for a in attributions]
    attribution = matching[0]
    assert attribution.cue.casefold() in expected["cue"].casefold() or any(
        part.strip() in attribution.cue.casefold() for part in expected["cue"].split("...")
    )
    if expected.get("direct_quote"):
        assert attribution.direct_quote
    if expected.get("resolution_required", True):
        assert source_key(attribution.source.name) == source_key(expected["resolves_to"])


def test_tass_relaying_a_kremlin_aide_is_one_claim_with_originator_and_relay(
    seed_article: Article,
) -> None:
    claim = Claim.objects.get(
        article=seed_article, text__contains="Trump and Putin did not discuss the pause"
    )
    roles = {(a.role, a.source.name) for a in claim.attributions.select_related("source")}
    assert (Role.RELAY, "TASS") in roles
    originator = claim.attributions.get(role=Role.ORIGINATOR)
    assert originator.source_text == "a Kremlin aide"
    assert originator.source.affiliation is not None
    assert originator.source.affiliation.name == "Kremlin"


def test_spellings_of_a_registered_source_resolve_to_it(seed_article: Article) -> None:
    (attribution,) = _originators_of(seed_article, "multiple missiles aimed at Kyiv")
    assert attribution.source_text == "Ukraine’s Air Force"
    assert attribution.source.slug == "ukrainian-air-force"
    assert attribution.source.status == SourceStatus.CONFIRMED


def test_unknown_sources_are_proposed_for_review(seed_article: Article) -> None:
    trump = Source.objects.get(name="Donald Trump")
    assert trump.status == SourceStatus.PROPOSED


def test_quantities_in_claims_are_stored_as_values(seed_article: Article) -> None:
    claim = Claim.objects.get(article=seed_article, text__contains="over 330 missiles")
    assert {"value": 330.0, "unit": "missiles", "qualifier": "over"}.items() <= (
        claim.quantities[0].items()
    )


@pytest.mark.parametrize("statement", EXPECTED["unattributed_statements"])
def test_statements_in_the_articles_own_voice_are_offered_without_a_source(
    seed_article: Article, statement: str
) -> None:
    claim = Claim.objects.get(article=seed_article, text__contains=statement)
    assert not claim.attributions.exists()


def test_claim_spans_point_into_the_article_body(seed_article: Article) -> None:
    for claim in seed_article.claims.all():
        assert seed_article.body[claim.start : claim.end] == claim.text


def test_every_extracted_claim_starts_its_history(seed_article: Article) -> None:
    assert ClaimChange.objects.filter(action="extracted").count() == seed_article.claims.count()


def test_ingesting_the_same_text_again_changes_nothing(seed_article: Article) -> None:
    counts = (Article.objects.count(), Claim.objects.count(), Attribution.objects.count())
    again = ingest_article(text="\n" + SEED_TEXT + "  \n")
    assert not again.created
    assert again.article == seed_article
    assert (Article.objects.count(), Claim.objects.count(), Attribution.objects.count()) == counts


KYIV = (
    "Strike on Kyiv\n"
    "Eight people were injured, according to Tymur Tkachenko. "
    "Ten buildings were damaged, the city council said."
)


def test_every_new_claim_has_its_corroboration_and_related_claims_queued_when_it_commits(
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks() as dispatches:
        article = ingest_article(text=KYIV).article
        claims = set(article.claims.values_list("pk", flat=True))
        for kind in (CrossCheckKind.CORROBORATION, CrossCheckKind.RELATED_CLAIMS):
            checks = list(CrossCheck.objects.filter(kind=kind))
            assert {check.claim_id for check in checks} == claims
            assert {check.status for check in checks} == {CrossCheckStatus.QUEUED}
    assert len(dispatches) == 2  # one message a kind for all the claims, sent after the commit
    for dispatch in dispatches:
        dispatch()  # tasks run eagerly in these tests
    assert set(CrossCheck.objects.values_list("status", flat=True)) == {CrossCheckStatus.SUCCEEDED}


def test_ingesting_the_same_text_again_queues_nothing() -> None:
    claims = ingest_article(text=KYIV).claims
    CrossCheck.objects.update(status=CrossCheckStatus.SUCCEEDED)
    ingest_article(text=KYIV)
    assert CrossCheck.objects.count() == 2 * claims == 4


@pytest.mark.parametrize("sentences", [1, 12])
def test_the_checks_of_new_claims_are_queued_in_the_same_queries_whatever_the_claims(
    sentences: int,
) -> None:
    text = "Strike on Kyiv\n" + " ".join(
        f"{n} people were injured in district {n}, the police said." for n in range(sentences)
    )
    with CaptureQueriesContext(connection) as captured:
        ingest_article(text=text)
    assert CrossCheck.objects.count() == 2 * Claim.objects.count() == 2 * sentences
    # for corroboration, then related claims: the checks of that kind already pending on the
    # new claims; the new checks in one insert
    on_checks = [q["sql"].split()[0] for q in captured if "claims_crosscheck" in q["sql"]]
    assert on_checks == ["SELECT", "INSERT", "SELECT", "INSERT"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The text is empty."),
        ("  \n\t ", "The text is empty."),
        ("Headline\nBody with a \x00 NUL byte.", "binary data"),
        ("Headline\n" + "x" * 1_000_001, "byte limit"),
    ],
    ids=["empty", "whitespace", "binary", "oversized"],
)
def test_bad_text_is_refused_and_nothing_is_written(text: str, message: str) -> None:
    with pytest.raises(ApplicationError, match=message):
        ingest_article(text=text)
    assert not Article.objects.exists()
    assert not Source.objects.exists()


def test_a_second_text_for_a_known_url_is_refused(seed_article: Article) -> None:
    ingest_article(text="One\nThe minister said taxes will rise.", url="https://example.org/a")
    with pytest.raises(ApplicationError, match="URL is already"):
        ingest_article(text="Two\nThe minister said taxes will fall.", url="https://example.org/a")


def test_a_poll_and_a_transcript_speaker_become_originator_sources() -> None:
    text = (
        "Budget Talks\n\nIn a Harbor Institute poll released Monday, Lee led by six points.\n\n"
        "VEGA: We never raised taxes."
    )
    article = ingest_article(text=text).article
    found = {
        (a.source.name, a.source_text, a.cue, a.role)
        for a in Attribution.objects.select_related("source").filter(claim__article=article)
    }
    assert found == {
        ("VEGA", "VEGA", ":", Role.ORIGINATOR),
        ("Harbor Institute poll", "a Harbor Institute poll", "In", Role.ORIGINATOR),
    }


def test_a_short_second_line_stays_in_the_body_and_its_claims_are_extracted() -> None:
    text = (
        "Night of Strikes on Harbour City\n"
        "Ten people were injured, mayor Anna Lindqvist said.\n"
        "Firefighters worked through the night, the city's fire service said."
    )
    article = ingest_article(text=text).article
    (attribution,) = _originators_of(article, "Ten people were injured")
    assert attribution.source.name == "Anna Lindqvist"
    assert article.body.startswith("Ten people were injured")
    assert article.standfirst == ""
    for claim in article.claims.all():
        assert article.body[claim.start : claim.end] == claim.text


def test_texts_that_differ_in_their_second_line_are_two_articles() -> None:
    first = ingest_article(text="Harbour City\nTen were injured.\nThe port is closed.").article
    second = ingest_article(text="Harbour City\nEight were injured.\nThe port is closed.").article
    assert first != second


def test_a_report_relaying_a_source_stores_the_originator_and_the_relay() -> None:
    text = "Night Raid\nHarbour Wire reported that 12 drones were shot down, according to the Navy."
    article = ingest_article(text=text).article
    claim = Claim.objects.get(article=article)
    roles = {(a.source.name, a.role, a.cue) for a in claim.attributions.select_related("source")}
    assert claim.text == "12 drones were shot down"
    assert roles == {
        ("Navy", Role.ORIGINATOR, "according to"),
        ("Harbour Wire", Role.RELAY, "reported"),
    }


def _originator_names(article: Article) -> dict[str, tuple[str, str]]:
    """Each claim's text: its originator's name and the source as written."""
    return {a.claim.text: (a.source.name, a.source_text) for a in _originators_of(article, "")}


def test_a_surname_or_a_title_and_surname_finds_the_person_an_earlier_article_named() -> None:
    ingest_article(text="Harbour City\nTen people were hurt, mayor Anna Lindqvist said.")
    later = ingest_article(
        text=(
            "Harbour City Recovers\n"
            "Lindqvist said the port would reopen on Monday.\n"
            "Schools will stay closed, Mayor Lindqvist said."
        )
    )
    assert later.proposed_sources == ()
    assert _originator_names(later.article) == {
        "the port would reopen on Monday": ("Anna Lindqvist", "Lindqvist"),
        "Schools will stay closed": ("Anna Lindqvist", "Mayor Lindqvist"),
    }


def test_a_spokesman_of_a_registered_organisation_is_taken_for_the_organisation() -> None:
    load_source_registry(SEEDS / "sources.json")
    result = ingest_article(
        text=(
            "Night Raid\n"
            "Twelve drones were shot down, a Ukrainian air force spokesman said.\n"
            "Reuters, citing an air force spokeswoman, reported that two drones hit a depot.\n"
            "Four missiles missed, a spokesman for the Ukrainian Air Force said."
        )
    )
    assert result.proposed_sources == ()
    assert _originator_names(result.article) == {
        "Twelve drones were shot down": (
            "Ukrainian Air Force",
            "a Ukrainian air force spokesman",
        ),
        "two drones hit a depot": ("Ukrainian Air Force", "an air force spokeswoman"),
        "Four missiles missed": ("Ukrainian Air Force", "a spokesman for the Ukrainian Air Force"),
    }


@pytest.mark.django_db(transaction=True)
def test_one_text_ingested_by_two_requests_at_once_is_one_article() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer at a time: two ingests cannot overlap")
    with transaction.atomic():
        first = ingest_article(text=SEED_TEXT)
        # It finds no such article yet, and its insert waits for this transaction.
        second = Blocked(lambda: ingest_article(text=SEED_TEXT))
    again = second.result()
    assert (first.created, again.created, again.article) == (True, False, first.article)
    assert Article.objects.count() == 1
