//! Analyze: language, tokens, stems, stop words and concepts of every sentence.
//!
//! Input: the cleaned documents and their [`Sentence`]s. Output: an [`Analysis`] holding, per
//! sentence, its word count, content-term ids and concept (stemmed word-bigram) ids.
//! Invariant: ids are dense, assigned in input order, so the same input gives the same ids.

use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

use crate::clean::CleanDocument;
use crate::model::Sentence;

/// A language the analyzer can stem and filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language {
    /// ISO 639-1 code.
    pub code: &'static str,
    stemmer: Algorithm,
}

/// (ISO 639-1, ISO 639-3 as whatlang names it, Snowball algorithm): the languages that both the
/// stemmer and the stop-word crate cover.
const LANGUAGES: &[(&str, &str, Algorithm)] = &[
    ("en", "eng", Algorithm::English),
    ("ar", "ara", Algorithm::Arabic),
    ("da", "dan", Algorithm::Danish),
    ("nl", "nld", Algorithm::Dutch),
    ("fi", "fin", Algorithm::Finnish),
    ("fr", "fra", Algorithm::French),
    ("de", "deu", Algorithm::German),
    ("el", "ell", Algorithm::Greek),
    ("hu", "hun", Algorithm::Hungarian),
    ("it", "ita", Algorithm::Italian),
    ("no", "nob", Algorithm::Norwegian),
    ("pt", "por", Algorithm::Portuguese),
    ("ro", "ron", Algorithm::Romanian),
    ("ru", "rus", Algorithm::Russian),
    ("es", "spa", Algorithm::Spanish),
    ("sv", "swe", Algorithm::Swedish),
    ("tr", "tur", Algorithm::Turkish),
];

impl Language {
    /// English.
    pub const ENGLISH: Language = Language {
        code: "en",
        stemmer: Algorithm::English,
    };

    /// Look a language up by ISO 639-1 or 639-3 code or English name (case-insensitive).
    pub fn from_code(code: &str) -> Option<Language> {
        let c = code.trim().to_ascii_lowercase();
        LANGUAGES.iter().find_map(|&(iso1, iso3, alg)| {
            let name = format!("{alg:?}").to_ascii_lowercase();
            (c == iso1 || c == iso3 || c == name).then_some(Language {
                code: iso1,
                stemmer: alg,
            })
        })
    }

    /// The codes accepted by [`Language::from_code`].
    pub fn supported() -> impl Iterator<Item = &'static str> {
        LANGUAGES.iter().map(|l| l.0)
    }

    /// Detect the language of `sample`; `None` when unsure or unsupported.
    pub fn detect(sample: &str) -> Option<Language> {
        let info = whatlang::detect(sample)?;
        if !info.is_reliable() && info.confidence() < 0.5 {
            return None;
        }
        Language::from_code(info.lang().code())
    }
}

/// What counts as a concept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConceptKind {
    /// Adjacent stemmed word pairs, except pairs of two stop words (Gillick & Favre).
    #[default]
    Bigrams,
    /// Adjacent pairs of content words, stop words skipped.
    ContentBigrams,
    /// Bigrams plus single content words.
    BigramsAndUnigrams,
}

/// Per-sentence features.
#[derive(Debug, Clone, Default)]
pub struct SentenceFeatures {
    /// Whitespace-separated words.
    pub words: usize,
    /// Content-term (non-stop-word stem) ids, in order, with repeats.
    pub terms: Vec<u32>,
    /// Concept ids (stemmed bigrams that are not two stop words), sorted, unique.
    pub concepts: Vec<u32>,
}

/// The analysis of a cluster.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The language used.
    pub language: Language,
    /// Features of each sentence, parallel to the sentence list.
    pub sentences: Vec<SentenceFeatures>,
    /// Number of distinct content terms.
    pub term_count: usize,
    /// Number of distinct concepts.
    pub concept_count: usize,
    /// Whether each concept is a single word (else a word pair).
    pub concept_is_unigram: Vec<bool>,
}

