//! People, organisations and places, found without any statistical model: capitalised spans,
//! titles and honorifics, organisation words, a small hand-written gazetteer and the words
//! around a name. Mentions are merged across spellings and documents (Erdoğan = Erdogan =
//! Recep Tayyip Erdogan = "the Turkish president" when a title says so) and ranked by salience.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::gazetteer::{
    CUE_SET as PERSON_CUES, DEMONYMS, EVENT_HEAD_SET as EVENT_HEADS, GIVEN_NAME_SET as GIVEN_NAMES,
    ORG_SET as ORGS, ORG_WORD_SET as ORG_WORDS, PARTY_MEMBER_SET as PARTY_MEMBERS,
    PLACE_HEAD_SET as PLACE_HEADS, PLACE_NOUNS, PLACE_SET as PLACES, STATE_ABBR_SET as STATE_ABBRS,
    TITLE_SET,
};
use super::util::{fold, fold_into, words_into};
use super::{Context, FactSentence, Mention};
use crate::model::{DocId, Span};
use rustc_hash::FxHashSet;

/// What a name names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A person.
    Person,
    /// A company, agency, party, outlet, armed group.
    Organization,
    /// A country, region, city, town.
    Place,
    /// A name of unknown kind (an operation, an event, a product).
    Other,
}

/// One entity with its mentions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// The fullest name used for it.
    pub name: String,
    /// Its kind.
    pub kind: EntityKind,
    /// Every distinct way it is written, sorted.
    pub aliases: Vec<String>,
    /// Salience in (0, 1]: mentions and documents, with a bonus for lead sentences.
    pub salience: f64,
    /// Documents that mention it.
    pub documents: usize,
    /// The mentions, in document then text order.
    pub mentions: Vec<Mention>,
}

/// Verbs of saying; shared with quotes.
pub(crate) const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "warned",
    "noted",
    "stated",
    "declared",
    "explained",
    "insisted",
    "argued",
    "wrote",
    "writes",
    "asked",
    "indicated",
    "replied",
    "continued",
    "stressed",
    "urged",
    "acknowledged",
    "announced",
    "commented",
    "tweeted",
    "claimed",
    "admitted",
    "recalled",
    "confirmed",
    "suggested",
    "predicted",
    "cautioned",
    "emphasized",
    "emphasised",
    "underlined",
    "observed",
    "remarked",
    "responded",
    "concluded",
    "reiterated",
    "vowed",
    "quipped",
];

const STOP_CAPS: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "in",
    "on",
    "at",
    "but",
    "and",
    "or",
    "as",
    "after",
    "before",
    "when",
    "while",
    "if",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "its",
    "my",
    "your",
    "there",
    "here",
    "for",
    "from",
    "with",
    "by",
    "of",
    "to",
    "last",
    "next",
    "since",
    "despite",
    "although",
    "however",
    "meanwhile",
    "also",
    "yet",
    "so",
    "then",
    "what",
    "who",
    "why",
    "how",
    "where",
    "many",
    "some",
    "both",
    "all",
    "no",
    "not",
    "one",
    "two",
    "every",
    "each",
    "such",
    "according",
    "under",
    "over",
    "during",
    "among",
    "asked",
    "speaking",
    "still",
    "even",
    "thank",
    "unfortunately",
    "currently",
    "especially",
    "whatever",
    "with",
    "without",
    "outraged",
    "faced",
    "having",
    "members",
    "add",
    "related",
    "back",
    "top",
    "share",
    "read",
    "more",
    "now",
    "today",
    "yesterday",
    "tomorrow",
    "earlier",
    "later",
    "than",
    "other",
    "another",
    "most",
    "few",
    "several",
    "any",
    "our",
    "us",
    "mr.",
    "analysts",
    "officials",
    "experts",
    "critics",
    "residents",
    "witnesses",
    "police",
    "troops",
    "rebels",
    "protesters",
    "activists",
    "sources",
    "diplomats",
    "observers",
    "leaders",
];

static STOP_SET: super::gazetteer::WordSet = super::gazetteer::WordSet::new(STOP_CAPS);
static SPEECH_VERB_SET: super::gazetteer::WordSet = super::gazetteer::WordSet::new(SPEECH_VERBS);
static PLACE_NOUN_SET: super::gazetteer::WordSet = super::gazetteer::WordSet::new(PLACE_NOUNS);
static DATE_WORDS: super::gazetteer::WordSet = super::gazetteer::WordSet::new(WEEKDAYS_MONTHS);

