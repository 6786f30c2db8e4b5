//! Segment: split cleaned text into sentences.
//!
//! Input: a `&str` of cleaned prose. Output: byte ranges of sentences, in order.
//! Invariant: every range is non-empty, on char boundaries, trimmed of surrounding (Unicode)
//! whitespace, ranges are strictly increasing and never overlap; a blank line always ends a
//! sentence, a single newline is plain whitespace.
//!
//! The text is first cut into paragraphs at blank lines.
//! Inside a paragraph every run of terminal punctuation (`.`, `?`, `!`, `…`) followed by optional
//! closing quotes or brackets and then whitespace is a candidate boundary; a rule-based decision
//! looks at the word before and the word after to reject abbreviations, initials, ellipses that
//! continue a sentence, and the like. Full-width `。！？` end a sentence even with no space after,
//! and so does a lone `.`, `!` or `?` glued between a lower-case word and a capitalised one, where
//! a page lost the space ("Ebola.The CDC says").
//! Whatever follows the last boundary of a paragraph is one sentence, punctuated or not. Every
//! step inspects a bounded window around each candidate, so the whole pass is linear in the
//! input length.

use std::ops::Range;

use crate::text::{has_byte, has_byte_below, skip_ascii_until, MONTH_NAMES, WEEKDAY_NAMES};

/// Split `text` into sentences and return their byte ranges into `text`.
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for para in paragraphs(text) {
        split_paragraph(text, para, &mut out);
    }
    out
}

/// Longest word, in chars, inspected on either side of a candidate. Longer tokens are never
/// abbreviations, and the cap keeps the work per candidate constant.
const MAX_WORD: usize = 64;

/// Titles and particles that precede a name or a phrase and so never end a sentence.
const NEVER_END: &[&str] = &[
    "Mr", "Mrs", "Ms", "Messrs", "Mmes", "Dr", "Prof", "Gen", "Col", "Lt", "Sgt", "Sen", "Rep",
    "Gov", "Rev", "Capt", "Cmdr", "Adm", "Maj", "Cpl", "Pvt", "Supt", "Det", "Insp", "Hon", "Pres",
    "Amb", "Atty", "Brig", "Msgr", "Fr", "Ft", "vs", "Vs", "v", "e.g", "i.e", "E.g", "I.e", "cf",
    "viz", "approx", "ca", "esp", "incl",
];

