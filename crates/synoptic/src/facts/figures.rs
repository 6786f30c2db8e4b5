//! Figures: every quantity in the cluster parsed to a value with its qualifier, unit, the
//! thing counted (the noun phrase after it) and the predicate that says what happened to it.
//!
//! Numbers that are part of a date or time expression are not figures. Ordinals, model names
//! ("F-16"), and "one" on its own ("one of the", "no one") are left out.

use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::gazetteer::WordSet;
use super::number_groups::{self, NumberGroups, CUR, NUM, QUAL, SCALE, UNIT, VAGUE, WORD};
use super::timeline::{scope_key, TimeExpression};
use super::util::{fold, parse_number, re, words, NUMBER_WORDS};
use super::{Context, FactSentence, Mention};
use crate::model::DocId;
use rustc_hash::FxHashMap;

/// How a figure is hedged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// As stated.
    Exact,
    /// "at least", "a minimum of"; also "dozens", "hundreds", "thousands".
    AtLeast,
    /// "more than", "over", "upwards of".
    MoreThan,
    /// "nearly", "almost", "close to", "just under".
    Nearly,
    /// "about", "around", "some", "roughly", "an estimated".
    About,
    /// "up to", "as many as", "at most".
    AtMost,
    /// "fewer than", "less than", "under".
    LessThan,
}

impl Qualifier {
    /// The words for people ("at least").
    pub fn words(self) -> &'static str {
        match self {
            Qualifier::Exact => "",
            Qualifier::AtLeast => "at least",
            Qualifier::MoreThan => "more than",
            Qualifier::Nearly => "nearly",
            Qualifier::About => "about",
            Qualifier::AtMost => "up to",
            Qualifier::LessThan => "fewer than",
        }
    }

    /// The interval of true values a statement of `v` allows.
    pub fn interval(self, v: f64) -> (f64, f64) {
        let step = if v.fract() == 0.0 && v.abs() < 1e4 {
            1.0
        } else {
            v.abs() * 1e-3
        };
        match self {
            Qualifier::Exact => (v, v),
            Qualifier::AtLeast => (v, f64::INFINITY),
            Qualifier::MoreThan => (v + step, f64::INFINITY),
            Qualifier::Nearly => (v * 0.9, v),
            Qualifier::About => (v * 0.95, v * 1.05),
            Qualifier::AtMost => (0.0, v),
            Qualifier::LessThan => (0.0, v - step),
        }
    }
}

/// One quantity as stated in one place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The value (scale applied: "3.6 million" → 3600000).
    pub value: f64,
    /// Hedge.
    pub qualifier: Qualifier,
    /// `percent`, `USD`, `EUR`, `GBP`, `km`, `hour`, …; `None` for plain counts.
    pub unit: Option<String>,
    /// The thing counted ("Syrian refugees", "Turkish soldiers"); inherited from an earlier
    /// figure of the sentence when elided ("58 troops …, including 33 in one strike").
    pub thing: Option<String>,
    /// What happened to it, normalized ("killed", "hosts", "fled").
    pub predicate: Option<String>,
    /// The time the figure speaks of (a period class such as `week`, or a date), from a time
    /// expression in the same clause or at the head of the sentence.
    pub scope: Option<String>,
    /// The quantity as written ("at least 33", "3.6 million", "$2 billion").
    pub mention: Mention,
    /// Span of the sentence in the cleaned text.
    pub sentence: crate::model::Span,
}

/// Whether a sentence has a digit or a number word: every match of [`number_rx`] needs one,
/// and this literal test is much cheaper than the full pattern on the many sentences without.
fn may_hold_a_number(text: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    text.bytes().any(|b| b.is_ascii_digit())
        || R.get_or_init(|| {
            let number_words = NUMBER_WORDS.join("|");
            super::util::compile(&format!(
                r"(?i)\b(?:{number_words}|dozens?|half|hundreds?|thousands?|millions?|billions?)"
            ))
        })
        .is_match(text)
}

/// Quantities: the pattern of [`number_groups::pattern`].
pub(crate) fn number_rx() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| super::util::compile(&number_groups::pattern()))
}

