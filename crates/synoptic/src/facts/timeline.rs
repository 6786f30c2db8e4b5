//! Timeline: date and time expressions, resolved against each document's date, and the dated
//! sentences ordered in time and merged across documents.
//!
//! A document's date comes from its metadata; failing that, from the other documents' dates
//! (their median), or from the latest full date written in its own text, each with a stated
//! confidence. An expression that needs a date nobody knows stays explicitly unresolved; a
//! day and month without a year resolve partially (`--12-01`).

use std::sync::OnceLock;

use regex::Regex;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::number_groups::Group;
use super::util::{
    civil_from_days, days_from_civil, fold, iso_week, month_days, month_number, re, set_jaccard,
    weekday, word_set, ymd, WordScratch, NUMBER_WORDS,
};
use super::{Context, FactSentence, Mention};
use crate::model::DocId;
use crate::text::{MONTH_NAMES, WEEKDAY_NAMES};

/// How far an expression could be pinned down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// A calendar value (day, ISO week, month, year, or a `start/end` range).
    Resolved,
    /// Day and month (or month) without a year: `--MM-DD`, `--MM`.
    Partial,
    /// Needs a date that is not known (a weekday, "last week" without a document date).
    Unresolved,
}

/// The date a document's relative expressions are read against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentDate {
    /// The document.
    pub doc: DocId,
    /// Its caller-given id.
    pub doc_id: String,
    /// `YYYY-MM-DD`, or `None` when nothing could be inferred.
    pub date: Option<String>,
    /// `metadata`, `cluster` (median of the other documents' dates), `text` (latest full date
    /// in the document) or `none`.
    pub origin: String,
    /// 1.0 for metadata, lower for inferences, 0 when unknown.
    pub confidence: f64,
}

/// One date or time expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeExpression {
    /// Where it is.
    pub mention: Mention,
    /// `date`, `month`, `year`, `decade`, `weekday`, `relative` or `time`.
    pub kind: String,
    /// `day`, `week`, `month`, `year`, `decade`, `period` or `time`.
    pub granularity: String,
    /// The calendar value: `2020-03-05`, `2020-W10`, `2020-03`, `2020`, `1990s`,
    /// `2020-02-04/2020-03-04`, `--12-01`, `--10`; `None` when unresolved.
    pub resolved: Option<String>,
    /// How far it was resolved.
    pub resolution: Resolution,
    /// Confidence in `resolved`: the anchor's confidence for relative expressions.
    pub confidence: f64,
    /// Span of the sentence carrying it, in the cleaned text.
    pub sentence: crate::model::Span,
}

/// A dated event: the sentences (one per document) that report what happened at a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEvent {
    /// The resolved date (see [`TimeExpression::resolved`]).
    pub date: String,
    /// The date for people: "1 Dec 2019", "Dec 1 (year unknown)", "September 2018".
    pub label: String,
    /// The first sentence reporting it.
    pub text: String,
    /// The sentences reporting it, one per document at most.
    pub mentions: Vec<Mention>,
    /// The expressions (indices into `Facts::time_expressions`) dating it.
    pub expressions: Vec<usize>,
}

const MONTH_FULL: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";
const MONTH_ANY: &str = r"Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?";

fn patterns() -> &'static [(&'static str, Regex)] {
    static P: OnceLock<Vec<(&'static str, Regex)>> = OnceLock::new();
    P.get_or_init(|| {
        let mk = |p: String| super::util::compile(&p);
        let number_words = NUMBER_WORDS.join("|");
        vec![
            (
                "date",
                mk(format!(
                    r"\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?P<mon>{MONTH_ANY})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*[-–]\s*\d{{1,2}}\b)?(?:,?\s+(?P<year>(?:1[89]|20)\d{{2}})\b)?"
                )),
            ),
            (
                "date",
                mk(format!(
                    r"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MONTH_FULL})\b(?:,?\s+(?P<year>(?:1[89]|20)\d{{2}})\b)?"
                )),
            ),
            (
                "month",
                mk(format!(
                    r"\b(?P<mon>{MONTH_FULL}|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.),?\s+(?:of\s+)?(?P<year>(?:1[89]|20)\d{{2}})\b"
                )),
            ),
            (
                "month",
                mk(format!(
                    r"\b(?P<pre>(?i:in|since|until|till|by|from|before|after|during|through|of|on)\s+)?(?P<rel>(?i:last|next|this|early|late|mid-?|previous)\s*)?(?P<mon>{MONTH_FULL})\b"
                )),
            ),
            (
                "relative",
                mk(format!(
                    r"(?i)\b(?:the\s+)?(?P<dir>last|past|previous|next|coming|this)\s+(?:(?P<n>\d+|few|several|couple\s+of|{number_words})\s+)?(?P<unit>days?|weeks?|weekend|months?|years?|decades?|hours?)\b"
                )),
            ),
            (
                "relative",
                mk(format!(
                    r"(?i)\b(?P<n>\d+|an?|a\s+few|several|{number_words})\s+(?P<unit>days?|weeks?|months?|years?|decades?)\s+ago\b"
                )),
            ),
            (
                "relative",
                mk(r"(?i)\b(?:earlier|later)\s+this\s+(?P<unit>week|month|year)\b|\bin\s+recent\s+(?P<unit2>days|weeks|months|years)\b|\b(?P<word>today|yesterday|tomorrow|tonight)\b".into()),
            ),
            (
                "weekday",
                mk(r"\b(?P<wd>Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day(?:\s+(?:morning|afternoon|evening|night))?\b".into()),
            ),
            (
                "time",
                // "6:00 p.m.", also tokenised as "6 : 00 p.m.".
                mk(r"(?i)\b\d{1,2}(?: ?: ?\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\b(?:midnight|noon)\b".into()),
            ),
            ("year", mk(r"\b(?P<y>(?:1[89]|20)\d{2})(?P<s>s)?\b".into())),
        ]
    })
}

/// A raw match before resolution.
struct Raw<'h> {
    kind: &'static str,
    start: usize,
    end: usize,
    caps: Groups<'h>,
}

