//! `--format scdl`: the national open-data CSV for deliberations, SCDL « Délibérations »
//! 2.1.5 (OpenDataFrance, schema.data.gouv.fr/scdl/deliberations; the Table Schema is
//! copied in tests/scdl-deliberations.schema.json). One row per deliberation, the 17
//! columns in the schema's order, UTF-8, comma-separated, CRLF line ends, a header row,
//! missing values as empty cells — the SCDL's CSV recommendations.
//!
//! Every value is a fact of the record or of the user's facts file; a required column the
//! document does not give stays empty and is reported as a [`Note`]. A deliberation told
//! by two files (a PDF and its text twin) is written once.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::io::Write;

use super::{Context, ExportError, Exporter, Note, NoteKind, subjects};
use crate::model::Record;

/// The schema's columns, in its order.
pub const COLUMNS: [&str; 17] = [
    "COLL_NOM",
    "COLL_SIRET",
    "DELIB_ID",
    "DELIB_DATE",
    "DELIB_MATIERE_CODE",
    "DELIB_MATIERE_NOM",
    "DELIB_OBJET",
    "BUDGET_ANNEE",
    "BUDGET_NOM",
    "PREF_ID",
    "PREF_DATE",
    "VOTE_EFFECTIF",
    "VOTE_REEL",
    "VOTE_POUR",
    "VOTE_CONTRE",
    "VOTE_ABSTENTION",
    "DELIB_URL",
];

/// The columns the schema marks `required`.
pub const REQUIRED: [&str; 7] =
    ["COLL_NOM", "COLL_SIRET", "DELIB_ID", "DELIB_DATE", "DELIB_MATIERE_CODE", "DELIB_MATIERE_NOM", "DELIB_OBJET"];

pub struct ScdlExporter<'a, W: Write> {
    out: csv::Writer<W>,
    ctx: Context<'a>,
    /// Hashes of the deliberations written (collectivity, number, date): 8 bytes a row.
    seen: HashSet<u64>,
    notes: Vec<Note>,
}

