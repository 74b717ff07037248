#!/usr/bin/env python3
"""Sparkport autoscaling benchmark: a burst trace on an elastic pool vs. a static cluster.

Trace: a burst of BURST short SparkPi jobs, a quiet gap longer than the elastic pool's idle
timeout, and a second burst. The same trace runs twice in one service, one pool after the other:
  - elastic: workers min 0, max 2, idleTimeout IDLE, scaleDownDelay 5 s (Sparkport's policy);
  - static:  workers min 2, max 2, idleTimeout 1 h, warmed up before the trace (a cluster held
             at workers.max for the whole trace).
Worker-seconds come from sampling GET /api/v1/pools/{pool}/cluster every 0.5 s (every worker
process counts, registered or starting). The elastic pool is counted until its cluster is DOWN
after the last burst, the static one over the trace. Scale-up latency: the burst's first
submission to the pool's "start"/"scale-up" event (same machine clock).

    python3 bench/autoscale.py      (after `mvn -B -q package -DskipTests`)

Environment: BENCH_BURST [6], BENCH_GAP seconds [40], BENCH_IDLE idle timeout seconds [15].
"""
import os
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the shared service, API and /proc helpers)

BURST = int(os.environ.get("BENCH_BURST", "6"))
GAP = float(os.environ.get("BENCH_GAP", "40"))
IDLE = int(os.environ.get("BENCH_IDLE", "15"))
log = bench.log


class WorkerSampler(threading.Thread):
    """Integrates the pool's worker count over time."""

    def __init__(self, svc, pool):
        super().__init__(daemon=True)
        self.svc, self.pool = svc, pool
        self.samples = []  # (time, workers, state)
        self.running = True

    def run(self):
        while self.running:
            view = self.svc.api.ok("GET", f"/api/v1/pools/{self.pool}/cluster")
            self.samples.append((time.time(), len(view["workers"]), view["state"]))
            time.sleep(0.5)

    def worker_seconds(self, start, end):
        total = 0.0
        for (t, n, _), (t2, _, _) in zip(self.samples, self.samples[1:]):
            lo, hi = max(t, start), min(t2, end)
            if hi > lo:
                total += n * (hi - lo)
        return total

    def saw_down_between(self, start, end):
        return any(s == "DOWN" for t, _, s in self.samples if start <= t <= end)


def create_pool(svc, name, min_workers, idle):
    svc.api.ok("POST", "/api/v1/pools", {
        "name": name, "workers": {"min": min_workers, "max": 2, "cores": 1, "memory": "1g"},
        "idleTimeout": idle, "scaleDownDelay": "PT5S"})
    with open(bench.EXAMPLES_JAR, "rb") as f:
        status, _ = svc.api.call("PUT", f"/api/v1/pools/{name}/files/jars/sparkport-examples.jar", f.read(),
                                 content_type="application/octet-stream")
    assert status in (200, 201), status


def pi(pool):
    return {"pool": pool, "type": "SPARK", "appResource": "jars/sparkport-examples.jar",
            "mainClass": "io.sparkport.examples.SparkPi", "args": ["2"],
            "cores": 1, "executorMemory": "512m", "driverMemory": "512m"}


def burst(svc, pool):
    """Submits BURST jobs at once; returns (arrival, end, makespan, scale-up latency)."""
    last_event = max([e["seq"] for e in svc.api.ok("GET", f"/api/v1/pools/{pool}/events")] + [0])
    arrival = time.time()
    ids = {svc.api.ok("POST", "/api/v1/jobs", pi(pool))["id"] for _ in range(BURST)}
    while True:
        time.sleep(0.25)
        jobs = svc.api.ok("GET", f"/api/v1/jobs?pool={pool}&limit={BURST}")["jobs"]
        mine = [j for j in jobs if j["id"] in ids]
        if len(mine) == BURST and all(j["state"] in bench.TERMINAL for j in mine):
            break
    end = max(bench.parse_instant(j["finishedAt"]) for j in mine)
    failed = [j for j in mine if j["state"] != "SUCCEEDED"]
    if failed:
        bench.FAILURES.append(f"{len(failed)} jobs of a {pool} burst did not succeed: {failed[0].get('failureReason')}")
    events = svc.api.ok("GET", f"/api/v1/pools/{pool}/events?after={last_event}")
    ups = [bench.parse_instant(e["at"]) for e in events if e["kind"] in ("start", "scale-up")]
    latency = (min(ups) - arrival) if ups else None
    return arrival, end, end - arrival, latency