const WEEKDAYS_MONTHS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

const CONNECTORS: &[&str] = &[
    "of", "for", "de", "la", "del", "du", "da", "van", "von", "der", "bin", "al", "el", "on",
];

fn is_demonym(f: &str) -> bool {
    static SET: std::sync::OnceLock<FxHashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| DEMONYMS.iter().map(|(d, _)| *d).collect())
        .contains(f)
        || f.ends_with("-american")
        || f.ends_with("-born")
}

fn is_title(f: &str) -> bool {
    TITLE_SET.contains(f.trim_end_matches('.'))
}

fn capitalised(w: &str) -> bool {
    // Every token is asked: answer ASCII words without trying the prefixes, which all start
    // with a lower-case "a" or "e".
    match w.as_bytes().first() {
        None => return false,
        Some(b) if b.is_ascii_uppercase() => return true,
        Some(b) if b.is_ascii() && *b != b'a' && *b != b'e' => return false,
        _ => {}
    }
    let w = ["al-", "el-", "ad-", "ash-", "as-"]
        .iter()
        .find_map(|p| w.strip_prefix(p))
        .unwrap_or(w);
    w.chars().next().is_some_and(char::is_uppercase)
}

/// One mention found in a sentence, before merging. Text is borrowed from the sentences and
/// the [`Mention`] (with its owned strings) is built only for the entities kept.
#[derive(Debug, Clone)]
struct Raw<'a> {
    key: String,
    surface: &'a str,
    kind: EntityKind,
    strong: bool,
    role: Option<String>,
    doc: DocId,
    span: Span,
    original_span: Span,
    lead: bool,
    /// A descriptive reference ("the Turkish president"), not a name.
    role_ref: bool,
}

/// A name key: folded tokens, "al-" prefixes dropped, possessives dropped.
#[cfg(test)]
fn key_of(s: &str) -> String {
    key_into(s, &mut KeyScratch::default())
}

/// Buffers for [`key_into`], reused from name to name.
#[derive(Default)]
struct KeyScratch {
    words: Vec<(usize, usize)>,
    folded: String,
}

