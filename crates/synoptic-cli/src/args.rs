//! Command-line arguments. Only this module sees clap; it converts to `synoptic::Config`.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::{Parser, Subcommand, ValueEnum};
use synoptic::analyze::Language;
use synoptic::render::Format;
use synoptic::select::Budget;

/// Attributed extractive briefs of news clusters: every sentence quoted from an article, with
/// the document and byte span it came from.
#[derive(Debug, Parser)]
#[command(name = "synoptic", version, about, long_about = None)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Summarize one cluster of articles into a brief.
    Brief(BriefArgs),
    /// Score briefs against human summaries (ROUGE) over a JSONL data set.
    Eval(EvalArgs),
    /// Time the pipeline stage by stage over a JSONL data set (release builds only).
    Bench(BenchArgs),
    /// Inject labelled web noise into every cluster of a JSONL data set and measure what the
    /// cleaner removes, what reaches the brief, and the ROUGE cost (see docs/noise.md).
    NoiseBench(NoiseArgs),
    /// Serve the HTTP API and the web page (POST /v1/brief, POST /v1/brief.html, GET /).
    Serve(ServeArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Plain text: summary, facts (conflicts, figures, timeline, entities, quotes), sources,
    /// cleaning counts.
    Text,
    /// Markdown with a linked source list.
    Markdown,
    /// The full brief as JSON (schema synoptic.brief/2, see docs/schema.md).
    Json,
    /// A self-contained HTML report: summary linked to highlighted sources, timeline, coverage.
    Html,
}

impl From<OutputFormat> for Format {
    fn from(f: OutputFormat) -> Format {
        match f {
            OutputFormat::Text => Format::Text,
            OutputFormat::Markdown => Format::Markdown,
            OutputFormat::Json => Format::Json,
            OutputFormat::Html => Format::Html,
        }
    }
}

/// Arguments of `synoptic brief`.
#[derive(Debug, clap::Args)]
pub struct BriefArgs {
    /// A folder of .txt/.html/.md articles, a .jsonl file of clusters, one article file, or `-`
    /// for standard input (documents separated by form-feed characters, or JSONL).
    pub input: PathBuf,
    /// With JSONL input: the `cluster_id` to summarize (default: the first cluster).
    #[arg(long)]
    pub cluster: Option<String>,
    /// Summary length in words (whole sentences that fit).
    #[arg(long, default_value_t = 100, conflicts_with = "sentences")]
    pub words: usize,
    /// Summary length in sentences instead of words.
    #[arg(long)]
    pub sentences: Option<usize>,
    /// Fill the word budget exactly, cutting the last sentence (for benchmark parity only; the
    /// selection may differ, since one sentence may now cross the budget).
    #[arg(long)]
    pub truncate: bool,
    /// Also offer each sentence's core to the selector: without an opening connective
    /// ("However,") or a closing attribution (", officials said."). A quoted core is marked
    /// with "…" in text and Markdown; JSON gives the whole sentence's span as `whole_span`.
    #[arg(long)]
    pub compress: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Language: `auto` (detect) or a code such as en, fr, de, es, ru, tr.
    #[arg(long, default_value = "auto")]
    pub lang: String,
    /// Write the brief to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// List every removed span with its reason (text and Markdown).
    #[arg(long)]
    pub explain: bool,
    /// Print no warnings.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print stage timings and counts to standard error.
    #[arg(short, long)]
    pub verbose: bool,
    #[command(flatten)]
    pub embeddings: EmbeddingArgs,
}

impl BriefArgs {
    /// The library configuration these arguments ask for.
    pub fn config(&self) -> Result<synoptic::Config> {
        let mut config = summary_config(self.words, self.sentences, self.truncate, &self.lang)?;
        config.compress |= self.compress;
        config.embedder = self.embeddings.load()?;
        Ok(config)
    }
}

/// The optional sentence-embedding model.
#[derive(Debug, clap::Args)]
pub struct EmbeddingArgs {
    /// Use MiniLM sentence embeddings from this folder (config.json, tokenizer.json,
    /// model.safetensors; `bash bench/minilm/fetch.sh` prints it) for centrality. Needs a build
    /// with `--features minilm`; opt-in, see docs/quality.md (rows E).
    #[arg(long, value_name = "DIR")]
    pub embeddings: Option<PathBuf>,
}

impl EmbeddingArgs {
    /// Load the embedder asked for, if any.
    pub fn load(&self) -> Result<Option<synoptic::embed::Embedder>> {
        let Some(dir) = &self.embeddings else {
            return Ok(None);
        };
        load_embedder(dir).map(Some)
    }
}

