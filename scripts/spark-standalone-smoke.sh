#!/usr/bin/env bash
# Loopback standalone-cluster smoke test of the Spark engine: a Spark Master and one Worker (2 cores) started from the
# Maven jars on 127.0.0.1, a tiny train sweep submitted with SparkSubmit --master spark://127.0.0.1:PORT, its manifest
# checked (every cell done), each cell's checkpoint compared with the local engine's, and a re-submission that must
# skip every cell; then both daemons stopped.
#
#   scripts/spark-standalone-smoke.sh        (build first: mvn -B -DskipTests package -pl basin-core,basin-cli,basin-spark -am)
#
# Prints the figures (Master/Worker start, first and second submission, cell seconds) and exits non-zero on a failure,
# leaving the logs under $WORK.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${WORK:-$(mktemp -d)}
jar=basin-spark/target/basin-spark.jar
[[ -f $jar && -f basin-cli/target/basin.jar ]] || { echo "smoke: build first: mvn -B -DskipTests package -pl basin-core,basin-cli,basin-spark -am" >&2; exit 2; }
port=${SPARK_MASTER_PORT:-7077}

# A Spark home made of the Maven jars: the Worker builds its executors' class path from $SPARK_HOME/jars.
mvn -B -q -o dependency:build-classpath -pl basin-spark -DincludeScope=compile -DexcludeGroupIds=dev.basin \
    -Dmdep.outputFile="$work/classpath.txt" >/dev/null
export SPARK_HOME=$work/spark-home SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_DIRS=$work/local
mkdir -p "$SPARK_HOME/jars" "$SPARK_LOCAL_DIRS" "$work/worker"
tr ":" "\n" < "$work/classpath.txt" | grep -v "/dev/basin/" | while read -r j; do ln -sf "$j" "$SPARK_HOME/jars/"; done
opens=(-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector --add-opens=java.base/java.lang=ALL-UNNAMED
       --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
       --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
       --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
       --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
       --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
       -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)
spark_java=(java -Xmx1g "${opens[@]}" -cp "$SPARK_HOME/jars/*")

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
now() { date +%s.%N; }
wait_log() { # wait_log FILE PATTERN SECONDS
  local i
  for ((i = 0; i < $3 * 10; i++)); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "smoke: no '$2' in $1 after $3 s" >&2; tail -20 "$1" >&2; return 1
}

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "smoke: port $port is taken (another Spark Master?); set SPARK_MASTER_PORT" >&2; exit 1; fi
t0=$(now)
"${spark_java[@]}" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port 0 >"$work/master.log" 2>&1 & pids+=($!)
wait_log "$work/master.log" "I have been elected leader" 60
"${spark_java[@]}" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 2 --memory 2g --webui-port 0 --work-dir "$work/worker" \
    "spark://127.0.0.1:$port" >"$work/worker.log" 2>&1 & pids+=($!)
wait_log "$work/worker.log" "Successfully registered with master" 60
t1=$(now)

cat > "$work/base.yaml" <<'YAML'
spec_version: 1
protocol: train
data: {dataset: synthetic}
model: {depth: 2, width: 16}
optimizer: {name: sgd, lr: 0.1}
training: {batch: 50, iterations: 60, eval_every: 20, checkpoint_every: 20}
YAML
printf 'sweep_version: 1\nbase: base.yaml\ngrid: {optimizer.lr: [0.05, 0.1, 0.2, 0.4]}\n' > "$work/sweep.yaml"
submit() {
  "${spark_java[@]}" org.apache.spark.deploy.SparkSubmit --master "spark://127.0.0.1:$port" --deploy-mode client \
      --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 --conf spark.ui.enabled=false \
      --conf spark.executor.memory=1g --conf spark.task.cpus=1 \
      --class dev.basin.spark.SparkSweep "$jar" sweep "$work/sweep.yaml" --out "file://$work/out" --quiet
}
submit >"$work/submit1.out" 2>"$work/submit1.log" || { tail -20 "$work/submit1.log" >&2; exit 1; }
t2=$(now)
submit >"$work/submit2.out" 2>"$work/submit2.log" || { tail -20 "$work/submit2.log" >&2; exit 1; }
t3=$(now)
cat "$work/submit1.out" "$work/submit2.out"

done_cells=$(grep -c ',done,' "$work/out/manifest.csv" || true)
[[ $done_cells == 4 ]] || { echo "smoke: $done_cells of 4 cells done in the manifest" >&2; cat "$work/out/manifest.csv" >&2; exit 1; }
grep -q '4 done (0 run now, 4 skipped as done)' "$work/submit2.out" || { echo "smoke: the re-submission did not skip the 4 cells" >&2; exit 1; }
java -jar basin-cli/target/basin.jar sweep "$work/sweep.yaml" --out "$work/local-engine" --parallel 2 --threads 1 --quiet >/dev/null
compared=0
while read -r f; do # every checkpoint and other non-table file, byte for byte
  r=${f#"$work/local-engine/"}
  cmp -s "$f" "$work/out/$r" || { echo "smoke: $r differs from the local engine's" >&2; exit 1; }
  compared=$((compared + 1))
done < <(find "$work"/local-engine/lr=* -type f ! -name '*.csv' ! -name '*.json' ! -name '*.png' ! -name '*.svg')
[[ $compared -gt 0 ]] || { echo "smoke: no checkpoint to compare" >&2; exit 1; }
cells_s=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "seconds") s = i } NR > 1 { printf "%s%s", sep, $s; sep = " " }' "$work/out/manifest.csv")
printf 'smoke: ok; Master + Worker up in %.1f s; first submission %.1f s (4 cells, 2 at a time; cell seconds %s); re-submission %.1f s (all skipped); %d files byte-identical to the local engine'"'"'s\n' \
    "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$cells_s" "$(echo "$t3 - $t2" | bc)" "$compared"
