//! Error: the one error type the library returns.
//!
//! Every variant names the input it is about and the reason, in its own message (no variant
//! hands a cause on as `source()`, so a reporter walking the chain prints each reason once).
//! Problems that still leave something usable are not errors but [`crate::Warning`]s carried in
//! the [`crate::Brief`].

use std::path::PathBuf;

/// Everything that can stop the pipeline.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read.
    #[error("cannot read {path}: {error}")]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying I/O error. Its text is part of this error's message, so it is not
        /// also handed on as the error's `source()` (a reporter walking the chain would print
        /// it twice).
        error: std::io::Error,
    },
    /// A JSONL line is not a valid cluster.
    #[error("{path}:{line}: not a valid cluster: {reason}")]
    BadJson {
        /// The file (or `-` for stdin).
        path: String,
        /// 1-based line number.
        line: usize,
        /// What was wrong.
        reason: String,
    },
    /// A requested cluster id is not in the input.
    #[error("{path}: no cluster with id {id:?}")]
    NoSuchCluster {
        /// The file.
        path: String,
        /// The id asked for.
        id: String,
    },
    /// Nothing usable was found: every input was empty, binary or unreadable.
    #[error("{input}: nothing usable to summarize ({reason})")]
    NothingUsable {
        /// The input (folder, file or `-`).
        input: String,
        /// Why nothing remained.
        reason: String,
    },
    /// A configuration value is out of range.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// A sentence embedder could not be loaded or failed to embed.
    #[error("sentence embeddings: {0}")]
    Embedding(String),
    /// JSON output could not be produced.
    #[error("cannot render JSON: {0}")]
    Render(serde_json::Error),
}

/// For `?` on serde_json results; like `Io`, the message carries the reason, so there is no
/// `source()` to repeat it.
impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Render(e)
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
