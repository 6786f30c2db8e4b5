//! `synoptic noise-bench`: a labelled-noise instrument for the cleaner.
//!
//! For every cluster with references it builds a noisy copy whose injected text is known to the
//! byte: web boilerplate lines (site chrome, share widgets, bylines, timestamps, datelines,
//! duplicated captions, related-article lists, newsletter and comment forms, legal and cookie
//! notices, tag lists, social embeds, stray tokens), an unrelated article glued onto the end of
//! one document, a whole off-topic document, and an edited duplicate wire copy. It briefs the
//! clean and the noisy cluster with the same configuration and reports, per noise kind, how much
//! of the injected text the cleaner removed (recall), how much original text it removed only
//! because of the noise (precision), which injected text reached the summary (contamination),
//! and what the noise cost in ROUGE recall. Definitions: `docs/noise.md`.
//!
//! Every template is generated here from small pieces by a seeded SplitMix64, so runs are
//! deterministic for a seed and the noise is not one fixed list of strings. None of it comes
//! from the evaluation data; text from *other clusters* (the foreign tail, the off-topic
//! document) is read at run time and never printed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use serde::Serialize;
use serde_json::Value;
use synoptic::{Brief, BriefDocument, Cluster, DocId, Document, RemovalKind, Span};
use synoptic_eval::Rouge;

use crate::args::{NoiseArgs, NoiseFormat};

// ---------------------------------------------------------------------------------------------
// PRNG

/// SplitMix64 (Steele, Lea and Flood): small, fast, and good enough to pick templates.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator with this seed.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n == 0`).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    /// One element of a non-empty slice.
    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

/// FNV-1a, to derive a per-cluster seed from the cluster id (independent of `--limit`).
fn fnv1a(s: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

// ---------------------------------------------------------------------------------------------
// Labels

/// What kind of noise a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoiseKind {
    /// Site name, breadcrumbs, navigation, "Skip to main content".
    SiteChrome,
    /// Share widgets ("Share on Facebook", network lists, share counts).
    Share,
    /// Bylines and credit lines ("By <name>, <role>", "Reporting by …").
    Byline,
    /// Publication or update time stamps on their own line.
    Timestamp,
    /// A dateline prefix glued to the first paragraph ("PORTVALE, March 3 (AP) — ").
    Dateline,
    /// Photo captions with or without a credit, each shown twice.
    Caption,
    /// "Related Articles" / "Read more" headers and invented headlines.
    Related,
    /// Newsletter and subscription prompts.
    Newsletter,
    /// Comment forms and counters.
    Comment,
    /// Copyright, cookie and legal notices.
    Legal,
    /// Trailing tag and topic lists.
    Tags,
    /// Social embeds and follow prompts (pic.twitter.com links, "Follow us on …").
    Social,
    /// Stray short tokens ("TT", "20", "Advertisement").
    Stray,
    /// The first part of another cluster's article glued onto the end of a document.
    ForeignText,
    /// A whole document from another cluster added to the cluster.
    #[serde(rename = "offtopic_doc")]
    OffTopicDoc,
    /// An edited duplicate of one of the cluster's documents.
    WireCopy,
}

impl NoiseKind {
    /// Every kind, in report order: the boilerplate kinds, then the whole-unit ones.
    #[cfg(test)]
    pub fn all() -> Vec<NoiseKind> {
        let mut all = NoiseKind::BOILERPLATE.to_vec();
        all.extend([
            NoiseKind::ForeignText,
            NoiseKind::OffTopicDoc,
            NoiseKind::WireCopy,
        ]);
        all
    }

    /// The boilerplate kinds: short injected lines (or a line prefix) labelled unit by unit.
    pub const BOILERPLATE: [NoiseKind; 13] = [
        NoiseKind::SiteChrome,
        NoiseKind::Share,
        NoiseKind::Byline,
        NoiseKind::Timestamp,
        NoiseKind::Dateline,
        NoiseKind::Caption,
        NoiseKind::Related,
        NoiseKind::Newsletter,
        NoiseKind::Comment,
        NoiseKind::Legal,
        NoiseKind::Tags,
        NoiseKind::Social,
        NoiseKind::Stray,
    ];

    /// The snake_case name used in tables and JSON.
    pub fn name(self) -> &'static str {
        match self {
            NoiseKind::SiteChrome => "site_chrome",
            NoiseKind::Share => "share",
            NoiseKind::Byline => "byline",
            NoiseKind::Timestamp => "timestamp",
            NoiseKind::Dateline => "dateline",
            NoiseKind::Caption => "caption",
            NoiseKind::Related => "related",
            NoiseKind::Newsletter => "newsletter",
            NoiseKind::Comment => "comment",
            NoiseKind::Legal => "legal",
            NoiseKind::Tags => "tags",
            NoiseKind::Social => "social",
            NoiseKind::Stray => "stray",
            NoiseKind::ForeignText => "foreign_text",
            NoiseKind::OffTopicDoc => "offtopic_doc",
            NoiseKind::WireCopy => "wire_copy",
        }
    }
}

/// One injected unit: a line (or a dateline prefix, or one paragraph of a foreign tail) whose
/// bytes in the noisy document are exactly `span`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    /// Index of the noisy document.
    pub doc: usize,
    /// Byte span in the noisy document's text; trimmed, never empty.
    pub span: Span,
    /// The noise kind.
    pub kind: NoiseKind,
    /// Which template (style) produced it, `kind/style`.
    pub template: &'static str,
}

impl Unit {
    /// True when the unit's text comes from another cluster of the data set (never printed).
    pub fn is_data_text(&self) -> bool {
        matches!(self.template, "foreign/title" | "foreign/paragraph")
    }
}

/// Where a noisy document came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "origin")]
pub enum Origin {
    /// Document `index` of the clean cluster with noise inserted. `runs` lists the original
    /// text's pieces as `(noisy_start, original_start, len)`, in order: every original byte is
    /// in the noisy text, unchanged.
    Original {
        /// Index in the clean cluster.
        index: usize,
        /// Copied runs of original text.
        runs: Vec<(usize, usize, usize)>,
    },
    /// A whole document of another cluster.
    OffTopic {
        /// The other cluster's id.
        cluster: String,
    },
    /// An edited copy of document `of` of the clean cluster.
    WireCopy {
        /// Index in the clean cluster of the copied document.
        of: usize,
    },
}

/// A noisy cluster and its labels.
#[derive(Debug, Clone)]
pub struct NoisyCluster {
    /// The noisy cluster (ids dense, as the pipeline expects).
    pub cluster: Cluster,
    /// Every injected unit, in document then byte order.
    pub units: Vec<Unit>,
    /// Where each noisy document came from (`origins[i]` for `cluster.documents[i]`).
    pub origins: Vec<Origin>,
}

// ---------------------------------------------------------------------------------------------
// Template pieces. All invented for this tool.

const FIRST_A: [&str; 16] = [
    "Ma", "Lo", "Ka", "Re", "Ti", "An", "Jo", "El", "Sa", "Da", "Mi", "No", "Ri", "Be", "Fe", "Ha",
];
const FIRST_B: [&str; 12] = [
    "ra", "n", "lia", "tin", "rek", "na", "ssa", "vin", "ko", "l", "dra", "mon",
];
const LAST_A: [&str; 14] = [
    "Hal", "Stor", "Ven", "Kel", "Brom", "Dar", "Ash", "Lind", "Pell", "Quar", "Ost", "Wend",
    "Corr", "Tam",
];
const LAST_B: [&str; 13] = [
    "wick", "by", "sen", "ford", "ton", "ley", "quist", "ridge", "holm", "ova", "ez", "ani", "ard",
];
const TOWNS: [&str; 12] = [
    "Portvale",
    "Northbridge",
    "Kestrel Bay",
    "Ashford Hollow",
    "Lindmoor",
    "Saltmarsh",
    "Greyhaven",
    "Oakridge Falls",
    "Marrow Point",
    "Eastwick Vale",
    "Brimley",
    "Cold Harbor",
];
const OUTLET_A: [&str; 12] = [
    "Harbor",
    "Lakeside",
    "Granite",
    "Northfield",
    "Redwood",
    "Bayline",
    "Summit",
    "Riverbend",
    "Ironwood",
    "Meridian",
    "Clearwater",
    "Highland",
];
const OUTLET_B: [&str; 11] = [
    "Gazette",
    "Courier",
    "Herald",
    "Daily",
    "Sentinel",
    "Post",
    "Times-Ledger",
    "Observer",
    "News 7",
    "Dispatch",
    "Chronicle",
];
const AGENCIES: [&str; 12] = [
    "AP",
    "AFP",
    "Reuters",
    "EPA",
    "Getty Images",
    "Xinhua",
    "Northlight Press",
    "Corvid Images",
    "Pressfoto",
    "Wire Service",
    "Shutterstock",
    "Bayline Photo Agency",
];
const SECTIONS: [&str; 12] = [
    "News",
    "World",
    "Politics",
    "Local",
    "Business",
    "Health",
    "Weather",
    "Crime & Courts",
    "Nation",
    "Opinion",
    "Science",
    "Sports",
];
const NETWORKS: [&str; 13] = [
    "Facebook",
    "Twitter",
    "X",
    "LinkedIn",
    "WhatsApp",
    "Reddit",
    "Email",
    "Pinterest",
    "Telegram",
    "Flipboard",
    "Messenger",
    "Threads",
    "Bluesky",
];
const MONTHS: [&str; 12] = synoptic::text::MONTH_NAMES;
const MONTHS_AP: [&str; 12] = [
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
    "Dec.",
];
const WEEKDAYS: [&str; 7] = synoptic::text::WEEKDAY_NAMES;
const ZONES: [&str; 6] = ["ET", "EDT", "GMT", "BST", "CET", "PT"];
const ROLES: [&str; 10] = [
    "Staff Writer",
    "Senior Correspondent",
    "Associated Press",
    "Political Reporter",
    "Contributor",
    "Bureau Chief",
    "Health Editor",
    "Special Correspondent",
    "Reporter",
    "Data Journalist",
];
const CAP_SUBJECTS: [&str; 11] = [
    "Rescue workers",
    "Residents",
    "Officials",
    "Police officers",
    "Supporters",
    "Volunteers",
    "Demonstrators",
    "Journalists",
    "A man",
    "A woman",
    "Firefighters",
];
const CAP_ACTIONS: [&str; 9] = [
    "gather near",
    "walk past",
    "look on at",
    "stand outside",
    "inspect",
    "leave",
    "arrive at",
    "wait outside",
    "clear debris from",
];
const CAP_PLACES: [&str; 8] = [
    "the scene",
    "the building",
    "a checkpoint",
    "the town hall",
    "the harbor",
    "a school",
    "the courthouse",
    "the main square",
];
const HL_SUBJECTS: [&str; 12] = [
    "City councillors",
    "Lawmakers",
    "Police",
    "Researchers",
    "Fans",
    "Residents",
    "Health officials",
    "Farmers",
    "Commuters",
    "Teachers",
    "Investors",
    "Shop owners",
];
const HL_VERBS: [&str; 10] = [
    "approve",
    "reject",
    "weigh",
    "warn about",
    "celebrate",
    "push back on",
    "unveil",
    "delay",
    "question",
    "rally behind",
];
const HL_OBJECTS: [&str; 12] = [
    "new parking rules",
    "a plan to expand the airport",
    "rising rents",
    "the summer festival",
    "a record harvest",
    "the stadium deal",
    "late-night noise limits",
    "a bridge repair plan",
    "the school lunch menu",
    "a four-day work week",
    "the ferry timetable",
    "the new recycling scheme",
];
const TOPICS: [&str; 14] = [
    "Politics",
    "World",
    "Local News",
    "Weather",
    "Business",
    "Crime",
    "Health",
    "Elections",
    "Environment",
    "Transport",
    "Economy",
    "Public Safety",
    "Courts",
    "Education",
];

