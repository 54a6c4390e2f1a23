"""python manage.py corroborate: recompute corroboration and reliability, in the database or
offline between TSV files (a stable contract for data journalists and outside evaluation)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.corroboration import corroborate
from claims.reports_tsv import (
    ReportsFileError,
    read_labels,
    read_reports,
    write_results,
    write_sources,
)


class Command(BaseCommand):
    help = (
        "Recompute every claim's corroboration and every source's reliability and store them. "
        "With --from-tsv, read question<TAB>source<TAB>value lines instead and write "
        "question<TAB>value<TAB>probability lines to --out, touching no database. Values are "
        "compared as a reader would and written as the sources wrote them (the spelling most "
        "sources of the value used): numbers ignoring thousands separators (1,234 = 1234.0), "
        "clock times (7:05 PM = 19:05), dates (2024-03-05 = 5 March 2024), codes ignoring case, "
        "spaces and hyphens (G19A = g 19a), lists of person names by their surnames in any "
        "order and form (Yacht, Carol; Crosson, Susan = Carol Yacht and Susan Crosson, not "
        "YACHT), other text ignoring case and spaces."
    )
    # The offline mode must run where no database is configured.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from-tsv", type=Path, metavar="IN.tsv")
        parser.add_argument("--out", type=Path, metavar="OUT.tsv")
        parser.add_argument("--sources-out", type=Path, metavar="SOURCES.tsv")
        parser.add_argument("--labels", type=Path, metavar="LABELS.tsv")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["from_tsv"] is None:
            if options["out"] or options["sources_out"] or options["labels"]:
                raise CommandError("--out, --sources-out and --labels go with --from-tsv.")
            self._in_database()
        else:
            if options["out"] is None:
                raise CommandError("--from-tsv needs --out OUT.tsv.")
            self._offline(options["from_tsv"], options["out"], options)

    def _in_database(self) -> None:
        from claims.services.corroboration import corroborate_all

        run = corroborate_all()
        self.stdout.write(
            f"Corroborated {run.claims} claims of {run.questions} questions from "
            f"{run.reports} reports; {run.sources} source reliabilities updated."
        )

    def _offline(self, source: Path, out: Path, options: dict[str, Any]) -> None:
        try:
            reports = read_reports(source)
            labels = read_labels(options["labels"]) if options["labels"] else {}
            result = corroborate(reports, labels=labels)
            write_results(out, result)
            if options["sources_out"]:
                write_sources(options["sources_out"], result)
        except FileNotFoundError as exc:
            raise CommandError(f"{exc.filename}: no such file.") from exc
        except OSError as exc:
            raise CommandError(f"{exc.filename}: {exc.strerror}.") from exc
        except ReportsFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{len(result.questions)} questions from {len(reports)} reports written to {out}."
        )