#[cfg(feature = "minilm")]
fn load_embedder(dir: &std::path::Path) -> Result<synoptic::embed::Embedder> {
    let model = synoptic::embed::minilm::MiniLm::load(dir)?;
    Ok(synoptic::embed::Embedder::new(model))
}

#[cfg(not(feature = "minilm"))]
fn load_embedder(dir: &std::path::Path) -> Result<synoptic::embed::Embedder> {
    bail!(
        "--embeddings {}: this synoptic was built without sentence embeddings; rebuild with \
         `cargo build --release -p synoptic-cli --features minilm`",
        dir.display()
    )
}

/// Build a library configuration from the common options.
pub fn summary_config(
    words: usize,
    sentences: Option<usize>,
    truncate: bool,
    lang: &str,
) -> Result<synoptic::Config> {
    let budget = match sentences {
        Some(0) => bail!("--sentences must be at least 1"),
        Some(n) => Budget::Sentences(n),
        None if words == 0 => bail!("--words must be at least 1"),
        None => Budget::Words(words),
    };
    if truncate && sentences.is_some() {
        bail!("--truncate applies to --words only");
    }
    let language = if lang.eq_ignore_ascii_case("auto") {
        None
    } else {
        match Language::from_code(lang) {
            Some(l) => Some(l),
            None => bail!(
                "unsupported language {lang:?}; use auto or one of: {}",
                Language::supported().collect::<Vec<_>>().join(", ")
            ),
        }
    };
    let mut config = synoptic::Config {
        budget,
        truncate,
        language,
        ..synoptic::Config::default()
    };
    if let Ok(tune) = std::env::var("SYNOPTIC_TUNE") {
        for kv in tune.split(',').filter(|s| !s.is_empty()) {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            if k == "model" {
                // Coefficients of the learned concept model, colon-separated.
                let w: Vec<f64> = v.split(':').map(|x| x.parse().unwrap_or(0.0)).collect();
                let Ok(w) = w.try_into() else {
                    bail!(
                        "SYNOPTIC_TUNE model needs {} coefficients",
                        synoptic::concept_model::CONCEPT_FEATURES
                    );
                };
                config.rank.concept_model = w;
                continue;
            }
            let x: f64 = v.parse().unwrap_or(0.0);
            match k {
                "min_words" => config.rank.min_words = x as usize,
                "position_weight" => config.rank.position_weight = x,
                "lead_sentences" => config.rank.lead_sentences = x as usize,
                "lead_boost" => config.rank.lead_boost = x,
                "title_boost" => config.rank.title_boost = x,
                "title_weight" => config.rank.title_weight = x,
                "lead_span" => config.rank.lead_span = x as usize,
                "length_exponent" => config.length_exponent = x,
                "df_power" => config.rank.df_power = x,
                "unigram_weight" => config.rank.unigram_weight = x,
                "concepts" => {
                    config.concepts = match x as u32 {
                        1 => synoptic::analyze::ConceptKind::ContentBigrams,
                        2 => synoptic::analyze::ConceptKind::BigramsAndUnigrams,
                        _ => synoptic::analyze::ConceptKind::Bigrams,
                    }
                }
                "small_cluster_words" => config.rank.small_cluster_words = x as usize,
                "exact_candidates" => config.exact_candidates = x as usize,
                "compress" => config.compress = x != 0.0,
                "skip_quotes" => config.rank.skip_quote_openers = x != 0.0,
                "centroid_weight" => config.rank.centroid_weight = x,
                "min_relevance" => config.rank.min_relevance = x,
                "duplicate_threshold" => config.duplicate_threshold = x,
                "period_demotion" => config.period_demotion = x,
                "dangling" => config.rank.skip_dangling = x != 0.0,
                "ellipsis" => config.rank.skip_ellipsis = x != 0.0,
                "lead_ins" => config.rank.skip_lead_ins = x != 0.0,
                "unfinished" => config.rank.skip_unfinished = x != 0.0,
                "debris" => config.skip_debris = x != 0.0,
                "fill" => config.fill = x != 0.0,
                "min_df" => config.rank.min_df = x as u32,
                "learned" => config.rank.learned_weights = x != 0.0,
                // Used only with --embeddings.
                "embedding_weight" => config.rank.embedding_weight = x,
                "embedding_offset" => config.rank.embedding_offset = x,
                "embedding_duplicate" => config.embedding_duplicate = x,
                "embedding_candidates" => config.rank.embedding_candidates = x as usize,
                _ => bail!("unknown SYNOPTIC_TUNE key {k}"),
            }
        }
    }
    Ok(config)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    /// A table of means with 95% bootstrap intervals.
    Table,
    /// Means plus every cluster's summary, time and scores.
    Json,
    /// One JSON line per cluster (summary, time, scores), written as soon as the cluster is
    /// scored. The data set may then be `-`, standard input read a line at a time, so that a
    /// harness can time Synoptic and other summarizers cluster by cluster in one run.
    Jsonl,
}

