//! Attendance per elected member across sessions (`registre members`): sessions attended,
//! excused, absent, proxies given and held, attendance rate — the figure journalists ask
//! for first.
//!
//! A member is the same person across documents of one collectivity when their names have
//! the same words once civility, accents and case are set aside (« Mme Hélène HAVRET » =
//! « HAVRET Hélène »). A proxy holder, often written in short (« Mme MESSEANNE »), is
//! resolved against the session's roll with the checks' name matcher. A session told by
//! two files (a PDF and its text twin) counts once. The tally grows with the number of
//! members and sessions, not of documents read.

use std::collections::{BTreeMap, HashSet};

use crate::check::names::{self, Resolution};
use crate::model::Record;
use crate::text::fold;

/// The identity of a name within a collectivity: its folded words, sorted, civility aside.
pub fn member_key(name: &str, title: Option<&str>) -> String {
    let mut tokens = names::key(name, title).tokens;
    tokens.sort();
    tokens.join(" ")
}

/// The key of the roll member a proxy holder's label designates, when exactly one fits.
pub fn holder_key(label: &str, record: &Record) -> Option<String> {
    let members = &record.attendance.members;
    match names::resolve(label, members) {
        Resolution::Exact(i) | Resolution::Partial(i) => {
            Some(member_key(&members[i].name, members[i].title.as_deref()))
        }
        Resolution::Ambiguous(_) | Resolution::Unknown => None,
    }
}

/// One member's figures.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct MemberAttendance {
    pub collectivity: String,
    /// As the first document that lists the member writes it.
    pub name: String,
    pub sessions: u32,
    pub present: u32,
    pub excused: u32,
    pub absent: u32,
    pub proxies_given: u32,
    pub proxies_held: u32,
}

impl MemberAttendance {
    /// Sessions attended over sessions on the roll (0–1); `None` before any session.
    pub fn attendance_rate(&self) -> Option<f64> {
        (self.sessions > 0).then(|| f64::from(self.present) / f64::from(self.sessions))
    }
}

/// Attendance of every member seen so far, by collectivity.
#[derive(Debug, Default)]
pub struct AttendanceTally {
    /// (collectivity key, member key) → figures.
    members: BTreeMap<(String, String), MemberAttendance>,
    sessions_seen: HashSet<String>,
    /// Sessions counted, and those skipped as twins of one already counted.
    pub sessions: u32,
    pub twins: u32,
    /// Proxies whose holder matched no single member of the roll.
    pub unresolved_proxies: u32,
}

impl AttendanceTally {
    /// Adds one document's roll; documents without a roll add nothing.
    pub fn add(&mut self, record: &Record) {
        if record.attendance.members.is_empty() {
            return;
        }
        let session = super::session_key(record).unwrap_or_else(|| record.id.clone());
        if !self.sessions_seen.insert(session) {
            self.twins += 1;
            return;
        }
        self.sessions += 1;
        let collectivity = record.collectivity.name.clone().unwrap_or_default();
        let coll_key = fold(&collectivity);
        for m in &record.attendance.members {
            let a = self.entry(&coll_key, &collectivity, member_key(&m.name, m.title.as_deref()), &m.name);
            a.sessions += 1;
            match m.status.as_str() {
                "present" => a.present += 1,
                "excused" => a.excused += 1,
                _ => a.absent += 1,
            }
            if m.proxy_to.is_some() {
                a.proxies_given += 1;
            }
        }
        for m in &record.attendance.members {
            let Some(holder) = m.proxy_to.as_deref() else { continue };
            match holder_key(holder, record) {
                Some(key) => self.entry(&coll_key, &collectivity, key, holder).proxies_held += 1,
                None => self.unresolved_proxies += 1,
            }
        }
    }

    fn entry(&mut self, coll_key: &str, collectivity: &str, key: String, name: &str) -> &mut MemberAttendance {
        self.members.entry((coll_key.to_string(), key)).or_insert_with(|| MemberAttendance {
            collectivity: collectivity.to_string(),
            name: name.to_string(),
            ..MemberAttendance::default()
        })
    }

    /// Every member, by collectivity then name as written; `only` keeps the collectivities
    /// whose name contains it (accents and case aside).
    pub fn rows(&self, only: Option<&str>) -> Vec<&MemberAttendance> {
        let wanted = only.map(fold);
        let mut rows: Vec<&MemberAttendance> = self
            .members
            .iter()
            .filter(|((coll, _), _)| wanted.as_deref().is_none_or(|w| coll.contains(w)))
            .map(|(_, a)| a)
            .collect();
        rows.sort_by(|a, b| fold(&a.collectivity).cmp(&fold(&b.collectivity)).then(fold(&a.name).cmp(&fold(&b.name))));
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_support::golden;

    #[test]
    fn names_match_across_spellings() {
        assert_eq!(member_key("Hélène HAVRET", Some("Mme")), member_key("HAVRET Helene", None));
        assert_ne!(member_key("Hélène HAVRET", None), member_key("Héléna HAVRET", None));
    }

    #[test]
    fn gruson_counts_its_roll_and_resolves_its_proxies() {
        let mut tally = AttendanceTally::default();
        let gruson = golden("gruson-2023-57");
        tally.add(&gruson);
        tally.add(&gruson); // its PDF twin: the same session
        assert_eq!((tally.sessions, tally.twins), (1, 1));
        let rows = tally.rows(Some("gruson"));
        assert_eq!(rows.len(), 15);
        assert_eq!(rows.iter().map(|r| r.present).sum::<u32>(), 13);
        let havret = rows.iter().find(|r| r.name == "Hélène HAVRET").unwrap();
        assert_eq!((havret.excused, havret.proxies_given, havret.attendance_rate()), (1, 1, Some(0.0)));
        let holder = rows.iter().find(|r| r.name == "Mélanie DAZIN-DESLANDES").unwrap();
        assert_eq!((holder.present, holder.proxies_held), (1, 1));
        assert_eq!(tally.unresolved_proxies, 0);
        assert!(tally.rows(Some("Pas-de-Calais")).is_empty());
    }
}
