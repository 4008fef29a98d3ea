//! What each pattern rule costs when run over a whole folder of text documents, one
//! thread: `rule_profile DIR [TOP]`. Each rule is run with `find_iter` over every
//! normalized text, as the extractors do at worst, document after document (as the
//! pipeline does, so that a text is prepared for windowed searches once, src/windows.rs);
//! the list is sorted by time, so the rules to rewrite (or to scope to a region) come
//! first. A rule marked `whole` has no anchor or no bound and always scans the whole text.

use std::time::Instant;

mod common;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: rule_profile DIR [TOP]");
    let top: usize = args.next().and_then(|t| t.parse().ok()).unwrap_or(30);
    let patterns = registre::patterns::Patterns::embedded();
    let texts = common::normalized_texts(&dir);
    let rules: Vec<_> = patterns.all_rules().collect();
    let mut spent = vec![(0.0f64, 0usize); rules.len()];
    for text in &texts {
        for (rule, (seconds, matches)) in rules.iter().zip(spent.iter_mut()) {
            let t = Instant::now();
            *matches += rule.regex.find_iter(text).count();
            *seconds += t.elapsed().as_secs_f64();
        }
    }
    let mut costs = Vec::new();
    let mut total = 0.0;
    for (rule, (seconds, matches)) in rules.iter().zip(spent) {
        let ms = seconds * 1e3 / texts.len() as f64;
        total += ms;
        let how = if rule.regex.is_windowed() { "" } else { " whole" };
        costs.push((ms, matches, format!("{}{how}", rule.id), rule.kind.clone()));
    }
    costs.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("{} documents, {} rules, {:.3} ms per document for all rules", texts.len(), costs.len(), total);
    for (ms, matches, id, kind) in costs.iter().take(top) {
        println!("  {ms:.4} ms  {matches:>7} matches  {kind:<28} {id}");
    }
}
