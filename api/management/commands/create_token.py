"""python manage.py create_token USER: a first API token without the admin or a browser."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User as Account
from django.core.management.base import BaseCommand, CommandError, CommandParser

from api.services import token_create


class Command(BaseCommand):
    help = (
        "Create an API token for USER and print its secret (shown this once; only its SHA-256 "
        "is kept). --read-only for a partner's token, which never writes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="created with manage.py create_token")
        parser.add_argument("--read-only", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        user = Account.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {options['username']!r}.")
        new = token_create(user=user, name=options["name"], read_only=options["read_only"])
        self.stdout.write(new.secret)
