//! The checks measured on the synthetic generator (src/synth.rs): every injected
//! anomaly must be found by its rule (at WARNING or ERROR), and the generator's clean
//! documents must get no ERROR. Prints both rates (docs/checks.md quotes them).
//!
//! `REGISTRE_SYNTH_COUNT` changes the number of documents of each kind (default 350).

use registre::check::{Facts, RuleSelection, check};
use registre::model::Finding;
use registre::patterns::Patterns;
use registre::pipeline::{Options, process_bytes};
use registre::read::Format;
use registre::synth::{self, Anomaly};

const SEED: u64 = 1;

fn count() -> usize {
    std::env::var("REGISTRE_SYNTH_COUNT").ok().and_then(|c| c.parse().ok()).unwrap_or(350)
}

fn findings(text: &str, extension: &str) -> Vec<Finding> {
    let patterns = Patterns::embedded();
    let format = Format::from_path(std::path::Path::new(&format!("x.{extension}")));
    let opts = Options { with_text: true, ..Options::default() };
    let record = process_bytes(&format!("x.{extension}"), text.as_bytes(), format, &patterns, opts);
    check(&record, &Facts::none(), &RuleSelection::all())
}

#[test]
fn injected_anomalies_are_found_and_clean_documents_get_no_error() {
    let n = count();
    let mut missed = Vec::new();
    let mut per_kind = std::collections::BTreeMap::new();
    for index in 0..n {
        let a = synth::generate_anomalous(SEED, index);
        let found = findings(&a.doc.text, a.doc.extension)
            .iter()
            .any(|f| f.rule == a.rule && (f.severity == "error" || f.severity == "warning"));
        let e = per_kind.entry(format!("{:?} ({})", a.anomaly, a.rule)).or_insert((0, 0));
        e.0 += 1;
        if found {
            e.1 += 1;
        } else {
            missed.push(format!("{} {:?}", a.doc.name, a.anomaly));
        }
    }
    let mut false_errors = Vec::new();
    for index in 0..n {
        let doc = synth::generate(SEED, index);
        let errors: Vec<String> = findings(&doc.text, doc.extension)
            .into_iter()
            .filter(|f| f.severity == "error")
            .map(|f| format!("{} {} {}", doc.name, f.rule, f.message))
            .collect();
        false_errors.extend(errors);
    }
    let flagged: std::collections::BTreeSet<&str> = false_errors.iter().filter_map(|e| e.split(' ').next()).collect();
    let detection = 100.0 * (n - missed.len()) as f64 / n as f64;
    let false_alarm = 100.0 * flagged.len() as f64 / n as f64;
    println!("detection: {}/{n} = {detection:.1} %", n - missed.len());
    for (kind, (total, ok)) in &per_kind {
        println!("  {kind}: {ok}/{total}");
    }
    println!("false alarms (clean documents with an ERROR): {}/{n} = {false_alarm:.1} %", flagged.len());
    for m in missed.iter().take(20) {
        println!("  missed: {m}");
    }
    for e in false_errors.iter().take(20) {
        println!("  false error: {e}");
    }
    // The target is 100 % found and no false error; these floors hold the measured level
    // (98.6 % and 2.6 % on 350 documents, docs/checks.md) so that it cannot get worse. Every
    // remaining miss and false error comes from a roll the extractor misreads.
    assert!(missed.is_empty(), "{} anomalies missed", missed.len());
    assert!(flagged.is_empty(), "{} clean documents with a false error", flagged.len());
}

#[test]
fn every_anomaly_kind_is_generated() {
    let kinds: Vec<Anomaly> = (0..7).map(|i| synth::generate_anomalous(SEED, i).anomaly).collect();
    assert_eq!(kinds, Anomaly::ALL.to_vec());
}
