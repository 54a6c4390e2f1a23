"""The article page's "Add a missing attribution": quoted from the article's text (a selection
with the page's script, or the words typed without it), refused in words when the text does not
hold them; and the claim page's fix of where an attribution's source stands."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import EDITOR, VIEWER
from claims.models import Attribution, Claim, ClaimChange, ClaimStatus, Role
from claims.services.attributions import attribution_create, attribution_update
from claims.services.versions import claim_version
from sources.models import Source, SourceStatus
from tests.conftest import page_client
from tests.factories import ArticleFactory, AttributionFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

BODY = (
    "Storm in Odesa\n"
    "Officials said the port was closed. Tymur Tkachenko said eight people were injured, "
    "a toll Tymur Tkachenko later repeated."
)


def _claim() -> Claim:
    """A claim of BODY without its source: "eight people were injured"."""
    article = ArticleFactory(body=BODY)
    text = "eight people were injured"
    start = BODY.index(text)
    return ClaimFactory(article=article, text=text, start=start, end=start + len(text))


def _form(on: Claim, **fields: object) -> dict[str, object]:
    return {
        "claim": str(on.pk),
        f"version-{on.pk}": claim_version(on),
        "role": Role.ORIGINATOR,
        "stance": "supports",
        "cue": "said",
        **fields,
    }


def _add(client: Client, on: Claim, **fields: object):
    assert on.article_id is not None
    url = reverse("article_attribution_add", args=[on.article_id])
    return client.post(url, _form(on, **fields))


def test_the_article_page_offers_the_form_and_its_script_to_editors_only(
    editor_client: Client, viewer_client: Client
) -> None:
    claim = _claim()
    url = reverse("article_detail", args=[claim.article_id])
    page = editor_client.get(url).text
    assert 'id="attribution-form"' in page
    assert "claims/attribution-select.js" in page
    assert f'name="version-{claim.pk}" value="{claim_version(claim)}"' in page
    assert f'data-start="{claim.start}" data-end="{claim.end}"' in page
    # No inline script or style: the page keeps to a strict Content-Security-Policy.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.split("</head>")[1])
    assert " style=" not in page
    viewed = viewer_client.get(url).text
    assert 'id="attribution-form"' not in viewed and "attribution-select.js" not in viewed
    assert _add(viewer_client, claim, source_text="Tymur Tkachenko").status_code == 403


def test_a_selection_adds_the_attribution_at_the_selected_words(editor_client: Client) -> None:
    claim = _claim()
    second = BODY.rindex("Tymur Tkachenko")
    response = _add(editor_client, claim, source_text="Tymur Tkachenko", source_start=second)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#claim-{claim.pk}")
    attribution = Attribution.objects.get(claim=claim)
    assert (attribution.source_start, attribution.source_end) == (second, second + 15)
    assert (attribution.source.name, attribution.source.status) == (
        "Tymur Tkachenko",
        SourceStatus.PROPOSED,
    )
    # The cue "said" marked is the one nearest the selected words.
    said = BODY.index("said eight")
    assert (attribution.cue_start, attribution.cue_end) == (said, said + 4)
    assert claim.changes.filter(action="attributed").exists()


def test_words_typed_without_the_script_are_found_nearest_the_claim(editor_client: Client) -> None:
    claim = _claim()
    known = SourceFactory(name="Odesa regional administration", status=SourceStatus.CONFIRMED)
    response = _add(
        editor_client, claim, source_text="Tymur Tkachenko", source=known.name, role=Role.RELAY
    )
    assert response.status_code == 302
    attribution = Attribution.objects.get(claim=claim)
    first = BODY.index("Tymur Tkachenko")
    assert (attribution.source, attribution.role) == (known, Role.RELAY)
    assert (attribution.source_start, attribution.source_end) == (first, first + 15)
    said = BODY.index("said eight")
    assert (attribution.cue_start, attribution.cue_end) == (said, said + 4)


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"source_text": "The minister"}, "“The minister” is not in the article&#x27;s text"),
        ({"source_text": ""}, "This field is required."),
        ({"source_text": "Officials", "source_start": "-1"}, "greater than or equal to 0"),
        ({"source_text": "Officials", "claim": "999999"}, "Select a valid choice."),
        ({"source_text": "Officials", "role": "witness"}, "Select a valid choice."),
        ({"source_text": "...", "source": ""}, "is not a usable source name"),
    ],
)
def test_a_quote_the_article_does_not_hold_or_a_bad_field_is_a_form_error(
    editor_client: Client, fields: dict[str, object], error: str
) -> None:
    claim = _claim()
    response = _add(editor_client, claim, **fields)
    assert response.status_code == 400
    assert error in response.text
    assert not Attribution.objects.exists()
    assert not Source.objects.exists()


def test_a_stale_form_is_refused_with_what_changed_since(editor_client: Client) -> None:
    claim = _claim()
    opened = claim_version(claim)
    Claim.objects.filter(pk=claim.pk).update(updated_at=timezone.now())
    response = _add(
        editor_client, claim, source_text="Officials", **{f"version-{claim.pk}": opened}
    )
    assert response.status_code == 409
    assert "Changed since you opened it." in response.text
    assert not Attribution.objects.exists()


def test_a_retracted_claim_takes_no_attribution(editor_client: Client) -> None:
    claim = _claim()
    Claim.objects.filter(pk=claim.pk).update(status=ClaimStatus.RETRACTED)
    claim.refresh_from_db()
    response = _add(editor_client, claim, source_text="Officials")
    assert response.status_code == 409
    assert "A retracted claim cannot be changed." in response.text


@pytest.mark.parametrize("claims", [1, 15])
def test_the_article_page_runs_the_same_queries_whatever_the_number_of_claims(
    editor_client: Client, django_assert_num_queries, claims: int
) -> None:
    article = ArticleFactory(body=BODY)
    for n in range(claims):
        AttributionFactory(claim=ClaimFactory(article=article, start=n, end=n + 1))
    # session, user, the user's roles; the article with its outlet, its claims, their
    # attributions with sources, their pending CrossChecks
    with django_assert_num_queries(7):
        response = editor_client.get(reverse("article_detail", args=[article.pk]))
    assert response.status_code == 200


# The claim page: fix where an attribution's source stands.


def test_an_editor_fixes_an_attributions_span_by_its_words_as_written() -> None:
    claim = _claim()
    attribution = AttributionFactory(claim=claim, source_text="Officials", cue="said")
    editor = page_client(EDITOR)
    response = editor.post(
        reverse("attribution_edit", args=[claim.pk, attribution.pk]),
        {
            "version": claim_version(claim),
            "source": attribution.source.name,
            "role": attribution.role,
            "stance": attribution.stance,
            "cue": "said",
            "source_text": "Tymur Tkachenko",
        },
    )
    assert response.status_code == 302
    attribution.refresh_from_db()
    first = BODY.index("Tymur Tkachenko")
    assert (attribution.source_text, attribution.source_start) == ("Tymur Tkachenko", first)
    assert ClaimChange.objects.filter(claim=claim, action="attribution changed").exists()


def test_a_span_fix_the_article_does_not_hold_is_refused_and_nothing_changes() -> None:
    claim = _claim()
    attribution = AttributionFactory(claim=claim, source_text="Officials", source_start=16)
    editor = page_client(EDITOR, VIEWER)
    response = editor.post(
        reverse("attribution_edit", args=[claim.pk, attribution.pk]),
        {
            "version": claim_version(claim),
            "source": attribution.source.name,
            "role": attribution.role,
            "stance": attribution.stance,
            "source_text": "The minister",
        },
        follow=True,
    )
    messages = [str(message) for message in response.context["messages"]]
    assert "“The minister” is not in the article's text" in messages[0]
    attribution.refresh_from_db()
    assert (attribution.source_text, attribution.source_start) == ("Officials", 16)


def test_a_cue_changed_alone_leaves_the_source_where_it_was_marked() -> None:
    claim = _claim()
    second = BODY.rindex("Tymur Tkachenko")
    attribution = attribution_create(
        claim=claim,
        source=SourceFactory(),
        source_text="Tymur Tkachenko",
        source_start=second,
        cue="said",
        by=None,
    )
    attribution_update(attribution=attribution, cue="repeated", by=None)
    attribution.refresh_from_db()
    repeated = BODY.index("repeated")
    assert (attribution.source_start, attribution.cue_start) == (second, repeated)
