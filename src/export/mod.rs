//! Exports of records to the tools analysts already use: JSON Lines (the record contract),
//! the SCDL « Délibérations » open-data CSV, a SQLite database, NDJSON for the `_bulk` API
//! of Elasticsearch/OpenSearch or for Quickwit, and attendance per elected member.
//!
//! Every exporter is an [`Exporter`]: it is fed one [`Record`] at a time and keeps no
//! record after `write` returns, so an export runs in constant memory whatever the corpus
//! (SCDL remembers an 8-byte hash per row to drop PDF/text twins). Where records come from
//! — files read now, or an index — is the caller's business.
//!
//! What an exporter has to say about a record (a required SCDL value the document does not
//! give, a subject it could not classify) is a [`Note`], collected with
//! [`Exporter::take_notes`] and worded by the caller: the library never prints.

pub mod bulk;
pub mod jsonl;
pub mod members;
pub mod scdl;
pub mod sqlite;
pub mod subjects;

use std::io;

use crate::check::Facts;
use crate::messages::Lang;
use crate::model::{Deliberation, Record};
use crate::patterns::Patterns;
use crate::text::fold;

pub use subjects::Subject;

/// Why an export stopped. A record an exporter cannot represent fully is a [`Note`], not
/// an error: errors are about the output itself.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("JSON: {0}")]
    Json(serde_json::Error),
}

impl From<serde_json::Error> for ExportError {
    // serde_json reports a failed write as its own error; it is an I/O error all the
    // same (a closed pipe must stay recognisable as one).
    fn from(e: serde_json::Error) -> ExportError {
        if e.io_error_kind().is_some() { ExportError::Io(io::Error::from(e)) } else { ExportError::Json(e) }
    }
}

impl From<csv::Error> for ExportError {
    fn from(e: csv::Error) -> ExportError {
        match e.into_kind() {
            csv::ErrorKind::Io(e) => ExportError::Io(e),
            other => ExportError::Io(io::Error::other(format!("{other:?}"))),
        }
    }
}

impl ExportError {
    /// A closed pipe (`| head`) is the reader's choice, not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, ExportError::Io(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

/// A writer of one export format, fed records one at a time.
pub trait Exporter {
    /// Adds one record (all its deliberations) to the output.
    fn write(&mut self, record: &Record) -> Result<(), ExportError>;
    /// Completes the output (footer, indexes, atomic rename) and flushes it.
    fn finish(self: Box<Self>) -> Result<(), ExportError>;
    /// What the exporter noticed since the last call, for the caller to report.
    fn take_notes(&mut self) -> Vec<Note> {
        Vec::new()
    }
}

/// What an export needs besides the records: the user's facts (SIRET, département) and
/// the patterns (the subject table).
#[derive(Clone)]
pub struct Context<'a> {
    pub facts: &'a Facts,
    pub patterns: &'a Patterns,
}

