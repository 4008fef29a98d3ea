//! `--format bulk` and `--format bulk-quickwit`: one search document per deliberation,
//! with its document's facts, as newline-delimited JSON — for a corpus larger than one
//! machine, served by an existing distributed engine.
//!
//! `bulk` is the `_bulk` API of Elasticsearch and OpenSearch: an action line
//! `{"index":{"_id":"<record id>#<item index>"}}` then the document line (the index is
//! named in the URL, `POST /deliberations/_bulk`); re-sending a corpus replaces its
//! documents by id. `bulk-quickwit` is the same documents without action lines, which is
//! what Quickwit's ingest API takes (Quickwit has no document id to upsert by: the `id`
//! field is there to deduplicate at query time). The index mapping and the Quickwit index
//! config are committed in deploy/ and checked against these documents by the tests.

use std::io::Write;

use serde::Serialize;

use super::{Context, ExportError, Exporter, subjects};
use crate::model::Record;
use crate::text::floor_char_boundary;

/// One deliberation as a search document. Every field is declared in
/// deploy/elasticsearch/deliberations.mapping.json and deploy/quickwit/deliberations.yaml.
#[derive(Debug, Serialize)]
pub struct SearchDocument<'r> {
    pub id: String,
    pub record_id: &'r str,
    pub item_index: usize,
    pub path: &'r str,
    pub format: &'r str,
    pub status: &'static str,
    pub collectivity: Option<&'r str>,
    pub collectivity_kind: Option<&'r str>,
    pub siren: Option<String>,
    pub siret: Option<String>,
    pub body: Option<&'r str>,
    pub session_date: Option<&'r str>,
    pub session_time: Option<&'r str>,
    pub place: Option<&'r str>,
    pub convocation_date: Option<&'r str>,
    pub president: Option<&'r str>,
    pub secretary: Option<&'r str>,
    pub prefecture_date: Option<&'r str>,
    pub publication_date: Option<&'r str>,
    pub display_date: Option<&'r str>,
    pub acte_id: Option<&'r str>,
    pub number: Option<&'r str>,
    pub title: Option<&'r str>,
    /// The deliberation's own text (its span of the normalized text).
    pub text: Option<&'r str>,
    pub subject_code: Option<String>,
    pub subject_name: Option<String>,
    pub in_office: Option<u32>,
    pub present: Option<u32>,
    pub excused: Option<u32>,
    pub absent: Option<u32>,
    pub proxies: Option<u32>,
    pub voters: Option<u32>,
    pub votes_for: Option<u32>,
    pub votes_against: Option<u32>,
    pub votes_abstention: Option<u32>,
    pub votes_not_voting: Option<u32>,
    pub votes_expressed: Option<u32>,
    pub votes_voters: Option<u32>,
    pub unanimous: bool,
    pub vote_method: Option<&'r str>,
    pub vote_outcome: Option<&'r str>,
    pub members_present: Vec<&'r str>,
    pub members_excused: Vec<&'r str>,
    pub members_absent: Vec<&'r str>,
    /// References as written (« loi n° 2013-595 du 8 juillet 2013 »).
    pub references: Vec<&'r str>,
    pub reference_kinds: Vec<&'r str>,
    /// Numbers of the deliberations cited.
    pub cited_deliberations: Vec<&'r str>,
    pub cited_resolves_to: Vec<&'r str>,
    pub finding_rules: Vec<&'r str>,
    pub worst_severity: Option<&'static str>,
}

