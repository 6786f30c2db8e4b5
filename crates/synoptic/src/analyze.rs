//! Analyze: language, tokens, stems, stop words and concepts of every sentence.
//!
//! Input: the cleaned documents and their [`Sentence`]s. Output: an [`Analysis`] holding, per
//! sentence, its word count, content-term ids and concept (stemmed word-bigram) ids.
//! Invariant: ids are dense, assigned in input order, so the same input gives the same ids.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use rust_stemmers::{Algorithm, Stemmer};

use crate::clean::CleanDocument;
use crate::model::Sentence;
use crate::text::{HI, LO};

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
    /// The content-term ids, sorted and unique (for Jaccard similarity).
    pub term_set: Vec<u32>,
}

/// The analysis of a cluster.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The language used.
    pub language: Language,
    /// Features of each sentence, parallel to the sentence list.
    pub sentences: Vec<SentenceFeatures>,
    /// Features of each document's title, parallel to the documents (empty when it has none).
    /// Titles share the sentences' term and concept ids.
    pub titles: Vec<SentenceFeatures>,
    /// Number of distinct content terms.
    pub term_count: usize,
    /// Number of distinct concepts.
    pub concept_count: usize,
    /// Whether each concept is a single word (else a word pair).
    pub concept_is_unigram: Vec<bool>,
    /// Whether each concept holds a stop word ("of Congress" rather than "Congress passed").
    pub concept_has_stop: Vec<bool>,
}

/// Analyze every sentence, and each document's title (`titles[d]`, empty when none; titles may
/// be left out altogether). `language` forces a language; otherwise it is detected.
///
/// Detection rides on the analysis: the sentences are analysed in the language of the thread's
/// last cluster (English at first) while their English function words are counted, and only
/// when the count does not settle the language, or settles on another one, does the trigram
/// detector run and the analysis run again in the language found. The language, and so the
/// analysis, depends on the cluster alone, never on what the thread briefed before.
pub fn analyze(
    docs: &[CleanDocument],
    sentences: &[Sentence],
    titles: &[&str],
    language: Option<Language>,
    kind: ConceptKind,
) -> Analysis {
    LEXICON.with(|lexicon| {
        let mut lexicon = lexicon.borrow_mut();
        let guess = language
            .or_else(|| lexicon.as_ref().map(|l| l.language))
            .unwrap_or(Language::ENGLISH);
        let (analysis, markers) = analyze_in(&mut lexicon, guess, docs, sentences, titles, kind);
        if language.is_some() {
            return analysis;
        }
        let found = if markers.look_english() {
            Language::ENGLISH
        } else {
            detect_cluster_language(docs)
        };
        if found == guess {
            analysis
        } else {
            analyze_in(&mut lexicon, found, docs, sentences, titles, kind).0
        }
    })
}

/// [`analyze_with`] the thread's lexicon for `language`, started afresh when it holds another
/// language or has grown too big.
fn analyze_in(
    lexicon: &mut Option<Lexicon>,
    language: Language,
    docs: &[CleanDocument],
    sentences: &[Sentence],
    titles: &[&str],
    kind: ConceptKind,
) -> (Analysis, MarkerCount) {
    if lexicon
        .as_ref()
        .is_some_and(|l| l.language != language || l.len() > MAX_LEXICON_TOKENS)
    {
        *lexicon = None;
    }
    let lexicon = lexicon.get_or_insert_with(|| Lexicon::new(language));
    analyze_with(docs, sentences, titles, lexicon, kind)
}

/// The sentences' words with a letter, and of them the English function words
/// ([`is_english_marker`]), whatever language they were analysed in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct MarkerCount {
    words: usize,
    markers: usize,
}

impl MarkerCount {
    /// A cheap first test before the trigram detector, which costs more than the rest of a
    /// small cluster's brief: these words are a fifth to a third of English news prose (never
    /// below 12% in the evaluation sets), and at most a few percent of the other supported
    /// languages. Needs 30 words to decide; otherwise `false`.
    fn look_english(self) -> bool {
        self.words >= 30 && self.markers * 8 >= self.words
    }
}

