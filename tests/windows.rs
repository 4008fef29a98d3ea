//! Windowed searches (src/windows.rs) find exactly what a scan of the whole text finds:
//! every rule of the embedded patterns, on corpus/, on generated documents (clean and
//! with anomalies), on parts of them, and on random texts made of the rules' own examples.

use proptest::prelude::*;
use registre::patterns::{Patterns, Rule};
use registre::read::Format;

/// Every group's span of every match.
type Found = Vec<Vec<Option<(usize, usize)>>>;

fn whole(rule: &Rule, text: &str) -> Found {
    rule.regex.regex.captures_iter(text).map(|c| c.iter().map(|g| g.map(|m| (m.start(), m.end()))).collect()).collect()
}

fn windowed(rule: &Rule, text: &str) -> Found {
    rule.regex.captures_iter(text).map(|c| c.iter().map(|g| g.map(|m| (m.start(), m.end()))).collect()).collect()
}

/// The first difference between the two searches over `text`, described.
fn difference(patterns: &Patterns, text: &str, name: &str) -> Option<String> {
    for rule in patterns.all_rules() {
        let (want, got) = (whole(rule, text), windowed(rule, text));
        if want != got {
            return Some(format!("{name}: rule {} finds {got:?}, a whole scan {want:?}", rule.id));
        }
        let first = rule.regex.regex.find(text).map(|m| m.range());
        if rule.regex.find(text).map(|m| m.range()) != first || rule.regex.is_match(text) != first.is_some() {
            return Some(format!("{name}: rule {} disagrees on the first match", rule.id));
        }
    }
    None
}

fn normalized(text: &str, format: Format) -> String {
    registre::normalize::normalize(text, format)
}

#[test]
fn windowed_searches_find_what_whole_scans_find_on_every_document_we_have() {
    let patterns = Patterns::embedded();
    // (name, text, whether its lines and words are checked one by one too)
    let mut texts: Vec<(String, String, bool)> = Vec::new();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let text = std::fs::read_to_string(&path).unwrap();
            texts.push((path.display().to_string(), normalized(&text, Format::Text), true));
        }
    }
    for index in 0..300 {
        let doc = registre::synth::generate(6, index);
        let format = Format::from_path(std::path::Path::new(&format!("x.{}", doc.extension))).unwrap();
        texts.push((doc.name.clone(), normalized(&doc.text, format), index < 20));
    }
    for index in 0..70 {
        let doc = registre::synth::generate_anomalous(6, index).doc;
        texts.push((format!("anomalous {}", doc.name), doc.text, index < 10));
    }
    assert!(texts.len() >= 375, "corpus/ has its five text documents");
    let mut windowed_rules = 0;
    for rule in patterns.all_rules() {
        windowed_rules += usize::from(rule.regex.is_windowed());
    }
    // Most rules have an anchor and a bound; if a change loses them, this says so.
    assert!(windowed_rules * 2 > patterns.all_rules().count(), "only {windowed_rules} rules are windowed");
    for (name, text, by_line) in &texts {
        if let Some(d) = difference(&patterns, text, name) {
            panic!("{d}");
        }
        // Short texts (a line, a word, a cell) are answered from the anchors when they
        // hold none: on corpus/ and the first generated documents, every line and word.
        if *by_line {
            for line in text.lines() {
                let words = line.split_whitespace();
                for short in std::iter::once(line).chain(std::iter::once(line.trim())).chain(words) {
                    if let Some(d) = difference(&patterns, short, &format!("{name} (line or word {short:?})")) {
                        panic!("{d}");
                    }
                }
            }
        }
        // Parts of a text are searched as texts of their own, with the whole's shape.
        let quarter = (text.len() / 4..).find(|&i| text.is_char_boundary(i)).unwrap();
        let half = (text.len() / 2..).find(|&i| text.is_char_boundary(i)).unwrap();
        for part in [&text[quarter..], &text[..half], &text[quarter..half]] {
            if let Some(d) = difference(&patterns, part, &format!("{name} (part)")) {
                panic!("{d}");
            }
        }
    }
}

/// Words and separators around the rules' examples, so that random texts hold anchors
/// at every distance from each other, across lines and blank runs.
const FILLER: &[&str] = &[
    " ",
    "  ",
    "\n",
    "\n\n",
    " \n ",
    "-",
    " - ",
    "\t",
    "le conseil ",
    "Pour",
    "pour ",
    "contre",
    "Vu ",
    "M. ",
    "Mme ",
    "DUPONT",
    "vingt",
    "-deux ",
    "2022",
    "/05/",
    ": ",
    "(",
    ")",
    ", ",
    ".",
    "é",
    "É",
    "ſ",
    "\u{a0}",
];

fn random_text() -> impl Strategy<Value = String> {
    let patterns = Patterns::embedded();
    let mut pieces: Vec<String> = patterns.all_rules().flat_map(|r| r.examples.clone()).collect();
    pieces.extend(FILLER.iter().map(|s| s.to_string()));
    proptest::collection::vec(proptest::sample::select(pieces), 40..400).prop_map(|p| p.concat())
}

fn random_short_text() -> impl Strategy<Value = String> {
    let patterns = Patterns::embedded();
    let mut pieces: Vec<String> = patterns.all_rules().flat_map(|r| r.examples.clone()).collect();
    pieces.extend(FILLER.iter().map(|s| s.to_string()));
    proptest::collection::vec(proptest::sample::select(pieces), 1..4).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn windowed_searches_find_what_whole_scans_find_on_random_texts(text in random_text()) {
        let patterns = Patterns::embedded();
        prop_assert_eq!(difference(&patterns, &text, "random"), None);
    }

    #[test]
    fn windowed_searches_find_what_whole_scans_find_on_short_random_texts(text in random_short_text()) {
        let patterns = Patterns::embedded();
        prop_assert_eq!(difference(&patterns, &text, "random short"), None);
    }
}
