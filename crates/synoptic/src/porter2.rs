//! The Snowball English ("Porter2") stemmer on ASCII bytes, giving exactly what
//! `rust_stemmers::Algorithm::English` gives (the tests compare the two).
//!
//! Why a second implementation: the analyzer stems every token it has not seen before, and the
//! generic Snowball runtime (suffix tables searched char by char, a `String` per call) spent
//! about 3,700 instructions a word, a seventh of a small cluster's brief. This one copies the
//! word into a stack buffer and tests each step's suffixes with byte comparisons, for about a
//! third of that. It handles lower-case ASCII letters, digits and `'` `.` `,` (what
//! [`crate::analyze::words`] yields after lower-casing); anything else returns `None` and goes
//! to `rust_stemmers`.
//!
//! The rules, in the order Snowball applies them (see snowballstem.org, "english"):
//! exception words, words under three letters kept, prelude (leading apostrophe, consonant
//! `y` marked as `Y`), regions R1 and R2, steps 1a to 5, and `Y` back to `y`.

/// The longest word stemmed here; longer ones go to `rust_stemmers`.
const MAX: usize = 48;

/// The stem of `word`, or `None` when it holds a byte this stemmer does not handle.
pub(crate) fn stem(word: &str) -> Option<String> {
    let bytes = word.as_bytes();
    if bytes.len() > MAX
        || !bytes
            .iter()
            .all(|&b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'\'' | b'.' | b','))
    {
        return None;
    }
    if let Some(s) = exception1(bytes) {
        return Some(s.to_string());
    }
    if bytes.len() < 3 {
        return Some(word.to_string());
    }
    let mut w = Word::new(bytes);
    // Prelude.
    if w.b[0] == b'\'' {
        w.b.copy_within(1..w.n, 0);
        w.n -= 1;
    }
    let mut y_found = false;
    if w.n > 0 && w.b[0] == b'y' {
        w.b[0] = b'Y';
        y_found = true;
    }
    for i in 1..w.n {
        if w.b[i] == b'y' && is_v(w.b[i - 1]) {
            w.b[i] = b'Y';
            y_found = true;
        }
    }
    let (p1, p2) = regions(w.as_slice());
    w.step_1a();
    if !exception2(w.as_slice()) {
        w.step_1b(p1);
        w.step_1c();
        w.step_2(p1);
        w.step_3(p1, p2);
        w.step_4(p2);
        w.step_5(p1, p2);
    }
    if y_found {
        for b in &mut w.b[..w.n] {
            if *b == b'Y' {
                *b = b'y';
            }
        }
    }
    // Only ASCII bytes ever enter the buffer.
    Some(w.as_slice().iter().map(|&b| b as char).collect())
}

fn is_v(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

fn is_v_wxy(b: u8) -> bool {
    is_v(b) || matches!(b, b'w' | b'x' | b'Y')
}

fn is_valid_li(b: u8) -> bool {
    matches!(
        b,
        b'c' | b'd' | b'e' | b'g' | b'h' | b'k' | b'm' | b'n' | b'r' | b't'
    )
}

/// Whole words with a fixed stem (Snowball's `exception1`).
fn exception1(w: &[u8]) -> Option<&'static str> {
    Some(match w {
        b"skis" => "ski",
        b"skies" => "sky",
        b"dying" => "die",
        b"lying" => "lie",
        b"tying" => "tie",
        b"idly" => "idl",
        b"gently" => "gentl",
        b"ugly" => "ugli",
        b"early" => "earli",
        b"only" => "onli",
        b"singly" => "singl",
        b"sky" => "sky",
        b"news" => "news",
        b"howe" => "howe",
        b"atlas" => "atlas",
        b"cosmos" => "cosmos",
        b"bias" => "bias",
        b"andes" => "andes",
        _ => return None,
    })
}

/// Words left alone after step 1a (Snowball's `exception2`).
fn exception2(w: &[u8]) -> bool {
    matches!(
        w,
        b"inning"
            | b"outing"
            | b"canning"
            | b"herring"
            | b"earring"
            | b"proceed"
            | b"exceed"
            | b"succeed"
    )
}

/// The index just past the first non-vowel that follows a vowel, from `from` on.
fn past_vowel_consonant(w: &[u8], from: usize) -> Option<usize> {
    let v = from + w.get(from..)?.iter().position(|&b| is_v(b))?;
    let c = v + 1 + w[v + 1..].iter().position(|&b| !is_v(b))?;
    Some(c + 1)
}

