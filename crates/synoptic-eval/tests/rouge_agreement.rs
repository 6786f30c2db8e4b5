//! Agreement of `synoptic_eval` with Google's `rouge-score` (and NLTK's Porter
//! stemmer) on real news text.
//!
//! Candidate/reference pairs are built at run time from the development data
//! beside the repository (`shared/data`, or the folder named by the
//! `SYNOPTIC_DATA` environment variable); no text from it is stored here. The
//! pairs are scored by `tests/rouge_score_ref.py` with the Python interpreter
//! named by `SYNOPTIC_ROUGE_PYTHON`, or else with a virtual environment that
//! this test creates under Cargo's target tmpdir and fills with the pinned
//! packages below from PyPI.
//!
//! Skipped (passing, with a "skipped: …" line) only when `python3` or the data
//! folder is missing. A failing venv creation or `pip install` fails the test.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

use serde_json::{json, Value};
use synoptic_eval::{porter_stem, tokenize, truncate_words, Rouge, RougeScores};

/// Exact versions installed into the test's virtual environment.
const PIP_PINS: &[&str] = &["rouge-score==0.1.2", "nltk==3.10.4"];
/// Largest allowed difference between a Rust and a Python score.
const TOLERANCE: f64 = 1e-6;
/// Data files whose clusters provide the scored pairs.
const PAIR_FILES: &[&str] = &["duc2002.jsonl", "duc2001.jsonl"];
/// Data files whose vocabulary is stemmed by both implementations.
const VOCAB_FILES: &[&str] = &[
    "duc2002.jsonl",
    "duc2001.jsonl",
    "multinews_val.jsonl",
    "neus_val.jsonl",
];

/// Prints a line that stays visible under libtest's output capture (which
/// only intercepts the print macros), so skips and results show in CI logs.
macro_rules! report {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

fn data_dir() -> PathBuf {
    match std::env::var_os("SYNOPTIC_DATA") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    }
}

fn tmp_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
}

fn ref_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rouge_score_ref.py")
}

