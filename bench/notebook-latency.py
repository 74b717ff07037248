#!/usr/bin/env python3
"""The notebook helper as fast as the API, and how soon a waiting client learns a job's end (issue 20, item 1).

Python 3 standard library plus the notebook helper (notebooks/sparkport.py, which needs `requests`; Debian's
python3-requests imports under /usr/bin/python3); reuses bench/bench.py's service and HTTP helpers. Needs a
built target/quarkus-app and target/spark-home (`mvn -B package -DskipTests`). From the repository root:

    /usr/bin/python3 bench/notebook-latency.py

Steps:
  1. service start; pool 'bench' (min 0, max 1 worker x 1 core x 1g, idle 1 h), HairEyeColor uploaded;
     the first query starts the cluster and the warm engine; BENCH_WARMUP_N [40] uncounted queries after it
     (the engine's own warm-up queries run meanwhile);
  2. BENCH_N [50] rounds of the same small group-by, once through `sp.sql(q, progress=False)` (the helper's
     default result: a pandas DataFrame where pandas is installed) and once as one raw
     `POST /api/v1/pools/bench/sql?wait=PT30S` (urllib, the JSON answer parsed), the order alternating per
     round so that both share the machine's conditions: p50 / p90 of each and the ratio of the p50s;
  3. BENCH_N rounds of the notification latency: a warm SQL job submitted with POST /jobs, then at once
     `GET /jobs/{id}?wait=PT30S`; the latency is the wall-clock moment its answer arrived minus the job's
     `finishedAt` (set by the service in the transaction that ends the job, before it commits; same machine,
     same clock). Rounds whose long-poll was sent after `finishedAt` (the job ended before the client asked)
     are not counted, and their number is printed. Interleaved with it, the same with the helper's old wait
     (a GET every 0.5 s), as a baseline.

Settings (environment): BENCH_N [50], BENCH_WARMUP_N [40], BENCH_SERVICE_JAR [target/quarkus-app/quarkus-run.jar],
BENCH_WORKDIR [a new /tmp dir]. Exits 1 when a query failed or processes outlived the service.
"""
import os
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "notebooks"))
import bench  # noqa: E402  (the shared helpers: Service, Api, log, CSV)
import sparkport  # noqa: E402  (the notebook helper)

POOL = "bench"
N = int(os.environ.get("BENCH_N", "50"))
WARMUP_N = int(os.environ.get("BENCH_WARMUP_N", "40"))
QUERY = "SELECT Hair, SUM(Freq) AS n FROM HairEyeColor GROUP BY Hair ORDER BY Hair"
EXPECTED = [["Black", 108], ["Blond", 127], ["Brown", 286], ["Red", 71]]
OLD_POLL_SECONDS = 0.5
log = bench.log


