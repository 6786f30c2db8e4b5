//! Clean: drop web debris from each document, keeping a record of every removal.
//!
//! Input: a [`Cluster`]. Output: one [`CleanDocument`] per document (an [`AlignedText`] whose
//! blocks are the kept original ranges) plus the [`Removal`] log.
//! Invariant: cleaning only drops text. Every kept byte is an original byte, so spans map back
//! exactly (see [`crate::text`]).
//!
//! The rules look at the *shape* of a line (length, terminal punctuation, share of boilerplate
//! vocabulary, a trailing credit) and at *repetition* (inside a document, across documents),
//! never at strings seen in one example.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

use regex::Regex;

use crate::model::{Cluster, DocId, Document, InputFormat, Removal, RemovalKind, Span};
use crate::text::AlignedText;

/// A document after cleaning.
#[derive(Debug, Clone)]
pub struct CleanDocument {
    /// The document.
    pub doc: DocId,
    /// Kept text and its alignment.
    pub text: AlignedText,
    /// A headline found in the text (first line) when the metadata had none.
    pub title: Option<String>,
}

/// One line of a document with its spans.
#[derive(Debug, Clone)]
struct Line {
    /// Trimmed content span in the original text.
    span: Span,
    /// Paragraph number (blank lines separate paragraphs).
    paragraph: usize,
    /// Hash of the line lower-cased with whitespace collapsed, for repetition checks.
    key: u64,
    words: usize,
}

/// Clean every document of the cluster.
pub fn clean(cluster: &Cluster) -> (Vec<CleanDocument>, Vec<Removal>) {
    let lines: Vec<Vec<Line>> = cluster
        .documents
        .iter()
        .map(|d| split_lines(&d.text))
        .collect();
    // A short line found in several documents is template text of a site or of the scrape.
    let mut docs_with_line: HashMap<u64, u32> = HashMap::default();
    for doc_lines in &lines {
        let mut seen: Vec<u64> = doc_lines
            .iter()
            .filter(|l| l.words > 0 && l.words <= CROSS_DOC_MAX_WORDS)
            .map(|l| l.key)
            .collect();
        seen.sort_unstable();
        seen.dedup();
        for k in seen {
            *docs_with_line.entry(k).or_insert(0) += 1;
        }
    }
    let mut removals = Vec::new();
    let cleaned = cluster
        .documents
        .iter()
        .zip(&lines)
        .map(|(doc, doc_lines)| clean_document(doc, doc_lines, &docs_with_line, &mut removals))
        .collect();
    (cleaned, removals)
}

/// Lines longer than this are never treated as cross-document boilerplate: syndicated prose is
/// support for a fact, not debris.
const CROSS_DOC_MAX_WORDS: usize = 15;

fn split_lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut paragraph = 0;
    let mut blank_run = false;
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let end = start + piece.len();
        let body = piece.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start().len();
        let trimmed = body.trim();
        if trimmed.is_empty() {
            if !blank_run && !out.is_empty() {
                paragraph += 1;
            }
            blank_run = true;
        } else {
            blank_run = false;
            let s = start + lead;
            let words = crate::text::count_words(trimmed);
            out.push(Line {
                span: Span::new(s, s + trimmed.len()),
                paragraph,
                words,
                // Long paragraphs only ever repeat verbatim; hashing their bytes is enough.
                key: if words > 40 {
                    raw_key(trimmed)
                } else {
                    normalize_key(trimmed)
                },
            });
        }
        start = end;
    }
    out
}

