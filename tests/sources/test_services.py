from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection, transaction

from factcheck.exceptions import ApplicationError
from sources.kinds import guess_kind
from sources.models import Grade, Source, SourceAlias, SourceKind, SourceStatus
from sources.registry import load_source_registry
from sources.resolution import outlet_resolve, source_resolve, source_resolve_many
from sources.services import source_create, source_update
from tests.concurrency import Blocked
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db
REGISTRY = Path(__file__).resolve().parents[2] / "seeds" / "sources.json"


def test_the_registry_names_the_sources_a_newsroom_starts_with() -> None:
    load_source_registry(REGISTRY)
    for slug in [
        "cnn",
        "tass",
        "council-on-foreign-relations",
        "reuters",
        "associated-press",
        "bbc",
        "ukrainian-air-force",
        "kremlin",
    ]:
        source = Source.objects.get(slug=slug)
        assert source.grade in Grade.values
        assert source.grade_rationale
        assert source.status == SourceStatus.CONFIRMED
    tass = Source.objects.get(slug="tass")
    assert tass.kind == SourceKind.STATE_MEDIA
    assert tass.affiliation is not None
    assert SourceAlias.objects.get(name="CFR").source.slug == "council-on-foreign-relations"


def test_reloading_the_registry_keeps_an_editors_changes() -> None:
    load_source_registry(REGISTRY)
    Source.objects.filter(slug="cnn").update(grade=Grade.C, grade_rationale="Editor's call")
    assert load_source_registry(REGISTRY) == 0
    cnn = Source.objects.get(slug="cnn")
    assert (cnn.grade, cnn.grade_rationale) == (Grade.C, "Editor's call")


def test_a_broken_registry_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "sources.json"
    path.write_text(json.dumps({"sources": [{"name": "No slug"}]}), encoding="utf-8")
    with pytest.raises(ApplicationError, match="not a valid source registry"):
        load_source_registry(path)
    assert not Source.objects.exists()


def test_a_registry_naming_an_unknown_affiliation_is_refused_and_writes_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sources.json"
    entry = {"name": "Aide", "slug": "aide", "kind": "official", "affiliation": "nowhere"}
    path.write_text(json.dumps({"sources": [entry]}), encoding="utf-8")
    with pytest.raises(ApplicationError, match="'nowhere', which is no source's slug"):
        load_source_registry(path)
    assert not Source.objects.exists()


def test_a_name_resolves_to_the_source_with_that_alias() -> None:
    load_source_registry(REGISTRY)
    source, created = source_resolve(name="cfr")
    assert (source.slug, created) == ("council-on-foreign-relations", False)


def test_an_unknown_name_is_proposed_with_kind_and_affiliation_from_its_description() -> None:
    kremlin = SourceFactory(name="Kremlin")
    source, created = source_resolve(name="Kremlin aide", description="a Kremlin aide")
    assert created
    assert source.status == SourceStatus.PROPOSED
    assert source.kind == SourceKind.OFFICIAL
    assert source.affiliation == kremlin
    assert source_resolve(name="kremlin aide") == (source, False)


def test_a_surname_alone_resolves_to_the_one_person_whose_name_ends_with_it() -> None:
    lindqvist = SourceFactory(name="Anna Lindqvist", kind=SourceKind.OFFICIAL)
    SourceFactory(name="Lindqvist Shipping", kind=SourceKind.OTHER, is_person=False)
    assert source_resolve(name="Lindqvist") == (lindqvist, False)


def test_a_surname_two_people_share_is_proposed_as_a_new_source() -> None:
    SourceFactory(name="Anna Lindqvist", kind=SourceKind.OFFICIAL)
    SourceFactory(name="Erik Lindqvist", kind=SourceKind.OTHER)
    source, created = source_resolve(name="Lindqvist")
    assert (source.name, created) == ("Lindqvist", True)


@pytest.mark.parametrize(
    "name",
    [
        "Coastal Navy spokesman",
        "spokeswoman for the Coastal Navy",
        "Navy spokesperson",
        "senior Navy official",
        "Coastal Navy officials",
        "representative of the Navy",
    ],
)
def test_a_spokesman_or_official_of_a_known_organisation_resolves_to_it(name: str) -> None:
    navy = SourceFactory(name="Coastal Navy", kind=SourceKind.MILITARY)
    SourceFactory(name="Navy Yard Museum", kind=SourceKind.OTHER, is_person=False)
    assert source_resolve(name=name, description=f"a {name}") == (navy, False)


def test_a_spokesman_of_an_organisation_known_by_an_alias_resolves_to_it() -> None:
    load_source_registry(REGISTRY)
    source, created = source_resolve(name="Kremlin press service spokesman")
    assert (source.slug, created) == ("kremlin", False)


def test_a_spokesman_of_an_unknown_or_ambiguous_organisation_is_proposed() -> None:
    SourceFactory(name="Coastal Navy", kind=SourceKind.MILITARY)
    SourceFactory(name="Inland Navy", kind=SourceKind.MILITARY)
    for name in ("Navy spokesman", "Harbour Guard spokesman"):
        source, created = source_resolve(name=name, description=f"a {name}")
        assert (source.name, created) == (name, True)


def test_a_name_without_letters_is_refused() -> None:
    with pytest.raises(ApplicationError):
        source_resolve(name="—")


