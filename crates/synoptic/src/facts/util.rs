//! Small helpers shared by the fact extractors: folding, tokens, number words, calendar maths.

use std::sync::OnceLock;

use regex::Regex;

/// Compile a regex written in this crate (a bad pattern is a bug caught by every test).
pub(crate) fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| compile(pattern))
}

/// Compile with ASCII word boundaries: a Unicode `\b` makes the fast engines give up on
/// non-ASCII text (curly quotes, accented names), which is most news text.
pub(crate) fn compile(pattern: &str) -> Regex {
    Regex::new(&pattern.replace(r"\b", r"(?-u:\b)")).expect("facts regex")
}

/// Lowercase and strip the diacritics of Latin letters (Erdoğan → erdogan), and turn curly
/// apostrophes straight.
pub(crate) fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let m =
            match c {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã'
                | 'Ä' | 'Å' | 'Ā' => 'a',
                'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => 'c',
                'ď' | 'đ' | 'Ď' | 'Đ' => 'd',
                'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē'
                | 'Ě' => 'e',
                'ğ' | 'Ğ' => 'g',
                'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'İ' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
                'ł' | 'Ł' => 'l',
                'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' => 'n',
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö'
                | 'Ø' => 'o',
                'ř' | 'Ř' => 'r',
                'ś' | 'š' | 'ş' | 'Ś' | 'Š' | 'Ş' => 's',
                'ť' | 'ţ' | 'Ť' | 'Ţ' => 't',
                'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
                'ý' | 'ÿ' | 'Ý' => 'y',
                'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => 'z',
                '\u{2019}' | '\u{2018}' => '\'',
                _ => {
                    for l in c.to_lowercase() {
                        out.push(l);
                    }
                    continue;
                }
            };
        out.push(m);
    }
    out
}

/// Words with byte offsets: letters, digits, inner hyphens and apostrophes. A hand-written
/// scanner: this runs on every sentence several times, and a Unicode regex is much slower.
pub(crate) fn words(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(s.len() / 5 + 1);
    words_into(s, &mut out);
    out
}

/// [`BYTE_CLASS`]: an ASCII letter or digit.
const ASCII_ALNUM: u8 = 1;
/// [`BYTE_CLASS`]: any other ASCII byte.
const ASCII_OTHER: u8 = 0;
/// [`BYTE_CLASS`]: a byte of a non-ASCII character.
const NON_ASCII: u8 = 2;

/// The class of every byte, so the scanner's inner loops test one table entry per byte.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [ASCII_OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            NON_ASCII
        } else if c.is_ascii_alphanumeric() {
            ASCII_ALNUM
        } else {
            ASCII_OTHER
        };
        b += 1;
    }
    t
};

/// [`words`] into a caller's buffer (cleared first), so a loop over sentences reuses one.
pub(crate) fn words_into(s: &str, out: &mut Vec<(usize, usize)>) {
    out.clear();
    let bytes = s.as_bytes();
    let n = bytes.len();
    // Is the char at byte `i` (a char boundary) a letter or digit?
    let alnum_at = |i: usize| -> bool {
        let b = bytes[i];
        if b < 0x80 {
            b.is_ascii_alphanumeric()
        } else {
            s[i..].chars().next().is_some_and(word_char)
        }
    };
    let mut i = 0;
    while i < n {
        // Skip ASCII non-word bytes quickly.
        i += bytes[i..]
            .iter()
            .position(|&b| BYTE_CLASS[b as usize] != ASCII_OTHER)
            .unwrap_or(n - i);
        if i >= n {
            break;
        }
        if bytes[i] >= 0x80 {
            let c = s[i..].chars().next().unwrap_or('\0');
            if !word_char(c) {
                i += c.len_utf8();
                continue;
            }
        }
        let start = i;
        let mut end = i;
        loop {
            // ASCII letters and digits in a run.
            end += bytes[end..]
                .iter()
                .position(|&b| BYTE_CLASS[b as usize] != ASCII_ALNUM)
                .unwrap_or(n - end);
            if end >= n {
                break;
            }
            let d = bytes[end];
            if d < 0x80 {
                // A hyphen or apostrophe joins only when a letter or digit follows.
                if (d == b'-' || d == b'\'') && end + 1 < n && alnum_at(end + 1) {
                    end += 1;
                    continue;
                }
                break;
            }
            let c = s[end..].chars().next().unwrap_or('\0');
            let m = c.len_utf8();
            // A letter, a combining mark, or a curly apostrophe before a letter or digit.
            if word_char(c) || is_mark(c) || c == '’' && end + m < n && alnum_at(end + m) {
                end += m;
                continue;
            }
            break;
        }
        out.push((start, end));
        i = end;
    }
}

/// `char::is_alphanumeric`, answering the punctuation of news text (curly quotes and
/// apostrophes, dashes, ellipses: the General Punctuation block, which has no letters or digits)
/// without a look-up in the Unicode tables.
fn word_char(c: char) -> bool {
    !matches!(c, '\u{2000}'..='\u{206F}') && c.is_alphanumeric()
}

/// Combining marks (accents written as separate code points).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// The value of a small number word ("three" → 3), `None` otherwise.
pub(crate) fn number_word(w: &str) -> Option<f64> {
    let v = match w.to_ascii_lowercase().as_str() {
        "a" | "an" | "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "dozen" => 12.0,
        _ => return None,
    };
    Some(v)
}

