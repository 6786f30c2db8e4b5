//! People, organisations and places, found without any statistical model: capitalised spans,
//! titles and honorifics, organisation words, a small hand-written gazetteer and the words
//! around a name. Mentions are merged across spellings and documents (Erdoğan = Erdogan =
//! Recep Tayyip Erdogan = "the Turkish president" when a title says so) and ranked by salience.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::gazetteer::{
    CUE_SET as PERSON_CUES, DEMONYMS, ORG_SET as ORGS, ORG_WORD_SET as ORG_WORDS, PLACE_NOUNS,
    PLACE_SET as PLACES, TITLE_SET,
};
use super::util::{fold, words};
use super::{Context, FactSentence, Mention};

/// What a name names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A person.
    Person,
    /// A company, agency, party, outlet, armed group.
    Organization,
    /// A country, region, city, town.
    Place,
    /// A name of unknown kind (an operation, an event, a product).
    Other,
}

/// One entity with its mentions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// The fullest name used for it.
    pub name: String,
    /// Its kind.
    pub kind: EntityKind,
    /// Every distinct way it is written, sorted.
    pub aliases: Vec<String>,
    /// Salience in (0, 1]: mentions and documents, with a bonus for lead sentences.
    pub salience: f64,
    /// Documents that mention it.
    pub documents: usize,
    /// The mentions, in document then text order.
    pub mentions: Vec<Mention>,
}

/// Verbs of saying; shared with quotes.
pub(crate) const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "warned",
    "noted",
    "stated",
    "declared",
    "explained",
    "insisted",
    "argued",
    "wrote",
    "writes",
    "asked",
    "indicated",
    "replied",
    "continued",
    "stressed",
    "urged",
    "acknowledged",
    "announced",
    "commented",
    "tweeted",
    "claimed",
    "admitted",
    "recalled",
    "confirmed",
    "suggested",
    "predicted",
    "cautioned",
    "emphasized",
    "emphasised",
    "underlined",
    "observed",
    "remarked",
    "responded",
    "concluded",
    "reiterated",
    "vowed",
    "quipped",
];

const STOP_CAPS: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "in",
    "on",
    "at",
    "but",
    "and",
    "or",
    "as",
    "after",
    "before",
    "when",
    "while",
    "if",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "its",
    "my",
    "your",
    "there",
    "here",
    "for",
    "from",
    "with",
    "by",
    "of",
    "to",
    "last",
    "next",
    "since",
    "despite",
    "although",
    "however",
    "meanwhile",
    "also",
    "yet",
    "so",
    "then",
    "what",
    "who",
    "why",
    "how",
    "where",
    "many",
    "some",
    "both",
    "all",
    "no",
    "not",
    "one",
    "two",
    "every",
    "each",
    "such",
    "according",
    "under",
    "over",
    "during",
    "among",
    "asked",
    "speaking",
    "still",
    "even",
    "thank",
    "unfortunately",
    "currently",
    "especially",
    "whatever",
    "with",
    "without",
    "outraged",
    "faced",
    "having",
    "members",
    "add",
    "related",
    "back",
    "top",
    "share",
    "read",
    "more",
    "now",
    "today",
    "yesterday",
    "tomorrow",
    "earlier",
    "later",
    "than",
    "other",
    "another",
    "most",
    "few",
    "several",
    "any",
    "our",
    "us",
    "mr.",
    "analysts",
    "officials",
    "experts",
    "critics",
    "residents",
    "witnesses",
    "police",
    "troops",
    "rebels",
    "protesters",
    "activists",
    "sources",
    "diplomats",
    "observers",
    "leaders",
];

static STOP_SET: super::gazetteer::WordSet = super::gazetteer::WordSet::new(STOP_CAPS);
static DATE_WORDS: super::gazetteer::WordSet = super::gazetteer::WordSet::new(WEEKDAYS_MONTHS);

const WEEKDAYS_MONTHS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

const CONNECTORS: &[&str] = &[
    "of", "for", "de", "la", "del", "du", "da", "van", "von", "der", "bin", "al", "el", "on",
];

