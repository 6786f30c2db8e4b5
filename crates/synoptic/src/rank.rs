//! Rank: decide what matters in the cluster.
//!
//! Input: the cleaned documents, their sentences and the [`Analysis`]. Output: a [`Ranking`]:
//! a weight per concept (the chance that a human summary carries it, by a logistic model fitted
//! on DUC 2001, for the concepts that enough documents carry; with `learned_weights` off, how
//! many documents carry it, or in a one- or two-document cluster how many sentences), a
//! relevance per document, which sentences may be quoted at all, and a
//! per-sentence prior (lead position and similarity to the cluster centroid).
//! Invariant: weights depend only on the input (no iteration over hash maps reaches the output).
//!
//! It also finds text glued onto a document that is about something else: after a seam (a
//! removed headline or caption run), a tail whose vocabulary is far from the rest of the cluster
//! is recorded as [`RemovalKind::ForeignText`] and its sentences are not eligible.

use rustc_hash::FxHashMap as HashMap;

use crate::analyze::{Analysis, Language, SentenceFeatures};
use crate::clean::CleanDocument;
use crate::concept_model::{
    concept_chance, features_with, ConceptStats, CONCEPT_FEATURES, CONCEPT_MODEL,
};
use crate::dedup::DuplicateGroup;
use crate::embed::{self, normalize, Embedder};
use crate::error::Result;
use crate::model::{DocId, Removal, RemovalKind, Sentence, Span};

/// Tunable knobs of the ranker.
#[derive(Debug, Clone, PartialEq)]
pub struct RankConfig {
    /// Sentences shorter than this (in words) are never quoted.
    pub min_words: usize,
    /// Sentences longer than this are never quoted.
    pub max_words: usize,
    /// Weight of the lead-position prior, as a fraction of the mean concept weight.
    pub position_weight: f64,
    /// Concepts found in a document's first `lead_sentences` sentences gain `lead_boost` per
    /// such document: news puts what happened first (`lead_boost` only with `learned_weights`
    /// off; the learned model reads the same leads).
    pub lead_sentences: usize,
    /// See `lead_sentences`.
    pub lead_boost: f64,
    /// Concepts found in a document's title gain `title_boost` per such document (copies
    /// count once): a headline names what the story is about. Only with `learned_weights` off.
    pub title_boost: f64,
    /// Weight of the title prior (the share of the cluster's title words a sentence carries),
    /// as a fraction of the mean concept weight.
    pub title_weight: f64,
    /// A document's lead is at most one sentence per this many of its sentences (at least one):
    /// in a three-sentence excerpt the second sentence is already body (0: no such cap).
    pub lead_span: usize,
    /// Refuse sentences that lean on context the reader lacks: opening with a connective
    /// ("But", "However", "Also"), or a quotation credited to a bare pronoun ("…," he said).
    pub skip_dangling: bool,
    /// Refuse sentences that end in an ellipsis: cut off by their page (a teaser) or trailing
    /// off, either way not a whole statement.
    pub skip_ellipsis: bool,
    /// Refuse sentences that end in a colon: a lead-in ("Here is a chronology of events:",
    /// "… said in a statement:") promises a list or a quotation that a brief does not carry.
    pub skip_lead_ins: bool,
    /// Refuse sentences that do not end as a sentence does (a full stop or exclamation mark,
    /// maybe inside closing quotes or brackets) and are not their document's last: a headline,
    /// a pull quote's credit, a list item. A document's last sentence may be cut off where
    /// its excerpt ends, and still carry its lead.
    pub skip_unfinished: bool,
    /// Refuse sentences that open with a quotation: a brief reports, it does not quote
    /// (quotes are kept for the facts section).
    pub skip_quote_openers: bool,
    /// Weight of the centroid-similarity prior, as a fraction of the mean concept weight.
    pub centroid_weight: f64,
    /// Weight of the embedding-centroid prior (used only with an embedder), as a fraction of
    /// the mean concept weight.
    pub embedding_weight: f64,
    /// The embedding prior uses `cos - embedding_offset`: sentence embeddings of one cluster
    /// are all fairly close to its centroid, so an offset keeps the prior from paying for
    /// sentence count.
    pub embedding_offset: f64,
    /// How many of the most promising eligible sentences are embedded (0: all of them).
    pub embedding_candidates: usize,
    /// Weight of single-word concepts relative to word pairs.
    pub unigram_weight: f64,
    /// Below this many words a cluster is "small" and every concept counts.
    pub small_cluster_words: usize,
    /// Concept weight is `df^df_power` (1 = plain document frequency), with `learned_weights`
    /// off.
    pub df_power: f64,
    /// Override of the minimum document frequency of a concept (0 = by cluster size).
    pub min_df: u32,
    /// A document whose relevance is below this fraction of the median relevance is off topic
    /// and excluded (0 keeps every document).
    pub min_relevance: f64,
    /// A tail after a seam is foreign when its similarity to the cluster is below this fraction
    /// of the similarity of the text before it.
    pub foreign_ratio: f64,
    /// Weigh the concepts that count by the learned model (`concept_model`: the chance that a
    /// human summary carries the concept) instead of by documents plus the lead boost
    /// (`lead_boost`, `title_boost` and `df_power` then have no effect).
    pub learned_weights: bool,
    /// The learned model's coefficients over
    /// [`concept_features`](crate::concept_model::concept_features) (default [`CONCEPT_MODEL`]).
    pub concept_model: [f64; CONCEPT_FEATURES],
}

impl Default for RankConfig {
    fn default() -> Self {
        RankConfig {
            min_words: 10,
            max_words: 80,
            position_weight: 4.0,
            lead_sentences: 2,
            lead_boost: 2.0,
            title_boost: 0.0,
            title_weight: 0.0,
            lead_span: 5,
            skip_dangling: true,
            skip_ellipsis: true,
            skip_lead_ins: true,
            skip_unfinished: true,
            skip_quote_openers: false,
            centroid_weight: 12.0,
            embedding_weight: 3.0,
            embedding_offset: 0.5,
            embedding_candidates: 40,
            unigram_weight: 0.0,
            small_cluster_words: 600,
            df_power: 1.0,
            min_df: 0,
            min_relevance: 0.3,
            foreign_ratio: 0.5,
            learned_weights: true,
            concept_model: CONCEPT_MODEL,
        }
    }
}

