#!/usr/bin/env python3
"""How long a brief takes when it does not follow another brief at once.

Feeds the first CLUSTERS lines of a data set, one at a time, to one
`synoptic eval - --format jsonl` process and reports the median of the seconds
Synoptic measured around its summarizer (the first brief, which compiles the
patterns, left out), with each of three things done between two clusters:

  none  nothing but reading the answer and writing the next line
  spin  5 ms of busy Python, touching little memory
  busy  a write to every cache line of 8 MB

    python3 bench/cold_briefs.py [DATA.jsonl] [WORDS] [CLUSTERS]

Defaults: ../shared/data/neus_val.jsonl, 60 words, 120 clusters. Reads the data
at run time; build the binary first (cargo build --release -p synoptic-cli).
See docs/performance.md, "Cold briefs".
"""

import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BIN = os.path.join(REPO, "target", "release", "synoptic")
sys.path.insert(0, os.path.join(HERE, "peers"))
from synoptic_stream import SynopticStream  # noqa: E402  (standard library only)


def median_ms(lines, words, between):
    stream = SynopticStream(BIN, words, truncate=False)
    seconds = []
    for i, line in enumerate(lines):
        between()
        _, secs = stream.brief(line, str(json.loads(line)["cluster_id"]))
        if i > 0:
            seconds.append(secs)
    stream.close()
    return 1000 * statistics.median(seconds)


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "data", "neus_val.jsonl")
    words = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 120
    with open(data, encoding="utf-8") as f:
        lines = [l for l in f if l.strip()][:count]
    memory = bytearray(8 << 20)

    def none():
        pass

    def spin():
        t = time.perf_counter()
        while time.perf_counter() - t < 0.005:
            pass

    def busy():
        for k in range(0, len(memory), 64):
            memory[k] = (memory[k] + 1) & 255

    print(f"| between clusters | Synoptic median ms ({os.path.basename(data)}, {len(lines)} clusters, {words} words) |")
    print("|---|---:|")
    for name, between in (("none", none), ("spin 5 ms", spin), ("write 8 MB", busy)):
        print(f"| {name} | {median_ms(lines, words, between):.3f} |")


if __name__ == "__main__":
    main()
