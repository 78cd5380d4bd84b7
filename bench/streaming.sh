#!/usr/bin/env bash
# Training beyond memory (issue 33), side by side on one machine, as root (cgroup v1):
# a CSV of 9M rows x 21 columns (about 1.7 GB) trained under a 400 MB memory cgroup (streamed
# from its cache), against the same training in memory without a limit; held-out R² of both
# on 200,000 other rows, per seed, and each run's training seconds per epoch.
# usage: bench/streaming.sh [ROWS] [EPOCHS] [SEEDS]   (mlp on PATH; python3 with numpy)
set -euo pipefail
rows=${1:-9000000}
epochs=${2:-5}
seeds=${3:-"1 2 3"}
here=$(cd "$(dirname "$0")" && pwd)
work=${WORK:-/tmp/mlp-streaming}
mkdir -p "$work"
cd "$work"
if [ ! -s big.csv ]; then
  python3 "$here/streaming-data.py" "$rows" big.csv 200000 test.csv
fi
echo "data: $(du -h big.csv | cut -f1) ($(wc -l < big.csv) lines)"
group=/sys/fs/cgroup/memory/mlp-streaming
mkdir -p "$group"
echo $((400 * 1024 * 1024)) > "$group/memory.limit_in_bytes"
rm -f big.csv.*.mlpcache
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d$2)" "$1"; }
r2() { mlp eval "$1" test.csv --json | python3 -c "import json,sys; print(json.load(sys.stdin)['metrics']['r2'])"; }
for seed in $seeds; do
  echo 0 > "$group/memory.max_usage_in_bytes"
  /usr/bin/time -f "%M" -o rss.txt sh -c "echo \$\$ > $group/cgroup.procs; exec mlp train big.csv --epochs $epochs --seed $seed -o streamed.mlp --json -q" > streamed.json
  peak=$(( $(cat "$group/memory.max_usage_in_bytes") >> 20 ))
  /usr/bin/time -f "%M" -o rss-memory.txt mlp train big.csv --epochs "$epochs" --seed "$seed" -o memory.mlp --json -q > memory.json
  echo "seed $seed: streamed (400 MB cgroup): R² $(r2 streamed.mlp), $(field streamed.json "['train_seconds']") s training, read $(field streamed.json "['load_seconds']") s (cache $(field streamed.json "['streamed']['cache_reused']" | sed 's/True/reused/;s/False/made/')), max RSS $(( $(cat rss.txt) >> 10 )) MiB, cgroup peak $peak MiB (page cache included)"
  echo "seed $seed: in memory (no limit):        R² $(r2 memory.mlp), $(field memory.json "['train_seconds']") s training, read $(field memory.json "['load_seconds']") s, max RSS $(( $(cat rss-memory.txt) >> 10 )) MiB"
done
