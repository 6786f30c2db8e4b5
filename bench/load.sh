#!/usr/bin/env bash
# Load test of `synoptic serve` on loopback with wrk (Debian package): POSTs the example cluster
# for DURATION seconds at each concurrency level, prints requests/s, p50/p99 latency and errors,
# and the /healthz latency measured while the server is saturated (the runtime must stay free).
# Usage: bench/load.sh [DURATION_SECONDS] [CONCURRENCY...]   (defaults: 20 s; 1 4 16 64)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DURATION=${1:-20}
shift || true
LEVELS=${*:-1 4 16 64}

command -v wrk >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk; }
command -v python3 >/dev/null || { echo "python3 is needed to build the request body" >&2; exit 1; }
cargo build --release -q -p synoptic-cli
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/synoptic"

WORK=$(mktemp -d)
BODY="$WORK/cluster.json"
python3 - "$ROOT/examples/harbor-bridge" "$BODY" <<'PY'
import json, os, sys
d, out = sys.argv[1], sys.argv[2]
docs = []
for n in sorted(os.listdir(d)):
    t = open(os.path.join(d, n), encoding="utf-8").read()
    docs.append({"doc_id": n, ("html" if n.endswith(".html") else "text"): t})
json.dump({"cluster_id": "harbor-bridge", "documents": docs}, open(out, "w"))
PY

"$BIN" serve --addr 127.0.0.1:0 2>"$WORK/server.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do
    ADDR=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$WORK/server.log" | head -n1 || true)
    [ -n "${ADDR:-}" ] && break
    sleep 0.1
done
[ -n "${ADDR:-}" ] || { cat "$WORK/server.log" >&2; exit 1; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "server:  $(head -n1 "$WORK/server.log")"
echo "body:    $(wc -c <"$BODY") bytes (examples/harbor-bridge, 5 documents)"
curl -sf -X POST -H 'content-type: application/json' --data-binary @"$BODY" "$ADDR/v1/brief" >/dev/null
echo
printf '%-16s %6s %10s %9s %9s %9s %7s\n' endpoint conns 'req/s' 'p50 ms' 'p99 ms' 'max ms' errors
run() { # endpoint connections
    local path=$1 c=$2 threads=$(( $2 < 2 ? 1 : 2 ))
    BODY_FILE="$BODY" wrk -t"$threads" -c"$c" -d"${DURATION}s" --timeout 30s -s bench/load.lua "$ADDR$path" >"$WORK/wrk.out" 2>&1
    local line
    line=$(grep '^RESULT' "$WORK/wrk.out") || { cat "$WORK/wrk.out" >&2; exit 1; }
    eval "$(echo "$line" | sed -E 's/^RESULT //; s/ \(.*//')"
    printf '%-16s %6d %10s %9s %9s %9s %7s\n' "$path" "$c" "$rps" "$p50_ms" "$p99_ms" "$max_ms" "$errors"
}
for c in $LEVELS; do run /v1/brief "$c"; done
run /v1/brief.html 16

# The async runtime is not blocked by CPU work: /healthz answers fast while briefs saturate the
# workers.
BODY_FILE="$BODY" wrk -t2 -c64 -d"$(( DURATION < 10 ? DURATION : 10 ))s" -s bench/load.lua "$ADDR/v1/brief" >/dev/null 2>&1 &
LOAD=$!
sleep 2
worst=0
for _ in $(seq 1 20); do
    t=$(curl -sf -o /dev/null -w '%{time_total}' "$ADDR/healthz")
    worst=$(python3 -c "print(max($worst, $t))")
    sleep 0.1
done
wait $LOAD
echo
echo "/healthz under 64-connection load: worst of 20 = $(python3 -c "print(round($worst*1000, 2))") ms"
