//! The learned concept model: the chance that a human summary carries a concept, from what the
//! cluster says about it (how many documents carry it, how early, whether a stop word is half
//! of it). Ranking weighs concepts by it; [`fit`] refits it from clusters with human summaries
//! (`examples/fit_concepts.rs`, [`crate::pipeline::concept_training_set`]).
//!
//! Invariant: fitting is deterministic (Newton's method from zero, rows in input order), so the
//! same data gives the same coefficients.

use crate::analyze::Analysis;

/// Per concept, the evidence its weight comes from (documents that speak: not off topic, copies
/// once).
#[derive(Debug, Clone, Default)]
pub struct ConceptStats {
    /// Documents carrying it (copies count once).
    pub docs: Vec<u32>,
    /// Sentences carrying it.
    pub sentences: Vec<u32>,
    /// Documents whose lead carries it.
    pub lead: Vec<u32>,
    /// Sum over its sentences of 1 / (1 + position in the document).
    pub position: Vec<f64>,
    /// Documents that count.
    pub counted_docs: usize,
}

/// Number of features of the learned concept model.
pub const CONCEPT_FEATURES: usize = 8;

/// Logistic-regression coefficients over [`concept_features`], fitted by [`fit`] on DUC 2001
/// (and only there: the other sets check it) with
/// `cargo run --release -p synoptic --example fit_concepts -- ../shared/data/duc2001.jsonl`.
/// The last (single-word concept) is 0: the default concepts are all word pairs.
pub const FITTED_MODEL: [f64; CONCEPT_FEATURES] = [
    -3.278037, 2.335564, 1.756870, 1.328602, -0.158108, -1.402957, -0.755603, 0.0,
];

/// The model ranking uses: [`FITTED_MODEL`] after a coordinate search for ROUGE on DUC 2001
/// (`bench/tune_concepts.py`), since the likelihood the fit maximises is not what a summary is
/// judged by. Three coefficients moved: the bias, the lead share and ln(documents).
pub const CONCEPT_MODEL: [f64; CONCEPT_FEATURES] = [
    -3.158037, 2.335564, 1.506870, 1.328602, -0.158108, -1.152957, -0.755603, 0.0,
];

/// The features of concept `c` in its cluster: a bias, ln(1 + documents carrying it), the
/// share of the counted documents whose lead carries it, the mean over its sentences of
/// 1 / (1 + position), whether a stop word is half of it, ln(counted documents), whether
/// only one document carries it, and whether it is a single word (unigram concepts, off by
/// default).
pub fn concept_features(
    analysis: &Analysis,
    stats: &ConceptStats,
    c: usize,
) -> [f64; CONCEPT_FEATURES] {
    let n = stats.counted_docs.max(1) as f64;
    features_with(
        analysis,
        stats,
        c,
        (1.0 + stats.docs[c] as f64).ln(),
        n.ln(),
    )
}

/// [`concept_features`] given its two logarithms: `ln_docs` of 1 + the documents carrying
/// the concept, `ln_n` of the counted documents (ranking computes each value once).
pub(crate) fn features_with(
    analysis: &Analysis,
    stats: &ConceptStats,
    c: usize,
    ln_docs: f64,
    ln_n: f64,
) -> [f64; CONCEPT_FEATURES] {
    let n = stats.counted_docs.max(1) as f64;
    let docs = stats.docs[c];
    [
        1.0,
        ln_docs,
        stats.lead[c] as f64 / n,
        stats.position[c] / stats.sentences[c].max(1) as f64,
        f64::from(u8::from(analysis.concept_has_stop[c])),
        ln_n,
        f64::from(u8::from(docs <= 1)),
        f64::from(u8::from(analysis.concept_is_unigram[c])),
    ]
}

/// The model's chance that a human summary carries a concept with features `x`.
pub fn concept_chance(model: &[f64; CONCEPT_FEATURES], x: &[f64; CONCEPT_FEATURES]) -> f64 {
    let z: f64 = model.iter().zip(x).map(|(w, x)| w * x).sum();
    1.0 / (1.0 + (-z).exp())
}

/// One training row: a concept's features and the share of the references that carry it.
pub type Row = ([f64; CONCEPT_FEATURES], f64);

