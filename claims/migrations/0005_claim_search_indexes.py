"""Indexes for the related-claims search, on PostgreSQL only (SQLite uses a portable fallback):
full-text search over the normalized text, and trigram similarity (pg_trgm)."""

from django.db import migrations

INDEXES = {
    "claim_normalized_fts": "USING gin (to_tsvector('english'::regconfig, normalized))",
    "claim_normalized_trgm": "USING gin (normalized gin_trgm_ops)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON claims_claim {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0004_related_claims")]

    operations = [migrations.RunPython(create, drop)]
