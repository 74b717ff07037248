#!/usr/bin/env bash
# Spark Connect frontend benchmark (issue 17): the first result of a new session on a READY pool, and a warm
# DataFrame query's p50 through the service's Connect frontend beside the same query straight to the pool's
# engine, interleaved in the same run. Target: the frontend adds <= 10 ms at p50.
#
#   bench/connect.sh                        # waits for a quiet machine, builds if target/ has no service, runs
#   CONNECT_BENCH_QUIET_WAIT=0 bench/connect.sh   # measure at once, however busy the machine is
#
# Settings (environment, defaults in brackets): CONNECT_BENCH_N [200] counted warm queries per side,
# CONNECT_BENCH_WARMUP [30] uncounted ones per side first, CONNECT_BENCH_K [5] new sessions per side (in fresh
# client JVMs, and again in the warm client JVM), CONNECT_BENCH_QUIET_WAIT [900] seconds to wait for
# Maven/surefire to finish and for a 20-s window under 15 % CPU, CONNECT_BENCH_WORKDIR [a new /tmp dir].
#
# Steps: starts the packaged service (a copy of target/quarkus-app in the work dir, so a concurrent build cannot
# change it underneath) on free HTTP and Connect ports with a fresh data dir (authentication on: the admin token
# from <data-dir>/admin-token); creates pool 'connbench' (min = max = 1 worker of 1 core, 1g: the engine's one
# executor core), uploads sample-data/HairEyeColor.csv, runs one warm SQL job (which starts cluster and engine),
# waits for sqlEngine READY and for the engine's warm-up queries to end; reads the engine's secret from its
# process environment; then runs bench/ConnectBench.java (the stock Connect JVM client, JDK source launcher).
# The service is stopped at the end (trap). Exits non-zero when anything failed, a query answered wrongly
# included, or processes outlived the service.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

N=${CONNECT_BENCH_N:-200}
WARMUP=${CONNECT_BENCH_WARMUP:-30}
K=${CONNECT_BENCH_K:-5}
QUIET_WAIT=${CONNECT_BENCH_QUIET_WAIT:-900}
POOL=connbench
SQL='SELECT Hair, SUM(Freq) AS n FROM HairEyeColor GROUP BY Hair ORDER BY Hair'
EXPECTED='[["Black",108],["Blond",127],["Brown",286],["Red",71]]'
T0=$(date +%s.%N)

log() { printf '[%6.1fs] %s\n' "$(awk -v a="$(date +%s.%N)" -v b="$T0" 'BEGIN { print a - b }')" "$*"; }
die() { log "!! $*"; exit 1; }

# --------------------------------------------------------------------------------------------- quiet machine
# As bench/bench.sh and bench/bench.py: no Maven/surefire, then a 20-s window with under 15 % of the CPUs busy.
wait_for_maven() {
  local waited=0
  while pgrep -f 'plexus-classworlds|surefire' >/dev/null; do
    if [ "$waited" -ge "$QUIET_WAIT" ]; then
      log "!! Maven/surefire still running after ${QUIET_WAIT} s; measuring anyway (figures will be noisy)"
      return
    fi
    [ $((waited % 60)) -eq 0 ] && log "waiting for Maven/surefire to finish (${waited} s so far)"
    sleep 10
    waited=$((waited + 10))
  done
}

cpu_busy() { # percentage of all CPUs busy over $1 seconds, from /proc/stat
  local a b
  a=($(head -1 /proc/stat)); sleep "$1"; b=($(head -1 /proc/stat))
  local total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
  local idle=$(( (b[4] - a[4]) + (b[5] - a[5]) ))
  echo $(( total > 0 ? 100 * (total - idle) / total : 0 ))
}

