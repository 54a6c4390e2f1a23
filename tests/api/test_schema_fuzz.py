"""Schemathesis against the live schema, with every check, as a reviewer and as a viewer (real
tokens): generated requests, valid and not, to every operation, then chains of them that follow
the schema's links (create -> read -> update -> publish); no 500, every answer as the schema
says (status, headers, body), schema-valid requests taken and invalid ones refused.

Part of `make test`, so `.ci/run` runs it: there it is derandomised (the same examples every
run), so that a green run means green; `make fuzz` runs the long random search (the
FACTCHECK_FUZZ_EXAMPLES and FACTCHECK_FUZZ_RANDOM below). Each generated request (each chain,
in the stateful run) starts from the same records: its writes are rolled back."""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from accounts.roles import REVIEWER, VIEWER
from api.pagination import CURSOR_FORMAT
from factcheck.wsgi import application
from tests.api.conftest import client_for
from tests.factories import AttributionFactory, CrossCheckFactory
from tests.pages import Page, Pages, article_html

EXAMPLES = int(os.environ.get("FACTCHECK_FUZZ_EXAMPLES", "25"))
RANDOM = os.environ.get("FACTCHECK_FUZZ_RANDOM") == "1"

# Every check, with the expected statuses widened by what no schema can know in advance:
# whether the ETag sent in If-Match is the record's current one (412, like the 409 of a state
# that refuses), whether an Idempotency-Key was used before with another body (422, met along
# the stateful run's chains), that a missing If-Match is answered 428 (Precondition Required)
# rather than 400, and that a body or address over the size limits (413, 414: bytes as sent,
# which depend on the encoding) is refused before it is read. Schema-valid requests must be
# taken as the built-in check says, but for the one refusal below
# (schema_valid_request_accepted).
SIZE_LIMITS = ["413", "414"]
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "enabled": False,
                "expected-statuses": [
                    *["2xx", "401", "403", "404", "409", "410", "412", "422", "429"],
                    *SIZE_LIMITS,
                ],
            },
            "negative_data_rejection": {
                "expected-statuses": [
                    *["400", "401", "403", "404", "405", "406", "409", "415", "422", "428"],
                    *["429", *SIZE_LIMITS],
                ]
            },
            "missing_required_header": {
                "expected-statuses": ["400", "401", "403", "406", "415", "428"]
            },
        }
    }
)
# Loaded from the running application's own /api/schema/ endpoint, as a client generator would.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)


# DRF's message for an id that names no record (PrimaryKeyRelatedField's `does_not_exist`).
MISSING_RECORD = re.compile(r'^Invalid pk ".*" - object does not exist\.$')


@schemathesis.check
def schema_valid_request_accepted(ctx: Any, response: Any, case: Any) -> bool | None:
    """positive_data_acceptance, but for a body naming a record that does not exist: no schema
    can say which ids exist, and the API refuses one that does not with a 400 naming the field."""
    if response.status_code == 400:
        errors = response.json()["errors"]
        messages = [message for field in errors.values() for message in field]
        if messages and all(MISSING_RECORD.match(message) for message in messages):
            return None
    return positive_data_acceptance(ctx, response, case)


def _cursor(offset: int, reverse: bool) -> str:
    """A cursor as the API gives them out (DRF's encoding); the position, which depends on the
    list and its ordering, is left out, as on a first page."""
    query = urlencode({"o": offset, "r": int(reverse)})
    return base64.b64encode(query.encode()).decode()


# Cursors are opaque (any other string is a 400): generated requests use ones the API could give.
schemathesis.openapi.format(CURSOR_FORMAT, st.builds(_cursor, st.integers(0, 1000), st.booleans()))

# The persona's `Authorization` header, set by the `token` fixture.
_signed_in: dict[str, str] = {}


@schema.auth(refresh_interval=None)
class TokenAuth:
    """The persona's real token, given to Schemathesis as the API's authentication, so that its
    ignored_auth check can take it away and send a forged one instead."""

    def get(self, case: Any, context: Any) -> str:
        return _signed_in.get("Authorization", "")

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": data}


SETTINGS = hypothesis.settings(
    max_examples=EXAMPLES,
    derandomize=not RANDOM,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Schemathesis calls the WSGI app directly, whose request signals would close the
    connection holding the test's transaction; Django's test client unhooks them the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@contextmanager
def _rolled_back() -> Iterator[None]:
    """What happens inside is undone: the next example meets the same records and an empty
    throttle. The block is the test's, as Django's TestCase marks its own, so that the fetcher
    (which refuses to fetch inside the code's transactions) tells it apart."""
    cache.clear()
    with transaction.atomic():
        transaction.get_connection().atomic_blocks[-1]._from_testcase = True
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _a_page_to_ingest(pages: Pages) -> Iterator[None]:
    """Ingest by url fetches from the local page server, never the Internet."""
    pages.routes["/article"] = Page(
        article_html(title="Kyiv hit overnight", paragraphs=["The mayor said eight were hurt."])
    )
    _page_url["url"] = pages.url("/article")
    yield
    _page_url.clear()


_page_url: dict[str, str] = {}


@schemathesis.hook
def map_case(context: Any, case: Any) -> Any:
    """A schema-valid url to ingest becomes the local page's."""
    body = case.body
    if (
        case.operation.path == "/api/v1/articles/"
        and case.meta is not None
        and case.meta.generation.mode.is_positive
        and isinstance(body, dict)
        and isinstance(body.get("url"), str)
        and _page_url
    ):
        case.body = {**body, "url": _page_url["url"]}
    return case


@pytest.fixture(params=[REVIEWER, VIEWER])
def signed_in(request: pytest.FixtureRequest, db: None) -> Iterator[None]:
    # A few records, so that generated ids sometimes find one.
    for _ in range(3):
        CrossCheckFactory(claim=AttributionFactory().claim)
    _signed_in["Authorization"] = client_for(request.param)._credentials["HTTP_AUTHORIZATION"]
    yield
    _signed_in.clear()


@pytest.mark.django_db
@schema.parametrize()
@SETTINGS
def test_every_operation_answers_as_its_schema_says(case: Any, signed_in: None) -> None:
    with _rolled_back():
        case.call_and_validate()


@pytest.mark.django_db
def test_chains_of_operations_answer_as_the_schema_says(signed_in: None) -> None:
    class Run(schema.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            self._rollback = _rolled_back()
            self._rollback.__enter__()

        def teardown(self) -> None:
            self._rollback.__exit__(None, None, None)

    Run.run(
        settings=hypothesis.settings(
            SETTINGS, max_examples=max(EXAMPLES // 5, 5), stateful_step_count=10
        )
    )