fn unit_name(raw: &str, currency: Option<&str>) -> Option<String> {
    if let Some(c) = currency {
        return Some(
            match c {
                "€" => "EUR",
                "£" => "GBP",
                _ => "USD",
            }
            .into(),
        );
    }
    let u = raw.trim().trim_start_matches('-').to_ascii_lowercase();
    let u = u.trim_end_matches("-long");
    if u.is_empty() {
        return None;
    }
    let name = match u {
        "%" => "percent",
        _ if u.starts_with("per") => "percent",
        _ if u.starts_with("percentage") => "percentage point",
        _ if u.starts_with("dollar") => "USD",
        _ if u.starts_with("euro") => "EUR",
        _ if u.starts_with("pound") => "GBP",
        _ if u.starts_with("lira") => "TRY",
        _ if u.starts_with("r") && u.contains("ble") => "RUB",
        "km" | "kilometer" | "kilometre" | "kilometers" | "kilometres" => "km",
        "kg" | "kilogram" | "kilograms" => "kg",
        _ => u.trim_end_matches('s'),
    };
    Some(name.into())
}

static THING_STOP_SET: WordSet = WordSet::new(THING_STOP);
static ADVERBS_SET: WordSet = WordSet::new(ADVERBS);
static KNOWN_VERBS_SET: WordSet = WordSet::new(KNOWN_VERBS);

const THING_STOP: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "with",
    "by",
    "of",
    "since",
    "after",
    "before",
    "were",
    "was",
    "is",
    "are",
    "have",
    "has",
    "had",
    "been",
    "be",
    "will",
    "would",
    "could",
    "can",
    "may",
    "might",
    "should",
    "who",
    "which",
    "that",
    "than",
    "as",
    "including",
    "into",
    "during",
    "per",
    "over",
    "under",
    "while",
    "when",
    "where",
    "this",
    "these",
    "those",
    "their",
    "its",
    "his",
    "her",
    "our",
    "they",
    "he",
    "she",
    "it",
    "we",
    "i",
    "said",
    "says",
    "across",
    "about",
    "against",
    "between",
    "through",
    "last",
    "ago",
    "each",
    "later",
    "earlier",
    "less",
    "out",
    "up",
    "down",
    "so",
    "if",
    "also",
    "not",
    "only",
    "then",
    "there",
    "now",
    "already",
    "still",
    "just",
    "all",
    "both",
    "some",
    "any",
    "other",
    "such",
    "what",
    "how",
    "according",
    "did",
    "do",
    "does",
    "being",
    "toward",
    "towards",
    "near",
    "within",
    "without",
];

const ADVERBS: &[&str] = &[
    "already",
    "now",
    "still",
    "reportedly",
    "currently",
    "also",
    "some",
    "about",
    "around",
    "nearly",
    "almost",
    "roughly",
    "approximately",
    "an",
    "estimated",
    "a",
    "total",
    "of",
    "the",
    "just",
    "only",
    "least",
    "at",
    "more",
    "than",
    "over",
    "up",
    "to",
    "as",
    "many",
];

/// Normalize a predicate word.
pub(crate) fn predicate(w: &str) -> String {
    let w = fold(w);
    let p = match w.as_str() {
        "killed" | "kill" | "kills" | "killing" | "died" | "die" | "dead" | "death" | "deaths"
        | "lost" | "slain" => "killed",
        "host" | "hosts" | "hosted" | "hosting" | "houses" | "shelters" | "sheltering" => "hosts",
        "fled" | "flee" | "flees" | "fleeing" | "displaced" | "forced" | "escaped" => "fled",
        "injured" | "wounded" | "hurt" | "injuring" | "wounding" => "injured",
        "arrested" | "detained" | "arrest" | "arrests" | "detaining" => "arrested",
        "evacuated" | "evacuate" | "evacuating" => "evacuated",
        "trapped" | "stranded" => "trapped",
        "missing" => "missing",
        "cut" | "cuts" | "cutting" | "shed" | "sheds" | "shedding" | "axe" | "axed" | "slash"
        | "slashed" | "eliminate" | "eliminated" => "cut",
        "fell" | "fall" | "falls" | "dropped" | "drop" | "declined" | "slid" | "sank"
        | "tumbled" | "plunged" => "fell",
        "rose" | "rise" | "rises" | "climbed" | "gained" | "jumped" | "soared" => "rose",
        "export" | "exports" | "exported" | "sold" | "shipped" => "exported",
        _ => {
            let w = w.trim_end_matches("'s");
            return w
                .strip_suffix("ing")
                .or_else(|| w.strip_suffix("ed"))
                .or_else(|| w.strip_suffix('s'))
                .filter(|s| s.len() >= 3)
                .unwrap_or(w)
                .to_string();
        }
    };
    p.into()
}