/// The named groups of a match, which resolution reads by name: a regex's captures, or, for the
/// patterns whose groups follow from the match itself (weekdays, times, years), read by hand
/// from the match the regex's DFA found, without its backtracking engine.
struct Groups<'h> {
    text: &'h str,
    spans: [Option<(&'static str, usize, usize)>; 5],
}

impl<'h> Groups<'h> {
    fn name(&self, name: &str) -> Option<Group<'h>> {
        self.spans
            .iter()
            .flatten()
            .find(|(n, _, _)| *n == name)
            .map(|&(_, a, b)| Group::new(self.text, a, b))
    }

    fn from_captures(rx: &'static Regex, text: &'h str, caps: &regex::Captures<'h>) -> Self {
        let mut spans = [None; 5];
        let named = rx
            .capture_names()
            .enumerate()
            .filter_map(|(i, n)| Some((n?, caps.get(i)?)));
        for (slot, (n, m)) in spans.iter_mut().zip(named) {
            *slot = Some((n, m.start(), m.end()));
        }
        Groups { text, spans }
    }

    /// The groups of a match of a pattern of `kind` ([`patterns`]), when they can be read by
    /// hand.
    fn by_hand(kind: &str, text: &'h str, start: usize, end: usize) -> Option<Self> {
        let mut spans = [None; 5];
        let m = &text[start..end];
        if !m.is_ascii() {
            return None;
        }
        match kind {
            // Weekday: `wd` is the part before "day" (no abbreviation contains it).
            "weekday" => spans[0] = Some(("wd", start, start + m.find("day")?)),
            // Clock times have no named groups.
            "time" => {}
            // Years: four digits, then perhaps an "s".
            "year" => {
                spans[0] = Some(("y", start, start + 4));
                if m.len() == 5 {
                    spans[1] = Some(("s", start + 4, end));
                }
            }
            _ => return None,
        }
        Some(Groups { text, spans })
    }
}

/// What a word tells [`gates`].
#[derive(Clone, Copy)]
enum Cue {
    /// "last", "next" …
    Direction,
    /// A unit that also takes "ago" ("days", "years" …).
    Unit,
    /// A unit that does not ("weekend", "hours").
    UnitWithoutAgo,
    Ago,
    /// "today", "earlier" …
    Near,
    /// "a.m." is read as the words "a" and "m".
    Meridiem,
    Midnight,
}

/// The words [`gates`] looks for, in lower case and in alphabetical order ([`GATE_BY_LETTER`]);
/// weekday names are [`WEEKDAY_NAMES`], matched as written.
const GATE_WORDS: &[(&str, Cue)] = &[
    ("ago", Cue::Ago),
    ("am", Cue::Meridiem),
    ("coming", Cue::Direction),
    ("day", Cue::Unit),
    ("days", Cue::Unit),
    ("decade", Cue::Unit),
    ("decades", Cue::Unit),
    ("earlier", Cue::Near),
    ("hour", Cue::UnitWithoutAgo),
    ("hours", Cue::UnitWithoutAgo),
    ("last", Cue::Direction),
    ("later", Cue::Near),
    ("m", Cue::Meridiem),
    ("midnight", Cue::Midnight),
    ("month", Cue::Unit),
    ("months", Cue::Unit),
    ("next", Cue::Direction),
    ("noon", Cue::Midnight),
    ("past", Cue::Direction),
    ("pm", Cue::Meridiem),
    ("previous", Cue::Direction),
    ("recent", Cue::Near),
    ("this", Cue::Direction),
    ("today", Cue::Near),
    ("tomorrow", Cue::Near),
    ("tonight", Cue::Near),
    ("week", Cue::Unit),
    ("weekend", Cue::UnitWithoutAgo),
    ("weeks", Cue::Unit),
    ("year", Cue::Unit),
    ("years", Cue::Unit),
    ("yesterday", Cue::Near),
];

/// For each first letter, the range of [`GATE_WORDS`] starting with it.
const GATE_BY_LETTER: [(u8, u8); 26] = {
    let mut t = [(0u8, 0u8); 26];
    let mut k = 0;
    while k < GATE_WORDS.len() {
        let first = GATE_WORDS[k].0.as_bytes()[0];
        assert!(
            k == 0 || GATE_WORDS[k - 1].0.as_bytes()[0] <= first,
            "GATE_WORDS out of order"
        );
        let row = (first - b'a') as usize;
        if t[row].1 == 0 {
            t[row].0 = k as u8;
        }
        t[row].1 = k as u8 + 1;
        k += 1;
    }
    t
};

