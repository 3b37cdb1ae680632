"""Load benchmark: gunicorn with the deployment configuration on a local TCP
address, driven by wrk for 30 s per URL at 1, 10 and 50 connections.

Run with: make bench      (needs Debian's wrk: apt-get install wrk)
Prints a Markdown table and checks the targets:
  - no errors;
  - a step page serves at least half the stylesheet's requests per second;
  - a step page's 99th-percentile latency is under 100 ms at 10 connections.
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
DURATION = os.environ.get("BENCH_SECONDS", "30")
CONNECTIONS = [1, 10, 50]


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


def visitor_cookie(port, step_path):
    """A visitor who answered one step: the cookie My plan is measured with."""
    response, page, cookies = request(port, "GET", step_path)
    jar = dict(c.split("=", 1) for c in cookies)
    token = (
        re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        .group(1)
        .decode()
    )
    fields = {"csrfmiddlewaretoken": token}
    for name in set(re.findall(rb'<textarea id="[^"]+" name="([^"]+)"', page)):
        fields[name.decode()] = "A plan written for the benchmark."
    headers = {
        "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": f"http://127.0.0.1:{port}",
    }
    response, _data, cookies = request(
        port, "POST", step_path, urlencode(fields), headers
    )
    if response.status != 302:
        raise RuntimeError(f"saving the step answered {response.status}")
    jar.update(c.split("=", 1) for c in cookies)
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def parse_wrk(output):
    def number(pattern):
        match = re.search(pattern, output)
        return match.group(1) if match else None

    def ms(value):
        if value is None:
            return None
        amount, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
        return float(amount) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = 0
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        errors += sum(int(x) for x in socket_errors.groups())
    non2xx = number(r"Non-2xx or 3xx responses: (\d+)")
    errors += int(non2xx or 0)
    return {
        "rps": float(number(r"Requests/sec:\s+([\d.]+)")),
        "p50": ms(number(r"50%\s+([\d.]+(?:us|ms|s))")),
        "p99": ms(number(r"99%\s+([\d.]+(?:us|ms|s))")),
        "requests": int(number(r"(\d+) requests in")),
        "errors": errors,
    }


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


def bench_targets(port):
    """(name, path, cookie) for each URL measured."""
    home = request(port, "GET", "/fi/")[1].decode()
    css = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', home).group(1)
    step = "/fi/program/stop/understanding-my-pathway/my-life-now/"
    cookie = visitor_cookie(port, "/fi/program/stop/staying-on-track/my-plan/")
    return [
        ("stylesheet", css, None),
        ("home page", "/fi/", None),
        ("step page", step, None),
        ("My plan", "/fi/plan/", cookie),
    ]


def run_wrk(wrk, port, path, connections, cookie_header):
    command = [
        wrk,
        "--latency",
        "-t",
        str(min(2, connections)),
        "-c",
        str(connections),
        "-d",
        f"{DURATION}s",
    ]
    if cookie_header:
        command += ["-H", f"Cookie: {cookie_header}"]
    # wrk found on PATH, with arguments built here (a local URL, numbers).
    output = subprocess.run(  # noqa: S603
        [*command, f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return parse_wrk(output)


def measure(wrk, port):
    """Run wrk against every target at every connection count, printing a
    Markdown table; returns the results by (name, connections)."""
    print("| URL | bytes | connections | requests/s | p50 ms | p99 ms | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    results = {}
    for name, path, cookie_header in bench_targets(port):
        headers = {"Cookie": cookie_header} if cookie_header else {}
        response, body, _ = request(port, "GET", path, headers=headers)
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
        size = len(body)
        for connections in CONNECTIONS:
            r = run_wrk(wrk, port, path, connections, cookie_header)
            results[(name, connections)] = r
            print(
                f"| {name} | {size} | {connections} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['errors']} |",
                flush=True,
            )
    return results


def missed_targets(results):
    """Print the ratios checked, and return the targets missed."""
    failures = []
    if any(r["errors"] for r in results.values()):
        failures.append("some requests failed")
    for connections in CONNECTIONS:
        ratio = (
            results[("step page", connections)]["rps"]
            / results[("stylesheet", connections)]["rps"]
        )
        print(f"step page / stylesheet at {connections} connection(s): {ratio:.2f}")
        if ratio < 0.5:
            failures.append(
                f"step page below half the stylesheet's rate at {connections} connections"
            )
    p99 = results[("step page", 10)]["p99"]
    print(f"step page p99 at 10 connections: {p99:.1f} ms")
    if p99 >= 100:
        failures.append("step page p99 at 10 connections is 100 ms or more")
    return failures


def main():
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="selfhelp-bench-"))
    env = bench_env(work)
    prepare_site(work, env)
    port = free_port()
    server = start_server(port, env)
    try:
        wait_until_up(port)
        results = measure(wrk, port)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print()
    failures = missed_targets(results)
    print("targets met" if not failures else "targets missed: " + "; ".join(failures))
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
