#!/usr/bin/env python3
"""Sparkport benchmark: service start, single jobs vs. bare spark-submit, bursts of 10, teardown.

Python 3 standard library only. Run through bench/bench.sh (which builds the service first), or
directly from the repository root once target/quarkus-app and target/spark-home exist:

    python3 bench/bench.py

Settings come from the environment (defaults in brackets):
    BENCH_N              single-job runs per side and workload [5]
    BENCH_STARTS         service starts measured in step 1 [3]
    BENCH_BURST          jobs per burst [10]
    BENCH_SQL_BURST      1 to run the SQL burst too, 0 to skip it [1]
    BENCH_WORKDIR        where data dirs, logs and results.json go [a new /tmp/sparkport-bench-*]
    BENCH_JAVA           java binary for the service [java on PATH]
    BENCH_QUIET_WAIT     seconds to wait for an idle CPU before measuring [900]
    BENCH_SERVICE_OPTS   more JVM options for the service, e.g.
                         -Dsparkport.local.class-data-sharing=false [none]

Exits 1 when any job (Sparkport or bare) failed or when processes outlive the service.
"""
import base64
import datetime as dt
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SPARK_HOME = os.path.join(REPO, "target", "spark-home")
SERVICE_JAR = os.path.join(REPO, "target", "quarkus-app", "quarkus-run.jar")
EXAMPLES_JAR = os.path.join(SPARK_HOME, "sparkport", "sparkport-examples.jar")
SQL_RUNNER_JAR = os.path.join(SPARK_HOME, "sparkport", "sparkport-sql-runner.jar")
CSV = os.path.join(REPO, "sample-data", "HairEyeColor.csv")

N = int(os.environ.get("BENCH_N", "5"))
STARTS = int(os.environ.get("BENCH_STARTS", "3"))
BURST = int(os.environ.get("BENCH_BURST", "10"))
SQL_BURST = os.environ.get("BENCH_SQL_BURST", "1") == "1"
JAVA = os.environ.get("BENCH_JAVA") or shutil.which("java")
SERVICE_OPTS = os.environ.get("BENCH_SERVICE_OPTS", "").split()

POOL = "bench"
SQL = "SELECT Hair, SUM(Freq) AS n FROM HairEyeColor GROUP BY Hair ORDER BY Hair"
JOB_CONF = {"cores": 1, "executorMemory": "512m", "driverMemory": "512m"}
BARE_CONF = ["--conf", "spark.cores.max=1", "--conf", "spark.executor.cores=1",
             "--conf", "spark.executor.memory=512m", "--conf", "spark.driver.memory=512m"]
POLL = 0.25          # client polling period for Sparkport jobs (do not lower: it loads the server)
SAMPLE = 0.25        # memory sampling period
PAGE = os.sysconf("SC_PAGE_SIZE")
T0 = time.monotonic()
FAILURES = []


def log(msg):
    print(f"[{time.monotonic() - T0:7.1f}s] {msg}", flush=True)


def median(xs):
    return statistics.median(xs) if xs else float("nan")


