#!/usr/bin/env bash
# Kill-and-resume soak: SIGKILLs a real `basin train` (SGD, SGDM and ADAM with the alpha and sharpness probes) at random
# moments, resumes it with `basin train --resume`, sometimes killing the resumed process again, and checks that every
# finished run equals the uninterrupted one: every table apart from its wall-clock columns, every checkpoint byte for byte.
#
#   scripts/resume-soak.sh [KILLS] [THREADS]      (default: 100 kills, 1 thread; build first: mvn -q -DskipTests package)
#
# Prints one line per kill and a summary line; exits 1 on the first mismatch, leaving the folders under $WORK.
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-100}
threads=${2:-1}
work=${WORK:-$(mktemp -d)}
basin=./basin
args=(--dataset synthetic --iterations 200 --eval-every 10 --checkpoint-every 7 --depth 3 --width 64 --batch 128 --train-eval-samples 500
      --alpha-every 25 --alpha-batches 6 --sharpness-every 40 --sharpness-samples 200 --threads "$threads" --quiet)

same() { # same REF RUN: tables without time columns, checkpoints byte for byte
  local a=$1 b=$2 f
  for f in metrics.csv alpha.csv sharpness.csv; do
    python3 - "$a/$f" "$b/$f" <<'PY' || return 1
import csv, sys
def rows(p):
    with open(p, newline="") as fh:
        r = list(csv.reader(fh))
    keep = [i for i, h in enumerate(r[0]) if not (h.endswith("_s") or h.endswith("seconds"))]
    return [[row[i] for i in keep] for row in r]
sys.exit(0 if rows(sys.argv[1]) == rows(sys.argv[2]) else 1)
PY
  done
  diff -rq "$a/checkpoints" "$b/checkpoints" >/dev/null
}

declare -A train_s
for opt in sgd sgdm adam; do
  $basin train --optimizer "$opt" "${args[@]}" --out "$work/ref-$opt" >/dev/null
  train_s[$opt]=$(python3 -c "import json;print(json.load(open('$work/ref-$opt/summary.json'))['train_seconds'])")
done

start=$(date +%s)
mid=0
twice=0
for ((k = 1; k <= kills; k++)); do
  opts=(sgd sgdm adam); opt=${opts[$((RANDOM % 3))]}
  run="$work/run-$k"
  $basin train --optimizer "$opt" "${args[@]}" --out "$run" >/dev/null 2>&1 &
  pid=$!
  while [ ! -f "$run/config.json" ] && kill -0 $pid 2>/dev/null; do sleep 0.02; done
  delay=$(python3 -c "import random;print(random.random()*1.1*${train_s[$opt]})")
  sleep "$delay"; kill -9 $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
  state=complete
  if [ ! -f "$run/summary.json" ]; then
    state=killed; mid=$((mid + 1))
    if ((RANDOM % 3 == 0)); then # kill the resumed process too
      $basin train --resume "$run" --quiet >/dev/null 2>&1 & pid=$!
      sleep "$(python3 -c "import random;print(0.5+random.random()*${train_s[$opt]})")"; kill -9 $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
      twice=$((twice + 1)); state="killed twice"
    fi
    if [ ! -f "$run/summary.json" ]; then
      $basin train --resume "$run" --quiet >/dev/null 2>&1 || $basin train --optimizer "$opt" "${args[@]}" --out "$run" >/dev/null
    fi
  fi
  if same "$work/ref-$opt" "$run"; then
    echo "kill $k: $opt after ${delay}s ($state): identical"
    rm -rf "$run"
  else
    echo "kill $k: $opt after ${delay}s ($state): DIFFERENT, see $run and $work/ref-$opt" >&2
    exit 1
  fi
done
echo "soak: $kills kills ($mid mid-run, $twice of them killed again while resuming) on $threads thread(s): all identical to the uninterrupted runs, $(( $(date +%s) - start )) s"
