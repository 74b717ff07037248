#!/usr/bin/env bash
# Warm SQL p50, REST call to result, on the local backend and on the Kubernetes backend (the tests' API
# server and process kubelet: engine, master and worker run from the pod specs), one after the other in
# one run. Figures go into BENCHMARKS.md.
#
#   bench/k8s-warm-sql.sh [measured queries, 40] [warm-up queries, 10]
#   K8S_BENCH_SKIP_BUILD=1 bench/k8s-warm-sql.sh   # reuse target/ as it is (service jar and spark-home)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${K8S_BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "== building the service, its Spark home and the test classes"
  mvn -B -q package -DskipTests
fi
mvn -B -q -DskipSparkHome=true dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/k8s-bench.classpath >/dev/null
echo "== warm SQL, local then kubernetes; commit $(git rev-parse --short HEAD); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx512m -Dsparkport.local.spark-home=target/spark-home \
    -cp "target/test-classes:target/classes:$(cat target/k8s-bench.classpath)" \
    io.sparkport.cluster.kubernetes.KubeWarmSqlBench "$@"
