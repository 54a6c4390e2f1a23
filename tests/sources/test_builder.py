"""Every path that makes a Source goes through sources.builder: one validation, keys and slugs
given the same way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from factcheck.exceptions import ApplicationError
from sources.builder import sources_build
from sources.models import Source, SourceAlias, SourceKind, SourceStatus
from sources.registry import load_source_registry
from sources.resolution import outlet_resolve, source_resolve_many
from sources.selectors import source_by_name
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_a_built_source_gets_its_names_key_and_a_free_slug() -> None:
    SourceFactory(name="Daily Planet", slug="daily-planet")
    [source] = sources_build(sources=[Source(name="  The Daily-Planet's Sunday  ")])
    assert (source.name, source.key) == ("The Daily-Planet's Sunday", "daily planet sunday")
    assert source.slug == "the-daily-planets-sunday"
    [other] = sources_build(sources=[Source(name="daily planet!", key="daily planet 2")])
    assert other.slug == "daily-planet-2"


@pytest.mark.parametrize(
    ("sources", "field", "message"),
    [
        ([Source(name="—")], "name", "not a usable name"),
        ([Source(name="Acme"), Source(name="ACME!")], "name", "given twice"),
        ([Source(name="Planet")], "name", "already names Planet"),
        ([Source(name="Acme", kind="blog")], "kind", "not a valid choice"),
        ([Source(name="Acme", homepage="not a url")], "homepage", "valid URL"),
        ([Source(name="Acme", slug="planet")], "slug", "is taken"),
    ],
)
def test_a_source_the_validation_refuses_saves_nothing(
    sources: list[Source], field: str, message: str
) -> None:
    SourceFactory(name="Planet", slug="planet")
    with pytest.raises(ApplicationError, match=message) as refused:
        sources_build(sources=[Source(name="Fine"), *sources])
    assert refused.value.field == field
    assert list(Source.objects.values_list("name", flat=True)) == ["Planet"]


@pytest.mark.parametrize("count", [1, 20])
def test_building_sources_runs_the_same_queries_whatever_their_number(
    django_assert_num_queries, count: int
) -> None:
    # the sources by key, the aliases by key; the slugs taken; the insert
    with django_assert_num_queries(4):
        sources_build(sources=[Source(name=f"Source {n}") for n in range(count)])


def test_a_source_proposed_with_its_affiliation_in_one_article_belongs_to_it() -> None:
    resolved = source_resolve_many(
        mentions=[("Kremlin", "the Kremlin"), ("Kremlin aide", "a Kremlin aide")]
    )
    [(kremlin, kremlin_created), (aide, aide_created)] = resolved
    assert kremlin_created and aide_created
    aide.refresh_from_db()
    assert aide.affiliation == kremlin
    assert aide.status == SourceStatus.PROPOSED


def test_an_outlet_whose_site_name_has_no_letters_is_named_after_its_domain() -> None:
    outlet, created = outlet_resolve(url="https://www.planet.example/a", site_name="—")
    assert created
    assert (outlet.name, outlet.key, outlet.kind) == (
        "planet.example",
        "planetexample",
        SourceKind.NEWS_OUTLET,
    )


def test_a_registry_naming_a_source_already_proposed_is_refused_in_one_line(
    tmp_path: Path,
) -> None:
    SourceFactory(name="TASS", slug="tass-proposed", status=SourceStatus.PROPOSED)
    path = tmp_path / "sources.json"
    path.write_text(
        json.dumps({"sources": [{"name": "TASS", "slug": "tass", "kind": "state_media"}]}),
        encoding="utf-8",
    )
    with pytest.raises(ApplicationError, match=r"sources.json: 'TASS' already names TASS"):
        load_source_registry(path)
    assert not Source.objects.filter(slug="tass").exists()


def test_the_admin_refuses_a_new_source_named_like_another_on_its_form(client: Client) -> None:
    SourceFactory(name="Council on Foreign Relations", slug="cfr")
    client.force_login(User.objects.create_superuser("root", password="x"))
    response = client.post(
        "/admin/sources/source/add/",
        {
            "name": "council on foreign relations",
            "slug": "another-cfr",
            "kind": "think_tank",
            "grade": "B",
            "status": "confirmed",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "already names Council on Foreign Relations" in response.text
    assert Source.objects.count() == 1


def test_the_admin_builds_a_new_source_as_every_path_does(client: Client) -> None:
    client.force_login(User.objects.create_superuser("root", password="x"))
    response = client.post(
        "/admin/sources/source/add/",
        {
            "name": "  Ukraine's Air Force ",
            "slug": "air-force",
            "kind": "military",
            "grade": "B",
            "status": "confirmed",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    source = Source.objects.get(slug="air-force")
    assert (source.name, source.key) == ("Ukraine's Air Force", "ukrainian air force")


def test_the_admin_refuses_an_alias_another_source_goes_by_on_its_form(client: Client) -> None:
    SourceFactory(name="Council on Foreign Relations", slug="cfr")
    centre = SourceFactory(name="Centre for Research", slug="centre")
    client.force_login(User.objects.create_superuser("root", password="x"))
    response = client.post(
        f"/admin/sources/source/{centre.pk}/change/",
        {
            "name": "Centre for Research",
            "slug": "centre",
            "kind": "think_tank",
            "grade": "B",
            "status": "confirmed",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-name": "council on foreign relations",
        },
    )
    assert response.status_code == 200
    assert "already names Council on Foreign Relations" in response.text
    assert not SourceAlias.objects.exists()


def test_an_alias_added_on_its_own_admin_page_is_found_by_its_key(client: Client) -> None:
    source = SourceFactory(name="Council on Foreign Relations", slug="cfr")
    client.force_login(User.objects.create_superuser("root", password="x"))
    response = client.post("/admin/sources/sourcealias/add/", {"source": source.pk, "name": "CFR"})
    assert response.status_code == 302
    assert source_by_name("cfr") == source
