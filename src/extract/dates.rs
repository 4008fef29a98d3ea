//! Dates: every date the text writes (in words or digits), then what each one is: the
//! session, the convocation, the transmission to the prefecture, the publication or the
//! display. Forms and role phrasings come from patterns/dates.toml.

use crate::date::{Date, month_number};
use crate::extract::group;
use crate::extract::spans::SpanSet;
use crate::model::{DatedMention, Reference, Span};
use crate::numbers::parse_number;
use crate::patterns::Patterns;

/// One date written in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMention {
    pub date: Date,
    pub span: Span,
    /// The weekday the text writes with it (« mardi »), lower case.
    pub weekday: Option<String>,
}

/// Reads one date written in any of the pattern forms; `None` if it is not a real date.
pub fn parse_french_date(text: &str, patterns: &Patterns) -> Option<Date> {
    find_dates(text, patterns).into_iter().next().map(|m| m.date)
}

fn year_of(text: &str) -> Option<i32> {
    let n = parse_number(text)? as i32;
    let year = match (text.trim().len(), n) {
        (2, n) if n < 50 => 2000 + n,
        (2, n) => 1900 + n,
        (_, n) => n,
    };
    (1789..=2100).contains(&year).then_some(year)
}

fn day_of(text: &str) -> Option<u32> {
    let t = text.trim().to_lowercase();
    let t = t.strip_suffix("er").or_else(|| t.strip_suffix("ère")).unwrap_or(&t);
    parse_number(t).or_else(|| parse_number(text))
}

fn month_of(text: &str) -> Option<u32> {
    month_number(text).or_else(|| text.trim().parse().ok().filter(|m| (1..=12).contains(m)))
}

/// Every date in `text`, in text order. Where two forms overlap, the longer wins.
pub fn find_dates(text: &str, patterns: &Patterns) -> Vec<DateMention> {
    let mut found: Vec<DateMention> = Vec::new();
    for rule in patterns.rules("date.form") {
        for caps in rule.regex.captures_iter(text) {
            let (Some(d), Some(m), Some(y)) = (group(&caps, "day"), group(&caps, "month"), group(&caps, "year")) else {
                continue;
            };
            let (Some(day), Some(month), Some(year)) = (day_of(d.as_str()), month_of(m.as_str()), year_of(y.as_str()))
            else {
                continue;
            };
            let Some(date) = Date::new(year, month, day) else {
                continue;
            };
            let whole = caps.get(0).unwrap();
            found.push(DateMention {
                date,
                span: [whole.start(), whole.end()],
                weekday: group(&caps, "weekday").map(|w| w.as_str().to_lowercase()),
            });
        }
    }
    // Where two forms overlap, the longer reading wins.
    crate::extract::spans::keep_non_overlapping(
        found,
        |m| m.span,
        |a, b| (b.span[1] - b.span[0]).cmp(&(a.span[1] - a.span[0])).then(a.span[0].cmp(&b.span[0])),
    )
}

/// The dates with a role, and the session time.
#[derive(Debug, Clone, Default)]
pub struct DateRoles {
    pub session: Option<DateMention>,
    pub convocation: Option<DateMention>,
    pub time: Option<String>,
    /// Transmission, publication and display mentions, blank ones included.
    pub mentions: Vec<DatedMention>,
}

impl DateRoles {
    fn first(&self, role: &str) -> Option<String> {
        self.mentions.iter().filter(|m| m.role == role).find_map(|m| m.date.clone())
    }

    /// The @ctes stamp wins over a date written in the text (rule F5 keeps the stamp).
    pub fn prefecture_date(&self) -> Option<String> {
        self.first("prefecture_stamp").or_else(|| self.first("prefecture"))
    }

    pub fn publication_date(&self) -> Option<String> {
        self.first("publication")
    }

    pub fn display_date(&self) -> Option<String> {
        self.first("display")
    }
}

/// What may stand between a role's words and its date: spaces, line breaks, « : », « , »
/// and a « le » or « du ».
fn gap_is_empty(gap: &str) -> bool {
    let g = gap.trim_matches(|c: char| c.is_whitespace() || c == ':' || c == ',' || c == '-');
    g.is_empty() || matches!(crate::text::fold(g).as_str(), "le" | "du" | "en date du" | "date du")
}

/// The date right after the words matched by a role rule, if any.
fn date_after<'a>(text: &str, end: usize, dates: &'a [DateMention]) -> Option<&'a DateMention> {
    // `dates` is in text order: the first date starting at or after `end` is the candidate.
    let next = &dates[dates.partition_point(|d| d.span[0] < end)..];
    next.first().filter(|d| d.span[0] - end <= 80 && gap_is_empty(&text[end..d.span[0]]))
}

/// Role rules that found no date: is the rest of the line (and the next non-empty one)
/// free of any date, i.e. a stamp field left blank?
fn blank_after(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let next: String = rest.chars().take_while(|c| *c != '\n').collect();
    next.trim_matches(|c: char| c.is_whitespace() || c == ':').is_empty()
}

