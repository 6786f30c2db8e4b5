//! Title features (off by default; `docs/quality.md` rows X9 and X10): with them on, a
//! sentence carrying the headlines' words wins over one that does not, and spans stay exact.

use synoptic::select::Budget;
use synoptic::{summarize, Cluster, Config};

const ARTICLES: [&str; 3] = [
    "Heavy rain fell across the northern valley for a third straight day on Monday.\n\n\
     A new shelter for flood victims opened in the Riverton school gym on Monday night.",
    "Heavy rain fell across the northern valley again on Monday, closing several roads.\n\n\
     Volunteers said the new shelter for flood victims in Riverton had two hundred beds.",
    "Heavy rain fell across the northern valley on Monday and the river kept rising.\n\n\
     The shelter for flood victims in the Riverton school gym filled up within hours.",
];

fn cluster() -> Cluster {
    let mut c = Cluster::from_texts("titles", &ARTICLES);
    for d in &mut c.documents {
        d.title = Some("Riverton opens shelter for flood victims".into());
    }
    c
}

fn first_sentence(config: &Config) -> String {
    let brief = summarize(&cluster(), config).unwrap();
    for s in &brief.summary {
        let doc = &brief.documents[s.doc.index()];
        assert_eq!(s.span.slice(&doc.clean_text), Some(s.text.as_str()));
    }
    brief.summary[0].text.clone()
}

#[test]
fn title_prior_picks_the_sentence_the_headlines_are_about() {
    let base = Config {
        budget: Budget::Sentences(1),
        ..Config::default()
    };
    let plain = first_sentence(&base);
    assert!(plain.starts_with("Heavy rain"), "{plain}");
    let mut titled = base.clone();
    titled.rank.title_weight = 50.0;
    let with = first_sentence(&titled);
    assert!(with.contains("shelter"), "{with}");
}

#[test]
fn title_concepts_weigh_like_the_lead() {
    let base = Config {
        budget: Budget::Sentences(1),
        ..Config::default()
    };
    let mut titled = base.clone();
    // The boost adds to document-frequency weights; the learned model has no title feature.
    titled.rank.learned_weights = false;
    titled.rank.title_boost = 20.0;
    let with = first_sentence(&titled);
    assert!(with.contains("shelter for flood victims"), "{with}");
}
