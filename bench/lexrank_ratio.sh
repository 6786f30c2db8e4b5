#!/usr/bin/env bash
# How many times faster than sumy's LexRank Synoptic is, over several rounds: each round runs
# `synoptic eval` and then the peer harness with LexRank alone on the same set, and prints both
# medians per cluster and their ratio; the last line gives the median ratio over the rounds.
# One run of bench/quality.sh gives one such round; on a shared machine the ratio swings from
# run to run, and this is how to see by how much.
#
#   bash bench/lexrank_ratio.sh [SET] [WORDS] [ROUNDS]    # default: neus_val 60 5
#
# Reads ../shared/data at run time (override with SYNOPTIC_DATA); writes only to a temp folder.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
DATA="${SYNOPTIC_DATA:-$REPO/../shared/data}"
SET="${1:-neus_val}"
WORDS="${2:-60}"
ROUNDS="${3:-5}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

cargo build --release -q -p synoptic-cli --manifest-path "$REPO/Cargo.toml"
BIN="$REPO/target/release/synoptic"
bash "$HERE/peers/run.sh" setup >/dev/null

echo "| $SET ($WORDS words) | Synoptic median ms/cluster | LexRank median ms/cluster | × faster |"
echo "|---|---:|---:|---:|"
for r in $(seq "$ROUNDS"); do
  "$BIN" eval "$DATA/$SET.jsonl" --words "$WORDS" --format json -o "$TMP/synoptic.$r.json"
  bash "$HERE/peers/run.sh" --data "$DATA/$SET.jsonl" --words "$WORDS" --systems LexRank \
    --no-summaries --out "$TMP/lexrank.$r.json" >/dev/null 2>&1
  python3 - "$TMP" "$r" <<'PY'
import json, sys
tmp, r = sys.argv[1], sys.argv[2]
s = json.load(open(f"{tmp}/synoptic.{r}.json"))["median_ms_per_cluster"]
l = 1000 * json.load(open(f"{tmp}/lexrank.{r}.json"))["systems"]["LexRank"]["median_seconds"]
print(f"| round {r} | {s:.3f} | {l:.2f} | {l / s:.1f}× |")
PY
done | tee "$TMP/rows"
python3 - "$TMP/rows" <<'PY'
import statistics, sys
ratios = [float(l.rsplit("|", 2)[1].strip().rstrip("×")) for l in open(sys.argv[1]) if l.startswith("| round")]
print(f"\nmedian over {len(ratios)} rounds: {statistics.median(ratios):.1f}× "
      f"(range {min(ratios):.1f}× to {max(ratios):.1f}×)")
PY