/// For each first letter (lower case), the lengths of the words [`gates`] looks for, as bits:
/// most words are turned away by this before they are compared.
const GATE_LENGTHS: [u16; 26] = {
    let mut t = [0u16; 26];
    let mut k = 0;
    while k < GATE_WORDS.len() {
        let w = GATE_WORDS[k].0.as_bytes();
        t[(w[0] - b'a') as usize] |= 1 << w.len();
        k += 1;
    }
    let mut k = 0;
    while k < WEEKDAY_NAMES.len() {
        let w = WEEKDAY_NAMES[k].as_bytes();
        t[(w[0].to_ascii_lowercase() - b'a') as usize] |= 1 << w.len();
        k += 1;
    }
    t
};

/// Which of [`patterns`] can match a sentence, from one pass over its words: every pattern
/// needs a word (or a digit run) that this pass looks for, and a scan of the words is far
/// cheaper than running each pattern over each sentence. A gate only skips patterns that cannot
/// match (for ASCII spellings of the words), so the result is the same.
fn gates(text: &str) -> [bool; 10] {
    let (mut month, mut digit, mut year) = (false, false, false);
    let (mut dir, mut unit, mut ago, mut ago_unit, mut near) = (false, false, false, false, false);
    let (mut weekday, mut meridiem, mut midnight) = (false, false, false);
    let bytes = text.as_bytes();
    // The longest word looked for is nine letters ("yesterday", "Wednesday").
    let mut lower = [0u8; 9];
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            digit = true;
            let run = &bytes[start..i];
            let word_before =
                start > 0 && (bytes[start - 1].is_ascii_alphabetic() || bytes[start - 1] == b'_');
            year |= run.len() == 4 && !word_before && matches!(&run[..2], b"18" | b"19" | b"20");
        } else if b.is_ascii_alphabetic() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                // Month names are looked for inside words too ("midJanuary"), by their first
                // three letters, as the patterns abbreviate them.
                if bytes[i].is_ascii_uppercase() {
                    month |= MONTH_NAMES
                        .iter()
                        .any(|m| bytes[i..].starts_with(&m.as_bytes()[..3]));
                }
                i += 1;
            }
            let word = &bytes[start..i];
            // Only words of a first letter and length that some gate word has are compared.
            if word.len() > lower.len()
                || GATE_LENGTHS[usize::from(word[0].to_ascii_lowercase() - b'a')]
                    & (1 << word.len())
                    == 0
            {
                continue;
            }
            let w = &mut lower[..word.len()];
            w.copy_from_slice(word);
            w.make_ascii_lowercase();
            let (from, to) = GATE_BY_LETTER[usize::from(w[0] - b'a')];
            let found = GATE_WORDS[usize::from(from)..usize::from(to)]
                .iter()
                .find(|(g, _)| g.as_bytes() == &*w);
            match found {
                Some((_, Cue::Direction)) => dir = true,
                Some((_, Cue::Unit)) => {
                    unit = true;
                    ago_unit = true;
                }
                Some((_, Cue::UnitWithoutAgo)) => unit = true,
                Some((_, Cue::Ago)) => ago = true,
                Some((_, Cue::Near)) => near = true,
                Some((_, Cue::Meridiem)) => meridiem = true,
                Some((_, Cue::Midnight)) => midnight = true,
                // Weekdays are matched as written: a capital, then lower case.
                None => weekday |= WEEKDAY_NAMES.iter().any(|d| d.as_bytes() == word),
            }
        } else {
            i += 1;
        }
    }
    // Parallel to `patterns()`.
    [
        month && digit,
        month && digit,
        month && digit,
        month,
        dir && unit,
        ago && ago_unit,
        near,
        weekday,
        digit && meridiem || midnight,
        year,
    ]
}