/// Abbreviations that introduce a number ("No. 5", "Dec. 1"); before a number they never end a
/// sentence.
const BEFORE_NUMBER: &[&str] = &[
    "No", "no", "Nos", "nos", "pop", "Vol", "vol", "Fig", "fig", "pp", "p", "Art", "art", "Sec",
    "sec", "Ch", "ch", "Op", "op", "Pt", "pt", "Rte", "Hwy", "Jan", "Feb", "Mar", "Apr", "Jun",
    "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];

/// Abbreviations that usually sit mid-sentence but can end one ("Apple Inc.", "in Calif.").
const MAY_END: &[&str] = &[
    "Inc", "Corp", "Co", "Cos", "Ltd", "Plc", "Jr", "Sr", "Bros", "etc", "al", "Ave", "Blvd", "Rd",
    "Ln", "Pkwy", "Sq", "St", "Mt", "Dept", "dept", "Govt", "govt", "Univ", "Assn", "Intl", "ft",
    "lb", "lbs", "oz", "yd", "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga",
    "Ill", "Ind", "Kan", "Kans", "Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont",
    "Neb", "Nev", "Okla", "Ore", "Pa", "Tenn", "Tex", "Vt", "Va", "Wash", "Wis", "Wyo",
];

/// Capitalised words that commonly open a news sentence. After an abbreviation that may end a
/// sentence, only one of these (or an opening quote) is taken as evidence of a new sentence;
/// other capitalised words are most likely names continuing the phrase ("U.S. Senate").
const STARTERS: &[&str] = &[
    "A",
    "About",
    "According",
    "After",
    "All",
    "Also",
    "Although",
    "Among",
    "An",
    "And",
    "Another",
    "Are",
    "As",
    "At",
    "Authorities",
    "Because",
    "Before",
    "Both",
    "But",
    "By",
    "Can",
    "Critics",
    "Despite",
    "Did",
    "Do",
    "Does",
    "Dr",
    "During",
    "Each",
    "Earlier",
    "Even",
    "Every",
    "Few",
    "For",
    "From",
    "Had",
    "Has",
    "Have",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Instead",
    "Is",
    "It",
    "Its",
    "Last",
    "Later",
    "Many",
    "Meanwhile",
    "More",
    "Most",
    "Mr",
    "Mrs",
    "Ms",
    "My",
    "Neither",
    "Next",
    "No",
    "None",
    "Not",
    "Now",
    "Officials",
    "On",
    "One",
    "Only",
    "Or",
    "Other",
    "Others",
    "Our",
    "Police",
    "Several",
    "She",
    "Since",
    "So",
    "Some",
    "Still",
    "Such",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "To",
    "Today",
    "Two",
    "Under",
    "Unlike",
    "Until",
    "We",
    "Were",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Why",
    "With",
    "Yet",
    "You",
];

/// Capitalised words that typically continue a clock time ("9 a.m. Friday", "5 p.m. Eastern"),
/// besides month names ([`is_month_word`]) and weekday names ([`WEEKDAY_NAMES`]); any other
/// capitalised word after "a.m."/"p.m." is taken to open a new sentence.
const AFTER_TIME: &[&str] = &[
    "Mon",
    "Tue",
    "Tues",
    "Wed",
    "Thu",
    "Thurs",
    "Fri",
    "Sat",
    "Sun",
    "Eastern",
    "Central",
    "Mountain",
    "Pacific",
    "Atlantic",
    "Alaska",
    "Hawaii",
    "Greenwich",
    "Local",
    "Universal",
    "Coordinated",
    "Christmas",
    "New",
];

/// A month's name or its usual abbreviation ("March", "Mar", "Sept").
fn is_month_word(w: &str) -> bool {
    w == "Sept" || MONTH_NAMES.iter().any(|m| *m == w || &m[..3] == w)
}

/// Starters that are themselves abbreviations, so a following period does not disqualify them.
const DOTTED_STARTERS: &[&str] = &["Mr", "Mrs", "Ms", "Dr"];

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…' | '‽' | '。' | '！' | '？' | '｡')
}

/// Full-width terminators: CJK text puts no space after them, so they end a sentence outright.
fn is_hard_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡')
}

/// Closing quotes and brackets that belong to the sentence they follow.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '」' | '』' | '）' | '】'
    )
}

/// Opening quotes and brackets that may precede the first word of a sentence.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '‘'
            | '«'
            | '‹'
            | '('
            | '['
            | '{'
            | '¿'
            | '¡'
            | '「'
            | '『'
            | '（'
            | '【'
    )
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '«' | '‹' | '「' | '『')
}

/// Byte ranges of the paragraphs of `text`, trimmed; two or more line breaks separated only by
/// whitespace end a paragraph.
fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut paras = Vec::new();
    let mut start = skip_while(text, 0, char::is_whitespace);
    if start == text.len() {
        return paras;
    }
    // Only a line or paragraph break can split paragraphs, so the scan jumps from one to the
    // next (eight ASCII bytes at a time) and reads the whitespace run around each.
    let bytes = text.as_bytes();
    let mut i = start;
    loop {
        i = skip_to_break_candidate(bytes, i);
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if break_weight(c).is_none() {
            i += c.len_utf8();
            continue;
        }
        // A non-space char precedes the run (`start` is one), so the run starts past `start`.
        let run_start = end_of_text_before(text, i);
        let (mut breaks, mut prev_cr) = (0u32, false);
        let mut run_end = run_start;
        for c in text[run_start..].chars() {
            if !c.is_whitespace() {
                break;
            }
            // "\r\n" is one line break, not a blank line.
            if !(c == '\n' && prev_cr) {
                breaks += break_weight(c).unwrap_or(0);
            }
            prev_cr = c == '\r';
            run_end += c.len_utf8();
        }
        if run_end == text.len() {
            break;
        }
        if breaks >= 2 {
            paras.push(start..run_start);
            start = run_end;
        }
        i = run_end;
    }
    paras.push(start..end_of_text_before(text, text.len()));
    paras
}

