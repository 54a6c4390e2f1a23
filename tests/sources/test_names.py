from __future__ import annotations

import pytest

from sources.names import is_unnamed, source_key


@pytest.mark.parametrize(
    "spellings",
    [
        [
            "Ukraine’s Air Force",
            "Ukrainian Air Force",
            "the Air Force of Ukraine",
            "UKRAINE'S AIR FORCE",
        ],
        ["Ukraine's foreign minister", "Foreign Minister of Ukraine"],
        ["U.S. State Department", "US State Department"],
        ["Zürich Times", "Zurich Times", "zurich-times"],
    ],
)
def test_spellings_of_one_source_share_a_key(spellings: list[str]) -> None:
    assert len({source_key(name) for name in spellings}) == 1


def test_different_sources_keep_different_keys() -> None:
    assert source_key("Russian Air Force") != source_key("Ukrainian Air Force")


def test_a_name_without_letters_has_an_empty_key() -> None:
    assert source_key(" -- ") == ""


@pytest.mark.parametrize(
    ("name", "unnamed"),
    [
        ("Kremlin aide", True),
        ("Ukraine’s foreign minister", True),
        ("local official", True),
        ("Vladimir Putin", False),
        ("TASS", False),
        ("Council on Foreign Relations", False),
    ],
)
def test_a_role_standing_in_for_a_name_is_unnamed(name: str, unnamed: bool) -> None:
    assert is_unnamed(name) is unnamed
