//! `registre ingest` at archive scale, through the real executable: duplicates, shards,
//! include/exclude, the failures file, the summary's accounting, and Ctrl-C.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn registre(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_registre")).args(args).output().expect("the binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ingest(index: &Path, extra: &[&str]) -> Output {
    let index = index.display().to_string();
    let mut args = vec!["ingest", "--ocr", "off", "--index", &index];
    args.extend_from_slice(extra);
    registre(&args)
}

fn search(index: &Path, extra: &[&str]) -> Value {
    let index = index.display().to_string();
    let mut args = vec!["search", "", "--json", "--limit", "1000", "--index", &index];
    args.extend_from_slice(extra);
    let out = registre(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn total(index: &Path) -> u64 {
    search(index, &["--from", "1000"])["total"].as_u64().unwrap()
}

/// The records the index holds (one per document: files with distinct bytes), with the
/// export's output (it exits with 1 when some record is failed).
fn exported(index: &Path) -> (Output, Vec<Value>) {
    let out = registre(&["export", "--format", "jsonl", "--from-index", &index.display().to_string()]);
    let records = String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    (out, records)
}

/// The documents the index holds, none of them failed.
fn documents(index: &Path) -> usize {
    let (out, records) = exported(index);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    records.len()
}

fn synthetic(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    registre::synth::write_corpus(dir.path(), 11, count).unwrap();
    // The truth files are not deliberations.
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().ends_with(".truth.json") {
            std::fs::remove_file(path).unwrap();
        }
    }
    dir
}

#[test]
fn the_same_bytes_at_two_paths_are_one_document_listing_both() {
    let docs = tempfile::tempdir().unwrap();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    std::fs::create_dir(docs.path().join("copie")).unwrap();
    for name in ["gruson-2023-57.txt", "smo-npdc-numerique-2022-15.txt"] {
        std::fs::copy(corpus.join(name), docs.path().join(name)).unwrap();
    }
    std::fs::copy(corpus.join("gruson-2023-57.txt"), docs.path().join("copie/gruson.txt")).unwrap();
    let index = tempfile::tempdir().unwrap();
    let docs_arg = docs.path().display().to_string();
    let out = ingest(index.path(), &[&docs_arg]);
    assert!(stderr(&out).contains("3 fichier(s) vu(s)") && stderr(&out).contains("1 doublon(s)"), "{}", stderr(&out));
    assert!(stderr(&out).contains("2 délibération(s) de 2 document(s) (3 fichier(s))"), "{}", stderr(&out));
    assert_eq!(total(index.path()), 2, "the copy is not a second deliberation");

    // The record lists both paths; removing one copy keeps the document.
    let id = search(index.path(), &["--collectivity", "gruson"])["hits"][0]["record_id"].as_str().unwrap().to_string();
    let index_arg = index.path().display().to_string();
    let export = registre(&["export", "--format", "jsonl", "--from-index", &index_arg]);
    assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
    let line = String::from_utf8_lossy(&export.stdout).lines().find(|l| l.contains(&id)).unwrap().to_string();
    let record: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(record["source"]["paths"].as_array().map(Vec::len), Some(2), "{record}");
    std::fs::remove_file(docs.path().join("gruson-2023-57.txt")).unwrap();
    let pruned = ingest(index.path(), &[&docs_arg, "--prune"]);
    assert!(stderr(&pruned).contains("1 retiré(s)"), "{}", stderr(&pruned));
    assert_eq!(total(index.path()), 2, "the copy still holds the document");
    std::fs::remove_file(docs.path().join("copie/gruson.txt")).unwrap();
    ingest(index.path(), &[&docs_arg, "--prune"]);
    assert_eq!(total(index.path()), 1, "no path holds it any more");
}

/// New bytes are added without deleting first (tantivy keeps every delete until all
/// segments have seen it: memory that grew with the corpus). Bytes that leave one file and
/// arrive in another in the same run must still be held once, and old bytes leave.
#[test]
fn bytes_moving_from_one_file_to_another_are_held_once() {
    let docs = tempfile::tempdir().unwrap();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let (gruson, syndicat) = (corpus.join("gruson-2023-57.txt"), corpus.join("smo-npdc-numerique-2022-15.txt"));
    std::fs::copy(&gruson, docs.path().join("a.txt")).unwrap();
    let index = tempfile::tempdir().unwrap();
    let docs_arg = docs.path().display().to_string();
    let first = ingest(index.path(), &[&docs_arg]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    // a.txt now says the syndicat's text; b.txt (walked after it) takes Gruson's bytes.
    std::fs::copy(&syndicat, docs.path().join("a.txt")).unwrap();
    std::fs::copy(&gruson, docs.path().join("b.txt")).unwrap();
    let second = ingest(index.path(), &[&docs_arg]);
    assert!(stderr(&second).contains("2 délibération(s) de 2 document(s) (2 fichier(s))"), "{}", stderr(&second));
    assert_eq!(documents(index.path()), 2);
    assert_eq!(search(index.path(), &["--collectivity", "gruson"])["total"], 1, "Gruson's deliberation once");
    let third = ingest(index.path(), &[&docs_arg]);
    assert!(stderr(&third).contains("2 inchangé(s)"), "{}", stderr(&third));
    assert_eq!(total(index.path()), 2);
}

#[test]
fn shards_split_the_files_and_their_union_is_the_whole() {
    let docs = synthetic(40);
    let docs_arg = docs.path().display().to_string();
    let whole = tempfile::tempdir().unwrap();
    ingest(whole.path(), &[&docs_arg]);
    let keys = |index: &Path| -> Vec<String> {
        let mut k: Vec<String> = search(index, &["--from", "1000"])["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["key"].as_str().unwrap().to_string())
            .collect();
        k.sort();
        k
    };
    let mut union = Vec::new();
    for shard in ["1/3", "2/3", "3/3"] {
        let index = tempfile::tempdir().unwrap();
        let out = ingest(index.path(), &[&docs_arg, "--shard", shard]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let part = keys(index.path());
        assert!(!part.is_empty() && part.len() < 40, "shard {shard}: {}", part.len());
        union.extend(part);
    }
    union.sort();
    assert_eq!(union, keys(whole.path()), "no file lost or taken twice");
    assert_eq!(ingest(whole.path(), &[&docs_arg, "--shard", "4/3"]).status.code(), Some(2));
}

#[test]
fn include_and_exclude_globs_choose_the_files() {
    let docs = synthetic(30);
    let docs_arg = docs.path().display().to_string();
    let count = |ext: &str| {
        std::fs::read_dir(docs.path())
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == ext))
            .count()
    };
    let index = tempfile::tempdir().unwrap();
    let out = ingest(index.path(), &[&docs_arg, "--include", "*.md"]);
    assert!(stderr(&out).contains(&format!("{} fichier(s) vu(s)", count("md"))), "{}", stderr(&out));
    let index = tempfile::tempdir().unwrap();
    let out = ingest(index.path(), &[&docs_arg, "--exclude", "*.md", "--exclude", "*.html"]);
    assert!(stderr(&out).contains(&format!("{} fichier(s) vu(s)", count("txt"))), "{}", stderr(&out));
    assert_eq!(ingest(index.path(), &[&docs_arg, "--include", "[oops"]).status.code(), Some(2));
}

#[test]
fn every_file_is_accounted_for_and_failures_are_listed() {
    let docs = tempfile::tempdir().unwrap();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    std::fs::copy(corpus.join("gruson-2023-57.txt"), docs.path().join("a.txt")).unwrap();
    std::fs::write(docs.path().join("b-vide.txt"), "").unwrap();
    std::fs::write(docs.path().join("c-binaire.txt"), b"\x00\x01\x02").unwrap();
    std::fs::write(docs.path().join("d.docx"), b"PK").unwrap();
    let index = tempfile::tempdir().unwrap();
    let failures = index.path().with_extension("failures.jsonl");
    let docs_arg = docs.path().display().to_string();
    let failures_arg = failures.display().to_string();
    let out = ingest(index.path(), &[&docs_arg, "--failures", &failures_arg]);
    assert_eq!(out.status.code(), Some(1), "some files failed");
    let err = stderr(&out);
    assert!(err.contains("4 fichier(s) vu(s) : 1 lu(s), 0 partiel(s), 2 en échec"), "{err}");
    assert!(err.contains("1 ignoré(s)"), "{err}");
    assert!(err.contains("1 × le fichier est vide"), "{err}");
    let lines: Vec<Value> =
        std::fs::read_to_string(&failures).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines.iter().all(|l| l["status"] == "failed" && l["error"].as_str().is_some_and(|e| !e.is_empty())));
    // A failed file is remembered: unchanged, it is not read again.
    let again = ingest(index.path(), &[&docs_arg]);
    assert!(stderr(&again).contains("3 inchangé(s)"), "{}", stderr(&again));
}

/// Files travel between the stages in batches (of 16, or 256 KB): a run of several
/// batches, with failures, skipped kinds and a file larger than a batch among them,
/// still accounts for every file, and the next run finds each one again.
#[test]
fn every_file_of_many_batches_is_accounted_for() {
    let docs = synthetic(45);
    for i in 0..20 {
        std::fs::write(docs.path().join(format!("vide-{i:02}.txt")), "").unwrap();
        std::fs::write(docs.path().join(format!("autre-{i:02}.docx")), b"PK").unwrap();
    }
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let long = std::fs::read_to_string(corpus.join("gruson-2023-57.txt")).unwrap();
    std::fs::write(docs.path().join("long.txt"), long.repeat(300_000 / long.len() + 1)).unwrap();
    let seen = std::fs::read_dir(docs.path()).unwrap().count();
    assert_eq!(seen, 86);
    let docs_arg = docs.path().display().to_string();
    let index = tempfile::tempdir().unwrap();
    let out = ingest(index.path(), &[&docs_arg, "--jobs", "2", "--quiet"]);
    let err = stderr(&out);
    assert!(err.contains("86 fichier(s) vu(s) : 46 lu(s), 0 partiel(s), 20 en échec"), "{err}");
    assert!(err.contains("20 ignoré(s)"), "{err}");
    assert!(err.contains("20 × le fichier est vide"), "{err}");
    // The 20 empty files are one (failed) document with 20 paths.
    let (_, records) = exported(index.path());
    assert_eq!(records.len(), 47);
    assert_eq!(records.iter().filter(|r| r["status"] == "ok").count(), 46);
    let again = ingest(index.path(), &[&docs_arg, "--jobs", "2", "--quiet"]);
    assert!(stderr(&again).contains("66 inchangé(s)"), "{}", stderr(&again));
    assert_eq!(exported(index.path()).1.len(), 47);
}

/// `--jobs` sizes the extraction pool although the patterns compile on it before the
/// documents are read (the pool is built first), and the summary says how many threads ran.
#[test]
fn the_summary_gives_the_threads_jobs_asked_for() {
    let docs = synthetic(6);
    let docs_arg = docs.path().display().to_string();
    for jobs in ["1", "3"] {
        let index = tempfile::tempdir().unwrap();
        let out = ingest(index.path(), &[&docs_arg, "--quiet", "--jobs", jobs]);
        let expected = format!("{jobs} fil(s) d'extraction");
        assert!(stderr(&out).contains(&expected), "--jobs {jobs}: {}", stderr(&out));
    }
}

#[test]
fn progress_json_reports_while_it_runs_and_quiet_says_only_the_summary() {
    let docs = synthetic(20);
    let docs_arg = docs.path().display().to_string();
    let index = tempfile::tempdir().unwrap();
    let out = ingest(index.path(), &[&docs_arg, "--quiet"]);
    assert!(stderr(&out).starts_with("registre : 20 fichier(s) vu(s)"), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn ctrl_c_commits_what_was_read_and_the_next_run_resumes() {
    let docs = synthetic(400);
    let index = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_registre"))
        .args(["ingest", "--ocr", "off", "--jobs", "1", "--progress", "json", "--index"])
        .arg(index.path())
        .arg(docs.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    // Wait until some files are done, then interrupt as a user would.
    let mut interrupted = false;
    let mut rest = String::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if !interrupted
            && serde_json::from_str::<Value>(&line).is_ok_and(|v| v["files_done"].as_u64().is_some_and(|n| n >= 5))
        {
            let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
            assert!(status.success());
            interrupted = true;
        } else if !line.starts_with('{') {
            rest.push_str(&line);
            rest.push('\n');
        }
    }
    let status = child.wait().unwrap();
    if !interrupted {
        println!("skipped: the ingest finished before a progress line could be read");
        return;
    }
    assert_eq!(status.code(), Some(130), "{rest}");
    assert!(rest.contains("relancer la même commande pour reprendre"), "{rest}");
    let saved = documents(index.path());
    assert!(saved > 0 && saved < 400, "some, not all: {saved}");
    let docs_arg = docs.path().display().to_string();
    let resumed = ingest(index.path(), &[&docs_arg]);
    assert_eq!(resumed.status.code(), Some(0), "{}", stderr(&resumed));
    assert!(stderr(&resumed).contains(&format!("{saved} inchangé(s)")), "{}", stderr(&resumed));
    assert_eq!(documents(index.path()), 400, "complete, without duplicates");
}