/// How many line breaks a char counts for: form feed and the paragraph separator end a
/// paragraph on their own; `None` for a char that breaks no line.
fn break_weight(c: char) -> Option<u32> {
    match c {
        '\n' | '\r' | '\u{b}' | '\u{85}' | '\u{2028}' => Some(1),
        '\u{c}' | '\u{2029}' => Some(2),
        _ => None,
    }
}

/// Where the last non-whitespace char before byte `i` ends (0 when there is none).
fn end_of_text_before(text: &str, i: usize) -> usize {
    text[..i]
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_whitespace())
        .map_or(0, |(j, c)| j + c.len_utf8())
}

/// The first index from `i` whose byte may start a line break: 10 to 13, or not ASCII.
/// Eight bytes at a time while none of them is below 14 or above 0x7f.
fn skip_to_break_candidate(bytes: &[u8], i: usize) -> usize {
    skip_ascii_until(
        bytes,
        i,
        |x| has_byte_below(x, 0x0e),
        |b| (0x0a..=0x0d).contains(&b),
    )
}

/// First byte offset at or after `from` whose char does not satisfy `pred`.
fn skip_while(s: &str, from: usize, pred: impl Fn(char) -> bool) -> usize {
    s[from..]
        .char_indices()
        .find(|&(_, c)| !pred(c))
        .map_or(s.len(), |(off, _)| from + off)
}

/// The first index from `i` holding a byte that is not ASCII or is '.', '?' or '!'; eight
/// bytes at a time while none of them is one.
fn skip_ascii_non_terminators(bytes: &[u8], i: usize) -> usize {
    skip_ascii_until(
        bytes,
        i,
        |x| has_byte(x, b'.') || has_byte(x, b'?') || has_byte(x, b'!'),
        |b| matches!(b, b'.' | b'?' | b'!'),
    )
}

/// Split one trimmed paragraph `text[para]` into sentences, appending them to `out`.
fn split_paragraph(text: &str, para: Range<usize>, out: &mut Vec<Range<usize>>) {
    let p = &text[para.clone()];
    let base = para.start;
    let mut start = 0;
    let mut i = 0;
    let bytes = p.as_bytes();
    loop {
        // ASCII bytes other than '.', '?' and '!' never end a sentence: skip them at once.
        i = skip_ascii_non_terminators(bytes, i);
        let Some(c) = p[i..].chars().next() else {
            break;
        };
        if !is_terminator(c) {
            i += c.len_utf8();
            continue;
        }
        // i..j: the terminator run; j..k: closing quotes/brackets (and stray terminators).
        let j = skip_while(p, i, is_terminator);
        let k = skip_while(p, j, |c| is_closer(c) || is_terminator(c));
        let Some(after) = p[k..].chars().next() else {
            // The paragraph end closes the sentence anyway.
            break;
        };
        if after.is_whitespace() {
            // The paragraph is trimmed, so a non-whitespace char follows.
            let m = skip_while(p, k, char::is_whitespace);
            if is_boundary(p, i, j, k, m) {
                out.push(base + start..base + k);
                start = m;
            }
        } else if p[i..j].chars().any(is_hard_terminator) || is_glued_boundary(p, i, j, k) {
            out.push(base + start..base + k);
            start = k;
        }
        i = k;
    }
    if start < p.len() {
        out.push(base + start..base + p.len());
    }
}

