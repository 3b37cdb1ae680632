"""Deployment files and production settings: tor's configuration, the systemd
units, Django's deployment checks, and the Onion-Location header."""

import os
import shutil
import subprocess
import sys

import pytest
from django.test import Client, override_settings

from tests.helpers import REPO, require_tool
from tests.site.servers import ONION

# --- tor ---------------------------------------------------------------------------


def test_torrc_is_valid_for_tor(tmp_path):
    tor = shutil.which("tor")
    require_tool(tor, "tor (apt-get install tor)")
    text = (REPO / "deploy" / "torrc").read_text()
    assert "HiddenServicePort 80 unix:/run/selfhelp/gunicorn.sock" in text
    assert "SafeLogging 1" in text
    assert "HiddenServicePoWDefensesEnabled 1" in text
    assert "HiddenServiceEnableIntroDoSDefense 1" in text
    assert "#HiddenServiceDir /var/lib/tor/selfhelp-admin/" in text
    (tmp_path / "run").mkdir()
    local = text.replace("/var/lib/tor", str(tmp_path / "tor")).replace(
        "/run/selfhelp", str(tmp_path / "run")
    )
    local = local.replace("Log notice syslog", "Log notice stderr")
    (tmp_path / "torrc").write_text(local)
    # S603: tor found on PATH, checking the repository's own torrc.
    result = subprocess.run(  # noqa: S603
        [tor, "--verify-config", "-f", str(tmp_path / "torrc")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Configuration was valid" in result.stdout


def test_systemd_units_are_hardened():
    unit = (REPO / "deploy" / "systemd" / "selfhelp.service").read_text()
    for setting in (
        "User=selfhelp",
        "Group=debian-tor",
        "UMask=0007",
        "ProtectSystem=strict",
        "PrivateTmp=yes",
        "NoNewPrivileges=yes",
    ):
        assert setting in unit, setting
    timer = (REPO / "deploy" / "systemd" / "selfhelp-purge.timer").read_text()
    assert "OnCalendar=daily" in timer
    assert (
        "manage.py purge"
        in (REPO / "deploy" / "systemd" / "selfhelp-purge.service").read_text()
    )


# --- Production settings ------------------------------------------------------------------


def example_env(tmp_path, **extra):
    env = {}
    for line in (REPO / "deploy" / "selfhelp.env.example").read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            env[key] = value
    env["SELFHELP_SECRET_KEY"] = "x7Hq" + "a9Bc-dE3fG" * 6
    env["SELFHELP_CODE_PEPPER"] = "p3pp" + "Zz9Yy8Xx7W" * 6
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env["SELFHELP_STATIC_ROOT"] = str(tmp_path / "static")
    env["SELFHELP_LOCALE_DIR"] = str(tmp_path / "locale")
    env.update(extra)
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SELFHELP_", "DATABASE_URL", "DJANGO_"))
    }
    return {**base, **env, "DJANGO_SETTINGS_MODULE": "selfhelp.settings"}


@pytest.mark.parametrize("clearnet", [None, "help.example.org"])
def test_check_deploy_reports_nothing_with_the_example_environment(tmp_path, clearnet):
    extra = {"SELFHELP_CLEARNET_HOST": clearnet} if clearnet else {}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=example_env(tmp_path, **extra),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = example_env(tmp_path)
    del env["SELFHELP_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SELFHELP_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_onion_location_only_on_the_https_clearnet_mirror(program_loaded):
    with override_settings(
        ONION_HOST=ONION,
        CLEARNET_HOST="help.example.org",
        ALLOWED_HOSTS=[ONION, "help.example.org"],
    ):
        clearnet = Client().get("/en/", HTTP_HOST="help.example.org", secure=True)
        assert clearnet["Onion-Location"] == f"http://{ONION}/en/"
        onion = Client().get("/en/", HTTP_HOST=ONION)
        assert "Onion-Location" not in onion
