"""python manage.py ingest [PATH ...] [--url URL ...]: store articles from files, folders, JSONL
files and web pages, with a progress bar and a summary; a bad item does not stop the run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from tqdm import tqdm

from claims.services.bulk import BulkSummary, ingest_items

# How many proposed source names the summary lists before it just counts the rest.
_NAMES_SHOWN = 10


class _Unbuffered:
    """tqdm writes raw pieces of a line; Django's OutputWrapper would end each with a newline."""

    def __init__(self, out: OutputWrapper) -> None:
        self.out = out

    def write(self, text: str) -> None:
        self.out.write(text, ending="")

    def flush(self) -> None:
        self.out.flush()


class Command(BaseCommand):
    help = (
        "Ingest articles: UTF-8 text files (headline on the first line), folders (every *.txt, "
        'in name order), JSONL files (one {"text", "title"?, "url"?, "published"?} per line) '
        "and web pages (--url). Ends with a summary; exits non-zero if any item failed."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
        parser.add_argument("--url", dest="urls", action="append", default=[], metavar="URL")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(
        self, *args: Any, paths: list[Path], urls: list[str], no_progress: bool, **options: Any
    ) -> None:
        if not paths and not urls:
            raise CommandError("Give at least one PATH or --url URL.")
        items = ingest_items(paths=paths, urls=urls)
        summary = BulkSummary()
        bar = tqdm(
            items,
            desc="Ingesting",
            unit="article",
            file=_Unbuffered(self.stderr),
            disable=no_progress,
        )
        for item in bar:
            summary.record(item)
        bar.close()
        self._report(summary)
        if summary.errors:
            raise CommandError(f"{len(summary.errors)} of {len(items)} items were not ingested.")

    def _report(self, summary: BulkSummary) -> None:
        for label, message in summary.errors:
            self.stderr.write(f"{label}: {message}")
        names = sorted(set(summary.proposed_sources))
        shown = ", ".join(names[:_NAMES_SHOWN])
        if len(names) > _NAMES_SHOWN:
            shown += f" and {len(names) - _NAMES_SHOWN} more"
        self.stdout.write(
            f"Articles: {summary.new} new, {summary.already_there} already there\n"
            f"Claims: {summary.claims}\n"
            f"Attributions: {summary.attributions}\n"
            f"Proposed new sources: {len(names)}{f' ({shown})' if names else ''}\n"
            f"Errors: {len(summary.errors)}"
        )
