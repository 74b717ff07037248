# Sourced by the test runners (notebooks/run-tests.sh, console-tests/run-tests.sh): builds the service when
# needed and starts it on a free port with a temporary data directory; on exit, stops it and anything
# still carrying this run's owner flag, and keeps the directory (with the service log) when the run failed.
#
#   start_test_service <name> [java options...]
#   exports SPARKPORT_URL, SPARKPORT_TOKEN (the admin token; authentication is on in the prod profile)
#   and SPARKPORT_EXAMPLES_JAR; sets WORK. TEST_FAILURE_HINT is printed first when the run fails.

start_test_service() {
  local name="$1"
  shift
  if [ ! -f target/quarkus-app/quarkus-run.jar ] || [ ! -f target/spark-home/sparkport/sparkport-examples.jar ]; then
    echo "== building"
    mvn -B -q package -DskipTests
  fi
  local port="${SPARKPORT_TEST_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
  WORK="$(mktemp -d -t "sparkport-${name}-tests.XXXXXX")"
  SERVICE_PID=""
  trap stop_test_service EXIT

  echo "== starting Sparkport on 127.0.0.1:${port} (data in ${WORK}/data)"
  java -Dquarkus.http.port="$port" -Dsparkport.data-dir="$WORK/data" -Dsparkport.connect.port=0 "$@" \
    -jar target/quarkus-app/quarkus-run.jar >"$WORK/service.log" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:${port}/q/health/ready" >/dev/null 2>&1 && break
    kill -0 "$SERVICE_PID" 2>/dev/null || { echo "the service exited"; exit 1; }
    sleep 0.5
  done
  curl -fs "http://127.0.0.1:${port}/q/health/ready" >/dev/null || { echo "the service did not become ready"; exit 1; }

  export SPARKPORT_URL="http://127.0.0.1:${port}"
  export SPARKPORT_TOKEN="$(cat "$WORK/data/admin-token")"
  export SPARKPORT_EXAMPLES_JAR="$PWD/target/spark-home/sparkport/sparkport-examples.jar"
}

stop_test_service() {
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
    echo "== FAILED${TEST_FAILURE_HINT:+; $TEST_FAILURE_HINT}; the service log ends with:"
    tail -n 40 "$WORK/service.log" 2>/dev/null || true
    echo "(everything is kept in $WORK)"
  else
    rm -rf "$WORK"
  fi
  exit "$status"
}
