#!/usr/bin/env bash
# Regenerates docs/quality.md: Synoptic against sumy's summarizers, Lead, Random and a greedy
# oracle on the four evaluation sets and on DUC at 200 words (a check: never tuned on), plus the
# ablation rows (one per summarizer idea).
#
#   bash bench/quality.sh            # everything (25 to 40 minutes on 2 cores)
#   QUICK=1 bash bench/quality.sh    # first 20 clusters per set, for a smoke test
#   MINILM=1 bash bench/quality.sh   # also the E rows (MiniLM embeddings): builds with
#                                    # --features minilm, runs bench/minilm/fetch.sh, +30 minutes
#   MINILM=only bash bench/quality.sh  # only the E rows; the other results already in
#                                      # bench/peers/out are kept, and the page is rewritten
# E rows live in bench/peers/out/ablation_minilm and stay on the page until the next MINILM run.
#
# Reads ../shared/data at run time (override with SYNOPTIC_DATA); writes bench/peers/out/
# (git-ignored) and docs/quality.md.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
DATA="${SYNOPTIC_DATA:-$REPO/../shared/data}"
OUT="$HERE/peers/out"
SYN="$OUT/synoptic"
mkdir -p "$SYN" "$OUT/ablation"
LIMIT=()
[[ -n "${QUICK:-}" ]] && LIMIT=(--limit 20)

cargo build --release -q -p synoptic-cli --manifest-path "$REPO/Cargo.toml"
BIN="$REPO/target/release/synoptic"
SETS=(duc2001:100 duc2002:100 multinews_val:260 neus_val:60)
# Checks at another budget, never tuned on: DUC at 200 words against the 200-word abstracts.
CHECK_SETS=(duc2001_200:200 duc2002_200:200)

