#!/usr/bin/env bash
# Builds Sparkport, starts it on the embedded local backend, and runs a sample SQL job on
# sample-data/HairEyeColor.csv, printing its answer. The service keeps running afterwards;
# stop it with:  kill $(cat data/sparkport.pid)
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${SPARKPORT_PORT:-8080}"
URL="http://127.0.0.1:${PORT}"

if [ ! -f target/quarkus-app/quarkus-run.jar ] || [ ! -x target/spark-home/bin/spark-submit ]; then
  echo "== building (first time: downloads Quarkus and Spark 4.2.0 jars from Maven Central)"
  mvn -B -q package -DskipTests
fi

if ! curl -fs "${URL}/q/health/ready" >/dev/null 2>&1; then
  echo "== starting Sparkport on ${URL} (log: data/sparkport.log)"
  mkdir -p data
  nohup java -Dquarkus.http.port="${PORT}" -jar target/quarkus-app/quarkus-run.jar >data/sparkport.log 2>&1 &
  echo $! > data/sparkport.pid
  for _ in $(seq 1 120); do
    curl -fs "${URL}/q/health/ready" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -fs "${URL}/q/health/ready" >/dev/null || { echo "service did not start; see data/sparkport.log"; exit 1; }
fi

# The service generates an admin token on its first start (data/admin-token); every /api/v1 call sends it.
AUTH=()
if [ -f data/admin-token ]; then
  AUTH=(-H "Authorization: Bearer $(cat data/admin-token)")
fi

echo "== uploading sample-data/HairEyeColor.csv into the pool 'default'"
curl -fsS "${AUTH[@]}" -X PUT --data-binary @sample-data/HairEyeColor.csv -H 'Content-Type: text/csv' \
  "${URL}/api/v1/pools/default/files/HairEyeColor.csv" >/dev/null

SQL='SELECT Hair, SUM(Freq) AS students FROM HairEyeColor GROUP BY Hair ORDER BY students DESC'
echo "== submitting: ${SQL}"
JOB=$(curl -fsS "${AUTH[@]}" -X POST -H 'Content-Type: application/json' "${URL}/api/v1/jobs" \
  -d "{\"pool\":\"default\",\"type\":\"SQL\",\"name\":\"hair colours\",\"sql\":\"${SQL}\"}" \
  | sed -E 's/.*"id":"([^"]+)".*/\1/')
echo "== job ${JOB}: waiting (the first job also brings up the pool's Spark cluster)"
START=$(date +%s)
while true; do
  STATE=$(curl -fsS "${AUTH[@]}" "${URL}/api/v1/jobs/${JOB}" | sed -E 's/.*"state":"([A-Z]+)".*/\1/')
  case "$STATE" in
    SUCCEEDED) break ;;
    FAILED|CANCELLED) echo "job ${STATE}:"; curl -fsS "${AUTH[@]}" "${URL}/api/v1/jobs/${JOB}"; echo; exit 1 ;;
  esac
  sleep 0.5
done
echo "== ${STATE} in $(( $(date +%s) - START )) s; the answer:"
if command -v column >/dev/null; then
  curl -fsS "${AUTH[@]}" -H 'Accept: text/csv' "${URL}/api/v1/jobs/${JOB}/result" | column -t -s,
else
  curl -fsS "${AUTH[@]}" -H 'Accept: text/csv' "${URL}/api/v1/jobs/${JOB}/result"
fi
echo
CONSOLE="${URL}/"
[ -f data/admin-token ] && CONSOLE="${URL}/?token=$(cat data/admin-token)"
echo "Sparkport runs on ${URL} (console: ${CONSOLE}, Swagger UI: ${URL}/q/swagger-ui). Stop it: kill \$(cat data/sparkport.pid)"
echo "Its admin token is in data/admin-token: curl -H \"Authorization: Bearer \$(cat data/admin-token)\" ${URL}/api/v1/jobs"
