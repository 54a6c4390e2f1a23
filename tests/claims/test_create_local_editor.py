"""`manage.py create_local_editor`, the account `make run` prints how to log in with."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from accounts.roles import EDITOR, REVIEWER

pytestmark = pytest.mark.django_db


def run(**options: str) -> str:
    out = StringIO()
    call_command("create_local_editor", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def local(settings, tmp_path):
    settings.DEBUG = True
    settings.BASE_DIR = tmp_path
    return tmp_path


def test_it_creates_an_editor_and_reviewer_and_prints_where_to_log_in(local) -> None:
    printed = run(host="127.0.0.1:8765")
    password = (local / "local-editor-password.txt").read_text().strip()
    assert printed == (
        f"Log in at http://127.0.0.1:8765/ as 'editor' with password {password} "
        "(kept in local-editor-password.txt).\n"
        "Published fact-checks are public at http://127.0.0.1:8765/fact-checks/.\n"
    )
    editor = get_user_model().objects.get(username="editor")
    assert editor.check_password(password)
    assert set(editor.groups.values_list("name", flat=True)) == {EDITOR, REVIEWER}


def test_running_it_again_keeps_the_account_and_its_password(local) -> None:
    first = run()
    assert run() == first
    assert get_user_model().objects.filter(username="editor").count() == 1


def test_it_is_refused_unless_debug(settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="for local development"):
        run()
    assert not get_user_model().objects.exists()