/// What the ranker decided.
#[derive(Debug, Clone, Default)]
pub struct Ranking {
    /// Weight of each concept id.
    pub concept_weights: Vec<f64>,
    /// Relevance of each document to the others, in [0, 1].
    pub doc_relevance: Vec<f64>,
    /// Whether each sentence may be quoted.
    pub eligible: Vec<bool>,
    /// Whether a sentence that is not eligible may still fill room the concept objective
    /// leaves (`select::fill`): a whole sentence that failed only the rules for reading well
    /// out of context (a connective opener, a quote credited to a bare pronoun, fewer than
    /// `min_words` words), never one whose document, or whose part of it, was excluded.
    pub spare: Vec<bool>,
    /// A prior added to a sentence's gain when it is picked.
    pub prior: Vec<f64>,
    /// Foreign text found (added to the cleaning log).
    pub removals: Vec<Removal>,
    /// For each document with a foreign tail, the first block of that tail.
    pub foreign_from: Vec<Option<usize>>,
    /// For each document excluded as off topic, why.
    pub off_topic: Vec<Option<String>>,
    /// Mean weight of the concepts that count (the unit of the priors).
    pub mean_weight: f64,
    /// What the concept weights were computed from.
    pub concept_stats: ConceptStats,
    /// Unit sentence embeddings of the eligible sentences (empty vectors elsewhere, and no
    /// vectors at all without an embedder).
    pub embeddings: Vec<Vec<f32>>,
}

impl Ranking {
    /// Sentence `i` may be neither quoted nor used to fill spare room (its document, or its
    /// part of it, was excluded after ranking).
    pub fn exclude(&mut self, i: usize) {
        self.eligible[i] = false;
        self.spare[i] = false;
    }
}

