"""Measure the cost of checking one save code (Argon2id with the project's
parameters): time, memory, and how many checks per second one server makes.

Run with: make bench-kdf
"""

import os
import resource
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selfhelp.settings")
os.environ.setdefault("SELFHELP_SECRET_KEY", "benchmark-only")

import django

django.setup()

from modules.journal import codes  # noqa: E402


def one_check(_):
    start = time.perf_counter()
    codes.derive(codes.normalize(codes.generate()))
    return time.perf_counter() - start


def main():
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    one_check(0)  # warm up
    times = [one_check(i) for i in range(20)]
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cores = os.cpu_count() or 1
    n = 40
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=cores) as pool:
        list(pool.map(one_check, range(n)))
    elapsed = time.perf_counter() - start
    print(
        f"Argon2id t={codes.ARGON2_TIME_COST}, m={codes.ARGON2_MEMORY_KIB // 1024} MiB, p={codes.ARGON2_PARALLELISM}"
    )
    print(
        f"| one code check (median of 20) | {statistics.median(times) * 1000:.0f} ms |"
    )
    print(
        f"| memory per check | {codes.ARGON2_MEMORY_KIB // 1024} MiB (peak RSS grew {(rss_after - rss_before) / 1024:.0f} MiB) |"
    )
    print(f"| code checks per second, {cores} cores | {n / elapsed:.1f} |")


if __name__ == "__main__":
    main()
