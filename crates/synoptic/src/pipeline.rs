//! Pipeline: run every stage on a cluster and assemble the [`Brief`].
//!
//! Input: a [`Cluster`] and a [`Config`]. Output: a [`Brief`] whose summary sentences each carry
//! the document, a span into the cleaned text and a span into the original text, both slicing
//! exactly the quoted bytes.

use std::time::Instant;

use crate::analyze::{analyze, ConceptKind, Language};
use crate::clean::clean;
use crate::error::{Error, Result};
use crate::model::{
    Brief, BriefDocument, Cluster, Sentence, Span, SummarySentence, Timings, Warning, BRIEF_SCHEMA,
};
use crate::order::order;
use crate::rank::{rank, RankConfig};
use crate::segment::split_sentences;
use crate::select::{jaccard, select, Budget, SelectConfig};

/// Everything that shapes a brief.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Summary length.
    pub budget: Budget,
    /// Let the last sentence cross a word budget and cut it at the budget (benchmark parity
    /// with ROUGE's `-l N`). Off by default: a brief never ends mid-sentence.
    pub truncate: bool,
    /// Force a language; detected when `None`.
    pub language: Option<Language>,
    /// What counts as a concept.
    pub concepts: ConceptKind,
    /// Ranker knobs.
    pub rank: RankConfig,
    /// Exponent on sentence length in the greedy pass.
    pub length_exponent: f64,
    /// Candidates considered by the exact search (0 turns it off).
    pub exact_candidates: usize,
    /// Extract facts (figures, conflicts, timeline, entities, quotes) into the brief.
    pub facts: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            budget: Budget::Words(100),
            truncate: false,
            language: None,
            concepts: ConceptKind::default(),
            rank: RankConfig::default(),
            length_exponent: SelectConfig::default().length_exponent,
            exact_candidates: SelectConfig::default().exact_candidates,
            facts: true,
        }
    }
}

/// Sentences whose term sets overlap at least this much count as the same report.
const SUPPORT_JACCARD: f64 = 0.5;

