"""Bulk ingest speed: the 924 PolNeAR articles (train + dev) into PostgreSQL.

Usage: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench_ingest
python bench/ingest.py [--data PATH]`` (that URL is the default). The database is created if
missing, migrated and FLUSHED: never point it at data you want to keep. The source registry is
loaded first, as `make run` does, then both folders go through the same service as
``manage.py ingest FOLDER`` (claims.services.bulk), in one process; the time covers the ingest
only (reading, extraction, writing claims, attributions, sources and history).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "polnear"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/factcheck_bench_ingest"


def _create_database(url: str) -> None:
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        sys.exit(f"bench/ingest.py measures PostgreSQL; DATABASE_URL is {url!r}.")
    with psycopg.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"] or None,
        host=config["HOST"],
        port=config["PORT"] or 5432,
        autocommit=True,
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    folders = [args.data / split / "text" for split in ("train", "dev")]
    if not all(folder.is_dir() for folder in folders):
        sys.exit(f"No PolNeAR text folders in {args.data} (see --data).")
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings.dev")
    _create_database(url)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from claims.models import Article, Attribution, Claim
    from claims.services.bulk import ingest_bulk, ingest_items
    from sources.models import Source
    from sources.registry import load_source_registry

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    load_source_registry(settings.BASE_DIR / "seeds" / "sources.json")

    started = time.perf_counter()
    summary = ingest_bulk(ingest_items(paths=folders))
    seconds = time.perf_counter() - started

    articles = Article.objects.count()
    print(f"database: {settings.DATABASES['default']['NAME']} (flushed, registry loaded)")
    print(
        f"articles: {articles} ({summary.new} new, {summary.already_there} already there, "
        f"{len(summary.errors)} errors)"
    )
    for label, message in summary.errors:
        print(f"  error: {label}: {message}")
    print(f"claims: {Claim.objects.count()}")
    print(f"attributions: {Attribution.objects.count()}")
    print(f"sources: {Source.objects.count()} ({len(set(summary.proposed_sources))} proposed)")
    print(f"seconds: {seconds:.1f}")
    print(
        f"articles/s: {articles / seconds:.1f} (one process, one run; "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs)"
    )


if __name__ == "__main__":
    main()