def pct(xs, p):
    s = sorted(xs)
    return s[max(0, -(-p * len(s) // 100) - 1)]  # nearest rank


def stats(xs):
    return {"n": len(xs), "p50": statistics.median(xs), "p90": pct(xs, 90), "p95": pct(xs, 95), "max": max(xs),
            "samples": xs}


def raw_sql(api, wait="PT30S"):
    t0 = time.monotonic()
    status, answer = api.call("POST", f"/api/v1/pools/{POOL}/sql?wait={wait}", {"sql": QUERY}, timeout=400)
    took = time.monotonic() - t0
    if status != 200 or answer["rows"] != EXPECTED:
        raise RuntimeError(f"POST /pools/{POOL}/sql -> {status}: {answer}")
    return took


def helper_sql(sp):
    t0 = time.monotonic()
    frame = sp.sql(QUERY, pool=POOL, progress=False)
    took = time.monotonic() - t0
    rows = [list(r) for r in (frame.itertuples(index=False) if hasattr(frame, "itertuples") else frame)]
    if [[h, int(n)] for h, n in rows] != EXPECTED:
        raise RuntimeError(f"sp.sql answered {rows}")
    return took


def submit(api):
    return api.ok("POST", "/api/v1/jobs", {"pool": POOL, "type": "SQL", "sql": QUERY})["id"]


def long_poll_latency(api):
    """(seconds from finishedAt to the long-poll's answer, whether the poll was sent before the end)."""
    job = submit(api)
    sent = time.time()
    status, view = api.call("GET", f"/api/v1/jobs/{job}?wait=PT30S", timeout=60)
    answered = time.time()
    if status != 200 or view["state"] != "SUCCEEDED":
        raise RuntimeError(f"long-poll of {job} -> {status}: {view}")
    finished = bench.parse_instant(view["finishedAt"])
    return answered - finished, sent < finished


def old_poll_latency(api):
    """The helper's former wait: GET every 0.5 s until the job ended."""
    job = submit(api)
    while True:
        time.sleep(OLD_POLL_SECONDS)
        view = api.ok("GET", f"/api/v1/jobs/{job}")
        if view["state"] in sparkport.FINAL_STATES:
            answered = time.time()
            if view["state"] != "SUCCEEDED":
                raise RuntimeError(f"job {job}: {view}")
            return answered - bench.parse_instant(view["finishedAt"])


def main():
    workdir = os.environ.get("BENCH_WORKDIR") or tempfile.mkdtemp(prefix="sparkport-notebook-latency-")
    os.makedirs(workdir, exist_ok=True)
    bench.SERVICE_JAR = os.environ.get("BENCH_SERVICE_JAR", bench.SERVICE_JAR)
    log(f"workdir {workdir}; service {bench.SERVICE_JAR}; load average {open('/proc/loadavg').read().split()[:3]}")
    bench.WATCH.start()  # CPU used by other processes meanwhile: was the machine shared?
    svc = bench.Service(workdir, "latency")
    res = {"n": N, "warmup_n": WARMUP_N, "query": QUERY, "pandas": sparkport._pandas() is not None,
           "loadavg_before": open("/proc/loadavg").read().split()[:3]}
    try:
        ready, _ = svc.start()
        log(f"service ready in {ready:.1f} s")
        api = svc.api
        api.ok("POST", "/api/v1/pools", {"name": POOL, "workers": {"min": 0, "max": 1, "cores": 1, "memory": "1g"},
                                         "idleTimeout": "PT1H", "scaleDownDelay": "PT1H"})
        with open(bench.CSV, "rb") as f:
            api.ok("PUT", f"/api/v1/pools/{POOL}/files/HairEyeColor.csv", f.read(), "text/csv")
        sp = sparkport.Sparkport(api.base, token=api.token)

        t0 = time.monotonic()
        raw_sql(api, "PT300S")
        log(f"first query (cluster and engine start): {time.monotonic() - t0:.1f} s; {WARMUP_N} uncounted ones")
        for i in range(WARMUP_N):
            (raw_sql(api) if i % 2 else helper_sql(sp))

        helper, raw = [], []
        for i in range(N):
            if i % 2:
                raw.append(raw_sql(api))
                helper.append(helper_sql(sp))
            else:
                helper.append(helper_sql(sp))
                raw.append(raw_sql(api))
            if (i + 1) % 10 == 0:
                log(f"  {i + 1}: sp.sql p50 {statistics.median(helper):.3f} s, POST sql p50 {statistics.median(raw):.3f} s")
        res["sp_sql"], res["post_sql"] = stats(helper), stats(raw)
        res["ratio_p50"] = res["sp_sql"]["p50"] / res["post_sql"]["p50"]

        long_poll, early, old = [], 0, []
        for i in range(N):
            latency, waited = long_poll_latency(api)
            if waited:
                long_poll.append(latency)
            else:
                early += 1
            old.append(old_poll_latency(api))
            if (i + 1) % 10 == 0:
                log(f"  {i + 1}: long-poll p50 {statistics.median(long_poll) * 1000:.1f} ms, "
                    f"0.5 s polling p50 {statistics.median(old) * 1000:.0f} ms")
        res["long_poll"], res["old_poll"] = stats(long_poll), stats(old)
        res["long_poll_ended_before_asked"] = early
    finally:
        bench.finish(svc, res, workdir)
    summary(res)
    if res["left_over_processes"]:
        print(f"!! processes outlived the service: {res['left_over_processes']}")
        sys.exit(1)


def summary(res):
    h, r, lp, op = res["sp_sql"], res["post_sql"], res["long_poll"], res["old_poll"]
    print()
    print(f"| measure ({res['n']} each, interleaved) | p50 | p90 | p95 |")
    print("|---|---|---|---|")
    print(f"| `sp.sql(q, progress=False)` ({'DataFrame' if res['pandas'] else 'Rows'}) | {h['p50']:.3f} s "
          f"| {h['p90']:.3f} s | {h['p95']:.3f} s |")
    print(f"| `POST /pools/{POOL}/sql?wait=PT30S` (raw JSON) | {r['p50']:.3f} s | {r['p90']:.3f} s | {r['p95']:.3f} s |")
    print(f"| long-poll `GET /jobs/{{id}}?wait=PT30S`: its answer after `finishedAt` ({lp['n']} jobs) "
          f"| {lp['p50'] * 1000:.1f} ms | {lp['p90'] * 1000:.1f} ms | {lp['p95'] * 1000:.1f} ms |")
    print(f"| baseline: a GET every 0.5 s (the helper's former wait), after `finishedAt` | {op['p50'] * 1000:.0f} ms "
          f"| {op['p90'] * 1000:.0f} ms | {op['p95'] * 1000:.0f} ms |")
    print()
    print(f"- sp.sql p50 / POST sql p50: **{res['ratio_p50']:.2f}×** (target ≤ 1.2×)")
    print(f"- long-poll p95 {lp['p95'] * 1000:.1f} ms (target ≤ 50 ms); max {lp['max'] * 1000:.1f} ms; "
          f"{res['long_poll_ended_before_asked']} jobs had ended before the long-poll was sent (not counted)")
    print(f"- load average before / after: {res['loadavg_before']} / {res['loadavg_after']}; other processes used "
          f"{res['foreign_cpu_seconds']} CPU-s meanwhile (Maven/surefire seen in {res['maven_samples']} 1-s samples)")


if __name__ == "__main__":
    main()
