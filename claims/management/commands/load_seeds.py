"""python manage.py load_seeds: the source registry and seed articles; safe to run again."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.services.ingest import ingest_article
from claims.textfiles import read_text_file
from factcheck.exceptions import ApplicationError
from sources.registry import load_source_registry


class Command(BaseCommand):
    help = "Load seeds/sources.json and ingest seeds/*.txt; what is already there is left alone."

    def handle(self, *args: Any, **options: Any) -> None:
        seeds = settings.BASE_DIR / "seeds"
        try:
            added = load_source_registry(seeds / "sources.json")
            articles = [ingest_article(text=read_text_file(p)) for p in sorted(seeds.glob("*.txt"))]
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        new = sum(result.created for result in articles)
        self.stdout.write(
            f"Seeds: {added} sources added, {new} of {len(articles)} articles ingested "
            f"({len(articles) - new} already there)."
        )