/// Rank the cluster. `removed` is the cleaning log, used to find seams.
pub fn rank(
    docs: &[CleanDocument],
    originals: &[&str],
    sentences: &[Sentence],
    analysis: &Analysis,
    removed: &[Removal],
    duplicates: &[DuplicateGroup],
    config: &RankConfig,
) -> Ranking {
    let n_docs = docs.len();
    // Copies of one text speak once: `group[d]` is the kept copy of d's duplicate group.
    let mut group: Vec<usize> = (0..n_docs).collect();
    for g in duplicates {
        for c in &g.copies {
            group[c.index()] = g.kept.index();
        }
    }
    let n_distinct = (0..n_docs).filter(|&d| group[d] == d).count();
    let mut eligible: Vec<bool> = sentences
        .iter()
        .zip(&analysis.sentences)
        .map(|(s, f)| {
            let clean = &docs[s.doc.index()].text.clean;
            let text = &clean[s.span.start..s.span.end];
            quotable(text, f, config, analysis.language) && finished(clean, s.span, config)
        })
        .collect();
    let mut spare: Vec<bool> = sentences
        .iter()
        .zip(&analysis.sentences)
        .zip(&eligible)
        .map(|((s, f), &eligible)| {
            !eligible
                && spare_quotable(
                    &docs[s.doc.index()].text.clean[s.span.start..s.span.end],
                    f,
                    config,
                )
        })
        .collect();

    // Term statistics per document, as sparse vectors sorted by term id: summing in id order
    // keeps every float independent of hash iteration order (byte-identical output).
    // Counts are whole numbers, exact whatever order they are taken in.
    let mut doc_terms: Vec<Vec<u32>> = vec![Vec::new(); n_docs];
    for (s, f) in sentences.iter().zip(&analysis.sentences) {
        doc_terms[s.doc.index()].extend_from_slice(&f.terms);
    }
    let doc_counts: Vec<Sparse> = doc_terms
        .iter_mut()
        .map(|terms| {
            let mut counts = Vec::new();
            sorted_counts(terms, &mut counts);
            counts
        })
        .collect();
    let mut term_df = vec![0u32; analysis.term_count];
    for m in &doc_counts {
        for &(t, _) in m {
            term_df[t as usize] += 1;
        }
    }
    // The idf of each document frequency, computed once per value.
    let idf_of_df: Vec<f64> = (0..=n_docs)
        .map(|df| ((1.0 + n_docs as f64) / (1.0 + df as f64)).ln() + 1.0)
        .collect();
    let idf: Vec<f64> = term_df.iter().map(|&df| idf_of_df[df as usize]).collect();
    let vectors: Vec<Sparse> = doc_counts
        .into_iter()
        .map(|mut m| {
            m.iter_mut().for_each(|e| e.1 *= idf[e.0 as usize]);
            unit(m)
        })
        .collect();
    // The sum of all document vectors; "the others" of d is `total - vectors[d]`, so no
    // per-document centroid is ever built.
    let mut total = vec![0.0; analysis.term_count];
    for v in &vectors {
        for &(t, x) in v {
            total[t as usize] += x;
        }
    }
    let total_sq: f64 = total.iter().map(|x| x * x).sum();

    let mut doc_relevance = vec![1.0; n_docs];
    let mut removals = Vec::new();
    let mut foreign_from = vec![None; n_docs];
    let mut off_topic: Vec<Option<String>> = vec![None; n_docs];
    if n_docs >= 2 {
        for d in 0..n_docs {
            // "The others" leave out d's copies too, or copies would vouch for each other.
            let own = if group.iter().filter(|&&g| g == group[d]).count() > 1 {
                add_all(
                    (0..n_docs)
                        .filter(|&e| group[e] == group[d])
                        .map(|e| &vectors[e]),
                )
            } else {
                vectors[d].clone()
            };
            let others = Others::new(&total, total_sq, &own);
            doc_relevance[d] = others.cosine(&vectors[d]);
            if let Some((from_block, span)) = foreign_tail(
                &docs[d],
                originals[d],
                sentences,
                analysis,
                removed,
                &others,
                &idf,
                config,
            ) {
                foreign_from[d] = Some(from_block);
                for (i, s) in sentences.iter().enumerate() {
                    if s.doc.index() == d && block_of(&docs[d], s.span) >= from_block {
                        eligible[i] = false;
                        spare[i] = false;
                    }
                }
                removals.push(Removal {
                    doc: DocId(d as u32),
                    span,
                    kind: RemovalKind::ForeignText,
                    reason: "text after a headline seam drifts away from the cluster's subject"
                        .into(),
                });
            }
        }
        let max = doc_relevance.iter().copied().fold(0.0, f64::max);
        if max > 0.0 {
            doc_relevance.iter_mut().for_each(|r| *r /= max);
        }
        // Off-topic documents: far less related to the others than the typical document is.
        if n_distinct >= 3 && config.min_relevance > 0.0 {
            let mut sorted = doc_relevance.clone();
            sorted.sort_by(f64::total_cmp);
            let median = sorted[n_docs / 2];
            // In a small cluster one stray document weighs on the centroid itself; there, also
            // ask how close each document's nearest neighbour is (distinct copies only).
            let best_match: Option<Vec<f64>> = (n_docs <= 60).then(|| {
                (0..n_docs)
                    .map(|d| {
                        (0..n_docs)
                            .filter(|&e| group[e] != group[d])
                            .map(|e| dot(&vectors[d], &vectors[e]))
                            .fold(0.0, f64::max)
                    })
                    .collect()
            });
            let best_median = best_match.as_ref().map(|b| {
                let mut s = b.clone();
                s.sort_by(f64::total_cmp);
                s[n_docs / 2]
            });
            for d in 0..n_docs {
                let by_centroid = median > 0.0 && doc_relevance[d] < config.min_relevance * median;
                let by_neighbour = match (&best_match, best_median) {
                    (Some(b), Some(m)) => m > 0.0 && b[d] < config.min_relevance * m,
                    _ => false,
                };
                if by_centroid || by_neighbour {
                    off_topic[d] = Some(if by_centroid {
                        format!(
                            "off topic: relevance {:.2} is below {:.2} x the median {:.2}",
                            doc_relevance[d], config.min_relevance, median
                        )
                    } else {
                        format!(
                            "off topic: its closest document is {:.2} similar, below {:.2} x the median {:.2}",
                            best_match.as_ref().map_or(0.0, |b| b[d]),
                            config.min_relevance,
                            best_median.unwrap_or(0.0)
                        )
                    });
                    for (i, s) in sentences.iter().enumerate() {
                        if s.doc.index() == d {
                            eligible[i] = false;
                            spare[i] = false;
                        }
                    }
                }
            }
        }
    }

    // Concept weights start from the number of documents carrying a concept (Gillick & Favre).
    // Rare concepts are noise in large clusters, so a floor on document frequency applies there.
    let mut concept_docs: Vec<(u32, u32)> = vec![(u32::MAX, 0); analysis.concept_count];
    let mut concept_sentences = vec![0u32; analysis.concept_count];
    let mut concept_lead = vec![0u32; analysis.concept_count];
    let mut concept_position = vec![0f64; analysis.concept_count];
    let mut doc_sentences = vec![0usize; n_docs];
    for s in sentences {
        doc_sentences[s.doc.index()] += 1;
    }
    let lead_of = |d: usize| match config.lead_span {
        0 => config.lead_sentences,
        span => config.lead_sentences.min((doc_sentences[d] / span).max(1)),
    };
    let mut by_group: Vec<usize> = (0..sentences.len()).collect();
    by_group.sort_by_key(|&i| (group[sentences[i].doc.index()], sentences[i].doc, i));
    for &i in &by_group {
        let (s, f) = (&sentences[i], &analysis.sentences[i]);
        if off_topic[s.doc.index()].is_some()
            || (!eligible[i] && removals.iter().any(|r| r.doc == s.doc) && !is_kept(s, &removals))
        {
            continue;
        }
        for &c in &f.concepts {
            let e = &mut concept_docs[c as usize];
            let g = group[s.doc.index()] as u32;
            if e.0 != g {
                e.0 = g;
                e.1 += 1;
            }
            concept_sentences[c as usize] += 1;
            concept_position[c as usize] += 1.0 / (1.0 + s.position as f64);
            if s.position < lead_of(s.doc.index()) {
                concept_lead[c as usize] += 1;
            }
        }
    }
    // Title concepts, once per group of copies, from documents that are not off topic.
    let concept_title = if config.title_boost != 0.0 {
        title_counts(analysis, &group, &off_topic, analysis.concept_count, |t| {
            &t.concepts
        })
    } else {
        vec![0; analysis.concept_count]
    };
    // Evidence is sparse in a small cluster: there every concept counts, weighted by how many
    // documents carry it.
    let cluster_words: usize = analysis.sentences.iter().map(|f| f.words).sum();
    // Off-topic documents do not count: the floors follow the documents that speak.
    let n_docs = n_distinct
        - (0..off_topic.len())
            .filter(|&d| off_topic[d].is_some() && group[d] == d)
            .count();
    let min_df = match (config.min_df, n_docs) {
        (m, _) if m > 0 => m,
        _ if cluster_words < config.small_cluster_words => 1,
        (_, 0..=2) => 1,
        (_, 3..=5) => 2,
        _ => 3,
    };
    // Which concepts count, and their weight by the heuristic: documents carrying it plus the
    // lead boost (with `learned_weights` off, the weight itself).
    let heuristic: Vec<f64> = concept_docs
        .iter()
        .zip(&concept_sentences)
        .zip(&concept_lead)
        .zip(&concept_title)
        .zip(&analysis.concept_is_unigram)
        .map(|((((&(_, df), &sf), &lead), &title), &unigram)| {
            let boost = config.lead_boost * lead as f64 + config.title_boost * title as f64;
            let scale = if unigram { config.unigram_weight } else { 1.0 };
            if n_docs <= 2 {
                // One or two documents: repetition inside them is the only signal.
                if sf >= 2 {
                    scale * (sf as f64 + boost)
                } else {
                    0.0
                }
            } else if df >= min_df {
                // `powf(1.0)` is the identity, and the default: skip the call.
                let df = if config.df_power == 1.0 {
                    df as f64
                } else {
                    (df as f64).powf(config.df_power)
                };
                scale * (df + boost)
            } else {
                0.0
            }
        })
        .collect();
    let stats = ConceptStats {
        docs: concept_docs.iter().map(|e| e.1).collect(),
        sentences: concept_sentences,
        lead: concept_lead,
        position: concept_position,
        counted_docs: n_docs,
    };
    // The learned model (the default) re-weighs the concepts that count by their chance of
    // being in a human summary, from evidence the heuristic leaves out: how early they come,
    // whether a stop word is half of them, how big the cluster is.
    let concept_weights: Vec<f64> = if config.learned_weights {
        // The logarithms the features take, each computed once (they are the same numbers).
        let ln_n = (stats.counted_docs.max(1) as f64).ln();
        let max_docs = stats.docs.iter().copied().max().unwrap_or(0);
        let ln_docs: Vec<f64> = (0..=max_docs).map(|d| (1.0 + d as f64).ln()).collect();
        heuristic
            .iter()
            .enumerate()
            .map(|(c, &h)| {
                if h <= 0.0 {
                    return 0.0;
                }
                let x = features_with(analysis, &stats, c, ln_docs[stats.docs[c] as usize], ln_n);
                let scale = if analysis.concept_is_unigram[c] {
                    config.unigram_weight
                } else {
                    1.0
                };
                scale * concept_chance(&config.concept_model, &x)
            })
            .collect()
    } else {
        heuristic
    };

    let nonzero: Vec<f64> = concept_weights
        .iter()
        .copied()
        .filter(|&w| w > 0.0)
        .collect();
    let mean_w = if nonzero.is_empty() {
        1.0
    } else {
        nonzero.iter().sum::<f64>() / nonzero.len() as f64
    };
    // Title words: how many documents carry each term in their title.
    let title_terms = if config.title_weight != 0.0 {
        title_counts(analysis, &group, &off_topic, analysis.term_count, |t| {
            &t.term_set
        })
    } else {
        Vec::new()
    };
    let title_mass: u32 = title_terms.iter().sum();
    let total_norm = total_sq.sqrt();
    // Scratch for each sentence's term vector, reused from one sentence to the next.
    let (mut ids, mut v): (Vec<u32>, Sparse) = (Vec::new(), Vec::new());
    let prior = sentences
        .iter()
        .zip(&analysis.sentences)
        .map(|(s, f)| {
            let mut position = config.position_weight * mean_w / (1.0 + s.position as f64);
            if title_mass > 0 {
                let covered: u32 = f.term_set.iter().map(|&t| title_terms[t as usize]).sum();
                position += config.title_weight * mean_w * covered as f64 / title_mass as f64;
            }
            if config.centroid_weight == 0.0 || total_norm == 0.0 {
                return position;
            }
            // Centrality: cosine between the sentence and the cluster centroid (MEAD).
            ids.clear();
            ids.extend_from_slice(&f.terms);
            sorted_counts(&mut ids, &mut v);
            v.iter_mut().for_each(|e| e.1 *= idf[e.0 as usize]);
            v = unit(std::mem::take(&mut v));
            let cos: f64 = v.iter().map(|&(t, x)| x * total[t as usize]).sum::<f64>() / total_norm;
            position + config.centroid_weight * mean_w * cos
        })
        .collect();
    Ranking {
        concept_weights,
        doc_relevance,
        eligible,
        spare,
        prior,
        removals,
        foreign_from,
        off_topic,
        mean_weight: mean_w,
        embeddings: Vec::new(),
        concept_stats: stats,
    }
}

