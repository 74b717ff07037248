#!/usr/bin/env python3
"""Cold path benchmark (issue 20): the first SQL result on a DOWN pool, with its breakdown by phase.

Python 3 standard library only; reuses bench/bench.py's helpers. Needs a built target/ (`mvn -B package
-DskipTests`). From the repository root:

    python3 bench/cold-sql.py                              # this tree only
    COLD_BENCH_BASELINE=/work/wt-base python3 bench/cold-sql.py   # A/B: another built checkout, same run

Each cold start is a fresh service (its own data dir, ports, gateway JVM) with a new pool 'cold' (0..1 worker x
1 core x 1g) holding sample-data/HairEyeColor.csv, then one `POST /api/v1/pools/cold/sql?wait=PT180S` of a
group-by, timed from the call to its answer, and the answer checked. The service is stopped after each. With
COLD_BENCH_BASELINE, the two checkouts take turns (A B B A A B ...), so a change of machine load hits both.

The breakdown comes from the pool's events and the job's log (service and gateway timestamps): cluster start,
master up (first worker started), engine started, engine READY, the gateway's new session, the pool files as
views, the statement, and the rest (result written, answer sent).

Settings (environment): COLD_BENCH_N [5] cold starts per checkout, COLD_BENCH_BASELINE [none],
COLD_BENCH_WORKDIR [a new /tmp dir]. Exits 1 when a query failed or answered wrongly.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402

POOL = "cold"
N = int(os.environ.get("COLD_BENCH_N", "5"))
BASELINE = os.environ.get("COLD_BENCH_BASELINE")
SQL = "SELECT Hair, SUM(Freq) AS n FROM HairEyeColor GROUP BY Hair ORDER BY Hair"
EXPECTED = [["Black", 108], ["Blond", 127], ["Brown", 286], ["Red", 71]]
PHASES = ["cluster start", "master up", "engine start", "engine READY", "session", "views", "statement", "rest"]
log = bench.log


def ms_in_log(text, pattern):
    m = re.search(pattern, text)
    return int(m.group(1)) / 1000.0 if m else None


def cold_start(repo, workdir, tag):
    svc = bench.Service(workdir, tag, repo=repo, opts=["-Dsparkport.connect.port=0"])
    svc.start()
    try:
        svc.api.ok("POST", "/api/v1/pools", {"name": POOL, "workers": {"min": 0, "max": 1, "cores": 1, "memory": "1g"},
                                             "idleTimeout": "PT1H", "scaleDownDelay": "PT1H"})
        with open(bench.CSV, "rb") as f:
            svc.api.ok("PUT", f"/api/v1/pools/{POOL}/files/HairEyeColor.csv", f.read(), "text/csv")
        posted = time.time()
        t0 = time.monotonic()
        status, answer = svc.api.call("POST", f"/api/v1/pools/{POOL}/sql?wait=PT180S", {"sql": SQL}, timeout=240)
        took = time.monotonic() - t0
        if status != 200:
            raise RuntimeError(f"cold query -> {status}: {answer}")
        rows = answer.get("rows") if isinstance(answer, dict) else None
        if rows != EXPECTED:
            raise RuntimeError(f"cold query answered {answer}")
        job = svc.api.ok("GET", f"/api/v1/jobs/{answer['jobId']}") if "jobId" in answer else None
        events = svc.api.ok("GET", f"/api/v1/pools/{POOL}/events")
        return took, breakdown(posted, events, job, svc, answer), svc.owned_processes
    finally:
        svc.stop()


def breakdown(posted, events, job, svc, answer):
    def first(kind, text=""):
        for e in events:
            if e["kind"] == kind and text in e["message"]:
                return bench.parse_instant(e["at"])
        return None

    with open(svc.log_path, "rb") as f:
        service_log = f.read().decode("utf-8", "replace")
    marks = {"cluster start": first("start")}
    worker = re.search(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) .*started sparkport-cold-worker-0", service_log)
    engine = re.search(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) .*started SQL engine", service_log)
    to_ts = lambda m: bench.parse_instant(m.group(1).replace(" ", "T").replace(",", ".") + "Z") if m else None  # noqa
    marks["master up"] = to_ts(worker)
    marks["engine start"] = to_ts(engine)
    marks["engine READY"] = first("sql-engine", "ready at")
    job_id = answer.get("jobId")
    status, job_log = svc.api.call("GET", f"/api/v1/jobs/{job_id}/logs") if job_id else (None, "")
    text = job_log.decode("utf-8", "replace") if isinstance(job_log, bytes) else str(job_log)
    steps = {"session": ms_in_log(text, r"session on the SQL engine .* in (\d+) ms"),
             "views": ms_in_log(text, r"pool files as views: .* in (\d+) ms"),
             "statement": ms_in_log(text, r"result: \d+ rows? in (\d+) ms")}
    phases, prev = {}, posted
    for name in ["cluster start", "master up", "engine start", "engine READY"]:
        at = marks.get(name)
        # the engine may start before the master is up: each phase counts from the later of the marks before it
        phases[name] = None if at is None else max(0.0, at - prev)
        prev = max(prev, at) if at is not None else prev
    phases.update(steps)
    return phases, prev - posted


def main():
    workdir = os.environ.get("COLD_BENCH_WORKDIR") or tempfile.mkdtemp(prefix="sparkport-cold-bench-")
    sides = [("this tree", bench.REPO)] + ([("baseline", os.path.abspath(BASELINE))] if BASELINE else [])
    for name, repo in sides:
        if not os.path.exists(os.path.join(repo, "target", "quarkus-app", "quarkus-run.jar")):
            sys.exit(f"{name}: {repo} has no target/quarkus-app; build it first (mvn -B package -DskipTests)")
        commit = subprocess.run(["git", "-C", repo, "log", "-1", "--format=%h"], capture_output=True, text=True)
        log(f"{name}: {repo} at {commit.stdout.strip()}")
    load0 = os.getloadavg()
    results = {name: [] for name, _ in sides}
    order = []
    for i in range(N):
        order += sides if i % 2 == 0 else list(reversed(sides))
    failures = 0
    for k, (name, repo) in enumerate(order):
        try:
            took, (phases, to_ready), leftovers = cold_start(repo, workdir, f"{k}")
        except Exception as e:  # noqa: BLE001 - report and go on
            failures += 1
            log(f"!! {name}: cold start {k} failed: {e}")
            continue
        rest = took - to_ready - sum(v for key, v in phases.items() if key in ("session", "views", "statement") and v)
        phases["rest"] = rest
        results[name].append((took, phases))
        log(f"{name}: first result {took:.1f} s  (" + ", ".join(
            f"{p} {phases[p]:.1f}" if phases.get(p) is not None else f"{p} ?" for p in PHASES) + ")")
        gone = leftovers()
        if gone:
            failures += 1
            log(f"!! {name}: processes outlived the service: {gone}")
    print()
    print(f"== First SQL result on a DOWN pool ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"{os.cpu_count()} CPUs, load average {load0[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end)")
    for name, runs in results.items():
        if not runs:
            continue
        p50 = statistics.median(t for t, _ in runs)
        print(f"{name}: p50 {p50:.1f} s over {len(runs)} cold starts ({', '.join(f'{t:.1f}' for t, _ in runs)})")
        print("  median by phase: " + ", ".join(
            f"{p} {statistics.median(ph[p] for _, ph in runs if ph.get(p) is not None):.1f} s"
            for p in PHASES if any(ph.get(p) is not None for _, ph in runs)))
    if len(sides) == 2 and all(results.values()):
        a = statistics.median(t for t, _ in results["this tree"])
        b = statistics.median(t for t, _ in results["baseline"])
        print(f"this tree vs baseline: {a:.1f} s vs {b:.1f} s (ratio {a / b:.2f})")
    print(f"target: first result <= 12 s at p50: "
          f"{'MET' if results['this tree'] and statistics.median(t for t, _ in results['this tree']) <= 12 else 'MISSED'}")
    print(f"work dir (service logs): {workdir}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
