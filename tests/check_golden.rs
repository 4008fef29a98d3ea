//! The findings of each corpus document, reviewed by hand against
//! ../shared/legal-checks.md (docs/checks.md says why each one is expected). A clean fact
//! must not get an error; the genuine irregularities of these real documents must be
//! found. `REGISTRE_BLESS=1 cargo test --test check_golden` rewrites the expected files
//! (review the diff before committing).

use std::path::Path;

use registre::check::{Facts, RuleSelection, check};
use registre::patterns::Patterns;
use registre::pipeline::{Options, process_path};
use serde_json::{Value, json};

const DOCUMENTS: &[&str] = &[
    "gruson-2023-57",
    "pas-de-calais-cp-2022-394",
    "smo-npdc-numerique-2018-27",
    "smo-npdc-numerique-2019-12",
    "smo-npdc-numerique-2022-15",
];

fn findings(name: &str) -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let patterns = Patterns::embedded();
    let opts = Options { with_text: true, ..Options::default() };
    let record = process_path(&root.join(format!("corpus/{name}.txt")), &patterns, opts);
    let found = check(&record, &Facts::none(), &RuleSelection::all());
    Value::Array(
        found
            .iter()
            .map(|f| {
                json!({"rule": f.rule, "severity": f.severity, "deliberation": f.deliberation,
                       "line": f.line, "message": f.message})
            })
            .collect(),
    )
}

#[test]
fn every_corpus_document_gets_its_reviewed_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let bless = std::env::var_os("REGISTRE_BLESS").is_some();
    let mut failures = Vec::new();
    for name in DOCUMENTS {
        let got = findings(name);
        let path = root.join(format!("{name}.findings.json"));
        if bless {
            std::fs::write(&path, serde_json::to_string_pretty(&got).unwrap() + "\n").unwrap();
            continue;
        }
        let want: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if want != got {
            failures.push(format!("{name}:\n want {want:#}\n got {got:#}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The irregularities the brief names, asserted on their own so that a bless cannot
/// lose them silently.
#[test]
fn the_known_irregularities_are_found_and_no_clean_fact_is_an_error() {
    let has = |name: &str, rule: &str, severity: &str| {
        findings(name).as_array().unwrap().iter().any(|f| f["rule"] == rule && f["severity"] == severity)
    };
    assert!(has("smo-npdc-numerique-2019-12", "V1", "error"), "14 exprimés for 12 + 0 + 2 abstentions");
    assert!(has("smo-npdc-numerique-2022-15", "Q2", "warning"), "regime E, 7 present of 22");
    assert!(has("gruson-2023-57", "F9", "warning"), "« commune de XX »");
    for clean in
        ["gruson-2023-57", "pas-de-calais-cp-2022-394", "smo-npdc-numerique-2018-27", "smo-npdc-numerique-2022-15"]
    {
        let errors: Vec<_> =
            findings(clean).as_array().unwrap().iter().filter(|f| f["severity"] == "error").cloned().collect();
        assert!(errors.is_empty(), "{clean}: {errors:?}");
    }
}