fn is_demonym(f: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| DEMONYMS.iter().map(|(d, _)| *d).collect())
        .contains(f)
        || f.ends_with("-american")
        || f.ends_with("-born")
}

fn is_title(f: &str) -> bool {
    TITLE_SET.contains(f.trim_end_matches('.'))
}

fn capitalised(w: &str) -> bool {
    let w = ["al-", "el-", "ad-", "ash-", "as-"]
        .iter()
        .find_map(|p| w.strip_prefix(p))
        .unwrap_or(w);
    w.chars().next().is_some_and(char::is_uppercase)
}

/// One mention found in a sentence, before merging.
#[derive(Debug, Clone)]
struct Raw {
    key: String,
    surface: String,
    kind: EntityKind,
    strong: bool,
    role: Option<String>,
    mention: Mention,
    lead: bool,
    /// A descriptive reference ("the Turkish president"), not a name.
    role_ref: bool,
}

/// A name key: folded tokens, "al-" prefixes dropped, possessives dropped.
fn key_of(s: &str) -> String {
    let f = fold(s);
    words(&f)
        .iter()
        .map(|&(a, b)| {
            let t = &f[a..b];
            let t = t.trim_end_matches("'s");
            t.strip_prefix("al-")
                .or_else(|| t.strip_prefix("el-"))
                .unwrap_or(t)
                .to_string()
        })
        .filter(|t| !t.is_empty() && t != "al" && t != "el" && t != "the")
        .collect::<Vec<_>>()
        .join(" ")
}

/// Tokens of a sentence: (start, end) with possessives cut off, hyphenated place-adjectives
/// ("Russia-backed") cut to the name.
fn tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (a, mut b) in words(text) {
        let w = &text[a..b];
        for suf in ["'s", "’s", "'", "’"] {
            if w.len() > suf.len() + 1 && w.ends_with(suf) {
                b -= suf.len();
                break;
            }
        }
        let w = &text[a..b];
        if capitalised(w) && w.contains('-') {
            let parts: Vec<&str> = w.split('-').collect();
            if parts.len() >= 2
                && !capitalised(parts[parts.len() - 1])
                && !fold(parts[0]).starts_with("al")
            {
                // "Russia-backed": the name is the first part.
                out.push((a, a + parts[0].len()));
                continue;
            }
            if parts.iter().all(|p| capitalised(p))
                && parts
                    .iter()
                    .all(|p| PLACES.contains(fold(p).as_str()) || is_demonym(&fold(p)))
            {
                let mut s = a;
                for p in parts {
                    out.push((s, s + p.len()));
                    s += p.len() + 1;
                }
                continue;
            }
        }
        out.push((a, b));
    }
    out
}

pub(crate) fn extract(ctx: &Context<'_>) -> Vec<Entity> {
    // Words seen in lowercase anywhere in the cluster are common words when capitalised at the
    // start of a sentence.
    let mut lower: HashSet<&str> = HashSet::new();
    for s in &ctx.sentences {
        for (a, b) in words(s.text) {
            let w = &s.text[a..b];
            if w.starts_with(|c: char| c.is_ascii_lowercase()) {
                lower.insert(w);
            }
        }
    }
    let mut raws: Vec<Raw> = Vec::new();
    for s in &ctx.sentences {
        chunk_sentence(ctx, s, &lower, &mut raws);
    }
    merge(ctx, raws)
}

