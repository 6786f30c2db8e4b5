//! ROUGE-1, ROUGE-2 and ROUGE-L as computed by Google's `rouge-score`.

use std::cell::RefCell;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::porter::porter_stem;

/// Tokens of at most this many characters are never stemmed (rouge-score's rule).
const MIN_STEM_LEN: usize = 4;
/// The per-thread stem cache is cleared when it grows past this many entries.
const STEM_CACHE_LIMIT: usize = 200_000;

thread_local! {
    static STEM_CACHE: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

fn cached_stem(token: &str) -> String {
    STEM_CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(stem) = cache.get(token) {
            return stem.clone();
        }
        let stem = porter_stem(token);
        if cache.len() >= STEM_CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(token.to_string(), stem.clone());
        stem
    })
}

/// Tokenizes text exactly like rouge-score's default tokenizer.
///
/// The text is lowercased (full Unicode lowercasing, as Python's `str.lower`),
/// every character outside `[a-z0-9]` becomes a separator, and the remaining
/// runs are the tokens. With `stem`, tokens longer than three characters are
/// replaced by their NLTK Porter stem ([`porter_stem`]); stems are cached per
/// thread.
///
/// ```
/// use synoptic_eval::tokenize;
/// assert_eq!(tokenize("The U.S. storms, hurricanes!", true),
///            vec!["the", "u", "s", "storm", "hurrican"]);
/// ```
pub fn tokenize(text: &str, stem: bool) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut flush = |current: &mut String| {
        if current.is_empty() {
            return;
        }
        if stem && current.len() >= MIN_STEM_LEN {
            tokens.push(cached_stem(current));
            current.clear();
        } else {
            tokens.push(std::mem::take(current));
        }
    };
    for ch in text.chars() {
        if ch.is_ascii() {
            let c = ch.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                current.push(c);
            } else {
                flush(&mut current);
            }
        } else {
            // A few non-ASCII characters lowercase to ASCII letters (the
            // Kelvin sign to `k`, dotted capital I to `i` + combining dot).
            for c in ch.to_lowercase() {
                if c.is_ascii_lowercase() || c.is_ascii_digit() {
                    current.push(c);
                } else {
                    flush(&mut current);
                }
            }
        }
    }
    flush(&mut current);
    tokens
}

/// Keeps the first `n` whitespace-separated words of `text`, joined by single
/// spaces (the benchmarks' "output cut to N words" convention).
///
/// ```
/// use synoptic_eval::truncate_words;
/// assert_eq!(truncate_words("a  b\nc d", 3), "a b c");
/// ```
pub fn truncate_words(text: &str, n: usize) -> String {
    text.split_whitespace()
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Precision, recall and F1 of one ROUGE variant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// Matches divided by the candidate's count (n-grams or tokens).
    pub precision: f64,
    /// Matches divided by the reference's count.
    pub recall: f64,
    /// Harmonic mean `2·P·R / (P + R)`, 0 when both are 0.
    pub f1: f64,
}

impl Score {
    fn from_counts(matches: usize, candidate_total: usize, reference_total: usize) -> Score {
        // rouge-score divides by max(count, 1), so empty sides score 0.
        let precision = matches as f64 / candidate_total.max(1) as f64;
        let recall = matches as f64 / reference_total.max(1) as f64;
        Score {
            precision,
            recall,
            f1: fmeasure(precision, recall),
        }
    }

    fn add(&mut self, other: &Score) {
        self.precision += other.precision;
        self.recall += other.recall;
        self.f1 += other.f1;
    }

    fn div(&mut self, n: f64) {
        self.precision /= n;
        self.recall /= n;
        self.f1 /= n;
    }
}

fn fmeasure(precision: f64, recall: f64) -> f64 {
    if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    }
}

/// ROUGE-1, ROUGE-2 and ROUGE-L (sentence-level LCS, rouge-score's `rougeL`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct RougeScores {
    /// Unigram overlap.
    pub rouge1: Score,
    /// Bigram overlap.
    pub rouge2: Score,
    /// Longest common subsequence over the whole text (no sentence split).
    pub rouge_l: Score,
}

impl RougeScores {
    fn add(&mut self, other: &RougeScores) {
        self.rouge1.add(&other.rouge1);
        self.rouge2.add(&other.rouge2);
        self.rouge_l.add(&other.rouge_l);
    }

    fn div(&mut self, n: f64) {
        self.rouge1.div(n);
        self.rouge2.div(n);
        self.rouge_l.div(n);
    }
}

/// A reference summary tokenized once, for scoring many candidates against it.
///
/// Built by [`Rouge::prepare`]; only valid with the [`Rouge`] settings (stemming)
/// it was built with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    tokens: Vec<String>,
    stem: bool,
}

impl Reference {
    /// The reference's tokens.
    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }
}

/// ROUGE scorer compatible with `rouge_score.rouge_scorer.RougeScorer(
/// ["rouge1", "rouge2", "rougeL"], use_stemmer=stem)`.
///
/// Multi-reference scoring averages the per-reference scores (each of P, R and
/// F1 separately); note that rouge-score's own `score_multi` instead keeps the
/// reference with the highest F (first one on ties).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rouge {
    stem: bool,
}