/// A 64-bit hash of the line's bytes.
fn raw_key(line: &str) -> u64 {
    line.bytes().fold(0x9e37_79b9_7f4a_7c15, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A 64-bit hash of the line lower-cased with whitespace collapsed: equal lines get equal keys
/// without allocating a normalized copy of every line.
/// FNV-1a over each word's lower-cased chars, a space after each word; ASCII is read byte by
/// byte (every line of every document is keyed).
fn normalize_key(line: &str) -> u64 {
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let bytes = line.as_bytes();
    let (mut i, mut in_word) = (0, false);
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            if matches!(b, 9..=13 | b' ') {
                if in_word {
                    h = (h ^ 0x20).wrapping_mul(PRIME);
                    in_word = false;
                }
            } else {
                in_word = true;
                h = (h ^ b.to_ascii_lowercase() as u64).wrapping_mul(PRIME);
            }
            continue;
        }
        let c = line[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
        if c.is_whitespace() {
            if in_word {
                h = (h ^ 0x20).wrapping_mul(PRIME);
                in_word = false;
            }
        } else {
            in_word = true;
            for l in c.to_lowercase() {
                h = (h ^ l as u64).wrapping_mul(PRIME);
            }
        }
    }
    if in_word {
        h = (h ^ 0x20).wrapping_mul(PRIME);
    }
    h
}

fn clean_document(
    doc: &Document,
    lines: &[Line],
    docs_with_line: &HashMap<u64, u32>,
    removals: &mut Vec<Removal>,
) -> CleanDocument {
    let text = doc.text.as_str();
    let mut counts: HashMap<u64, u32> = HashMap::default();
    for l in lines {
        *counts.entry(l.key).or_insert(0) += 1;
    }
    let mut title = None;
    let title_key = doc.title.as_deref().map(normalize_key);
    let mut verdicts: Vec<Option<(RemovalKind, &'static str)>> = Vec::with_capacity(lines.len());
    let mut seen_repeat: HashSet<u64> = HashSet::default();
    // Without a headline in the metadata, the first headline-shaped line near the top is it;
    // site names, stray tokens (three words or fewer) and a video's caption, which ends on a
    // credit rather than a full stop, may come before it.
    let title_line = if doc.title.is_none() {
        lines
            .iter()
            .take(12)
            .take_while(|l| {
                let s = &text[l.span.start..l.span.end];
                l.words <= 3 || looks_like_headline(s, l.words) || is_video_caption(s)
            })
            .position(|l| {
                let s = &text[l.span.start..l.span.end];
                l.words >= 4 && !is_byline(s, l.words) && !is_video_caption(s)
            })
    } else {
        None
    };
    for (i, l) in lines.iter().enumerate() {
        let s = &text[l.span.start..l.span.end];
        let mut v = classify_line(doc.format, s, l.words);
        let is_title_match = title_key == Some(l.key);
        if is_title_match {
            v = Some((RemovalKind::Title, "the headline, kept as metadata"));
        } else if title_line == Some(i) {
            title = Some(strip_markup(doc.format, s).to_string());
            v = Some((RemovalKind::Title, "the headline, kept as metadata"));
        }
        if v.is_none() && counts[&l.key] > 1 {
            // Short repeated lines are captions or echoed headlines: drop every copy. A long
            // repeated paragraph is a scraping echo: keep the first copy only.
            if l.words <= 40 || seen_repeat.contains(&l.key) {
                v = Some((
                    RemovalKind::RepeatedLine,
                    "line repeated within the document",
                ));
            }
            seen_repeat.insert(l.key);
        }
        // A short sentence shared by two documents is as likely a syndicated copy as a template;
        // prose needs three documents before it counts as boilerplate.
        let needed = if l.words >= 6 && ends_like_prose(s) {
            3
        } else {
            2
        };
        if v.is_none() && docs_with_line.get(&l.key).copied().unwrap_or(0) >= needed {
            v = Some((
                RemovalKind::CrossDocBoilerplate,
                "short line found in several documents",
            ));
        }
        verdicts.push(v);
    }

    // Kept lines become blocks. In text with hard-wrapped paragraphs a paragraph is one block;
    // where each line is its own paragraph (most scrapes) a line is one block, so a headline
    // without a full stop never fuses with the sentence below it.
    let wrapped = is_hard_wrapped(text, lines);
    let mut ranges: Vec<Span> = Vec::new();
    let mut open: Option<(Span, usize)> = None;
    for (l, v) in lines.iter().zip(&verdicts) {
        if let Some((kind, reason)) = v {
            if let Some((r, _)) = open.take() {
                ranges.push(r);
            }
            removals.push(Removal {
                doc: doc.id,
                span: l.span,
                kind: *kind,
                reason: (*reason).to_string(),
            });
            continue;
        }
        let start = strip_prefixes(doc, l.span, removals);
        let span = Span::new(start, l.span.end);
        if span.is_empty() {
            continue;
        }
        match open.as_mut() {
            Some((r, p)) if wrapped && *p == l.paragraph => r.end = span.end,
            _ => {
                if let Some((r, _)) = open.take() {
                    ranges.push(r);
                }
                open = Some((span, l.paragraph));
            }
        }
    }
    if let Some((r, _)) = open {
        ranges.push(r);
    }
    CleanDocument {
        doc: doc.id,
        text: AlignedText::from_ranges(text, &ranges),
        title,
    }
}

/// True when paragraphs are wrapped over several lines, i.e. many lines end mid-sentence and
/// the next line of the same paragraph continues in lower case.
fn is_hard_wrapped(text: &str, lines: &[Line]) -> bool {
    let mut pairs = 0usize;
    let mut continued = 0usize;
    for w in lines.windows(2) {
        if w[0].paragraph != w[1].paragraph {
            continue;
        }
        pairs += 1;
        let a = &text[w[0].span.start..w[0].span.end];
        let b = &text[w[1].span.start..w[1].span.end];
        let ends_open = !a.ends_with(['.', '!', '?', '"', '\u{201d}', ':']);
        let b_lower = b.chars().next().is_some_and(|c| c.is_lowercase());
        if ends_open && b_lower {
            continued += 1;
        }
    }
    pairs >= 3 && continued * 4 >= pairs
}

/// Drop a dateline ("PARIS (AP) —", "ANKARA:") or Markdown marker from the start of a kept line;
/// return the new start.
fn strip_prefixes(doc: &Document, line: Span, removals: &mut Vec<Removal>) -> usize {
    let s = &doc.text[line.start..line.end];
    let mut start = line.start;
    if doc.format == InputFormat::Markdown {
        let rest = strip_markup(doc.format, s);
        let cut = s.len() - rest.len();
        if cut > 0 {
            removals.push(Removal {
                doc: doc.id,
                span: Span::new(start, start + cut),
                kind: RemovalKind::Markup,
                reason: "Markdown block marker".into(),
            });
            start += cut;
        }
    }
    let rest = &doc.text[start..line.end];
    if let Some(end) = dateline_end(rest) {
        // Keep the dateline only if nothing would remain after it.
        if end < rest.len() {
            removals.push(Removal {
                doc: doc.id,
                span: Span::new(start, start + end),
                kind: RemovalKind::Dateline,
                reason: "dateline, kept out of the sentence".into(),
            });
            start += end;
        }
    }
    start
}

fn strip_markup(format: InputFormat, s: &str) -> &str {
    if format != InputFormat::Markdown {
        return s;
    }
    let t = s.trim_start_matches(['#', '>']).trim_start();
    if t.len() != s.len() {
        return t;
    }
    if let Some(r) = s
        .strip_prefix("- ")
        .or_else(|| s.strip_prefix("* "))
        .or_else(|| s.strip_prefix("+ "))
    {
        return r.trim_start();
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < 4 {
        if let Some(r) = s[digits..].strip_prefix(". ") {
            return r.trim_start();
        }
    }
    s
}

/// Where a dateline at the start of `rest` ends: an upper-case place name, optionally a date and
/// an agency, then a colon or dash ("WASHINGTON (AP) -- "). The place is a capital and 1 to 40
/// more characters of capitals, marks, spaces, dots, apostrophes and hyphens. As one regex, that
/// bounded repeat of two Unicode classes took 30 ms to compile, most of a one-shot brief; so the
/// place's run is found first and the rest of the pattern tried after 40, 39, … of its
/// characters, the order in which the greedy repeat would try them: the same match.
fn dateline_end(rest: &str) -> Option<usize> {
    static PLACE: OnceLock<Regex> = OnceLock::new();
    static AFTER_PLACE: OnceLock<Regex> = OnceLock::new();
    let place = PLACE.get_or_init(|| {
        Regex::new(r"^\p{Lu}[\p{Lu}\p{M} .'\-]*").expect("valid dateline place regex")
    });
    let run = place.find(rest)?.as_str();
    let after = AFTER_PLACE.get_or_init(|| {
        Regex::new(concat!(
            r"^(?:, \p{Lu}[\p{L}\p{M}.]*(?: \p{Lu}[\p{L}\p{M}.]*){0,2}(?:, \d{1,2})?)?", // , Region / , Mon. 14
            r"(?: \d{1,2}(?:, \d{4})?)?", // day (after a month)
            r"(?: \([^()]{1,30}\))?",     // (Agency)
            r"\s*(?::|\u{2014}|\u{2013}|--| -)\s+",
        ))
        .expect("valid dateline regex")
    });
    let mut ends = [0usize; DATELINE_PLACE_CHARS];
    let mut n = 0;
    for (i, c) in run.char_indices().skip(1).take(DATELINE_PLACE_CHARS) {
        ends[n] = i + c.len_utf8();
        n += 1;
    }
    ends[..n]
        .iter()
        .rev()
        .find_map(|&end| after.find(&rest[end..]).map(|m| end + m.end()))
}

/// Labels that may open a bracketed credit ("(Photo: … / AFP)"), in `is_caption`'s pattern
/// and in its plain test [`paren_credit`].
const BRACKET_CREDIT_LABELS: [&str; 6] =
    ["photo", "image", "picture", "credit", "file", "courtesy"];

/// Labels of a credit after a colon at a line's end ("Photo: Jane Roe"), in `is_caption`'s
/// pattern and in the test that asks it only after such a label.
const COLON_CREDIT_LABELS: [&str; 5] = ["photo", "photograph", "image", "picture", "credit"];

/// The verdict of `is_caption`'s first line-end pattern on ASCII text `s` (from the line's
/// last '('), without the regex: its "up to 40 of any char but a bracket" between a label and
/// a closing word made the automaton build states on nearly every line it read, some 50,000
/// instructions a line. `None` for non-ASCII text, which the pattern decides.
///
/// The pattern is '(', white space, an optional label, up to 40 chars other than brackets,
/// a closing word, white space, ')', white space. On ASCII text, case-insensitive, its closing
/// words are any 2 to 6 letters (`[A-Z]{2,6}` holds "images", "agency" and the rest) or
/// "reuters"; so a match is a bracket holding no other bracket, ending in such a word, whose
/// label and word can be chosen to leave at most 40 chars between them.
fn paren_credit(s: &str) -> Option<bool> {
    if !s.is_ascii() {
        return None;
    }
    let Some(inner) = s
        .strip_prefix('(')
        .and_then(|rest| rest.trim_end().strip_suffix(')'))
    else {
        return Some(false);
    };
    if inner.contains(')') {
        return Some(false);
    }
    // White space before the label and after the word is the pattern's `\s*`.
    let core = inner.trim();
    let letters = core
        .bytes()
        .rev()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let reuters = letters >= 7 && core[core.len() - 7..].eq_ignore_ascii_case("reuters");
    let mut words = (2..=letters.min(6)).chain(reuters.then_some(7));
    let label = BRACKET_CREDIT_LABELS
        .iter()
        .find(|l| {
            core.get(..l.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(l))
        })
        .map_or(0, |l| l.len());
    Some(words.any(|word| {
        [label, 0].iter().any(|&label| {
            core.len()
                .checked_sub(label + word)
                .is_some_and(|between| between <= 40)
        })
    }))
}

/// Whether `line` can open with a caption label (what `is_caption`'s `START` pattern looks
/// for): every label is a word of at least four letters from these heads, so four ASCII bytes
/// that lower-case to none of them settle it without a regex call on nearly every line. A
/// non-ASCII byte among them leaves it to the pattern: case-insensitive matching also takes
/// 'ſ' for 's' and 'K' (Kelvin) for 'k'.
fn may_open_caption(line: &str) -> bool {
    const HEADS: [&[u8; 4]; 8] = [
        b"capt", b"cred", b"file", b"hide", b"imag", b"phot", b"pict", b"show",
    ];
    match line.as_bytes().get(..4) {
        Some(head) if head.is_ascii() => {
            let lower = head.to_ascii_lowercase();
            HEADS.iter().any(|h| h[..] == lower[..])
        }
        Some(_) => true,
        None => false,
    }
}

/// Most characters a dateline's place name has after its first.
const DATELINE_PLACE_CHARS: usize = 40;

/// A photo caption or image credit: a label opening the line, or one of four credits closing
/// it (together the same matches as `caption_by_one_pattern`, their alternation, in the tests).
/// Each is searched from where its match must begin instead of across the whole line.
fn is_caption(line: &str) -> bool {
    static START: OnceLock<Regex> = OnceLock::new();
    static END: OnceLock<[Regex; 4]> = OnceLock::new();
    let start = START.get_or_init(|| {
        Regex::new(
            r"(?ix)
            ^(?:photo|image|picture|caption|credit|file\ photo)\s*[:|]
            |^(?:(?:image|photo|picture)\ (?:caption|copyright|credit)|(?:hide|show)\ caption)(?-u:\b)",
        )
        .expect("valid caption regex")
    });
    if may_open_caption(line) && start.is_match(line) {
        return true;
    }
    // Every credit pattern needs the last char to be ')', a letter, whitespace or (before `$`
    // with no `\s*`) anything but '.' or ':': a line ending in '.' (most prose) skips them.
    if line.ends_with('.') {
        return false;
    }
    // The line-end credits, as the alternation `caption_by_one_pattern` (in the tests) has
    // them, one pattern each and each anchored where its match must begin. Searched as one
    // pattern backwards from the line's end, their bounded repeats of "any char but ..." kept
    // the automaton building new states on nearly every line (some 75,000 instructions a
    // line); anchored, each is a short forward run over states built once.
    let end = END.get_or_init(|| {
        [
            // After its '(' the credit holds no '(': it starts at the line's last one.
            format!(
                r"(?ix)^\(\s*(?:{})?[^()]{{0,40}}?(?:photo|images?|agency|afp|ap|reuters|epa|getty|[A-Z]{{2,6}})\s*\)\s*$",
                BRACKET_CREDIT_LABELS.join("|")
            ),
            // After its ':' it holds no ':': its label ends (but for spaces) before the last
            // one, and starts a run of word chars (the `\b` the search cannot see).
            format!(
                r"(?ix)^(?:{})\s*:\s*[^.:]{{2,40}}$",
                COLON_CREDIT_LABELS.join("|")
            ),
            // After its '|' it holds no '|': it starts one char before the last one.
            r"(?ix)^\s\|\s*[^|]{2,40}?(?:/\s*[A-Za-z]{2,12}|photo|images?)\s*$".to_string(),
            r"(?ix)(?:getty\ images|shutterstock|/\s*afp|/\s*reuters|via\ getty)\s*\)?\s*$"
                .to_string(),
        ]
        .map(|p| Regex::new(&p).expect("valid caption regex"))
    });
    // Each pattern is asked only where a plain test allows a match: their bounded repeats of
    // "any char but ..." still built automaton states on most lines they read (the bracket
    // credit alone took 18 M of the 39 M instructions this function took on Multi-News; it
    // is now decided without the regex on ASCII text, `paren_credit`).
    // The first ends with ')' (but for white space) and starts at the last '('.
    if let Some(open) = line.rfind('(') {
        let credit = line.trim_end().ends_with(')')
            && paren_credit(&line[open..]).unwrap_or_else(|| end[0].is_match(&line[open..]));
        if credit {
            return true;
        }
    }
    if let Some(colon) = line.rfind(':') {
        // The label is the run of ASCII word chars ([0-9A-Za-z_]) ending (but for spaces) at
        // the last ':': the `\b` before it holds exactly when the run starts with the label.
        let label = line[..colon].trim_end();
        let at = label
            .bytes()
            .rposition(|b| !(b.is_ascii_alphanumeric() || b == b'_'))
            .map_or(0, |p| p + 1);
        // The run must be a label word itself: ASCII, and no label has an 's' or 'k' that
        // case-insensitive matching could take in another form.
        let run = &line[at..label.len()];
        let is_label = COLON_CREDIT_LABELS
            .iter()
            .any(|l| run.eq_ignore_ascii_case(l));
        if is_label && end[1].is_match(&line[at..]) {
            return true;
        }
    }
    if let Some(bar) = line.rfind('|') {
        if let Some((before, _)) = line[..bar].char_indices().next_back() {
            if end[2].is_match(&line[before..]) {
                return true;
            }
        }
    }
    end[3].is_match(line)
}

/// Vocabulary of page furniture: share and comment widgets, newsletters, navigation, legal and
/// cookie notices. A line made mostly of these words is not reporting.
const WIDGET_WORDS: &[&str] = &[
    "accept",
    "advertisement",
    "app",
    "articles",
    "back",
    "browser",
    "button",
    "click",
    "comment",
    "comments",
    "continue",
    "cookie",
    "cookies",
    "copy",
    "copyright",
    "download",
    "e-mail",
    "email",
    "facebook",
    "fields",
    "follow",
    "home",
    "inbox",
    "javascript",
    "link",
    "linkedin",
    "loading",
    "log",
    "login",
    "marked",
    "menu",
    "more",
    "navigation",
    "newsletter",
    "newsletters",
    "notifications",
    "pinterest",
    "policy",
    "popular",
    "print",
    "privacy",
    "published",
    "read",
    "recommended",
    "reddit",
    "register",
    "related",
    "reply",
    "required",
    "reserved",
    "rights",
    "save",
    "share",
    "shares",
    "sign",
    "skip",
    "sponsored",
    "stories",
    "subscribe",
    "subscription",
    "tags",
    "telegram",
    "terms",
    "top",
    "trending",
    "tweet",
    "twitter",
    "updated",
    "website",
    "whatsapp",
];

/// [`WIDGET_WORDS`] as integers, in the same order: each word's bytes, zero-padded to 16 and
/// read big-endian, so that the integers sort as the words do (no word holds a zero byte).
const WIDGET_KEYS: [u128; WIDGET_WORDS.len()] = {
    let mut keys = [0u128; WIDGET_WORDS.len()];
    let mut i = 0;
    while i < keys.len() {
        let word = WIDGET_WORDS[i].as_bytes();
        assert!(word.len() <= 16, "a widget word longer than its key");
        let mut j = 0;
        while j < 16 {
            keys[i] = (keys[i] << 8) | if j < word.len() { word[j] as u128 } else { 0 };
            j += 1;
        }
        i += 1;
    }
    keys
};

/// Whether `word` is one of [`WIDGET_WORDS`]: one binary search over integers instead of one
/// over strings, which compared bytes through a call per probe.
fn is_widget_word(word: &[u8]) -> bool {
    if word.is_empty() || word.len() > 16 {
        return false;
    }
    let mut padded = [0u8; 16];
    padded[..word.len()].copy_from_slice(word);
    WIDGET_KEYS
        .binary_search(&u128::from_be_bytes(padded))
        .is_ok()
}

/// How many words of a lower-cased line are [`WIDGET_WORDS`], a word being a run of
/// alphanumeric chars and hyphens. An ASCII line (nearly all) is split byte by byte.
fn count_widget_words(lower: &str) -> usize {
    if lower.is_ascii() {
        lower
            .as_bytes()
            .split(|&b| !(b.is_ascii_alphanumeric() || b == b'-'))
            .filter(|w| is_widget_word(w))
            .count()
    } else {
        lower
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| is_widget_word(w.as_bytes()))
            .count()
    }
}

/// Judge one line; `None` means keep.
fn classify_line(
    format: InputFormat,
    line: &str,
    words: usize,
) -> Option<(RemovalKind, &'static str)> {
    let line = strip_markup(format, line);
    if words == 0 || !line.chars().any(char::is_alphanumeric) {
        return Some((RemovalKind::Fragment, "no words"));
    }
    if words > 60 && player_label_runs(line) >= 2 {
        return Some((
            RemovalKind::Widget,
            "video gallery (captions between a player's skip, embed and share controls)",
        ));
    }
    if words > MAX_NOTICE_WORDS {
        // A paragraph this long is prose; every debris shape below is shorter.
        return None;
    }
    let lower = crate::text::to_lowercase(line);
    if is_platform_notice(&lower) {
        return Some((
            RemovalKind::Widget,
            "platform notice (web-archive crawl, embedded-post or script prompt)",
        ));
    }
    if words > 60 {
        // Only platform notices run this long; the shapes below are shorter.
        return None;
    }
    if lower.contains("pic.twitter.com")
        || lower.starts_with("follow us")
        || lower.starts_with("http://")
        || lower.starts_with("https://")
        || (words <= 3 && line.starts_with('@'))
    {
        return Some((RemovalKind::Widget, "social embed or bare link"));
    }
    if is_legal_or_tags(&lower, words) {
        return Some((RemovalKind::Widget, "legal, cookie or tag-list notice"));
    }
    if words <= 25 && PROMPTS.found_in(&lower) {
        return Some((
            RemovalKind::Widget,
            "newsletter, subscription, comment or social prompt",
        ));
    }
    if words <= 15 && line.contains('@') && handle_re().is_match(line) {
        return Some((RemovalKind::Widget, "social handle prompt"));
    }
    if words <= 20 && teaser_re().is_match(line) {
        return Some((
            RemovalKind::Widget,
            "link teaser (\"Related: …\", \"Watch: …\")",
        ));
    }
    if words <= 12 && timestamp_re().is_match(line) {
        return Some((RemovalKind::Fragment, "publication timestamp"));
    }
    if words <= 14
        && (lower.ends_with("contributed to this report.")
            || lower.ends_with("contributed reporting.")
            || lower.ends_with("contributed to this story."))
    {
        return Some((
            RemovalKind::Byline,
            "contributor line, kept out of the prose",
        ));
    }
    if is_caption(line) {
        return Some((RemovalKind::Caption, "photo caption or image credit"));
    }
    if is_video_caption(line) {
        return Some((
            RemovalKind::Caption,
            "video caption (after a player's close, skip, embed or share controls)",
        ));
    }
    if is_byline(line, words) {
        return Some((RemovalKind::Byline, "byline, kept out of the prose"));
    }
    let widget_hits = if words <= 20 {
        count_widget_words(&lower)
    } else {
        0
    };
    if words <= 20 && (widget_hits * 10 >= words * 4 || (widget_hits >= 3 && words <= 14)) {
        return Some((RemovalKind::Widget, "share, comment or navigation widget"));
    }
    if !ends_like_prose(line) {
        // Headings, labels, stray tokens: no sentence ends here. Long unpunctuated lines are
        // kept: they are more often prose with a lost full stop than debris.
        if words < 12 {
            return Some((RemovalKind::Fragment, "short line that is not a sentence"));
        }
        if capitalized_share(line) > 0.6 {
            return Some((RemovalKind::Fragment, "headline-style line"));
        }
    }
    if words <= 2 {
        return Some((RemovalKind::Fragment, "stray token"));
    }
    None
}

/// The labels of a video player's buttons (close, skip the advert, embed, share, replay, …),
/// lower-cased, sorted. Scraped with the player they sit in front of each clip's caption, in
/// title case or capitals ("Skip in Skip x Embed x Share", "Full Screen Autoplay Close Skip
/// Ad", "JUST WATCHED … Replay More Videos … MUST WATCH").
const PLAYER_LABELS: &[&str] = &[
    "autoplay",
    "close",
    "embed",
    "fullscreen",
    "mute",
    "pause",
    "playback",
    "replay",
    "share",
    "skip",
    "unmute",
    "videos",
    "watch",
    "watched",
];

/// How many separate runs of a video player's button labels `line` holds: three different
/// labels, each a bare capitalised word, within seven words and no word closing a clause
/// between them. Prose capitalises "Share" or "Watch" where a sentence starts, never three of
/// them together without a comma. A run needs one label that prose never capitalises mid-line,
/// so one pattern search, built once, rules out nearly every line.
fn player_label_runs(line: &str) -> usize {
    static MARKS: AnyOf = AnyOf::new(&[
        "Autoplay",
        "AUTOPLAY",
        "Embed",
        "EMBED",
        "Fullscreen",
        "Mute",
        "Replay",
        "REPLAY",
        "Skip",
        "SKIP",
        "Unmute",
        "WATCHED",
    ]);
    if !MARKS.found_in(line) {
        return 0;
    }
    // Which label a bare capitalised word is, as its place in the list (no lower-cased copy).
    let label = |w: &str| -> Option<usize> {
        if !w.starts_with(|c: char| c.is_ascii_uppercase()) {
            return None;
        }
        PLAYER_LABELS.iter().position(|l| l.eq_ignore_ascii_case(w))
    };
    // A word, not bare punctuation ("...", "×"), ending in a stop, comma or colon.
    let closes_clause = |w: &str| {
        let mut rev = w.chars().rev();
        rev.next().is_some_and(|c| ",;:.!?".contains(c))
            && rev.next().is_some_and(char::is_alphanumeric)
    };
    let words: Vec<&str> = line.split_whitespace().collect();
    let (mut runs, mut i) = (0, 0);
    while i < words.len() {
        if label(words[i]).is_some() {
            let mut seen: Vec<usize> = Vec::with_capacity(7);
            for &w in &words[i..words.len().min(i + 7)] {
                if let Some(l) = label(w) {
                    if !seen.contains(&l) {
                        seen.push(l);
                    }
                }
                if closes_clause(w) {
                    break;
                }
            }
            if seen.len() >= 3 {
                runs += 1;
                i += 7;
                continue;
            }
        }
        i += 1;
    }
    runs
}

/// The caption of an embedded video, scraped with the player's buttons in front of it: a line
/// that opens with the close button, in capitals and followed by a capital, or holds a run of
/// the player's labels ([`player_label_runs`]; the line rules ask it of lines of at most 60
/// words, as they do every caption rule). In running prose "CLOSE" is never a capitalised word
/// of its own.
fn is_video_caption(line: &str) -> bool {
    let after_close = line
        .strip_prefix("CLOSE ")
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_uppercase()));
    after_close || player_label_runs(line) > 0
}

