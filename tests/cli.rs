//! The real `registre` executable, run as a user would, in a temporary folder.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn registre(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_registre")).args(args).current_dir(dir).output().expect("the binary runs")
}

fn lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each stdout line is one JSON record"))
        .collect()
}

#[test]
fn extract_prints_one_record_per_corpus_document_and_exits_0() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = registre(&["extract", "corpus"], root);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let records = lines(&out);
    assert_eq!(records.len(), 10, "five text documents and their five PDF twins");
    for r in &records {
        assert_eq!(r["schema"], "registre/1");
        assert_eq!(r["status"], "ok");
        assert!(r.get("text").is_none(), "the text is only printed with --with-text");
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("10 document(s) : 10 lu(s)"), "{stderr}");
}

#[test]
fn bad_files_get_a_failed_record_each_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a-empty.txt"), "").unwrap();
    std::fs::write(dir.path().join("b-binary.txt"), b"\x00\x01\x02PK\x03\x04").unwrap();
    std::fs::write(
        dir.path().join("c-good.md"),
        "## DÉLIBÉRATION 2022-15\n\nLe seize juin deux mille vingt-deux, le conseil municipal s'est réuni.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("d-letter.docx"), b"PK\x03\x04").unwrap();
    let out = registre(&["extract", ".", "missing.txt"], dir.path());
    assert_eq!(out.status.code(), Some(1), "some documents failed");
    let records = lines(&out);
    let status: Vec<(&str, &str)> =
        records.iter().map(|r| (r["source"]["path"].as_str().unwrap(), r["status"].as_str().unwrap())).collect();
    assert_eq!(
        status,
        [("./a-empty.txt", "failed"), ("./b-binary.txt", "failed"), ("./c-good.md", "ok"), ("missing.txt", "failed")]
    );
    assert_eq!(records[0]["error"], "le fichier est vide");
    assert_eq!(records[2]["session"]["date"], "2022-06-16");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("./b-binary.txt: le fichier contient des données binaires"), "{stderr}");
    assert!(stderr.contains("1 fichier(s) ignoré(s)"), "the .docx is accounted for: {stderr}");
}

#[test]
fn messages_in_english_on_request() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    let out = registre(&["extract", "--lang", "en", "empty.txt"], dir.path());
    assert_eq!(lines(&out)[0]["error"], "the file is empty");
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 ok, 0 partial, 1 failed"));
}

#[test]
fn with_text_prints_the_text_spans_point_into() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = registre(&["extract", "--with-text", "corpus/gruson-2023-57.txt"], root);
    let r = &lines(&out)[0];
    let text = r["text"].as_str().unwrap();
    let span = &r["session"]["span"];
    let (a, b) = (span[0].as_u64().unwrap() as usize, span[1].as_u64().unwrap() as usize);
    assert_eq!(&text[a..b], "mardi dix-neuf décembre deux-mille-vingt-trois");
}

