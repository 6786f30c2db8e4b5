//! Facts extracted beside the summarizer (the default) are exactly the facts extracted on the
//! briefing thread alone: when ranking keeps every sentence, and when it cuts a foreign tail
//! (the early facts then read text that the brief drops, and must be extracted again).

use std::path::Path;

use synoptic::{summarize, Cluster, Config, RemovalKind};

fn example() -> Cluster {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/harbor-bridge");
    synoptic::ingest::read_dir(&dir).expect("the shipped example cluster")
}

fn facts_json(cluster: &Cluster, parallel_facts: bool) -> (String, synoptic::Brief) {
    let brief = summarize(
        cluster,
        &Config {
            parallel_facts,
            ..Config::default()
        },
    )
    .expect("a brief");
    (serde_json::to_string(&brief.facts).unwrap(), brief)
}

#[test]
fn a_foreign_tail_never_feeds_early_facts() {
    let cluster = example();
    let (beside, brief) = facts_json(&cluster, true);
    let foreign: Vec<_> = brief
        .removals
        .iter()
        .filter(|r| r.kind == RemovalKind::ForeignText)
        .collect();
    assert_eq!(foreign.len(), 1, "the example carries one glued-on article");
    // Several runs: whichever thread claims the early work, the result is the same.
    for _ in 0..5 {
        assert_eq!(beside, facts_json(&cluster, true).0);
    }
    assert_eq!(beside, facts_json(&cluster, false).0);
    let inside = |doc: synoptic::DocId, span: synoptic::Span| {
        foreign
            .iter()
            .any(|r| r.doc == doc && span.start < r.span.end && r.span.start < span.end)
    };
    for e in &brief.facts.entities {
        for m in &e.mentions {
            assert!(
                !inside(m.doc, m.original_span),
                "{} from foreign text",
                m.text
            );
        }
    }
    for f in &brief.facts.figures {
        assert!(
            !inside(f.mention.doc, f.mention.original_span),
            "{}",
            f.mention.text
        );
    }
}

#[test]
fn early_facts_equal_facts_on_one_thread() {
    let mut cluster = example();
    // Without the file that carries the glued-on article, ranking cuts nothing and the brief
    // keeps the facts extracted beside it.
    cluster
        .documents
        .retain(|d| !d.name.contains("portvale-courier"));
    for (i, d) in cluster.documents.iter_mut().enumerate() {
        d.id = synoptic::DocId(i as u32);
    }
    let (beside, brief) = facts_json(&cluster, true);
    assert!(brief
        .removals
        .iter()
        .all(|r| r.kind != RemovalKind::ForeignText));
    let bytes: usize = brief.documents.iter().map(|d| d.clean_text.len()).sum();
    assert!(
        bytes > 8192,
        "large enough to be handed to a pool thread: {bytes}"
    );
    assert!(!brief.facts.entities.is_empty() && !brief.facts.figures.is_empty());
    for _ in 0..5 {
        assert_eq!(beside, facts_json(&cluster, true).0);
    }
    assert_eq!(beside, facts_json(&cluster, false).0);
}
