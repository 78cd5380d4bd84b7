# Sourced by the peer scripts: where the peers, their data and the mlp command are, the Python
# that runs the peers at full strength (../shared/peers/README.md), and two helpers.
# Expects $here (the bench folder) and the caller's "$@" (its optional MLP_COMMAND).
peers=${PEERS:-$here/../../shared/peers}
data=${DATA:-/tmp/peerdata}
mlp=${1:-$here/../src/mlp-cli/bin/Release/net10.0/mlp}
py="env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=1 /usr/bin/python3"
mkdir -p "$data"

# peer_data KIND ROWS FILE: the peers' generated data set, made once.
peer_data() { [ -f "$data/$3" ] || $py "$peers/gen_data.py" "$1" "$2" "$data/$3"; }

# field EXPRESSION: a Python expression over the JSON object `d` read from stdin.
field() { $py -c "import json,sys; d=json.loads(sys.stdin.read()); print(eval(sys.argv[1]))" "$1"; }