impl Default for Rouge {
    /// With stemming, the setting used for all of Synoptic's evaluations.
    fn default() -> Self {
        Rouge::new(true)
    }
}

impl Rouge {
    /// A scorer; `stem` turns on Porter stemming of tokens longer than 3 chars.
    pub fn new(stem: bool) -> Rouge {
        Rouge { stem }
    }

    /// Tokenizes a reference once for repeated scoring with [`Rouge::score_prepared`].
    pub fn prepare(&self, reference: &str) -> Reference {
        Reference {
            tokens: tokenize(reference, self.stem),
            stem: self.stem,
        }
    }

    /// Scores `candidate` against one reference.
    pub fn score(&self, candidate: &str, reference: &str) -> RougeScores {
        self.score_prepared(candidate, &[self.prepare(reference)])
    }

    /// Scores `candidate` against several references: the mean of the
    /// per-reference scores. No references gives all zeros.
    pub fn score_multi(&self, candidate: &str, references: &[&str]) -> RougeScores {
        let refs: Vec<Reference> = references.iter().map(|r| self.prepare(r)).collect();
        self.score_prepared(candidate, &refs)
    }

    /// Like [`Rouge::score_multi`] with references prepared by [`Rouge::prepare`].
    ///
    /// # Panics
    /// If a reference was prepared with a different stemming setting.
    pub fn score_prepared(&self, candidate: &str, references: &[Reference]) -> RougeScores {
        let cand_tokens = tokenize(candidate, self.stem);
        self.score_tokens(&cand_tokens, references)
    }

    /// Scores already tokenized candidate tokens (from [`tokenize`] with this
    /// scorer's stemming setting) against prepared references.
    ///
    /// # Panics
    /// If a reference was prepared with a different stemming setting.
    pub fn score_tokens(&self, candidate: &[String], references: &[Reference]) -> RougeScores {
        let mut total = RougeScores::default();
        if references.is_empty() {
            return total;
        }
        let cand = Interned::new(candidate);
        for reference in references {
            assert_eq!(
                reference.stem, self.stem,
                "reference prepared with other stemming"
            );
            total.add(&cand.score(&reference.tokens));
        }
        total.div(references.len() as f64);
        total
    }
}

/// Candidate tokens mapped to small integer ids, with its n-gram counts.
struct Interned<'a> {
    ids: HashMap<&'a str, u32>,
    tokens: Vec<u32>,
    unigrams: HashMap<u32, usize>,
    bigrams: HashMap<(u32, u32), usize>,
}

/// Id given to reference tokens absent from the candidate: never matches.
const ABSENT: u32 = u32::MAX;

impl<'a> Interned<'a> {
    fn new(candidate: &'a [String]) -> Self {
        let mut ids = HashMap::new();
        let tokens: Vec<u32> = candidate
            .iter()
            .map(|t| {
                let next = ids.len() as u32;
                *ids.entry(t.as_str()).or_insert(next)
            })
            .collect();
        let mut unigrams = HashMap::new();
        for &t in &tokens {
            *unigrams.entry(t).or_insert(0) += 1;
        }
        let mut bigrams = HashMap::new();
        for w in tokens.windows(2) {
            *bigrams.entry((w[0], w[1])).or_insert(0) += 1;
        }
        Interned {
            ids,
            tokens,
            unigrams,
            bigrams,
        }
    }

    fn score(&self, reference: &[String]) -> RougeScores {
        let r: Vec<u32> = reference
            .iter()
            .map(|t| self.ids.get(t.as_str()).copied().unwrap_or(ABSENT))
            .collect();
        let c = &self.tokens;

        let mut ref_unigrams: HashMap<u32, usize> = HashMap::new();
        for &t in r.iter().filter(|&&t| t != ABSENT) {
            *ref_unigrams.entry(t).or_insert(0) += 1;
        }
        let hits1: usize = ref_unigrams
            .iter()
            .map(|(t, n)| (*n).min(self.unigrams[t]))
            .sum();

        let mut ref_bigrams: HashMap<(u32, u32), usize> = HashMap::new();
        for w in r.windows(2).filter(|w| w[0] != ABSENT && w[1] != ABSENT) {
            *ref_bigrams.entry((w[0], w[1])).or_insert(0) += 1;
        }
        let hits2: usize = ref_bigrams
            .iter()
            .map(|(g, n)| (*n).min(self.bigrams.get(g).copied().unwrap_or(0)))
            .sum();

        let rouge_l = if r.is_empty() || c.is_empty() {
            Score::default()
        } else {
            Score::from_counts(lcs_len(&r, c), c.len(), r.len())
        };

        RougeScores {
            rouge1: Score::from_counts(hits1, c.len(), r.len()),
            rouge2: Score::from_counts(hits2, c.len().saturating_sub(1), r.len().saturating_sub(1)),
            rouge_l,
        }
    }
}

