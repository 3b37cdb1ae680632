"""The site as deployed: gunicorn on a unix socket logs no request, several app
servers share one database, a worker dying affects no other visitor, workers
are recycled, gunicorn's own error pages carry the security headers, and
gunicorn takes its socket from systemd."""

import os
import re
import runpy
import signal
import socket
import threading

import pytest
from django.db import connection

from modules.content.models import Step
from tests.helpers import CODE_RE, REPO, answers_for, step_path
from tests.site.servers import (
    ONION,
    Server,
    Visitor,
    free_port,
    raw_exchange,
    wait_for_workers,
    worker_holding,
    worker_pids,
)


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
            assert "default-src 'none'" in csp
            assert "script-src" not in csp
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
        assert response.status == 200
        assert "immutable" in response.getheader("Cache-Control")
        response, _ = server.request("GET", "/en/", headers={"Host": "evil.example"})
        assert response.status == 400
        response, _ = server.request(
            "GET", "/en/no-such-page/", headers={"User-Agent": "MarkerAgent-4411"}
        )
        assert response.status == 404
        # HEAD: GET's headers (its length too) and not one byte of body.
        get, page = server.request("GET", "/fi/privacy/")
        head, _, after = server.exchange(
            f"HEAD /fi/privacy/ HTTP/1.1\r\nHost: {ONION}\r\n"
            "Connection: close\r\n\r\n".encode()
        ).partition(b"\r\n\r\n")
        assert after == b""
        status, *lines = head.decode().split("\r\n")
        assert status == "HTTP/1.1 200 OK"
        headers = dict(line.split(": ", 1) for line in lines)
        assert headers["Content-Length"] == str(len(page))
        for name in ("Content-Type", "Content-Language", "Content-Security-Policy"):
            assert headers[name] == get.getheader(name), name
        mode = sock.stat().st_mode
        # Only the owner and tor's group may connect.
        assert mode & 0o007 == 0
        assert mode & 0o060 == 0o060
    finally:
        output = server.stop()
    # Nothing about any request, and nothing below warning level (a "Booting
    # worker" line or the like) in what gunicorn and Django write.
    for path in [
        *paths,
        css,
        "no-such-page",
        "MarkerAgent",
        "GET",
        "HEAD",
        "evil.example",
    ]:
        assert path not in output, (path, output)
    assert "INFO" not in output, output
    assert "WARNING" not in output, output


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
def test_a_worker_killed_mid_request_does_not_affect_other_visitors(program):
    # Two workers that each serve one connection at a time, over TCP so that
    # the connection can be traced to the worker that accepted it.
    server = Server(
        f"127.0.0.1:{free_port()}", SELFHELP_WORKERS="2", SELFHELP_THREADS="1"
    )
    try:
        wait_for_workers(server.process.pid, 2)
        # One visitor's request is in flight (headers half sent) ...
        host, port = server.bind.rsplit(":", 1)
        stuck = socket.create_connection((host, int(port)), timeout=20)
        stuck.sendall(f"GET /en/ HTTP/1.1\r\nHost: {ONION}\r\n".encode())
        holder = worker_holding(server.process.pid, stuck)
        served = threading.Event()
        results = []

        def other_visitors():
            for _ in range(30):
                try:
                    response, _body = server.request("GET", "/fi/program/stop/")
                    results.append(response.status)
                except OSError as exc:
                    results.append(repr(exc))
                if len(results) == 5:
                    served.set()
            served.set()

        thread = threading.Thread(target=other_visitors)
        thread.start()
        # ... when the worker holding it dies, while others are being served.
        assert served.wait(timeout=60)
        os.kill(holder, signal.SIGKILL)
        try:
            ended = stuck.recv(1) == b""
        except ConnectionResetError:
            ended = True
        except TimeoutError:
            ended = False
        stuck.close()
        assert ended, "the half-sent request was not in the killed worker"
        thread.join(timeout=120)
        assert not thread.is_alive()
        # Every other visitor was answered, and the master replaced the worker.
        assert results == [200] * 30, results
        wait_for_workers(server.process.pid, 2, without=[holder])
        response, _ = server.request("GET", "/en/")
        assert response.status == 200
    finally:
        server.stop()


# --- Worker recycling -------------------------------------------------------------------


def test_the_configuration_recycles_workers():
    config = runpy.run_path(str(REPO / "deploy" / "gunicorn.conf.py"))
    assert config["max_requests"] >= 100
    assert 0 < config["max_requests_jitter"] < config["max_requests"]


