#!/usr/bin/env bash
# Browser test of the web console against a real Sparkport with real Spark: installs Debian's chromium when
# missing and playwright-core from the lock file (npm ci), builds the service when needed, starts it on a
# free port with a temporary data directory, runs console-tests/console.test.mjs with node's test runner,
# then stops the service. Screenshots of failed tests land in target/console-tests/.
#
#   console-tests/run-tests.sh          # from anywhere; SPARKPORT_TEST_PORT=8097 picks the port
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
started=$(date +%s)

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ ! -x /usr/bin/chromium ]; then
  echo "== installing chromium (Debian)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
echo "== npm ci (playwright-core, no browser download)"
(cd console-tests && npm ci --no-audit --no-fund --loglevel=error)

if [ ! -f target/quarkus-app/quarkus-run.jar ] || [ ! -f target/spark-home/sparkport/sparkport-examples.jar ]; then
  echo "== building"
  mvn -B -q package -DskipTests
fi

PORT="${SPARKPORT_TEST_PORT:-$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')}"
WORK="$(mktemp -d -t sparkport-console-tests.XXXXXX)"
SERVICE_PID=""

stop_service() {
  local status=$?
  if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID"            # the service stops its Spark drivers and daemons on the way out
    wait "$SERVICE_PID" 2>/dev/null || true
  fi
  # Anything still carrying this run's owner flag (it names the temporary data dir) is ours.
  for pid in $(pgrep -f -- "-Dio.sparkport.owner=${WORK}/data( |$)" || true); do
    echo "stopping leftover Spark process $pid"
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ]; then
    echo "== FAILED; screenshots in target/console-tests/; the service log ends with:"
    tail -n 40 "$WORK/service.log" 2>/dev/null || true
    echo "(everything is kept in $WORK)"
  else
    rm -rf "$WORK"
  fi
  exit "$status"
}
trap stop_service EXIT

echo "== starting Sparkport on 127.0.0.1:${PORT} (data in ${WORK}/data)"
# Small Spark: 192m daemons, 512m drivers; the test's pool has at most two 512m workers.
java -Dquarkus.http.port="$PORT" -Dsparkport.data-dir="$WORK/data" \
  -Dsparkport.local.daemon-memory=192m -Dsparkport.local.driver-memory=512m \
  -jar target/quarkus-app/quarkus-run.jar >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:${PORT}/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "$SERVICE_PID" 2>/dev/null || { echo "the service exited"; exit 1; }
  sleep 0.5
done
curl -fs "http://127.0.0.1:${PORT}/q/health/ready" >/dev/null || { echo "the service did not become ready"; exit 1; }

export SPARKPORT_URL="http://127.0.0.1:${PORT}"
# Authentication is on (the prod profile): the first start wrote the admin token.
export SPARKPORT_TOKEN="$(cat "$WORK/data/admin-token")"
export SPARKPORT_EXAMPLES_JAR="$ROOT/target/spark-home/sparkport/sparkport-examples.jar"
export SPARKPORT_SAMPLE_CSV="$ROOT/sample-data/HairEyeColor.csv"
export CONSOLE_TEST_ARTIFACTS="$ROOT/target/console-tests"

echo "== node --test console-tests/console.test.mjs"
node --test --test-concurrency=1 console-tests/console.test.mjs
echo "== console browser tests passed in $(( $(date +%s) - started )) s"