/// Length of the longest common subsequence (O(|a|·|b|) time, O(|b|) memory).
fn lcs_len(a: &[u32], b: &[u32]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for &x in a {
        if x == ABSENT {
            continue; // cannot match: the row stays the same
        }
        let mut diag = 0; // row[j - 1] of the previous row
        for (j, &y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
            diag = up;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn tokenizer_rules() {
        assert_eq!(tokenize("", true), Vec::<String>::new());
        assert_eq!(tokenize("  ...  ", true), Vec::<String>::new());
        assert_eq!(
            tokenize("Hello, World! it's 2024", false),
            ["hello", "world", "it", "s", "2024"]
        );
        // Short tokens are not stemmed; longer ones are.
        assert_eq!(tokenize("was cats dogs", true), ["was", "cat", "dog"]);
        // Non-ASCII letters are separators; Kelvin sign lowercases to 'k'.
        assert_eq!(
            tokenize("café naïve \u{212A}ing", false),
            ["caf", "na", "ve", "king"]
        );
        assert_eq!(tokenize("\u{130}stanbul", false), ["i", "stanbul"]);
    }

    #[test]
    fn identical_texts_score_one() {
        let s = Rouge::new(true).score("The storm hit the coast.", "the storm hit the coast");
        for sc in [s.rouge1, s.rouge2, s.rouge_l] {
            assert!(close(sc.precision, 1.0) && close(sc.recall, 1.0) && close(sc.f1, 1.0));
        }
    }

    #[test]
    fn hand_computed_example() {
        // Candidate: the cat sat on the mat   (6 tokens)
        // Reference: the cat was on a mat today (7 tokens)
        // Unigram hits: the, cat, on, mat = 4. Bigram hits: "the cat" = 1.
        // LCS: the cat on mat = 4.
        let s = Rouge::new(false).score("the cat sat on the mat", "the cat was on a mat today");
        assert!(close(s.rouge1.precision, 4.0 / 6.0));
        assert!(close(s.rouge1.recall, 4.0 / 7.0));
        assert!(close(
            s.rouge1.f1,
            2.0 * (4.0 / 6.0) * (4.0 / 7.0) / (4.0 / 6.0 + 4.0 / 7.0)
        ));
        assert!(close(s.rouge2.precision, 1.0 / 5.0));
        assert!(close(s.rouge2.recall, 1.0 / 6.0));
        assert!(close(s.rouge_l.precision, 4.0 / 6.0));
        assert!(close(s.rouge_l.recall, 4.0 / 7.0));
    }

    #[test]
    fn clipped_counts_and_stemming() {
        // "storms" and "storm" share a stem; repeated candidate words are
        // clipped to the reference counts.
        let s = Rouge::new(true).score("storm storm storm", "storms passed");
        assert!(close(s.rouge1.precision, 1.0 / 3.0));
        assert!(close(s.rouge1.recall, 1.0 / 2.0));
        assert!(close(s.rouge2.precision, 0.0));
        assert!(close(s.rouge_l.precision, 1.0 / 3.0));
        let unstemmed = Rouge::new(false).score("storm storm storm", "storms passed");
        assert_eq!(unstemmed.rouge1.f1, 0.0);
    }

    #[test]
    fn lcs_is_order_sensitive() {
        let s = Rouge::new(false).score("c b a", "a b c");
        assert!(close(s.rouge1.f1, 1.0));
        assert!(close(s.rouge_l.f1, 1.0 / 3.0));
        assert_eq!(lcs_len(&[1, 2, 3, 4, 1], &[3, 4, 1, 2]), 3);
    }

    #[test]
    fn empty_inputs_score_zero() {
        let r = Rouge::new(true);
        for (c, rf) in [("", "some text"), ("some text", ""), ("", ""), ("!!", "?")] {
            assert_eq!(r.score(c, rf), RougeScores::default(), "{c:?} vs {rf:?}");
        }
        // A single token has no bigram: ROUGE-2 is 0 while ROUGE-1 is 1.
        let s = r.score("storm", "storm");
        assert_eq!(s.rouge2, Score::default());
        assert!(close(s.rouge1.f1, 1.0));
        assert_eq!(r.score_multi("anything", &[]), RougeScores::default());
    }

    #[test]
    fn multi_reference_is_mean() {
        let r = Rouge::new(true);
        let a = r.score("the storm hit", "the storm");
        let b = r.score("the storm hit", "a flood hit");
        let m = r.score_multi("the storm hit", &["the storm", "a flood hit"]);
        assert!(close(
            m.rouge1.recall,
            (a.rouge1.recall + b.rouge1.recall) / 2.0
        ));
        assert!(close(m.rouge2.f1, (a.rouge2.f1 + b.rouge2.f1) / 2.0));
        assert!(close(
            m.rouge_l.precision,
            (a.rouge_l.precision + b.rouge_l.precision) / 2.0
        ));
        let prepared = [r.prepare("the storm"), r.prepare("a flood hit")];
        assert_eq!(r.score_prepared("the storm hit", &prepared), m);
    }

    #[test]
    fn truncation() {
        assert_eq!(truncate_words("one two three", 0), "");
        assert_eq!(truncate_words(" one\ttwo  three ", 2), "one two");
        assert_eq!(truncate_words("one two", 10), "one two");
    }
}
