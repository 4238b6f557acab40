#!/usr/bin/env bash
# Side-by-side training-step benchmark: Basin vs PyTorch on the same work, in one run.
# Needs: the built bench jar (mvn -q -DskipTests package) and python3 with torch. For a fair fight give
# PyTorch OpenBLAS (Debian: apt-get install python3-torch libopenblas0-pthread; update-alternatives
# selects openblas-pthread for libblas.so.3). PyTorch is run in its best configuration for each core
# count: torch.set_num_threads(1) with OpenBLAS on N threads.
#   bench/compare.sh [--steps 100] [--optimizer sgd|adam] [--threads 1,2]
set -euo pipefail
cd "$(dirname "$0")/.."
steps=100; optimizer=sgd; threads=1,2; python=${PYTHON:-python3}
while [ $# -gt 0 ]; do
  case "$1" in
    --steps) steps=$2; shift 2 ;;
    --optimizer) optimizer=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
jar=basin-bench/target/basin-bench.jar
[ -f "$jar" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
out=$(mktemp)
for t in ${threads//,/ }; do
  java -jar "$jar" --threads "$t" --steps "$steps" --optimizer "$optimizer" | tee -a "$out"
  OPENBLAS_NUM_THREADS=$t "$python" bench/pytorch_step.py --torch-threads 1 --steps "$steps" --optimizer "$optimizer" | tee -a "$out"
done
echo
echo "net                    threads  basin ms  torch ms  torch/basin"
awk '
  /^basin/ { split($0, f, " "); for (i in f) { split(f[i], kv, "="); v[kv[1]] = kv[2] } key = v["net"] " " v["threads"]; b[key] = v["median_ms"]; order[++n] = key }
  /^torch/ { split($0, f, " "); for (i in f) { split(f[i], kv, "="); v[kv[1]] = kv[2] } key = v["net"] " " v["openblas_threads"]; p[key] = v["median_ms"] }
  END { for (i = 1; i <= n; i++) { k = order[i]; split(k, a, " "); printf "%-22s %7s  %8.2f  %8.2f  %11.2f\n", a[1], a[2], b[k], p[k], p[k] / b[k] } }
' "$out"
rm -f "$out"