/// Irregular or short verbs that carry a figure ("cut 1,200 jobs", "shares fell 9.5%").
const KNOWN_VERBS: &[&str] = &[
    "cut", "shed", "fell", "rose", "sold", "met", "drove", "won", "lost", "paid", "cost", "hit",
    "put", "set", "sank", "slid", "grew", "spent", "raised", "bought", "took", "gave", "saw",
];

fn is_plural_head(l: &str) -> bool {
    matches!(
        l,
        "people" | "children" | "men" | "women" | "police" | "personnel"
    ) || (l.len() > 3 && l.ends_with('s') && !l.ends_with("ss") && !l.ends_with("us"))
}

fn is_verbish(w: &str) -> bool {
    let l = w.to_ascii_lowercase();
    l.ends_with("ed")
        || l.ends_with("ing")
        || matches!(
            l.as_str(),
            "fled"
                | "died"
                | "dead"
                | "lost"
                | "hosts"
                | "host"
                | "missing"
                | "slain"
                | "hurt"
                | "left"
                | "made"
                | "held"
                | "sent"
                | "seen"
                | "taken"
                | "won"
                | "paid"
                | "cost"
                | "kept"
        )
}

/// Extract figures; `times` masks numbers that belong to date and time expressions and gives
/// each figure its scope.
pub(crate) fn extract(ctx: &Context<'_>, times: &[TimeExpression]) -> Vec<Figure> {
    let mut out = Vec::new();
    // Time expressions by sentence (in their order), instead of a scan of all per sentence.
    let mut by_sentence: FxHashMap<(DocId, usize, usize), Vec<&TimeExpression>> =
        FxHashMap::default();
    for t in times {
        by_sentence
            .entry((t.mention.doc, t.sentence.start, t.sentence.end))
            .or_default()
            .push(t);
    }
    let none: Vec<&TimeExpression> = Vec::new();
    for (k, s) in ctx.sentences.iter().enumerate() {
        if ctx.cancelled_at(k) {
            return out;
        }
        let masks: &[&TimeExpression] = by_sentence
            .get(&(s.doc, s.span.start, s.span.end))
            .unwrap_or(&none);
        if !may_hold_a_number(s.text) {
            continue;
        }
        let first_in_sentence = out.len();
        // The DFA finds the matches; their groups are read by hand ([`number_groups`]), or by
        // the regex when the hand reading does not apply.
        for m in number_rx().find_iter(s.text) {
            let Some(caps) = number_groups::groups(s.text, m.start(), m.end()).or_else(|| {
                number_rx()
                    .captures_at(s.text, m.start())
                    .and_then(|c| NumberGroups::from_captures(s.text, &c))
            }) else {
                continue;
            };
            let abs = (s.span.start + m.start(), s.span.start + m.end());
            if masks
                .iter()
                .any(|t| t.mention.span.start < abs.1 && abs.0 < t.mention.span.end)
            {
                continue;
            }
            if let Some(f) = figure(ctx, s, &caps, masks) {
                out.push(f);
            }
        }
        // Elided things: "58 troops killed …, including 33 in one airstrike".
        for i in first_in_sentence + 1..out.len() {
            if out[i].thing.is_none() && out[i].unit.is_none() {
                let prev = out[i - 1].clone();
                out[i].thing = prev.thing;
                if out[i].predicate.is_none() {
                    out[i].predicate = prev.predicate;
                }
            }
        }
    }
    out
}

