//! Dedup: find near-duplicate documents (syndicated wire copies) in a cluster.
//!
//! Input: the cleaned documents. Output: groups of documents whose cleaned texts are nearly the
//! same, each led by the copy that is kept (the longest, then the earliest).
//! Method: every document is reduced to a sketch, the hashes of its word 5-shingles that fall in
//! a fixed 1/4 of the hash space (a mod-sampled MinHash sketch: the same shingle is sampled in
//! every document, so sketch overlap estimates shingle overlap). An inverted index from sampled
//! hash to documents counts shared hashes per pair without comparing all pairs.
//! Invariant: deterministic (fixed hash function, sorted output).

use rustc_hash::FxHashMap as HashMap;

use serde::{Deserialize, Serialize};

use crate::analyze::Analysis;
use crate::clean::CleanDocument;
use crate::model::{DocId, Sentence};

/// Documents that are copies of one another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateGroup {
    /// The copy whose sentences may be quoted.
    pub kept: DocId,
    /// The other copies: they count as support, their sentences are not quoted.
    pub copies: Vec<DocId>,
    /// The lowest estimated containment between the kept document and a copy, in [0, 1].
    pub similarity: f64,
}

/// Shingle length in words.
const SHINGLE: usize = 5;
/// Keep hashes whose value is 0 modulo this (a quarter of all shingles).
const SAMPLE: u64 = 4;
/// Documents need this many sampled shingles to be compared at all.
const MIN_SKETCH: usize = 8;

/// Group near-duplicate documents: pairs whose estimated containment (shared shingles over the
/// smaller document's shingles) reaches `threshold`. Documents are read as their sentences'
/// content-term ids from the analysis, so no text is tokenized twice.
pub fn duplicate_documents(
    docs: &[CleanDocument],
    sentences: &[Sentence],
    analysis: &Analysis,
    threshold: f64,
) -> Vec<DuplicateGroup> {
    let mut words: Vec<Vec<u32>> = vec![Vec::new(); docs.len()];
    for (s, f) in sentences.iter().zip(&analysis.sentences) {
        words[s.doc.index()].extend_from_slice(&f.terms);
    }
    let lengths: Vec<usize> = docs.iter().map(|d| d.text.clean.len()).collect();
    group_by_words(&words, &lengths, threshold)
}

/// The core of [`duplicate_documents`]: `words[d]` is document d's word-id sequence and
/// `lengths[d]` its size (the longest copy is kept).
fn group_by_words(words: &[Vec<u32>], lengths: &[usize], threshold: f64) -> Vec<DuplicateGroup> {
    let n = words.len();
    let sketches: Vec<Vec<u64>> = words.iter().map(|w| sketch(w)).collect();
    // The inverted index as (hash, document) pairs sorted by hash: each run of one hash lists
    // its documents in increasing order (a list per hash cost an allocation each).
    let mut index: Vec<(u64, u32)> = sketches
        .iter()
        .enumerate()
        .flat_map(|(d, s)| s.iter().map(move |&h| (h, d as u32)))
        .collect();
    index.sort_unstable();
    let mut postings: Vec<u32> = Vec::new();
    let mut shared: HashMap<(u32, u32), u32> = HashMap::default();
    for run in index.chunk_by(|a, b| a.0 == b.0) {
        postings.clear();
        postings.extend(run.iter().map(|e| e.1));
        // A shingle found in very many documents is boilerplate, not evidence of copying.
        if postings.len() < 2 || postings.len() > 50 {
            continue;
        }
        for (i, &a) in postings.iter().enumerate() {
            for &b in &postings[i + 1..] {
                *shared.entry((a, b)).or_insert(0) += 1;
            }
        }
    }
    let mut pairs: Vec<(u32, u32, f64)> = shared
        .into_iter()
        .filter_map(|((a, b), n)| {
            let small = sketches[a as usize].len().min(sketches[b as usize].len());
            if small < MIN_SKETCH {
                return None;
            }
            let c = n as f64 / small as f64;
            (c >= threshold).then_some((a, b, c))
        })
        .collect();
    // Identical texts are copies whatever their length (short boilerplate pages included).
    let mut by_text: HashMap<u64, u32> = HashMap::default();
    for (d, w) in words.iter().enumerate() {
        if w.is_empty() {
            continue;
        }
        let key = w
            .iter()
            .fold(0xcbf2_9ce4_8422_2325u64, |h, &x| mix(h ^ x as u64));
        match by_text.get(&key) {
            Some(&first) => pairs.push((first, d as u32, 1.0)),
            None => {
                by_text.insert(key, d as u32);
            }
        }
    }
    pairs.sort_by_key(|p| (p.0, p.1));
    pairs.dedup_by_key(|p| (p.0, p.1));

    // Union-find over the qualifying pairs.
    let mut parent: Vec<u32> = (0..n as u32).collect();
    fn find(p: &mut [u32], x: u32) -> u32 {
        let mut r = x;
        while p[r as usize] != r {
            r = p[r as usize];
        }
        let mut y = x;
        while p[y as usize] != r {
            let next = p[y as usize];
            p[y as usize] = r;
            y = next;
        }
        r
    }
    for &(a, b, _) in &pairs {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb) as usize] = ra.min(rb);
        }
    }
    let mut members: HashMap<u32, Vec<u32>> = HashMap::default();
    for d in 0..n as u32 {
        let r = find(&mut parent, d);
        members.entry(r).or_default().push(d);
    }
    let mut groups: Vec<DuplicateGroup> = members
        .into_values()
        .filter(|m| m.len() > 1)
        .map(|mut m| {
            m.sort_unstable();
            let kept = *m
                .iter()
                .max_by(|&&a, &&b| {
                    lengths[a as usize]
                        .cmp(&lengths[b as usize])
                        .then(b.cmp(&a))
                })
                .expect("group is not empty");
            let similarity = pairs
                .iter()
                .filter(|p| m.contains(&p.0) && m.contains(&p.1))
                .map(|p| p.2)
                .fold(1.0, f64::min);
            DuplicateGroup {
                kept: DocId(kept),
                copies: m.into_iter().filter(|&d| d != kept).map(DocId).collect(),
                similarity,
            }
        })
        .collect();
    groups.sort_by_key(|g| g.kept);
    groups
}

