//! A calendar date (proleptic Gregorian) with just what deliberations need: validation,
//! ISO form, day differences (convocation delays) and the weekday (« le mardi … »).

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

pub const WEEKDAYS: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];

pub const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A date that exists in the calendar, else `None` (« 31 juin » is not a date).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// Reads `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut parts = s.splitn(3, '-');
        let y = parts.next()?.parse().ok()?;
        let m = parts.next()?.parse().ok()?;
        let d = parts.next()?.parse().ok()?;
        Date::new(y, m, d)
    }

    /// Days since 1970-01-01 (negative before), by Howard Hinnant's civil-days algorithm.
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday_index(self) -> usize {
        // 1970-01-01 was a Thursday (index 3).
        (self.days() + 3).rem_euclid(7) as usize
    }

    pub fn weekday(self) -> &'static str {
        WEEKDAYS[self.weekday_index()]
    }

    /// Today's date (UTC), from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Date::from_days((secs / 86_400) as i64)
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's civil-from-days).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn iso(self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The month number of a French month name, with or without accents, any case.
pub fn month_number(name: &str) -> Option<u32> {
    let folded = crate::text::fold(name);
    let folded = folded.trim_end_matches('.');
    const ABBREV: [&str; 12] =
        ["janv", "fevr", "mars", "avr", "mai", "juin", "juil", "aout", "sept", "oct", "nov", "dec"];
    MONTHS
        .iter()
        .position(|m| crate::text::fold(m) == folded)
        .or_else(|| ABBREV.iter().position(|a| *a == folded))
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_validity() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2022, 6, 31).is_none());
        assert!(Date::new(2022, 13, 1).is_none());
    }

    #[test]
    fn weekdays_and_differences() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(Date::new(2023, 12, 19).unwrap().weekday(), "mardi");
        assert_eq!(Date::new(2022, 6, 16).unwrap().weekday(), "jeudi");
        let a = Date::new(2023, 12, 15).unwrap();
        let b = Date::new(2023, 12, 19).unwrap();
        assert_eq!(b.days() - a.days(), 4);
        assert_eq!(Date::new(2000, 3, 1).unwrap().days() - Date::new(2000, 2, 28).unwrap().days(), 2);
    }

    #[test]
    fn days_round_trip_and_today_is_sane() {
        for d in [Date::new(1970, 1, 1), Date::new(2000, 2, 29), Date::new(2023, 12, 31), Date::new(1789, 7, 14)] {
            let d = d.unwrap();
            assert_eq!(Date::from_days(d.days()), d);
        }
        assert!(Date::today().year >= 2024);
    }

    #[test]
    fn iso_round_trip_and_months() {
        let d = Date::parse_iso("2018-11-28").unwrap();
        assert_eq!(d.iso(), "2018-11-28");
        assert_eq!(month_number("Décembre"), Some(12));
        assert_eq!(month_number("AOUT"), Some(8));
        assert_eq!(month_number("févr."), Some(2));
        assert_eq!(month_number("brumaire"), None);
    }
}
