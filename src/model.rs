//! The deliberation record: the output contract of ../shared/record-format.md (schema
//! `registre/1`). Every stage reads or fills these types; field names are fixed by the
//! contract, so renaming one here is a breaking change for users' scripts.
//!
//! Glossary (French → field): *collectivité* → `collectivity`, *organe délibérant* → `body`,
//! *séance* → `session`, *convocation* → `convocation_date`, *secrétaire de séance* →
//! `secretary`, *en exercice* → `in_office`, *excusé* → `excused`, *pouvoir* → `proxy_to`,
//! *votants* → `voters`, *suffrages exprimés* → `expressed`, *ne prend pas part au vote* →
//! `not_voting`, *Vu …* → `references`, *transmission en préfecture* → `prefecture_date`,
//! *affichage* → `display_date`, *identifiant @ctes* → `acte_id`.

use serde::{Deserialize, Serialize};

pub const SCHEMA: &str = "registre/1";

/// A half-open byte range `[start, end)` into the record's normalized text.
pub type Span = [usize; 2];

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Record {
    pub schema: String,
    pub id: String,
    pub source: Source,
    pub status: Status,
    pub error: Option<String>,
    pub collectivity: Collectivity,
    pub body: Option<String>,
    pub session: Session,
    pub attendance: Attendance,
    pub deliberations: Vec<Deliberation>,
    pub transmission: Transmission,
    pub findings: Vec<Finding>,
    /// The normalized text every span points into; only printed with `--with-text`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub text: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Source {
    pub path: String,
    pub sha256: String,
    pub format: String,
    pub bytes: u64,
    pub pages: Option<u32>,
    /// Every path that holds these same bytes, when there are several (the index keeps
    /// one document for them; `path` is the first).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub paths: Vec<String>,
    /// The encoding the bytes were decoded from (`utf-8`, `windows-1252`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub encoding: Option<String>,
    /// Pages read by OCR (no text layer), with tesseract's mean word confidence (0–100).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub ocr_pages: Vec<OcrPageInfo>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OcrPageInfo {
    pub page: u32,
    pub confidence: f32,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Partial,
    Failed,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Collectivity {
    pub name: Option<String>,
    /// `commune`, `epci`, `syndicat_mixte`, `departement`, `region`.
    pub kind: Option<String>,
    pub siren: Option<String>,
    /// The finer legal form when the text names it (« syndicat mixte ouvert »,
    /// « communauté de communes »…): the checks need SMO vs SMF.
    #[serde(default)]
    pub form: Option<String>,
    #[serde(default)]
    pub span: Option<Span>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Session {
    pub date: Option<String>,
    pub time: Option<String>,
    pub place: Option<String>,
    pub convocation_date: Option<String>,
    pub president: Option<String>,
    pub secretary: Option<String>,
    /// The weekday the text states with the session date (« le mardi … »), for check F2.
    #[serde(default)]
    pub weekday: Option<String>,
    #[serde(default)]
    pub span: Option<Span>,
    /// What the text says about how the session was held and its record certified, for
    /// the checks (quorum declared, urgency, certification…); omitted when it says nothing.
    #[serde(default, skip_serializing_if = "Formalities::is_empty")]
    pub formalities: Formalities,
}

/// Formal statements a prefecture officer looks for around the vote
/// (../shared/legal-checks.md §2, §5, §7). Each is where the text says it, as a span.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Formalities {
    /// « Le quorum étant atteint ».
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum_declared: Option<Span>,
    /// The session was convened in urgency (« convoqué en urgence »).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency: Option<Span>,
    /// *Deuxième convocation* after a failed quorum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_convocation: Option<Span>,
    /// The date of the session whose quorum failed, when the text gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_session_date: Option<String>,
    /// « Pour extrait conforme », « copie certifiée conforme ».
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certification: Option<Span>,
    /// Signature blocks (« Le Maire, » then a name), in text order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signatures: Vec<Signature>,
    /// The appeal mention (tribunal administratif, two months).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appeal: Option<Span>,
    /// Indices of the deliberations whose object is a *compte administratif*.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compte_administratif: Vec<usize>,
    /// Text left from a template (« commune de XX », « [...] »), anywhere in the text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub template_residue: Vec<Span>,
    /// The bodies the text has deciding (« Le Conseil Communautaire, après en avoir
    /// délibéré »), canonical name and span: a body other than the issuer's is residue of
    /// another collectivity's model.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deciding_bodies: Vec<(String, Span)>,
    /// Where the annexed documents start (their heading), when after the vote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annexes_from: Option<usize>,
}

impl Formalities {
    pub fn is_empty(&self) -> bool {
        *self == Formalities::default()
    }
}

/// One signature block: whose (`president` or `secretary`) and the name signed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Signature {
    pub role: String,
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Attendance {
    pub members: Vec<Member>,
    pub stated: Totals,
    /// Computed from `members`; `None` when no member list was found.
    pub counted: Option<Totals>,
    /// People attending *sans voix délibérative*: listed, never counted.
    #[serde(default)]
    pub non_voting_attendees: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Member {
    pub name: String,
    pub title: Option<String>,
    pub group: Option<String>,
    /// `present`, `absent`, `excused`.
    pub status: String,
    pub proxy_to: Option<String>,
    #[serde(default)]
    pub span: Option<Span>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Totals {
    pub in_office: Option<u32>,
    pub present: Option<u32>,
    pub absent: Option<u32>,
    pub excused: Option<u32>,
    pub proxies: Option<u32>,
    pub voters: Option<u32>,
}

impl Totals {
    pub fn is_empty(&self) -> bool {
        *self == Totals::default()
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Deliberation {
    pub number: Option<String>,
    pub title: Option<String>,
    pub votes: Votes,
    pub attendance: Option<ItemAttendance>,
    pub references: Vec<Reference>,
    pub span: Span,
    /// The item's place in a compte rendu as its heading writes it (« 1 », « II »), which
    /// is not a deliberation number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordinal: Option<String>,
    /// The number as the text writes it (« 2022 – 15 »), when normalization changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_as_written: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Votes {
    #[serde(rename = "for")]
    pub for_: Option<u32>,
    pub against: Option<u32>,
    pub abstention: Option<u32>,
    pub not_voting: Option<u32>,
    /// Blank and spoiled ballots (*blancs*, *nuls*): cast, but never *exprimés*.
    #[serde(default)]
    pub blank: Option<u32>,
    #[serde(default)]
    pub spoiled: Option<u32>,
    pub expressed: Option<u32>,
    pub voters: Option<u32>,
    pub unanimous: bool,
    pub method: Option<String>,
    /// `adopted` or `rejected` when the text says so.
    #[serde(default)]
    pub outcome: Option<String>,
    /// Members the text counts as absent without a proxy (« Absent sans délégation de vote : 1 »).
    #[serde(default)]
    pub absent_without_proxy: Option<u32>,
    /// Votes given per political group, when the text counts them (« pour : 15 (groupe
    /// Majorité : 11 ; groupe Opposition : 4) », « Groupe X : 11 pour, 2 contre »).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_group: Vec<GroupVote>,
    /// The wording of a unanimity (« à l'unanimité des suffrages exprimés »): not every
    /// unanimity means that nobody abstained.
    #[serde(default)]
    pub unanimity_text: Option<String>,
    #[serde(default)]
    pub span: Option<Span>,
}

impl Votes {
    pub fn is_empty(&self) -> bool {
        self.for_.is_none()
            && self.against.is_none()
            && self.abstention.is_none()
            && self.not_voting.is_none()
            && self.expressed.is_none()
            && self.voters.is_none()
            && !self.unanimous
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct GroupVote {
    pub group: String,
    #[serde(rename = "for")]
    pub for_: Option<u32>,
    pub against: Option<u32>,
    pub abstention: Option<u32>,
    pub span: Span,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ItemAttendance {
    pub present: Option<u32>,
    pub proxies: Option<u32>,
    pub voters: Option<u32>,
    pub not_voting: Vec<String>,
    pub changes: Vec<RollChange>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RollChange {
    pub member: String,
    /// `arrives` or `leaves`.
    pub change: String,
    pub proxy_to: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Reference {
    /// `deliberation`, `law`, `decree`, `ordinance`, `code_article`, `order`, `other`.
    pub kind: String,
    pub number: Option<String>,
    pub date: Option<String>,
    pub issuer: Option<String>,
    pub text: String,
    pub span: Span,
    pub resolves_to: Option<String>,
    /// When the reference fits several deliberations of the index (a date-only reference
    /// to a session that adopted several), their keys: kept rather than guessed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
    /// The PDF page the reference stands on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Transmission {
    pub prefecture_date: Option<String>,
    pub publication_date: Option<String>,
    pub display_date: Option<String>,
    pub acte_id: Option<String>,
    /// Every dated mention found, by role, so that the checks can see two sources disagree.
    #[serde(default)]
    pub mentions: Vec<DatedMention>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DatedMention {
    /// `prefecture_stamp`, `prefecture`, `publication`, `display`.
    pub role: String,
    /// `None` when the stamp field was left blank (« Affiché le » with no date).
    pub date: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Finding {
    pub rule: String,
    /// `info`, `warning` or `error`.
    pub severity: String,
    pub deliberation: Option<usize>,
    /// The evidence the finding rests on, in the normalized text.
    pub span: Option<Span>,
    pub message: String,
    /// The evidence as the text writes it (one line, shortened), when there is a span.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// The 1-based line of the evidence in the normalized text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The 1-based page of the evidence, for paged sources (PDF).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}
