//! Precision and recall of every facts capability on the labelled corpus in
//! `tests/data/facts/` (invented text; format in its README). Prints the table that
//! docs/facts.md reports:
//!
//! ```sh
//! cargo test -p synoptic --test facts_eval -- --nocapture
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use synoptic::facts::{EntityKind, Facts, Mention, Verdict};
use synoptic::{summarize, Brief, Cluster, Config, DocId, Document, InputFormat, Span};

#[derive(Debug, Clone)]
struct Gold {
    tag: char,
    meta: String,
    span: Span,
}

struct Corpus {
    cluster: Cluster,
    gold: Vec<Vec<Gold>>,
    groups: Vec<(String, String)>,
}

/// Parse one labelled file: strip the annotations, keep their spans.
fn parse(path: &Path) -> Corpus {
    let raw = std::fs::read_to_string(path).unwrap();
    let mut groups = Vec::new();
    let mut docs: Vec<(String, String)> = Vec::new();
    for line in raw.lines() {
        if let Some(g) = line.strip_prefix("#group ") {
            let (label, verdict) = g.split_once(' ').unwrap();
            groups.push((label.to_string(), verdict.trim().to_string()));
        } else if let Some(h) = line.strip_prefix("=== ") {
            docs.push((h.to_string(), String::new()));
        } else if let Some(d) = docs.last_mut() {
            d.1.push_str(line);
            d.1.push('\n');
        }
    }
    let mut cluster = Cluster {
        id: path.file_stem().unwrap().to_string_lossy().into(),
        ..Cluster::default()
    };
    let mut gold = Vec::new();
    for (i, (header, body)) in docs.iter().enumerate() {
        let name = header.split_whitespace().next().unwrap().to_string();
        let field = |k: &str| -> Option<String> {
            let at = header.find(&format!("{k}="))? + k.len() + 1;
            let rest = &header[at..];
            let end = ["date=", "source=", "title="]
                .iter()
                .filter_map(|n| rest.find(&format!(" {n}")))
                .min()
                .unwrap_or(rest.len());
            Some(rest[..end].trim().to_string()).filter(|v| v != "-")
        };
        let mut text = String::new();
        let mut stack: Vec<(char, String, usize)> = Vec::new();
        let mut anns = Vec::new();
        let mut chars = body.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' => {
                    let tag = chars.next().unwrap();
                    let mut meta = String::new();
                    for m in chars.by_ref() {
                        if m == '|' {
                            break;
                        }
                        meta.push(m);
                    }
                    stack.push((tag, meta.trim().to_string(), text.len()));
                }
                '}' => {
                    let (tag, meta, start) = stack.pop().expect("balanced braces");
                    anns.push(Gold {
                        tag,
                        meta,
                        span: Span::new(start, text.len()),
                    });
                }
                _ => text.push(c),
            }
        }
        assert!(stack.is_empty(), "unbalanced annotation in {name}");
        cluster.documents.push(Document {
            id: DocId(i as u32),
            name,
            source: field("source"),
            date: field("date"),
            title: field("title"),
            format: InputFormat::Text,
            text,
        });
        gold.push(anns);
    }
    Corpus {
        cluster,
        gold,
        groups,
    }
}

fn corpora() -> Vec<Corpus> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/facts");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files.iter().map(|p| parse(p)).collect()
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

fn fold(s: &str) -> String {
    s.to_lowercase()
        .replace(['ā', 'ą'], "a")
        .replace(['ē', 'ė'], "e")
        .replace('ī', "i")
        .replace(['ņ', 'ñ'], "n")
        .replace('š', "s")
        .replace('ž', "z")
        .replace('á', "a")
        .replace('é', "e")
        .replace('ó', "o")
}

#[derive(Default, Debug, Clone, Copy)]
struct Pr {
    tp_pred: usize,
    pred: usize,
    tp_gold: usize,
    gold: usize,
}

