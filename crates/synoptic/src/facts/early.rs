//! Facts extracted on pool threads while the caller goes on briefing.
//!
//! Facts read only the cleaned sentences, so they can start as soon as a cluster is segmented
//! and run beside the summarizer on the other core. The stage is two chains of about equal
//! work (dates → figures → groups → timeline with finding quotes; entities), each queued as a
//! unit of its own on a small pool kept for facts (one thread fewer than the cores). Waking a
//! parked pool thread costs tens of microseconds, and a pool thread may be busy with the other
//! unit; so whichever thread comes first claims a unit: a pool thread that has started on it,
//! or the caller, which once its summary is done runs every unit still unclaimed itself instead
//! of waiting. Only the last step (quotes get their speakers from the entities) runs on the
//! caller.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use super::{Context, Dated, Entity, Facts};
use crate::clean::CleanDocument;
use crate::model::{Document, Removal, RemovalKind, Sentence};

/// What the units read: their own copy of the documents' metadata and of the sentence list,
/// and the cleaned documents shared with the caller (who only reads them while units may run).
struct Input {
    documents: Vec<Document>,
    cleaned: Arc<Vec<CleanDocument>>,
    sentences: Vec<Sentence>,
    /// The foreign-tail removals: the only removals facts read.
    foreign: Vec<Removal>,
}

impl Input {
    fn context<'a>(&'a self, cancel: &'a AtomicBool) -> Context<'a> {
        let mut ctx = Context::new(
            &self.documents,
            &self.cleaned,
            &self.sentences,
            &self.foreign,
        );
        ctx.cancel = Some(cancel);
        ctx
    }
}

/// One chain of the stage, run by whichever thread claims it first.
struct Unit<T> {
    claimed: AtomicBool,
    /// `Some` once a pool thread finished: `Some(None)` if its extraction panicked.
    slot: Mutex<Option<Option<T>>>,
    ready: Condvar,
}

impl<T> Unit<T> {
    fn new() -> Self {
        Unit {
            claimed: AtomicBool::new(false),
            slot: Mutex::new(None),
            ready: Condvar::new(),
        }
    }

    fn claim(&self) -> bool {
        !self.claimed.swap(true, Ordering::AcqRel)
    }

    /// On a pool thread: run `work` if no thread claimed the unit yet, and leave the result.
    fn run_on_pool(&self, work: impl FnOnce() -> T) {
        if !self.claim() {
            return;
        }
        // A panic leaves the brief without this part of the facts, never without the rest
        // (the library does not panic; this is a guard, not a path).
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).ok();
        // No code panics while holding the lock, but a waiter must never hang: take it anyway.
        *self.slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
        self.ready.notify_all();
    }

    /// On the caller: run `work` here if the unit is still unclaimed.
    fn run_here(&self, work: impl FnOnce() -> T) -> Option<T> {
        self.claim().then(work)
    }

    /// On the caller: wait for the pool thread that claimed the unit (`None` if it panicked).
    fn wait(&self) -> Option<T> {
        let mut slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(result) = slot.take() {
                return result;
            }
            slot = self.ready.wait(slot).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// Queue `job` on the threads early facts run on: one fewer than the cores, since the briefing
/// thread keeps one busy (with rayon's global pool of one thread per core, three busy threads on
/// two cores made Multi-News briefs slower). Rayon's global pool if that pool cannot be built.
fn spawn(job: impl FnOnce() + Send + 'static) {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    let pool = POOL.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        rayon::ThreadPoolBuilder::new()
            .num_threads(cores.saturating_sub(1).max(1))
            .thread_name(|i| format!("synoptic-facts-{i}"))
            .build()
            .ok()
    });
    match pool {
        Some(p) => p.spawn(job),
        None => rayon::spawn(job),
    }
}

struct Shared {
    input: Input,
    /// Set when the facts are no longer wanted: running units stop at their next check.
    cancel: AtomicBool,
    dated: Unit<Dated>,
    entities: Unit<Vec<Entity>>,
}