# --------------------------------------------------------------------------------------- /proc
def processes():
    """pid -> (ppid, rss bytes) for every process we can read."""
    out = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        pid = int(name)
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                stat = f.read()
            with open(f"/proc/{pid}/statm", "rb") as f:
                rss = int(f.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        out[pid] = (int(fields[1]), rss)
    return out


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def descendants(procs, roots):
    """The roots (those still alive) and all their descendants."""
    children = {}
    for pid, (ppid, _) in procs.items():
        children.setdefault(ppid, []).append(pid)
    seen, stack = set(), [r for r in roots if r in procs]
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        stack.extend(children.get(pid, ()))
    return seen


def rss_of(procs, pids):
    return sum(procs[p][1] for p in pids if p in procs)


def vmrss(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def pss_of(pids):
    """Proportional set size: shared pages (libjvm, the class data archive) count once over all sharers."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            pass
    return total


class Sampler(threading.Thread):
    """Calls measure(procs) every SAMPLE seconds and keeps the peak (and what made it up), and the peak of
    the parts' "pss" (the same processes' proportional set size) on its own."""

    def __init__(self, measure):
        super().__init__(daemon=True)
        self.measure = measure
        self.peak = 0
        self.peak_parts = {}
        self.peak_pss = 0
        self.samples = 0
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            total, parts = self.measure(processes())
            self.samples += 1
            if total > self.peak:
                self.peak, self.peak_parts = total, parts
            self.peak_pss = max(self.peak_pss, parts.get("pss", 0))
            self.stopped.wait(SAMPLE)

    def stop(self):
        self.stopped.set()
        self.join()
        return self.peak


def top_cpu(window=3.0):
    """The processes that used the most CPU over a short window: evidence of a quiet (or busy) machine."""
    def ticks():
        out = {}
        for name in os.listdir("/proc"):
            if name.isdigit():
                try:
                    with open(f"/proc/{name}/stat", "rb") as f:
                        s = f.read()
                    fields = s[s.rfind(b")") + 2:].split()
                    out[int(name)] = int(fields[11]) + int(fields[12])
                except (OSError, IndexError, ValueError):
                    pass
        return out
    a = ticks()
    time.sleep(window)
    b = ticks()
    hz = os.sysconf("SC_CLK_TCK")
    busy = sorted(((b[p] - a.get(p, 0)) / hz / window, p) for p in b)
    return [(round(c * 100), p, cmdline(p)[:100]) for c, p in reversed(busy[-5:]) if c > 0.02]


class Watcher(threading.Thread):
    """Counts CPU seconds used by processes that are not this benchmark's (anything outside the tree of
    bench.py: the service, its clusters, drivers and executors, and the bare spark-submits are all in it),
    and whether Maven or surefire ran, so that a measurement disturbed by other work can be told apart."""

    def __init__(self, period=1.0):
        super().__init__(daemon=True)
        self.period = period
        self.foreign_cpu = 0.0
        self.maven_seen = 0
        self.hz = os.sysconf("SC_CLK_TCK")
        self.last = None
        self.stopped = threading.Event()

    def snapshot(self):
        out = {}
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/stat", "rb") as f:
                    s = f.read()
            except OSError:
                continue
            fields = s[s.rfind(b")") + 2:].split()
            # key: pid and start time, so a reused pid is a new process
            out[(int(name), int(fields[19]))] = (int(fields[1]), int(fields[11]) + int(fields[12]))
        return out

    def run(self):
        me = os.getpid()
        self.last = self.snapshot()
        while not self.stopped.wait(self.period):
            now = self.snapshot()
            ppids = {pid: v[0] for (pid, _), v in now.items()}
            ours = descendants({pid: (pp, 0) for pid, pp in ppids.items()}, [me])
            for key, (_, ticks) in now.items():
                if key[0] in ours:
                    continue
                before = self.last.get(key)
                self.foreign_cpu += (ticks - (before[1] if before else 0)) / self.hz
            if any(("plexus-classworlds" in cmdline(pid) or "surefire" in cmdline(pid))
                   for (pid, _), v in now.items() if pid not in ours and v[1] > 0):
                self.maven_seen += 1
            self.last = now

    def mark(self):
        return (self.foreign_cpu, self.maven_seen)

    def since(self, mark):
        return {"foreign_cpu": round(self.foreign_cpu - mark[0], 2), "maven_samples": self.maven_seen - mark[1]}


WATCH = Watcher()


def cpu_busy(window):
    """Fraction of all CPUs busy over the window, from /proc/stat."""
    def read():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return sum(v), v[3] + v[4]  # total, idle + iowait
    t1, i1 = read()
    time.sleep(window)
    t2, i2 = read()
    return 1 - (i2 - i1) / max(1, t2 - t1)


def wait_for_quiet_cpu(limit, window=20, threshold=0.15):
    """Waits (up to limit seconds) for a window in which the machine is mostly idle."""
    t0 = time.monotonic()
    while True:
        busy = cpu_busy(window)
        if busy < threshold:
            log(f"machine quiet: {busy:.0%} CPU busy over {window} s")
            return True
        if time.monotonic() - t0 > limit:
            log(f"!! machine still busy ({busy:.0%} CPU over {window} s) after {limit} s: measuring anyway")
            return False
        log(f"waiting for a quiet machine: {busy:.0%} CPU busy over the last {window} s")


# ---------------------------------------------------------------------------------------- HTTP
class Api:
    def __init__(self, port, token=None):
        self.base = f"http://127.0.0.1:{port}"
        self.token = token  # the service's admin token (authentication is on outside tests)

    def call(self, method, path, body=None, content_type="application/json", timeout=30):
        data = body
        if isinstance(body, (dict, list)):
            data = json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", content_type)
        if self.token:
            req.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                raw = r.read()
                return r.status, (json.loads(raw) if raw and r.headers.get_content_type() == "application/json" else raw)
        except urllib.error.HTTPError as e:
            raw = e.read()
            return e.code, raw.decode("utf-8", "replace")

    def ok(self, method, path, body=None, content_type="application/json"):
        status, answer = self.call(method, path, body, content_type)
        if status // 100 != 2:
            raise RuntimeError(f"{method} {path} -> {status}: {answer}")
        return answer


def parse_instant(s):
    if not s:
        return None
    s = s.replace("Z", "+00:00")
    if "." in s:  # fromisoformat takes at most 6 fractional digits
        head, rest = s.split(".", 1)
        frac = "".join(ch for ch in rest if ch.isdigit())
        s = head + "." + (frac[:6].ljust(6, "0")) + rest[len(frac):]
    return dt.datetime.fromisoformat(s).timestamp()


def read_token(data_dir):
    """The admin token the service generated into its data directory on its first start, if any."""
    try:
        with open(os.path.join(data_dir, "admin-token")) as f:
            return f.read().strip() or None
    except FileNotFoundError:
        return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------------------------- service
class Service:
    def __init__(self, workdir, tag, repo=REPO, opts=()):
        """repo: a built checkout whose target/quarkus-app runs (from its root); opts: more JVM options."""
        self.repo, self.opts = repo, list(opts)
        self.data_dir = os.path.join(workdir, f"data-{tag}")
        os.makedirs(self.data_dir)
        self.port = free_port()
        self.api = Api(self.port)
        self.log_path = os.path.join(workdir, f"service-{tag}.log")
        self.proc = None

    def start(self):
        cmd = [JAVA, f"-Dquarkus.http.port={self.port}", f"-Dsparkport.data-dir={self.data_dir}",
               *SERVICE_OPTS, *self.opts, "-jar",
               SERVICE_JAR if self.repo == REPO else os.path.join(self.repo, "target", "quarkus-app", "quarkus-run.jar")]
        self.log_file = open(self.log_path, "wb")
        t0 = time.monotonic()
        self.proc = subprocess.Popen(cmd, cwd=self.repo, stdout=self.log_file, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"service exited with {self.proc.returncode}; see {self.log_path}")
            if time.monotonic() - t0 > 120:
                raise RuntimeError(f"service not ready after 120 s; see {self.log_path}")
            try:
                status, _ = self.api.call("GET", "/q/health/ready", timeout=2)
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        ready = time.monotonic() - t0
        self.api.token = read_token(self.data_dir)
        started_in = None
        for _ in range(20):  # the "started in" line can trail readiness by a moment
            with open(self.log_path, "rb") as f:
                text = f.read().decode("utf-8", "replace")
            marker = text.find(" started in ")
            if marker >= 0:
                started_in = float(text[marker + 12:].split("s", 1)[0])
                break
            time.sleep(0.1)
        return ready, started_in

    @property
    def pid(self):
        return self.proc.pid

    def owned_processes(self):
        flag = "-Dio.sparkport.owner=" + os.path.normpath(os.path.abspath(self.data_dir))
        mine = os.getpid()
        found = []
        for pid in processes():
            cmd = cmdline(pid)
            if pid != mine and (flag + " ") in (cmd + " "):
                found.append((pid, cmd[:160]))
        return found

    def stop(self, timeout=60):
        """SIGTERM, wait; returns (seconds to exit, exit code)."""
        t0 = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            log(f"service did not stop within {timeout} s of SIGTERM; killing it")
            self.proc.kill()
            code = self.proc.wait()
        self.log_file.close()
        return time.monotonic() - t0, code


def finish(svc, res, workdir):
    """Stops the service and records in res how it stopped, what outlived it and how busy the machine was; writes
    res to <workdir>/results.json."""
    took, code = svc.stop()
    res["service_stop"] = {"seconds": took, "exit": code}
    res["left_over_processes"] = svc.owned_processes()
    res["loadavg_after"] = open("/proc/loadavg").read().split()[:3]
    res["foreign_cpu_seconds"] = round(WATCH.foreign_cpu, 1)
    res["maven_samples"] = WATCH.maven_seen
    with open(os.path.join(workdir, "results.json"), "w") as f:
        json.dump(res, f, indent=2)


# ---------------------------------------------------------------------------------------- jobs
def spark_pi_job():
    return {"pool": POOL, "type": "SPARK", "name": "bench-sparkpi", "appResource": "jars/sparkport-examples.jar",
            "mainClass": "io.sparkport.examples.SparkPi", "args": ["2"], **JOB_CONF}


def sql_job():
    """The same job as the bare side's: a driver of its own (the warm engine has bench/warm-sql.py)."""
    return {"pool": POOL, "type": "SQL", "name": "bench-sql", "sql": SQL, "engine": "batch", **JOB_CONF}


