"""python manage.py ingest PATH [PATH ...]: store articles from UTF-8 text files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.services.ingest import ingest_article
from factcheck.exceptions import ApplicationError


def read_text_file(path: Path) -> str:
    """The file's text, exactly as stored, or an ApplicationError in one readable line."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ApplicationError(f"{path}: no such file.") from exc
    except IsADirectoryError as exc:
        raise ApplicationError(f"{path}: is a folder, not a file.") from exc
    except OSError as exc:
        raise ApplicationError(f"{path}: cannot be read ({exc.strerror}).") from exc
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApplicationError(
            f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})."
        ) from exc


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
