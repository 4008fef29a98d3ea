//! Legality checks: what a prefecture officer sees in the roll and the vote
//! (../shared/legal-checks.md). [`check`] reads a [`Record`] (with its normalized text
//! for evidence) and the user's [`Facts`], and returns findings, each with a stable rule
//! id. Every rule is a small function in the module of its family, registered in
//! [`RULES`] with its severity, statement, legal source, validity dates and a passing
//! and a failing example (`registre rules V1`).
//!
//! A rule whose inputs the document does not give reports `NOT_CHECKABLE` at INFO; no
//! rule invents a fact. A figure the document does not state (suffrages exprimés,
//! stated counts) cannot be inconsistent, so comparisons with it report nothing.

pub mod actes;
pub mod composition;
pub mod context;
pub mod convocation;
pub mod examples;
pub mod facts;
pub mod formalities;
pub mod names;
pub mod proxies;
pub mod quorum;
pub mod regimes;
pub mod report;
pub mod votes;

use std::collections::BTreeSet;
use std::fmt;

pub use context::{BodyKind, Ctx};
pub use facts::Facts;

use crate::messages::Lang;
use crate::model::{Finding, Record, Span};

/// How serious a finding is (legal-checks.md, preamble).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_str().to_uppercase())
    }
}

/// A message in the user's language; both literals may use the caller's variables.
#[macro_export]
macro_rules! say {
    ($lang:expr, $fr:literal, $en:literal) => {
        match $lang {
            $crate::messages::Lang::Fr => format!($fr),
            $crate::messages::Lang::En => format!($en),
        }
    };
}

/// Where a rule's findings go while it runs.
pub struct Out {
    rule: &'static str,
    findings: Vec<Finding>,
}

impl Out {
    fn new() -> Out {
        Out { rule: "", findings: Vec::new() }
    }

    pub fn push(&mut self, severity: Severity, deliberation: Option<usize>, span: Option<Span>, message: String) {
        self.findings.push(Finding {
            rule: self.rule.to_string(),
            severity: severity.as_str().to_string(),
            deliberation,
            span,
            message,
            evidence: None,
            line: None,
            page: None,
        });
    }

    /// `NOT_CHECKABLE (<missing input>)` at INFO.
    pub fn not_checkable(&mut self, deliberation: Option<usize>, missing: &str) {
        self.push(Severity::Info, deliberation, None, format!("NOT_CHECKABLE ({missing})"));
    }
}

/// One rule of the specification.
pub struct RuleSpec {
    pub id: &'static str,
    /// The highest severity the rule reports.
    pub severity: Severity,
    pub statement_fr: &'static str,
    pub statement_en: &'static str,
    pub source: &'static str,
    /// When the rule applies (session dates), « always » when the CGCT did not change.
    pub valid: &'static str,
    /// A document the rule passes, and one it reports at `severity`.
    pub pass: fn() -> String,
    pub fail: fn() -> String,
    pub run: fn(&Ctx, &mut Out),
}

impl RuleSpec {
    pub fn statement(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Fr => self.statement_fr,
            Lang::En => self.statement_en,
        }
    }
}

/// Every rule, in the specification's order.
pub static RULES: &[RuleSpec] = &[
    quorum::Q1,
    quorum::Q2,
    quorum::Q3,
    quorum::Q4,
    proxies::P1,
    proxies::P2,
    proxies::P3,
    proxies::P4,
    proxies::P5,
    proxies::P6,
    votes::V1,
    votes::V2,
    votes::V3,
    votes::V4,
    votes::V5,
    votes::V6,
    votes::V7,
    votes::V8,
    convocation::D1,
    composition::C1,
    composition::C2,
    composition::C3,
    composition::C4,
    composition::C5,
    composition::C6,
    composition::C7,
    formalities::F1,
    formalities::F2,
    formalities::F3,
    formalities::F4,
    formalities::F5,
    formalities::F6,
    formalities::F7,
    formalities::F8,
    formalities::F9,
    actes::A1,
    actes::A2,
    actes::A3,
    actes::A4,
    actes::A5,
    actes::A6,
];

/// The rule of an id, any case.
pub fn rule(id: &str) -> Option<&'static RuleSpec> {
    RULES.iter().find(|r| r.id.eq_ignore_ascii_case(id.trim()))
}

/// An unknown rule id in `--rules` or `--skip`.
#[derive(Debug, thiserror::Error)]
#[error("unknown rule {0:?} (see `registre rules`)")]
pub struct UnknownRule(pub String);

/// Which rules run, what is kept, and in which language messages are written.
#[derive(Debug, Clone)]
pub struct RuleSelection {
    only: Option<BTreeSet<&'static str>>,
    skip: BTreeSet<&'static str>,
    pub min_severity: Severity,
    pub lang: Lang,
}

