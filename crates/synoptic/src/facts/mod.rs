//! Facts: the hard facts behind a brief, read from the cleaned sentences of a cluster.
//!
//! Input: the documents, their cleaned text, the sentences and the removal log (sentences inside
//! a [`RemovalKind::ForeignText`] removal never feed facts). Output: [`Facts`]:
//!
//! | capability | module | what |
//! |---|---|---|
//! | figures | [`figures`] | every quantity with value, qualifier, unit, counted thing, predicate |
//! | agreement | [`agreement`] | figures about the same thing across documents: agree, consistent, conflicting |
//! | timeline | [`timeline`] | date and time expressions resolved against each document's date; dated events |
//! | entities | [`entities`] | people, organisations and places merged across spellings, ranked by salience |
//! | quotes | [`quotes`] | direct quotations with their speakers |
//!
//! Every [`Mention`] carries a span into its document's cleaned text and one into the original
//! text; both slice exactly `Mention::text`. Nothing here uses a hash map's iteration order, so
//! the output is byte-identical from run to run.

pub mod agreement;
pub(crate) mod early;
pub mod entities;
pub mod figures;
mod gazetteer;
mod number_groups;
pub mod quotes;
pub mod render;
pub mod timeline;
pub(crate) mod util;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::clean::CleanDocument;
use crate::model::{DocId, Document, Removal, RemovalKind, Sentence, Span};

pub use agreement::{Claim, FigureGroup, Verdict};
pub use entities::{Entity, EntityKind};
pub use figures::{Figure, Qualifier};
pub use quotes::Quote;
pub use timeline::{DocumentDate, Resolution, TimeExpression, TimelineEvent};

/// Everything the facts stage found in a cluster.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    /// Groups of figures about the same thing in several documents; conflicts first.
    pub groups: Vec<FigureGroup>,
    /// Every quantity, one per mention, in document then text order.
    pub figures: Vec<Figure>,
    /// The date each document's relative expressions are resolved against.
    pub document_dates: Vec<DocumentDate>,
    /// Every date or time expression, in document then text order.
    pub time_expressions: Vec<TimeExpression>,
    /// Dated sentences in time order, merged across documents.
    pub timeline: Vec<TimelineEvent>,
    /// People, organisations, places (and other names), most salient first.
    pub entities: Vec<Entity>,
    /// Direct quotations, in document then text order.
    pub quotes: Vec<Quote>,
}

/// One place in one document where a fact is stated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The document.
    pub doc: DocId,
    /// The document's caller-given id (shared by every mention of the document).
    pub doc_id: Arc<str>,
    /// The document's outlet, when known (shared by every mention of the document).
    pub source: Option<Arc<str>>,
    /// The mention text: exactly `clean_text[span]` and `text[original_span]`.
    pub text: String,
    /// Byte span into the document's cleaned text.
    pub span: Span,
    /// Byte span into the document's original text.
    pub original_span: Span,
}

/// A sentence the facts stage reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FactSentence<'a> {
    /// The document.
    pub doc: DocId,
    /// Span in the cleaned text.
    pub span: Span,
    /// Position of the sentence in its document.
    pub position: usize,
    /// The sentence text.
    pub text: &'a str,
}

/// The shared inputs of every capability.
pub(crate) struct Context<'a> {
    pub documents: &'a [Document],
    pub cleaned: &'a [CleanDocument],
    /// Readable sentences, in document then text order.
    pub sentences: Vec<FactSentence<'a>>,
    /// Each document's id and outlet, allocated once and shared by its mentions.
    names: Vec<(Arc<str>, Option<Arc<str>>)>,
    /// Set when the result is no longer wanted ([`early`]): the chains stop at their next
    /// check and return what they have, which is then dropped.
    cancel: Option<&'a AtomicBool>,
}

impl<'a> Context<'a> {
    /// Build the context, leaving out sentences inside foreign-text removals.
    pub fn new(
        documents: &'a [Document],
        cleaned: &'a [CleanDocument],
        sentences: &[Sentence],
        removals: &[Removal],
    ) -> Self {
        let foreign: Vec<&Removal> = removals
            .iter()
            .filter(|r| r.kind == RemovalKind::ForeignText)
            .collect();
        let mut out = Vec::with_capacity(sentences.len());
        for s in sentences {
            let Some(cd) = cleaned.get(s.doc.index()) else {
                continue;
            };
            if documents.get(s.doc.index()).is_none() {
                continue;
            }
            if foreign.iter().any(|r| {
                r.doc == s.doc && r.span.start < s.original.end && s.original.start < r.span.end
            }) {
                continue;
            }
            let Some(text) = s.span.slice(&cd.text.clean) else {
                continue;
            };
            out.push(FactSentence {
                doc: s.doc,
                span: s.span,
                position: s.position,
                text,
            });
        }
        out.sort_by_key(|s| (s.doc, s.span.start));
        let names = documents
            .iter()
            .map(|d| {
                (
                    Arc::from(d.name.as_str()),
                    d.source.as_deref().map(Arc::from),
                )
            })
            .collect();
        Context {
            documents,
            cleaned,
            sentences: out,
            names,
            cancel: None,
        }
    }

