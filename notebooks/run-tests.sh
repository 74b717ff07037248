#!/usr/bin/env bash
# Tests the notebook helper and the quickstart notebook against a real Sparkport with real Spark:
# installs Debian's Python packages when missing, builds the service when needed, starts it on a
# free port with a temporary data directory, runs notebooks/test_sparkport.py (pytest) and executes
# notebooks/quickstart.ipynb headless, then stops the service. Fails when anything fails.
#
#   notebooks/run-tests.sh             # from anywhere; SPARKPORT_TEST_PORT=8096 picks the port
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's packages import only under the system interpreter (a pyenv python3 may come first on PATH).
PY=/usr/bin/python3
PACKAGES=(python3-nbclient python3-nbformat python3-ipykernel python3-requests python3-pandas
          python3-matplotlib python3-pytest jupyter-nbconvert)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
JUPYTER=/usr/bin/jupyter

. scripts/test-service.sh
start_test_service notebook
export PYTHONDONTWRITEBYTECODE=1
export PYDEVD_DISABLE_FILE_VALIDATION=1   # ipykernel's debugger warns about frozen modules otherwise

echo "== pytest notebooks/test_sparkport.py"
start=$(date +%s)
(cd notebooks && $PY -m pytest -q -p no:cacheprovider --durations=5 test_sparkport.py)
echo "   $(( $(date +%s) - start )) s"

echo "== executing notebooks/quickstart.ipynb"
start=$(date +%s)
$JUPYTER nbconvert --to notebook --execute notebooks/quickstart.ipynb --output-dir "$WORK" \
  --ExecutePreprocessor.timeout=900
echo "   $(( $(date +%s) - start )) s; the slowest cells:"
$PY - "$WORK/quickstart.ipynb" <<'EOF'
import json, sys
from datetime import datetime
cells = json.load(open(sys.argv[1]))["cells"]
times = []
for i, cell in enumerate(cells):
    run = cell.get("metadata", {}).get("execution", {})
    if "iopub.execute_input" in run and "shell.execute_reply" in run:
        took = datetime.fromisoformat(run["shell.execute_reply"]) - datetime.fromisoformat(run["iopub.execute_input"])
        times.append((took.total_seconds(), i, "".join(cell["source"]).splitlines()[0]))
for seconds, i, first in sorted(times, reverse=True)[:4]:
    print(f"   {seconds:5.1f} s  cell {i}: {first[:80]}")
EOF
echo "== notebook tests passed"
