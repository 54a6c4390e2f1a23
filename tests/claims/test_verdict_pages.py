"""The verdict workflow on the claim page: reviewers rate, publish and retract; editors edit the
claim's text and its attributions. Every form carries the version it was opened at and refuses a
stale save, saying who changed what since."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import EDITOR, REVIEWER, VIEWER
from claims.models import Attribution, Claim, ClaimChange, ClaimStatus, Publication, Role, Stance
from claims.services.claims import claim_rate
from claims.services.versions import claim_version
from sources.models import SourceStatus
from tests.factories import AttributionFactory, ClaimFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def _client(*roles: str) -> Client:
    client = Client()
    client.force_login(UserFactory(roles=list(roles)))
    return client


@pytest.fixture
def reviewer() -> Client:
    return _client(REVIEWER)


@pytest.fixture
def editor() -> Client:
    return _client(EDITOR)


def _opened_version(client: Client, claim: Claim) -> str:
    """The version the claim page's forms carry, as a browser would send it back."""
    html = client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    match = re.search(r'name="version" value="([^"]+)"', html)
    assert match, "the claim page's forms carry no version"
    return match.group(1)


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_a_reviewer_rates_a_claim_from_its_page_with_the_engines_suggestion_beside_it(
    reviewer: Client,
) -> None:
    claim = ClaimFactory(suggested_credibility=2)
    page = reviewer.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert "The engine suggests: <strong>2: probably true</strong>" in page
    version = _opened_version(reviewer, claim)
    response = reviewer.post(
        reverse("claim_rate", args=[claim.pk]),
        {
            "version": version,
            "verdict": "false",
            "rationale": "The figures say so.",
            "credibility": "5",
        },
        follow=True,
    )
    assert "Rated false." in _messages(response)
    claim.refresh_from_db()
    assert (claim.status, claim.verdict, claim.credibility) == (ClaimStatus.RATED, "false", 5)
    assert claim.changes.filter(action="rated").exists()


def test_a_reviewer_publishes_then_retracts_a_rated_claim(reviewer: Client) -> None:
    claim = ClaimFactory()
    claim_rate(claim=claim, verdict="false", rationale="No.", credibility=5, by=None)
    response = reviewer.post(
        reverse("claim_publish", args=[claim.pk]),
        {"version": _opened_version(reviewer, claim)},
        follow=True,
    )
    assert "Published: the public fact-check shows this verdict." in _messages(response)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PUBLISHED
    assert Publication.objects.filter(claim=claim, is_current=True).count() == 1

    response = reviewer.post(
        reverse("claim_retract", args=[claim.pk]),
        {"version": _opened_version(reviewer, claim), "reason": "The figures were revised."},
        follow=True,
    )
    assert "Retracted: the claim can no longer be changed." in _messages(response)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.RETRACTED
    assert "Publish the verdict" not in response.content.decode()


def test_publishing_an_unrated_claim_is_refused_with_the_services_reason(
    reviewer: Client,
) -> None:
    claim = ClaimFactory()
    response = reviewer.post(
        reverse("claim_publish", args=[claim.pk]),
        {"version": _opened_version(reviewer, claim)},
        follow=True,
    )
    assert "Rate the claim before publishing its verdict." in _messages(response)
    assert not Publication.objects.exists()


def test_a_rating_without_a_rationale_is_refused_and_changes_nothing(reviewer: Client) -> None:
    claim = ClaimFactory()
    response = reviewer.post(
        reverse("claim_rate", args=[claim.pk]),
        {"version": _opened_version(reviewer, claim), "verdict": "false", "rationale": " "},
        follow=True,
    )
    assert "Say why: a verdict needs a rationale." in _messages(response)
    claim.refresh_from_db()
    assert claim.verdict == ""


def test_two_tabs_rating_one_claim_the_second_save_is_refused_saying_who_changed_what(
    reviewer: Client,
) -> None:
    claim = ClaimFactory()
    tab_a = _opened_version(reviewer, claim)
    tab_b = _opened_version(reviewer, claim)
    other = UserFactory(username="alice", roles=[REVIEWER])
    other_client = Client()
    other_client.force_login(other)
    other_client.post(
        reverse("claim_rate", args=[claim.pk]),
        {"version": tab_a, "verdict": "true", "rationale": "Checked.", "credibility": "1"},
    )
    response = reviewer.post(
        reverse("claim_rate", args=[claim.pk]),
        {"version": tab_b, "verdict": "false", "rationale": "Not so.", "credibility": "5"},
        follow=True,
    )
    [refusal] = _messages(response)
    assert refusal.startswith("Changed by alice at ")
    assert "since you opened it: rated (" in refusal
    assert "verdict" in refusal and "Your change was not saved" in refusal
    claim.refresh_from_db()
    assert (claim.verdict, claim.verdict_rationale) == ("true", "Checked.")


def test_a_form_without_its_version_is_refused(reviewer: Client) -> None:
    claim = ClaimFactory()
    response = reviewer.post(
        reverse("claim_rate", args=[claim.pk]),
        {"verdict": "false", "rationale": "No."},
        follow=True,
    )
    assert "did not say which version" in _messages(response)[0]
    response = reviewer.post(
        reverse("claim_rate", args=[claim.pk]),
        {"version": "not a date", "verdict": "false", "rationale": "No."},
        follow=True,
    )
    assert "did not say which version" in _messages(response)[0]
    claim.refresh_from_db()
    assert claim.verdict == ""


