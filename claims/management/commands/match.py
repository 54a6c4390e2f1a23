"""python manage.py match --jsonl PAIRS.jsonl: do two claims state the same fact?

A stable contract for outside tools: one JSON object per input line, in input order, either
`{"id": ..., "relation": "agree" | "conflict" | "related" | "unrelated", "score": 0..1,
"reason": "..."}` or, for a line that is not a pair, `{"id": ..., "line": N, "error": "..."}`
(the id when the line names one, else null). Blank lines are skipped. The answer is the one the
related-claims CrossCheck gives editors (claims.matching.match). Needs no database.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.matching import match
from claims.matching.pairs import PairError, parse_pair, record_id
from claims.textfiles import read_bytes
from factcheck.exceptions import ApplicationError


def match_line(line: bytes, number: int) -> dict[str, Any]:
    try:
        pair = parse_pair(line)
    except PairError as exc:
        return {"id": record_id(line), "line": number, "error": str(exc)}
    found = match(pair.a, pair.b)
    return {
        "id": pair.id,
        "relation": found.relation.value,
        "score": found.score,
        "reason": found.reason,
    }


class Command(BaseCommand):
    help = (
        "For each line {id, a, b} of a JSON lines file, print whether claims a and b state the "
        "same fact (agree or conflict), only share a topic (related), or neither (unrelated); "
        "exits 1 if any line was malformed."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--jsonl", dest="path", type=Path, required=True, metavar="PAIRS")

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            content = read_bytes(path)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        failures = total = 0
        for number, line in enumerate(content.splitlines(), start=1):
            if not line.strip():
                continue
            total += 1
            result = match_line(line, number)
            failures += "error" in result
            self.stdout.write(json.dumps(result))
        if failures:
            raise CommandError(f"{failures} of {total} lines were not pairs of claims.")
