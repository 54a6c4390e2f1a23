"""Values are compared the way a reader would, and returned as the sources wrote them."""

from __future__ import annotations

import pytest

from claims.corroboration import Report, alternative_of, corroborate, normalize


def _alternatives(*values: str) -> list[tuple[str, ...]]:
    """The values of one question, grouped as the engine groups them, each group as written."""
    reports = [Report("q", f"source {n}", value) for n, value in enumerate(values)]
    result = corroborate(reports).questions["q"]
    return sorted((a.value, *a.variants) for a in result.alternatives)


@pytest.mark.parametrize(
    ("same", "different"),
    [
        (["7:05 PM", "7:05pm", "19:05", "19.05 h"], "7:50 PM"),
        (["2024-03-05", "5 March 2024", "March 5, 2024", "Mar. 5 2024"], "2024-05-03"),
        (["Dec 8 - 7:10 PM", "7:10 pm, Dec 08", "December 8 19:10"], "Dec 8 - 7:10 AM"),
        (["G19A", "g 19a", "G-19A"], "G19"),
        (["32G", "32 g"], "32"),
        (["1,234", "1234", "1234.0"], "1235"),
    ],
)
def test_spellings_of_one_value_are_one_alternative(same: list[str], different: str) -> None:
    assert _alternatives(*same, different) == sorted([tuple(same), (different,)])


def test_a_clock_time_with_a_dot_needs_am_pm_or_h_else_it_is_a_number() -> None:
    assert normalize("9.30").number == 9.3
    assert normalize("9.30 pm").key == normalize("21:30").key


def test_lists_of_names_are_compared_by_their_surnames() -> None:
    grouped = _alternatives(
        "Yacht, Carol; Crosson, Susan",
        "Carol Yacht and Susan Crosson",
        "YACHT, CAROL/ CROSSON, SUSAN",
        "YACHT",  # drops an author: another value
        "Yacht, Carol (Author)",
    )
    assert grouped == [
        ("YACHT", "Yacht, Carol (Author)"),
        (
            "Yacht, Carol; Crosson, Susan",
            "Carol Yacht and Susan Crosson",
            "YACHT, CAROL/ CROSSON, SUSAN",
        ),
    ]


def test_a_name_alone_is_read_as_a_name_when_its_question_lists_names() -> None:
    assert _alternatives("Knuth, Donald E.", "Donald Ervin Knuth", "Knuth") == [
        ("Knuth, Donald E.", "Donald Ervin Knuth", "Knuth")
    ]
    assert _alternatives("Tymur Tkachenko", "Tkachenko") == [("Tkachenko",), ("Tymur Tkachenko",)]
    assert _alternatives("Joe Biden", "Hunter Biden") == [("Hunter Biden",), ("Joe Biden",)]


def test_a_value_is_found_among_the_alternatives_under_any_spelling() -> None:
    reports = [
        Report("q", "a", "Yacht, Carol; Crosson, Susan"),
        Report("q", "b", "Yacht, Carol; Crosson, Susan"),
        Report("q", "c", "Yacht"),
    ]
    result = corroborate(reports).questions["q"]
    found = alternative_of(result, "Carol Yacht & Susan Crosson")
    assert found is not None and found.value == "Yacht, Carol; Crosson, Susan"
    assert alternative_of(result, "Crosson") is None


def test_a_verdict_in_another_spelling_settles_its_value() -> None:
    reports = [
        Report("q", "a", "7:05 PM"),
        Report("q", "b", "7:50 PM"),
        Report("q", "c", "7:50 PM"),
    ]
    result = corroborate(reports, labels={"q": "19:05"}).questions["q"]
    assert (result.best, result.probability) == ("7:05 PM", 1.0)
