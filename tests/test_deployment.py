"""What the Procfile runs: gunicorn with its config and production settings serves the probes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.processes import free_port, wait_until

REPO = Path(__file__).resolve().parent.parent


def test_the_procfile_names_release_web_worker_and_beat() -> None:
    kinds = [line.split(":", 1)[0] for line in (REPO / "Procfile").read_text().splitlines()]
    assert kinds == ["release", "web", "worker", "beat"]


@pytest.mark.skipif(
    shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None,
    reason="gunicorn is not installed beside this Python",
)
def test_gunicorn_with_its_config_and_production_settings_answers_healthz(tmp_path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings.production",
        "SECRET_KEY": "k3y-" + "".join(map(str, range(40))),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    }
    log = (tmp_path / "gunicorn.log").open("wb")
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    process = subprocess.Popen(  # noqa: S603 (our own command)
        [gunicorn, "factcheck.wsgi", "--config", "gunicorn.conf.py"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:

        def answers() -> bool:
            assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                    return r.status == 200
            except OSError:
                return False

        wait_until(answers, timeout=30, what="gunicorn to answer /healthz")
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
    assert process.returncode == 0  # a graceful shutdown on SIGTERM
