"""A source in a few words: what the explanation of a claim's grade says about it."""

from __future__ import annotations

import pytest

from sources.descriptions import source_description
from sources.models import SourceKind
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_a_registered_organisation_is_described_by_country_and_kind() -> None:
    tass = SourceFactory.build(name="TASS", kind=SourceKind.STATE_MEDIA, country="RU")
    assert source_description(tass) == "Russian state media"


def test_a_person_is_described_by_the_body_they_belong_to() -> None:
    body = SourceFactory(name="Kyiv City Military Administration")
    person = SourceFactory.build(name="Tymur Tkachenko", kind=SourceKind.MILITARY, affiliation=body)
    assert source_description(person) == "Kyiv City Military Administration"


def test_nothing_is_said_that_the_name_already_says() -> None:
    kremlin = SourceFactory(name="Kremlin")
    aide = SourceFactory.build(name="Kremlin aide", kind=SourceKind.OFFICIAL, affiliation=kremlin)
    assert source_description(aide) == ""
