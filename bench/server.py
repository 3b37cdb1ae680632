"""Starting the site for a benchmark: a copy of the project's state in a
temporary directory, the default program loaded, gunicorn with the
deployment configuration on a local TCP port (used by run.py and flood.py)."""

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    cookies = [
        v.split(";", 1)[0]
        for k, v in response.getheaders()
        if k.lower() == "set-cookie"
    ]
    conn.close()
    return response, data, cookies


def bench_env(work):
    """The environment for manage.py and gunicorn: this machine's, without any
    selfhelp or Django settings, pointed at a fresh directory."""
    return {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("SELFHELP_", "DATABASE_URL", "DJANGO_"))
        },
        "DJANGO_SETTINGS_MODULE": "selfhelp.settings",
        "SELFHELP_SECRET_KEY": "benchmark-" + "x" * 50,
        "SELFHELP_CODE_PEPPER": "benchmark-" + "y" * 50,
        "SELFHELP_VAR_DIR": str(work),
        "SELFHELP_LOCALE_DIR": str(work / "locale"),
    }


def prepare_site(work, env):
    """A database with the program, compiled catalogues and collected static
    files, as a deployment would have them."""
    shutil.copytree(
        REPO / "locale", work / "locale", ignore=shutil.ignore_patterns("*.mo")
    )
    for command in (
        ["migrate", "-v0"],
        ["compilemessages", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["loadprogram", "-v0"],
    ):
        # Fixed arguments: this interpreter running the project's manage.py.
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command], cwd=REPO, env=env, check=True
        )


def start_server(port, env, extra_args=()):
    # Fixed arguments: this interpreter running gunicorn on a local port.
    return subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "deploy/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            *extra_args,
        ],
        cwd=REPO,
        env=env,
    )


def wait_until_up(port):
    """Wait up to about ten seconds for the server to answer."""
    for _ in range(100):
        try:
            request(port, "GET", "/robots.txt")
            break
        except OSError:
            time.sleep(0.1)