/// The search documents of one record, in item order.
pub fn documents<'r>(record: &'r Record, ctx: &Context<'_>) -> Vec<SearchDocument<'r>> {
    let facts = super::facts_of(ctx, record);
    let (stated, counted) = (record.attendance.stated, record.attendance.counted.unwrap_or_default());
    let members = |status: &str| -> Vec<&'r str> {
        record.attendance.members.iter().filter(|m| m.status == status).map(|m| m.name.as_str()).collect()
    };
    let text = record.text.as_deref();
    record
        .deliberations
        .iter()
        .enumerate()
        .map(|(index, d)| {
            let subject = subjects::classify(record, index, ctx.patterns);
            let findings = record.findings.iter().filter(|f| f.deliberation.is_none_or(|i| i == index));
            let worst =
                findings.clone().filter_map(|f| crate::check::Severity::parse(&f.severity)).max().map(|s| s.as_str());
            let own_text = text.map(|t| {
                let start = floor_char_boundary(t, d.span[0].min(t.len()));
                &t[start..floor_char_boundary(t, d.span[1].min(t.len()).max(start))]
            });
            SearchDocument {
                id: super::item_id(record, index),
                record_id: &record.id,
                item_index: index,
                path: &record.source.path,
                format: &record.source.format,
                status: match record.status {
                    crate::model::Status::Ok => "ok",
                    crate::model::Status::Partial => "partial",
                    crate::model::Status::Failed => "failed",
                },
                collectivity: record.collectivity.name.as_deref(),
                collectivity_kind: record.collectivity.kind.as_deref(),
                siren: record.collectivity.siren.clone().or_else(|| facts.and_then(|f| f.siren.clone())),
                siret: facts.and_then(|f| f.siret.clone()),
                body: record.body.as_deref(),
                session_date: record.session.date.as_deref(),
                session_time: record.session.time.as_deref(),
                place: record.session.place.as_deref(),
                convocation_date: record.session.convocation_date.as_deref(),
                president: record.session.president.as_deref(),
                secretary: record.session.secretary.as_deref(),
                prefecture_date: record.transmission.prefecture_date.as_deref(),
                publication_date: record.transmission.publication_date.as_deref(),
                display_date: record.transmission.display_date.as_deref(),
                acte_id: record.transmission.acte_id.as_deref(),
                number: d.number.as_deref(),
                title: d.title.as_deref(),
                text: own_text,
                subject_code: subject.as_ref().map(|s| s.code.clone()),
                subject_name: subject.map(|s| s.name),
                in_office: super::in_office(record),
                present: stated.present.or(counted.present),
                excused: stated.excused.or(counted.excused),
                absent: stated.absent.or(counted.absent),
                proxies: stated.proxies.or(counted.proxies),
                voters: super::voters(record, d),
                votes_for: d.votes.for_,
                votes_against: d.votes.against,
                votes_abstention: d.votes.abstention,
                votes_not_voting: d.votes.not_voting,
                votes_expressed: d.votes.expressed,
                votes_voters: d.votes.voters,
                unanimous: d.votes.unanimous,
                vote_method: d.votes.method.as_deref(),
                vote_outcome: d.votes.outcome.as_deref(),
                members_present: members("present"),
                members_excused: members("excused"),
                members_absent: members("absent"),
                references: d.references.iter().map(|r| r.text.as_str()).collect(),
                reference_kinds: d.references.iter().map(|r| r.kind.as_str()).collect(),
                cited_deliberations: d
                    .references
                    .iter()
                    .filter(|r| r.kind == "deliberation")
                    .filter_map(|r| r.number.as_deref())
                    .collect(),
                cited_resolves_to: d.references.iter().filter_map(|r| r.resolves_to.as_deref()).collect(),
                finding_rules: findings.map(|f| f.rule.as_str()).collect(),
                worst_severity: worst,
            }
        })
        .collect()
}

/// Which engine the lines are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// Elasticsearch / OpenSearch `_bulk`: action line + document line.
    Elasticsearch,
    /// Quickwit ingest: document lines only.
    Quickwit,
}

pub struct BulkExporter<'a, W: Write> {
    out: W,
    ctx: Context<'a>,
    flavor: Flavor,
}

impl<'a, W: Write> BulkExporter<'a, W> {
    pub fn new(out: W, ctx: Context<'a>, flavor: Flavor) -> BulkExporter<'a, W> {
        BulkExporter { out, ctx, flavor }
    }
}

impl<W: Write> Exporter for BulkExporter<'_, W> {
    fn write(&mut self, record: &Record) -> Result<(), ExportError> {
        for doc in documents(record, &self.ctx) {
            if self.flavor == Flavor::Elasticsearch {
                super::json_line(&mut self.out, &serde_json::json!({"index": {"_id": doc.id}}))?;
            }
            super::json_line(&mut self.out, &doc)?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), ExportError> {
        self.out.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Facts;
    use crate::export::test_support::golden;
    use crate::patterns::Patterns;

    fn lines(flavor: Flavor) -> Vec<serde_json::Value> {
        let patterns = Patterns::embedded();
        let facts = Facts::none();
        let mut out = Vec::new();
        let mut exporter =
            Box::new(BulkExporter::new(&mut out, Context { facts: &facts, patterns: &patterns }, flavor));
        exporter.write(&golden("gruson-2023-57")).unwrap();
        exporter.write(&golden("pas-de-calais-cp-2022-394")).unwrap();
        exporter.finish().unwrap();
        String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    }

    #[test]
    fn an_action_line_precedes_each_document_for_elasticsearch_only() {
        let es = lines(Flavor::Elasticsearch);
        assert_eq!(es.len(), 4);
        let id = es[1]["id"].as_str().unwrap();
        assert_eq!(es[0]["index"]["_id"], id);
        assert!(id.ends_with("#0"));
        assert_eq!(es[1]["members_excused"].as_array().unwrap().len(), 2);
        assert_eq!(es[1]["subject_code"], "5.7");
        let qw = lines(Flavor::Quickwit);
        assert_eq!(qw, vec![es[1].clone(), es[3].clone()]);
    }
}
