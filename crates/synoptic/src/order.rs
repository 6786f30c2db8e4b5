//! Order: put the chosen sentences in an order a reader can follow.
//!
//! Input: the picks, the sentences and the documents. Output: the picks reordered.
//! Rule: by document date when every quoted document has one, then by how early the sentence
//! sits in its document (leads first, so the story opens with what happened), then by document
//! and position. A stable, total order: the same input always reads the same way.

use crate::model::{Document, Sentence};
use crate::select::Pick;

/// Reorder `picks` for reading. `sentence_counts[d]` is the number of sentences of document `d`.
pub fn order(
    picks: &[Pick],
    sentences: &[Sentence],
    documents: &[Document],
    sentence_counts: &[usize],
) -> Vec<Pick> {
    let mut out = picks.to_vec();
    let doc_of = |p: &Pick| sentences[p.sentence].doc.index();
    // Dates order the story only when every quoted document has one; a mix of dated and
    // undated documents would push undated leads behind dated details.
    let all_dated = picks.iter().all(|p| documents[doc_of(p)].date.is_some());
    let rel = |s: &Sentence| s.position as f64 / sentence_counts[s.doc.index()].max(1) as f64;
    out.sort_by(|a, b| {
        let sa = &sentences[a.sentence];
        let sb = &sentences[b.sentence];
        let by_date = if all_dated {
            documents[sa.doc.index()]
                .date
                .cmp(&documents[sb.doc.index()].date)
        } else {
            std::cmp::Ordering::Equal
        };
        by_date
            .then(rel(sa).total_cmp(&rel(sb)))
            .then(sa.doc.cmp(&sb.doc))
            .then(sa.position.cmp(&sb.position))
    });
    out
}
