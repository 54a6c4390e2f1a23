"""Bad input gets a 4xx with the documented body, never a 500, and nothing is half-written."""

from __future__ import annotations

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from api.concurrency import etag
from claims.models import Article, Claim, ClaimChange, ClaimStatus
from sources.models import Source
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def assert_error(response, status: int, kind: str, field: str | None = None) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"type", "detail", "errors"}
    assert body["type"] == kind
    assert isinstance(body["detail"], str) and body["detail"]
    if field is not None:
        assert body["errors"][field], body


def test_malformed_json_is_a_parse_error(editor) -> None:
    response = editor.post("/api/v1/claims/", "{not json", content_type="application/json")
    assert_error(response, 400, "parse_error")
    assert not Claim.objects.exists()


@pytest.mark.parametrize("depth", [33, 1000, 100_000])
def test_json_nested_too_deep_is_a_parse_error_not_a_500(editor, depth: int) -> None:
    body = "[" * depth + "]" * depth
    response = editor.post("/api/v1/claims/", body, content_type="application/json")
    assert_error(response, 400, "parse_error")
    body = '{"text": ' + '{"a": ' * depth + "1" + "}" * depth + "}"
    response = editor.post("/api/v1/articles/", body, content_type="application/json")
    assert_error(response, 400, "parse_error")


def test_json_nested_a_few_levels_is_read(editor) -> None:
    body = '{"text": ' + "[" * 30 + "]" * 30 + "}"
    response = editor.post("/api/v1/articles/", body, content_type="application/json")
    assert_error(response, 400, "invalid", "text")  # read, then refused for what it is


@pytest.mark.parametrize("path", ["/api/v1/articles/", "/articles/new/"])
def test_a_chunked_body_without_a_length_is_refused_with_411(editor, path: str) -> None:
    response = editor.generic(
        "POST", path, b"", content_type="application/json", HTTP_TRANSFER_ENCODING="chunked"
    )
    assert response.status_code == 411
    if path.startswith("/api/"):
        assert_error(response, 411, "length_required")
    assert not Article.objects.exists()


def test_a_form_body_is_refused_as_unsupported(editor) -> None:
    response = editor.post("/api/v1/claims/", {"text": "x"})  # multipart, not JSON
    assert_error(response, 415, "unsupported_media_type")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": ["a list"]}, "text"),
        ({"text": "Fine.", "article": "one"}, "article"),
        ({"text": "Fine.", "start": "x", "end": 3}, "start"),
        ({"text": "Fine.", "surprise": 1}, "surprise"),
        ({"text": "x" * 5001}, "text"),
        ({"text": "Fine.", "article": 10**12}, "article"),
    ],
    ids=["wrong type", "wrong id type", "wrong int", "unknown field", "overlong", "no such id"],
)
def test_invalid_claims_are_refused_field_by_field(editor, body: dict, field: str) -> None:
    assert_error(editor.post("/api/v1/claims/", body, format="json"), 400, "invalid", field)
    assert not Claim.objects.exists()


def test_a_json_array_instead_of_an_object_is_refused(editor) -> None:
    response = editor.post("/api/v1/claims/", [1, 2], format="json")
    assert_error(response, 400, "invalid", "non_field_errors")


def test_unknown_enum_values_are_refused(reviewer) -> None:
    claim = ClaimFactory()
    response = reviewer.post(
        f"/api/v1/claims/{claim.pk}/rate/",
        {"verdict": "pants_on_fire", "rationale": "x"},
        format="json",
        HTTP_IF_MATCH=etag(claim),
    )
    assert_error(response, 400, "invalid", "verdict")
    assert_error(reviewer.get("/api/v1/claims/", {"verdict": "maybe"}), 400, "invalid", "verdict")
    assert_error(reviewer.get("/api/v1/sources/", {"grade": "Z"}), 400, "invalid", "grade")
    claim.refresh_from_db()
    assert claim.verdict == ""


@pytest.mark.parametrize("cursor", ["zzz", "cD0yMDI1", "cD1ub3QtYS1kYXRl", "bz0tMQ==", "éé"])
def test_invalid_cursors_are_a_400_not_a_500(viewer, cursor: str) -> None:
    ClaimFactory()
    assert_error(viewer.get("/api/v1/claims/", {"cursor": cursor}), 400, "invalid", "cursor")


def test_page_size_is_capped(viewer) -> None:
    ClaimFactory.create_batch(3)
    with override_settings(FACTCHECK_API_MAX_PAGE_SIZE=2):
        response = viewer.get("/api/v1/claims/", {"page_size": 1000})
    assert len(response.json()["results"]) == 2
    assert response.json()["next"]


