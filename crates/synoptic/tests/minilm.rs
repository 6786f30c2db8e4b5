//! The candle MiniLM embedder against sentence-transformers (feature `minilm`).
//!
//! Needs the model folder: `bash bench/minilm/fetch.sh` links it to `bench/minilm/model`, or set
//! `SYNOPTIC_MINILM_DIR`. Without it the tests say so and pass.
#![cfg(feature = "minilm")]

use std::path::PathBuf;

use synoptic::embed::minilm::MiniLm;
use synoptic::embed::{dot, Embedder, SentenceEmbedder};

/// Sentences written for this test; the expected numbers below are what
/// `bench/minilm/reference.py` (sentence-transformers 6.2, CPU) printed for them.
const SENTENCES: [&str; 5] = [
    "Floods closed the main road into Riverton on Monday, officials said.",
    "Officials said flooding shut the main road to Riverton on Monday.",
    "The central bank raised interest rates by a quarter of a percentage point.",
    "A quarter-point rate increase was announced by the central bank.",
    "The violinist played a sonata by Brahms at the festival.",
];

const COSINES: [[f64; 5]; 5] = [
    [1.0000, 0.9007, -0.0411, -0.0696, -0.0159],
    [0.9007, 1.0000, -0.0300, -0.0211, -0.0603],
    [-0.0411, -0.0300, 1.0000, 0.8027, -0.0339],
    [-0.0696, -0.0211, 0.8027, 1.0000, -0.0109],
    [-0.0159, -0.0603, -0.0339, -0.0109, 1.0000],
];

const FIRST: [[f64; 4]; 5] = [
    [-0.02943, -0.01788, 0.11857, -0.00029],
    [-0.01140, -0.00661, 0.11101, -0.00505],
    [0.07293, -0.00277, -0.07051, 0.01101],
    [0.02401, -0.01696, -0.03910, -0.01894],
    [0.03972, 0.01365, 0.04269, 0.05345],
];

fn model() -> Option<MiniLm> {
    let dir = std::env::var_os("SYNOPTIC_MINILM_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../bench/minilm/model")
        });
    if !dir.join("model.safetensors").is_file() {
        eprintln!(
            "skipped: no MiniLM model in {} (run `bash bench/minilm/fetch.sh` or set SYNOPTIC_MINILM_DIR)",
            dir.display()
        );
        return None;
    }
    Some(MiniLm::load(&dir).expect("the model folder loads"))
}

#[test]
fn minilm_matches_sentence_transformers() {
    let Some(model) = model() else { return };
    let v = model.embed(&SENTENCES).unwrap();
    assert_eq!(v.len(), 5);
    for (i, a) in v.iter().enumerate() {
        assert_eq!(a.len(), 384);
        assert!((dot(a, a) - 1.0).abs() < 1e-5, "unit length");
        for (j, b) in v.iter().enumerate() {
            let c = dot(a, b);
            assert!(
                (c - COSINES[i][j]).abs() < 1e-3,
                "cosine {i},{j}: {c:.4} vs {:.4}",
                COSINES[i][j]
            );
        }
        for (k, &x) in FIRST[i].iter().enumerate() {
            assert!(
                (a[k] as f64 - x).abs() < 1e-4,
                "component {k} of {i}: {} vs {x}",
                a[k]
            );
        }
    }
}

#[test]
fn batching_and_length_do_not_change_vectors() {
    let Some(model) = model() else { return };
    let together = model.embed(&SENTENCES).unwrap();
    for (s, v) in SENTENCES.iter().zip(&together) {
        let alone = model.embed(&[s]).unwrap();
        assert!(dot(&alone[0], v) > 1.0 - 1e-5, "{s}");
    }
    // Deterministic: the same input gives the same bits.
    assert_eq!(together, model.embed(&SENTENCES).unwrap());
    // Longer than the model's 256 tokens: truncated, not an error.
    let long = "word ".repeat(600);
    let v = model.embed(&[long.as_str(), ""]).unwrap();
    assert_eq!(v.len(), 2);
    assert!((dot(&v[0], &v[0]) - 1.0).abs() < 1e-5);
    assert!(model.embed(&[]).unwrap().is_empty());
}

#[test]
fn briefs_with_minilm_quote_exact_spans() {
    let Some(model) = model() else { return };
    let text = "Floods closed the main road into Riverton on Monday, officials said in a statement.\n\
                Rescue teams reached the stranded town by boat on Tuesday morning, the mayor said.\n\x0c\n\
                Floods cut the main road into Riverton on Monday, stranding hundreds of residents there.\n\
                Officials said rescue teams used boats to reach the town on Tuesday after the storm.\n\x0c\n\
                The river rose three metres overnight and flooded the main road into Riverton on Monday.";
    let cluster = synoptic::ingest::read_stream("-", text.as_bytes(), None).unwrap();
    let config = synoptic::Config {
        embedder: Some(Embedder::new(model)),
        embedding_duplicate: 0.9,
        ..synoptic::Config::default()
    };
    let brief = synoptic::summarize(&cluster, &config).unwrap();
    assert!(!brief.summary.is_empty());
    for s in &brief.summary {
        let doc = &brief.documents[s.doc.index()];
        assert_eq!(s.span.slice(&doc.clean_text), Some(s.text.as_str()));
    }
}