/// Find the expressions of one sentence: earlier patterns win overlaps.
fn find(text: &str) -> Vec<Raw<'_>> {
    let gates = gates(text);
    if !gates.contains(&true) {
        return Vec::new();
    }
    let mut out: Vec<Raw<'_>> = Vec::new();
    for (k, (kind, rx)) in patterns().iter().enumerate() {
        if !gates[k] {
            continue;
        }
        for m in rx.find_iter(text) {
            let (mut start, end) = (m.start(), m.end());
            let Some(caps) = Groups::by_hand(kind, text, start, end).or_else(|| {
                rx.captures_at(text, start)
                    .map(|c| Groups::from_captures(rx, text, &c))
            }) else {
                continue;
            };
            if *kind == "month" {
                // "in October" speaks of October; the preposition is not part of it, and a bare
                // month name needs a preposition or a modifier ("May" is also a verb).
                if caps.name("pre").is_none()
                    && caps.name("rel").is_none()
                    && caps.name("year").is_none()
                {
                    continue;
                }
                if let Some(p) = caps.name("pre") {
                    start = p.end();
                }
            }
            if *kind == "year" && !year_ok(text, start, end) {
                continue;
            }
            if out.iter().any(|o| o.start < end && start < o.end) {
                continue;
            }
            out.push(Raw {
                kind,
                start,
                end,
                caps,
            });
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

/// A four-digit number is a year unless it reads as a count or a part of a bigger number.
fn year_ok(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    if matches!(before, Some('$' | '€' | '£' | ',' | '.' | '-' | '#'))
        || before.is_some_and(|c| c.is_alphanumeric())
    {
        return false;
    }
    let after = &text[end..];
    if after.starts_with(['%', ',']) && after[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    if after.starts_with('%') || after.starts_with(".5") {
        return false;
    }
    let next: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    let lower_plural = next.len() > 3
        && next.ends_with('s')
        && next.chars().all(|c| c.is_lowercase())
        && !matches!(
            next.as_str(),
            "elections" | "games" | "olympics" | "protests" | "talks" | "riots"
        );
    !(lower_plural
        || matches!(
            next.as_str(),
            "people" | "percent" | "troops" | "men" | "women" | "children" | "police"
        ))
}

/// Resolve every document's anchor date.
fn anchors(ctx: &Context<'_>, found: &[Vec<Raw<'_>>]) -> Vec<DocumentDate> {
    static ISO: OnceLock<Regex> = OnceLock::new();
    let iso = re(&ISO, r"^\s*(\d{4})-(\d{2})-(\d{2})");
    let parse = |s: &str| -> Option<i64> {
        let c = iso.captures(s)?;
        let (y, m, d): (i64, u32, u32) =
            (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        ((1..=12).contains(&m) && d >= 1 && d <= month_days(y, m)).then(|| days_from_civil(y, m, d))
    };
    let meta: Vec<Option<i64>> = ctx
        .documents
        .iter()
        .map(|d| d.date.as_deref().and_then(parse))
        .collect();
    let mut known: Vec<i64> = meta.iter().flatten().copied().collect();
    known.sort_unstable();
    let median = (!known.is_empty()).then(|| known[(known.len() - 1) / 2]);
    ctx.documents
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let (date, origin, confidence) = if let Some(x) = meta[i] {
                (Some(x), "metadata", 1.0)
            } else if let Some(x) = median {
                (Some(x), "cluster", 0.5)
            } else if let Some(x) = latest_full_date(ctx, found, d.id) {
                (Some(x), "text", 0.4)
            } else {
                (None, "none", 0.0)
            };
            DocumentDate {
                doc: d.id,
                doc_id: d.name.clone(),
                date: date.map(ymd),
                origin: origin.into(),
                confidence,
            }
        })
        .collect()
}

/// The latest full date ("Dec. 1, 2019") written in a document; `found` is parallel to
/// `ctx.sentences` (each sentence is searched once, for this and for the expressions).
fn latest_full_date(ctx: &Context<'_>, found: &[Vec<Raw<'_>>], doc: DocId) -> Option<i64> {
    let mut best: Option<i64> = None;
    for (_, raws) in ctx
        .sentences
        .iter()
        .zip(found)
        .filter(|(s, _)| s.doc == doc)
    {
        for r in raws {
            if r.kind != "date" {
                continue;
            }
            if let Some(x) = full_date(&r.caps) {
                best = Some(best.map_or(x, |b| b.max(x)));
            }
        }
    }
    best
}

fn full_date(c: &Groups<'_>) -> Option<i64> {
    let y: i64 = c.name("year")?.as_str().parse().ok()?;
    let m = month_number(c.name("mon")?.as_str())?;
    let d: u32 = c.name("day")?.as_str().parse().ok()?;
    (d >= 1 && d <= month_days(y, m)).then(|| days_from_civil(y, m, d))
}

/// All expressions of the cluster, with the document dates used.
pub(crate) fn expressions(ctx: &Context<'_>) -> (Vec<DocumentDate>, Vec<TimeExpression>) {
    let mut found: Vec<Vec<Raw<'_>>> = Vec::with_capacity(ctx.sentences.len());
    for (k, s) in ctx.sentences.iter().enumerate() {
        if ctx.cancelled_at(k) {
            return (Vec::new(), Vec::new());
        }
        found.push(find(s.text));
    }
    let dates = anchors(ctx, &found);
    let anchor_days: Vec<Option<(i64, f64)>> = dates
        .iter()
        .map(|d| {
            let days = d.date.as_deref().and_then(|s| {
                let y = s.get(0..4)?.parse().ok()?;
                let m = s.get(5..7)?.parse().ok()?;
                let dd = s.get(8..10)?.parse().ok()?;
                Some(days_from_civil(y, m, dd))
            });
            days.map(|x| (x, d.confidence))
        })
        .collect();
    let mut out = Vec::with_capacity(found.iter().map(Vec::len).sum());
    for (s, raws) in ctx.sentences.iter().zip(&found) {
        let anchor = anchor_days.get(s.doc.index()).copied().flatten();
        for r in raws {
            let Some(mention) = ctx.mention_in(s, r.start, r.end) else {
                continue;
            };
            let (granularity, resolved, resolution, confidence) = resolve(r, s, anchor);
            out.push(TimeExpression {
                mention,
                kind: r.kind.into(),
                granularity: granularity.into(),
                resolved,
                resolution,
                confidence,
                sentence: s.span,
            });
        }
    }
    (dates, out)
}