/// Longest a thread's lexicon may grow before it starts afresh.
const MAX_LEXICON_TOKENS: usize = 500_000;

/// Lower-cased token -> (stem id, is stop word), for one language. It survives across the
/// clusters that one thread briefs (an evaluation or a server worker sees the same words again
/// and again), so stemming and stop-word tests run once per word, not once per cluster. Its ids
/// never reach the output: each analysis numbers stems afresh in order of first sighting.
struct Lexicon {
    language: Language,
    stemmer: Stemmer,
    stop: &'static HashSet<&'static str>,
    /// Tokens of up to 23 bytes (nearly all) are keyed in place, the longer ones by `String`:
    /// an in-place key is compared without following a pointer to the heap.
    short_tokens: HashMap<ShortToken, Token>,
    tokens: HashMap<String, Token>,
    stems: HashMap<String, u32>,
    /// Scratch reused by every analysis on this thread, so a small cluster allocates little:
    /// per lexicon stem id, (the analysis that numbered it, its id there).
    local_stems: Vec<(u32, u32)>,
    /// Numbers the analyses, for `local_stems`.
    analysis: u32,
    /// Concept ids of the current analysis by (stem, stem) pair.
    concepts: HashMap<(u32, u32), u32>,
}

impl Lexicon {
    fn new(language: Language) -> Lexicon {
        Lexicon {
            language,
            stemmer: Stemmer::create(language.stemmer),
            stop: stop_set(language),
            short_tokens: HashMap::default(),
            tokens: HashMap::default(),
            stems: HashMap::default(),
            local_stems: Vec::new(),
            analysis: 0,
            concepts: HashMap::default(),
        }
    }

    /// What the lexicon knows of a lower-cased token (its `id` is the lexicon's stem id).
    fn lookup(&mut self, lower: &str) -> Token {
        let short = ShortToken::new(lower);
        let known = match &short {
            Some(k) => self.short_tokens.get(k),
            None => self.tokens.get(lower),
        };
        match known {
            Some(&e) => e,
            None => self.add(lower, short),
        }
    }

    /// Enter a lower-cased token the lexicon does not hold yet, under `short`, its in-place key
    /// when it has one (`ShortToken::new(lower)`).
    fn add(&mut self, lower: &str, short: Option<ShortToken>) -> Token {
        let is_stop = self.stop.contains(lower) || lower.chars().all(|c| !c.is_alphanumeric());
        // English goes through the byte-level Porter2, which gives the same stems for a
        // third of the instructions; other languages and non-ASCII words go to Snowball.
        let fast = if self.language.stemmer == Algorithm::English {
            crate::porter2::stem(lower)
        } else {
            None
        };
        let stem = fast.unwrap_or_else(|| self.stemmer.stem(lower).into_owned());
        let next = self.stems.len() as u32;
        let id = *self.stems.entry(stem).or_insert(next);
        let token = Token {
            id,
            is_stop,
            has_letter: lower.chars().any(char::is_alphabetic),
            is_marker: lower.len() <= 5 && is_english_marker(lower.as_bytes()),
        };
        match short {
            Some(k) => self.short_tokens.insert(k, token),
            None => self.tokens.insert(lower.to_string(), token),
        };
        token
    }

    /// How many tokens it holds.
    fn len(&self) -> usize {
        self.short_tokens.len() + self.tokens.len()
    }
}

/// What analysis needs of a token: a stem id (the lexicon's, or an analysis's own), whether it
/// is a stop word, and for language detection whether it has a letter and is an English
/// function word.
#[derive(Debug, Clone, Copy)]
struct Token {
    id: u32,
    is_stop: bool,
    has_letter: bool,
    is_marker: bool,
}

/// A token of at most 23 bytes: its length, then its bytes, zero-padded, as three
/// little-endian words, built and lower-cased a word at a time: a key written to memory byte
/// by byte and read back as words stalled every lookup on store forwarding.
#[derive(Clone, Copy, PartialEq, Eq)]
struct ShortToken([u64; 3]);

