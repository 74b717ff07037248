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

TEST_FAILURE_HINT="screenshots in target/console-tests/"
. scripts/test-service.sh
# Small Spark: 192m daemons, 512m drivers; the test's pool has at most two 512m workers.
start_test_service console -Dsparkport.local.daemon-memory=192m -Dsparkport.local.driver-memory=512m
export SPARKPORT_SAMPLE_CSV="$ROOT/sample-data/HairEyeColor.csv"
export CONSOLE_TEST_ARTIFACTS="$ROOT/target/console-tests"

echo "== node --test console-tests/console.test.mjs"
node --test --test-concurrency=1 console-tests/console.test.mjs
echo "== console browser tests passed in $(( $(date +%s) - started )) s"