@pytest.mark.parametrize(
    ("description", "kind"),
    [
        ("Russian state media TASS", SourceKind.STATE_MEDIA),
        ("CNN journalists on the ground", SourceKind.NEWS_OUTLET),
        ("Ukraine’s Air Force", SourceKind.MILITARY),
        ("a senior official", SourceKind.OFFICIAL),
        ("the Justice Department", SourceKind.GOVERNMENT_BODY),
        ("Jane Doe", SourceKind.OTHER),
        # Someone in charge of a body is an official, whatever the body.
        ("the head of Kyiv's military administration, Tymur Tkachenko", SourceKind.OFFICIAL),
        ("Kyiv City Military Administration", SourceKind.MILITARY),
        ("Ukraine's State Emergency Service", SourceKind.GOVERNMENT_BODY),
    ],
)
def test_the_kind_of_a_proposed_source_follows_its_description(
    description: str, kind: SourceKind
) -> None:
    assert guess_kind(description) == kind


@pytest.mark.parametrize(
    "url",
    [
        "https://www.dailyplanet.example/2024/budget",
        "https://dailyplanet.example/x",
        "https://world.dailyplanet.example/y",
        "https://WWW.DailyPlanet.example./z",
    ],
)
def test_an_outlet_is_found_by_the_domain_of_its_homepage(url: str) -> None:
    planet = SourceFactory(name="The Daily Planet", homepage="https://www.dailyplanet.example/")
    SourceFactory(name="Planet Blogs", homepage="https://notdailyplanet.example/")
    assert outlet_resolve(url=url, site_name="Something else") == (planet, False)


def test_an_outlet_with_no_known_domain_is_found_by_its_site_name() -> None:
    planet = SourceFactory(name="The Daily Planet")
    assert outlet_resolve(url="https://planet.example/a", site_name="Daily Planet") == (
        planet,
        False,
    )


def test_an_unknown_outlet_is_proposed_as_a_news_outlet_named_after_the_site() -> None:
    source, created = outlet_resolve(url="https://www.planet.example/a?b=1", site_name="Planet")
    assert created
    assert (source.name, source.kind, source.status, source.homepage) == (
        "Planet",
        SourceKind.NEWS_OUTLET,
        SourceStatus.PROPOSED,
        "https://www.planet.example/",
    )
    assert outlet_resolve(url="https://planet.example/other", site_name="") == (source, False)


def test_an_outlet_without_a_site_name_is_named_after_its_domain() -> None:
    source, created = outlet_resolve(url="https://www.planet.example/a", site_name="  ")
    assert (source.name, created) == ("planet.example", True)


def test_resolving_many_names_proposes_each_key_once_in_mention_order() -> None:
    kremlin = SourceFactory(name="Kremlin")
    resolved = source_resolve_many(
        mentions=[
            ("Kremlin aide", "a Kremlin aide"),
            ("Kremlin", "the Kremlin"),
            ("kremlin aide", "the aide"),
            ("Acme Corp", "Acme Corp"),
            ("Acme Corp spokesman", "an Acme Corp spokesman"),
        ]
    )
    aide, acme, spokesman = (resolved[0][0], resolved[3][0], resolved[4][0])
    assert [created for _, created in resolved] == [True, False, False, True, True]
    assert (resolved[1][0], resolved[2][0]) == (kremlin, aide)
    assert (aide.affiliation, aide.kind) == (kremlin, SourceKind.OFFICIAL)
    # A source proposed earlier in the same batch is an affiliation like any other.
    assert spokesman.affiliation == acme


def test_resolving_many_names_refuses_a_name_without_letters_and_creates_nothing() -> None:
    with pytest.raises(ApplicationError, match="not a usable source name"):
        source_resolve_many(mentions=[("Acme Corp", ""), ("—", "")])
    assert not Source.objects.exists()


def test_a_proposed_source_whose_slug_is_taken_gets_a_numbered_slug() -> None:
    SourceFactory(name="Acme Holdings", slug="acme")
    resolved = source_resolve_many(mentions=[("Acme", ""), ("ACME!", "")])
    assert [source.slug for source, _ in resolved] == ["acme-2", "acme-2"]
    assert resolved[1] == (resolved[0][0], False)


def test_an_alias_another_source_goes_by_is_refused() -> None:
    source_create(name="Council on Foreign Relations", aliases=["CFR"])
    with pytest.raises(ApplicationError, match="already names Council on Foreign Relations"):
        source_create(name="Centre for Research", aliases=["cfr"])
    assert not Source.objects.filter(name="Centre for Research").exists()


def test_a_source_cannot_belong_to_itself_through_another() -> None:
    kremlin = source_create(name="Kremlin")
    aide = source_create(name="Kremlin aide", affiliation=kremlin)
    with pytest.raises(ApplicationError, match="cannot belong to itself"):
        source_update(source=kremlin, affiliation=aide)


def test_updating_aliases_replaces_them() -> None:
    source = source_create(name="TASS", aliases=["ITAR-TASS", "TASS agency"])
    source_update(source=source, aliases=["TASS agency", "Russian News Agency TASS"])
    assert sorted(source.aliases.values_list("name", flat=True)) == [
        "Russian News Agency TASS",
        "TASS agency",
    ]


@pytest.mark.django_db(transaction=True)
def test_two_requests_proposing_one_new_name_at_once_share_its_source() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer at a time: two proposals cannot overlap")
    with transaction.atomic():
        first = source_resolve(name="the harbour master")
        # It finds no such source yet, and its insert waits for this transaction.
        second = Blocked(lambda: source_resolve(name="the harbour master"))
    assert first[1] is True
    assert second.result() == (first[0], False)
    assert Source.objects.filter(name="the harbour master").count() == 1
