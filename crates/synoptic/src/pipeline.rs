//! Pipeline: run every stage on a cluster and assemble the [`Brief`].
//!
//! Input: a [`Cluster`] and a [`Config`]. Output: a [`Brief`] whose summary sentences each carry
//! the document, a span into the cleaned text and a span into the original text, both slicing
//! exactly the quoted bytes.

use std::sync::Arc;
use std::time::Instant;

use crate::analyze::{analyze, ConceptKind, Language};
use crate::clean::{clean, CleanDocument};
use crate::compress;
use crate::concept_model::Row;
use crate::dedup::duplicate_documents;
use crate::embed::Embedder;
use crate::error::{Error, Result};
use crate::facts::early::EarlyFacts;
use crate::model::{
    Brief, BriefDocument, Cluster, Removal, Sentence, Span, SummarySentence, Timings, Warning,
    BRIEF_SCHEMA,
};
use crate::order::order;
use crate::period::{day_number, text_period_flags};
use crate::rank::{add_embedding_prior, block_of, quotable, rank, RankConfig};
use crate::segment::split_sentences;
use crate::select::{jaccard, select_alternatives, Budget, SelectConfig};

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
    /// A dated document further than this many days from the cluster's bulk of dates (and
    /// beyond three median absolute deviations) is flagged out of period.
    pub period_days: i64,
    /// How much an out-of-period document's sentences are held back, in mean concept weights.
    pub period_demotion: f64,
    /// Documents whose shingles overlap at least this much are copies of one another.
    pub duplicate_threshold: f64,
    /// Candidates considered by the exact search (0 turns it off).
    pub exact_candidates: usize,
    /// Extract facts (figures, conflicts, timeline, entities, quotes) into the brief.
    pub facts: bool,
    /// Extract facts as two chains on a small pool of their own beside the summarizer, from
    /// right after segmentation: lower latency for a brief on an idle machine. Off, facts run
    /// after the summary on the briefing thread alone; a server briefing many requests at once
    /// turns it off, since its workers already keep the cores busy. The output is the same
    /// either way.
    pub parallel_facts: bool,
    /// Offer each sentence's core (without an opening connective or a closing attribution,
    /// see [`crate::compress`]) to the selector as an alternative to the whole sentence.
    pub compress: bool,
    /// Refuse picks that are page furniture glued into a prose line (sign-up prompts, captions
    /// and credits, notices, links), which the cleaner, judging whole lines, keeps
    /// ([`crate::clean::is_debris_sentence`]): selection runs again without them.
    pub skip_debris: bool,
    /// Spend budget the concept objective leaves unused on sentences that bring content terms
    /// the picks lack ([`SelectConfig::fill`]).
    pub fill: bool,
    /// Optional sentence embedder (see [`crate::embed`]): adds an embedding-centrality prior
    /// (`rank.embedding_weight`) and an embedding redundancy check (`embedding_duplicate`).
    /// `None` (the default) leaves the brief exactly as without embeddings.
    pub embedder: Option<Embedder>,
    /// With an embedder: two sentences whose embeddings' cosine exceeds this are never both
    /// chosen (1 or more turns the check off).
    pub embedding_duplicate: f64,
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
            duplicate_threshold: 0.6,
            period_days: 90,
            period_demotion: 3.0,
            facts: true,
            parallel_facts: true,
            compress: false,
            skip_debris: true,
            fill: true,
            embedder: None,
            embedding_duplicate: SelectConfig::default().embedding_duplicate,
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
    let started = Instant::now();
    let t = Instant::now();
    let (cleaned, removals) = clean(cluster);
    timings.clean_ms = ms(t);

    let t = Instant::now();
    let (mut sentences, sentence_counts) = segment(&cleaned, cluster.documents.len());
    if sentences.is_empty() {
        return Err(Error::NothingUsable {
            input: cluster.id.clone(),
            reason: "no sentences left after cleaning".into(),
        });
    }
    // Cores of sentences go after all whole sentences; `parent` maps each back.
    let n_whole = sentences.len();
    let mut parent: Vec<usize> = Vec::new();
    if config.compress {
        for i in 0..n_whole {
            let s = sentences[i].clone();
            let doc = &cleaned[s.doc.index()].text;
            let Some(r) = compress::core(&doc.clean[s.span.start..s.span.end]) else {
                continue;
            };
            let span = Span::new(s.span.start + r.start, s.span.start + r.end);
            if let Some(original) = doc.to_original(span) {
                sentences.push(Sentence {
                    span,
                    original,
                    ..s
                });
                parent.push(i);
            }
        }
    }
    timings.segment_ms = ms(t);

    // Facts read only the cleaned sentences and, of the removals, only foreign tails, which
    // ranking finds. So they are extracted on pool threads while this thread analyses, ranks,
    // selects and assembles the summary: the two cores both work. When ranking does cut a
    // foreign tail (a glued-on unrelated article: 1 to 7 % of the clusters in ../shared/data),
    // the early facts are dropped as soon as ranking has decided, and extracted again from what
    // remains while selection runs, so the output is the same either way.
    let cleaned = Arc::new(cleaned);
    let beside = config.facts && config.parallel_facts;
    let mut early = beside.then(|| {
        EarlyFacts::start(
            &cluster.documents,
            Arc::clone(&cleaned),
            &sentences[..n_whole],
            &removals,
        )
    });
    let (mut brief, truncated) = summarize_segmented(
        cluster,
        config,
        &cleaned,
        removals,
        &sentences,
        n_whole,
        &parent,
        sentence_counts,
        &mut early,
        &mut timings,
    )?;
    let t = Instant::now();
    brief.facts = match early {
        _ if !config.facts => crate::facts::Facts::default(),
        Some(early) => early.finish(),
        None => {
            let cleaned = truncated.unwrap_or_else(|| Arc::clone(&cleaned));
            crate::facts::extract(
                &cluster.documents,
                &cleaned,
                &sentences[..n_whole],
                &brief.removals,
            )
        }
    };
    timings.facts_ms = ms(t);
    timings.total_ms = ms(started);
    brief.timings = timings;
    Ok(brief)
}

