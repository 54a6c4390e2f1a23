"""python manage.py create_local_editor: an account for trying the workbench on this machine."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.roles import EDITOR, REVIEWER

USERNAME = "editor"


class Command(BaseCommand):
    help = (
        "Create the local 'editor' account (editor and reviewer roles) with a random password "
        "kept in local-editor-password.txt, and print how to log in. Refused unless DEBUG."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1:8000", help="where runserver listens (make run's HOST)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("create_local_editor is for local development (DEBUG) only.")
        password_file = settings.BASE_DIR / "local-editor-password.txt"
        user_model = get_user_model()
        if not user_model.objects.filter(username=USERNAME).exists():
            password = secrets.token_urlsafe(12)
            user = user_model.objects.create_user(USERNAME, password=password, is_staff=True)
            user.groups.set(Group.objects.filter(name__in=[EDITOR, REVIEWER]))
            password_file.write_text(password + "\n", encoding="utf-8")
            password_file.chmod(0o600)
        if password_file.exists():
            password = password_file.read_text(encoding="utf-8").strip()
            how = f"password {password} (kept in {password_file.name})"
        else:
            how = "the password you set (reset it with: manage.py changepassword editor)"
        self.stdout.write(f"Log in at http://{options['host']}/ as '{USERNAME}' with {how}.")
        # FACTCHECK_NEWSROOM_URL unset: ClaimReview links name the host the publish came to.
        self.stdout.write(
            f"Published fact-checks are public at http://{options['host']}/fact-checks/."
        )
