//! The user's facts file (`--facts FILE`): what a document alone cannot say about its
//! collectivity — population, the statutes' quorum, SIREN, département, a syndicat's
//! form, SIRET (for the SCDL export). TOML or JSON, one table per collectivity, keyed by its name or its SIREN:
//!
//! ```toml
//! ["Commune de Gruson"]
//! population = 1281            # or { 2022 = 1270, 2023 = 1281 } by year
//! departement = "059"
//!
//! ["200039386"]                # a SIREN
//! form = "smo"                 # smo | smf
//! statutory_quorum = "present_or_represented"   # or "present"
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::model::Record;
use crate::text::fold;

/// Why a facts file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum FactsError {
    #[error("{path}: cannot be read ({source})")]
    Io { path: String, source: std::io::Error },
    #[error("{path}: not valid TOML ({message})")]
    Toml { path: String, message: String },
    #[error("{path}: not valid JSON ({message})")]
    Json { path: String, message: String },
}

/// A population: one figure, or one per year (INSEE figures in force on 1 January).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Population {
    One(u32),
    ByYear(BTreeMap<String, u32>),
}

/// How the statutes of a syndicat mixte ouvert count the quorum.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum StatutoryQuorum {
    /// More than half of the members in office present (proxies do not count).
    Present,
    /// More than half present or represented.
    PresentOrRepresented,
}

/// What the user knows about one collectivity.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CollectivityFacts {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub siren: Option<String>,
    /// The SIRET (SIREN + 5-digit NIC) of the collectivity's seat, for the SCDL export's
    /// COLL_SIRET: a document only ever gives the SIREN (in its @ctes identifier).
    #[serde(default)]
    pub siret: Option<String>,
    #[serde(default)]
    pub population: Option<Population>,
    /// The *département* of the seat, for the @ctes identifier (A6): « 059 », « 62 », « 2A ».
    #[serde(default)]
    pub departement: Option<String>,
    /// A syndicat mixte's form: `smo` (ouvert) or `smf` (fermé).
    #[serde(default)]
    pub form: Option<String>,
    #[serde(default)]
    pub statutory_quorum: Option<StatutoryQuorum>,
    /// For an EPCI/SMF before 2020-03-01 (D1): whether a member commune has 3,500
    /// inhabitants or more.
    #[serde(default)]
    pub member_commune_3500: Option<bool>,
}

impl CollectivityFacts {
    /// The population in force in `year`: that year's figure, else the latest before.
    pub fn population_in(&self, year: i32) -> Option<u32> {
        match self.population.as_ref()? {
            Population::One(n) => Some(*n),
            Population::ByYear(by) => by
                .iter()
                .filter_map(|(y, n)| y.trim().parse::<i32>().ok().map(|y| (y, *n)))
                .filter(|(y, _)| *y <= year)
                .max_by_key(|(y, _)| *y)
                .map(|(_, n)| n),
        }
    }
}

/// Every collectivity of a facts file, by the key the user wrote.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    entries: Vec<(String, CollectivityFacts)>,
}

fn is_siren(s: &str) -> bool {
    s.len() == 9 && s.bytes().all(|b| b.is_ascii_digit())
}

impl Facts {
    /// No facts: every rule falls back as the specification says.
    pub fn none() -> Facts {
        Facts::default()
    }

    pub fn from_entries(entries: Vec<(String, CollectivityFacts)>) -> Facts {
        Facts { entries }
    }

    /// Reads a `.json` file as JSON and anything else as TOML.
    pub fn load(path: &Path) -> Result<Facts, FactsError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| FactsError::Io { path: shown.clone(), source })?;
        let is_json = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let map: BTreeMap<String, CollectivityFacts> = if is_json {
            serde_json::from_str(&text).map_err(|e| FactsError::Json { path: shown, message: e.to_string() })?
        } else {
            toml::from_str(&text).map_err(|e| FactsError::Toml { path: shown, message: e.to_string() })?
        };
        Ok(Facts { entries: map.into_iter().collect() })
    }

    /// The facts of a record's collectivity: by SIREN first, then by name (accents and
    /// case aside; « Gruson » also keys « Commune de Gruson »).
    pub fn lookup(&self, record: &Record) -> Option<&CollectivityFacts> {
        if let Some(siren) = record.collectivity.siren.as_deref() {
            let by_siren = self
                .entries
                .iter()
                .find(|(k, f)| (is_siren(k.trim()) && k.trim() == siren) || f.siren.as_deref() == Some(siren));
            if let Some((_, f)) = by_siren {
                return Some(f);
            }
        }
        let name = fold(record.collectivity.name.as_deref()?);
        let fits = |key: &str| {
            let key = fold(key.trim());
            !key.is_empty()
                && (key == name || name.ends_with(&format!(" de {key}")) || name.ends_with(&format!(" d'{key}")))
        };
        self.entries.iter().find(|(k, f)| fits(k) || f.name.as_deref().is_some_and(fits)).map(|(_, f)| f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(name: &str, siren: Option<&str>) -> Record {
        let mut r: Record = serde_json::from_str(include_str!("../../tests/golden/gruson-2023-57.json")).unwrap();
        r.collectivity.name = Some(name.to_string());
        r.collectivity.siren = siren.map(str::to_string);
        r
    }

    #[test]
    fn toml_keyed_by_name_or_siren() {
        let map: BTreeMap<String, CollectivityFacts> = toml::from_str(
            "[\"Gruson\"]\npopulation = { 2022 = 1270, 2023 = 1281 }\n[\"200039386\"]\nform = \"smo\"\n",
        )
        .unwrap();
        let facts = Facts { entries: map.into_iter().collect() };
        let gruson = facts.lookup(&record("Commune de Gruson", None)).unwrap();
        assert_eq!(gruson.population_in(2023), Some(1281));
        assert_eq!(gruson.population_in(2025), Some(1281));
        assert_eq!(gruson.population_in(2021), None);
        let smo = facts.lookup(&record("Syndicat mixte", Some("200039386"))).unwrap();
        assert_eq!(smo.form.as_deref(), Some("smo"));
        assert!(facts.lookup(&record("Commune de Cysoing", None)).is_none());
    }

    #[test]
    fn json_works_too_and_unknown_fields_are_refused() {
        let ok: BTreeMap<String, CollectivityFacts> =
            serde_json::from_str(r#"{"Gruson": {"population": 1281, "departement": "059"}}"#).unwrap();
        assert_eq!(ok["Gruson"].population_in(2023), Some(1281));
        assert!(serde_json::from_str::<BTreeMap<String, CollectivityFacts>>(r#"{"G": {"pop": 1}}"#).is_err());
    }
}