impl std::hash::Hash for ShortToken {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for word in self.0 {
            state.write_u64(word);
        }
    }
}

impl ShortToken {
    fn new(token: &str) -> Option<ShortToken> {
        (token.len() <= 23).then(|| ShortToken::padded(token.as_bytes()))
    }

    /// The key of the lower case of `token`, ASCII of at most 23 bytes.
    #[inline]
    fn ascii_lowercase(token: &str) -> ShortToken {
        let mut key = ShortToken::padded(token.as_bytes());
        for word in &mut key.0 {
            // Every byte is below 0x80 (the length is at most 23), so no sum carries into the
            // next byte: bit 7 of `b + 63` says b >= 'A', of `b + 37` that b > 'Z'.
            let upper = word.wrapping_add(63 * LO) & !word.wrapping_add(37 * LO) & HI;
            *word |= upper >> 2;
        }
        key
    }

    /// The key of `bytes`, at most 23 of them.
    #[inline]
    fn padded(bytes: &[u8]) -> ShortToken {
        let mut words = [bytes.len() as u64, 0, 0];
        for (i, &b) in bytes.iter().enumerate() {
            let at = i + 1;
            words[at / 8] |= u64::from(b) << (8 * (at % 8));
        }
        ShortToken(words)
    }
}

thread_local! {
    static LEXICON: std::cell::RefCell<Option<Lexicon>> = const { std::cell::RefCell::new(None) };
}

fn analyze_with(
    docs: &[CleanDocument],
    sentences: &[Sentence],
    titles: &[&str],
    lexicon: &mut Lexicon,
    kind: ConceptKind,
) -> (Analysis, MarkerCount) {
    let language = lexicon.language;
    // lexicon stem id -> this analysis's stem id (dense, in order of first sighting), through
    // `lexicon.local_stems`: an entry stamped with another analysis's number is unset.
    lexicon.analysis = lexicon.analysis.wrapping_add(1);
    if lexicon.analysis == 0 {
        lexicon.local_stems.clear();
        lexicon.analysis = 1;
    }
    let this_analysis = lexicon.analysis;
    let mut stem_count = 0u32;
    let mut concepts = std::mem::take(&mut lexicon.concepts);
    concepts.clear();
    let mut concept_has_stop: Vec<bool> = Vec::new();
    let mut concept_is_unigram: Vec<bool> = Vec::new();
    let mut lower = String::new();
    let mut out = Vec::with_capacity(sentences.len() + titles.len());
    let mut toks: Vec<(u32, bool)> = Vec::new();
    // Counted over every text; what the sentences alone counted is kept when titles begin.
    let (mut count, mut sentence_count) = (MarkerCount::default(), None);
    // Titles come after the sentences, so the sentences' ids do not depend on them.
    let texts = sentences
        .iter()
        .map(|s| &docs[s.doc.index()].text.clean[s.span.start..s.span.end])
        .chain(titles.iter().copied());
    for (i, text) in texts.enumerate() {
        if i == sentences.len() {
            sentence_count = Some(count);
        }
        toks.clear();
        for w in words(text) {
            let Some(e) = sighting(w, lexicon, &mut lower, this_analysis, &mut stem_count) else {
                continue;
            };
            count.words += usize::from(e.has_letter);
            count.markers += usize::from(e.is_marker);
            toks.push((e.id, e.is_stop));
        }
        let terms: Vec<u32> = toks.iter().filter(|t| !t.1).map(|t| t.0).collect();
        let mut cs: Vec<u32> = Vec::with_capacity(toks.len() * 2);
        let mut intern = |key: (u32, u32), has_stop: bool| -> u32 {
            let next = concepts.len() as u32;
            *concepts.entry(key).or_insert_with(|| {
                concept_has_stop.push(has_stop);
                concept_is_unigram.push(key.1 == u32::MAX);
                next
            })
        };
        match kind {
            ConceptKind::ContentBigrams => {
                for w in terms.windows(2) {
                    cs.push(intern((w[0], w[1]), false));
                }
            }
            ConceptKind::Bigrams | ConceptKind::BigramsAndUnigrams => {
                for w in toks.windows(2).filter(|w| !(w[0].1 && w[1].1)) {
                    cs.push(intern((w[0].0, w[1].0), w[0].1 || w[1].1));
                }
                if kind == ConceptKind::BigramsAndUnigrams {
                    for &t in &terms {
                        cs.push(intern((t, u32::MAX), false));
                    }
                }
            }
        }
        cs.sort_unstable();
        cs.dedup();
        let mut term_set = terms.clone();
        term_set.sort_unstable();
        term_set.dedup();
        out.push(SentenceFeatures {
            term_set,
            words: crate::text::count_words(text),
            terms,
            concepts: cs,
        });
    }
    let concept_count = concepts.len();
    lexicon.concepts = concepts;
    let titles = out.split_off(sentences.len());
    let analysis = Analysis {
        language,
        sentences: out,
        titles,
        term_count: stem_count as usize,
        concept_count,
        concept_is_unigram,
        concept_has_stop,
    };
    (analysis, sentence_count.unwrap_or(count))
}