/// An invented outlet name.
fn outlet_name(rng: &mut SplitMix64) -> String {
    let a = rng.pick(&OUTLET_A);
    let b = rng.pick(&OUTLET_B);
    if rng.chance(0.5) {
        format!("The {a} {b}")
    } else {
        format!("{a} {b}")
    }
}

/// One generated line: text, kind and template id.
type GenLine = (String, NoiseKind, &'static str);

/// The template generator: a PRNG plus the document's invented outlet.
struct Gen {
    rng: SplitMix64,
    outlet: String,
}

impl Gen {
    fn name(&mut self) -> String {
        let first = format!("{}{}", self.rng.pick(&FIRST_A), self.rng.pick(&FIRST_B));
        let last = format!("{}{}", self.rng.pick(&LAST_A), self.rng.pick(&LAST_B));
        if self.rng.chance(0.15) {
            let initial = (b'A' + self.rng.below(26) as u8) as char;
            format!("{first} {initial}. {last}")
        } else {
            format!("{first} {last}")
        }
    }

    fn handle(&mut self) -> String {
        let mut h = String::new();
        h.push_str(&self.rng.pick(&LAST_A).to_lowercase());
        h.push_str(self.rng.pick(&LAST_B));
        if self.rng.chance(0.5) {
            let _ = write!(h, "{}", self.rng.below(100));
        }
        h
    }

    fn random_token(&mut self, len: usize) -> String {
        const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..len)
            .map(|_| ALNUM[self.rng.below(ALNUM.len())] as char)
            .collect()
    }

    fn date_long(&mut self) -> String {
        format!(
            "{} {}, {}",
            self.rng.pick(&MONTHS),
            self.rng.between(1, 28),
            self.rng.between(1988, 2024)
        )
    }

    fn clock(&mut self) -> String {
        format!(
            "{}:{:02} {}",
            self.rng.between(1, 12),
            self.rng.below(60),
            self.rng.pick(&["a.m.", "p.m.", "AM", "PM", "am", "pm"])
        )
    }

    fn headline(&mut self) -> String {
        let s = self.rng.pick(&HL_SUBJECTS);
        let v = self.rng.pick(&HL_VERBS);
        let o = self.rng.pick(&HL_OBJECTS);
        let base = match self.rng.below(8) {
            0 => format!("{s} {v} {o}"),
            1 => format!("{} things to know about {o}", self.rng.between(3, 12)),
            2 => format!("Opinion: It is time to rethink {o}"),
            3 => format!("WATCH: {s} {v} {o}"),
            4 => format!("{s} {v} {o} — here's what it means"),
            5 => format!("Quiz: How much do you know about {o}?"),
            6 => format!("PHOTOS: {s} and {o} through the years"),
            _ => format!("{} {s} {v} {o}", self.rng.pick(&TOWNS)),
        };
        match self.rng.below(6) {
            0 => format!("{base} | {}", self.rng.pick(&SECTIONS)),
            1 => format!("{base} (VIDEO)"),
            2 => format!("{base} – {} min read", self.rng.between(2, 9)),
            _ => base,
        }
    }

    fn caption(&mut self) -> (String, &'static str) {
        let subject = self.rng.pick(&CAP_SUBJECTS);
        let action = self.rng.pick(&CAP_ACTIONS);
        let place = if self.rng.chance(0.5) {
            self.rng.pick(&CAP_PLACES).to_string()
        } else {
            format!(
                "{} in {}",
                self.rng.pick(&CAP_PLACES),
                self.rng.pick(&TOWNS)
            )
        };
        let day = self.rng.pick(&WEEKDAYS);
        // "A man walks past", "Residents walk past".
        let action = if subject.starts_with("A ") {
            let (verb, rest) = action.split_once(' ').unwrap_or((action, ""));
            format!("{verb}s {rest}").trim_end().to_string()
        } else {
            action.to_string()
        };
        let cap = format!("{subject} {action} {place} on {day}");
        let agency = self.rng.pick(&AGENCIES);
        match self.rng.below(9) {
            0 => (format!("{cap}. (Photo: {agency})"), "caption/photo-paren"),
            1 => (
                format!("{cap}. Photo: {}/{agency}", self.name()),
                "caption/photo-colon",
            ),
            2 => (
                format!("{cap} | {} / {agency}", self.name()),
                "caption/pipe-credit",
            ),
            3 => (format!("Image caption {cap}"), "caption/image-caption"),
            4 => (
                format!("{cap}. (AP Photo/{})", self.name()),
                "caption/ap-photo",
            ),
            5 => (format!("{cap} [{agency}]"), "caption/bracket-credit"),
            6 => (
                format!("{cap}. Photograph: {}/{agency}", self.name()),
                "caption/photograph",
            ),
            7 => (
                format!(
                    "FILE - {cap}, {}. ({agency} Photo/{}, File)",
                    self.date_long(),
                    self.name()
                ),
                "caption/file-photo",
            ),
            _ => (format!("{cap}."), "caption/uncredited"),
        }
    }

    fn site_chrome(&mut self) -> Vec<GenLine> {
        let k = NoiseKind::SiteChrome;
        let section = self.rng.pick(&SECTIONS);
        let one = match self.rng.below(9) {
            0 => (self.outlet.clone(), "site/outlet"),
            1 => (
                format!("{} | {section}", self.outlet),
                "site/outlet-section",
            ),
            2 => (
                format!("Home » {section} » {}", self.rng.pick(&TOPICS)),
                "site/breadcrumb-guillemet",
            ),
            3 => (
                format!("Home / {section} / {}", self.rng.pick(&TOPICS)),
                "site/breadcrumb-slash",
            ),
            4 => ("Skip to main content".to_string(), "site/skip-link"),
            5 => (
                "Menu Search Sign In Subscribe".to_string(),
                "site/nav-words",
            ),
            6 => (
                format!("{} — {section}", self.outlet.to_uppercase()),
                "site/outlet-upper",
            ),
            7 => (
                self.rng
                    .pick(&["Breaking News", "LIVE", "Developing Story", "Exclusive"])
                    .into(),
                "site/banner",
            ),
            _ => (section.to_uppercase(), "site/section-upper"),
        };
        let mut out = vec![(one.0, k, one.1)];
        if self.rng.chance(0.25) {
            out.push(("Skip to main content".into(), k, "site/skip-link"));
            out.swap(0, 1);
        }
        out
    }

    fn share(&mut self) -> Vec<GenLine> {
        let k = NoiseKind::Share;
        let n1 = self.rng.pick(&NETWORKS);
        let mut n2 = self.rng.pick(&NETWORKS);
        if n2 == n1 {
            n2 = "Email";
        }
        let n3 = self.rng.pick(&NETWORKS);
        let verb = self
            .rng
            .pick(&["Share on", "Post to", "Send via", "Share to", "Share via"]);
        match self.rng.below(10) {
            0 => vec![(format!("{verb} {n1}"), k, "share/verb-network")],
            1 => vec![(format!("{n1} {n2} {n3} Email"), k, "share/network-row")],
            2 => vec![(
                format!("Share this article: {n1} | {n2} | {n3}"),
                k,
                "share/labelled-pipes",
            )],
            3 => vec![(
                self.rng
                    .pick(&[
                        "Share | Tweet | Email",
                        "Share Tweet Pin Email",
                        "SHARE",
                        "Share",
                    ])
                    .to_string(),
                k,
                "share/verbs-only",
            )],
            4 => vec![(
                format!("Click to share on {n1} (Opens in new window)"),
                k,
                "share/click-to-share",
            )],
            5 => vec![(
                format!("{}.{}K shares", self.rng.between(1, 9), self.rng.below(10)),
                k,
                "share/count",
            )],
            6 => vec![(
                self.rng
                    .pick(&["Copy link", "Copy Link", "Link copied"])
                    .into(),
                k,
                "share/copy-link",
            )],
            7 => {
                let n = self.rng.between(2, 4);
                (0..n)
                    .map(|_| (self.rng.pick(&NETWORKS).to_string(), k, "share/stacked"))
                    .collect()
            }
            8 => vec![(format!("Share this: {n1}, {n2}"), k, "share/share-this")],
            _ => vec![(
                format!("{verb} {n1} {verb} {n2}"),
                k,
                "share/verb-network-repeat",
            )],
        }
    }

    fn byline(&mut self) -> (String, &'static str) {
        let name = self.name();
        let role = self.rng.pick(&ROLES);
        match self.rng.below(11) {
            0 => (format!("By {name}"), "byline/by-name"),
            1 => (format!("By {}", name.to_uppercase()), "byline/by-upper"),
            2 => (format!("By {name}, {role}"), "byline/by-name-role"),
            3 => (
                format!("By {name} and {}", self.name()),
                "byline/by-two-names",
            ),
            4 => (format!("{name} | {}", self.outlet), "byline/name-outlet"),
            5 => (
                format!("{name}, {role}, {}", self.outlet),
                "byline/name-role-outlet",
            ),
            6 => (format!("Written by {name}"), "byline/written-by"),
            7 => (
                format!("By {name} | {}", self.date_long()),
                "byline/by-name-date",
            ),
            8 => (
                format!("Story by {name}; Photos by {}", self.name()),
                "byline/story-photos",
            ),
            9 => (
                format!("Reporting by {name}; Editing by {}", self.name()),
                "byline/reporting-editing",
            ),
            _ => (
                format!("{name} contributed to this report."),
                "byline/contributed",
            ),
        }
    }

    fn timestamp(&mut self) -> (String, &'static str) {
        let month = self.rng.pick(&MONTHS);
        let day = self.rng.between(1, 28);
        let year = self.rng.between(1988, 2024);
        let zone = self.rng.pick(&ZONES);
        match self.rng.below(8) {
            0 => (
                format!("Published {month} {day}, {year} at {} {zone}", self.clock()),
                "timestamp/published-at",
            ),
            1 => (
                format!("Updated: {day} {month} {year}"),
                "timestamp/updated",
            ),
            2 => (
                format!("{}, {month} {day}, {year}", self.rng.pick(&WEEKDAYS)),
                "timestamp/weekday-date",
            ),
            3 => (
                format!("Posted {} {zone}, {month} {day}, {year}", self.clock()),
                "timestamp/posted",
            ),
            4 => (
                format!("Last updated {} hours ago", self.rng.between(2, 23)),
                "timestamp/relative",
            ),
            5 => (
                format!(
                    "{day:02}/{:02}/{year} {:02}:{:02}",
                    self.rng.between(1, 12),
                    self.rng.below(24),
                    self.rng.below(60)
                ),
                "timestamp/numeric",
            ),
            6 => (
                format!(
                    "First published on {} {day} {month} {year} {:02}.{:02} {zone}",
                    self.rng.pick(&WEEKDAYS),
                    self.rng.below(24),
                    self.rng.below(60)
                ),
                "timestamp/first-published",
            ),
            _ => (
                format!("{month} {day}, {year} / {}", self.clock()),
                "timestamp/date-clock",
            ),
        }
    }

    /// A dateline prefix, with its trailing space.
    fn dateline(&mut self) -> (String, &'static str) {
        let town = self.rng.pick(&TOWNS).to_uppercase();
        let agency = self.rng.pick(&["AP", "AFP", "Reuters", "UPI", "dpa"]);
        match self.rng.below(5) {
            0 => (format!("{town} — "), "dateline/town-dash"),
            1 => (
                format!(
                    "{town}, {} {} ({agency}) — ",
                    self.rng.pick(&MONTHS_AP),
                    self.rng.between(1, 28)
                ),
                "dateline/town-date-agency",
            ),
            2 => (
                format!("{town} ({agency}) - "),
                "dateline/town-agency-hyphen",
            ),
            3 => (format!("{town}: "), "dateline/town-colon"),
            _ => (
                format!("{town}, {} -- ", self.rng.pick(&WEEKDAYS)),
                "dateline/town-weekday",
            ),
        }
    }

    fn related(&mut self) -> Vec<GenLine> {
        let k = NoiseKind::Related;
        let header = match self.rng.below(10) {
            0 => "Related Articles".to_string(),
            1 => "Read more".to_string(),
            2 => format!("More from {}", self.rng.pick(&SECTIONS)),
            3 => "You may also like".to_string(),
            4 => "Recommended".to_string(),
            5 => "Related Coverage".to_string(),
            6 => "MORE ON THIS STORY".to_string(),
            7 => "Most Read".to_string(),
            8 => "Trending Now".to_string(),
            _ => "Read More:".to_string(),
        };
        let mut out = vec![(header, k, "related/header")];
        for _ in 0..self.rng.between(2, 4) {
            let h = self.headline();
            out.push((h, k, "related/headline"));
        }
        out
    }

    /// A single "Read more: <headline>" line for the middle of an article.
    fn related_inline(&mut self) -> GenLine {
        let h = self.headline();
        // No second label after the first ("READ MORE: WATCH: …").
        let h = match h.split_once(": ") {
            Some((label, rest)) if label.len() <= 8 => rest.to_string(),
            _ => h,
        };
        let label = self.rng.pick(&[
            "Read more: ",
            "READ MORE: ",
            "SEE ALSO: ",
            "RELATED: ",
            "Also read | ",
            "Related: ",
        ]);
        (format!("{label}{h}"), NoiseKind::Related, "related/inline")
    }

    fn newsletter(&mut self) -> Vec<GenLine> {
        let k = NoiseKind::Newsletter;
        let topic = self.rng.pick(&TOPICS);
        let mut lines: Vec<GenLine> = Vec::new();
        let first = match self.rng.below(7) {
            0 => (
                format!(
                    "Sign up for the {} {topic} newsletter",
                    self.outlet.trim_start_matches("The ")
                ),
                "newsletter/sign-up-for",
            ),
            1 => (
                format!(
                    "Get the {topic} briefing delivered to your inbox every {} morning.",
                    self.rng.pick(&WEEKDAYS)
                ),
                "newsletter/delivered-inbox",
            ),
            2 => (
                format!(
                    "Subscribe to {} for just ${}.{:02} a week.",
                    self.outlet,
                    self.rng.between(1, 4),
                    self.rng.pick(&[0, 49, 99])
                ),
                "newsletter/price",
            ),
            3 => (
                "Want more stories like this? Subscribe to our newsletter.".into(),
                "newsletter/want-more",
            ),
            4 => (
                "Don't miss a story: subscribe now".into(),
                "newsletter/dont-miss",
            ),
            5 => (
                "Support independent journalism. Subscribe today.".into(),
                "newsletter/support",
            ),
            _ => (
                format!("The {topic} Daily: the day's top stories, free in your inbox."),
                "newsletter/product-pitch",
            ),
        };
        lines.push((first.0, k, first.1));
        if self.rng.chance(0.5) {
            lines.push((
                self.rng
                    .pick(&["Enter your email address", "Email address", "Your email"])
                    .into(),
                k,
                "newsletter/email-field",
            ));
            lines.push((
                self.rng
                    .pick(&["Sign up", "Sign Up", "Subscribe", "SUBSCRIBE"])
                    .into(),
                k,
                "newsletter/button",
            ));
        }
        if self.rng.chance(0.4) {
            lines.push((
                self.rng
                    .pick(&[
                        "By signing up, you agree to our Terms of Use and Privacy Policy.",
                        "You can unsubscribe at any time.",
                        "Thanks for signing up! Check your inbox to confirm your subscription.",
                    ])
                    .into(),
                k,
                "newsletter/fine-print",
            ));
        }
        lines
    }

    fn comment(&mut self) -> Vec<GenLine> {
        let k = NoiseKind::Comment;
        match self.rng.below(7) {
            0 => vec![(
                format!("{} Comments", self.rng.between(2, 480)),
                k,
                "comment/count",
            )],
            1 => vec![
                ("Leave a Reply Cancel reply".into(), k, "comment/leave-reply"),
                (
                    "Your email address will not be published. Required fields are marked *"
                        .into(),
                    k,
                    "comment/required-fields",
                ),
                ("Name *".into(), k, "comment/field"),
                ("Email *".into(), k, "comment/field"),
                ("Post Comment".into(), k, "comment/button"),
            ],
            2 => vec![(
                self.rng
                    .pick(&["Comments are closed.", "Comments are closed for this article."])
                    .into(),
                k,
                "comment/closed",
            )],
            3 => vec![(
                "Log in or register to post comments".into(),
                k,
                "comment/login",
            )],
            4 => vec![
                (
                    self.rng
                        .pick(&["Join the conversation", "Show comments", "Comments"])
                        .into(),
                    k,
                    "comment/header",
                ),
                (
                    "We welcome respectful discussion. Please read our community guidelines before posting."
                        .into(),
                    k,
                    "comment/guidelines",
                ),
            ],
            5 => vec![(
                format!("Comment as {}", self.name()),
                k,
                "comment/comment-as",
            )],
            _ => vec![(
                self.rng.pick(&["Leave a comment", "Add your comment", "Post a comment"]).into(),
                k,
                "comment/leave",
            )],
        }
    }

    fn legal(&mut self) -> Vec<GenLine> {
        let k = NoiseKind::Legal;
        let year = self.rng.between(1990, 2024);
        match self.rng.below(8) {
            0 => vec![(
                format!("© {year} {}. All rights reserved.", self.outlet),
                k,
                "legal/copyright-outlet",
            )],
            1 => vec![(
                format!(
                    "Copyright © {year} {}. All Rights Reserved. This material may not be published, broadcast, rewritten, or redistributed.",
                    self.rng.pick(&AGENCIES)
                ),
                k,
                "legal/copyright-wire",
            )],
            2 => vec![
                (
                    "We use cookies to give you the best experience on our site. By continuing to browse, you agree to our use of cookies."
                        .into(),
                    k,
                    "legal/cookie-sentence",
                ),
                (
                    self.rng
                        .pick(&["Accept all cookies", "Accept", "Manage preferences", "OK"])
                        .into(),
                    k,
                    "legal/cookie-button",
                ),
            ],
            3 => vec![(
                "Privacy Policy | Terms of Use | Contact Us".into(),
                k,
                "legal/footer-links",
            )],
            4 => vec![(
                format!(
                    "This article is for personal use only. For reprints, contact permissions@{}.example.",
                    self.rng.pick(&OUTLET_A).to_lowercase()
                ),
                k,
                "legal/reprints",
            )],
            5 => vec![(
                format!(
                    "{} is not responsible for the content of external sites.",
                    self.outlet
                ),
                k,
                "legal/external-sites",
            )],
            6 => vec![(
                self.rng
                    .pick(&["Your privacy choices", "Cookie settings", "Do Not Sell My Personal Information"])
                    .into(),
                k,
                "legal/privacy-link",
            )],
            _ => vec![(
                format!("(c) {year} {} Inc.", self.rng.pick(&OUTLET_A)),
                k,
                "legal/copyright-short",
            )],
        }
    }

    fn tags(&mut self) -> Vec<GenLine> {
        let k = NoiseKind::Tags;
        let n = self.rng.between(2, 5);
        let mut tags: Vec<String> = (0..n)
            .map(|_| {
                if self.rng.chance(0.3) {
                    self.rng.pick(&TOWNS).to_string()
                } else {
                    self.rng.pick(&TOPICS).to_string()
                }
            })
            .collect();
        tags.dedup();
        match self.rng.below(6) {
            0 => vec![(format!("Tags: {}", tags.join(", ")), k, "tags/tags-comma")],
            1 => vec![(
                format!("Topics: {}", tags.join(" · ")),
                k,
                "tags/topics-dot",
            )],
            2 => vec![(
                format!("Filed under: {}", tags.join(", ")),
                k,
                "tags/filed-under",
            )],
            3 => vec![(
                tags.iter()
                    .map(|t| format!("#{}", t.replace([' ', '&'], "")))
                    .collect::<Vec<_>>()
                    .join(" "),
                k,
                "tags/hashtags",
            )],
            4 => vec![(format!("More on: {}", tags.join(" | ")), k, "tags/more-on")],
            _ => {
                let mut v = vec![("TOPICS".to_string(), k, "tags/stacked-header")];
                v.extend(tags.into_iter().map(|t| (t, k, "tags/stacked-item")));
                v
            }
        }
    }

    fn social(&mut self) -> Vec<GenLine> {
        let k = NoiseKind::Social;
        let net = self
            .rng
            .pick(&["Facebook", "Twitter", "Instagram", "X", "TikTok"]);
        match self.rng.below(8) {
            0 => vec![(
                format!("pic.twitter.com/{}", self.random_token(10)),
                k,
                "social/pic-twitter",
            )],
            1 => vec![(format!("Follow us on {net}"), k, "social/follow-us")],
            2 => vec![(
                format!(
                    "Follow {} on {net} and {}",
                    self.outlet,
                    self.rng.pick(&NETWORKS)
                ),
                k,
                "social/follow-outlet",
            )],
            3 => {
                let name = self.name();
                let h = self.handle();
                vec![
                    (
                        format!("pic.twitter.com/{}", self.random_token(10)),
                        k,
                        "social/pic-twitter",
                    ),
                    (
                        format!("— {name} (@{h}) {}", self.date_long()),
                        k,
                        "social/tweet-signature",
                    ),
                ]
            }
            4 => vec![(
                format!("https://t.co/{}", self.random_token(10)),
                k,
                "social/tco-link",
            )],
            5 => {
                let name = self.name();
                let h = self.handle();
                vec![
                    (
                        "View this post on Instagram".into(),
                        k,
                        "social/instagram-view",
                    ),
                    (
                        format!("A post shared by {name} (@{h})"),
                        k,
                        "social/instagram-shared",
                    ),
                ]
            }
            6 => vec![(format!("Like us on {net}"), k, "social/like-us")],
            _ => vec![(
                format!("Follow @{} for the latest updates.", self.handle()),
                k,
                "social/follow-handle",
            )],
        }
    }

    fn stray(&mut self) -> GenLine {
        let k = NoiseKind::Stray;
        match self.rng.below(8) {
            0 => (
                self.rng.pick(&["TT", "AA", "x", "|", "…", "--"]).into(),
                k,
                "stray/symbol",
            ),
            1 => (self.rng.between(0, 99).to_string(), k, "stray/number"),
            2 => (
                self.rng
                    .pick(&["Advertisement", "ADVERTISEMENT", "Sponsored"])
                    .into(),
                k,
                "stray/advertisement",
            ),
            3 => (
                "Story continues below advertisement".into(),
                k,
                "stray/story-continues",
            ),
            4 => (
                self.rng
                    .pick(&["Loading...", "Close", "Next", "Continue reading"])
                    .into(),
                k,
                "stray/ui-word",
            ),
            5 => (
                self.rng
                    .pick(&["Play Video", "Watch:", "Video", "Listen to this article"])
                    .into(),
                k,
                "stray/media-label",
            ),
            6 => (
                format!("{} / {}", self.rng.between(1, 5), self.rng.between(6, 24)),
                k,
                "stray/gallery-count",
            ),
            _ => (
                format!("{} min read", self.rng.between(2, 12)),
                k,
                "stray/read-time",
            ),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Building noisy documents

/// One insertion into a document being made noisy.
struct Insert {
    /// Original byte offset: a paragraph start, or the text length for the end.
    at: usize,
    /// Tie-break among insertions at the same offset.
    seq: usize,
    lines: Vec<GenLine>,
    /// What joins the lines of this group ("\n" or "\n\n").
    joiner: &'static str,
    /// Inline prefix (a dateline) instead of lines of their own.
    prefix: bool,
}

/// Starts of the paragraphs of `text` (blank-line separated): the first non-space byte of each.
fn paragraph_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let skip = |mut j: usize| {
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        j
    };
    let mut starts = Vec::new();
    let mut i = skip(0);
    if i < b.len() {
        starts.push(i);
    }
    while let Some(p) = text[i..].find("\n\n") {
        let j = skip(i + p + 2);
        if j >= b.len() {
            break;
        }
        if starts.last() != Some(&j) {
            starts.push(j);
        }
        i = j;
    }
    starts
}

/// Paragraphs of a text as trimmed, non-empty strings.
fn paragraphs(text: &str) -> Vec<&str> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// The text of `doc` with `inserts` applied; returns the text, units (with `doc` set to
/// `doc_index`) and the copied original runs.
fn apply_inserts(
    original: &str,
    mut inserts: Vec<Insert>,
    doc_index: usize,
) -> (String, Vec<Unit>, Vec<(usize, usize, usize)>) {
    inserts.sort_by_key(|i| (i.at, i.seq));
    let mut out = String::with_capacity(original.len() + 2048);
    let mut units = Vec::new();
    let mut runs = Vec::new();
    let mut cursor = 0;
    let push_original = |out: &mut String, runs: &mut Vec<_>, from: usize, to: usize| {
        if to > from {
            runs.push((out.len(), from, to - from));
            out.push_str(&original[from..to]);
        }
    };
    let trimmed_end = original.trim_end().len();
    for ins in inserts {
        let at = ins.at.min(original.len());
        let at_end = at >= trimmed_end;
        let at = if at_end { original.len() } else { at };
        push_original(&mut out, &mut runs, cursor, at);
        cursor = at;
        if ins.prefix {
            for (text, kind, template) in &ins.lines {
                let start = out.len();
                out.push_str(text);
                let t = text.trim_end();
                units.push(Unit {
                    doc: doc_index,
                    span: Span::new(start, start + t.len()),
                    kind: *kind,
                    template,
                });
            }
            continue;
        }
        if at_end && !out.is_empty() {
            // Appending after the text: a blank line, then the group.
            out.push_str("\n\n");
        }
        for (i, (text, kind, template)) in ins.lines.iter().enumerate() {
            if i > 0 {
                out.push_str(ins.joiner);
            }
            let start = out.len();
            out.push_str(text);
            units.push(Unit {
                doc: doc_index,
                span: Span::new(start, out.len()),
                kind: *kind,
                template,
            });
        }
        if !at_end {
            out.push_str("\n\n");
        }
    }
    push_original(&mut out, &mut runs, cursor, original.len());
    (out, units, runs)
}

/// A document taken from another cluster: `(cluster id, document)`.
pub type Donor<'a> = (&'a str, &'a Document);

/// Make the noisy copy of `clean`. `donors` yields a document of another cluster for a seed
/// (`None` when there is no other cluster: the foreign tail and off-topic document are then
/// left out).
pub fn make_noisy<'a>(
    clean: &Cluster,
    seed: u64,
    donor: &dyn Fn(&mut SplitMix64) -> Option<Donor<'a>>,
) -> NoisyCluster {
    let mut rng = SplitMix64::new(seed ^ fnv1a(&clean.id));
    let n = clean.documents.len();
    // Which boilerplate groups go into which document: each document gets a random subset,
    // then every boilerplate kind missing from the whole cluster is forced into one document.
    const SLOTS: usize = 19;
    // slot -> probability; see the placement table in `build_doc`.
    const P: [f64; SLOTS] = [
        0.45, 0.30, 0.45, 0.35, 0.25,
        0.30, // top: site, share, byline, timestamp, dateline, caption
        0.30, 0.20, 0.15, // middle: read-more, stray, social embed
        0.25, 0.35, 0.35, 0.30, 0.30, 0.25, 0.35, 0.15, 0.15, 0.20, // bottom
    ];
    let mut plans: Vec<[bool; SLOTS]> = (0..n)
        .map(|_| {
            let mut p = [false; SLOTS];
            for (s, prob) in P.iter().enumerate() {
                p[s] = rng.chance(*prob);
            }
            p
        })
        .collect();
    if n > 0 {
        for slot in REQUIRED_SLOTS {
            if !plans.iter().any(|p| p[slot]) {
                let d = rng.below(n);
                plans[d][slot] = true;
            }
        }
    }
    let foreign_doc = if n > 0 { Some(rng.below(n)) } else { None };
    let foreign = foreign_doc.and_then(|_| donor(&mut rng));
    let mut noisy: Vec<(Document, Origin, Vec<Unit>)> = Vec::new();
    for (i, doc) in clean.documents.iter().enumerate() {
        let mut g = Gen {
            rng: SplitMix64::new(rng.next_u64()),
            outlet: outlet_name(&mut rng),
        };
        let tail = if foreign_doc == Some(i) {
            foreign.map(|(_, d)| d)
        } else {
            None
        };
        let (text, units, runs) = build_doc(&mut g, &doc.text, &plans[i], tail, i);
        let mut d = doc.clone();
        d.text = text;
        noisy.push((d, Origin::Original { index: i, runs }, units));
    }
    // The wire copy: an edited duplicate of one document, with a different first line.
    if n > 0 {
        let of = rng.below(n);
        let mut g = Gen {
            rng: SplitMix64::new(rng.next_u64()),
            outlet: outlet_name(&mut rng),
        };
        let (text, units) = wire_copy(&mut g, &clean.documents[of].text);
        let mut d = clean.documents[of].clone();
        d.name = format!("{}-wire", d.name);
        d.source = Some(g.rng.pick(&AGENCIES).to_string());
        d.text = text;
        let at = rng.between(0, noisy.len());
        noisy.insert(at, (d, Origin::WireCopy { of }, units));
    }
    // The off-topic document, from another cluster than the foreign tail when possible.
    if let Some((cid, d)) = donor(&mut rng) {
        let mut d = d.clone();
        d.name = format!("offtopic-{}", d.name);
        let at = rng.between(0, noisy.len());
        noisy.insert(
            at,
            (
                d,
                Origin::OffTopic {
                    cluster: cid.to_string(),
                },
                Vec::new(),
            ),
        );
    }
    let mut cluster = Cluster {
        id: clean.id.clone(),
        documents: Vec::with_capacity(noisy.len()),
        warnings: clean.warnings.clone(),
    };
    let mut units = Vec::new();
    let mut origins = Vec::new();
    for (i, (mut d, origin, us)) in noisy.into_iter().enumerate() {
        d.id = DocId(i as u32);
        cluster.documents.push(d);
        origins.push(origin);
        units.extend(us.into_iter().map(|u| Unit { doc: i, ..u }));
    }
    NoisyCluster {
        cluster,
        units,
        origins,
    }
}

/// Slots that make sure every boilerplate kind appears somewhere in the cluster.
const REQUIRED_SLOTS: [usize; 13] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 13, 15];