/// The training rows of every cluster with human summaries in a JSONL file (see
/// [`concept_training_rows`]), and how many clusters gave them.
pub fn concept_training_set(path: &std::path::Path, config: &Config) -> Result<(Vec<Row>, usize)> {
    let mut rows = Vec::new();
    let mut clusters = 0;
    for (cluster, references) in crate::ingest::read_labelled_clusters(path)? {
        if references.is_empty() {
            continue;
        }
        let refs: Vec<&str> = references.iter().map(String::as_str).collect();
        rows.extend(concept_training_rows(&cluster, config, &refs)?);
        clusters += 1;
    }
    Ok((rows, clusters))
}

/// Rows for fitting the learned concept weights ([`crate::concept_model::fit`]): for every
/// concept that the cluster's counted sentences carry, its features and the share of
/// `references` (human summaries) that carry it too. Runs the stages up to ranking as
/// [`summarize`] does, with the references analyzed alongside so their concepts share ids.
pub fn concept_training_rows(
    cluster: &Cluster,
    config: &Config,
    references: &[&str],
) -> Result<Vec<Row>> {
    let (cleaned, removals) = clean(cluster);
    let (sentences, _) = segment(&cleaned, cluster.documents.len());
    if sentences.is_empty() || references.is_empty() {
        return Ok(Vec::new());
    }
    let mut analysis = analyze(
        &cleaned,
        &sentences,
        references,
        config.language,
        config.concepts,
    );
    // The references stand where titles would: ranking reads titles only for title features.
    let refs = std::mem::take(&mut analysis.titles);
    let duplicates =
        duplicate_documents(&cleaned, &sentences, &analysis, config.duplicate_threshold);
    let originals: Vec<&str> = cluster.documents.iter().map(|d| d.text.as_str()).collect();
    let ranking = rank(
        &cleaned,
        &originals,
        &sentences,
        &analysis,
        &removals,
        &duplicates,
        &config.rank,
    );
    let mut in_refs = vec![0u32; analysis.concept_count];
    for r in &refs {
        for &c in &r.concepts {
            in_refs[c as usize] += 1;
        }
    }
    let st = &ranking.concept_stats;
    Ok((0..analysis.concept_count)
        .filter(|&c| st.sentences[c] > 0)
        .map(|c| {
            let x = crate::concept_model::concept_features(&analysis, st, c);
            (x, f64::from(in_refs[c]) / refs.len() as f64)
        })
        .collect())
}

