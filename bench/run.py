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
    assert response.status == 302, response.status
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


def main():
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="selfhelp-bench-"))
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("SELFHELP_", "DATABASE_URL", "DJANGO_"))
        },
        "DJANGO_SETTINGS_MODULE": "selfhelp.settings",
        "SELFHELP_SECRET_KEY": "benchmark-" + "x" * 50,
        "SELFHELP_VAR_DIR": str(work),
        "SELFHELP_LOCALE_DIR": str(work / "locale"),
    }
    shutil.copytree(
        REPO / "locale", work / "locale", ignore=shutil.ignore_patterns("*.mo")
    )
    python = sys.executable
    for command in (
        ["migrate", "-v0"],
        ["compilemessages", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["loadprogram", "-v0"],
    ):
        subprocess.run([python, "manage.py", *command], cwd=REPO, env=env, check=True)
    port = free_port()
    server = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "-c",
            "deploy/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=REPO,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                request(port, "GET", "/robots.txt")
                break
            except OSError:
                time.sleep(0.1)
        home = request(port, "GET", "/fi/")[1].decode()
        css = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', home).group(1)
        step = "/fi/program/stop/understanding-my-pathway/my-life-now/"
        cookie = visitor_cookie(port, "/fi/program/stop/staying-on-track/my-plan/")
        targets = [
            ("stylesheet", css, None),
            ("home page", "/fi/", None),
            ("step page", step, None),
            ("My plan", "/fi/plan/", cookie),
        ]
        print("| URL | bytes | connections | requests/s | p50 ms | p99 ms | errors |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        results = {}
        for name, path, cookie_header in targets:
            headers = {"Cookie": cookie_header} if cookie_header else {}
            response, body, _ = request(port, "GET", path, headers=headers)
            assert response.status == 200, (path, response.status)
            size = len(body)
            for connections in CONNECTIONS:
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
                output = subprocess.run(
                    command + [f"http://127.0.0.1:{port}{path}"],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                r = parse_wrk(output)
                results[(name, connections)] = r
                print(
                    f"| {name} | {size} | {connections} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['errors']} |",
                    flush=True,
                )
    finally:
        server.terminate()
        server.wait(timeout=30)
    print()
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
    print("targets met" if not failures else "targets missed: " + "; ".join(failures))
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
