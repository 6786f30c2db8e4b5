//! Quotes: direct quotations (curly or straight marks, one or several sentences) with their
//! speakers: "X said", "said X", "according to X", "X said: “…”", a pronoun resolved to the
//! last person named before it, or the speaker of the quote just before (a continuation).

use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::entities::{Entity, EntityKind, SPEECH_VERBS};
use super::util::{re, words};
use super::{Context, Mention};
use crate::model::{DocId, Span};

/// One direct quotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words (inside the marks).
    pub text: String,
    /// Who said it: the entity's name when resolved, else the words naming the speaker.
    pub speaker: Option<String>,
    /// The speaker's entity (index into `Facts::entities`).
    pub entity: Option<usize>,
    /// The verb of saying ("said", "told", "according to").
    pub cue: Option<String>,
    /// `explicit`, `pronoun`, `continuation` or `none`.
    pub attribution: String,
    /// Where the quoted words are.
    pub mention: Mention,
    /// Where the speaker is named (for explicit attributions).
    pub speaker_mention: Option<Mention>,
}

const NAME: &str = r"(?:[A-ZÀ-ÖØ-ÞĀ-ſ][A-Za-zÀ-ÖØ-öø-ÿĀ-ſ’'.-]*(?:\s+(?:al-|bin\s+|de\s+|van\s+|von\s+)?[A-ZÀ-ÖØ-ÞĀ-ſ][A-Za-zÀ-ÖØ-öø-ÿĀ-ſ’'.-]*){0,4})";
const ROLE: &str = r"(?:(?:the|a|an|one|his|her|their|its)\s+(?:[A-Za-zÀ-ÖØ-öø-ÿ-]+\s+){0,4}?(?:spokes(?:man|woman|person)|minister|official|officials|president|leader|analyst|expert|envoy|director|diplomat|source|sources|statement|ministry|police|military|army|witness|resident|residents|commander|governor|mayor|lawyer|doctor|spokesperson|counterpart|organi[sz]ation|agency|group|government|office|chief|secretary))";

fn verbs() -> String {
    SPEECH_VERBS.join("|")
}

fn after_rx() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        let v = verbs();
        super::util::compile(&format!(
            r"^[\s,]*(?:(?P<verb1>{v})\s+(?P<spk1>{NAME}|{ROLE})|(?P<pro>he|she|they|He|She|They)\s+(?:also\s+|later\s+|then\s+)?(?P<verb2>{v})\b|(?P<spk2>(?:{NAME}\s+(?:[a-zß-öø-ÿ-]+\s+){{1,3}})?{NAME}|{ROLE})(?:,\s+who\s+[^,“”\x22]+,)?\s+(?:also\s+|later\s+|then\s+)?(?P<verb3>{v})\b|(?P<acc>according\s+to)\s+(?P<spk3>{NAME}|{ROLE}))"
        ))
    })
}

/// The attribution pattern before a quote: `{filler}` is the words allowed between the verb and
/// the quote (`{0,80}?`: at most 80 characters).
fn before_pattern(filler: &str) -> String {
    let v = verbs();
    format!(
        r"(?:(?P<spk>{NAME}|{ROLE}|\b[Hh]e|\b[Ss]he|\bThey|\bthey)\s+(?:also\s+|later\s+|then\s+|had\s+|has\s+)?(?P<verb>{v})(?:\s+(?P<filler>[^:“”\x22]{filler}))?|(?P<acc>[Aa]ccording\s+to)\s+(?P<spk2>{NAME}|{ROLE}))\s*[:,]?\s*(?:that\s+)?$"
    )
}

fn before_rx() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| super::util::compile(&before_pattern("{0,80}?")))
}

/// [`before_rx`] with the filler unbounded (`*?`). The bounded repetition makes the reverse
/// search build a new DFA state at almost every byte (most of the cost of quotes); this one
/// does not. When its match has a filler of at most 80 characters it is exactly the match of
/// [`before_rx`] (same leftmost start, same preferred parse: the bound only removes parses).
fn before_rx_unbounded() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| super::util::compile(&before_pattern("*?")))
}

/// The captures of [`before_rx`] on `text`, found with the cheaper unbounded pattern first.
fn before_captures(text: &str) -> Option<regex::Captures<'_>> {
    let c = before_rx_unbounded().captures(text)?;
    if c.name("filler")
        .is_none_or(|f| f.as_str().chars().count() <= 80)
    {
        return Some(c);
    }
    before_rx().captures(text)
}

/// A cheap ASCII test for a verb of saying nearby, run before the attribution patterns.
fn cue_rx() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(&format!(r"(?-u:\b)(?:{}|[Aa]ccording)(?-u:\b)", verbs())).expect("cue regex")
    })
}

struct Found {
    doc: DocId,
    open: usize,
    close: usize,
    content: Span,
}

