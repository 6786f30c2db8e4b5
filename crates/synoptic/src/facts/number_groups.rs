//! The capture groups of a quantity match, read by hand.
//!
//! [`super::figures`] finds quantities with one regular expression. Finding a match only needs
//! the regex's DFA, which is cheap; reading its capture groups needs the backtracking engine,
//! which tried the pattern's many case-insensitive word alternatives one by one and cost more
//! than the rest of the figures stage (about a tenth of all facts on NeuS). [`groups`] reads
//! the same groups from a match the DFA found, by walking the pattern in the regex's order of
//! preference (earlier alternatives first, optional parts taken when they can be, repetitions
//! as long as they go). It handles matches of ASCII text only; for any other match, or if its
//! walk does not end where the regex's match ends, the caller asks the regex for the groups
//! (the test `hand_groups_equal_regex_groups` compares the two on written text).
//!
//! The pattern ([`pattern`], built from the tables below), with `\b` an ASCII word boundary and
//! every letter case-insensitive:
//!
//! ```text
//! (qual: \b(at least|a minimum of|more than|over|upwards of|nearly|almost|close to|just under
//!        |about|around|some|roughly|approximately|an estimated|up to|as many as|at most
//!        |fewer than|less than|under)\s+)?
//! (cur: US$|$|€|£)?
//! ( (num: \b\d{1,3}(,\d{3})+(\.\d+)? | \b\d+(\.\d+| \. \d+)?)
//! | (word: \bWORDS\b)
//! | (vague: \b(dozens|hundreds|thousands|millions)(\s+of\s+(thousands|millions))?)\s+of\b )
//! (scale: \s*(thousand|million|billion|trillion|bn\b|m\b))?
//! (unit: \s*(%|per\s*cent\b|percent\b|…|decades?\b) | -(year|…|kilometer)s?(-long)?\b)?
//! ```
//!
//! (spaces inside words stand for `\s+`.)

use super::util::{DIGIT_WORDS, NUMBER_WORDS};

/// Group indices into [`NumberGroups::groups`].
pub(crate) const QUAL: usize = 0;
pub(crate) const CUR: usize = 1;
pub(crate) const NUM: usize = 2;
pub(crate) const WORD: usize = 3;
pub(crate) const VAGUE: usize = 4;
pub(crate) const SCALE: usize = 5;
pub(crate) const UNIT: usize = 6;

/// The groups' names in the regex, in index order.
pub(crate) const NAMES: [&str; 7] = ["qual", "cur", "num", "word", "vague", "scale", "unit"];

/// One match and its groups, as byte ranges of the haystack.
pub(crate) struct NumberGroups<'h> {
    pub text: &'h str,
    pub whole: (usize, usize),
    pub groups: [Option<(usize, usize)>; 7],
}

/// A group of a [`NumberGroups`] (the parts of `regex::Match` that figures read).
#[derive(Clone, Copy)]
pub(crate) struct Group<'h> {
    text: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Group<'h> {
    /// `text[start..end]`.
    pub fn new(text: &'h str, start: usize, end: usize) -> Self {
        Group { text, start, end }
    }
    pub fn start(&self) -> usize {
        self.start
    }
    pub fn end(&self) -> usize {
        self.end
    }
    pub fn as_str(&self) -> &'h str {
        &self.text[self.start..self.end]
    }
}

impl<'h> NumberGroups<'h> {
    /// The whole match.
    pub fn whole(&self) -> Group<'h> {
        Group {
            text: self.text,
            start: self.whole.0,
            end: self.whole.1,
        }
    }

    /// Group `g` ([`QUAL`] …), when it took part in the match.
    pub fn get(&self, g: usize) -> Option<Group<'h>> {
        self.groups[g].map(|(start, end)| Group {
            text: self.text,
            start,
            end,
        })
    }

    /// The groups of a regex match.
    pub fn from_captures(text: &'h str, caps: &regex::Captures<'h>) -> Option<Self> {
        let m = caps.get(0)?;
        let mut groups = [None; 7];
        for (g, name) in NAMES.iter().enumerate() {
            groups[g] = caps.name(name).map(|m| (m.start(), m.end()));
        }
        Some(NumberGroups {
            text,
            whole: (m.start(), m.end()),
            groups,
        })
    }
}

