//! Ingest: read articles from folders, files, JSONL clusters or a byte stream.
//!
//! Input: paths or bytes. Output: a [`Cluster`] of [`Document`]s with warnings for what was
//! skipped. Formats are told by extension and by sniffing the content: HTML goes through a
//! readability extractor (dom_smoothie) and keeps its title, outlet, author and date; Markdown and
//! text are read as they are. Invalid UTF-8 is decoded lossily with a warning; empty and binary
//! inputs are skipped with a warning naming them.
//! Invariant: `cluster.documents[i].id == DocId(i)`; nothing here panics on any input.

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::{Cluster, DocId, Document, InputFormat, Warning};

/// Files larger than this are refused (skipped with a warning inside a folder, an error when
/// named directly): no news article is 64 MiB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Extensions read from a folder without sniffing.
const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "html", "htm", "xhtml", "md", "markdown"];

/// A raw article before it is decoded.
#[derive(Debug, Clone)]
pub struct RawDocument {
    /// Name used in messages and as the default `doc_id`.
    pub name: String,
    /// The bytes as read.
    pub bytes: Vec<u8>,
    /// Format implied by the file name, if any.
    pub hint: Option<InputFormat>,
}

/// Read a cluster from a path: a folder of articles, a `.jsonl` file of clusters (pick one with
/// `cluster_id`, else the first), or a single article file.
pub fn read_path(path: &Path, cluster_id: Option<&str>) -> Result<Cluster> {
    let meta = fs::metadata(path).map_err(|error| Error::Io {
        path: path.to_path_buf(),
        error,
    })?;
    if meta.is_dir() {
        return read_dir(path);
    }
    let ext = extension(path);
    if ext == "jsonl" || ext == "json" || ext == "ndjson" {
        let file = fs::File::open(path).map_err(|error| Error::Io {
            path: path.to_path_buf(),
            error,
        })?;
        return read_jsonl(
            &path.display().to_string(),
            BufReader::new(file),
            cluster_id,
        );
    }
    let bytes = read_limited(path)?;
    let name = file_name(path);
    let raw = RawDocument {
        hint: format_from_extension(&ext),
        name,
        bytes,
    };
    let input = path.display().to_string();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    finish(&input, stem, vec![raw], Vec::new())
}

/// Read every article file in a folder (not recursing), in name order.
pub fn read_dir(path: &Path) -> Result<Cluster> {
    let io = |error| Error::Io {
        path: path.to_path_buf(),
        error,
    };
    let mut entries: Vec<_> = fs::read_dir(path)
        .map_err(io)?
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(io)?;
    entries.sort_by_key(|e| e.file_name());
    let mut raws = Vec::new();
    let mut warnings = Vec::new();
    for e in entries {
        let p = e.path();
        let name = file_name(&p);
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            warnings.push(Warning {
                input: p.display().to_string(),
                message: "is a folder; folders are not read recursively".into(),
            });
            continue;
        }
        let ext = extension(&p);
        if matches!(ext.as_str(), "jsonl" | "json" | "ndjson") {
            warnings.push(Warning {
                input: p.display().to_string(),
                message: "JSON inside a folder is skipped; pass the file itself".into(),
            });
            continue;
        }
        match read_limited(&p) {
            Ok(bytes) => {
                let known = TEXT_EXTENSIONS.contains(&ext.as_str());
                if !known && !ext.is_empty() && looks_binary(&bytes) {
                    warnings.push(Warning {
                        input: p.display().to_string(),
                        message: format!("skipped: .{ext} file with binary content"),
                    });
                    continue;
                }
                raws.push(RawDocument {
                    name,
                    bytes,
                    hint: format_from_extension(&ext),
                });
            }
            Err(err) => warnings.push(Warning {
                input: p.display().to_string(),
                message: format!("skipped: {err}"),
            }),
        }
    }
    let input = path.display().to_string();
    let id = path
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| input.clone());
    finish(&input, id, raws, warnings)
}

