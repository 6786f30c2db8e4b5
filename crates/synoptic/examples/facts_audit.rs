//! Run the facts stage over every data set in `../shared/data` (or `$SYNOPTIC_DATA`): report
//! throughput with and without facts, then print a seeded random sample of extracted items
//! with their context for a manual audit (docs/facts.md records the verdicts).
//!
//! ```sh
//! cargo run --release -p synoptic --example facts_audit -- [DATA_DIR] [--sample 50] [--seed 7]
//! ```
//!
//! `--dump` prints instead each cluster's facts as one JSON line (to compare the output of two
//! builds: `diff` the two dumps).
//!
//! The data is third-party text licensed for internal evaluation: this prints it to the
//! terminal for the auditor and writes nothing.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use synoptic::{summarize, Cluster, Config, DocId, Document, InputFormat};

fn load(dir: &PathBuf) -> Vec<(String, Vec<Cluster>)> {
    let mut sets = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x == "jsonl"));
    files.sort();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let mut clusters = Vec::new();
        if name.starts_with("ecbplus") {
            // A flat file: one cluster per gold event.
            let mut by_event: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                by_event
                    .entry(v["event"].as_str().unwrap_or("").to_string())
                    .or_default()
                    .push(v);
            }
            for (event, docs) in by_event {
                let documents = docs
                    .iter()
                    .enumerate()
                    .map(|(i, v)| Document {
                        id: DocId(i as u32),
                        name: v["doc_id"].as_str().unwrap_or("").into(),
                        source: None,
                        date: v["date"].as_str().map(String::from),
                        title: None,
                        format: InputFormat::Text,
                        text: v["text"].as_str().unwrap_or("").into(),
                    })
                    .collect();
                clusters.push(Cluster {
                    id: event,
                    documents,
                    warnings: vec![],
                });
            }
        } else {
            for (i, line) in text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                if let Ok(c) = synoptic::ingest::cluster_from_json(&name, i + 1, &v) {
                    clusters.push(c);
                }
            }
        }
        sets.push((name, clusters));
    }
    sets
}

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn context(text: &str, start: usize, end: usize) -> String {
    let mut a = start.saturating_sub(90);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (end + 90).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    format!(
        "…{}⟦{}⟧{}…",
        &text[a..start],
        &text[start..end],
        &text[end..b]
    )
    .split_whitespace()
    .collect::<Vec<_>>()
    .join(" ")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut dir = std::env::var_os("SYNOPTIC_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data"));
    let mut sample = 50usize;
    let mut seed = 7u64;
    let mut dump = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--sample" => {
                sample = args[i + 1].parse().unwrap();
                i += 1;
            }
            "--seed" => {
                seed = args[i + 1].parse().unwrap();
                i += 1;
            }
            "--dump" => dump = true,
            d => dir = PathBuf::from(d),
        }
        i += 1;
    }
    let sets = load(&dir);
    if sets.is_empty() {
        eprintln!("no data in {}", dir.display());
        return;
    }
    let off = Config {
        facts: false,
        ..Config::default()
    };
    let on = Config::default();
    if dump {
        for (name, clusters) in &sets {
            for c in clusters {
                let Ok(b) = summarize(c, &on) else { continue };
                println!(
                    "{name} {} {}",
                    c.id,
                    serde_json::to_string(&b.facts).unwrap_or_default()
                );
            }
        }
        return;
    }
    let mut items: Vec<String> = Vec::new();
    println!("| data set | clusters | documents | MB | brief without facts s | facts stage s | facts docs/s | overhead |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let (mut all_rest, mut all_facts, mut all_docs, mut all_bytes) = (0.0, 0.0, 0usize, 0usize);
    for (name, clusters) in &sets {
        let (mut rest, mut facts_s, mut docs, mut bytes) = (0.0, 0.0, 0usize, 0usize);
        for c in clusters {
            docs += c.documents.len();
            bytes += c.documents.iter().map(|d| d.text.len()).sum::<usize>();
            let t = Instant::now();
            let _ = summarize(c, &off);
            rest += t.elapsed().as_secs_f64();
            let Ok(b) = summarize(c, &on) else { continue };
            facts_s += b.timings.facts_ms / 1000.0;
            let f = &b.facts;
            let text = |d: DocId| b.documents[d.index()].clean_text.as_str();
            for x in &f.figures {
                let m = &x.mention;
                items.push(format!(
                    "[{name} {}] FIGURE value={} qualifier={:?} unit={:?} thing={:?} predicate={:?} scope={:?}\n    {}",
                    c.id, x.value, x.qualifier, x.unit, x.thing, x.predicate, x.scope,
                    context(text(m.doc), m.span.start, m.span.end)
                ));
            }
            for x in &f.time_expressions {
                let m = &x.mention;
                let dd = &f.document_dates[m.doc.index()];
                items.push(format!(
                    "[{name} {}] TIME kind={} resolved={:?} ({:?}; doc date {:?} from {})\n    {}",
                    c.id,
                    x.kind,
                    x.resolved,
                    x.resolution,
                    dd.date,
                    dd.origin,
                    context(text(m.doc), m.span.start, m.span.end)
                ));
            }
            for e in &f.entities {
                let m = &e.mentions[0];
                items.push(format!(
                    "[{name} {}] ENTITY {:?} name={:?} mentions={} aliases={:?}\n    {}",
                    c.id,
                    e.kind,
                    e.name,
                    e.mentions.len(),
                    e.aliases,
                    context(text(m.doc), m.span.start, m.span.end)
                ));
            }
            for q in &f.quotes {
                let m = &q.mention;
                let t: String = q.text.chars().take(60).collect();
                items.push(format!(
                    "[{name} {}] QUOTE speaker={:?} ({}) text={:?}…\n    {}",
                    c.id,
                    q.speaker,
                    q.attribution,
                    t,
                    context(text(m.doc), m.span.start, m.span.start)
                ));
            }
            for g in &f.groups {
                let claims: Vec<String> = g
                    .claims
                    .iter()
                    .map(|c| format!("{} {:?}", c.text, c.docs))
                    .collect();
                items.push(format!(
                    "[{name} {}] GROUP {:?} thing={:?} predicate={:?} scope={:?}: {}",
                    c.id,
                    g.verdict,
                    g.thing,
                    g.predicate,
                    g.scope,
                    claims.join("; ")
                ));
            }
        }
        println!(
            "| {name} | {} | {docs} | {:.2} | {rest:.2} | {facts_s:.2} | {:.0} | {:.0}% |",
            clusters.len(),
            bytes as f64 / 1e6,
            docs as f64 / facts_s.max(1e-9),
            100.0 * facts_s / rest.max(1e-9)
        );
        all_rest += rest;
        all_facts += facts_s;
        all_docs += docs;
        all_bytes += bytes;
    }
    println!(
        "| **all** | | {all_docs} | {:.2} | {all_rest:.2} | {all_facts:.2} | {:.0} | {:.0}% |",
        all_bytes as f64 / 1e6,
        all_docs as f64 / all_facts.max(1e-9),
        100.0 * all_facts / all_rest.max(1e-9)
    );
    println!(
        "\n{} items extracted; {sample} drawn with seed {seed}:\n",
        items.len()
    );
    let mut rng = Rng(seed);
    let mut picked: Vec<usize> = Vec::new();
    while picked.len() < sample.min(items.len()) {
        let k = (rng.next() % items.len() as u64) as usize;
        if !picked.contains(&k) {
            picked.push(k);
        }
    }
    for (n, k) in picked.iter().enumerate() {
        println!("{:2}. {}\n", n + 1, items[*k]);
    }
}
