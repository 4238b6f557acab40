#!/usr/bin/env bash
# Side-by-side Hessian-vector-product benchmark: Basin's R-operator vs PyTorch's double backward on the same
# nets and batch (128), in one run, alternating for --rounds rounds; also each one's gradient time.
# PyTorch runs in its best configuration for each core count: torch.set_num_threads(1), OpenBLAS on N threads.
#   bench/compare_hvp.sh [--rounds 3] [--threads 1,2] [--reps 30]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=3; threads=1,2; reps=30; python=${PYTHON:-python3}
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
jar=basin-bench/target/basin-bench.jar
[ -f "$jar" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
out=$(mktemp)
for r in $(seq "$rounds"); do
  for t in ${threads//,/ }; do
    java -cp "$jar" dev.basin.bench.HvpBenchmark --threads "$t" --reps "$reps" | tee -a "$out"
    OPENBLAS_NUM_THREADS=$t "$python" bench/pytorch_hvp.py --torch-threads 1 --reps "$reps" | tee -a "$out"
  done
done
echo
echo "median over $rounds rounds of per-round medians (ms)"
echo "net                    threads  basin hvp  torch hvp  basin/torch  basin hvp/grad  torch hvp/grad"
"$python" - "$out" <<'PY'
import statistics, sys
basin, torch, order = {}, {}, []
for line in open(sys.argv[1]):
    f = dict(kv.split("=", 1) for kv in line.split()[1:] if "=" in kv)
    if line.startswith("basin"):
        key = (f["net"], f["threads"])
        basin.setdefault(key, []).append((float(f["hvp_ms"]), float(f["hvp_per_grad"])))
        if key not in order:
            order.append(key)
    elif line.startswith("torch"):
        torch.setdefault((f["net"], f["openblas_threads"]), []).append((float(f["hvp_ms"]), float(f["hvp_per_grad"])))
for key in order:
    bh = statistics.median(x[0] for x in basin[key]); br = statistics.median(x[1] for x in basin[key])
    th = statistics.median(x[0] for x in torch[key]); tr = statistics.median(x[1] for x in torch[key])
    print(f"{key[0]:<22} {key[1]:>7}  {bh:9.2f}  {th:9.2f}  {bh / th:11.2f}  {br:13.2f}  {tr:14.2f}")
PY
rm -f "$out"