fn count_word(s: &str) -> Option<i64> {
    let l = s.to_ascii_lowercase();
    match l.as_str() {
        "a" | "an" => Some(1),
        "few" | "a few" | "several" => Some(3),
        _ if l.starts_with("couple") => Some(2),
        _ => l
            .parse()
            .ok()
            .or_else(|| super::util::number_word(&l).map(|v| v as i64)),
    }
}

type Resolved = (&'static str, Option<String>, Resolution, f64);

fn unresolved(g: &'static str) -> Resolved {
    (g, None, Resolution::Unresolved, 0.0)
}

/// The year putting month `m` (day `d`) closest to the anchor.
fn nearest_year(anchor: i64, m: u32, d: u32) -> i64 {
    let (y, _, _) = civil_from_days(anchor);
    let mut best = y;
    let mut best_gap = i64::MAX;
    for cand in [y - 1, y, y + 1] {
        let dd = d.min(month_days(cand, m));
        let gap = (days_from_civil(cand, m, dd) - anchor).abs();
        if gap < best_gap {
            best_gap = gap;
            best = cand;
        }
    }
    best
}

fn shift_month(y: i64, m: u32, by: i64) -> (i64, u32) {
    let t = y * 12 + (m as i64 - 1) + by;
    (t.div_euclid(12), (t.rem_euclid(12) + 1) as u32)
}

fn resolve(r: &Raw<'_>, s: &FactSentence<'_>, anchor: Option<(i64, f64)>) -> Resolved {
    let c = &r.caps;
    let text = &s.text[r.start..r.end];
    match r.kind {
        "date" => {
            let (Some(m), Some(d)) = (
                c.name("mon").and_then(|x| month_number(x.as_str())),
                c.name("day").and_then(|x| x.as_str().parse::<u32>().ok()),
            ) else {
                return unresolved("day");
            };
            if !(1..=31).contains(&d) {
                return unresolved("day");
            }
            if let Some(y) = c.name("year").and_then(|x| x.as_str().parse::<i64>().ok()) {
                let d = d.min(month_days(y, m));
                return (
                    "day",
                    Some(ymd(days_from_civil(y, m, d))),
                    Resolution::Resolved,
                    1.0,
                );
            }
            match anchor {
                Some((a, conf)) => {
                    let y = nearest_year(a, m, d);
                    let d = d.min(month_days(y, m));
                    (
                        "day",
                        Some(ymd(days_from_civil(y, m, d))),
                        Resolution::Resolved,
                        conf * 0.9,
                    )
                }
                None => (
                    "day",
                    Some(format!("--{m:02}-{d:02}")),
                    Resolution::Partial,
                    1.0,
                ),
            }
        }
        "month" => {
            let Some(m) = c.name("mon").and_then(|x| month_number(x.as_str())) else {
                return unresolved("month");
            };
            if let Some(y) = c.name("year").and_then(|x| x.as_str().parse::<i64>().ok()) {
                return (
                    "month",
                    Some(format!("{y}-{m:02}")),
                    Resolution::Resolved,
                    1.0,
                );
            }
            let rel = c
                .name("rel")
                .map(|x| x.as_str().trim().to_ascii_lowercase());
            match anchor {
                Some((a, conf)) => {
                    let (ay, am, _) = civil_from_days(a);
                    let y = match rel.as_deref() {
                        Some("last") | Some("previous") => {
                            if m < am {
                                ay
                            } else {
                                ay - 1
                            }
                        }
                        Some("next") => {
                            if m > am {
                                ay
                            } else {
                                ay + 1
                            }
                        }
                        Some("this") => ay,
                        _ => nearest_year(a, m, 15),
                    };
                    (
                        "month",
                        Some(format!("{y}-{m:02}")),
                        Resolution::Resolved,
                        conf * 0.9,
                    )
                }
                None => ("month", Some(format!("--{m:02}")), Resolution::Partial, 1.0),
            }
        }
        "year" => {
            let y = c.name("y").map(|x| x.as_str()).unwrap_or("");
            if c.name("s").is_some() {
                ("decade", Some(format!("{y}s")), Resolution::Resolved, 1.0)
            } else {
                ("year", Some(y.to_string()), Resolution::Resolved, 1.0)
            }
        }
        "weekday" => {
            let Some((a, conf)) = anchor else {
                return unresolved("day");
            };
            let target = match c.name("wd").map(|x| x.as_str()) {
                Some("Mon") => 0,
                Some("Tues") => 1,
                Some("Wednes") => 2,
                Some("Thurs") => 3,
                Some("Fri") => 4,
                Some("Satur") => 5,
                _ => 6,
            };
            let future = future_tense(s.text);
            let now = weekday(a);
            let day = if future {
                a + (target - now).rem_euclid(7)
            } else {
                a - (now - target).rem_euclid(7)
            };
            ("day", Some(ymd(day)), Resolution::Resolved, conf * 0.8)
        }
        "relative" => resolve_relative(c, text, anchor),
        _ => unresolved("time"),
    }
}

fn future_tense(sentence: &str) -> bool {
    static F: OnceLock<Regex> = OnceLock::new();
    re(
        &F,
        r"(?i)\b(?:will|would|is due|are due|is expected|are expected|is set to|are set to|plans? to|scheduled|next|upcoming|is to|are to)\b",
    )
    .is_match(sentence)
}

fn resolve_relative(c: &Groups<'_>, text: &str, anchor: Option<(i64, f64)>) -> Resolved {
    let lower = text.to_ascii_lowercase();
    let unit_raw = c
        .name("unit")
        .or_else(|| c.name("unit2"))
        .map(|x| x.as_str().to_ascii_lowercase())
        .unwrap_or_default();
    let unit = unit_raw.trim_end_matches('s').to_string();
    let granularity: &'static str = match unit.as_str() {
        "day" | "hour" => "day",
        "week" | "weekend" => "week",
        "month" => "month",
        "year" => "year",
        "decade" => "decade",
        _ => "day",
    };
    let Some((a, conf)) = anchor else {
        let g = if c.name("n").is_some() && c.name("dir").is_some() {
            "period"
        } else {
            granularity
        };
        return unresolved(g);
    };
    let conf = conf * 0.8;
    if let Some(w) = c.name("word") {
        let day = match w.as_str().to_ascii_lowercase().as_str() {
            "yesterday" => a - 1,
            "tomorrow" => a + 1,
            _ => a,
        };
        return ("day", Some(ymd(day)), Resolution::Resolved, conf);
    }
    let (ay, am, _) = civil_from_days(a);
    if lower.ends_with("ago") {
        let n = c
            .name("n")
            .and_then(|x| count_word(x.as_str()))
            .unwrap_or(1);
        return match granularity {
            "day" => ("day", Some(ymd(a - n)), Resolution::Resolved, conf),
            "week" => (
                "week",
                Some(iso_week(a - 7 * n)),
                Resolution::Resolved,
                conf,
            ),
            "month" => {
                let (y, m) = shift_month(ay, am, -n);
                (
                    "month",
                    Some(format!("{y}-{m:02}")),
                    Resolution::Resolved,
                    conf,
                )
            }
            "decade" => (
                "year",
                Some(format!("{}", ay - 10 * n)),
                Resolution::Resolved,
                conf * 0.8,
            ),
            _ => (
                "year",
                Some(format!("{}", ay - n)),
                Resolution::Resolved,
                conf,
            ),
        };
    }
    if lower.starts_with("earlier") || lower.starts_with("later") || lower.starts_with("in recent")
    {
        return match granularity {
            "week" => ("week", Some(iso_week(a)), Resolution::Resolved, conf),
            "month" => (
                "month",
                Some(format!("{ay}-{am:02}")),
                Resolution::Resolved,
                conf,
            ),
            "year" => ("year", Some(format!("{ay}")), Resolution::Resolved, conf),
            _ => (
                "period",
                Some(format!("{}/{}", ymd(a - 7), ymd(a))),
                Resolution::Resolved,
                conf,
            ),
        };
    }
    let dir = c
        .name("dir")
        .map(|x| x.as_str().to_ascii_lowercase())
        .unwrap_or_default();
    let n = c.name("n").and_then(|x| count_word(x.as_str()));
    let sign: i64 = if matches!(dir.as_str(), "next" | "coming") {
        1
    } else if dir == "this" {
        0
    } else {
        -1
    };
    if n.is_some() || dir == "past" {
        // A rolling period: "the past month", "the last 24 hours", "the next two weeks".
        let n = n.unwrap_or(1);
        let len = match unit.as_str() {
            "hour" => (n + 23) / 24,
            "day" => n,
            "week" | "weekend" => 7 * n,
            "month" => 30 * n,
            "year" => 365 * n,
            _ => 3650 * n,
        };
        let (from, to) = if sign > 0 { (a, a + len) } else { (a - len, a) };
        return (
            "period",
            Some(format!("{}/{}", ymd(from), ymd(to))),
            Resolution::Resolved,
            conf,
        );
    }
    match granularity {
        "week" => (
            "week",
            Some(iso_week(a + 7 * sign)),
            Resolution::Resolved,
            conf,
        ),
        "month" => {
            let (y, m) = shift_month(ay, am, sign);
            (
                "month",
                Some(format!("{y}-{m:02}")),
                Resolution::Resolved,
                conf,
            )
        }
        "year" => (
            "year",
            Some(format!("{}", ay + sign)),
            Resolution::Resolved,
            conf,
        ),
        "decade" => (
            "decade",
            Some(format!("{}0s", (ay + 10 * sign) / 10)),
            Resolution::Resolved,
            conf,
        ),
        _ => ("day", Some(ymd(a + sign)), Resolution::Resolved, conf),
    }
}

