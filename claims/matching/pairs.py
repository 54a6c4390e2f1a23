"""Pairs of claims as JSON lines, read for `manage.py match --jsonl` and bench/matching.py.

A line is `{"id": ..., "a": CLAIM, "b": CLAIM, ...}`, CLAIM being `{"text": ..., "date"?:
"YYYY-MM-DD", "headline"?: ...}` or the text alone; other fields are ignored.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

from claims.matching.types import ClaimText

# A claim is a sentence or two; a longer text is a whole article pasted by mistake.
MAX_CLAIM_CHARS = 10_000


class PairError(ValueError):
    """A line that is not a pair of claims; the message is one readable line."""


@dataclass(frozen=True)
class Pair:
    id: Any
    a: ClaimText
    b: ClaimText


def _claim(value: object, side: str) -> ClaimText:
    if isinstance(value, str):
        value = {"text": value}
    if not isinstance(value, dict):
        raise PairError(f'"{side}" must be an object with a "text", or a string.')
    text = value.get("text")
    if not isinstance(text, str) or not text.strip():
        raise PairError(f'"{side}.text" must be a non-empty string.')
    if len(text) > MAX_CLAIM_CHARS:
        raise PairError(f'"{side}.text" is longer than {MAX_CLAIM_CHARS:,} characters.')
    date = value.get("date")
    if date is not None:
        if not isinstance(date, str):
            raise PairError(f'"{side}.date" must be a date written YYYY-MM-DD.')
        try:
            date = datetime.date.fromisoformat(date)
        except ValueError as exc:
            raise PairError(f'"{side}.date" must be a date written YYYY-MM-DD.') from exc
    headline = value.get("headline") or ""
    if not isinstance(headline, str):
        raise PairError(f'"{side}.headline" must be a string.')
    return ClaimText(text=text, date=date, headline=headline)


def parse_pair(line: bytes) -> Pair:
    """One line of a pairs file, or a PairError saying what is wrong with it."""
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise PairError(f"not UTF-8 (byte 0x{line[exc.start]:02x} at offset {exc.start}).") from exc
    except json.JSONDecodeError as exc:
        raise PairError(f"not JSON: {exc.msg} at column {exc.colno}.") from exc
    if not isinstance(record, dict):
        raise PairError('not a JSON object with "a" and "b".')
    for side in ("a", "b"):
        if side not in record:
            raise PairError(f'no "{side}" claim.')
    return Pair(record.get("id"), _claim(record["a"], "a"), _claim(record["b"], "b"))


def record_id(line: bytes) -> Any:
    """The id of a line that names one, even when the rest of it is wrong; else None."""
    try:
        record = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return record.get("id") if isinstance(record, dict) else None
