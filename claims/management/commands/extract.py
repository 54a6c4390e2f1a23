"""python manage.py extract --jsonl PATH [PATH ...]: who said what in text files, as JSON lines.

A stable contract for outside tools: one JSON object per file, in the order given, either
`{"path": ..., "attributions": [...]}` (see claims.extracted) with character offsets into the
file's text exactly as stored, or `{"path": ..., "error": "..."}`. Needs no database.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.extracted import attribution_json
from claims.extraction import extract_attributions
from claims.textfiles import contains_binary, read_text_file
from factcheck.exceptions import ApplicationError


def _extract_file(path: Path) -> dict[str, Any]:
    try:
        text = read_text_file(path)
    except ApplicationError as exc:
        return {"path": str(path), "error": exc.message}
    if contains_binary(text):
        return {"path": str(path), "error": f"{path}: contains binary data, not plain text."}
    limit = settings.FACTCHECK_MAX_ARTICLE_BYTES
    if len(text.encode("utf-8")) > limit:
        return {"path": str(path), "error": f"{path}: larger than the {limit:,} byte limit."}
    found = extract_attributions(text)
    return {"path": str(path), "attributions": [attribution_json(a) for a in found]}


class Command(BaseCommand):
    help = (
        "Print the attributions found in each UTF-8 text file as one JSON object per line; "
        "exits non-zero if any file could not be read."
    )
    # No database: the system checks would only slow the command down.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--jsonl", dest="paths", nargs="+", type=Path, required=True, metavar="PATH"
        )

    def handle(self, *args: Any, paths: list[Path], **options: Any) -> None:
        failures = 0
        for path in paths:
            result = _extract_file(path)
            failures += "error" in result
            self.stdout.write(json.dumps(result))
        if failures:
            raise CommandError(f"{failures} of {len(paths)} files could not be read.")