/// Sort key of a resolved value: (year known, first day or month-day, granularity rank).
fn sort_key(v: &str) -> (bool, i64, u8) {
    if let Some(p) = v.strip_prefix("--") {
        let m: i64 = p.get(0..2).and_then(|x| x.parse().ok()).unwrap_or(0);
        let d: i64 = p.get(3..5).and_then(|x| x.parse().ok()).unwrap_or(0);
        return (false, m * 32 + d, if d == 0 { 1 } else { 3 });
    }
    let first = v.split('/').next().unwrap_or(v);
    let y: i64 = first.get(0..4).and_then(|x| x.parse().ok()).unwrap_or(0);
    if let Some(w) = first.get(5..).and_then(|x| x.strip_prefix('W')) {
        let w: i64 = w.parse().unwrap_or(1);
        return (
            true,
            days_from_civil(y, 1, 4) - weekday(days_from_civil(y, 1, 4)) + 7 * (w - 1),
            2,
        );
    }
    if first.ends_with('s') {
        return (true, days_from_civil(y, 1, 1), 0);
    }
    let m: u32 = first.get(5..7).and_then(|x| x.parse().ok()).unwrap_or(0);
    let d: u32 = first.get(8..10).and_then(|x| x.parse().ok()).unwrap_or(0);
    match (m, d) {
        (0, _) => (true, days_from_civil(y, 1, 1), 0),
        (m, 0) => (true, days_from_civil(y, m, 1), 1),
        (m, d) => (true, days_from_civil(y, m, d), 3),
    }
}