/// Runs `python ARGS…` and returns its stdout; panics with stderr on failure.
fn run_python(python: &Path, args: &[&str]) -> String {
    let out = Command::new(python)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
    assert!(
        out.status.success(),
        "{} {:?} failed ({}):\n{}",
        python.display(),
        args,
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("python output is UTF-8")
}

fn installed_versions(python: &Path) -> Option<String> {
    let script = ref_script();
    let out = Command::new(python)
        .arg(&script)
        .arg("versions")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn pins_satisfied(versions: &str) -> bool {
    let v: Value = match serde_json::from_str(versions) {
        Ok(v) => v,
        Err(_) => return false,
    };
    PIP_PINS.iter().all(|pin| {
        let (name, version) = pin.split_once("==").unwrap();
        v[name] == version
    })
}

/// The Python interpreter with rouge-score, or `Err(reason to skip)`.
fn find_python() -> Result<PathBuf, String> {
    if let Some(python) = std::env::var_os("SYNOPTIC_ROUGE_PYTHON") {
        let python = PathBuf::from(python);
        let versions = installed_versions(&python).unwrap_or_else(|| {
            panic!(
                "SYNOPTIC_ROUGE_PYTHON={} cannot import rouge_score/nltk",
                python.display()
            )
        });
        report!(
            "using SYNOPTIC_ROUGE_PYTHON={} {versions}",
            python.display()
        );
        return Ok(python);
    }
    if Command::new("python3")
        .arg("--version")
        .output()
        .map_or(true, |o| !o.status.success())
    {
        return Err("python3 not found".into());
    }
    let venv = tmp_dir().join("rouge-venv");
    let python = if cfg!(windows) {
        venv.join("Scripts/python.exe")
    } else {
        venv.join("bin/python")
    };
    if !python.exists() {
        report!("creating {}", venv.display());
        let status = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .expect("run python3 -m venv");
        assert!(
            status.success(),
            "`python3 -m venv {}` failed ({status}); install the venv module or set \
             SYNOPTIC_ROUGE_PYTHON to a python with rouge-score",
            venv.display()
        );
    }
    match installed_versions(&python) {
        Some(v) if pins_satisfied(&v) => {}
        _ => {
            report!("pip install {}", PIP_PINS.join(" "));
            let out = Command::new(&python)
                .args(["-m", "pip", "install", "--disable-pip-version-check", "-q"])
                .args(PIP_PINS)
                .output()
                .expect("run pip");
            assert!(
                out.status.success(),
                "pip install {} into {} failed ({}); PyPI must be reachable, or set \
                 SYNOPTIC_ROUGE_PYTHON to a python with rouge-score:\n{}{}",
                PIP_PINS.join(" "),
                venv.display(),
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let versions = installed_versions(&python).expect("rouge_score importable after install");
    assert!(
        pins_satisfied(&versions),
        "venv has {versions}, expected {PIP_PINS:?}"
    );
    report!("using {} {versions}", python.display());
    Ok(python)
}

/// Shared between the tests of this file: the venv is set up once.
fn python() -> Option<&'static Path> {
    static PYTHON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match PYTHON.get_or_init(find_python) {
        Ok(p) => Some(p),
        Err(reason) => {
            report!("skipped: {reason}");
            None
        }
    }
}

/// The clusters of one data file, or `None` when it is missing.
fn load(file: &str) -> Option<Vec<Value>> {
    let text = std::fs::read_to_string(data_dir().join(file)).ok()?;
    Some(
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).expect("valid JSONL"))
            .collect(),
    )
}

fn texts(list: &Value) -> Vec<&str> {
    list.as_array()
        .map(|a| a.iter().filter_map(|x| x["text"].as_str()).collect())
        .unwrap_or_default()
}

struct Pair {
    id: String,
    candidate: String,
    references: Vec<String>,
}

/// Candidate/reference pairs built from each cluster of the data files.
fn build_pairs(clusters: &[(String, Value)]) -> Vec<Pair> {
    let mut pairs = Vec::new();
    for (file, cluster) in clusters {
        let cid = format!("{file}:{}", cluster["cluster_id"].as_str().unwrap_or("?"));
        let docs = texts(&cluster["documents"]);
        let refs: Vec<String> = texts(&cluster["summaries"])
            .into_iter()
            .map(String::from)
            .collect();
        if docs.is_empty() || refs.is_empty() {
            continue;
        }
        let mut add = |kind: &str, candidate: String, references: Vec<String>| {
            pairs.push(Pair {
                id: format!("{cid}:{kind}"),
                candidate,
                references,
            });
        };
        // Lead baseline: the first 100 words of the first document.
        add("lead100", truncate_words(docs[0], 100), refs.clone());
        // 100 words starting at the middle paragraph of the middle document.
        let mid = docs[docs.len() / 2];
        let paras: Vec<&str> = mid.split("\n\n").collect();
        let from_mid = paras[paras.len() / 2..].join("\n\n");
        add("middle100", truncate_words(&from_mid, 100), refs.clone());
        // First paragraph of every document, cut to 100 words.
        let firsts: Vec<&str> = docs
            .iter()
            .map(|d| d.split("\n\n").next().unwrap_or(""))
            .collect();
        add(
            "firstparas100",
            truncate_words(&firsts.join("\n\n"), 100),
            refs.clone(),
        );
        // A whole document (long candidate, untruncated) against one reference.
        add(
            "fulldoc",
            docs[docs.len() - 1].to_string(),
            refs[..1].to_vec(),
        );
        // One human summary against the others.
        if refs.len() >= 2 {
            add("ref-vs-refs", refs[0].clone(), refs[1..].to_vec());
        }
    }
    // Edge cases written for this test.
    let edge: &[(&str, &[&str])] = &[
        ("", &["The storm moved north."]),
        ("The storm moved north.", &[""]),
        ("!!! ... ???", &["--", "The storm."]),
        ("storm", &["storm", "storms", "storming"]),
        ("Nothing matches here", &["completely different words"]),
        ("No references at all", &[]),
        (
            "Caf\u{e9} na\u{ef}ve \u{130}stanbul \u{212a}ing co-operation U.S.A.",
            &["cafe naive istanbul king cooperation usa"],
        ),
        ("the the the the cat", &["the cat the cat the"]),
        (
            "Flies died; skies lying, news innings.",
            &["fly die sky lie news inning"],
        ),
    ];
    for (i, (cand, refs)) in edge.iter().enumerate() {
        pairs.push(Pair {
            id: format!("edge:{i}"),
            candidate: cand.to_string(),
            references: refs.iter().map(|r| r.to_string()).collect(),
        });
    }
    pairs
}

fn as_triple(v: &Value) -> [f64; 3] {
    let a = v.as_array().expect("score triple");
    [
        a[0].as_f64().unwrap(),
        a[1].as_f64().unwrap(),
        a[2].as_f64().unwrap(),
    ]
}

fn rust_triples(s: &RougeScores) -> [(&'static str, [f64; 3]); 3] {
    let t = |x: &synoptic_eval::Score| [x.precision, x.recall, x.f1];
    [
        ("rouge1", t(&s.rouge1)),
        ("rouge2", t(&s.rouge2)),
        ("rougeL", t(&s.rouge_l)),
    ]
}

fn write_tmp(name: &str, content: &str) -> PathBuf {
    let path = tmp_dir().join(format!("{}-{name}", std::process::id()));
    std::fs::write(&path, content).expect("write temp file");
    path
}

#[test]
fn rouge_agrees_with_rouge_score() {
    let mut clusters = Vec::new();
    for file in PAIR_FILES {
        let Some(list) = load(file) else {
            report!(
                "skipped: data file {} not found",
                data_dir().join(file).display()
            );
            return;
        };
        clusters.extend(list.into_iter().map(|c| (file.to_string(), c)));
    }
    let Some(python) = python() else { return };

    let pairs = build_pairs(&clusters);
    assert!(pairs.len() >= 150, "only {} pairs", pairs.len());
    let input: String = pairs
        .iter()
        .map(|p| {
            json!({"id": p.id, "candidate": p.candidate, "references": p.references}).to_string()
                + "\n"
        })
        .collect();
    let input_path = write_tmp("rouge_pairs.jsonl", &input);
    let started = Instant::now();
    let output = run_python(
        python,
        &[
            ref_script().to_str().unwrap(),
            "score",
            input_path.to_str().unwrap(),
        ],
    );
    let python_secs = started.elapsed().as_secs_f64();
    let _ = std::fs::remove_file(&input_path);

    let rouge = Rouge::new(true);
    let started = Instant::now();
    let ours: Vec<RougeScores> = pairs
        .iter()
        .map(|p| {
            let refs: Vec<&str> = p.references.iter().map(String::as_str).collect();
            rouge.score_multi(&p.candidate, &refs)
        })
        .collect();
    let rust_secs = started.elapsed().as_secs_f64();

    let theirs: Vec<Value> = output
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        theirs.len(),
        pairs.len(),
        "python returned a different number of results"
    );
    let mut max_diff = 0.0f64;
    let mut failures = Vec::new();
    for ((pair, ours), theirs) in pairs.iter().zip(&ours).zip(&theirs) {
        assert_eq!(theirs["id"], pair.id.as_str());
        for (name, mine) in rust_triples(ours) {
            let reference = as_triple(&theirs[name]);
            for k in 0..3 {
                let d = (mine[k] - reference[k]).abs();
                max_diff = max_diff.max(d);
                if d.is_nan() || d > TOLERANCE {
                    failures.push(format!(
                        "{} {name}[{}]: rust {} python {}",
                        pair.id,
                        ["P", "R", "F"][k],
                        mine[k],
                        reference[k]
                    ));
                }
            }
        }
    }
    report!(
        "rouge agreement: {} pairs ({} with >1 reference), {} values, max |diff| = {max_diff:e}; \
         python {python_secs:.1}s, rust {rust_secs:.3}s",
        pairs.len(),
        pairs.iter().filter(|p| p.references.len() > 1).count(),
        pairs.len() * 9,
    );
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn stemmer_agrees_with_nltk() {
    let mut vocab = BTreeSet::new();
    for file in VOCAB_FILES {
        let Some(clusters) = load(file) else {
            report!(
                "skipped: data file {} not found",
                data_dir().join(file).display()
            );
            return;
        };
        for c in &clusters {
            for text in texts(&c["documents"])
                .into_iter()
                .chain(texts(&c["summaries"]))
            {
                vocab.extend(tokenize(text, false).into_iter().filter(|t| t.len() > 3));
            }
        }
    }
    let Some(python) = python() else { return };

    let words: Vec<String> = vocab.into_iter().collect();
    let path = write_tmp("stem_words.json", &serde_json::to_string(&words).unwrap());
    let output = run_python(
        python,
        &[
            ref_script().to_str().unwrap(),
            "stem",
            path.to_str().unwrap(),
        ],
    );
    let _ = std::fs::remove_file(&path);
    let stems: Vec<String> = serde_json::from_str(output.trim()).expect("stem list");
    assert_eq!(stems.len(), words.len());
    let mismatches: Vec<String> = words
        .iter()
        .zip(&stems)
        .filter_map(|(w, s)| {
            let mine = porter_stem(w);
            (&mine != s).then(|| format!("{w}: rust {mine} nltk {s}"))
        })
        .collect();
    report!(
        "stemmer agreement: {} distinct words, {} mismatches",
        words.len(),
        mismatches.len()
    );
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches[..mismatches.len().min(50)].join("\n")
    );
}
