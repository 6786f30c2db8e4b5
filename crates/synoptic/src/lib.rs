//! Synoptic turns a cluster of news articles about one event into a short brief whose every
//! sentence is quoted from an article, with the document and byte span it came from.
//!
//! The pipeline is a chain of stages with typed hand-offs, one module each:
//!
//! | stage | module | in → out |
//! |---|---|---|
//! | ingest | [`ingest`] | paths, bytes, JSONL → [`Cluster`] |
//! | clean | [`clean`] | [`Cluster`] → [`clean::CleanDocument`]s + [`Removal`] log |
//! | segment | [`segment`] | cleaned text → sentence ranges |
//! | analyze | [`analyze`] | sentences → terms, concepts, language |
//! | dedup | [`dedup`] | cleaned documents → near-duplicate groups (syndicated copies) |
//! | rank | [`rank`] | analysis → concept weights, relevance, eligibility |
//! | embed (optional) | [`embed`] | eligible sentences → unit vectors, centrality prior |
//! | select | [`select`] | ranking → chosen sentences within the budget |
//! | order | [`order`] | chosen → reading order |
//! | facts | [`facts`] | sentences → figures, conflicts, timeline, entities, quotes |
//! | render | [`render`], [`render_html`] | [`Brief`] → text, Markdown, JSON or HTML |
//!
//! [`pipeline::summarize`] runs them all:
//!
//! ```
//! use synoptic::{ingest, pipeline::{summarize, Config}};
//!
//! let text = "Floods closed the main road into Riverton on Monday, officials said.\n\
//!             Rescue teams reached the town by boat on Tuesday.\n\x0c\n\
//!             Floods cut the main road into Riverton on Monday, stranding hundreds.\n\
//!             Officials said rescue teams used boats to reach the town.";
//! let cluster = ingest::read_stream("-", text.as_bytes(), None).unwrap();
//! let brief = summarize(&cluster, &Config::default()).unwrap();
//! assert!(!brief.summary.is_empty());
//! for s in &brief.summary {
//!     // Every sentence is exactly the bytes its span points at.
//!     let doc = &brief.documents[s.doc.index()];
//!     assert_eq!(s.span.slice(&doc.clean_text), Some(s.text.as_str()));
//!     assert_eq!(s.original_span.slice(&doc.text), Some(s.text.as_str()));
//! }
//! ```
#![deny(missing_docs)]

pub mod analyze;
pub mod clean;
pub mod compress;
pub mod concept_model;
pub mod dedup;
pub mod embed;
pub mod error;
pub mod facts;
pub mod ingest;
pub mod model;
pub mod order;
pub mod period;
pub mod pipeline;
mod porter2;
pub mod rank;
pub mod render;
pub mod render_html;
pub mod segment;
pub mod select;
pub mod text;

pub use error::{Error, Result};
pub use model::{
    Brief, BriefDocument, Cluster, DocId, Document, InputFormat, Removal, RemovalKind, Sentence,
    Span, SummarySentence, Timings, Warning, BRIEF_SCHEMA,
};
pub use pipeline::{summarize, Config};
