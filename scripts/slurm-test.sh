#!/usr/bin/env bash
# Runs mlp on a real one-node Slurm cluster: installs Debian's slurm-wlm and munge where they
# are missing (as root), starts munged, slurmctld and slurmd with a short slurm.conf, then runs
# predict, a 12-combination sweep, 5-fold cross-validation, permutation importance and partial
# dependence each with `--slurm FILE --shard-count 4 --submit` (a 4-task job array and a merge
# job that waits for it) on a CSV with quoted line breaks, and checks that each merged output is
# the whole run's, byte for byte (the sweep's but for the seconds each combination took).
#
#   scripts/slurm-test.sh [MLP]     MLP: the mlp command to test (default: mlp on the PATH)
#
# Ends with "slurm-test: passed" (exit 0) or "slurm-test: failed: why" (exit 1).
set -uo pipefail
mlp=${1:-mlp}
fail() { echo "slurm-test: failed: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "run it as root: it starts the Slurm daemons"
command -v "$mlp" >/dev/null || fail "no mlp command '$mlp'"

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge) >/dev/null 2>&1 \
    || fail "slurm-wlm and munge could not be installed"
fi

work=$(mktemp -d)
trap 'pkill -x slurmd; pkill -x slurmctld; sleep 1; rm -rf "$work" 2>/dev/null' EXIT
host=$(hostname -s)

# munge: a key, then the daemon (it refuses a key others can read).
if [ ! -s /etc/munge/munge.key ]; then
  dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null
fi
chown munge:munge /etc/munge/munge.key 2>/dev/null; chmod 400 /etc/munge/munge.key
mkdir -p /run/munge && chown munge:munge /run/munge 2>/dev/null
pgrep -x munged >/dev/null || su -s /bin/sh munge -c munged 2>/dev/null || munged --force 2>/dev/null \
  || fail "munged did not start"

mkdir -p "$work/state" "$work/spool" /etc/slurm
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=mlptest
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
ReturnToService=2
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
pkill -x slurmd; pkill -x slurmctld; sleep 1
slurmctld -i || fail "slurmctld did not start: $(tail -3 "$work/slurmctld.log" 2>/dev/null)"
slurmd || fail "slurmd did not start: $(tail -3 "$work/slurmd.log" 2>/dev/null)"
for _ in $(seq 60); do
  sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)' && break
  sleep 1
done
sinfo -h -o %t | grep -qE '^(idle|mix|alloc)' || fail "the node did not come up: $(sinfo 2>&1 | tail -2)"

cd "$work"
# Data: 6,000 rows with a quoted text column (some quotes hold commas and line breaks), and a
# model trained on them.
awk 'BEGIN { srand(7); print "x1,x2,note,y";
  split("plain|\"with, comma\"|\"two\nlines\"|\"a \"\"quote\"\"\"", notes, "|");
  for (r = 0; r < 6000; r++) { x1 = rand() * 8 - 4; x2 = int(rand() * 10);
    printf "%.5f,%d,%s,%s\n", x1, x2, notes[1 + int(rand() * 4)], (x1 * x2 > 2 ? "a" : "b") } }' > data.csv
"$mlp" train data.csv -o model.mlp --epochs 3 --hidden 16 -q >/dev/null || fail "training the model failed"

wait_for() {
  for _ in $(seq 300); do
    [ -z "$(squeue -h -j "$1" 2>/dev/null)" ] && return 0
    sleep 1
  done
  return 1
}

check() { # name, then the mlp command line
  local name=$1; shift
  "$mlp" "$@" > "whole-$name.out" 2>/dev/null || fail "$name: the whole run failed"
  ids=$("$mlp" "$@" --slurm "merged-$name.out" --shard-count 4 --submit) || fail "$name: submitting failed"
  read -r array merge <<< "$ids"
  [ -n "${merge:-}" ] || fail "$name: no job ids printed ($ids)"
  wait_for "$merge" || fail "$name: the jobs did not finish"
  [ -s "merged-$name.out" ] || fail "$name: no merged file: $(tail -3 "merged-$name.out.merge.log" 2>/dev/null)"
  if [ "$name" = sweep ]; then
    # The seconds each combination took are measured, not computed: no two runs share them.
    cmp -s <(grep -v '"train_seconds"' "whole-$name.out") <(grep -v '"train_seconds"' "merged-$name.out") \
      || fail "$name: the merged output differs from the whole run's"
  else
    cmp -s "whole-$name.out" "merged-$name.out" || fail "$name: the merged output differs from the whole run's"
  fi
  echo "slurm-test: $name: job array $array (4 tasks) and merge $merge: $(wc -c < "whole-$name.out") bytes, the same as the whole run's"
}

check predict predict model.mlp data.csv --keep
check sweep sweep data.csv --activation relu,tanh --lr 0.003,0.01,0.03 --hidden 8 --hidden 16 --epochs 3 --json -q
check cv train data.csv --cv 5 --epochs 3 --hidden 16 -q
check importance importance model.mlp data.csv --method permutation --repeats 4
check pdp pdp model.mlp data.csv --features x1 --kind both --json
echo "slurm-test: passed"