/// Quote pairs of one paragraph run `[from, to)` of a document's cleaned text.
fn pairs(text: &str, from: usize, to: usize, doc: DocId, out: &mut Vec<Found>) {
    let run = &text[from..to];
    let mut open: Option<usize> = None;
    // Only '"' (0x22) and the curly marks (which start with 0xE2) can be quotation marks: jump
    // from one such byte to the next instead of decoding every character.
    let bytes = run.as_bytes();
    let candidates = bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'"' || b == 0xE2)
        .map(|(i, _)| i);
    for i in candidates {
        let Some(c) = run[i..].chars().next() else {
            continue;
        };
        let is_open = match c {
            '“' => true,
            '”' => false,
            '"' => {
                let prev = run[..i].chars().next_back();
                let next = run[i + 1..].chars().next();
                prev.is_none_or(|p| p.is_whitespace() || "([—–:".contains(p))
                    && next.is_some_and(|n| !n.is_whitespace())
            }
            _ => continue,
        };
        if is_open {
            open = Some(i);
        } else if let Some(o) = open.take() {
            let inner = &run[o + c_len(run, o)..i];
            let lead = inner.len() - inner.trim_start().len();
            let trimmed = inner.trim().trim_end_matches([',', ' ']);
            if trimmed.is_empty() {
                continue;
            }
            let s = from + o + c_len(run, o) + lead;
            out.push(Found {
                doc,
                open: from + o,
                close: from + i + c.len_utf8(),
                content: Span::new(s, s + trimmed.len()),
            });
        }
    }
}

fn c_len(s: &str, i: usize) -> usize {
    s[i..].chars().next().map_or(1, char::len_utf8)
}

/// A quotation found with its attribution words, before its speaker is matched to an entity.
pub(crate) struct Pending {
    doc: DocId,
    open: usize,
    close: usize,
    /// The words naming the speaker (a name, a role or a pronoun) and where they are.
    speaker: Option<(Span, String)>,
    pronoun: bool,
    quote: Quote,
}

/// Find the quotations and their attribution words. Needs no entities, so it runs beside
/// entity extraction.
pub(crate) fn find(ctx: &Context<'_>) -> Vec<Pending> {
    let mut found: Vec<Found> = Vec::new();
    // Paragraph runs: consecutive readable sentences of one block with no blank line between.
    let mut i = 0;
    while i < ctx.sentences.len() {
        let first = ctx.sentences[i];
        let Some(cd) = ctx.cleaned.get(first.doc.index()) else {
            i += 1;
            continue;
        };
        let text = &cd.text.clean;
        let mut j = i + 1;
        while j < ctx.sentences.len() {
            let (p, n) = (ctx.sentences[j - 1], ctx.sentences[j]);
            if n.doc != first.doc
                || n.span.start < p.span.end
                || text.as_bytes()[p.span.end..n.span.start]
                    .windows(2)
                    .any(|w| w == b"\n\n")
                || cd
                    .text
                    .to_original(Span::new(first.span.start, n.span.end))
                    .is_none()
            {
                break;
            }
            j += 1;
        }
        pairs(
            text,
            first.span.start,
            ctx.sentences[j - 1].span.end,
            first.doc,
            &mut found,
        );
        i = j;
    }
    let mut pending: Vec<Pending> = Vec::new();
    for (k, f) in found.into_iter().enumerate() {
        if ctx.cancelled_at(k) {
            return pending;
        }
        let Some(cd) = ctx.cleaned.get(f.doc.index()) else {
            continue;
        };
        let text = &cd.text.clean;
        let Some(content) = f.content.slice(text) else {
            continue;
        };
        let n_words = words(content).len();
        // The attribution context: the rest of the sentence after, the clause before.
        let mut after_end = text[f.close..]
            .find(['\n', '“', '"'])
            .map_or(text.len(), |k| f.close + k)
            .min(f.close + 160);
        while !text.is_char_boundary(after_end) {
            after_end -= 1;
        }
        let after = &text[f.close..after_end];
        let mut floor = f.open.saturating_sub(200);
        while !text.is_char_boundary(floor) {
            floor += 1;
        }
        let before_start = text[..f.open]
            .char_indices()
            .rev()
            .find(|(_, c)| matches!(c, '\n' | '.' | '”' | '"' | '“' | '?' | '!'))
            .map_or(0, |(k, c)| k + c.len_utf8())
            .max(floor);
        let before = text.get(before_start..f.open).unwrap_or("");
        let mut speaker: Option<(Span, String)> = None;
        let mut cue: Option<String> = None;
        let mut pronoun = false;
        let cue_near = |t: &str| cue_rx().is_match(t);
        if let Some(c) = cue_near(after)
            .then(|| after_rx().captures(after))
            .flatten()
        {
            if let Some(p) = c.name("pro") {
                pronoun = true;
                cue = c.name("verb2").map(|v| v.as_str().to_string());
                speaker = Some((
                    Span::new(f.close + p.start(), f.close + p.end()),
                    p.as_str().to_string(),
                ));
            } else {
                let spk = c
                    .name("spk1")
                    .or_else(|| c.name("spk2"))
                    .or_else(|| c.name("spk3"));
                cue = c
                    .name("verb1")
                    .or_else(|| c.name("verb3"))
                    .or_else(|| c.name("acc"))
                    .map(|v| v.as_str().to_string());
                if let Some(s) = spk {
                    speaker = Some((
                        Span::new(f.close + s.start(), f.close + s.end()),
                        s.as_str().to_string(),
                    ));
                }
            }
        }
        if speaker.is_none() {
            // Only the words just before the last verb of saying can name the speaker: run the
            // attribution pattern on that short tail (the full pattern is costly to run long).
            let tail_at = cue_rx().find_iter(before).last().map(|m| {
                let mut k = m.start().saturating_sub(100);
                while !before.is_char_boundary(k) {
                    k += 1;
                }
                k
            });
            let before_start = before_start + tail_at.unwrap_or(0);
            let before = &before[tail_at.unwrap_or(before.len())..];
            if let Some(c) = tail_at.and_then(|_| before_captures(before)) {
                let spk = c.name("spk").or_else(|| c.name("spk2"));
                cue = c
                    .name("verb")
                    .or_else(|| c.name("acc"))
                    .map(|v| v.as_str().to_string());
                if let Some(s) = spk {
                    let t = s.as_str();
                    pronoun = matches!(t, "he" | "He" | "she" | "She" | "they" | "They");
                    speaker = Some((
                        Span::new(before_start + s.start(), before_start + s.end()),
                        t.to_string(),
                    ));
                }
            }
        }
        // Scare quotes ("dear friend") are not quotations, nor are titles ("Fox News Sunday").
        if speaker.is_none() && n_words < 4 || looks_like_title(content) {
            continue;
        }
        if speaker.is_some() && n_words < 2 {
            continue;
        }
        let Some(mention) = ctx.mention(f.doc, f.content) else {
            continue;
        };
        pending.push(Pending {
            doc: f.doc,
            open: f.open,
            close: f.close,
            speaker,
            pronoun,
            quote: Quote {
                text: content.to_string(),
                speaker: None,
                entity: None,
                cue,
                attribution: "none".into(),
                mention,
                speaker_mention: None,
            },
        });
    }
    pending
}

