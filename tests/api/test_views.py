"""What integrators see of each resource, beyond permissions and errors."""

from __future__ import annotations

import pytest

from accounts.roles import VIEWER
from api.concurrency import etag
from claims.models import Claim, ClaimChange, CrossCheck, CrossCheckStatus, Question, Stance
from claims.services.questions import claims_group
from sources.models import SourceAlias
from tests.api.conftest import client_for
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    CrossCheckFactory,
    RelatedClaimFactory,
    SourceFactory,
)
from tests.pages import Page, Pages, article_html

pytestmark = pytest.mark.django_db

TEXT = "Kyiv hit overnight\nAccording to Tymur Tkachenko, eight people were injured."


def _ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


def test_sources_are_found_by_alias_and_filtered_by_grade(viewer) -> None:
    cfr = SourceFactory(name="Council on Foreign Relations", grade="B", country="US")
    SourceAlias.objects.create(source=cfr, name="CFR", key="cfr")
    SourceFactory(name="Other", grade="E")
    assert _ids(viewer.get("/api/v1/sources/", {"q": "cfr"})) == [cfr.pk]
    assert _ids(viewer.get("/api/v1/sources/", {"grade": "B", "country": "US"})) == [cfr.pk]


def test_a_source_detail_has_its_reliability_interval_and_track_record(viewer) -> None:
    source = SourceFactory(reliability=0.7, reliability_low=0.5, reliability_high=0.85)
    AttributionFactory(source=source, claim=ClaimFactory(verdict="false"))
    AttributionFactory(source=source)
    body = viewer.get(f"/api/v1/sources/{source.pk}/").json()
    assert (body["reliability"]["mean"], body["reliability"]["low"]) == (0.7, 0.5)
    assert body["reliability"]["high"] == 0.85
    assert body["track_record"] == {"false": 1, "unrated": 1}


def test_ingesting_an_article_returns_it_with_its_claims_and_sources(editor) -> None:
    response = editor.post("/api/v1/articles/", {"text": TEXT}, format="json")
    assert response.status_code == 201
    [claim] = response.json()["claims"]
    assert claim["text"] == "eight people were injured"
    assert claim["attributions"][0]["source"]["name"] == "Tymur Tkachenko"
    again = editor.post("/api/v1/articles/", {"text": TEXT}, format="json")
    assert again.status_code == 200
    assert again.json()["id"] == response.json()["id"]


def test_an_article_is_ingested_from_its_url_alone(editor, pages: Pages) -> None:
    pages.routes["/kyiv"] = Page(
        article_html(
            title="Kyiv hit overnight",
            paragraphs=["The mayor said eight people were injured in the overnight attack."],
            site_name="Daily Planet",
        )
    )
    response = editor.post("/api/v1/articles/", {"url": pages.url("/kyiv")}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["title"], body["url"], body["outlet"]["name"]) == (
        "Kyiv hit overnight",
        pages.url("/kyiv"),
        "Daily Planet",
    )
    assert body["claims"]


def test_an_article_sent_as_text_with_its_url_keeps_the_text_and_fetches_nothing(
    editor, pages: Pages
) -> None:
    url = pages.url("/nowhere")
    response = editor.post("/api/v1/articles/", {"text": TEXT, "url": url}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["url"], body["claims"][0]["text"]) == (url, "eight people were injured")
    assert pages.requests == []