/// Sampled shingle hashes of a word-id sequence, sorted and unique.
fn sketch(words: &[u32]) -> Vec<u64> {
    let mut out: Vec<u64> = words
        .windows(SHINGLE)
        .map(|w| {
            mix(w
                .iter()
                .fold(0xcbf2_9ce4_8422_2325, |h, &x| mix(h ^ x as u64)))
        })
        .filter(|h| h % SAMPLE == 0)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// splitmix64 finalizer: spreads bits so `h % SAMPLE` samples uniformly.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Word ids for test texts (lower-cased words; the same word gets the same id).
    fn ids(texts: &[&str]) -> Vec<Vec<u32>> {
        let mut vocab: HashMap<String, u32> = HashMap::default();
        texts
            .iter()
            .map(|t| {
                t.split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(|w| {
                        let next = vocab.len() as u32;
                        *vocab.entry(w.to_lowercase()).or_insert(next)
                    })
                    .collect()
            })
            .collect()
    }

    const WIRE: &str = "The harbor authority said on Friday that the northern channel would reopen to cargo ships next week after divers cleared debris from the collapsed bridge. Officials said fourteen vessels were waiting at anchor outside the port and that the coast guard had finished a survey of the channel bed. The mayor said the city would ask the state for emergency funds to rebuild the crossing, which carried about ninety thousand vehicles a day before it fell.";

    #[test]
    fn syndicated_copies_group_and_others_do_not() {
        let edited = WIRE
            .replace("on Friday", "Friday")
            .replace("fourteen", "14");
        let other = "A food festival in the park drew record crowds over the weekend, with more than one hundred stalls selling dumplings, flatbreads and ice cream to families from across the region while bands played on the main stage until late in the evening.";
        let texts = [WIRE, other, edited.as_str()];
        let lengths: Vec<usize> = texts.iter().map(|t| t.len()).collect();
        let groups = group_by_words(&ids(&texts), &lengths, 0.5);
        assert_eq!(groups.len(), 1);
        let mut all = groups[0].copies.clone();
        all.push(groups[0].kept);
        all.sort();
        assert_eq!(all, vec![DocId(0), DocId(2)]);
        assert!(groups[0].similarity >= 0.5 && groups[0].similarity <= 1.0);
    }

    #[test]
    fn short_documents_group_only_when_identical() {
        let texts = ["Short text.", "short  TEXT", "Other text."];
        let groups = group_by_words(&ids(&texts), &[11, 11, 11], 0.5);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].kept, DocId(0));
        assert_eq!(groups[0].copies, vec![DocId(1)]);
    }
}
