//! Agreement: figures that speak of the same thing (same counted thing, same predicate, same
//! unit, compatible time) in several documents, and whether the documents agree.
//!
//! Each statement allows an interval of true values ("at least 33" allows 33 and up). Two
//! documents conflict when their intervals do not meet; the group is `agree` when every
//! document says the same thing the same way, `consistent` when they differ but can all be
//! true, `conflicting` otherwise.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::figures::{thing_key, Figure, Qualifier};
use crate::model::DocId;

/// How the documents of a group relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Some documents state figures that cannot both be true.
    Conflicting,
    /// The figures differ but can all be true ("at least 33" and "34").
    Consistent,
    /// Every document states the same figure.
    Agree,
}

/// One distinct statement inside a group and who makes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// The value.
    pub value: f64,
    /// Its hedge.
    pub qualifier: Qualifier,
    /// As first written ("3.6 million").
    pub text: String,
    /// The figures (indices into `Facts::figures`) making it.
    pub figures: Vec<usize>,
    /// The documents making it.
    pub docs: Vec<DocId>,
    /// Their names: the outlet when known, else the document id.
    pub sources: Vec<String>,
}

/// Figures about the same thing in at least two documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureGroup {
    /// The thing counted, as first written.
    pub thing: String,
    /// The predicate, when one was found.
    pub predicate: Option<String>,
    /// The unit, when any.
    pub unit: Option<String>,
    /// The time the figures speak of, when known.
    pub scope: Option<String>,
    /// The verdict.
    pub verdict: Verdict,
    /// The distinct statements, largest value first.
    pub claims: Vec<Claim>,
}

fn meets(a: (f64, f64), b: (f64, f64)) -> bool {
    a.0 <= b.1 + 1e-9 && b.0 <= a.1 + 1e-9
}

/// Group figures and classify each group; conflicts come first.
pub(crate) fn group(figures: &[Figure]) -> Vec<FigureGroup> {
    type Key = (String, String, String, String);
    let mut by_key: BTreeMap<Key, Vec<usize>> = BTreeMap::new();
    for (i, f) in figures.iter().enumerate() {
        // Without a predicate two figures about "people" may be about anything.
        let Some(thing) = &f.thing else { continue };
        if f.predicate.is_none()
            && !matches!(f.unit.as_deref(), Some("percent" | "USD" | "EUR" | "GBP"))
        {
            continue;
        }
        let key = thing_key(thing);
        if key.is_empty() {
            continue;
        }
        by_key
            .entry((
                key,
                f.predicate.clone().unwrap_or_default(),
                f.unit.clone().unwrap_or_default(),
                f.scope.clone().unwrap_or_default(),
            ))
            .or_default()
            .push(i);
    }
    let mut groups = Vec::new();
    for (_, members) in by_key {
        let mut docs: Vec<DocId> = members.iter().map(|&i| figures[i].mention.doc).collect();
        docs.sort();
        docs.dedup();
        if docs.len() < 2 {
            continue;
        }
        let mut claims: Vec<Claim> = Vec::new();
        for &i in &members {
            let f = &figures[i];
            let source = f
                .mention
                .source
                .as_deref()
                .unwrap_or(&f.mention.doc_id)
                .to_string();
            match claims.iter_mut().find(|c| {
                c.qualifier == f.qualifier
                    && (c.value - f.value).abs() <= 1e-9 * f.value.abs().max(1.0)
            }) {
                Some(c) => {
                    c.figures.push(i);
                    if !c.docs.contains(&f.mention.doc) {
                        c.docs.push(f.mention.doc);
                        c.sources.push(source);
                    }
                }
                None => claims.push(Claim {
                    value: f.value,
                    qualifier: f.qualifier,
                    text: f.mention.text.clone(),
                    figures: vec![i],
                    docs: vec![f.mention.doc],
                    sources: vec![source],
                }),
            }
        }
        claims.sort_by(|a, b| {
            b.value
                .total_cmp(&a.value)
                .then(a.qualifier.cmp(&b.qualifier))
        });
        let mut verdict = if claims.len() == 1 {
            Verdict::Agree
        } else {
            Verdict::Consistent
        };
        'pairs: for (x, a) in claims.iter().enumerate() {
            for b in &claims[x + 1..] {
                let across = a.docs.iter().any(|d| b.docs.iter().any(|e| e != d));
                if across && !meets(a.qualifier.interval(a.value), b.qualifier.interval(b.value)) {
                    verdict = Verdict::Conflicting;
                    break 'pairs;
                }
            }
        }
        let first = &figures[members[0]];
        groups.push(FigureGroup {
            thing: first.thing.clone().unwrap_or_default(),
            predicate: first.predicate.clone(),
            unit: first.unit.clone(),
            scope: first.scope.clone(),
            verdict,
            claims,
        });
    }
    groups.sort_by(|a, b| {
        let docs = |g: &FigureGroup| {
            g.claims
                .iter()
                .flat_map(|c| c.docs.iter())
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        };
        a.verdict
            .cmp(&b.verdict)
            .then(docs(b).cmp(&docs(a)))
            .then(a.thing.cmp(&b.thing))
    });
    groups
}