fn chunk_sentence(
    ctx: &Context<'_>,
    s: &FactSentence<'_>,
    lower: &HashSet<&str>,
    out: &mut Vec<Raw>,
) {
    let text = s.text;
    let toks = tokens(text);
    let mut i = 0;
    while i < toks.len() {
        let (a, b) = toks[i];
        if !capitalised(&text[a..b]) {
            i += 1;
            continue;
        }
        // Grow the chunk over capitalised tokens and inner connectors, whitespace between.
        let mut j = i + 1;
        while j < toks.len() {
            let gap = &text[toks[j - 1].1..toks[j].0];
            if !gap.chars().all(char::is_whitespace) || gap.contains('\n') || gap.is_empty() {
                break;
            }
            let w = &text[toks[j].0..toks[j].1];
            if capitalised(w) {
                j += 1;
                continue;
            }
            let f = fold(w);
            let prev = fold(&text[toks[j - 1].0..toks[j - 1].1]);
            let connector_ok = CONNECTORS.contains(&f.as_str())
                && (ORG_WORDS.contains(prev.as_str())
                    || f != "of" && f != "for" && f != "on"
                    || matches!(
                        prev.as_str(),
                        "gulf"
                            | "republic"
                            | "kingdom"
                            | "bay"
                            | "sea"
                            | "isle"
                            | "cape"
                            | "lake"
                            | "mount"
                            | "city"
                            | "state"
                            | "states"
                            | "house"
                            | "people's"
                            | "ministry"
                            | "secretary"
                            | "minister"
                            | "department"
                            | "bank"
                            | "university"
                            | "prince"
                            | "duke"
                            | "queen"
                            | "king"
                            | "court"
                    ))
                && toks
                    .get(j + 1)
                    .is_some_and(|&(x, y)| capitalised(&text[x..y]))
                && text[toks[j].1..toks[j + 1].0]
                    .chars()
                    .all(char::is_whitespace);
            if connector_ok {
                j += 1;
                continue;
            }
            break;
        }
        // A lone capitalised function word ("The", "He") names nothing.
        if j == i + 1 && STOP_SET.contains(text[a..b].to_ascii_lowercase().as_str()) {
            i = j;
            continue;
        }
        // A lone sentence-initial word also seen in lowercase ("Officials") names nothing.
        if j == i + 1 {
            let before = text[..a].trim_end();
            let initial =
                before.is_empty() || before.ends_with(['“', '"', '(', '‘', '\'', ':', '—']);
            let w = &text[a..b];
            if initial && w.is_ascii() {
                let l = w.to_ascii_lowercase();
                if lower.contains(l.as_str())
                    && !PLACES.contains(l.as_str())
                    && !ORGS.contains(l.as_str())
                {
                    i = j;
                    continue;
                }
            }
        }
        let chunk: Vec<(usize, usize)> = toks[i..j].to_vec();
        let prev_tok = (i > 0).then(|| toks[i - 1]);
        let next_tok = toks.get(j).copied();
        i = j;
        classify(ctx, s, lower, &chunk, prev_tok, next_tok, out);
    }
}

