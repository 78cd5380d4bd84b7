#!/usr/bin/env bash
# Side-by-side: `mlp train --json` and the PyTorch peer (../shared/peers/torch_train.py) on the
# four benchmark workloads, in one run on this machine. Prints µs per step, the ratio and the
# training-data quality of each. Needs the peers' Debian packages (see ../shared/peers/README.md).
# Each side runs RUNS times (default 3); the medians are printed.
# Usage: bench/compare-peers.sh [MLP_COMMAND]   (default: the Release build of src/mlp-cli)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/peer-env.sh"
peer_data influence 1000 influence-1k.csv
peer_data friedman 200000 friedman-200k.csv
peer_data blobs 10000 blobs-10k.csv
peer_data moons 400 moons-400.csv

runs=${RUNS:-3}
median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

printf '%-9s %12s %12s %8s %10s %10s %9s %9s\n' workload "mlp µs/step" "torch µs/st" ratio "mlp qual" "torch qual" "mlp s" "torch s"
run() {
  local name=$1 file=$2 task=$3 hidden=$4 activation=$5 epochs=$6 batch=$7 lr=$8
  local quality=accuracy; [ "$task" = regression ] && quality=r2
  local mlp_us="" torch_us="" mlp_total="" torch_total="" mlp_json torch_json start end
  mlp_load=""
  for _ in $(seq "$runs"); do
    start=$(date +%s.%N)
    mlp_json=$("$mlp" train "$data/$file" --task "$task" --hidden "$hidden" --activation "$activation" --epochs "$epochs" \
      --batch-size "$batch" --lr "$lr" -o /tmp/compare-peers.mlp --json --quiet)
    end=$(date +%s.%N)
    mlp_total+="$(echo "$end - $start" | bc)"$'\n'
    mlp_us+="$(echo "$mlp_json" | field "1e6*d['train_seconds']/d['steps']")"$'\n'
    mlp_load+="$(echo "$mlp_json" | field "d['load_seconds']")"$'\n'
    torch_json=$($py "$peers/torch_train.py" "$data/$file" --task "$task" --hidden "$hidden" --activation "$activation" \
      --epochs "$epochs" --batch-size "$batch" --lr "$lr")
    torch_us+="$(echo "$torch_json" | field "d['us_per_step']")"$'\n'
    torch_total+="$(echo "$torch_json" | field "d['total_s']")"$'\n'
  done
  local mu tu
  mu=$(printf '%s' "$mlp_us" | median)
  tu=$(printf '%s' "$torch_us" | median)
  printf '%-9s %12.1f %12.1f %7.1fx %10.4f %10.4f %9.2f %9.2f\n' "$name" "$mu" "$tu" "$(echo "$tu / $mu" | bc -l)" \
    "$(echo "$mlp_json" | field "d['metrics']['$quality']")" "$(echo "$torch_json" | field "d['$quality']")" \
    "$(printf '%s' "$mlp_total" | median)" "$(printf '%s' "$torch_total" | median)"
}
batch_full=1000
run B1-tiny influence-1k.csv binary 10 relu 1000 $batch_full 0.01
run B2-tab friedman-200k.csv regression 128,64 relu 3 256 0.001
friedman_load=$(printf '%s' "$mlp_load" | median)
run B3-wide blobs-10k.csv multiclass 256,128 relu 3 128 0.001
run B4-moons moons-400.csv binary 2 tanh 200 32 0.01

# CSV ingest: mlp's load_seconds in the B2 runs above against pandas' read_csv of the same file.
pandas_load=""
for _ in $(seq "$runs"); do
  pandas_load+="$($py -c "import time, pandas as pd; t = time.perf_counter(); pd.read_csv('$data/friedman-200k.csv'); print(time.perf_counter() - t)")"$'\n'
done
pl=$(printf '%s' "$pandas_load" | median)
printf '\nCSV friedman-200k: mlp load_seconds %.3f s, pandas read_csv %.3f s: %.1fx\n' "$friedman_load" "$pl" "$(echo "$pl / $friedman_load" | bc -l)"