/// Whether a sentence cut from a longer line is page furniture glued into the prose, which the
/// line rules could not see as a whole line: what [`classify_line`] would drop for its words
/// (a notice, prompt, teaser, caption or credit, widget run), a link anywhere in it, or
/// furniture that ran into it ([`has_furniture`]). Its
/// verdicts on shape (a fragment, a byline-shaped line) do not count: a sentence may end its
/// line without a stop and still be prose.
pub(crate) fn is_debris_sentence(sentence: &str, words: usize) -> bool {
    match classify_line(InputFormat::Text, sentence, words) {
        Some((RemovalKind::Widget | RemovalKind::Caption, _)) => true,
        _ => (words <= 60 && sentence.contains("://")) || has_furniture(sentence),
    }
}

/// Whether page furniture runs into the prose inside a sentence, which the line rules see only
/// where it ends or opens a line: a photo credit after its caption ("... | Jane Roe/Riverton
/// Gazette Senate passes the bill ...": a pipe then a name, a slash and an outlet; a slash or a
/// pipe then a wire or picture agency; "AP Photo"; an agency's credit role; a picture widget's
/// labels), a related-story teaser ("... Read more The vote ..."), a video player's labels (a
/// run of its buttons, [`player_label_runs`], or its notice that playback is unsupported on the
/// reader's device or browser), an embed widget's prompt to copy its code to one's website or
/// blog, a share widget's or timestamp's label
/// opening the sentence ("Email This", "Updated |"), or the signature of an embedded social
/// post ("— Jane Roe (@janeroe) March 3, 2020", "A post shared by Jane Roe (@janeroe) on"),
/// which makes the post's words look like the outlet's own. In every evaluation set it matches
/// only such furniture, never reporting: the wire services are named there without a slash,
/// "read more" is lower case, prose has no pipes, and a handle in prose is not followed by a
/// date.
///
/// Four patterns, so that each stays cheap: credits need a slash or a pipe and signatures an
/// `@`, which one vectorised byte search rules out in nearly every sentence; the labels are
/// literals, which the regex's prefilter skips to; the openers are tried at the start only.
fn has_furniture(sentence: &str) -> bool {
    static CREDIT: OnceLock<Regex> = OnceLock::new();
    static LABEL: OnceLock<Regex> = OnceLock::new();
    static OPENER: OnceLock<Regex> = OnceLock::new();
    static SIGNATURE: OnceLock<Regex> = OnceLock::new();
    let credit = || {
        CREDIT.get_or_init(|| {
            Regex::new(
                r"(?x-u)
                /(?:Getty|AFP|AP|Reuters|EPA|Bloomberg)\b
                |\|\ (?:(?:Getty|AP|AFP|Reuters)\b|(?:[A-Z][A-Za-z.'-]*\ ){0,3}[A-Z][A-Za-z.'-]*\ ?/\ ?[A-Z])",
            )
            .expect("valid credit regex")
        })
    };
    let label = LABEL.get_or_init(|| {
        Regex::new(
            r"(?x-u)
            \b(?:AP\ Photo|via\ Getty\ Images|Buy\ Photo|Enlarge\ (?:Image|this\ image)
               |(?:Getty\ Images|Getty|AFP|AP|Reuters)\ -\ (?:Contributor|Staff)
               |(?:Media|Video|Audio)\ playback\ is\ (?:unsupported|not\ supported|not\ available)
                  \ (?:on|in)\ your\ (?:device|browser)
               |(?:Copy|Paste)\ (?:this|the)\ (?:embed\ )?code\ (?:to|into|on)\ your
                  \ (?:website|site|blog|page))\b
            |\bRead\ more(?:\ [A-Z]|\s*$)",
        )
        .expect("valid furniture label regex")
    });
    let opener = OPENER.get_or_init(|| {
        Regex::new(r"^(?:(?:Email|Share|Print|Tweet) This|(?:Updated|Published|Posted) \|)")
            .expect("valid furniture opener regex")
    });
    let signature = || {
        SIGNATURE.get_or_init(|| {
            Regex::new(
                r"(?x-u)
                \(@[A-Za-z0-9_]{1,30}\)\ (?:on\ )?
                (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\ [0-9]{1,2},\ [0-9]{4}",
            )
            .expect("valid signature regex")
        })
    };
    // "A post shared by Name (@handle)": the handle's bracket within a name's length.
    let shared_post = || {
        sentence
            .match_indices("A post shared by ")
            .any(|(at, lead)| {
                let rest = &sentence.as_bytes()[at + lead.len()..];
                memchr::memmem::find(&rest[..rest.len().min(64)], b"(@").is_some()
            })
    };
    let bytes = sentence.as_bytes();
    (memchr::memchr2(b'/', b'|', bytes).is_some() && credit().is_match(sentence))
        || (memchr::memchr(b'@', bytes).is_some()
            && (signature().is_match(sentence) || shared_post()))
        || label.is_match(sentence)
        || opener.is_match(sentence)
        || player_label_runs(sentence) > 0
}

/// Notices that platforms put around scraped or embedded content, at any length: a web
/// archive's note on how its crawls are kept, a social network telling the reader what they can
/// do with their posts, script and robot checks. Each needs a platform word *and* the shape of a
/// notice (crawl and archive vocabulary together, or the reader addressed as "you" outside any
/// quotation), so that an article *about* the platform survives.
fn is_platform_notice(lower: &str) -> bool {
    // Every notice holds one of these words; one vectorised pass over the line rules out
    // nearly all lines, where four substring searches ran before.
    static PLATFORM_WORDS: AnyOf = AnyOf::new(&["crawl", "robot", "tweet", "javascript"]);
    if !PLATFORM_WORDS.found_in(lower) {
        return false;
    }
    let has = |w: &str| lower.contains(w);
    if has("crawl") && has("archiv") {
        return true;
    }
    // Most lines name no platform: test that first, before counting words.
    let robot = has("robot");
    if !(robot || has("tweet") || has("javascript")) {
        return false;
    }
    if has("please enable") || (robot && has("verify")) {
        return true;
    }
    // Quoted speech addressing someone ("the tweets you and your fans sent me") is reporting.
    if lower.contains(['"', '\u{201c}', '\u{201d}']) {
        return false;
    }
    let you = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| matches!(*w, "you" | "your" | "you're"))
        .count();
    you >= 2
}

/// Longest platform notice looked for, in words (the longest line any debris rule reads).
const MAX_NOTICE_WORDS: usize = 150;

/// Prompts that sell, ask or point elsewhere rather than report. Matched only in short lines.
/// Grouped under a word every phrase of the group contains; a group without phrases is the
/// phrase itself (see [`has_phrase`]).
const PROMPT_PHRASES: &[(&str, &[&str])] = &[
    (
        "subscribe",
        &[
            "subscribe to",
            "subscribe today",
            "subscribe now",
            "unsubscribe",
        ],
    ),
    ("sign up ", &["sign up for", "sign up to"]),
    ("signing up", &["by signing up"]),
    (
        "alerts",
        &["news alerts", "email alerts", "text alerts", "push alerts"],
    ),
    ("inbox", &["delivered to your inbox", "in your inbox"]),
    (
        "journalism",
        &["support independent journalism", "support our journalism"],
    ),
    ("comments are closed", &[]),
    ("community guidelines", &[]),
    ("respectful discussion", &[]),
    ("join the conversation", &[]),
    ("for the latest updates", &[]),
    ("download our app", &[]),
    ("click here", &[]),
    ("get the app", &[]),
    ("for just $", &[]),
    ("free trial", &[]),
];

/// Whether `lower` contains any phrase of `groups`. Each group's phrases all contain its
/// guard, so a line without the guard skips the group: the same answer as a `contains` per
/// phrase, with fewer scans of the line. A group without phrases is its guard alone.
fn has_phrase(lower: &str, groups: &[(&str, &[&str])]) -> bool {
    groups.iter().any(|(guard, phrases)| {
        lower.contains(guard) && (phrases.is_empty() || phrases.iter().any(|p| lower.contains(p)))
    })
}

/// A fixed set of literals searched for together by a packed (SIMD) multi-literal search, built
/// on first use: for a line holding none of them (nearly every line) one vectorised pass
/// answers. Through the regex crate the same search cost about twice the instructions a line,
/// and four or more substring searches cost more still. Where the CPU lacks the vector
/// instructions the packed search needs, the literals are searched one by one. The literals
/// are `literal` of each of `items` (the items themselves for a plain list).
struct AnyOf<T: 'static = &'static str> {
    items: &'static [T],
    literal: fn(&T) -> &'static str,
    searcher: OnceLock<Option<aho_corasick::packed::Searcher>>,
}

impl AnyOf {
    const fn new(literals: &'static [&'static str]) -> AnyOf {
        AnyOf::by(literals, |l| *l)
    }
}

