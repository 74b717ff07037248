#!/usr/bin/env bash
# Sparkport benchmark, one go on one machine: service start, single jobs vs. bare spark-submit on a
# warm cluster, bursts of 10, teardown. Prints progress lines and a summary table; exits non-zero on
# any failed job. Settings (BENCH_N, BENCH_STARTS, BENCH_BURST, BENCH_SQL_BURST, BENCH_WORKDIR) are
# described at the top of bench/bench.py.
#
#   bench/bench.sh                      # waits for a quiet machine, builds, runs (~15 min)
#   BENCH_SKIP_BUILD=1 bench/bench.sh   # use the existing target/ as it is
#   BENCH_QUIET_WAIT=0 bench/bench.sh   # do not wait for Maven/surefire or an idle CPU
set -euo pipefail
cd "$(dirname "$0")/.."

# Measurements on 2 cores are worthless while a Maven build or a test suite runs: wait for them.
wait_for_quiet() {
  local limit="${BENCH_QUIET_WAIT:-900}" waited=0
  while pgrep -f 'plexus-classworlds|surefire' >/dev/null; do
    if [ "$waited" -ge "$limit" ]; then
      echo "!! Maven/surefire still running after ${limit} s; measuring anyway (figures will be noisy)" >&2
      return
    fi
    [ $((waited % 60)) -eq 0 ] && echo "== waiting for Maven/surefire to finish (${waited} s so far)"
    sleep 10
    waited=$((waited + 10))
  done
}

wait_for_quiet
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "== building: mvn -B -q package -DskipTests"
  mvn -B -q package -DskipTests
fi
others=$(pgrep -f -- '-Dio.sparkport.owner=' | wc -l || true)
[ "$others" -gt 0 ] && echo "== note: ${others} Spark processes of other Sparkport instances are running"
exec python3 bench/bench.py
