//! What every rule reads, derived once per record (legal-checks.md §0): the body kind,
//! the session date and the regime in force, the population, and for each deliberation
//! the roll's counts N, P, R, A and NPPV with where each comes from.

use crate::check::facts::CollectivityFacts;
use crate::check::names::{self, NameKey, Resolution};
use crate::check::regimes::{Regime, regime_on};
use crate::date::Date;
use crate::messages::Lang;
use crate::model::{Deliberation, Record, Span};
use crate::text::fold;

/// The kind of deliberating body, which decides the quorum, proxy and delay rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Commune,
    /// Communauté, métropole, syndicat de communes (and their bureaux).
    Epci,
    /// *Syndicat mixte fermé*.
    Smf,
    /// *Syndicat mixte ouvert*: its statutes govern, so ERRORs become WARNINGs.
    Smo,
    Dept,
    Region,
    DeptCp,
    RegionCp,
}

impl BodyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BodyKind::Commune => "COMMUNE",
            BodyKind::Epci => "EPCI",
            BodyKind::Smf => "SMF",
            BodyKind::Smo => "SMO",
            BodyKind::Dept => "DEPT",
            BodyKind::Region => "REGION",
            BodyKind::DeptCp => "DEPT_CP",
            BodyKind::RegionCp => "REGION_CP",
        }
    }

    pub fn is_cp(self) -> bool {
        matches!(self, BodyKind::DeptCp | BodyKind::RegionCp)
    }

    /// Communes and the bodies the CGCT aligns on them (L5211-1, L5711-1).
    pub fn is_communal(self) -> bool {
        matches!(self, BodyKind::Commune | BodyKind::Epci | BodyKind::Smf)
    }
}

/// The body and how sure we are of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Body {
    pub kind: BodyKind,
    /// A syndicat mixte whose form the text does not say: treated as SMO.
    pub assumed_smo: bool,
}

/// Where the number of represented members comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RSource {
    /// Proxies named in the roll.
    Named,
    /// A stated number of *pouvoirs* / *représentés*.
    Stated,
    /// Derived from totals (absent without proxy, votants − présents): holders unknown.
    Derived,
    Unknown,
}

/// The roll as it stands for one deliberation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub n: Option<u32>,
    pub p: Option<u32>,
    pub r: Option<u32>,
    pub r_source: RSource,
    /// Present members who do not take part in the vote.
    pub nppv: u32,
    /// The item restates its own roll (Q4).
    pub item_level: bool,
}

impl Counts {
    /// `Pq` = present minus present NPPV.
    pub fn pq(&self) -> Option<u32> {
        self.p.map(|p| p.saturating_sub(self.nppv))
    }
}

/// The votes of one deliberation as the checks read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub pour: u32,
    pub contre: u32,
    pub abst: u32,
    pub blank: u32,
    pub spoiled: u32,
}

impl Tally {
    /// *Suffrages exprimés*: pour + contre.
    pub fn e(&self) -> u32 {
        self.pour + self.contre
    }

    /// Votes cast: every ballot, expressed or not.
    pub fn vc(&self) -> u32 {
        self.pour + self.contre + self.abst + self.blank + self.spoiled
    }
}

/// The population of a commune and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PopulationRange {
    pub low: u32,
    /// Inclusive upper bound (`u32::MAX` when open).
    pub high: u32,
    pub from_facts: bool,
}

impl PopulationRange {
    pub fn below(&self, n: u32) -> Option<bool> {
        if self.high < n {
            Some(true)
        } else if self.low >= n {
            Some(false)
        } else {
            None
        }
    }
}

/// Legal council sizes of communes (L2121-2): (population below, members).
pub const COUNCIL_SIZES: &[(u32, u32)] = &[
    (100, 7),
    (500, 11),
    (1_500, 15),
    (2_500, 19),
    (3_500, 23),
    (5_000, 27),
    (10_000, 29),
    (20_000, 33),
    (30_000, 35),
    (40_000, 39),
    (50_000, 43),
    (60_000, 45),
    (80_000, 49),
    (100_000, 53),
    (150_000, 55),
    (200_000, 59),
    (250_000, 61),
    (300_000, 65),
    (u32::MAX, 69),
];

/// The legal council size for a population.
pub fn council_size(population: u32) -> u32 {
    COUNCIL_SIZES.iter().find(|(below, _)| population < *below).map_or(69, |(_, n)| *n)
}

/// The population bracket a council of exactly `n` members implies (15 → 500–1,499).
pub fn bracket_of_size(n: u32) -> Option<(u32, u32)> {
    let i = COUNCIL_SIZES.iter().position(|(_, size)| *size == n)?;
    let low = if i == 0 { 0 } else { COUNCIL_SIZES[i - 1].0 };
    Some((low, COUNCIL_SIZES[i].0.saturating_sub(1)))
}

