//! The shipped fit of the concept model is what fitting on DUC 2001 gives: refits it from
//! `../shared/data/duc2001.jsonl` (read at run time; skipped when absent) and compares the
//! coefficients with [`FITTED_MODEL`], so the constant cannot drift from the data and code
//! that produce it. (`CONCEPT_MODEL`, what ranking uses, is that fit after
//! `bench/tune_concepts.py`.)

use std::io::BufRead;
use std::path::Path;

use synoptic::concept_model::{fit, Row, FITTED_MODEL};
use synoptic::{ingest, pipeline};

#[test]
fn shipped_model_is_the_fit_on_duc2001() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/duc2001.jsonl");
    let Ok(file) = std::fs::File::open(&path) else {
        eprintln!("skipped: {} not found", path.display());
        return;
    };
    let config = synoptic::Config::default();
    let name = path.display().to_string();
    let mut rows: Vec<Row> = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.expect("readable data");
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&line).expect("JSON lines");
        let references = ingest::summaries_from_json(&value);
        let cluster = ingest::cluster_from_json(&name, i + 1, &value).expect("a cluster");
        let refs: Vec<&str> = references.iter().map(String::as_str).collect();
        rows.extend(pipeline::concept_training_rows(&cluster, &config, &refs).expect("rows"));
    }
    assert!(rows.len() > 100_000, "{} rows", rows.len());
    let fitted = fit(&rows, 1.0);
    for (a, (f, s)) in fitted.iter().zip(&FITTED_MODEL).enumerate() {
        assert!(
            (f - s).abs() < 1e-5,
            "coefficient {a}: fitted {f}, shipped {s}"
        );
    }
}