def test_editing_an_attribution_bumps_the_version_so_a_stale_rating_is_refused(
    reviewer: Client, editor: Client
) -> None:
    attribution = AttributionFactory()
    claim = attribution.claim
    stale = _opened_version(reviewer, claim)
    editor.post(
        reverse("attribution_edit", args=[claim.pk, attribution.pk]),
        {
            "version": _opened_version(editor, claim),
            "source": attribution.source.name,
            "role": Role.RELAY,
            "stance": Stance.SUPPORTS,
            "cue": "told",
        },
    )
    response = reviewer.post(
        reverse("claim_rate", args=[claim.pk]),
        {"version": stale, "verdict": "false", "rationale": "No."},
        follow=True,
    )
    assert "since you opened it: attribution changed" in _messages(response)[0]


def test_an_editor_changes_an_attributions_source_role_stance_and_cue(editor: Client) -> None:
    attribution = AttributionFactory(cue="said")
    other = SourceFactory(name="Office for National Statistics", status=SourceStatus.CONFIRMED)
    claim = attribution.claim
    response = editor.post(
        reverse("attribution_edit", args=[claim.pk, attribution.pk]),
        {
            "version": _opened_version(editor, claim),
            "source": "office for national statistics",
            "role": Role.RELAY,
            "stance": Stance.CONTRADICTS,
            "cue": "according to",
        },
        follow=True,
    )
    assert "Attribution to Office for National Statistics saved." in _messages(response)
    attribution.refresh_from_db()
    assert (attribution.source, attribution.role, attribution.stance, attribution.cue) == (
        other,
        Role.RELAY,
        Stance.CONTRADICTS,
        "according to",
    )


def test_an_unknown_source_name_is_a_form_error(editor: Client) -> None:
    attribution = AttributionFactory()
    claim = attribution.claim
    response = editor.post(
        reverse("attribution_edit", args=[claim.pk, attribution.pk]),
        {
            "version": claim_version(claim),
            "source": "Nobody At All",
            "role": Role.ORIGINATOR,
            "stance": Stance.SUPPORTS,
        },
        follow=True,
    )
    assert _messages(response) == ["No source is named 'Nobody At All'."]


def test_an_editor_removes_a_false_attribution_and_edits_the_claims_text(editor: Client) -> None:
    attribution = AttributionFactory()
    claim = attribution.claim
    editor.post(
        reverse("attribution_delete", args=[claim.pk, attribution.pk]),
        {"version": _opened_version(editor, claim)},
    )
    assert not Attribution.objects.filter(pk=attribution.pk).exists()
    editor.post(
        reverse("claim_edit", args=[claim.pk]),
        {"version": _opened_version(editor, claim), "text": "  A better wording.  "},
    )
    claim.refresh_from_db()
    assert claim.text == "A better wording."
    actions = list(ClaimChange.objects.filter(claim=claim).values_list("action", flat=True))
    assert actions[-2:] == ["attribution removed", "edited"]


@pytest.mark.parametrize(
    ("roles", "name", "allowed"),
    [
        ([VIEWER], "claim_rate", False),
        ([EDITOR], "claim_rate", False),
        ([EDITOR], "claim_publish", False),
        ([EDITOR], "claim_retract", False),
        ([VIEWER], "claim_edit", False),
        ([REVIEWER], "claim_rate", True),
    ],
)
def test_each_form_is_refused_to_roles_that_may_not_use_it(
    roles: list[str], name: str, allowed: bool
) -> None:
    claim = ClaimFactory()
    response = _client(*roles).post(
        reverse(name, args=[claim.pk]),
        {
            "version": claim_version(claim),
            "verdict": "false",
            "rationale": "x",
            "text": "y",
            "reason": "z",
        },
    )
    assert (response.status_code != 403) is allowed


def test_the_claim_page_shows_each_role_only_the_forms_it_may_use() -> None:
    claim = ClaimFactory()
    AttributionFactory(claim=claim)
    url = reverse("claim_detail", args=[claim.pk])
    viewer = _client(VIEWER).get(url).content.decode()
    editor = _client(EDITOR).get(url).content.decode()
    reviewer = _client(REVIEWER).get(url).content.decode()
    assert "Save the verdict" not in viewer and "Save the attribution" not in viewer
    assert "Save the verdict" not in editor and "Save the attribution" in editor
    assert "Save the text" in editor and "Publish the verdict" not in editor
    assert "Save the verdict" in reviewer and "Publish the verdict" in reviewer


def test_an_editor_adds_a_missing_attribution_and_a_double_one_is_refused(editor: Client) -> None:
    claim = ClaimFactory()
    source = SourceFactory(name="Reuters")
    fields = {"source": "reuters", "role": Role.RELAY, "stance": Stance.SUPPORTS, "cue": "citing"}
    response = editor.post(
        reverse("attribution_add", args=[claim.pk]),
        {**fields, "version": _opened_version(editor, claim)},
        follow=True,
    )
    assert "Attributed to Reuters." in _messages(response)
    assert claim.attributions.get().source == source
    response = editor.post(
        reverse("attribution_add", args=[claim.pk]),
        {**fields, "version": _opened_version(editor, claim)},
        follow=True,
    )
    # The model's own constraint speaks first, in Django's words, without a field's prefix.
    assert _messages(response) == ["Attribution with this Claim, Source and Role already exists."]


@pytest.mark.parametrize("rows", [1, 10])
def test_the_claim_page_with_every_form_runs_the_same_queries_whatever_its_sources(
    django_assert_num_queries, rows: int
) -> None:
    claim = ClaimFactory()
    AttributionFactory.create_batch(rows, claim=claim)
    client = _client(REVIEWER)
    # session, user, the user's roles,
    # the claim with its article and question, its attributions with their sources,
    # its CrossChecks, its related claims (none: nothing more to prefetch)
    with django_assert_num_queries(7):
        page = client.get(reverse("claim_detail", args=[claim.pk])).text
    assert page.count("Save the attribution") == rows