/// Read articles from a byte stream (stdin): JSONL (clusters or documents, one per line) when it
/// starts with `{`, otherwise documents separated by form-feed characters.
pub fn read_stream(name: &str, mut reader: impl Read, cluster_id: Option<&str>) -> Result<Cluster> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|error| Error::Io {
        path: name.into(),
        error,
    })?;
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'{') {
        return read_jsonl(name, &bytes[..], cluster_id);
    }
    let raws: Vec<RawDocument> = bytes
        .split(|&b| b == 0x0c)
        .enumerate()
        .map(|(i, part)| RawDocument {
            name: format!("{name}#{}", i + 1),
            bytes: part.to_vec(),
            hint: None,
        })
        .collect();
    finish(name, "stdin".into(), raws, Vec::new())
}

/// Read one cluster from JSONL: each line a cluster (`{"cluster_id", "documents": [...]}`) or a
/// single document (`{"doc_id", "text"|"html", ...}`; all such lines form one cluster).
pub fn read_jsonl(name: &str, reader: impl BufRead, cluster_id: Option<&str>) -> Result<Cluster> {
    let mut loose = Vec::new();
    let mut seen = 0usize;
    let mut first: Option<Cluster> = None;
    for (i, line) in reader.split(b'\n').enumerate() {
        let line = line.map_err(|error| Error::Io {
            path: name.into(),
            error,
        })?;
        let text = String::from_utf8_lossy(&line);
        if text.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(&text).map_err(|e| Error::BadJson {
            path: name.into(),
            line: i + 1,
            reason: e.to_string(),
        })?;
        if value.get("documents").is_some() {
            seen += 1;
            let id = value
                .get("cluster_id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let wanted = match cluster_id {
                Some(want) => want == id,
                None => first.is_none(),
            };
            if wanted {
                let c = cluster_from_json(name, i + 1, &value)?;
                if cluster_id.is_some() {
                    return Ok(c);
                }
                first = Some(c);
            }
        } else if value.get("text").is_some() || value.get("html").is_some() {
            loose.push(value);
        } else {
            return Err(Error::BadJson {
                path: name.into(),
                line: i + 1,
                reason: "neither a cluster (\"documents\") nor a document (\"text\" or \"html\")"
                    .into(),
            });
        }
    }
    if let Some(want) = cluster_id {
        if seen > 0 {
            return Err(Error::NoSuchCluster {
                path: name.into(),
                id: want.into(),
            });
        }
    }
    if let Some(mut c) = first {
        if seen > 1 {
            c.warnings.push(Warning {
                input: name.into(),
                message: format!(
                    "{seen} clusters in the file; used the first ({:?}); pick one with --cluster",
                    c.id
                ),
            });
        }
        return Ok(c);
    }
    let docs = Value::Array(loose);
    let wrapper = serde_json::json!({"cluster_id": "stdin", "documents": docs});
    cluster_from_json(name, 1, &wrapper)
}

/// Every cluster of a JSONL file (for evaluation and benchmarks).
pub fn read_all_clusters(path: &Path) -> Result<Vec<Cluster>> {
    Ok(read_labelled_clusters(path)?
        .into_iter()
        .map(|(cluster, _)| cluster)
        .collect())
}

/// Every cluster of a JSONL file with its reference summaries (empty when it has none), for
/// evaluation and for fitting on human summaries.
pub fn read_labelled_clusters(path: &Path) -> Result<Vec<(Cluster, Vec<String>)>> {
    let file = fs::File::open(path).map_err(|error| Error::Io {
        path: path.to_path_buf(),
        error,
    })?;
    let name = path.display().to_string();
    let mut out = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|error| Error::Io {
            path: path.to_path_buf(),
            error,
        })?;
        if let Some(labelled) = labelled_cluster_from_line(&name, i + 1, &line)? {
            out.push(labelled);
        }
    }
    Ok(out)
}