/// The sentences of every cleaned document, block by block, in document order, and how many
/// each of the `n_docs` documents has.
pub(crate) fn segment(cleaned: &[CleanDocument], n_docs: usize) -> (Vec<Sentence>, Vec<usize>) {
    let mut sentences = Vec::new();
    let mut sentence_counts = vec![0usize; n_docs];
    for cd in cleaned {
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
    (sentences, sentence_counts)
}

/// The brief (without facts) of a segmented cluster: analyze, rank, select, order, assemble.
/// Also gives back the cleaned documents when foreign tails were cut from them. `early` holds
/// the facts started beside this summary, if any: when ranking cuts a foreign tail they are
/// replaced by facts started on the cut text.
#[allow(clippy::too_many_arguments)]
fn summarize_segmented(
    cluster: &Cluster,
    config: &Config,
    cleaned: &[CleanDocument],
    mut removals: Vec<Removal>,
    sentences: &[Sentence],
    n_whole: usize,
    parent: &[usize],
    mut sentence_counts: Vec<usize>,
    early: &mut Option<EarlyFacts>,
    timings: &mut Timings,
) -> Result<(Brief, Option<Arc<Vec<CleanDocument>>>)> {
    let t = Instant::now();
    // Titles are read only when a title feature is on (both are off by default: they did not
    // help on DUC 2001, docs/quality.md rows X9 and X10).
    let titles: Vec<&str> = if config.rank.title_boost != 0.0 || config.rank.title_weight != 0.0 {
        cluster
            .documents
            .iter()
            .map(|d| d.title.as_deref().unwrap_or(""))
            .collect()
    } else {
        Vec::new()
    };
    let mut analysis = analyze(
        cleaned,
        sentences,
        &titles,
        config.language,
        config.concepts,
    );
    // Ranking sees whole sentences only; cores join in for selection.
    let core_features = analysis.sentences.split_off(n_whole);
    timings.analyze_ms = ms(t);

    let t = Instant::now();
    let duplicates = duplicate_documents(
        cleaned,
        &sentences[..n_whole],
        &analysis,
        config.duplicate_threshold,
    );
    let originals: Vec<&str> = cluster.documents.iter().map(|d| d.text.as_str()).collect();
    let mut ranking = rank(
        cleaned,
        &originals,
        &sentences[..n_whole],
        &analysis,
        &removals,
        &duplicates,
        &config.rank,
    );
    // A core may be quoted when its own text allows and its document is neither off topic
    // nor past a foreign seam there; it carries its sentence's prior.
    for (k, f) in core_features.into_iter().enumerate() {
        let s = &sentences[n_whole + k];
        let d = s.doc.index();
        let in_foreign_tail =
            ranking.foreign_from[d].is_some_and(|from| block_of(&cleaned[d], s.span) >= from);
        let text = &cleaned[d].text.clean[s.span.start..s.span.end];
        ranking.eligible.push(
            ranking.off_topic[d].is_none()
                && !in_foreign_tail
                && quotable(text, &f, &config.rank, analysis.language)
                // A core ends where its attribution was cut: its whole sentence is what ends.
                && crate::rank::finished(&cleaned[d].text.clean, sentences[parent[k]].span, &config.rank),
        );
        ranking.spare.push(false);
        ranking.prior.push(ranking.prior[parent[k]]);
        analysis.sentences.push(f);
    }
    // Keep one copy of syndicated text: the others count as support, never as quotes.
    for g in &duplicates {
        for (i, s) in sentences.iter().enumerate() {
            if g.copies.contains(&s.doc) {
                ranking.exclude(i);
            }
        }
    }
    // Foreign tails leave the cleaned text too, so `clean_text` holds only what may be quoted
    // (a copy: facts may still be reading the whole text on another thread).
    let truncated: Option<Arc<Vec<CleanDocument>>> =
        ranking.foreign_from.iter().any(Option::is_some).then(|| {
            let mut copy = cleaned.to_vec();
            for (d, from) in ranking.foreign_from.iter().enumerate() {
                if let Some(b) = from {
                    copy[d].text.truncate_blocks(*b);
                }
            }
            Arc::new(copy)
        });
    if let (Some(cut), true) = (&truncated, early.is_some()) {
        // The facts started on the whole text are dropped (pool threads that have not started
        // them skip them, those that have stop at their next check) and started again on the
        // cut text, to run beside the rest of the summary.
        drop(early.take());
        *early = Some(EarlyFacts::start(
            &cluster.documents,
            Arc::clone(cut),
            &sentences[..n_whole],
            &ranking.removals,
        ));
    }
    let cleaned: &[CleanDocument] = truncated.as_deref().map_or(cleaned, Vec::as_slice);
    for (d, from) in ranking.foreign_from.iter().enumerate() {
        if from.is_some() {
            sentence_counts[d] = sentences[..n_whole]
                .iter()
                .filter(|s| s.doc.index() == d && s.span.end <= cleaned[d].text.clean.len())
                .count();
        }
    }
    let mut out_of_period = dates_out_of_period(&cluster.documents, config.period_days);
    for (flag, text_flag) in out_of_period
        .iter_mut()
        .zip(text_period_flags(&cluster.documents, cleaned))
    {
        if flag.is_none() {
            *flag = text_flag;
        }
    }
    // Out-of-period documents are demoted: each of their sentences starts in debt.
    for (i, sent) in sentences.iter().enumerate() {
        if out_of_period[sent.doc.index()].is_some() {
            ranking.prior[i] -= config.period_demotion * ranking.mean_weight;
        }
    }
    if let Some(embedder) = &config.embedder {
        // Foreign tails are already cut from the cleaned text (their sentences are not eligible).
        let texts: Vec<&str> = sentences
            .iter()
            .map(|s| {
                cleaned[s.doc.index()]
                    .text
                    .clean
                    .get(s.span.start..s.span.end)
                    .unwrap_or("")
            })
            .collect();
        add_embedding_prior(
            &mut ranking,
            sentences,
            &analysis.sentences,
            &texts,
            embedder,
            &config.rank,
        )?;
    }
    removals.extend(ranking.removals.iter().cloned());
    removals.sort_by_key(|r| (r.doc, r.span.start, r.span.end));
    timings.rank_ms = ms(t);

    let t = Instant::now();
    let select_config = SelectConfig {
        budget: config.budget,
        overflow: config.truncate,
        length_exponent: config.length_exponent,
        exact_candidates: config.exact_candidates,
        embedding_duplicate: config.embedding_duplicate,
        fill: config.fill,
        ..SelectConfig::default()
    };
    // Without cores every sentence is its own family: an empty list says so.
    let family: Vec<usize> = if parent.is_empty() {
        Vec::new()
    } else {
        (0..n_whole).chain(parent.iter().copied()).collect()
    };
    let mut picks = select_alternatives(&analysis.sentences, &ranking, &select_config, &family);
    // Page furniture glued into a prose line ("Email Sign Up By signing up you agree …", a
    // caption run into the next sentence) survives the cleaner, which judges whole lines. Only
    // the picks are checked, a few sentences a brief (checking every sentence added 4 to 8 % to
    // a brief's instructions). Where a pick is furniture, every eligible sentence that is
    // furniture is refused at once and selection runs once more: one more run at most, however
    // many a hostile page holds.
    if config.skip_debris {
        let is_debris = |i: usize| {
            let s = &sentences[i];
            let text = s.span.slice(&cleaned[s.doc.index()].text.clean);
            crate::clean::is_debris_sentence(text.unwrap_or(""), analysis.sentences[i].words)
        };
        if picks.iter().any(|p| is_debris(p.sentence)) {
            for i in 0..ranking.eligible.len() {
                if (ranking.eligible[i] || ranking.spare[i]) && is_debris(i) {
                    ranking.exclude(i);
                }
            }
            picks = select_alternatives(&analysis.sentences, &ranking, &select_config, &family);
        }
    }
    timings.select_ms = ms(t);

    let t = Instant::now();
    let ordered = order(&picks, sentences, &cluster.documents, &sentence_counts);
    timings.order_ms = ms(t);

    let mut summary = Vec::with_capacity(ordered.len());
    for p in &ordered {
        let s = &sentences[p.sentence];
        let doc = &cluster.documents[s.doc.index()];
        let clean_text = &cleaned[s.doc.index()].text.clean;
        let mut support: Vec<_> = sentences[..n_whole]
            .iter()
            .enumerate()
            .filter(|(j, o)| {
                o.doc != s.doc
                    && jaccard(
                        &analysis.sentences[*j].term_set,
                        &analysis.sentences[p.sentence].term_set,
                    ) >= SUPPORT_JACCARD
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
            whole_span: (p.sentence >= n_whole)
                .then(|| sentences[parent[p.sentence - n_whole]].span),
        });
    }
    if config.truncate {
        if let Budget::Words(n) = config.budget {
            truncate_words(&mut summary, n);
        }
    }
    let words = summary
        .iter()
        .map(|s| crate::text::count_words(&s.text))
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
        .zip(cleaned)
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
            excluded: ranking.off_topic[d.id.index()].clone(),
            out_of_period: out_of_period[d.id.index()].clone(),
        })
        .collect();
    let brief = Brief {
        schema: BRIEF_SCHEMA.into(),
        cluster_id: cluster.id.clone(),
        language: analysis.language.code.into(),
        summary,
        words,
        documents,
        removals,
        duplicates,
        warnings,
        facts: crate::facts::Facts::default(),
        timings: Timings::default(),
    };
    Ok((brief, truncated))
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
        let words = crate::text::count_words(&s.text);
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