/// Starts of the regions R1 and R2 (the word's length where a region is empty).
fn regions(w: &[u8]) -> (usize, usize) {
    let n = w.len();
    let p1 = if w.starts_with(b"gener") || w.starts_with(b"arsen") {
        Some(5)
    } else if w.starts_with(b"commun") {
        Some(6)
    } else {
        past_vowel_consonant(w, 0)
    };
    match p1 {
        None => (n, n),
        Some(p1) => (p1, past_vowel_consonant(w, p1).unwrap_or(n)),
    }
}

/// Whether `w[..c]` ends in a short syllable (Snowball's `shortv`).
fn short_syllable(w: &[u8], c: usize) -> bool {
    (c >= 3 && !is_v_wxy(w[c - 1]) && is_v(w[c - 2]) && !is_v(w[c - 3]))
        || (c == 2 && !is_v(w[1]) && is_v(w[0]))
}

/// A word being stemmed, in a stack buffer with room for the one letter a step may add.
struct Word {
    b: [u8; MAX + 2],
    n: usize,
}

impl Word {
    fn new(bytes: &[u8]) -> Word {
        let mut b = [0u8; MAX + 2];
        b[..bytes.len()].copy_from_slice(bytes);
        Word { b, n: bytes.len() }
    }

    fn as_slice(&self) -> &[u8] {
        &self.b[..self.n]
    }

    fn ends_with(&self, suffix: &[u8]) -> bool {
        self.as_slice().ends_with(suffix)
    }