wait_for_quiet_cpu() {
  local start=$SECONDS busy
  [ "$QUIET_WAIT" -gt 0 ] || { log "no wait for a quiet machine (CONNECT_BENCH_QUIET_WAIT=0)"; return; }
  while true; do
    busy=$(cpu_busy 20)
    if [ "$busy" -lt 15 ]; then log "machine quiet: ${busy} % CPU busy over 20 s"; QUIET="${busy} %"; return; fi
    if [ $((SECONDS - start)) -ge "$QUIET_WAIT" ]; then
      log "!! machine still busy (${busy} % CPU over 20 s) after ${QUIET_WAIT} s: measuring anyway"; QUIET="no (${busy} %)"; return
    fi
    log "waiting for a quiet machine: ${busy} % CPU busy over the last 20 s"
  done
}

# CPU used by processes outside this script's tree (the service, its cluster, the engine and the clients are
# all in it), sampled every second as bench.py's Watcher does; read with foreign_mark / foreign_since.
start_watch() {
  python3 - "$$" "$WORK/foreign-cpu" <<'EOF' &
import os, sys, time
root, out = int(sys.argv[1]), sys.argv[2]
hz = os.sysconf("SC_CLK_TCK")
def snap():
    s = {}
    for n in os.listdir("/proc"):
        if n.isdigit():
            try:
                raw = open(f"/proc/{n}/stat", "rb").read()
                cmd = open(f"/proc/{n}/cmdline", "rb").read()
            except OSError:
                continue
            f = raw[raw.rfind(b")") + 2:].split()
            s[(int(n), int(f[19]))] = (int(f[1]), int(f[11]) + int(f[12]), b"plexus-classworlds" in cmd or b"surefire" in cmd)
    return s
def tree(s):
    kids = {}
    for (pid, _), v in s.items():
        kids.setdefault(v[0], []).append(pid)
    seen, stack = set(), [root]
    while stack:
        p = stack.pop()
        if p not in seen:
            seen.add(p); stack.extend(kids.get(p, ()))
    return seen
last, foreign, maven = snap(), 0.0, 0
while os.path.exists(f"/proc/{root}"):
    time.sleep(1)
    now = snap(); ours = tree(now)
    for key, (_, ticks, _) in now.items():
        if key[0] not in ours and key[0] != os.getpid():
            before = last.get(key)
            foreign += (ticks - (before[1] if before else 0)) / hz
    maven += any(v[2] for k, v in now.items() if k[0] not in ours)
    last = now
    with open(out + ".tmp", "w") as f:
        f.write(f"{foreign:.1f} {maven}\n")
    os.replace(out + ".tmp", out)
EOF
  WATCH_PID=$!
}
foreign_mark() { cat "$WORK/foreign-cpu" 2>/dev/null || echo "0 0"; }
foreign_since() { # "$(foreign_mark)" taken before -> "X CPU-s, Maven/surefire in Y 1-s samples"
  local a b
  read -r -a a <<<"$1"; read -r -a b <<<"$(foreign_mark)"
  echo "$(awk -v a="${a[0]}" -v b="${b[0]}" 'BEGIN { printf "%.1f", b - a }') CPU-s by other processes, Maven/surefire seen in $((b[1] - a[1])) 1-s samples"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --------------------------------------------------------------------------------------------- the service
SVC_PID=""
WATCH_PID=""
cleanup() {
  local rc=$?
  set +e
  if [ -n "$SVC_PID" ] && kill -0 "$SVC_PID" 2>/dev/null; then
    log "stopping the service (SIGTERM to $SVC_PID)"
    kill -TERM "$SVC_PID"
    for _ in $(seq 1 600); do kill -0 "$SVC_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$SVC_PID" 2>/dev/null; then log "!! service still running 60 s after SIGTERM: SIGKILL"; kill -KILL "$SVC_PID"; rc=1; fi
    wait "$SVC_PID" 2>/dev/null
  fi
  if [ -n "${DATA:-}" ]; then
    sleep 1
    local left
    left=$(pgrep -f -- "-Dio.sparkport.owner=$DATA( |$)" || true)
    if [ -n "$left" ]; then log "!! processes outlived the service: $(echo $left)"; rc=1; fi
  fi
  [ -n "$WATCH_PID" ] && kill "$WATCH_PID" 2>/dev/null
  [ -n "${WORK:-}" ] && log "work dir (service log, client logs, results): $WORK"
  [ "$rc" -eq 0 ] || log "!! FAILED (exit $rc)"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for_maven
if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  log "building: mvn -B -q package -DskipTests"
  mvn -B -q package -DskipTests
fi
WORK=${CONNECT_BENCH_WORKDIR:-$(mktemp -d /tmp/sparkport-connect-bench-XXXXXX)}
mkdir -p "$WORK"
DATA="$WORK/data"
mkdir -p "$DATA"
start_watch
cp -r target/quarkus-app "$WORK/quarkus-app"
SPARK_HOME_STAMP=$(stat -c '%Y' target/spark-home/jars target/spark-home/connect-client target/spark-home/cds/* 2>/dev/null | md5sum)
HTTP_PORT=$(free_port)
CONNECT_PORT=$(free_port)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "work dir $WORK; code $(git describe --always --dirty); load average $LOAD_BEFORE"
log "starting the service: HTTP :$HTTP_PORT, Spark Connect :$CONNECT_PORT"
setsid java "-Dquarkus.http.port=$HTTP_PORT" "-Dsparkport.connect.port=$CONNECT_PORT" "-Dsparkport.data-dir=$DATA" \
  "-Dsparkport.local.spark-home=$REPO/target/spark-home" -jar "$WORK/quarkus-app/quarkus-run.jar" \
  >"$WORK/service.log" 2>&1 &
SVC_PID=$!
for i in $(seq 1 1200); do
  kill -0 "$SVC_PID" 2>/dev/null || die "the service exited; see $WORK/service.log"
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/q/health/ready" || true)" = 200 ] && break
  [ "$i" -eq 1200 ] && die "service not ready after 120 s; see $WORK/service.log"
  sleep 0.1
done
TOKEN=$(cat "$DATA/admin-token")
log "service ready"

api() { # METHOD PATH [curl args...]: prints the body, fails on a non-2xx answer
  local method=$1 path=$2; shift 2
  local body status
  body=$(curl -sS -X "$method" -H "Authorization: Bearer $TOKEN" -w '\n%{http_code}' "$@" "http://127.0.0.1:$HTTP_PORT$path")
  status=${body##*$'\n'}
  body=${body%$'\n'*}
  [ "${status:0:1}" = 2 ] || die "$method $path -> $status: $body"
  printf '%s' "$body"
}

api POST /api/v1/pools -H 'Content-Type: application/json' \
  -d "{\"name\":\"$POOL\",\"workers\":{\"min\":1,\"max\":1,\"cores\":1,\"memory\":\"1g\"},\"idleTimeout\":\"PT1H\"}" >/dev/null
api PUT "/api/v1/pools/$POOL/files/HairEyeColor.csv" -H 'Content-Type: text/csv' --data-binary @sample-data/HairEyeColor.csv >/dev/null
log "pool $POOL created (1 worker x 1 core x 1g), HairEyeColor.csv uploaded; a warm SQL job starts cluster and engine"
ANSWER=$(api POST "/api/v1/pools/$POOL/sql?wait=PT300S" -H 'Content-Type: application/json' --max-time 400 \
  -d "$(jq -n --arg sql "$SQL" '{sql: $sql, engine: "warm"}')")
[ "$(jq -c .rows <<<"$ANSWER")" = "$EXPECTED" ] || die "the warm SQL job answered $(jq -c .rows <<<"$ANSWER")"
log "warm SQL job: $(jq -c .rows <<<"$ANSWER") (correct)"
for i in $(seq 1 600); do
  CLUSTER=$(api GET "/api/v1/pools/$POOL/cluster")
  [ "$(jq -r '.sqlEngine.state' <<<"$CLUSTER")" = READY ] && break
  [ "$i" -eq 600 ] && die "sqlEngine not READY after 60 s: $CLUSTER"
  sleep 0.1
done
ENDPOINT=$(jq -r .sqlEngine.endpoint <<<"$CLUSTER")
URL=$(api GET "/api/v1/pools/$POOL" | jq -r .sparkConnectUrl)
log "sqlEngine READY at $ENDPOINT; sparkConnectUrl $URL"
# The gateway warms a new engine up with 40 small queries; they would run beside the measured ones.
for i in $(seq 1 300); do
  grep -q 'warm-up queries in' "$DATA/logs/sql-gateway.log" 2>/dev/null && break
  [ "$i" -eq 300 ] && die "the engine's warm-up did not end within 300 s (no 'warm-up queries in' in logs/sql-gateway.log)"
  sleep 1
done
log "engine warm-up done: $(grep -o 'Engine .*warm-up queries in [0-9]* ms' "$DATA/logs/sql-gateway.log" | head -1)"

ENGINE_PID=""
for pid in $(pgrep -f -- "-Dio.sparkport.sqlengine=$POOL( |$)" || true); do
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "-Dio.sparkport.owner=$DATA " && ENGINE_PID=$pid
done
[ -n "$ENGINE_PID" ] || die "no engine JVM with -Dio.sparkport.sqlengine=$POOL and this data dir"
SECRET=$(tr '\0' '\n' <"/proc/$ENGINE_PID/environ" | sed -n 's/^SPARK_CONNECT_AUTHENTICATE_TOKEN=//p')
[ -n "$SECRET" ] || die "no SPARK_CONNECT_AUTHENTICATE_TOKEN in the environment of the engine (pid $ENGINE_PID)"
log "engine JVM pid $ENGINE_PID; its secret read from /proc/$ENGINE_PID/environ"
FRONT="$URL;token=$TOKEN"
DIRECT="$ENDPOINT/;authorization=Bearer%20$SECRET"

# The client: the JVM flags of the service's own Connect client (SqlEngineSpec.GATEWAY_JVM_FLAGS), the stock
# client jars, the JDK's source launcher.
mapfile -t FLAGS < <(sed -n '/GATEWAY_JVM_FLAGS = List.of(/,/);/p' src/main/java/io/sparkport/cluster/SqlEngineSpec.java \
  | grep -o '"[^"]*"' | tr -d '"')
[ "${#FLAGS[@]}" -gt 5 ] || die "could not read GATEWAY_JVM_FLAGS from SqlEngineSpec.java"
CP="target/spark-home/connect-client/*:target/spark-home/jars/*"
client() { java -Xmx512m "${FLAGS[@]}" -cp "$CP" bench/ConnectBench.java "$@"; }

wait_for_maven
wait_for_quiet_cpu
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
RESULTS="$WORK/results.txt"
: >"$RESULTS"

# 1. The first result of a new session, each in a fresh client JVM: frontend and direct alternate (F D, D F, ...).
log "1. $K new sessions per side, each in a fresh client JVM, to their first result"
MARK=$(foreign_mark)
for i in $(seq 1 "$K"); do
  if [ $((i % 2)) -eq 1 ]; then order="frontend direct"; else order="direct frontend"; fi
  for side in $order; do
    if [ "$side" = frontend ]; then u=$FRONT; else u=$DIRECT; fi
    client first "$u" "$side" >"$WORK/first-$i-$side.out" 2>"$WORK/first-$i-$side.log" \
      || { cat "$WORK/first-$i-$side.out"; die "client 'first $side' failed; see $WORK/first-$i-$side.log"; }
    grep -v '^RESULT' "$WORK/first-$i-$side.out" | sed 's/^/    /'
    grep '^RESULT' "$WORK/first-$i-$side.out" >>"$RESULTS"
  done
done
FOREIGN_1=$(foreign_since "$MARK")
log "   meanwhile: $FOREIGN_1"

# 2. Warm queries, interleaved, then new sessions in the now-warm client JVM.
log "2. $WARMUP warm-up + $N counted queries per side, interleaved; then $K new sessions per side in the same JVM"
MARK=$(foreign_mark)
client warm "$FRONT" "$DIRECT" "$WARMUP" "$N" "$K" >"$WORK/warm.out" 2>"$WORK/warm.log" \
  || { cat "$WORK/warm.out"; die "client 'warm' failed; see $WORK/warm.log"; }
FOREIGN_2=$(foreign_since "$MARK")
grep -v '^RESULT' "$WORK/warm.out" | sed 's/^/    /'
grep '^RESULT' "$WORK/warm.out" >>"$RESULTS"
log "   meanwhile: $FOREIGN_2"
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# The sessions went through the frontend and were released by their clients.
EVENTS=$(api GET "/api/v1/pools/$POOL/events")
OPENED=$(jq '[.[] | select(.kind == "client-session")] | length' <<<"$EVENTS")
[ "$(stat -c '%Y' target/spark-home/jars target/spark-home/connect-client target/spark-home/cds/* 2>/dev/null | md5sum)" = "$SPARK_HOME_STAMP" ] \
  || log "!! target/spark-home changed during the run (a concurrent build?): the client JVMs may have used other jars"

r() { awk -v k="$1" '$1 == k { print $2 }' "$RESULTS" | tail -1; }
median_of() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
FF=$(awk '$1 == "RESULT" && $2 == "first_fresh_frontend" { printf "%.0f ", $3 }' "$RESULTS")
FD=$(awk '$1 == "RESULT" && $2 == "first_fresh_direct" { printf "%.0f ", $3 }' "$RESULTS")
sed -i 's/^RESULT //' "$RESULTS"
DIFF=$(r p50_diff)
VERDICT=$(awk -v d="$DIFF" 'BEGIN { print (d <= 10 ? "MET" : "MISSED") }')

cat <<EOF

== Spark Connect frontend overhead ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, code $(git describe --always --dirty))
first result of a new session on a READY pool (before builder().create() to the collected group-by):
  fresh client JVM, through the frontend: median $(median_of <<<"$FF") ms ($FF)
  fresh client JVM, straight to the engine: median $(median_of <<<"$FD") ms ($FD)
  warm client JVM, through the frontend:  median $(r first_warmjvm_frontend_median) ms ($(r first_warmjvm_frontend_samples | tr , ' '))
  warm client JVM, straight to the engine: median $(r first_warmjvm_direct_median) ms ($(r first_warmjvm_direct_samples | tr , ' '))
warm query, $N per side interleaved after $WARMUP warm-up each:
  through the frontend:    p50 $(r frontend_p50) ms, p90 $(r frontend_p90) ms, mean $(r frontend_mean) ms
  straight to the engine:  p50 $(r direct_p50) ms, p90 $(r direct_p90) ms, mean $(r direct_mean) ms
  p50 difference $(r p50_diff) ms (95 % bootstrap $(r p50_diff_ci_low) .. $(r p50_diff_ci_high) ms), ratio $(r p50_ratio); median paired difference $(r paired_diff_median) ms; mean difference $(r mean_diff) ms
  target: the frontend adds <= 10 ms at p50: $VERDICT
answers: every query of every session (the warm SQL job, $((2 * K)) fresh-JVM sessions, 2 + $((2 * K)) in the warm JVM) Brown 286, Blond 127, Black 108, Red 71
client-session events of the pool: $OPENED
machine: load average $LOAD_BEFORE at the start, $LOAD_START before measuring, $LOAD_END after; quiet window: ${QUIET:-not waited for}
  during 1: $FOREIGN_1
  during 2: $FOREIGN_2
EOF