/// Token `w` of an analysis: looked up in the lexicon lower-cased, its stem numbered in this
/// analysis (`stem_count` stems so far) on its first sighting. An ASCII token of up to 23
/// bytes (nearly all) is lower-cased straight into its in-place lexicon key; others go through
/// the scratch `lower`. `None` for a token without a letter or digit.
fn sighting(
    w: &str,
    lexicon: &mut Lexicon,
    lower: &mut String,
    this_analysis: u32,
    stem_count: &mut u32,
) -> Option<Token> {
    let key = (w.len() <= 23 && w.is_ascii()).then(|| ShortToken::ascii_lowercase(w));
    let known = key.and_then(|k| lexicon.short_tokens.get(&k).copied());
    let token = match known {
        Some(t) => t,
        None => {
            if !w.chars().any(char::is_alphanumeric) {
                return None;
            }
            lower.clear();
            if w.is_ascii() {
                lower.push_str(w);
                lower.make_ascii_lowercase();
            } else {
                lower.extend(w.chars().flat_map(char::to_lowercase));
            }
            match key {
                // Already looked up under this very key: enter it without a second search.
                Some(k) => lexicon.add(lower, Some(k)),
                None => lexicon.lookup(lower),
            }
        }
    };
    let stem = token.id as usize;
    if stem >= lexicon.local_stems.len() {
        lexicon.local_stems.resize(stem + 1, (0, 0));
    }
    let slot = &mut lexicon.local_stems[stem];
    if slot.0 != this_analysis {
        *slot = (this_analysis, *stem_count);
        *stem_count += 1;
    }
    Some(Token {
        id: slot.1,
        ..token
    })
}

/// Words of a sentence: maximal runs of letters and digits, with an apostrophe kept between
/// letters ("don't", "O'Neill"). A byte loop on ASCII, chars elsewhere: this is the hottest
/// loop of the pipeline.
pub fn words(text: &str) -> Words<'_> {
    Words { text, i: 0 }
}