/// Match each quotation's speaker to an entity (a pronoun to the last person who spoke, a
/// continuation to the previous quote's speaker).
pub(crate) fn resolve(ctx: &Context<'_>, pending: Vec<Pending>, entities: &[Entity]) -> Vec<Quote> {
    let mut quotes: Vec<Quote> = Vec::new();
    let mut last_close: Option<(DocId, usize, usize)> = None; // doc, close, quote index
    for p in pending {
        let Some(cd) = ctx.cleaned.get(p.doc.index()) else {
            continue;
        };
        let text = &cd.text.clean;
        let f = Found {
            doc: p.doc,
            open: p.open,
            close: p.close,
            content: p.quote.mention.span,
        };
        let (speaker, pronoun, mut quote) = (p.speaker, p.pronoun, p.quote);
        match speaker {
            Some((span, words_)) if pronoun => {
                quote.attribution = "pronoun".into();
                // The last person named before the pronoun in the same document.
                let _ = span;
                let best = last_person_before(entities, text, f.doc, f.open);
                match best {
                    Some(e) => {
                        quote.speaker = Some(entities[e].name.clone());
                        quote.entity = Some(e);
                    }
                    None => quote.speaker = Some(words_),
                }
            }
            Some((span, words_)) => {
                quote.attribution = "explicit".into();
                let span = trim_possessive(text, span);
                quote.speaker_mention = ctx.mention(f.doc, span);
                // The entity named last inside the speaker words ("Putin's spokesman Dmitry
                // Peskov" is Peskov), persons first.
                let mut best: Option<(bool, usize, usize)> = None;
                for (i, e) in entities.iter().enumerate() {
                    for m in &e.mentions {
                        if m.doc == f.doc && m.span.start < span.end && span.start < m.span.end {
                            let k = (e.kind == EntityKind::Person, m.span.start, usize::MAX - i);
                            if best.is_none_or(|b| k > b) {
                                best = Some(k);
                            }
                        }
                    }
                }
                let e = best.map(|(_, _, i)| usize::MAX - i);
                match e {
                    Some(e) => {
                        quote.speaker = Some(entities[e].name.clone());
                        quote.entity = Some(e);
                    }
                    None => quote.speaker = Some(words_),
                }
            }
            None => {
                if let Some((d, close, q)) = last_close {
                    if d == f.doc && f.open.saturating_sub(close) < 400 {
                        quote.attribution = "continuation".into();
                        quote.speaker = quotes[q].speaker.clone();
                        quote.entity = quotes[q].entity;
                    }
                }
            }
        }
        quotes.push(quote);
        last_close = Some((f.doc, f.close, quotes.len() - 1));
    }
    quotes
}

