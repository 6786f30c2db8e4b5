//! Fits the learned concept weights (`synoptic::concept_model::FITTED_MODEL`): a logistic
//! regression from a concept's features (`concept_model::concept_features`) to the share of a
//! cluster's human summaries that carry it, fitted by `concept_model::fit` (deterministic: same
//! data, same coefficients).
//!
//! ```sh
//! cargo run --release -p synoptic --example fit_concepts -- ../shared/data/duc2001.jsonl
//! ```
//!
//! Prints the coefficients as the Rust constant and as a `SYNOPTIC_TUNE` value (`model=a:b:...`),
//! plus the log loss against a constant. Tune on DUC 2001 only: the other sets are for checking
//! (docs/quality.md). `FIT_UNIGRAMS=1` fits with single-word concepts too (row X11 there);
//! `FIT_MASK=1,1,0,...` leaves features out.

use synoptic::concept_model::{self, CONCEPT_FEATURES as K};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: fit_concepts DATA.jsonl")?;
    let mut config = synoptic::Config::default();
    if std::env::var("FIT_UNIGRAMS").is_ok_and(|v| v == "1") {
        config.concepts = synoptic::analyze::ConceptKind::BigramsAndUnigrams;
        config.rank.unigram_weight = 1.0;
    }
    let (mut rows, clusters) =
        synoptic::pipeline::concept_training_set(std::path::Path::new(&path), &config)?;
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
    let theta = concept_model::fit(&rows, 1.0);
    let mut constant = [0.0; K];
    let base = positive / rows.len().max(1) as f64;
    constant[0] = (base / (1.0 - base)).ln();
    eprintln!(
        "log loss: constant {:.5}, model {:.5}",
        concept_model::log_loss(&constant, &rows),
        concept_model::log_loss(&theta, &rows)
    );
    let list: Vec<String> = theta.iter().map(|w| format!("{w:.6}")).collect();
    println!(
        "pub const FITTED_MODEL: [f64; CONCEPT_FEATURES] = [{}];",
        list.join(", ")
    );
    println!("SYNOPTIC_TUNE=learned=1,model={}", list.join(":"));
    Ok(())
}
