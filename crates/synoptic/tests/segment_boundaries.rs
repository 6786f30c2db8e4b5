//! Sentence-boundary precision and recall of `split_sentences` on a hand-labelled news corpus
//! (`tests/data/sentences.txt`, format documented at its top), plus a property test of the
//! output invariant on arbitrary strings.
//!
//! The corpus paragraphs are joined with a blank line into one document, which is segmented in
//! a single call. A boundary is the end offset of a gold sentence that is not the end of its
//! paragraph; a predicted boundary is the end offset of a predicted range that is not the end of
//! a paragraph. Paragraph ends are left out of the scores because a blank line always ends a
//! sentence; `paragraph_ends_are_sentence_ends` checks them separately.

use std::collections::BTreeSet;
use std::ops::Range;

use proptest::prelude::*;
use synoptic::segment::split_sentences;

const CORPUS: &str = include_str!("data/sentences.txt");
const MIN_PRECISION: f64 = 0.97;
const MIN_RECALL: f64 = 0.97;

/// The corpus as one document, with the gold sentence ranges and the paragraph end offsets.
struct Gold {
    text: String,
    sentences: Vec<Range<usize>>,
    paragraph_ends: BTreeSet<usize>,
}

/// Parse the corpus: '#' lines are comments, blank lines separate paragraphs, every other line
/// is one sentence, joined to the previous one by a space, or by a newline when it starts with
/// "~ " (the marker is removed).
fn parse_corpus(corpus: &str) -> Gold {
    let mut text = String::new();
    let mut sentences = Vec::new();
    let mut paragraph_ends = BTreeSet::new();
    let mut in_paragraph = false;
    for line in corpus.lines() {
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            if in_paragraph {
                paragraph_ends.insert(text.len());
                in_paragraph = false;
            }
            continue;
        }
        let (sep, sentence) = match line.strip_prefix("~ ") {
            Some(rest) => ("\n", rest),
            None => (" ", line),
        };
        if in_paragraph {
            text.push_str(sep);
        } else if !text.is_empty() {
            text.push_str("\n\n");
        }
        let sentence = sentence.trim();
        sentences.push(text.len()..text.len() + sentence.len());
        text.push_str(sentence);
        in_paragraph = true;
    }
    if in_paragraph {
        paragraph_ends.insert(text.len());
    }
    Gold {
        text,
        sentences,
        paragraph_ends,
    }
}

fn inner_ends(ranges: &[Range<usize>], paragraph_ends: &BTreeSet<usize>) -> BTreeSet<usize> {
    ranges
        .iter()
        .map(|r| r.end)
        .filter(|end| !paragraph_ends.contains(end))
        .collect()
}

#[test]
fn boundary_precision_and_recall() {
    let gold = parse_corpus(CORPUS);
    let predicted_ranges = split_sentences(&gold.text);
    let expected = inner_ends(&gold.sentences, &gold.paragraph_ends);
    let predicted = inner_ends(&predicted_ranges, &gold.paragraph_ends);
    let correct = expected.intersection(&predicted).count();
    let precision = correct as f64 / predicted.len().max(1) as f64;
    let recall = correct as f64 / expected.len().max(1) as f64;
    eprintln!(
        "sentence boundaries: gold={} predicted={} precision={precision:.4} recall={recall:.4}",
        expected.len(),
        predicted.len()
    );
    let context = |end: usize| {
        let mut from = end.saturating_sub(40);
        while !gold.text.is_char_boundary(from) {
            from -= 1;
        }
        let mut to = (end + 40).min(gold.text.len());
        while !gold.text.is_char_boundary(to) {
            to -= 1;
        }
        format!("{:?} | {:?}", &gold.text[from..end], &gold.text[end..to])
    };
    for end in predicted.difference(&expected) {
        eprintln!("  spurious: {}", context(*end));
    }
    for end in expected.difference(&predicted) {
        eprintln!("  missed:   {}", context(*end));
    }
    assert!(
        expected.len() >= 250,
        "corpus too small: {}",
        expected.len()
    );
    assert!(precision >= MIN_PRECISION, "precision {precision:.4}");
    assert!(recall >= MIN_RECALL, "recall {recall:.4}");
}

#[test]
fn paragraph_ends_are_sentence_ends() {
    let gold = parse_corpus(CORPUS);
    let ends: BTreeSet<usize> = split_sentences(&gold.text).iter().map(|r| r.end).collect();
    let starts: BTreeSet<usize> = split_sentences(&gold.text)
        .iter()
        .map(|r| r.start)
        .collect();
    for end in &gold.paragraph_ends {
        assert!(ends.contains(end), "paragraph end {end} not a sentence end");
    }
    // Every paragraph start must also start a sentence, or a range crossed a blank line.
    for r in &gold.sentences {
        let is_paragraph_start = r.start == 0 || gold.text[..r.start].ends_with("\n\n");
        if is_paragraph_start {
            assert!(starts.contains(&r.start), "paragraph at {} merged", r.start);
        }
    }
}

/// The documented invariant, plus: nothing but whitespace lies outside the ranges, and no range
/// spans a blank line.
fn check_invariant(text: &str) -> Result<(), TestCaseError> {
    let mut prev_end = 0;
    for r in split_sentences(text) {
        prop_assert!(r.start < r.end, "empty range {:?}", r);
        prop_assert!(r.start >= prev_end, "overlapping range {:?}", r);
        prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        let s = &text[r.clone()];
        prop_assert_eq!(s, s.trim());
        prop_assert!(text[prev_end..r.start].trim().is_empty(), "text dropped");
        let blank_line = s.lines().skip(1).any(|l| l.trim().is_empty());
        prop_assert!(!blank_line, "range {:?} spans a blank line", r);
        prev_end = r.end;
    }
    prop_assert!(
        text[prev_end..].trim().is_empty(),
        "text dropped at the end"
    );
    Ok(())
}

proptest! {
    #[test]
    fn invariant_on_arbitrary_strings(text in any::<String>()) {
        check_invariant(&text)?;
    }

    #[test]
    fn invariant_on_punctuation_heavy_strings(
        text in "[aZ9 .?!…\"'“”‘’()\\[\\]\n\r\t\u{a0}\u{2029}。é]{0,120}"
    ) {
        check_invariant(&text)?;
    }
}