/// A short quoted span whose words are all capitalised (small words aside) and that does not
/// end a sentence: the title of a show, a book or a song, not a quotation.
fn looks_like_title(content: &str) -> bool {
    let ws: Vec<&str> = content.split_whitespace().collect();
    let small = |w: &str| {
        matches!(
            w,
            "of" | "the" | "and" | "a" | "an" | "in" | "on" | "for" | "to"
        )
    };
    !ws.is_empty()
        && ws.len() <= 6
        && ws[0].starts_with(char::is_uppercase)
        && ws
            .iter()
            .all(|w| w.starts_with(char::is_uppercase) || small(w))
        && !content.ends_with(['.', '!', '?', ','])
}

fn trim_possessive(text: &str, span: Span) -> Span {
    let s = &text[span.start..span.end];
    let t = s.trim_end_matches(['.', ',', ' ']);
    Span::new(span.start, span.start + t.len())
}

/// The person a pronoun before or after a quote most likely stands for: the last person named
/// before the quote who speaks (a verb of saying or an appositive follows the name in its
/// sentence), else the last person named.
fn last_person_before(entities: &[Entity], text: &str, doc: DocId, at: usize) -> Option<usize> {
    static SPEAKS: OnceLock<Regex> = OnceLock::new();
    let speaks = re(
        &SPEAKS,
        &format!(r"^[^.“”\x22]{{0,60}}\b(?:{})\b|^,\s+\p{{Ll}}", verbs()),
    );
    // The last three person mentions before the quote, latest first.
    let mut recent: Vec<(usize, usize)> = Vec::new();
    for (i, e) in entities.iter().enumerate() {
        if e.kind != EntityKind::Person {
            continue;
        }
        for m in &e.mentions {
            if m.doc == doc && m.span.end <= at && at - m.span.end <= 1500 {
                recent.push((m.span.end, i));
            }
        }
    }
    recent.sort_by(|a, b| b.cmp(a));
    recent.truncate(3);
    let speaking = recent.iter().find(|(end, _)| {
        let tail = text.get(*end..(*end + 90).min(at)).unwrap_or("");
        speaks.is_match(tail)
    });
    speaking.or(recent.first()).map(|&(_, i)| i)
}

/// Does a text look like it carries a quotation mark at all (cheap pre-check for callers)?
pub fn has_quote_marks(s: &str) -> bool {
    static Q: OnceLock<Regex> = OnceLock::new();
    re(&Q, "[\"“”]").is_match(s)
}

#[cfg(test)]
mod tests {
    use crate::{ingest, summarize, Config};

    #[test]
    fn cheap_attribution_pattern_finds_what_the_bounded_one_finds() {
        let long = "while standing beside the flooded road near the old mill on the edge of the town late in the evening";
        let texts = [
            "Mayor Ana Lima said ".to_string(),
            "He told reporters on Monday that ".to_string(),
            "according to the regional water authority, ".to_string(),
            format!("The engineer Tomas Reyes said {long}, "),
            format!("Tomas Reyes said it. Ana Lima said {long}. Later she said "),
            "Nothing here names anyone ".to_string(),
        ];
        let spans = |c: Option<regex::Captures<'_>>| {
            c.map(|c| c.iter().map(|m| m.map(|m| m.range())).collect::<Vec<_>>())
        };
        let mut fallbacks = 0;
        for t in &texts {
            let bounded = spans(super::before_rx().captures(t));
            assert_eq!(spans(super::before_captures(t)), bounded, "{t}");
            let unbounded = spans(super::before_rx_unbounded().captures(t));
            fallbacks += usize::from(unbounded != bounded);
        }
        // The long filler exercises the fall-back to the bounded pattern.
        assert!(fallbacks >= 1);
    }

    #[test]
    fn multibyte_text_around_quotes_never_panics() {
        let long = "’".repeat(70);
        let text = format!(
            "Officials met on Monday.\n\n{long} “We will rebuild,” she said. ’Then’ “more words here for the test” {long}”.\n\x0cAnother “quote that is long enough here”, said Ana Lima. “é”"
        );
        let c = ingest::read_stream("-", text.as_bytes(), None).unwrap();
        let b = summarize(&c, &Config::default()).unwrap();
        for q in &b.facts.quotes {
            let d = &b.documents[q.mention.doc.index()];
            assert_eq!(q.mention.span.slice(&d.clean_text), Some(q.text.as_str()));
        }
    }
}