/// Something an exporter could not write as the format wants, about one deliberation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The document's path as the record gives it.
    pub path: String,
    /// The deliberation's number, or its place in the document (« #2 »).
    pub item: String,
    pub kind: NoteKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteKind {
    /// A column the format requires, left empty because the document does not give it.
    Missing(&'static str),
    /// COLL_SIRET unknown; the SIREN is known (from the @ctes identifier or the facts).
    SiretUnknown { siren: Option<String> },
    /// The facts file gives a SIRET that is not 14 digits with a valid check digit.
    SiretInvalid(String),
    /// No subject rule matched the title or the « Vu » lines.
    Unclassified,
    /// The same deliberation (collectivity, number, date) was already written, from
    /// another file (a PDF and its text twin).
    Duplicate,
}

impl Note {
    pub fn message(&self, lang: Lang) -> String {
        let (path, item) = (&self.path, &self.item);
        match &self.kind {
            NoteKind::Missing(column) => crate::say!(
                lang,
                "{path}: délibération {item} : {column} laissé vide (le document ne le dit pas ; colonne obligatoire du SCDL)",
                "{path}: deliberation {item}: {column} left empty (the document does not say; the SCDL requires it)"
            ),
            NoteKind::SiretUnknown { siren: Some(siren) } => crate::say!(
                lang,
                "{path}: délibération {item} : COLL_SIRET laissé vide : le SIREN {siren} est connu mais pas le SIRET (14 chiffres) ; ajoutez `siret` à la collectivité dans le fichier --facts",
                "{path}: deliberation {item}: COLL_SIRET left empty: SIREN {siren} is known but not the SIRET (14 digits); add `siret` to the collectivity in the --facts file"
            ),
            NoteKind::SiretUnknown { siren: None } => crate::say!(
                lang,
                "{path}: délibération {item} : COLL_SIRET laissé vide ; ajoutez `siret` à la collectivité dans le fichier --facts",
                "{path}: deliberation {item}: COLL_SIRET left empty; add `siret` to the collectivity in the --facts file"
            ),
            NoteKind::SiretInvalid(siret) => crate::say!(
                lang,
                "{path}: délibération {item} : le SIRET {siret:?} du fichier de faits n'est pas valide (14 chiffres, clé de Luhn) ; COLL_SIRET laissé vide",
                "{path}: deliberation {item}: the SIRET {siret:?} of the facts file is not valid (14 digits, Luhn check); COLL_SIRET left empty"
            ),
            NoteKind::Unclassified => crate::say!(
                lang,
                "{path}: délibération {item} : matière @ctes non reconnue (titre et « Vu ») ; DELIB_MATIERE_CODE et DELIB_MATIERE_NOM laissés vides",
                "{path}: deliberation {item}: @ctes subject not recognised (title and « Vu » lines); DELIB_MATIERE_CODE and DELIB_MATIERE_NOM left empty"
            ),
            NoteKind::Duplicate => crate::say!(
                lang,
                "{path}: délibération {item} déjà exportée depuis un autre fichier (même collectivité, numéro et date) ; ligne non répétée",
                "{path}: deliberation {item} already exported from another file (same collectivity, number and date); row not repeated"
            ),
        }
    }
}

/// Writes `value` as one line of JSON (JSON Lines, NDJSON).
fn json_line(out: &mut impl io::Write, value: &impl serde::Serialize) -> Result<(), ExportError> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// The stable id of one deliberation: `record id#index` (the record contract's
/// `resolves_to` form).
pub fn item_id(record: &Record, index: usize) -> String {
    format!("{}#{index}", record.id)
}

/// How a note names a deliberation: its number, else its place in the document.
pub fn item_label(deliberation: &Deliberation, index: usize) -> String {
    deliberation.number.clone().unwrap_or_else(|| format!("#{}", index + 1))
}

/// The same session whatever file told it (a PDF and its text twin): collectivity
/// (folded), body and date. `None` when the record does not say which session it is.
pub fn session_key(record: &Record) -> Option<String> {
    let name = record.collectivity.name.as_deref().map(fold)?;
    let date = record.session.date.as_deref()?;
    Some(format!("{name}|{}|{date}", record.body.as_deref().map(fold).unwrap_or_default()))
}

/// The same deliberation whatever file told it: collectivity, number and session date.
pub fn deliberation_key(record: &Record, deliberation: &Deliberation, index: usize) -> String {
    match (session_key(record), &deliberation.number) {
        (Some(session), Some(number)) => format!("{session}|{number}"),
        (Some(session), None) => format!("{session}|#{index}"),
        _ => item_id(record, index),
    }
}

/// Members in office: as the document states it, else the size of its roll.
pub fn in_office(record: &Record) -> Option<u32> {
    let att = &record.attendance;
    att.stated.in_office.or(att.counted.and_then(|c| c.in_office))
}

/// Votes against and abstentions, with a unanimity's implied zeros: « à l'unanimité »
/// means nobody voted against; it means nobody abstained only when it is not « des
/// suffrages exprimés » (abstentions are not expressed votes).
pub fn against_and_abstention(deliberation: &Deliberation) -> (Option<u32>, Option<u32>) {
    let v = &deliberation.votes;
    if !v.unanimous {
        return (v.against, v.abstention);
    }
    let of_expressed = v.unanimity_text.as_deref().is_some_and(|t| fold(t).contains("exprim"));
    (v.against.or(Some(0)), v.abstention.or(if of_expressed { None } else { Some(0) }))
}

/// Members who took part in the vote: stated for the vote, else restated for the item,
/// else the sum of the counts (every count known), else the session's stated then
/// counted voters.
pub fn voters(record: &Record, deliberation: &Deliberation) -> Option<u32> {
    let v = &deliberation.votes;
    let (against, abstention) = against_and_abstention(deliberation);
    let summed = match (v.for_, against, abstention) {
        (Some(f), Some(a), Some(b)) => Some(f + a + b + v.blank.unwrap_or(0) + v.spoiled.unwrap_or(0)),
        _ => None,
    };
    v.voters
        .or(deliberation.attendance.as_ref().and_then(|a| a.voters))
        .or(summed)
        .or(record.attendance.stated.voters)
        .or(record.attendance.counted.and_then(|c| c.voters))
}

/// The facts file entry of a record's collectivity, if any.
pub fn facts_of<'a>(ctx: &Context<'a>, record: &Record) -> Option<&'a crate::check::facts::CollectivityFacts> {
    ctx.facts.lookup(record)
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::model::Record;

    /// The golden record of a corpus document (reviewed by hand), with its text.
    pub fn golden(name: &str) -> Record {
        let path = format!("{}/tests/golden/{name}.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voters_prefer_the_stated_figures_then_the_counts() {
        let gruson = test_support::golden("gruson-2023-57");
        assert_eq!(voters(&gruson, &gruson.deliberations[0]), Some(15));
        let pdc = test_support::golden("pas-de-calais-cp-2022-394");
        // « Pour : 43 voix … Contre : 0 … Abstention : 0 »: 43 took part, though the roll
        // lists 35 present (the commission permanente's proxies are not listed).
        assert_eq!(voters(&pdc, &pdc.deliberations[0]), Some(43));
        assert_eq!(in_office(&pdc), Some(44));
    }

    #[test]
    fn a_unanimity_of_expressed_votes_says_nothing_of_abstentions() {
        let mut d = Deliberation::default();
        d.votes.unanimous = true;
        d.votes.for_ = Some(12);
        assert_eq!(against_and_abstention(&d), (Some(0), Some(0)));
        d.votes.unanimity_text = Some("à l'unanimité des suffrages exprimés".to_string());
        assert_eq!(against_and_abstention(&d), (Some(0), None));
    }

    #[test]
    fn twins_share_their_keys() {
        let a = test_support::golden("smo-npdc-numerique-2022-15");
        let mut b = a.clone();
        b.id = "other".to_string();
        assert_eq!(session_key(&a), session_key(&b));
        assert_eq!(deliberation_key(&a, &a.deliberations[0], 0), deliberation_key(&b, &b.deliberations[0], 0));
        assert_ne!(item_id(&a, 0), item_id(&b, 0));
    }
}