/// Flag documents whose metadata date lies far outside the cluster's dates. Flags only: many
/// real clusters (DUC's among them) follow a story over years.
fn dates_out_of_period(
    documents: &[crate::model::Document],
    period_days: i64,
) -> Vec<Option<String>> {
    let days: Vec<Option<i64>> = documents
        .iter()
        .map(|d| d.date.as_deref().and_then(day_number))
        .collect();
    let mut known: Vec<i64> = days.iter().flatten().copied().collect();
    let mut out = vec![None; documents.len()];
    if known.len() < 3 {
        return out;
    }
    known.sort_unstable();
    let median = known[known.len() / 2];
    let mut dev: Vec<i64> = known.iter().map(|d| (d - median).abs()).collect();
    dev.sort_unstable();
    let mad = dev[dev.len() / 2];
    let limit = period_days.max(3 * mad);
    for (i, d) in days.iter().enumerate() {
        if let Some(d) = d {
            let off = (d - median).abs();
            if off > limit {
                out[i] = Some(format!(
                    "dated {off} days from the cluster's median date (limit {limit})"
                ));
            }
        }
    }
    out
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocId, Document, InputFormat};

    #[test]
    fn day_numbers_match_the_calendar() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2020-03-05"), Some(18326));
        assert_eq!(day_number("2000-02-29"), Some(11016));
        assert_eq!(day_number("2020-13-01"), None);
        assert_eq!(day_number("soon"), None);
    }

    #[test]
    fn far_dates_are_flagged() {
        let doc = |i: u32, date: &str| Document {
            id: DocId(i),
            name: format!("d{i}"),
            source: None,
            date: Some(date.into()),
            title: None,
            format: InputFormat::Text,
            text: String::new(),
        };
        let docs = vec![
            doc(0, "2020-03-04"),
            doc(1, "2020-03-05"),
            doc(2, "2020-03-06"),
            doc(3, "2018-09-07"),
        ];
        let flags = dates_out_of_period(&docs, 90);
        assert!(flags[3].is_some());
        assert!(flags[..3].iter().all(Option::is_none));
    }
}