/// One line of a JSONL data set (`line_no` counts from 1, for errors): its cluster and
/// reference summaries, `None` for a blank line.
pub fn labelled_cluster_from_line(
    name: &str,
    line_no: usize,
    line: &str,
) -> Result<Option<(Cluster, Vec<String>)>> {
    if line.trim().is_empty() {
        return Ok(None);
    }
    let value: Value = serde_json::from_str(line).map_err(|e| Error::BadJson {
        path: name.to_string(),
        line: line_no,
        reason: e.to_string(),
    })?;
    Ok(Some((
        cluster_from_json(name, line_no, &value)?,
        summaries_from_json(&value),
    )))
}

/// Reference summaries of a JSONL cluster line, kept apart from the cluster so a system never
/// sees them.
pub fn summaries_from_json(value: &Value) -> Vec<String> {
    value
        .get("summaries")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.get("text").and_then(Value::as_str).map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Build a cluster from one parsed JSONL cluster object. Extra fields are ignored.
pub fn cluster_from_json(name: &str, line: usize, value: &Value) -> Result<Cluster> {
    let bad = |reason: &str| Error::BadJson {
        path: name.into(),
        line,
        reason: reason.into(),
    };
    let id = value
        .get("cluster_id")
        .and_then(Value::as_str)
        .unwrap_or("cluster")
        .to_string();
    let docs = value
        .get("documents")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("\"documents\" must be an array"))?;
    let mut cluster = Cluster {
        id,
        ..Cluster::default()
    };
    for (i, d) in docs.iter().enumerate() {
        let field = |k: &str| d.get(k).and_then(Value::as_str).map(str::to_string);
        let doc_name = field("doc_id").unwrap_or_else(|| format!("doc{}", i + 1));
        let (body, format) = match (field("text"), field("html")) {
            (Some(t), _) => (t, None),
            (None, Some(h)) => (h, Some(InputFormat::Html)),
            (None, None) => {
                cluster.warnings.push(Warning {
                    input: format!("{name}:{line}:{doc_name}"),
                    message: "skipped: document has neither \"text\" nor \"html\"".into(),
                });
                continue;
            }
        };
        let raw = RawDocument {
            name: doc_name,
            bytes: body.into_bytes(),
            hint: format,
        };
        match decode(raw, &mut cluster.warnings) {
            Some(mut doc) => {
                doc.source = field("source").or(doc.source);
                doc.date = field("date").map(|d| normalize_date(&d)).or(doc.date);
                doc.title = field("title").or(doc.title);
                doc.id = DocId(cluster.documents.len() as u32);
                cluster.documents.push(doc);
            }
            None => continue,
        }
    }
    Ok(cluster)
}

fn finish(
    input: &str,
    id: String,
    raws: Vec<RawDocument>,
    mut warnings: Vec<Warning>,
) -> Result<Cluster> {
    let total = raws.len();
    let mut documents = Vec::with_capacity(raws.len());
    for raw in raws {
        if let Some(mut doc) = decode(raw, &mut warnings) {
            doc.id = DocId(documents.len() as u32);
            documents.push(doc);
        }
    }
    if documents.is_empty() {
        let mut reason = if total == 0 && warnings.is_empty() {
            "no article files found".to_string()
        } else {
            format!(
                "all {} inputs were empty, binary or unreadable",
                total.max(warnings.len())
            )
        };
        // The error is all the caller will see: name every skipped input and why.
        for w in &warnings {
            reason.push_str(&format!("; {}: {}", w.input, w.message));
        }
        return Err(Error::NothingUsable {
            input: input.into(),
            reason,
        });
    }
    Ok(Cluster {
        id,
        documents,
        warnings,
    })
}