/// Insert the planned boilerplate (and the foreign tail) into one document.
///
/// Slots: top 0 site chrome, 1 share, 2 byline, 3 timestamp, 4 dateline prefix, 5 caption
/// (shown again after a later paragraph); middle 6 "Read more" line, 7 stray token, 8 social
/// embed; bottom 9 share, 10 tags, 11 related list, 12 newsletter, 13 comment form, 14 follow
/// prompt, 15 legal notice, 16 stray token, 17 reporting credit (byline), 18 a second caption.
fn build_doc(
    g: &mut Gen,
    text: &str,
    plan: &[bool],
    foreign: Option<&Document>,
    doc_index: usize,
) -> (String, Vec<Unit>, Vec<(usize, usize, usize)>) {
    let starts = paragraph_starts(text);
    let first = starts.first().copied().unwrap_or(0);
    let end = text.len();
    let mut inserts: Vec<Insert> = Vec::new();
    let mut seq = 0usize;
    let mut add = |inserts: &mut Vec<Insert>, at: usize, lines: Vec<GenLine>, joiner, prefix| {
        seq += 1;
        inserts.push(Insert {
            at,
            seq,
            lines,
            joiner,
            prefix,
        });
    };
    let joiner = |g: &mut Gen| if g.rng.chance(0.5) { "\n" } else { "\n\n" };
    // A middle paragraph start (not the first), if the text has one.
    let middle = |g: &mut Gen| -> Option<usize> {
        if starts.len() >= 2 {
            Some(starts[g.rng.between(1, starts.len() - 1)])
        } else {
            None
        }
    };
    // Top, in page order.
    if plan[0] {
        let l = g.site_chrome();
        let j = joiner(g);
        add(&mut inserts, first, l, j, false);
    }
    let mut top: Vec<Vec<GenLine>> = Vec::new();
    if plan[1] {
        top.push(g.share());
    }
    if plan[2] {
        let (t, tpl) = g.byline();
        top.push(vec![(t, NoiseKind::Byline, tpl)]);
    }
    if plan[3] {
        let (t, tpl) = g.timestamp();
        top.push(vec![(t, NoiseKind::Timestamp, tpl)]);
    }
    if top.len() > 1 && g.rng.chance(0.5) {
        top.swap(0, 1);
    }
    for l in top {
        let j = joiner(g);
        add(&mut inserts, first, l, j, false);
    }
    if plan[5] {
        let (cap, tpl) = g.caption();
        add(
            &mut inserts,
            first,
            vec![(cap.clone(), NoiseKind::Caption, tpl)],
            "\n\n",
            false,
        );
        // The duplicate: after a later paragraph, or at the end when there is none.
        let at = middle(g).unwrap_or(end);
        add(
            &mut inserts,
            at,
            vec![(cap, NoiseKind::Caption, tpl)],
            "\n\n",
            false,
        );
    }
    // A dateline prefix, unless the first paragraph already opens with an upper-case word
    // (most likely a dateline of its own).
    let opens_upper = text[first..]
        .split_whitespace()
        .next()
        .is_some_and(|w| w.len() >= 3 && w.chars().all(|c| !c.is_lowercase()));
    if plan[4] && !opens_upper {
        let (d, tpl) = g.dateline();
        add(
            &mut inserts,
            first,
            vec![(d, NoiseKind::Dateline, tpl)],
            "",
            true,
        );
    }
    // Middle.
    if plan[6] {
        let at = middle(g).unwrap_or(end);
        let l = g.related_inline();
        add(&mut inserts, at, vec![l], "\n\n", false);
    }
    if plan[7] {
        let at = middle(g).unwrap_or(end);
        let l = g.stray();
        add(&mut inserts, at, vec![l], "\n\n", false);
    }
    if plan[8] {
        let at = middle(g).unwrap_or(end);
        let l = g.social();
        let j = joiner(g);
        add(&mut inserts, at, l, j, false);
    }
    // The foreign tail sits right after the article or after the bottom furniture.
    let foreign_first = g.rng.chance(0.5);
    let foreign_lines = foreign.map(|d| foreign_tail(g, d));
    if foreign_first {
        if let Some(l) = foreign_lines.clone() {
            add(&mut inserts, end, l, "\n\n", false);
        }
    }
    // Bottom, in a shuffled order.
    let mut bottom: Vec<Vec<GenLine>> = Vec::new();
    if plan[9] {
        bottom.push(g.share());
    }
    if plan[10] {
        bottom.push(g.tags());
    }
    if plan[11] {
        bottom.push(g.related());
    }
    if plan[12] {
        bottom.push(g.newsletter());
    }
    if plan[13] {
        bottom.push(g.comment());
    }
    if plan[14] {
        let mut l = g.social();
        l.truncate(1);
        bottom.push(l);
    }
    if plan[17] {
        let name = g.name();
        let other = g.name();
        let (t, tpl) = if g.rng.chance(0.5) {
            (
                format!("Reporting by {name}; Editing by {other}"),
                "byline/reporting-editing",
            )
        } else {
            (
                format!("{name} contributed to this report."),
                "byline/contributed",
            )
        };
        bottom.push(vec![(t, NoiseKind::Byline, tpl)]);
    }
    if plan[18] {
        let (cap, tpl) = g.caption();
        bottom.push(vec![(cap, NoiseKind::Caption, tpl)]);
    }
    for i in (1..bottom.len()).rev() {
        let j = g.rng.below(i + 1);
        bottom.swap(i, j);
    }
    if plan[16] {
        let l = g.stray();
        bottom.insert(g.rng.below(bottom.len() + 1), vec![l]);
    }
    if plan[15] {
        bottom.push(g.legal());
    }
    for l in bottom {
        let j = joiner(g);
        add(&mut inserts, end, l, j, false);
    }
    if !foreign_first {
        if let Some(l) = foreign_lines {
            add(&mut inserts, end, l, "\n\n", false);
        }
    }
    apply_inserts(text, inserts, doc_index)
}

