"""python manage.py ingest PATH [PATH ...]: store articles from UTF-8 text files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.services.ingest import ingest_article
from claims.textfiles import read_text_file
from factcheck.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Ingest articles from UTF-8 text files: headline on the first line, then the text."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args: Any, paths: list[Path], **options: Any) -> None:
        failures = 0
        for path in paths:
            try:
                result = ingest_article(text=read_text_file(path))
            except ApplicationError as exc:
                failures += 1
                message = exc.message if exc.message.startswith(str(path)) else f"{path}: {exc}"
                self.stderr.write(message)
                continue
            if result.created:
                self.stdout.write(
                    f"{path}: article {result.article.pk}, {result.claims} claims, "
                    f"{result.attributions} attributions, "
                    f"{len(result.proposed_sources)} proposed sources"
                )
            else:
                self.stdout.write(f"{path}: already ingested as article {result.article.pk}")
        if failures:
            raise CommandError(f"{failures} of {len(paths)} files were not ingested.")
