"""pg_trgm's trigram similarity in Python, so that scores read the same on SQLite and
PostgreSQL and a benchmark can rank candidates without a database."""

from __future__ import annotations

import re

_WORDS = re.compile(r"[^\W_]+")


def _trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams: each word, lower case, padded with two spaces before and one after."""
    grams: set[str] = set()
    for word in _WORDS.findall(text.lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def trigram_similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(a, b), so that scores read the same on SQLite and PostgreSQL."""
    first, second = _trigrams(a), _trigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)
