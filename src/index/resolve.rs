//! The citation graph: which deliberation of the index a « Vu la délibération … »
//! designates. A reference is looked for in the collectivity its issuer names (« du
//! Syndicat mixte », « de la Commission Permanente ») or, when it names none, in the citing
//! deliberation's own; there by number, or by session date when it gives no number. A
//! reference that fits several deliberations keeps them all as candidates: a date-only
//! reference to a session that adopted ten deliberations is not guessed.
//!
//! Pure functions of the hits: no index here, so every case is a unit test.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::schema::{Hit, number_key};
use crate::model::Reference;
use crate::text::fold;

/// What a reference designates in the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Resolved(String),
    Ambiguous(Vec<String>),
    Unresolved,
}

/// The bodies a collectivity of each kind deliberates in, and the words that name the kind
/// itself. An issuer naming a body of the citing collectivity's kind is the citing
/// collectivity; naming another kind's body or the kind, another collectivity.
const KINDS: &[(&str, &[&str], &[&str])] = &[
    ("commune", &["conseil municipal"], &["commune", "ville", "mairie"]),
    (
        "epci",
        &["conseil communautaire", "conseil metropolitain", "conseil de communaute"],
        &["communaute de communes", "communaute d'agglomeration", "communaute urbaine", "metropole"],
    ),
    ("syndicat_mixte", &["comite syndical", "conseil syndical"], &["syndicat mixte", "syndicat"]),
    ("departement", &["conseil departemental", "conseil general"], &["departement"]),
    ("region", &["conseil regional"], &["region"]),
];

/// Bodies any kind of collectivity may have: they name the citing collectivity.
const SHARED_BODIES: &[&str] = &["commission permanente", "bureau syndical", "bureau communautaire", "bureau"];

/// Words that do not tell one collectivity from another.
const STOPWORDS: &[&str] =
    &["de", "du", "des", "la", "le", "les", "l", "d", "et", "a", "au", "aux", "en", "sur", "ouvert", "ferme", "mixte"];

/// Where a reference is looked for.
#[derive(Debug, Clone, PartialEq)]
enum Scope {
    /// The citing deliberation's collectivity, in this body when the issuer names one.
    Own { body: Option<String> },
    /// Another collectivity: of this kind when known, whose name holds these words.
    Other { kind: Option<&'static str>, words: Vec<String> },
}

fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !STOPWORDS.contains(w))
        .map(str::to_string)
        .collect()
}

/// The collectivity as compared: its distinctive words, sorted, so that « Syndicat mixte
/// ouvert « Nord-Pas-de-Calais Numérique » » and « Syndicat Mixte Nord – Pas de Calais
/// Numérique » are one.
fn collectivity_key(name: &str) -> Vec<String> {
    let mut w = words(name);
    w.sort();
    w.dedup();
    w
}

fn scope_of(issuer: Option<&str>, citing_kind: Option<&str>) -> Scope {
    let Some(issuer) = issuer else { return Scope::Own { body: None } };
    let folded = crate::text::collapse_spaces(&fold(issuer).replace('’', "'").replace('-', " "));
    if let Some(body) = SHARED_BODIES.iter().find(|b| folded.starts_with(*b)) {
        return Scope::Own { body: Some(body.to_string()) };
    }
    for (kind, bodies, names) in KINDS {
        if let Some(body) = bodies.iter().find(|b| folded.starts_with(*b)) {
            if citing_kind == Some(*kind) {
                return Scope::Own { body: Some(body.to_string()) };
            }
            return Scope::Other { kind: Some(kind), words: words(&folded[body.len()..]) };
        }
        if let Some(name) = names.iter().find(|n| folded.starts_with(*n)) {
            let rest = &folded[name.len()..];
            return Scope::Other { kind: Some(kind), words: words(rest) };
        }
    }
    Scope::Other { kind: None, words: words(&folded) }
}

/// What resolution needs of a deliberation: a few fields of its [`Hit`] (stored in a fast
/// field of the index, so that the citation pass reads no stored document).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Target {
    pub key: String,
    /// The distinctive words of the collectivity's name (see `collectivity_key`).
    pub collectivity: Vec<String>,
    pub kind: Option<String>,
    pub body: Option<String>,
    pub number: Option<String>,
    pub date: Option<String>,
    pub item: Option<usize>,
}

impl Target {
    pub fn of(hit: &Hit) -> Target {
        Target {
            key: hit.key.clone(),
            collectivity: hit.collectivity.as_deref().map(collectivity_key).unwrap_or_default(),
            kind: hit.collectivity_kind.clone(),
            body: hit.body.clone(),
            number: hit.number.as_deref().map(number_key),
            date: hit.date.clone(),
            item: hit.item,
        }
    }
}

