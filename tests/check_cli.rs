//! `registre check` and `registre rules` run as a user would: exit codes of --fail-on,
//! the three formats, usage errors.

use std::path::Path;
use std::process::{Command, Output};

fn registre(args: &[&str]) -> Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Command::new(env!("CARGO_BIN_EXE_registre")).args(args).current_dir(root).output().expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

const SMO_2019: &str = "corpus/smo-npdc-numerique-2019-12.txt";
const GRUSON: &str = "corpus/gruson-2023-57.txt";

#[test]
fn an_error_fails_the_gate_by_default_and_never_does_not() {
    assert_eq!(registre(&["check", SMO_2019]).status.code(), Some(1));
    assert_eq!(registre(&["check", SMO_2019, "--fail-on", "never"]).status.code(), Some(0));
}

#[test]
fn warnings_fail_only_when_asked() {
    // Gruson has a template residue (F9 WARNING) and no error.
    assert_eq!(registre(&["check", GRUSON]).status.code(), Some(0));
    assert_eq!(registre(&["check", GRUSON, "--fail-on", "warning"]).status.code(), Some(1));
}

#[test]
fn the_human_report_groups_by_deliberation_and_quotes_evidence() {
    let out = registre(&["check", SMO_2019]);
    let text = stdout(&out);
    assert!(text.contains("Délibération 2019-12"), "{text}");
    assert!(text.contains("V1 ERROR suffrages exprimés annoncés 14"), "{text}");
    assert!(text.contains("l. 72: « Voix pour : 12 »"), "{text}");
    let en = stdout(&registre(&["check", SMO_2019, "--lang", "en", "--rules", "V1"]));
    assert!(en.contains("abstentions counted as suffrages exprimés"), "{en}");
}

#[test]
fn json_prints_records_with_findings_and_csv_one_row_per_finding() {
    let json = stdout(&registre(&["check", SMO_2019, "--format", "json", "--min-severity", "error"]));
    let record: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(record["findings"].as_array().unwrap().len(), 1);
    assert_eq!(record["findings"][0]["rule"], "V1");
    assert!(record.get("text").is_none());
    let csv = stdout(&registre(&["check", SMO_2019, "--format", "csv", "--rules", "V1,Q1"]));
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "path,number,date,collectivity,rule,severity,message");
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(rows[1].starts_with(&format!("{SMO_2019},2019-12,2019-06-26,")), "{csv}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(registre(&["check", GRUSON, "--rules", "Z9"]).status.code(), Some(2));
    assert_eq!(registre(&["check", GRUSON, "--fail-on", "sometimes"]).status.code(), Some(2));
    assert_eq!(registre(&["check", GRUSON, "--facts", "no-such-file.toml"]).status.code(), Some(2));
    assert_eq!(registre(&["rules", "Z9"]).status.code(), Some(2));
}

#[test]
fn the_facts_file_settles_what_the_statutes_say() {
    let plain = stdout(&registre(&["check", SMO_2019, "--rules", "Q1"]));
    assert!(plain.contains("Q1 WARNING le quorum dépend des statuts"), "{plain}");
    let with = stdout(&registre(&["check", SMO_2019, "--rules", "Q1", "--facts", "examples/facts.toml"]));
    assert!(!with.contains("Q1 "), "{with}");
}

#[test]
fn rules_lists_every_rule_and_explains_one() {
    let list = stdout(&registre(&["rules"]));
    assert_eq!(list.lines().filter(|l| !l.starts_with(' ')).count(), 41, "{list}");
    let v1 = stdout(&registre(&["rules", "v1"]));
    assert!(v1.contains("Exemple conforme") && v1.contains("Exemple non conforme"), "{v1}");
    assert!(v1.contains("→ constate : V1 ERROR"), "{v1}");
}
