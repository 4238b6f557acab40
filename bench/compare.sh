#!/usr/bin/env bash
# Side-by-side training-step benchmark: Basin vs PyTorch on the same work, in one run.
# Needs: the built bench jar (mvn -q -DskipTests package) and python3 with torch. For a fair fight give
# PyTorch OpenBLAS (Debian: apt-get install python3-torch libopenblas0-pthread; update-alternatives
# selects openblas-pthread for libblas.so.3). PyTorch is run in its best configuration for each core
# count: torch.set_num_threads(1) with OpenBLAS on N threads.
# The two alternate for --rounds rounds so that drift in the machine's speed hits both alike; each
# round reports a median step time, and the table gives the median of the round medians.
#   bench/compare.sh [--steps 100] [--rounds 3] [--optimizer sgd|adam] [--threads 1,2]
set -euo pipefail
cd "$(dirname "$0")/.."
steps=100; rounds=3; optimizer=sgd; threads=1,2; python=${PYTHON:-python3}
while [ $# -gt 0 ]; do
  case "$1" in
    --steps) steps=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --optimizer) optimizer=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
jar=basin-bench/target/basin-bench.jar
[ -f "$jar" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
out=$(mktemp)
for r in $(seq "$rounds"); do
  for t in ${threads//,/ }; do
    java -jar "$jar" --threads "$t" --steps "$steps" --optimizer "$optimizer" | tee -a "$out"
    OPENBLAS_NUM_THREADS=$t "$python" bench/pytorch_step.py --torch-threads 1 --steps "$steps" --optimizer "$optimizer" | tee -a "$out"
  done
done
echo
echo "optimizer=$optimizer, median over $rounds rounds of per-round median step times"
echo "net                    threads  basin ms  torch ms  torch/basin"
"$python" - "$out" <<'PY'
import statistics, sys
basin, torch, order = {}, {}, []
for line in open(sys.argv[1]):
    f = dict(kv.split("=", 1) for kv in line.split()[1:] if "=" in kv)
    if line.startswith("basin"):
        key = (f["net"], f["threads"])
        basin.setdefault(key, []).append(float(f["median_ms"]))
        if key not in order:
            order.append(key)
    elif line.startswith("torch"):
        torch.setdefault((f["net"], f["openblas_threads"]), []).append(float(f["median_ms"]))
for key in order:
    b, t = statistics.median(basin[key]), statistics.median(torch[key])
    print(f"{key[0]:<22} {key[1]:>7}  {b:8.2f}  {t:8.2f}  {t / b:11.2f}")
PY
rm -f "$out"
