//! How much of a rule's cost is its automaton being cold in the cache: every pattern rule
//! scans every normalized text of a folder whole (one thread), once rule by rule (each
//! rule over every document: its automaton stays warm) and once document by document
//! (every rule over one document, as extraction runs them): `warm_probe DIR`.

use std::time::Instant;

mod common;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: warm_probe DIR");
    let patterns = registre::patterns::Patterns::embedded();
    let texts = common::normalized_texts(&dir);
    let rules: Vec<_> = patterns.all_rules().collect();
    let per_document = |t: Instant| t.elapsed().as_secs_f64() * 1e3 / texts.len() as f64;
    // Twice: the first round also builds the lazy automata's states for these texts.
    for round in 1..=2 {
        let mut matches = 0;
        let t = Instant::now();
        for rule in &rules {
            for text in &texts {
                matches += rule.regex.regex.find_iter(text).count();
            }
        }
        let rule_by_rule = per_document(t);
        let t = Instant::now();
        for text in &texts {
            for rule in &rules {
                matches += rule.regex.regex.find_iter(text).count();
            }
        }
        let document_by_document = per_document(t);
        println!(
            "round {round}: {} rules scanning {} documents whole, ms per document: rule by rule {rule_by_rule:.3}, \
             document by document {document_by_document:.3} ({matches} matches)",
            rules.len(),
            texts.len()
        );
    }
}
