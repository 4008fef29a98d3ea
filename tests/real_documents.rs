//! Extraction measured on real published minutes: the eleven born-digital comptes rendus
//! of Couthenans in ../shared/real-pdf/, with hand-labelled truth, scored fact by fact by
//! ../shared/tools/score.py. registre reads the PDFs itself (in-process here); the same
//! minutes as text from `pdftotext -layout` score the same (see the README).
//!
//! The test skips, saying why, where ../shared/ is missing (a user's clone has none). The
//! threshold guards what was reached: 192 of 197 facts (97.5 %), every miss understood.

use std::path::Path;
use std::process::Command;

use registre::patterns::Patterns;
use registre::pipeline::{OcrMode, Options, process_path};

const MIN_ACCURACY: f64 = 0.97;

#[test]
fn couthenans_minutes_score_against_their_truth() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let pdfs = shared.join("real-pdf");
    if !pdfs.join("truth").is_dir() {
        println!("skipped: {} is absent (it ships beside the repository, not in it)", pdfs.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let patterns = Patterns::embedded();
    let mut lines = String::new();
    for n in 1..=11 {
        let pdf = std::fs::read_dir(&pdfs)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(&format!("p{n:03}_")))
            .expect("the eleven Couthenans PDFs are p001..p011");
        let record = process_path(&pdf, &patterns, Options { ocr: OcrMode::Off, ..Options::default() });
        lines.push_str(&serde_json::to_string(&record).unwrap());
        lines.push('\n');
    }
    let records = dir.path().join("records.jsonl");
    std::fs::write(&records, lines).unwrap();
    let out = Command::new("python3")
        .arg(shared.join("tools/score.py"))
        .arg(pdfs.join("truth"))
        .arg(&records)
        .arg("--json")
        .env("SCORE_ONLY", "p0(0[1-9]|1[01])")
        .output()
        .expect("python3 runs the scorer");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let score: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let accuracy = score["accuracy"].as_f64().unwrap();
    println!("Couthenans: {}/{} facts right ({:.1} %)", score["correct"], score["facts"], 100.0 * accuracy);
    for (field, s) in score["fields"].as_object().unwrap() {
        println!("  {field:22} {}/{}", s["ok"], s["n"]);
    }
    assert!(accuracy >= MIN_ACCURACY, "Couthenans accuracy fell to {:.1} %", 100.0 * accuracy);
}
