"""The migrations say what the models say, in one straight line per app."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

OUR_APPS = ("accounts", "api", "claims", "sources")


@pytest.mark.django_db
def test_the_models_need_no_new_migration() -> None:
    # --check exits non-zero when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize("app", OUR_APPS)
def test_each_app_has_one_line_of_migrations_without_merges(app: str) -> None:
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    assert len(graph.leaf_nodes(app)) == 1
    merges = [
        key
        for key, node in graph.nodes.items()
        if key[0] == app and sum(parent[0] == app for parent in graph.node_map[key].parents) > 1
    ]
    assert merges == []
