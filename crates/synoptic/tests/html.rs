//! The HTML report: escaping of article content, marks for every summary sentence, removal
//! spans, links and determinism. Texts are the shipped example cluster or written here.

use std::path::Path;

use synoptic::pipeline::{summarize, Config};
use synoptic::render::{render, Format, RenderOptions};
use synoptic::render_html::{render_html_with, HtmlExtras, TableCell, TableSection, TimelineEvent};
use synoptic::{ingest, Brief};

fn example() -> Brief {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/harbor-bridge");
    let cluster = ingest::read_path(&dir, None).unwrap();
    summarize(&cluster, &Config::default()).unwrap()
}

const HOSTILE: &str = "Floods closed the main road into Riverton <script>window.__pwned=1</script> on Monday, officials said.\n\
Rescue teams reached the town by boat on Tuesday <img src=x onerror=\"window.__pwned=2\"> after the water rose.\n\
Share on Facebook\n\
\x0c\
Floods closed the main road into Riverton <script>window.__pwned=1</script> on Monday, officials said.\n\
Officials said rescue teams used boats to reach the town on Tuesday & the water kept rising.\n\
Share on Facebook\n";

fn hostile() -> Brief {
    let cluster = ingest::read_stream("-", HOSTILE.as_bytes(), None).unwrap();
    summarize(&cluster, &Config::default()).unwrap()
}

/// The text between `<tag ...>` and the matching `</tag>` for the element whose open tag
/// contains `attr` (no nesting of the same tag inside).
fn element_text<'a>(html: &'a str, tag: &str, attr: &str) -> Option<&'a str> {
    let at = html.find(attr)?;
    let open = html[..at].rfind(&format!("<{tag}"))?;
    let body = open + html[open..].find('>')? + 1;
    let close = body + html[body..].find(&format!("</{tag}>"))?;
    Some(&html[body..close])
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[test]
fn article_markup_is_escaped() {
    let brief = hostile();
    let html = render(&brief, Format::Html, RenderOptions::default()).unwrap();
    // The report has no script at all, and the article's markup shows as text.
    assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;"));
    assert!(html.contains("Tuesday &amp; the water"));
}

#[test]
fn every_summary_sentence_is_marked_and_linked() {
    for brief in [example(), hostile()] {
        assert!(!brief.summary.is_empty());
        let html = render(&brief, Format::Html, RenderOptions::default()).unwrap();
        for (i, s) in brief.summary.iter().enumerate() {
            let n = i + 1;
            // The summary links to the mark, and the mark holds exactly the quoted sentence.
            assert!(
                html.contains(&format!("href=\"#s-{n}\"")),
                "no link to s-{n}"
            );
            let marked = element_text(&html, "mark", &format!("id=\"s-{n}\""))
                .unwrap_or_else(|| panic!("no <mark id=\"s-{n}\">"));
            assert_eq!(marked, escape(&s.text), "mark s-{n}");
            assert_eq!(html.matches(&format!("id=\"s-{n}\"")).count(), 1);
            // The source document has an anchor the citation links to.
            let k = s.doc.index() + 1;
            assert!(html.contains(&format!("id=\"doc-{k}\"")));
        }
        // One coverage row per summary sentence, with one source cell each, then one row per
        // fact group with a source cell for every document that states one of its figures.
        let matrix = element_text(&html, "table", "class=\"matrix\"").unwrap();
        let fact_cells: usize = brief
            .facts
            .groups
            .iter()
            .map(|g| {
                let mut docs: Vec<_> = g.claims.iter().flat_map(|c| c.docs.clone()).collect();
                docs.sort();
                docs.dedup();
                docs.len()
            })
            .sum();
        assert_eq!(
            matrix.matches("class=\"cell src\"").count(),
            brief.summary.len() + fact_cells
        );
        let support: usize = brief.summary.iter().map(|s| s.support.len()).sum();
        assert_eq!(matrix.matches("class=\"cell sup\"").count(), support);
    }
}

#[test]
fn removals_are_struck_through_and_hidden_by_a_css_toggle() {
    let brief = example();
    assert!(!brief.removals.is_empty());
    let html = render(&brief, Format::Html, RenderOptions::default()).unwrap();
    let dels = html.matches("<del class=\"removed\"").count();
    assert!(dels >= brief.removals.len() / 2, "{dels} dels");
    assert!(html.contains("del.removed{display:none"));
    assert!(html.contains("type=\"checkbox\""));
    // Each removal's reason is on its <del>.
    let r = &brief.removals[0];
    assert!(html.contains(&escape(&r.reason)));
    // No script and no external fetches: self-contained.
    assert!(!html.contains("<script"));
    assert!(!html.contains("src=\"http"));
    assert!(!html.contains("href=\"http"));
    // --explain ticks the global toggle and lists the removals.
    let explained = render(&brief, Format::Html, RenderOptions { explain: true }).unwrap();
    assert!(explained.contains("id=\"debris-all\" type=\"checkbox\" checked"));
}

#[test]
fn rendering_is_deterministic_and_shows_dated_documents() {
    let brief = example();
    let a = render(&brief, Format::Html, RenderOptions::default()).unwrap();
    let b = render(&brief, Format::Html, RenderOptions::default()).unwrap();
    assert_eq!(a, b);
    assert!(a.starts_with("<!DOCTYPE html>"));
    let timeline = element_text(&a, "section", "id=\"timeline\"").unwrap();
    assert!(timeline.contains("<svg"));
    for d in brief.documents.iter().filter(|d| d.date.is_some()) {
        assert!(timeline.contains(d.date.as_deref().unwrap()));
    }
}

#[test]
fn extra_sections_and_timeline_events_render_only_with_data() {
    let brief = example();
    let empty = TableSection {
        id: "conflicts".into(),
        title: "Conflicts".into(),
        ..TableSection::default()
    };
    let entities = TableSection {
        id: "entities".into(),
        title: "Entities".into(),
        note: None,
        columns: vec!["Entity".into(), "Mentions".into()],
        rows: vec![vec![
            TableCell::link("Kessling <Harbor> Bridge", "#doc-1"),
            TableCell::text("12"),
        ]],
    };
    let extras = HtmlExtras {
        timeline: vec![TimelineEvent {
            date: "2026-10-13".into(),
            label: "Deck collapses".into(),
            href: Some("#s-1".into()),
        }],
        coverage: Vec::new(),
        sections: vec![empty, entities],
    };
    let html = render_html_with(&brief, RenderOptions::default(), &extras);
    assert!(!html.contains("id=\"conflicts\""));
    assert!(!html.contains("href=\"#conflicts\""));
    assert!(html.contains("id=\"entities\""));
    assert!(html.contains("href=\"#entities\""));
    assert!(html.contains("Kessling &lt;Harbor&gt; Bridge"));
    assert!(html.contains("Deck collapses"));
}

#[test]
fn bad_spans_do_not_panic() {
    let mut brief = hostile();
    for s in &mut brief.summary {
        s.original_span.end += 10_000;
    }
    for r in &mut brief.removals {
        r.span.start = r.span.start.saturating_sub(1);
    }
    brief.documents[0].text = "é".repeat(7);
    let html = render(&brief, Format::Html, RenderOptions::default()).unwrap();
    assert!(html.contains("</html>"));
}