/// [`key_of`] with reusable buffers.
fn key_into(s: &str, scratch: &mut KeyScratch) -> String {
    // Most names are ASCII words and single spaces: their key is their words in lower case,
    // without the words "al", "el" and "the" (what the general path below gives them).
    if s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' ') {
        let mut out = String::with_capacity(s.len());
        for t in s.as_bytes().split(|&b| b == b' ') {
            let skip = match t.len() {
                0 => true,
                2 => t.eq_ignore_ascii_case(b"al") || t.eq_ignore_ascii_case(b"el"),
                3 => t.eq_ignore_ascii_case(b"the"),
                _ => false,
            };
            if skip {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(t.iter().map(|b| char::from(b.to_ascii_lowercase())));
        }
        return out;
    }
    scratch.folded.clear();
    fold_into(s, &mut scratch.folded);
    let f = scratch.folded.as_str();
    let ws = &mut scratch.words;
    words_into(f, ws);
    let mut out = String::with_capacity(f.len());
    for &(a, b) in ws.iter() {
        // `trim_end_matches("'s")` without a substring searcher built per word.
        let mut t = &f[a..b];
        while let Some(r) = t.strip_suffix("'s") {
            t = r;
        }
        let t = t
            .strip_prefix("al-")
            .or_else(|| t.strip_prefix("el-"))
            .unwrap_or(t);
        if t.is_empty() || t == "al" || t == "el" || t == "the" {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(t);
    }
    out
}

/// Tokens of a sentence from its words: (start, end) with possessives cut off, hyphenated
/// place-adjectives ("Russia-backed") cut to the name.
fn tokens_into(text: &str, words: &[(usize, usize)], out: &mut Vec<(usize, usize)>) {
    out.clear();
    for &(a, mut b) in words {
        let w = &text[a..b];
        for suf in ["'s", "’s", "'", "’"] {
            if w.len() > suf.len() + 1 && w.ends_with(suf) {
                b -= suf.len();
                break;
            }
        }
        let w = &text[a..b];
        if w.contains('-') && capitalised(w) {
            let parts: Vec<&str> = w.split('-').collect();
            if parts.len() >= 2
                && !capitalised(parts[parts.len() - 1])
                && !fold(parts[0]).starts_with("al")
            {
                // "Russia-backed": the name is the first part.
                out.push((a, a + parts[0].len()));
                continue;
            }
            if parts.iter().all(|p| capitalised(p))
                && parts
                    .iter()
                    .all(|p| PLACES.contains(fold(p).as_str()) || is_demonym(&fold(p)))
            {
                let mut s = a;
                for p in parts {
                    out.push((s, s + p.len()));
                    s += p.len() + 1;
                }
                continue;
            }
        }
        out.push((a, b));
    }
}

/// One sentence, tokenised and folded once for every test of the chunker.
struct Sent<'a, 'b> {
    s: &'b FactSentence<'a>,
    text: &'a str,
    /// The sentence's words ([`words_into`]).
    words: &'b [(usize, usize)],
    toks: &'b [(usize, usize)],
    /// The folded tokens, concatenated; `franges[i]` is token `i`'s range in it.
    folded: &'b str,
    franges: &'b [(usize, usize)],
}

impl Sent<'_, '_> {
    /// Token `i` as written.
    fn raw(&self, i: usize) -> &str {
        let (a, b) = self.toks[i];
        &self.text[a..b]
    }

    /// Token `i` folded.
    fn f(&self, i: usize) -> &str {
        let (a, b) = self.franges[i];
        &self.folded[a..b]
    }
}

/// Buffers reused from sentence to sentence.
#[derive(Default)]
struct Scratch {
    toks: Vec<(usize, usize)>,
    folded: String,
    franges: Vec<(usize, usize)>,
    /// Whether each token is capitalised.
    caps: Vec<bool>,
    window: KeyScratch,
}

pub(crate) fn extract(ctx: &Context<'_>) -> Vec<Entity> {
    // The words of every sentence, found once: one flat list, `starts[k]..starts[k + 1]` for
    // sentence `k`.
    let bytes: usize = ctx.sentences.iter().map(|s| s.text.len()).sum();
    let mut all_words: Vec<(usize, usize)> = Vec::with_capacity(bytes / 5 + 1);
    let mut starts: Vec<usize> = Vec::with_capacity(ctx.sentences.len() + 1);
    let mut buf = Vec::new();
    for s in &ctx.sentences {
        starts.push(all_words.len());
        words_into(s.text, &mut buf);
        all_words.extend_from_slice(&buf);
    }
    starts.push(all_words.len());
    // Words seen in lowercase anywhere in the cluster are common words when capitalised at the
    // start of a sentence.
    let mut lower: FxHashSet<&str> =
        FxHashSet::with_capacity_and_hasher(all_words.len() / 2, Default::default());
    for (k, s) in ctx.sentences.iter().enumerate() {
        for &(a, b) in &all_words[starts[k]..starts[k + 1]] {
            let w = &s.text[a..b];
            if w.starts_with(|c: char| c.is_ascii_lowercase()) {
                lower.insert(w);
            }
        }
    }
    let mut raws: Vec<Raw<'_>> = Vec::with_capacity(bytes / 40 + 1);
    let mut scratch = Scratch::default();
    for (k, s) in ctx.sentences.iter().enumerate() {
        if ctx.cancelled_at(k) {
            return Vec::new();
        }
        let words = &all_words[starts[k]..starts[k + 1]];
        tokens_into(s.text, words, &mut scratch.toks);
        scratch.folded.clear();
        scratch.franges.clear();
        scratch.caps.clear();
        scratch.caps.extend(
            scratch
                .toks
                .iter()
                .map(|&(a, b)| capitalised(&s.text[a..b])),
        );
        // The chunker reads only capitalised tokens and their neighbours (connectors, the
        // words before and after a name): fold those, leave the others empty.
        let caps = &scratch.caps;
        for (i, &(a, b)) in scratch.toks.iter().enumerate() {
            let at = scratch.folded.len();
            let near = caps[i] || i > 0 && caps[i - 1] || caps.get(i + 1) == Some(&true);
            if near {
                fold_into(&s.text[a..b], &mut scratch.folded);
            }
            scratch.franges.push((at, scratch.folded.len()));
        }
        let sent = Sent {
            s,
            text: s.text,
            words,
            toks: &scratch.toks,
            folded: &scratch.folded,
            franges: &scratch.franges,
        };
        chunk_sentence(ctx, &sent, &lower, &mut scratch.window, &mut raws);
    }
    if ctx.cancelled() {
        return Vec::new();
    }
    merge(ctx, raws, |k| &all_words[starts[k]..starts[k + 1]])
}

/// Words that may open a sentence (or a quotation, a parenthesis, a clause after a colon).
fn initial_at(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    before.is_empty() || before.ends_with(['“', '"', '(', '‘', '\'', ':', '—'])
}

fn chunk_sentence<'a>(
    ctx: &Context<'a>,
    sent: &Sent<'a, '_>,
    lower: &FxHashSet<&str>,
    window: &mut KeyScratch,
    out: &mut Vec<Raw<'a>>,
) {
    let text = sent.text;
    let toks = sent.toks;
    let mut i = 0;
    while i < toks.len() {
        if !capitalised(sent.raw(i)) {
            i += 1;
            continue;
        }
        // Grow the chunk over capitalised tokens and inner connectors, whitespace between.
        let mut j = i + 1;
        while j < toks.len() {
            let gap = &text[toks[j - 1].1..toks[j].0];
            if !gap.chars().all(char::is_whitespace) || gap.contains('\n') || gap.is_empty() {
                break;
            }
            if capitalised(sent.raw(j)) {
                j += 1;
                continue;
            }
            let f = sent.f(j);
            let connector_ok = CONNECTORS.contains(&f)
                && {
                    let prev = sent.f(j - 1);
                    ORG_WORDS.contains(prev)
                        || f != "of" && f != "for" && f != "on"
                        || matches!(
                            prev,
                            "gulf"
                                | "republic"
                                | "kingdom"
                                | "bay"
                                | "sea"
                                | "isle"
                                | "cape"
                                | "lake"
                                | "mount"
                                | "city"
                                | "state"
                                | "states"
                                | "house"
                                | "people's"
                                | "ministry"
                                | "secretary"
                                | "minister"
                                | "department"
                                | "bank"
                                | "university"
                                | "prince"
                                | "duke"
                                | "queen"
                                | "king"
                                | "court"
                        )
                }
                && j + 1 < toks.len()
                && capitalised(sent.raw(j + 1))
                && text[toks[j].1..toks[j + 1].0]
                    .chars()
                    .all(char::is_whitespace);
            if connector_ok {
                j += 1;
                continue;
            }
            break;
        }
        // A lone capitalised function word ("The", "He") names nothing.
        if j == i + 1 && sent.raw(i).is_ascii() && STOP_SET.contains(sent.f(i)) {
            i = j;
            continue;
        }
        // A lone sentence-initial word also seen in lowercase ("Officials") names nothing.
        if j == i + 1 && sent.raw(i).is_ascii() && initial_at(text, toks[i].0) {
            let l = sent.f(i);
            if lower.contains(l) && !PLACES.contains(l) && !ORGS.contains(l) {
                i = j;
                continue;
            }
        }
        let prev_tok = i.checked_sub(1);
        let next_tok = (j < toks.len()).then_some(j);
        let (from, to) = (i, j);
        i = j;
        classify(ctx, sent, lower, window, from, to, prev_tok, next_tok, out);
    }
}