impl<T> AnyOf<T> {
    const fn by(items: &'static [T], literal: fn(&T) -> &'static str) -> AnyOf<T> {
        AnyOf {
            items,
            literal,
            searcher: OnceLock::new(),
        }
    }

    /// Whether `haystack` holds any of the literals.
    fn found_in(&self, haystack: &str) -> bool {
        let mut literals = self.items.iter().map(self.literal);
        match self
            .searcher
            .get_or_init(|| aho_corasick::packed::Searcher::new(literals.clone()))
        {
            Some(searcher) => searcher.find(haystack).is_some(),
            None => literals.any(|l| haystack.contains(l)),
        }
    }
}

/// A group of phrases under the guard word each of them contains (see [`has_phrase`]).
type PhraseGroup = (&'static str, &'static [&'static str]);

/// Phrase groups with their guards searched for together, so that a line holding no guard
/// (nearly every line) is ruled out in one vectorised pass instead of a search per guard.
struct Phrases(AnyOf<PhraseGroup>);

static PROMPTS: Phrases = Phrases(AnyOf::by(PROMPT_PHRASES, |g| g.0));
static LEGAL: Phrases = Phrases(AnyOf::by(LEGAL_PHRASES, |g| g.0));

impl Phrases {
    /// [`has_phrase`] with these groups.
    fn found_in(&self, lower: &str) -> bool {
        self.0.found_in(lower) && has_phrase(lower, self.0.items)
    }
}

fn handle_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?:^|\s)@[a-z0-9_]{2,30}(?-u:\b).*(?-u:\b)(?:follow|updates|twitter|instagram|tiktok)(?-u:\b)|(?-u:\b)follow(?-u:\b).*(?:^|\s)@[a-z0-9_]{2,30}(?-u:\b)")
            .expect("valid handle regex")
    })
}