impl Pr {
    fn p(&self) -> f64 {
        self.tp_pred as f64 / self.pred.max(1) as f64
    }
    fn r(&self) -> f64 {
        self.tp_gold as f64 / self.gold.max(1) as f64
    }
    fn add(&mut self, o: Pr) {
        self.tp_pred += o.tp_pred;
        self.pred += o.pred;
        self.tp_gold += o.tp_gold;
        self.gold += o.gold;
    }
}

/// Match predicted mentions against gold spans with `same`; precision over predictions,
/// recall over gold.
fn score<T>(pred: &[(Span, T)], gold: &[&Gold], same: impl Fn(&T, &Gold) -> bool) -> Pr {
    let tp_pred = pred
        .iter()
        .filter(|(s, t)| gold.iter().any(|g| overlaps(*s, g.span) && same(t, g)))
        .count();
    let tp_gold = gold
        .iter()
        .filter(|g| pred.iter().any(|(s, t)| overlaps(*s, g.span) && same(t, g)))
        .count();
    Pr {
        tp_pred,
        pred: pred.len(),
        tp_gold,
        gold: gold.len(),
    }
}

struct Report {
    rows: BTreeMap<&'static str, Pr>,
    extra: BTreeMap<&'static str, (usize, usize)>,
}

impl Report {
    fn ratio(&mut self, k: &'static str, ok: bool) {
        let e = self.extra.entry(k).or_insert((0, 0));
        e.0 += usize::from(ok);
        e.1 += 1;
    }
}

fn brief(c: &Corpus) -> Brief {
    summarize(&c.cluster, &Config::default()).unwrap()
}

fn by_doc(m: &Mention, d: usize) -> Option<Span> {
    (m.doc.index() == d).then_some(m.original_span)
}

