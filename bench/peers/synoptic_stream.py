"""Synoptic as a process fed one cluster at a time (`synoptic eval - --format jsonl`), for
the scripts that time it between other work: peers.py --synoptic-bin and cold_briefs.py.
Standard library only, so that either can import it."""

import json
import subprocess


class SynopticStream:
    """A `synoptic eval - --format jsonl` process fed one cluster line at a time: its answer
    carries the summary and the seconds Synoptic measured around its summarizer alone."""

    def __init__(self, binary: str, words: int, truncate: bool):
        cmd = [binary, "eval", "-", "--words", str(words), "--format", "jsonl"]
        if truncate:
            cmd.append("--truncate")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, encoding="utf-8", bufsize=1)

    def brief(self, line: str, cluster_id: str) -> tuple[str, float]:
        self.proc.stdin.write(line.rstrip("\n") + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        if not answer:
            raise RuntimeError(f"synoptic exited before answering for {cluster_id}")
        rec = json.loads(answer)
        if rec.get("cluster_id") != cluster_id:
            raise RuntimeError(f"synoptic answered {rec.get('cluster_id')!r} for {cluster_id!r}: "
                               f"{rec.get('error')}")
        return rec["summary"], float(rec["seconds"])

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()
