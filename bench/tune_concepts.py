#!/usr/bin/env python3
"""Tunes the learned concept model's coefficients for ROUGE on DUC 2001 (standard library only).

The model is first fitted by likelihood: the script runs `cargo run --release -p synoptic
--example fit_concepts -- ../shared/data/duc2001.jsonl` (`concept_model::FITTED_MODEL`). Likelihood is
not what the summary is judged by, so this script then runs a coordinate search from the fit:
each coefficient in turn moves by +-step (0.5, then 0.25, then 0.12), and a move is kept only
when neither ROUGE-1 nor ROUGE-2 recall falls and their sum rises by more than 0.02, on DUC
2001 alone (the tuning protocol of docs/quality.md). The result is
`concept_model::CONCEPT_MODEL`. Finally it prints the other sets, which it never tuned on.

    python3 bench/tune_concepts.py [SYNOPTIC_BIN] [DATA_DIR]

Deterministic: same binary and data, same moves. About 40 evaluations, 1-2 minutes on 2 cores.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "target/release/synoptic")
DATA = sys.argv[2] if len(sys.argv) > 2 else os.path.join(REPO, "..", "shared", "data")

STEPS = [0.5, 0.25, 0.12]


def fitted():
    """The likelihood fit on DUC 2001, as fit_concepts prints it (`SYNOPTIC_TUNE=...model=a:b:...`)."""
    out = subprocess.run(
        ["cargo", "run", "--release", "-q", "-p", "synoptic", "--example", "fit_concepts", "--",
         os.path.join(DATA, "duc2001.jsonl")],
        cwd=REPO, check=True, capture_output=True, text=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("SYNOPTIC_TUNE="))
    return [float(x) for x in line.split("model=", 1)[1].split(":")]


def evaluate(model, data_set="duc2001", words=100, _cache={}):
    key = (tuple(round(x, 6) for x in model), data_set)
    if key not in _cache:
        tune = "model=" + ":".join(f"{x:.6f}" for x in model)
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "eval.json")
            subprocess.run(
                [BIN, "eval", os.path.join(DATA, f"{data_set}.jsonl"), "--words", str(words),
                 "--format", "json", "-o", out],
                env=dict(os.environ, SYNOPTIC_TUNE=tune), check=True, capture_output=True)
            with open(out, encoding="utf-8") as f:
                means = json.load(f)["means"]
        _cache[key] = (100 * means["rouge1_recall"]["mean"], 100 * means["rouge2_recall"]["mean"])
    return _cache[key]


def main():
    start = fitted()
    cur = list(start)
    best = evaluate(cur)
    print(f"fitted: R-1 {best[0]:.2f} R-2 {best[1]:.2f}", flush=True)
    for step in STEPS:
        improved = True
        while improved:
            improved = False
            # Every coefficient the fit gave a value: one it left at 0 belongs to a feature
            # that is always 0 (single-word concepts, off by default) or left out (FIT_MASK).
            for i in (i for i in range(len(cur)) if start[i] != 0.0):
                for delta in (step, -step):
                    trial = list(cur)
                    trial[i] = round(trial[i] + delta, 6)
                    r = evaluate(trial)
                    if r[0] >= best[0] and r[1] >= best[1] and sum(r) > sum(best) + 0.02:
                        cur, best, improved = trial, r, True
                        print(f"step {step}: coefficient {i} -> {cur[i]:.6f}: "
                              f"R-1 {r[0]:.2f} R-2 {r[1]:.2f}", flush=True)
    print("pub const CONCEPT_MODEL: [f64; CONCEPT_FEATURES] = ["
          + ", ".join(f"{x:.6f}" for x in cur) + "];")
    for data_set, words in [("duc2002", 100), ("multinews_val", 260), ("neus_val", 60)]:
        a, b = evaluate(start, data_set, words), evaluate(cur, data_set, words)
        print(f"{data_set} (not tuned on): fitted {a[0]:.2f} / {a[1]:.2f}, "
              f"tuned {b[0]:.2f} / {b[1]:.2f}", flush=True)


if __name__ == "__main__":
    main()