/// Everything the rules read about one record.
pub struct Ctx<'a> {
    pub record: &'a Record,
    pub facts: Option<&'a CollectivityFacts>,
    pub lang: Lang,
    pub body: Option<Body>,
    pub session: Option<Date>,
    pub regime: Option<Regime>,
    pub population: Option<PopulationRange>,
    /// One per deliberation.
    pub counts: Vec<Counts>,
    /// The roll's name keys, built on first use: a proxy or a signature is matched
    /// against every member, by several rules.
    roll_keys: std::cell::OnceCell<Vec<NameKey>>,
}

fn body_of(record: &Record, facts: Option<&CollectivityFacts>) -> Option<Body> {
    let kind = record.collectivity.kind.as_deref().map(fold);
    let body = record.body.as_deref().map(fold).unwrap_or_default();
    let form = facts
        .and_then(|f| f.form.as_deref())
        .map(fold)
        .or_else(|| record.collectivity.form.as_deref().map(fold))
        .unwrap_or_default();
    let cp = body.contains("commission permanente");
    let plain = |kind| Some(Body { kind, assumed_smo: false });
    match kind.as_deref() {
        Some("commune") => plain(BodyKind::Commune),
        Some("epci") => plain(BodyKind::Epci),
        Some("departement") if cp => plain(BodyKind::DeptCp),
        Some("departement") => plain(BodyKind::Dept),
        Some("region") if cp => plain(BodyKind::RegionCp),
        Some("region") => plain(BodyKind::Region),
        Some("syndicat_mixte") if form.contains("ferm") || form == "smf" => plain(BodyKind::Smf),
        Some("syndicat_mixte") if form.contains("ouvert") || form == "smo" => plain(BodyKind::Smo),
        Some("syndicat_mixte") => Some(Body { kind: BodyKind::Smo, assumed_smo: true }),
        _ => match body.as_str() {
            "conseil municipal" => plain(BodyKind::Commune),
            "conseil communautaire" | "conseil de metropole" => plain(BodyKind::Epci),
            "conseil departemental" => plain(BodyKind::Dept),
            "conseil regional" => plain(BodyKind::Region),
            _ => None,
        },
    }
}

/// The session roll's counts, before any item's changes.
fn session_counts(record: &Record) -> Counts {
    let att = &record.attendance;
    let stated = att.stated;
    let counted = att.counted.filter(|_| !att.members.is_empty());
    // A roll that lists fewer members than the stated number in office lists only some.
    let n = match (counted.and_then(|c| c.in_office), stated.in_office) {
        (Some(c), Some(s)) => Some(c.max(s)),
        (c, s) => c.or(s),
    };
    let p = counted.and_then(|c| c.present).or(stated.present);
    let named = counted.and_then(|c| c.proxies).filter(|&r| r > 0);
    let (r, r_source) = if let Some(r) = named {
        (Some(r), RSource::Named)
    } else if let Some(r) = stated.proxies {
        (Some(r), RSource::Stated)
    } else if let (Some(v), Some(p)) = (stated.voters, p) {
        (Some(v.saturating_sub(p)), if v > p { RSource::Derived } else { RSource::Named })
    } else if counted.is_some() {
        (Some(0), RSource::Named)
    } else {
        (None, RSource::Unknown)
    };
    Counts { n, p, r, r_source, nppv: 0, item_level: false }
}

fn item_counts(session: Counts, record: &Record, d: &Deliberation) -> Counts {
    let mut c = session;
    // « Absent sans délégation de vote : 1 »: every other absent member gave a proxy.
    if let (Some(awp), Some(n), Some(p)) = (d.votes.absent_without_proxy, c.n, c.p)
        && (c.r_source != RSource::Named || c.r == Some(0))
        && n >= p + awp
    {
        c.r = Some(n - p - awp);
        c.r_source = RSource::Derived;
    }
    c.nppv = d.votes.not_voting.unwrap_or(0);
    if let Some(item) = &d.attendance {
        c.item_level = true;
        c.nppv = c.nppv.max(item.not_voting.len() as u32);
        let arrivals = item.changes.iter().filter(|ch| ch.change == "arrives").count() as u32;
        let departures = item.changes.iter().filter(|ch| ch.change == "leaves").count() as u32;
        let proxies_left = item.changes.iter().filter(|ch| ch.change == "leaves" && ch.proxy_to.is_some()).count();
        match item.present {
            Some(p) => c.p = Some(p),
            None => c.p = c.p.map(|p| (p + arrivals).saturating_sub(departures)),
        }
        match (item.proxies, item.voters, item.present) {
            (Some(r), _, _) => (c.r, c.r_source) = (Some(r), RSource::Stated),
            (None, Some(v), Some(p)) => (c.r, c.r_source) = (Some(v.saturating_sub(p)), RSource::Derived),
            _ => c.r = c.r.map(|r| r + proxies_left as u32),
        }
    }
    let _ = record;
    c
}

