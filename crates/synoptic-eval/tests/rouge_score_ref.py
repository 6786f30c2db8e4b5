"""Reference scorer for the Rust agreement test (tests/rouge_agreement.rs).

Runs Google's rouge-score (and NLTK's Porter stemmer) on inputs written by the
Rust test and prints the results as JSON, one object per line.

Usage:
  rouge_score_ref.py versions
  rouge_score_ref.py score INPUT.jsonl
      INPUT lines: {"id": ..., "candidate": str, "references": [str, ...]}
      output lines: {"id": ..., "rouge1": [P, R, F], "rouge2": [...], "rougeL": [...]}
      Multi-reference: each of P, R, F is the mean of the per-reference values
      (summed in reference order, divided by the count); no references -> zeros.
  rouge_score_ref.py stem INPUT.json
      INPUT: a JSON list of words; output: one JSON list of their stems.
"""

import json
import sys

TYPES = ["rouge1", "rouge2", "rougeL"]


def versions():
    from importlib import metadata

    print(json.dumps({p: metadata.version(p) for p in ("rouge-score", "nltk")}))


def score(path):
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(TYPES, use_stemmer=True)
    out = sys.stdout
    with open(path, encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            refs = item["references"]
            # rouge-score's signature is score(target, prediction).
            per_ref = [scorer.score(r, item["candidate"]) for r in refs]
            result = {"id": item["id"]}
            for t in TYPES:
                triple = []
                for field in ("precision", "recall", "fmeasure"):
                    total = 0.0
                    for s in per_ref:
                        total += getattr(s[t], field)
                    triple.append(total / len(per_ref) if per_ref else 0.0)
                result[t] = triple
            out.write(json.dumps(result) + "\n")


def stem(path):
    from nltk.stem import porter

    stemmer = porter.PorterStemmer()
    with open(path, encoding="utf-8") as f:
        words = json.load(f)
    print(json.dumps([stemmer.stem(w) for w in words]))


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "versions":
        versions()
    elif cmd == "score" and len(sys.argv) == 3:
        score(sys.argv[2])
    elif cmd == "stem" and len(sys.argv) == 3:
        stem(sys.argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
