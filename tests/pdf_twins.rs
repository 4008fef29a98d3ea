//! Each corpus deliberation exists twice: as published text and as the PDF an office
//! suite makes of it. Both must give the same facts: dates, collectivity, body, number,
//! title, counts, members and proxies, votes, references, transmission.

use std::path::Path;

use registre::model::Record;
use registre::patterns::Patterns;
use registre::pipeline::{Options, process_path};
use serde_json::{Value, json};

fn facts(r: &Record) -> Value {
    let mut members: Vec<Value> =
        r.attendance.members.iter().map(|m| json!([m.name, m.title, m.group, m.status, m.proxy_to])).collect();
    members.sort_by_key(|m| m.to_string());
    let items: Vec<Value> = r
        .deliberations
        .iter()
        .map(|d| {
            let mut refs: Vec<String> =
                d.references.iter().map(|x| format!("{} {:?} {:?} {:?}", x.kind, x.number, x.date, x.issuer)).collect();
            refs.sort();
            let v = &d.votes;
            json!([
                d.number,
                d.title,
                [v.for_, v.against, v.abstention, v.expressed, v.voters, v.unanimous, v.outcome],
                refs
            ])
        })
        .collect();
    json!({
        "collectivity": [r.collectivity.name, r.collectivity.kind, r.collectivity.siren],
        "body": r.body,
        "session": [r.session.date, r.session.time, r.session.convocation_date, r.session.president, r.session.secretary],
        "stated": r.attendance.stated,
        "counted": r.attendance.counted,
        "non_voting": r.attendance.non_voting_attendees,
        "members": members,
        "items": items,
        "transmission": [r.transmission.prefecture_date, r.transmission.publication_date, r.transmission.display_date, r.transmission.acte_id],
    })
}

#[test]
fn every_pdf_agrees_with_its_text_twin() {
    let patterns = Patterns::embedded();
    let mut pdfs: Vec<_> = std::fs::read_dir("corpus")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    assert_eq!(pdfs.len(), 5, "corpus/ holds the five PDF twins");
    for pdf in pdfs {
        let twin = pdf.with_extension("txt");
        assert!(Path::new(&twin).exists(), "{} has no text twin", pdf.display());
        let from_pdf = process_path(&pdf, &patterns, Options::default());
        let from_text = process_path(&twin, &patterns, Options::default());
        assert_eq!(from_pdf.status, registre::model::Status::Ok, "{}: {:?}", pdf.display(), from_pdf.error);
        let pages = from_pdf.source.pages.unwrap_or(0);
        assert!(pages >= 2);
        for r in from_pdf.deliberations.iter().flat_map(|d| &d.references) {
            assert!(r.page.is_some_and(|p| p >= 1 && p <= pages), "{}: {} on page {:?}", pdf.display(), r.text, r.page);
        }
        assert_eq!(facts(&from_pdf), facts(&from_text), "{} differs from its text twin", pdf.display());
    }
}

/// Ghostscript writes most text lines with the `'` and `"` operators, which pdf-extract
/// alone drops: a PDF rewritten by `gs -sDEVICE=pdfwrite` must still give its facts.
#[test]
fn a_pdf_rewritten_by_ghostscript_keeps_its_facts() {
    if std::process::Command::new("gs").arg("--version").output().is_err() {
        println!("skipped: ghostscript is not installed (apt-get install ghostscript)");
        return;
    }
    let patterns = Patterns::embedded();
    let dir = tempfile::tempdir().unwrap();
    for name in ["gruson-2023-57", "smo-npdc-numerique-2018-27"] {
        let source = Path::new("corpus").join(format!("{name}.pdf"));
        let rewritten = dir.path().join(format!("{name}.pdf"));
        let status = std::process::Command::new("gs")
            .args(["-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=pdfwrite"])
            .arg(format!("-sOutputFile={}", rewritten.display()))
            .arg(&source)
            .status()
            .unwrap();
        assert!(status.success(), "gs failed on {name}");
        let opts = Options { ocr: registre::pipeline::OcrMode::Off, ..Options::default() };
        let from_gs = process_path(&rewritten, &patterns, opts);
        let from_text = process_path(&Path::new("corpus").join(format!("{name}.txt")), &patterns, Options::default());
        assert_eq!(from_gs.status, registre::model::Status::Ok, "{name}: {:?}", from_gs.error);
        assert_eq!(facts(&from_gs), facts(&from_text), "{name} rewritten by ghostscript differs from its text twin");
    }
}