/// The foreign tail: the donor's headline (or an invented one when it has none), sometimes a
/// caption shown twice, then about the first 60% of its paragraphs.
fn foreign_tail(g: &mut Gen, d: &Document) -> Vec<GenLine> {
    let k = NoiseKind::ForeignText;
    let mut lines: Vec<GenLine> = Vec::new();
    match d.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => lines.push((t.to_string(), k, "foreign/title")),
        None => lines.push((g.headline(), k, "foreign/title-invented")),
    }
    let caption = if g.rng.chance(0.5) {
        Some(g.caption().0)
    } else {
        None
    };
    if let Some(c) = &caption {
        lines.push((c.clone(), k, "foreign/caption"));
    }
    let paras = paragraphs(&d.text);
    let total: usize = paras.iter().map(|p| p.len()).sum();
    let mut taken = 0usize;
    for (i, p) in paras.iter().enumerate() {
        if i > 0 && taken * 10 >= total * 6 {
            break;
        }
        lines.push((p.to_string(), k, "foreign/paragraph"));
        taken += p.len();
        if i == 0 {
            if let Some(c) = &caption {
                lines.push((c.clone(), k, "foreign/caption"));
            }
        }
    }
    lines
}

/// Small wire edits: (word, replacement), applied to whole words.
const WIRE_EDITS: [(&str, &str); 22] = [
    ("said", "says"),
    ("says", "said"),
    ("about", "around"),
    ("around", "about"),
    ("officials", "authorities"),
    ("people", "persons"),
    ("also", "further"),
    ("large", "big"),
    ("big", "large"),
    ("began", "started"),
    ("started", "began"),
    ("told", "informed"),
    ("more", "further"),
    ("many", "numerous"),
    ("before", "prior to"),
    ("after", "following"),
    ("during", "throughout"),
    ("near", "close to"),
    ("because", "since"),
    ("help", "assist"),
    ("show", "indicate"),
    ("new", "fresh"),
];

