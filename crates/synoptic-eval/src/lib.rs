//! Evaluation for Synoptic: ROUGE scoring compatible with Google's
//! [`rouge-score`](https://pypi.org/project/rouge-score/) Python package.
//!
//! * [`Rouge`] computes ROUGE-1, ROUGE-2 and ROUGE-L (sentence-level LCS,
//!   rouge-score's `rougeL`, not `rougeLsum`) precision, recall and F1, with
//!   or without Porter stemming, agreeing with
//!   `RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=...)`.
//!   Several references are combined by averaging the per-reference scores.
//! * [`tokenize`] is rouge-score's tokenizer, [`porter_stem`] a port of NLTK's
//!   `PorterStemmer` (default `NLTK_EXTENSIONS` mode).
//! * [`truncate_words`] cuts a system output to N words before scoring, and
//!   [`bootstrap_ci`] gives a bootstrap confidence interval of a mean score.
//!
//! ```
//! use synoptic_eval::Rouge;
//! let rouge = Rouge::new(true);
//! let s = rouge.score_multi("Storms hit the coast.", &["A storm hit the coast.", "The coast flooded."]);
//! assert!(s.rouge1.recall > 0.0 && s.rouge2.f1 > 0.0);
//! ```
#![deny(missing_docs)]

mod bootstrap;
mod porter;
mod rouge;

pub use bootstrap::bootstrap_ci;
pub use porter::porter_stem;
pub use rouge::{tokenize, truncate_words, Reference, Rouge, RougeScores, Score};
