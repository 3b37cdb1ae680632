"""Load benchmark: gunicorn with the deployment configuration on a local TCP
address, every page kind driven by wrk at 10 connections, each measured right
after the stylesheet (the static-file ceiling) so the two see the same load.

Run with: make bench      (needs Debian's wrk: apt-get install wrk)
The machine may be shared, and single runs swing: every page kind is measured
BENCH_ROUNDS times (default 3), interleaved, each time paired with the
stylesheet, and the median of the pairs' ratios is what counts. Prints a
Markdown table and fails (exit status 1) unless:
  - no request failed;
  - every page a first-time visitor sees (no journal cookie) serves at least
    half the stylesheet's requests per second;
  - every page with a journal (My plan, a step with answers, the diary) at
    least a quarter of it;
  - every page's 99th-percentile latency is under 100 ms.
Then it reports each worker's memory before and after the run.
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from server import (
    REPO,
    bench_env,
    free_port,
    prepare_site,
    request,
    start_server,
    wait_until_up,
)

DURATION = os.environ.get("BENCH_SECONDS", "4")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = 10
ANONYMOUS_TARGET = 0.5
JOURNAL_TARGET = 0.25
P99_TARGET_MS = 100
LANG = "fi"


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
    timeouts = 0
    if socket_errors:
        errors += sum(int(x) for x in socket_errors.groups())
        timeouts = int(socket_errors.group(4))
    non2xx = number(r"Non-2xx or 3xx responses: (\d+)")
    errors += int(non2xx or 0)
    return {
        "rps": float(number(r"Requests/sec:\s+([\d.]+)")),
        "p50": ms(number(r"50%\s+([\d.]+(?:us|ms|s))")),
        "p99": ms(number(r"99%\s+([\d.]+(?:us|ms|s))")),
        "requests": int(number(r"(\d+) requests in")),
        "errors": errors,
        # wrk gives up on a request after 2 s: on a busy machine these are
        # slow answers, not failed ones, but they count as errors here.
        "timeouts": timeouts,
    }


# Every step kind, and the pages around them, found in the loaded program.
DISCOVER = """
import json
from modules.content.models import Page, Stage, Step, Track
from modules.journey.outline import stage_url, step_url
track = Track.objects.filter(is_published=True).order_by("position").first()
stages = list(track.stages.filter(is_published=True).order_by("position"))
steps = {}
for stage in stages:
    for step in stage.steps.filter(is_published=True).order_by("position"):
        step.stage = stage
        steps.setdefault(step.kind, step_url(stage, step))
