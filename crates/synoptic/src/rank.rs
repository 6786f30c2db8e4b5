//! Rank: decide what matters in the cluster.
//!
//! Input: the cleaned documents, their sentences and the [`Analysis`]. Output: a [`Ranking`]:
//! a weight per concept (how many documents carry it), a relevance per document, which sentences
//! may be quoted at all, and a small per-sentence prior (position).
//! Invariant: weights depend only on the input (no iteration over hash maps reaches the output).
//!
//! It also finds text glued onto a document that is about something else: after a seam (a
//! removed headline or caption run), a tail whose vocabulary is far from the rest of the cluster
//! is recorded as [`RemovalKind::ForeignText`] and its sentences are not eligible.

use std::collections::HashMap;

use crate::analyze::Analysis;
use crate::clean::CleanDocument;
use crate::model::{DocId, Removal, RemovalKind, Sentence, Span};

/// Tunable knobs of the ranker.
#[derive(Debug, Clone, PartialEq)]
pub struct RankConfig {
    /// Sentences shorter than this (in words) are never quoted.
    pub min_words: usize,
    /// Sentences longer than this are never quoted.
    pub max_words: usize,
    /// Weight of the lead-position prior, as a fraction of the mean concept weight.
    pub position_weight: f64,
    /// A tail after a seam is foreign when its similarity to the cluster is below this fraction
    /// of the similarity of the text before it.
    pub foreign_ratio: f64,
}

impl Default for RankConfig {
    fn default() -> Self {
        RankConfig {
            min_words: 6,
            max_words: 80,
            position_weight: 0.0,
            foreign_ratio: 0.5,
        }
    }
}

/// What the ranker decided.
#[derive(Debug, Clone, Default)]
pub struct Ranking {
    /// Weight of each concept id.
    pub concept_weights: Vec<f64>,
    /// Relevance of each document to the others, in [0, 1].
    pub doc_relevance: Vec<f64>,
    /// Whether each sentence may be quoted.
    pub eligible: Vec<bool>,
    /// A prior added to a sentence's gain when it is picked.
    pub prior: Vec<f64>,
    /// Foreign text found (added to the cleaning log).
    pub removals: Vec<Removal>,
}

/// Rank the cluster. `removed` is the cleaning log, used to find seams.
pub fn rank(
    docs: &[CleanDocument],
    sentences: &[Sentence],
    analysis: &Analysis,
    removed: &[Removal],
    config: &RankConfig,
) -> Ranking {
    let n_docs = docs.len();
    let mut eligible: Vec<bool> = sentences
        .iter()
        .zip(&analysis.sentences)
        .map(|(s, f)| {
            let text = &docs[s.doc.index()].text.clean[s.span.start..s.span.end];
            f.words >= config.min_words
                && f.words <= config.max_words
                && !f.concepts.is_empty()
                && !text.trim_end().ends_with('?')
                && text.chars().next().is_some_and(|c| !c.is_lowercase())
        })
        .collect();

    // Term statistics per document.
    let mut doc_terms: Vec<HashMap<u32, f64>> = vec![HashMap::new(); n_docs];
    for (s, f) in sentences.iter().zip(&analysis.sentences) {
        let m = &mut doc_terms[s.doc.index()];
        for &t in &f.terms {
            *m.entry(t).or_insert(0.0) += 1.0;
        }
    }
    let mut term_df = vec![0u32; analysis.term_count];
    for m in &doc_terms {
        for &t in m.keys() {
            term_df[t as usize] += 1;
        }
    }
    let idf: Vec<f64> = term_df
        .iter()
        .map(|&df| ((1.0 + n_docs as f64) / (1.0 + df as f64)).ln() + 1.0)
        .collect();
    let vectors: Vec<HashMap<u32, f64>> = doc_terms
        .iter()
        .map(|m| unit(m.iter().map(|(&t, &c)| (t, c * idf[t as usize]))))
        .collect();
    let mut total: HashMap<u32, f64> = HashMap::new();
    for v in &vectors {
        for (&t, &x) in v {
            *total.entry(t).or_insert(0.0) += x;
        }
    }
    let others_centroid = |d: usize| -> HashMap<u32, f64> {
        let mut c = total.clone();
        for (&t, &x) in &vectors[d] {
            if let Some(y) = c.get_mut(&t) {
                *y -= x;
            }
        }
        c
    };

    let mut doc_relevance = vec![1.0; n_docs];
    let mut removals = Vec::new();
    if n_docs >= 2 {
        for d in 0..n_docs {
            let centroid = others_centroid(d);
            let cn = norm(centroid.values().copied());
            doc_relevance[d] = if cn > 0.0 {
                dot(&vectors[d], &centroid) / cn
            } else {
                0.0
            };
            if let Some((from_block, span)) = foreign_tail(
                &docs[d], sentences, analysis, removed, &centroid, &idf, config,
            ) {
                for (i, s) in sentences.iter().enumerate() {
                    if s.doc.index() == d && block_of(&docs[d], s.span) >= from_block {
                        eligible[i] = false;
                    }
                }
                removals.push(Removal {
                    doc: DocId(d as u32),
                    span,
                    kind: RemovalKind::ForeignText,
                    reason: "text after a headline seam drifts away from the cluster's subject"
                        .into(),
                });
            }
        }
        let max = doc_relevance.iter().copied().fold(0.0, f64::max);
        if max > 0.0 {
            doc_relevance.iter_mut().for_each(|r| *r /= max);
        }
    }

    // Concept weights: the number of documents carrying a concept (Gillick & Favre). Rare
    // concepts are noise in large clusters, so a floor on document frequency applies there.
    let mut concept_docs: Vec<(u32, u32)> = vec![(u32::MAX, 0); analysis.concept_count];
    let mut concept_sentences = vec![0u32; analysis.concept_count];
    for (i, (s, f)) in sentences.iter().zip(&analysis.sentences).enumerate() {
        if !eligible[i] && removals.iter().any(|r| r.doc == s.doc) && !is_kept(s, &removals) {
            continue;
        }
        for &c in &f.concepts {
            let e = &mut concept_docs[c as usize];
            if e.0 != s.doc.0 {
                e.0 = s.doc.0;
                e.1 += 1;
            }
            concept_sentences[c as usize] += 1;
        }
    }
    let min_df = match n_docs {
        0..=2 => 1,
        3..=5 => 2,
        _ => 3,
    };
    let concept_weights: Vec<f64> = concept_docs
        .iter()
        .zip(&concept_sentences)
        .map(|(&(_, df), &sf)| {
            if n_docs <= 2 {
                // One or two documents: repetition inside them is the only signal.
                if sf >= 2 {
                    sf as f64
                } else {
                    0.0
                }
            } else if df >= min_df {
                df as f64
            } else {
                0.0
            }
        })
        .collect();

    let nonzero: Vec<f64> = concept_weights
        .iter()
        .copied()
        .filter(|&w| w > 0.0)
        .collect();
    let mean_w = if nonzero.is_empty() {
        1.0
    } else {
        nonzero.iter().sum::<f64>() / nonzero.len() as f64
    };
    let prior = sentences
        .iter()
        .map(|s| config.position_weight * mean_w / (1.0 + s.position as f64))
        .collect();
    Ranking {
        concept_weights,
        doc_relevance,
        eligible,
        prior,
        removals,
    }
}