/// The word after a candidate boundary, as far as the decision needs it.
struct Next<'a> {
    /// First char after any opening quotes or brackets.
    first: char,
    /// Whether an opening quote precedes it.
    quoted: bool,
    /// Its leading run of letters.
    word: &'a str,
    /// Whether a period directly follows that run ("A." is an initial, not the article).
    dotted: bool,
}

impl<'a> Next<'a> {
    fn parse(s: &'a str) -> Next<'a> {
        let mut quoted = false;
        let mut begin = s.len();
        for (off, c) in s.char_indices().take(MAX_WORD) {
            if !is_opener(c) {
                begin = off;
                break;
            }
            quoted |= is_quote(c);
        }
        let rest = &s[begin..];
        let first = rest.chars().next().unwrap_or(' ');
        // Stop at the first non-letter, or after MAX_WORD letters (then it is no starter anyway).
        let len = rest
            .char_indices()
            .enumerate()
            .find(|&(n, (_, c))| n == MAX_WORD || !c.is_alphabetic())
            .map_or(rest.len(), |(_, (off, _))| off);
        let word = &rest[..len];
        Next {
            first,
            quoted,
            word,
            dotted: rest[len..].starts_with('.'),
        }
    }

    /// Whether this word looks like the start of a new sentence after an abbreviation that may
    /// or may not end the current one.
    fn starts_sentence(&self) -> bool {
        if self.quoted && self.first.is_uppercase() {
            return true;
        }
        STARTERS.contains(&self.word) && (!self.dotted || DOTTED_STARTERS.contains(&self.word))
    }

    /// Whether this word typically follows a clock time: a day, a month or a time zone.
    fn continues_time(&self) -> bool {
        let all_caps_zone =
            (2..=4).contains(&self.word.len()) && self.word.chars().all(|c| c.is_ascii_uppercase());
        all_caps_zone
            || AFTER_TIME.contains(&self.word)
            || WEEKDAY_NAMES.contains(&self.word)
            || is_month_word(self.word)
    }
}

/// The token before the terminator at `i`, stripped of surrounding quotes and brackets; `None`
/// when it is too long to be an abbreviation.
fn prev_word(p: &str, i: usize) -> Option<&str> {
    let mut begin = 0;
    for (n, (off, c)) in p[..i].char_indices().rev().enumerate() {
        if n == MAX_WORD {
            return None;
        }
        if c.is_whitespace() {
            begin = off + c.len_utf8();
            break;
        }
    }
    Some(
        p[begin..i]
            .trim_start_matches(is_opener)
            .trim_end_matches(is_closer),
    )
}

/// Whether a dotted token like "U.S", "a.m" or "Ph.D" (final period already removed) is an
/// abbreviation rather than a domain name such as "example.com".
fn is_dotted_abbrev(w: &str) -> bool {
    w.contains('.')
        && w.split('.').all(|seg| {
            let n = seg.chars().count();
            (1..=2).contains(&n) && seg.chars().all(char::is_alphabetic)
        })
}

/// Whether a terminator with no space after it, `p[i..j]` then closers `p[j..k]`, still ends a
/// sentence: pages that lose the space between sentences ("… symptoms of Ebola.The CDC says …")
/// would otherwise run several into one quote. It does when a single `.`, `!` or `?` sits
/// between a word ending in two lower-case letters (not an abbreviation, not part of an address)
/// and a capitalised word of at least two letters that is not a domain's ending ("Salon.Com").
fn is_glued_boundary(p: &str, i: usize, j: usize, k: usize) -> bool {
    if j != i + 1 {
        return false;
    }
    let rest = &p[k..];
    let mut next = rest.chars();
    if !(next.next().is_some_and(char::is_uppercase) && next.next().is_some_and(char::is_lowercase))
    {
        return false;
    }
    let word_len = rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len());
    if matches!(&rest[..word_len], "Com" | "Org" | "Net" | "Gov" | "Edu") {
        return false;
    }
    let Some(token) = prev_word(p, i) else {
        return false;
    };
    if token.contains(['/', '@', ':']) || token.starts_with("www") {
        return false;
    }
    // The last dotted part: "Mrs" in "Mrs", "org" in "IGC.org".
    let word = token.rsplit('.').next().unwrap_or(token);
    let mut last = word.chars().rev();
    let ends_lower =
        last.next().is_some_and(char::is_lowercase) && last.next().is_some_and(char::is_lowercase);
    ends_lower
        && !NEVER_END.contains(&word)
        && !BEFORE_NUMBER.contains(&word)
        && !MAY_END.contains(&word)
}

