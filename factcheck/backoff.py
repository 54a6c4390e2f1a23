"""How long to wait before trying again: one rule for the workers' database retries, CrossChecks
and webhook deliveries."""

from __future__ import annotations

import random


def backoff_seconds(*, attempt: int, base: float, ceiling: float) -> float:
    """Seconds before trying again after failed attempt `attempt` (1, 2, ...): `base` doubling
    each time up to `ceiling`, the upper half drawn at random, so that what failed together (a
    site down, a database restarted) does not all come back at once."""
    top = min(float(ceiling), float(base) * 2.0 ** (attempt - 1))
    return top / 2 + random.uniform(0, top / 2)