/// Part of a clock time: "6:00", also tokenised "6 : 00" (either number).
fn clock_part(text: &str, start: usize, end: usize) -> bool {
    let digit_after_colon = |t: &str| {
        t.trim_start()
            .strip_prefix(':')
            .is_some_and(|r| r.trim_start().starts_with(|c: char| c.is_ascii_digit()))
    };
    let digit_before_colon = |t: &str| {
        t.trim_end()
            .strip_suffix(':')
            .is_some_and(|r| r.trim_end().ends_with(|c: char| c.is_ascii_digit()))
    };
    let (before, after) = (&text[..start], &text[end..]);
    // Only a space or none between the number and the colon.
    let tight = |t: &str| t.len() - t.trim_start().len() <= 1;
    tight(after) && digit_after_colon(after)
        || before.len() - before.trim_end().len() <= 1 && digit_before_colon(before)
}

/// A photo-gallery counter: "31 of 132 Photos".
fn gallery_counter(text: &str, start: usize, end: usize) -> bool {
    const ITEMS: [&str; 5] = ["photos", "images", "pictures", "slides", "videos"];
    let items_follow = |t: &str| {
        let t = t.trim_start();
        ITEMS.iter().any(|w| {
            t.get(..w.len()).is_some_and(|p| p.eq_ignore_ascii_case(w))
                && !t[w.len()..].starts_with(|c: char| c.is_alphanumeric())
        })
    };
    let after = &text[end..];
    // The first number: "N of M Photos".
    if let Some(rest) = after.trim_start().strip_prefix("of ") {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && items_follow(&rest[digits..]) {
            return true;
        }
    }
    // The second: "of M Photos" after a number.
    let before = text[..start].trim_end();
    before
        .strip_suffix("of")
        .is_some_and(|b| b.trim_end().ends_with(|c: char| c.is_ascii_digit()))
        && items_follow(after)
}

/// A number set off by commas right after a name ("Mrs. Wobig, 55, said"): an age.
fn appositive_age(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end();
    let Some(name) = before.strip_suffix(',') else {
        return false;
    };
    let last = name.trim_end().rsplit(' ').next().unwrap_or("");
    let after = text[end..].trim_start();
    last.starts_with(|c: char| c.is_uppercase())
        && (after.starts_with([',', ';', ')']) || after.is_empty() || after.starts_with(". "))
}

