"""Deployment files and production settings: tor's configuration, the systemd
units, the dependency locks, Django's deployment checks, and the
Onion-Location header."""

import os
import re
import shutil
import subprocess
import sys
import tomllib

import pytest
from django.test import Client, override_settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

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
    result = subprocess.run(  # noqa: S603 (tor found on PATH, fixed arguments)
        [tor, "--verify-config", "-f", str(tmp_path / "torrc")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Configuration was valid" in result.stdout


def unit_settings(name):
    """A systemd unit's settings: each key with every value it is given."""
    settings = {}
    for line in (REPO / "deploy" / "systemd" / name).read_text().splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";", "[")):
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def test_systemd_units_are_hardened():
    service = unit_settings("selfhelp.service")
    for key, value in (
        ("User", "selfhelp"),
        ("Group", "selfhelp"),
        ("UMask", "0077"),
        ("ProtectSystem", "strict"),
        ("PrivateTmp", "yes"),
        ("NoNewPrivileges", "yes"),
        ("CapabilityBoundingSet", ""),
    ):
        assert service.get(key) == [value], key
    timer = unit_settings("selfhelp-purge.timer")
    assert timer["OnCalendar"] == ["daily"]
    purge = unit_settings("selfhelp-purge.service")
    assert "manage.py purge" in purge["ExecStart"][0]
    assert purge["User"] == ["selfhelp"]


def test_the_app_is_not_in_tors_group_yet_tor_can_reach_its_socket():
    """tor's group (debian-tor) can read tor's control cookie: the app must not
    be in it. systemd makes the socket instead, for tor's group only, and hands
    it to gunicorn (see test_gunicorn_serves_on_the_socket_systemd_hands_it)."""
    for name in ("selfhelp.service", "selfhelp-purge.service"):
        unit = unit_settings(name)
        groups = (
            unit.get("Group", [])
            + " ".join(unit.get("SupplementaryGroups", [])).split()
        )
        assert "debian-tor" not in groups, name
        assert "DynamicUser" not in unit, name
    socket_unit = unit_settings("selfhelp.socket")
    assert socket_unit["ListenStream"] == ["/run/selfhelp/gunicorn.sock"]
    assert socket_unit["SocketUser"] == ["root"]
    assert socket_unit["SocketGroup"] == ["debian-tor"]
    assert socket_unit["SocketMode"] == ["0660"]
    assert socket_unit["DirectoryMode"] == ["0755"]
    service = unit_settings("selfhelp.service")
    assert "selfhelp.socket" in service["Requires"][0].split()
    assert "selfhelp.socket" in service["After"][0].split()
    # systemd empties a service's RuntimeDirectory when it stops: the app's
    # own is a subdirectory, so the socket (systemd's, in /run/selfhelp) stays.
    assert service["RuntimeDirectory"] == ["selfhelp/app"]
    assert service["RuntimeDirectoryMode"] == ["0700"]
    torrc = (REPO / "deploy" / "torrc").read_text()
    assert "HiddenServicePort 80 unix:/run/selfhelp/gunicorn.sock" in torrc


def test_the_example_environment_writes_only_where_the_units_allow():
    """ProtectSystem=strict leaves the app only /var/lib/selfhelp (and its
    RuntimeDirectory) to write in: every path the example sets is there, and
    so are the code checks' lock files when no RuntimeDirectory is set (the
    purge timer, manage.py run by hand), whose directory must be writable
    or the system checks stop the command."""
    env = {}
    for line in (REPO / "deploy" / "selfhelp.env.example").read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            env[key] = value
    state = "/var/lib/selfhelp"
    assert env["SELFHELP_VAR_DIR"] == state
    assert env["DATABASE_URL"].startswith(f"sqlite:///{state}/")
    assert env["SELFHELP_STATIC_ROOT"].startswith(f"{state}/")
    assert env["SELFHELP_LOCALE_DIR"].startswith(f"{state}/")
    for name in ("selfhelp.service", "selfhelp-purge.service"):
        unit = unit_settings(name)
        assert unit["ReadWritePaths"] == [state], name
        assert unit["StateDirectory"] == ["selfhelp"], name


def test_systemd_accepts_the_units(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    units = []
    for unit in sorted((REPO / "deploy" / "systemd").iterdir()):
        # The programs the units start exist only on a server: any will do here.
        text = unit.read_text().replace(
            "/opt/selfhelp/.venv/bin/gunicorn", sys.executable
        )
        text = text.replace("/opt/selfhelp/.venv/bin/python", sys.executable)
        (tmp_path / unit.name).write_text(text)
        units.append(str(tmp_path / unit.name))
    result = subprocess.run(  # noqa: S603 (systemd-analyze found on PATH, our files)
        [analyze, "verify", *units],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not result.stderr.strip(), result.stderr


# --- Dependencies ----------------------------------------------------------------------


def read_lock(name):
    """A lock file's pins: {name: (version, number of hashes)}."""
    pins, current = {}, None
    for line in (REPO / "requirements" / name).read_text().splitlines():
        pin = re.match(r"([A-Za-z0-9._-]+)==([^ ;\\]+)", line)
        if pin:
            current = canonicalize_name(pin.group(1))
            pins[current] = (pin.group(2), 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


def test_the_locks_pin_every_dependency_with_hashes():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    base, test = read_lock("base.txt"), read_lock("test.txt")
    wanted = [
        (base, project["dependencies"]),
        (test, project["dependencies"] + project["optional-dependencies"]["test"]),
        (base, ["setuptools>=77"]),  # builds the project (requirements/build.in)
    ]
    for lock, requirements in wanted:
        for text in requirements:
            requirement = Requirement(text)
            name = canonicalize_name(requirement.name)
            assert name in lock, f"{name} is not locked: run make lock"
            assert requirement.specifier.contains(lock[name][0]), (
                f"{name} {lock[name][0]} is outside {requirement.specifier}: run make lock"
            )
    for lock in (base, test):
        for name, (_, hashes) in lock.items():
            assert hashes > 0, name
    for name, (version, _) in base.items():
        assert test[name][0] == version, f"{name}: the two locks disagree"
    makefile = (REPO / "Makefile").read_text()
    assert "pip install -q --require-hashes -r requirements/base.txt" in makefile
    assert "pip install -q --require-hashes -r requirements/test.txt" in makefile
    assert "pip install -q --no-deps --no-build-isolation -e ." in makefile


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
    env["SELFHELP_VAR_DIR"] = str(tmp_path / "var")
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