/// A human label for a resolved value.
pub fn label(v: &str) -> String {
    let month = |m: &str| {
        m.parse::<usize>()
            .ok()
            .and_then(|m| m.checked_sub(1))
            .and_then(|i| MONTH_NAMES.get(i))
    };
    if let Some(p) = v.strip_prefix("--") {
        let m = p.get(0..2).and_then(month).copied().unwrap_or("?");
        return match p.get(3..5) {
            Some(d) => format!("{} {} (year unknown)", &m[..3], d.trim_start_matches('0')),
            None => format!("{m} (year unknown)"),
        };
    }
    if v.contains('/') || v.contains('W') || v.ends_with('s') || v.len() == 4 {
        return v.to_string();
    }
    let m = v.get(5..7).and_then(month).copied();
    match (m, v.get(8..10)) {
        (Some(m), Some(d)) => format!("{} {} {}", d.trim_start_matches('0'), &m[..3], &v[..4]),
        (Some(m), None) => format!("{m} {}", &v[..4]),
        _ => v.to_string(),
    }
}

/// Dated events: sentences carrying a resolved (or partially resolved) calendar date, ordered
/// in time, merged across documents when they report the same thing on the same date.
pub(crate) fn events(ctx: &Context<'_>, exprs: &[TimeExpression]) -> Vec<TimelineEvent> {
    let mut events: Vec<TimelineEvent> = Vec::new();
    // Each event's word set, built the first time another sentence of its date is compared
    // with it (most dates have one event, and then no set is ever built).
    let mut sets: Vec<Option<Vec<u64>>> = Vec::new();
    // The events of each date, in creation order: the first that matches is the one a scan of
    // all events would find, without comparing every date with every other.
    let mut by_date: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    let mut scratch = WordScratch::default();
    for (i, e) in exprs.iter().enumerate() {
        let Some(date) = &e.resolved else { continue };
        if e.resolution == Resolution::Unresolved
            || matches!(e.granularity.as_str(), "period" | "time")
        {
            continue;
        }
        let Some(cd) = ctx.cleaned.get(e.mention.doc.index()) else {
            continue;
        };
        let Some(text) = e.sentence.slice(&cd.text.clean) else {
            continue;
        };
        let (doc, span) = (e.mention.doc, e.sentence);
        let Some(original) = ctx.locate(doc, span) else {
            continue;
        };
        let mut own: Option<Vec<u64>> = None;
        let same_date = by_date.entry(date.as_str()).or_default();
        let found = same_date.iter().copied().find(|&k| {
            let ev = &events[k];
            ev.mentions.iter().any(|m| m.doc == doc && m.span == span) || {
                let theirs = sets[k].get_or_insert_with(|| word_set(&ev.text, &mut scratch));
                let mine = own.get_or_insert_with(|| word_set(text, &mut scratch));
                set_jaccard(theirs, mine) >= 0.4
            }
        });
        if let Some(ev) = found.map(|k| &mut events[k]) {
            if !ev.mentions.iter().any(|m| m.doc == doc) {
                if let Some(sentence) = ctx.mention_at(doc, span, original) {
                    ev.mentions.push(sentence);
                }
            }
            ev.expressions.push(i);
            continue;
        }
        let Some(sentence) = ctx.mention_at(doc, span, original) else {
            continue;
        };
        sets.push(own);
        same_date.push(events.len());
        events.push(TimelineEvent {
            date: date.clone(),
            label: label(date),
            text: text.to_string(),
            mentions: vec![sentence],
            expressions: vec![i],
        });
    }
    // Known years in calendar order; then dates without a year, in circular month order cut
    // at the widest gap (a news story's dates without a year lie within one year).
    let mut known: Vec<TimelineEvent> = Vec::new();
    let mut partial: Vec<TimelineEvent> = Vec::new();
    for ev in events {
        if sort_key(&ev.date).0 {
            known.push(ev);
        } else {
            partial.push(ev);
        }
    }
    known.sort_by_key(|ev| {
        (
            sort_key(&ev.date),
            ev.mentions[0].doc,
            ev.mentions[0].span.start,
        )
    });
    partial.sort_by_key(|ev| {
        (
            sort_key(&ev.date),
            ev.mentions[0].doc,
            ev.mentions[0].span.start,
        )
    });
    if partial.len() > 1 {
        let keys: Vec<i64> = partial.iter().map(|e| sort_key(&e.date).1).collect();
        let mut cut = 0;
        let mut widest = -1;
        for i in 0..keys.len() {
            let next = keys[(i + 1) % keys.len()] + if i + 1 == keys.len() { 13 * 32 } else { 0 };
            let gap = next - keys[i];
            if gap > widest {
                widest = gap;
                cut = (i + 1) % keys.len();
            }
        }
        partial.rotate_left(cut);
    }
    known.extend(partial);
    known
}