const QUALIFIERS: &[&[&str]] = &[
    &["at", "least"],
    &["a", "minimum", "of"],
    &["more", "than"],
    &["over"],
    &["upwards", "of"],
    &["nearly"],
    &["almost"],
    &["close", "to"],
    &["just", "under"],
    &["about"],
    &["around"],
    &["some"],
    &["roughly"],
    &["approximately"],
    &["an", "estimated"],
    &["up", "to"],
    &["as", "many", "as"],
    &["at", "most"],
    &["fewer", "than"],
    &["less", "than"],
    &["under"],
];

const SCALES: &[(&str, bool)] = &[
    ("thousand", false),
    ("million", false),
    ("billion", false),
    ("trillion", false),
    ("bn", true),
    ("m", true),
];

/// What may stand between the two parts of a unit ("per cent", "percentage points").
#[derive(Clone, Copy)]
enum Gap {
    /// `\s*`
    Any,
    /// `\s+`
    Some,
}

/// A word unit: the word (or its first part, then the gap and the second part), whether an `s`
/// may follow, and whether a word boundary must.
type UnitWord = (&'static str, Option<(Gap, &'static str)>, bool, bool);

/// The word units of the first unit alternative, in the pattern's order.
const UNITS: &[UnitWord] = &[
    ("%", None, false, false),
    ("per", Some((Gap::Any, "cent")), false, true),
    ("percent", None, false, true),
    ("percentage", Some((Gap::Some, "point")), true, true),
    ("dollar", None, true, true),
    ("euro", None, true, true),
    ("pound", None, true, true),
    ("lira", None, false, true),
    ("liras", None, false, true),
    ("yuan", None, false, true),
    ("yen", None, false, true),
    ("ruble", None, true, true),
    ("rouble", None, true, true),
    ("km", None, false, true),
    ("kilometer", None, true, true),
    ("kilometre", None, true, true),
    ("mile", None, true, true),
    ("meter", None, true, true),
    ("metre", None, true, true),
    ("feet", None, false, true),
    ("kg", None, false, true),
    ("kilogram", None, true, true),
    ("ton", None, true, true),
    ("tonne", None, true, true),
    ("barrel", None, true, true),
    ("acre", None, true, true),
    ("hectare", None, true, true),
    ("hour", None, true, true),
    ("minute", None, true, true),
    ("second", None, true, true),
    ("day", None, true, true),
    ("week", None, true, true),
    ("month", None, true, true),
    ("year", None, true, true),
    ("decade", None, true, true),
];

/// Whether a word unit ([`UNITS`]) starts with this byte.
const UNIT_FIRST_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    while k < UNITS.len() {
        t[UNITS[k].0.as_bytes()[0] as usize] = true;
        k += 1;
    }
    t
};

const DASH_UNITS: &[&str] = &[
    "year",
    "hour",
    "day",
    "week",
    "month",
    "minute",
    "mile",
    "kilometre",
    "kilometer",
];

/// The quantity pattern (compiled by [`super::figures`]), built from the same tables the hand
/// reading walks, so the two cannot drift apart.
pub(crate) fn pattern() -> String {
    let qual: Vec<String> = QUALIFIERS.iter().map(|q| q.join(r"\s+")).collect();
    let scale: Vec<String> = SCALES
        .iter()
        .map(|&(s, bounded)| format!("{s}{}", if bounded { r"\b" } else { "" }))
        .collect();
    let unit: Vec<String> = UNITS
        .iter()
        .map(|&(u, rest, plural, bounded)| {
            let rest = match rest {
                None => String::new(),
                Some((Gap::Any, b)) => format!(r"\s*{b}"),
                Some((Gap::Some, b)) => format!(r"\s+{b}"),
            };
            let s = if plural { "s?" } else { "" };
            let b = if bounded { r"\b" } else { "" };
            format!("{u}{rest}{s}{b}")
        })
        .collect();
    let (qual, scale, unit) = (qual.join("|"), scale.join("|"), unit.join("|"));
    let dash = DASH_UNITS.join("|");
    let (number_words, digit_words) = (NUMBER_WORDS.join("|"), DIGIT_WORDS.join("|"));
    let words = format!(
        r"(?:(?:{number_words})(?:-(?:{digit_words}))?(?:\s+and\s+a\s+half)?(?:\s+dozen)?|an?\s+dozen|an?\s+half|an?(?:\s+(?:hundred|thousand|million|billion)))"
    );
    format!(
        r"(?i)(?P<qual>\b(?:{qual})\s+)?(?P<cur>US\$|\$|€|£)?(?:(?P<num>\b\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\b\d+(?:\.\d+| \. \d+)?)|(?P<word>\b{words}\b)|(?P<vague>\b(?:dozens|hundreds|thousands|millions)(?:\s+of\s+(?:thousands|millions))?)\s+of\b)(?P<scale>\s*(?:{scale}))?(?P<unit>\s*(?:{unit})|-(?:{dash})s?(?:-long)?\b)?"
    )
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Unicode `\s` on ASCII (vertical tab included, unlike `u8::is_ascii_whitespace`).
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// The bytes a walk reads; every test fails on a non-ASCII byte.
struct Walk<'a> {
    t: &'a [u8],
}

