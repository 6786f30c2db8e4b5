#!/usr/bin/env bash
# Instructions the facts stage executes per cluster, counted by callgrind (deterministic, unlike
# wall time on a shared machine): `synoptic bench` runs over the first N clusters of a data set
# once and three times under `valgrind --tool=callgrind --toggle-collect=synoptic::facts::extract`,
# and the difference is divided by the extra calls, so one-time costs (compiling the patterns,
# building the gazetteer sets) cancel out. Needs valgrind and a release build.
#
#   bash bench/facts_instructions.sh [DATA.jsonl] [N]
#
# Use a set without foreign tails (NeuS), so that every call extracts the same facts.
set -euo pipefail
data=${1:-../shared/data/neus_val.jsonl}
n=${2:-150}
bin=${SYNOPTIC_BIN:-target/release/synoptic}
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
# `synoptic bench` calls facts::extract once per cluster and run (the "facts on the briefing
# thread" variant; the others run the same chains as early units beside the summarizer); two
# more runs add 2 calls per cluster.
echo "facts::extract: $(( (three - one) / (clusters * 2) )) instructions per cluster ($clusters clusters of $(basename "$data"))"
