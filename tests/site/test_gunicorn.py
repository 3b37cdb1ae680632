"""The site as deployed: gunicorn on a unix socket logs no request, several app
servers share one database, and a worker dying affects no other visitor."""

import os
import re
import signal
import socket
import threading
import time

import pytest
from django.db import connection

from modules.content.models import Step
from tests.helpers import CODE_RE, answers_for, step_path
from tests.site.servers import ONION, Server, Visitor, free_port, worker_pids


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


@pytest.mark.database
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
        code = CODE_RE.search(saved).group(1)
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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_request_does_not_affect_other_visitors(program, tmp_path):
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