impl<'a, W: Write> ScdlExporter<'a, W> {
    /// Starts the CSV with its header row.
    pub fn new(out: W, ctx: Context<'a>) -> Result<ScdlExporter<'a, W>, ExportError> {
        let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
        out.write_record(COLUMNS)?;
        Ok(ScdlExporter { out, ctx, seen: HashSet::new(), notes: Vec::new() })
    }
}

/// A SIRET: 14 digits whose Luhn sum is a multiple of 10 (La Poste's establishments,
/// SIREN 356000000, use another rule and are accepted on their digits alone).
pub fn is_valid_siret(siret: &str) -> bool {
    if siret.len() != 14 || !siret.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    if siret.starts_with("356000000") {
        return true;
    }
    let sum: u32 = siret
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The prefecture exercising legality control, coded `PREFNNN` (SCDL PREF_ID): from the
/// @ctes identifier, whose first field is that département (« 059-200039386-… »), else
/// from the facts file's `departement` (« 62 » → PREF062, « 2A » → PREF02A).
pub fn pref_id(acte_id: Option<&str>, departement: Option<&str>) -> Option<String> {
    let from_acte = acte_id.and_then(|id| id.split('-').next()).filter(|d| d.len() == 3);
    let dep = from_acte.or(departement)?.trim().to_ascii_uppercase();
    let well_formed = (1..=3).contains(&dep.len())
        && dep.chars().all(|c| c.is_ascii_digit() || c == 'A' || c == 'B')
        && dep.chars().any(|c| c.is_ascii_digit());
    well_formed.then(|| format!("PREF{dep:0>3}"))
}

fn number(n: Option<u32>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

impl<W: Write> Exporter for ScdlExporter<'_, W> {
    fn write(&mut self, record: &Record) -> Result<(), ExportError> {
        let facts = super::facts_of(&self.ctx, record);
        let path = &record.source.path;
        for (index, d) in record.deliberations.iter().enumerate() {
            let item = super::item_label(d, index);
            let note = |kind| Note { path: path.clone(), item: item.clone(), kind };
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            super::deliberation_key(record, d, index).hash(&mut hasher);
            if !self.seen.insert(hasher.finish()) {
                self.notes.push(note(NoteKind::Duplicate));
                continue;
            }
            let siret = match facts.and_then(|f| f.siret.as_deref()).map(str::trim) {
                Some(s) if is_valid_siret(s) => s.to_string(),
                Some(s) => {
                    self.notes.push(note(NoteKind::SiretInvalid(s.to_string())));
                    String::new()
                }
                None => {
                    let siren = record.collectivity.siren.clone().or_else(|| facts.and_then(|f| f.siren.clone()));
                    self.notes.push(note(NoteKind::SiretUnknown { siren }));
                    String::new()
                }
            };
            let subject = subjects::classify(record, index, self.ctx.patterns);
            if subject.is_none() {
                self.notes.push(note(NoteKind::Unclassified));
            }
            let (code, name) = subject.map(|s| (s.code, s.name)).unwrap_or_default();
            let (against, abstention) = super::against_and_abstention(d);
            let departement = facts.and_then(|f| f.departement.as_deref());
            let row = [
                record.collectivity.name.clone().unwrap_or_default(),
                siret,
                // The collectivity's own number when the document gives one, else our
                // stable id of the item: DELIB_ID is required and must identify the row.
                d.number.clone().unwrap_or_else(|| super::item_id(record, index)),
                record.session.date.clone().unwrap_or_default(),
                code,
                name,
                d.title.clone().unwrap_or_default(),
                String::new(),
                String::new(),
                pref_id(record.transmission.acte_id.as_deref(), departement).unwrap_or_default(),
                record.transmission.prefecture_date.clone().unwrap_or_default(),
                number(super::in_office(record)),
                number(super::voters(record, d)),
                number(d.votes.for_),
                number(against),
                number(abstention),
                String::new(),
            ];
            for (column, value) in COLUMNS.iter().zip(&row) {
                let reported = matches!(*column, "COLL_SIRET" | "DELIB_MATIERE_CODE" | "DELIB_MATIERE_NOM");
                if value.is_empty() && REQUIRED.contains(column) && !reported {
                    self.notes.push(note(NoteKind::Missing(column)));
                }
            }
            self.out.write_record(&row)?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), ExportError> {
        self.out.flush()?;
        Ok(())
    }

    fn take_notes(&mut self) -> Vec<Note> {
        std::mem::take(&mut self.notes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Facts;
    use crate::check::facts::CollectivityFacts;
    use crate::export::test_support::golden;
    use crate::patterns::Patterns;

    fn export(records: &[Record], facts: &Facts) -> (Vec<csv::StringRecord>, Vec<Note>) {
        let patterns = Patterns::embedded();
        let mut out = Vec::new();
        let mut exporter = Box::new(ScdlExporter::new(&mut out, Context { facts, patterns: &patterns }).unwrap());
        for r in records {
            exporter.write(r).unwrap();
        }
        let notes = exporter.take_notes();
        exporter.finish().unwrap();
        assert!(out.ends_with(b"\r\n"), "CRLF line ends");
        let rows = csv::Reader::from_reader(out.as_slice()).records().map(Result::unwrap).collect();
        (rows, notes)
    }

    #[test]
    fn a_row_holds_the_records_facts_in_schema_order() {
        let siret = "20003938600012"; // illustrative: the real SIREN, a NIC chosen for its check digit
        assert!(is_valid_siret(siret));
        let smo = CollectivityFacts { siret: Some(siret.to_string()), ..CollectivityFacts::default() };
        let facts = Facts::from_entries(vec![("200039386".to_string(), smo)]);
        let (rows, notes) = export(&[golden("smo-npdc-numerique-2018-27")], &facts);
        assert!(notes.is_empty(), "{notes:?}");
        let row: Vec<&str> = rows[0].iter().collect();
        assert_eq!(row[0], "Syndicat mixte ouvert « Nord-Pas-de-Calais Numérique »");
        assert_eq!(&row[1..5], [siret, "2018-27", "2018-11-28", "1.1"]);
        assert_eq!(row[5], "commande publique/marchés publics");
        assert_eq!(&row[9..], ["PREF059", "2018-11-29", "20", "18", "14", "0", "4", ""]);
    }

    #[test]
    fn what_the_document_does_not_give_stays_empty_and_is_said() {
        let mut record = golden("gruson-2023-57");
        record.session.date = None;
        let (rows, notes) = export(&[record], &Facts::none());
        assert_eq!(&rows[0][1], "");
        assert_eq!(&rows[0][3], "");
        let kinds: Vec<&NoteKind> = notes.iter().map(|n| &n.kind).collect();
        assert_eq!(kinds, [&NoteKind::SiretUnknown { siren: None }, &NoteKind::Missing("DELIB_DATE")]);
    }

    #[test]
    fn twins_give_one_row() {
        let a = golden("smo-npdc-numerique-2022-15");
        let mut b = a.clone();
        b.id = "0123456789abcdef".to_string();
        b.source.path = "twin.pdf".to_string();
        let (rows, notes) = export(&[a, b], &Facts::none());
        assert_eq!(rows.len(), 1);
        assert!(notes.iter().any(|n| n.kind == NoteKind::Duplicate && n.path == "twin.pdf"));
    }

    #[test]
    fn siret_and_prefecture_codes() {
        assert!(!is_valid_siret("20003938600013"), "check digit");
        assert!(!is_valid_siret("2000393860001"), "13 digits");
        assert_eq!(pref_id(Some("059-200039386-20181128-2018_27_2-DE"), None).as_deref(), Some("PREF059"));
        assert_eq!(pref_id(None, Some("62")).as_deref(), Some("PREF062"));
        assert_eq!(pref_id(None, Some("2A")).as_deref(), Some("PREF02A"));
        assert_eq!(pref_id(None, Some("Nord")), None);
    }
}