/// An edited duplicate: one or two words changed per paragraph, and a new first line (a byline
/// of its own, or a dateline prefix).
fn wire_copy(g: &mut Gen, text: &str) -> (String, Vec<Unit>) {
    let mut body = String::with_capacity(text.len() + 64);
    for (pi, para) in text.split("\n\n").enumerate() {
        if pi > 0 {
            body.push_str("\n\n");
        }
        let words: Vec<&str> = para.split(' ').collect();
        let candidates: Vec<usize> = words
            .iter()
            .enumerate()
            .filter(|(_, w)| {
                let core = w.trim_matches(|c: char| !c.is_alphanumeric());
                WIRE_EDITS.iter().any(|(a, _)| *a == core)
            })
            .map(|(i, _)| i)
            .collect();
        let mut chosen: Vec<usize> = Vec::new();
        if !candidates.is_empty() {
            for _ in 0..g.rng.between(1, 2) {
                chosen.push(g.rng.pick(&candidates));
            }
        }
        for (wi, w) in words.iter().enumerate() {
            if wi > 0 {
                body.push(' ');
            }
            if chosen.contains(&wi) {
                let core = w.trim_matches(|c: char| !c.is_alphanumeric());
                let to = WIRE_EDITS
                    .iter()
                    .find(|(a, _)| *a == core)
                    .map_or(core, |(_, b)| b);
                body.push_str(&w.replacen(core, to, 1));
            } else {
                body.push_str(w);
            }
        }
    }
    let mut units = Vec::new();
    let mut out = String::with_capacity(body.len() + 64);
    let lead = body.len() - body.trim_start().len();
    if g.rng.chance(0.5) {
        let (t, tpl) = g.byline();
        out.push_str(&t);
        units.push(Unit {
            doc: 0,
            span: Span::new(0, t.len()),
            kind: NoiseKind::Byline,
            template: tpl,
        });
        out.push_str("\n\n");
        out.push_str(body.trim_start());
    } else {
        let (d, tpl) = g.dateline();
        out.push_str(&d);
        units.push(Unit {
            doc: 0,
            span: Span::new(0, d.trim_end().len()),
            kind: NoiseKind::Dateline,
            template: tpl,
        });
        out.push_str(&body[lead..]);
    }
    (out, units)
}

// ---------------------------------------------------------------------------------------------
// Measuring

/// Which bytes of a brief document's `text` survive into its `clean_text`: the clean text's
/// blocks are found in order in the original, at places no removal span covers. Returns the
/// mask and the number of blocks that could not be placed (expected 0).
pub fn kept_mask(doc: &BriefDocument, removals: &[Span]) -> (Vec<bool>, usize) {
    let text = doc.text.as_str();
    let mut kept = vec![false; text.len()];
    let mut merged: Vec<(usize, usize)> = Vec::new();
    let mut rs: Vec<Span> = removals.to_vec();
    rs.sort();
    for r in rs {
        match merged.last_mut() {
            Some(last) if r.start <= last.1 => last.1 = last.1.max(r.end),
            _ => merged.push((r.start, r.end)),
        }
    }
    let overlaps = |a: usize, b: usize| {
        let i = merged.partition_point(|m| m.1 <= a);
        i < merged.len() && merged[i].0 < b
    };
    let pieces: Vec<&str> = doc.clean_text.split("\n\n").collect();
    let mut cursor = 0usize;
    let mut failed = 0usize;
    let mut i = 0usize;
    while i < pieces.len() {
        if pieces[i].is_empty() {
            i += 1;
            continue;
        }
        let mut piece = pieces[i].to_string();
        let mut j = i;
        loop {
            if let Some(pos) = find_unremoved(text, cursor, &piece, &overlaps) {
                kept[pos..pos + piece.len()]
                    .iter_mut()
                    .for_each(|k| *k = true);
                cursor = pos + piece.len();
                i = j + 1;
                break;
            }
            // A block that itself holds a blank line: try it with the next piece.
            if j + 1 < pieces.len() && j - i < 4 {
                j += 1;
                piece.push_str("\n\n");
                piece.push_str(pieces[j]);
                continue;
            }
            failed += 1;
            i += 1;
            break;
        }
    }
    (kept, failed)
}

fn find_unremoved(
    text: &str,
    from: usize,
    piece: &str,
    overlaps: &dyn Fn(usize, usize) -> bool,
) -> Option<usize> {
    let mut at = from;
    while at <= text.len() {
        let pos = at + text.get(at..)?.find(piece)?;
        if !overlaps(pos, pos + piece.len()) {
            return Some(pos);
        }
        at = pos + 1;
        while at < text.len() && !text.is_char_boundary(at) {
            at += 1;
        }
    }
    None
}

/// Counts for one noise kind.
#[derive(Debug, Clone, Default, Serialize)]
pub struct KindStats {
    /// Injected units.
    pub units: usize,
    /// Units none of whose bytes survived into `clean_text`.
    pub removed: usize,
    /// Units some but not all of whose non-space bytes were removed.
    pub partly_removed: usize,
    /// Non-space bytes of the units.
    pub bytes: usize,
    /// Of those, removed.
    pub removed_bytes: usize,
    /// Original non-space bytes kept in the clean run but removed in the noisy run by a removal
    /// span that overlaps a unit of this kind.
    pub collateral_bytes: usize,
    /// Summary sentences of the noisy brief that overlap a unit of this kind (or, for the
    /// whole-document kinds, that are quoted from that document).
    pub summary_sentences: usize,
    /// Clusters whose noisy brief has at least one such sentence.
    pub clusters_hit: usize,
}

impl KindStats {
    fn add(&mut self, o: &KindStats) {
        self.units += o.units;
        self.removed += o.removed;
        self.partly_removed += o.partly_removed;
        self.bytes += o.bytes;
        self.removed_bytes += o.removed_bytes;
        self.collateral_bytes += o.collateral_bytes;
        self.summary_sentences += o.summary_sentences;
        self.clusters_hit += o.clusters_hit;
    }

    fn unit_recall(&self) -> Option<f64> {
        ratio(self.removed, self.units)
    }

    fn byte_recall(&self) -> Option<f64> {
        ratio(self.removed_bytes, self.bytes)
    }

    fn precision(&self) -> Option<f64> {
        ratio(
            self.removed_bytes,
            self.removed_bytes + self.collateral_bytes,
        )
    }
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// One injected unit the cleaner left (partly) in place.
#[derive(Debug, Clone, Serialize)]
pub struct Missed {
    /// Noise kind.
    pub kind: NoiseKind,
    /// Template id.
    pub template: &'static str,
    /// Noisy document index.
    pub doc: usize,
    /// Span in that document's text.
    pub span: Span,
    /// Share of its non-space bytes that survived.
    pub kept_share: f64,
    /// The unit's text; `None` for text taken from another cluster (never printed).
    pub text: Option<String>,
}

/// A run of original text kept in the clean run but removed in the noisy run.
#[derive(Debug, Clone, Serialize)]
pub struct Collateral {
    /// Noisy document index.
    pub doc: usize,
    /// Span in that document's text (runs of non-space bytes, merged when adjacent).
    pub span: Span,
    /// The removal kind that removed it (`unlogged` when no removal span covers it).
    pub removal: String,
    /// The noise kind whose unit the removal span overlaps most, if any.
    pub attributed_to: Option<NoiseKind>,
}

/// A summary sentence that overlaps injected noise.
#[derive(Debug, Clone, Serialize)]
pub struct Contamination {
    /// Noise kind.
    pub kind: NoiseKind,
    /// Template id (`offtopic_doc` / `wire_copy` for whole documents).
    pub template: &'static str,
    /// Noisy document index.
    pub doc: usize,
    /// The sentence's original span.
    pub original_span: Span,
}

/// One cluster's measurements.
#[derive(Debug, Clone, Serialize)]
pub struct ClusterReport {
    /// Cluster id.
    pub cluster_id: String,
    /// Documents in the clean cluster.
    pub documents_clean: usize,
    /// Documents in the noisy cluster.
    pub documents_noisy: usize,
    /// Per noise kind.
    pub kinds: BTreeMap<NoiseKind, KindStats>,
    /// Original non-space bytes removed only in the noisy run whose removal span overlaps no
    /// injected unit, by removal kind.
    pub unattributed_collateral: BTreeMap<String, usize>,
    /// Original non-space bytes (of the noise-carrying documents).
    pub original_bytes: usize,
    /// Original non-space bytes removed in the clean run but kept in the noisy run.
    pub restored_bytes: usize,
    /// Every noisy-brief sentence overlapping injected noise or quoted from an added document.
    pub contamination: Vec<Contamination>,
    /// True when the noisy brief quotes no injected unit and nothing from the off-topic document
    /// (quotes from the wire copy are allowed).
    pub zero_injected: bool,
    /// True when the off-topic document has the lowest relevance of the noisy cluster.
    pub offtopic_lowest_relevance: Option<bool>,
    /// Clean-text blocks that could not be located in the original (expected 0).
    pub alignment_failures: usize,
    /// Error message when a run failed.
    pub error: Option<String>,
    /// ROUGE-1 recall of the clean brief.
    pub rouge1_clean: f64,
    /// ROUGE-1 recall of the noisy brief.
    pub rouge1_noisy: f64,
    /// ROUGE-2 recall of the clean brief.
    pub rouge2_clean: f64,
    /// ROUGE-2 recall of the noisy brief.
    pub rouge2_noisy: f64,
    /// Injected units not fully removed.
    pub missed: Vec<Missed>,
    /// Original text removed only in the noisy run.
    pub collateral: Vec<Collateral>,
}

fn removal_spans(b: &Brief, doc: usize) -> Vec<(Span, RemovalKind)> {
    b.removals
        .iter()
        .filter(|r| r.doc.index() == doc)
        .map(|r| (r.span, r.kind))
        .collect()
}

fn removal_kind_name(k: RemovalKind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| format!("{k:?}"))
}

