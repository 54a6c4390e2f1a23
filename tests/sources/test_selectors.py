"""Reads of sources: finding an outlet by the domain of its homepage."""

from __future__ import annotations

import pytest

from sources.selectors import source_by_domain, web_domain
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_the_closest_domain_wins_over_a_parent_domain() -> None:
    SourceFactory(name="Gov", homepage="https://gov.example/")
    ministry = SourceFactory(name="Ministry", homepage="https://mfa.gov.example/en")
    assert source_by_domain("www.mfa.gov.example") == ministry
    assert source_by_domain("gov.example").name == "Gov"


def test_no_source_is_found_for_an_unknown_or_empty_domain() -> None:
    SourceFactory(name="Gov", homepage="https://gov.example/")
    SourceFactory(name="No homepage")
    assert source_by_domain("example") is None
    assert source_by_domain("") is None


@pytest.mark.parametrize(
    ("given", "domain"),
    [
        ("https://www.Example.org:8443/a", "example.org"),
        ("www.example.org.", "example.org"),
        ("http://127.0.0.1:8000/", "127.0.0.1"),
        ("wwwexample.org", "wwwexample.org"),
    ],
)
def test_a_web_domain_is_the_host_without_www(given: str, domain: str) -> None:
    assert web_domain(given) == domain