fn role_matches(text: &str, kind: &str, patterns: &Patterns) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = patterns
        .rules(kind)
        .iter()
        // A rule may end on white space (`\s*:?`): the role's words end before it.
        .flat_map(|r| r.regex.find_iter(text).map(|m| (m.start(), m.start() + m.as_str().trim_end().len())))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Gives each date its role. `dates` must come from [`find_dates`] on the same text.
/// `references` are the text's, from [`crate::extract::references::raw_references`].
pub fn assign_roles(text: &str, dates: &[DateMention], references: &[Reference], patterns: &Patterns) -> DateRoles {
    let mut roles = DateRoles::default();
    // Dates inside a reference (« délibération … en date du 16/05/2022 ») are the cited
    // act's, never the session's or the convocation's.
    let cited = SpanSet::new(references.iter().map(|r| r.span).collect());
    let free = |d: &&DateMention| !cited.covers(d.span);

    for (role, kind) in [
        ("prefecture_stamp", "date.role.prefecture_stamp"),
        ("prefecture", "date.role.prefecture"),
        ("publication", "date.role.publication"),
        ("display", "date.role.display"),
    ] {
        for (start, end) in role_matches(text, kind, patterns) {
            match date_after(text, end, dates) {
                Some(d) => roles.mentions.push(DatedMention {
                    role: role.to_string(),
                    date: Some(d.date.iso()),
                    span: [start, d.span[1]],
                }),
                None if blank_after(text, end) => {
                    roles.mentions.push(DatedMention { role: role.to_string(), date: None, span: [start, end] })
                }
                None => {}
            }
        }
    }
    let taken = SpanSet::new(roles.mentions.iter().map(|m| m.span).collect());
    let untaken = |d: &&DateMention| !taken.covers(d.span);

    roles.convocation = role_matches(text, "date.role.convocation", patterns)
        .into_iter()
        .find_map(|(_, end)| date_after(text, end, dates).filter(free).cloned());
    let is_convocation = |d: &&DateMention| roles.convocation.as_ref().is_none_or(|c| c.span != d.span);

    // The session: a date after session words (« réunion du »), else a date followed in
    // its paragraph by « s'est réuni », else a date with its weekday opening a line.
    let by_trigger = role_matches(text, "date.role.session", patterns)
        .into_iter()
        .find_map(|(_, end)| date_after(text, end, dates).filter(free).filter(untaken).cloned());
    let by_context = || {
        dates.iter().filter(free).filter(untaken).filter(is_convocation).find(|d| {
            let para_end = text[d.span[1]..].find("\n\n").map_or(text.len(), |i| d.span[1] + i);
            let window = &text[d.span[1]..crate::text::floor_char_boundary(text, para_end.min(d.span[1] + 600))];
            patterns.rules("date.session_context").iter().any(|r| r.regex.is_match(window))
        })
    };
    let by_weekday = || {
        dates.iter().filter(free).filter(untaken).filter(is_convocation).find(|d| {
            let line_start = text[..d.span[0]].rfind('\n').map_or(0, |i| i + 1);
            let lead = crate::text::fold(&text[line_start..d.span[0]]);
            let lead = lead.trim_matches(|c: char| c.is_whitespace() || "+*-•".contains(c));
            d.weekday.is_some() && (lead.is_empty() || lead == "le")
        })
    };
    roles.session = by_trigger.or_else(|| by_context().cloned()).or_else(|| by_weekday().cloned());
    // A session cannot come after today: « 2071 » is an OCR slip for « 2021 », not a fact.
    if roles.session.as_ref().is_some_and(|s| s.date > Date::today()) {
        roles.session = None;
    }
    if let Some(session) = &mut roles.session {
        // A compte rendu may name its session in its title (« réunion du 19 avril 1999 »)
        // and give the hour and weekday where it opens (« Le lundi 19 avril 1999 à 18h00 »).
        let same_day: Vec<&DateMention> = dates.iter().filter(|d| d.date == session.date).filter(free).collect();
        roles.time = std::iter::once(&*session)
            .chain(same_day.iter().copied())
            .find_map(|d| session_time(text, d.span[1], patterns));
        if session.weekday.is_none() {
            session.weekday = same_day.iter().find_map(|d| d.weekday.clone());
        }
    }
    roles
}