#[allow(clippy::too_many_arguments)]
fn classify<'a>(
    ctx: &Context<'a>,
    sent: &Sent<'a, '_>,
    lower: &FxHashSet<&str>,
    window: &mut KeyScratch,
    from: usize,
    to: usize,
    prev_tok: Option<usize>,
    next_tok: Option<usize>,
    out: &mut Vec<Raw<'a>>,
) {
    let text = sent.text;
    let toks = sent.toks;
    let f = |t: usize| sent.f(t);
    let (mut lo, mut hi) = (from, to);
    // Split at weekday and month names; keep the longest named part before them.
    if let Some(p) = (lo..hi).find(|&t| DATE_WORDS.contains(f(t).trim_end_matches('.'))) {
        if p + 1 < hi {
            classify(ctx, sent, lower, window, p + 1, hi, None, next_tok, out);
        }
        hi = p;
        if lo == hi {
            return;
        }
    }
    // Drop leading common words ("The", sentence-initial "Outraged").
    while lo < hi {
        let w = f(lo);
        if STOP_SET.contains(w)
            || (initial_at(text, toks[lo].0)
                && lower.contains(w)
                && !PLACES.contains(w)
                && !ORGS.contains(w))
        {
            lo += 1;
        } else {
            break;
        }
    }
    while lo < hi && CONNECTORS.contains(&f(hi - 1)) {
        hi -= 1;
    }
    if lo == hi {
        return;
    }
    let last = f(hi - 1);
    let full_key = key_into(&text[toks[lo].0..toks[hi - 1].1], window);
    let org_by_word = ORG_WORDS.contains(last)
        || (hi - lo >= 2 && ORG_WORDS.contains(f(hi - 2)) && last.len() <= 4);
    // Titles and demonyms in front of a person's name: "Turkish President Recep Tayyip Erdogan".
    let mut role: Vec<&str> = Vec::new();
    let mut titled = false;
    let untitled_lo = lo;
    if !org_by_word && !ORGS.contains(full_key.as_str()) {
        while hi - lo > 1 {
            let w = f(lo).trim_end_matches('.');
            if is_title(w) {
                titled = true;
                role.push(w);
                lo += 1;
            } else if (is_demonym(w) || PLACES.contains(w) && hi - lo > 2)
                && is_title(f(lo + 1).trim_end_matches('.'))
            {
                // "Turkish President …", "California Governor …".
                role.push(w);
                lo += 1;
            } else {
                break;
            }
        }
    }
    if hi - lo == 1 {
        let w = f(lo);
        if is_demonym(w) || is_title(w.trim_end_matches('.')) || w.chars().count() < 2 {
            return;
        }
    }
    // Demonyms name no one; nor do their plurals ("Americans", "Israelis").
    if (lo..hi).all(|t| {
        let w = f(t);
        is_demonym(w) || !PARTY_MEMBERS.contains(w) && w.strip_suffix('s').is_some_and(is_demonym)
    }) {
        return;
    }
    let (start, end) = (toks[lo].0, toks[hi - 1].1);
    let surface = &text[start..end];
    let key = if lo == untitled_lo {
        full_key
    } else {
        key_into(surface, window)
    };
    if key.is_empty() {
        return;
    }
    let prev_word = prev_tok.map_or("", f);
    let prev_gap_clean =
        prev_tok.is_some_and(|t| text[toks[t].1..start].chars().all(char::is_whitespace));
    let next_word = next_tok.map_or("", f);
    let next_gap = next_tok.map_or("", |t| &text[end..toks[t].0]);
    // "<place noun> of <Name>": the two words before the name (within 40 bytes).
    let place_noun_of = || {
        let mut h = start.saturating_sub(40);
        while !text.is_char_boundary(h) {
            h -= 1;
        }
        let words = sent.words;
        let k = words.partition_point(|&(_, b)| b <= start);
        k >= 2 && words[k - 1].0 >= h && {
            let (a, b) = words[k - 1];
            text[a..b].eq_ignore_ascii_case("of") && {
                let (a, b) = words[k - 2];
                b > h && PLACE_NOUN_SET.contains(&fold(&text[a.max(h)..b]))
            }
        }
    };
    let acronym = surface.len() >= 2
        && surface.len() <= 6
        && surface.chars().all(|c| c.is_uppercase() || c == '.');
    let speech_next = next_gap.chars().all(char::is_whitespace)
        && SPEECH_VERB_SET.contains(next_word)
        || next_gap.trim() == ","
            && next_tok.is_some_and(|t| text[toks[t].0..].starts_with(|c: char| c.is_lowercase()))
            && (next_word == "a"
                || next_word == "an"
                || next_word == "the"
                || PERSON_CUES.contains(next_word));
    let single = hi - lo == 1;
    let state_abbreviation = single
        && STATE_ABBRS.contains(last)
        && text[end..].starts_with('.')
        && text[..start].trim_end().ends_with(',');
    let given_name = GIVEN_NAMES.contains(f(lo));
    let (kind, strong) = if ORGS.contains(key.as_str()) || org_by_word {
        (EntityKind::Organization, true)
    } else if PLACES.contains(key.as_str()) || state_abbreviation {
        (EntityKind::Place, true)
    } else if !single && PLACE_HEADS.contains(last) {
        // "Westminster Abbey", "Baker Street".
        (EntityKind::Place, true)
    } else if !single && EVENT_HEADS.contains(last) {
        // "the Commonwealth Games", "the Clean Air Act".
        (EntityKind::Other, true)
    } else if single && PARTY_MEMBERS.contains(last) {
        // "Republicans": the party's members, a group.
        (EntityKind::Organization, true)
    } else if acronym {
        (EntityKind::Organization, false)
    } else if titled || (prev_gap_clean && PERSON_CUES.contains(prev_word)) {
        (EntityKind::Person, true)
    } else if PLACE_NOUN_SET.contains(next_word) && next_gap.trim().is_empty() && !speech_next
        || place_noun_of()
    {
        (EntityKind::Place, false)
    } else if speech_next
        || hi - lo >= 2 && hi - lo <= 4 && !(lo..hi).any(|t| PLACES.contains(f(t)))
    {
        // A known given name is evidence; otherwise a short capitalised name is a person
        // only by default.
        (EntityKind::Person, given_name && !single)
    } else if single && given_name {
        // "Jimmy's restaurant": a person's name, not a place.
        (EntityKind::Person, false)
    } else if matches!(
        prev_word,
        "in" | "at" | "from" | "near" | "to" | "across" | "outside" | "into"
    ) && prev_gap_clean
    {
        (EntityKind::Place, false)
    } else {
        (EntityKind::Other, false)
    };
    let s = sent.s;
    let span = Span::new(s.span.start + start, s.span.start + end);
    let Some(original_span) = ctx.locate(s.doc, span) else {
        return;
    };
    out.push(Raw {
        key,
        surface,
        kind,
        strong,
        role: (!role.is_empty() && titled).then(|| role.join(" ")),
        doc: s.doc,
        span,
        original_span,
        lead: s.position < 3,
        role_ref: false,
    });
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            cur[j] = (prev[j] + 1)
                .min(cur[j - 1] + 1)
                .min(prev[j - 1] + usize::from(a[i - 1] != b[j - 1]));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn same_person(a: &str, b: &str) -> bool {
    let ta: Vec<&str> = a.split(' ').collect();
    let tb: Vec<&str> = b.split(' ').collect();
    if ta.last() != tb.last() {
        return false;
    }
    if ta.iter().all(|t| tb.contains(t)) || tb.iter().all(|t| ta.contains(t)) {
        return true;
    }
    let (fa, fb) = (ta[0], tb[0]);
    fa.len() >= 4 && fb.len() >= 4 && edit_distance(fa, fb) <= 1
}

/// Union-find root.
fn root(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// Merge mentions into entities; `words_of(k)` gives the words of sentence `k`.
fn merge<'a, 'w>(
    ctx: &Context<'a>,
    mut raws: Vec<Raw<'a>>,
    words_of: impl Fn(usize) -> &'w [(usize, usize)],
) -> Vec<Entity> {
    // Group by key (keys in sorted order, each key's mentions in input order); vote on the
    // kind (strong evidence counts three times).
    let mut order: Vec<usize> = (0..raws.len()).collect();
    order.sort_unstable_by(|&x, &y| raws[x].key.cmp(&raws[y].key).then(x.cmp(&y)));
    let mut keys: Vec<&str> = Vec::new();
    let mut by_key: Vec<&[usize]> = Vec::new();
    let mut at = 0;
    while at < order.len() {
        let key = raws[order[at]].key.as_str();
        let mut end = at + 1;
        while end < order.len() && raws[order[end]].key == key {
            end += 1;
        }
        keys.push(key);
        by_key.push(&order[at..end]);
        at = end;
    }
    let kind_of = |idx: &[usize], raws: &[Raw]| -> EntityKind {
        const KINDS: [EntityKind; 4] = [
            EntityKind::Person,
            EntityKind::Organization,
            EntityKind::Place,
            EntityKind::Other,
        ];
        let mut votes = [0usize; 4];
        for &i in idx {
            votes[raws[i].kind as usize] += if raws[i].strong { 3 } else { 1 };
        }
        if votes.iter().filter(|&&v| v > 0).count() > 1 {
            votes[EntityKind::Other as usize] = 0;
        }
        // Most votes; a tie goes to the kind listed first.
        let mut best: Option<(usize, EntityKind)> = None;
        for k in KINDS {
            let v = votes[k as usize];
            if v > 0 && best.is_none_or(|(bv, _)| v > bv) {
                best = Some((v, k));
            }
        }
        best.map_or(EntityKind::Other, |(_, k)| k)
    };
    let kinds: Vec<EntityKind> = by_key.iter().map(|idx| kind_of(idx, &raws)).collect();
    let mut parent: Vec<usize> = (0..keys.len()).collect();
    // Persons: a fuller name absorbs its short forms and spelling variants.
    let persons: Vec<usize> = (0..keys.len())
        .filter(|&k| kinds[k] == EntityKind::Person && keys[k].contains(' '))
        .collect();
    // Only names sharing a last word can be the same person.
    let mut by_last: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &p in &persons {
        by_last
            .entry(keys[p].rsplit(' ').next().unwrap_or(""))
            .or_default()
            .push(p);
    }
    for same_last in by_last.values() {
        for x in 0..same_last.len() {
            for y in x + 1..same_last.len() {
                if same_person(keys[same_last[x]], keys[same_last[y]]) {
                    let (a, b) = (
                        root(&mut parent, same_last[x]),
                        root(&mut parent, same_last[y]),
                    );
                    parent[b.max(a)] = a.min(b);
                }
            }
        }
    }
    for k in 0..keys.len() {
        if keys[k].contains(' ')
            || matches!(kinds[k], EntityKind::Place | EntityKind::Organization)
                && by_key[k].iter().any(|&i| raws[i].strong)
        {
            continue;
        }
        // The most mentioned full name ending in this word.
        let best = by_last
            .get(keys[k])
            .into_iter()
            .flatten()
            .max_by_key(|&&p| (by_key[p].len(), std::cmp::Reverse(p)));
        if let Some(&p) = best {
            let (a, b) = (root(&mut parent, p), root(&mut parent, k));
            if a != b {
                parent[b.max(a)] = a.min(b);
            }
        }
    }
    // Every mention with its group (the root of its key), in key order then input order; a
    // stable sort by group below keeps that order inside each group.
    let mut grouped: Vec<(usize, usize)> = Vec::with_capacity(raws.len());
    for (k, idx) in by_key.iter().enumerate() {
        let r = root(&mut parent, k);
        grouped.extend(idx.iter().map(|&i| (r, i)));
    }
    drop(by_key);
    drop(keys);
    drop(by_last);
    // Roles ("the Turkish president") that name exactly one person.
    let mut roles: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for &(g, i) in &grouped {
        if let Some(role) = &raws[i].role {
            if role.contains(' ') {
                roles.entry(role.clone()).or_default().insert(g);
            }
        }
    }
    let role_rx = role_regex();
    // A sentence can name a role only if one of its words starts with the role's last word
    // ("president"): test that on the words already found before running the pattern.
    let last_words: Vec<&str> = roles
        .iter()
        .filter(|(_, set)| set.len() == 1)
        .filter_map(|(role, _)| role.rsplit(' ').next())
        .collect();
    let mut extra: Vec<(usize, Raw)> = Vec::new();
    for (k, s) in ctx.sentences.iter().enumerate() {
        if last_words.is_empty() || !(s.text.contains("the ") || s.text.contains("The ")) {
            continue;
        }
        let has_last_word = words_of(k).iter().any(|&(a, b)| {
            let w = &s.text.as_bytes()[a..b];
            last_words
                .iter()
                .any(|l| w.len() >= l.len() && w[..l.len()].eq_ignore_ascii_case(l.as_bytes()))
        });
        if !has_last_word {
            continue;
        }
        for m in role_rx.find_iter(s.text) {
            let phrase = fold(m.as_str());
            let role = phrase.trim_start_matches("the ").to_string();
            let Some(set) = roles.get(&role) else {
                continue;
            };
            if set.len() != 1 {
                continue;
            }
            let span = Span::new(s.span.start + m.start(), s.span.start + m.end());
            let Some(original_span) = ctx.locate(s.doc, span) else {
                continue;
            };
            let g = *set.iter().next().unwrap_or(&0);
            extra.push((
                g,
                Raw {
                    key: role.clone(),
                    surface: m.as_str(),
                    kind: EntityKind::Person,
                    strong: false,
                    role: None,
                    doc: s.doc,
                    span,
                    original_span,
                    lead: s.position < 3,
                    role_ref: true,
                },
            ));
        }
    }
    for (g, r) in extra {
        raws.push(r);
        grouped.push((g, raws.len() - 1));
    }
    grouped.sort_by_key(|&(g, _)| g);

    let mut entities: Vec<Entity> = Vec::new();
    // Buffers reused from group to group.
    let mut members: Vec<usize> = Vec::new();
    let mut surfaces: Vec<&str> = Vec::new();
    let mut named: Vec<usize> = Vec::new();
    let mut docs: Vec<DocId> = Vec::new();
    let mut count: Vec<(&str, usize)> = Vec::new();
    for group in grouped.chunk_by(|a, b| a.0 == b.0) {
        members.clear();
        members.extend(group.iter().map(|&(_, i)| i));
        members.sort_by_key(|&i| (raws[i].doc, raws[i].span.start));
        members.dedup_by_key(|i| (raws[*i].doc, raws[*i].span.start));
        named.clear();
        named.extend(members.iter().copied().filter(|&i| !raws[i].role_ref));
        let kind = kind_of(&named, &raws);
        docs.clear();
        docs.extend(members.iter().map(|&i| raws[i].doc));
        docs.sort();
        docs.dedup();
        if kind == EntityKind::Other && members.len() < 2 {
            continue;
        }
        // How often each surface form is used (sorted by form; the choice below breaks every
        // tie by the form itself, so the order does not matter).
        count.clear();
        count.extend(named.iter().map(|&i| (raws[i].surface, 1)));
        count.sort_unstable_by(|a, b| a.0.cmp(b.0));
        count.dedup_by(|next, kept| {
            let same = next.0 == kept.0;
            if same {
                kept.1 += 1;
            }
            same
        });
        let name = count
            .iter()
            .max_by(|a, b| {
                let wa = crate::text::count_words(a.0);
                let wb = crate::text::count_words(b.0);
                let len = if kind == EntityKind::Person {
                    wa.cmp(&wb)
                } else {
                    std::cmp::Ordering::Equal
                };
                len.then(a.1.cmp(&b.1)).then(b.0.cmp(a.0))
            })
            .map(|(s, _)| s.to_string())
            .unwrap_or_default();
        surfaces.clear();
        surfaces.extend(members.iter().map(|&i| raws[i].surface));
        surfaces.sort_unstable();
        surfaces.dedup();
        let aliases: Vec<String> = surfaces.iter().map(|&a| a.to_string()).collect();
        let lead = members.iter().filter(|&&i| raws[i].lead).count();
        let salience = members.len() as f64 + 2.0 * (docs.len() as f64 - 1.0) + 0.5 * lead as f64;
        entities.push(Entity {
            name,
            kind,
            aliases,
            salience,
            documents: docs.len(),
            mentions: members
                .iter()
                .filter_map(|&i| ctx.mention_at(raws[i].doc, raws[i].span, raws[i].original_span))
                .collect(),
        });
    }
    let max = entities.iter().map(|e| e.salience).fold(0.0, f64::max);
    if max > 0.0 {
        for e in &mut entities {
            e.salience /= max;
        }
    }
    entities.sort_by(|a, b| {
        b.salience
            .total_cmp(&a.salience)
            .then(a.name.cmp(&b.name))
            .then(a.kind.cmp(&b.kind))
    });
    entities
}

fn role_regex() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        let demonyms: Vec<&str> = DEMONYMS.iter().map(|(d, _)| *d).filter(|d| !d.is_empty()).collect();
        let p = format!(
            r"(?i)\bthe\s+(?:{})\s+(?:president|prime\s+minister|foreign\s+minister|defen[cs]e\s+minister|interior\s+minister|finance\s+minister|leader|chancellor|king|queen|premier|envoy|ambassador)\b",
            demonyms.join("|")
        );
        super::util::compile(&p)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_person_matching() {
        assert_eq!(key_of("Bashar al-Assad"), "bashar assad");
        assert_eq!(key_of("Erdoğan’s"), "erdogan");
        assert!(same_person("sergei lavrov", "sergey lavrov"));
        assert!(same_person("recep tayyip erdogan", "tayyip erdogan"));
        assert!(!same_person("donald trump", "ivanka trump"));
    }
}
