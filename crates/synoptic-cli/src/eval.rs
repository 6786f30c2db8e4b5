//! `synoptic eval`: brief every cluster of a data set with its references hidden, then score the
//! briefs against the references with ROUGE (rouge-score compatible, stemmed, mean over
//! references) and report means with 95% bootstrap intervals.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use synoptic_eval::{bootstrap_ci, Rouge, RougeScores};

use crate::args::{EvalArgs, EvalFormat};

/// One cluster's result.
#[derive(Debug, Serialize)]
pub struct ClusterResult {
    pub cluster_id: String,
    pub documents: usize,
    pub summary: String,
    pub words: usize,
    pub seconds: f64,
    pub rouge: RougeScores,
}

/// Reads one number out of a score set.
type Metric = fn(&RougeScores) -> f64;

/// Mean and 95% interval of one number.
#[derive(Debug, Serialize)]
pub struct Interval {
    pub mean: f64,
    pub lo: f64,
    pub hi: f64,
}

#[derive(Debug, Serialize)]
struct Report {
    dataset: String,
    words: usize,
    truncate: bool,
    clusters_scored: usize,
    clusters_failed: usize,
    median_ms_per_cluster: f64,
    means: std::collections::BTreeMap<String, Interval>,
    clusters: Vec<ClusterResult>,
}