fn evaluate(c: &Corpus, b: &Brief, rep: &mut Report) {
    let f: &Facts = &b.facts;
    for d in 0..c.cluster.documents.len() {
        let gold = &c.gold[d];
        let of = |t: char| gold.iter().filter(move |g| g.tag == t).collect::<Vec<_>>();
        // Figures: the same value at the same place.
        let figs: Vec<(Span, &synoptic::facts::Figure)> = f
            .figures
            .iter()
            .filter_map(|x| by_doc(&x.mention, d).map(|s| (s, x)))
            .collect();
        let gf = of('F');
        let value = |g: &Gold| g.meta.split(';').next().unwrap().parse::<f64>().unwrap();
        rep.rows
            .entry("figures")
            .or_default()
            .add(score(&figs, &gf, |x, g| {
                (x.value - value(g)).abs() <= 1e-6 * value(g).abs().max(1.0)
            }));
        for g in &gf {
            let parts: Vec<&str> = g.meta.split(';').collect();
            if let Some((_, x)) = figs.iter().find(|(s, x)| {
                overlaps(*s, g.span) && (x.value - value(g)).abs() <= 1e-6 * value(g).abs().max(1.0)
            }) {
                let q = serde_json::to_value(x.qualifier).unwrap();
                rep.ratio("figure qualifier right", q.as_str() == Some(parts[1]));
                let thing = parts.get(2).copied().unwrap_or("");
                if !thing.is_empty()
                    && !matches!(
                        thing,
                        "EUR" | "km" | "minutes" | "hours" | "days" | "years" | "percent"
                    )
                {
                    let got = x.thing.as_deref().map(fold).unwrap_or_default();
                    let want = fold(thing);
                    rep.ratio(
                        "figure thing right",
                        !got.is_empty() && (got.contains(&want) || want.contains(&got)),
                    );
                }
            }
        }
        // Time expressions: found where labelled; resolved to the labelled value.
        let times: Vec<(Span, &synoptic::facts::TimeExpression)> = f
            .time_expressions
            .iter()
            .filter_map(|x| by_doc(&x.mention, d).map(|s| (s, x)))
            .collect();
        let gt = of('T');
        rep.rows
            .entry("time expressions")
            .or_default()
            .add(score(&times, &gt, |_, _| true));
        for g in &gt {
            if let Some((_, x)) = times.iter().find(|(s, _)| overlaps(*s, g.span)) {
                let want = (g.meta != "?").then_some(g.meta.as_str());
                rep.ratio("time resolved right", x.resolved.as_deref() == want);
            }
        }
        // Entities: a mention of the right kind where labelled.
        let kind_tag = |k: EntityKind| match k {
            EntityKind::Person => 'P',
            EntityKind::Organization => 'O',
            EntityKind::Place => 'L',
            EntityKind::Other => 'X',
        };
        let ents: Vec<(Span, (char, usize))> = f
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind != EntityKind::Other)
            .flat_map(|(i, e)| {
                e.mentions
                    .iter()
                    .filter_map(move |m| by_doc(m, d).map(|s| (s, (kind_tag(e.kind), i))))
            })
            .collect();
        let ge: Vec<&Gold> = gold
            .iter()
            .filter(|g| matches!(g.tag, 'P' | 'O' | 'L'))
            .collect();
        rep.rows
            .entry("entity mentions")
            .or_default()
            .add(score(&ents, &ge, |(k, _), g| *k == g.tag));
        // Quotes: the quoted words found; the speaker right.
        let quotes: Vec<(Span, &synoptic::facts::Quote)> = f
            .quotes
            .iter()
            .filter_map(|x| by_doc(&x.mention, d).map(|s| (s, x)))
            .collect();
        let gq = of('Q');
        rep.rows
            .entry("quotes")
            .or_default()
            .add(score(&quotes, &gq, |_, _| true));
        for g in &gq {
            if let Some((_, q)) = quotes.iter().find(|(s, _)| overlaps(*s, g.span)) {
                let got = q.speaker.as_deref().map(fold).unwrap_or_default();
                rep.ratio(
                    "quote speaker right",
                    g.meta == "-" && got.is_empty() || got.contains(&fold(&g.meta)),
                );
            }
        }
    }
    // Entity merging, pairwise over matched gold mentions: same key ⇔ same entity.
    let mut matched: Vec<(String, usize)> = Vec::new();
    for (d, gold) in c.gold.iter().enumerate() {
        for g in gold.iter().filter(|g| matches!(g.tag, 'P' | 'O' | 'L')) {
            let hit = b.facts.entities.iter().enumerate().find(|(_, e)| {
                e.mentions
                    .iter()
                    .any(|m| m.doc.index() == d && overlaps(m.original_span, g.span))
            });
            if let Some((i, _)) = hit {
                matched.push((format!("{}:{}", g.tag, g.meta), i));
            }
        }
    }
    let mut pr = Pr::default();
    for x in 0..matched.len() {
        for y in x + 1..matched.len() {
            let same_gold = matched[x].0 == matched[y].0;
            let same_pred = matched[x].1 == matched[y].1;
            pr.pred += usize::from(same_pred);
            pr.gold += usize::from(same_gold);
            pr.tp_pred += usize::from(same_pred && same_gold);
            pr.tp_gold += usize::from(same_pred && same_gold);
        }
    }
    rep.rows
        .entry("entity merging (pairs)")
        .or_default()
        .add(pr);
    // Agreement: each labelled group found as one predicted group with the labelled verdict.
    for (label, verdict) in &c.groups {
        let members: Vec<(usize, Span)> = c
            .gold
            .iter()
            .enumerate()
            .flat_map(|(d, gs)| {
                gs.iter()
                    .filter(|g| g.tag == 'F' && g.meta.split(';').nth(3) == Some(label.as_str()))
                    .map(move |g| (d, g.span))
            })
            .collect();
        let ok = b.facts.groups.iter().any(|g| {
            let figs: Vec<&Mention> = g
                .claims
                .iter()
                .flat_map(|c| c.figures.iter().map(|&i| &b.facts.figures[i].mention))
                .collect();
            let all_in = members.iter().all(|(d, s)| {
                figs.iter()
                    .any(|m| m.doc.index() == *d && overlaps(m.original_span, *s))
            });
            let v = match g.verdict {
                Verdict::Agree => "agree",
                Verdict::Consistent => "consistent",
                Verdict::Conflicting => "conflicting",
            };
            all_in && v == verdict
        });
        rep.ratio("agreement groups found with the right verdict", ok);
    }
    // Predicted groups that mix labelled groups or label nothing.
    for g in &b.facts.groups {
        let labels: Vec<Option<String>> = g
            .claims
            .iter()
            .flat_map(|c| c.figures.iter())
            .map(|&i| {
                let m = &b.facts.figures[i].mention;
                c.gold[m.doc.index()]
                    .iter()
                    .find(|gl| gl.tag == 'F' && overlaps(gl.span, m.original_span))
                    .and_then(|gl| gl.meta.split(';').nth(3).map(String::from))
            })
            .collect();
        let first = &labels[0];
        rep.ratio(
            "predicted groups that are one labelled group",
            first.is_some() && labels.iter().all(|l| l == first),
        );
    }
}

