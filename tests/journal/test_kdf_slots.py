"""However many worker processes a server runs, it checks at most
SELFHELP_CODE_KDF_CONCURRENCY save codes at once (each takes 64 MiB), so a
flood of code checks cannot exhaust its memory."""

import os
import subprocess
import sys

from tests.helpers import REPO

# A worker process: two threads each check three codes as soon as the test
# says go. Argon2id is replaced by a stand-in that leaves a mark in a shared
# directory while it runs, and reports how many marks it saw (its own
# included): how many checks ran at once across every process.
WORKER = r"""
import os, sys, threading, time
import django
django.setup()
from modules.journal import codes

marks, go = sys.argv[1], sys.argv[2]
# print() writes the text and the newline separately, so two threads' lines
# can interleave ("at-onceat-once 2"); one lock keeps each line whole.
output = threading.Lock()

def say(*words):
    with output:
        print(*words, flush=True)

def stand_in_for_argon2(**kwargs):
    mark = os.path.join(marks, f"{os.getpid()}-{threading.get_ident()}")
    open(mark, "w").close()
    try:
        seen = len(os.listdir(marks))
        time.sleep(0.15)
        seen = max(seen, len(os.listdir(marks)))
    finally:
        os.unlink(mark)
    say("at-once", seen)
    return bytes(32)

codes.hash_secret_raw = stand_in_for_argon2

def check_codes():
    for _ in range(3):
        try:
            codes.derive("0" * 16)
        except codes.CodeProblem as problem:
            say("refused", type(problem).__name__)

print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.01)
threads = [threading.Thread(target=check_codes) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
"""
PROCESSES = 3
CONCURRENCY = 2


def test_the_server_checks_at_most_n_codes_at_once_across_processes(tmp_path):
    marks = tmp_path / "marks"
    marks.mkdir()
    go = tmp_path / "go"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "SELFHELP_RUN_DIR": str(tmp_path / "run"),
        "SELFHELP_CODE_KDF_CONCURRENCY": str(CONCURRENCY),
    }
    workers = [
        subprocess.Popen(  # noqa: S603 (this interpreter, a fixed script)
            [sys.executable, "-c", WORKER, str(marks), str(go)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    try:
        for worker in workers:
            assert worker.stdout.readline().strip() == "ready", worker.stderr.read()
        go.touch()  # every process starts checking at the same moment
        outputs = [worker.communicate(timeout=120) for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    lines = [line for out, _err in outputs for line in out.splitlines()]
    errors = "\n".join(err for _out, err in outputs)
    at_once = [int(line.split()[1]) for line in lines if line.startswith("at-once")]
    assert len(at_once) == PROCESSES * 2 * 3, (lines, errors)  # every check ran
    assert max(at_once) <= CONCURRENCY, at_once