/// A target as the resolver keeps it: 24 bytes, its strings elsewhere. Repeated strings
/// (collectivities, bodies, kinds, dates) are interned; its key and number, which do not
/// repeat, are in arenas. A whole archive's deliberations must fit beside the ingest: with
/// a boxed key and number each and a hash map of numbers, 275,000 deliberations (100,000
/// documents) took about 70 MB, the peak of the run; they take 28 MB now.
#[derive(Debug, Clone, Copy)]
struct Compact {
    collectivity: u32,
    kind: u32,
    /// The body, folded (compared by prefix).
    body: u32,
    /// In `Resolver::numbers`; `NO_NUMBER` when it has none.
    number: u32,
    date: u32,
    item: u32,
}

const NO_NUMBER: u32 = u32::MAX;

/// Strings by number, each once. Id 0 is « none ».
#[derive(Debug, Default)]
struct Interner {
    strings: Vec<Box<str>>,
    ids: HashMap<Box<str>, u32>,
}

impl Interner {
    fn id(&mut self, s: Option<&str>) -> u32 {
        let Some(s) = s else { return 0 };
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        self.strings.push(s.into());
        let id = self.strings.len() as u32;
        self.ids.insert(s.into(), id);
        id
    }

    fn find(&self, s: Option<&str>) -> Option<u32> {
        s.map_or(Some(0), |s| self.ids.get(s).copied())
    }

    fn get(&self, id: u32) -> Option<&str> {
        (id > 0).then(|| &*self.strings[id as usize - 1])
    }
}

/// Strings written one after the other in one buffer, found again by their rank: no
/// allocation per string.
#[derive(Debug, Default)]
struct Arena {
    text: String,
    ends: Vec<usize>,
}

impl Arena {
    fn push(&mut self, s: &str) -> u32 {
        self.text.push_str(s);
        self.ends.push(self.text.len());
        (self.ends.len() - 1) as u32
    }

    fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }
}

/// The deliberations of an index, looked up by number and by session date.
pub struct Resolver {
    targets: Vec<Compact>,
    /// The targets' keys, by target.
    keys: Arena,
    numbers: Arena,
    /// The targets that have a number, sorted by it; sorted when first needed, after the
    /// targets are all added.
    by_number: OnceLock<Vec<u32>>,
    by_date: HashMap<u32, Vec<u32>>,
    strings: Interner,
    /// Collectivities by id (the same ids as their words joined in `strings`).
    collectivities: HashMap<u32, Vec<String>>,
}

impl Resolver {
    pub fn new(targets: impl IntoIterator<Item = Target>) -> Resolver {
        let mut r = Resolver {
            targets: Vec::new(),
            keys: Arena::default(),
            numbers: Arena::default(),
            by_number: OnceLock::new(),
            by_date: HashMap::new(),
            strings: Interner::default(),
            collectivities: HashMap::new(),
        };
        for t in targets.into_iter().filter(|t| t.item.is_some()) {
            r.add(t);
        }
        r
    }

    /// Adds one deliberation to look up.
    pub fn add(&mut self, t: Target) {
        let Some(item) = t.item else { return };
        let collectivity = self.collectivity_id(&t.collectivity);
        let body = t.body.as_deref().map(fold);
        let compact = Compact {
            collectivity,
            kind: self.strings.id(t.kind.as_deref()),
            body: self.strings.id(body.as_deref()),
            number: t.number.as_deref().map_or(NO_NUMBER, |n| self.numbers.push(n)),
            date: self.strings.id(t.date.as_deref()),
            item: item as u32,
        };
        let i = self.targets.len() as u32;
        self.keys.push(&t.key);
        if compact.date > 0 {
            self.by_date.entry(compact.date).or_default().push(i);
        }
        self.targets.push(compact);
        self.by_number.take();
    }

    fn key(&self, i: usize) -> &str {
        self.keys.get(i as u32)
    }

    fn number(&self, i: usize) -> Option<&str> {
        let n = self.targets[i].number;
        (n != NO_NUMBER).then(|| self.numbers.get(n))
    }

