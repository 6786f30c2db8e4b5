//! Attribution invariant, property-tested: for any input, `summarize` returns Ok or a typed
//! error (never panics), and every summary span slices exactly the quoted sentence, both in the
//! cleaned text and in the original text. Removal spans stay in bounds too.

use proptest::prelude::*;
use synoptic::pipeline::{summarize, Config};
use synoptic::select::Budget;
use synoptic::{ingest, Brief, Cluster};

fn check(brief: &Brief) -> Result<(), TestCaseError> {
    for s in &brief.summary {
        let doc = &brief.documents[s.doc.index()];
        prop_assert_eq!(s.span.slice(&doc.clean_text), Some(s.text.as_str()));
        prop_assert_eq!(s.original_span.slice(&doc.text), Some(s.text.as_str()));
        prop_assert!(!s.text.trim().is_empty());
        // A core lies inside the whole sentence it was cut from.
        if let Some(w) = s.whole_span {
            prop_assert!(w.start <= s.span.start && s.span.end <= w.end && w.len() > s.span.len());
            prop_assert!(w.slice(&doc.clean_text).is_some());
        }
    }
    for r in &brief.removals {
        let doc = &brief.documents[r.doc.index()];
        prop_assert!(
            r.span.slice(&doc.text).is_some(),
            "removal {:?} off bounds",
            r
        );
    }
    Ok(())
}

fn run(cluster: &Cluster, words: usize, truncate: bool) -> Result<(), TestCaseError> {
    for compress in [false, true] {
        let config = Config {
            budget: Budget::Words(words),
            truncate,
            compress,
            ..Config::default()
        };
        // A typed error is an allowed outcome.
        if let Ok(b) = summarize(cluster, &config) {
            check(&b)?;
        }
    }
    Ok(())
}

/// News-like lines mixed with the debris the cleaner must handle.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Z][a-z]{2,9}( [a-z]{1,9}){8,25}[.!?]",
        2 => "[A-Z][a-z]{2,9}( [A-Za-z0-9,]{1,9}){3,12}( \\(Photo: [A-Z][a-z]+\\))?",
        1 => "(Share|Tweet|Email|Related Articles|Back to top|TT|20|Advertisement)",
        1 => "By [A-Z][a-z]+ [A-Z][a-z]+",
        1 => "[A-Z]{3,9}, (Jan|Oct)\\. [0-9]{1,2} — [A-Z][a-z]+( [a-z]+){6,14}\\.",
        1 => "\"[A-Z][a-z]+( [a-z]+){4,10},\u{201d} (he|officials) said\\.",
        1 => "(However|Meanwhile), [A-Z][a-z]+( [a-z]+){6,14}, (the [a-z]+ said|said [A-Z][a-z]+|according to [a-z]+)\\.",
        1 => "[éüçßあ😀 \t]{1,20}",
        1 => "",
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(line(), 1..30).prop_map(|lines| {
        let mut s = lines.join("\n");
        // Duplicate a line sometimes, as scrapes do with captions.
        if let Some(first) = lines.iter().find(|l| !l.is_empty()) {
            s.push('\n');
            s.push_str(first);
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn spans_slice_exactly_for_news_like_text(docs in prop::collection::vec(document(), 1..5),
                                              words in 5usize..150, truncate in any::<bool>()) {
        let joined = docs.join("\n\x0c\n");
        if let Ok(cluster) = ingest::read_stream("-", joined.as_bytes(), None) {
            run(&cluster, words, truncate)?;
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(docs in prop::collection::vec(any::<String>(), 1..4)) {
        let joined = docs.join("\x0c");
        if let Ok(cluster) = ingest::read_stream("-", joined.as_bytes(), None) {
            run(&cluster, 100, false)?;
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        if let Ok(cluster) = ingest::read_stream("-", &bytes[..], None) {
            run(&cluster, 60, true)?;
        }
    }

    #[test]
    fn arbitrary_html_never_panics(body in "[<>a-z/ =\"'!\\-.A-Z]{0,300}") {
        let html = format!("<html><body><article><p>{body}</p><p>The council approved the new bridge plan on Monday after a long debate in the chamber.</p></article></body></html>");
        if let Ok(cluster) = ingest::read_stream("-", html.as_bytes(), None) {
            run(&cluster, 100, false)?;
        }
    }
}

#[test]
fn deterministic_output() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/harbor-bridge");
    let cluster = ingest::read_path(std::path::Path::new(dir), None).unwrap();
    let a = summarize(&cluster, &Config::default()).unwrap();
    let b = summarize(&cluster, &Config::default()).unwrap();
    let strip = |b: &Brief| {
        let mut b = b.clone();
        b.timings = Default::default();
        serde_json::to_string(&b).unwrap()
    };
    assert_eq!(strip(&a), strip(&b));
}