/// For each id (`n` of them), how many documents' titles carry it: copies of one text count
/// once (`group[d]` is d's kept copy), off-topic documents not at all. `ids` reads a title's
/// sorted, deduplicated ids (its concepts or its terms).
fn title_counts(
    analysis: &Analysis,
    group: &[usize],
    off_topic: &[Option<String>],
    n: usize,
    ids: impl Fn(&SentenceFeatures) -> &[u32],
) -> Vec<u32> {
    let mut counts = vec![0u32; n];
    let mut last_group = vec![usize::MAX; n];
    let mut docs: Vec<usize> = (0..analysis.titles.len().min(group.len())).collect();
    docs.sort_by_key(|&d| (group[d], d));
    for d in docs {
        if off_topic.get(d).is_some_and(|o| o.is_some()) {
            continue;
        }
        for &id in ids(&analysis.titles[d]) {
            let id = id as usize;
            if last_group[id] != group[d] {
                last_group[id] = group[d];
                counts[id] += 1;
            }
        }
    }
    counts
}

/// Embed the most promising eligible sentences and add the embedding-centrality prior: each
/// gains `embedding_weight × mean weight × (cos(sentence, centroid) - embedding_offset)`, where
/// the centroid is the sum of the documents' mean vectors (normalised), so each document counts
/// once however many of its sentences were embedded. Only the `embedding_candidates` eligible
/// sentences of highest stand-alone value (concept weight plus prior; all of them when 0) are
/// embedded, which bounds the model's cost per cluster; the others gain what the least central
/// embedded sentence gained. `texts[i]` is sentence i's text. Call after eligibility and the
/// other priors are final.
pub fn add_embedding_prior(
    ranking: &mut Ranking,
    sentences: &[Sentence],
    features: &[SentenceFeatures],
    texts: &[&str],
    embedder: &Embedder,
    config: &RankConfig,
) -> Result<()> {
    let alone = |i: usize| -> f64 {
        features[i]
            .concepts
            .iter()
            .map(|&c| ranking.concept_weights[c as usize])
            .sum::<f64>()
            + ranking.prior[i]
    };
    let mut pool: Vec<usize> = (0..sentences.len())
        .filter(|&i| ranking.eligible[i])
        .collect();
    if config.embedding_candidates > 0 && pool.len() > config.embedding_candidates {
        pool.sort_by(|&a, &b| alone(b).total_cmp(&alone(a)).then(a.cmp(&b)));
        pool.truncate(config.embedding_candidates);
        pool.sort_unstable();
    }
    if pool.is_empty() {
        return Ok(());
    }
    let batch: Vec<&str> = pool.iter().map(|&i| texts[i]).collect();
    let vectors = embedder.embed(&batch)?;
    let mut embeddings = vec![Vec::new(); sentences.len()];
    for (&i, v) in pool.iter().zip(vectors) {
        embeddings[i] = v;
    }
    let n_docs = sentences
        .iter()
        .map(|s| s.doc.index() + 1)
        .max()
        .unwrap_or(0);
    let dim = embeddings.iter().map(Vec::len).max().unwrap_or(0);
    let mut doc_sums = vec![vec![0.0f64; dim]; n_docs];
    for (s, v) in sentences.iter().zip(&embeddings) {
        for (a, &x) in doc_sums[s.doc.index()].iter_mut().zip(v) {
            *a += x as f64;
        }
    }
    let mut centroid = vec![0.0f64; dim];
    for mut d in doc_sums {
        normalize(&mut d);
        for (c, x) in centroid.iter_mut().zip(d) {
            *c += x;
        }
    }
    normalize(&mut centroid);
    let centroid: Vec<f32> = centroid.into_iter().map(|x| x as f32).collect();
    let gain =
        |cos: f64| config.embedding_weight * ranking.mean_weight * (cos - config.embedding_offset);
    let cosines: Vec<Option<f64>> = embeddings
        .iter()
        .map(|v| (!v.is_empty()).then(|| embed::dot(v, &centroid)))
        .collect();
    let floor = cosines
        .iter()
        .flatten()
        .copied()
        .fold(f64::INFINITY, f64::min);
    for (i, cos) in cosines.iter().enumerate() {
        ranking.prior[i] += gain(cos.unwrap_or(floor));
    }
    ranking.embeddings = embeddings;
    Ok(())
}

