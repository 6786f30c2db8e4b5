//! Render: show a [`Brief`] as plain text, Markdown, JSON or HTML ([`crate::render_html`]).
//!
//! Input: a [`Brief`]. Output: a `String`. Text and Markdown show the summary with each sentence
//! tagged by its source number, then the numbered source list, then what cleaning removed. JSON
//! is the whole brief (schema in `docs/schema.md`).

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::error::Result;
use crate::model::{Brief, RemovalKind};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// JSON (`synoptic.brief/2`).
    Json,
    /// A self-contained HTML report (see [`crate::render_html`]).
    Html,
}

/// Rendering options.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// List every removed span with its reason, not only counts.
    pub explain: bool,
}

/// Render `brief` in `format`.
pub fn render(brief: &Brief, format: Format, options: RenderOptions) -> Result<String> {
    Ok(match format {
        Format::Text => text(brief, options, false),
        Format::Markdown => text(brief, options, true),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(brief)?;
            s.push('\n');
            s
        }
        Format::Html => crate::render_html::render_html_with(
            brief,
            options,
            &crate::render_html::facts_extras(brief),
        ),
    })
}

/// Collapse runs of whitespace (line breaks inside a quoted sentence) for display.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn text(brief: &Brief, options: RenderOptions, markdown: bool) -> String {
    let esc = |s: &str| {
        if markdown {
            md_escape(s)
        } else {
            s.to_string()
        }
    };
    let mut out = String::new();
    if markdown {
        let _ = writeln!(out, "# Brief: {}\n", esc(&brief.cluster_id));
    }
    if brief.summary.is_empty() {
        out.push_str("(no summary: nothing quotable was found)\n");
    }
    for s in &brief.summary {
        let tag = s.doc.index() + 1;
        // A core of a longer sentence shows where it was cut.
        let (before, after) = match s.whole_span {
            Some(w) => (
                if w.start < s.span.start { "… " } else { "" },
                if w.end > s.span.end { " …" } else { "" },
            ),
            None => ("", ""),
        };
        if markdown {
            let _ = writeln!(
                out,
                "- {before}{}{after} [\\[{tag}\\]](#source-{tag})",
                esc(&one_line(&s.text))
            );
        } else {
            let _ = writeln!(out, "{before}{}{after} [{tag}]", one_line(&s.text));
        }
    }
    out.push_str(&crate::facts::render::sections(
        &brief.facts,
        markdown,
        &esc,
    ));
    out.push('\n');
    out.push_str(if markdown {
        "## Sources\n\n"
    } else {
        "Sources\n"
    });
    for d in &brief.documents {
        let n = d.doc.index() + 1;
        let title = d
            .title
            .as_deref()
            .map(one_line)
            .unwrap_or_else(|| "(untitled)".into());
        let mut meta: Vec<String> = Vec::new();
        if let Some(s) = &d.source {
            meta.push(one_line(s));
        }
        if let Some(date) = &d.date {
            meta.push(date.clone());
        }
        meta.push(d.doc_id.clone());
        let used = brief.summary.iter().filter(|s| s.doc == d.doc).count();
        let mut flags = String::new();
        if let Some(why) = &d.excluded {
            flags.push_str(&format!(" [excluded: {why}]"));
        }
        if let Some(why) = &d.out_of_period {
            flags.push_str(&format!(" [out of period: {why}]"));
        }
        if markdown {
            let _ = writeln!(
                out,
                "{n}. <a id=\"source-{n}\"></a>**{}** ({}){}",
                esc(&title),
                esc(&meta.join(", ")),
                if used > 0 {
                    format!(": {used} sentence(s) quoted")
                } else {
                    String::new()
                }
            );
        } else {
            let _ = writeln!(
                out,
                "[{n}] {title} ({}){}{flags}",
                meta.join(", "),
                if used > 0 {
                    format!(": {used} sentence(s) quoted")
                } else {
                    String::new()
                }
            );
        }
    }
    let mut counts: BTreeMap<RemovalKind, usize> = BTreeMap::new();
    for r in &brief.removals {
        *counts.entry(r.kind).or_insert(0) += 1;
    }
    if !counts.is_empty() {
        let summary: Vec<String> = counts
            .iter()
            .map(|(k, n)| format!("{} {n}", kind_label(*k)))
            .collect();
        out.push('\n');
        let _ = writeln!(
            out,
            "{}Removed {} spans: {}.",
            if markdown {
                "## Cleaning\n\n"
            } else {
                "Cleaning: "
            },
            brief.removals.len(),
            summary.join(", ")
        );
        if options.explain {
            for r in &brief.removals {
                let d = &brief.documents[r.doc.index()];
                let snippet = r.span.slice(&d.text).map(one_line).unwrap_or_default();
                let snippet: String = snippet.chars().take(80).collect();
                let line = format!(
                    "[{}] {}..{} {}: {} \u{2014} {:?}",
                    r.doc.index() + 1,
                    r.span.start,
                    r.span.end,
                    kind_label(r.kind),
                    r.reason,
                    snippet
                );
                if markdown {
                    let _ = writeln!(out, "- {}", esc(&line));
                } else {
                    let _ = writeln!(out, "  {line}");
                }
            }
        }
    }
    if !brief.duplicates.is_empty() {
        out.push_str(if markdown {
            "\n## Near-duplicate documents\n\n"
        } else {
            "\nNear-duplicate documents\n"
        });
        for g in &brief.duplicates {
            let copies: Vec<String> = g
                .copies
                .iter()
                .map(|d| format!("[{}]", d.index() + 1))
                .collect();
            let _ = writeln!(
                out,
                "- [{}] kept; copies {} (similarity {:.2}) count as its support",
                g.kept.index() + 1,
                copies.join(", "),
                g.similarity
            );
        }
    }
    if !brief.warnings.is_empty() {
        out.push_str(if markdown {
            "\n## Warnings\n\n"
        } else {
            "\nWarnings\n"
        });
        for w in &brief.warnings {
            let _ = writeln!(out, "- {}: {}", esc(&w.input), esc(&w.message));
        }
    }
    out
}

/// A short human label for a removal kind.
pub fn kind_label(kind: RemovalKind) -> &'static str {
    match kind {
        RemovalKind::Title => "headline",
        RemovalKind::RepeatedLine => "repeated line",
        RemovalKind::CrossDocBoilerplate => "boilerplate",
        RemovalKind::Caption => "caption",
        RemovalKind::Fragment => "fragment",
        RemovalKind::Widget => "widget",
        RemovalKind::Byline => "byline",
        RemovalKind::Dateline => "dateline",
        RemovalKind::Markup => "markup",
        RemovalKind::ForeignText => "foreign text",
    }
}
