//! The pipeline with a sentence embedder plugged in (a toy one: no model, no feature needed).

use synoptic::embed::{normalize, Embedder, SentenceEmbedder};
use synoptic::{summarize, Config, Error};

/// Hashed word counts: sentences sharing words point the same way.
struct Words;

impl SentenceEmbedder for Words {
    fn embed(&self, sentences: &[&str]) -> synoptic::Result<Vec<Vec<f32>>> {
        Ok(sentences
            .iter()
            .map(|s| {
                let mut v = vec![0.0f64; 64];
                for w in s.split_whitespace() {
                    let h = w
                        .to_lowercase()
                        .bytes()
                        .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64));
                    v[(h % 64) as usize] += 1.0;
                }
                normalize(&mut v);
                v.into_iter().map(|x| x as f32).collect()
            })
            .collect())
    }
}

struct Broken;

impl SentenceEmbedder for Broken {
    fn embed(&self, _: &[&str]) -> synoptic::Result<Vec<Vec<f32>>> {
        Err(Error::Embedding("no model".into()))
    }
}

const TEXT: &str =
    "Floods closed the main road into Riverton on Monday, officials said in a statement.\n\
    Rescue teams reached the stranded town by boat on Tuesday morning, the mayor said.\n\x0c\n\
    Floods cut the main road into Riverton on Monday, stranding hundreds of residents there.\n\
    Officials said rescue teams used boats to reach the town on Tuesday after the storm.\n\x0c\n\
    The river rose three metres overnight and flooded the main road into Riverton on Monday.\n\
    A shelter for two hundred people opened in the school gym on Monday night, volunteers said.";

fn cluster() -> synoptic::Cluster {
    synoptic::ingest::read_stream("-", TEXT.as_bytes(), None).unwrap()
}

fn texts(brief: &synoptic::Brief) -> Vec<String> {
    brief.summary.iter().map(|s| s.text.clone()).collect()
}

#[test]
fn a_zero_weight_embedder_changes_nothing() {
    let plain = summarize(&cluster(), &Config::default()).unwrap();
    let mut config = Config {
        embedder: Some(Embedder::new(Words)),
        ..Config::default()
    };
    config.rank.embedding_weight = 0.0;
    let with = summarize(&cluster(), &config).unwrap();
    assert_eq!(texts(&plain), texts(&with));
}

#[test]
fn embedding_prior_and_redundancy_keep_exact_spans() {
    let mut config = Config {
        embedder: Some(Embedder::new(Words)),
        embedding_duplicate: 0.5,
        ..Config::default()
    };
    config.rank.embedding_weight = 20.0;
    config.rank.embedding_offset = 0.2;
    let a = summarize(&cluster(), &config).unwrap();
    assert!(!a.summary.is_empty());
    for s in &a.summary {
        let doc = &a.documents[s.doc.index()];
        assert_eq!(s.span.slice(&doc.clean_text), Some(s.text.as_str()));
    }
    // Deterministic.
    assert_eq!(texts(&a), texts(&summarize(&cluster(), &config).unwrap()));
}

#[test]
fn embedder_errors_surface_as_errors() {
    let config = Config {
        embedder: Some(Embedder::new(Broken)),
        ..Config::default()
    };
    assert!(matches!(
        summarize(&cluster(), &config),
        Err(Error::Embedding(_))
    ));
}
