//! Model: the data every stage shares.
//!
//! A [`Cluster`] of [`Document`]s goes in; a [`Brief`] of attributed [`SummarySentence`]s comes
//! out. Spans are byte ranges; [`Span::slice`] is the one way to turn them back into text.

use serde::{Deserialize, Serialize};

/// Index of a document inside its cluster (0-based, in input order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(pub u32);

impl DocId {
    /// The index as `usize`.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A half-open byte range `[start, end)` into some text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// Make a span; `start <= end` is the caller's promise.
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// True when the span covers nothing.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The text this span covers, or `None` when it is out of bounds or off a char boundary.
    pub fn slice(self, text: &str) -> Option<&str> {
        text.get(self.start..self.end)
    }
}

/// How a document arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Plain text.
    Text,
    /// HTML, reduced to its main content by a readability extractor.
    Html,
    /// Markdown, read as text; cleaning drops block markers (`#`, `>`, bullets) but inline
    /// emphasis stays in the quoted text.
    Markdown,
}

/// One article as read from the input.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    /// Position in the cluster.
    pub id: DocId,
    /// The caller's identifier (file name or JSONL `doc_id`).
    pub name: String,
    /// Outlet, from metadata when present.
    pub source: Option<String>,
    /// Publication date (`YYYY-MM-DD` when it could be parsed, else as given).
    pub date: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Input format.
    pub format: InputFormat,
    /// The input text: the decoded file (lossily, if it was not UTF-8), or for HTML the
    /// extracted main text. Original spans index into this and it never changes.
    pub text: String,
}

/// Documents about one event.
#[derive(Debug, Clone, Default)]
pub struct Cluster {
    /// The cluster id (from JSONL, or the folder name).
    pub id: String,
    /// The documents, in input order; `documents[i].id == DocId(i)`.
    pub documents: Vec<Document>,
    /// Non-fatal problems met while reading.
    pub warnings: Vec<Warning>,
}

impl Cluster {
    /// A cluster of plain-text documents named `{id}-0`, `{id}-1`, … with no metadata: for
    /// callers (and tests) that hold the articles as strings.
    pub fn from_texts(id: &str, texts: &[&str]) -> Cluster {
        Cluster {
            id: id.into(),
            documents: texts
                .iter()
                .enumerate()
                .map(|(i, t)| Document {
                    id: DocId(i as u32),
                    name: format!("{id}-{i}"),
                    source: None,
                    date: None,
                    title: None,
                    format: InputFormat::Text,
                    text: (*t).to_string(),
                })
                .collect(),
            warnings: Vec::new(),
        }
    }
}

/// A non-fatal problem, kept as data so a caller can show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// The file, document or input concerned.
    pub input: String,
    /// What happened.
    pub message: String,
}

/// Why a piece of a document was left out of the cleaned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovalKind {
    /// The headline, kept as metadata rather than as a sentence.
    Title,
    /// A line repeated inside the same document (duplicated captions, echoed headlines).
    RepeatedLine,
    /// A line that repeats across several documents: outlet or site boilerplate.
    CrossDocBoilerplate,
    /// A photo caption or image credit.
    Caption,
    /// A short fragment that is not prose: stray tokens, labels, section headings.
    Fragment,
    /// A share, comment, newsletter, navigation or legal widget.
    Widget,
    /// A byline.
    Byline,
    /// A dateline at the start of a paragraph ("ANKARA:", "PARIS (AP) —").
    Dateline,
    /// Markdown block markup (`#`, `>`, list bullets).
    Markup,
    /// Text that drifts to another subject (an unrelated article glued to the end).
    ForeignText,
}

/// One removal: what, where, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    /// The document.
    pub doc: DocId,
    /// Byte span in the document's original text.
    pub span: Span,
    /// The reason.
    pub kind: RemovalKind,
    /// A short human-readable explanation.
    pub reason: String,
}