/// What `eval` and `noise-bench` share: a data set and how to brief each of its clusters.
#[derive(Debug, clap::Args)]
pub struct DataSetArgs {
    /// A JSONL data set with reference summaries (schema of ../shared/data); `-` reads
    /// standard input (with `eval --format jsonl` only).
    pub data: PathBuf,
    /// Summary length in words.
    #[arg(long, default_value_t = 100)]
    pub words: usize,
    /// Cut the output to exactly the word budget (the DUC convention).
    #[arg(long)]
    pub truncate: bool,
    /// Offer sentence cores to the selector (see `brief --compress`).
    #[arg(long)]
    pub compress: bool,
    /// Only the first K clusters.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Language: auto or a code.
    #[arg(long, default_value = "auto")]
    pub lang: String,
    /// Write the result here instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub embeddings: EmbeddingArgs,
}

impl DataSetArgs {
    /// The library configuration for briefing this data set.
    pub fn config(&self) -> Result<synoptic::Config> {
        let mut config = summary_config(self.words, None, self.truncate, &self.lang)?;
        config.embedder = self.embeddings.load()?;
        config.compress |= self.compress;
        Ok(config)
    }
}

/// Arguments of `synoptic eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub set: DataSetArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Table)]
    pub format: EvalFormat,
}

/// Arguments of `synoptic bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// A JSONL data set (e.g. ../shared/data/duc2002.jsonl).
    pub data: PathBuf,
    /// Runs per cluster; the median is reported.
    #[arg(long, default_value_t = 5)]
    pub repeat: usize,
    /// Also time one big cluster made by concatenating clusters up to this many documents
    /// (0 to skip).
    #[arg(long, default_value_t = 1000)]
    pub scale: usize,
    /// Summary length in words.
    #[arg(long, default_value_t = 100)]
    pub words: usize,
}

/// Output of `synoptic noise-bench`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NoiseFormat {
    /// Markdown tables: per noise kind, ROUGE, most often missed templates.
    Table,
    /// The aggregate plus every cluster's details.
    Json,
}

/// Arguments of `synoptic noise-bench`.
#[derive(Debug, clap::Args)]
pub struct NoiseArgs {
    /// The data set (its other clusters supply the foreign text) and how to brief it.
    #[command(flatten)]
    pub set: DataSetArgs,
    /// Seed of the noise generator (SplitMix64).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = NoiseFormat::Table)]
    pub format: NoiseFormat,
    /// Also write every noisy cluster, with its labels, to this JSONL file (the data set's
    /// schema plus a `noise` object), so a case can be replayed with `synoptic brief`.
    #[arg(long)]
    pub dump: Option<PathBuf>,
    /// How many of the most often missed templates to list.
    #[arg(long, default_value_t = 20)]
    pub top: usize,
}

/// Arguments of `synoptic serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on; loopback unless you say otherwise (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Largest request body in bytes (larger: 413).
    #[arg(long, default_value_t = 8 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Most documents in one request (more: 422).
    #[arg(long, default_value_t = 200)]
    pub max_documents: usize,
    /// Time limit per request in seconds (longer: 503).
    #[arg(long, default_value_t = 20.0)]
    pub timeout_secs: f64,
    /// Briefs computed at once (default: the number of cores).
    #[arg(long)]
    pub workers: Option<usize>,
    /// Default summary length in words when a request names none.
    #[arg(long, default_value_t = 100)]
    pub words: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_valid() {
        Args::command().debug_assert();
    }

    #[test]
    fn budgets_and_languages_convert() {
        let c = summary_config(50, None, false, "auto").unwrap();
        assert_eq!(c.budget, Budget::Words(50));
        assert!(c.language.is_none());
        let c = summary_config(100, Some(3), false, "fr").unwrap();
        assert_eq!(c.budget, Budget::Sentences(3));
        assert_eq!(c.language.unwrap().code, "fr");
        assert!(summary_config(0, None, false, "en").is_err());
        assert!(summary_config(100, None, false, "klingon").is_err());
        assert!(summary_config(100, Some(2), true, "en").is_err());
    }

    #[test]
    fn embeddings_are_opt_in() {
        let none = EmbeddingArgs { embeddings: None };
        assert!(none.load().unwrap().is_none());
        // A missing folder is an error with or without the feature, never a panic.
        let missing = EmbeddingArgs {
            embeddings: Some(PathBuf::from("/nonexistent/minilm")),
        };
        assert!(missing.load().is_err());
    }
}
