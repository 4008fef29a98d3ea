//! Golden tests: the whole pipeline on every document of corpus/, compared with the
//! reviewed records in tests/golden/. Every count in those files was checked by hand
//! against the document. To accept a deliberate change, run with REGISTRE_BLESS=1 and
//! review the diff before committing it.

use std::path::Path;

use registre::patterns::Patterns;
use registre::pipeline::{Options, process_path};

fn corpus_files() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir("corpus")
        .expect("corpus/ is part of the repository")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md" || e == "html"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_corpus_document_matches_its_reviewed_record() {
    let patterns = Patterns::embedded();
    let bless = std::env::var_os("REGISTRE_BLESS").is_some();
    let files = corpus_files();
    assert!(files.len() >= 5, "corpus/ holds the five sample deliberations");
    let mut mismatches = Vec::new();
    for path in files {
        let record = process_path(&path, &patterns, Options::default());
        let got = serde_json::to_value(&record).unwrap();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let golden = Path::new("tests/golden").join(format!("{stem}.json"));
        if bless {
            std::fs::write(&golden, serde_json::to_string_pretty(&got).unwrap() + "\n").unwrap();
            continue;
        }
        let want: serde_json::Value = match std::fs::read_to_string(&golden) {
            Ok(s) => serde_json::from_str(&s).unwrap(),
            Err(_) => {
                mismatches.push(format!("{stem}: no golden file {}", golden.display()));
                continue;
            }
        };
        if got != want {
            mismatches.push(format!("{stem}:\n{}", diff(&want, &got, "")));
        }
    }
    assert!(mismatches.is_empty(), "records differ from tests/golden:\n{}", mismatches.join("\n"));
}

/// The paths where two JSON values differ, one line each.
fn diff(want: &serde_json::Value, got: &serde_json::Value, at: &str) -> String {
    use serde_json::Value;
    match (want, got) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.iter()
                .map(|k| {
                    diff(a.get(*k).unwrap_or(&Value::Null), b.get(*k).unwrap_or(&Value::Null), &format!("{at}.{k}"))
                })
                .collect()
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().map(|(i, (x, y))| diff(x, y, &format!("{at}[{i}]"))).collect()
        }
        (a, b) if a == b => String::new(),
        (a, b) => format!("  {at}: want {a} got {b}\n"),
    }
}

/// Every span points at its fact in the normalized text.
#[test]
fn spans_point_at_their_facts() {
    let patterns = Patterns::embedded();
    for path in corpus_files() {
        let record = process_path(&path, &patterns, Options { with_text: true, ..Options::default() });
        let text = record.text.as_deref().unwrap();
        for d in &record.deliberations {
            assert!(d.span[0] < d.span[1] && d.span[1] <= text.len());
            for r in &d.references {
                let cited = registre::text::collapse_spaces(&text[r.span[0]..r.span[1]]);
                assert_eq!(cited, r.text, "{}: reference span", path.display());
            }
        }
        for m in &record.attendance.members {
            let s = m.span.unwrap();
            assert!(text[s[0]..s[1]].contains(&m.name), "{}: {} not at its span", path.display(), m.name);
        }
    }
}