/// A sentence found in a cleaned document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// The document.
    pub doc: DocId,
    /// Byte span into the document's cleaned text.
    pub span: Span,
    /// Byte span into the document's original text (same bytes).
    pub original: Span,
    /// Position of the sentence in its document (0-based).
    pub position: usize,
}

/// A sentence of the summary with its attribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummarySentence {
    /// The sentence text: exactly `clean_text[span]` of its document.
    pub text: String,
    /// The document.
    pub doc: DocId,
    /// The document's caller-given id.
    pub doc_id: String,
    /// The document's outlet, when known.
    pub source: Option<String>,
    /// Byte span into the document's cleaned text.
    pub span: Span,
    /// Byte span into the document's original text.
    pub original_span: Span,
    /// Position of the sentence in its document.
    pub position: usize,
    /// The selection score (the weight of the concepts it newly covered).
    pub score: f64,
    /// Other documents carrying a near-identical sentence (cross-document support).
    pub support: Vec<DocId>,
    /// When the text is the core of a longer sentence (`Config::compress`): that whole
    /// sentence's span in the cleaned text. Absent for whole sentences.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whole_span: Option<Span>,
}

/// A document as the brief reports it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BriefDocument {
    /// Position in the cluster.
    pub doc: DocId,
    /// Caller-given id.
    pub doc_id: String,
    /// Outlet.
    pub source: Option<String>,
    /// Date.
    pub date: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Input format.
    pub format: InputFormat,
    /// The original text (spans in `original_span` index it).
    pub text: String,
    /// The cleaned text (spans in `span` index it).
    pub clean_text: String,
    /// Relevance to the rest of the cluster, in [0, 1].
    pub relevance: f64,
    /// Sentences in the cleaned text.
    pub sentences: usize,
    /// Why the document was kept out of the summary, when it was (off topic).
    pub excluded: Option<String>,
    /// Why the document's date looks out of period, when it does.
    pub out_of_period: Option<String>,
}

/// Time spent in each stage, in milliseconds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Timings {
    /// Reading, decoding and HTML extraction (filled by callers that ingest).
    pub ingest_ms: f64,
    /// Cleaning.
    pub clean_ms: f64,
    /// Sentence splitting.
    pub segment_ms: f64,
    /// Tokens, stems, concepts, language.
    pub analyze_ms: f64,
    /// Relevance and concept weights (and sentence embeddings, when an embedder is set).
    pub rank_ms: f64,
    /// Budgeted selection.
    pub select_ms: f64,
    /// Ordering.
    pub order_ms: f64,
    /// Facts extraction (figures, timeline, entities, quotes) after the summary was done: with
    /// facts beside the summarizer, only the wait for them; 0 when turned off.
    #[serde(default)]
    pub facts_ms: f64,
    /// Wall time of the whole pipeline, including assembling the brief (and ingest when the
    /// caller measured it and added it).
    pub total_ms: f64,
}

/// The result of summarizing a cluster.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Brief {
    /// The output schema id.
    pub schema: String,
    /// Cluster id.
    pub cluster_id: String,
    /// Detected (or given) language, ISO 639-1.
    pub language: String,
    /// The summary, in reading order.
    pub summary: Vec<SummarySentence>,
    /// Words in the summary.
    pub words: usize,
    /// The documents.
    pub documents: Vec<BriefDocument>,
    /// Everything cleaning removed.
    pub removals: Vec<Removal>,
    /// Near-duplicate documents (syndicated copies): one kept, the others support it.
    pub duplicates: Vec<crate::dedup::DuplicateGroup>,
    /// Non-fatal problems.
    pub warnings: Vec<Warning>,
    /// Figures and where outlets disagree, timeline, entities, quotes (since
    /// `synoptic.brief/2`; empty when facts are turned off).
    #[serde(default)]
    pub facts: crate::facts::Facts,
    /// Stage timings.
    pub timings: Timings,
}

/// The JSON schema id written into every [`Brief`].
pub const BRIEF_SCHEMA: &str = "synoptic.brief/2";