/// Facts being extracted for one cluster; [`EarlyFacts::finish`] gives them.
pub struct EarlyFacts {
    shared: Arc<Shared>,
}

impl EarlyFacts {
    /// Queue the extraction of the facts of `sentences` on the facts' pool (the same facts as
    /// [`super::extract`] with these arguments).
    pub fn start(
        documents: &[Document],
        cleaned: Arc<Vec<CleanDocument>>,
        sentences: &[Sentence],
        removals: &[Removal],
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
                foreign: removals
                    .iter()
                    .filter(|r| r.kind == RemovalKind::ForeignText)
                    .cloned()
                    .collect(),
            },
            cancel: AtomicBool::new(false),
            dated: Unit::new(),
            entities: Unit::new(),
        });
        // Entities, the larger chain (about half the stage), are queued first: the pool thread
        // takes them, and a caller done with its summary takes the dates chain (NeuS: facts
        // added 42–50 % against 43–57 % in the other order, in the same runs).
        let job = Arc::clone(&shared);
        spawn(move || {
            job.entities
                .run_on_pool(|| super::entities::extract(&job.input.context(&job.cancel)))
        });
        let job = Arc::clone(&shared);
        spawn(move || {
            job.dated
                .run_on_pool(|| Dated::extract(&job.input.context(&job.cancel)))
        });
        EarlyFacts { shared }
    }

    /// The facts: each chain no pool thread has started on is extracted here, the others are
    /// waited for. (Dropping an `EarlyFacts` unfinished makes pool threads that have not
    /// started skip the work, and those that have stop at their next check.)
    pub fn finish(self) -> Facts {
        let shared = &self.shared;
        let ctx = shared.input.context(&shared.cancel);
        // First every chain no pool thread has started, then wait for the others.
        let dated_here = shared.dated.run_here(|| Dated::extract(&ctx));
        let entities_here = shared.entities.run_here(|| super::entities::extract(&ctx));
        let entities = entities_here
            .or_else(|| shared.entities.wait())
            .unwrap_or_default();
        let Some(dated) = dated_here.or_else(|| shared.dated.wait()) else {
            return Facts {
                entities,
                ..Facts::default()
            };
        };
        super::assemble(&ctx, dated, entities)
    }
}

impl Drop for EarlyFacts {
    fn drop(&mut self) {
        self.shared.cancel.store(true, Ordering::Relaxed);
        self.shared.dated.claimed.store(true, Ordering::Release);
        self.shared.entities.claimed.store(true, Ordering::Release);
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
        let (sentences, _) = crate::pipeline::segment(&cleaned, cluster.documents.len());
        (cluster, Arc::new(cleaned), sentences)
    }

    #[test]
    fn early_facts_are_the_facts_whoever_extracts_them() {
        let (cluster, cleaned, sentences) = inputs();
        let direct = super::super::extract(&cluster.documents, &cleaned, &sentences, &[]);
        assert!(!direct.figures.is_empty() && !direct.entities.is_empty());
        // Finished at once (most likely here, before a pool thread starts) and after the pool
        // thread surely had time to take it.
        let now =
            EarlyFacts::start(&cluster.documents, Arc::clone(&cleaned), &sentences, &[]).finish();
        let later = EarlyFacts::start(&cluster.documents, Arc::clone(&cleaned), &sentences, &[]);
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert_eq!(now, direct);
        assert_eq!(later.finish(), direct);
        // Dropped unfinished: nothing waits, and the pool threads let go of the shared text
        // (skipping the work or stopping it) without anyone finishing it.
        drop(EarlyFacts::start(
            &cluster.documents,
            Arc::clone(&cleaned),
            &sentences,
            &[],
        ));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while Arc::strong_count(&cleaned) > 1 && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(Arc::strong_count(&cleaned), 1);
    }
}
