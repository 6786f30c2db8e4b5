//! The shipped fit of the concept model is what fitting on DUC 2001 gives: refits it from
//! `../shared/data/duc2001.jsonl` (read at run time; skipped when absent) and compares the
//! coefficients with [`FITTED_MODEL`], so the constant cannot drift from the data and code
//! that produce it. (`CONCEPT_MODEL`, what ranking uses, is that fit after
//! `bench/tune_concepts.py`.)

use std::path::Path;

use synoptic::concept_model::{fit, FITTED_MODEL};
use synoptic::pipeline;

#[test]
fn shipped_model_is_the_fit_on_duc2001() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/duc2001.jsonl");
    if !path.exists() {
        eprintln!("skipped: {} not found", path.display());
        return;
    }
    let (rows, clusters) =
        pipeline::concept_training_set(&path, &synoptic::Config::default()).expect("rows");
    assert_eq!(clusters, 60);
    assert!(rows.len() > 100_000, "{} rows", rows.len());
    let fitted = fit(&rows, 1.0);
    for (a, (f, s)) in fitted.iter().zip(&FITTED_MODEL).enumerate() {
        assert!(
            (f - s).abs() < 1e-5,
            "coefficient {a}: fitted {f}, shipped {s}"
        );
    }
}