fn figure(
    ctx: &Context<'_>,
    s: &FactSentence<'_>,
    caps: &NumberGroups<'_>,
    masks: &[&TimeExpression],
) -> Option<Figure> {
    let text = s.text;
    let m = caps.whole();
    let before = text[..m.start()].chars().next_back();
    let after = text[m.end()..].chars().next();
    // Glued to letters or part of a code, a range, an ordinal, a score, a clock time.
    if before.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '/' || c == '.')
        || after.is_some_and(|c| {
            c.is_alphanumeric() || c == '/' || (c == '-' && caps.get(UNIT).is_none())
        })
        || clock_part(text, m.start(), m.end())
        || gallery_counter(text, m.start(), m.end())
    {
        return None;
    }
    let (mut value, mut qualifier) = if let Some(n) = caps.get(NUM) {
        (parse_number(n.as_str())?, Qualifier::Exact)
    } else if let Some(w) = caps.get(WORD) {
        let lw = w.as_str().to_ascii_lowercase();
        let has_scale = caps.get(SCALE).is_some();
        let preceding = last_word(&text[..caps.get(QUAL).map_or(w.start(), |q| q.start())]);
        if (lw == "a" || lw == "an" || lw == "one") && !has_scale && !lw.contains("dozen") {
            return None;
        }
        if !has_scale
            && matches!(
                preceding.as_deref(),
                Some(
                    "the"
                        | "these"
                        | "those"
                        | "both"
                        | "its"
                        | "their"
                        | "his"
                        | "her"
                        | "our"
                        | "all"
                        | "every"
                        | "each"
                )
            )
        {
            return None;
        }
        if text[w.end()..]
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("of ")
            && !has_scale
        {
            return None;
        }
        (parse_number(&lw)?, Qualifier::Exact)
    } else {
        let v = caps.get(VAGUE)?.as_str().to_ascii_lowercase();
        let base = if v.starts_with("dozens") {
            24.0
        } else if v.starts_with("hundreds") {
            200.0
        } else if v.starts_with("thousands") {
            2000.0
        } else {
            2e6
        };
        let scale = if v.contains(" of ") && v.ends_with("thousands") {
            1000.0
        } else if v.ends_with("millions") && v.contains(" of ") {
            1e6
        } else {
            1.0
        };
        (base * scale, Qualifier::AtLeast)
    };
    if let Some(sc) = caps.get(SCALE) {
        let sc = sc.as_str().trim().to_ascii_lowercase();
        let currency = caps.get(CUR).is_some();
        value *= match sc.as_str() {
            "thousand" => 1e3,
            "million" => 1e6,
            "m" if currency => 1e6,
            "billion" | "bn" => 1e9,
            "trillion" => 1e12,
            _ => return None,
        };
    }
    if let Some(q) = caps.get(QUAL) {
        let q = q.as_str().trim().to_ascii_lowercase();
        let q: String = q.split_whitespace().collect::<Vec<_>>().join(" ");
        qualifier = match q.as_str() {
            "at least" | "a minimum of" => Qualifier::AtLeast,
            "more than" | "over" | "upwards of" => Qualifier::MoreThan,
            "nearly" | "almost" | "close to" | "just under" => Qualifier::Nearly,
            "up to" | "as many as" | "at most" => Qualifier::AtMost,
            "fewer than" | "less than" | "under" => Qualifier::LessThan,
            _ => Qualifier::About,
        };
    }
    let unit = unit_name(
        caps.get(UNIT).map_or("", |u| u.as_str()),
        caps.get(CUR).map(|c| c.as_str()),
    );
    // A bare four-digit number between 1900 and 2099 is a year (the timeline has it) unless
    // it counts something.
    let end = m.end();
    let (mut thing, pred_after, thing_end) = thing_after(text, end);
    if thing.is_none() && caps.get(UNIT).is_some() {
        thing = unit_thing(text, m.start(), end);
    }
    if thing.is_none() && caps.get(NUM).is_some() && appositive_age(text, m.start(), end) {
        // "Mrs. Wobig, 55, said": her age, not more of the thing counted before.
        thing = Some("age".to_string());
    }
    let predicate = pred_after.or_else(|| predicate_before(text, m.start()));
    let start = m.start();
    // Trim the span: no trailing spaces, no "of" of "thousands of".
    let span_text = text[start..end].trim_end();
    let span_text = span_text
        .strip_suffix(" of")
        .unwrap_or(span_text)
        .trim_end();
    let trimmed_end = start + span_text.len();
    let mention = ctx.mention_in(s, start, trimmed_end)?;
    let scope = scope_of(s, start, thing_end.max(end), masks);
    Some(Figure {
        value,
        qualifier,
        unit,
        thing,
        predicate,
        scope,
        mention,
        sentence: s.span,
    })
}

/// The thing a measured figure is about: "tonnes of wheat" → wheat, "a tariff of 8%" →
/// tariff, "Shares fell 9.5%" → Shares.
fn unit_thing(text: &str, start: usize, end: usize) -> Option<String> {
    let rest = &text[end..];
    let ws = words(rest);
    if let (Some(&(a, b)), Some(&(c, d))) = (ws.first(), ws.get(1)) {
        if rest[..a].trim().is_empty()
            && &rest[a..b] == "of"
            && !THING_STOP_SET.contains(&rest[c..d])
        {
            return Some(rest[c..d].to_string());
        }
    }
    let head = &text[..start];
    let hw = words(head);
    let n = hw.len();
    let word = |i: usize| &head[hw[i].0..hw[i].1];
    if n >= 2 && word(n - 1) == "of" && head[hw[n - 1].1..].trim().is_empty() {
        let w = word(n - 2);
        if !THING_STOP_SET.contains(w.to_ascii_lowercase().as_str()) {
            return Some(w.to_string());
        }
    }
    if n >= 2 && head[hw[n - 1].1..].trim().is_empty() {
        let verb = word(n - 1).to_ascii_lowercase();
        let subj = word(n - 2);
        let ok = KNOWN_VERBS_SET.contains(verb.as_str()) || verb.ends_with("ed");
        if ok
            && head[hw[n - 2].1..hw[n - 1].0].trim().is_empty()
            && !THING_STOP_SET.contains(subj.to_ascii_lowercase().as_str())
        {
            return Some(subj.to_string());
        }
    }
    None
}

