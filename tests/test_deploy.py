"""Deployment: tor, gunicorn on a unix socket, production checks, backups,
and several app servers sharing one database."""

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from modules.content.models import Step, Track
from modules.journal.models import Journal
from tests.helpers import answers_for, step_path

REPO = Path(__file__).resolve().parent.parent
ONION = "testsitexyz234567testsitexyz234567testsitexyz234567abcd.onion"


def database_url():
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    return f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def server_env(**extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SELFHELP_", "DATABASE_URL", "DJANGO_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="selfhelp.settings",
        SELFHELP_SECRET_KEY=settings.SECRET_KEY,
        SELFHELP_CODE_PEPPER=settings.CODE_PEPPER,
        SELFHELP_ONION_HOST=ONION,
        DATABASE_URL=database_url(),
        SELFHELP_LOCALE_DIR=str(settings.LOCALE_PATHS[0]),
        SELFHELP_STATIC_ROOT=str(settings.STATIC_ROOT),
        SELFHELP_WORKERS="2",
    )
    env.update(extra)
    return env


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=20)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(20)
        self.sock.connect(self.path)


class Server:
    """gunicorn with the deployment configuration, in a process of its own."""

    def __init__(self, bind, **env):
        self.bind = bind
        self.errors = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                str(REPO / "deploy" / "gunicorn.conf.py"),
            ],
            cwd=REPO,
            env=server_env(SELFHELP_BIND=bind, **env),
            stdout=self.errors,
            stderr=self.errors,
        )
        self._wait()

    def connection(self):
        if self.bind.startswith("unix:"):
            return UnixConnection(self.bind[5:])
        host, port = self.bind.rsplit(":", 1)
        return http.client.HTTPConnection(host, int(port), timeout=20)

    def _wait(self):
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.output())
            try:
                conn = self.connection()
                conn.request("GET", "/robots.txt", headers={"Host": ONION})
                conn.getresponse().read()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start: " + self.output())

    def request(self, method, path, body=None, headers=None):
        conn = self.connection()
        conn.request(
            method, path, body=body, headers={"Host": ONION, **(headers or {})}
        )
        response = conn.getresponse()
        content = response.read()
        conn.close()
        return response, content

    def output(self):
        self.errors.seek(0)
        return self.errors.read().decode(errors="replace")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        return self.output()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- tor ---------------------------------------------------------------------------


def test_torrc_is_valid_for_tor(tmp_path):
    tor = shutil.which("tor")
    if tor is None:
        if os.environ.get("SELFHELP_REQUIRE_BROWSER"):
            pytest.fail("tor is required in CI (apt-get install tor)")
        pytest.skip("tor is not installed")
    text = (REPO / "deploy" / "torrc").read_text()
    assert "HiddenServicePort 80 unix:/run/selfhelp/gunicorn.sock" in text
    assert "SafeLogging 1" in text
    assert (
        "HiddenServicePoWDefensesEnabled 1" in text
        and "HiddenServiceEnableIntroDoSDefense 1" in text
    )
    assert "#HiddenServiceDir /var/lib/tor/selfhelp-admin/" in text
    (tmp_path / "run").mkdir()
    local = text.replace("/var/lib/tor", str(tmp_path / "tor")).replace(
        "/run/selfhelp", str(tmp_path / "run")
    )
    local = local.replace("Log notice syslog", "Log notice stderr")
    (tmp_path / "torrc").write_text(local)
    result = subprocess.run(
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


# --- gunicorn on a unix socket ----------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_gunicorn_serves_every_page_over_a_unix_socket_and_logs_no_request(
    program, tmp_path
):
    sock = tmp_path / "gunicorn.sock"
    server = Server(f"unix:{sock}")
    try:
        step = Step.objects.filter(stage__track=program, kind="reflection").first()
        paths = [
            "/en/",
            "/fi/privacy/",
            "/es/help/",
            "/en/program/",
            step_path(step, "fi"),
            "/en/plan/",
            "/en/diary/",
            "/fi/act-now/",
            "/es/glossary/",
        ]
        for path in paths:
            response, body = server.request("GET", path)
            assert response.status == 200, path
            csp = response.getheader("Content-Security-Policy")
            assert "default-src 'none'" in csp and "script-src" not in csp
            assert response.getheader("X-Frame-Options") == "DENY"
            assert response.getheader("Referrer-Policy") == "same-origin"
            assert response.getheader("Cache-Control") == "no-store"
            assert response.getheader("Server") is None
            assert response.getheader("Onion-Location") is None
            assert b"<script" not in body
        css = (
            re.search(rb'href="(/static/css/site\.[0-9a-f]+\.css)"', body)
            .group(1)
            .decode()
        )
        response, _ = server.request("GET", css)
        assert response.status == 200 and "immutable" in response.getheader(
            "Cache-Control"
        )
        response, _ = server.request("GET", "/en/", headers={"Host": "evil.example"})
        assert response.status == 400
        response, _ = server.request(
            "GET", "/en/no-such-page/", headers={"User-Agent": "MarkerAgent-4411"}
        )
        assert response.status == 404
        time.sleep(0.5)
        mode = sock.stat().st_mode
        assert mode & 0o007 == 0 and mode & 0o060 == 0o060, (
            "only the owner and tor's group may connect"
        )
    finally:
        output = server.stop()
    for path in paths + [css, "no-such-page", "MarkerAgent", "GET", "evil.example"]:
        assert path not in output, (path, output)


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