    /// The targets numbered `number`, in the order they were added.
    fn numbered(&self, number: &str) -> &[u32] {
        let sorted = self.by_number.get_or_init(|| {
            let mut sorted: Vec<u32> =
                (0..self.targets.len() as u32).filter(|&i| self.number(i as usize).is_some()).collect();
            // Stable: equal numbers keep the order of addition.
            sorted.sort_by(|&a, &b| self.number(a as usize).cmp(&self.number(b as usize)));
            sorted
        });
        let start = sorted.partition_point(|&i| self.number(i as usize) < Some(number));
        let len = sorted[start..].iter().take_while(|&&i| self.number(i as usize) == Some(number)).count();
        &sorted[start..start + len]
    }

    fn collectivity_id(&mut self, words: &[String]) -> u32 {
        if words.is_empty() {
            return 0;
        }
        let id = self.strings.id(Some(&words.join(" ")));
        self.collectivities.entry(id).or_insert_with(|| words.to_vec());
        id
    }

    fn in_scope(&self, i: usize, scope: &Scope, citing: Option<u32>) -> bool {
        let target = &self.targets[i];
        match scope {
            Scope::Own { body } => {
                citing.is_some_and(|c| c > 0 && c == target.collectivity)
                    && body.as_ref().is_none_or(|b| self.strings.get(target.body).is_none_or(|tb| tb.starts_with(b)))
            }
            Scope::Other { kind, words } => {
                let names = self.collectivities.get(&target.collectivity);
                kind.is_none_or(|k| self.strings.get(target.kind) == Some(k))
                    && words.iter().all(|w| names.is_some_and(|n| n.contains(w)))
                    && (kind.is_some() || !words.is_empty())
            }
        }
    }

    /// Two entries for one act: same collectivity, number and session date.
    fn same_act(&self, a: usize, b: usize) -> bool {
        let (ta, tb) = (&self.targets[a], &self.targets[b]);
        ta.collectivity == tb.collectivity
            && self.number(a) == self.number(b)
            && ta.date == tb.date
            && ta.item == tb.item
    }

    /// What `reference`, written in `citing`, designates.
    pub fn resolve(&self, citing: &Target, reference: &Reference) -> Resolution {
        if reference.kind != "deliberation" {
            return Resolution::Unresolved;
        }
        let scope = scope_of(reference.issuer.as_deref(), citing.kind.as_deref());
        let citing_collectivity =
            if citing.collectivity.is_empty() { None } else { self.strings.find(Some(&citing.collectivity.join(" "))) };
        let pool = match (&reference.number, &reference.date) {
            (Some(n), _) => self.numbered(&number_key(n)),
            (None, Some(d)) => {
                self.strings.find(Some(d)).and_then(|id| self.by_date.get(&id)).map_or(&[][..], Vec::as_slice)
            }
            (None, None) => &[],
        };
        let mut found: Vec<usize> = pool
            .iter()
            .map(|&i| i as usize)
            .filter(|&i| self.key(i) != citing.key && self.in_scope(i, &scope, citing_collectivity))
            .collect();
        // A number without its year (« n° 12 ») comes back every year: the date decides.
        if let Some(date) = &reference.date
            && (found.len() > 1 || reference.number.as_deref().is_some_and(|n| !has_year(n)))
        {
            found.retain(|&i| self.strings.get(self.targets[i].date).is_none_or(|d| d == date));
        }
        let mut keys: Vec<String> = found.iter().map(|&i| self.key(i).to_string()).collect();
        keys.sort();
        keys.dedup();
        // The same act filed twice (the PDF and its text, a copy in another folder) is
        // one deliberation: the first key stands for it.
        if keys.len() > 1 && found.iter().all(|&i| self.same_act(i, found[0])) {
            keys.truncate(1);
        }
        match keys.len() {
            0 => Resolution::Unresolved,
            1 => Resolution::Resolved(keys.remove(0)),
            _ => Resolution::Ambiguous(keys),
        }
    }

    /// Resolves every deliberation reference of `hit` in place; true when one changed.
    pub fn apply(&self, hit: &Target, references: &mut [Reference]) -> bool {
        let mut changed = false;
        for r in references.iter_mut().filter(|r| r.kind == "deliberation") {
            let (to, candidates) = match self.resolve(hit, r) {
                Resolution::Resolved(k) => (Some(k), Vec::new()),
                Resolution::Ambiguous(c) => (None, c),
                Resolution::Unresolved => (None, Vec::new()),
            };
            if r.resolves_to != to || r.candidates != candidates {
                r.resolves_to = to;
                r.candidates = candidates;
                changed = true;
            }
        }
        changed
    }
}

fn has_year(number: &str) -> bool {
    let digits: Vec<&str> = number.split(|c: char| !c.is_ascii_digit()).filter(|d| d.len() == 4).collect();
    digits.iter().any(|d| d.starts_with("19") || d.starts_with("20"))
}

