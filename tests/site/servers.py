"""gunicorn with the deployment configuration, started in a process of its own,
and a cookie-keeping visitor without JavaScript to talk to it."""

import contextlib
import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings

from tests.helpers import REPO

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


GUNICORN = [
    sys.executable,
    "-m",
    "gunicorn",
    "-c",
    str(REPO / "deploy" / "gunicorn.conf.py"),
]

# Starts gunicorn as systemd's socket activation does: the listening socket is
# file descriptor 3, LISTEN_FDS says how many there are, and LISTEN_PID names
# the process they are meant for (exec keeps the pid).
SOCKET_ACTIVATION = """
import os, sys
os.dup2(int(sys.argv[1]), 3)
os.environ["LISTEN_FDS"] = "1"
os.environ["LISTEN_PID"] = str(os.getpid())
os.execv(sys.executable, [sys.executable, *sys.argv[2:]])
"""


class Server:
    """gunicorn with the deployment configuration, in a process of its own.

    With ``listen_socket`` (a bound, listening socket) gunicorn is handed that
    socket the way systemd hands it over, and ``bind`` only says where to
    connect."""

    def __init__(self, bind, listen_socket=None, **env):
        self.bind = bind
        self.errors = tempfile.TemporaryFile()
        command, fds = GUNICORN, ()
        if listen_socket is not None:
            fds = (listen_socket.fileno(),)
            command = [
                sys.executable,
                "-c",
                SOCKET_ACTIVATION,
                str(fds[0]),
                *GUNICORN[1:],
            ]
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments, no shell)
            command,
            cwd=REPO,
            env=server_env(**{"SELFHELP_BIND": bind, **env}),
            stdout=self.errors,
            stderr=self.errors,
            pass_fds=fds,
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

    def exchange(self, raw):
        """Send ``raw`` bytes and return every byte the server sends back
        until it closes the connection."""
        with contextlib.closing(self.connection()) as conn:
            conn.connect()
            conn.sock.sendall(raw)
            received = []
            while chunk := conn.sock.recv(65536):
                received.append(chunk)
        return b"".join(received)

    def output(self):
        self.errors.seek(0)
        return self.errors.read().decode(errors="replace")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        return self.output()


def raw_exchange(server, data):
    """Send ``data`` exactly as given (a request gunicorn must refuse) and
    return gunicorn's whole answer: status, headers (lower-case names) and body."""
    if server.bind.startswith("unix:"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        address = server.bind[5:]
    else:
        host, port = server.bind.rsplit(":", 1)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        address = (host, int(port))
    with sock:
        sock.settimeout(20)
        sock.connect(address)
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


def wait_for_workers(master_pid, count, *, without=(), seconds=30):
    """The master's workers, once there are ``count`` of them and none of them
    is in ``without``; fails after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        workers = worker_pids(master_pid)
        if len(workers) == count and not set(workers) & set(without):
            return workers
        time.sleep(0.05)
    raise AssertionError(
        f"gunicorn has workers {worker_pids(master_pid)} after {seconds} s, "
        f"not {count} (none of them {list(without)})"
    )


def _accepted_socket_inode(server_port, client_port):
    """The inode of the server's end of a TCP connection to 127.0.0.1, once a
    process has accepted it ("0" while it waits in the listen queue)."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port = int(fields[1].rsplit(":", 1)[1], 16)
        remote_port = int(fields[2].rsplit(":", 1)[1], 16)
        if (local_port, remote_port) == (server_port, client_port) and fields[9] != "0":
            return fields[9]
    return None


def _open_files(pid):
    """What each of a process's file descriptors points to (e.g. "socket:[123]")."""
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:  # the process has just ended
        return set()
    links = set()
    for fd in fds:
        with contextlib.suppress(OSError):  # closed meanwhile
            links.add(os.readlink(fd))
    return links


def worker_holding(master_pid, client, *, seconds=30):
    """The pid of the worker that has accepted the TCP connection ``client``
    (a connected socket): the one whose open files include the server's end."""
    server_port = client.getpeername()[1]
    client_port = client.getsockname()[1]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        inode = _accepted_socket_inode(server_port, client_port)
        for pid in worker_pids(master_pid) if inode else []:
            if f"socket:[{inode}]" in _open_files(pid):
                return pid
        time.sleep(0.05)
    raise AssertionError("no worker accepted the connection")


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
        _, page = self.get(server, path)
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
