import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(__file__).resolve().parents[1]


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_SETTINGS_MODULE": "config.settings_production",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(**overrides):
    env = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "roadmaps.example.nhs.uk",
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", f"sqlite:///{settings.VAR_DIR / 'deploy-check.sqlite3'}"
        ),
    }
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def test_production_settings_pass_the_deployment_checks():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = production_env()
    env["SECRET_KEY"] = ""

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable for production." in result.stderr


def test_time_is_stored_aware_and_shown_in_london():
    assert (settings.USE_TZ, settings.TIME_ZONE) == (True, "Europe/London")