fn teaser_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // A one- or two-word label in capitals or title case, a colon, then a headline.
        Regex::new(r"^(?:RELATED|Related|READ MORE|Read [Mm]ore|MORE|More|WATCH|Watch|VIDEO|Video|LISTEN|Listen|QUIZ|Quiz|PHOTOS|Photos|GALLERY|Gallery|SEE ALSO|See [Aa]lso|ALSO READ|Also [Rr]ead|OPINION|Opinion|LIVE|Live|UPDATE|EXPLAINER|Explainer|PODCAST|Podcast)\s*[:|>\u{2014}\u{2013}-]\s+\S")
            .expect("valid teaser regex")
    })
}

fn timestamp_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^(?:(?:updated|published|posted|last updated)\s*:?\s*)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:[a-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[a-z]{3,9}\.?\s+\d{4}|\d{4}-\d{2}-\d{2})(?:\s*(?:/|,|at|\||-)?\s*\d{1,2}[:.]\d{2}\s*(?:a\.m\.|p\.m\.|am|pm)?\s*(?:[a-z]{2,4})?)?\.?$")
            .expect("valid timestamp regex")
    })
}

/// Copyright, cookie and privacy phrases, grouped under a word each phrase of the group
/// contains; a group without phrases is the phrase itself (see [`has_phrase`]).
const LEGAL_PHRASES: &[(&str, &[&str])] = &[
    ("all rights reserved", &[]),
    (
        "cookie",
        &[
            "use of cookies",
            "uses cookies",
            "we use cookies",
            "cookie policy",
            "cookie settings",
        ],
    ),
    ("privacy policy", &[]),
    ("terms of ", &["terms of use", "terms of service"]),
    (
        "may not be ",
        &[
            "this material may not be published",
            "may not be reproduced",
        ],
    ),
    ("reprint", &["for reprints", "reprint permission"]),
    ("personal use only", &[]),
    ("not responsible for the content", &[]),
    ("external ", &["external sites", "external websites"]),
];

