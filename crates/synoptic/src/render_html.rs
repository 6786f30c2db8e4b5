//! Render a [`Brief`] as one self-contained HTML report.
//!
//! Input: a [`Brief`] (and optional [`HtmlExtras`]). Output: a `String` holding a complete HTML
//! document with inline CSS and server-side SVG: no script, no external fetch. Sections:
//!
//! * the summary, each sentence linked to its highlighted source sentence (`#s-N`);
//! * a timeline chart ([`timeline_svg`]: documents by date, or any [`TimelineEvent`]s);
//! * a source map chart (where in each document the summary sentences come from);
//! * a coverage matrix (summary sentence × document: source or support);
//! * generic table sections ([`TableSection`]: conflicts, entities, figures, quotes, ...),
//!   rendered only when they have rows;
//! * the sources panel: every document's text with used sentences in `<mark id="s-N">` and
//!   removed debris in `<del class="removed" title="reason">`, hidden until a CSS-only checkbox
//!   toggle shows it;
//! * cleaning counts and warnings.
//!
//! Everything that comes from an article goes through maud's escaping, so markup inside an
//! article shows as text. Output is deterministic: the same brief renders the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::model::{Brief, BriefDocument, Removal, RemovalKind, Span};
use crate::period::day_number;
use crate::render::{kind_label, RenderOptions};

/// One point on the timeline chart.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimelineEvent {
    /// When: `YYYY-MM-DD` (optionally followed by a time) is plotted to scale; anything else is
    /// plotted in string order after the dated events.
    pub date: String,
    /// What happened (shown beside the point).
    pub label: String,
    /// Where the point links to (e.g. `#doc-2`), if anywhere.
    pub href: Option<String>,
}

/// A generic table section of the report, shown only when it has rows. Fact sections
/// (conflicts, entities with counts, figures, quotes) are built as these.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableSection {
    /// Anchor id (e.g. `conflicts`).
    pub id: String,
    /// Heading.
    pub title: String,
    /// A sentence under the heading, if any.
    pub note: Option<String>,
    /// Column headings.
    pub columns: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<TableCell>>,
}

/// One cell of a [`TableSection`]: text, optionally linked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableCell {
    /// The text (escaped on output).
    pub text: String,
    /// A link target (e.g. `#s-3` or `#doc-2`).
    pub href: Option<String>,
}

impl TableCell {
    /// A plain text cell.
    pub fn text(s: impl Into<String>) -> Self {
        TableCell {
            text: s.into(),
            href: None,
        }
    }

    /// A linked cell.
    pub fn link(s: impl Into<String>, href: impl Into<String>) -> Self {
        TableCell {
            text: s.into(),
            href: Some(href.into()),
        }
    }
}

/// A row of the coverage matrix: one statement and which documents carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageRow {
    /// Short label (e.g. `1` or `fact 3`).
    pub label: String,
    /// The statement (shown shortened).
    pub text: String,
    /// Link target for the label.
    pub href: Option<String>,
    /// Per document, in document order: how it covers the statement.
    pub cells: Vec<Coverage>,
}

/// How one document covers one statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// The statement is quoted from this document.
    Source,
    /// The document carries a near-identical statement.
    Supports,
    /// Not found in the document.
    None,
}

/// Extra material for the report beyond what a [`Brief`] holds (e.g. extracted facts).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlExtras {
    /// Timeline events; when empty, the documents are plotted by date.
    pub timeline: Vec<TimelineEvent>,
    /// Extra rows for the coverage matrix (after the summary sentences).
    pub coverage: Vec<CoverageRow>,
    /// Extra table sections, rendered in order after the coverage matrix.
    pub sections: Vec<TableSection>,
}

/// Render `brief` as a complete HTML document.
pub fn render_html(brief: &Brief, options: RenderOptions) -> String {
    render_html_with(brief, options, &HtmlExtras::default())
}