/// The iterator of [`words`]: a struct rather than a closure, so that its loop inlines into
/// the caller's.
#[derive(Debug, Clone)]
pub struct Words<'a> {
    text: &'a str,
    i: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    #[inline(always)]
    fn next(&mut self) -> Option<&'a str> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = self.i;
        // Skip to the start of a word: ASCII a byte at a time, other chars decoded.
        loop {
            i = class_run_end(bytes, i, 0);
            if i >= bytes.len() {
                self.i = i;
                return None;
            }
            if bytes[i] < 0x80 {
                break;
            }
            let c = char_at(text, i);
            if c.is_alphanumeric() {
                break;
            }
            i += c.len_utf8();
        }
        let start = i;
        loop {
            // A run of ASCII letters and digits in one tight loop, then what ends it decoded.
            i = class_run_end(bytes, i, 1);
            if i >= bytes.len() {
                break;
            }
            let c = char_at(text, i);
            if c.is_alphanumeric() {
                i += c.len_utf8();
            } else if matches!(c, '\'' | '\u{2019}' | '.' | ',') && i > start {
                // As Unicode word boundaries (UAX #29) do: keep "U.S", "don't", "3.6" and
                // "1,800" whole; a comma joins digits only.
                let prev = text[..i].chars().next_back().unwrap_or(' ');
                let next = text[i + c.len_utf8()..].chars().next().unwrap_or(' ');
                let letters = prev.is_alphabetic() && next.is_alphabetic() && c != ',';
                let digits = prev.is_numeric() && next.is_numeric();
                if letters || digits {
                    i += c.len_utf8();
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        self.i = i;
        Some(&text[start..i])
    }
}

/// Per byte: 1 for an ASCII letter or digit, 2 for a byte of a multi-byte char (decoded by the
/// caller), 0 for the rest. One load and compare per byte in the word loops.
static WORD_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = if b >= 0x80 {
            2
        } else if (b as u8).is_ascii_alphanumeric() {
            1
        } else {
            0
        };
        b += 1;
    }
    t
};

/// The end of the run of bytes of [`WORD_BYTE`] class `class` from `i`.
#[inline(always)]
fn class_run_end(bytes: &[u8], i: usize, class: u8) -> usize {
    let mut j = i;
    while j < bytes.len() && WORD_BYTE[usize::from(bytes[j])] == class {
        j += 1;
    }
    j
}

#[inline]
fn char_at(text: &str, i: usize) -> char {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        b as char
    } else {
        text[i..].chars().next().unwrap_or(' ')
    }
}

/// The language's stop words, built once per process: a small cluster's brief costs less than
/// hashing the list anew.
fn stop_set(language: Language) -> &'static HashSet<&'static str> {
    static SETS: [OnceLock<HashSet<&'static str>>; LANGUAGES.len()] =
        [const { OnceLock::new() }; LANGUAGES.len()];
    static EMPTY: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let Some(i) = LANGUAGES.iter().position(|l| l.0 == language.code) else {
        return EMPTY.get_or_init(HashSet::default);
    };
    SETS[i].get_or_init(|| {
        stop_words::lookup(language.code)
            .unwrap_or(&[])
            .iter()
            .copied()
            .collect()
    })
}

fn detect_cluster_language(docs: &[CleanDocument]) -> Language {
    // A few KB from each document is plenty for a trigram detector, and bounds the cost.
    let mut pieces: Vec<&str> = Vec::with_capacity(docs.len());
    let mut len = 0;
    for d in docs {
        let t = &d.text.clean;
        let mut end = t.len().min(1000);
        while !t.is_char_boundary(end) {
            end -= 1;
        }
        pieces.push(&t[..end]);
        len += end + 1;
        if len > 4_000 {
            break;
        }
    }
    if looks_english(&pieces) {
        return Language::ENGLISH;
    }
    let mut sample = String::with_capacity(len);
    for p in &pieces {
        sample.push_str(p);
        sample.push('\n');
    }
    Language::detect(&sample).unwrap_or(Language::ENGLISH)
}

/// English function words that are rare as words in the other supported languages ("at",
/// "for" and "in" are common Scandinavian, Dutch or German words, so they are left out). A
/// `match` on the bytes compiles to a test of the length and a few comparisons, where a scan of
/// a list compared every word with every marker.
fn is_english_marker(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"about"
            | b"after"
            | b"also"
            | b"and"
            | b"are"
            | b"be"
            | b"been"
            | b"but"
            | b"by"
            | b"from"
            | b"had"
            | b"has"
            | b"have"
            | b"he"
            | b"her"
            | b"his"
            | b"is"
            | b"it"
            | b"its"
            | b"not"
            | b"of"
            | b"said"
            | b"than"
            | b"that"
            | b"the"
            | b"their"
            | b"they"
            | b"this"
            | b"to"
            | b"was"
            | b"were"
            | b"which"
            | b"who"
            | b"will"
            | b"with"
            | b"would"
    )
}