impl Walk<'_> {
    /// An ASCII word boundary at `i`.
    fn boundary(&self, i: usize) -> bool {
        let before = i > 0 && is_word(self.t[i - 1]);
        let after = i < self.t.len() && is_word(self.t[i]);
        before != after
    }

    /// `\s*` from `i`: where it ends.
    fn spaces(&self, mut i: usize) -> usize {
        while i < self.t.len() && is_space(self.t[i]) {
            i += 1;
        }
        i
    }

    /// `\s+` from `i`.
    fn spaces1(&self, i: usize) -> Option<usize> {
        let j = self.spaces(i);
        (j > i).then_some(j)
    }

    /// A literal (letters case-insensitive) at `i`.
    fn lit(&self, i: usize, l: &str) -> Option<usize> {
        let l = l.as_bytes();
        let t = self.t.get(i..i + l.len())?;
        // Literals are written in lower case; most attempts fail on the first byte.
        if t.first()?.to_ascii_lowercase() != l[0] {
            return None;
        }
        t.eq_ignore_ascii_case(l).then_some(i + l.len())
    }

    /// Words separated by `\s+`.
    fn words(&self, mut i: usize, words: &[&str]) -> Option<usize> {
        for (k, w) in words.iter().enumerate() {
            if k > 0 {
                i = self.spaces1(i)?;
            }
            i = self.lit(i, w)?;
        }
        Some(i)
    }

    /// A unit word ([`UNITS`]) at `i`.
    fn unit_word(&self, i: usize, word: &str, rest: Option<(Gap, &str)>) -> Option<usize> {
        let j = self.lit(i, word)?;
        match rest {
            None => Some(j),
            Some((Gap::Any, b)) => self.lit(self.spaces(j), b),
            Some((Gap::Some, b)) => self.lit(self.spaces1(j)?, b),
        }
    }

    /// `\d+` from `i` (ASCII digits: a non-ASCII match never gets here).
    fn digits(&self, mut i: usize) -> usize {
        while i < self.t.len() && self.t[i].is_ascii_digit() {
            i += 1;
        }
        i
    }

    fn digits1(&self, i: usize) -> Option<usize> {
        let j = self.digits(i);
        (j > i).then_some(j)
    }

    /// `(\.\d+)` at `i`.
    fn decimal(&self, i: usize) -> Option<usize> {
        self.digits1(self.lit(i, ".")?)
    }

    fn qual(&self, i: usize) -> Option<usize> {
        // Most matches start with a digit: no qualifier to try.
        if !self.t.get(i)?.is_ascii_alphabetic() || !self.boundary(i) {
            return None;
        }
        QUALIFIERS
            .iter()
            .find_map(|q| self.words(i, q).and_then(|j| self.spaces1(j)))
    }

    fn cur(&self, i: usize) -> Option<usize> {
        self.lit(i, "us$").or_else(|| self.lit(i, "$"))
    }

    fn num(&self, i: usize) -> Option<usize> {
        if !self.boundary(i) {
            return None;
        }
        // \d{1,3}(,\d{3})+(\.\d+)?: the first run must end where a group of three starts.
        let run = self.digits(i);
        if (1..=3).contains(&(run - i)) {
            let mut j = run;
            let mut groups = 0;
            while let Some(k) = self.lit(j, ",") {
                let d = self.digits(k);
                if d - k < 3 {
                    break;
                }
                j = k + 3;
                groups += 1;
            }
            if groups > 0 {
                return Some(self.decimal(j).unwrap_or(j));
            }
        }
        // \d+(\.\d+| \. \d+)?
        let j = self.digits1(i)?;
        if let Some(k) = self.decimal(j) {
            return Some(k);
        }
        let spaced = self.lit(j, " . ").and_then(|k| self.digits1(k));
        Some(spaced.unwrap_or(j))
    }

    /// `an?` then `rest`: "an" first, then "a".
    fn article_then(&self, i: usize, rest: impl Fn(usize) -> Option<usize>) -> Option<usize> {
        let a = self.lit(i, "a")?;
        self.lit(a, "n").and_then(&rest).or_else(|| rest(a))
    }

    fn word(&self, i: usize) -> Option<usize> {
        if !self.boundary(i) {
            return None;
        }
        let ends = |j: usize| self.boundary(j).then_some(j);
        for w in NUMBER_WORDS {
            let Some(j) = self.lit(i, w) else { continue };
            // (-(one|…|nine))? (\s+and\s+a\s+half)? (\s+dozen)? then \b, each optional part
            // taken first.
            let dash = self.lit(j, "-");
            let hyphens = DIGIT_WORDS
                .iter()
                .filter_map(|d| dash.and_then(|k| self.lit(k, d)))
                .chain([j]);
            for h in hyphens {
                let halves = [
                    self.spaces1(h)
                        .and_then(|k| self.words(k, &["and", "a", "half"])),
                    Some(h),
                ];
                for a in halves.into_iter().flatten() {
                    let dozens = [self.spaces1(a).and_then(|k| self.lit(k, "dozen")), Some(a)];
                    if let Some(end) = dozens.into_iter().flatten().find_map(ends) {
                        return Some(end);
                    }
                }
            }
        }
        let dozen = |a: usize| {
            self.spaces1(a)
                .and_then(|k| self.lit(k, "dozen"))
                .and_then(ends)
        };
        let half = |a: usize| {
            self.spaces1(a)
                .and_then(|k| self.lit(k, "half"))
                .and_then(ends)
        };
        let scale = |a: usize| {
            let k = self.spaces1(a)?;
            ["hundred", "thousand", "million", "billion"]
                .iter()
                .find_map(|s| self.lit(k, s).and_then(ends))
        };
        self.article_then(i, dozen)
            .or_else(|| self.article_then(i, half))
            .or_else(|| self.article_then(i, scale))
    }

    /// The vague group's end, then the end of `\s+of\b` after it.
    fn vague(&self, i: usize) -> Option<(usize, usize)> {
        if !self.boundary(i) {
            return None;
        }
        let j = ["dozens", "hundreds", "thousands", "millions"]
            .iter()
            .find_map(|w| self.lit(i, w))?;
        let of = |k: usize| {
            self.spaces1(k)
                .and_then(|m| self.lit(m, "of"))
                .filter(|&m| self.boundary(m))
        };
        let longer = self
            .spaces1(j)
            .and_then(|k| self.lit(k, "of"))
            .and_then(|k| {
                let m = self.spaces1(k)?;
                ["thousands", "millions"]
                    .iter()
                    .find_map(|w| self.lit(m, w))
            });
        longer
            .and_then(|g| of(g).map(|e| (g, e)))
            .or_else(|| of(j).map(|e| (j, e)))
    }

    fn scale(&self, i: usize) -> Option<usize> {
        let j = self.spaces(i);
        SCALES
            .iter()
            .find_map(|&(s, bounded)| self.lit(j, s).filter(|&e| !bounded || self.boundary(e)))
    }

    fn unit(&self, i: usize) -> Option<usize> {
        let j = self.spaces(i);
        // Most figures have no unit: look at the first byte before trying the units.
        let first = self.t.get(j).map(u8::to_ascii_lowercase);
        let may_be_word = first.is_some_and(|b| UNIT_FIRST_BYTES[usize::from(b)]);
        let word = UNITS
            .iter()
            .filter(|_| may_be_word)
            .find_map(|&(u, rest, plural, bounded)| {
                let e = self.unit_word(j, u, rest)?;
                let ok = |e: usize| (!bounded || self.boundary(e)).then_some(e);
                let with_s = if plural {
                    self.lit(e, "s").and_then(ok)
                } else {
                    None
                };
                with_s.or_else(|| ok(e))
            });
        if word.is_some() {
            return word;
        }
        let d = self.lit(i, "-")?;
        DASH_UNITS.iter().find_map(|u| {
            let e = self.lit(d, u)?;
            let plural = [self.lit(e, "s"), Some(e)];
            plural.into_iter().flatten().find_map(|p| {
                let long = [self.lit(p, "-long"), Some(p)];
                long.into_iter().flatten().find(|&x| self.boundary(x))
            })
        })
    }
}