/// The number words the patterns know, one to nine first (the digits of "twenty-five").
pub(crate) const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
];

/// [`NUMBER_WORDS`] one to nine.
pub(crate) const DIGIT_WORDS: &[&str] = NUMBER_WORDS.split_at(9).0;

/// Parse a number written in words or digits: "3.6", "3,000", "twenty-five", "two and a half",
/// "a", "a dozen". Scale words are handled by the caller.
pub(crate) fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.chars().next()?.is_ascii_digit() {
        // "3,600" and the tokenised "37 . 5".
        return t.replace(',', "").replace(" . ", ".").parse().ok();
    }
    let lower = t.to_ascii_lowercase();
    let mut total = 0.0;
    let mut rest = lower.as_str();
    let mut half = false;
    if let Some(r) = rest.strip_suffix(" and a half") {
        rest = r;
        half = true;
    }
    for part in rest.split(['-', ' ']).filter(|p| !p.is_empty()) {
        if part == "a" && rest.contains("dozen") {
            continue;
        }
        if part == "dozen" && total > 0.0 {
            total *= 12.0;
            continue;
        }
        let scale = match part {
            "hundred" => 100.0,
            "thousand" => 1e3,
            "million" => 1e6,
            "billion" => 1e9,
            _ => 0.0,
        };
        if scale > 0.0 {
            total = if total == 0.0 { 1.0 } else { total } * scale;
            continue;
        }
        total += number_word(part)?;
    }
    if half {
        total += 0.5;
    }
    Some(total)
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The civil date of a day number.
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Day of week, 0 = Monday.
pub(crate) fn weekday(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

/// Days in a month.
pub(crate) fn month_days(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// ISO week label ("2020-W10") of a day number.
pub(crate) fn iso_week(days: i64) -> String {
    let thursday = days - weekday(days) + 3;
    let (y, _, _) = civil_from_days(thursday);
    let week = (thursday - days_from_civil(y, 1, 1)) / 7 + 1;
    format!("{y}-W{week:02}")
}

/// Format a day number as `YYYY-MM-DD`.
pub(crate) fn ymd(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Month number of an English month name or abbreviation.
pub(crate) fn month_number(s: &str) -> Option<u32> {
    use crate::text::MONTH_NAMES;
    let head = s.get(..3)?;
    MONTH_NAMES
        .iter()
        .position(|m| m[..3].eq_ignore_ascii_case(head))
        .map(|i| i as u32 + 1)
}

/// Buffers for [`word_set`], reused from call to call.
#[derive(Default)]
pub(crate) struct WordScratch {
    words: Vec<(usize, usize)>,
    folded: String,
}

/// The sorted, deduplicated folded words of a text, each as a 64-bit hash (for
/// [`set_jaccard`]; no strings are built).
pub(crate) fn word_set(s: &str, scratch: &mut WordScratch) -> Vec<u64> {
    use std::hash::{BuildHasher, Hasher};
    words_into(s, &mut scratch.words);
    let mut v: Vec<u64> = Vec::with_capacity(scratch.words.len());
    for &(a, b) in &scratch.words {
        scratch.folded.clear();
        fold_into(&s[a..b], &mut scratch.folded);
        let mut h = rustc_hash::FxBuildHasher.build_hasher();
        h.write(scratch.folded.as_bytes());
        v.push(h.finish());
    }
    v.sort_unstable();
    v.dedup();
    v
}

/// Jaccard similarity of two sorted, deduplicated word sets.
pub(crate) fn set_jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let inter = crate::select::sorted_intersection(a, b);
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// Append the folded form of `w` to `buf`: the same text as [`fold`], without allocating for
/// ASCII words.
pub(crate) fn fold_into(w: &str, buf: &mut String) {
    if w.is_ascii() {
        let at = buf.len();
        buf.push_str(w);
        buf[at..].make_ascii_lowercase();
    } else {
        buf.push_str(&fold(w));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trips() {
        for d in [-1000, 0, 18322, 20000] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert_eq!(ymd(days_from_civil(2020, 3, 5)), "2020-03-05");
        assert_eq!(weekday(days_from_civil(2020, 3, 5)), 3); // a Thursday
        assert_eq!(iso_week(days_from_civil(2020, 3, 5)), "2020-W10");
        assert_eq!(iso_week(days_from_civil(2021, 1, 1)), "2020-W53");
    }

    #[test]
    fn general_punctuation_has_no_word_characters() {
        for c in '\u{2000}'..='\u{206F}' {
            assert!(!c.is_alphanumeric(), "{c:?}");
        }
        assert!(word_char('é') && word_char('7') && !word_char('’') && !word_char('—'));
    }

    #[test]
    fn numbers_and_folding() {
        assert_eq!(parse_number("3,000"), Some(3000.0));
        assert_eq!(parse_number("twenty-five"), Some(25.0));
        assert_eq!(parse_number("two and a half"), Some(2.5));
        assert_eq!(parse_number("a dozen"), Some(12.0));
        assert_eq!(fold("Çavuşoğlu"), "cavusoglu");
        assert_eq!(fold("Mevlüt’s"), "mevlut's");
        let t = "Erdoğan’s al-Assad, 3.6 - x-";
        let w: Vec<&str> = words(t).iter().map(|&(a, b)| &t[a..b]).collect();
        assert_eq!(w, ["Erdoğan’s", "al-Assad", "3", "6", "x"]);
    }
}
