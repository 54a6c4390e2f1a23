"""Local development: the default for manage.py. Never use in production."""

from __future__ import annotations

from factcheck.env import env_bool, env_str
from factcheck.settings.base import *  # noqa: F403

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