def test_an_article_url_on_a_private_address_is_refused(editor, settings) -> None:
    settings.FETCH_ALLOWED_NETWORKS = []
    response = editor.post("/api/v1/articles/", {"url": "http://10.0.0.1/a"}, format="json")
    assert response.status_code == 400
    assert "private" in response.json()["errors"]["url"][0]


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "text"), ({"url": "https://example.org/a", "title": "Mine"}, "url")],
)
def test_an_article_needs_its_text_or_a_url_alone(editor, body: dict, field: str) -> None:
    response = editor.post("/api/v1/articles/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_claims_are_filtered_by_source_verdict_search_and_contradictions(viewer) -> None:
    contradicted = AttributionFactory(stance=Stance.CONTRADICTS).claim
    rated = ClaimFactory(verdict="false", text="Ten drones were shot down.")
    other = AttributionFactory().claim
    assert _ids(viewer.get("/api/v1/claims/", {"has_contradictions": "true"})) == [contradicted.pk]
    assert _ids(viewer.get("/api/v1/claims/", {"verdict": "false"})) == [rated.pk]
    assert _ids(viewer.get("/api/v1/claims/", {"q": "drones TEN"})) == [rated.pk]
    source = other.attributions.get().source_id
    assert _ids(viewer.get("/api/v1/claims/", {"source": source})) == [other.pk]


def test_claims_pages_follow_their_cursor_without_repeats(viewer) -> None:
    claims = ClaimFactory.create_batch(5)
    first = viewer.get("/api/v1/claims/", {"page_size": 2, "ordering": "created_at"}).json()
    seen = [row["id"] for row in first["results"]]
    page = first
    while page["next"]:
        page = viewer.get(page["next"]).json()
        seen += [row["id"] for row in page["results"]]
    assert seen == [claim.pk for claim in claims]


def test_a_claim_detail_has_corroboration_crosschecks_and_history(editor) -> None:
    claim = ClaimFactory(corroboration={"explanation": ["TASS relays a Kremlin aide."]})
    CrossCheckFactory(claim=claim)
    editor.patch(
        f"/api/v1/claims/{claim.pk}/", {"value": "8"}, format="json", HTTP_IF_MATCH=etag(claim)
    )
    body = editor.get(f"/api/v1/claims/{claim.pk}/").json()
    assert body["corroboration"]["explanation"] == ["TASS relays a Kremlin aide."]
    assert body["crosschecks"][0]["status"] == "queued"
    assert body["history"][-1] == {
        "action": "edited",
        "changes": {"value": ["", "8"]},
        "changed_by": "editor",
        "changed_at": body["history"][-1]["changed_at"],
    }


def test_attributions_are_created_changed_and_removed_with_history(editor) -> None:
    claim, source = ClaimFactory(), SourceFactory(name="TASS")
    created = editor.post(
        "/api/v1/attributions/", {"claim": claim.pk, "source": source.pk}, format="json"
    )
    assert created.status_code == 201
    duplicate = editor.post(
        "/api/v1/attributions/", {"claim": claim.pk, "source": source.pk}, format="json"
    )
    assert duplicate.status_code == 400
    path = f"/api/v1/attributions/{created.json()['id']}/"
    assert editor.patch(path, {"role": "relay"}, format="json").json()["role"] == "relay"
    assert editor.delete(path).status_code == 204
    actions = list(ClaimChange.objects.filter(claim=claim).values_list("action", flat=True))
    assert actions == ["attributed", "attribution changed", "attribution removed"]


def test_checks_are_queued_for_every_claim_of_an_article_and_cancelled(editor) -> None:
    article = ArticleFactory()
    ClaimFactory.create_batch(2, article=article)
    with pytest.MonkeyPatch.context() as patch:
        # Record only: this test is about the API, the run is tested in tests/claims.
        patch.setattr("claims.services.crosscheck_queue.crosscheck_dispatch", lambda **kw: None)
        response = editor.post("/api/v1/crosschecks/", {"article": article.pk}, format="json")
    checks = response.json()["crosschecks"]
    assert len(checks) == 2
    cancel = editor.post(f"/api/v1/crosschecks/{checks[0]['id']}/cancel/", {}, format="json")
    assert cancel.json()["status"] == CrossCheckStatus.CANCELLED
    done = CrossCheckFactory(status=CrossCheckStatus.SUCCEEDED)
    assert (
        editor.post(f"/api/v1/crosschecks/{done.pk}/cancel/", {}, format="json").status_code == 400
    )
    assert CrossCheck.objects.filter(status=CrossCheckStatus.QUEUED).count() == 1


def test_a_new_token_works_once_and_stops_when_revoked(viewer) -> None:
    created = viewer.post(
        "/api/v1/tokens/", {"name": "Slack bot", "read_only": True}, format="json"
    )
    assert created.status_code == 201
    secret = created.json()["token"]
    bot = client_for("anonymous")
    bot.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert bot.get("/api/v1/claims/").status_code == 200
    assert bot.post("/api/v1/tokens/", {"name": "more"}, format="json").status_code == 403
    listed = viewer.get("/api/v1/tokens/").json()["results"]
    assert all("token" not in row for row in listed)
    assert viewer.delete(f"/api/v1/tokens/{created.json()['id']}/").status_code == 204
    assert bot.get("/api/v1/claims/").status_code == 401


def test_a_session_in_the_browser_reads_the_api_too(client) -> None:
    client.force_login(client_for(VIEWER).user)
    assert client.get("/api/v1/claims/").status_code == 200


def test_the_schema_declares_the_headers_a_client_reads(client) -> None:
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    detail = paths["/api/v1/claims/{id}/"]
    assert "ETag" in detail["get"]["responses"]["200"]["headers"]
    assert "ETag" in paths["/api/v1/claims/{id}/rate/"]["post"]["responses"]["200"]["headers"]
    assert "ETag" in paths["/api/v1/sources/{id}/"]["patch"]["responses"]["200"]["headers"]
    created = paths["/api/v1/claims/"]["post"]["responses"]["201"]["headers"]
    assert {"ETag", "Idempotent-Replayed"} <= set(created)
    assert "Retry-After" in paths["/api/v1/fact-checks/"]["get"]["responses"]["429"]["headers"]
    publish = paths["/api/v1/claims/{id}/publish/"]["post"]["responses"]
    assert "not_rated" in publish["409"]["description"]


def test_the_schema_and_its_documentation_are_served_without_a_cdn(client) -> None:
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    assert "/api/v1/claims/{id}/rate/" in schema.json()["paths"]
    for path in ("/api/schema/swagger/", "/api/schema/redoc/"):
        page = client.get(path).content.decode()
        assert "drf_spectacular_sidecar" in page
        assert "cdn" not in page.lower()


def test_claims_grouped_under_a_question_show_it_and_are_corroborated_together(
    editor, django_capture_on_commit_callbacks
) -> None:
    eight = AttributionFactory(source__name="Mayor").claim
    ten = AttributionFactory(source__name="Police").claim
    for claim, value in ((eight, "8"), (ten, "10")):
        with django_capture_on_commit_callbacks(execute=True):  # the refresh runs on commit
            response = editor.post(
                f"/api/v1/claims/{claim.pk}/group/",
                {"question": "People injured in Kyiv", "value": value},
                format="json",
                HTTP_IF_MATCH=etag(claim),
            )
        assert response.status_code == 200, response.content
    body = editor.get(f"/api/v1/claims/{eight.pk}/").json()
    assert (body["question"], body["value"]) == ("People injured in Kyiv", "8")
    assert body["history"][-1]["action"] == "grouped"
    alternatives = body["corroboration"]["details"]["alternatives"]
    assert {a["value"] for a in alternatives} == {"8", "10"}
    eight.refresh_from_db()
    ungrouped = editor.post(
        f"/api/v1/claims/{eight.pk}/ungroup/", {}, format="json", HTTP_IF_MATCH=etag(eight)
    )
    assert (ungrouped.json()["question"], ungrouped.json()["value"]) == (None, "")


def test_splitting_a_claims_question_leaves_each_of_its_claims_alone(editor) -> None:
    eight, ten = ClaimFactory(), ClaimFactory()
    claims_group(claim=eight, other=ten, agree=False, values=("8", "10"), by=None)
    eight.refresh_from_db()
    split = editor.post(
        f"/api/v1/claims/{eight.pk}/split/", {}, format="json", HTTP_IF_MATCH=etag(eight)
    )
    assert (split.json()["question"], split.json()["value"]) == (None, "")
    assert split.json()["history"][-1]["action"] == "split"
    ten.refresh_from_db()
    assert ten.question is None
    again = editor.post(
        f"/api/v1/claims/{eight.pk}/split/", {}, format="json", HTTP_IF_MATCH=split["ETag"]
    )
    assert again.status_code == 409  # its state refuses it (found by the stateful Schemathesis run)
    assert again.json()["type"] == "no_question"
    assert again.json()["errors"] == {"question": ["This claim answers no question."]}


def test_grouping_without_a_value_is_a_field_error_and_changes_nothing(editor) -> None:
    claim = ClaimFactory()
    response = editor.post(
        f"/api/v1/claims/{claim.pk}/group/",
        {"question": "People injured in Kyiv", "value": " "},
        format="json",
        HTTP_IF_MATCH=etag(claim),
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"value"}
    claim.refresh_from_db()
    assert claim.question is None
    assert not Question.objects.exists()


def test_a_related_claim_accepted_groups_the_claims_and_cannot_be_decided_twice(
    editor,
) -> None:
    related = RelatedClaimFactory(stance=Stance.CONTRADICTS)
    AttributionFactory(claim=related.related, source__name="Kyiv police")
    RelatedClaimFactory(claim=related.claim, status="rejected")
    listed = editor.get(f"/api/v1/related-claims/?claim={related.claim_id}&status=proposed")
    assert _ids(listed) == [related.pk]
    assert listed.json()["results"][0]["related"]["text"] == related.related.text
    accepted = editor.post(f"/api/v1/related-claims/{related.pk}/accept/", {}, format="json")
    assert (accepted.json()["status"], accepted.json()["decided_by"]) == ("accepted", "editor")
    claim = editor.get(f"/api/v1/claims/{related.claim_id}/").json()
    rival = editor.get(f"/api/v1/claims/{related.related_id}/").json()
    assert claim["question"] == rival["question"] is not None
    assert claim["value"] != rival["value"]
    again = editor.post(f"/api/v1/related-claims/{related.pk}/reject/", {}, format="json")
    assert again.status_code == 400
    assert again.json()["errors"] == {"status": ["This related claim was already accepted."]}


REPORTS = [
    {"question": "Population of Springfield, 2000", "source": "Census bureau", "value": "61000"},
    {"question": "Population of Springfield, 2000", "source": "City hall", "value": "61000"},
    {
        "question": "Population of Springfield, 2000",
        "source": "Daily Bugle",
        "value": "65000",
        "via": ["Mayor's office"],
    },
]


def test_reports_are_imported_as_claims_of_a_question_and_corroborated(
    editor, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # the refresh runs on commit
        response = editor.post("/api/v1/reports/", {"reports": REPORTS}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert {key: body[key] for key in ("reports", "questions", "claims", "attributions")} == {
        "reports": 3,
        "questions": 1,
        "claims": 2,
        "attributions": 4,
    }
    assert sorted(body["proposed_sources"]) == [
        "Census bureau",
        "City hall",
        "Daily Bugle",
        "Mayor's office",
    ]
    [check] = body["crosschecks"]
    assert check["kind"] == "corroboration"
    claims = Claim.objects.filter(question__text=REPORTS[0]["question"]).order_by("-probability")
    assert [c.value for c in claims] == ["61000", "65000"]
    again = editor.post("/api/v1/reports/", {"reports": REPORTS}, format="json").json()
    assert (again["claims"], again["attributions"], again["proposed_sources"]) == (0, 0, [])


@pytest.mark.parametrize(
    ("reports", "errors"),
    [
        ([], {"reports": ["Ensure this field has at least 1 elements."]}),
        ([{**REPORTS[0], "year": 2000}], {"reports.0.year": ["This field is not known."]}),
        (
            [REPORTS[0], {"question": "q", "source": "s"}],
            {"reports.1.value": ["This field is required."]},
        ),
        ([{**REPORTS[0], "value": 61000}], {"reports.0.value": ["Send a string."]}),
        ([{**REPORTS[0], "via": "Mayor"}], {"reports.0.via": ["Send a list."]}),
        ("Census\t61000", {"reports": ['Expected a list of items but got type "str".']}),
    ],
)
def test_bad_reports_are_field_errors_and_nothing_is_imported(editor, reports, errors) -> None:
    response = editor.post("/api/v1/reports/", {"reports": reports}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == errors
    assert not Claim.objects.exists()
    assert not Question.objects.exists()
