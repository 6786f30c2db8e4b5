//! Embed: optional dense sentence vectors for centrality and redundancy.
//!
//! Input: sentence texts. Output: one unit-length vector per sentence. The pipeline works
//! without any embedder (the default); with one in [`crate::Config::embedder`], the ranker adds a
//! prior for the cosine between each sentence and the cluster's embedding centroid, and the
//! selector can refuse a candidate too close to a sentence already chosen.
//!
//! The trait is independent of any model library. One implementation ships behind the cargo
//! feature `minilm`: `minilm::MiniLm`, all-MiniLM-L6-v2 run on the CPU with candle, loaded from
//! a local folder (nothing is downloaded).

use std::fmt;
use std::sync::Arc;

use crate::error::Result;

#[cfg(feature = "minilm")]
pub mod minilm;

/// Turns sentences into vectors. Implementations must be deterministic: the same sentences give
/// the same vectors, whatever else is in the batch.
pub trait SentenceEmbedder: Send + Sync {
    /// One vector per sentence, in order, each of unit length (or all zeros for a sentence with
    /// nothing to embed).
    fn embed(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>>;
}

/// A shareable handle to a [`SentenceEmbedder`], cheap to clone. Two handles are equal when
/// they point at the same embedder.
#[derive(Clone)]
pub struct Embedder(Arc<dyn SentenceEmbedder>);

impl Embedder {
    /// Wrap an embedder.
    pub fn new(embedder: impl SentenceEmbedder + 'static) -> Self {
        Embedder(Arc::new(embedder))
    }

    /// Embed sentences, checking that the embedder returned one vector per sentence.
    pub fn embed(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>> {
        let vectors = self.0.embed(sentences)?;
        if vectors.len() != sentences.len() {
            return Err(crate::Error::Embedding(format!(
                "the embedder returned {} vectors for {} sentences",
                vectors.len(),
                sentences.len()
            )));
        }
        Ok(vectors)
    }
}

impl From<Arc<dyn SentenceEmbedder>> for Embedder {
    fn from(embedder: Arc<dyn SentenceEmbedder>) -> Self {
        Embedder(embedder)
    }
}

impl fmt::Debug for Embedder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Embedder(..)")
    }
}

impl PartialEq for Embedder {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Dot product, accumulated in f64 in index order (the cosine of two unit vectors).
pub fn dot(a: &[f32], b: &[f32]) -> f64 {
    a.iter().zip(b).map(|(&x, &y)| x as f64 * y as f64).sum()
}

/// Scale a vector to unit length in place (a zero vector stays zero).
pub fn normalize(v: &mut [f64]) {
    let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A toy embedder: letter counts.
    struct Letters;
    impl SentenceEmbedder for Letters {
        fn embed(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>> {
            Ok(sentences
                .iter()
                .map(|s| {
                    let mut v = vec![0.0f64; 26];
                    for c in s.bytes().filter(u8::is_ascii_lowercase) {
                        v[(c - b'a') as usize] += 1.0;
                    }
                    normalize(&mut v);
                    v.into_iter().map(|x| x as f32).collect()
                })
                .collect())
        }
    }

    struct Short;
    impl SentenceEmbedder for Short {
        fn embed(&self, _: &[&str]) -> Result<Vec<Vec<f32>>> {
            Ok(Vec::new())
        }
    }

    #[test]
    fn handles_compare_by_identity_and_check_counts() {
        let a = Embedder::new(Letters);
        assert_eq!(a, a.clone());
        assert_ne!(a, Embedder::new(Letters));
        let v = a.embed(&["abc", "abc", "xyz"]).unwrap();
        assert!((dot(&v[0], &v[1]) - 1.0).abs() < 1e-6);
        assert!(dot(&v[0], &v[2]).abs() < 1e-6);
        assert!(Embedder::new(Short).embed(&["a"]).is_err());
        assert_eq!(format!("{a:?}"), "Embedder(..)");
    }
}