/// The test of [`MarkerCount::look_english`] on the detector's sample, split into words at
/// every char that is not a letter, for clusters whose analysed sentences did not settle it.
/// Reads the pieces of the sample (each ends a word). Needs 30 words to decide; otherwise
/// `false`.
fn looks_english(pieces: &[&str]) -> bool {
    let (mut words, mut hits) = (0usize, 0usize);
    for word in pieces
        .iter()
        .flat_map(|p| p.split(|c: char| !c.is_alphabetic()))
    {
        if word.is_empty() {
            continue;
        }
        words += 1;
        if word.len() <= 5 && word.is_ascii() {
            let mut lower = [0u8; 5];
            for (l, b) in lower.iter_mut().zip(word.bytes()) {
                *l = b.to_ascii_lowercase();
            }
            if is_english_marker(&lower[..word.len()]) {
                hits += 1;
            }
        }
    }
    words >= 30 && hits * 8 >= words
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `words` as first written, a char at a time: the reference the byte loops must match.
    fn words_by_char(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < text.len() {
            let c = text[i..].chars().next().unwrap();
            if !c.is_alphanumeric() {
                i += c.len_utf8();
                continue;
            }
            let start = i;
            while let Some(c) = text[i..].chars().next() {
                if c.is_alphanumeric() {
                    i += c.len_utf8();
                    continue;
                }
                if matches!(c, '\'' | '\u{2019}' | '.' | ',') {
                    let prev = text[..i].chars().next_back().unwrap_or(' ');
                    let next = text[i + c.len_utf8()..].chars().next().unwrap_or(' ');
                    let letters = prev.is_alphabetic() && next.is_alphabetic() && c != ',';
                    if letters || (prev.is_numeric() && next.is_numeric()) {
                        i += c.len_utf8();
                        continue;
                    }
                }
                break;
            }
            out.push(&text[start..i]);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn words_match_the_char_by_char_reference(
            text in "(?s)[a-zA-Z0-9 .,'’é²ß\u{300}\u{2160}\u{1F600}\u{201c}\n-]{0,80}"
        ) {
            let got: Vec<&str> = words(&text).collect();
            proptest::prop_assert_eq!(got, words_by_char(&text));
        }

        #[test]
        fn words_match_the_reference_on_any_text(text in "(?s).{0,60}") {
            let got: Vec<&str> = words(&text).collect();
            proptest::prop_assert_eq!(got, words_by_char(&text));
        }
    }

    #[test]
    fn words_split_on_punctuation_but_keep_inner_apostrophes() {
        let w: Vec<&str> = words(
            "Don't stop: O'Neill's 3.6-million \u{2018}quote\u{2019} café's U.S. 1,800, end.",
        )
        .collect();
        assert_eq!(
            w,
            [
                "Don't",
                "stop",
                "O'Neill's",
                "3.6",
                "million",
                "quote",
                "café's",
                "U.S",
                "1,800",
                "end"
            ]
        );
        assert_eq!(words("").count(), 0);
        assert_eq!(words("' - \u{2019}").count(), 0);
    }

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

    /// The cleaned documents and sentences of a cluster made of `texts`.
    fn prepared(texts: &[&str]) -> (Vec<CleanDocument>, Vec<Sentence>) {
        let cluster = crate::model::Cluster::from_texts("t", texts);
        let (cleaned, _) = crate::clean::clean(&cluster);
        let (sentences, _) = crate::pipeline::segment(&cleaned, texts.len());
        (cleaned, sentences)
    }

    /// The analysis on this thread of `texts`, language detected, as comparable text.
    fn analysed(texts: &[&str]) -> String {
        let (cleaned, sentences) = prepared(texts);
        format!(
            "{:?}",
            analyze(&cleaned, &sentences, &[], None, ConceptKind::Bigrams)
        )
    }

    const EN: &str = "The council said on Monday that the bridge, which was closed for repairs in \
                      March, would reopen to traffic by the end of the month.\n\nIt said that \
                      the cost of the work was within the budget it had set for this year, and \
                      that the contractor had finished the deck ahead of time.";
    const FR: &str = "Le conseil a déclaré lundi que le pont, fermé pour des travaux en mars, \
                      rouvrirait à la circulation d'ici la fin du mois.\n\nLe coût des travaux \
                      restait dans le budget fixé pour cette année par la commune, et \
                      l'entreprise avait achevé le tablier en avance.";

    #[test]
    fn the_language_follows_the_cluster_not_the_thread_history() {
        // Each thread starts with no lexicon; the second and third analyses on a thread start
        // from the lexicon the one before left in another language.
        let fresh = |texts: &'static [&'static str]| {
            std::thread::spawn(move || analysed(texts)).join().unwrap()
        };
        let (en, fr) = (fresh(&[EN]), fresh(&[FR]));
        assert!(en.contains("code: \"en\""), "{en}");
        assert!(fr.contains("code: \"fr\""), "{fr}");
        let history = std::thread::spawn(|| {
            [
                analysed(&[FR]),
                analysed(&[EN]),
                analysed(&[FR]),
                analysed(&[EN]),
            ]
        })
        .join()
        .unwrap();
        assert_eq!(history, [fr.clone(), en.clone(), fr, en]);
    }

    #[test]
    fn english_function_words_are_counted_as_the_sentences_are_analysed() {
        let count = |text: &str, language: Language| {
            let (cleaned, sentences) = prepared(&[text]);
            let mut lexicon = Lexicon::new(language);
            analyze_with(
                &cleaned,
                &sentences,
                &[],
                &mut lexicon,
                ConceptKind::Bigrams,
            )
            .1
        };
        // The count does not depend on the language the sentences are analysed in.
        let en = count(EN, Language::ENGLISH);
        assert_eq!(en, count(EN, Language::from_code("fr").unwrap()));
        assert!(en.look_english(), "{en:?}");
        assert!(en.words >= 40 && en.markers * 4 >= en.words, "{en:?}");
        let fr = count(FR, Language::from_code("fr").unwrap());
        assert!(!fr.look_english(), "{fr:?}");
        // Too few words to decide.
        assert!(!count("The bridge is open to traffic again.", Language::ENGLISH).look_english());
    }

    #[test]
    fn english_shortcut_fires_on_english_prose_only() {
        let en = "The council said on Monday that the bridge, which was closed for repairs in \
                  March, would reopen to traffic by the end of the month, and that the cost of \
                  the work was within the budget it had set for this year.";
        assert!(looks_english(&[en]));
        let fr = "Le conseil a déclaré lundi que le pont, fermé pour des travaux en mars, \
                  rouvrirait à la circulation d'ici la fin du mois, et que le coût des travaux \
                  restait dans le budget fixé pour cette année par la commune et la région.";
        assert!(!looks_english(&[fr]));
        let de = "Der Rat teilte am Montag mit, dass die Brücke, die im März für Reparaturen \
                  gesperrt worden war, bis Ende des Monats wieder für den Verkehr geöffnet wird \
                  und die Kosten der Arbeiten im Rahmen des für dieses Jahr festgelegten Budgets \
                  bleiben.";
        assert!(!looks_english(&[de]));
        let no = "Rådet sa på mandag at broen, som ble stengt for reparasjoner i mars, vil åpne \
                  for trafikk innen utgangen av måneden, og at kostnaden for arbeidet var \
                  innenfor budsjettet det hadde satt for i år.";
        assert!(!looks_english(&[no]));
        let nl = "De gemeenteraad zei maandag dat de brug, die in maart voor reparaties was \
                  gesloten, tegen het einde van de maand weer open gaat voor het verkeer, en dat \
                  de kosten binnen het budget blijven dat voor dit jaar is vastgesteld.";
        assert!(!looks_english(&[nl]));
        // Too short to decide: the trigram detector takes over.
        assert!(!looks_english(&["The bridge is open."]));
    }
}