/// Measure one noisy brief against the clean brief.
pub fn measure(
    noisy: &NoisyCluster,
    clean_brief: &Brief,
    noisy_brief: &Brief,
    references: &[&str],
    rouge: &Rouge,
) -> ClusterReport {
    let mut kinds: BTreeMap<NoiseKind, KindStats> = BTreeMap::new();
    let mut unattributed: BTreeMap<String, usize> = BTreeMap::new();
    let mut missed = Vec::new();
    let mut collateral_runs: Vec<Collateral> = Vec::new();
    let mut failures = 0usize;
    let mut original_bytes = 0usize;
    let mut restored = 0usize;
    let mut units_by_doc: Vec<Vec<&Unit>> = vec![Vec::new(); noisy.origins.len()];
    for u in &noisy.units {
        units_by_doc[u.doc].push(u);
    }
    let wire_of = noisy.origins.iter().find_map(|o| match o {
        Origin::WireCopy { of } => Some(*of),
        _ => None,
    });
    let clean_masks: Vec<Vec<bool>> = clean_brief
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let spans: Vec<Span> = removal_spans(clean_brief, i).iter().map(|r| r.0).collect();
            let (m, f) = kept_mask(d, &spans);
            failures += f;
            m
        })
        .collect();
    for (di, origin) in noisy.origins.iter().enumerate() {
        let Some(doc) = noisy_brief.documents.get(di) else {
            continue;
        };
        let rem = removal_spans(noisy_brief, di);
        let spans: Vec<Span> = rem.iter().map(|r| r.0).collect();
        let (kept, f) = kept_mask(doc, &spans);
        failures += f;
        let text = doc.text.as_bytes();
        for u in &units_by_doc[di] {
            let st = kinds.entry(u.kind).or_default();
            st.units += 1;
            let mut nonspace = 0;
            let mut gone = 0;
            let mut any_kept = false;
            for b in u.span.start..u.span.end {
                any_kept |= kept[b];
                if !text[b].is_ascii_whitespace() {
                    nonspace += 1;
                    if !kept[b] {
                        gone += 1;
                    }
                }
            }
            st.bytes += nonspace;
            st.removed_bytes += gone;
            if !any_kept {
                st.removed += 1;
            } else {
                if gone > 0 {
                    st.partly_removed += 1;
                }
                let kept_share = 1.0 - gone as f64 / nonspace.max(1) as f64;
                missed.push(Missed {
                    kind: u.kind,
                    template: u.template,
                    doc: di,
                    span: u.span,
                    kept_share,
                    text: (!u.is_data_text()).then(|| doc.text[u.span.start..u.span.end].into()),
                });
            }
        }
        // Collateral: original bytes kept in the clean run, removed in the noisy run.
        if let Origin::Original { index, runs } = origin {
            let cmask = &clean_masks[*index];
            let mut collateral: Vec<usize> = Vec::new();
            for &(ns, os, len) in runs {
                for k in 0..len {
                    let (nb, ob) = (ns + k, os + k);
                    if text[nb].is_ascii_whitespace() {
                        continue;
                    }
                    original_bytes += 1;
                    let clean_kept = cmask.get(ob).copied().unwrap_or(false);
                    if clean_kept && !kept[nb] {
                        collateral.push(nb);
                    } else if !clean_kept && kept[nb] {
                        restored += 1;
                    }
                }
            }
            // Attribute each collateral byte to the unit kind its removal span overlaps most.
            for b in collateral {
                let mut owner: Option<(usize, NoiseKind)> = None;
                let mut rkind: Option<RemovalKind> = None;
                for (span, rk) in &rem {
                    if !(span.start <= b && b < span.end) {
                        continue;
                    }
                    rkind.get_or_insert(*rk);
                    // A foreign-text cut that starts right after an injected line: that
                    // line made the seam.
                    if *rk == RemovalKind::ForeignText {
                        if let Some(u) = units_by_doc[di].iter().find(|u| {
                            u.span.end <= span.start
                                && doc.text[u.span.end..span.start].trim().is_empty()
                        }) {
                            owner = Some((usize::MAX, u.kind));
                            break;
                        }
                    }
                    for u in &units_by_doc[di] {
                        let ov = u
                            .span
                            .end
                            .min(span.end)
                            .saturating_sub(u.span.start.max(span.start));
                        if ov > 0 && !matches!(owner, Some((o, _)) if o >= ov) {
                            owner = Some((ov, u.kind));
                        }
                    }
                }
                // A short line of the wire copy's source is now in two documents: the copy
                // made it "cross-document boilerplate".
                if owner.is_none()
                    && rkind == Some(RemovalKind::CrossDocBoilerplate)
                    && wire_of == Some(*index)
                {
                    owner = Some((0, NoiseKind::WireCopy));
                }
                let key = rkind.map_or_else(|| "unlogged".to_string(), removal_kind_name);
                match owner {
                    Some((_, k)) => kinds.entry(k).or_default().collateral_bytes += 1,
                    None => *unattributed.entry(key.clone()).or_default() += 1,
                }
                match collateral_runs.last_mut() {
                    Some(c) if c.doc == di && b - c.span.end <= 2 && c.removal == key => {
                        c.span.end = b + 1
                    }
                    _ => collateral_runs.push(Collateral {
                        doc: di,
                        span: Span::new(b, b + 1),
                        removal: key,
                        attributed_to: owner.map(|o| o.1),
                    }),
                }
            }
        }
    }
    // Contamination.
    let mut contamination = Vec::new();
    for s in &noisy_brief.summary {
        let di = s.doc.index();
        let span = s.original_span;
        match noisy.origins.get(di) {
            Some(Origin::OffTopic { .. }) => contamination.push(Contamination {
                kind: NoiseKind::OffTopicDoc,
                template: "offtopic_doc",
                doc: di,
                original_span: span,
            }),
            Some(Origin::WireCopy { .. }) => contamination.push(Contamination {
                kind: NoiseKind::WireCopy,
                template: "wire_copy",
                doc: di,
                original_span: span,
            }),
            _ => {}
        }
        let text = noisy_brief.documents[di].text.as_bytes();
        if let Some(u) = units_by_doc.get(di).and_then(|us| {
            us.iter().find(|u| {
                let (a, b) = (u.span.start.max(span.start), u.span.end.min(span.end));
                a < b && text[a..b].iter().any(|c| !c.is_ascii_whitespace())
            })
        }) {
            contamination.push(Contamination {
                kind: u.kind,
                template: u.template,
                doc: di,
                original_span: span,
            });
        }
    }
    let mut hit_kinds: Vec<NoiseKind> = contamination.iter().map(|c| c.kind).collect();
    for c in &contamination {
        kinds.entry(c.kind).or_default().summary_sentences += 1;
    }
    hit_kinds.sort();
    hit_kinds.dedup();
    for k in hit_kinds {
        kinds.entry(k).or_default().clusters_hit += 1;
    }
    for o in &noisy.origins {
        let k = match o {
            Origin::OffTopic { .. } => NoiseKind::OffTopicDoc,
            Origin::WireCopy { .. } => NoiseKind::WireCopy,
            Origin::Original { .. } => continue,
        };
        kinds.entry(k).or_default().units += 1;
    }
    let zero_injected = contamination.iter().all(|c| c.kind == NoiseKind::WireCopy);
    let offtopic_lowest_relevance = noisy
        .origins
        .iter()
        .position(|o| matches!(o, Origin::OffTopic { .. }))
        .and_then(|i| {
            let r = noisy_brief.documents.get(i)?.relevance;
            Some(noisy_brief.documents.iter().all(|d| d.relevance >= r))
        });
    let sc = rouge.score_multi(&crate::eval::summary_text(clean_brief), references);
    let sn = rouge.score_multi(&crate::eval::summary_text(noisy_brief), references);
    ClusterReport {
        cluster_id: noisy.cluster.id.clone(),
        documents_clean: clean_brief.documents.len(),
        documents_noisy: noisy_brief.documents.len(),
        kinds,
        unattributed_collateral: unattributed,
        original_bytes,
        restored_bytes: restored,
        contamination,
        zero_injected,
        offtopic_lowest_relevance,
        alignment_failures: failures,
        error: None,
        rouge1_clean: sc.rouge1.recall,
        rouge1_noisy: sn.rouge1.recall,
        rouge2_clean: sc.rouge2.recall,
        rouge2_noisy: sn.rouge2.recall,
        missed,
        collateral: collateral_runs,
    }
}

// ---------------------------------------------------------------------------------------------
// The command

/// Aggregate over clusters.
#[derive(Debug, Serialize)]
pub struct Aggregate {
    /// Per noise kind, summed.
    pub kinds: BTreeMap<NoiseKind, KindStats>,
    /// All boilerplate kinds together.
    pub boilerplate: KindStats,
    /// Unattributed collateral bytes by removal kind.
    pub unattributed_collateral: BTreeMap<String, usize>,
    /// Original non-space bytes of the noise-carrying documents.
    pub original_bytes: usize,
    /// Original bytes removed in the clean run but kept in the noisy run.
    pub restored_bytes: usize,
    /// Clusters measured.
    pub clusters: usize,
    /// Clusters whose runs failed.
    pub clusters_failed: usize,
    /// Clusters whose noisy brief quotes no injected text.
    pub clusters_zero_injected: usize,
    /// Clusters whose off-topic document had the lowest relevance.
    pub offtopic_lowest_relevance: usize,
    /// Mean ROUGE-1 recall, clean run.
    pub rouge1_clean: f64,
    /// Mean ROUGE-1 recall, noisy run.
    pub rouge1_noisy: f64,
    /// Mean ROUGE-2 recall, clean run.
    pub rouge2_clean: f64,
    /// Mean ROUGE-2 recall, noisy run.
    pub rouge2_noisy: f64,
    /// Alignment failures (expected 0).
    pub alignment_failures: usize,
    /// Most often missed templates: (kind, template, missed, injected, example).
    pub top_missed: Vec<MissedPattern>,
}

/// A template the cleaner often leaves in place.
#[derive(Debug, Serialize)]
pub struct MissedPattern {
    /// Noise kind.
    pub kind: NoiseKind,
    /// Template id.
    pub template: &'static str,
    /// Units of it left (partly) in place.
    pub missed: usize,
    /// Units of it injected.
    pub injected: usize,
    /// A short example (invented text only).
    pub example: Option<String>,
}

#[derive(Debug, Serialize)]
struct Report<'a> {
    dataset: String,
    words: usize,
    truncate: bool,
    seed: u64,
    aggregate: &'a Aggregate,
    clusters: &'a [ClusterReport],
}