impl<'a> Ctx<'a> {
    pub fn new(record: &'a Record, facts: Option<&'a CollectivityFacts>, lang: Lang) -> Ctx<'a> {
        let session = record.session.date.as_deref().and_then(Date::parse_iso);
        let body = body_of(record, facts);
        let base = session_counts(record);
        let counts = record.deliberations.iter().map(|d| item_counts(base, record, d)).collect();
        let mut ctx = Ctx {
            record,
            facts,
            lang,
            body,
            session,
            regime: session.map(regime_on),
            population: None,
            counts,
            roll_keys: Default::default(),
        };
        ctx.population = ctx.population_range();
        ctx
    }

    /// Which member of the roll `label` designates (see `names::resolve`).
    pub fn resolve(&self, label: &str) -> Resolution {
        let members = &self.record.attendance.members;
        names::resolve_among(label, self.roll_keys.get_or_init(|| names::roll_keys(members)))
    }

    pub fn fr(&self) -> bool {
        self.lang == Lang::Fr
    }

    pub fn text(&self) -> &str {
        self.record.text.as_deref().unwrap_or("")
    }

    /// The session roll (for document-level rules).
    pub fn session_counts(&self) -> Counts {
        session_counts(self.record)
    }

    /// The votes of deliberation `i`, when at least `pour` is known.
    pub fn tally(&self, i: usize) -> Option<Tally> {
        let v = &self.record.deliberations.get(i)?.votes;
        Some(Tally {
            pour: v.for_?,
            contre: v.against.unwrap_or(0),
            abst: v.abstention.unwrap_or(0),
            blank: v.blank.unwrap_or(0),
            spoiled: v.spoiled.unwrap_or(0),
        })
    }

    fn population_range(&self) -> Option<PopulationRange> {
        if self.body.map(|b| b.kind) != Some(BodyKind::Commune) {
            return None;
        }
        let year = self.session.map_or(9999, |d| d.year);
        if let Some(p) = self.facts.and_then(|f| f.population_in(year)) {
            return Some(PopulationRange { low: p, high: p, from_facts: true });
        }
        let n = self.session_counts().n?;
        let (low, high) = bracket_of_size(n)?;
        Some(PopulationRange { low, high, from_facts: false })
    }

    /// ERROR, or WARNING for a syndicat mixte ouvert whose statutes govern the point.
    pub fn statutes_soften(&self, severity: crate::check::Severity) -> crate::check::Severity {
        use crate::check::Severity;
        match (self.body, severity) {
            (Some(b), Severity::Error) if b.kind == BodyKind::Smo => Severity::Warning,
            _ => severity,
        }
    }

    /// « ; forme du syndicat inconnue : traité comme syndicat mixte ouvert » when it is.
    pub fn smo_note(&self) -> String {
        match self.body {
            Some(b) if b.assumed_smo => crate::say!(
                self.lang,
                " ; forme du syndicat mixte non précisée : traité comme syndicat mixte ouvert",
                "; the syndicat mixte's form is not given: treated as a syndicat mixte ouvert"
            ),
            _ => String::new(),
        }
    }

    /// The span of a deliberation's vote, else its own span.
    pub fn vote_span(&self, i: usize) -> Option<Span> {
        let d = self.record.deliberations.get(i)?;
        Some(d.votes.span.unwrap_or(d.span))
    }

    /// Where the roll starts: the first member's line.
    pub fn roll_span(&self) -> Option<Span> {
        self.record.attendance.members.iter().find_map(|m| m.span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_council_size_implies_a_population_bracket() {
        assert_eq!(bracket_of_size(15), Some((500, 1_499)));
        assert_eq!(bracket_of_size(7), Some((0, 99)));
        assert_eq!(bracket_of_size(16), None);
        assert_eq!(council_size(1_281), 15);
        assert_eq!(council_size(3_500), 27);
    }

    #[test]
    fn population_ranges_compare_with_thresholds() {
        let r = PopulationRange { low: 500, high: 1_499, from_facts: false };
        assert_eq!(r.below(3_500), Some(true));
        let r = PopulationRange { low: 3_500, high: 4_999, from_facts: false };
        assert_eq!(r.below(3_500), Some(false));
    }
}