/// Copyright, cookie and privacy notices, and trailing tag lists ("Tags: a, b, c").
fn is_legal_or_tags(lower: &str, words: usize) -> bool {
    const PREFIXES: &[&str] = &[
        "tags:",
        "tags :",
        "topics:",
        "filed under:",
        "related topics:",
        "read more:",
        "see also:",
        "\u{a9}",
        "(c) ",
        "copyright ",
    ];
    words <= 60 && (PREFIXES.iter().any(|p| lower.starts_with(p)) || LEGAL.found_in(lower))
}

fn ends_like_prose(line: &str) -> bool {
    let t = line.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')', ']', '*', ' ']);
    t.ends_with(['.', '!', '?', '\u{2026}', ':', ';'])
}

fn capitalized_share(line: &str) -> f64 {
    let mut total = 0usize;
    let mut caps = 0usize;
    for w in line.split_whitespace() {
        let Some(c) = w.chars().find(|c| c.is_alphabetic()) else {
            continue;
        };
        total += 1;
        if c.is_uppercase() {
            caps += 1;
        }
    }
    if total == 0 {
        0.0
    } else {
        caps as f64 / total as f64
    }
}

fn looks_like_headline(line: &str, words: usize) -> bool {
    words <= 30 && !line.trim_end().ends_with(['.', ':', ';'])
}