/// Decode one raw document; `None` (with a warning) when it is empty or binary.
pub fn decode(raw: RawDocument, warnings: &mut Vec<Warning>) -> Option<Document> {
    let RawDocument { name, bytes, hint } = raw;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        warnings.push(Warning {
            input: name,
            message: "skipped: empty".into(),
        });
        return None;
    }
    if looks_binary(&bytes) {
        warnings.push(Warning {
            input: name,
            message: "skipped: binary content (NUL or control bytes)".into(),
        });
        return None;
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            warnings.push(Warning {
                input: name.clone(),
                message: format!(
                    "invalid UTF-8 at byte {}; decoded with replacement characters (spans index the decoded text)",
                    e.utf8_error().valid_up_to()
                ),
            });
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    let format = hint.unwrap_or_else(|| sniff(&text));
    let mut doc = Document {
        id: DocId(0),
        name: name.clone(),
        source: None,
        date: None,
        title: None,
        format,
        text,
    };
    if format == InputFormat::Html {
        let html = std::mem::take(&mut doc.text);
        let extracted = extract_html(&html);
        doc.text = extracted.text;
        doc.title = extracted.title;
        doc.source = extracted.site;
        doc.date = extracted.date;
        if let Some(w) = extracted.warning {
            warnings.push(Warning {
                input: name.clone(),
                message: w,
            });
        }
        if doc.text.trim().is_empty() {
            warnings.push(Warning {
                input: name,
                message: "skipped: HTML without readable text".into(),
            });
            return None;
        }
    }
    Some(doc)
}

/// True for content that is not text: NUL bytes or many control bytes near the start.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    control * 10 > head.len().max(1)
}

/// Tell HTML from Markdown from plain text by content.
pub fn sniff(text: &str) -> InputFormat {
    let mut end = text.len().min(2048);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = text[..end].trim_start().to_ascii_lowercase();
    let tags = [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<article",
        "<div",
        "<p>",
        "<p ",
    ];
    if tags.iter().any(|t| head.starts_with(t))
        || (head.contains("<p>") && head.contains("</p>"))
        || head.contains("<body")
    {
        return InputFormat::Html;
    }
    if head.starts_with("# ") || head.contains("\n# ") || head.contains("\n## ") {
        return InputFormat::Markdown;
    }
    InputFormat::Text
}

struct Extracted {
    text: String,
    title: Option<String>,
    site: Option<String>,
    date: Option<String>,
    warning: Option<String>,
}

fn extract_html(html: &str) -> Extracted {
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let parsed = dom_smoothie::Readability::new(html, None, Some(cfg)).and_then(|mut r| r.parse());
    match parsed {
        Ok(article) => {
            let nonempty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
            Extracted {
                text: article.text_content.to_string(),
                title: nonempty(Some(article.title)),
                site: nonempty(article.site_name).or_else(|| nonempty(article.byline)),
                date: nonempty(article.published_time).map(|d| normalize_date(&d)),
                warning: None,
            }
        }
        Err(e) => Extracted {
            text: strip_tags(html),
            title: None,
            site: None,
            date: None,
            warning: Some(format!(
                "main-content extraction failed ({e}); used all visible text"
            )),
        },
    }
}

/// Fallback when readability finds no article: visible text with block tags as line breaks.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let lower: String = rest
            .chars()
            .take(10)
            .collect::<String>()
            .to_ascii_lowercase();
        let skip_to = if lower.starts_with("<script") {
            Some("</script")
        } else if lower.starts_with("<style") {
            Some("</style")
        } else {
            None
        };
        if let Some(close) = skip_to {
            let lower_rest = rest.to_ascii_lowercase();
            match lower_rest.find(close) {
                Some(i) => rest = &rest[i..],
                None => break,
            }
        }
        match rest.find('>') {
            Some(gt) => {
                out.push('\n');
                rest = &rest[gt + 1..];
            }
            None => break,
        }
    }
    if !rest.starts_with('<') {
        out.push_str(rest);
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
}

