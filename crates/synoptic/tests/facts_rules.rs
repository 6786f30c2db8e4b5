//! The typing, figure, time and quote rules added after the manual audit (docs/facts.md), each
//! on text written for this test.

use synoptic::facts::{EntityKind, Facts};
use synoptic::{ingest, summarize, Config};

fn facts(text: &str) -> Facts {
    let c = ingest::read_stream("-", text.as_bytes(), None).expect("read");
    summarize(&c, &Config::default()).expect("brief").facts
}

fn kind_of(f: &Facts, name: &str) -> Option<EntityKind> {
    f.entities
        .iter()
        .find(|e| e.aliases.iter().any(|a| a == name))
        .map(|e| e.kind)
}

#[test]
fn head_words_groups_and_state_abbreviations_type_names() {
    let f = facts(
        "The choir sang at Westminster Abbey on Sunday. Later the choir left Westminster Abbey \
         by coach.\n\nThe cuts worry people who live on Social Security, and Social Security \
         offices were busy.\n\nRepublicans said the plan was late. Republicans want a vote.\n\n\
         The team trained for the Harbor Games in Fresno, Calif. before the Harbor Games \
         opened.\n\nAmericans travelled to see the final.",
    );
    assert_eq!(kind_of(&f, "Westminster Abbey"), Some(EntityKind::Place));
    assert_eq!(
        kind_of(&f, "Social Security"),
        Some(EntityKind::Organization)
    );
    assert_eq!(kind_of(&f, "Republicans"), Some(EntityKind::Organization));
    assert_eq!(kind_of(&f, "Harbor Games"), Some(EntityKind::Other));
    assert_eq!(kind_of(&f, "Calif"), Some(EntityKind::Place));
    // A plural demonym names no one.
    assert_eq!(kind_of(&f, "Americans"), None);
}

#[test]
fn given_names_and_place_titles_mark_people() {
    let f = facts(
        "Lunch at Jimmy's was quiet.\n\nCalifornia Governor Jerry Brown visited the dam on \
         Monday. Brown said repairs would start soon.",
    );
    assert_eq!(kind_of(&f, "Jimmy"), Some(EntityKind::Person));
    let brown = f
        .entities
        .iter()
        .find(|e| e.aliases.iter().any(|a| a == "Brown"))
        .expect("Brown");
    assert_eq!(brown.kind, EntityKind::Person);
    assert_eq!(brown.name, "Jerry Brown");
}

#[test]
fn tokenised_numbers_clock_times_counters_and_ages() {
    let f = facts(
        "The county paid $37 . 5 million for the new bridge.\n\nThe gates open at 6 : 00 p.m. \
         on race days.\n\n31 of 132 Photos\n\nThe flood destroyed 40 homes. Mrs. Okafor, 55, \
         said she lost everything.\n\nThe mill closed in April, 1987.",
    );
    let values: Vec<f64> = f.figures.iter().map(|x| x.value).collect();
    assert!(values.contains(&37_500_000.0), "{values:?}");
    // Neither the clock nor the gallery counter is a figure.
    for v in [6.0, 0.0, 31.0, 132.0] {
        assert!(!values.contains(&v), "{v} in {values:?}");
    }
    let age = f.figures.iter().find(|x| x.value == 55.0).expect("55");
    assert_eq!(age.thing.as_deref(), Some("age"));
    assert!(f
        .time_expressions
        .iter()
        .any(|t| t.mention.text == "6 : 00 p.m."));
    let april = f
        .time_expressions
        .iter()
        .find(|t| t.mention.text.starts_with("April"))
        .expect("April, 1987");
    assert_eq!(april.resolved.as_deref(), Some("1987-04"));
}

#[test]
fn appositive_speakers_and_titles_in_quotes() {
    let f = facts(
        "Ana Lima spoke first. “We will rebuild the bridge this year,” Tomas Reyes, who runs \
         the works department, said on Monday.\n\nShe appeared on “Harbor Morning Live” to \
         explain the plan.",
    );
    let q = f
        .quotes
        .iter()
        .find(|q| q.text.starts_with("We will rebuild"))
        .expect("quote");
    assert_eq!(q.speaker.as_deref(), Some("Tomas Reyes"));
    assert_eq!(q.attribution, "explicit");
    assert!(f.quotes.iter().all(|q| q.text != "Harbor Morning Live"));
}