impl Default for RuleSelection {
    fn default() -> RuleSelection {
        RuleSelection { only: None, skip: BTreeSet::new(), min_severity: Severity::Info, lang: Lang::Fr }
    }
}

impl RuleSelection {
    /// Every rule, every severity, messages in French.
    pub fn all() -> RuleSelection {
        RuleSelection::default()
    }

    /// From `--rules` and `--skip` lists (ids or family letters: `Q`, `V`…).
    pub fn from_lists(only: &[String], skip: &[String]) -> Result<RuleSelection, UnknownRule> {
        let expand = |list: &[String]| -> Result<BTreeSet<&'static str>, UnknownRule> {
            let mut ids = BTreeSet::new();
            for item in list.iter().flat_map(|s| s.split(',')).map(str::trim).filter(|s| !s.is_empty()) {
                let family: Vec<&'static str> =
                    RULES.iter().filter(|r| r.id[..1].eq_ignore_ascii_case(item)).map(|r| r.id).collect();
                match rule(item) {
                    Some(r) => {
                        ids.insert(r.id);
                    }
                    None if item.len() == 1 && !family.is_empty() => ids.extend(family),
                    None => return Err(UnknownRule(item.to_string())),
                }
            }
            Ok(ids)
        };
        let only = if only.is_empty() { None } else { Some(expand(only)?) };
        Ok(RuleSelection { only, skip: expand(skip)?, ..RuleSelection::default() })
    }

    pub fn with_lang(mut self, lang: Lang) -> RuleSelection {
        self.lang = lang;
        self
    }

    pub fn with_min_severity(mut self, min: Severity) -> RuleSelection {
        self.min_severity = min;
        self
    }

    fn runs(&self, id: &str) -> bool {
        self.only.as_ref().is_none_or(|o| o.contains(id)) && !self.skip.contains(id)
    }
}

/// Checks one record. Needs `record.text` for evidence and line numbers (without it the
/// findings keep their spans only). Findings come in rule order, then text order.
pub fn check(record: &Record, facts: &Facts, selection: &RuleSelection) -> Vec<Finding> {
    if record.status == crate::model::Status::Failed {
        return Vec::new();
    }
    let ctx = Ctx::new(record, facts.lookup(record), selection.lang);
    let mut out = Out::new();
    for spec in RULES.iter().filter(|r| selection.runs(r.id)) {
        out.rule = spec.id;
        (spec.run)(&ctx, &mut out);
    }
    let mut findings = out.findings;
    findings.retain(|f| Severity::parse(&f.severity).is_some_and(|s| s >= selection.min_severity));
    for f in &mut findings {
        report::attach_evidence(f, record);
    }
    findings
}

/// The highest severity among findings, if any.
pub fn worst(findings: &[Finding]) -> Option<Severity> {
    findings.iter().filter_map(|f| Severity::parse(&f.severity)).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The severity each rule's failing example shows: its own, except where the
    /// example can only reach a softer one (SMO statutes, NOT_CHECKABLE).
    fn expected(spec: &RuleSpec) -> Severity {
        match spec.id {
            "P1" => Severity::Warning, // a syndicat mixte ouvert: statutes govern
            _ => spec.severity,
        }
    }

    #[test]
    fn every_rule_passes_its_passing_example_and_reports_its_failing_one() {
        let facts = examples::example_facts();
        let mut problems = Vec::new();
        for spec in RULES {
            let (_, pass) = examples::run(&(spec.pass)(), &facts);
            let bad: Vec<_> = pass
                .iter()
                .filter(|f| f.rule == spec.id && (f.severity != "info" || spec.severity == Severity::Info))
                .collect();
            if !bad.is_empty() {
                problems.push(format!("{} pass example reports {:?}", spec.id, bad));
            }
            let (_, fail) = examples::run(&(spec.fail)(), &facts);
            let want = expected(spec);
            if !fail.iter().any(|f| f.rule == spec.id && Severity::parse(&f.severity) == Some(want)) {
                let mine: Vec<_> = fail.iter().filter(|f| f.rule == spec.id).collect();
                problems.push(format!("{} fail example: want {want}, got {mine:?}", spec.id));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn ids_are_unique_and_families_expand() {
        let ids: BTreeSet<_> = RULES.iter().map(|r| r.id).collect();
        assert_eq!(ids.len(), RULES.len());
        assert_eq!(RULES.len(), 41);
        let sel = RuleSelection::from_lists(&["Q".to_string(), "v1".to_string()], &["Q4".to_string()]).unwrap();
        assert!(sel.runs("Q1") && sel.runs("V1") && !sel.runs("Q4") && !sel.runs("V2"));
        assert!(RuleSelection::from_lists(&["Z9".to_string()], &[]).is_err());
    }
}