/// False for a sentence that opens a quotation it does not close (or closes one it did not
/// open): a fragment of a longer quote, which misleads when quoted alone.
fn balanced_quotes(text: &str) -> bool {
    // The quotes are '"' and the chars led by the bytes 0xE2 (“ „ ”) and 0xC2 (« »), which in
    // UTF-8 only ever lead a char: a vectorised search for the three bytes finds them all.
    let b = text.as_bytes();
    let (mut open, mut close, mut straight) = (0usize, 0usize, 0usize);
    for i in memchr::memchr3_iter(b'"', 0xE2, 0xC2, b) {
        match (b[i], b.get(i + 1), b.get(i + 2)) {
            (b'"', _, _) => straight += 1,
            (0xE2, Some(0x80), Some(0x9C | 0x9E)) | (0xC2, Some(0xAB), _) => open += 1,
            (0xE2, Some(0x80), Some(0x9D)) | (0xC2, Some(0xBB), _) => close += 1,
            _ => {}
        }
    }
    open == close && straight % 2 == 0
}

/// Words that make an English sentence depend on the one before it.
const DANGLING_OPENERS: &[&str] = &[
    "also",
    "and",
    "but",
    "however",
    "meanwhile",
    "or",
    "so",
    "still",
    "yet",
];

/// Whether a sentence's own text lets it be quoted: its length, no question, no ellipsis or
/// colon at the end, no lower-case start, no dangling opener, balanced quotation marks.
/// Documents can still exclude it.
pub(crate) fn quotable(
    text: &str,
    f: &SentenceFeatures,
    config: &RankConfig,
    language: Language,
) -> bool {
    well_formed(text, f, config, config.min_words)
        && !ends_unquotably(text, config)
        && text.chars().next().is_some_and(|c| !c.is_lowercase())
        && !(config.skip_dangling && language.code == "en" && dangling(text))
        && !(config.skip_quote_openers
            && text.starts_with(['"', '\u{201c}', '\u{201e}', '\u{ab}', '`', '\'']))
}

/// Whether a sentence that [`quotable`] turned down may still fill room the concept objective
/// leaves: it failed only the rules for reading well out of context (a connective opener, a
/// quote credited to a bare pronoun, fewer than `min_words` words) and reads as a whole
/// sentence: at least [`SPARE_MIN_WORDS`] words, a concept, a capital, digit or opening quote
/// first, a full stop or exclamation mark last (no question, no bullet, no line cut off
/// mid-phrase) and balanced quotes.
fn spare_quotable(text: &str, f: &SentenceFeatures, config: &RankConfig) -> bool {
    well_formed(text, f, config, SPARE_MIN_WORDS.min(config.min_words))
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric() || OPENING_QUOTES.contains(&c))
        && ends_a_sentence(text)
}

/// What quoting and spare room both ask of a sentence: at least `min_words` and at most
/// `max_words` words, a concept, balanced quotation marks.
fn well_formed(text: &str, f: &SentenceFeatures, config: &RankConfig, min_words: usize) -> bool {
    f.words >= min_words
        && f.words <= config.max_words
        && !f.concepts.is_empty()
        && balanced_quotes(text)
}

/// Quotation marks a sentence may open with.
const OPENING_QUOTES: [char; 5] = ['"', '\u{201c}', '\u{201e}', '\u{ab}', '\''];

/// `text` without trailing closing quotes and brackets.
fn trim_closers(text: &str) -> &str {
    text.trim_end()
        .trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', '\u{bb}', ')', ']'])
}

