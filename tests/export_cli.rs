//! `registre export` and `registre members`, the real binary on corpus/: the SCDL CSV
//! against the published Table Schema (with frictionless when it is installed, and in
//! Rust), the SQLite file against counts read by hand in the documents, the bulk
//! documents against the committed Elasticsearch mapping and Quickwit config, and the
//! attendance figures.

use std::path::Path;
use std::process::{Command, Output};

use regex::Regex;
use serde_json::Value;

const FACTS: &str = "tests/fixtures/export-facts.toml";

fn registre(args: &[&str]) -> Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Command::new(env!("CARGO_BIN_EXE_registre")).args(args).current_dir(root).output().expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

fn schema() -> Value {
    serde_json::from_str(include_str!("scdl-deliberations.schema.json")).expect("the schema is JSON")
}

/// Every constraint of the schema and of its Validata custom checks, on every row; the
/// problems found, one line each.
fn schema_problems(csv_text: &str) -> Vec<String> {
    let schema = schema();
    let fields = schema["fields"].as_array().unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
    let mut problems = Vec::new();
    if header != names {
        problems.push(format!("columns {header:?} are not the schema's {names:?}"));
    }
    let date = Regex::new(r"^[12][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$").unwrap();
    let nomenclature = registre::patterns::Patterns::embedded().nomenclature().clone();
    for (n, row) in reader.records().enumerate() {
        let row = row.unwrap();
        let cell = |name: &str| row.get(names.iter().position(|c| *c == name).unwrap()).unwrap_or("");
        let int = |name: &str| cell(name).parse::<u32>().ok();
        for f in fields {
            let name = f["name"].as_str().unwrap();
            let value = cell(name);
            if value.is_empty() {
                if f["constraints"]["required"] == true {
                    problems.push(format!("row {n}: {name} is required"));
                }
                continue;
            }
            if let Some(p) = f["constraints"]["pattern"].as_str()
                && !Regex::new(p).unwrap().is_match(value)
            {
                problems.push(format!("row {n}: {name}={value:?} does not match {p}"));
            }
            match f["type"].as_str().unwrap() {
                "integer" if value.parse::<u32>().is_err() => problems.push(format!("row {n}: {name} not an integer")),
                "date" if !date.is_match(value) => problems.push(format!("row {n}: {name} not a date")),
                _ => {}
            }
        }
        // custom_checks: cohesive VOTE_*, comparisons, the sum, the nomenclature.
        let votes = ["VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION"];
        if int("VOTE_EFFECTIF").is_some() && votes.iter().any(|v| int(v).is_none()) {
            problems.push(format!("row {n}: VOTE_EFFECTIF given without every VOTE_ column"));
        }
        if let (Some(e), Some(r)) = (int("VOTE_EFFECTIF"), int("VOTE_REEL"))
            && e < r
        {
            problems.push(format!("row {n}: VOTE_EFFECTIF {e} < VOTE_REEL {r}"));
        }
        if let [Some(r), Some(p), Some(c), Some(a)] = votes.map(int)
            && r != p + c + a
        {
            problems.push(format!("row {n}: VOTE_REEL {r} ≠ {p} + {c} + {a}"));
        }
        if !cell("PREF_DATE").is_empty() && cell("PREF_DATE") < cell("DELIB_DATE") {
            problems.push(format!("row {n}: PREF_DATE before DELIB_DATE"));
        }
        let code = cell("DELIB_MATIERE_CODE");
        if !code.is_empty() && nomenclature.get(code).map(String::as_str) != Some(cell("DELIB_MATIERE_NOM")) {
            problems.push(format!("row {n}: DELIB_MATIERE_NOM is not the name of {code}"));
        }
    }
    problems
}

/// frictionless's verdict on a CSV, or `None` (with the reason printed) when the
/// validator is not installed. `.ci/run` installs it.
fn frictionless(csv_text: &str) -> Option<(bool, String)> {
    let probe = Command::new("python3").args(["-c", "import frictionless"]).output();
    if !probe.as_ref().is_ok_and(|o| o.status.success()) {
        eprintln!("skipped the frictionless validation: python3 cannot import frictionless (pip install frictionless)");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("deliberations.csv"), csv_text).unwrap();
    std::fs::write(dir.path().join("schema.json"), include_str!("scdl-deliberations.schema.json")).unwrap();
    let script = "from frictionless import validate\n\
                  r = validate('deliberations.csv', schema='schema.json')\n\
                  print(r.valid)\n\
                  for e in r.flatten(['rowNumber', 'fieldName', 'type', 'note']): print(e)\n";
    let out = Command::new("python3").args(["-c", script]).current_dir(dir.path()).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    Some((text.starts_with("True"), text))
}