/// Render `brief` as a complete HTML document with extra sections.
pub fn render_html_with(brief: &Brief, options: RenderOptions, extras: &HtmlExtras) -> String {
    let timeline = if extras.timeline.is_empty() {
        document_timeline(brief)
    } else {
        extras.timeline.clone()
    };
    let mut coverage = summary_coverage(brief);
    coverage.extend(extras.coverage.iter().cloned());
    let sections: Vec<&TableSection> = extras
        .sections
        .iter()
        .filter(|s| !s.rows.is_empty())
        .collect();
    let removed_total = brief.removals.len();
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content="synoptic";
                title { "Brief: " (brief.cluster_id) }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { "Brief: " (brief.cluster_id) }
                    p.meta {
                        (brief.documents.len()) " documents · "
                        (brief.summary.len()) " sentences, " (brief.words) " words · language "
                        (brief.language) " · " (removed_total) " spans of debris removed"
                    }
                    nav {
                        a href="#summary" { "Summary" } " "
                        a href="#timeline" { "Timeline" } " "
                        a href="#coverage" { "Coverage" } " "
                        @for s in &sections { a href={ "#" (s.id) } { (s.title) } " " }
                        a href="#sources" { "Sources" }
                    }
                }
                main {
                    (summary_section(brief))
                    section #timeline {
                        h2 { "Timeline" }
                        @match timeline_svg(&timeline) {
                            Some(svg) => {
                                p.note {
                                    @if extras.timeline.is_empty() {
                                        "Documents by publication date ("
                                        (timeline.len()) " of " (brief.documents.len())
                                        " dated)."
                                    } @else {
                                        (timeline.len()) " events."
                                    }
                                }
                                figure.chart { (svg) }
                            }
                            None => p.note { "No document carries a date." }
                        }
                        @if let Some(map) = source_map_svg(brief) {
                            h3 { "Where the summary comes from" }
                            p.note { "Each row is a document, left to right from its first \
                                      sentence to its last; dots are summary sentences." }
                            figure.chart { (map) }
                        }
                    }
                    (coverage_section(brief, &coverage))
                    @for s in &sections { (table_section(s)) }
                    (sources_section(brief, options))
                    (cleaning_section(brief, options))
                    @if !brief.warnings.is_empty() {
                        section #warnings {
                            h2 { "Warnings" }
                            ul {
                                @for w in &brief.warnings {
                                    li { strong { (w.input) } ": " (w.message) }
                                }
                            }
                        }
                    }
                }
                footer { p.note { "Generated by Synoptic (" (brief.schema) "). Every summary \
                    sentence is quoted verbatim from the source it links to." } }
            }
        }
    };
    page.into_string()
}