TERMINAL = {"SUCCEEDED", "FAILED", "CANCELLED"}


def run_sparkport(svc, body, timeout=300):
    """One job, polled every POLL s. Returns client wall time, server times and the final view."""
    mark = WATCH.mark()
    t0 = time.monotonic()
    job = svc.api.ok("POST", "/api/v1/jobs", body)
    while True:
        time.sleep(POLL)
        view = svc.api.ok("GET", f"/api/v1/jobs/{job['id']}")
        if view["state"] in TERMINAL:
            break
        if time.monotonic() - t0 > timeout:
            raise RuntimeError(f"job {job['id']} still {view['state']} after {timeout} s")
    wall = time.monotonic() - t0
    if view["state"] != "SUCCEEDED":
        FAILURES.append(f"sparkport job {job['id']} {view['state']}: {view.get('failureReason')}")
        log(f"  !! job {job['id']} {view['state']}: {view.get('failureReason')}")
    created, started, finished = (parse_instant(view.get(k)) for k in ("createdAt", "startedAt", "finishedAt"))
    return {"id": job["id"], "state": view["state"], "client": wall,
            "server": (finished - created) if finished and created else None,
            "queue": (started - created) if started and created else None, **WATCH.since(mark)}


class Bare:
    def __init__(self, workdir, pool_dir, master_url):
        self.pool_dir = pool_dir
        self.master = master_url
        self.logs = os.path.join(workdir, "bare-logs")
        os.makedirs(self.logs, exist_ok=True)
        java_home = os.path.dirname(os.path.dirname(os.path.realpath(JAVA)))
        self.env = dict(os.environ, SPARK_HOME=SPARK_HOME, SPARK_SCALA_VERSION="2.13", SPARK_LOCAL_IP="127.0.0.1",
                        SPARK_CONF_DIR=os.path.join(SPARK_HOME, "conf"), JAVA_HOME=java_home)
        self.count = 0

    def command(self, kind):
        self.count += 1
        submit = [os.path.join(SPARK_HOME, "bin", "spark-submit"), "--master", self.master, "--deploy-mode", "client"]
        if kind == "pi":
            return submit + BARE_CONF + ["--class", "io.sparkport.examples.SparkPi",
                                         os.path.join(self.pool_dir, "jars", "sparkport-examples.jar"), "2"]
        b64 = base64.b64encode(SQL.encode()).decode()
        return submit + BARE_CONF + ["--class", "io.sparkport.sql.SqlRunner", SQL_RUNNER_JAR,
                                     "--job", f"bare-{self.count}", "--sql-base64", b64]

    def start(self, kind):
        out = open(os.path.join(self.logs, f"bare-{kind}-{self.count + 1}.log"), "wb")
        proc = subprocess.Popen(self.command(kind), cwd=self.pool_dir, env=self.env, stdout=out,
                                stderr=subprocess.STDOUT)
        proc.log_file = out
        return proc

    def finish(self, proc):
        code = proc.wait()
        proc.log_file.close()
        if code != 0:
            FAILURES.append(f"bare spark-submit exited {code}: {proc.log_file.name}")
            log(f"  !! bare spark-submit exited {code}: see {proc.log_file.name}")
        return code

    def run(self, kind):
        mark = WATCH.mark()
        t0 = time.monotonic()
        proc = self.start(kind)
        code = self.finish(proc)
        return {"client": time.monotonic() - t0, "exit": code, **WATCH.since(mark)}


