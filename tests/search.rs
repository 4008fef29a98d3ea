//! Search and the citation graph on corpus/, through the real executable: ingest into a
//! temporary index, then ask what an analyst asks. corpus/ holds five deliberations, each
//! as text and as PDF: ten files, ten entries.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn registre(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_registre")).args(args).output().expect("the binary runs")
}

fn registre_env(args: &[&str], env: (&str, &str)) -> Output {
    Command::new(env!("CARGO_BIN_EXE_registre")).args(args).env(env.0, env.1).output().expect("the binary runs")
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ingest(paths: &[&Path], index: &Path, extra: &[&str]) -> Output {
    let mut args =
        vec!["ingest".to_string(), "--ocr".into(), "off".into(), "--index".into(), index.display().to_string()];
    args.extend(paths.iter().map(|p| p.display().to_string()));
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    registre(&args)
}

/// One index of the whole corpus for the read-only tests.
fn corpus_index() -> &'static Path {
    static INDEX: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let out = ingest(&[&corpus()], dir.path(), &[]);
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            dir
        })
        .path()
}

fn search_in(index: &Path, query: &str, extra: &[&str]) -> Value {
    let index = index.display().to_string();
    let mut args = vec!["search", query, "--json", "--index", index.as_str()];
    args.extend_from_slice(extra);
    let out = registre(&args);
    assert_eq!(out.status.code(), Some(0), "search {query:?} {extra:?}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("--json prints one JSON object")
}

fn search(query: &str, extra: &[&str]) -> Value {
    search_in(corpus_index(), query, extra)
}

fn total(v: &Value) -> u64 {
    v["total"].as_u64().unwrap()
}

fn numbers(v: &Value) -> Vec<String> {
    v["hits"].as_array().unwrap().iter().map(|h| h["number"].as_str().unwrap_or("").to_string()).collect()
}

#[test]
fn every_deliberation_is_one_entry_and_words_find_them() {
    let all = search("", &["--from", "1900", "--limit", "100"]);
    assert_eq!(total(&all), 10, "five deliberations in two formats");
    let hit = &search("adhésion groupement commandes", &[])["hits"][0];
    assert_eq!(hit["number"], "2018-27");
    assert_eq!(hit["collectivity"], "Syndicat mixte ouvert « Nord-Pas-de-Calais Numérique »");
    assert_eq!(hit["date"], "2018-11-28");
    assert!(hit["path"].as_str().unwrap().contains("smo-npdc-numerique-2018-27"));
}

#[test]
fn a_title_match_ranks_above_a_deliberation_that_only_cites_the_words() {
    // « convention » is in the titles of 2022-15 and 2022-394; Gruson's deliberation
    // only mentions the convention in its « Vu » lines.
    let found = numbers(&search("convention", &["--limit", "10"]));
    let gruson = found.iter().position(|n| n == "2023-57").expect("Gruson cites the convention");
    for titled in ["2022-15", "2022-394"] {
        let at = found.iter().position(|n| n == titled).unwrap();
        assert!(at < gruson, "{titled} at {at}, Gruson at {gruson}: {found:?}");
    }
}

#[test]
fn accents_elisions_and_plurals_do_not_matter() {
    assert_eq!(total(&search("ecole", &[])), total(&search("école", &[])));
    assert!(total(&search("ecole", &[])) > 0);
    assert_eq!(total(&search("conventions", &[])), total(&search("convention", &[])));
    assert_eq!(total(&search("l'adhésion", &[])), total(&search("adhesion", &[])));
    assert_eq!(total(&search("\"groupement de commandes\"", &[])), total(&search("\"groupement de commande\"", &[])));
    // Code articles and deliberation numbers are searchable whole.
    assert_eq!(numbers(&search("L.3211-2", &[])), ["2022-394", "2022-394"]);
    assert_eq!(total(&search("2022-15", &[])), 4, "the syndicat's own text and Gruson's « Vu »");
}

#[test]
fn the_snippet_highlights_the_matching_words() {
    let hit = &search("hébergement", &[])["hits"][0];
    let snippet = hit["snippet"]["text"].as_str().unwrap();
    let ranges = hit["snippet"]["highlights"].as_array().unwrap();
    assert!(!ranges.is_empty(), "{hit}");
    for r in ranges {
        let (a, b) = (r[0].as_u64().unwrap() as usize, r[1].as_u64().unwrap() as usize);
        let word = snippet[a..b].to_lowercase().replace('é', "e");
        assert!(word.starts_with("heberg"), "{:?}", &snippet[a..b]);
    }
}

#[test]
fn filters_narrow_by_fact() {
    assert_eq!(total(&search("", &["--year", "2022"])), 4);
    assert_eq!(total(&search("", &["--from", "2019-01-01", "--to", "2022-06-30"])), 4);
    assert_eq!(total(&search("", &["--kind", "commune"])), 2);
    assert_eq!(total(&search("", &["--kind", "département"])), 2);
    assert_eq!(total(&search("", &["--collectivity", "gruson"])), 2);
    assert_eq!(total(&search("", &["--body", "Comité syndical"])), 6);
    assert_eq!(numbers(&search("", &["--number", "2022 – 15"])), ["2022-15", "2022-15"]);
    assert_eq!(total(&search("", &["--rule", "v1"])), 2, "the syndicat's 2019-12 vote does not add up");
    assert_eq!(total(&search("convention", &["--collectivity", "Pas-de-Calais", "--kind", "departement"])), 2);
    // Filter-only results come most recent first.
    let dates: Vec<String> =
        search("", &["--from", "2000"])["hits"].as_array().unwrap().iter().map(|h| h["date"].to_string()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
}

#[test]
fn limit_and_offset_page_through_the_results() {
    let all: Vec<String> = numbers(&search("numérique", &["--limit", "10"]));
    let page2 = numbers(&search("numérique", &["--limit", "3", "--offset", "3"]));
    assert_eq!(page2, all[3..6]);
}

#[test]
fn facets_count_where_a_subject_was_debated() {
    let facets = &search("convention", &["--facets"])["facets"];
    let count = |family: &str, value: &str| {
        facets[family].as_array().unwrap().iter().find(|p| p[0] == value).map(|p| p[1].as_u64().unwrap())
    };
    assert_eq!(count("collectivity", "Syndicat mixte ouvert « Nord-Pas-de-Calais Numérique »"), Some(6));
    assert_eq!(count("collectivity", "Commune de Gruson"), Some(2));
    assert_eq!(count("body", "commission permanente"), Some(2));
    assert_eq!(count("year", "2022"), Some(4));
    assert_eq!(count("rule", "V1"), Some(2));
    let counts_only = search("convention", &["--facets", "--limit", "0"]);
    assert_eq!((total(&counts_only), counts_only["hits"].as_array().unwrap().len()), (10, 0));
}

#[test]
fn a_member_query_finds_the_sessions_and_says_what_the_person_did() {
    for name in ["helene havret", "HAVRET Hélène", "Havret"] {
        let found = search("", &["--member", name]);
        assert_eq!(total(&found), 2, "{name}: Gruson, text and PDF");
        let member = &found["hits"][0]["member"];
        assert_eq!(member["name"], "Hélène HAVRET");
        assert_eq!(member["status"], "excused");
        assert_eq!(member["proxy_to"], "Mélanie DAZIN-DESLANDES");
    }
    let holder = &search("", &["--member", "dazin-deslandes"])["hits"][0]["member"];
    assert_eq!(holder["status"], "present");
    assert_eq!(holder["proxies_held"], serde_json::json!(["Hélène HAVRET"]));
    // Two members' words never make one name.
    assert_eq!(total(&search("", &["--member", "Hélène DAZIN-DESLANDES"])), 0);
    // The person-centred view in French.
    let index = corpus_index().display().to_string();
    let out = registre(&["search", "", "--member", "havret", "--index", &index]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Hélène HAVRET : excusé, pouvoir donné à Mélanie DAZIN-DESLANDES"), "{text}");
}

#[test]
fn the_citation_links_of_the_corpus() {
    let index = corpus_index().display().to_string();
    let graph: Value = serde_json::from_slice(&registre(&["graph", "--index", &index]).stdout).unwrap();
    let nodes = graph["nodes"].as_array().unwrap();
    let node = |id: &str| nodes.iter().find(|n| n["id"] == id).unwrap_or_else(|| panic!("node {id}"));
    let edges = graph["edges"].as_array().unwrap();
    let linked = |from_number: &str, to_number: &str| {
        edges.iter().any(|e| {
            node(e["from"].as_str().unwrap())["number"] == from_number
                && node(e["to"].as_str().unwrap())["number"] == to_number
                && e["ambiguous"] == false
        })
    };
    // The commune's deliberation cites the syndicat's 2022-15 (number and issuer).
    assert!(linked("2023-57", "2022-15"), "{graph}");
    // The syndicat's 2019-12 cites its own deliberation of 28 November 2018 (date only).
    assert!(linked("2019-12", "2018-27"), "{graph}");
    assert_eq!(edges.len(), 4, "two links, from the text and from the PDF: {graph}");

    // `refs` shows both directions.
    let smo_2022_15 = edges.iter().find(|e| node(e["to"].as_str().unwrap())["number"] == "2022-15").unwrap()["to"]
        .as_str()
        .unwrap()
        .to_string();
    let refs: Value =
        serde_json::from_slice(&registre(&["refs", &smo_2022_15, "--json", "--index", &index]).stdout).unwrap();
    let citers: Vec<&Value> = refs["cited_by"].as_array().unwrap().iter().map(|c| &c["by"]["number"]).collect();
    assert_eq!(citers, ["2023-57", "2023-57"]);
    // The other copy of 2022-15 (PDF and text tell the same deliberation) is cited as
    // much, though each citation resolves to one copy.
    let twin =
        nodes.iter().find(|n| n["number"] == "2022-15" && n["id"] != smo_2022_15.as_str()).expect("2022-15 has a twin")
            ["id"]
            .as_str()
            .unwrap();
    let refs: Value = serde_json::from_slice(&registre(&["refs", twin, "--json", "--index", &index]).stdout).unwrap();
    let citers: Vec<&Value> = refs["cited_by"].as_array().unwrap().iter().map(|c| &c["by"]["number"]).collect();
    assert_eq!(citers, ["2023-57", "2023-57"], "{refs}");
    // The references the corpus cannot resolve are listed for the analyst to find.
    let out = registre(&["refs", "--unresolved", "--json", "--index", &index]);
    let missing: Vec<Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(missing.iter().any(|m| m["number"] == "2023-18" && m["count"] == 2), "{missing:?}");
    assert!(missing.iter().any(|m| m["number"] == "2022-173"), "{missing:?}");
    assert!(!missing.iter().any(|m| m["number"] == "2022-15"));
    let dot = String::from_utf8(registre(&["graph", "--format", "dot", "--index", &index]).stdout).unwrap();
    assert!(dot.starts_with("digraph citations {") && dot.matches(" -> ").count() == 4, "{dot}");
}

/// The corpus' text files copied into a folder of their own.
fn text_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

#[test]
fn reingesting_is_an_upsert_and_prune_removes_what_is_gone() {
    let docs = text_copy();
    let index = tempfile::tempdir().unwrap();
    let first = ingest(&[docs.path()], index.path(), &[]);
    assert!(stderr(&first).contains("5 ajouté(s)"), "{}", stderr(&first));
    let count = || total(&search_in(index.path(), "", &["--from", "1900"]));
    assert_eq!(count(), 5);

    let again = ingest(&[docs.path()], index.path(), &[]);
    assert!(
        stderr(&again).contains("5 inchangé(s)") && stderr(&again).contains(": 0 ajouté(s), 0 remplacé(s)"),
        "{}",
        stderr(&again)
    );
    assert_eq!(count(), 5, "ingesting twice adds nothing");

    // A changed file replaces its entries: the old words are gone, the new ones found.
    let gruson = docs.path().join("gruson-2023-57.txt");
    let text = std::fs::read_to_string(&gruson).unwrap().replace("Numérique", "Numérique zyxwvu");
    std::fs::write(&gruson, text).unwrap();
    let changed = ingest(&[docs.path()], index.path(), &[]);
    assert!(
        stderr(&changed).contains("1 remplacé(s)") && stderr(&changed).contains("4 inchangé(s)"),
        "{}",
        stderr(&changed)
    );
    assert_eq!(count(), 5);
    assert_eq!(total(&search_in(index.path(), "zyxwvu", &[])), 1);

    // A file touched but unchanged is read again and found the same.
    let bytes = std::fs::read(docs.path().join("smo-npdc-numerique-2018-27.txt")).unwrap();
    std::fs::write(docs.path().join("smo-npdc-numerique-2018-27.txt"), bytes).unwrap();
    let touched = ingest(&[docs.path()], index.path(), &[]);
    assert!(stderr(&touched).contains("5 inchangé(s)"), "{}", stderr(&touched));

    // Without --prune a deleted file stays; with it, its entries go.
    std::fs::remove_file(docs.path().join("pas-de-calais-cp-2022-394.txt")).unwrap();
    ingest(&[docs.path()], index.path(), &[]);
    assert_eq!(count(), 5);
    let pruned = ingest(&[docs.path()], index.path(), &["--prune"]);
    assert!(stderr(&pruned).contains("1 retiré(s)"), "{}", stderr(&pruned));
    assert_eq!(count(), 4);
    assert_eq!(total(&search_in(index.path(), "", &["--kind", "departement"])), 0);
}

#[test]
fn a_document_ingested_later_links_the_older_ones_that_cite_it() {
    let docs = text_copy();
    let later = tempfile::tempdir().unwrap();
    let cited = "smo-npdc-numerique-2022-15.txt";
    std::fs::rename(docs.path().join(cited), later.path().join(cited)).unwrap();
    let index = tempfile::tempdir().unwrap();
    ingest(&[docs.path()], index.path(), &[]);
    let gruson = |index: &Path| search_in(index, "", &["--collectivity", "gruson"])["hits"][0].clone();
    let reference = |hit: &Value| {
        hit["references"].as_array().unwrap().iter().find(|r| r["number"] == "2022-15").unwrap()["resolves_to"].clone()
    };
    assert_eq!(reference(&gruson(index.path())), Value::Null, "not in the index yet");
    let out = ingest(&[later.path()], index.path(), &[]);
    assert!(stderr(&out).contains("1 ajouté(s)"), "{}", stderr(&out));
    let target = reference(&gruson(index.path()));
    let smo = &search_in(index.path(), "", &["--number", "2022-15"])["hits"][0];
    assert_eq!(target, smo["key"], "the older record now points at the new one");
}

#[test]
fn an_interrupted_ingest_leaves_a_readable_index_and_the_next_run_completes_it() {
    let docs = text_copy();
    let index = tempfile::tempdir().unwrap();
    let mut args = vec!["ingest", "--commit-every", "2", "--jobs", "1", "--index"];
    let dir = index.path().display().to_string();
    args.push(&dir);
    let docs_arg = docs.path().display().to_string();
    args.push(&docs_arg);
    // The process dies right after adding a document past its first commit.
    let crashed = registre_env(&args, ("REGISTRE_TEST_CRASH_AFTER_COMMITS", "1"));
    assert!(!crashed.status.success(), "the hook aborts the run");
    let after_crash = total(&search_in(index.path(), "", &["--from", "1900"]));
    assert_eq!(after_crash, 2, "the first commit, and nothing half-written");

    let rerun = ingest(&[docs.path()], index.path(), &[]);
    assert_eq!(rerun.status.code(), Some(0), "{}", stderr(&rerun));
    assert!(
        stderr(&rerun).contains("3 ajouté(s), 0 remplacé(s)") && stderr(&rerun).contains("2 inchangé(s)"),
        "{}",
        stderr(&rerun)
    );
    assert_eq!(total(&search_in(index.path(), "", &["--from", "1900"])), 5, "no duplicates");
    let linked = search_in(index.path(), "", &["--number", "2019-12"]);
    let r = linked["hits"][0]["references"].as_array().unwrap().iter().find(|r| r["kind"] == "deliberation").unwrap();
    assert!(r["resolves_to"].is_string(), "the links are made on the run that completes: {r}");
}

#[test]
fn bad_queries_and_missing_indexes_get_one_plain_line() {
    let index = corpus_index().display().to_string();
    for (query, expected) in [
        ("title:(", "illisible"),
        ("couleur:rouge", "le champ « couleur » n'existe pas"),
        ("-convention", "une exclusion seule"),
    ] {
        let out = registre(&["search", query, "--index", &index]);
        assert_eq!(out.status.code(), Some(2), "{query}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(expected), "{query}: {err}");
    }
    let out = registre(&["search", "", "--index", &index]);
    assert!(stderr(&out).contains("requête vide"), "{}", stderr(&out));
    let out = registre(&["search", "", "--from", "juin 2022", "--index", &index]);
    assert!(stderr(&out).contains("date illisible"), "{}", stderr(&out));
    let nowhere = tempfile::tempdir().unwrap();
    let out = registre(&["search", "x", "--index", &nowhere.path().join("none").display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("aucun index"), "{}", stderr(&out));
    let out = registre(&["refs", "0000000000000000#0", "--index", &index]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("aucune délibération 0000000000000000#0"), "{}", stderr(&out));
}

#[test]
fn ingest_refuses_a_folder_that_is_not_an_index() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mes notes").unwrap();
    let out = ingest(&[&corpus().join("gruson-2023-57.txt")], dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("n'est pas un index registre"), "{}", stderr(&out));
    assert!(dir.path().join("notes.txt").exists(), "nothing of the user's is touched");
}

#[test]
fn members_and_exports_read_the_index_as_they_read_the_files() {
    let index = corpus_index().display().to_string();
    let corpus = corpus().display().to_string();
    for format in ["json", "csv"] {
        let from_files = registre(&["members", &corpus, "--ocr", "off", "--format", format]);
        let from_index = registre(&["members", "--index", &index, "--format", format]);
        assert_eq!(from_index.status.code(), Some(0), "{}", stderr(&from_index));
        assert!(!from_index.stdout.is_empty());
        assert_eq!(
            String::from_utf8_lossy(&from_index.stdout),
            String::from_utf8_lossy(&from_files.stdout),
            "members of the index = members of the files ({format})"
        );
    }
    // The records an ingest stored carry their resolved citations.
    let out = registre(&["export", "--format", "jsonl", "--from-index", &index]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let records: Vec<Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(records.len(), 10);
    let resolved = records
        .iter()
        .flat_map(|r| r["deliberations"].as_array().unwrap().iter())
        .flat_map(|d| d["references"].as_array().unwrap().iter())
        .filter(|r| r["resolves_to"].is_string())
        .count();
    assert_eq!(resolved, 4, "Gruson → 2022-15 and 2019-12 → 2018-27, from the text and the PDF");
    let missing = registre(&["members", "--index", "/nonexistent/registre-index"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("aucun index"), "{}", stderr(&missing));
}
