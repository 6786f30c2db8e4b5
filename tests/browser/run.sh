#!/usr/bin/env bash
# End-to-end browser test: builds the release binary, starts `synoptic serve` on a free loopback
# port, drives Debian's headless Chromium through the web page with playwright-core, and saves
# screenshots to target/browser-artifacts/. Installs chromium (apt) and playwright-core (npm) when
# missing. Exits non-zero on any failure; always stops the server it started.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
ART="$ROOT/target/browser-artifacts"
mkdir -p "$ART"

if [ ! -x /usr/bin/chromium ]; then
    echo "== installing chromium (apt)"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-dejavu-core
fi
command -v node >/dev/null || { echo "node is required (apt-get install nodejs npm)" >&2; exit 1; }

echo "== playwright-core (npm)"
(cd tests/browser && { npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund --loglevel=error; })

echo "== release build"
cargo build --release -q -p synoptic-cli
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/synoptic"

LOG="$ART/server.log"
"$BIN" serve --addr 127.0.0.1:0 2>"$LOG" &
SERVER=$!
cleanup() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
trap cleanup EXIT

ADDR=""
for _ in $(seq 1 100); do
    ADDR=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$LOG" | head -n1 || true)
    [ -n "$ADDR" ] && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$LOG" >&2; echo "server exited" >&2; exit 1; }
    sleep 0.2
done
[ -n "$ADDR" ] || { cat "$LOG" >&2; echo "server did not start" >&2; exit 1; }
echo "== server at $ADDR"

node tests/browser/report.test.mjs "$ADDR" "$ROOT/examples/harbor-bridge" "$ART"
echo "== browser test passed; screenshots in $ART"