/// Keep `YYYY-MM-DD` from an ISO timestamp; other forms are kept as given.
pub fn normalize_date(d: &str) -> String {
    let t = d.trim();
    let b = t.as_bytes();
    if b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[8..10].iter().all(u8::is_ascii_digit)
    {
        t[..10].to_string()
    } else {
        t.to_string()
    }
}

fn read_limited(path: &Path) -> Result<Vec<u8>> {
    let io = |error| Error::Io {
        path: path.to_path_buf(),
        error,
    };
    let meta = fs::metadata(path).map_err(io)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::Io {
            path: path.to_path_buf(),
            error: std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "file is {} bytes, over the {} byte limit",
                    meta.len(),
                    MAX_FILE_BYTES
                ),
            ),
        });
    }
    fs::read(path).map_err(io)
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn format_from_extension(ext: &str) -> Option<InputFormat> {
    match ext {
        "html" | "htm" | "xhtml" => Some(InputFormat::Html),
        "md" | "markdown" => Some(InputFormat::Markdown),
        "txt" | "text" => None, // sniffed: scrapes saved as .txt are sometimes HTML
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_formats() {
        assert_eq!(sniff("<!DOCTYPE html><html>"), InputFormat::Html);
        assert_eq!(sniff("  <html><body>x</body></html>"), InputFormat::Html);
        assert_eq!(sniff("# Title\n\nText."), InputFormat::Markdown);
        assert_eq!(sniff("Plain words. More words."), InputFormat::Text);
    }

    #[test]
    fn binary_and_empty_are_skipped_with_warnings() {
        let mut w = Vec::new();
        let raw = |b: &[u8]| RawDocument {
            name: "x".into(),
            bytes: b.to_vec(),
            hint: None,
        };
        assert!(decode(raw(b"\x00\x01\x02PNG"), &mut w).is_none());
        assert!(decode(raw(b"   \n"), &mut w).is_none());
        assert_eq!(w.len(), 2);
        let d = decode(raw(b"caf\xe9 au lait is served."), &mut w).unwrap();
        assert!(d.text.contains('\u{fffd}'));
        assert_eq!(w.len(), 3);
    }

    #[test]
    fn stream_splits_on_form_feed() {
        let c = read_stream(
            "-",
            &b"First article text.\n\x0c\nSecond article text."[..],
            None,
        )
        .unwrap();
        assert_eq!(c.documents.len(), 2);
        assert_eq!(c.documents[1].id, DocId(1));
    }

    #[test]
    fn jsonl_picks_cluster_and_ignores_extra_fields() {
        let data = "{\"cluster_id\":\"a\",\"documents\":[{\"doc_id\":\"d1\",\"text\":\"One.\",\"extra\":1}],\"summaries\":[]}\n{\"cluster_id\":\"b\",\"documents\":[{\"doc_id\":\"d2\",\"html\":\"<html><body><p>Two words here.</p></body></html>\",\"date\":\"2020-03-05T10:00:00Z\"}]}\n";
        let b = read_jsonl("f", data.as_bytes(), Some("b")).unwrap();
        assert_eq!(b.documents[0].name, "d2");
        assert_eq!(b.documents[0].date.as_deref(), Some("2020-03-05"));
        let a = read_jsonl("f", data.as_bytes(), None).unwrap();
        assert_eq!(a.id, "a");
        assert_eq!(a.warnings.len(), 1);
        assert!(matches!(
            read_jsonl("f", data.as_bytes(), Some("zz")),
            Err(Error::NoSuchCluster { .. })
        ));
        assert!(matches!(
            read_jsonl("f", "{not json".as_bytes(), None),
            Err(Error::BadJson { line: 1, .. })
        ));
    }

    #[test]
    fn strip_tags_drops_scripts() {
        let t = strip_tags("<p>Hello &amp; bye</p><script>alert(1)</script><p>end</p>");
        assert!(t.contains("Hello & bye"));
        assert!(!t.contains("alert"));
        assert!(t.contains("end"));
    }
}