/// Analyze every sentence. `language` forces a language; otherwise it is detected.
pub fn analyze(
    docs: &[CleanDocument],
    sentences: &[Sentence],
    language: Option<Language>,
    kind: ConceptKind,
) -> Analysis {
    let language = language.unwrap_or_else(|| detect_cluster_language(docs));
    let stemmer = Stemmer::create(language.stemmer);
    let stop: std::collections::HashSet<&'static str> = stop_words::lookup(language.code)
        .unwrap_or(&[])
        .iter()
        .copied()
        .collect();

    // token (lower-cased) -> (stem id, is stop word); caching avoids re-stemming repeats.
    let mut token_cache: HashMap<String, (u32, bool)> = HashMap::new();
    let mut stems: HashMap<String, u32> = HashMap::new();
    let mut concepts: HashMap<(u32, u32), u32> = HashMap::new();
    let mut lower = String::new();
    let mut out = Vec::with_capacity(sentences.len());
    let mut toks: Vec<(u32, bool)> = Vec::new();
    for s in sentences {
        let text = &docs[s.doc.index()].text.clean[s.span.start..s.span.end];
        toks.clear();
        for w in text.unicode_words() {
            if !w.chars().any(char::is_alphanumeric) {
                continue;
            }
            lower.clear();
            lower.extend(w.chars().flat_map(char::to_lowercase));
            let entry = match token_cache.get(lower.as_str()) {
                Some(e) => *e,
                None => {
                    let is_stop = stop.contains(lower.as_str())
                        || lower.chars().all(|c| !c.is_alphanumeric());
                    let stem = stemmer.stem(&lower).into_owned();
                    let next = stems.len() as u32;
                    let id = *stems.entry(stem).or_insert(next);
                    token_cache.insert(lower.clone(), (id, is_stop));
                    (id, is_stop)
                }
            };
            toks.push(entry);
        }
        let terms: Vec<u32> = toks.iter().filter(|t| !t.1).map(|t| t.0).collect();
        let mut cs: Vec<u32> = Vec::with_capacity(toks.len() * 2);
        let mut intern = |key: (u32, u32)| -> u32 {
            let next = concepts.len() as u32;
            *concepts.entry(key).or_insert(next)
        };
        match kind {
            ConceptKind::ContentBigrams => {
                for w in terms.windows(2) {
                    cs.push(intern((w[0], w[1])));
                }
            }
            ConceptKind::Bigrams | ConceptKind::BigramsAndUnigrams => {
                for w in toks.windows(2).filter(|w| !(w[0].1 && w[1].1)) {
                    cs.push(intern((w[0].0, w[1].0)));
                }
                if kind == ConceptKind::BigramsAndUnigrams {
                    for &t in &terms {
                        cs.push(intern((t, u32::MAX)));
                    }
                }
            }
        }
        cs.sort_unstable();
        cs.dedup();
        out.push(SentenceFeatures {
            words: text.split_whitespace().count(),
            terms,
            concepts: cs,
        });
    }
    let mut concept_is_unigram = vec![false; concepts.len()];
    for (&(_, b), &id) in &concepts {
        concept_is_unigram[id as usize] = b == u32::MAX;
    }
    Analysis {
        language,
        sentences: out,
        term_count: stems.len(),
        concept_count: concepts.len(),
        concept_is_unigram,
    }
}

fn detect_cluster_language(docs: &[CleanDocument]) -> Language {
    // A few KB from each document is plenty for a trigram detector, and bounds the cost.
    let mut sample = String::new();
    for d in docs {
        let t = &d.text.clean;
        let mut end = t.len().min(2000);
        while !t.is_char_boundary(end) {
            end -= 1;
        }
        sample.push_str(&t[..end]);
        sample.push('\n');
        if sample.len() > 20_000 {
            break;
        }
    }
    Language::detect(&sample).unwrap_or(Language::ENGLISH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_resolve() {
        assert_eq!(Language::from_code("en"), Some(Language::ENGLISH));
        assert_eq!(Language::from_code("French").unwrap().code, "fr");
        assert_eq!(Language::from_code("deu").unwrap().code, "de");
        assert_eq!(Language::from_code("xx"), None);
        for code in Language::supported() {
            assert!(
                stop_words::lookup(code).is_some(),
                "no stop words for {code}"
            );
        }
    }

    #[test]
    fn detects_common_languages() {
        let fr = "Le gouvernement a annoncé mardi une nouvelle série de mesures pour soutenir les agriculteurs touchés par la sécheresse dans le sud du pays.";
        assert_eq!(Language::detect(fr).unwrap().code, "fr");
        let en = "The government announced on Tuesday a new set of measures to support farmers hit by the drought in the south of the country.";
        assert_eq!(Language::detect(en).unwrap().code, "en");
    }
}
