#!/usr/bin/env bash
# Instructions the facts stage executes per cluster, counted by callgrind (deterministic, unlike
# wall time on a shared machine): `synoptic bench` runs over the first N clusters of a data set
# once and three times under `valgrind --tool=callgrind --toggle-collect=synoptic::facts::extract`,
# and the difference is divided by the extra calls, so one-time costs (compiling the patterns,
# building the gazetteer sets) cancel out. Needs valgrind and a release build.
#
#   bash bench/facts_instructions.sh [DATA.jsonl] [N]
#
# Use a set without foreign tails (NeuS): where ranking cuts one, cancelled early units stop at
# a point that depends on timing, and the count is no longer repeatable.
set -euo pipefail
data=${1:-../shared/data/neus_val.jsonl}
n=${2:-150}
bin=target/release/synoptic
[ -x "$bin" ] || { echo "build first: cargo build --release -p synoptic-cli" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head -n "$n" "$data" > "$tmp/set.jsonl"
clusters=$(grep -c . "$tmp/set.jsonl")
for r in 1 3; do
  valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$r" \
    --toggle-collect='synoptic::facts::extract' \
    "$bin" bench "$tmp/set.jsonl" --repeat "$r" --scale 0 > /dev/null 2>&1 &
done
wait
total() { callgrind_annotate --auto=no "$1" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'; }
one=$(total "$tmp/cg.1")
three=$(total "$tmp/cg.3")
# `synoptic bench` extracts facts four times per cluster and run (stage timings, facts on one
# thread, the default, end to end); two more runs add 2 x 4 calls per cluster.
echo "facts::extract: $(( (three - one) / (clusters * 8) )) instructions per cluster ($clusters clusters of $(basename "$data"))"