#[cfg(test)]
mod compress_tests {
    use super::*;

    pub(super) fn cluster(texts: &[&str]) -> Cluster {
        Cluster::from_texts("c", texts)
    }

    /// The default summary of at most `words` words, without facts.
    pub(super) fn summary_config(words: usize) -> Config {
        Config {
            budget: Budget::Words(words),
            facts: false,
            ..Config::default()
        }
    }

    #[test]
    fn a_core_fits_where_its_whole_sentence_does_not() {
        let c = cluster(&[
            "Engineers closed the Kessling Harbor Bridge after finding cracked steel cables on the eastern span, the harbor authority said in a statement.\n\nTraffic moved to the old ferry route.",
            "Cracked steel cables were found on the eastern span of the Kessling Harbor Bridge by engineers on Monday.\n\nFerries will run every hour.",
        ]);
        // Sixteen words hold the first sentence's core (15 words) but no whole sentence of ten
        // words or more.
        let base = summary_config(16);
        let with = summarize(
            &c,
            &Config {
                compress: true,
                ..base.clone()
            },
        )
        .unwrap();
        for s in &with.summary {
            let doc = &with.documents[s.doc.index()];
            assert_eq!(s.span.slice(&doc.clean_text), Some(s.text.as_str()));
            if let Some(w) = s.whole_span {
                assert!(w.start <= s.span.start && s.span.end <= w.end);
                assert!(!s.text.contains("said"));
            }
        }
        assert!(with.words <= 16);
        assert!(with.summary.iter().any(|s| s.whole_span.is_some()));
        // Without cores no sentence about the cables fits, only the short ones spare room takes.
        let without = summarize(&c, &base).unwrap();
        assert!(without
            .summary
            .iter()
            .all(|s| s.whole_span.is_none() && !s.text.contains("cables")));
    }
}

