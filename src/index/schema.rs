//! What the index holds. Three kinds of entries share one schema:
//! - one `deliberation` entry per deliberation (the unit people search), carrying its
//!   document's facts, and a stored [`Hit`] so that a result prints without re-reading
//!   anything;
//! - one `document` entry per distinct content (the same bytes at two paths are one
//!   document), never returned by searches, carrying the whole record with its text and
//!   every path that holds it;
//! - one `file` entry per path, with what the upsert compares: size, time and hash.
//!
//! Deliberation and document entries carry their content's hash (`content`), so that a
//! document is replaced or removed with one delete; file entries carry their `path`.
//! A readable document in which no deliberation was found still gets one searchable
//! entry (item `None`), so that its words can be found.

use serde::{Deserialize, Serialize};
use tantivy::TantivyDocument;
use tantivy::schema::{
    FAST, Facet, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use super::analyzer::{FRENCH, NAMES};
use super::resolve::Target;
use crate::model::{ItemAttendance, Member, Record, Reference, Span, Status, Votes};

pub const ENTRY_FILE: &str = "file";
pub const ENTRY_DOCUMENT: &str = "document";
pub const ENTRY_DELIBERATION: &str = "deliberation";

/// The fields of the schema, by role.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `file`, `document` or `deliberation`.
    pub entry: Field,
    /// The canonical path of the file (file entries): what upsert and prune key on.
    pub path: Field,
    /// The file's hash (file entries).
    pub sha256: Field,
    /// The hash of the content a document or deliberation entry was read from.
    pub content: Field,
    pub size: Field,
    /// Modification time in nanoseconds since the epoch.
    pub mtime: Field,
    pub record_id: Field,
    /// `id#index` of a deliberation (the record id alone for a document without one).
    pub key: Field,
    /// The record as JSON, with its text (document entries).
    pub record: Field,
    /// The stored [`Hit`] as JSON (deliberation entries).
    pub hit: Field,
    pub title: Field,
    pub text: Field,
    /// The document's shared part before its first deliberation (session, roll).
    pub header: Field,
    pub collectivity: Field,
    pub kind: Field,
    pub body: Field,
    pub number: Field,
    /// The session date as `YYYYMMDD`, for date ranges.
    pub day: Field,
    pub year: Field,
    pub member: Field,
    pub rule: Field,
    /// Numbers of the acts the deliberation cites (exact match).
    pub reference: Field,
    /// Keys of the deliberations its references resolve to.
    pub cites: Field,
    /// Keys of the candidates of its ambiguous references.
    pub cites_maybe: Field,
    /// What citation resolution needs of the deliberation, and its references to other
    /// deliberations, as JSON in fast fields: the resolution pass over the whole index
    /// then reads columns, not the stored records (which would map the whole store).
    pub target: Field,
    pub citations: Field,
    pub facet: Field,
}

fn text_field(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(analyzer).set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// The schema of a registre index and its fields.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        entry: b.add_text_field("entry", STRING),
        path: b.add_text_field("path", STRING | STORED | FAST),
        sha256: b.add_text_field("sha256", STRING | STORED | FAST),
        content: b.add_text_field("content", STRING),
        size: b.add_u64_field("size", STORED | FAST),
        mtime: b.add_u64_field("mtime", STORED | FAST),
        record_id: b.add_text_field("id", STRING | STORED),
        key: b.add_text_field("key", STRING | STORED),
        record: b.add_text_field("record", STORED),
        hit: b.add_text_field("hit", STORED),
        title: b.add_text_field("title", text_field(FRENCH)),
        text: b.add_text_field("text", text_field(FRENCH)),
        header: b.add_text_field("header", text_field(FRENCH)),
        collectivity: b.add_text_field("collectivity", text_field(NAMES)),
        kind: b.add_text_field("kind", STRING),
        body: b.add_text_field("body", text_field(NAMES)),
        number: b.add_text_field("number", STRING),
        day: b.add_u64_field("day", INDEXED | FAST),
        year: b.add_u64_field("year", INDEXED | FAST),
        member: b.add_text_field("member", text_field(NAMES)),
        rule: b.add_text_field("rule", STRING),
        reference: b.add_text_field("ref", STRING),
        cites: b.add_text_field("cites", STRING),
        cites_maybe: b.add_text_field("cites_maybe", STRING),
        // Read as columns only, never searched: not indexed (as terms they were a seventh
        // of the indexing threads' time, each a unique JSON string in the dictionary).
        target: b.add_text_field("target", FAST),
        citations: b.add_text_field("citations", FAST),
        facet: b.add_facet_field("facet", tantivy::schema::FacetOptions::default()),
    };
    (b.build(), fields)
}