/// Decide the candidate at `p[i..j]` (terminators), `p[j..k]` (closers), next word at `m`.
fn is_boundary(p: &str, i: usize, j: usize, k: usize, m: usize) -> bool {
    let run = &p[i..j];
    if run.chars().any(is_hard_terminator) {
        return true;
    }
    let rest = &p[m..];
    // Spaced ellipsis ". . ." keeps going.
    if rest.starts_with(['.', '…']) {
        return false;
    }
    let next = Next::parse(rest);
    let lower = next.first.is_lowercase();
    // '"Why?" he asked.' and '(as noted.) and' continue the sentence.
    if j < k && lower {
        return false;
    }
    if run.contains(['?', '!', '‽']) {
        return !lower;
    }
    // An ellipsis ends a sentence only when a capitalised word follows.
    if run.contains('…') || run.len() > 1 {
        return next.first.is_uppercase();
    }
    let Some(word) = prev_word(p, i) else {
        return true;
    };
    if word.is_empty() {
        // A lone period after a space: part of a spaced ellipsis or stray punctuation.
        return next.first.is_uppercase();
    }
    if NEVER_END.contains(&word) {
        return false;
    }
    if BEFORE_NUMBER.contains(&word) {
        if next.first.is_numeric() {
            return false;
        }
        // "said no." is a plain word; months and the rest behave like other abbreviations.
        return word.eq_ignore_ascii_case("no") || next.starts_sentence();
    }
    let single_letter = {
        let mut cs = word.chars();
        matches!((cs.next(), cs.next()), (Some(c), None) if c.is_alphabetic())
    };
    if matches!(word, "a.m" | "p.m" | "A.M" | "P.M") {
        return next.first.is_uppercase() && !next.continues_time();
    }
    if MAY_END.contains(&word) || single_letter || is_dotted_abbrev(word) {
        // Initials ("George W. Bush"), "U.S.", "a.m.", "Inc.": a new sentence only when the next
        // word is a typical sentence opener.
        return next.starts_sentence();
    }
    // A period after an ordinary word (or number) ends the sentence whatever follows: news
    // sentences may open with a digit or a lowercase brand name.
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `paragraphs` as written before its ASCII fast paths: the reference.
    fn paragraphs_by_char(text: &str) -> Vec<Range<usize>> {
        let mut paras = Vec::new();
        let mut start: Option<usize> = None;
        let mut end = 0;
        let mut breaks = 0u32;
        let mut prev_cr = false;
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(c) = text[i..].chars().next() {
            if c.is_whitespace() {
                match c {
                    // "\r\n" is one line break, not a blank line.
                    '\n' if prev_cr => {}
                    '\n' | '\r' | '\u{b}' | '\u{85}' | '\u{2028}' => breaks += 1,
                    // Form feed and the paragraph separator end a paragraph on their own.
                    '\u{c}' | '\u{2029}' => breaks += 2,
                    _ => {}
                }
                prev_cr = c == '\r';
                i += c.len_utf8();
                continue;
            }
            prev_cr = false;
            match start {
                None => start = Some(i),
                Some(s) if breaks >= 2 => {
                    paras.push(s..end);
                    start = Some(i);
                }
                Some(_) => {}
            }
            breaks = 0;
            // The ASCII non-space bytes that follow change nothing but the end: skip them at once.
            i += c.len_utf8();
            while i < bytes.len() && bytes[i] < 0x80 && !matches!(bytes[i], 9..=13 | b' ') {
                i += 1;
            }
            end = i;
        }
        if let Some(s) = start {
            paras.push(s..end);
        }
        paras
    }

    proptest::proptest! {
        #[test]
        fn paragraphs_match_the_char_by_char_version(
            text in proptest::prop_oneof![
                "(?s)[a .\t\r\n\u{b}\u{c}\u{85}\u{a0}\u{2028}\u{2029}\u{3000}é’]{0,40}",
                // Stretches of plain ASCII, so the eight-byte skip runs between the breaks.
                "(?s)([a-z .,]{0,20}[\t\r\n\u{b}\u{c}\u{e}\u{85}\u{a0}\u{2028}\u{2029}\u{3000}é’ ]{0,3}){0,8}",
            ]
        ) {
            proptest::prop_assert_eq!(paragraphs(&text), paragraphs_by_char(&text));
        }
    }

    proptest::proptest! {
        /// The word-at-a-time skips stop where a byte-at-a-time loop does.
        #[test]
        fn skips_match_a_byte_loop(
            text in proptest::prop_oneof![
                "(?s)[a-z .?!,\t\r\n\u{b}\u{c}\u{e}\u{1}\u{1f}\u{7f}é’…。]{0,60}",
                // Long ASCII stretches, so the eight-byte steps meet each stop byte.
                "[a-z]{0,20}[ .?!\t\n\r\u{b}\u{c}\u{e}\u{1f}\u{7f}][a-z]{0,20}",
            ],
            from in 0usize..64,
        ) {
            let bytes = text.as_bytes();
            let i = from.min(bytes.len());
            let by_byte = |stop: &dyn Fn(u8) -> bool| {
                (i..bytes.len()).find(|&j| bytes[j] >= 0x80 || stop(bytes[j])).unwrap_or(bytes.len())
            };
            proptest::prop_assert_eq!(
                skip_to_break_candidate(bytes, i),
                by_byte(&|b| (0x0a..=0x0d).contains(&b))
            );
            proptest::prop_assert_eq!(
                skip_ascii_non_terminators(bytes, i),
                by_byte(&|b| matches!(b, b'.' | b'?' | b'!'))
            );
        }
    }

    fn sentences(text: &str) -> Vec<&str> {
        split_sentences(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    /// Checks the documented invariant and that only whitespace lies outside the ranges.
    fn check_invariant(text: &str) {
        let ranges = split_sentences(text);
        let mut prev_end = 0;
        for r in &ranges {
            assert!(r.start < r.end, "empty range {r:?} in {text:?}");
            assert!(r.start >= prev_end, "overlap at {r:?} in {text:?}");
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            let s = &text[r.clone()];
            assert_eq!(s, s.trim(), "untrimmed {s:?}");
            assert!(
                text[prev_end..r.start].trim().is_empty(),
                "dropped text in {text:?}"
            );
            prev_end = r.end;
        }
        assert!(text[prev_end..].trim().is_empty());
    }

    #[test]
    fn simple_sentences() {
        assert_eq!(
            sentences("The vote passed. Critics objected! Why now? Nobody knows"),
            [
                "The vote passed.",
                "Critics objected!",
                "Why now?",
                "Nobody knows"
            ]
        );
    }

    #[test]
    fn empty_and_blank_input() {
        assert!(split_sentences("").is_empty());
        assert!(split_sentences(" \n\t\r\n \u{2029} ").is_empty());
    }

    #[test]
    fn blank_line_ends_sentence_single_newline_does_not() {
        assert_eq!(
            sentences("Storm batters coast\n\nThe storm hit\nthe coast on Monday. It moved on."),
            [
                "Storm batters coast",
                "The storm hit\nthe coast on Monday.",
                "It moved on."
            ]
        );
        assert_eq!(
            sentences("One\r\n \r\nTwo\r\nlines"),
            ["One", "Two\r\nlines"]
        );
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            sentences(
                "Mr. Smith met Dr. J. R. R. Tolkien at 9 a.m. Friday in the U.S. capital. \
                 He left at 5 p.m. The talks went on."
            ),
            [
                "Mr. Smith met Dr. J. R. R. Tolkien at 9 a.m. Friday in the U.S. capital.",
                "He left at 5 p.m.",
                "The talks went on."
            ]
        );
        assert_eq!(
            sentences("On Dec. 1, No. 5 seed Acme Inc. fell 3.6% to $2.5 billion vs. rivals."),
            ["On Dec. 1, No. 5 seed Acme Inc. fell 3.6% to $2.5 billion vs. rivals."]
        );
    }

    #[test]
    fn clock_times_end_a_sentence_before_a_new_subject() {
        assert_eq!(
            sentences(
                "It opens at 9 a.m. Friday and 10 a.m. ET. Crowds came at 5 p.m. Police left."
            ),
            [
                "It opens at 9 a.m. Friday and 10 a.m. ET.",
                "Crowds came at 5 p.m.",
                "Police left."
            ]
        );
    }

    #[test]
    fn quotes_parentheses_and_ellipses() {
        assert_eq!(
            sentences("\"We won,\" he said. \"It's over.\" Next came (see below.) Then… more."),
            [
                "\"We won,\" he said.",
                "\"It's over.\"",
                "Next came (see below.)",
                "Then… more."
            ]
        );
        assert_eq!(
            sentences("“Why?” she asked. He paused… then left."),
            ["“Why?” she asked.", "He paused… then left."]
        );
    }

    #[test]
    fn numbers_urls_and_lowercase_starts() {
        assert_eq!(
            sentences("Visit www.example.org or mail a@b.co now. It grew in 2019. 3 people died."),
            [
                "Visit www.example.org or mail a@b.co now.",
                "It grew in 2019.",
                "3 people died."
            ]
        );
        assert_eq!(
            sentences("Sales rose. eBay fell."),
            ["Sales rose.", "eBay fell."]
        );
    }

    #[test]
    fn sentences_glued_without_a_space_are_split() {
        assert_eq!(
            sentences("The ferry was evaluated in Kessling.The crew says it is safe.\u{201d}They sailed!Then rain came."),
            [
                "The ferry was evaluated in Kessling.",
                "The crew says it is safe.\u{201d}",
                "They sailed!",
                "Then rain came."
            ]
        );
        // Not glued sentences: abbreviations, initials, addresses, domains, decimals, ellipses.
        for text in [
            "Ask Mrs.Smith or Gov.Reed about it.",
            "He met J.R.Ewing and the U.S.Navy crew.",
            "See kessling.Com or www.harbor.Org for https://harbor.example/Path.Today now.",
            "It rose 3.5 percent, to 4.2 billion.",
            "The ferry waited...Then it left.",
        ] {
            assert_eq!(sentences(text).len(), 1, "{text}");
        }
    }

    #[test]
    fn cjk_terminators_need_no_space() {
        assert_eq!(sentences("你好。世界！"), ["你好。", "世界！"]);
    }

    #[test]
    fn invariant_on_tricky_strings() {
        for text in [
            ".",
            "...",
            " . . . ",
            "\"",
            "a.\u{2029}b",
            "Hi.\u{0}\u{1}.\u{7f}",
            "é. ü! 日本。 \u{200b}",
            "\r\r\n\n.",
            "(.) [?] {!}",
            "U.S. U.S.. ..U.S.",
            "Mr.\n\nMrs.",
            "x。 y。z",
            "\u{a0}Text.\u{a0}More.\u{3000}",
        ] {
            check_invariant(text);
        }
    }

    #[test]
    fn long_inputs_stay_linear() {
        // Each pattern would be quadratic if a scan were not bounded.
        for unit in [". ", "a", "a.", ".", "Mr. ", "\n", "x \n\n"] {
            let text = unit.repeat(200_000);
            check_invariant(&text);
        }
    }
}