/// The time written just after the session date, in the same sentence.
fn session_time(text: &str, from: usize, patterns: &Patterns) -> Option<String> {
    let rest = &text[from..];
    let limit = crate::text::floor_char_boundary(rest, rest.find("\n\n").unwrap_or(rest.len()).min(160));
    let window = &rest[..limit];
    patterns.rules("time").iter().find_map(|rule| {
        let caps = rule.regex.captures(window)?;
        let hour = parse_number(group(&caps, "hour")?.as_str())?;
        let minute = match group(&caps, "minute").map(|m| crate::text::fold(m.as_str())) {
            Some(m) if m.ends_with("demie") => 30,
            Some(m) if m.ends_with("quart") => 15,
            Some(m) => parse_number(&m)?,
            None => 0,
        };
        (hour < 24 && minute < 60).then(|| format!("{hour:02}:{minute:02}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::Patterns;

    fn dates(text: &str) -> Vec<String> {
        find_dates(text, &Patterns::embedded()).iter().map(|m| m.date.iso()).collect()
    }

    #[test]
    fn every_written_form_of_a_date() {
        let cases = [
            ("le seize juin deux mille vingt-deux", "2022-06-16"),
            ("Le mardi dix-neuf décembre deux-mille-vingt-trois à dix-huit heures", "2023-12-19"),
            ("l'an deux mil quatorze, le vingt février", "2014-02-20"),
            ("lan deux mil quatorze, le vingt février", "2014-02-20"),
            ("le 1er juillet 2021", "2021-07-01"),
            ("Vu la délibération du 16/05/2022", "2022-05-16"),
            ("le 3 novembre 2022", "2022-11-03"),
            ("le premier mars mil neuf cent quatre-vingt-dix-neuf", "1999-03-01"),
            ("REUNION DU 17 OCTOBRE 2022", "2022-10-17"),
            ("le vingt-huit novembre deux mille dix-huit, le comité", "2018-11-28"),
            ("le 28.11.18", "2018-11-28"),
            ("le 2022-06-16", "2022-06-16"),
            ("le 1er oct. 2021", "2021-10-01"),
        ];
        for (text, want) in cases {
            assert_eq!(dates(text), [want], "{text}");
        }
    }

    #[test]
    fn impossible_dates_and_non_dates_are_not_read() {
        for text in ["le 31 juin 2022", "le 30 février 2021", "délibération 2022-173", "article 4.2", "en juin 2022"]
        {
            assert!(dates(text).is_empty(), "{text}: {:?}", dates(text));
        }
    }

    fn roles(text: &str) -> DateRoles {
        let p = Patterns::embedded();
        let references = crate::extract::references::raw_references(text, [0, text.len()], &p);
        assign_roles(text, &find_dates(text, &p), &references, &p)
    }

    #[test]
    fn session_convocation_and_time() {
        let r = roles(
            "Le vingt-huit novembre deux mille dix-huit, le comité syndical s'est réuni à Lille, sur convocation en date du vingt-deux novembre deux mille dix-huit, sous la présidence de M. X.",
        );
        assert_eq!(r.session.unwrap().date.iso(), "2018-11-28");
        assert_eq!(r.convocation.unwrap().date.iso(), "2018-11-22");
        let r = roles(
            "Le mardi dix-neuf décembre deux-mille-vingt-trois à dix-huit heures, s'est réuni le Conseil Municipal\n\nDate de la convocation : 15 décembre 2023",
        );
        let s = r.session.unwrap();
        assert_eq!((s.date.iso(), s.weekday.as_deref()), ("2023-12-19".to_string(), Some("mardi")));
        assert_eq!(r.time.as_deref(), Some("18:00"));
        assert_eq!(r.convocation.unwrap().date.iso(), "2023-12-15");
        let r = roles("+ Vendredi 29 janvier 2021, 18:30.\n+ Salle polyvalente");
        assert_eq!(r.session.unwrap().date.iso(), "2021-01-29");
        assert_eq!(r.time.as_deref(), Some("18:30"));
    }

    #[test]
    fn a_session_in_the_future_is_an_ocr_slip_not_a_fact() {
        let r = roles("L'an deux mille soixante et onze, le trente et un mars, le conseil municipal s'est réuni.");
        assert!(r.session.is_none());
    }

    #[test]
    fn a_cited_date_is_never_the_session() {
        let r = roles(
            "REUNION DU 17 OCTOBRE 2022\nVu la délibération n°2022-173 de la Commission Permanente en date du 16/05/2022 ;",
        );
        assert_eq!(r.session.unwrap().date.iso(), "2022-10-17");
        let r = roles("Vu la délibération n°2022-173 de la Commission Permanente en date du 16/05/2022 ;");
        assert!(r.session.is_none());
    }

    #[test]
    fn transmission_stamp_wins_and_blank_stamps_are_seen() {
        let r = roles(
            "Envoyé en préfecture le 29/11/2018\n\nReçu en préfecture le 29/11/2018\n\nAffiché le\n\n\n\nID : 059-200039386-20181128-2018_27_2-DE\n\nTransmis au contrôle de légalité le\n\n28/11/2018",
        );
        assert_eq!(r.prefecture_date().as_deref(), Some("2018-11-29"));
        assert_eq!(r.display_date(), None);
        assert!(r.mentions.iter().any(|m| m.role == "display" && m.date.is_none()));
        assert!(r.mentions.iter().any(|m| m.role == "prefecture" && m.date.as_deref() == Some("2018-11-28")));
        let r = roles(
            "Envoi au contrôle de légalité le : 3 novembre 2022\n\nPublication électronique le : 3 novembre 2022",
        );
        assert_eq!(r.prefecture_date().as_deref(), Some("2022-11-03"));
        assert_eq!(r.publication_date().as_deref(), Some("2022-11-03"));
        let r = roles("Télétransmis en préfecture le 28/12/2023\nPublié sur le site Internet le 28/12/2023");
        assert_eq!(r.prefecture_date().as_deref(), Some("2023-12-28"));
        assert_eq!(r.publication_date().as_deref(), Some("2023-12-28"));
    }
}