def test_a_worker_is_replaced_after_max_requests_and_every_request_is_served(
    django_db_setup, tmp_path
):
    server = Server(
        f"unix:{tmp_path / 'gunicorn.sock'}",
        SELFHELP_WORKERS="1",
        SELFHELP_MAX_REQUESTS="5",
        SELFHELP_MAX_REQUESTS_JITTER="0",
    )
    try:
        seen, statuses = set(), []
        for _ in range(16):
            seen.update(worker_pids(server.process.pid))
            response, _ = server.request("GET", "/robots.txt")
            statuses.append(response.status)
        seen.update(worker_pids(server.process.pid))
    finally:
        server.stop()
    assert statuses == [200] * 16
    # 17 requests (one while starting), 5 per worker: at least 3 workers served.
    assert len(seen) >= 3, seen


# --- gunicorn's own error pages ------------------------------------------------------------

REFUSED = {
    "a header name with a control character": (
        f"GET /en/ HTTP/1.1\r\nHost: {ONION}\r\nQuokka\x01Name: x\r\n\r\n"
    ),
    "a request line that is no request line": "NOT-HTTP\r\n\r\n",
    "a header too long": (
        f"GET /en/ HTTP/1.1\r\nHost: {ONION}\r\nX-Long: {'a' * 9000}\r\n\r\n"
    ),
}


def test_requests_gunicorn_refuses_get_the_security_headers(django_db_setup, tmp_path):
    server = Server(f"unix:{tmp_path / 'gunicorn.sock'}")
    try:
        page, _ = server.request("GET", "/robots.txt")
        for what, request in REFUSED.items():
            status, headers, body = raw_exchange(server, request.encode("latin-1"))
            assert 400 <= status < 500, what
            csp = headers["content-security-policy"]
            assert "default-src 'none'" in csp, what
            assert "frame-ancestors 'none'" in csp, what
            assert "script-src" not in csp, what
            # The same headers as the site's own pages send.
            for name in (
                "X-Frame-Options",
                "X-Content-Type-Options",
                "Referrer-Policy",
                "Cross-Origin-Opener-Policy",
                "Cross-Origin-Resource-Policy",
                "Permissions-Policy",
                "X-Robots-Tag",
            ):
                assert headers[name.lower()] == page.getheader(name), (what, name)
            assert headers["cache-control"] == "no-store", what
            assert headers["connection"] == "close", what
            assert "server" not in headers, what
            assert int(headers["content-length"]) == len(body), what
            # The page repeats nothing of the request.
            assert b"Quokka" not in body, what
            assert b"NOT-HTTP" not in body, what
            assert b"aaaa" not in body, what
    finally:
        server.stop()


# --- The socket from systemd --------------------------------------------------------------


def test_gunicorn_serves_on_the_socket_systemd_hands_it(django_db_setup, tmp_path):
    """deploy/systemd/selfhelp.socket makes the socket (root-owned, group
    debian-tor, mode 0660) and hands it to gunicorn, which must use it as it
    is: not bind a socket of its own, nor change its owner or mode."""
    path = tmp_path / "gunicorn.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(16)
    path.chmod(0o660)
    before = path.stat()
    server = Server(
        f"unix:{path}",
        listen_socket=listener,
        SELFHELP_BIND=f"unix:{tmp_path / 'not-this-one.sock'}",
    )
    try:
        response, _ = server.request("GET", "/robots.txt")
        assert response.status == 200
        after = path.stat()
        assert (after.st_ino, after.st_mode, after.st_uid, after.st_gid) == (
            before.st_ino,
            before.st_mode,
            before.st_uid,
            before.st_gid,
        )
        assert not (tmp_path / "not-this-one.sock").exists()
    finally:
        server.stop()
        listener.close()
    assert path.exists(), "gunicorn leaves systemd's socket in place"


def test_gunicorn_opens_no_control_socket(django_db_setup, tmp_path):
    """No control socket in the service's home: the public site and the admin
    run as one user, and would remove each other's."""
    home = tmp_path / "home"
    home.mkdir()
    server = Server(f"127.0.0.1:{free_port()}", HOME=str(home))
    try:
        response, _body = server.request("GET", "/robots.txt")
        assert response.status == 200
    finally:
        output = server.stop()
    assert not (home / ".gunicorn").exists()
    assert "control socket" not in output.lower()
