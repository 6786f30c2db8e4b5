//! Period: tell when a document is set apart in time from the rest of its cluster.
//!
//! Input: the cleaned documents (and their metadata dates). Output: per document, an optional
//! reason why it looks out of period.
//! Two signals: a metadata date far from the cluster's dates, and, for undated documents, the
//! day-precise dates their text mentions ("Dec. 1", "Feb. 27", "Sept. 11-12"). News reports
//! anchor events near the day they are written, so the months of those anchors cluster; a
//! document whose anchors sit months away (on the circle of months: December is next to
//! January) from everyone else's was written about another period.
//! Invariant: flags only; nothing is removed here. Deterministic.

use std::sync::OnceLock;

use regex::Regex;

use crate::clean::CleanDocument;
use crate::facts::util::{days_from_civil, month_number};
use crate::model::Document;

/// A document is flagged when its anchors' mean month lies further than this many months from
/// the other documents' mean month.
pub const MONTHS_APART: f64 = 3.0;

/// Months mentioned with a day ("Dec. 1", "1 December", "September 11-12"), as 1..=12, in text
/// order. Mentions followed by a year are left out: they usually recall a past event.
pub fn day_anchors(text: &str) -> Vec<u8> {
    // Every anchor holds one of these, and most short articles hold none: a literal search
    // (vectorised by the regex crate) rules them out before the full pattern's slower scan.
    static MONTH_PREFIX: OnceLock<Regex> = OnceLock::new();
    let prefix = MONTH_PREFIX.get_or_init(|| {
        Regex::new("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec").expect("valid literals")
    });
    if !prefix.is_match(text) {
        return Vec::new();
    }
    let re = anchor_re();
    re.captures_iter(text)
        .filter_map(|c| {
            let month = c.name("m1").or_else(|| c.name("m2"))?.as_str();
            if c.name("year").is_some() {
                return None;
            }
            month_number(month).map(|m| m as u8)
        })
        .collect()
}

fn anchor_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let month = r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)";
        Regex::new(&format!(
            r"(?-u:\b)(?:(?P<m1>{month})\s+(?P<d1>[0-3]?\d)(?-u:\b)(?:\s*[-–]\s*[0-3]?\d)?|(?P<d2>[0-3]?\d)\s+(?P<m2>{month}))(?P<year>,?\s+(?:1[89]|20)\d\d)?"
        ))
        .expect("valid anchor regex")
    })
}

/// Days since 1970-01-01 of a leading `YYYY-MM-DD` (proleptic Gregorian); `None` otherwise.
pub(crate) fn day_number(date: &str) -> Option<i64> {
    let d = date.get(..10)?;
    let b = d.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = d.get(..4)?.parse().ok()?;
    let m: u32 = d.get(5..7)?.parse().ok()?;
    let day: u32 = d.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    Some(days_from_civil(y, m, day))
}

/// Mean direction of months on the circle, or `None` when they cancel out.
fn circular_mean(months: &[u8]) -> Option<f64> {
    if months.is_empty() {
        return None;
    }
    let (mut x, mut y) = (0.0, 0.0);
    for &m in months {
        let a = (m as f64 - 1.0) / 12.0 * std::f64::consts::TAU;
        x += a.cos();
        y += a.sin();
    }
    if x.hypot(y) < 1e-9 {
        return None;
    }
    Some((y.atan2(x) / std::f64::consts::TAU * 12.0).rem_euclid(12.0))
}

fn months_between(a: f64, b: f64) -> f64 {
    let d = (a - b).abs() % 12.0;
    d.min(12.0 - d)
}

/// Flag undated documents whose day anchors lie months away from the others'.
pub fn text_period_flags(documents: &[Document], cleaned: &[CleanDocument]) -> Vec<Option<String>> {
    let mut out = vec![None; documents.len()];
    // A flag needs an undated document and two others with anchors: without them no text is
    // scanned for anchors (most Multi-News clusters have two documents).
    if documents.len() < 3 || documents.iter().all(|d| d.date.is_some()) {
        return out;
    }
    let anchors: Vec<Vec<u8>> = cleaned.iter().map(|c| day_anchors(&c.text.clean)).collect();
    for (d, doc) in documents.iter().enumerate() {
        if doc.date.is_some() || anchors[d].is_empty() {
            continue;
        }
        let others: Vec<u8> = anchors
            .iter()
            .enumerate()
            .filter(|&(e, _)| e != d)
            .flat_map(|(_, a)| a.iter().copied())
            .collect();
        // The others must agree among themselves before they can outvote one document.
        let docs_with_anchors = anchors
            .iter()
            .enumerate()
            .filter(|&(e, a)| e != d && !a.is_empty())
            .count();
        if docs_with_anchors < 2 {
            continue;
        }
        let (Some(mine), Some(theirs)) = (circular_mean(&anchors[d]), circular_mean(&others))
        else {
            continue;
        };
        let apart = months_between(mine, theirs);
        if apart > MONTHS_APART {
            out[d] = Some(format!(
                "the dates its text mentions sit {apart:.1} months from those of the other documents"
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_need_a_day_and_skip_dates_with_years() {
        assert_eq!(
            day_anchors("Since Dec. 1, and on Feb. 27 and 3 March; Sept. 11-12 talks."),
            vec![12, 2, 3, 9]
        );
        assert!(day_anchors("In September 2018 and on Oct. 5, 2016, in May.").is_empty());
        assert_eq!(day_anchors("on January 12 the truce began"), vec![1]);
    }

    /// The talks on Oct. 12 sit months from the other two documents' March dates: only an
    /// undated document among three or more can be flagged, and only by two others that agree.
    #[test]
    fn an_undated_document_months_away_is_flagged() {
        let texts = [
            "The ministers met on March 5 to sign the ferry accord after a week of talks.",
            "Crews began repairs on March 6, a day after the ministers signed the accord.",
            "The harbor board said on Oct. 12 that the old ferry pier would close for good.",
        ];
        let flags = |texts: &[&str], dated: bool| {
            let mut cluster = crate::model::Cluster::from_texts("c", texts);
            if dated {
                for d in &mut cluster.documents {
                    d.date = Some("2020-03-06".into());
                }
            }
            let (cleaned, _) = crate::clean::clean(&cluster);
            text_period_flags(&cluster.documents, &cleaned)
        };
        let three = flags(&texts, false);
        assert!(three[0].is_none() && three[1].is_none(), "{three:?}");
        assert!(
            three[2].as_deref().is_some_and(|r| r.contains("months")),
            "{three:?}"
        );
        assert!(flags(&texts[1..], false).iter().all(Option::is_none));
        assert!(flags(&texts, true).iter().all(Option::is_none));
    }

    #[test]
    fn months_wrap_around_the_year() {
        assert!(months_between(circular_mean(&[12]).unwrap(), circular_mean(&[1]).unwrap()) < 1.01);
        assert!(
            months_between(
                circular_mean(&[9]).unwrap(),
                circular_mean(&[1, 2]).unwrap()
            ) > 3.0
        );
        assert_eq!(circular_mean(&[1, 7]), None);
    }
}