#[allow(clippy::too_many_arguments)]
fn classify(
    ctx: &Context<'_>,
    s: &FactSentence<'_>,
    lower: &HashSet<&str>,
    chunk: &[(usize, usize)],
    prev_tok: Option<(usize, usize)>,
    next_tok: Option<(usize, usize)>,
    out: &mut Vec<Raw>,
) {
    let text = s.text;
    let f = |t: (usize, usize)| fold(&text[t.0..t.1]);
    let mut toks: Vec<(usize, usize)> = chunk.to_vec();
    // Split at weekday and month names; keep the longest named part before them.
    if let Some(p) = toks
        .iter()
        .position(|&t| DATE_WORDS.contains(f(t).trim_end_matches('.')))
    {
        let (head, tail) = toks.split_at(p);
        let tail: Vec<_> = tail[1..].to_vec();
        let head = head.to_vec();
        if !tail.is_empty() {
            classify(ctx, s, lower, &tail, None, next_tok, out);
        }
        toks = head;
        if toks.is_empty() {
            return;
        }
    }
    // Drop leading common words ("The", sentence-initial "Outraged").
    let initial_at = |t: (usize, usize)| {
        let before = text[..t.0].trim_end();
        before.is_empty() || before.ends_with(['“', '"', '(', '‘', '\'', ':', '—'])
    };
    while let Some(&t) = toks.first() {
        let w = f(t);
        if STOP_SET.contains(w.as_str())
            || (initial_at(t)
                && lower.contains(w.as_str())
                && !PLACES.contains(w.as_str())
                && !ORGS.contains(w.as_str()))
        {
            toks.remove(0);
        } else {
            break;
        }
    }
    while toks
        .last()
        .is_some_and(|&t| CONNECTORS.contains(&f(t).as_str()))
    {
        toks.pop();
    }
    if toks.is_empty() {
        return;
    }
    let last = f(toks[toks.len() - 1]);
    let full_key = key_of(&text[toks[0].0..toks[toks.len() - 1].1]);
    let org_by_word = ORG_WORDS.contains(last.as_str())
        || (toks.len() >= 2
            && ORG_WORDS.contains(f(toks[toks.len() - 2]).as_str())
            && last.len() <= 4);
    // Titles and demonyms in front of a person's name: "Turkish President Recep Tayyip Erdogan".
    let mut role: Vec<String> = Vec::new();
    let mut titled = false;
    if !org_by_word && !ORGS.contains(full_key.as_str()) {
        while toks.len() > 1 {
            let w = f(toks[0]);
            let w = w.trim_end_matches('.');
            if is_title(w) {
                titled = true;
                role.push(w.to_string());
                toks.remove(0);
            } else if is_demonym(w) && toks.len() > 1 && is_title(f(toks[1]).trim_end_matches('.'))
            {
                role.push(w.to_string());
                toks.remove(0);
            } else {
                break;
            }
        }
    }
    if toks.len() == 1 {
        let w = f(toks[0]);
        if is_demonym(&w) || is_title(w.trim_end_matches('.')) || w.chars().count() < 2 {
            return;
        }
    }
    if toks.iter().all(|&t| is_demonym(&f(t))) {
        return;
    }
    let (start, end) = (toks[0].0, toks[toks.len() - 1].1);
    let surface = &text[start..end];
    let key = key_of(surface);
    if key.is_empty() {
        return;
    }
    let prev_word = prev_tok.map(f).unwrap_or_default();
    let prev_gap_clean =
        prev_tok.is_some_and(|t| text[t.1..start].chars().all(char::is_whitespace));
    let next_word = next_tok.map(f).unwrap_or_default();
    let next_gap = next_tok.map_or("", |t| &text[end..t.0]);
    let before2: String = {
        let mut h = start.saturating_sub(40);
        while !text.is_char_boundary(h) {
            h -= 1;
        }
        let ws: Vec<(usize, usize)> = words(&text[h..start])
            .into_iter()
            .map(|(a, b)| (a + h, b + h))
            .collect();
        ws.iter()
            .rev()
            .take(2)
            .rev()
            .map(|&(a, b)| fold(&text[a..b]))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let acronym = surface.len() >= 2
        && surface.len() <= 6
        && surface.chars().all(|c| c.is_uppercase() || c == '.');
    let speech_next = next_gap.chars().all(char::is_whitespace)
        && SPEECH_VERBS.contains(&next_word.as_str())
        || next_gap.trim() == ","
            && next_tok.is_some_and(|t| text[t.0..].starts_with(|c: char| c.is_lowercase()))
            && (next_word == "a"
                || next_word == "an"
                || next_word == "the"
                || PERSON_CUES.contains(next_word.as_str()));
    let (kind, strong) = if ORGS.contains(key.as_str()) || org_by_word {
        (EntityKind::Organization, true)
    } else if PLACES.contains(key.as_str()) {
        (EntityKind::Place, true)
    } else if acronym {
        (EntityKind::Organization, false)
    } else if titled || (prev_gap_clean && PERSON_CUES.contains(prev_word.as_str())) {
        (EntityKind::Person, true)
    } else if PLACE_NOUNS.contains(&next_word.as_str())
        && next_gap.trim().is_empty()
        && !speech_next
        || before2
            .strip_suffix(" of")
            .is_some_and(|n| PLACE_NOUNS.contains(&n))
    {
        (EntityKind::Place, false)
    } else if speech_next
        || toks.len() >= 2
            && toks.len() <= 4
            && !toks.iter().any(|&t| PLACES.contains(f(t).as_str()))
    {
        (EntityKind::Person, false)
    } else if matches!(
        prev_word.as_str(),
        "in" | "at" | "from" | "near" | "to" | "across" | "outside" | "into"
    ) && prev_gap_clean
    {
        (EntityKind::Place, false)
    } else {
        (EntityKind::Other, false)
    };
    let Some(mention) = ctx.mention_in(s, start, end) else {
        return;
    };
    out.push(Raw {
        key,
        surface: surface.to_string(),
        kind,
        strong,
        role: (!role.is_empty() && titled).then(|| role.join(" ")),
        mention,
        lead: s.position < 3,
        role_ref: false,
    });
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            cur[j] = (prev[j] + 1)
                .min(cur[j - 1] + 1)
                .min(prev[j - 1] + usize::from(a[i - 1] != b[j - 1]));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn same_person(a: &str, b: &str) -> bool {
    let ta: Vec<&str> = a.split(' ').collect();
    let tb: Vec<&str> = b.split(' ').collect();
    if ta.last() != tb.last() {
        return false;
    }
    if ta.iter().all(|t| tb.contains(t)) || tb.iter().all(|t| ta.contains(t)) {
        return true;
    }
    let (fa, fb) = (ta[0], tb[0]);
    fa.len() >= 4 && fb.len() >= 4 && edit_distance(fa, fb) <= 1
}

/// Union-find root.
fn root(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn merge(ctx: &Context<'_>, mut raws: Vec<Raw>) -> Vec<Entity> {
    // Group by key; vote on the kind (strong evidence counts three times).
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in raws.iter().enumerate() {
        by_key.entry(r.key.clone()).or_default().push(i);
    }
    let keys: Vec<String> = by_key.keys().cloned().collect();
    let kind_of = |idx: &[usize], raws: &[Raw]| -> EntityKind {
        let mut votes: BTreeMap<EntityKind, usize> = BTreeMap::new();
        for &i in idx {
            *votes.entry(raws[i].kind).or_insert(0) += if raws[i].strong { 3 } else { 1 };
        }
        if votes.len() > 1 {
            votes.remove(&EntityKind::Other);
        }
        votes
            .iter()
            .max_by_key(|(k, v)| (**v, std::cmp::Reverse(**k)))
            .map_or(EntityKind::Other, |(k, _)| *k)
    };
    let kinds: Vec<EntityKind> = keys.iter().map(|k| kind_of(&by_key[k], &raws)).collect();
    let mut parent: Vec<usize> = (0..keys.len()).collect();
    // Persons: a fuller name absorbs its short forms and spelling variants.
    let persons: Vec<usize> = (0..keys.len())
        .filter(|&k| kinds[k] == EntityKind::Person && keys[k].contains(' '))
        .collect();
    // Only names sharing a last word can be the same person.
    let mut by_last: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &p in &persons {
        by_last
            .entry(keys[p].rsplit(' ').next().unwrap_or(""))
            .or_default()
            .push(p);
    }
    for same_last in by_last.values() {
        for x in 0..same_last.len() {
            for y in x + 1..same_last.len() {
                if same_person(&keys[same_last[x]], &keys[same_last[y]]) {
                    let (a, b) = (
                        root(&mut parent, same_last[x]),
                        root(&mut parent, same_last[y]),
                    );
                    parent[b.max(a)] = a.min(b);
                }
            }
        }
    }
    for k in 0..keys.len() {
        if keys[k].contains(' ')
            || matches!(kinds[k], EntityKind::Place | EntityKind::Organization)
                && by_key[&keys[k]].iter().any(|&i| raws[i].strong)
        {
            continue;
        }
        // The most mentioned full name ending in this word.
        let best = by_last
            .get(keys[k].as_str())
            .into_iter()
            .flatten()
            .max_by_key(|&&p| (by_key[&keys[p]].len(), std::cmp::Reverse(p)));
        if let Some(&p) = best {
            let (a, b) = (root(&mut parent, p), root(&mut parent, k));
            if a != b {
                parent[b.max(a)] = a.min(b);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, key) in keys.iter().enumerate() {
        let r = root(&mut parent, k);
        groups
            .entry(r)
            .or_default()
            .extend(by_key[key].iter().copied());
    }
    // Roles ("the Turkish president") that name exactly one person.
    let mut roles: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (&g, members) in &groups {
        for &i in members {
            if let Some(role) = &raws[i].role {
                if role.contains(' ') {
                    roles.entry(role.clone()).or_default().insert(g);
                }
            }
        }
    }
    let role_rx = role_regex();
    let mut extra: Vec<(usize, Raw)> = Vec::new();
    for s in &ctx.sentences {
        if roles.is_empty() || !(s.text.contains("the ") || s.text.contains("The ")) {
            continue;
        }
        for m in role_rx.find_iter(s.text) {
            let phrase = fold(m.as_str());
            let role = phrase.trim_start_matches("the ").to_string();
            let Some(set) = roles.get(&role) else {
                continue;
            };
            if set.len() != 1 {
                continue;
            }
            let Some(mention) = ctx.mention_in(s, m.start(), m.end()) else {
                continue;
            };
            let g = *set.iter().next().unwrap_or(&0);
            extra.push((
                g,
                Raw {
                    key: role.clone(),
                    surface: m.as_str().to_string(),
                    kind: EntityKind::Person,
                    strong: false,
                    role: None,
                    mention,
                    lead: s.position < 3,
                    role_ref: true,
                },
            ));
        }
    }
    for (g, r) in extra {
        raws.push(r);
        let i = raws.len() - 1;
        groups.entry(g).or_default().push(i);
    }

    let mut entities: Vec<Entity> = Vec::new();
    for (_, mut members) in groups {
        members.sort_by_key(|&i| (raws[i].mention.doc, raws[i].mention.span.start));
        members.dedup_by_key(|i| (raws[*i].mention.doc, raws[*i].mention.span.start));
        let named: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| !raws[i].role_ref)
            .collect();
        let kind = kind_of(&named, &raws);
        let mut docs: Vec<_> = members.iter().map(|&i| raws[i].mention.doc).collect();
        docs.sort();
        docs.dedup();
        if kind == EntityKind::Other && members.len() < 2 {
            continue;
        }
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for &i in &named {
            *count.entry(raws[i].surface.as_str()).or_insert(0) += 1;
        }
        let name = count
            .iter()
            .max_by(|a, b| {
                let wa = a.0.split_whitespace().count();
                let wb = b.0.split_whitespace().count();
                let len = if kind == EntityKind::Person {
                    wa.cmp(&wb)
                } else {
                    std::cmp::Ordering::Equal
                };
                len.then(a.1.cmp(b.1)).then(b.0.cmp(a.0))
            })
            .map(|(s, _)| s.to_string())
            .unwrap_or_default();
        let mut aliases: Vec<String> = members.iter().map(|&i| raws[i].surface.clone()).collect();
        aliases.sort();
        aliases.dedup();
        let lead = members.iter().filter(|&&i| raws[i].lead).count();
        let salience = members.len() as f64 + 2.0 * (docs.len() as f64 - 1.0) + 0.5 * lead as f64;
        entities.push(Entity {
            name,
            kind,
            aliases,
            salience,
            documents: docs.len(),
            mentions: members.iter().map(|&i| raws[i].mention.clone()).collect(),
        });
    }
    let max = entities.iter().map(|e| e.salience).fold(0.0, f64::max);
    if max > 0.0 {
        for e in &mut entities {
            e.salience /= max;
        }
    }
    entities.sort_by(|a, b| {
        b.salience
            .total_cmp(&a.salience)
            .then(a.name.cmp(&b.name))
            .then(a.kind.cmp(&b.kind))
    });
    entities
}

fn role_regex() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        let demonyms: Vec<&str> = DEMONYMS.iter().map(|(d, _)| *d).filter(|d| !d.is_empty()).collect();
        let p = format!(
            r"(?i)\bthe\s+(?:{})\s+(?:president|prime\s+minister|foreign\s+minister|defen[cs]e\s+minister|interior\s+minister|finance\s+minister|leader|chancellor|king|queen|premier|envoy|ambassador)\b",
            demonyms.join("|")
        );
        super::util::compile(&p)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_person_matching() {
        assert_eq!(key_of("Bashar al-Assad"), "bashar assad");
        assert_eq!(key_of("Erdoğan’s"), "erdogan");
        assert!(same_person("sergei lavrov", "sergey lavrov"));
        assert!(same_person("recep tayyip erdogan", "tayyip erdogan"));
        assert!(!same_person("donald trump", "ivanka trump"));
    }
}
