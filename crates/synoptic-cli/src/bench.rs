//! `synoptic bench`: median time per cluster, stage by stage, over a JSONL data set; then one
//! big cluster built by concatenating clusters, to show how time and memory grow.

use std::io::{BufRead, BufReader};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use serde_json::Value;
use synoptic::render::{render, Format, RenderOptions};
use synoptic::{Cluster, DocId, Timings};

use crate::args::{summary_config, BenchArgs};

pub fn run(args: BenchArgs) -> Result<ExitCode> {
    if cfg!(debug_assertions) {
        eprintln!("synoptic: warning: this is a debug build; build with --release to measure");
    }
    let config = summary_config(args.words, None, false, "auto")?;
    let name = args.data.display().to_string();
    let file = std::fs::File::open(&args.data).with_context(|| format!("cannot open {name}"))?;
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut lines: Vec<(usize, String)> = Vec::new();
    let mut parse_ms = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("cannot read {name}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let t = Instant::now();
        let value: Value =
            serde_json::from_str(&line).with_context(|| format!("{name}:{}", i + 1))?;
        let c = synoptic::ingest::cluster_from_json(&name, i + 1, &value)?;
        parse_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        clusters.push(c);
        lines.push((i + 1, line));
    }
    anyhow::ensure!(!clusters.is_empty(), "{name}: no clusters");
    let repeat = args.repeat.max(1);
    let mut per_cluster: Vec<Timings> = Vec::new();
    let mut docs = Vec::new();
    for (c, &ingest) in clusters.iter().zip(&parse_ms) {
        let mut runs: Vec<Timings> = Vec::new();
        for _ in 0..repeat {
            let t = Instant::now();
            let brief = synoptic::summarize(c, &config)?;
            let mut timings = brief.timings;
            timings.total_ms = t.elapsed().as_secs_f64() * 1000.0;
            runs.push(timings);
        }
        let mut m = median_timings(&runs);
        m.ingest_ms = ingest;
        per_cluster.push(m);
        docs.push(c.documents.len() as f64);
    }
    let med = median_timings(&per_cluster);
    println!(
        "{name}: {} clusters, median {} documents/cluster, {repeat} runs each (median per cluster, then median over clusters)\n",
        clusters.len(),
        median(docs)
    );
    println!("| stage | median ms/cluster | share of pipeline |");
    println!("|---|---:|---:|");
    let rows = [
        ("ingest (JSON parse)", med.ingest_ms),
        ("clean", med.clean_ms),
        ("segment", med.segment_ms),
        ("analyze", med.analyze_ms),
        ("rank", med.rank_ms),
        ("select", med.select_ms),
        ("order", med.order_ms),
        ("facts (the wait after the summary)", med.facts_ms),
    ];
    for (stage, ms) in rows {
        println!(
            "| {stage} | {ms:.3} | {:.0}% |",
            100.0 * ms / med.total_ms.max(1e-9)
        );
    }
    println!(
        "| **pipeline total** (clean..order + assembly) | {:.3} | 100% |",
        med.total_ms
    );
    // Facts overhead per cluster: facts time over the time of the rest of the brief.
    let overhead: Vec<f64> = per_cluster
        .iter()
        .map(|t| t.facts_ms / (t.total_ms - t.facts_ms).max(1e-9))
        .collect();
    println!(
        "\nfacts wait (facts ms / rest of the brief ms; not what facts cost, see below): median {:.0}%, p90 {:.0}%, whole set {:.0}%",
        100.0 * median(overhead.clone()),
        100.0 * p90(overhead),
        100.0 * per_cluster.iter().map(|t| t.facts_ms).sum::<f64>()
            / per_cluster.iter().map(|t| t.total_ms - t.facts_ms).sum::<f64>().max(1e-9)
    );
    // What facts add to the time of a brief (the summarizer's stages and assembly), measured
    // directly: the same cluster briefed without facts, with facts on this thread alone, and
    // with the default (facts on a pool thread beside the summarizer), alternating so all three
    // see the same machine load.
    let one_thread = synoptic::Config {
        parallel_facts: false,
        ..config.clone()
    };
    let no_facts = synoptic::Config {
        facts: false,
        ..config.clone()
    };
    let variants = [&no_facts, &one_thread, &config];
    let mut added_by: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    let mut sums = [0.0f64; 3];
    for c in &clusters {
        let mut times: [Vec<f64>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        for _ in 0..repeat {
            for (cfg, t) in variants.iter().zip(times.iter_mut()) {
                let start = Instant::now();
                let brief = synoptic::summarize(c, cfg)?;
                t.push(start.elapsed().as_secs_f64() * 1000.0);
                std::hint::black_box(brief);
            }
        }
        let m: Vec<f64> = times.into_iter().map(median).collect();
        for k in 0..3 {
            sums[k] += m[k];
        }
        for k in 0..2 {
            added_by[k].push(m[k + 1] / m[0].max(1e-9) - 1.0);
        }
    }
    println!(
        "\ntime facts add to a brief (briefs with and without facts, alternating; median, p90, whole set):"
    );
    for (k, label) in [
        "facts on the briefing thread",
        "facts beside the summarizer (default)",
    ]
    .iter()
    .enumerate()
    {
        println!(
            "  {label}: median {:.0}%, p90 {:.0}%, whole set {:.0}%",
            100.0 * median(added_by[k].clone()),
            100.0 * p90(added_by[k].clone()),
            100.0 * (sums[k + 1] / sums[0].max(1e-9) - 1.0)
        );
    }
    // The time a user waits for a brief: read the cluster, brief it, print the text brief;
    // with facts and without, alternating, so both see the same machine load.
    let mut added: Vec<f64> = Vec::new();
    let (mut with_sum, mut without_sum) = (0.0, 0.0);
    for (n, line) in &lines {
        let (mut with, mut without) = (Vec::new(), Vec::new());
        for _ in 0..repeat {
            for (cfg, times) in [(&config, &mut with), (&no_facts, &mut without)] {
                let t = Instant::now();
                let value: Value = serde_json::from_str(line)?;
                let c = synoptic::ingest::cluster_from_json(&name, *n, &value)?;
                let brief = synoptic::summarize(&c, cfg)?;
                let text = render(&brief, Format::Text, RenderOptions::default())?;
                std::hint::black_box(text);
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }
        let (w, wo) = (median(with), median(without));
        with_sum += w;
        without_sum += wo;
        added.push(w / wo.max(1e-9) - 1.0);
    }
    println!(
        "end to end (parse the cluster, brief it, render the text brief), time facts add: median {:.0}%, p90 {:.0}%, whole set {:.0}%",
        100.0 * median(added.clone()),
        100.0 * p90(added),
        100.0 * (with_sum / without_sum.max(1e-9) - 1.0)
    );
    let p90_total = p90(per_cluster.iter().map(|t| t.total_ms).collect());
    println!("\np90 ms/cluster: {p90_total:.3}");

    if args.scale > 0 {
        let big = concatenate(&clusters, args.scale);
        let n_docs = big.documents.len();
        let words: usize = big
            .documents
            .iter()
            .map(|d| d.text.split_whitespace().count())
            .sum();
        let mut runs = Vec::new();
        for _ in 0..3 {
            let t = Instant::now();
            let brief = synoptic::summarize(&big, &config)?;
            let mut timings = brief.timings;
            timings.total_ms = t.elapsed().as_secs_f64() * 1000.0;
            runs.push(timings);
        }
        let m = median_timings(&runs);
        println!(
            "\nscaled cluster: {n_docs} documents, {words} words: median {:.1} ms over 3 runs (clean {:.1}, segment {:.1}, analyze {:.1}, rank {:.1}, select {:.1}, order {:.1}, facts {:.1})",
            m.total_ms, m.clean_ms, m.segment_ms, m.analyze_ms, m.rank_ms, m.select_ms, m.order_ms, m.facts_ms
        );
        let per_doc_small = med.total_ms / median(docs_of(&clusters)).max(1.0);
        println!(
            "time per document: {:.3} ms in the scaled cluster vs {:.3} ms in a median cluster ({:.2}x)",
            m.total_ms / n_docs as f64,
            per_doc_small,
            (m.total_ms / n_docs as f64) / per_doc_small.max(1e-9)
        );
    }
    match peak_rss_mb() {
        Some(mb) => println!("peak resident memory of this process: {mb:.1} MB"),
        None => println!("peak resident memory: not available on this platform"),
    }
    Ok(ExitCode::SUCCESS)
}

fn docs_of(clusters: &[Cluster]) -> Vec<f64> {
    clusters.iter().map(|c| c.documents.len() as f64).collect()
}

/// Concatenate clusters in file order until `n` documents.
fn concatenate(clusters: &[Cluster], n: usize) -> Cluster {
    let mut big = Cluster {
        id: format!("concat-{n}"),
        ..Cluster::default()
    };
    'outer: loop {
        for c in clusters {
            for d in &c.documents {
                if big.documents.len() >= n {
                    break 'outer;
                }
                let mut d = d.clone();
                d.id = DocId(big.documents.len() as u32);
                big.documents.push(d);
            }
        }
    }
    big
}

/// The 90th percentile (nearest rank); 0 for an empty list.
fn p90(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[(v.len() * 9 / 10).min(v.len() - 1)]
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn median_timings(runs: &[Timings]) -> Timings {
    let m = |f: fn(&Timings) -> f64| median(runs.iter().map(f).collect());
    Timings {
        ingest_ms: m(|t| t.ingest_ms),
        clean_ms: m(|t| t.clean_ms),
        segment_ms: m(|t| t.segment_ms),
        analyze_ms: m(|t| t.analyze_ms),
        rank_ms: m(|t| t.rank_ms),
        select_ms: m(|t| t.select_ms),
        order_ms: m(|t| t.order_ms),
        facts_ms: m(|t| t.facts_ms),
        total_ms: m(|t| t.total_ms),
    }
}

/// Peak resident set size from /proc (Linux).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