#[cfg(test)]
mod debris_tests {
    use super::*;

    #[test]
    fn a_sign_up_prompt_glued_into_a_prose_line_is_never_quoted() {
        // The prompt carries the cluster's most repeated pairs ("Kessling bridge", "harbor
        // authority"), so selection wants it; the line around it is prose, so the cleaner keeps it.
        let prompt = "By signing up for Kessling bridge alerts you agree to receive the harbor authority newsletter every day.";
        let c = compress_tests::cluster(&[
            &format!("The Kessling bridge closed on Monday after engineers found cracked cables, the harbor authority said. {prompt} Ferries ran every hour."),
            "The harbor authority closed the Kessling bridge on Monday because of cracked cables.",
            "Cracked cables shut the Kessling bridge, the harbor authority said on Monday.",
        ]);
        let base = compress_tests::summary_config(60);
        let quoted = |b: &Brief| b.summary.iter().any(|s| s.text.contains("By signing up"));
        let without_check = summarize(
            &c,
            &Config {
                skip_debris: false,
                ..base.clone()
            },
        )
        .unwrap();
        assert!(
            quoted(&without_check),
            "the test needs the prompt to be wanted"
        );
        let brief = summarize(&c, &base).unwrap();
        assert!(!quoted(&brief));
        assert!(!brief.summary.is_empty());
        for s in &brief.summary {
            let doc = &brief.documents[s.doc.index()];
            assert_eq!(s.span.slice(&doc.clean_text), Some(s.text.as_str()));
        }
    }