/// Summarize a cluster.
pub fn summarize(cluster: &Cluster, config: &Config) -> Result<Brief> {
    if let Budget::Words(0) | Budget::Sentences(0) = config.budget {
        return Err(Error::Config("the budget must be at least 1".into()));
    }
    if cluster.documents.is_empty() {
        return Err(Error::NothingUsable {
            input: cluster.id.clone(),
            reason: "the cluster has no documents".into(),
        });
    }
    let mut timings = Timings::default();
    let t = Instant::now();
    let (cleaned, mut removals) = clean(cluster);
    timings.clean_ms = ms(t);

    let t = Instant::now();
    let mut sentences = Vec::new();
    let mut sentence_counts = vec![0usize; cluster.documents.len()];
    for cd in &cleaned {
        let mut position = 0;
        for b in &cd.text.blocks {
            let block = &cd.text.clean[b.clean.start..b.clean.end];
            for r in split_sentences(block) {
                let span = Span::new(b.clean.start + r.start, b.clean.start + r.end);
                let Some(original) = cd.text.to_original(span) else {
                    continue;
                };
                sentences.push(Sentence {
                    doc: cd.doc,
                    span,
                    original,
                    position,
                });
                position += 1;
            }
        }
        sentence_counts[cd.doc.index()] = position;
    }
    timings.segment_ms = ms(t);
    if sentences.is_empty() {
        return Err(Error::NothingUsable {
            input: cluster.id.clone(),
            reason: "no sentences left after cleaning".into(),
        });
    }

    let t = Instant::now();
    let analysis = analyze(&cleaned, &sentences, config.language, config.concepts);
    timings.analyze_ms = ms(t);

    let t = Instant::now();
    let ranking = rank(&cleaned, &sentences, &analysis, &removals, &config.rank);
    removals.extend(ranking.removals.iter().cloned());
    removals.sort_by_key(|r| (r.doc, r.span.start, r.span.end));
    timings.rank_ms = ms(t);

    let t = Instant::now();
    let select_config = SelectConfig {
        budget: config.budget,
        overflow: config.truncate,
        length_exponent: config.length_exponent,
        exact_candidates: config.exact_candidates,
        ..SelectConfig::default()
    };
    let picks = select(&analysis.sentences, &ranking, &select_config);
    timings.select_ms = ms(t);

    let t = Instant::now();
    let facts = if config.facts {
        crate::facts::extract(&cluster.documents, &cleaned, &sentences, &removals)
    } else {
        crate::facts::Facts::default()
    };
    timings.facts_ms = ms(t);

    let t = Instant::now();
    let ordered = order(&picks, &sentences, &cluster.documents, &sentence_counts);
    timings.order_ms = ms(t);

    let term_sets: Vec<Vec<u32>> = analysis
        .sentences
        .iter()
        .map(|f| {
            let mut v = f.terms.clone();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();
    let mut summary = Vec::with_capacity(ordered.len());
    for p in &ordered {
        let s = &sentences[p.sentence];
        let doc = &cluster.documents[s.doc.index()];
        let clean_text = &cleaned[s.doc.index()].text.clean;
        let mut support: Vec<_> = sentences
            .iter()
            .enumerate()
            .filter(|(j, o)| {
                o.doc != s.doc && jaccard(&term_sets[*j], &term_sets[p.sentence]) >= SUPPORT_JACCARD
            })
            .map(|(_, o)| o.doc)
            .collect();
        support.dedup();
        summary.push(SummarySentence {
            text: clean_text[s.span.start..s.span.end].to_string(),
            doc: s.doc,
            doc_id: doc.name.clone(),
            source: doc.source.clone(),
            span: s.span,
            original_span: s.original,
            position: s.position,
            score: p.gain,
            support,
        });
    }
    if config.truncate {
        if let Budget::Words(n) = config.budget {
            truncate_words(&mut summary, n);
        }
    }
    let words = summary
        .iter()
        .map(|s| s.text.split_whitespace().count())
        .sum();

    let mut warnings = cluster.warnings.clone();
    if summary.is_empty() {
        warnings.push(Warning {
            input: cluster.id.clone(),
            message: "no sentence was long and relevant enough to quote".into(),
        });
    }
    let documents = cluster
        .documents
        .iter()
        .zip(&cleaned)
        .map(|(d, c)| BriefDocument {
            doc: d.id,
            doc_id: d.name.clone(),
            source: d.source.clone(),
            date: d.date.clone(),
            title: d.title.clone().or_else(|| c.title.clone()),
            format: d.format,
            text: d.text.clone(),
            clean_text: c.text.clean.clone(),
            relevance: ranking.doc_relevance[d.id.index()],
            sentences: sentence_counts[d.id.index()],
        })
        .collect();
    timings.total_ms = timings.clean_ms
        + timings.segment_ms
        + timings.analyze_ms
        + timings.rank_ms
        + timings.select_ms
        + timings.order_ms
        + timings.facts_ms;
    Ok(Brief {
        schema: BRIEF_SCHEMA.into(),
        cluster_id: cluster.id.clone(),
        language: analysis.language.code.into(),
        summary,
        words,
        documents,
        removals,
        warnings,
        facts,
        timings,
    })
}

/// Cut the summary to `n` words, shortening the spans of the last sentence so they still slice
/// exactly the text shown.
fn truncate_words(summary: &mut Vec<SummarySentence>, n: usize) {
    let mut left = n;
    let mut keep = 0;
    for s in summary.iter_mut() {
        if left == 0 {
            break;
        }
        keep += 1;
        let words = s.text.split_whitespace().count();
        if words <= left {
            left -= words;
            continue;
        }
        // Byte end of the `left`-th word.
        let mut end = 0;
        for (count, (i, w)) in s
            .text
            .split_whitespace()
            .map(|w| (w.as_ptr() as usize - s.text.as_ptr() as usize, w))
            .enumerate()
        {
            end = i + w.len();
            if count + 1 == left {
                break;
            }
        }
        let cut = s.text.len() - end;
        s.text.truncate(end);
        s.span.end -= cut;
        s.original_span.end -= cut;
        left = 0;
    }
    summary.truncate(keep);
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