    /// Whether the caller no longer wants the result.
    pub fn cancelled(&self) -> bool {
        self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }

    /// [`Context::cancelled`], asked by a loop at its item `k`: every 16 items, often enough that
    /// a cancelled unit stops within microseconds. Unwanted results stop early and are dropped.
    pub fn cancelled_at(&self, k: usize) -> bool {
        k % 16 == 15 && self.cancelled()
    }

    /// A mention of `clean_text[span]` in `doc`; `None` when the span is off bounds or
    /// crosses a block boundary.
    pub fn mention(&self, doc: DocId, span: Span) -> Option<Mention> {
        let original_span = self.locate(doc, span)?;
        self.mention_at(doc, span, original_span)
    }

    /// The original span of `clean_text[span]` in `doc`, when a mention can be made of it
    /// (checks without building the mention's strings).
    pub fn locate(&self, doc: DocId, span: Span) -> Option<Span> {
        let cd = self.cleaned.get(doc.index())?;
        self.documents.get(doc.index())?;
        span.slice(&cd.text.clean)?;
        cd.text.to_original(span)
    }

    /// The mention of a span already checked by [`Context::locate`].
    pub fn mention_at(&self, doc: DocId, span: Span, original_span: Span) -> Option<Mention> {
        let cd = self.cleaned.get(doc.index())?;
        let (doc_id, source) = self.names.get(doc.index())?;
        let text = span.slice(&cd.text.clean)?;
        Some(Mention {
            doc,
            doc_id: Arc::clone(doc_id),
            source: source.clone(),
            text: text.to_string(),
            span,
            original_span,
        })
    }

    /// A mention of `sentence.text[start..end]`.
    pub fn mention_in(&self, s: &FactSentence<'_>, start: usize, end: usize) -> Option<Mention> {
        self.mention(s.doc, Span::new(s.span.start + start, s.span.start + end))
    }
}

/// What the chain that starts from dates finds, plus the quotes still without speakers.
#[derive(Default)]
struct Dated {
    document_dates: Vec<DocumentDate>,
    time_expressions: Vec<TimeExpression>,
    figures: Vec<Figure>,
    groups: Vec<FigureGroup>,
    timeline: Vec<TimelineEvent>,
    found: Vec<quotes::Pending>,
}

impl Dated {
    fn extract(ctx: &Context<'_>) -> Dated {
        let (document_dates, time_expressions) = timeline::expressions(ctx);
        if ctx.cancelled() {
            return Dated::default();
        }
        let figures = figures::extract(ctx, &time_expressions);
        if ctx.cancelled() {
            return Dated::default();
        }
        let groups = agreement::group(&figures);
        let timeline = timeline::events(ctx, &time_expressions);
        if ctx.cancelled() {
            return Dated::default();
        }
        let found = quotes::find(ctx);
        Dated {
            document_dates,
            time_expressions,
            figures,
            groups,
            timeline,
            found,
        }
    }
}

/// Extract every fact from a cluster on this thread. Never panics on input; an empty cluster
/// gives empty facts. The crate-private `early::EarlyFacts` runs the same two chains (dates →
/// figures → groups → timeline with finding quotes; entities) on a pool beside the caller.
pub fn extract(
    documents: &[Document],
    cleaned: &[CleanDocument],
    sentences: &[Sentence],
    removals: &[Removal],
) -> Facts {
    let ctx = Context::new(documents, cleaned, sentences, removals);
    let dated = Dated::extract(&ctx);
    let entities = entities::extract(&ctx);
    assemble(&ctx, dated, entities)
}

/// The facts from the two chains: quotes get their speakers from the entities.
fn assemble(ctx: &Context<'_>, dated: Dated, entities: Vec<Entity>) -> Facts {
    let quotes = quotes::resolve(ctx, dated.found, &entities);
    Facts {
        groups: dated.groups,
        figures: dated.figures,
        document_dates: dated.document_dates,
        time_expressions: dated.time_expressions,
        timeline: dated.timeline,
        entities,
        quotes,
    }
}