@override_settings(FACTCHECK_API_MAX_BODY_BYTES=1000)
def test_an_oversized_body_is_refused_with_413_before_it_is_read(editor) -> None:
    response = editor.post("/api/v1/articles/", {"text": "x" * 2000}, format="json")
    assert_error(response, 413, "request_too_large")
    assert not Article.objects.exists()


@override_settings(FACTCHECK_MAX_ARTICLE_BYTES=100)
def test_an_article_over_the_ingest_limit_is_refused_and_nothing_is_written(editor) -> None:
    response = editor.post("/api/v1/articles/", {"text": "Title\n" + "y " * 100}, format="json")
    assert_error(response, 400, "invalid", "text")
    assert not Article.objects.exists()


def test_markup_is_stored_and_returned_as_text(editor) -> None:
    text = '<script>alert("x")</script> said <b>nobody</b>'
    response = editor.post("/api/v1/claims/", {"text": text}, format="json")
    assert response.status_code == 201
    assert response.json()["text"] == text
    assert response["Content-Type"] == "application/json"
    assert Claim.objects.get().text == text


def test_a_refused_write_leaves_no_history(reviewer) -> None:
    claim = ClaimFactory()
    response = reviewer.post(
        f"/api/v1/claims/{claim.pk}/publish/", {}, format="json", HTTP_IF_MATCH=etag(claim)
    )
    assert_error(response, 409, "not_rated", "verdict")  # a conflict with the claim's state
    assert not ClaimChange.objects.exists()


def test_changing_a_retracted_claim_is_a_conflict_of_its_own_type(reviewer) -> None:
    claim = ClaimFactory(status=ClaimStatus.RETRACTED, verdict="false")
    response = reviewer.post(
        f"/api/v1/claims/{claim.pk}/rate/",
        {"verdict": "true", "rationale": "Checked."},
        format="json",
        HTTP_IF_MATCH=etag(claim),
    )
    assert_error(response, 409, "retracted", "status")


def test_a_source_name_already_taken_is_a_conflict(editor) -> None:
    # Found by Schemathesis's stateful run: a name the schema allows, refused for the registry's
    # state (another source has it), not for its form.
    SourceFactory(name="TASS")
    response = editor.post("/api/v1/sources/", {"name": "tass", "aliases": ["x"]}, format="json")
    assert_error(response, 409, "name_taken", "name")
    assert Source.objects.count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/claims/999999/",
        "/api/v1/claims/abc/",
        "/api/v1/x/",
        "/api/v1/webhooks//",
        "/api/nothing/here",
        # Beyond a 64-bit id (found by Schemathesis): no record, not an overflow.
        f"/api/v1/claims/{2**80}/",
        f"/api/v1/sources/{2**80}/",
        f"/api/v1/fact-checks/{2**80}/",
    ],
)
def test_unknown_paths_and_records_are_404_with_the_error_body(viewer, path: str) -> None:
    assert_error(viewer.get(path), 404, "not_found")


def test_a_method_an_endpoint_lacks_is_405(viewer) -> None:
    assert_error(viewer.put("/api/v1/claims/", {}, format="json"), 405, "method_not_allowed")


@override_settings(DEBUG=True)
def test_an_unknown_path_is_a_json_404_with_debug_on_too(viewer) -> None:
    # With DEBUG on, Django answers a 404 of its resolver with its HTML debug page.
    assert_error(viewer.get("/api/v1/webhooks//"), 404, "not_found")


def test_a_post_to_an_unknown_path_is_a_json_404_not_a_csrf_page() -> None:
    # Found by Schemathesis: a negative id misses the route, and Django's CSRF check answered.
    client = APIClient(enforce_csrf_checks=True)
    response = client.post("/api/v1/claims/-4/publish/", {}, format="json")
    assert_error(response, 404, "not_found")


def test_a_path_without_its_trailing_slash_is_a_404_that_names_the_path(editor) -> None:
    response = editor.post("/api/v1/claims", {"text": "Fine."}, format="json")
    assert_error(response, 404, "not_found")
    assert "/api/v1/claims/" in response.json()["detail"]
    assert not Claim.objects.exists()


@pytest.mark.parametrize("path", ["/api/v1/claims/", "/claims/"])
def test_an_address_too_long_is_refused_with_414_before_any_view(viewer, path: str) -> None:
    response = viewer.get(path, {"q": "x" * 8000})
    assert response.status_code == 414
    if path.startswith("/api/"):
        assert_error(response, 414, "uri_too_long")


def test_an_address_at_the_limit_reaches_the_view(viewer) -> None:
    query = "q=" + "x" * (8000 - len("/api/v1/claims/?q="))
    # The view answers, refusing the search for its own length.
    assert_error(viewer.get(f"/api/v1/claims/?{query}"), 400, "invalid", "q")