def trace(svc, pool):
    sampler = WorkerSampler(svc, pool)
    sampler.start()
    a1, e1, m1, l1 = burst(svc, pool)
    log(f"  {pool}: burst 1 makespan {m1:.1f} s, scale-up decision after {fmt(l1)}")
    time.sleep(GAP)
    a2, e2, m2, l2 = burst(svc, pool)
    log(f"  {pool}: burst 2 makespan {m2:.1f} s, scale-up decision after {fmt(l2)}")
    return sampler, {"start": a1, "end": e2, "makespans": (m1, m2), "latencies": (l1, l2),
                     "down_in_gap": sampler.saw_down_between(e1, a2)}


def fmt(x):
    return "n/a" if x is None else f"{x:.2f} s"


def main():
    workdir = tempfile.mkdtemp(prefix="sparkport-autoscale-")
    svc = bench.Service(workdir, "autoscale")
    svc.start()
    log(f"service on port {svc.port}, data in {svc.data_dir}")
    try:
        create_pool(svc, "static", 2, "PT1H")
        create_pool(svc, "elastic", 0, f"PT{IDLE}S")
        log("warming the static pool (2 workers) before its trace")
        bench.run_sparkport(svc, dict(pi("static")))
        wait_workers(svc, "static", 2)

        log(f"elastic trace: {BURST} jobs, {GAP:.0f} s gap, {BURST} jobs (idle timeout {IDLE} s)")
        el_sampler, el = trace(svc, "elastic")
        deadline = time.time() + IDLE + 60
        while time.time() < deadline and svc.api.ok("GET", "/api/v1/pools/elastic/cluster")["state"] != "DOWN":
            time.sleep(0.5)
        el_end = time.time()
        el_sampler.running = False
        el_ws = el_sampler.worker_seconds(el["start"], el_end)

        log("static trace: same jobs on the warm 2-worker pool")
        st_sampler, st = trace(svc, "static")
        st_sampler.running = False
        st_ws = st_sampler.worker_seconds(st["start"], st["end"])
    finally:
        svc.stop()

    el_span, st_span = el["end"] - el["start"], st["end"] - st["start"]
    lat = [x for x in el["latencies"] if x is not None]
    print()
    print("| measure | elastic (Sparkport policy) | static 2 workers | ratio | target |")
    print("|---|---|---|---|---|")
    print(f"| worker-seconds | {el_ws:.0f} | {st_ws:.0f} | {el_ws / st_ws:.2f}x | <= 0.6x |")
    print(f"| trace makespan (burst, {GAP:.0f} s gap, burst) | {el_span:.1f} s | {st_span:.1f} s | "
          f"{el_span / st_span:.2f}x | <= 1.1x |")
    print(f"| burst makespans | {el['makespans'][0]:.1f} s, {el['makespans'][1]:.1f} s | "
          f"{st['makespans'][0]:.1f} s, {st['makespans'][1]:.1f} s | | |")
    print(f"| burst arrival -> scale-up decision | {', '.join(fmt(x) for x in el['latencies'])} | | | < 2 s |")
    print(f"| cluster DOWN during the gap | {el['down_in_gap']} | {st['down_in_gap']} | | |")
    ok = not bench.FAILURES and lat and max(lat) < 2
    if bench.FAILURES:
        print("failures:", *bench.FAILURES, sep="\n  ")
    return 0 if ok else 1


def wait_workers(svc, pool, n, timeout=120):
    t0 = time.time()
    while time.time() - t0 < timeout:
        workers = svc.api.ok("GET", f"/api/v1/pools/{pool}/cluster")["workers"]
        if sum(1 for w in workers if w["state"] == "ALIVE") >= n:
            return
        time.sleep(0.5)
    raise RuntimeError(f"pool {pool} has not {n} alive workers after {timeout} s")


if __name__ == "__main__":
    sys.exit(main())
