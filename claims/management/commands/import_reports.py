"""python manage.py import_reports FILE: question<TAB>source<TAB>value lines as claims."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from claims.reports_tsv import ReportsFileError, read_reports
from claims.services.reports import reports_import
from factcheck.exceptions import ApplicationError


class Command(BaseCommand):
    help = (
        "Load conflicting reports (question<TAB>source<TAB>value per line; extra columns "
        "ignored) as claims grouped by question, attributed to their sources."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            result = reports_import(reports=read_reports(file))
        except (OSError, ReportsFileError, ApplicationError) as exc:
            raise CommandError(_reason(file, exc)) from exc
        self.stdout.write(
            f"{result.reports} reports: {result.questions} new questions, {result.claims} new "
            f"claims, {result.attributions} new attributions, "
            f"{len(result.proposed_sources)} proposed sources."
        )


def _reason(file: Path, exc: Exception) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"{file}: no such file."
    if isinstance(exc, OSError):
        return f"{file}: cannot be read ({exc.strerror})."
    if isinstance(exc, ReportsFileError):
        return str(exc)  # already names the file and its lines
    return f"{file}: {exc}"
