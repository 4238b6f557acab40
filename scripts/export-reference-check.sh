#!/usr/bin/env bash
# `basin export` read back by the formats' own readers: TensorBoard 2.21 (installed into a throwaway virtual environment
# with pip) reads the event file; the MLflow file store is checked against the rules of MLflow's FileStore (MLflow itself
# is not installed: docs/reporting.md says why). Compares every tag, step and value with the run's tables.
#
#   scripts/export-reference-check.sh RUN      (a training run folder, e.g. an arm of `basin reproduce zhou2020`;
#                                               build first: mvn -q -DskipTests package)
#
# Exits 1 on a mismatch; prints a warning and exits 0 when TensorBoard cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/.."
run=${1:?usage: scripts/export-reference-check.sh RUN}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! python3 -m venv "$work/venv" >"$work/venv.log" 2>&1; then
  echo "warning: python3 cannot make a virtual environment here; the export reference check is skipped"
  tail -3 "$work/venv.log"
  exit 0
fi
# --retries 0: where only a local package index answers, the unreachable default index fails at once
if ! "$work/venv/bin/pip" install -q --retries 0 --timeout 20 tensorboard==2.21.0 pyyaml >"$work/pip.log" 2>&1; then
  echo "warning: could not install tensorboard with pip; the export reference check is skipped"
  tail -3 "$work/pip.log"
  exit 0
fi
./basin export "$run" --format tensorboard --out "$work/tb" >/dev/null
./basin export "$run" --format mlflow --out "$work/mlruns" >/dev/null
"$work/venv/bin/python" scripts/export_reference_check.py "$run" "$work/tb/$(basename "$run")" "$work/mlruns"