#[test]
fn usage_errors_and_bad_patterns_exit_2_with_a_located_message() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(registre(&["extract"], dir.path()).status.code(), Some(2));
    assert_eq!(registre(&["frobnicate"], dir.path()).status.code(), Some(2));
    let patterns = dir.path().join("patterns");
    std::fs::create_dir(&patterns).unwrap();
    std::fs::write(
        patterns.join("votes.toml"),
        "[[rule]]\nkind = 'vote.tally'\nvalue = 'for'\nregex = '(?P<n>[0-9]+'\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.txt"), "Pour : 3").unwrap();
    let out = registre(&["extract", "--patterns", "patterns", "a.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("votes.toml:1: the regex does not compile"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_pattern_override_changes_what_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let patterns = dir.path().join("patterns");
    std::fs::create_dir(&patterns).unwrap();
    // A collectivity that writes « Séance tenue le » before its session date.
    let dates = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns/dates.toml")).unwrap();
    let extra = "\n[[rule]]\nkind = \"date.role.session\"\nregex = '''\\bs[ée]ance\\s+tenue\\s+le'''\nexamples = [\"Séance tenue le\"]\n";
    std::fs::write(patterns.join("dates.toml"), dates + extra).unwrap();
    std::fs::write(dir.path().join("a.txt"), "Séance tenue le 3 mars 2021.\n").unwrap();
    let before = lines(&registre(&["extract", "a.txt"], dir.path()));
    assert_eq!(before[0]["session"]["date"], serde_json::Value::Null);
    let after = lines(&registre(&["extract", "--patterns", "patterns", "a.txt"], dir.path()));
    assert_eq!(after[0]["session"]["date"], "2021-03-03");
}

#[test]
fn help_explains_the_command_without_the_readme() {
    let out = registre(&["extract", "--help"], Path::new("."));
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in ["JSON", "--with-text", "--patterns", "Exit code"] {
        assert!(help.contains(needle), "{needle} missing from:\n{help}");
    }
}

#[test]
fn hostile_pdfs_fail_one_by_one_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let real = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hello.pdf")).unwrap();
    std::fs::write(dir.path().join("a-zero.pdf"), b"").unwrap();
    std::fs::write(
        dir.path().join("b-random.pdf"),
        (0..4096u64).map(|i| (i * 2654435761 % 251) as u8).collect::<Vec<u8>>(),
    )
    .unwrap();
    std::fs::write(dir.path().join("c-truncated.pdf"), &real[..real.len() / 2]).unwrap();
    std::fs::write(dir.path().join("d-encrypted.pdf"), b"%PDF-1.4\ntrailer << /Encrypt 5 0 R >>\n%%EOF").unwrap();
    std::fs::write(dir.path().join("e-good.pdf"), &real).unwrap();
    let out = registre(&["extract", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let records = lines(&out);
    let got: Vec<(String, String)> = records
        .iter()
        .map(|r| (r["status"].as_str().unwrap().to_string(), r["error"].as_str().unwrap_or("").to_string()))
        .collect();
    assert_eq!(got[0], ("failed".into(), "le fichier PDF est vide".into()));
    assert_eq!(got[1], ("failed".into(), "ce n'est pas un PDF, malgré son nom".into()));
    assert_eq!(got[2].0, "failed", "truncated: {}", got[2].1);
    assert!(got[2].1.starts_with("PDF tronqué") || got[2].1.starts_with("l'analyseur PDF"), "{}", got[2].1);
    assert_eq!(got[3], ("failed".into(), "PDF chiffré : aucun mot de passe".into()));
    assert_eq!(got[4].0, "ok", "{}", got[4].1);
    assert_eq!(records[4]["source"]["pages"], 1);
    assert_eq!(records[4]["session"]["date"], "2022-06-16");
}

#[test]
fn a_worker_that_crashes_or_hangs_costs_its_file_only_and_the_next_worker_reads_on() {
    let dir = tempfile::tempdir().unwrap();
    let real = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hello.pdf")).unwrap();
    // The test hooks (read only under REGISTRE_TEST_PDF_HOOKS) make the worker abort or
    // loop on a PDF holding their marker; a comment after %%EOF changes nothing else.
    std::fs::write(dir.path().join("a-abort.pdf"), [real.as_slice(), b"\n%registre-test-abort\n"].concat()).unwrap();
    std::fs::write(dir.path().join("b-good.pdf"), &real).unwrap();
    std::fs::write(dir.path().join("c-hang.pdf"), [real.as_slice(), b"\n%registre-test-hang\n"].concat()).unwrap();
    // More files than one worker reads before it is replaced.
    for i in 0..70 {
        std::fs::write(dir.path().join(format!("d-good-{i:02}.pdf")), &real).unwrap();
    }
    let started = std::time::Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_registre"))
        .args(["extract", "--jobs", "1", "--ocr", "off", "."])
        .env("REGISTRE_TEST_PDF_HOOKS", "1")
        .env("REGISTRE_TEST_PDF_TIME_LIMIT", "1")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let records = lines(&out);
    assert_eq!(records.len(), 73, "{}", String::from_utf8_lossy(&out.stderr));
    let error = |i: usize| records[i]["error"].as_str().unwrap_or("").to_string();
    assert_eq!(records[0]["status"], "failed");
    assert!(error(0).starts_with("l'analyseur PDF s'est arrêté brutalement"), "{}", error(0));
    assert_eq!(records[2]["status"], "failed");
    assert_eq!(error(2), "lecture du PDF interrompue après 1 s");
    for i in [1].into_iter().chain(3..73) {
        assert_eq!(records[i]["status"], "ok", "{}: {}", records[i]["source"]["path"], error(i));
        assert_eq!(records[i]["session"]["date"], "2022-06-16");
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "the hung worker was not stopped at its limit");
}

#[test]
fn a_pdf_nested_to_overflow_the_parser_costs_only_its_own_record() {
    let dir = tempfile::tempdir().unwrap();
    // Arrays nested two hundred thousand deep: a recursive parser overflows its stack,
    // which no panic boundary catches; the worker process takes the blow.
    let mut nested = Vec::new();
    nested.extend(std::iter::repeat_n(b'[', 200_000));
    nested.extend(std::iter::repeat_n(b']', 200_000));
    let catalog = [b"<< /Type /Catalog /Pages 2 0 R /Deep ".as_slice(), &nested, b" >>"].concat();
    let deep = common::pdf_from_objects(&[
        catalog,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R >>".to_vec(),
    ]);
    std::fs::write(dir.path().join("a-deep.pdf"), deep).unwrap();
    std::fs::write(
        dir.path().join("b-good.md"),
        "Le seize juin deux mille vingt-deux, le conseil municipal s'est réuni.\n",
    )
    .unwrap();
    let out = registre(&["extract", "."], dir.path());
    let records = lines(&out);
    assert_eq!(records.len(), 2, "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(records[0]["status"], "failed");
    let error = records[0]["error"].as_str().unwrap();
    assert!(error.contains("PDF") && !error.contains("page(s)  "), "{error}");
    assert_eq!(records[1]["status"], "ok");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_pdf_claiming_a_huge_page_count_is_read_for_what_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    // The page tree claims a hundred million pages; it holds one.
    let lying = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/huge-count.pdf")).unwrap();
    std::fs::write(dir.path().join("huge.pdf"), lying).unwrap();
    let started = std::time::Instant::now();
    let out = registre(&["extract", "--ocr", "off", "huge.pdf"], dir.path());
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    let records = lines(&out);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["status"], "ok", "{}", records[0]["error"]);
    assert_eq!(records[0]["source"]["pages"], 1);
}