    /// The first of `suffixes` the word ends with; list longer suffixes first, so that this
    /// is the longest match, as Snowball's `among` takes.
    fn longest<'a>(&self, suffixes: &[&'a [u8]]) -> Option<&'a [u8]> {
        suffixes.iter().copied().find(|s| self.ends_with(s))
    }

    /// The longest of `suffixes` the word ends with, and where it starts, when that is at or
    /// after `region` (R1 or R2). As in Snowball, a longest suffix outside the region ends the
    /// step: no shorter one is tried.
    fn suffix_in<'a>(&self, suffixes: &[&'a [u8]], region: usize) -> Option<(&'a [u8], usize)> {
        let s = self.longest(suffixes)?;
        let bra = self.n - s.len();
        (bra >= region).then_some((s, bra))
    }

    /// Replace the last `len` bytes with `with`.
    fn replace(&mut self, len: usize, with: &[u8]) {
        let start = self.n - len;
        self.b[start..start + with.len()].copy_from_slice(with);
        self.n = start + with.len();
    }

    fn has_vowel_before(&self, end: usize) -> bool {
        self.b[..end].iter().any(|&b| is_v(b))
    }

    fn step_1a(&mut self) {
        if let Some(s) = self.longest(&[b"'s'", b"'s", b"'"]) {
            self.n -= s.len();
        }
        let Some(s) = self.longest(&[b"sses", b"ied", b"ies", b"ss", b"us", b"s"]) else {
            return;
        };
        let bra = self.n - s.len();
        match s {
            b"sses" => self.replace(4, b"ss"),
            b"ied" | b"ies" => self.replace(3, if bra >= 2 { b"i" } else { b"ie" }),
            // A vowel before the letter that precedes the "s".
            b"s" if bra >= 1 && self.has_vowel_before(bra - 1) => self.n -= 1,
            _ => {}
        }
    }

    fn step_1b(&mut self, p1: usize) {
        let Some(s) = self.longest(&[b"eedly", b"ingly", b"edly", b"eed", b"ing", b"ed"]) else {
            return;
        };
        let bra = self.n - s.len();
        if matches!(s, b"eed" | b"eedly") {
            if p1 <= bra {
                self.replace(s.len(), b"ee");
            }
            return;
        }
        if !self.has_vowel_before(bra) {
            return;
        }
        self.n = bra;
        if self.longest(&[b"at", b"bl", b"iz"]).is_some() {
            self.replace(0, b"e");
        } else if self
            .longest(&[
                b"bb", b"dd", b"ff", b"gg", b"mm", b"nn", b"pp", b"rr", b"tt",
            ])
            .is_some()
        {
            self.n -= 1;
        } else if self.n == p1 && short_syllable(self.as_slice(), self.n) {
            self.replace(0, b"e");
        }
    }

    fn step_1c(&mut self) {
        let n = self.n;
        if n >= 3 && matches!(self.b[n - 1], b'y' | b'Y') && !is_v(self.b[n - 2]) {
            self.b[n - 1] = b'i';
        }
    }

    fn step_2(&mut self, p1: usize) {
        const SUFFIXES: &[&[u8]] = &[
            b"ational", b"ization", b"iveness", b"fulness", b"ousness", b"lessli", b"biliti",
            b"tional", b"fulli", b"ousli", b"entli", b"aliti", b"iviti", b"alism", b"ation",
            b"anci", b"enci", b"abli", b"alli", b"izer", b"ator", b"ogi", b"bli", b"li",
        ];
        let Some((s, bra)) = self.suffix_in(SUFFIXES, p1) else {
            return;
        };
        let with: &[u8] = match s {
            b"tional" => b"tion",
            b"enci" => b"ence",
            b"anci" => b"ance",
            b"abli" => b"able",
            b"entli" => b"ent",
            b"izer" | b"ization" => b"ize",
            b"ational" | b"ation" | b"ator" => b"ate",
            b"alism" | b"aliti" | b"alli" => b"al",
            b"fulness" | b"fulli" => b"ful",
            b"ousli" | b"ousness" => b"ous",
            b"iveness" | b"iviti" => b"ive",
            b"biliti" | b"bli" => b"ble",
            b"lessli" => b"less",
            b"ogi" if bra >= 1 && self.b[bra - 1] == b'l' => b"og",
            b"li" if bra >= 1 && is_valid_li(self.b[bra - 1]) => b"",
            _ => return,
        };
        self.replace(s.len(), with);
    }

    fn step_3(&mut self, p1: usize, p2: usize) {
        const SUFFIXES: &[&[u8]] = &[
            b"ational", b"tional", b"icate", b"ative", b"alize", b"iciti", b"ical", b"ness", b"ful",
        ];
        let Some((s, bra)) = self.suffix_in(SUFFIXES, p1) else {
            return;
        };
        let with: &[u8] = match s {
            b"tional" => b"tion",
            b"ational" => b"ate",
            b"alize" => b"al",
            b"icate" | b"iciti" | b"ical" => b"ic",
            b"ful" | b"ness" => b"",
            b"ative" if bra >= p2 => b"",
            _ => return,
        };
        self.replace(s.len(), with);
    }

    fn step_4(&mut self, p2: usize) {
        const SUFFIXES: &[&[u8]] = &[
            b"ement", b"ance", b"ence", b"able", b"ible", b"ment", b"ate", b"ive", b"ize", b"iti",
            b"ism", b"ion", b"ous", b"ant", b"ent", b"ic", b"al", b"er",
        ];
        let Some((s, bra)) = self.suffix_in(SUFFIXES, p2) else {
            return;
        };
        if s == b"ion" && !(bra >= 1 && matches!(self.b[bra - 1], b's' | b't')) {
            return;
        }
        self.n = bra;
    }

    fn step_5(&mut self, p1: usize, p2: usize) {
        let Some(&last) = self.as_slice().last() else {
            return;
        };
        let bra = self.n - 1;
        let delete = match last {
            b'e' => bra >= p2 || (bra >= p1 && !short_syllable(self.as_slice(), bra)),
            b'l' => bra >= p2 && bra >= 1 && self.b[bra - 1] == b'l',
            _ => false,
        };
        if delete {
            self.n = bra;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_stemmers::{Algorithm, Stemmer};

    fn check(word: &str, reference: &Stemmer) -> Result<(), String> {
        match stem(word) {
            Some(s) if s != reference.stem(word) => Err(format!(
                "{word:?}: {s:?}, Snowball gives {:?}",
                reference.stem(word)
            )),
            _ => Ok(()),
        }
    }

    #[test]
    fn agrees_with_snowball_on_the_projects_own_prose() {
        // Every distinct lower-cased token of the README and the docs (the project's own
        // text): several thousand English words.
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let mut text = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
        for entry in std::fs::read_dir(format!("{root}/docs")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                text.push_str(&std::fs::read_to_string(path).unwrap());
            }
        }
        let reference = Stemmer::create(Algorithm::English);
        let mut words: Vec<String> = crate::analyze::words(&text)
            .map(str::to_lowercase)
            .collect();
        words.sort();
        words.dedup();
        assert!(words.len() > 2_000, "only {} words", words.len());
        let errors: Vec<String> = words
            .iter()
            .filter_map(|w| check(w, &reference).err())
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }

    #[test]
    fn agrees_with_snowball_on_its_exceptions_and_edge_cases() {
        let reference = Stemmer::create(Algorithm::English);
        for w in [
            "skis",
            "skies",
            "dying",
            "lying",
            "tying",
            "idly",
            "gently",
            "ugly",
            "early",
            "only",
            "singly",
            "sky",
            "news",
            "howe",
            "atlas",
            "cosmos",
            "bias",
            "andes",
            "innings",
            "outings",
            "cannings",
            "herrings",
            "earrings",
            "proceeds",
            "exceeded",
            "succeeding",
            "generously",
            "communism",
            "arsenal",
            "yes",
            "yay",
            "say",
            "sayyy",
            "yyy",
            "'tis",
            "o'neill's",
            "nation's",
            "cats'",
            "ties",
            "cries",
            "died",
            "gas",
            "gaps",
            "kiwis",
            "class",
            "bus",
            "agreed",
            "feed",
            "hoping",
            "hopping",
            "fizzed",
            "tanned",
            "falling",
            "filing",
            "cry",
            "by",
            "say",
            "relational",
            "conditional",
            "rational",
            "valenci",
            "hesitanci",
            "digitizer",
            "conformabli",
            "radicalli",
            "differentli",
            "vileli",
            "analogi",
            "fluentli",
            "triplicate",
            "formative",
            "formalize",
            "electriciti",
            "electrical",
            "hopeful",
            "goodness",
            "revival",
            "allowance",
            "inference",
            "airliner",
            "gyroscopic",
            "adjustable",
            "defensible",
            "irritant",
            "replacement",
            "adjustment",
            "dependent",
            "adoption",
            "homologou",
            "communism",
            "activate",
            "angulariti",
            "homologous",
            "effective",
            "bowdlerize",
            "probate",
            "rate",
            "cease",
            "controll",
            "roll",
            "3.6",
            "1,800",
            "2020s",
            "covid",
            "a1",
            "x'",
            "'",
            "''",
            "e",
            "ee",
            "eee",
            "bleed",
            "bled",
            "sing",
            "singing",
        ] {
            check(w, &reference).unwrap();
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// English-shaped words: a stem of consonant and vowel clusters (y and w included)
        /// with one or two of the suffixes the rules test, so that the steps meet.
        #[test]
        fn agrees_with_snowball_on_suffixed_words(
            stem_part in "(y|[bcdfghlmnprstvwxz]{0,2}[aeiouy]{1,2}[bcdfghlmnprstvwxyz]{0,2}){1,3}",
            first in "(|ational|ization|iveness|fulness|ousness|lessli|biliti|tional|fulli|ousli|entli|aliti|iviti|alism|ation|anci|enci|abli|alli|izer|ator|ogi|bli|li|icate|ative|alize|iciti|ical|ness|ful|ement|ance|ence|able|ible|ment|ate|ive|ize|iti|ism|ion|ous|ant|ent|ic|al|er|e|l|ll|at|bl|iz|bb|tt|y)",
            second in "(|s|es|ies|ied|sses|ss|us|ed|eed|ing|edly|eedly|ingly|ly|'s|')",
        ) {
            let word = format!("{stem_part}{first}{second}");
            let reference = Stemmer::create(Algorithm::English);
            proptest::prop_assert!(check(&word, &reference).is_ok(), "{}", check(&word, &reference).unwrap_err());
        }

        #[test]
        fn agrees_with_snowball_on_any_short_string(word in "[a-z'y.,0-9]{0,10}") {
            let reference = Stemmer::create(Algorithm::English);
            proptest::prop_assert!(check(&word, &reference).is_ok(), "{}", check(&word, &reference).unwrap_err());
        }
    }

    /// Every token of every data set in ../shared/data (about a hundred thousand distinct
    /// words); ignored by default, since the data lives outside the repository:
    /// `cargo test --release -p synoptic porter2 -- --ignored`.
    #[test]
    #[ignore]
    fn agrees_with_snowball_on_every_word_of_the_data_sets() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");
        let reference = Stemmer::create(Algorithm::English);
        let mut seen = std::collections::HashSet::new();
        let mut errors = Vec::new();
        for entry in std::fs::read_dir(dir).expect("../shared/data beside the repository") {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "jsonl") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for w in crate::analyze::words(&text) {
                let w = w.to_lowercase();
                if seen.insert(w.clone()) {
                    errors.extend(check(&w, &reference).err());
                }
            }
        }
        eprintln!("{} distinct tokens compared", seen.len());
        assert!(
            errors.is_empty(),
            "{} differ: {:#?}",
            errors.len(),
            &errors[..errors.len().min(50)]
        );
    }

    #[test]
    fn declines_what_it_does_not_handle() {
        assert_eq!(stem("café"), None);
        assert_eq!(stem("Running"), None);
        assert_eq!(stem(&"a".repeat(MAX + 1)), None);
    }
}
