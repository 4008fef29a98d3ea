//! How well the @ctes subject table (patterns/subjects.toml) classifies deliberations:
//! the five corpus deliberations, whose subjects were read by hand, and the 74 items of
//! the Couthenans minutes (titles from ../shared/real-pdf/truth, hand labels in
//! tests/fixtures/subject-labels.toml; skipped, saying why, when ../shared is absent).
//! Prints exact-code and matière (level 1) agreement; the floors are what the table
//! reached when it was written, so that a pattern edit cannot lower them unnoticed.

use registre::export::subjects::classify;
use registre::model::Record;
use registre::patterns::Patterns;

fn record_with_title(title: &str) -> Record {
    let mut r: Record = serde_json::from_str(include_str!("golden/gruson-2023-57.json")).unwrap();
    r.deliberations.truncate(1);
    r.deliberations[0].title = Some(title.to_string());
    r.text = None;
    r
}

fn level1(code: &str) -> &str {
    code.split('.').next().unwrap_or("")
}

#[test]
fn the_five_corpus_deliberations() {
    // By hand, from each document: joining the syndicat is intercommunality (5.7); the
    // ENT partnership conventions are about schools (8.1); joining a groupement de
    // commandes is public procurement (1.1, its « Vu » cite the marchés publics texts);
    // how the syndicat exercises a competence transferred to it is intercommunality (5.7).
    let expected = [
        ("gruson-2023-57", "5.7"),
        ("pas-de-calais-cp-2022-394", "8.1"),
        ("smo-npdc-numerique-2018-27", "1.1"),
        ("smo-npdc-numerique-2019-12", "5.7"),
        ("smo-npdc-numerique-2022-15", "8.1"),
    ];
    let patterns = Patterns::embedded();
    for (name, code) in expected {
        let path = format!("{}/tests/golden/{name}.json", env!("CARGO_MANIFEST_DIR"));
        let record: Record = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let got = classify(&record, 0, &patterns).map(|s| s.code);
        assert_eq!(got.as_deref(), Some(code), "{name}");
    }
}

#[test]
fn the_couthenans_items_against_hand_labels() {
    let truth = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/real-pdf/truth");
    if !truth.is_dir() {
        eprintln!("skipped: {} is absent", truth.display());
        return;
    }
    let labels: toml::Table = toml::from_str(include_str!("fixtures/subject-labels.toml")).unwrap();
    let patterns = Patterns::embedded();
    let (mut total, mut exact, mut matiere, mut unclassified) = (0, 0, 0, 0);
    for (file, codes) in &labels {
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(truth.join(format!("{file}.json"))).unwrap()).unwrap();
        let items = json["deliberations"].as_array().unwrap();
        let codes = codes.as_array().unwrap();
        assert_eq!(items.len(), codes.len(), "{file}: one label per item");
        for (item, code) in items.iter().zip(codes) {
            // The labels keep the documents' typographic apostrophes; records hold titles
            // after normalization, which writes them « ' » (src/normalize.rs).
            let title = item["title"].as_str().unwrap_or("").replace('’', "'");
            let code = code.as_str().unwrap();
            let got = classify(&record_with_title(&title), 0, &patterns).map(|s| s.code);
            total += 1;
            match got.as_deref() {
                None => unclassified += 1,
                Some(g) => {
                    exact += usize::from(g == code);
                    matiere += usize::from(level1(g) == level1(code));
                }
            }
            if got.as_deref() != Some(code) {
                eprintln!("  {file}: {title:?} → {got:?}, label {code}");
            }
        }
    }
    let pct = |n: usize| 100.0 * n as f64 / total as f64;
    eprintln!(
        "subjects on {total} Couthenans titles: exact code {exact} ({:.0} %), matière {matiere} ({:.0} %), unclassified {unclassified} ({:.0} %)",
        pct(exact),
        pct(matiere),
        pct(unclassified)
    );
    assert_eq!(total, 74);
    assert!(exact >= 62 && matiere >= 66, "the table got worse: exact {exact}, matière {matiere}");
}