/// Sum the cluster reports; `injected` counts units per template.
pub fn aggregate(
    reports: &[ClusterReport],
    injected: &BTreeMap<(NoiseKind, &'static str), usize>,
    top: usize,
) -> Aggregate {
    let mut kinds: BTreeMap<NoiseKind, KindStats> = BTreeMap::new();
    let mut unattributed: BTreeMap<String, usize> = BTreeMap::new();
    let mut missed: BTreeMap<(NoiseKind, &'static str), (usize, Option<String>)> = BTreeMap::new();
    let ok: Vec<&ClusterReport> = reports.iter().filter(|r| r.error.is_none()).collect();
    for r in &ok {
        for (k, s) in &r.kinds {
            kinds.entry(*k).or_default().add(s);
        }
        for (k, v) in &r.unattributed_collateral {
            *unattributed.entry(k.clone()).or_default() += v;
        }
        for m in &r.missed {
            let e = missed.entry((m.kind, m.template)).or_default();
            e.0 += 1;
            if let Some(t) = &m.text {
                if !matches!(&e.1, Some(x) if x.len() <= t.len()) {
                    e.1 = Some(t.clone());
                }
            }
        }
    }
    let mut boilerplate = KindStats::default();
    for k in NoiseKind::BOILERPLATE {
        if let Some(s) = kinds.get(&k) {
            boilerplate.add(s);
        }
    }
    // Clusters hit by any boilerplate kind.
    boilerplate.clusters_hit = ok
        .iter()
        .filter(|r| {
            r.contamination
                .iter()
                .any(|c| NoiseKind::BOILERPLATE.contains(&c.kind))
        })
        .count();
    let mut top_missed: Vec<MissedPattern> = missed
        .into_iter()
        .map(|((kind, template), (n, example))| MissedPattern {
            kind,
            template,
            missed: n,
            injected: injected.get(&(kind, template)).copied().unwrap_or(n),
            example,
        })
        .collect();
    top_missed.sort_by(|a, b| {
        b.missed
            .cmp(&a.missed)
            .then(a.kind.cmp(&b.kind))
            .then(a.template.cmp(b.template))
    });
    top_missed.truncate(top);
    let n = ok.len().max(1) as f64;
    let mean = |f: fn(&ClusterReport) -> f64| ok.iter().map(|r| f(r)).sum::<f64>() / n;
    Aggregate {
        boilerplate,
        unattributed_collateral: unattributed,
        original_bytes: ok.iter().map(|r| r.original_bytes).sum(),
        restored_bytes: ok.iter().map(|r| r.restored_bytes).sum(),
        clusters: reports.len(),
        clusters_failed: reports.len() - ok.len(),
        clusters_zero_injected: ok.iter().filter(|r| r.zero_injected).count(),
        offtopic_lowest_relevance: ok
            .iter()
            .filter(|r| r.offtopic_lowest_relevance == Some(true))
            .count(),
        rouge1_clean: mean(|r| r.rouge1_clean),
        rouge1_noisy: mean(|r| r.rouge1_noisy),
        rouge2_clean: mean(|r| r.rouge2_clean),
        rouge2_noisy: mean(|r| r.rouge2_noisy),
        alignment_failures: ok.iter().map(|r| r.alignment_failures).sum(),
        top_missed,
        kinds,
    }
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "–".into(), |v| format!("{:.1}%", v * 100.0))
}

/// The Markdown report.
pub fn table(dataset: &str, words: usize, seed: u64, a: &Aggregate) -> String {
    let mut s = String::new();
    let ok = a.clusters - a.clusters_failed;
    let _ = writeln!(
        s,
        "`{dataset}`: {} clusters ({} failed), {words} words, seed {seed}\n",
        a.clusters, a.clusters_failed
    );
    s.push_str("| noise kind | units | removed | unit recall | byte recall | byte precision | noisy-brief sentences | clusters hit |\n");
    s.push_str("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    let row = |s: &mut String, name: &str, st: &KindStats| {
        let _ = writeln!(
            s,
            "| {name} | {} | {} | {} | {} | {} | {} | {} |",
            st.units,
            st.removed,
            pct(st.unit_recall()),
            pct(st.byte_recall()),
            pct(st.precision()),
            st.summary_sentences,
            st.clusters_hit
        );
    };
    for k in NoiseKind::BOILERPLATE {
        if let Some(st) = a.kinds.get(&k) {
            row(&mut s, k.name(), st);
        }
    }
    let unattributed: usize = a.unattributed_collateral.values().sum();
    let mut b = a.boilerplate.clone();
    row(&mut s, "**all boilerplate**", &b);
    if let Some(st) = a.kinds.get(&NoiseKind::ForeignText) {
        row(&mut s, "foreign_text (appended article)", st);
    }
    let _ = writeln!(
        s,
        "\n| added document | clusters | quoted sentences | clusters quoting it | lowest relevance | collateral bytes |\n|---|---:|---:|---:|---:|---:|"
    );
    if let Some(st) = a.kinds.get(&NoiseKind::OffTopicDoc) {
        let _ = writeln!(
            s,
            "| offtopic_doc (contamination) | {} | {} | {} | {}/{} | – |",
            st.units, st.summary_sentences, st.clusters_hit, a.offtopic_lowest_relevance, st.units
        );
    }
    if let Some(st) = a.kinds.get(&NoiseKind::WireCopy) {
        let _ = writeln!(
            s,
            "| wire_copy (allowed, counted) | {} | {} | {} | – | {} |",
            st.units, st.summary_sentences, st.clusters_hit, st.collateral_bytes
        );
    }
    let d1 = (a.rouge1_noisy - a.rouge1_clean) * 100.0;
    let d2 = (a.rouge2_noisy - a.rouge2_clean) * 100.0;
    let _ = writeln!(
        s,
        "\n| ROUGE recall (×100, mean over {ok} clusters) | clean | noisy | noisy − clean |\n|---|---:|---:|---:|"
    );
    let _ = writeln!(
        s,
        "| ROUGE-1 | {:.2} | {:.2} | {d1:+.2} |",
        a.rouge1_clean * 100.0,
        a.rouge1_noisy * 100.0
    );
    let _ = writeln!(
        s,
        "| ROUGE-2 | {:.2} | {:.2} | {d2:+.2} |",
        a.rouge2_clean * 100.0,
        a.rouge2_noisy * 100.0
    );
    let zero = ratio(a.clusters_zero_injected, ok).unwrap_or(0.0) * 100.0;
    let _ = writeln!(
        s,
        "\nGoals: ROUGE-1 loss < 0.5 points: **{}** ({d1:+.2}); noisy briefs quoting no injected text ≥ 98%: **{}** ({}/{ok} = {zero:.1}%).",
        if d1 > -0.5 { "met" } else { "missed" },
        if zero >= 98.0 { "met" } else { "missed" },
        a.clusters_zero_injected
    );
    b.collateral_bytes += unattributed;
    let _ = writeln!(
        s,
        "\nCollateral: {} original non-space bytes ({:.2}% of {}) were kept in the clean run but removed in the noisy one; {} of them attributed to a noise kind (a removal span that touches an injected unit, a foreign-text cut starting right after one, or a cross-document removal in the wire copy's source), {} not attributed (by removal kind: {}). Boilerplate precision counting all collateral: {}. Original bytes the noisy run kept but the clean run removed: {}.",
        a.kinds.values().map(|k| k.collateral_bytes).sum::<usize>() + unattributed,
        100.0 * (a.kinds.values().map(|k| k.collateral_bytes).sum::<usize>() + unattributed) as f64
            / a.original_bytes.max(1) as f64,
        a.original_bytes,
        a.kinds.values().map(|k| k.collateral_bytes).sum::<usize>(),
        unattributed,
        if a.unattributed_collateral.is_empty() {
            "none".to_string()
        } else {
            a.unattributed_collateral
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        },
        pct(b.precision()),
        a.restored_bytes
    );
    if a.alignment_failures > 0 {
        let _ = writeln!(
            s,
            "\nWarning: {} clean-text blocks could not be located in their original text.",
            a.alignment_failures
        );
    }
    if !a.top_missed.is_empty() {
        let _ = writeln!(
            s,
            "\nMost often missed injected units (left wholly or partly in `clean_text`):\n\n| # | kind | template | missed | of injected | example |\n|---:|---|---|---:|---:|---|"
        );
        for (i, m) in a.top_missed.iter().enumerate() {
            let ex = m.example.as_deref().map_or_else(
                || "(text of another cluster, not shown)".to_string(),
                |e| {
                    let e: String = e.chars().take(70).collect();
                    format!("`{}`", e.replace('`', "'").replace('|', "\\|"))
                },
            );
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {ex} |",
                i + 1,
                m.kind.name(),
                m.template,
                m.missed,
                m.injected
            );
        }
    }
    s
}

