#!/usr/bin/env bash
# Control-plane throughput of the Kubernetes backend against an HTTP Kubernetes API in the test
# (fabric8 CRUD mock behind KubeApiFront; the harness plays controllers and the Spark master):
# submit K8S_BENCH_JOBS SQL jobs from K8S_BENCH_CLIENTS concurrent clients, report POST latency and
# how long until every driver Job exists. Figures go into BENCHMARKS.md.
#
#   bench/k8s-throughput.sh                         # 2000 jobs, 100 clients
#   K8S_BENCH_SKIP_BUILD=1 bench/k8s-throughput.sh  # reuse target/ as it is
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS="${K8S_BENCH_JOBS:-2000}"
CLIENTS="${K8S_BENCH_CLIENTS:-100}"

if [ "${K8S_BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "== building the service and the test classes (no Spark home needed)"
  mvn -B -q -DskipSparkHome=true package -DskipTests
fi
mvn -B -q -DskipSparkHome=true dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/k8s-bench.classpath >/dev/null
echo "== $JOBS jobs, $CLIENTS clients; commit $(git rev-parse --short HEAD); $(nproc) cores"
java -cp "target/test-classes:target/classes:$(cat target/k8s-bench.classpath)" \
    io.sparkport.cluster.kubernetes.KubeThroughputBench target/quarkus-app/quarkus-run.jar "$JOBS" "$CLIENTS"
