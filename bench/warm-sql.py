#!/usr/bin/env python3
"""Warm SQL engine benchmark: small HairEyeColor queries through a pool's warm engine vs. the batch path.

Python 3 standard library only; reuses bench/bench.py's service and HTTP helpers. Needs a built
target/quarkus-app and target/spark-home (`mvn -B package -DskipTests`). From the repository root:

    python3 bench/warm-sql.py

Every query is one `POST /api/v1/pools/bench/sql?wait=...` call, timed from the call to its answer
(REST call to result), with `engine` warm or batch. Steps:
  1. service start; pool 'bench' (min 0, max 2 workers x 1 core x 1g), HairEyeColor uploaded;
  2. cold: the first SQL query on the DOWN pool, to its result; meanwhile /cluster is polled every
     0.1 s for the moment the cluster is READY and the moment the engine is READY;
  3. one uncounted query per path (the batch path scales the cluster to its second worker), then
     BENCH_WARM_N warm and BENCH_BATCH_N batch queries, alternating: p50 / p95 of each, and the ratio.
     These warm queries are the new engine's 3rd to (BENCH_WARM_N + 2)th: its JVMs are still compiling;
  4. BENCH_STEADY_N more warm queries, back to back: the engine as it answers once it has served some.

Settings (environment): BENCH_WARM_N [20], BENCH_BATCH_N [20], BENCH_STEADY_N [40], BENCH_BUDGET [seconds for step 3;
batch queries stop once it is spent, and the count says so], BENCH_WORKDIR [a new /tmp dir].
Exits 1 when a query failed.
"""
import os
import statistics
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the shared helpers: Service, Api, log, CSV)

POOL = "bench"
WARM_N = int(os.environ.get("BENCH_WARM_N", "20"))
BATCH_N = int(os.environ.get("BENCH_BATCH_N", "20"))
STEADY_N = int(os.environ.get("BENCH_STEADY_N", "40"))
BUDGET = float(os.environ.get("BENCH_BUDGET", "inf"))
QUERIES = [
    "SELECT Hair, SUM(Freq) AS n FROM HairEyeColor GROUP BY Hair ORDER BY Hair",
    "SELECT Eye, SUM(Freq) AS n FROM HairEyeColor GROUP BY Eye ORDER BY Eye",
    "SELECT Sex, SUM(Freq) AS n FROM HairEyeColor GROUP BY Sex ORDER BY Sex",
    "SELECT Hair, Eye, Freq FROM HairEyeColor WHERE Freq > 30 ORDER BY Freq DESC",
]
EXPECTED_HAIR = [["Black", 108], ["Blond", 127], ["Brown", 286], ["Red", 71]]
log = bench.log


def query(api, sql, engine, wait="PT300S"):
    """One REST call to result; returns (seconds, answer)."""
    t0 = time.monotonic()
    status, answer = api.call("POST", f"/api/v1/pools/{POOL}/sql?wait={wait}",
                              {"sql": sql, "engine": engine}, timeout=400)
    took = time.monotonic() - t0
    if status != 200:
        raise RuntimeError(f"{engine} query -> {status}: {answer}")
    return took, answer