/// `synoptic noise-bench`.
pub fn run(args: NoiseArgs) -> Result<ExitCode> {
    if cfg!(debug_assertions) {
        eprintln!("synoptic: warning: this is a debug build; build with --release for speed");
    }
    let mut config = args.set.config()?;
    // Scores and times the summary alone: facts do not change it (`synoptic bench` times them).
    config.facts = false;
    let name = args.set.data.display().to_string();
    let clusters = synoptic::ingest::read_labelled_clusters(&args.set.data)?;
    let pool: Vec<&Cluster> = clusters.iter().map(|(c, _)| c).collect();
    let rouge = Rouge::new(true);
    let mut reports = Vec::new();
    let mut injected: BTreeMap<(NoiseKind, &'static str), usize> = BTreeMap::new();
    let mut done = 0usize;
    let mut dump = match &args.dump {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?,
        )),
        None => None,
    };
    for (ci, (clean, refs)) in clusters.iter().enumerate() {
        if refs.is_empty() || clean.documents.is_empty() {
            continue;
        }
        if done >= args.set.limit.unwrap_or(usize::MAX) {
            break;
        }
        done += 1;
        let donor = |rng: &mut SplitMix64| -> Option<Donor> {
            if pool.len() < 2 {
                return None;
            }
            for _ in 0..8 {
                let mut j = rng.below(pool.len() - 1);
                if j >= ci {
                    j += 1;
                }
                let c = pool[j];
                if c.documents.is_empty() {
                    continue;
                }
                let d = &c.documents[rng.below(c.documents.len())];
                return Some((c.id.as_str(), d));
            }
            None
        };
        let noisy = make_noisy(clean, args.seed, &donor);
        for u in &noisy.units {
            *injected.entry((u.kind, u.template)).or_default() += 1;
        }
        if let Some(w) = dump.as_mut() {
            let docs: Vec<Value> = noisy
                .cluster
                .documents
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "doc_id": d.name, "source": d.source, "date": d.date,
                        "title": d.title, "text": d.text,
                    })
                })
                .collect();
            let line = serde_json::json!({
                "cluster_id": noisy.cluster.id,
                "documents": docs,
                "noise": {"units": noisy.units, "origins": noisy.origins},
            });
            writeln!(w, "{line}")?;
        }
        let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
        let report = match (
            synoptic::summarize(clean, &config),
            synoptic::summarize(&noisy.cluster, &config),
        ) {
            (Ok(cb), Ok(nb)) => measure(&noisy, &cb, &nb, &refs, &rouge),
            (a, b) => {
                let err = a.err().or(b.err()).map(|e| e.to_string());
                eprintln!(
                    "synoptic: warning: {}: {}",
                    clean.id,
                    err.as_deref().unwrap_or("failed")
                );
                ClusterReport {
                    cluster_id: clean.id.clone(),
                    documents_clean: clean.documents.len(),
                    documents_noisy: noisy.cluster.documents.len(),
                    kinds: BTreeMap::new(),
                    unattributed_collateral: BTreeMap::new(),
                    original_bytes: 0,
                    restored_bytes: 0,
                    contamination: Vec::new(),
                    zero_injected: false,
                    offtopic_lowest_relevance: None,
                    alignment_failures: 0,
                    error: err,
                    rouge1_clean: 0.0,
                    rouge1_noisy: 0.0,
                    rouge2_clean: 0.0,
                    rouge2_noisy: 0.0,
                    missed: Vec::new(),
                    collateral: Vec::new(),
                }
            }
        };
        reports.push(report);
    }
    anyhow::ensure!(
        !reports.is_empty(),
        "{name}: no cluster with reference summaries"
    );
    let agg = aggregate(&reports, &injected, args.top);
    let out = match args.format {
        NoiseFormat::Table => table(&name, args.set.words, args.seed, &agg),
        NoiseFormat::Json => {
            serde_json::to_string_pretty(&Report {
                dataset: name.clone(),
                words: args.set.words,
                truncate: args.set.truncate,
                seed: args.seed,
                aggregate: &agg,
                clusters: &reports,
            })? + "\n"
        }
    };
    match &args.set.output {
        Some(p) => {
            std::fs::write(p, out).with_context(|| format!("cannot write {}", p.display()))?
        }
        None => std::io::stdout().lock().write_all(out.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use synoptic::InputFormat;

    const FLOOD: [&str; 3] = [
        "Floodwater closed the main road into Riverton on Monday after two days of heavy rain, county officials said.\n\nRescue crews used boats to reach about forty families on the east bank of the Tamsin River, where the water rose above the ground floors of several homes.\n\nThe county opened an emergency shelter in the Riverton high school gym and said it could house three hundred people.\n\nForecasters expect the river to crest on Wednesday before the water begins to fall late in the week.\n\nThe mayor asked residents to stay away from the riverbank and to boil their tap water until further notice.",
        "Heavy rain sent the Tamsin River over its banks on Monday, cutting the main road into Riverton and stranding dozens of families.\n\nCounty officials said rescue teams in boats had reached about forty households on the east bank by the evening.\n\nAn emergency shelter opened in the high school gym, and volunteers brought blankets, food and dry clothes.\n\nThe river is expected to crest on Wednesday, according to the regional weather office.\n\nResidents were told to boil their tap water because floodwater had reached the town's pumping station.",
        "The Tamsin River flooded parts of Riverton on Monday after two days of rain, and the main road into town was closed.\n\nBoat crews reached stranded families on the east bank, where water covered the ground floors of several homes, officials said.\n\nSchools will stay closed for the rest of the week, and the high school gym is being used as a shelter.\n\nThe regional weather office said the river would crest on Wednesday and fall slowly after that.\n\nThe mayor said the town would need help from the state to repair the road and the pumping station.",
    ];
    const FIRE: [&str; 2] = [
        "A fire destroyed the old public library in Lindmoor early on Saturday, the town's fire chief said.\n\nNo one was hurt, but most of the building's collection of local newspapers was lost.\n\nInvestigators believe the fire started in a storage room on the ground floor.\n\nThe town council will meet on Tuesday to discuss temporary premises for the library.",
        "Lindmoor's public library burned down in the early hours of Saturday morning, firefighters said.\n\nThe fire began in a ground-floor storage room and spread quickly through the wooden roof.\n\nLibrarians said decades of local newspapers and photographs had been destroyed.\n\nCouncil members said they would look for a temporary home for the library next week.",
    ];

    fn cluster(id: &str, texts: &[&str]) -> Cluster {
        let mut c = Cluster::from_texts(id, texts);
        for (i, d) in c.documents.iter_mut().enumerate() {
            d.title = Some(format!("Headline {i} of {id}"));
        }
        c
    }

    fn noisy(seed: u64) -> (Cluster, Cluster, NoisyCluster) {
        let flood = cluster("flood", &FLOOD);
        let fire = cluster("fire", &FIRE);
        let donor = |rng: &mut SplitMix64| -> Option<Donor> {
            Some(("fire", &fire.documents[rng.below(fire.documents.len())]))
        };
        let n = make_noisy(&flood, seed, &donor);
        (flood, fire, n)
    }

    #[test]
    fn splitmix_is_the_reference_sequence() {
        // First outputs of SplitMix64 seeded with 0 (the published reference values).
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        let mut r = SplitMix64::new(7);
        for _ in 0..1000 {
            assert!(r.below(5) < 5);
            let x = r.between(3, 4);
            assert!((3..=4).contains(&x));
        }
    }

    #[test]
    fn labels_slice_exactly_the_injected_text() {
        for seed in 0..20 {
            let (flood, fire, n) = noisy(seed);
            for u in &n.units {
                let text = &n.cluster.documents[u.doc].text;
                let s = u.span.slice(text).expect("span on char boundaries");
                assert!(!s.is_empty(), "{u:?}");
                assert_eq!(s, s.trim(), "units are trimmed: {u:?}");
                // A unit is a line of its own, except a dateline, which prefixes a paragraph.
                let before = &text[..u.span.start];
                assert!(
                    before.is_empty() || before.ends_with('\n'),
                    "unit starts a line: {u:?}"
                );
                let after = &text[u.span.end..];
                if u.kind == NoiseKind::Dateline {
                    assert!(after.starts_with(' '), "{u:?}");
                } else {
                    assert!(after.is_empty() || after.starts_with('\n'), "{u:?}");
                }
                if u.template == "foreign/paragraph" {
                    assert!(fire.documents.iter().any(|d| d.text.contains(s)));
                    assert!(!flood.documents.iter().any(|d| d.text.contains(s)));
                }
            }
            for (i, o) in n.origins.iter().enumerate() {
                let text = &n.cluster.documents[i].text;
                let units: Vec<&Unit> = n.units.iter().filter(|u| u.doc == i).collect();
                match o {
                    Origin::Original { index, runs } => {
                        // The runs rebuild the original exactly, and every other byte is a
                        // unit or whitespace between them.
                        let original = &flood.documents[*index].text;
                        let mut rebuilt = String::new();
                        let mut covered = vec![false; text.len()];
                        for &(ns, os, len) in runs {
                            assert_eq!(&text[ns..ns + len], &original[os..os + len]);
                            rebuilt.push_str(&original[os..os + len]);
                            covered[ns..ns + len].iter_mut().for_each(|c| *c = true);
                        }
                        assert_eq!(&rebuilt, original);
                        for u in &units {
                            assert!(covered[u.span.start..u.span.end].iter().all(|c| !c));
                            covered[u.span.start..u.span.end]
                                .iter_mut()
                                .for_each(|c| *c = true);
                        }
                        for (b, c) in text.bytes().zip(&covered) {
                            assert!(*c || b.is_ascii_whitespace());
                        }
                        // Paragraph structure: the original paragraphs are still blank-line
                        // separated.
                        for p in paragraphs(original) {
                            if let Some(pos) = text.find(p) {
                                let before = &text[..pos];
                                assert!(
                                    before.is_empty()
                                        || before.ends_with("\n\n")
                                        || before.ends_with(' '),
                                    "paragraph boundary kept"
                                );
                            }
                        }
                    }
                    Origin::WireCopy { of } => {
                        let original = &flood.documents[*of].text;
                        assert_ne!(text, original);
                        assert_eq!(units.len(), 1);
                        assert_eq!(
                            text.matches("\n\n").count(),
                            original.matches("\n\n").count()
                                + usize::from(units[0].kind == NoiseKind::Byline)
                        );
                    }
                    Origin::OffTopic { cluster } => {
                        assert_eq!(cluster, "fire");
                        assert!(fire.documents.iter().any(|d| &d.text == text));
                        assert!(units.is_empty());
                    }
                }
            }
            for (i, d) in n.cluster.documents.iter().enumerate() {
                assert_eq!(d.id, DocId(i as u32));
            }
        }
    }

    #[test]
    fn kind_names_match_json() {
        assert_eq!(NoiseKind::all().len(), 16, "every kind once");
        for k in NoiseKind::all() {
            assert_eq!(serde_json::to_value(k).unwrap(), k.name());
        }
    }

    #[test]
    fn deterministic_for_a_seed() {
        let (_, _, a) = noisy(11);
        let (_, _, b) = noisy(11);
        let (_, _, c) = noisy(12);
        let texts = |n: &NoisyCluster| -> Vec<String> {
            n.cluster.documents.iter().map(|d| d.text.clone()).collect()
        };
        assert_eq!(texts(&a), texts(&b));
        assert_eq!(a.units, b.units);
        assert_eq!(a.origins, b.origins);
        assert_ne!(texts(&a), texts(&c));
    }

    #[test]
    fn every_kind_is_injected_and_templates_vary() {
        for seed in 0..10 {
            let (flood, _, n) = noisy(seed);
            for k in NoiseKind::all() {
                let present = match k {
                    NoiseKind::OffTopicDoc => n
                        .origins
                        .iter()
                        .any(|o| matches!(o, Origin::OffTopic { .. })),
                    NoiseKind::WireCopy => n
                        .origins
                        .iter()
                        .any(|o| matches!(o, Origin::WireCopy { .. })),
                    _ => n.units.iter().any(|u| u.kind == k),
                };
                assert!(present, "seed {seed}: {k:?} missing");
            }
            assert_eq!(n.cluster.documents.len(), flood.documents.len() + 2);
        }
        // Across seeds, the generator uses many templates, not one fixed list.
        let mut templates = std::collections::BTreeSet::new();
        let mut lines = std::collections::BTreeSet::new();
        for seed in 0..40 {
            let (_, _, n) = noisy(seed);
            for u in &n.units {
                templates.insert(u.template);
                lines.insert(n.cluster.documents[u.doc].text[u.span.start..u.span.end].to_string());
            }
        }
        assert!(templates.len() >= 80, "{} templates", templates.len());
        assert!(lines.len() >= 500, "{} distinct lines", lines.len());
    }

    #[test]
    fn kept_mask_finds_blocks_outside_removals() {
        let text = "Share\nA line.\n\nA line.\n\nEnd.";
        let doc = BriefDocument {
            doc: DocId(0),
            doc_id: "d".into(),
            source: None,
            date: None,
            title: None,
            format: InputFormat::Text,
            text: text.into(),
            clean_text: "A line.\n\nEnd.".into(),
            relevance: 1.0,
            sentences: 2,
            excluded: None,
            out_of_period: None,
        };
        // The first "A line." was removed (a repeated line), so the block is the second.
        let (m, failed) = kept_mask(&doc, &[Span::new(0, 5), Span::new(6, 13)]);
        assert_eq!(failed, 0);
        let kept: String = text
            .char_indices()
            .filter(|(i, _)| m[*i])
            .map(|(_, c)| c)
            .collect();
        assert_eq!(kept, "A line.End.");
        assert!(!m[6] && m[15]);
    }

    #[test]
    fn measure_end_to_end() {
        let (flood, _, n) = noisy(3);
        let config = synoptic::Config::default();
        let cb = synoptic::summarize(&flood, &config).unwrap();
        let nb = synoptic::summarize(&n.cluster, &config).unwrap();
        let rouge = Rouge::new(true);
        let refs = ["Floods cut off Riverton and rescue crews reached families by boat."];
        let r = measure(&n, &cb, &nb, &refs, &rouge);
        assert_eq!(r.alignment_failures, 0);
        let line_units: usize = NoiseKind::all()[..14]
            .iter()
            .filter_map(|k| r.kinds.get(k))
            .map(|s| s.units)
            .sum();
        assert_eq!(line_units, n.units.len());
        assert_eq!(r.kinds[&NoiseKind::OffTopicDoc].units, 1);
        assert_eq!(r.kinds[&NoiseKind::WireCopy].units, 1);
        for s in r.kinds.values() {
            assert!(s.removed <= s.units && s.removed_bytes <= s.bytes);
        }
        let missed = r.missed.len();
        let removed: usize = r.kinds.values().map(|s| s.removed).sum();
        assert_eq!(missed + removed, n.units.len());
        assert!(r.rouge1_clean > 0.0 && r.rouge1_noisy > 0.0);
        // Every summary sentence that overlaps a unit is reported as contamination.
        for s in &nb.summary {
            let hit = n.units.iter().any(|u| {
                u.doc == s.doc.index()
                    && u.span.start < s.original_span.end
                    && s.original_span.start < u.span.end
            });
            if hit {
                assert!(r
                    .contamination
                    .iter()
                    .any(|c| c.original_span == s.original_span));
            }
        }
        let agg = aggregate(std::slice::from_ref(&r), &BTreeMap::new(), 5);
        let t = table("test", 100, 3, &agg);
        assert!(t.contains("| share |") || t.contains("| byline |"));
        assert!(t.contains("ROUGE-1"));
    }
}
