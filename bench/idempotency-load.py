#!/usr/bin/env python3
"""Idempotency under load: 1,000 job submissions from 50 concurrent clients, half of them repeats.

Python 3 standard library only. From the repository root, once target/quarkus-app and target/spark-home
exist (mvn -B package -DskipTests):

    python3 bench/idempotency-load.py

It starts its own service (temporary data directory, free port, bench.py's Service), creates a pool of
one 1-core worker, and POSTs 1,000 SQL jobs with an Idempotency-Key from 50 threads: 500 keys are used
once, 250 keys twice each (the two uses land close together, in random order). Then it checks:
  - errors: any answer other than 201 (first use) or 200 (a repeat) - expected 0;
  - duplicates: a key that produced more than one job, or a key with more or fewer than one 201,
    or jobs in the pool beyond the 750 distinct keys - expected 0;
and prints the latency percentiles of the submissions. Afterwards it cancels the queued jobs (only the
first ones ever start: the pool's single core runs one driver at a time) and stops the service.

Settings (environment): LOAD_N [1000], LOAD_CLIENTS [50], BENCH_WORKDIR [a new /tmp dir].
Exits 1 on any error or duplicate.
"""
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the service, started as in the benchmarks)

N = int(os.environ.get("LOAD_N", "1000"))
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "50"))
POOL = "load"


def post(base, token, key, body):
    data = json.dumps(body).encode()
    req = urllib.request.Request(base + "/api/v1/jobs", data=data, method="POST")
    req.add_header("Content-Type", "application/json")
    req.add_header("Idempotency-Key", key)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            answer = json.loads(r.read())
            return r.status, answer.get("id"), time.perf_counter() - t0, None
    except urllib.error.HTTPError as e:
        return e.code, None, time.perf_counter() - t0, e.read().decode("utf-8", "replace")[:300]
    except OSError as e:
        return None, None, time.perf_counter() - t0, repr(e)


def percentile(xs, p):
    xs = sorted(xs)
    k = max(0, min(len(xs) - 1, int(round(p / 100 * len(xs) + 0.5)) - 1))
    return xs[k]


def plan(n):
    """(key, body) per submission: n/2 keys used once, n/4 keys used twice, repeats close together."""
    once = [str(uuid.uuid4()) for _ in range(n // 2)]
    twice = [str(uuid.uuid4()) for _ in range(n // 4)]
    body = {k: {"pool": POOL, "type": "SQL", "sql": f"SELECT {i} AS n", "executorMemory": "512m"}
            for i, k in enumerate(once + twice)}
    units = [[k] for k in once] + [[k, k] for k in twice]
    random.seed(7)
    random.shuffle(units)
    return [(k, body[k]) for unit in units for k in unit], len(once) + len(twice)


def main():
    workdir = os.environ.get("BENCH_WORKDIR") or tempfile.mkdtemp(prefix="sparkport-idem-")
    svc = bench.Service(workdir, "idem")
    ready, _ = svc.start()
    print(f"service on port {svc.port} (ready in {ready:.1f} s), data in {svc.data_dir}", flush=True)
    api = svc.api
    try:
        api.ok("POST", "/api/v1/pools", {"name": POOL, "idleTimeout": "PT30S",
                                         "workers": {"min": 0, "max": 1, "cores": 1, "memory": "512m"}})
        submissions, distinct = plan(N)
        results = [None] * len(submissions)

        def one(i):
            key, body = submissions[i]
            results[i] = (key,) + post(api.base, api.token, key, body)

        t0 = time.perf_counter()
        with ThreadPoolExecutor(max_workers=CLIENTS) as clients:
            list(clients.map(one, range(len(submissions))))
        wall = time.perf_counter() - t0

        errors = [r for r in results if r[1] not in (200, 201)]
        by_key = {}
        for key, status, job, _, _ in results:
            if status in (200, 201):
                by_key.setdefault(key, []).append((status, job))
        duplicates = [k for k, rs in by_key.items()
                      if len({j for _, j in rs}) != 1 or sum(1 for s, _ in rs if s == 201) != 1]
        listed = set()
        after = None
        while True:
            page = api.ok("GET", f"/api/v1/jobs?pool={POOL}&limit=500" + (f"&after={after}" if after else ""))
            listed.update(j["id"] for j in page["jobs"])
            after = page.get("next")
            if not after:
                break
        extra_jobs = len(listed) - distinct
        latencies = [r[3] * 1000 for r in results if r[1] in (200, 201)]
        created = sum(1 for r in results if r[1] == 201)
        repeated = sum(1 for r in results if r[1] == 200)

        print(f"submissions: {len(submissions)} from {CLIENTS} clients in {wall:.1f} s "
              f"({len(submissions) / wall:.0f}/s); keys: {distinct} ({N // 4} used twice)")
        print(f"answers: {created} x 201, {repeated} x 200, errors: {len(errors)}")
        print(f"duplicates: {len(duplicates)} keys with more than one job or not exactly one 201; "
              f"jobs in the pool: {len(listed)} for {distinct} keys (extra: {extra_jobs})")
        if latencies:
            print(f"latency ms: p50 {statistics.median(latencies):.1f}, p90 {percentile(latencies, 90):.1f}, "
                  f"p99 {percentile(latencies, 99):.1f}, max {max(latencies):.1f}")
        for e in errors[:5]:
            print("error:", e)

        cancel_all(api, listed)
        return 1 if errors or duplicates or extra_jobs else 0
    finally:
        svc.stop()


def cancel_all(api, ids):
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda i: api.call("POST", f"/api/v1/jobs/{i}/cancel"), ids))


if __name__ == "__main__":
    sys.exit(main())
