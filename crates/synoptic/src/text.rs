//! Text alignment: cleaned text that knows where every byte came from.
//!
//! Cleaning only ever *drops* original text; it never rewrites it. So a cleaned document is a list
//! of kept original ranges ("blocks") joined by a blank line, and each block maps back to the
//! original by a constant offset. A sentence never crosses a block, so every cleaned span maps to
//! an original span holding the same bytes.

use crate::model::Span;

/// One kept run of original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// Where the block sits in the cleaned text.
    pub clean: Span,
    /// Where it starts in the original text.
    pub original_start: usize,
}

/// Cleaned text with its alignment to the original.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlignedText {
    /// The cleaned text: the blocks joined by `"\n\n"`.
    pub clean: String,
    /// The blocks, in order.
    pub blocks: Vec<Block>,
}

/// What separates blocks in the cleaned text; it maps to nothing in the original.
pub const BLOCK_SEPARATOR: &str = "\n\n";

impl AlignedText {
    /// Build from kept original ranges, which must be increasing, disjoint and on char
    /// boundaries of `original`. Empty ranges are skipped.
    pub fn from_ranges(original: &str, ranges: &[Span]) -> Self {
        let mut clean = String::with_capacity(ranges.iter().map(|r| r.len() + 2).sum());
        let mut blocks = Vec::with_capacity(ranges.len());
        for r in ranges.iter().filter(|r| !r.is_empty()) {
            let Some(piece) = r.slice(original) else {
                continue;
            };
            if !clean.is_empty() {
                clean.push_str(BLOCK_SEPARATOR);
            }
            let start = clean.len();
            clean.push_str(piece);
            blocks.push(Block {
                clean: Span::new(start, clean.len()),
                original_start: r.start,
            });
        }
        AlignedText { clean, blocks }
    }

    /// Keep only the first `n` blocks (drops a foreign tail); spans into the kept blocks stay
    /// valid because blocks are laid out in order.
    pub fn truncate_blocks(&mut self, n: usize) {
        if n >= self.blocks.len() {
            return;
        }
        self.blocks.truncate(n);
        let end = self.blocks.last().map_or(0, |b| b.clean.end);
        self.clean.truncate(end);
    }

    /// The block text of block `i`.
    pub fn block_text(&self, i: usize) -> &str {
        let b = self.blocks[i].clean;
        &self.clean[b.start..b.end]
    }

    /// Map a cleaned span to the original span holding the same bytes; `None` when the span
    /// crosses a block boundary or lies outside every block.
    pub fn to_original(&self, span: Span) -> Option<Span> {
        let i = self
            .blocks
            .partition_point(|b| b.clean.end < span.end)
            .min(self.blocks.len().checked_sub(1)?);
        let b = self.blocks[i];
        if span.start >= b.clean.start && span.end <= b.clean.end {
            let shift = b.original_start;
            Some(Span::new(
                span.start - b.clean.start + shift,
                span.end - b.clean.start + shift,
            ))
        } else {
            None
        }
    }
}

/// English month names, January first: one list for the segmenter, the date checks, the
/// timeline and the noise generator.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// English weekday names, Monday first.
pub const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// `line.to_lowercase()`, with runs of ASCII lower-cased a run at a time: news text carries
/// curly quotes and dashes, after which the standard library goes char by char to the end.
/// Lines with a capital sigma (whose lower case depends on its neighbours) are left to it.
pub fn to_lowercase(line: &str) -> String {
    if line.contains('\u{3a3}') {
        return line.to_lowercase();
    }
    let mut out = String::with_capacity(line.len());
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        i = ascii_run_end(bytes, i);
        if i > start {
            let from = out.len();
            out.push_str(&line[start..i]);
            out.as_mut_str()[from..].make_ascii_lowercase();
        }
        if let Some(c) = line[i..].chars().next() {
            out.extend(c.to_lowercase());
            i += c.len_utf8();
        }
    }
    out
}

/// Word-at-a-time byte tests, for the scans that read plain ASCII eight bytes at once: one
/// in every byte of a word, and the high bit of every byte.
pub(crate) const LO: u64 = 0x0101_0101_0101_0101;
pub(crate) const HI: u64 = 0x8080_8080_8080_8080;

/// Eight bytes from `i` as one little-endian word, when there are eight.
#[inline]
fn eight(bytes: &[u8], i: usize) -> Option<u64> {
    let chunk = bytes.get(i..i + 8)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(chunk);
    Some(u64::from_le_bytes(a))
}

/// Whether some byte of `x` is below `n` (at most 0x80): exact for the word as a whole,
/// though not for which byte it is.
#[inline]
pub(crate) fn has_byte_below(x: u64, n: u8) -> bool {
    x.wrapping_sub(LO * u64::from(n)) & !x & HI != 0
}

