#!/usr/bin/env bash
# Coverage-guided fuzzing of mlp's readers with afl-fuzz (Debian's afl++) and SharpFuzz:
#   fuzz/run.sh TARGET [SECONDS]      TARGET: csv, gzip, parquet, model or predict (default 600 s)
# Publishes fuzz/Mlp.Fuzz, instruments mlp.dll, Mlp.Core.dll and the readers they call (CsvHelper, Parquet.Net),
# writes seed files, and runs afl-fuzz; crashes are kept under fuzz/findings/TARGET/default/crashes.
# Reproduce one with: dotnet fuzz/bin/Mlp.Fuzz.dll TARGET < CRASH_FILE
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh csv|gzip|parquet|model|predict [SECONDS]}
seconds=${2:-600}
command -v afl-fuzz >/dev/null || { echo "fuzz: afl-fuzz is missing: apt-get install afl++" >&2; exit 1; }
if [ ! -f bin/.instrumented ]; then
  rm -rf bin seeds
  dotnet publish Mlp.Fuzz -c Release -o bin >/dev/null
  # Seeds first: instrumented code runs only under afl-fuzz.
  dotnet bin/Mlp.Fuzz.dll seeds seeds >/dev/null
  (cd .. && dotnet tool restore >/dev/null)
  for assembly in mlp.dll Mlp.Core.dll CsvHelper.dll Parquet.dll; do
    (cd .. && dotnet sharpfuzz "fuzz/bin/$assembly")
  done
  touch bin/.instrumented
fi
mkdir -p findings
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
seeds=seeds/$target
[ "$target" = predict ] && seeds=seeds/csv   # CSV rows for the seed model
afl-fuzz -i "$seeds" -o "findings/$target" -t 10000 -m none -V "$seconds" -- dotnet bin/Mlp.Fuzz.dll "$target"