/// Whether `text` ends in an ellipsis: cut off (a teaser's "… in JFK, Newar...") or trailing
/// off, either way not a whole statement to quote.
fn ends_in_ellipsis(text: &str) -> bool {
    let t = trim_closers(text);
    t.ends_with("...") || t.ends_with('\u{2026}')
}

/// Whether `text` ends in a way that makes it no statement to quote: a question, and as
/// `config` says, an ellipsis or a colon.
fn ends_unquotably(text: &str, config: &RankConfig) -> bool {
    text.trim_end().ends_with('?')
        || (config.skip_ellipsis && ends_in_ellipsis(text))
        || (config.skip_lead_ins && ends_in_colon(text))
}

/// Whether the sentence at `span` of a cleaned text `clean` ends as a sentence does, or is
/// the text's last (maybe cut off where the excerpt ends); always true with
/// `skip_unfinished` off.
pub(crate) fn finished(clean: &str, span: Span, config: &RankConfig) -> bool {
    !config.skip_unfinished
        || ends_a_sentence(&clean[span.start..span.end])
        || clean[span.end..].trim_end().is_empty()
}

/// Whether `text` ends in a colon (the full-width one too): a lead-in to what follows it on
/// the page.
fn ends_in_colon(text: &str) -> bool {
    text.trim_end().ends_with([':', '\u{ff1a}'])
}

/// Whether `text` ends as a sentence does: a full stop or exclamation mark, maybe inside
/// closing quotes or brackets (not a colon, a dash, an ellipsis or a cut-off word).
fn ends_a_sentence(text: &str) -> bool {
    let t = trim_closers(text);
    t.ends_with(FULL_STOPS) && !t.ends_with("...")
}

/// Full stops and exclamation marks of the scripts news comes in: Latin, ideographic and
/// full-width, Devanagari's danda, the Urdu, Armenian and Ethiopic full stops.
const FULL_STOPS: [char; 9] = [
    '.', '!', '\u{3002}', '\u{ff01}', '\u{ff61}', '\u{0964}', '\u{06d4}', '\u{0589}', '\u{1362}',
];

/// The shortest sentence that may fill spare room.
const SPARE_MIN_WORDS: usize = 6;

/// True for an English sentence that opens with a pronoun or connective, or credits a quote to
/// a bare pronoun ("…," he said.).
fn dangling(text: &str) -> bool {
    let rest = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    let first = &rest[..rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len())];
    // The openers are ASCII, and no other char lower-cases to ASCII but the Kelvin sign (to
    // 'k', in no opener): only an ASCII word can match, so no String is built for it.
    if first.len() <= 16 && first.is_ascii() {
        let mut buf = [0u8; 16];
        let lower = &mut buf[..first.len()];
        lower.copy_from_slice(first.as_bytes());
        lower.make_ascii_lowercase();
        if DANGLING_OPENERS
            .binary_search_by(|o| o.as_bytes().cmp(lower))
            .is_ok()
        {
            return true;
        }
    }
    // Only a quotation can be credited to a pronoun: lower-case the text for those alone.
    if !text.starts_with(['"', '\u{201c}', '`', '\'']) {
        return false;
    }
    let lower = crate::text::to_lowercase(text);
    [" he ", " she ", " they "]
        .iter()
        .any(|p| lower.rfind(p).is_some_and(|i| i + 40 > lower.len()))
}

fn is_kept(s: &Sentence, removals: &[Removal]) -> bool {
    !removals
        .iter()
        .any(|r| r.doc == s.doc && s.original.start >= r.span.start && s.original.end <= r.span.end)
}

/// The block of the cleaned text that holds `span`.
pub(crate) fn block_of(doc: &CleanDocument, span: Span) -> usize {
    doc.text
        .blocks
        .partition_point(|b| b.clean.end < span.end)
        .min(doc.text.blocks.len().saturating_sub(1))
}

/// Find a foreign tail: returns the first foreign block and the original span it covers.
#[allow(clippy::too_many_arguments)]
fn foreign_tail(
    doc: &CleanDocument,
    original: &str,
    sentences: &[Sentence],
    analysis: &Analysis,
    removed: &[Removal],
    others: &Others,
    idf: &[f64],
    config: &RankConfig,
) -> Option<(usize, Span)> {
    let blocks = &doc.text.blocks;
    let m = blocks.len();
    if m < 5 {
        return None;
    }
    let mut block_words = vec![0usize; m];
    for (s, f) in sentences.iter().zip(&analysis.sentences) {
        if s.doc == doc.doc {
            block_words[block_of(doc, s.span)] += f.words;
        }
    }
    let orig = |b: usize| blocks[b].original_start;
    // Where a tail could start: a seam (a removed headline-like line between block k-1 and
    // block k) with enough words after it. Most documents have none, and skip the block
    // vectors below.
    let seams: Vec<usize> = (2..m.saturating_sub(2))
        .filter(|&k| {
            let gap_start = orig(k - 1) + blocks[k - 1].clean.len();
            let gap_end = orig(k);
            // Only a removed line shaped like a headline (four words or more, no closing full
            // stop) marks a seam: captions, teasers and stray tokens also sit between
            // paragraphs of one article.
            let seam = removed.iter().any(|r| {
                r.doc == doc.doc
                    && r.span.start >= gap_start
                    && r.span.end <= gap_end
                    && matches!(
                        r.kind,
                        RemovalKind::Title | RemovalKind::RepeatedLine | RemovalKind::Fragment
                    )
                    && r.span.slice(original).is_some_and(|t| {
                        crate::text::count_words(t) >= 4 && !t.trim_end().ends_with('.')
                    })
            });
            seam && block_words[k..].iter().sum::<usize>() >= 80
        })
        .collect();
    if seams.is_empty() {
        return None;
    }
    let mut block_terms: Vec<HashMap<u32, f64>> = vec![HashMap::default(); m];
    for (s, f) in sentences.iter().zip(&analysis.sentences) {
        if s.doc != doc.doc {
            continue;
        }
        let b = block_of(doc, s.span);
        for &t in &f.terms {
            *block_terms[b].entry(t).or_insert(0.0) += idf[t as usize];
        }
    }
    // Every block is compared with the same document vector: spread it out once, so each
    // block's product costs its own terms rather than a walk over the document's.
    let mut own_dense = vec![0.0f64; others.total.len()];
    for &(t, x) in others.own {
        own_dense[t as usize] = x;
    }
    let sims: Vec<f64> = block_terms
        .iter()
        .map(|m| others.cosine_with(&sparse(m.iter().map(|(&t, &x)| (t, x))), &own_dense))
        .collect();
    let mut best: Option<(f64, usize)> = None;
    for k in seams {
        let pre = mean(&sims[..k]);
        let tail = mean(&sims[k..]);
        if tail < config.foreign_ratio * pre {
            let gap = pre - tail;
            if best.is_none_or(|(g, _)| gap > g) {
                best = Some((gap, k));
            }
        }
    }
    let (_, k) = best?;
    let last = blocks[m - 1];
    Some((
        k,
        Span::new(orig(k), last.original_start + last.clean.len()),
    ))
}