fn last_word(s: &str) -> Option<String> {
    let w = words(s);
    w.last().map(|&(a, b)| s[a..b].to_ascii_lowercase())
}

/// The noun phrase after a number, the predicate after it ("were killed", "killed"), and where
/// the phrase ends.
fn thing_after(text: &str, end: usize) -> (Option<String>, Option<String>, usize) {
    static PUNCT: OnceLock<Regex> = OnceLock::new();
    let punct = re(&PUNCT, r"[,;:.!?()\[\]“”\u{22}—–]");
    let rest = &text[end..];
    let stop_at = punct.find(rest).map_or(rest.len(), |p| p.start());
    let clause = &rest[..stop_at];
    let ws = words(clause);
    let mut thing: Vec<&str> = Vec::new();
    let mut thing_end = end;
    let mut i = 0;
    while i < ws.len() && thing.len() < 4 {
        let w = &clause[ws[i].0..ws[i].1];
        let l = w.to_ascii_lowercase();
        if THING_STOP_SET.contains(l.as_str()) || l.chars().all(|c| c.is_ascii_digit()) {
            break;
        }
        if is_verbish(w) && !thing.is_empty() {
            // "displaced people" keeps the participle; "troops killed in" does not.
            let next_is_noun = ws.get(i + 1).is_some_and(|&(a, b)| {
                let n = clause[a..b].to_ascii_lowercase();
                !THING_STOP_SET.contains(n.as_str()) && !is_verbish(&n)
            });
            if !next_is_noun {
                break;
            }
        }
        if is_verbish(w) && thing.is_empty() && !w.chars().next().is_some_and(char::is_uppercase) {
            let next_is_noun = ws.get(i + 1).is_some_and(|&(a, b)| {
                let n = clause[a..b].to_ascii_lowercase();
                !THING_STOP_SET.contains(n.as_str()) && !is_verbish(&n)
            });
            if !next_is_noun {
                break;
            }
        }
        thing.push(w);
        thing_end = end + ws[i].1;
        i += 1;
        // A plural head ends the phrase: "farmers protested", "countries met".
        if is_plural_head(&l) {
            break;
        }
    }
    // Predicate: an auxiliary then a participle, or a participle straight away.
    let mut pred = None;
    let mut j = i;
    while j < ws.len() && j < i + 4 {
        let l = clause[ws[j].0..ws[j].1].to_ascii_lowercase();
        if matches!(
            l.as_str(),
            "were"
                | "was"
                | "have"
                | "has"
                | "had"
                | "been"
                | "are"
                | "is"
                | "being"
                | "reportedly"
                | "also"
                | "already"
                | "now"
                | "still"
        ) {
            j += 1;
            continue;
        }
        if is_verbish(&l)
            || KNOWN_VERBS_SET.contains(l.as_str())
            || matches!(l.as_str(), "die" | "flee" | "remain" | "remained")
        {
            pred = Some(predicate(&l));
        }
        break;
    }
    let thing = (!thing.is_empty()).then(|| thing.join(" "));
    (thing, pred, thing_end)
}

