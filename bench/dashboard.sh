#!/usr/bin/env bash
# basin ui on a large run folder: 10^5 metrics.csv rows and 10^4 alpha.csv rows, every chart requested cold (its first
# request after start: its table parsed) and warm (unchanged folder), then a writer appending a metrics row every second
# while the chart is polled every second (the time to serve the grown chart). Prints medians in seconds.
# Usage: bench/dashboard.sh [ROWS] [ALPHA_ROWS]   (build first: mvn -B -q -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
alpha_rows=${2:-10000}
work=$(mktemp -d)
trap 'kill $ui_pid $writer_pid 2>/dev/null || true; rm -rf "$work"' EXIT
ui_pid=""; writer_pid=""

# A real run gives the headers and an alpha.csv row to repeat.
./basin train --dataset synthetic --iterations 20 --depth 2 --width 8 --eval-every 10 --alpha-every 10 --alpha-batches 4 --alpha-per-layer \
  --threads 1 --quiet --out "$work/seed" >/dev/null
big="$work/runs/big"
mkdir -p "$big"
sed 's/"iterations" : 20/"iterations" : '"$((rows * 10))"'/' "$work/seed/config.json" > "$big/config.json"
awk -v n="$rows" 'NR==1 {print; next} NR==2 {split($0, c, ","); for (i = 0; i < n; i++) {
  printf "%d,%d,0.1,%.6f,%.6f,%.4f,%.6f,%.4f,%.3f\n", 10*i, int(i/600), 1/(i+1), 2/(i+1), 0.5+0.4*i/n, 2.1/(i+1), 0.5+0.4*i/n, 0.01*i }; exit}' \
  "$work/seed/metrics.csv" > "$big/metrics.csv"
awk -v n="$alpha_rows" -F, 'NR==1 {print; next} NR==2 {line=$0; sub(/^[0-9]+/, "", line); for (i = 0; i < n; i++) print (100*i) line; exit}' \
  "$work/seed/alpha.csv" > "$big/alpha.csv"
echo "folder: $(wc -l < "$big/metrics.csv") metrics lines, $(wc -l < "$big/alpha.csv") alpha lines"

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
start=$(date +%s.%N)
./basin ui "$work/runs" > "$work/ui.log" &
ui_pid=$!
for _ in $(seq 300); do grep -q 'http://' "$work/ui.log" && break; sleep 0.05; done
echo "start (launch to 'serving'): $(echo "$(date +%s.%N) - $start" | bc) s"
url=$(grep -o 'http://[^ ]*' "$work/ui.log")
t() { curl -s -o /dev/null -w '%{time_total}\n' "$url$1"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# Each chart's first request reads its table (metrics.csv for loss, alpha.csv for alpha); accuracy and alpha-layers share them.
for c in loss accuracy alpha alpha-layers; do
  echo "$c: first request $(t "api/chart?run=big&chart=$c") s, then median $(for _ in 1 2 3 4 5; do t "api/chart?run=big&chart=$c"; done | median) s over 5"
done
( i=$rows; while true; do printf '%d,0,0.1,0.5,0.5,0.5,0.5,0.5,%d.0\n' $((10*i)) "$i" >> "$big/metrics.csv"; i=$((i+1)); sleep 1; done ) &
writer_pid=$!
echo "live (a row appended every second, polled every second): median $(for _ in $(seq 10); do sleep 1; t 'api/chart?run=big&chart=loss'; done | median) s over 10"
echo "index: $(t '') s"