/// Who an unresolved reference designates, for the list of documents to go and find:
/// the issuer as written, else the citing collectivity.
pub fn cited_collectivity(citing: &Hit, reference: &Reference) -> String {
    match scope_of(reference.issuer.as_deref(), citing.collectivity_kind.as_deref()) {
        Scope::Own { body } => {
            let name = citing.collectivity.clone().unwrap_or_else(|| "?".to_string());
            match (body, &reference.issuer) {
                (Some(_), Some(issuer)) => format!("{name} ({issuer})"),
                _ => name,
            }
        }
        Scope::Other { .. } => reference.issuer.clone().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(key: &str, collectivity: &str, kind: &str, body: &str, number: Option<&str>, date: &str) -> Hit {
        Hit {
            key: key.to_string(),
            record_id: key.split('#').next().unwrap().to_string(),
            item: Some(0),
            path: format!("{key}.txt"),
            collectivity: Some(collectivity.to_string()),
            collectivity_kind: Some(kind.to_string()),
            body: Some(body.to_string()),
            number: number.map(str::to_string),
            date: Some(date.to_string()),
            title: None,
            votes: None,
            members: Vec::new(),
            item_attendance: None,
            rules: Vec::new(),
            references: Vec::new(),
            span: None,
        }
    }

    fn reference(number: Option<&str>, date: Option<&str>, issuer: Option<&str>) -> Reference {
        Reference {
            kind: "deliberation".to_string(),
            number: number.map(str::to_string),
            date: date.map(str::to_string),
            issuer: issuer.map(str::to_string),
            text: String::new(),
            span: [0, 0],
            resolves_to: None,
            candidates: Vec::new(),
            page: None,
        }
    }

    const SMO: &str = "Syndicat mixte ouvert « Nord-Pas-de-Calais Numérique »";

    fn corpus() -> Vec<Hit> {
        vec![
            hit("smo18#0", SMO, "syndicat_mixte", "comité syndical", Some("2018-27"), "2018-11-28"),
            hit("smo19#0", SMO, "syndicat_mixte", "comité syndical", Some("2019-12"), "2019-06-26"),
            hit("smo22#0", SMO, "syndicat_mixte", "comité syndical", Some("2022-15"), "2022-06-16"),
            hit("gruson#0", "Commune de Gruson", "commune", "conseil municipal", Some("2023-57"), "2023-12-19"),
            hit(
                "cp#0",
                "Département du Pas-de-Calais",
                "departement",
                "commission permanente",
                Some("2022-394"),
                "2022-10-17",
            ),
        ]
    }

    #[test]
    fn a_number_with_another_collectivity_as_issuer() {
        let hits = corpus();
        let r = Resolver::new(hits.iter().map(Target::of));
        let hits: Vec<Target> = hits.iter().map(Target::of).collect();
        let cited = reference(Some("2022-15"), Some("2022-06-16"), Some("Syndicat mixte"));
        assert_eq!(r.resolve(&hits[3], &cited), Resolution::Resolved("smo22#0".into()));
        // Without the issuer, the commune's own 2022-15 is meant, and the index has none.
        let own = reference(Some("2022-15"), Some("2022-06-16"), None);
        assert_eq!(r.resolve(&hits[3], &own), Resolution::Unresolved);
    }

    #[test]
    fn a_date_without_number_in_the_citing_collectivity() {
        let hits = corpus();
        let r = Resolver::new(hits.iter().map(Target::of));
        let hits: Vec<Target> = hits.iter().map(Target::of).collect();
        let cited = reference(None, Some("2018-11-28"), None);
        assert_eq!(r.resolve(&hits[1], &cited), Resolution::Resolved("smo18#0".into()));
        // The same words in the commune's deliberation designate a session of the commune.
        assert_eq!(r.resolve(&hits[3], &cited), Resolution::Unresolved);
    }

    #[test]
    fn a_date_only_reference_to_a_session_of_several_deliberations_keeps_its_candidates() {
        let mut hits = corpus();
        hits.push(hit("smo18#1", SMO, "syndicat_mixte", "comité syndical", Some("2018-28"), "2018-11-28"));
        let r = Resolver::new(hits.iter().map(Target::of));
        let hits: Vec<Target> = hits.iter().map(Target::of).collect();
        let cited = reference(None, Some("2018-11-28"), None);
        assert_eq!(r.resolve(&hits[1], &cited), Resolution::Ambiguous(vec!["smo18#0".into(), "smo18#1".into()]));
    }

    #[test]
    fn a_body_of_the_same_collectivity_and_a_body_of_another() {
        let mut hits = corpus();
        hits.push(hit(
            "cd#0",
            "Département du Pas-de-Calais",
            "departement",
            "conseil départemental",
            Some("2021-257"),
            "2021-07-01",
        ));
        let r = Resolver::new(hits.iter().map(Target::of));
        let hits: Vec<Target> = hits.iter().map(Target::of).collect();
        let own_body = reference(Some("2021-257"), Some("2021-07-01"), Some("Conseil départemental"));
        assert_eq!(r.resolve(&hits[4], &own_body), Resolution::Resolved("cd#0".into()));
        let wrong_body = reference(Some("2021-257"), None, Some("Commission Permanente"));
        assert_eq!(r.resolve(&hits[4], &wrong_body), Resolution::Unresolved);
        // A commune citing the département's act names it.
        let from_commune = reference(Some("2021-257"), None, Some("Conseil départemental du Pas-de-Calais"));
        assert_eq!(r.resolve(&hits[3], &from_commune), Resolution::Resolved("cd#0".into()));
    }

    #[test]
    fn copies_of_one_act_are_one_target() {
        let mut hits = corpus();
        let mut pdf = hits[0].clone();
        pdf.key = "aaa#0".into();
        hits.push(pdf);
        let r = Resolver::new(hits.iter().map(Target::of));
        let hits: Vec<Target> = hits.iter().map(Target::of).collect();
        let cited = reference(None, Some("2018-11-28"), None);
        assert_eq!(r.resolve(&hits[1], &cited), Resolution::Resolved("aaa#0".into()));
    }

    #[test]
    fn a_number_without_year_needs_its_date() {
        let mut hits = corpus();
        hits.push(hit("g20#0", "Commune de Gruson", "commune", "conseil municipal", Some("12"), "2020-03-01"));
        hits.push(hit("g21#0", "Commune de Gruson", "commune", "conseil municipal", Some("12"), "2021-03-01"));
        let r = Resolver::new(hits.iter().map(Target::of));
        let hits: Vec<Target> = hits.iter().map(Target::of).collect();
        let dated = reference(Some("12"), Some("2021-03-01"), None);
        assert_eq!(r.resolve(&hits[3], &dated), Resolution::Resolved("g21#0".into()));
        let undated = reference(Some("12"), None, None);
        assert_eq!(r.resolve(&hits[3], &undated), Resolution::Ambiguous(vec!["g20#0".into(), "g21#0".into()]));
    }

    #[test]
    fn a_number_not_in_the_index_is_not_replaced_by_a_same_day_deliberation() {
        let hits = corpus();
        let r = Resolver::new(hits.iter().map(Target::of));
        let hits: Vec<Target> = hits.iter().map(Target::of).collect();
        let other_number = reference(Some("2022-14"), Some("2022-06-16"), Some("Syndicat mixte"));
        assert_eq!(r.resolve(&hits[3], &other_number), Resolution::Unresolved);
    }

    #[test]
    fn a_deliberation_added_after_a_lookup_is_found_by_its_number() {
        let hits = corpus();
        let mut r = Resolver::new(hits.iter().map(Target::of).take(2));
        let targets: Vec<Target> = hits.iter().map(Target::of).collect();
        let cited = reference(Some("2022-15"), Some("2022-06-16"), Some("Syndicat mixte"));
        assert_eq!(r.resolve(&targets[3], &cited), Resolution::Unresolved);
        for t in targets.iter().skip(2) {
            r.add(t.clone());
        }
        assert_eq!(r.resolve(&targets[3], &cited), Resolution::Resolved("smo22#0".into()));
        // Numbers that sort before and after it do not leak into its candidates.
        assert_eq!(r.numbered("2022-15").len(), 1);
        assert!(r.numbered("2022-1").is_empty());
        assert!(r.numbered("").is_empty());
    }

    #[test]
    fn the_arena_gives_back_each_string_it_was_given() {
        let mut a = Arena::default();
        let words = ["", "2022-15", "é", "", "x#0"];
        let ids: Vec<u32> = words.iter().map(|w| a.push(w)).collect();
        for (id, w) in ids.iter().zip(words) {
            assert_eq!(a.get(*id), w);
        }
    }

    #[test]
    fn collectivity_names_compare_by_their_words() {
        assert_eq!(collectivity_key(SMO), collectivity_key("Syndicat Mixte Nord - Pas de Calais Numérique"));
        assert_ne!(collectivity_key("Commune de Gruson"), collectivity_key("Commune de Cysoing"));
    }
}
