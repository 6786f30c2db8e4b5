//! Facts extracted on a pool thread while the caller goes on briefing.
//!
//! Facts read only the cleaned sentences, so they can start as soon as a cluster is segmented
//! and run beside the summarizer on the other core. Waking a parked pool thread costs tens of
//! microseconds, which is more than the whole stage takes on a cluster of a few short articles;
//! so whichever thread comes first claims the work: a pool thread that has started on it, or
//! the caller, which then extracts the facts itself instead of waiting for a thread to wake.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use super::Facts;
use crate::clean::CleanDocument;
use crate::model::{Document, Sentence};

/// What the job reads: its own copy of the documents' metadata and of the sentence list, and
/// the cleaned documents shared with the caller (who only reads them while the job may run).
struct Input {
    documents: Vec<Document>,
    cleaned: Arc<Vec<CleanDocument>>,
    sentences: Vec<Sentence>,
}

struct Shared {
    input: Input,
    claimed: AtomicBool,
    /// `Some` once a pool thread finished: `Some(None)` if its extraction panicked.
    slot: Mutex<Option<Option<Facts>>>,
    ready: Condvar,
}

impl Shared {
    fn extract(&self, parallel: bool) -> Facts {
        let i = &self.input;
        // Before ranking there are no foreign-tail removals, the only ones facts read.
        super::extract(&i.documents, &i.cleaned, &i.sentences, &[], parallel)
    }
}

/// Facts being extracted for one cluster; [`EarlyFacts::finish`] gives them.
pub struct EarlyFacts {
    shared: Arc<Shared>,
}

impl EarlyFacts {
    /// Queue the extraction of the facts of `sentences` on the rayon pool.
    pub fn start(
        documents: &[Document],
        cleaned: Arc<Vec<CleanDocument>>,
        sentences: &[Sentence],
    ) -> EarlyFacts {
        // Facts never read a document's own text (only its cleaned text), so the copy leaves
        // it out.
        let documents = documents
            .iter()
            .map(|d| Document {
                id: d.id,
                name: d.name.clone(),
                source: d.source.clone(),
                date: d.date.clone(),
                title: d.title.clone(),
                format: d.format,
                text: String::new(),
            })
            .collect();
        let shared = Arc::new(Shared {
            input: Input {
                documents,
                cleaned,
                sentences: sentences.to_vec(),
            },
            claimed: AtomicBool::new(false),
            slot: Mutex::new(None),
            ready: Condvar::new(),
        });
        let job = Arc::clone(&shared);
        rayon::spawn(move || {
            if job.claimed.swap(true, Ordering::AcqRel) {
                return;
            }
            // A panic leaves the brief without facts, never without the rest (the library does
            // not panic; this is a guard, not a path).
            let run = std::panic::AssertUnwindSafe(|| job.extract(true));
            let facts = std::panic::catch_unwind(run).ok();
            if let Ok(mut slot) = job.slot.lock() {
                *slot = Some(facts);
            }
            job.ready.notify_all();
        });
        EarlyFacts { shared }
    }

    /// The facts: extracted here when no pool thread has started on them, else waited for.
    /// (Dropping an `EarlyFacts` unfinished makes a pool thread that has not started skip the
    /// work.)
    pub fn finish(self) -> Facts {
        let shared = &self.shared;
        if !shared.claimed.swap(true, Ordering::AcqRel) {
            return shared.extract(true);
        }
        let Ok(mut slot) = shared.slot.lock() else {
            return Facts::default();
        };
        loop {
            if let Some(facts) = slot.take() {
                return facts.unwrap_or_default();
            }
            slot = match shared.ready.wait(slot) {
                Ok(s) => s,
                Err(_) => return Facts::default(),
            };
        }
    }
}

impl Drop for EarlyFacts {
    fn drop(&mut self) {
        self.shared.claimed.store(true, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cluster;

    fn inputs() -> (Cluster, Arc<Vec<CleanDocument>>, Vec<Sentence>) {
        let cluster = Cluster::from_texts("early", &[
            "Mayor Helena Varady said on Tuesday that 43 people were hurt. \"We will rebuild,\" she said.",
            "At least 40 people were injured in Portvale, officials said on Oct. 13.",
        ]);
        let (cleaned, _) = crate::clean::clean(&cluster);
        let mut sentences = Vec::new();
        for cd in &cleaned {
            for (position, r) in crate::segment::split_sentences(&cd.text.clean)
                .into_iter()
                .enumerate()
            {
                let span = crate::model::Span::new(r.start, r.end);
                let original = cd.text.to_original(span).unwrap();
                sentences.push(Sentence {
                    doc: cd.doc,
                    span,
                    original,
                    position,
                });
            }
        }
        (cluster, Arc::new(cleaned), sentences)
    }

    #[test]
    fn early_facts_are_the_facts_whoever_extracts_them() {
        let (cluster, cleaned, sentences) = inputs();
        let direct = super::super::extract(&cluster.documents, &cleaned, &sentences, &[], false);
        assert!(!direct.figures.is_empty() && !direct.entities.is_empty());
        // Finished at once (most likely here, before a pool thread starts) and after the pool
        // thread surely had time to take it.
        let now = EarlyFacts::start(&cluster.documents, Arc::clone(&cleaned), &sentences).finish();
        let later = EarlyFacts::start(&cluster.documents, Arc::clone(&cleaned), &sentences);
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert_eq!(now, direct);
        assert_eq!(later.finish(), direct);
        // Dropped unfinished: nothing waits, and the shared text is released in time.
        drop(EarlyFacts::start(
            &cluster.documents,
            Arc::clone(&cleaned),
            &sentences,
        ));
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert_eq!(Arc::strong_count(&cleaned), 1);
    }
}