def p95(xs):
    s = sorted(xs)
    return s[max(0, -(-95 * len(s) // 100) - 1)]  # nearest rank


class ClusterWatch(threading.Thread):
    """Polls /cluster every 0.1 s; notes when the cluster and the engine are first READY."""

    def __init__(self, api):
        super().__init__(daemon=True)
        self.api, self.cluster_ready, self.engine_ready, self.stop = api, None, None, False

    def run(self):
        while not self.stop and self.engine_ready is None:
            try:
                c = self.api.ok("GET", f"/api/v1/pools/{POOL}/cluster")
                now = time.monotonic()
                if c["state"] == "READY" and self.cluster_ready is None:
                    self.cluster_ready = now
                if (c.get("sqlEngine") or {}).get("state") == "READY" and self.engine_ready is None:
                    self.engine_ready = now
            except Exception as e:  # noqa: BLE001 (keep polling through a slow answer)
                log(f"  cluster poll: {e}")
            time.sleep(0.1)


def main():
    workdir = os.environ.get("BENCH_WORKDIR") or tempfile.mkdtemp(prefix="sparkport-warm-sql-")
    os.makedirs(workdir, exist_ok=True)
    log(f"workdir {workdir}; load average {open('/proc/loadavg').read().split()[:3]}")
    bench.WATCH.start()  # CPU used by other processes meanwhile: was the machine shared?
    svc = bench.Service(workdir, "warm")
    res = {"warm_n": WARM_N, "batch_n": BATCH_N, "loadavg_before": open("/proc/loadavg").read().split()[:3]}
    try:
        ready, started_in = svc.start()
        log(f"service ready in {ready:.1f} s")
        svc.api.ok("POST", "/api/v1/pools", {"name": POOL, "workers": {"min": 0, "max": 2, "cores": 1, "memory": "1g"},
                                             "idleTimeout": "PT1H", "scaleDownDelay": "PT1H"})
        with open(bench.CSV, "rb") as f:
            svc.api.ok("PUT", f"/api/v1/pools/{POOL}/files/HairEyeColor.csv", f.read(), "text/csv")

        log("cold: the first SQL query on the DOWN pool")
        watch = ClusterWatch(svc.api)
        t0 = time.monotonic()
        watch.start()
        cold, answer = query(svc.api, QUERIES[0], "warm")
        watch.join(5)
        if answer["rows"] != EXPECTED_HAIR:
            raise RuntimeError(f"wrong answer: {answer['rows']}")
        cluster = svc.api.ok("GET", f"/api/v1/pools/{POOL}/cluster")
        engine = cluster["sqlEngine"]
        res["cold"] = {
            "first_query_to_result": cold,
            "cluster_ready_after_post": (watch.cluster_ready - t0) if watch.cluster_ready else None,
            "engine_ready_after_post": (watch.engine_ready - t0) if watch.engine_ready else None,
            "engine_start_to_ready": bench.parse_instant(engine["readyAt"]) - bench.parse_instant(engine["startedAt"]),
        }
        if watch.cluster_ready and watch.engine_ready:
            res["cold"]["engine_ready_after_cluster_ready"] = watch.engine_ready - watch.cluster_ready
        log("  " + ", ".join(f"{k} {v:.2f} s" for k, v in res["cold"].items() if v is not None))

        log("uncounted first query of each path")
        query(svc.api, QUERIES[1], "warm")
        first_batch, _ = query(svc.api, QUERIES[1], "batch")
        log(f"  first batch query (second worker started for it): {first_batch:.1f} s")

        warm, batch = [], []
        step3 = time.monotonic()
        for i in range(max(WARM_N, BATCH_N)):
            sql = QUERIES[i % len(QUERIES)]
            if i < WARM_N:
                took, _ = query(svc.api, sql, "warm")
                warm.append(took)
            if i < BATCH_N and time.monotonic() - step3 < BUDGET:
                took, _ = query(svc.api, sql, "batch")
                batch.append(took)
            log(f"  {i + 1}: warm {warm[-1] if i < WARM_N else float('nan'):.3f} s, "
                f"batch {batch[-1] if len(batch) == i + 1 else float('nan'):.1f} s")
        res["batch_n"] = len(batch)
        res["warm"] = {"samples": warm, "p50": statistics.median(warm), "p95": p95(warm)}
        res["batch"] = {"samples": batch, "p50": statistics.median(batch), "p95": p95(batch)}
        steady = []
        for i in range(STEADY_N):
            took, _ = query(svc.api, QUERIES[i % len(QUERIES)], "warm")
            steady.append(took)
        if steady:
            log(f"  steady: {len(steady)} warm queries, last {steady[-1]:.3f} s")
            res["steady"] = {"samples": steady, "p50": statistics.median(steady), "p95": p95(steady),
                             "after_queries": 2 + WARM_N}
        res["ratio_p50"] = res["batch"]["p50"] / res["warm"]["p50"]
        res["ratio_p95"] = res["batch"]["p95"] / res["warm"]["p95"]
        res["events"] = [e for e in svc.api.ok("GET", f"/api/v1/pools/{POOL}/events") if e["kind"] == "sql-engine"]
    finally:
        bench.finish(svc, res, workdir)
    summary(res)
    if res["left_over_processes"]:
        print(f"!! processes outlived the service: {res['left_over_processes']}")
        sys.exit(1)


def summary(res):
    w, b, c = res["warm"], res["batch"], res["cold"]
    print()
    print("| measure | warm engine | batch (spark-submit per query) | ratio |")
    print("|---|---|---|---|")
    print(f"| p50, REST call to result ({res['warm_n']} / {res['batch_n']} queries) | {w['p50']:.3f} s "
          f"| {b['p50']:.2f} s | **{res['ratio_p50']:.0f}×** |")
    print(f"| p95 | {w['p95']:.3f} s | {b['p95']:.2f} s | {res['ratio_p95']:.0f}× |")
    if res.get("steady"):
        st = res["steady"]
        print(f"| p50 / p95, the next {len(st['samples'])} warm queries (the engine has served {st['after_queries']}) "
              f"| {st['p50']:.3f} s / {st['p95']:.3f} s | | **{b['p50'] / st['p50']:.0f}×** |")
    print()
    print(f"- first SQL query on a DOWN pool, REST call to result: {c['first_query_to_result']:.1f} s")
    if c.get("engine_ready_after_cluster_ready") is not None:
        print(f"- engine READY {c['engine_ready_after_cluster_ready']:.1f} s after the cluster was READY "
              f"(cluster READY {c['cluster_ready_after_post']:.1f} s, engine READY {c['engine_ready_after_post']:.1f} s "
              "after the POST)")
    print(f"- engine start to READY (the service's own timestamps): {c['engine_start_to_ready']:.1f} s")
    print(f"- load average before / after: {res['loadavg_before']} / {res['loadavg_after']}; other processes used "
          f"{res['foreign_cpu_seconds']} CPU-s meanwhile (Maven/surefire seen in {res['maven_samples']} 1-s samples)")


if __name__ == "__main__":
    main()