# --- Backups ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_backup_and_restore_into_an_empty_database_keeps_the_program_and_saved_journals(
    client, program, tmp_path, locale_copy
):
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    client.post(step_path(step), answers_for(step, marker="backed-up"))
    html = client.post("/en/save/").content.decode()
    code = re.search(
        r'<p class="save-code" translate="no">([0-9A-Z-]+)</p>', html
    ).group(1)
    steps_before = Step.objects.count()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    assert archive.stat().st_mode & 0o077 == 0, (
        "the archive is readable by its owner only"
    )

    call_command("flush", interactive=False, verbosity=0)
    assert not Track.objects.exists() and not Journal.objects.exists()
    for po in Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/content.*"):
        po.unlink()

    call_command("restore", str(archive), verbosity=0)
    assert Step.objects.count() == steps_before
    fresh = Client()
    assert fresh.post("/fi/continue/", {"code": code}).status_code == 302
    summary = fresh.get(
        f"/fi/program/{program.slug}/{step.stage.slug}/summary/"
    ).content.decode()
    assert "backed-up" in summary
    # The catalogues came back too: Finnish pages are in Finnish.
    assert (
        'lang="en"'
        not in fresh.get(step_path(step, "fi")).content.decode().split("<main", 1)[1]
    )


def test_restore_refuses_something_that_is_not_a_backup(tmp_path, db):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(Exception, match="Cannot read"):
        call_command("restore", str(bogus), force=True, verbosity=0)


# --- Several app servers ------------------------------------------------------------------


class Visitor:
    """A browser without JavaScript: keeps cookies, sends forms with their token."""

    def __init__(self):
        self.cookies = SimpleCookie()

    def _headers(self, extra=None):
        cookie = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        return {"Cookie": cookie, **(extra or {})} if cookie else dict(extra or {})

    def _remember(self, response):
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                self.cookies.load(value)
                for key, morsel in list(self.cookies.items()):
                    if morsel["max-age"] == "0":
                        del self.cookies[key]

    def get(self, server, path):
        response, body = server.request("GET", path, headers=self._headers())
        self._remember(response)
        return response, body.decode()

    def post(self, server, path, data):
        page_response, page = self.get(server, path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urlencode({"csrfmiddlewaretoken": token, **data}, doseq=True)
        headers = self._headers(
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"http://{ONION}",
            }
        )
        response, content = server.request("POST", path, body=body, headers=headers)
        self._remember(response)
        return response, content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_app_servers_sharing_one_database_serve_one_visitor_alternately(program):
    if connection.vendor == "sqlite":
        pytest.skip(
            "several app servers share a PostgreSQL database (run with DATABASE_URL=postgres://...)"
        )
    a = Server(f"127.0.0.1:{free_port()}")
    b = Server(f"127.0.0.1:{free_port()}")
    try:
        visitor = Visitor()
        steps = list(
            Step.objects.filter(stage__track=program, stage__position=0).order_by(
                "position"
            )
        )
        servers = [a, b]
        for i, step in enumerate(steps):
            response, _ = visitor.post(
                servers[i % 2], step_path(step), answers_for(step, marker="two-servers")
            )
            assert response.status == 302, step.slug
        response, summary = visitor.get(
            b, f"/en/program/{program.slug}/{steps[0].stage.slug}/summary/"
        )
        assert "two-servers" in summary
        response, overview = visitor.get(a, f"/en/program/{program.slug}/")
        assert f'value="{len(steps)}"' in overview
        response, saved = visitor.post(b, "/en/save/", {})
        code = re.search(
            r'<p class="save-code" translate="no">([0-9A-Z-]+)</p>', saved
        ).group(1)
        newcomer = Visitor()
        response, _ = newcomer.post(a, "/en/continue/", {"code": code})
        assert response.status == 302
        response, summary = newcomer.get(
            b, f"/en/program/{program.slug}/{steps[0].stage.slug}/summary/"
        )
        assert "two-servers" in summary
    finally:
        a.stop()
        b.stop()


def worker_pids(master_pid):
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master_pid:
                pids.append(int(entry.name))
    return sorted(pids)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_request_does_not_affect_other_visitors(program, tmp_path):
    import signal
    import threading

    server = Server(
        f"unix:{tmp_path / 'gunicorn.sock'}", SELFHELP_WORKERS="2", SELFHELP_THREADS="1"
    )
    try:
        for _ in range(50):
            workers = worker_pids(server.process.pid)
            if len(workers) == 2:
                break
            time.sleep(0.1)
        assert len(workers) == 2
        # One visitor's request is in flight (headers half sent) when its worker dies.
        stuck = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        stuck.connect(server.bind[5:])
        stuck.sendall(f"GET /en/ HTTP/1.1\r\nHost: {ONION}\r\n".encode())
        time.sleep(0.3)
        results = []

        def other_visitors():
            for _ in range(30):
                try:
                    response, body = server.request("GET", "/fi/program/stop/")
                    results.append(response.status)
                except OSError as exc:
                    results.append(repr(exc))
                time.sleep(0.05)

        thread = threading.Thread(target=other_visitors)
        thread.start()
        time.sleep(0.2)
        for pid in workers:  # kill the worker holding the half-sent request
            os.kill(pid, signal.SIGKILL)
            break
        thread.join(timeout=60)
        stuck.close()
        # Every other visitor was answered, and the master replaced the worker.
        assert results.count(200) == len(results) == 30, results
        for _ in range(50):
            if len(worker_pids(server.process.pid)) == 2:
                break
            time.sleep(0.1)
        assert len(worker_pids(server.process.pid)) == 2
        response, _ = server.request("GET", "/en/")
        assert response.status == 200
    finally:
        server.stop()