#[test]
fn scdl_from_corpus_follows_the_published_schema() {
    let out = registre(&["export", "--format", "scdl", "corpus/", "--facts", FACTS]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv_text = stdout(&out);
    // One row per deliberation: ten files, five deliberations (each PDF has a text twin).
    assert_eq!(csv_text.lines().count(), 1 + 5, "{csv_text}");
    assert!(schema_problems(&csv_text).is_empty(), "{:?}", schema_problems(&csv_text));
    assert!(csv_text.contains("\r\n"), "CRLF line ends, as the SCDL recommends");
    if let Some((valid, report)) = frictionless(&csv_text) {
        assert!(valid, "frictionless: {report}");
    }
}

#[test]
fn scdl_says_what_it_cannot_fill_and_the_validators_notice() {
    // Without the facts file no SIRET is known: the rows are written, the gap is said,
    // and both validators refuse the file — they can fail.
    let out = registre(&["export", "--format", "scdl", "corpus/smo-npdc-numerique-2018-27.txt"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("COLL_SIRET laissé vide : le SIREN 200039386 est connu"), "{stderr}");
    let csv_text = stdout(&out);
    assert_eq!(schema_problems(&csv_text), ["row 0: COLL_SIRET is required"]);
    if let Some((valid, report)) = frictionless(&csv_text) {
        assert!(!valid, "frictionless accepted an empty required COLL_SIRET: {report}");
    }
}

#[test]
fn a_failed_document_gives_no_row_but_is_counted() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("vide.txt");
    std::fs::write(&empty, "").unwrap();
    let out = registre(&["export", "--format", "scdl", "corpus/gruson-2023-57.txt", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out).lines().count(), 2, "header and Gruson's row");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2 document(s)") && stderr.contains("1 en échec"), "{stderr}");
}

#[test]
fn a_missing_path_is_refused_before_anything_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.sqlite");
    std::fs::write(&db, "an older export").unwrap();
    let missing = dir.path().join("nulle-part");
    let out = registre(&["export", "--format", "sqlite", missing.to_str().unwrap(), "-o", db.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("nulle-part : ce chemin n'existe pas ; rien n'a été exporté"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&db).unwrap(), "an older export");
}

#[test]
fn an_export_into_a_closed_pipe_ends_quietly() {
    use std::io::Read;
    // Enough distinct documents that no output fits in the pipe's buffer.
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("corpus/gruson-2023-57.txt")).unwrap();
    for i in 0..400 {
        std::fs::write(dir.path().join(format!("copie-{i:03}.txt")), format!("{text}\nCopie {i}\n")).unwrap();
    }
    for format in ["jsonl", "bulk", "bulk-quickwit", "scdl"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_registre"))
            .args(["export", "--format", format, dir.path().to_str().unwrap()])
            .current_dir(root)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Read one byte, then close the pipe, as `| head -c1` does.
        let mut stdout = child.stdout.take().unwrap();
        let mut byte = [0u8; 1];
        stdout.read_exact(&mut byte).unwrap();
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{format}: {stderr}");
        assert!(!stderr.contains("Broken pipe") && !stderr.contains("JSON"), "{format}: {stderr}");
    }
}