#[test]
fn precision_and_recall_per_capability() {
    let mut rep = Report {
        rows: BTreeMap::new(),
        extra: BTreeMap::new(),
    };
    for c in corpora() {
        let b = brief(&c);
        evaluate(&c, &b, &mut rep);
    }
    println!("| capability | gold | predicted | precision | recall |");
    println!("|---|---:|---:|---:|---:|");
    for (k, pr) in &rep.rows {
        println!(
            "| {k} | {} | {} | {:.2} | {:.2} |",
            pr.gold,
            pr.pred,
            pr.p(),
            pr.r()
        );
    }
    println!();
    println!("| check | right | of | share |");
    println!("|---|---:|---:|---:|");
    for (k, (ok, n)) in &rep.extra {
        println!(
            "| {k} | {ok} | {n} | {:.2} |",
            *ok as f64 / (*n).max(1) as f64
        );
    }
    let row = |k: &str| rep.rows[k];
    // The labelled corpus is as large as the issue asks.
    assert!(
        row("figures").gold >= 60,
        "figures labelled: {}",
        row("figures").gold
    );
    assert!(row("time expressions").gold >= 60);
    assert!(row("entity mentions").gold >= 100);
    assert!(row("quotes").gold >= 30);
    // Floors, a little under the measured values in docs/facts.md.
    for (k, p, r) in [
        ("figures", 0.80, 0.80),
        ("time expressions", 0.80, 0.80),
        ("entity mentions", 0.75, 0.75),
        ("quotes", 0.80, 0.80),
    ] {
        let pr = row(k);
        assert!(
            pr.p() >= p && pr.r() >= r,
            "{k}: P {:.2} R {:.2}",
            pr.p(),
            pr.r()
        );
    }
}

#[test]
fn every_mention_slices_exactly_its_text() {
    for c in corpora() {
        let b = brief(&c);
        let f = &b.facts;
        let mut all: Vec<&Mention> = Vec::new();
        all.extend(f.figures.iter().map(|x| &x.mention));
        all.extend(f.time_expressions.iter().map(|x| &x.mention));
        all.extend(f.entities.iter().flat_map(|e| e.mentions.iter()));
        all.extend(f.quotes.iter().map(|q| &q.mention));
        all.extend(f.quotes.iter().filter_map(|q| q.speaker_mention.as_ref()));
        all.extend(f.timeline.iter().flat_map(|e| e.mentions.iter()));
        assert!(all.len() > 40);
        for m in all {
            let d = &b.documents[m.doc.index()];
            assert_eq!(m.span.slice(&d.clean_text), Some(m.text.as_str()));
            assert_eq!(m.original_span.slice(&d.text), Some(m.text.as_str()));
            assert_eq!(&*m.doc_id, d.doc_id.as_str());
        }
    }
}