@pytest.mark.parametrize("path", ["/api/v1/claims/", "/api/schema/"])
def test_an_accept_header_the_api_cannot_answer_is_a_json_406(viewer, path: str) -> None:
    response = viewer.get(path, HTTP_ACCEPT="application/xml")
    assert response["Content-Type"] == "application/json"
    assert_error(response, 406, "not_acceptable")


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/tokens/", {"name": "CMS", "read_only": 0}, "read_only"),
        ("/api/v1/claims/", {"text": 123}, "text"),
        ("/api/v1/claims/", {"text": "Fine.", "article": "1"}, "article"),
        ("/api/v1/sources/", {"name": "X", "aliases": [1, 2]}, "aliases"),
    ],
)
def test_values_of_the_wrong_json_type_are_not_coerced(editor, path, body, field) -> None:
    assert_error(editor.post(path, body, format="json"), 400, "invalid", field)


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/tokens/", {"name": "\u0085" + "x" * 100}, "name"),
        ("/api/v1/claims/", {"text": " " + "x" * 5000}, "text"),
        ("/api/v1/sources/", {"name": "X", "aliases": ["y" * 200 + "\n"]}, "aliases"),
    ],
    ids=["token name", "claim text", "an alias"],
)
def test_a_string_over_its_max_length_is_refused_even_when_padded_with_whitespace(
    editor, path, body, field
) -> None:
    # DRF strips whitespace before its length check; the schema's maxLength counts what is sent
    # (found by Schemathesis).
    assert_error(editor.post(path, body, format="json"), 400, "invalid", field)
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/tokens/", {"name": "ci\x01"}, "name"),
        ("/api/v1/claims/", {"text": "Kyiv was hit\x1b[31m."}, "text"),
        ("/api/v1/sources/", {"name": "X", "aliases": ["fine", "\x7fnot"]}, "aliases"),
    ],
    ids=["token name", "claim text", "an alias"],
)
def test_a_string_with_a_control_character_is_refused_as_not_text(
    editor, path, body, field
) -> None:
    response = editor.post(path, body, format="json")
    assert_error(response, 400, "invalid", field)
    assert "control character U+00" in str(response.json())
    assert not Claim.objects.exists()
    assert not Source.objects.exists()


def test_tabs_and_newlines_are_text(editor) -> None:
    response = editor.post("/api/v1/claims/", {"text": "Kyiv\twas hit.\r\nTwice."}, format="json")
    assert response.status_code == 201


@pytest.mark.parametrize(
    "query",
    [
        {"has_contradictions": "null"},
        {"status": ""},
        {"source": "0.5"},
        {"page_size": "0"},
        # Before year 1 once in UTC (found by Schemathesis).
        {"created_after": "0001-01-01T00:00:10+16:20"},
    ],
)
def test_query_parameters_are_as_strict_as_the_schema_says(viewer, query) -> None:
    assert viewer.get("/api/v1/claims/", query).status_code == 400


def test_a_moment_with_an_offset_postgresql_refuses_is_read_in_utc(viewer) -> None:
    claim = ClaimFactory()
    # +17:40 is valid ISO 8601 but beyond PostgreSQL's ±15:59 (found by Schemathesis).
    response = viewer.get("/api/v1/claims/", {"created_after": "2000-01-01T00:00:00+17:40"})
    assert [row["id"] for row in response.json()["results"]] == [claim.pk]
    feed = viewer.get("/api/v1/fact-checks/", {"published_since": "2928-08-15T18:06:05-18:18"})
    assert feed.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "source=-3367126320838057008300032",
        "source=9223372036854775808",
        "article=0",
        "source=99999999999999999999999",
    ],
)
def test_an_id_filter_no_record_can_have_is_a_400_on_every_database(editor, query: str) -> None:
    response = editor.get(f"/api/v1/claims/?{query}")

    assert_error(response, 400, "invalid", query.split("=")[0])


@pytest.mark.parametrize(
    ("path", "query", "name"),
    [
        ("/api/v1/claims/", {"statu": "new"}, "statu"),
        ("/api/v1/fact-checks/", {"since": "2025-01-01T00:00:00Z"}, "since"),
        ("/api/v1/claims/", {"ordering": "text"}, "ordering"),
        ("/api/v1/claims/", {"ordering": "-created_at,bogus"}, "ordering"),
        ("/api/v1/fact-checks/", {"ordering": "published_at"}, "ordering"),
    ],
)
def test_unknown_query_parameters_and_orderings_are_refused(viewer, path, query, name) -> None:
    response = viewer.get(path, query)
    assert_error(response, 400, "invalid", name)


def test_the_allowed_query_parameters_and_orderings_pass(viewer) -> None:
    response = viewer.get("/api/v1/claims/", {"ordering": "-updated_at", "status": "new"})
    assert response.status_code == 200, response.content