if [[ "${MINILM:-}" != only ]]; then
echo "== Synoptic (default settings)" >&2
for sw in "${SETS[@]}"; do
  name=${sw%%:*}; words=${sw##*:}
  "$BIN" eval "$DATA/$name.jsonl" --words "$words" "${LIMIT[@]}" --format json -o "$SYN/$name.json"
done

echo "== peers (sumy, baselines, oracle), scored with rouge-score" >&2
if [[ -n "${QUICK:-}" ]]; then
  for sw in "${SETS[@]}"; do
    name=${sw%%:*}; words=${sw##*:}
    bash "$HERE/peers/run.sh" --data "$DATA/$name.jsonl" --words "$words" --limit 20 \
      --synoptic-json "$SYN/$name.json" --out "$OUT/$name.json" >/dev/null
  done
else
  SYNOPTIC_OUTPUTS="$SYN" bash "$HERE/peers/run.sh" >/dev/null
fi
for sw in "${CHECK_SETS[@]}"; do
  name=${sw%%:*}; words=${sw##*:}
  "$BIN" eval "$DATA/$name.jsonl" --words "$words" "${LIMIT[@]}" --format json -o "$SYN/$name.json"
  bash "$HERE/peers/run.sh" --data "$DATA/$name.jsonl" --words "$words" "${LIMIT[@]}" \
    --synoptic-json "$SYN/$name.json" --out "$OUT/$name.json" >/dev/null
done

echo "== ablations" >&2
# The learned concept model as fitted on DUC 2001 (rows A11, A12), and refitted with unigram
# concepts (X11): SYNOPTIC_TUNE values printed by the fitting example, not copies of them.
cargo build --release -q -p synoptic --example fit_concepts --manifest-path "$REPO/Cargo.toml"
FIT="$REPO/target/release/examples/fit_concepts"
FITTED=$("$FIT" "$DATA/duc2001.jsonl" 2>/dev/null | sed -n 's/^SYNOPTIC_TUNE=learned=1,//p')
FITTED_UNIGRAMS=$(FIT_UNIGRAMS=1 "$FIT" "$DATA/duc2001.jsonl" 2>/dev/null | sed -n 's/^SYNOPTIC_TUNE=learned=1,//p')
# name|SYNOPTIC_TUNE settings (see crates/synoptic-cli/src/args.rs for the keys)
ABLATIONS=(
  "A0 concept coverage only (Gillick & Favre bigrams, df weights, greedy + local search)|learned=0,min_words=6,position_weight=0,centroid_weight=0,dangling=0,small_cluster_words=0,min_relevance=0,duplicate_threshold=2,lead_sentences=0,exact_candidates=0,debris=0,fill=0,ellipsis=0,lead_ins=0,unfinished=0"
  "A1 + sentences of at least 10 words|learned=0,position_weight=0,centroid_weight=0,dangling=0,small_cluster_words=0,min_relevance=0,duplicate_threshold=2,lead_sentences=0,exact_candidates=0,debris=0,fill=0,ellipsis=0,lead_ins=0,unfinished=0"
  "A2 + lead-position prior (weight 4)|learned=0,centroid_weight=0,dangling=0,small_cluster_words=0,min_relevance=0,duplicate_threshold=2,lead_sentences=0,exact_candidates=0,debris=0,fill=0,ellipsis=0,lead_ins=0,unfinished=0"
  "A3 + connective / pronoun-quote / unbalanced-quote filter|learned=0,centroid_weight=0,small_cluster_words=0,min_relevance=0,duplicate_threshold=2,lead_sentences=0,exact_candidates=0,debris=0,fill=0,ellipsis=0,lead_ins=0,unfinished=0"
  "A4 + every concept counts in small clusters (<600 words)|learned=0,centroid_weight=0,min_relevance=0,duplicate_threshold=2,lead_sentences=0,exact_candidates=0,debris=0,fill=0,ellipsis=0,lead_ins=0,unfinished=0"
  "A5 + centroid-similarity prior (weight 10)|learned=0,centroid_weight=10,min_relevance=0,duplicate_threshold=2,lead_sentences=0,exact_candidates=0,debris=0,fill=0,ellipsis=0,lead_ins=0,unfinished=0"
  "A6 + near-duplicate collapse, off-topic exclusion, out-of-period demotion|learned=0,centroid_weight=10,lead_sentences=0,exact_candidates=0,debris=0,fill=0,ellipsis=0,lead_ins=0,unfinished=0"
  "A7 + concepts in a document's first 2 sentences get +1 per document|learned=0,centroid_weight=10,exact_candidates=0,lead_boost=1,lead_span=0,debris=0,fill=0,ellipsis=0,lead_ins=0,unfinished=0"
  "A8 + exact branch and bound over the top 20 candidates|learned=0,centroid_weight=10,lead_boost=1,lead_span=0,debris=0,fill=0,ellipsis=0,lead_ins=0,unfinished=0"
  "A9 + lead concepts get +2 per document instead of +1 (tuned on DUC 2001)|learned=0,centroid_weight=10,lead_span=0,debris=0,fill=0,ellipsis=0,lead_ins=0,unfinished=0"
  "A10 + a document's lead is at most one sentence per five it has (idea from NeuS; no change on DUC 2001)|learned=0,centroid_weight=10,debris=0,fill=0,ellipsis=0,lead_ins=0,unfinished=0"
  "A11 + learned concept weights: the chance a human summary carries the concept, logistic model fitted on DUC 2001 (fit_concepts)|centroid_weight=10,$FITTED,debris=0,fill=0,ellipsis=0,lead_ins=0,unfinished=0"
  "A12 + centroid-similarity prior weight 12 instead of 10 (retuned on DUC 2001 for A11)|$FITTED,debris=0,fill=0,ellipsis=0,lead_ins=0,unfinished=0"
  "A13 + three of the model's coefficients moved by a coordinate search for ROUGE on DUC 2001 (bench/tune_concepts.py)|debris=0,fill=0,ellipsis=0,lead_ins=0,unfinished=0"
  "A14 + a pick that is page furniture glued into a prose line (sign-up prompt, caption or photo credit, notice, teaser, link) is refused and selection runs again|fill=0,ellipsis=0,lead_ins=0,unfinished=0"
  "A15 + room the concept objective leaves (a cluster shorter than the budget, or its weighted concepts all covered) goes to sentences bringing new content terms, eligible first, then whole sentences turned down only for reading less well out of context|ellipsis=0,lead_ins=0,unfinished=0"
  "A16 + a sentence ending in an ellipsis (a teaser cut off by its page, or trailing off) is not quoted|lead_ins=0,unfinished=0"
  "A17 + a sentence ending in a colon (a lead-in to a list or a quotation the brief does not carry) is not quoted|unfinished=0"
  "A18 + a line that does not end as a sentence (a headline, a pull quote's credit, a list item) is not quoted, unless it is its document's last (an excerpt cut off there) = default|"
  "X1 tried: length exponent 0.5 in the greedy ratio|length_exponent=0.5"
  "X2 tried: concept weight df^2 (on document-frequency weights: against A10)|learned=0,centroid_weight=10,df_power=2,debris=0,fill=0,ellipsis=0,lead_ins=0,unfinished=0"
  "X3 tried: bigrams plus unigram concepts (weight 0.5)|concepts=2,unigram_weight=0.5"
  "X4 tried: bigrams of content words only|concepts=1"
  "X5 tried: exact search over the top 40 candidates|exact_candidates=40"
  "X6 tried: no sentence opening with a quotation|skip_quotes=1"
  "X7 tried: minimum document frequency 2 everywhere|min_df=2"
  "X8 tried: sentence compression, cores without an opening connective or closing attribution as alternatives (opt-in --compress)|compress=1"
  "X9 tried: concepts in a document's title get +2 per document (like the lead) (on document-frequency weights: against A10)|learned=0,centroid_weight=10,title_boost=2,debris=0,fill=0,ellipsis=0,lead_ins=0,unfinished=0"
  "X10 tried: title prior, 5 × mean weight × the share of the cluster's title words a sentence carries|title_weight=5"
  "X11 tried: unigram concepts at half weight, with the learned model refitted for them (FIT_UNIGRAMS=1 fit_concepts on DUC 2001)|concepts=2,unigram_weight=0.5,$FITTED_UNIGRAMS"
)
: >"$OUT/ablation/index.tsv"
i=0
for row in "${ABLATIONS[@]}"; do
  label=${row%%|*}; tune=${row#*|}
  for sw in "${SETS[@]}"; do
    name=${sw%%:*}; words=${sw##*:}
    SYNOPTIC_TUNE="$tune" "$BIN" eval "$DATA/$name.jsonl" --words "$words" "${LIMIT[@]}" \
      --format json -o "$OUT/ablation/$i.$name.json"
  done
  printf '%s\t%s\t%s\n' "$i" "$label" "$tune" >>"$OUT/ablation/index.tsv"
  i=$((i + 1))
done

fi

if [[ -n "${MINILM:-}" ]]; then
  echo "== ablations with MiniLM embeddings (rows E)" >&2
  MODEL="$(bash "$HERE/minilm/fetch.sh")"
  cargo build --release -q -p synoptic-cli --features minilm --manifest-path "$REPO/Cargo.toml"
  E_OUT="$OUT/ablation_minilm"
  rm -rf "$E_OUT"; mkdir -p "$E_OUT"
  : >"$E_OUT/index.tsv"
  # name|settings|sets (empty: all four; the tuning rows ran on DUC 2001 only)
  EMBEDDING_ROWS=(
    "E1 tried: + MiniLM centrality prior, 3 × mean weight × (cos − 0.5), top 40 candidates embedded|embedding_weight=3,embedding_offset=0.5|"
    "E2 tried: + MiniLM centrality prior, 10 × (cos − 0.5)|embedding_weight=10,embedding_offset=0.5|duc2001"
    "E3 tried: + MiniLM centrality prior, 10 × cos (no offset)|embedding_weight=10,embedding_offset=0|duc2001"
    "E4 tried: + MiniLM centrality prior, 3 × cos (no offset)|embedding_weight=3,embedding_offset=0|duc2001"
    "E5 tried: MiniLM centrality instead of tf-idf centrality, 10 × (cos − 0.5)|centroid_weight=0,embedding_weight=10,embedding_offset=0.5|duc2001"
    "E6 tried: MiniLM redundancy only (no two picks with cosine > 0.8)|embedding_weight=0,embedding_duplicate=0.8|duc2001"
  )
  e=0
  for row in "${EMBEDDING_ROWS[@]}"; do
    IFS='|' read -r label tune only <<<"$row"
    for sw in "${SETS[@]}"; do
      name=${sw%%:*}; words=${sw##*:}
      [[ -n "$only" && "$only" != "$name" ]] && continue
      SYNOPTIC_TUNE="$tune" "$BIN" eval "$DATA/$name.jsonl" --words "$words" "${LIMIT[@]}" \
        --embeddings "$MODEL" --format json -o "$E_OUT/$e.$name.json"
    done
    printf '%s\t%s\t%s\n' "$e" "$label" "--embeddings DIR $tune" >>"$E_OUT/index.tsv"
    e=$((e + 1))
  done
  # The default build again, so later runs of this script do not time the minilm binary.
  cargo build --release -q -p synoptic-cli --manifest-path "$REPO/Cargo.toml"
fi

# The old page goes in too: E rows measured by an earlier MINILM run are carried over from it
# when bench/peers/out has none of its own.
python3 "$HERE/quality_report.py" "$OUT" "$REPO/docs/quality.md" >"$OUT/quality.md"
mv "$OUT/quality.md" "$REPO/docs/quality.md"
echo "wrote docs/quality.md" >&2
