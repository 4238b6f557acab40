#!/usr/bin/env bash
# Side-by-side AlexNet benchmark: Basin vs PyTorch, the reference code's AlexNet (ch 64) at batch 100 on
# fixed random 3x32x32 data, in one run: one SGD training step, and one Hessian-vector product (Basin's
# R-operator against PyTorch's double backward) with a gradient for scale.
# Needs the built bench jar (mvn -q -DskipTests package) and a python with torch (PYTHON=...); PyTorch runs
# in its best configuration, torch.set_num_threads(1) with OpenBLAS on N threads (its convolutions go to
# oneDNN where the build has it, which Debian's has). The two alternate round by round; the table gives the
# median over rounds of the per-round medians. OpenBLAS's kernels follow OPENBLAS_CORETYPE as the environment
# sets it (both programs run under the same setting; `env -u OPENBLAS_CORETYPE bench/compare_alexnet.sh` lets
# OpenBLAS choose for the CPU).
#   bench/compare_alexnet.sh [--steps 20] [--reps 10] [--rounds 3] [--threads 1,2]
set -euo pipefail
cd "$(dirname "$0")/.."
steps=20; reps=10; rounds=3; threads=1,2; python=${PYTHON:-python3}
while [ $# -gt 0 ]; do
  case "$1" in
    --steps) steps=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
jar=basin-bench/target/basin-bench.jar
[ -f "$jar" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
out=$(mktemp)
for r in $(seq "$rounds"); do
  for t in ${threads//,/ }; do
    java -jar "$jar" --nets alexnet --threads "$t" --steps "$steps" --warmup 5 --warmup-seconds 2 | tee -a "$out"
    java -cp "$jar" dev.basin.bench.HvpBenchmark --nets alexnet --batch 100 --threads "$t" --reps "$reps" | tee -a "$out"
    OPENBLAS_NUM_THREADS=$t "$python" bench/pytorch_alexnet.py time --torch-threads 1 --steps "$steps" --reps "$reps" | tee -a "$out"
  done
done
echo
echo "AlexNet ch 64, batch 100, 3x32x32; median over $rounds rounds of per-round medians"
echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset (OpenBLAS picks the kernels for this CPU)}, for both programs"
echo "threads  basin step  torch step  torch/basin  basin Hv  torch Hv  basin/torch Hv  basin Hv/grad  torch Hv/grad"
"$python" - "$out" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    f = dict(kv.split("=", 1) for kv in line.split()[1:] if "=" in kv)
    who = line.split()[0] if line.strip() else ""
    t = f.get("threads", f.get("openblas_threads"))
    d = rows.setdefault(t, {})
    for k in ("median_ms", "hvp_ms", "grad_ms"):
        if k in f:
            d.setdefault((who, k), []).append(float(f[k]))
for t in sorted(rows):
    m = {k: statistics.median(v) for k, v in rows[t].items()}
    bs, ts = m[("basin", "median_ms")], m[("torch", "median_ms")]
    bh, th = m[("basin", "hvp_ms")], m[("torch", "hvp_ms")]
    bg, tg = m[("basin", "grad_ms")], m[("torch", "grad_ms")]
    print(f"{t:>7}  {bs:10.2f}  {ts:10.2f}  {ts / bs:11.2f}  {bh:8.2f}  {th:8.2f}  {bh / th:14.2f}  {bh / bg:13.2f}  {th / tg:13.2f}")
PY
rm -f "$out"