/// The groups of the match `start..end` of the quantity pattern in `text`, read by hand; `None`
/// when the match is not ASCII or the walk does not end at `end` (then ask the regex).
pub(crate) fn groups(text: &str, start: usize, end: usize) -> Option<NumberGroups<'_>> {
    if !text.as_bytes()[start..end].is_ascii() {
        return None;
    }
    let w = Walk { t: text.as_bytes() };
    let mut groups: [Option<(usize, usize)>; 7] = [None; 7];
    let mut found = None;
    // Optional parts are tried present first, then absent.
    let qual = w.qual(start);
    'outer: for q in [qual, None].into_iter().skip(usize::from(qual.is_none())) {
        let after_qual = q.unwrap_or(start);
        let cur = w.cur(after_qual);
        for c in [cur, None].into_iter().skip(usize::from(cur.is_none())) {
            let at = c.unwrap_or(after_qual);
            let core = if let Some(e) = w.num(at) {
                Some((NUM, e, e))
            } else if let Some(e) = w.word(at) {
                Some((WORD, e, e))
            } else {
                w.vague(at).map(|(g, e)| (VAGUE, g, e))
            };
            if let Some((kind, group_end, core_end)) = core {
                groups[QUAL] = q.map(|e| (start, e));
                groups[CUR] = c.map(|e| (after_qual, e));
                groups[kind] = Some((at, group_end));
                found = Some(core_end);
                break 'outer;
            }
        }
    }
    let mut at = found?;
    if let Some(e) = w.scale(at) {
        groups[SCALE] = Some((at, e));
        at = e;
    }
    if let Some(e) = w.unit(at) {
        groups[UNIT] = Some((at, e));
        at = e;
    }
    (at == end).then_some(NumberGroups {
        text,
        whole: (start, end),
        groups,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::figures::number_rx;

    /// Written to exercise every part of the pattern and the places where the regex backtracks.
    const TEXT: &[&str] = &[
        "At least 33 soldiers were killed and more than 34 wounded, officials said.",
        "Turkey hosts some 3.6 million refugees; others say 3,700,000 or 3 . 7 million.",
        "A minimum of 12 trucks, up to US$5 billion, nearly $1.2bn and roughly 40 percent.",
        "Prices rose 9.5% and 2.5 percentage points; GDP fell by 1 per cent, then 3 per  cent.",
        "Twenty-five people, seventeen houses, twenty-sevenths, and two and a half hours.",
        "A dozen boats, an half, a hundred years, a hundreds, an estimated 4,000 tonnes of wheat.",
        "Hundreds of thousands fled; thousands of millions of dollars; dozens of people.",
        "Hundreds of thousand homes, millions of, dozens ofx, thousands  of  them.",
        "The 12-year-old ran 5 km, 26.2 miles, a 10-kilometre race and a 3-hour-long march.",
        "Some 1,234,5678 and 12,34 and 1234,567 and 7,000.5 people; 5 thousands; 6 m; 7m.",
        "It cost 30 euros, 4 pounds, 10 lira, 11 liras, 100 yuan, 5 yen, 7 rubles, 8 roubles.",
        "Over 90 kg, 80 kilograms, 3 tons, 4 tonnes, 5 barrels, 6 acres, 7 hectares, 8 feet.",
        "Under 2 minutes, 3 seconds, 4 days, 5 weeks, 6 months, 7 years, 8 decades, 9 metres.",
        "ALMOST 50 PERCENT, About Forty Miles, CLOSE TO 1,000 METERS, Just Under 3 Hours.",
        "fewer than ten, less than 5%, as many as 600, at most 4 kilometers, upwards of 70.",
        "around 30,000_x, x12, 4th, 5-day-long, 6-weeks, 7-mile-long, 8-months-long event.",
        "He is 55, she is 60; 1990s, 2020; F-16s; 3:30; 24/7; 1.5.6 and 9 .5 and 10 . 5.",
        "Ninety-nine, ninety-ten, forty-two dozen, one dozen, eleven and a halfpenny, six.",
    ];

    #[test]
    fn hand_groups_equal_regex_groups() {
        let mut checked = 0;
        for text in TEXT {
            for m in number_rx().find_iter(text) {
                let caps = number_rx()
                    .captures_at(text, m.start())
                    .expect("the match again");
                let rx = NumberGroups::from_captures(text, &caps).expect("groups");
                assert_eq!(rx.whole, (m.start(), m.end()), "{text}");
                let hand = groups(text, m.start(), m.end())
                    .unwrap_or_else(|| panic!("no hand reading of {:?}", m.as_str()));
                assert_eq!(hand.groups, rx.groups, "{:?} in {text}", m.as_str());
                checked += 1;
            }
        }
        assert!(checked >= 100, "{checked} matches checked");
        // Non-ASCII matches are left to the regex.
        let text = "It paid £30 billion.";
        let m = number_rx().find(text).expect("a match");
        assert!(groups(text, m.start(), m.end()).is_none());
    }
}