/// The key under which figures speak of the same time: the period class for relative
/// expressions ("last week", "the past month" → `week`, `month`), else the resolved value.
pub(crate) fn scope_key(e: &TimeExpression) -> String {
    match (e.kind.as_str(), e.resolution) {
        ("relative", _) => {
            let t = fold(&e.mention.text);
            for u in ["hour", "day", "week", "month", "year", "decade"] {
                if t.contains(u) {
                    return if u == "hour" { "day".into() } else { u.into() };
                }
            }
            e.granularity.clone()
        }
        (_, Resolution::Unresolved) => fold(&e.mention.text),
        _ => e.resolved.clone().unwrap_or_else(|| fold(&e.mention.text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_pattern_has_a_gate() {
        assert_eq!(
            patterns().len(),
            10,
            "find's gates list one entry per pattern"
        );
    }

    /// A gate never closes on a sentence its pattern matches: every pattern is run ungated
    /// over sentences written to hit each of them (and their near misses).
    #[test]
    fn gates_never_hide_a_match() {
        let sentences = [
            "On Monday, March 5, 2020 the talks began at 6:00 p.m. in Moscow.",
            "Talks resumed on 5th of March 2020 and again in mid-January.",
            "It happened in September 2018, nine years ago, and again last week.",
            "Officials met earlier this month; in recent weeks the toll rose.",
            "The vote is tomorrow at noon, or at 6pm, or at midnight, or 7 AM.",
            "Since May the ceasefire held; by Dec. 1 it had collapsed.",
            "The 1990s saw 2,000 troops; the past 24 hours were calm.",
            "A decade ago, two years ago, over the coming weekend.",
            "midJanuary and Sept. 3 and the previous three decades",
            "Thursday's statement, Sunday evening and the next 10 days",
            "1999s 19999 A1999 x_earlier 5last Mondays",
        ];
        for text in sentences {
            let gates = gates(text);
            for (k, (kind, rx)) in patterns().iter().enumerate() {
                if rx.is_match(text) {
                    assert!(
                        gates[k],
                        "pattern {k} ({kind}) matches {text:?} behind a closed gate"
                    );
                }
            }
        }
        assert_eq!(gates("Nothing dated here at all."), [false; 10]);
    }

    #[test]
    fn finds_and_ranks_patterns() {
        let kinds = |t: &str| -> Vec<(String, &'static str)> {
            find(t)
                .iter()
                .map(|r| (t[r.start..r.end].to_string(), r.kind))
                .collect()
        };
        assert_eq!(
            kinds("Talks began on Dec. 1 and in September 2018 the deal held."),
            vec![
                ("Dec. 1".to_string(), "date"),
                ("September 2018".to_string(), "month")
            ]
        );
        assert_eq!(
            kinds("In October, they met."),
            vec![("October".to_string(), "month")]
        );
        assert_eq!(kinds("It may rain."), vec![]);
        assert_eq!(
            kinds("He hired 2000 workers in 1999."),
            vec![("1999".to_string(), "year")]
        );
        assert_eq!(
            kinds("The war began nine years ago, last week"),
            vec![
                ("nine years ago".to_string(), "relative"),
                ("last week".to_string(), "relative")
            ]
        );
    }

    #[test]
    fn groups_by_hand_equal_the_regex_groups() {
        for (k, (_, rx)) in patterns().iter().enumerate() {
            assert!(rx.capture_names().flatten().count() <= 5, "pattern {k}");
        }
        let text = "On Wednesday morning, at 6:00 p.m. in the 1990s and 2019, Sunday's talks.";
        let mut checked = 0;
        for (kind, rx) in patterns()
            .iter()
            .filter(|(k, _)| ["weekday", "time", "year"].contains(k))
        {
            for m in rx.find_iter(text) {
                let hand = Groups::by_hand(kind, text, m.start(), m.end()).expect("by hand");
                let caps = rx.captures_at(text, m.start()).expect("captures");
                let by_rx = Groups::from_captures(rx, text, &caps);
                assert_eq!(hand.spans, by_rx.spans, "{}", m.as_str());
                checked += 1;
            }
        }
        assert!(checked >= 5, "{checked}");
    }

    #[test]
    fn labels_read_well() {
        assert_eq!(label("--12-01"), "Dec 1 (year unknown)");
        assert_eq!(label("2018-09"), "September 2018");
        assert_eq!(label("2019-12-01"), "1 Dec 2019");
    }
}