#[test]
fn sqlite_needs_a_file_and_says_so() {
    let out = registre(&["export", "--format", "sqlite", "corpus/"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("indiquez-le avec -o FICHIER"));
    let en = registre(&["export", "--format", "sqlite", "corpus/", "--lang", "en"]);
    assert!(String::from_utf8_lossy(&en.stderr).contains("name it with -o FILE"));
}

fn query(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |row| row.get(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[test]
fn sqlite_from_corpus_answers_with_the_counts_of_the_documents() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corpus.sqlite");
    std::fs::write(&db, "an older export").unwrap();
    let out = registre(&["export", "--format", "sqlite", "corpus/", "-o", db.to_str().unwrap(), "--facts", FACTS]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let q = |sql: &str| query(&conn, sql);
    assert_eq!(q("SELECT COUNT(*) FROM documents"), 10);
    assert_eq!(q("SELECT COUNT(DISTINCT deliberation_key) FROM deliberations"), 5);
    // The syndicat's 2022-15 roll: 7 boxes ticked « Présents », 15 « Excusés », 6 proxies.
    let at_2022_15 = "FROM members m JOIN deliberations l ON l.document_id = m.document_id WHERE l.number = '2022-15'";
    // One row per person per session, though the session is told by a PDF and its text.
    assert_eq!(
        q("SELECT COUNT(*) FROM (SELECT session_key, member_key FROM members GROUP BY 1, 2 HAVING COUNT(*) > 1)"),
        0
    );
    assert_eq!(
        q("SELECT COUNT(*) FROM members m WHERE m.status = 'present' AND m.session_key IN \
           (SELECT d.session_key FROM documents d JOIN deliberations l ON l.document_id = d.id WHERE l.number = '2022-15')"),
        7
    );
    assert_eq!(q(&format!("SELECT COUNT(DISTINCT m.member_key) {at_2022_15} AND m.status = 'present'")), 7);
    assert_eq!(q(&format!("SELECT COUNT(DISTINCT m.member_key) {at_2022_15} AND m.status = 'excused'")), 15);
    assert_eq!(q(&format!("SELECT COUNT(DISTINCT m.member_key) {at_2022_15} AND m.proxy_to IS NOT NULL")), 6);
    // Pas-de-Calais: 35 named « présents », 8 « excusés », 1 « absent ».
    let pdc = "FROM members m JOIN documents d ON d.id = m.document_id WHERE d.path LIKE '%pas-de-calais%'";
    assert_eq!(q(&format!("SELECT COUNT(*) {pdc} AND m.status = 'present'")), 35);
    assert_eq!(q(&format!("SELECT COUNT(*) {pdc} AND m.status = 'excused'")), 8);
    // Bénédicte MESSEANNE-GROBELNY sat at all three sessions of the syndicat and held a
    // proxy at each (from M. DELANNOY, M. PRUDHOMME, M. LETURQUE).
    let row: (i64, i64, i64, f64) = conn
        .query_row(
            "SELECT sessions, present, proxies_held, attendance_rate FROM member_attendance \
             WHERE name = 'Bénédicte MESSEANNE-GROBELNY' AND collectivity LIKE 'Syndicat%'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(row, (3, 3, 3, 1.0));
    // Gruson's « délibération 2022-15 du 16 juin 2022 » is the syndicat's 2022-15.
    assert_eq!(q("SELECT citations FROM most_cited_deliberations WHERE number = '2022-15'"), 1);
    // 2019-12 cites « sa délibération du 28 novembre 2018 », by date alone: the
    // syndicat adopted one deliberation that day, 2018-27.
    assert_eq!(q("SELECT citations FROM most_cited_deliberations WHERE number = '2018-27'"), 1);
    assert_eq!(q("SELECT COUNT(*) FROM most_cited_deliberations"), 2);
    // Full text, accents aside: « numérique » is in every title or text.
    assert_eq!(q("SELECT COUNT(*) FROM deliberations_fts WHERE deliberations_fts MATCH 'numerique'"), 10);
    // check's V1 error on 2019-12 (abstentions counted as expressed), in both twins.
    assert!(q("SELECT COUNT(*) FROM deliberations_with_errors WHERE number = '2019-12'") >= 1);
    assert_eq!(q("SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
    assert_eq!(q("SELECT COUNT(*) FROM deliberations WHERE subject_code IS NULL"), 0);
}

/// The field types of the Elasticsearch mapping and of the Quickwit config.
fn declared_fields() -> (serde_json::Map<String, Value>, Vec<(String, String)>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mapping: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("deploy/elasticsearch/deliberations.mapping.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(mapping["mappings"]["dynamic"], "strict", "unknown fields are refused, not guessed");
    let es = mapping["mappings"]["properties"].as_object().unwrap().clone();
    let yaml = std::fs::read_to_string(root.join("deploy/quickwit/deliberations.yaml")).unwrap();
    let line = Regex::new(r"^\s+- \{ name: ([a-z_]+), type: ([a-z0-9<>]+)").unwrap();
    let fields = yaml.split("field_mappings:").nth(1).expect("a field_mappings section");
    let qw = fields.lines().filter_map(|l| line.captures(l)).map(|c| (c[1].to_string(), c[2].to_string())).collect();
    (es, qw)
}

fn fits(value: &Value, es_type: &str, qw_type: &str) -> bool {
    let date = Regex::new(r"^[12][0-9]{3}-[01][0-9]-[0-3][0-9]$").unwrap();
    match value {
        Value::Null => true,
        Value::Bool(_) => es_type == "boolean" && qw_type == "bool",
        Value::Number(n) => n.is_u64() && es_type == "integer" && qw_type == "u64",
        Value::String(s) if es_type == "date" => date.is_match(s) && qw_type == "datetime",
        Value::String(_) => matches!(es_type, "keyword" | "text") && qw_type == "text",
        Value::Array(items) => {
            let element = qw_type.strip_prefix("array<").and_then(|t| t.strip_suffix('>')).unwrap_or("");
            items.iter().all(|i| fits(i, es_type, element))
        }
        Value::Object(_) => false,
    }
}

#[test]
fn bulk_lines_parse_and_every_field_is_declared_with_its_type() {
    let out = registre(&["export", "--format", "bulk", "corpus/", "--facts", FACTS]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<Value> =
        stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}"))).collect();
    assert_eq!(lines.len(), 2 * 10, "an action line and a document per deliberation");
    let (es, qw) = declared_fields();
    assert_eq!(es.len(), qw.len(), "the two engines declare the same fields");
    let item_id = Regex::new(r"^[0-9a-f]{16}#[0-9]+$").unwrap();
    for pair in lines.chunks(2) {
        let (action, doc) = (&pair[0], &pair[1]);
        assert_eq!(action["index"]["_id"], doc["id"]);
        let id = doc["id"].as_str().unwrap();
        assert!(item_id.is_match(id), "{id}");
        for (field, value) in doc.as_object().unwrap() {
            let es_type =
                es.get(field).and_then(|f| f["type"].as_str()).unwrap_or_else(|| panic!("{field} not mapped"));
            let qw_type = &qw.iter().find(|(n, _)| n == field).unwrap_or_else(|| panic!("{field} not in Quickwit")).1;
            assert!(fits(value, es_type, qw_type), "{field} = {value} does not fit {es_type} / {qw_type}");
        }
    }
    let quickwit = registre(&["export", "--format", "bulk-quickwit", "corpus/gruson-2023-57.txt"]);
    let docs: Vec<Value> = stdout(&quickwit).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["session_date"], "2023-12-19");
    assert_eq!(docs[0]["subject_code"], "5.7");
}

#[test]
fn jsonl_exports_the_records() {
    let out = registre(&["export", "--format", "jsonl", "corpus/gruson-2023-57.txt"]);
    let record: registre::model::Record = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(record.deliberations[0].number.as_deref(), Some("2023-57"));
    assert!(record.text.is_none(), "the text only with --with-text");
}

#[test]
fn members_gives_the_counts_read_in_the_rolls() {
    let out = registre(&["members", "corpus/", "--collectivity", "nord-pas-de-calais numerique", "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Vec<Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let find = |name: &str| rows.iter().find(|r| r["name"] == name).unwrap_or_else(|| panic!("{name}"));
    let bm = find("Bénédicte MESSEANNE-GROBELNY");
    assert_eq!(
        (&bm["sessions"], &bm["present"], &bm["proxies_held"], &bm["attendance_rate"]),
        (&3.into(), &3.into(), &3.into(), &1.0.into())
    );
    // M. Arnaud DECAGNY, excused in 2022 with a proxy to Mme BIEGALSKI.
    let ad = find("Arnaud DECAGNY");
    assert_eq!((&ad["sessions"], &ad["excused"], &ad["proxies_given"]), (&1.into(), &1.into(), &1.into()));
    assert_eq!(find("Valérie BIEGALSKI")["proxies_held"], 1);
    assert!(rows.iter().all(|r| r["collectivity"].as_str().unwrap().starts_with("Syndicat mixte")));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("5 lue(s) deux fois (PDF et texte) comptée(s) une fois"), "{stderr}");

    let csv = registre(&["members", "corpus/gruson-2023-57.txt", "--format", "csv"]);
    let text = stdout(&csv);
    assert_eq!(text.lines().count(), 1 + 15, "Gruson's 15 members in office");
    assert!(text.contains("Commune de Gruson,Hélène HAVRET,1,0,1,0,1,0,0.000"), "{text}");
    let human = registre(&["members", "corpus/gruson-2023-57.txt", "--lang", "en"]);
    assert!(stdout(&human).contains("attendance"));
}
