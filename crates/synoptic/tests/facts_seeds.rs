//! The must-show facts of the seed cluster (`../shared/data/seeds.jsonl`, read at run time and
//! never copied): the refugee-figure conflict, the soldiers-killed groups, the people and places
//! with merged spellings, and the dates on the timeline. Skipped, with a message, when the
//! data is absent (set SYNOPTIC_DATA to its folder to point elsewhere).

use std::path::PathBuf;

use synoptic::facts::{EntityKind, Verdict};
use synoptic::{ingest, summarize, Config};

fn data_dir() -> PathBuf {
    std::env::var_os("SYNOPTIC_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
}

#[test]
fn seeds_brief_surfaces_the_must_show_facts() {
    let path = data_dir().join("seeds.jsonl");
    if !path.exists() {
        eprintln!("skipped: {} not found (set SYNOPTIC_DATA)", path.display());
        return;
    }
    let cluster = ingest::read_path(&path, None).unwrap();
    let brief = summarize(&cluster, &Config::default()).unwrap();
    let f = &brief.facts;

    // The refugee figure conflict, 3.6 vs 3.7 million, with the outlets saying each.
    let refugees = f
        .groups
        .iter()
        .find(|g| g.thing.to_lowercase().contains("refugees"))
        .expect("a refugee group");
    assert_eq!(refugees.verdict, Verdict::Conflicting);
    assert_eq!(f.groups[0], *refugees, "conflicts come first");
    let says = |v: f64| {
        refugees
            .claims
            .iter()
            .filter(|c| (c.value - v).abs() < 1.0)
            .flat_map(|c| c.docs.clone())
            .collect::<Vec<_>>()
    };
    assert!(!says(3.6e6).is_empty() && !says(3.7e6).is_empty());
    assert!(refugees.claims.iter().all(|c| !c.sources.is_empty()));

    // Turkish soldiers killed: 33 and at least 33 (one strike, last week); 58 in a month and
    // more than 34 (last month): two consistent groups.
    let soldiers: Vec<_> = f
        .groups
        .iter()
        .filter(|g| g.predicate.as_deref() == Some("killed") && g.thing.starts_with("Turkish"))
        .collect();
    let values =
        |g: &synoptic::facts::FigureGroup| g.claims.iter().map(|c| c.value).collect::<Vec<_>>();
    assert!(
        soldiers
            .iter()
            .any(|g| values(g).contains(&33.0) && g.verdict == Verdict::Consistent),
        "{soldiers:#?}"
    );
    assert!(soldiers.iter().any(|g| values(g).contains(&58.0)
        && values(g).contains(&34.0)
        && g.verdict == Verdict::Consistent));

    // People, with merged spellings.
    let person = |key: &str| {
        f.entities
            .iter()
            .find(|e| e.kind == EntityKind::Person && e.aliases.iter().any(|a| a.contains(key)))
            .unwrap_or_else(|| panic!("person {key}"))
    };
    let erdogan = person("Erdogan");
    assert!(
        erdogan.aliases.iter().any(|a| a.contains("Erdoğan")),
        "{:?}",
        erdogan.aliases
    );
    assert!(erdogan.aliases.iter().any(|a| a == "Recep Tayyip Erdogan"));
    assert!(erdogan.documents >= 3);
    assert!(person("Putin").documents >= 3);
    let assad = person("Assad");
    assert!(
        assad.aliases.iter().any(|a| a == "Assad")
            && assad.aliases.iter().any(|a| a.contains("Bashar"))
    );
    let cavusoglu = person("Çavuşoğlu");
    assert!(
        cavusoglu.aliases.iter().any(|a| a.contains("Cavusoglu")),
        "{:?}",
        cavusoglu.aliases
    );
    let lavrov = person("Lavrov");
    assert!(
        lavrov.aliases.iter().any(|a| a == "Sergei Lavrov")
            && lavrov.aliases.iter().any(|a| a == "Sergey Lavrov")
    );

    // Places.
    for place in ["Idlib", "Moscow", "Ankara", "Sochi", "Saraqeb"] {
        assert!(
            f.entities
                .iter()
                .any(|e| e.kind == EntityKind::Place && e.name == place),
            "place {place}"
        );
    }

    // Dates on the timeline (no document date is known, so day-month dates stay without a year).
    for (date, label) in [
        ("--12-01", "Dec. 1"),
        ("--01-12", "Jan. 12"),
        ("--02-27", "Feb. 27"),
        ("2018-09", "September 2018"),
    ] {
        assert!(
            f.timeline.iter().any(|e| e.date == date),
            "{label} on the timeline"
        );
    }
    // In order: September 2018 before Dec. 1 before Jan. 12 before Feb. 27.
    let at = |d: &str| f.timeline.iter().position(|e| e.date == d).unwrap();
    assert!(
        at("2018-09") < at("--12-01")
            && at("--12-01") < at("--01-12")
            && at("--01-12") < at("--02-27")
    );

    // The text brief shows conflicts first among the facts sections.
    let text = synoptic::render::render(&brief, synoptic::render::Format::Text, Default::default())
        .unwrap();
    let conflicts = text.find("Where sources disagree").unwrap();
    assert!(
        conflicts < text.find("Figures").unwrap() && conflicts < text.find("Timeline").unwrap()
    );
    assert!(text.contains("3.6 million") && text.contains("3.7 million"));
}