/// A deliberation as the index returns it: enough to print a hit, resolve a citation or
/// say what a member did, without re-reading the file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Hit {
    /// `id#index`, or the record id when the document has no deliberation.
    pub key: String,
    pub record_id: String,
    pub item: Option<usize>,
    /// The path as it was given at ingest.
    pub path: String,
    pub collectivity: Option<String>,
    pub collectivity_kind: Option<String>,
    pub body: Option<String>,
    pub number: Option<String>,
    pub date: Option<String>,
    pub title: Option<String>,
    pub votes: Option<Votes>,
    pub members: Vec<Member>,
    pub item_attendance: Option<ItemAttendance>,
    /// Rule ids of the findings on this deliberation or on its whole document.
    pub rules: Vec<String>,
    pub references: Vec<Reference>,
    /// Where the item stands in its record's text.
    pub span: Option<Span>,
}

/// The file an entry was read from, as the upsert compares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMeta {
    /// Canonical path.
    pub path: String,
    pub size: u64,
    pub mtime: u64,
}

/// The key of a deliberation in the graph and the index: `id#index`.
pub fn deliberation_key(record_id: &str, item: usize) -> String {
    format!("{record_id}#{item}")
}

/// A deliberation number in the form references and records are compared in: lower
/// case, each run of separators one hyphen (« 2022 / 15 » = « 2022-15 »).
pub fn number_key(number: &str) -> String {
    let mut out = String::with_capacity(number.len());
    for c in crate::text::fold(number).chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn day_of(date: &str) -> Option<u64> {
    let digits: String = date.chars().filter(char::is_ascii_digit).collect();
    (digits.len() == 8).then(|| digits.parse().ok()).flatten()
}

/// The hits of a record: one per deliberation, or one for the whole document when it has
/// none (a failed document has none at all).
pub fn hits(record: &Record, path: &str) -> Vec<Hit> {
    if record.status == Status::Failed {
        return Vec::new();
    }
    let base = Hit {
        key: record.id.clone(),
        record_id: record.id.clone(),
        item: None,
        path: path.to_string(),
        collectivity: record.collectivity.name.clone(),
        collectivity_kind: record.collectivity.kind.clone(),
        body: record.body.clone(),
        number: None,
        date: record.session.date.clone(),
        title: None,
        votes: None,
        members: record.attendance.members.iter().map(|m| Member { span: None, ..m.clone() }).collect(),
        item_attendance: None,
        rules: rules_of(record, None),
        references: Vec::new(),
        span: None,
    };
    if record.deliberations.is_empty() {
        return vec![base];
    }
    record
        .deliberations
        .iter()
        .enumerate()
        .map(|(i, d)| Hit {
            key: deliberation_key(&record.id, i),
            item: Some(i),
            number: d.number.clone(),
            title: d.title.clone(),
            votes: Some(d.votes.clone()),
            item_attendance: d.attendance.clone(),
            rules: rules_of(record, Some(i)),
            references: d.references.clone(),
            span: Some(d.span),
            ..base.clone()
        })
        .collect()
}

fn rules_of(record: &Record, item: Option<usize>) -> Vec<String> {
    let mut rules: Vec<String> = record
        .findings
        .iter()
        .filter(|f| f.deliberation.is_none() || f.deliberation == item)
        .map(|f| f.rule.clone())
        .collect();
    rules.sort();
    rules.dedup();
    rules
}

fn slice(text: &str, span: Span) -> &str {
    let start = crate::text::floor_char_boundary(text, span[0]);
    let end = crate::text::floor_char_boundary(text, span[1].max(span[0]));
    &text[start..end]
}

/// The text a hit's words are searched in: its item's span of the record text, or the
/// whole text for a document without deliberations.
pub fn hit_text<'a>(record_text: &'a str, hit: &Hit) -> &'a str {
    match hit.span {
        Some(span) => slice(record_text, span),
        None => record_text,
    }
}