/// Display text: runs of whitespace collapsed.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `n` characters, with an ellipsis when cut.
fn shorten(s: &str, n: usize) -> String {
    let s = one_line(s);
    if s.chars().count() <= n {
        return s;
    }
    let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn doc_label(d: &BriefDocument) -> String {
    d.source.clone().unwrap_or_else(|| d.doc_id.clone())
}

fn summary_section(brief: &Brief) -> Markup {
    html! {
        section #summary {
            h2 { "Summary" }
            @if brief.summary.is_empty() {
                p.empty { "No summary: nothing quotable was found." }
            } @else {
                ol.summary {
                    @for (i, s) in brief.summary.iter().enumerate() {
                        @let n = i + 1;
                        @let k = s.doc.index() + 1;
                        li id={ "sum-" (n) } {
                            a.sent href={ "#s-" (n) } title="Show in the source" { (one_line(&s.text)) }
                            " "
                            a.cite href={ "#doc-" (k) } title={ "Source " (k) } { "[" (k) "]" }
                            @if let Some(d) = brief.documents.get(s.doc.index()) {
                                " " span.src { (doc_label(d)) }
                            }
                            @if !s.support.is_empty() {
                                " " span.support {
                                    "also in "
                                    @for (j, d) in s.support.iter().enumerate() {
                                        @if j > 0 { ", " }
                                        a href={ "#doc-" (d.index() + 1) } { "[" (d.index() + 1) "]" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The documents that carry a date, as timeline events.
fn document_timeline(brief: &Brief) -> Vec<TimelineEvent> {
    brief
        .documents
        .iter()
        .filter_map(|d| {
            let date = d.date.as_ref()?.trim();
            if date.is_empty() {
                return None;
            }
            let title = d.title.as_deref().unwrap_or(&d.doc_id);
            Some(TimelineEvent {
                date: date.to_string(),
                label: format!("[{}] {} — {}", d.doc.index() + 1, doc_label(d), title),
                href: Some(format!("#doc-{}", d.doc.index() + 1)),
            })
        })
        .collect()
}

const CHART_W: f64 = 720.0;
const ROW_H: f64 = 24.0;

/// Draw timeline events as an SVG chart: one row per event, dated events placed to scale on a
/// shared axis, undated ones after them. `None` when there are no events.
pub fn timeline_svg(events: &[TimelineEvent]) -> Option<Markup> {
    if events.is_empty() {
        return None;
    }
    let mut events: Vec<(Option<i64>, &TimelineEvent)> =
        events.iter().map(|e| (day_number(&e.date), e)).collect();
    // Dated events first, by day then text; undated after, in the order given (the facts
    // timeline already orders partial dates such as "Jan 12 (year unknown)"; the sort is stable).
    events.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => (x, a.1).cmp(&(y, b.1)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let days: Vec<i64> = events.iter().filter_map(|e| e.0).collect();
    let (lo, hi) = (
        days.iter().copied().min().unwrap_or(0),
        days.iter().copied().max().unwrap_or(0),
    );
    let (left, right) = (20.0, CHART_W * 0.45);
    let x_of = |day: Option<i64>, i: usize| -> f64 {
        match day {
            Some(d) if hi > lo => left + (right - left) * (d - lo) as f64 / (hi - lo) as f64,
            Some(_) => (left + right) / 2.0,
            // Undated: spread evenly on the right part of the axis.
            None => right + 20.0 + (i as f64 % 4.0) * 8.0,
        }
    };
    let top = 34.0;
    let height = top + ROW_H * events.len() as f64 + 10.0;
    let first_date = events.first().map(|e| e.1.date.clone()).unwrap_or_default();
    let last_dated = events
        .iter()
        .rev()
        .find(|e| e.0.is_some())
        .map(|e| e.1.date.clone());
    Some(html! {
        svg.timeline xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (CHART_W) " " (fmt(height)) }
            role="img" aria-label="Timeline" {
            title { "Timeline of " (events.len()) " events" }
            line.axis x1=(fmt(left)) y1="20" x2=(fmt(right)) y2="20" {}
            @if !days.is_empty() {
                text.tick x=(fmt(left)) y="12" text-anchor="start" { (first_date.get(..10).unwrap_or(&first_date)) }
                @if hi > lo {
                    @if let Some(last) = &last_dated {
                        text.tick x=(fmt(right)) y="12" text-anchor="end" { (last.get(..10).unwrap_or(last)) }
                    }
                }
            }
            @for (i, (day, e)) in events.iter().enumerate() {
                @let x = x_of(*day, i);
                @let y = top + ROW_H * i as f64 + ROW_H / 2.0;
                g.event {
                    line.leader x1=(fmt(x)) y1="20" x2=(fmt(x)) y2=(fmt(y)) {}
                    circle.dot[day.is_some()].undated[day.is_none()] cx=(fmt(x)) cy=(fmt(y)) r="5" {
                        title { (e.date) ": " (e.label) }
                    }
                    @let when = if day.is_some() { e.date.get(..10).unwrap_or(&e.date) } else { e.date.as_str() };
                    @let label = format!("{} · {}", when, shorten(&e.label, 70));
                    @match &e.href {
                        Some(h) => a href=(h) { text.label x=(fmt(x + 10.0)) y=(fmt(y + 4.0)) { (label) } }
                        None => text.label x=(fmt(x + 10.0)) y=(fmt(y + 4.0)) { (label) }
                    }
                }
            }
        }
    })
}

/// Where in each document the summary sentences come from. `None` with no summary.
fn source_map_svg(brief: &Brief) -> Option<Markup> {
    if brief.summary.is_empty() || brief.documents.is_empty() {
        return None;
    }
    let label_w = 170.0;
    let (left, right) = (label_w + 10.0, CHART_W - 16.0);
    let height = ROW_H * brief.documents.len() as f64 + 8.0;
    Some(html! {
        svg.sourcemap xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (CHART_W) " " (fmt(height)) }
            role="img" aria-label="Source map" {
            title { "Summary sentences by document and position" }
            @for d in &brief.documents {
                @let row = d.doc.index();
                @let y = 4.0 + ROW_H * row as f64 + ROW_H / 2.0;
                a href={ "#doc-" (row + 1) } {
                    text.label x="4" y=(fmt(y + 4.0)) { "[" (row + 1) "] " (shorten(&doc_label(d), 22)) }
                }
                line.lane x1=(fmt(left)) y1=(fmt(y)) x2=(fmt(right)) y2=(fmt(y)) {}
                @for (i, s) in brief.summary.iter().enumerate().filter(|(_, s)| s.doc == d.doc) {
                    @let frac = (s.position as f64 + 0.5) / d.sentences.max(s.position + 1) as f64;
                    @let x = left + (right - left) * frac;
                    a href={ "#s-" (i + 1) } {
                        circle.dot cx=(fmt(x)) cy=(fmt(y)) r="8" {
                            title { (i + 1) ": " (shorten(&s.text, 90)) }
                        }
                        text.num x=(fmt(x)) y=(fmt(y + 4.0)) text-anchor="middle" { (i + 1) }
                    }
                }
            }
        }
    })
}

fn fmt(x: f64) -> String {
    format!("{x:.1}")
}

/// Summary sentences as coverage rows: source document and supporting documents.
fn summary_coverage(brief: &Brief) -> Vec<CoverageRow> {
    brief
        .summary
        .iter()
        .enumerate()
        .map(|(i, s)| CoverageRow {
            label: (i + 1).to_string(),
            text: s.text.clone(),
            href: Some(format!("#s-{}", i + 1)),
            cells: brief
                .documents
                .iter()
                .map(|d| {
                    if d.doc == s.doc {
                        Coverage::Source
                    } else if s.support.contains(&d.doc) {
                        Coverage::Supports
                    } else {
                        Coverage::None
                    }
                })
                .collect(),
        })
        .collect()
}

fn coverage_section(brief: &Brief, rows: &[CoverageRow]) -> Markup {
    html! {
        section #coverage {
            h2 { "Source coverage" }
            @if rows.is_empty() {
                p.empty { "Nothing to cover." }
            } @else {
                p.note { "● quoted from this source · ○ this source carries the same report" }
                div.scroll {
                    table.matrix {
                        thead {
                            tr {
                                th scope="col" { "#" }
                                th scope="col" { "Statement" }
                                @for d in &brief.documents {
                                    th scope="col" title=(doc_label(d)) {
                                        a href={ "#doc-" (d.doc.index() + 1) } { "[" (d.doc.index() + 1) "]" }
                                        br; span.outlet { (shorten(&doc_label(d), 14)) }
                                    }
                                }
                                th scope="col" { "Sources" }
                            }
                        }
                        tbody {
                            @for r in rows {
                                tr {
                                    th scope="row" {
                                        @match &r.href {
                                            Some(h) => a href=(h) { (r.label) },
                                            None => (r.label),
                                        }
                                    }
                                    td.stmt { (shorten(&r.text, 110)) }
                                    @for (j, c) in r.cells.iter().enumerate() {
                                        @let who = brief.documents.get(j).map(doc_label).unwrap_or_default();
                                        @match c {
                                            Coverage::Source => td.cell.src title={ "quoted from " (who) } { "●" },
                                            Coverage::Supports => td.cell.sup title={ "supported by " (who) } { "○" },
                                            Coverage::None => td.cell {},
                                        }
                                    }
                                    td.count { (r.cells.iter().filter(|c| **c != Coverage::None).count()) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A generic table section; renders nothing when it has no rows.
pub fn table_section(s: &TableSection) -> Markup {
    if s.rows.is_empty() {
        return html! {};
    }
    html! {
        section.facts id=(s.id) {
            h2 { (s.title) }
            @if let Some(n) = &s.note { p.note { (n) } }
            div.scroll {
                table.facts {
                    @if !s.columns.is_empty() {
                        thead { tr { @for c in &s.columns { th scope="col" { (c) } } } }
                    }
                    tbody {
                        @for row in &s.rows {
                            tr {
                                @for c in row {
                                    td {
                                        @match &c.href {
                                            Some(h) => a href=(h) { (c.text) },
                                            None => (c.text),
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn sources_section(brief: &Brief, options: RenderOptions) -> Markup {
    let mut by_doc: BTreeMap<usize, Vec<&Removal>> = BTreeMap::new();
    for r in &brief.removals {
        by_doc.entry(r.doc.index()).or_default().push(r);
    }
    html! {
        section #sources {
            h2 { "Sources" }
            p.note { "Quoted sentences are highlighted. Removed debris (headlines, bylines, \
                      captions, widgets, unrelated text) is hidden; tick a box to show it struck through." }
            input.debris-toggle #debris-all type="checkbox" checked[options.explain];
            label.toggle for="debris-all" { "Show removed debris in every source" }
            div.docs {
                @for d in &brief.documents {
                    @let n = d.doc.index() + 1;
                    @let removals = by_doc.get(&d.doc.index()).map(Vec::as_slice).unwrap_or(&[]);
                    @let used = brief.summary.iter().filter(|s| s.doc == d.doc).count();
                    article.doc id={ "doc-" (n) } {
                        h3 { span.num { "[" (n) "] " } (d.title.as_deref().map(one_line).unwrap_or_else(|| "(untitled)".into())) }
                        p.meta {
                            @if let Some(s) = &d.source { (s) " · " }
                            @if let Some(date) = &d.date { (date) " · " }
                            (d.doc_id) " · " (format!("{:?}", d.format).to_lowercase())
                            " · relevance " (format!("{:.2}", d.relevance))
                            " · " (used) " quoted of " (d.sentences) " sentences"
                        }
                        @if !removals.is_empty() {
                            input.debris-toggle id={ "debris-" (n) } type="checkbox";
                            label.toggle for={ "debris-" (n) } { "Show " (removals.len()) " removed spans" }
                        }
                        div.doctext { (annotate(brief, d, removals)) }
                    }
                }
            }
        }
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The document's original text with used sentences marked and removals wrapped in `<del>`.
/// Spans are clamped to the text and to char boundaries, so a bad span never panics.
fn annotate(brief: &Brief, d: &BriefDocument, removals: &[&Removal]) -> Markup {
    let text = d.text.as_str();
    let clamp = |s: Span| {
        let a = floor_boundary(text, s.start);
        let b = floor_boundary(text, s.end.max(s.start));
        (a, b)
    };
    let marks: Vec<(usize, usize, usize)> = brief
        .summary
        .iter()
        .enumerate()
        .filter(|(_, s)| s.doc == d.doc)
        .map(|(i, s)| {
            let (a, b) = clamp(s.original_span);
            (a, b, i + 1)
        })
        .filter(|(a, b, _)| a < b)
        .collect();
    let dels: Vec<(usize, usize, &Removal)> = removals
        .iter()
        .map(|r| {
            let (a, b) = clamp(r.span);
            (a, b, *r)
        })
        .filter(|(a, b, _)| a < b)
        .collect();
    let mut cuts: BTreeSet<usize> = BTreeSet::from([0, text.len()]);
    for (a, b, _) in &marks {
        cuts.insert(*a);
        cuts.insert(*b);
    }
    for (a, b, _) in &dels {
        cuts.insert(*a);
        cuts.insert(*b);
    }
    let cuts: Vec<usize> = cuts.into_iter().collect();
    // Runs of text with the same (mark, removal), merged.
    let mut runs: Vec<(usize, usize, Option<usize>, Option<usize>)> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let mark = marks
            .iter()
            .find(|(s, e, _)| *s <= a && b <= *e)
            .map(|m| m.2);
        let del = dels.iter().position(|(s, e, _)| *s <= a && b <= *e);
        match runs.last_mut() {
            Some(last) if last.1 == a && last.2 == mark && last.3 == del => last.1 = b,
            _ => runs.push((a, b, mark, del)),
        }
    }
    let mut seen: BTreeSet<usize> = BTreeSet::new();
    let mark_end: BTreeMap<usize, usize> = marks.iter().map(|(_, e, n)| (*n, *e)).collect();
    html! {
        @for (a, b, mark, del) in runs {
            @let piece = &text[a..b];
            @let inner = html! {
                @match mark {
                    Some(n) => {
                        @let first = seen.insert(n);
                        mark id=[first.then(|| format!("s-{n}"))] data-n=(n) { (piece) }
                        @if mark_end.get(&n) == Some(&b) {
                            a.back href={ "#sum-" (n) } title={ "Summary sentence " (n) } { (n) }
                        }
                    }
                    None => (piece),
                }
            };
            @match del.and_then(|i| dels.get(i)) {
                Some((_, _, r)) => del.removed title={ (kind_label(r.kind)) ": " (r.reason) } data-kind=(kind_slug(r.kind)) { (inner) },
                None => (inner),
            }
        }
    }
}

fn kind_slug(kind: RemovalKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn cleaning_section(brief: &Brief, options: RenderOptions) -> Markup {
    let mut counts: BTreeMap<RemovalKind, usize> = BTreeMap::new();
    for r in &brief.removals {
        *counts.entry(r.kind).or_insert(0) += 1;
    }
    html! {
        @if !counts.is_empty() {
            section #cleaning {
                h2 { "Cleaning" }
                p { "Removed " (brief.removals.len()) " spans: "
                    @for (i, (k, n)) in counts.iter().enumerate() {
                        @if i > 0 { ", " }
                        (kind_label(*k)) " " (n)
                    }
                    "."
                }
                @if options.explain {
                    div.scroll {
                        table.facts {
                            thead { tr { th { "Source" } th { "Kind" } th { "Reason" } th { "Text" } } }
                            tbody {
                                @for r in &brief.removals {
                                    @let snippet = brief.documents.get(r.doc.index())
                                        .and_then(|d| r.span.slice(&d.text)).map(|s| shorten(s, 80)).unwrap_or_default();
                                    tr {
                                        td { a href={ "#doc-" (r.doc.index() + 1) } { "[" (r.doc.index() + 1) "]" } }
                                        td { (kind_label(r.kind)) }
                                        td { (r.reason) }
                                        td { (snippet) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

const CSS: &str = r#"
:root{--fg:#1d232a;--muted:#5b6570;--bg:#fff;--line:#d9dee3;--accent:#0b5cad;--mark:#fff0a8;--del:#b3261e}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header,main,footer{max-width:960px;margin:0 auto;padding:0 16px}
header{padding-top:16px;border-bottom:1px solid var(--line)}
h1{font-size:1.6rem;margin:.2em 0;overflow-wrap:anywhere}
h2{font-size:1.25rem;margin:1.6em 0 .5em;border-bottom:1px solid var(--line);padding-bottom:.2em}
h3{font-size:1.05rem;margin:1.2em 0 .3em}
a{color:var(--accent)}
nav a{margin-right:.8em;white-space:nowrap}
.meta,.note{color:var(--muted);font-size:.9rem}
ol.summary{padding-left:1.6em}
ol.summary li{margin:.5em 0}
a.sent{color:inherit;text-decoration:none;border-bottom:1px dotted var(--accent)}
a.sent:hover{background:var(--mark)}
a.cite{font-weight:600;text-decoration:none}
.src,.support{color:var(--muted);font-size:.85rem}
figure.chart{margin:0;overflow-x:auto}
svg{width:100%;height:auto;max-width:100%;font:12px system-ui,sans-serif}
svg .axis{stroke:var(--fg);stroke-width:1.5}
svg .leader{stroke:var(--line);stroke-dasharray:2 3}
svg .lane{stroke:var(--line);stroke-width:6;stroke-linecap:round}
svg .dot{fill:var(--accent)}
svg .undated{fill:var(--muted)}
svg .label{fill:var(--fg)}
svg .tick{fill:var(--muted)}
svg .num{fill:#fff;font-size:10px;font-weight:700}
.scroll{overflow-x:auto}
table{border-collapse:collapse;font-size:.9rem}
th,td{border:1px solid var(--line);padding:.3em .45em;vertical-align:top;text-align:left}
table.matrix td.cell{text-align:center;min-width:2.2em}
table.matrix td.src{color:var(--accent);font-weight:700}
table.matrix td.sup{color:var(--muted)}
table.matrix td.stmt{min-width:14em}
.outlet{font-weight:400;color:var(--muted);font-size:.8rem}
article.doc{border-top:1px solid var(--line);padding-top:.3em}
.doctext{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.95rem;background:#fafbfc;border:1px solid var(--line);border-radius:4px;padding:.6em .8em}
mark{background:var(--mark);padding:0 .1em;border-radius:2px}
mark:target{outline:2px solid var(--accent)}
a.back{font-size:.7rem;vertical-align:super;text-decoration:none;margin-left:.15em}
del.removed{display:none;color:var(--del);background:#fdeceb}
.debris-toggle{margin-right:.4em}
label.toggle{font-size:.9rem;color:var(--muted);cursor:pointer}
#debris-all:checked~.docs del.removed,.debris-toggle:checked~.doctext del.removed{display:inline}
.empty{font-style:italic}
footer{margin-top:2em;border-top:1px solid var(--line)}
@media (max-width:600px){body{font-size:15px}h1{font-size:1.3rem}header,main,footer{padding:0 10px}
 figure.chart svg{min-width:540px}table.matrix td.stmt{min-width:9em}}
@media print{nav,.debris-toggle,label.toggle{display:none}a{color:inherit;text-decoration:none}
 a.back{display:none}.doctext{background:none;border:none;padding:0}mark{outline:none}
 section,article.doc{break-inside:auto}h2,h3{break-after:avoid}figure.chart{break-inside:avoid}}
"#;

/// The report's fact sections, timeline and coverage rows, built from `brief.facts`.
pub fn facts_extras(brief: &Brief) -> HtmlExtras {
    use crate::facts::agreement::Verdict;
    use crate::facts::entities::EntityKind;
    let facts = &brief.facts;
    let doc_link = |d: crate::model::DocId| format!("#doc-{}", d.index() + 1);
    let timeline = facts
        .timeline
        .iter()
        .map(|e| TimelineEvent {
            // Full dates are plotted to scale; partial ones show their readable label instead
            // of the raw "--01-12" form. The point's text is the sentence that carries the date.
            date: if day_number(&e.date).is_some() {
                e.date.clone()
            } else {
                e.label.clone()
            },
            label: e.text.clone(),
            href: e.mentions.first().map(|m| doc_link(m.doc)),
        })
        .collect();
    let verdict = |v: Verdict| match v {
        Verdict::Conflicting => "conflicting",
        Verdict::Consistent => "consistent",
        Verdict::Agree => "agree",
    };
    let mut conflicts = TableSection {
        id: "conflicts".into(),
        title: "Where sources disagree".into(),
        note: Some(
            "Figures about the same thing from several documents: conflicting groups first.".into(),
        ),
        columns: vec!["thing".into(), "verdict".into(), "who says what".into()],
        rows: Vec::new(),
    };
    let mut coverage = Vec::new();
    for (i, g) in facts.groups.iter().enumerate() {
        let claims: Vec<String> = g
            .claims
            .iter()
            .map(|c| {
                let docs: Vec<String> = c
                    .docs
                    .iter()
                    .map(|d| format!("[{}]", d.index() + 1))
                    .collect();
                format!("{} {}", c.text, docs.join(""))
            })
            .collect();
        let thing = match &g.predicate {
            Some(p) => format!("{} {p}", g.thing),
            None => g.thing.clone(),
        };
        conflicts.rows.push(vec![
            TableCell::text(thing.clone()),
            TableCell::text(verdict(g.verdict)),
            TableCell::text(claims.join("; ")),
        ]);
        let mut cells = vec![Coverage::None; brief.documents.len()];
        for c in &g.claims {
            for d in &c.docs {
                if let Some(cell) = cells.get_mut(d.index()) {
                    *cell = Coverage::Source;
                }
            }
        }
        coverage.push(CoverageRow {
            label: format!("fact {}", i + 1),
            text: format!("{thing}: {}", verdict(g.verdict)),
            href: Some("#conflicts".into()),
            cells,
        });
    }
    let kind = |k: EntityKind| match k {
        EntityKind::Person => "person",
        EntityKind::Organization => "organisation",
        EntityKind::Place => "place",
        EntityKind::Other => "other",
    };
    let entities = TableSection {
        id: "entities".into(),
        title: "People, organisations and places".into(),
        note: Some("Ranked by salience; spellings merged across documents.".into()),
        columns: vec![
            "name".into(),
            "kind".into(),
            "mentions".into(),
            "documents".into(),
            "also written".into(),
        ],
        rows: facts
            .entities
            .iter()
            .take(30)
            .map(|e| {
                vec![
                    TableCell::text(e.name.clone()),
                    TableCell::text(kind(e.kind)),
                    TableCell::text(e.mentions.len().to_string()),
                    TableCell::text(e.documents.to_string()),
                    TableCell::text(e.aliases.join(", ")),
                ]
            })
            .collect(),
    };
    let quotes = TableSection {
        id: "quotes".into(),
        title: "Quotes".into(),
        note: None,
        columns: vec!["speaker".into(), "quote".into(), "source".into()],
        rows: facts
            .quotes
            .iter()
            .take(20)
            .map(|q| {
                vec![
                    TableCell::text(q.speaker.clone().unwrap_or_else(|| "(unattributed)".into())),
                    TableCell::text(q.text.clone()),
                    TableCell::link(
                        format!("[{}]", q.mention.doc.index() + 1),
                        doc_link(q.mention.doc),
                    ),
                ]
            })
            .collect(),
    };
    HtmlExtras {
        timeline,
        coverage,
        sections: vec![conflicts, entities, quotes],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2026-10-14T09:15:00"), day_number("2026-10-14"));
        assert_eq!(
            day_number("2026-10-15").unwrap() - day_number("2026-10-14").unwrap(),
            1
        );
        assert_eq!(day_number("Oct 14"), None);
        assert_eq!(day_number("2026-13-01"), None);
        assert_eq!(day_number("20é6-10-14"), None);
    }

    #[test]
    fn timeline_places_dated_events_to_scale_and_escapes() {
        let ev = |d: &str, l: &str| TimelineEvent {
            date: d.into(),
            label: l.into(),
            href: None,
        };
        assert!(timeline_svg(&[]).is_none());
        let svg = timeline_svg(&[
            ev("2026-10-15", "later"),
            ev("2026-10-13", "<b>first</b>"),
            ev("someday", "undated"),
        ])
        .unwrap()
        .into_string();
        assert!(svg.contains("&lt;b&gt;first"), "{svg}");
        assert!(!svg.contains("<b>"));
        let first = svg.find("first").unwrap();
        let later = svg.find("later").unwrap();
        let undated = svg.find("undated").unwrap();
        assert!(first < later && later < undated);
    }

    #[test]
    fn empty_table_sections_render_nothing() {
        let mut s = TableSection {
            id: "entities".into(),
            title: "Entities".into(),
            columns: vec!["Name".into(), "Mentions".into()],
            ..TableSection::default()
        };
        assert_eq!(table_section(&s).into_string(), "");
        s.rows.push(vec![
            TableCell::text("<i>Kessling</i>"),
            TableCell::text("4"),
        ]);
        let out = table_section(&s).into_string();
        assert!(out.contains("id=\"entities\""));
        assert!(out.contains("&lt;i&gt;Kessling"));
    }
}
