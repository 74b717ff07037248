#!/usr/bin/env bash
# Opt-in end-to-end run on a real Kubernetes cluster (kind or minikube): builds both images, loads
# them into the cluster, applies k8s/, submits one SQL job and waits for its answer.
#
#   SPARKPORT_E2E_KUBECONFIG=~/.kube/config scripts/k8s-e2e.sh        # any cluster with an RWX class
#   SPARKPORT_E2E_KIND=sparkport scripts/k8s-e2e.sh                     # a kind cluster of that name
#
# Skipped (exit 0) when neither is set: no test here needs a cluster.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${SPARKPORT_E2E_KUBECONFIG:-}" && -z "${SPARKPORT_E2E_KIND:-}" ]]; then
  echo "k8s-e2e: skipped (set SPARKPORT_E2E_KUBECONFIG or SPARKPORT_E2E_KIND to run it)"
  exit 0
fi
for tool in kubectl docker curl; do
  command -v "$tool" >/dev/null || { echo "k8s-e2e: $tool is required" >&2; exit 1; }
done
if [[ -n "${SPARKPORT_E2E_KIND:-}" ]]; then
  export KUBECONFIG="$(mktemp)"
  kind get kubeconfig --name "$SPARKPORT_E2E_KIND" > "$KUBECONFIG"
else
  export KUBECONFIG="$SPARKPORT_E2E_KUBECONFIG"
fi
NS=sparkport

mvn -B -q package -DskipTests -Dquarkus.datasource.db-kind=postgresql
docker build -f k8s/images/service.Dockerfile -t sparkport/sparkport:0.1.0 .
docker build -f k8s/images/spark-runtime.Dockerfile -t sparkport/spark-runtime:0.1.0 .
if [[ -n "${SPARKPORT_E2E_KIND:-}" ]]; then
  kind load docker-image --name "$SPARKPORT_E2E_KIND" sparkport/sparkport:0.1.0 sparkport/spark-runtime:0.1.0
fi

kubectl apply -k k8s/
kubectl -n "$NS" rollout status statefulset/sparkport-postgres --timeout=300s
kubectl -n "$NS" rollout status deployment/sparkport --timeout=300s

kubectl -n "$NS" port-forward service/sparkport 18080:8080 >/dev/null 2>&1 &
PF=$!
trap 'kill $PF 2>/dev/null || true' EXIT
sleep 3

JOB=$(curl -sf -X POST localhost:18080/api/v1/jobs -H 'Content-Type: application/json' \
  -d '{"type":"SQL","pool":"default","sql":"SELECT 6 * 7 AS answer"}' | sed -E 's/.*"id":"([^"]+)".*/\1/')
echo "k8s-e2e: submitted job $JOB"
for _ in $(seq 1 120); do
  STATE=$(curl -sf "localhost:18080/api/v1/jobs/$JOB" | sed -E 's/.*"state":"([A-Z]+)".*/\1/')
  case "$STATE" in
    SUCCEEDED) break ;;
    FAILED|CANCELLED) echo "k8s-e2e: job $JOB ended $STATE" >&2
                      curl -s "localhost:18080/api/v1/jobs/$JOB/logs?offset=0&limit=400" >&2 || true; exit 1 ;;
  esac
  sleep 5
done
[[ "$STATE" == SUCCEEDED ]] || { echo "k8s-e2e: job $JOB still $STATE after 10 minutes" >&2; exit 1; }
curl -sf "localhost:18080/api/v1/jobs/$JOB/result" | grep -q '42' \
  || { echo "k8s-e2e: the result lacks 42" >&2; exit 1; }
kubectl -n "$NS" get pvc sparkport-pool-default >/dev/null
echo "k8s-e2e: SELECT 6 * 7 answered 42 on the cluster; pool PVC present"