pub fn run(args: EvalArgs) -> Result<ExitCode> {
    let mut config = args.set.config()?;
    // Scores and times the summary alone: facts do not change it (`synoptic bench` times them).
    config.facts = false;
    if args.format == EvalFormat::Jsonl {
        return stream(&args, &config);
    }
    if args.set.data.as_os_str() == "-" {
        anyhow::bail!("standard input (-) as the data set needs --format jsonl");
    }
    // Clusters in file order with their references; `--limit` counts non-blank lines.
    let clusters: Vec<_> = synoptic::ingest::read_labelled_clusters(&args.set.data)?
        .into_iter()
        .take(args.set.limit.unwrap_or(usize::MAX))
        .collect();
    let bar = ProgressBar::new(clusters.len() as u64);
    if crate::stderr_is_terminal() {
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} clusters {elapsed_precise}")
                .expect("valid template"),
        );
    } else {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    let rouge = Rouge::new(true);
    let name = args.set.data.display().to_string();
    let mut results = Vec::new();
    let mut failed = 0usize;
    for (cluster, references) in &clusters {
        bar.inc(1);
        if references.is_empty() {
            continue;
        }
        let t = Instant::now();
        let brief = synoptic::summarize(cluster, &config);
        let seconds = t.elapsed().as_secs_f64();
        let summary = match brief {
            Ok(b) => summary_text(&b),
            Err(e) => {
                bar.suspend(|| eprintln!("synoptic: warning: {}: {e}", cluster.id));
                failed += 1;
                String::new()
            }
        };
        let refs: Vec<&str> = references.iter().map(String::as_str).collect();
        let scores = rouge.score_multi(&summary, &refs);
        results.push(ClusterResult {
            cluster_id: cluster.id.clone(),
            documents: cluster.documents.len(),
            words: summary.split_whitespace().count(),
            summary,
            seconds,
            rouge: scores,
        });
    }
    bar.finish_and_clear();
    if results.is_empty() {
        anyhow::bail!("{name}: no cluster with reference summaries");
    }
    let mut means = std::collections::BTreeMap::new();
    let metrics: [(&str, Metric); 9] = [
        ("rouge1_recall", |r| r.rouge1.recall),
        ("rouge1_precision", |r| r.rouge1.precision),
        ("rouge1_f1", |r| r.rouge1.f1),
        ("rouge2_recall", |r| r.rouge2.recall),
        ("rouge2_precision", |r| r.rouge2.precision),
        ("rouge2_f1", |r| r.rouge2.f1),
        ("rouge_l_recall", |r| r.rouge_l.recall),
        ("rouge_l_precision", |r| r.rouge_l.precision),
        ("rouge_l_f1", |r| r.rouge_l.f1),
    ];
    for (key, get) in metrics {
        let values: Vec<f64> = results.iter().map(|r| get(&r.rouge)).collect();
        let (mean, lo, hi) = bootstrap_ci(&values, 1000, 42);
        means.insert(key.to_string(), Interval { mean, lo, hi });
    }
    let mut times: Vec<f64> = results.iter().map(|r| r.seconds * 1000.0).collect();
    times.sort_by(f64::total_cmp);
    let report = Report {
        dataset: name.clone(),
        words: args.set.words,
        truncate: args.set.truncate,
        clusters_scored: results.len(),
        clusters_failed: failed,
        median_ms_per_cluster: if times.len() % 2 == 1 {
            times[times.len() / 2]
        } else {
            (times[times.len() / 2 - 1] + times[times.len() / 2]) / 2.0
        },
        means,
        clusters: results,
    };
    let out = match args.format {
        EvalFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
        // `Jsonl` returned through `stream` above.
        EvalFormat::Table | EvalFormat::Jsonl => table(&report),
    };
    match &args.set.output {
        Some(p) => {
            std::fs::write(p, out).with_context(|| format!("cannot write {}", p.display()))?
        }
        None => std::io::stdout().lock().write_all(out.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// One line of `eval --format jsonl`: a cluster's summary, time and scores, or why its input
/// line gave none.
#[derive(Debug, Serialize)]
struct StreamLine<'a> {
    /// The input line it answers (from 1).
    line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    cluster_id: Option<&'a str>,
    documents: usize,
    summary: String,
    words: usize,
    /// Seconds in `synoptic::summarize`, as in the batch formats.
    seconds: f64,
    /// `null` when the cluster has no reference summaries.
    rouge: Option<RougeScores>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// `eval --format jsonl`: brief, time and score each cluster as its line arrives, and write
/// its result line at once (flushed), so a harness feeding clusters one at a time can time
/// other summarizers between them in the same run. A line that cannot be read or briefed gets
/// a warning and a result line with its error; the exit is non-zero when no cluster was
/// briefed.
fn stream(args: &EvalArgs, config: &synoptic::Config) -> Result<ExitCode> {
    use std::io::BufRead;
    let data = &args.set.data;
    let name = if data.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        data.display().to_string()
    };
    let input: Box<dyn BufRead> = if data.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file =
            std::fs::File::open(data).with_context(|| format!("cannot open {}", data.display()))?;
        Box::new(std::io::BufReader::new(file))
    };
    let mut out: Box<dyn Write> = match &args.set.output {
        Some(p) => Box::new(
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let rouge = Rouge::new(true);
    let (mut briefed, mut taken) = (0usize, 0usize);
    for (i, bytes) in input.split(b'\n').enumerate() {
        if taken >= args.set.limit.unwrap_or(usize::MAX) {
            break;
        }
        let bytes = bytes.with_context(|| format!("cannot read {name}"))?;
        // A line that is not UTF-8 is answered with its error; the lines after it still count.
        let line = String::from_utf8(bytes)
            .map_err(|_| format!("{name}:{}: not valid UTF-8, so not a cluster line", i + 1));
        let mut result = StreamLine {
            line: i + 1,
            cluster_id: None,
            documents: 0,
            summary: String::new(),
            words: 0,
            seconds: 0.0,
            rouge: None,
            error: None,
        };
        let parsed = line.and_then(|line| {
            synoptic::ingest::labelled_cluster_from_line(&name, i + 1, &line)
                .map_err(|e| e.to_string())
        });
        let (cluster, references) = match parsed {
            Ok(None) => continue,
            Ok(Some(labelled)) => labelled,
            Err(e) => {
                eprintln!("synoptic: warning: {e}");
                result.error = Some(e);
                taken += 1;
                write_line(&mut out, &result)?;
                continue;
            }
        };
        taken += 1;
        let t = Instant::now();
        let brief = synoptic::summarize(&cluster, config);
        result.seconds = t.elapsed().as_secs_f64();
        result.cluster_id = Some(&cluster.id);
        result.documents = cluster.documents.len();
        match brief {
            Ok(b) => {
                briefed += 1;
                result.summary = summary_text(&b);
                result.words = result.summary.split_whitespace().count();
                if !references.is_empty() {
                    let refs: Vec<&str> = references.iter().map(String::as_str).collect();
                    result.rouge = Some(rouge.score_multi(&result.summary, &refs));
                }
            }
            Err(e) => {
                eprintln!("synoptic: warning: {}: {e}", cluster.id);
                result.error = Some(e.to_string());
            }
        }
        write_line(&mut out, &result)?;
    }
    if briefed == 0 {
        anyhow::bail!("{name}: no cluster could be briefed");
    }
    Ok(ExitCode::SUCCESS)
}

/// Write one answer of the stream and flush it, so the caller can read it before sending on.
fn write_line(out: &mut dyn Write, result: &StreamLine) -> Result<()> {
    writeln!(out, "{}", serde_json::to_string(result)?)?;
    Ok(out.flush()?)
}

/// A brief's summary as one line of text, as it is scored: its sentences, white space
/// collapsed.
pub(crate) fn summary_text(brief: &synoptic::Brief) -> String {
    brief
        .summary
        .iter()
        .map(|s| s.text.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(" ")
}

fn table(r: &Report) -> String {
    let mut s = format!(
        "{}: {} clusters ({} failed), {} words{}, median {:.2} ms/cluster\n\n",
        r.dataset,
        r.clusters_scored,
        r.clusters_failed,
        r.words,
        if r.truncate { ", truncated" } else { "" },
        r.median_ms_per_cluster
    );
    s.push_str("| metric | recall | precision | F1 |\n|---|---|---|---|\n");
    for (label, key) in [
        ("ROUGE-1", "rouge1"),
        ("ROUGE-2", "rouge2"),
        ("ROUGE-L", "rouge_l"),
    ] {
        let cell = |part: &str| {
            let i = &r.means[&format!("{key}_{part}")];
            format!(
                "{:.2} [{:.2}, {:.2}]",
                i.mean * 100.0,
                i.lo * 100.0,
                i.hi * 100.0
            )
        };
        s.push_str(&format!(
            "| {label} | {} | {} | {} |\n",
            cell("recall"),
            cell("precision"),
            cell("f1")
        ));
    }
    s.push_str("\nScores ×100, mean over clusters [95% bootstrap interval, 1000 resamples].\n");
    s
}