fn is_kept(s: &Sentence, removals: &[Removal]) -> bool {
    !removals
        .iter()
        .any(|r| r.doc == s.doc && s.original.start >= r.span.start && s.original.end <= r.span.end)
}

/// The block of the cleaned text that holds `span`.
pub(crate) fn block_of(doc: &CleanDocument, span: Span) -> usize {
    doc.text
        .blocks
        .partition_point(|b| b.clean.end < span.end)
        .min(doc.text.blocks.len().saturating_sub(1))
}

/// Find a foreign tail: returns the first foreign block and the original span it covers.
fn foreign_tail(
    doc: &CleanDocument,
    sentences: &[Sentence],
    analysis: &Analysis,
    removed: &[Removal],
    centroid: &HashMap<u32, f64>,
    idf: &[f64],
    config: &RankConfig,
) -> Option<(usize, Span)> {
    let blocks = &doc.text.blocks;
    let m = blocks.len();
    if m < 5 {
        return None;
    }
    let mut block_terms: Vec<HashMap<u32, f64>> = vec![HashMap::new(); m];
    let mut block_words = vec![0usize; m];
    for (s, f) in sentences.iter().zip(&analysis.sentences) {
        if s.doc != doc.doc {
            continue;
        }
        let b = block_of(doc, s.span);
        block_words[b] += f.words;
        for &t in &f.terms {
            *block_terms[b].entry(t).or_insert(0.0) += idf[t as usize];
        }
    }
    let cn = norm(centroid.values().copied());
    if cn == 0.0 {
        return None;
    }
    let sims: Vec<f64> = block_terms
        .iter()
        .map(|v| {
            let n = norm(v.values().copied());
            if n == 0.0 {
                0.0
            } else {
                dot(v, centroid) / (n * cn)
            }
        })
        .collect();
    let orig = |b: usize| blocks[b].original_start;
    let mut best: Option<(f64, usize)> = None;
    for k in 2..m.saturating_sub(2) {
        // A seam: a removed headline-like line between block k-1 and block k.
        let gap_start = orig(k - 1) + blocks[k - 1].clean.len();
        let gap_end = orig(k);
        let seam = removed.iter().any(|r| {
            r.doc == doc.doc
                && r.span.start >= gap_start
                && r.span.end <= gap_end
                && matches!(
                    r.kind,
                    RemovalKind::Title
                        | RemovalKind::RepeatedLine
                        | RemovalKind::Fragment
                        | RemovalKind::Caption
                )
        });
        if !seam {
            continue;
        }
        let tail_words: usize = block_words[k..].iter().sum();
        if tail_words < 80 {
            continue;
        }
        let pre = mean(&sims[..k]);
        let tail = mean(&sims[k..]);
        if tail < config.foreign_ratio * pre {
            let gap = pre - tail;
            if best.is_none_or(|(g, _)| gap > g) {
                best = Some((gap, k));
            }
        }
    }
    let (_, k) = best?;
    let last = blocks[m - 1];
    Some((
        k,
        Span::new(orig(k), last.original_start + last.clean.len()),
    ))
}

fn mean(x: &[f64]) -> f64 {
    if x.is_empty() {
        0.0
    } else {
        x.iter().sum::<f64>() / x.len() as f64
    }
}

fn norm(values: impl Iterator<Item = f64>) -> f64 {
    values.map(|x| x * x).sum::<f64>().sqrt()
}

fn unit(entries: impl Iterator<Item = (u32, f64)>) -> HashMap<u32, f64> {
    let mut m: HashMap<u32, f64> = entries.collect();
    let n = norm(m.values().copied());
    if n > 0.0 {
        m.values_mut().for_each(|x| *x /= n);
    }
    m
}

fn dot(a: &HashMap<u32, f64>, b: &HashMap<u32, f64>) -> f64 {
    let (small, big) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // Summing in key order keeps the float result independent of hash iteration order.
    let mut keys: Vec<&u32> = small.keys().collect();
    keys.sort_unstable();
    keys.into_iter()
        .filter_map(|k| Some(small[k] * big.get(k)?))
        .sum()
}
