//! Compress: a shorter quotable variant of a sentence, always one contiguous part of it.
//!
//! Input: the text of a sentence. Output: the byte range of its core, or `None` when nothing
//! can be cut. Two low-value parts are cut, and only at the edges, so that the variant is still
//! a plain substring of the source and its span still slices exactly what the brief quotes:
//! a leading connective before a capitalised word ("However, Turkey …" → "Turkey …") and a
//! trailing attribution ("…, the ministry said." / "…, according to the UN."). A sentence with
//! a quotation keeps its attribution: who said it is part of what it says. The selector treats
//! the variant as an alternative to the whole sentence, never as an addition.

use std::ops::Range;

/// Connectives that may open a sentence and carry no content of their own.
const LEAD_CONNECTIVES: &[&str] = &[
    "additionally",
    "also",
    "and",
    "besides",
    "but",
    "furthermore",
    "however",
    "in addition",
    "indeed",
    "meanwhile",
    "moreover",
    "nevertheless",
    "nonetheless",
    "separately",
    "still",
    "yet",
];

/// Verbs that report speech or writing.
const REPORTING_VERBS: &[&str] = &[
    "added",
    "adds",
    "announced",
    "claimed",
    "confirmed",
    "explained",
    "noted",
    "reported",
    "said",
    "says",
    "stated",
    "told",
    "wrote",
];

/// Longest attribution that is cut, in words.
const MAX_ATTRIBUTION_WORDS: usize = 12;
/// Longest subject before the reporting verb ("the country's foreign ministry"), in words.
const MAX_SUBJECT_WORDS: usize = 6;

/// The core of `text`: the range left after cutting a leading connective and a trailing
/// attribution; `None` when neither applies.
pub fn core(text: &str) -> Option<Range<usize>> {
    let end = trailing_attribution(text).unwrap_or(text.len());
    let start = leading_connective(&text[..end]).unwrap_or(0);
    (start > 0 || end < text.len()).then_some(start..end)
}

/// Byte offset just past an opening connective, when a capital letter or digit follows it.
fn leading_connective(text: &str) -> Option<usize> {
    for c in LEAD_CONNECTIVES {
        let Some(head) = text.get(..c.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(c) {
            continue;
        }
        let rest = &text[c.len()..];
        let after = rest.trim_start_matches(',').trim_start();
        if after.len() == rest.len() {
            // "Andrew", "Butler": the connective must end the word.
            continue;
        }
        if after
            .chars()
            .next()
            .is_some_and(|ch| ch.is_uppercase() || ch.is_ascii_digit())
        {
            return Some(text.len() - after.len());
        }
        return None;
    }
    None
}

/// Byte offset of the comma that opens a closing attribution.
fn trailing_attribution(text: &str) -> Option<usize> {
    let body = text.trim_end();
    let body = body.strip_suffix('.')?;
    if body.contains(['"', '\u{201c}', '\u{201d}', '\u{201e}', '\u{ab}', '\u{bb}']) {
        return None;
    }
    // Try commas from the right, so that "…, said Ana Ruiz, a spokeswoman." is cut at the
    // first comma of the attribution, not inside it.
    let mut best = None;
    for (i, _) in body.rmatch_indices(", ") {
        let tail = &body[i + 2..];
        let words: Vec<&str> = tail.split_whitespace().collect();
        if words.len() > MAX_ATTRIBUTION_WORDS {
            break;
        }
        if is_attribution(&words) {
            best = Some(i);
        }
    }
    // What is left must still be a statement of some length.
    best.filter(|&i| crate::text::count_words(&body[..i]) >= 6)
}

/// "officials said", "the ministry said in a statement", "said Ana Ruiz, a spokeswoman",
/// "according to the UN", "he told reporters".
fn is_attribution(words: &[&str]) -> bool {
    let Some(first) = words.first() else {
        return false;
    };
    let lower = |w: &str| w.trim_end_matches(',').to_ascii_lowercase();
    if lower(first) == "according" {
        return words.get(1).is_some_and(|w| lower(w) == "to") && words.len() >= 3;
    }
    if REPORTING_VERBS.contains(&lower(first).as_str()) {
        // "said Ana Ruiz": a name must follow.
        return words
            .get(1)
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
    }
    // A short subject, then the reporting verb; the subject is a noun phrase, not a clause.
    let Some(v) = words
        .iter()
        .take(MAX_SUBJECT_WORDS + 1)
        .position(|w| REPORTING_VERBS.contains(&lower(w).as_str()))
    else {
        return false;
    };
    v >= 1
        && !matches!(
            lower(first).as_str(),
            "and" | "but" | "or" | "which" | "who" | "while" | "as" | "when" | "because" | "if"
        )
        && words[..v]
            .iter()
            .all(|w| !w.ends_with(',') && !matches!(lower(w).as_str(), "that" | "it" | "this"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Option<&str> {
        core(text).map(|r| &text[r])
    }

    #[test]
    fn trailing_attributions_are_cut() {
        assert_eq!(
            cut("The bridge will reopen to traffic in May, the council said."),
            Some("The bridge will reopen to traffic in May")
        );
        assert_eq!(
            cut("Repairs will cost about 40 million euros, according to the city's budget office."),
            Some("Repairs will cost about 40 million euros")
        );
        assert_eq!(
            cut("The cables had corroded faster than expected, said Ana Ruiz, the chief engineer."),
            Some("The cables had corroded faster than expected")
        );
        assert_eq!(
            cut("Two of the four lanes will open first, the transport minister told reporters on Monday."),
            Some("Two of the four lanes will open first")
        );
    }

    #[test]
    fn leading_connectives_are_cut_before_a_capital() {
        assert_eq!(
            cut("However, Harbor Authority engineers found no damage to the towers."),
            Some("Harbor Authority engineers found no damage to the towers.")
        );
        assert_eq!(
            cut("Meanwhile, 300 ferries a day will carry commuters across the bay."),
            Some("300 ferries a day will carry commuters across the bay.")
        );
        // A lower-case word would open the variant: left alone.
        assert_eq!(cut("But the council has not set a date."), None);
        // Not a connective, only the same letters.
        assert_eq!(
            cut("Andrew Kim, the mayor, opened the bridge in 2001."),
            None
        );
    }

    #[test]
    fn both_edges_together() {
        assert_eq!(
            cut("However, Ferry Line expects the bridge to reopen by June, officials said."),
            Some("Ferry Line expects the bridge to reopen by June")
        );
    }

    #[test]
    fn quotations_and_clauses_are_kept() {
        // Who said a quotation is part of it.
        assert_eq!(cut("\"We will reopen in May,\" the council said."), None);
        // A clause after the comma is content, not an attribution.
        assert_eq!(
            cut("The bridge closed in March, and engineers said the cables were worn."),
            None
        );
        assert_eq!(
            cut("The cables were replaced in 2001, which the report said was too late."),
            None
        );
        // Too little would be left.
        assert_eq!(cut("It is closed, officials said."), None);
    }

    #[test]
    fn core_is_always_inside_the_text() {
        for t in [
            "",
            ".",
            ", said.",
            "However,",
            "However, X",
            "Yet, ",
            "And",
            "a, said B.",
            "Ünïcödé text, officials said.",
        ] {
            if let Some(r) = core(t) {
                assert!(r.start <= r.end && r.end <= t.len(), "{t:?}");
                assert!(t.get(r).is_some(), "{t:?}");
            }
        }
    }
}