fn is_byline(line: &str, words: usize) -> bool {
    let line = line.trim_matches(|c| c == '*' || c == '_').trim();
    let rest = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))
        .or_else(|| line.strip_prefix("by "));
    let Some(rest) = rest else {
        return false;
    };
    words <= 12
        && rest.chars().next().is_some_and(char::is_uppercase)
        && !rest.trim_end().ends_with(['.', '!', '?'])
        || (words <= 8 && capitalized_share(rest) >= 0.5 && !rest.contains(". "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `has_phrase` skips a group when its guard word is missing: every phrase must contain it.
    #[test]
    fn phrase_groups_contain_their_guard() {
        for (guard, phrases) in PROMPT_PHRASES.iter().chain(LEGAL_PHRASES) {
            for p in *phrases {
                assert!(p.contains(guard), "{p:?} lacks {guard:?}");
            }
        }
    }

    #[test]
    fn furniture_glued_into_prose_is_found_sentence_by_sentence() {
        for debris in [
            "Email Sign Up By signing up you agree to receive email newsletters from the Riverton Gazette.",
            "Breaking News Emails Get breaking news alerts and special reports from the Gazette.",
            "Image copyright Riverton Photo Desk Image caption The new bridge opened to traffic on Monday",
            "Hide Caption 3 of 9 Photos: The flooded market square in Riverton on Sunday.",
            "A friend wanted you to see this item from Gazette.com: https://example.com/a1 The council met.",
            "This material may not be published, broadcast, rewritten or redistributed without permission.",
            "CLOSE Firefighters held the brush fire at the reservoir on Sunday. Video by Riverton TV",
            "Riverton TV 3 of 9 Skip in Skip x Embed x Share The ferry resumed service on Friday.",
            "| Jane Roe/Getty Images Harbor Council approves ferry budget The vote came late on Monday.",
            "Buy Photo Harbor workers repair the ferry ramp on Monday.",
            "Council backs ferry plan Read more The council voted on Monday to keep the ferry.",
            "To see the full timetable of the new ferry service, click here.",
            "| Jane Roe/Riverton Gazette Ferry fares rise The harbor board voted on Monday.",
            "Share This The ferry carried a record number of riders in August.",
            "Posted | The harbor board met on Monday to discuss ferry fares.",
            "The ferry is back! \u{2014} Riverton Harbor (@rivertonharbor) March 3, 2020",
            "Fares go up today \u{2014} Jane Roe (@jane_roe) on Sept. 14, 2019",
            "A post shared by Riverton Harbor (@rivertonharbor) on Jun 20, 2017 at 11:32am PDT",
            "Media playback is unsupported on your device Media caption The ferry leaves the harbor",
            "Embed Harbor ferry returns 3:08 autoplay Copy this code to your website or blog",
            "Video playback is not supported in your browser The ferry leaves the harbor at dawn",
            "Harbor ferry returns 2:41 Paste the embed code into your site to share the clip",
            "JUST WATCHED Ferry returns to Riverton Replay More Videos MUST WATCH The ferry is back.",
            "1 of 12 Full Screen Autoplay Close Skip Ad A look back at the harbor ferry's history",
        ] {
            let words = crate::text::count_words(debris);
            assert!(is_debris_sentence(debris, words), "{debris}");
        }
        for prose in [
            "The council signed up three contractors for the bridge repairs on Monday.",
            "Engineers said the robot arm failed twice during the test at the harbor.",
            "The mayor tweeted that the bridge would reopen to traffic in May.",
            "Residents can follow the repairs on a page the city set up last week.",
            "The image of the collapsed span was shown on every channel that night.",
            "CLOSE to a thousand residents came to the meeting about the ferry.",
            "Officials said the ferry would close for a week in May.",
            "Getty Images and the AP sent photographers to the harbor, Reuters reported.",
            "The AP/NORC poll found that most residents back the new ferry.",
            "Residents who read more about the ferry tended to support it, the poll found.",
            "The harbor board (@rivertonharbor) said on March 3 that fares would rise.",
            "A post on the harbor board's page (@rivertonharbor) drew 3,000 replies.",
            "Share the road, Skip the traffic: Watch the ferry glide across the bay.",
            "The harbor app said card payment is not supported on older ferries this month.",
            "Crews had to copy the code from the old signal box to the new one by hand.",
        ] {
            let words = crate::text::count_words(prose);
            assert!(!is_debris_sentence(prose, words), "{prose}");
        }
    }

    /// The key as first written: words by `split_whitespace`, chars lower-cased one by one.
    fn normalize_key_by_words(line: &str) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for w in line.split_whitespace() {
            for c in w.chars().flat_map(char::to_lowercase) {
                h = (h ^ c as u64).wrapping_mul(0x0100_0000_01b3);
            }
            h = (h ^ 0x20).wrapping_mul(0x0100_0000_01b3);
        }
        h
    }

    /// The caption pattern as one alternation, as first written.
    fn caption_by_one_pattern(line: &str) -> bool {
        static RE: OnceLock<Regex> = OnceLock::new();
        RE.get_or_init(|| {
            Regex::new(
                r"(?ix)
                (?:\(\s*(?:photo|image|picture|credit|file|courtesy)?[^()]{0,40}?(?:photo|images?|agency|afp|ap|reuters|epa|getty|[A-Z]{2,6})\s*\)\s*$)
                |^(?:photo|image|picture|caption|credit|file\ photo)\s*[:|]
                |^(?:(?:image|photo|picture)\ (?:caption|copyright|credit)|(?:hide|show)\ caption)(?-u:\b)
                |(?-u:\b)(?:photo|photograph|image|picture|credit)\s*:\s*[^.:]{2,40}$
                |\s\|\s*[^|]{2,40}?(?:/\s*[A-Za-z]{2,12}|photo|images?)\s*$
                |(?:getty\ images|shutterstock|/\s*afp|/\s*reuters|via\ getty)\s*\)?\s*$",
            )
            .unwrap()
        })
        .is_match(line)
    }

    /// The dateline pattern as one regex, as first written.
    fn dateline_by_one_pattern(rest: &str) -> Option<usize> {
        static RE: OnceLock<Regex> = OnceLock::new();
        RE.get_or_init(|| {
            Regex::new(concat!(
                r"^\p{Lu}[\p{Lu}\p{M} .'\-]{1,40}",
                r"(?:, \p{Lu}[\p{L}\p{M}.]*(?: \p{Lu}[\p{L}\p{M}.]*){0,2}(?:, \d{1,2})?)?",
                r"(?: \d{1,2}(?:, \d{4})?)?",
                r"(?: \([^()]{1,30}\))?",
                r"\s*(?::|\u{2014}|\u{2013}|--| -)\s+",
            ))
            .unwrap()
        })
        .find(rest)
        .map(|m| m.end())
    }

    #[test]
    fn datelines_found_as_by_one_pattern() {
        for (line, end) in [
            ("WASHINGTON (AP) -- The Senate voted.", Some(19)),
            ("ANKARA, Turkey \u{2014} Talks ended.", Some(19)),
            ("SÃO PAULO, Brazil: Rain fell.", Some(20)),
            ("The Senate voted on Monday.", None),
            (
                "A B C D E F G H I J K L M N O P Q R S T U V: too long a place",
                None,
            ),
        ] {
            assert_eq!(dateline_end(line), end, "{line}");
            assert_eq!(dateline_by_one_pattern(line), end, "{line}");
        }
    }

    proptest::proptest! {
        #[test]
        fn dateline_matches_the_one_pattern(
            parts in proptest::collection::vec(
                r"(WASHINGTON|ANKARA|SÃO|É|A\u{301}|Turkey|March|Mon\.|\(AP\)|\(Reuters\)|[A-Z]{1,6}|[a-z]{1,4}|[0-9]{1,4}| |  |,|\.|'|-|--| -|:|\u{2014}|\u{2013}|\(|\)|\t)",
                0..16,
            )
        ) {
            let line = parts.concat();
            proptest::prop_assert_eq!(dateline_end(&line), dateline_by_one_pattern(&line), "{:?}", line);
        }
    }

    proptest::proptest! {
        #[test]
        fn caption_halves_match_the_one_pattern(
            parts in proptest::collection::vec(
                "(Photo|IMAGE|picture|Caption|credit|file photo|image caption|Getty Images|Reuters|AFP|/ AP|via Getty|shutterstock|ReuterS|shutterstoc\u{212a}|reuter\u{17f}|gett\u{17f}|\\(|\\)|:|\\||/| |\u{a0}|\\.|[a-zA-Z]{1,8}|[0-9]{1,3})",
                0..12,
            )
        ) {
            let line = parts.concat();
            proptest::prop_assert_eq!(is_caption(&line), caption_by_one_pattern(&line), "{:?}", line);
        }
    }

    proptest::proptest! {
        /// Longer lines with several '(', ':' and '|', labels glued to words ("xphoto:",
        /// "_photo:", "éphoto:"), long whitespace runs and the chars case-insensitive matching
        /// folds to 's' and 'k': `is_caption`'s anchored searches give the one pattern's
        /// verdicts.
        #[test]
        fn anchored_credit_searches_match_the_one_pattern(
            prose in "([a-zA-Z]{1,9}[ ,]{1,2}){0,12}",
            parts in proptest::collection::vec(
                "(Photo|PHOTOGRAPH|photograph|image|Picture|credit|courtesy|file|x|_|\\(Reuters\\)|\\(photo: Jane Roe / AFP\\) |\\(AP\\)|Photo: Jane Roe|\\| Getty Images| \\| photo|\u{e9}|Getty Images|getty|Reuters|reuter\u{17f}|shutterstoc\u{212a}|AFP|EPA|agency|via Getty|\\(|\\)|:|\\||/| |       |\u{a0}|\t|\\.|[a-zA-Z]{1,12}|[0-9]{1,3})",
                0..20,
            )
        ) {
            let line = format!("{prose}{}", parts.concat());
            proptest::prop_assert_eq!(is_caption(&line), caption_by_one_pattern(&line), "{:?}", line);
        }
    }

    proptest::proptest! {
        /// Bracketed credits near the pattern's limits (40 chars between label and word, words
        /// of 2 to 7 letters, labels that are also closing words, white space of every ASCII
        /// kind): the plain test gives the pattern's verdicts.
        #[test]
        fn bracket_credits_match_the_one_pattern(
            prose in "([a-zA-Z]{1,9}[ ,]{1,2}){0,4}",
            parts in proptest::collection::vec(
                r"(Photo|image|PICTURE|credit|file|Courtesy|courtesy of|reuters|Reuters|REUTER|agency|AFP|AP|x|[a-zA-Z]{1,8}|[0-9]{1,3}| |  |\t|\x0b|\n|/|:|,|\.|-|\)|\(|[a-z ]{10,30})",
                0..10,
            ),
            after in r"( |\t|\x0b){0,2}\)?( |\t){0,2}",
        ) {
            let line = format!("{prose}({}{after}", parts.concat());
            proptest::prop_assert_eq!(is_caption(&line), caption_by_one_pattern(&line), "{:?}", line);
        }
    }

    /// Labels glued to other chars: the word boundary before the label decides.
    #[test]
    fn credit_labels_need_a_word_boundary() {
        for line in [
            "_photo: Jane Roe",
            "xphoto: Jane Roe",
            "2photo: Jane Roe",
            "\u{e9}photo: Jane Roe",
            "Seen at dawn (photo: Jane Roe",
            "Seen at dawn, photo : Jane Roe",
        ] {
            assert_eq!(is_caption(line), caption_by_one_pattern(line), "{line:?}");
        }
        assert!(!is_caption("_photo: Jane Roe"));
        assert!(is_caption("\u{e9}photo: Jane Roe"));
    }

    #[test]
    fn captions_and_prose() {
        for line in [
            "Rescue workers search the rubble. (Photo: Jane Roe / AFP)",
            "Photo: the flooded square",
            "Image caption Rescuers reached the town by boat",
            "The flooded square on Monday | Getty Images",
            "Smoke over the port (Reuters)",
        ] {
            assert!(is_caption(line), "{line}");
            assert!(caption_by_one_pattern(line), "{line}");
        }
        let prose = "The photo agency said on Monday that it would appeal the ruling.";
        assert!(!is_caption(prose));
    }

    proptest::proptest! {
        #[test]
        fn line_keys_match_the_word_by_word_definition(line in "(\\PC|[ \t\x0b\u{a0}\u{3000}İẞ])*") {
            proptest::prop_assert_eq!(normalize_key(&line), normalize_key_by_words(&line));
        }
    }

    fn run(texts: &[&str]) -> (Vec<CleanDocument>, Vec<Removal>) {
        clean(&Cluster::from_texts("c", texts))
    }

    /// Whether a plain-text line is classified as debris of any kind.
    fn debris(line: &str) -> bool {
        classify_line(InputFormat::Text, line, crate::text::count_words(line)).is_some()
    }

    #[test]
    fn platform_notices_go_and_reports_about_platforms_stay() {
        let notice = "Since 2003 the Example Crawler project has been giving its crawl data to the Internet Archive, where it joins a growing public record of how pages looked on the day they were read by anyone who later follows the link from an old article.";
        assert!(debris(notice));
        let prompt =
            "Turn on location information to your Tweets to show followers where you posted from.";
        assert!(debris(prompt));
        let report = "The Internet Archive said on Tuesday that its Wayback Machine now holds more than 900 billion saved web pages.";
        assert!(!debris(report));
        let script = "Please enable JavaScript in your settings to play this clip.";
        assert!(debris(script));
        let quote =
            "\"Thank you for the tweets you and your fans sent me,\" the governor wrote on Friday.";
        assert!(!debris(quote));
        let about = "The company said on Monday that users will be able to edit a tweet for an hour after posting it, a change you can try today.";
        assert!(!debris(about));
    }

    #[test]
    fn widget_words_are_sorted_for_binary_search() {
        let mut sorted = WIDGET_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, WIDGET_WORDS);
        let mut labels = PLAYER_LABELS.to_vec();
        labels.sort_unstable();
        assert_eq!(labels, PLAYER_LABELS);
        let mut keys = WIDGET_KEYS.to_vec();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys, WIDGET_KEYS);
    }

    /// The widget-word count as first written: a char split and a search over the strings.
    fn count_widget_words_by_str(lower: &str) -> usize {
        lower
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty() && WIDGET_WORDS.binary_search(w).is_ok())
            .count()
    }

    #[test]
    fn widget_words_are_counted_as_by_strings() {
        for line in [
            "share this story on facebook, twitter and e-mail",
            "read more \u{2014} related stories \u{2014} top comments",
            "click-here to subscribe: newsletters\u{a0}inbox privacy-policy",
            "the caf\u{e9} menu was popular with readers of the website",
            "",
            "---",
        ] {
            assert_eq!(
                count_widget_words(line),
                count_widget_words_by_str(line),
                "{line}"
            );
        }
        for &w in WIDGET_WORDS {
            assert!(is_widget_word(w.as_bytes()), "{w}");
            assert!(!is_widget_word(format!("x{w}").as_bytes()), "x{w}");
        }
    }

    proptest::proptest! {
        #[test]
        fn widget_words_are_counted_as_by_strings_on_any_line(
            line in "([a-z0-9 ,.:!'-]|share|more|e-mail|tweet|\u{2014}|\u{e9}|\u{a0}){0,40}"
        ) {
            proptest::prop_assert_eq!(count_widget_words(&line), count_widget_words_by_str(&line));
        }
    }

    #[test]
    fn removes_debris_and_keeps_prose() {
        let text = "Harbor bridge closes after crack found\n\nA ferry waits at the pier on Monday. (Photo: Coast Agency)\nA ferry waits at the pier on Monday. (Photo: Coast Agency)\nXY\n14\n\nThe city closed the old harbor bridge on Monday after engineers found a crack in a main girder.\n\nShare on Facebook\nTweet\nYour email address will not be published. Required fields are marked *\nRelated Articles\n";
        let (docs, removals) = run(&[text]);
        let clean = &docs[0].text.clean;
        assert_eq!(
            clean,
            "The city closed the old harbor bridge on Monday after engineers found a crack in a main girder."
        );
        assert_eq!(
            docs[0].title.as_deref(),
            Some("Harbor bridge closes after crack found")
        );
        let kinds: Vec<RemovalKind> = removals.iter().map(|r| r.kind).collect();
        assert!(kinds.contains(&RemovalKind::Caption));
        assert!(kinds.contains(&RemovalKind::Widget));
        assert!(kinds.contains(&RemovalKind::Fragment));
        // Every removal points at real text of the document.
        for r in &removals {
            assert!(r.span.slice(text).is_some_and(|s| !s.is_empty()));
        }
    }

    #[test]
    fn strips_datelines_and_bylines() {
        let text = "Council backs new bridge plan\n\nBy Jane Doe, Staff Writer\n\nPORTVILLE, Oct. 15 — The council voted on Tuesday to rebuild the bridge.\n\nANKARA: Talks between the two capitals intensified over the weekend.";
        let (docs, removals) = run(&[text]);
        assert_eq!(
            docs[0].text.clean,
            "The council voted on Tuesday to rebuild the bridge.\n\nTalks between the two capitals intensified over the weekend."
        );
        assert!(removals.iter().any(|r| r.kind == RemovalKind::Byline));
        assert_eq!(
            removals
                .iter()
                .filter(|r| r.kind == RemovalKind::Dateline)
                .count(),
            2
        );
    }

    #[test]
    fn legal_notices_and_tag_lists_are_removed() {
        let text = "The council approved the budget for the new library on Monday evening.\n\nWe use cookies to improve your experience on our site. By continuing you agree to our cookie policy.\nTags: library, budget, council, city hall\n\u{a9} 2026 Riverton Gazette. All rights reserved.";
        let (docs, removals) = run(&[text]);
        assert_eq!(
            docs[0].text.clean,
            "The council approved the budget for the new library on Monday evening."
        );
        assert_eq!(
            removals
                .iter()
                .filter(|r| r.kind == RemovalKind::Widget)
                .count(),
            3
        );
    }

    #[test]
    fn video_captions_and_galleries_are_removed() {
        let caption = "CLOSE Firefighters held a brush fire at the Riverton reservoir to forty acres on Sunday. (Oct. 4) Riverton TV";
        // A gallery scraped as one line: each clip's caption after the player's buttons.
        let gallery = (1..=12)
            .map(|i| format!("Skip in Skip x Embed x Share CLOSE FIRE SEASON Clip {i} of the fire | 0:4{} Crews cleared a firebreak on the north ridge of the valley overnight. (Oct. 4) Riverton TV {i} of 12", i % 10))
            .collect::<Vec<_>>()
            .join(" ");
        let prose =
            "The fire burned forty acres near the reservoir before crews held it on Sunday.";
        let text = format!("{caption}\n\n{prose}\n\n{gallery}\n");
        let (docs, removals) = run(&[&text]);
        assert_eq!(docs[0].text.clean, prose);
        let kinds: Vec<RemovalKind> = removals.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, [RemovalKind::Caption, RemovalKind::Widget]);
    }

    #[test]
    fn cross_document_boilerplate_is_removed() {
        let a = "First story about the storm hitting the coast today.\nSubscribe to our daily digest now\n";
        let b = "A different story about rain in the valley today.\nSubscribe to our daily digest now\n";
        let (docs, removals) = run(&[a, b]);
        assert!(!docs[0].text.clean.contains("digest"));
        assert!(!docs[1].text.clean.contains("digest"));
        assert_eq!(removals.len(), 2);
    }

    #[test]
    fn hard_wrapped_paragraphs_stay_whole() {
        let text = "The storm reached the coast on Monday night and\nknocked out power to thousands of homes, officials\nsaid on Tuesday as crews began repairs.\n\nSchools were closed across the\nregion and most roads were\nblocked by fallen trees.";
        let (docs, _) = run(&[text]);
        assert_eq!(docs[0].text.blocks.len(), 2);
    }
}
