#!/usr/bin/env bash
# Symmetric alpha-stable draws per second on one core, side by side in one run: Basin's block sampler
# (vector lanes), the Commons RNG sampler, numpy's vectorised Chambers-Mallows-Stuck and
# scipy.stats.levy_stable.rvs, for each alpha, in interleaved rounds.
#   bash bench/stable_compare.sh [rounds] [alphas...]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
shift || true
alphas=${*:-1.2 1.5 1.8}
jar=basin-bench/target/basin-bench.jar
py=${PYTHON:-python3}
for r in $(seq "$rounds"); do
  for a in $alphas; do
    OPENBLAS_NUM_THREADS=1 java --add-modules jdk.incubator.vector -cp "$jar" dev.basin.bench.StableBenchmark "$a" 2>/dev/null | sed "s/^/round $r /"
    OPENBLAS_NUM_THREADS=1 "$py" bench/stable_draws.py --alpha "$a" | sed "s/^/round $r /"
  done
done