/// Whether some byte of `x` equals `b`.
#[inline]
pub(crate) fn has_byte(x: u64, b: u8) -> bool {
    has_byte_below(x ^ (LO * u64::from(b)), 1)
}

/// The end of the run of ASCII bytes from `i`.
fn ascii_run_end(bytes: &[u8], i: usize) -> usize {
    skip_ascii_until(bytes, i, |_| false, |_| false)
}

/// The first index from `i` holding a byte that is not ASCII or that `stop` accepts: eight
/// bytes at a time while `may_stop` rules out every byte of the eight (it may say yes
/// wrongly, never no), then a byte at a time. The word-at-a-time scans share it.
#[inline(always)]
pub(crate) fn skip_ascii_until(
    bytes: &[u8],
    mut i: usize,
    may_stop: impl Fn(u64) -> bool,
    stop: impl Fn(u8) -> bool,
) -> usize {
    while let Some(x) = eight(bytes, i) {
        if x & HI != 0 || may_stop(x) {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i] < 0x80 && !stop(bytes[i]) {
        i += 1;
    }
    i
}

/// The number of whitespace-separated words, exactly `s.split_whitespace().count()` (Unicode
/// White_Space), with ASCII read byte by byte: every sentence and line is counted, so this
/// is on the hot path.
pub fn count_words(s: &str) -> usize {
    let bytes = s.as_bytes();
    let (mut n, mut prev_space, mut i) = (0usize, true, 0usize);
    while i < bytes.len() {
        if let Some(v) = eight(bytes, i) {
            if v & HI == 0 {
                // Eight ASCII bytes at once: a high bit per byte marks a space (' ' or 9..=13);
                // no sum below carries into the next byte, since every byte is below 0x80.
                let x = v ^ (0x20 * LO);
                let blank = !((x & !HI).wrapping_add(!HI) | x) & HI;
                let control = v.wrapping_add(0x77 * LO) & !v.wrapping_add(0x72 * LO) & HI;
                let space = blank | control;
                let after_space = (space << 8) | (u64::from(prev_space) << 7);
                // Only bit 7 of a byte can be set: shifted to bit 0 and multiplied by LO, the
                // top byte sums them. (`count_ones` is a dozen instructions without POPCNT,
                // which the baseline x86-64 target lacks.)
                let starts = (!space & HI & after_space) >> 7;
                n += (starts.wrapping_mul(LO) >> 56) as usize;
                prev_space = space >> 63 == 1;
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let space = if b < 0x80 {
            i += 1;
            b == b' ' || (9..=13).contains(&b)
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            c.is_whitespace()
        };
        n += usize::from(prev_space && !space);
        prev_space = space;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn lower_casing_matches_the_standard_library(line in "(\\PC|[ \t\u{3a3}\u{130}ẞ’“”])*") {
            proptest::prop_assert_eq!(to_lowercase(&line), line.to_lowercase());
        }

        #[test]
        fn count_words_is_split_whitespace(s in "(\\PC|[ \t\n\r\x0b\x0c\u{a0}\u{85}\u{2028}\u{3000}]){0,60}") {
            proptest::prop_assert_eq!(count_words(&s), s.split_whitespace().count());
        }

        #[test]
        fn count_words_is_split_whitespace_on_mostly_ascii(s in "([ a-zA-Z0-9.\t\n\r\x0b\x0c\x08\x0e\x1f!\x7f]|\u{a0}|\u{3000}|é){0,120}") {
            proptest::prop_assert_eq!(count_words(&s), s.split_whitespace().count());
        }
    }

    #[test]
    fn spans_map_back_to_identical_bytes() {
        let original = "Head\nTT\nFirst kept line. More.\n\njunk\nSecond block é.";
        let ranges = [Span::new(8, 30), Span::new(37, original.len())];
        let a = AlignedText::from_ranges(original, &ranges);
        assert_eq!(a.clean, "First kept line. More.\n\nSecond block é.");
        let s = Span::new(17, 22);
        let o = a.to_original(s).unwrap();
        assert_eq!(s.slice(&a.clean), o.slice(original));
        let s2 = Span::new(24, a.clean.len());
        assert_eq!(
            s2.slice(&a.clean).unwrap(),
            a.to_original(s2).unwrap().slice(original).unwrap()
        );
        // Crossing the separator has no original.
        assert_eq!(a.to_original(Span::new(20, 26)), None);
    }

    #[test]
    fn empty_text_maps_nothing() {
        let a = AlignedText::from_ranges("", &[]);
        assert_eq!(a.to_original(Span::new(0, 0)), None);
    }
}
