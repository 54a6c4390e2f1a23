"""One backoff rule for every retry: doubling, capped, the upper half random."""

from __future__ import annotations

import pytest

from factcheck.backoff import backoff_seconds


@pytest.mark.parametrize(("attempt", "top"), [(1, 2.0), (2, 4.0), (3, 8.0), (6, 30.0), (40, 30.0)])
def test_a_wait_lies_in_the_upper_half_of_the_doubled_base_capped(attempt: int, top: float) -> None:
    waits = [backoff_seconds(attempt=attempt, base=2.0, ceiling=30.0) for _ in range(200)]
    assert all(top / 2 <= wait <= top for wait in waits)
    assert len(set(waits)) > 1  # spread out, not all at once
