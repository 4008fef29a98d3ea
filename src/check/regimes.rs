//! The dated quorum and proxy regimes (../shared/legal-checks.md §1): the COVID periods
//! A–E of 2020–2022 and the ordinary rules around them. The regime in force is chosen
//! from the session date alone, dates inclusive, metropolitan France.

use crate::date::Date;

/// How the quorum is counted in a regime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuorumFormula {
    /// The body's ordinary rule (Q1).
    Ordinary,
    /// A third of the members in office present: `3·Pq ≥ N`.
    ThirdPresent,
    /// A third present or represented: `3·(Pq+R) ≥ N` (regime B).
    ThirdPresentOrRepresented,
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Regime {
    /// `A`…`E`, or `None` for the ordinary rules.
    pub id: Option<char>,
    pub from: Date,
    /// Inclusive; `None` for the regime still in force.
    pub to: Option<Date>,
    pub quorum: QuorumFormula,
    /// Proxies one member may hold (P3).
    pub max_proxies: u32,
    pub source: &'static str,
}

impl Regime {
    pub fn is_covid(&self) -> bool {
        self.id.is_some()
    }

    /// « régime COVID E (2021-11-11 – 2022-07-31, loi 2021-1465 art. 10) ».
    pub fn label(&self, fr: bool) -> String {
        let to = self.to.map(|d| d.iso()).unwrap_or_default();
        match (self.id, fr) {
            (Some(id), true) => format!("régime COVID {id} ({} – {to}, {})", self.from, self.source),
            (Some(id), false) => format!("COVID regime {id} ({} – {to}, {})", self.from, self.source),
            (None, true) => "régime ordinaire".to_string(),
            (None, false) => "ordinary rules".to_string(),
        }
    }
}

const fn d(year: i32, month: u32, day: u32) -> Date {
    Date { year, month, day }
}

const ORDINARY: &str = "CGCT";

/// The table, in date order, covering every date from 2020-03-24 on; before it, the
/// ordinary rules.
pub const REGIMES: &[Regime] = &[
    Regime {
        id: Some('A'),
        from: d(2020, 3, 24),
        to: Some(d(2020, 4, 2)),
        quorum: QuorumFormula::ThirdPresent,
        max_proxies: 2,
        source: "loi 2020-290 art. 10",
    },
    Regime {
        id: Some('B'),
        from: d(2020, 4, 3),
        to: Some(d(2020, 7, 10)),
        quorum: QuorumFormula::ThirdPresentOrRepresented,
        max_proxies: 2,
        source: "loi 2020-290 art. 10 mod. ord. 2020-391",
    },
    Regime {
        id: Some('C'),
        from: d(2020, 7, 11),
        to: Some(d(2020, 8, 30)),
        quorum: QuorumFormula::ThirdPresent,
        max_proxies: 2,
        source: "loi 2020-290 art. 10 réd. loi 2020-760",
    },
    Regime {
        id: None,
        from: d(2020, 8, 31),
        to: Some(d(2020, 11, 14)),
        quorum: QuorumFormula::Ordinary,
        max_proxies: 1,
        source: ORDINARY,
    },
    Regime {
        id: Some('D'),
        from: d(2020, 11, 15),
        to: Some(d(2021, 9, 30)),
        quorum: QuorumFormula::ThirdPresent,
        max_proxies: 2,
        source: "loi 2020-1379 art. 6 IV, loi 2021-160, loi 2021-689",
    },
    Regime {
        id: None,
        from: d(2021, 10, 1),
        to: Some(d(2021, 11, 10)),
        quorum: QuorumFormula::Ordinary,
        max_proxies: 1,
        source: ORDINARY,
    },
    Regime {
        id: Some('E'),
        from: d(2021, 11, 11),
        to: Some(d(2022, 7, 31)),
        quorum: QuorumFormula::ThirdPresent,
        max_proxies: 2,
        source: "loi 2021-1465 art. 10",
    },
    Regime {
        id: None,
        from: d(2022, 8, 1),
        to: None,
        quorum: QuorumFormula::Ordinary,
        max_proxies: 1,
        source: ORDINARY,
    },
];

/// The ordinary rules before the first COVID period.
pub const BEFORE: Regime = Regime {
    id: None,
    from: d(1, 1, 1),
    to: Some(d(2020, 3, 23)),
    quorum: QuorumFormula::Ordinary,
    max_proxies: 1,
    source: ORDINARY,
};

/// The regime in force on `date`.
pub fn regime_on(date: Date) -> Regime {
    REGIMES.iter().copied().find(|r| r.from <= date && r.to.is_none_or(|to| date <= to)).unwrap_or(BEFORE)
}

/// Sessions on these days sit at a regime's edge, where the dates a law took effect are
/// read differently (legal-checks.md §1): the verdict gets an INFO.
pub fn is_boundary(date: Date) -> bool {
    [d(2020, 11, 15), d(2020, 11, 16), d(2021, 11, 10), d(2021, 11, 11)].contains(&date)
}

/// The quorum a COVID regime requires: a third of the members in office, rounded up.
pub fn covid_required(in_office: u32) -> u32 {
    in_office.div_ceil(3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_date_falls_in_one_regime() {
        assert_eq!(regime_on(d(2019, 6, 26)).id, None);
        assert_eq!(regime_on(d(2020, 3, 23)).id, None);
        assert_eq!(regime_on(d(2020, 3, 24)).id, Some('A'));
        assert_eq!(regime_on(d(2020, 4, 2)).id, Some('A'));
        assert_eq!(regime_on(d(2020, 4, 3)).id, Some('B'));
        assert_eq!(regime_on(d(2020, 8, 30)).id, Some('C'));
        assert_eq!(regime_on(d(2020, 8, 31)).id, None);
        assert_eq!(regime_on(d(2021, 9, 30)).id, Some('D'));
        assert_eq!(regime_on(d(2021, 10, 1)).id, None);
        assert_eq!(regime_on(d(2022, 6, 16)).id, Some('E'));
        assert_eq!(regime_on(d(2023, 12, 19)).id, None);
    }

    #[test]
    fn the_last_day_of_a_regime_is_still_in_it() {
        assert_eq!(regime_on(d(2022, 7, 31)).id, Some('E'));
        assert_eq!(regime_on(d(2022, 8, 1)).id, None);
        assert_eq!(regime_on(d(2020, 7, 10)).quorum, QuorumFormula::ThirdPresentOrRepresented);
        assert_eq!(regime_on(d(2020, 7, 11)).quorum, QuorumFormula::ThirdPresent);
    }

    #[test]
    fn the_table_has_no_gap() {
        for pair in REGIMES.windows(2) {
            let next_day = pair[0].to.map(|t| t.days() + 1);
            assert_eq!(next_day, Some(pair[1].from.days()), "{:?}", pair[1]);
        }
    }

    #[test]
    fn a_third_rounded_up() {
        assert_eq!(covid_required(22), 8);
        assert_eq!(covid_required(21), 7);
        assert!(is_boundary(d(2021, 11, 11)) && !is_boundary(d(2021, 11, 12)));
    }
}
