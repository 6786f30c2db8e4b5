//! Text and Markdown sections for the facts of a brief: conflicts first, then figure groups,
//! timeline, people / organisations / places, quotes. Compact: each list is capped.

use std::fmt::Write;

use super::{EntityKind, Facts, Verdict};
use crate::model::DocId;

const MAX_GROUPS: usize = 8;
const MAX_EVENTS: usize = 12;
const MAX_ENTITIES: usize = 8;
const MAX_QUOTES: usize = 6;

fn one_line(s: &str, max_chars: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max_chars {
        return s;
    }
    let mut t: String = s.chars().take(max_chars).collect();
    t.push('…');
    t
}

fn tags(docs: &[DocId]) -> String {
    let mut d: Vec<usize> = docs.iter().map(|d| d.index() + 1).collect();
    d.sort_unstable();
    d.dedup();
    d.iter().map(|n| format!("[{n}]")).collect()
}

/// The facts sections, or an empty string when there are no facts. `esc` escapes text for the
/// output format.
pub fn sections(facts: &Facts, markdown: bool, esc: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    let head = |out: &mut String, title: &str| {
        out.push('\n');
        if markdown {
            let _ = writeln!(out, "## {title}\n");
        } else {
            let _ = writeln!(out, "{title}");
        }
    };
    let tag = |docs: &[DocId]| {
        let t = tags(docs);
        if markdown {
            t.replace('[', "\\[").replace(']', "\\]")
        } else {
            t
        }
    };
    let group_line = |g: &super::FigureGroup| {
        let what = match &g.predicate {
            Some(p) => format!("{} ({p})", g.thing),
            None => g.thing.clone(),
        };
        let when = g
            .scope
            .as_deref()
            .map(|s| format!(", time: {s}"))
            .unwrap_or_default();
        let claims: Vec<String> = g
            .claims
            .iter()
            .map(|c| format!("{} {}", esc(&one_line(&c.text, 40)), tag(&c.docs)))
            .collect();
        format!("- {}{}: {}", esc(&what), esc(&when), claims.join("; "))
    };
    let conflicts: Vec<_> = facts
        .groups
        .iter()
        .filter(|g| g.verdict == Verdict::Conflicting)
        .collect();
    if !conflicts.is_empty() {
        head(&mut out, "Where sources disagree");
        for g in conflicts.iter().take(MAX_GROUPS) {
            let _ = writeln!(out, "{}", group_line(g));
        }
    }
    let others: Vec<_> = facts
        .groups
        .iter()
        .filter(|g| g.verdict != Verdict::Conflicting)
        .collect();
    if !others.is_empty() || !facts.figures.is_empty() {
        head(&mut out, "Figures");
        for g in others.iter().take(MAX_GROUPS) {
            let verdict = if g.verdict == Verdict::Agree {
                "agree"
            } else {
                "consistent"
            };
            let _ = writeln!(out, "{} ({verdict})", group_line(g));
        }
        let _ = writeln!(
            out,
            "- {} figures in all; {} groups across sources",
            facts.figures.len(),
            facts.groups.len()
        );
    }
    if !facts.timeline.is_empty() {
        head(&mut out, "Timeline");
        // The most specific dates (days, then months, weeks, years), shown in time order.
        let rank = |e: &super::TimelineEvent| {
            let d = e.date.trim_start_matches('-');
            match (d.len(), d.contains('W')) {
                (_, true) => 2,
                (10, _) | (5, _) if d.contains('-') && d.len() != 7 => 0,
                (7, _) | (2, _) => 1,
                _ => 3,
            }
        };
        let mut idx: Vec<usize> = (0..facts.timeline.len()).collect();
        idx.sort_by_key(|&i| (rank(&facts.timeline[i]), i));
        idx.truncate(MAX_EVENTS);
        idx.sort_unstable();
        for e in idx.iter().map(|&i| &facts.timeline[i]) {
            let docs: Vec<DocId> = e.mentions.iter().map(|m| m.doc).collect();
            let _ = writeln!(
                out,
                "- {}: {} {}",
                esc(&e.label),
                esc(&one_line(&e.text, 160)),
                tag(&docs)
            );
        }
        if facts.timeline.len() > MAX_EVENTS {
            let _ = writeln!(
                out,
                "- … {} more dated events",
                facts.timeline.len() - MAX_EVENTS
            );
        }
    }
    let kinds = [
        (EntityKind::Person, "People"),
        (EntityKind::Organization, "Organisations"),
        (EntityKind::Place, "Places"),
    ];
    if facts.entities.iter().any(|e| e.kind != EntityKind::Other) {
        head(&mut out, "People, organisations, places");
        for (kind, label) in kinds {
            let list: Vec<String> = facts
                .entities
                .iter()
                .filter(|e| e.kind == kind)
                .take(MAX_ENTITIES)
                .map(|e| {
                    let others: Vec<&String> =
                        e.aliases.iter().filter(|a| **a != e.name).take(3).collect();
                    let also = if others.is_empty() {
                        String::new()
                    } else {
                        format!(
                            "; also {}",
                            others
                                .iter()
                                .map(|a| one_line(a, 40))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    };
                    format!(
                        "{} ({}×, {} sources{also})",
                        one_line(&e.name, 60),
                        e.mentions.len(),
                        e.documents
                    )
                })
                .collect();
            if !list.is_empty() {
                let _ = writeln!(out, "- {label}: {}", esc(&list.join(", ")));
            }
        }
    }
    if !facts.quotes.is_empty() {
        head(&mut out, "Quotes");
        // Attributed quotes of the most salient speakers first, one per speaker.
        let mut picked: Vec<&super::Quote> = Vec::new();
        let mut order: Vec<&super::Quote> = facts
            .quotes
            .iter()
            .filter(|q| q.speaker.is_some())
            .collect();
        order.sort_by_key(|q| {
            (
                q.entity.unwrap_or(usize::MAX),
                q.attribution != "explicit",
                q.mention.doc,
                q.mention.span.start,
            )
        });
        for q in order {
            if picked.len() >= MAX_QUOTES {
                break;
            }
            if picked.iter().any(|p| p.speaker == q.speaker) {
                continue;
            }
            picked.push(q);
        }
        for q in picked {
            let _ = writeln!(
                out,
                "- “{}” — {} {}",
                esc(&one_line(&q.text, 200)),
                esc(q.speaker.as_deref().unwrap_or("unattributed")),
                tag(&[q.mention.doc])
            );
        }
        let _ = writeln!(out, "- {} quotes in all", facts.quotes.len());
    }
    out
}