# ------------------------------------------------------------------------------------- cluster
def cluster_ready(svc, workers=2, timeout=180):
    t0 = time.monotonic()
    while True:
        c = svc.api.ok("GET", f"/api/v1/pools/{POOL}/cluster")
        alive = [w for w in c.get("workers", []) if w.get("state") == "ALIVE"]
        if c.get("state") == "READY" and len(alive) >= workers:
            return c
        if time.monotonic() - t0 > timeout:
            raise RuntimeError(f"cluster not ready with {workers} workers after {timeout} s: {c}")
        time.sleep(1)


def daemon_pids(procs, svc):
    flag = f"-Dio.sparkport.pool={POOL}"
    return [p for p in descendants(procs, [svc.pid]) if p != svc.pid and flag in cmdline(p).split()]


def wait_quiet_cluster(svc, timeout=30):
    """Until the service's tree holds only the daemons (no drivers, no executors), then 1 s more."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        procs = processes()
        daemons = daemon_pids(procs, svc)
        tree = descendants(procs, [svc.pid]) - {svc.pid}
        if tree == set(daemons):
            break
        time.sleep(0.25)
    else:
        log("  (warning: drivers or executors still present after 30 s)")
    time.sleep(1.0)


# --------------------------------------------------------------------------------------- steps
def step_start(workdir):
    log(f"step 1: service start x{STARTS} (fresh data dir each) and idle RSS after 5 s")
    results = []
    svc = None
    for i in range(STARTS):
        svc = Service(workdir, f"start{i + 1}")
        ready, started_in = svc.start()
        time.sleep(5)
        rss = vmrss(svc.pid)
        results.append({"ready": ready, "started_in": started_in, "idle_rss": rss})
        log(f"  start {i + 1}: ready after {ready:.2f} s (log: started in {started_in} s), idle RSS {rss / 2**20:.0f} MiB")
        if i < STARTS - 1:
            stop_s, code = svc.stop()
            log(f"  stopped in {stop_s:.1f} s (exit {code})")
    return svc, results  # the last one keeps running for the rest of the benchmark


def step_pool(svc, workdir):
    log("step 2: pool 'bench' (2 workers x 1 core x 1g, idle timeout 1 h), uploads, warm-up")
    svc.api.ok("POST", "/api/v1/pools", {"name": POOL, "workers": {"min": 2, "max": 2, "cores": 1, "memory": "1g"},
                                         "idleTimeout": "PT1H", "scaleDownDelay": "PT1H"})
    with open(CSV, "rb") as f:
        svc.api.ok("PUT", f"/api/v1/pools/{POOL}/files/HairEyeColor.csv", f.read(), "text/csv")
    with open(EXAMPLES_JAR, "rb") as f:
        svc.api.ok("PUT", f"/api/v1/pools/{POOL}/files/jars/sparkport-examples.jar", f.read(),
                   "application/octet-stream")
    t0 = time.monotonic()
    warm = run_sparkport(svc, spark_pi_job())
    log(f"  cold first job (cluster start included): {warm['state']} after {warm['client']:.1f} s client-side")
    cluster = cluster_ready(svc)
    log(f"  cluster {cluster['state']} at {cluster['masterUrl']} with "
        f"{sum(1 for w in cluster['workers'] if w['state'] == 'ALIVE')} alive workers "
        f"({time.monotonic() - t0:.1f} s after the first POST)")
    pool_dir = os.path.join(svc.data_dir, "pools", POOL)
    bare = Bare(workdir, pool_dir, cluster["masterUrl"])
    wait_quiet_cluster(svc)
    w2 = bare.run("sql")
    log(f"  warm-up bare SQL run: {w2['client']:.1f} s (exit {w2['exit']})")
    wait_quiet_cluster(svc)
    return bare, cluster, warm


def disturbed(r):
    """A note when other work used the CPU during a measurement."""
    if r["foreign_cpu"] < 0.5 and not r["maven_samples"]:
        return ""
    return f"  [other processes used {r['foreign_cpu']:.1f} CPU-s" + \
        (f", Maven/surefire running" if r["maven_samples"] else "") + "]"


def step_single(svc, bare):
    log(f"step 3: one job at a time on the warm cluster, N={N} per side, order alternating (AB BA ...)")
    out = {}
    for kind, body in (("pi", spark_pi_job), ("sql", sql_job)):
        sp, br = [], []
        for i in range(N):
            order = ("sparkport", "bare") if i % 2 == 0 else ("bare", "sparkport")
            for side in order:
                if side == "sparkport":
                    r = run_sparkport(svc, body())
                    sp.append(r)
                    log(f"  {kind} #{i + 1} sparkport: client {r['client']:.2f} s, server {r['server']:.2f} s "
                        f"(queued->started {r['queue']:.2f} s) {r['state']}{disturbed(r)}")
                else:
                    r = bare.run(kind)
                    br.append(r)
                    log(f"  {kind} #{i + 1} bare:      {r['client']:.2f} s (exit {r['exit']}){disturbed(r)}")
                wait_quiet_cluster(svc)
        out[kind] = {"sparkport": sp, "bare": br}
    return out


def step_burst(svc, bare, kind, idle_rss):
    body = spark_pi_job if kind == "pi" else sql_job
    log(f"step 4 ({kind}): burst of {BURST} Sparkport jobs, one list request every {POLL} s")

    def measure_service(procs):
        tree = descendants(procs, [svc.pid])
        own = procs.get(svc.pid, (0, 0))[1]
        return rss_of(procs, tree), {"service": own, "others": rss_of(procs, tree) - own, "processes": len(tree),
                                     "pss": pss_of(tree)}

    sampler = Sampler(measure_service)
    sampler.start()
    time.sleep(0.5)
    sp_mark = WATCH.mark()
    t0 = time.monotonic()
    ids = [svc.api.ok("POST", "/api/v1/jobs", body())["id"] for _ in range(BURST)]
    posted = time.monotonic() - t0
    while True:
        time.sleep(POLL)
        page = svc.api.ok("GET", f"/api/v1/jobs?pool={POOL}&limit={BURST + 10}")
        views = {j["id"]: j for j in page["jobs"] if j["id"] in ids}
        if len(views) == BURST and all(v["state"] in TERMINAL for v in views.values()):
            break
        if time.monotonic() - t0 > 900:
            raise RuntimeError(f"burst not finished after 900 s: {[v['state'] for v in views.values()]}")
    sp_makespan = time.monotonic() - t0
    sp_watch = WATCH.since(sp_mark)
    sp_peak = sampler.stop()
    sp_parts = sampler.peak_parts
    sp_peak_pss = sampler.peak_pss
    for v in views.values():
        if v["state"] != "SUCCEEDED":
            FAILURES.append(f"burst job {v['id']} {v['state']}: {v.get('failureReason')}")
            log(f"  !! burst job {v['id']} {v['state']}: {v.get('failureReason')}")
    created = [parse_instant(v["createdAt"]) for v in views.values()]
    started = [parse_instant(v["startedAt"]) for v in views.values() if v.get("startedAt")]
    finished = [parse_instant(v["finishedAt"]) for v in views.values() if v.get("finishedAt")]
    server_makespan = max(finished) - min(created)
    log(f"  sparkport: makespan {sp_makespan:.1f} s client-side ({server_makespan:.1f} s server-side, "
        f"POSTs took {posted:.2f} s), peak {sp_peak / 2**20:.0f} MiB "
        f"(service {sp_parts.get('service', 0) / 2**20:.0f} MiB + {sp_parts.get('others', 0) / 2**20:.0f} MiB "
        f"in {sp_parts.get('processes', 0) - 1} descendants){disturbed(sp_watch)}")
    durations = sorted(f - c for f, c in zip(
        [parse_instant(v["finishedAt"]) for v in views.values()], [parse_instant(v["createdAt"]) for v in views.values()]))
    run_times = sorted(parse_instant(v["finishedAt"]) - parse_instant(v["startedAt"]) for v in views.values()
                       if v.get("startedAt") and v.get("finishedAt"))
    wait_quiet_cluster(svc)

    log(f"step 4 ({kind}): burst of {BURST} bare spark-submits started at once")
    procs_started = []

    def measure_bare(procs):
        daemons = daemon_pids(procs, svc)
        clients = descendants(procs, [p.pid for p in procs_started])
        cluster = descendants(procs, daemons)
        live_service = procs.get(svc.pid, (0, 0))[1]
        total = rss_of(procs, clients) + rss_of(procs, cluster) + idle_rss
        return total, {"submits": rss_of(procs, clients), "cluster": rss_of(procs, cluster),
                       "idle_service": idle_rss, "live_service": live_service,
                       "pss": pss_of(clients | cluster) + idle_rss}

    sampler = Sampler(measure_bare)
    sampler.start()
    time.sleep(0.5)
    ends = [None] * BURST
    bare_mark = WATCH.mark()
    t0 = time.monotonic()
    for _ in range(BURST):
        procs_started.append(bare.start(kind))

    def waiter(i, p):
        bare.finish(p)
        ends[i] = time.monotonic()

    threads = [threading.Thread(target=waiter, args=(i, p)) for i, p in enumerate(procs_started)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    bare_makespan = max(ends) - t0
    bare_watch = WATCH.since(bare_mark)
    bare_peak = sampler.stop()
    bare_parts = sampler.peak_parts
    bare_peak_pss = sampler.peak_pss
    log(f"  bare: makespan {bare_makespan:.1f} s, peak {bare_peak / 2**20:.0f} MiB "
        f"(submits {bare_parts['submits'] / 2**20:.0f} + cluster {bare_parts['cluster'] / 2**20:.0f} "
        f"+ idle service {idle_rss / 2**20:.0f} MiB; live service was {bare_parts['live_service'] / 2**20:.0f} MiB){disturbed(bare_watch)}")
    wait_quiet_cluster(svc)
    return {"sparkport": {"makespan": sp_makespan, "server_makespan": server_makespan, "post_seconds": posted,
                          "peak_rss": sp_peak, "peak_pss": sp_peak_pss, "peak_parts": sp_parts, "job_durations": durations,
                          "run_times": run_times, "states": sorted(v["state"] for v in views.values()),
                          **sp_watch},
            "bare": {"makespan": bare_makespan, "peak_rss": bare_peak, "peak_pss": bare_peak_pss, "peak_parts": bare_parts,
                     "durations": sorted(e - t0 for e in ends), **bare_watch}}


def step_stop(svc):
    log("step 5: SIGTERM the service, then look for processes with its owner flag")
    before = svc.owned_processes()
    seconds, code = svc.stop()
    left_at_exit = svc.owned_processes()
    time.sleep(5)
    left_after_5s = svc.owned_processes()
    log(f"  service exited {code} {seconds:.1f} s after SIGTERM; owned processes: {len(before)} before, "
        f"{len(left_at_exit)} at exit, {len(left_after_5s)} 5 s later")
    for pid, cmd in left_after_5s:
        log(f"  !! left behind: {pid} {cmd}")
        try:
            os.kill(pid, signal.SIGKILL)  # our own temp data dir's processes only
        except OSError:
            pass
    if left_after_5s:
        FAILURES.append(f"{len(left_after_5s)} processes outlived the service")
    return {"seconds": seconds, "exit": code, "owned_before": len(before), "left_at_exit": len(left_at_exit),
            "left_after_5s": [c for _, c in left_after_5s]}


# ------------------------------------------------------------------------------------- summary
def mib(b):
    return f"{b / 2**20:.0f} MiB"


def summary(res):
    rows = []
    st = res["start"]
    rows.append(("service ready (process start -> /q/health/ready 200)",
                 f"{median([s['ready'] for s in st]):.2f} s", "", "",
                 f"median of {len(st)}: " + ", ".join(f"{s['ready']:.2f}" for s in st)))
    rows.append(("service 'started in' (log)",
                 f"{median([s['started_in'] for s in st if s['started_in']]):.2f} s", "", "",
                 ", ".join(str(s["started_in"]) for s in st)))
    rows.append(("service idle RSS (5 s after ready)", mib(median([s["idle_rss"] for s in st])), "", "",
                 ", ".join(mib(s["idle_rss"]) for s in st)))
    for kind, label in (("pi", "SparkPi 2 slices"), ("sql", "HairEyeColor group-by SQL")):
        s = res["single"][kind]
        c = median([r["client"] for r in s["sparkport"]])
        sv = median([r["server"] for r in s["sparkport"] if r["server"] is not None])
        q = median([r["queue"] for r in s["sparkport"] if r["queue"] is not None])
        b = median([r["client"] for r in s["bare"]])
        rows.append((f"single {label}: Sparkport client (POST->SUCCEEDED seen)", f"{c:.2f} s", f"{b:.2f} s",
                     f"{c / b:.3f}", "runs: " + ", ".join(f"{r['client']:.1f}" for r in s["sparkport"])
                     + " | bare: " + ", ".join(f"{r['client']:.1f}" for r in s["bare"])))
        other = sum(r["foreign_cpu"] for r in s["sparkport"] + s["bare"])
        rows.append((f"single {label}: Sparkport server (finishedAt-createdAt)", f"{sv:.2f} s", f"{b:.2f} s",
                     f"{sv / b:.3f}", f"createdAt->startedAt median {q:.2f} s; other processes used {other:.1f} "
                                      f"CPU-s over all {len(s['sparkport']) + len(s['bare'])} runs"))
    for kind, label in (("pi", "SparkPi"), ("sql", "SQL group-by")):
        if kind not in res["burst"]:
            continue
        bu = res["burst"][kind]
        sp, br = bu["sparkport"], bu["bare"]
        rows.append((f"burst {BURST}x {label}: makespan (client)", f"{sp['makespan']:.1f} s",
                     f"{br['makespan']:.1f} s", f"{sp['makespan'] / br['makespan']:.3f}",
                     f"server-side {sp['server_makespan']:.1f} s; other processes used {sp['foreign_cpu']:.1f} / "
                     f"{br['foreign_cpu']:.1f} CPU-s"))
        rows.append((f"burst {BURST}x {label}: peak RSS", mib(sp["peak_rss"]), mib(br["peak_rss"]),
                     f"{sp['peak_rss'] / br['peak_rss']:.3f}",
                     f"bare = submits {mib(br['peak_parts']['submits'])} + cluster {mib(br['peak_parts']['cluster'])}"
                     f" + idle service {mib(br['peak_parts']['idle_service'])}"))
        rows.append((f"burst {BURST}x {label}: peak PSS", mib(sp["peak_pss"]), mib(br["peak_pss"]),
                     f"{sp['peak_pss'] / br['peak_pss']:.3f}",
                     "shared pages counted once; bare adds the idle service's RSS"))
    stp = res["stop"]
    rows.append(("stop: SIGTERM -> exit", f"{stp['seconds']:.1f} s", "", "",
                 f"exit {stp['exit']}; owned processes left: {stp['left_at_exit']} at exit, "
                 f"{len(stp['left_after_5s'])} after 5 s"))
    widths = [max(len(r[i]) for r in rows + [("what", "Sparkport", "bare", "ratio", "notes")]) for i in range(4)]
    line = lambda r: "  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4]
    print()
    print(line(("what", "Sparkport", "bare", "ratio", "notes")))
    print(line(tuple("-" * w for w in widths) + ("-----",)))
    for r in rows:
        print(line(r))
    print()


def main():
    for path in (SERVICE_JAR, os.path.join(SPARK_HOME, "bin", "spark-submit"), EXAMPLES_JAR, SQL_RUNNER_JAR, CSV):
        if not os.path.exists(path):
            sys.exit(f"missing {path}: build first (cd {REPO} && mvn -B -q package -DskipTests)")
    workdir = os.environ.get("BENCH_WORKDIR") or tempfile.mkdtemp(prefix="sparkport-bench-")
    os.makedirs(workdir, exist_ok=True)
    res = {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "n": N, "starts": STARTS,
           "burst_size": BURST, "nproc": os.cpu_count(), "workdir": workdir}
    try:
        res["git"] = subprocess.run(["git", "-C", REPO, "describe", "--always", "--dirty"], capture_output=True,
                                    text=True).stdout.strip()
    except OSError:
        res["git"] = None
    with open("/proc/meminfo") as f:
        res["mem_total_kib"] = int(f.readline().split()[1])
    res["quiet_before"] = wait_for_quiet_cpu(int(os.environ.get("BENCH_QUIET_WAIT", "900")))
    res["busiest_before"] = top_cpu()
    res["loadavg_before"] = open("/proc/loadavg").read().split()[:3]
    log(f"work dir {workdir}; load average {' '.join(res['loadavg_before'])}; busiest processes over 3 s: "
        + ("; ".join(f"{c}% {p} {cmd[:60]}" for c, p, cmd in res["busiest_before"]) or "none"))
    WATCH.start()
    svc = None
    try:
        svc, res["start"] = step_start(workdir)
        idle_rss = median([s["idle_rss"] for s in res["start"]])
        bare, cluster, warm = step_pool(svc, workdir)
        res["cluster"] = {"masterUrl": cluster["masterUrl"], "workers": cluster["workers"]}
        res["cold_first_job"] = warm
        res["single"] = step_single(svc, bare)
        res["burst"] = {"pi": step_burst(svc, bare, "pi", idle_rss)}
        if SQL_BURST:
            res["burst"]["sql"] = step_burst(svc, bare, "sql", idle_rss)
        res["stop"] = step_stop(svc)
        svc = None
    finally:
        if svc is not None and svc.proc.poll() is None:
            log("aborting: stopping the service")
            svc.stop()
    res["failures"] = FAILURES
    res["loadavg_after"] = open("/proc/loadavg").read().split()[:3]
    res["total_seconds"] = time.monotonic() - T0
    res["foreign_cpu_total"] = round(WATCH.foreign_cpu, 1)
    res["maven_samples_total"] = WATCH.maven_seen
    with open(os.path.join(workdir, "results.json"), "w") as f:
        json.dump(res, f, indent=2)
    summary(res)
    log(f"done in {res['total_seconds'] / 60:.1f} min; other processes used {WATCH.foreign_cpu:.1f} CPU-s meanwhile"
        + (f" (Maven/surefire seen in {WATCH.maven_seen} 1-s samples)" if WATCH.maven_seen else "")
        + f"; raw figures in {os.path.join(workdir, 'results.json')}")
    if FAILURES:
        print("FAILURES:\n  " + "\n  ".join(FAILURES))
        sys.exit(1)


if __name__ == "__main__":
    main()
