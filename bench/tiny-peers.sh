#!/usr/bin/env bash
# Issue 21's tiny-network targets, one run on this machine: B4-moons per epoch against FANN 2.2
# (../shared/peers/fann_peer.c) and B1-tiny per step against PyTorch (torch_train.py), RUNS rounds
# (default 3), one line each. Needs the peers' Debian packages and libfann-dev (see
# ../shared/peers/README.md).
# Usage: bench/tiny-peers.sh [MLP_COMMAND]   (default: the Release build of src/mlp-cli)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/peer-env.sh"
peer_data influence 1000 influence-1k.csv
peer_data moons 400 moons-400.csv
fann="$data/fann_peer"
[ -x "$fann" ] || gcc -O2 -o "$fann" "$peers/fann_peer.c" -lfloatfann -lm

printf '%5s %16s %16s %6s %15s %18s %7s\n' round "B4 mlp µs/epoch" "B4 FANN µs/ep" ratio "B1 mlp µs/step" "B1 PyTorch µs/st" ratio
for round in $(seq "${RUNS:-3}"); do
  b4=$("$mlp" train "$data/moons-400.csv" --task binary --hidden 2 --activation tanh --epochs 200 \
    --batch-size 32 --lr 0.01 -o /tmp/tiny-peers-b4.mlp --json --quiet | field "1e6*d['train_seconds']/200")
  b4_fann=$("$fann" "$data/moons-400.csv" 2 200 incremental tanh | field "d['us_per_epoch']")
  b1=$("$mlp" train "$data/influence-1k.csv" --task binary --hidden 10 --activation relu --epochs 1000 \
    --batch-size 1000 --lr 0.01 -o /tmp/tiny-peers-b1.mlp --json --quiet | field "1e6*d['train_seconds']/d['steps']")
  b1_torch=$($py "$peers/torch_train.py" "$data/influence-1k.csv" --task binary --hidden 10 --activation relu \
    --epochs 1000 --batch-size 1000 --lr 0.01 | field "d['us_per_step']")
  printf '%5d %16.1f %16.1f %6.2f %15.1f %18.1f %6.1fx\n' "$round" "$b4" "$b4_fann" "$(echo "$b4 / $b4_fann" | bc -l)" \
    "$b1" "$b1_torch" "$(echo "$b1_torch / $b1" | bc -l)"
done