/// A verb just before the figure ("hosts some 3.6 million", "killed 16", "the killing of").
fn predicate_before(text: &str, start: usize) -> Option<String> {
    let head = &text[..start];
    let ws = words(head);
    let mut k = ws.len();
    let mut skipped = 0;
    while k > 0 && skipped < 4 {
        let l = head[ws[k - 1].0..ws[k - 1].1].to_ascii_lowercase();
        if l == "of" && k >= 2 {
            let n = head[ws[k - 2].0..ws[k - 2].1].to_ascii_lowercase();
            return matches!(
                n.as_str(),
                "killing" | "deaths" | "death" | "evacuation" | "arrest" | "displacement"
            )
            .then(|| predicate(&n));
        }
        if ADVERBS_SET.contains(l.as_str()) {
            k -= 1;
            skipped += 1;
            continue;
        }
        let w = &head[ws[k - 1].0..ws[k - 1].1];
        if w.chars().next().is_some_and(char::is_uppercase) || THING_STOP_SET.contains(l.as_str()) {
            return None;
        }
        // Only a gap of spaces (no punctuation) between the verb and the figure.
        let gap = &head[ws[k - 1].1..];
        if gap
            .chars()
            .any(|c| !c.is_alphanumeric() && !c.is_whitespace())
        {
            return None;
        }
        return (is_verbish(&l) || l.ends_with('s') || KNOWN_VERBS_SET.contains(l.as_str()))
            .then(|| predicate(&l));
    }
    None
}

/// The time a figure speaks of: the nearest time expression of its clause (no comma or
/// semicolon in between), else one at the very head of the sentence ("Last week, …").
fn scope_of(
    s: &FactSentence<'_>,
    start: usize,
    end: usize,
    masks: &[&TimeExpression],
) -> Option<String> {
    let mut best: Option<(usize, &TimeExpression)> = None;
    for t in masks {
        let (ts, te) = (
            t.mention.span.start - s.span.start,
            t.mention.span.end - s.span.start,
        );
        if t.kind == "time" {
            continue;
        }
        let between = if te <= start {
            &s.text[te..start]
        } else if ts >= end {
            &s.text[end..ts]
        } else {
            ""
        };
        let dist = between.len();
        let head = ts <= 4;
        // A time before the figure is usually when it was reported ("said Saturday it
        // would cut"), unless it opens the sentence ("Last week, …").
        if te <= start && !head {
            continue;
        }
        if between.contains([',', ';', '(', ')', '—']) && !head {
            continue;
        }
        let dist = if head && between.contains(',') {
            dist + 1000
        } else {
            dist
        };
        if best.is_none_or(|(d, _)| dist < d) {
            best = Some((dist, t));
        }
    }
    best.map(|(_, t)| scope_key(t))
}

/// The normalized key of a counted thing: lowercase, folded, plural → singular, synonyms
/// merged ("Turkish troops" → "turkish soldier").
pub(crate) fn thing_key(thing: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for (a, b) in words(thing) {
        let w = fold(&thing[a..b]);
        let w = w.trim_end_matches("'s").to_string();
        let w = match w.as_str() {
            "troops" | "troop" | "soldiers" | "servicemen" | "serviceman" | "personnel" => {
                "soldier".to_string()
            }
            "people" | "persons" | "individuals" => "person".to_string(),
            "children" => "child".to_string(),
            "men" => "man".to_string(),
            "women" => "woman".to_string(),
            _ if w.ends_with("ies") && w.len() > 4 => format!("{}y", &w[..w.len() - 3]),
            _ if w.ends_with('s') && !w.ends_with("ss") && w.len() > 3 => {
                w[..w.len() - 1].to_string()
            }
            _ => w,
        };
        if matches!(
            w.as_str(),
            "more" | "new" | "additional" | "other" | "further" | "another"
        ) {
            continue;
        }
        out.push(w);
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thing_and_predicate() {
        let t = "58 Turkish troops killed in the past month";
        let (thing, pred, _) = thing_after(t, 2);
        assert_eq!(thing.as_deref(), Some("Turkish troops"));
        assert_eq!(pred.as_deref(), Some("killed"));
        let t = "at least 33 soldiers were killed";
        let (thing, pred, _) = thing_after(t, 11);
        assert_eq!(thing.as_deref(), Some("soldiers"));
        assert_eq!(pred.as_deref(), Some("killed"));
        assert_eq!(
            predicate_before("Turkey already hosts ", 21).as_deref(),
            Some("hosts")
        );
        assert_eq!(
            predicate_before("the killing of ", 15).as_deref(),
            Some("killed")
        );
        assert_eq!(thing_key("Turkish troops"), "turkish soldier");
    }
}
