"""An article's text cut into segments marked with the claims' content, sources and cues."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from claims.highlights import CONTENT, CUE, SOURCE, Segment, Span, locate, segments


def test_text_outside_every_span_is_one_plain_segment() -> None:
    assert segments("Nothing claimed.", []) == [Segment("Nothing claimed.", (), None)]


def test_a_claim_with_its_source_and_cue_is_cut_at_each_end_in_reading_order() -> None:
    body = "Maria Lopez said taxes will rise."
    spans = [Span(0, 11, SOURCE, 7), Span(12, 16, CUE, 7), Span(17, 32, CONTENT, 7)]
    assert [(s.text, s.kinds, s.claim_id) for s in segments(body, spans)] == [
        ("Maria Lopez", (SOURCE,), 7),
        (" ", (), None),
        ("said", (CUE,), 7),
        (" ", (), None),
        ("taxes will rise", (CONTENT,), 7),
        (".", (), None),
    ]


def test_overlapping_spans_mark_the_overlap_with_both_kinds_and_the_first_claim() -> None:
    found = segments("abcdef", [Span(0, 4, CONTENT, 9), Span(2, 6, SOURCE, 3)])
    assert [(s.text, s.css, s.claim_id) for s in found] == [
        ("ab", "hl-content", 9),
        ("cd", "hl-content hl-source", 3),
        ("ef", "hl-source", 3),
    ]


def test_spans_outside_the_text_or_empty_are_left_out() -> None:
    found = segments("abc", [Span(2, 9, CONTENT, 1), Span(1, 1, CUE, 1)])
    assert found == [Segment("abc", (), None)]


def test_locate_finds_the_words_nearest_the_given_span_or_the_first() -> None:
    body = "Officials said so. Later, officials said no. Officials again."
    assert locate(body, "Officials") == (0, 9)
    assert locate(body, "Officials", near=(40, 41)) == (45, 54)
    assert locate(body, "officials", near=(0, 1)) == (26, 35)


def test_locate_finds_nothing_for_words_the_text_does_not_hold() -> None:
    assert locate("Officials said so.", "The minister") is None
    assert locate("Officials said so.", "") is None


@given(body=st.text(alphabet="ab \n", max_size=40), data=st.data())
def test_locate_finds_a_selection_where_it_starts(body: str, data: st.DataObject) -> None:
    assume(body)
    start = data.draw(st.integers(0, len(body) - 1))
    end = data.draw(st.integers(start + 1, len(body)))
    assert locate(body, body[start:end], near=(start, start)) == (start, end)
