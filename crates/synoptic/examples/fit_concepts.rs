//! Fits the learned concept weights (`synoptic::rank::CONCEPT_MODEL`): a logistic regression
//! from a concept's features (`synoptic::rank::concept_features`) to the share of a cluster's
//! human summaries that carry it, fitted by Newton's method (deterministic: same data, same
//! coefficients).
//!
//! ```sh
//! cargo run --release -p synoptic --example fit_concepts -- ../shared/data/duc2001.jsonl
//! ```
//!
//! Prints the coefficients as the Rust constant and as a `SYNOPTIC_TUNE` value (`model=a:b:...`),
//! plus the log loss against a frequency-only baseline. Tune on DUC 2001 only: the other sets
//! are for checking (docs/quality.md).

use std::io::BufRead;

use synoptic::rank::CONCEPT_FEATURES as K;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: fit_concepts DATA.jsonl")?;
    let mut config = synoptic::Config::default();
    if std::env::var("FIT_UNIGRAMS").is_ok_and(|v| v == "1") {
        config.concepts = synoptic::analyze::ConceptKind::BigramsAndUnigrams;
        config.rank.unigram_weight = 1.0;
    }
    let file = std::fs::File::open(&path)?;
    let mut rows: Vec<([f64; K], f64)> = Vec::new();
    let mut clusters = 0;
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&line)?;
        let references = synoptic::ingest::summaries_from_json(&value);
        if references.is_empty() {
            continue;
        }
        let cluster = synoptic::ingest::cluster_from_json(&path, i + 1, &value)?;
        let refs: Vec<&str> = references.iter().map(String::as_str).collect();
        rows.extend(synoptic::pipeline::concept_training_rows(
            &cluster, &config, &refs,
        )?);
        clusters += 1;
    }
    // FIT_MASK=1,1,0,... leaves features out (their coefficient fits to 0).
    if let Ok(mask) = std::env::var("FIT_MASK") {
        let keep: Vec<bool> = mask.split(',').map(|m| m.trim() != "0").collect();
        for (x, _) in &mut rows {
            for (a, v) in x.iter_mut().enumerate() {
                if !keep.get(a).copied().unwrap_or(true) {
                    *v = 0.0;
                }
            }
        }
    }
    let positive: f64 = rows.iter().map(|r| r.1).sum();
    eprintln!(
        "{path}: {clusters} clusters, {} concepts, {:.1} expected in a summary",
        rows.len(),
        positive
    );
    let theta = fit(&rows, 1.0);
    let base = positive / rows.len() as f64;
    let base_loss = rows.iter().map(|r| loss(base, r.1)).sum::<f64>() / rows.len() as f64;
    let model_loss = rows
        .iter()
        .map(|(x, y)| loss(synoptic::rank::concept_chance(&theta, x), *y))
        .sum::<f64>()
        / rows.len() as f64;
    eprintln!("log loss: constant {base_loss:.5}, model {model_loss:.5}");
    let list: Vec<String> = theta.iter().map(|w| format!("{w:.6}")).collect();
    println!(
        "pub const CONCEPT_MODEL: [f64; CONCEPT_FEATURES] = [{}];",
        list.join(", ")
    );
    println!("SYNOPTIC_TUNE=learned=1,model={}", list.join(":"));
    Ok(())
}

fn loss(p: f64, y: f64) -> f64 {
    let p = p.clamp(1e-12, 1.0 - 1e-12);
    -(y * p.ln() + (1.0 - y) * (1.0 - p).ln())
}

/// Newton's method on the L2-regularised log loss with soft labels.
fn fit(rows: &[([f64; K], f64)], l2: f64) -> [f64; K] {
    let mut theta = [0.0; K];
    for _ in 0..30 {
        let mut g = [0.0; K];
        let mut h = [[0.0; K]; K];
        for (x, y) in rows {
            let p = synoptic::rank::concept_chance(&theta, x);
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

/// Solves `h · s = g` by Gaussian elimination with partial pivoting.
fn solve(mut h: [[f64; K]; K], mut g: [f64; K]) -> [f64; K] {
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