    #[test]
    fn a_page_of_prompts_in_one_paragraph_is_refused_whole() {
        // Hundreds of prompts in one paragraph (too long for the line rules) around two prose
        // sentences: the brief quotes prose only.
        let prompts =
            "Sign up for Kessling bridge alerts in your inbox every morning from the harbor desk. "
                .repeat(300);
        let c = compress_tests::cluster(&[
            &format!("The Kessling bridge closed on Monday after engineers found cracked cables. {prompts}The harbor authority said ferries would run every hour."),
            "The harbor authority closed the Kessling bridge on Monday because of cracked cables.",
        ]);
        let brief = summarize(&c, &compress_tests::summary_config(60)).unwrap();
        assert!(!brief.summary.is_empty());
        assert!(brief.summary.iter().all(|s| !s.text.contains("Sign up")));
    }
}

#[cfg(test)]
mod fill_tests {
    use super::*;

    /// A cluster shorter than its budget: the objective wants the two sentences whose pairs
    /// recur, and the budget's room goes to what it leaves out for reading poorly out of
    /// context (a "But" opener, a short sentence), while a question and a cut-off line stay
    /// out. Off, the brief stops at the objective's picks.
    #[test]
    fn room_left_in_a_small_cluster_goes_to_the_rest_of_the_story() {
        let c = compress_tests::cluster(&[
            "The Kessling bridge closed on Monday after engineers found cracked cables. But the harbor authority said ferries would carry commuters across the bay all week. Crews worked on the cables through the night. Will the bridge reopen before the festival?",
            "Engineers found cracked cables and the Kessling bridge closed on Monday, officials said.\n\nAs the harbor master, the mayor and",
        ]);
        let base = compress_tests::summary_config(100);
        let texts =
            |b: &Brief| -> Vec<String> { b.summary.iter().map(|s| s.text.clone()).collect() };
        let without = summarize(
            &c,
            &Config {
                fill: false,
                ..base.clone()
            },
        )
        .unwrap();
        let brief = summarize(&c, &base).unwrap();
        assert!(texts(&without).iter().all(|t| !t.starts_with("But")));
        let filled = texts(&brief);
        assert!(
            filled
                .iter()
                .any(|t| t.starts_with("But the harbor authority")),
            "{filled:?}"
        );
        assert!(
            filled
                .iter()
                .any(|t| t == "Crews worked on the cables through the night."),
            "{filled:?}"
        );
        assert!(filled
            .iter()
            .all(|t| !t.contains('?') && !t.contains("the mayor and")));
        assert!(filled.len() > without.summary.len());
        for s in &brief.summary {
            let doc = &brief.documents[s.doc.index()];
            assert_eq!(s.span.slice(&doc.clean_text), Some(s.text.as_str()));
        }
    }
}

#[cfg(test)]
mod parallel_facts_tests {
    use super::*;

    #[test]
    fn facts_are_the_same_on_one_thread_and_two() {
        let mut cluster = compress_tests::cluster(&[
            "Mayor Helena Varady said on Tuesday that 43 people were hurt when the Kessling bridge fell. \"We will rebuild it,\" she said.",
            "At least 40 people were injured, officials said on Oct. 13. Governor Ana Ruiz flew to Portvale.",
            "Nearly 45 people were hurt in Portvale, according to the Harbor Authority, which will meet on Friday.",
        ]);
        for d in &mut cluster.documents {
            d.source = Some(format!("outlet {}", d.id.index()));
            d.date = Some("2026-10-14".into());
        }
        let brief = |parallel_facts| {
            let b = summarize(
                &cluster,
                &Config {
                    parallel_facts,
                    ..Config::default()
                },
            )
            .unwrap();
            serde_json::to_string(&b.facts).unwrap()
        };
        let two = brief(true);
        assert!(two.contains("Varady") && two.contains("43"), "{two}");
        assert_eq!(two, brief(false));
    }
}
