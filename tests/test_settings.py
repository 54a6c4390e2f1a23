"""Production settings pass Django's deployment checks and refuse to start without a secret."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", *NEWSROOM}
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env={**clean, "DJANGO_SETTINGS_MODULE": "factcheck.settings.production", **env},
        capture_output=True,
        text=True,
        check=False,
    )


SECRET = "k3y-" + "".join(map(str, range(40)))
NEWSROOM = {
    "FACTCHECK_NEWSROOM_NAME": "Kyiv Desk",
    "FACTCHECK_NEWSROOM_URL": "https://desk.example/",
}


def test_production_settings_pass_the_deployment_checks() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=SECRET, **NEWSROOM)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_publish_under_a_placeholder_newsroom() -> None:
    result = _manage("check", "--deploy", SECRET_KEY=SECRET)
    assert result.returncode != 0
    assert "Set the FACTCHECK_NEWSROOM_NAME environment variable" in result.stderr
    assert "Set the FACTCHECK_NEWSROOM_URL environment variable" in result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key() -> None:
    result = _manage("check")
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable." in result.stderr