plan = next(
    step_url(st, s) for st in stages for s in st.steps.filter(kind="plan")
)
print(json.dumps({
    "track": track.slug,
    "stage": stage_url(stages[0]),
    "summary": stage_url(stages[0]) + "summary/",
    "steps": steps,
    "plan_step": plan,
    "page": Page.objects.filter(is_published=True)
        .exclude(slug__startswith="act-now").order_by("slug").first().slug,
}))
"""


def discover(env):
    """URLs of the program just loaded, in English (the prefix is swapped)."""
    # Fixed arguments: this interpreter running the project's manage.py.
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", DISCOVER],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    found = json.loads(result.stdout.strip().splitlines()[-1])

    def local(url):
        return re.sub(r"^/[a-z]{2}/", f"/{LANG}/", url)

    found["stage"] = local(found["stage"])
    found["summary"] = local(found["summary"])
    found["plan_step"] = local(found["plan_step"])
    found["steps"] = {kind: local(url) for kind, url in found["steps"].items()}
    return found


def bench_targets(port, env):
    """(name, path, cookie, target ratio) for every page kind measured."""
    home = request(port, "GET", f"/{LANG}/")[1].decode()
    css = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', home).group(1)
    found = discover(env)
    cookie = visitor_cookie(port, found["plan_step"])
    p = f"/{LANG}"
    anonymous = [
        ("home page", f"{p}/"),
        ("a page", f"{p}/pages/{found['page']}/"),
        ("track list", f"{p}/program/"),
        ("stage list (track)", f"{p}/program/{found['track']}/"),
        ("step list (stage)", found["stage"]),
        *[(f"step: {kind}", url) for kind, url in sorted(found["steps"].items())],
        ("stage summary", found["summary"]),
        ("glossary", f"{p}/glossary/"),
        ("helplines", f"{p}/help/"),
        ("act-now", f"{p}/act-now/"),
        ("privacy", f"{p}/privacy/"),
        ("about", f"{p}/about/"),
        ("accessibility", f"{p}/accessibility/"),
        ("save form", f"{p}/save/"),
        ("continue form", f"{p}/continue/"),
    ]
    with_journal = [
        ("My plan (journal)", f"{p}/plan/"),
        ("step with answers (journal)", found["plan_step"]),
        ("diary (journal)", f"{p}/diary/"),
    ]
    return (
        css,
        [(name, path, None, ANONYMOUS_TARGET) for name, path in anonymous]
        + [(name, path, cookie, JOURNAL_TARGET) for name, path in with_journal],
    )


def run_wrk(wrk, port, path, cookie_header):
    command = [
        wrk,
        "--latency",
        "-t",
        "2",
        "-c",
        str(CONNECTIONS),
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


def worker_memory(server):
    """(resident, proportional) memory in KiB of each gunicorn worker of
    ``server``. Resident counts the pages a worker shares with the master
    (the program and catalogues it loaded before forking) in full for every
    worker; proportional splits them between the processes sharing them."""
    sizes = []
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    for pid in children.read_text().split():
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue  # replaced meanwhile
        sizes.append(
            (
                int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)),
                int(re.search(r"Pss:\s+(\d+) kB", rollup).group(1)),
            )
        )
    return sorted(sizes)


def check_pages(port, css, targets):
    """Every page answers 200 (so wrk measures pages, not errors); returns
    their sizes."""
    sizes = {}
    for name, path, cookie_header, _target in [("stylesheet", css, None, 0), *targets]:
        headers = {"Cookie": cookie_header} if cookie_header else {}
        response, body, _ = request(port, "GET", path, headers=headers)
        if response.status != 200:
            raise RuntimeError(f"{name} ({path}) answered {response.status}")
        sizes[name] = len(body)
    return sizes


def measure(wrk, port, css, targets):
    """Each round: every page kind, each right after the stylesheet. Returns
    {name: [(page result, stylesheet result), ...]}."""
    pairs = {name: [] for name, *_ in targets}
    for round_number in range(1, ROUNDS + 1):
        print(f"round {round_number} of {ROUNDS}...", file=sys.stderr, flush=True)
        for name, path, cookie_header, _target in targets:
            ceiling = run_wrk(wrk, port, css, None)
            page = run_wrk(wrk, port, path, cookie_header)
            pairs[name].append((page, ceiling))
    return pairs


def report(pairs, sizes, targets):
    """Print the ratio table; return the targets missed."""
    failures = []
    print(
        "| page | bytes | requests/s | stylesheet requests/s | ratio | target "
        "| p99 ms | stylesheet p99 ms | errors (timeouts) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, _path, _cookie, target in targets:
        results = pairs[name]
        ratio = statistics.median(p["rps"] / c["rps"] for p, c in results)
        rps = statistics.median(p["rps"] for p, _c in results)
        ceiling = statistics.median(c["rps"] for _p, c in results)
        p99 = statistics.median(p["p99"] for p, _c in results)
        ceiling_p99 = statistics.median(c["p99"] for _p, c in results)
        errors = sum(p["errors"] + c["errors"] for p, c in results)
        timeouts = sum(p["timeouts"] + c["timeouts"] for p, c in results)
        missed = []
        if ratio < target:
            missed.append(f"ratio {ratio:.2f} < {target}")
        if p99 >= P99_TARGET_MS:
            missed.append(f"p99 {p99:.0f} ms")
        if errors:
            missed.append(f"{errors} errors")
        if missed:
            failures.append(f"{name}: " + ", ".join(missed))
        print(
            f"| {name} | {sizes[name]} | {rps:.0f} | {ceiling:.0f} | {ratio:.2f} "
            f"| {target} | {p99:.1f} | {ceiling_p99:.1f} | {errors} ({timeouts}) "
            f"|{' MISSED' if missed else ''}",
            flush=True,
        )
    return failures


def main():
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="selfhelp-bench-"))
    env = bench_env(work)
    prepare_site(work, env)
    port = int(os.environ.get("BENCH_PORT") or free_port())
    server = start_server(port, env)
    try:
        wait_until_up(port)
        css, targets = bench_targets(port, env)
        sizes = check_pages(port, css, targets)
        time.sleep(1)
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        memory_before = worker_memory(server)
        started = time.monotonic()
        pairs = measure(wrk, port, css, targets)
        minutes = (time.monotonic() - started) / 60
        memory_after = worker_memory(server)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"\n{CONNECTIONS} connections, {DURATION} s per measurement, median of "
        f"{ROUNDS} interleaved rounds; load average before the run: {load}"
    )
    failures = report(pairs, sizes, targets)

    def mib(sizes, which):
        return ", ".join(f"{size[which] / 1024:.0f}" for size in sizes)

    print(
        f"\nworker memory (MiB), resident: before {mib(memory_before, 0)}; after "
        f"{minutes:.0f} min {mib(memory_after, 0)}\n"
        f"worker memory (MiB), proportional (shared pages split): before "
        f"{mib(memory_before, 1)}; after {minutes:.0f} min {mib(memory_after, 1)}"
    )
    print(
        "targets met" if not failures else "targets missed:\n  " + "\n  ".join(failures)
    )
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
