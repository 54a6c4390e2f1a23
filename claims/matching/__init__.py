"""Do two claims from different articles state the same fact, and do they agree?

An engine that imports no Django: `match(a, b)` is what `manage.py match --jsonl` prints and
what the related-claims CrossCheck proposes to editors.
"""

from __future__ import annotations

from claims.matching.match import match
from claims.matching.types import ClaimText, Match, Relation

__all__ = ["ClaimText", "Match", "Relation", "match"]
