"""The track-record CrossCheck recomputes a source's reliability from the verdicts on its
claims, with the corroboration engine, and stores it on the source."""

from __future__ import annotations

import pytest

from claims.models import CrossCheckKind, CrossCheckStatus, Verdict
from claims.services.crosscheck_runs import crosscheck_run
from sources.models import Grade
from tests.factories import AttributionFactory, ClaimFactory, CrossCheckFactory, SourceFactory

pytestmark = pytest.mark.django_db


def track_record(source):
    check = CrossCheckFactory(claim=None, source=source, kind=CrossCheckKind.TRACK_RECORD)
    check = crosscheck_run(crosscheck_id=check.pk)
    assert check is not None and check.status == CrossCheckStatus.SUCCEEDED, check.error
    source.refresh_from_db()
    return check


def source_with_verdicts(verdicts: list[str]):
    source = SourceFactory(grade=Grade.C)
    for verdict in verdicts:
        AttributionFactory(source=source, claim=ClaimFactory(verdict=verdict))
    return source


def test_confirmed_claims_raise_a_sources_reliability_and_refuted_ones_lower_it() -> None:
    confirmed = source_with_verdicts([Verdict.TRUE, Verdict.MOSTLY_TRUE] * 4)
    refuted = source_with_verdicts([Verdict.FALSE, Verdict.MOSTLY_FALSE] * 4)
    unjudged = source_with_verdicts([""] * 8)
    for source in (confirmed, refuted, unjudged):
        track_record(source)
    assert confirmed.reliability > unjudged.reliability > refuted.reliability
    assert confirmed.reliability_low < confirmed.reliability < confirmed.reliability_high
    assert confirmed.reliability_alpha > 0 and confirmed.reliability_beta > 0
    assert confirmed.reliability_explanation and confirmed.reliability_updated_at is not None


def test_the_result_counts_the_claims_and_verdicts_it_used() -> None:
    source = source_with_verdicts([Verdict.TRUE, Verdict.MIXED, ""])
    check = track_record(source)
    assert (check.result["claims"], check.result["verdicts"]) == (3, 1)
    assert check.result["reliability"]["mean"] == pytest.approx(source.reliability)


def test_a_source_with_no_claims_keeps_its_reliability_unset() -> None:
    source = SourceFactory()
    check = track_record(source)
    assert check.result == {"claims": 0, "verdicts": 0, "reliability": None}
    assert source.reliability is None
