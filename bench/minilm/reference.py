"""Reference embeddings from sentence-transformers for the sentences of the Rust test
`minilm_matches_sentence_transformers` (crates/synoptic/tests/minilm.rs): prints the cosine
matrix and the first components of each vector. Run through `fetch.sh reference`."""
import sys

from sentence_transformers import SentenceTransformer

SENTENCES = [
    "Floods closed the main road into Riverton on Monday, officials said.",
    "Officials said flooding shut the main road to Riverton on Monday.",
    "The central bank raised interest rates by a quarter of a percentage point.",
    "A quarter-point rate increase was announced by the central bank.",
    "The violinist played a sonata by Brahms at the festival.",
]

model = SentenceTransformer(sys.argv[1], device="cpu")
vectors = model.encode(SENTENCES, normalize_embeddings=True)
print("cosines:")
for a in vectors:
    print("    [" + ", ".join(f"{float(a @ b):.4f}" for b in vectors) + "],")
print("first components:")
for v in vectors:
    print("    [" + ", ".join(f"{float(x):.5f}" for x in v[:4]) + "],")
