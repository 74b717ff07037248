#!/usr/bin/env bash
# Class data sharing: how much faster Spark JVMs start with the Spark home's archive (cds/spark.jsa)
# than without it, same machine, same run, alternating. Two workloads:
#   master  a standalone Master, from `java` to the log line "... New state: ALIVE"
#   pi      spark-submit --master local[1] SparkPi 4 (driver and executor in one JVM), to its exit
# Prints every run's wall time and CPU time (user + sys of the JVM), then medians and ratios.
#
#   bench/class-data.sh            # after `mvn -B -q package -DskipTests`; BENCH_N runs per side [3]
set -euo pipefail
cd "$(dirname "$0")/.."
HOME_DIR="$PWD/target/spark-home"
ARCHIVE="$HOME_DIR/cds/spark.jsa"
N="${BENCH_N:-3}"
[ -f "$ARCHIVE" ] || { echo "no $ARCHIVE: build with mvn -B -q package -DskipTests" >&2; exit 1; }
export SPARK_HOME="$HOME_DIR" SPARK_CONF_DIR="$HOME_DIR/conf" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
# The daemons' classpath, as Sparkport gives it (the launcher's own: conf/, slf4j-api, jars/*).
CP="$HOME_DIR/conf/:$(ls "$HOME_DIR"/jars/slf4j-api-*.jar | head -1):$HOME_DIR/jars/*"
WORK=$(mktemp -d /tmp/sparkport-class-data-XXXXXX)
echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); work dir $WORK"

now() { date +%s.%N; }

# master <options>: prints "wall cpu"
master() {
  local port log pid start
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  log="$WORK/master-$RANDOM.log"
  start=$(now)
  java -Xmx256m -XX:+UseSerialGC "$@" -cp "$CP" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$port" --webui-port 0 > "$log" 2>&1 &
  pid=$!
  until grep -q "New state: ALIVE" "$log"; do
    kill -0 "$pid" 2>/dev/null || { echo "master died: $log" >&2; exit 1; }
    sleep 0.02
  done
  local wall cpu
  wall=$(echo "$(now) - $start" | bc)
  cpu=$(awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$pid/stat")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$wall $cpu"
}

# pi <driver java options>: prints "wall cpu" (CPU of the spark-submit process tree, from /usr/bin/time)
pi() {
  local out="$WORK/pi-$RANDOM.time"
  /usr/bin/time -f "%e %U %S" -o "$out" "$HOME_DIR/bin/spark-submit" --master 'local[1]' --driver-memory 512m \
    ${1:+--driver-java-options "$1"} --class io.sparkport.examples.SparkPi \
    "$HOME_DIR/sparkport/sparkport-examples.jar" 4 > "$WORK/pi.out" 2>&1 || { echo "SparkPi failed: $WORK/pi.out" >&2; exit 1; }
  awk '{printf "%s %.2f\n", $1, $2 + $3}' "$out"
}

declare -A WALL CPU
for i in $(seq 1 "$N"); do
  for side in off on; do
    opt=""; [ "$side" = on ] && opt="-XX:SharedArchiveFile=$ARCHIVE -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0"
    read -r w c < <(master $opt)
    echo "master #$i archive $side: ALIVE after ${w} s, ${c} CPU-s"
    WALL[master-$side]+="$w "; CPU[master-$side]+="$c "
    read -r w c < <(pi "$opt")
    echo "pi     #$i archive $side: ${w} s, ${c} CPU-s"
    WALL[pi-$side]+="$w "; CPU[pi-$side]+="$c "
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo
printf "%-8s %-10s %12s %12s %7s\n" workload measure "no archive" "archive" ratio
for w in master pi; do
  for m in wall cpu; do
    if [ "$m" = wall ]; then off=$(echo "${WALL[$w-off]}" | median); on=$(echo "${WALL[$w-on]}" | median)
    else off=$(echo "${CPU[$w-off]}" | median); on=$(echo "${CPU[$w-on]}" | median); fi
    printf "%-8s %-10s %11.2fs %11.2fs %7.3f\n" "$w" "$m" "$off" "$on" "$(echo "$on / $off" | bc -l)"
  done
done
rm -rf "$WORK"