/// Fits the model's coefficients by Newton's method on the log loss with soft labels (the
/// share of references carrying a concept), with an L2 penalty `l2` on every coefficient.
/// Rows with non-finite values are skipped.
pub fn fit(rows: &[Row], l2: f64) -> [f64; CONCEPT_FEATURES] {
    const K: usize = CONCEPT_FEATURES;
    let finite = |r: &&Row| r.0.iter().all(|x| x.is_finite()) && r.1.is_finite();
    let mut theta = [0.0; K];
    for _ in 0..50 {
        let mut g = [0.0; K];
        let mut h = [[0.0; K]; K];
        for (x, y) in rows.iter().filter(finite) {
            let p = concept_chance(&theta, x);
            let w = p * (1.0 - p);
            for a in 0..K {
                g[a] += (p - y) * x[a];
                for b in 0..K {
                    h[a][b] += w * x[a] * x[b];
                }
            }
        }
        for a in 0..K {
            g[a] += l2 * theta[a];
            h[a][a] += l2;
        }
        let step = solve(h, g);
        let mut biggest = 0.0f64;
        for a in 0..K {
            theta[a] -= step[a];
            biggest = biggest.max(step[a].abs());
        }
        if biggest < 1e-9 {
            break;
        }
    }
    theta
}

/// Mean log loss of `model` on `rows` (predictions clamped away from 0 and 1).
pub fn log_loss(model: &[f64; CONCEPT_FEATURES], rows: &[Row]) -> f64 {
    let loss = |p: f64, y: f64| {
        let p = p.clamp(1e-12, 1.0 - 1e-12);
        -(y * p.ln() + (1.0 - y) * (1.0 - p).ln())
    };
    let total: f64 = rows
        .iter()
        .map(|(x, y)| loss(concept_chance(model, x), *y))
        .sum();
    total / rows.len().max(1) as f64
}

/// Solves `h · s = g` by Gaussian elimination with partial pivoting (a zero pivot leaves its
/// unknown at 0).
fn solve<const K: usize>(mut h: [[f64; K]; K], mut g: [f64; K]) -> [f64; K] {
    for col in 0..K {
        let pivot = (col..K)
            .max_by(|&a, &b| h[a][col].abs().total_cmp(&h[b][col].abs()))
            .unwrap_or(col);
        h.swap(col, pivot);
        g.swap(col, pivot);
        let d = h[col][col];
        if d.abs() < 1e-300 {
            continue;
        }
        for r in col + 1..K {
            let f = h[r][col] / d;
            let pivot_row = h[col];
            for (x, p) in h[r].iter_mut().zip(pivot_row).skip(col) {
                *x -= f * p;
            }
            g[r] -= f * g[col];
        }
    }
    let mut s = [0.0; K];
    for r in (0..K).rev() {
        let mut v = g[r];
        for c in r + 1..K {
            v -= h[r][c] * s[c];
        }
        s[r] = if h[r][r].abs() < 1e-300 {
            0.0
        } else {
            v / h[r][r]
        };
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(docs: f64, lead: f64, n: f64) -> [f64; CONCEPT_FEATURES] {
        let mut x = [0.0; CONCEPT_FEATURES];
        x[0] = 1.0;
        x[1] = (1.0 + docs).ln();
        x[2] = lead / n;
        x[5] = n.ln();
        x[6] = f64::from(u8::from(docs <= 1.0));
        x
    }

    #[test]
    fn shipped_model_favours_widely_carried_lead_concepts() {
        let m = &CONCEPT_MODEL;
        let rare = concept_chance(m, &features(1.0, 0.0, 10.0));
        let common = concept_chance(m, &features(6.0, 0.0, 10.0));
        let lead = concept_chance(m, &features(6.0, 4.0, 10.0));
        assert!(rare < common && common < lead, "{rare} {common} {lead}");
        assert!((0.0..1.0).contains(&rare) && lead < 1.0);
    }

    #[test]
    fn fit_recovers_a_known_model() {
        // Labels drawn from a known logistic model over a deterministic grid of features.
        let truth = {
            let mut t = [0.0; CONCEPT_FEATURES];
            t[0] = -2.0;
            t[1] = 1.5;
            t[2] = 1.0;
            t
        };
        let mut rows = Vec::new();
        for d in 1..=8 {
            for l in 0..=4 {
                let x = features(f64::from(d), f64::from(l.min(d)), 8.0);
                rows.push((x, concept_chance(&truth, &x)));
            }
        }
        let fitted = fit(&rows, 1e-9);
        // The bias shares its part with ln(n), constant here; the slopes are identifiable.
        for a in [1, 2] {
            assert!(
                (fitted[a] - truth[a]).abs() < 0.05,
                "coefficient {a}: {} vs {}",
                fitted[a],
                truth[a]
            );
        }
        assert!(log_loss(&fitted, &rows) <= log_loss(&truth, &rows) + 1e-6);
        // Same rows, same coefficients.
        assert_eq!(fit(&rows, 1e-9), fitted);
    }
}
