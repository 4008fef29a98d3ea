//! Attendance tables marked with « X », rebuilt from glyph positions (src/pdf_tables.rs),
//! on PDFs the tests write themselves.

mod common;

use common::pdf_with_texts;
use registre::pdf_tables::x_marked_table;

/// A page with a roll marked by « X »: the header, then three rows, one with a holder.
const ROLL: &[(f64, f64, &str)] = &[
    (50.0, 700.0, "Membre"),
    (250.0, 700.0, "Presents"),
    (320.0, 700.0, "Absents"),
    (390.0, 700.0, "Excuses"),
    (460.0, 700.0, "Pouvoir a"),
    (50.0, 680.0, "M. Jean DUPONT"),
    (262.0, 680.0, "X"),
    (50.0, 660.0, "Mme Anne MARTIN"),
    (402.0, 660.0, "X"),
    (460.0, 660.0, "M. DUPONT"),
    (50.0, 640.0, "M. Paul PETIT"),
    (332.0, 640.0, "X"),
];

#[test]
fn x_marks_are_read_in_their_columns() {
    let mut texts = ROLL.to_vec();
    texts.push((50.0, 600.0, "Le quorum etant atteint, le conseil delibere."));
    let doc = pdf_extract::Document::load_mem(&pdf_with_texts(&texts)).unwrap();
    assert_eq!(
        x_marked_table(&doc, 1).unwrap(),
        "Membre\tPresents\tAbsents\tExcuses\tPouvoir a\nM. Jean DUPONT\tX\t\t\t\nMme Anne MARTIN\t\t\tX\tM. DUPONT\nM. Paul PETIT\t\tX\t\t"
    );
}

#[test]
fn an_x_marked_table_gives_its_roll_through_the_pipeline() {
    let mut texts = vec![(50.0, 740.0, "Le seize juin deux mille vingt-deux, le conseil municipal s'est reuni.")];
    texts.extend_from_slice(ROLL);
    let patterns = registre::patterns::Patterns::embedded();
    let opts = registre::pipeline::Options { ocr: registre::pipeline::OcrMode::Off, ..Default::default() };
    let r = registre::pipeline::process_bytes(
        "x.pdf",
        &pdf_with_texts(&texts),
        Some(registre::read::Format::Pdf),
        &patterns,
        opts,
    );
    let roll: Vec<(&str, &str, Option<&str>)> =
        r.attendance.members.iter().map(|m| (m.name.as_str(), m.status.as_str(), m.proxy_to.as_deref())).collect();
    assert_eq!(
        roll,
        [
            ("Jean DUPONT", "present", None),
            ("Anne MARTIN", "excused", Some("M. DUPONT")),
            ("Paul PETIT", "absent", None)
        ]
    );
}