fn mean(x: &[f64]) -> f64 {
    if x.is_empty() {
        0.0
    } else {
        x.iter().sum::<f64>() / x.len() as f64
    }
}

/// How often each id of `ids` occurs, as (id, count) sorted by id, into `out`; sorts `ids`.
fn sorted_counts(ids: &mut [u32], out: &mut Sparse) {
    ids.sort_unstable();
    out.clear();
    for &t in ids.iter() {
        match out.last_mut() {
            Some(e) if e.0 == t => e.1 += 1.0,
            _ => out.push((t, 1.0)),
        }
    }
}

/// A sparse vector: (term id, value), sorted by id.
type Sparse = Vec<(u32, f64)>;

fn sparse(entries: impl Iterator<Item = (u32, f64)>) -> Sparse {
    let mut v: Sparse = entries.collect();
    v.sort_unstable_by_key(|e| e.0);
    v
}

fn norm(v: &Sparse) -> f64 {
    v.iter().map(|e| e.1 * e.1).sum::<f64>().sqrt()
}

/// The sum of several sparse vectors.
fn add_all<'a>(vs: impl Iterator<Item = &'a Sparse>) -> Sparse {
    // Each term's sum is accumulated in the order the vectors come, so it is deterministic.
    let mut m: HashMap<u32, f64> = HashMap::default();
    for v in vs {
        for &(t, x) in v {
            *m.entry(t).or_insert(0.0) += x;
        }
    }
    sparse(m.into_iter())
}

fn unit(mut v: Sparse) -> Sparse {
    let n = norm(&v);
    if n > 0.0 {
        v.iter_mut().for_each(|e| e.1 /= n);
    }
    v
}

/// Dot product of two sorted sparse vectors.
fn dot(a: &Sparse, b: &Sparse) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Every document but one, as the sum of all unit document vectors minus that one.
struct Others<'a> {
    total: &'a [f64],
    own: &'a Sparse,
    /// The squared norm of the others' sum: it depends only on the document, so it is
    /// computed once rather than at every `cosine` (one per block in `foreign_tail`).
    others_sq: f64,
}

impl<'a> Others<'a> {
    fn new(total: &'a [f64], total_sq: f64, own: &'a Sparse) -> Self {
        let own_dot_total: f64 = own.iter().map(|&(t, x)| x * total[t as usize]).sum();
        let own_sq: f64 = own.iter().map(|e| e.1 * e.1).sum();
        let others_sq = (total_sq - 2.0 * own_dot_total + own_sq).max(0.0);
        Others {
            total,
            own,
            others_sq,
        }
    }

    /// Cosine between `v` and the sum of the other documents' vectors.
    fn cosine(&self, v: &Sparse) -> f64 {
        self.cosine_by(v, |v| dot(v, self.own))
    }

    /// [`Others::cosine`] given this document's vector spread out by term id (`own_dense`).
    /// The product adds the same terms in the same order as [`dot`], plus `x * 0.0` for the
    /// terms the document lacks, which leave a sum that started at `0.0` unchanged: the same
    /// number.
    fn cosine_with(&self, v: &Sparse, own_dense: &[f64]) -> f64 {
        self.cosine_by(v, |v| {
            let mut sum = 0.0;
            for &(t, x) in v {
                sum += x * own_dense[t as usize];
            }
            sum
        })
    }

