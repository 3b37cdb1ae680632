"""A deployment must bring its own secrets; a local checkout finds the ones
`make setup` generated, so every README command works as printed."""

import os
import subprocess
import sys

from tests.helpers import REPO


def run(args, env_extra, tmp_path):
    """Run this Python in the repository with a clean selfhelp environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SELFHELP_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)
    env.update(SELFHELP_VAR_DIR=str(tmp_path), **env_extra)
    return subprocess.run(  # noqa: S603 (this Python, fixed arguments)
        [sys.executable, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_without_a_pepper_the_site_refuses_to_start(tmp_path):
    result = run(
        ["-c", "import selfhelp.wsgi"], {"SELFHELP_SECRET_KEY": "k" * 50}, tmp_path
    )
    assert result.returncode != 0
    assert "selfhelp.E001" in result.stderr


def test_without_a_pepper_manage_py_reports_a_system_check_error(tmp_path):
    result = run(["manage.py", "check"], {"SELFHELP_SECRET_KEY": "k" * 50}, tmp_path)
    assert result.returncode != 0
    assert "selfhelp.E001" in result.stderr


def test_a_pepper_derived_from_nothing_is_only_for_debug(tmp_path):
    result = run(["manage.py", "check"], {"SELFHELP_DEBUG": "true"}, tmp_path)
    assert result.returncode == 0, result.stderr


def test_manage_py_finds_the_secrets_make_setup_generated(tmp_path):
    (tmp_path / "secret_key").write_text("s" * 50)
    (tmp_path / "code_pepper").write_text("p" * 50)
    result = run(["manage.py", "check"], {}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_an_explicit_pepper_wins_over_the_local_file(tmp_path):
    (tmp_path / "secret_key").write_text("s" * 50)
    (tmp_path / "code_pepper").write_text("p" * 50)
    code = "from django.conf import settings; print(settings.CODE_PEPPER)"
    result = run(
        ["manage.py", "shell", "-c", code],
        {"SELFHELP_CODE_PEPPER": "from-the-environment"},
        tmp_path,
    )
    assert result.stdout.strip().splitlines()[-1] == "from-the-environment"