/// The entry of one file: its path, size, time and hash.
pub fn file_entry(file: &FileMeta, sha256: &str, f: &Fields) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.entry, ENTRY_FILE);
    doc.add_text(f.path, &file.path);
    doc.add_text(f.sha256, sha256);
    doc.add_u64(f.size, file.size);
    doc.add_u64(f.mtime, file.mtime);
    // The record id too, so that a record leads to the files holding it.
    doc.add_text(f.record_id, &sha256[..sha256.len().min(16)]);
    doc
}

/// The entries of one content: its document entry, then one per hit.
pub fn content_entries(record: &Record, f: &Fields) -> Vec<TantivyDocument> {
    let mut document = TantivyDocument::default();
    document.add_text(f.entry, ENTRY_DOCUMENT);
    add_content(&mut document, record, f);
    document.add_text(f.record, serde_json::to_string(record).expect("a record always serializes"));
    let mut out = vec![document];
    let text = record.text.as_deref().unwrap_or("");
    let header_end = record.deliberations.iter().map(|d| d.span[0]).min().unwrap_or(0);
    let header = slice(text, [0, header_end]);
    for hit in hits(record, &record.source.path) {
        let mut doc = TantivyDocument::default();
        doc.add_text(f.entry, ENTRY_DELIBERATION);
        add_content(&mut doc, record, f);
        doc.add_text(f.key, &hit.key);
        if let Some(title) = &hit.title {
            doc.add_text(f.title, title);
        }
        doc.add_text(f.text, hit_text(text, &hit));
        doc.add_text(f.header, header);
        if let Some(name) = &hit.collectivity {
            doc.add_text(f.collectivity, name);
            doc.add_facet(f.facet, Facet::from_path(["collectivity", name.as_str()]));
        }
        if let Some(kind) = &hit.collectivity_kind {
            doc.add_text(f.kind, kind);
        }
        if let Some(body) = &hit.body {
            doc.add_text(f.body, body);
            doc.add_facet(f.facet, Facet::from_path(["body", body.as_str()]));
        }
        if let Some(number) = &hit.number {
            doc.add_text(f.number, number_key(number));
        }
        if let Some(day) = hit.date.as_deref().and_then(day_of) {
            doc.add_u64(f.day, day);
            doc.add_u64(f.year, day / 10_000);
            doc.add_facet(f.facet, Facet::from_path(["year", (day / 10_000).to_string().as_str()]));
        }
        for m in &hit.members {
            doc.add_text(f.member, &m.name);
        }
        for rule in &hit.rules {
            doc.add_text(f.rule, rule);
            doc.add_facet(f.facet, Facet::from_path(["rule", rule.as_str()]));
        }
        for r in &hit.references {
            if let Some(n) = &r.number {
                doc.add_text(f.reference, number_key(n));
            }
            if let Some(target) = &r.resolves_to {
                doc.add_text(f.cites, target);
            }
            for candidate in &r.candidates {
                doc.add_text(f.cites_maybe, candidate);
            }
        }
        doc.add_text(f.target, serde_json::to_string(&Target::of(&hit)).expect("a target always serializes"));
        let citations: Vec<Reference> = hit
            .references
            .iter()
            .filter(|r| r.kind == "deliberation")
            .map(|r| Reference { text: String::new(), span: [0, 0], page: None, ..r.clone() })
            .collect();
        if !citations.is_empty() {
            doc.add_text(f.citations, serde_json::to_string(&citations).expect("references always serialize"));
        }
        doc.add_text(f.hit, serde_json::to_string(&hit).expect("a hit always serializes"));
        out.push(doc);
    }
    out
}

fn add_content(doc: &mut TantivyDocument, record: &Record, f: &Fields) {
    doc.add_text(f.content, &record.source.sha256);
    doc.add_text(f.record_id, &record.id);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_whatever_their_separators() {
        assert_eq!(number_key("2022 – 15"), "2022-15");
        assert_eq!(number_key("2022/15"), "2022-15");
        assert_eq!(number_key("DCM-2023-57 "), "dcm-2023-57");
    }

    #[test]
    fn a_session_date_becomes_a_day_number() {
        assert_eq!(day_of("2022-06-16"), Some(20220616));
        assert_eq!(day_of("2022-06"), None);
    }
}