    fn cosine_by(&self, v: &Sparse, own_dot: impl FnOnce(&Sparse) -> f64) -> f64 {
        let vn = norm(v);
        let others_sq = self.others_sq;
        if vn == 0.0 || others_sq <= 1e-12 {
            return 0.0;
        }
        let v_total: f64 = v.iter().map(|&(t, x)| x * self.total[t as usize]).sum();
        (v_total - own_dot(v)) / (vn * others_sq.sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `balanced_quotes` a char at a time, as first written.
    fn balanced_quotes_by_char(text: &str) -> bool {
        let (mut open, mut close, mut straight) = (0usize, 0usize, 0usize);
        for c in text.chars() {
            match c {
                '\u{201c}' | '\u{201e}' | '\u{ab}' => open += 1,
                '\u{201d}' | '\u{bb}' => close += 1,
                '"' => straight += 1,
                _ => {}
            }
        }
        open == close && straight % 2 == 0
    }

    /// What [`quotable`] turns down for reading poorly out of context may fill spare room;
    /// what does not read as a whole sentence may not.
    #[test]
    fn spare_sentences_are_whole_sentences_quotable_rules_turned_down() {
        let config = RankConfig::default();
        let en = Language::ENGLISH;
        let f = |text: &str| SentenceFeatures {
            words: text.split_whitespace().count(),
            terms: vec![1, 2],
            concepts: vec![1],
            term_set: vec![1, 2],
        };
        let spare = |text: &str| {
            !quotable(text, &f(text), &config, en) && spare_quotable(text, &f(text), &config)
        };
        // A connective opener, a quote credited to a pronoun, a short sentence.
        assert!(spare(
            "But the council added that no formal offer had been made to the builders."
        ));
        assert!(spare(
            "\u{201c}We will rebuild the bridge by spring,\u{201d} she said."
        ));
        assert!(spare("The ferry resumed service at noon."));
        // Not whole sentences: a question, a bullet, a line cut off, an opening bracket,
        // fewer than six words, a lower-case start.
        assert!(!spare("Will the ferry resume its service at noon?"));
        assert!(!spare("- Harbor pages from every port on the coast:"));
        assert!(!spare("As the harbor master, the mayor and"));
        assert!(!spare("(thanks to the harbor crews for the photos!)"));
        assert!(!spare("The ferry resumed service."));
        assert!(!spare("and the ferry resumed its service at noon."));
        // A sentence quotable already is not spare.
        let whole = "The ferry resumed service at noon after crews cleared the wreck overnight.";
        assert!(quotable(whole, &f(whole), &config, en));
    }

    /// A teaser cut off by its page, or a sentence trailing off, is no statement to quote.
    #[test]
    fn a_sentence_ending_in_an_ellipsis_is_not_quoted() {
        let config = RankConfig::default();
        let f = |text: &str| SentenceFeatures {
            words: text.split_whitespace().count(),
            terms: vec![1, 2],
            concepts: vec![1],
            term_set: vec![1, 2],
        };
        for text in [
            "All ferries arriving from the islands must now dock at one of five piers in Kessl...",
            "The harbor master said the bridge would reopen once the cables were replaced \u{2026}",
            "\u{201c}We will rebuild the bridge by spring, whatever the council decides...\u{201d}",
        ] {
            assert!(
                !quotable(text, &f(text), &config, Language::ENGLISH),
                "{text}"
            );
            assert!(!spare_quotable(text, &f(text), &config), "{text}");
        }
        let text =
            "The harbor master said the bridge would reopen in May... or June at the latest.";
        assert!(quotable(text, &f(text), &config, Language::ENGLISH));
    }

    /// A lead-in promises a list or a quotation the brief does not carry.
    #[test]
    fn a_sentence_ending_in_a_colon_is_not_quoted() {
        let f = |text: &str| SentenceFeatures {
            words: text.split_whitespace().count(),
            terms: vec![1, 2],
            concepts: vec![1],
            term_set: vec![1, 2],
        };
        let config = RankConfig::default();
        let en = Language::ENGLISH;
        for text in [
            "Here is a chronology of the storm's path along the coast of Kessland since Monday:",
            "The harbor authority answered the council in a short statement released on Friday :",
        ] {
            assert!(!quotable(text, &f(text), &config, en), "{text}");
        }
        // A colon inside the sentence is no lead-in.
        let text = "The council's answer was short: the bridge will reopen in May, not in March.";
        assert!(quotable(text, &f(text), &config, en));
        // The rule can be turned off.
        let off = RankConfig {
            skip_lead_ins: false,
            ..RankConfig::default()
        };
        let text =
            "Here is a chronology of the storm's path along the coast of Kessland since Monday:";
        assert!(quotable(text, &f(text), &off, en));
    }

    /// A headline or a pull quote's credit inside a document is no sentence to quote; a
    /// document's last sentence may be cut off where its excerpt ends, and stays quotable.
    #[test]
    fn only_a_documents_last_sentence_may_end_unfinished() {
        let clean = "Harbor bridge to close for a year after cables crack\n\n\
                     The council voted to close the bridge on Monday. \
                     The span reopens in May once the new cables are in";
        let span_of = |s: &str| {
            let start = clean.find(s).unwrap();
            Span::new(start, start + s.len())
        };
        let config = RankConfig::default();
        let headline = span_of("Harbor bridge to close for a year after cables crack");
        let whole = span_of("The council voted to close the bridge on Monday.");
        let cut_off = span_of("The span reopens in May once the new cables are in");
        assert!(!finished(clean, headline, &config));
        assert!(finished(clean, whole, &config));
        assert!(finished(clean, cut_off, &config));
        // An ideographic full stop ends a sentence too.
        let clean = "大桥周一关闭。新缆索五月到位后大桥重新开放。";
        let first = Span::new(0, "大桥周一关闭。".len());
        assert!(finished(clean, first, &config));
        let off = RankConfig {
            skip_unfinished: false,
            ..RankConfig::default()
        };
        assert!(finished(clean, headline, &off));
    }

    proptest::proptest! {
        /// The spread-out product gives the very same cosine as the sparse walk.
        #[test]
        fn cosine_with_a_spread_vector_is_the_same_number(
            own in proptest::collection::btree_map(0u32..30, 0.0f64..1.0, 0..20),
            v in proptest::collection::btree_map(0u32..30, 0.0f64..3.0, 0..20),
            rest in proptest::collection::vec(0.0f64..2.0, 30),
        ) {
            let own: Sparse = own.into_iter().collect();
            let v: Sparse = v.into_iter().collect();
            let total: Vec<f64> = (0..30u32)
                .map(|t| rest[t as usize] + own.iter().find(|e| e.0 == t).map_or(0.0, |e| e.1))
                .collect();
            let total_sq = total.iter().map(|x| x * x).sum();
            let others = Others::new(&total, total_sq, &own);
            let mut dense = vec![0.0; 30];
            for &(t, x) in &own {
                dense[t as usize] = x;
            }
            proptest::prop_assert_eq!(
                others.cosine_with(&v, &dense).to_bits(),
                others.cosine(&v).to_bits()
            );
        }

        #[test]
        fn balanced_quotes_match_the_char_by_char_version(
            text in "[a \"“”„«»‘’–…é\u{2000}\u{2080}\u{a0}]{0,24}"
        ) {
            proptest::prop_assert_eq!(balanced_quotes(&text), balanced_quotes_by_char(&text));
        }
    }
}
