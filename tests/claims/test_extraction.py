"""The attribution extractor: the seed article's expectations and one sentence per construction."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claims.extraction import (
    ExtractedAttribution,
    extract_attributions,
    extract_quantities,
    unattributed_statements,
)
from claims.extraction.sentences import split_sentences

_REPO = Path(__file__).resolve().parents[2]


def _seed_file(name: str) -> Path:
    for folder in (_REPO / "seeds", _REPO.parent / "shared" / "seeds"):
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(name)


_EXPECTED: dict[str, Any] = json.loads(_seed_file("expected.json").read_text(encoding="utf-8"))
_ARTICLE = _seed_file(_EXPECTED["article"]).read_text(encoding="utf-8")
_REQUIRED = [entry for entry in _EXPECTED["attributions"] if entry["required"]]


@pytest.fixture(scope="module")
def seed_attributions() -> list[ExtractedAttribution]:
    return extract_attributions(_ARTICLE)


def _with_claim(found: list[ExtractedAttribution], fragment: str) -> list[ExtractedAttribution]:
    return [a for a in found if fragment in a.content.text]


def _source_matches(attribution: ExtractedAttribution, written: str) -> bool:
    texts = [attribution.source.text, attribution.resolved_source]
    return any(written in text or text in written for text in texts)


@pytest.mark.parametrize("entry", _REQUIRED, ids=[e["claim_contains"][:40] for e in _REQUIRED])
def test_seed_article_required_attribution_is_found_from_text_alone(
    seed_attributions: list[ExtractedAttribution], entry: dict[str, Any]
) -> None:
    candidates = [
        a
        for a in _with_claim(seed_attributions, entry["claim_contains"])
        if _source_matches(a, entry["source_as_written"])
    ]
    assert candidates, (
        f"no attribution of {entry['claim_contains']!r} to {entry['source_as_written']!r}"
    )
    found = candidates[0]
    cue = entry["cue"].split(" ... ")[-1]
    assert cue.lower() in found.cue.text.lower()
    if "direct_quote" in entry:
        assert found.direct_quote is entry["direct_quote"]
    # A name the article never writes ("Ukrainian Air Force") is for the Source registry to match.
    derivable = entry["resolves_to"] in _ARTICLE
    if entry.get("resolution_required", True) and derivable and "via" not in entry:
        assert found.resolved_source == entry["resolves_to"]
    if "via" in entry:
        assert found.relay is not None
        assert found.relay.text == entry["via"]["source_as_written"]
        assert found.resolved_relay == entry["via"]["resolves_to"]
        assert found.relay_cue is not None
        assert found.relay_cue.text.lower() == entry["cue"].split(" ... ")[0]
    for wanted in entry.get("quantities", []):
        assert any(
            q.value == wanted["value"]
            and q.unit == wanted["unit"]
            and q.qualifier == wanted.get("qualifier", "")
            and q.direction == wanted.get("direction", "")
            for q in found.quantities
        ), wanted


def test_seed_article_spans_are_exact_slices_of_the_text(
    seed_attributions: list[ExtractedAttribution],
) -> None:
    for attribution in seed_attributions:
        for span in (attribution.source, attribution.cue, attribution.content):
            assert _ARTICLE[span.start : span.end] == span.text
        for quantity in attribution.quantities:
            assert _ARTICLE[quantity.span.start : quantity.span.end] == quantity.span.text


def test_seed_article_attributions_are_sorted_by_content(
    seed_attributions: list[ExtractedAttribution],
) -> None:
    starts = [a.content.start for a in seed_attributions]
    assert starts == sorted(starts)


@pytest.mark.parametrize("statement", _EXPECTED["unattributed_statements"])
def test_seed_article_unattributed_statement_is_offered(
    seed_attributions: list[ExtractedAttribution], statement: str
) -> None:
    spans = unattributed_statements(_ARTICLE, seed_attributions)
    assert any(statement in span.text for span in spans)


def test_headlines_and_attributed_sentences_are_not_unattributed_statements(
    seed_attributions: list[ExtractedAttribution],
) -> None:
    texts = [span.text for span in unattributed_statements(_ARTICLE, seed_attributions)]
    assert _EXPECTED["headline"] not in texts
    assert not any("according to" in text.lower() for text in texts)


# --- constructions, one sentence each ----------------------------------------------------------


def _only(text: str) -> ExtractedAttribution:
    found = extract_attributions(text)
    assert len(found) == 1, found
    return found[0]


def test_quote_then_pronoun_said_resolves_to_the_person_named_before() -> None:
    text = 'Maria Lopez runs the clinic. "We have no beds left," she said.'
    found = _only(text)
    assert found.content.text == "We have no beds left"
    assert found.source.text == "she"
    assert found.resolved_source == "Maria Lopez"
    assert found.direct_quote


def test_typographic_multi_sentence_quote_after_colon_is_one_direct_quote() -> None:
    found = _only("The mayor said: “The bridge is closed. It will reopen in May.”")
    assert found.content.text == "The bridge is closed. It will reopen in May."
    assert found.source.text == "The mayor"
    assert found.resolved_source == "mayor"


def test_indirect_speech_drops_that_and_keeps_the_clause() -> None:
    found = _only("John Smith said that the plant would close by March.")
    assert found.content.text == "the plant would close by March"
    assert found.cue.text == "said"
    assert not found.direct_quote


def test_according_to_before_and_after_the_claim() -> None:
    before = _only("According to the ministry, 12 soldiers were wounded.")
    after = _only("Twelve soldiers were wounded, according to the ministry.")
    for found in (before, after):
        assert found.source.text == "the ministry"
        assert found.cue.text.lower() == "according to"
        assert "soldiers were wounded" in found.content.text


def test_source_after_content_is_found() -> None:
    found = _only("The border crossing was shut overnight, the interior ministry said.")
    assert found.source.text == "the interior ministry"
    assert found.content.text == "The border crossing was shut overnight"


def test_inverted_said_takes_the_name_and_its_apposition() -> None:
    found = _only('"We are not leaving," said John Smith, a spokesman for the union.')
    assert found.source.text == "John Smith, a spokesman for the union"
    assert found.resolved_source == "John Smith"
    assert found.content.text == "We are not leaving"


def test_apposition_before_the_verb_resolves_to_the_name() -> None:
    found = _only("Anna Berg, head of the port authority, said the cranes were idle.")
    assert found.source.text == "Anna Berg, head of the port authority"
    assert found.resolved_source == "Anna Berg"


def test_title_before_the_name_resolves_to_the_name() -> None:
    found = _only("Company spokesman Tom Reed said the recall was voluntary.")
    assert found.resolved_source == "Tom Reed"


def test_a_title_set_off_before_the_name_resolves_to_the_person() -> None:
    found = _only(
        "Eight people were injured, the head of Kyiv's military administration, "
        "Tymur Tkachenko, said."
    )
    assert found.resolved_source == "Tymur Tkachenko"


def test_told_an_outlet_makes_the_outlet_the_relay() -> None:
    found = _only("A senior official told The Daily Ledger that talks had stalled.")
    assert found.source.text == "A senior official"
    assert found.resolved_source == "senior official"
    assert found.relay is not None and found.relay.text == "The Daily Ledger"
    assert found.content.text == "talks had stalled"


def test_told_a_person_keeps_the_speaker_as_the_only_source() -> None:
    found = _only("The governor told lawmakers that the budget was balanced.")
    assert found.relay is None
    assert found.content.text == "the budget was balanced"


def test_relay_chain_citing_gives_originator_and_relay() -> None:
    found = _only("According to the agency NRX, citing a police source, two men were arrested.")
    assert found.source.text == "a police source"
    assert found.cue.text == "citing"
    assert found.relay is not None and found.relay.text == "the agency NRX"
    assert found.resolved_relay == "NRX"
    assert found.relay_cue is not None and found.relay_cue.text == "According to"


def test_relay_chain_with_verb_after_citing() -> None:
    found = _only("The broadcaster, citing two diplomats, said the summit was cancelled.")
    assert found.source.text == "two diplomats"
    assert found.relay is not None and found.relay.text == "The broadcaster"
    assert found.content.text == "the summit was cancelled"


def test_adding_after_said_is_a_second_attribution_to_the_same_source() -> None:
    text = 'Prices rose again, Jane Doe said, adding "nobody can afford bread."'
    first, second = extract_attributions(text)
    assert first.content.text == "Prices rose again"
    assert second.cue.text == "adding"
    assert second.source.text == "Jane Doe"
    assert second.direct_quote


def test_interrupted_quote_is_one_attribution_with_two_parts() -> None:
    found = _only('"The vote was fair," Ali Khan said. "We accept it."')
    assert [part.text for part in found.content_parts] == ["The vote was fair", "We accept it."]
    assert found.content.text.startswith("The vote was fair")


def test_reporting_verbs_beyond_said_are_cues() -> None:
    for verb in ("announced", "confirmed", "denied", "wrote", "tweeted", "warned"):
        found = _only(f"The company {verb} that the factory would close.")
        assert found.cue.text == verb
        assert found.content.text == "the factory would close"


def test_surname_resolves_to_the_full_name_used_earlier() -> None:
    text = "Lena Park won the seat. Park said the count was accurate."
    found = _only(text)
    assert found.source.text == "Park"
    assert found.resolved_source == "Lena Park"


def test_cue_words_inside_a_quote_are_not_the_articles_attributions() -> None:
    found = _only('"He said he would pay," the landlord said.')
    assert found.source.text == "the landlord"


def test_passive_reporting_verb_has_no_source() -> None:
    assert extract_attributions("He was told to leave the building.") == []


def test_quantities_read_words_qualifiers_and_direction() -> None:
    found = extract_quantities(
        "Exports decreased by 45% while about eight ships and 5,000 tons arrived."
    )
    assert [(q.value, q.unit, q.qualifier, q.direction) for q in found] == [
        (45.0, "percent", "", "decrease"),
        (8.0, "ships", "about", ""),
        (5000.0, "tons", "", ""),
    ]


def test_quantity_offsets_point_into_the_article() -> None:
    text = "Officials said over 300 people fled."
    found = extract_attributions(text)[0]
    (quantity,) = found.quantities
    assert text[quantity.span.start : quantity.span.end] == quantity.span.text
    assert quantity.qualifier == "over"


def test_question_and_heading_are_not_unattributed_statements() -> None:
    text = "Budget Talks\nWill the council act? The council approved a 3% tax rise on Monday."
    spans = unattributed_statements(text, extract_attributions(text))
    assert [span.text for span in spans] == ["The council approved a 3% tax rise on Monday."]


def test_relative_pronoun_source_is_kept_as_written_and_named_by_its_antecedent() -> None:
    found = _only("The plan was backed by Rita Moss, who said the costs were exaggerated.")
    assert found.source.text == "who"
    assert found.resolved_source == "Rita Moss"
    assert found.content.text == "the costs were exaggerated"


def test_cue_ending_in_a_colon_takes_the_quoted_paragraph_that_follows() -> None:
    text = 'The senator continued:\n\n"We will not fund this war. Not now, not ever."'
    found = _only(text)
    assert found.content.text == "We will not fund this war. Not now, not ever."
    assert found.direct_quote


def test_source_inside_the_claim_splits_the_content_in_two() -> None:
    found = _only("The nickname, she explained, comes from her grandmother.")
    assert [part.text for part in found.content_parts] == [
        "The nickname",
        "comes from her grandmother",
    ]


def test_quote_continued_in_the_next_paragraph_stays_with_its_speaker() -> None:
    text = '"We were ready," Omar Said told reporters.\n\n"Nobody else was."'
    found = _only(text)
    assert found.content_parts[-1].text == "Nobody else was."


def test_attribution_nested_in_indirect_speech_is_left_to_the_outer_one() -> None:
    found = _only("The mayor said she believes the budget is balanced.")
    assert found.source.text == "The mayor"
    assert found.content.text == "she believes the budget is balanced"


def test_stance_verb_takes_its_object_as_content() -> None:
    found = _only("The union endorsed the governor last week.")
    assert (found.source.text, found.cue.text) == ("The union", "endorsed")
    assert found.content.text == "the governor"


def test_stance_verb_takes_its_infinitive_as_content() -> None:
    found = _only("The senator refused to back the bill.")
    assert found.cue.text == "refused"
    assert found.content.text == "to back the bill"


def test_accusation_keeps_the_charge_with_its_target() -> None:
    found = _only("The challenger accused the incumbent of wasting money.")
    assert found.content.text == "the incumbent of wasting money"


def test_called_with_a_label_is_a_stance() -> None:
    found = _only('The mayor called the plan "a disaster."')
    assert found.cue.text == "called"
    assert found.content.text.startswith("the plan")


def test_headline_label_before_a_colon_is_the_source() -> None:
    found = _only("Senator Vega: The Budget Is Dead.\n\nLawmakers left town on Friday.")
    assert (found.source.text, found.cue.text) == ("Senator Vega", ":")
    assert found.content.text.startswith("The Budget Is Dead")


def test_editorial_kicker_is_not_a_speaker() -> None:
    assert extract_attributions("Breaking: Bridge Closed After Storm.\n\nNo one was hurt.") == []


def test_transcript_speaker_in_capitals_is_the_source_of_the_paragraph() -> None:
    text = "The interview went on.\n\nMORALES: We never raised taxes. Not once."
    found = _only(text)
    assert found.source.text == "MORALES"
    assert found.content.text == "We never raised taxes. Not once"


def test_list_item_in_the_body_is_not_a_speaker() -> None:
    text = "Results came in.\n\nOhio: turnout was high in the cities."
    assert extract_attributions(text) == []


def test_headline_verb_in_title_case_is_a_cue() -> None:
    found = extract_attributions("Mayor Lin Says The Port Will Reopen\n\nShips waited.")[0]
    assert (found.source.text, found.cue.text) == ("Mayor Lin", "Says")
    assert found.content.text == "The Port Will Reopen"


def test_second_cue_of_the_same_subject_ends_the_first_content() -> None:
    text = "The mayor says taxes will fall but insists the cuts are needed."
    first, second = extract_attributions(text)
    assert first.content.text == "taxes will fall"
    assert (second.source.text, second.cue.text) == ("The mayor", "insists")


def test_quote_after_an_aside_is_the_content_without_the_aside() -> None:
    found = _only('Asked about the vote, Ms. Ray said, "We will win."')
    assert found.content.text == "We will win."


def test_poll_opening_the_sentence_is_the_source_of_its_finding() -> None:
    found = _only("In a Harbor Institute poll released Monday, Lee led by six points.")
    assert (found.source.text, found.cue.text) == ("a Harbor Institute poll", "In")
    assert found.resolved_source == "Harbor Institute poll"
    assert found.content.text == "Lee led by six points"


def test_standing_in_the_polls_is_attributed_to_the_polls() -> None:
    found = _only("Lee holds a wide lead in the latest polls.")
    assert found.source.text == "the latest polls"
    assert found.content.text == "Lee holds a wide lead"


def test_respondents_quoted_by_a_poll_keep_their_own_attribution() -> None:
    found = _only("In a new poll, 40 percent said the economy was weak.")
    assert (found.source.text, found.cue.text) == ("40 percent", "said")


def test_speaker_after_a_closed_quotation_stays_in_its_sentence() -> None:
    found = _only("“Who do they think they are?” Kim said of the board in May.")
    assert (found.source.text, found.content.text) == ("Kim", "Who do they think they are?")


def test_inverted_source_keeps_a_lowercase_title_before_the_name() -> None:
    found = _only('"We are all props," said county delegate Ann Cole, who left early.')
    assert found.source.text.startswith("county delegate Ann Cole")
    found = _only('"It is hard," said the Ohio senator, "but fair."')
    assert found.source.text == "the Ohio senator"


def test_quotation_after_a_colon_is_the_content_without_its_lead_in() -> None:
    found = _only("At the gala, Ann Cole made one plea: “Vote early,” she said.")
    assert found.content.text == "Vote early"


def test_share_of_respondents_is_the_whole_source() -> None:
    found = _only("Asked again, more than 4 in 10 said the tax was fair.")
    assert found.source.text == "more than 4 in 10"


def test_noun_like_verb_after_a_name_or_pronoun_is_a_cue() -> None:
    found = _only("Mayor Ortiz wants to close the harbor.")
    assert (found.cue.text, found.content.text) == ("wants", "to close the harbor")
    assert _only("She hopes the strike ends soon.").content.text == "the strike ends soon"


def test_noun_like_verb_after_a_determiner_is_a_noun() -> None:
    assert extract_attributions("The calls for calm went unheard, and his wants were few.") == []


def test_verb_with_a_particle_takes_its_object_as_content() -> None:
    found = _only("The union called for a new inquiry.")
    assert (found.cue.text, found.content.text) == ("called for", "a new inquiry")
    said, referring = extract_attributions("Lee said voters cheered, referring to the budget.")
    assert (said.content.text, referring.source.text) == ("voters cheered", "Lee")
    assert (referring.cue.text, referring.content.text) == ("referring to", "the budget")


def test_as_aside_attributes_the_clause_beside_it() -> None:
    found = _only("As the Harbor Times noted, the port lost money in May.")
    assert (found.source.text, found.cue.text) == ("the Harbor Times", "noted")
    assert found.content.text == "the port lost money in May"
    found = _only("The port lost money in May, as the Harbor Times noted.")
    assert found.content.text == "The port lost money in May"


def test_noting_and_revealing_take_a_bare_object_as_content() -> None:
    assert _only("The auditor noted a rise in costs.").content.text == "a rise in costs"
    assert _only("The filing revealed two new donors.").content.text == "two new donors"


def test_seeing_as_a_view_after_a_subject_is_a_cue() -> None:
    found = _only("In rural towns, they see the tax as unfair.")
    assert (found.source.text, found.cue.text) == ("they", "see")
    assert found.content.text == "the tax as unfair"


def test_keeping_intending_and_knowing_are_not_cues() -> None:
    for text in (
        "The party maintained its lead all year.",
        "The fund intended to buy bonds.",
        "Her tweet went viral overnight.",
        "The clerk knew the answer.",
        "He saw the crowd from the stage.",
    ):
        assert extract_attributions(text) == [], text


def test_what_a_quoted_speaker_cites_is_not_the_source_of_the_quotation() -> None:
    said, citing = extract_attributions("“The port is safe,” Lee said, citing a new survey.")
    assert (said.source.text, said.cue.text, said.content.text) == (
        "Lee",
        "said",
        "The port is safe",
    )
    assert (citing.source.text, citing.content.text) == ("Lee", "a new survey")


def test_citing_and_expressing_take_their_object_as_content() -> None:
    assert _only("The mayor cited rising costs.").content.text == "rising costs"
    found = _only("The council expressed concern about the budget.")
    assert (found.cue.text, found.content.text) == ("expressed", "concern about the budget")


def test_talking_about_pointing_to_and_railing_against_take_their_object() -> None:
    for text, cue, content in (
        ("The governor talked about the new bridge.", "talked about", "the new bridge"),
        ("Dana Ruiz spoke about her years in Congress.", "spoke about", "her years in Congress"),
        ("The senator pointed to the jobs report.", "pointed to", "the jobs report"),
        ("The candidate railed against trade deals.", "railed against", "trade deals"),
    ):
        found = _only(text)
        assert (found.cue.text, found.content.text) == (cue, content), text


def test_where_or_when_between_subject_and_verb_is_skipped() -> None:
    assert _only("Mayor Ortiz at the time said the port was safe.").source.text == "Mayor Ortiz"
    assert _only("Lee in a radio interview said the port was safe.").source.text == "Lee"


def test_adverb_set_off_by_commas_after_the_subject_is_skipped() -> None:
    found = _only("The union, however, says the port is unsafe.")
    assert (found.source.text, found.content.text) == ("The union", "the port is unsafe")


def test_stance_object_ends_before_a_clause_of_time() -> None:
    assert _only("The mayor endorsed the plan after the vote.").content.text == "the plan"


def test_according_to_after_a_relative_clause_vouches_for_that_clause() -> None:
    text = (
        "Republicans denounced the deal, which would cut the tax rate to 17 percent, "
        "according to company leaders."
    )
    according = [a for a in extract_attributions(text) if a.cue.text == "according to"]
    assert [a.content.text for a in according] == ["which would cut the tax rate to 17 percent"]


def test_subject_of_an_absolute_phrase_with_a_participle_cue() -> None:
    found = _only("Taxes rose, with 30 percent of voters saying the plan was unfair.")
    assert (found.source.text, found.cue.text) == ("30 percent of voters", "saying")
    assert found.content.text == "the plan was unfair"
    assert extract_attributions("Police received calls saying shots were fired.") == []


def test_as_aside_with_a_hearer_attributes_the_clause_beside_it() -> None:
    found = _only("As Lee told the Harbor Times, the port lost money.")
    assert (found.source.text, found.content.text) == ("Lee", "the port lost money")


def test_question_quoted_before_speaker_and_hearer_is_one_sentence() -> None:
    found = _only("“Why now?” Dana Ruiz asked the panel.")
    assert (found.source.text, found.content.text) == ("Dana Ruiz", "Why now?")


def test_opening_time_phrase_is_not_the_subject_of_a_participle_cue() -> None:
    text = (
        "A few days later, Trump reversed himself again, telling CBS that the woman was a victim."
    )
    found = _only(text)
    assert (found.source.text, found.cue.text) == ("Trump", "telling")


def test_verbs_of_choosing_listing_and_quoting_take_their_object_as_content() -> None:
    for text, cue, content in (
        ("Most voters consider the tax unfair.", "consider", "the tax unfair"),
        ("The council decided to delay the vote.", "decided", "to delay the vote"),
        ("The mayor listed three reasons for the delay.", "listed", "three reasons for the delay"),
        ("The union disputed the figures.", "disputed", "the figures"),
        ("The sign read “Stop the tax.”", "read", "Stop the tax."),
    ):
        found = _only(text)
        assert (found.cue.text, found.content.text) == (cue, content), text


def test_noun_like_base_forms_of_the_new_verbs_are_not_cues() -> None:
    assert extract_attributions("The governor signed an executive order to close the port.") == []


def test_claim_wrapped_around_a_speaker_and_hearer_is_one_content() -> None:
    found = _only("The fix, the auditor told them, was simple.")
    assert [part.text for part in found.content_parts] == ["The fix", "was simple"]


def test_quoted_title_of_the_hearer_is_not_part_of_the_quotation() -> None:
    found = _only('"We will rebuild," the mayor told "Harbor Morning" after the storm.')
    assert found.content.text == "We will rebuild"


def test_adjective_of_stance_after_be_takes_its_clause_object_or_infinitive() -> None:
    for text, cue, content in (
        ("The senator is worried that the port will close.", "worried", "the port will close"),
        ("The union was critical of the new contract.", "critical", "the new contract"),
        ("Voters are eager to see a debate.", "eager", "to see a debate"),
    ):
        found = _only(text)
        assert (found.cue.text, found.content.text) == (cue, content), text


def test_adjective_of_stance_is_no_cue_before_a_noun_or_alone() -> None:
    assert extract_attributions("She gave a confident speech. He was angry.") == []


def test_idioms_of_stance_take_their_clause_or_object() -> None:
    for text, cue, content in (
        (
            "The mayor made it clear that the port would close.",
            "made it clear",
            "the port would close",
        ),
        ("The governor took issue with the budget.", "took issue with", "the budget"),
        ("Two unions came out against the deal.", "came out against", "the deal"),
        ("The senator distanced himself from the plan.", "distanced himself from", "the plan"),
        ("As the mayor put it, the port is the city.", "put it", "the port is the city"),
    ):
        found = _only(text)
        assert (found.cue.text, found.content.text) == (cue, content), text


def test_quotation_closing_an_opening_phrase_gives_way_to_the_clause_after_the_cue() -> None:
    text = (
        "Walking into the hall to chants of “Lee! Lee!,” the senator said his campaign was strong."
    )
    found = _only(text)
    assert (found.source.text, found.content.text) == ("the senator", "his campaign was strong")
    partial = _only("The port is “safe for now,” Lee said in a statement.")
    assert partial.content.text.startswith("The port is")


def test_called_after_an_indefinite_object_names_a_thing() -> None:
    assert extract_attributions("The mayor launched a group called Harbor First.") == []
    assert _only("A spokesman called the report false.").content.text == "the report false"


def test_passive_with_an_agent_credits_the_agent() -> None:
    found = _only("The plan was endorsed by the mayor on Monday.")
    assert (found.source.text, found.content.text) == ("the mayor", "The plan")
    told = _only("He was told by aides that the port was safe.")
    assert (told.source.text, told.content.text) == ("aides", "the port was safe")
    assert extract_attributions("He was told the port was safe.") == []


def test_cue_verb_with_up_off_or_down_is_another_verb() -> None:
    assert extract_attributions("Few voters showed up at the hall.") == []


def test_restrictive_that_clause_describes_a_thing_not_a_speaker() -> None:
    assert extract_attributions("Aides released records that show the port lost money.") == []


def test_the_latest_kicker_leaves_the_headline_to_its_own_speaker() -> None:
    found = _only("The Latest: Mayor Lee tells voters the port is safe.\nBody text.")
    assert (found.source.text, found.cue.text) == ("Mayor Lee", "tells")


def test_indirect_content_ends_before_a_comparison_or_a_comment_of_the_writer() -> None:
    compared = _only("Most voters said the tax was fair, compared with 23 percent last year.")
    assert compared.content.text == "the tax was fair"
    comment = _only("The mayor said the port was unsafe, a swipe at her rival.")
    assert comment.content.text == "the port was unsafe"


def _sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_a_name_does_not_run_on_past_the_full_stop_that_ends_a_sentence() -> None:
    found = extract_attributions(
        "Ten people were injured, Ivan Petrenko said on Telegram. CNN reported that smoke rose."
    )
    assert [a.resolved_source for a in found] == ["Ivan Petrenko", "CNN"]


def test_a_name_after_an_acronym_is_not_joined_to_it() -> None:
    found = _only("Aides flew to the U.S. Mark Hale met them. Hale said the count was accurate.")
    assert found.resolved_source == "Mark Hale"


def test_abbreviations_of_titles_states_and_months_do_not_end_a_sentence() -> None:
    text = "Aides in Sacramento, Calif., said the Sept. 5 vote was close. Mr. Ortiz agreed."
    assert _sentences(text) == [
        "Aides in Sacramento, Calif., said the Sept. 5 vote was close.",
        "Mr. Ortiz agreed.",
    ]
    assert len(_sentences("He lives in Dover, Del. Gov. Ana Ruiz lives there too.")) == 1


def test_no_ends_a_sentence_unless_a_number_follows() -> None:
    assert _sentences("Ortiz said no. Brown said yes.") == ["Ortiz said no.", "Brown said yes."]
    assert len(_sentences("He ranked No. 2 in the poll, Ortiz said.")) == 1


def test_a_delegate_is_named_with_the_title_as_written() -> None:
    found = _only("“This is a waste of time,” said Del. Maria Ortiz of the Virgin Islands.")
    assert (found.source.text, found.resolved_source) == ("Del. Maria Ortiz", "Maria Ortiz")


@pytest.mark.parametrize(
    "text",
    [
        "The Daily Ledger reported that 12 drones were shot down, according to the Navy.",
        "According to the Navy, The Daily Ledger reported that 12 drones were shot down.",
        "Ledger journalists said 12 drones were shot down, according to the Navy.",
    ],
    ids=["report-then-according", "according-then-report", "journalists-said"],
)
def test_a_report_of_what_a_source_said_is_that_sources_claim_relayed_by_the_reporter(
    text: str,
) -> None:
    found = _only(text)
    assert found.content.text == "12 drones were shot down"
    assert found.resolved_source == "Navy"
    assert found.relay is not None and found.relay.text in (
        "The Daily Ledger",
        "Ledger journalists",
    )
    assert found.relay_cue is not None and found.relay_cue.text in ("reported", "said")


def test_a_persons_words_told_by_another_source_stay_that_sources_account() -> None:
    found = _only("Mayor Lee said taxes would rise, according to two aides.")
    assert found.content.text == "Mayor Lee said taxes would rise"
    assert found.relay is None


@pytest.mark.parametrize(
    "text",
    [
        "A spokesman for the Coastal Navy said 12 drones were shot down.",
        "12 drones were shot down, a spokesman for the Coastal Navy said.",
    ],
)
def test_a_spokesman_for_an_organisation_is_the_whole_source_as_written(text: str) -> None:
    found = _only(text)
    assert found.source.text.lower() == "a spokesman for the coastal navy"
    assert found.content.text == "12 drones were shot down"
