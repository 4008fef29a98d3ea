//! A member's page (`/member?name=…&collectivity=…`) and its JSON (`/api/member`): the
//! sessions of the rolls that name the person, their status in each, the proxies they
//! gave and held, and their attendance rate. A name is a person only within one
//! collectivity: homonyms elsewhere, or several people a partial name fits, get one
//! section each.

use std::collections::BTreeMap;

use serde::Serialize;

use super::html::{self, escape, link, status_label, tr};
use super::params::Params;
use super::{App, Response, WebError};
use crate::check::names::{self, Resolution};
use crate::index::schema::Hit;
use crate::index::search::{MemberStatus, SearchRequest, member_status};
use crate::messages::Lang;

/// One session (one meeting of a body) of a person.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SessionRow {
    pub record_id: String,
    /// The session's first deliberation, for a link.
    pub deliberation: String,
    pub date: Option<String>,
    pub body: Option<String>,
    pub status: String,
    pub proxy_to: Option<String>,
    pub proxies_held: Vec<String>,
    /// How many acts of this session the index holds.
    pub deliberations: usize,
}

/// A person: a name as the rolls write it, in one collectivity.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Person {
    pub name: String,
    pub collectivity: Option<String>,
    pub sessions: Vec<SessionRow>,
    pub present: usize,
    pub excused: usize,
    pub absent: usize,
    /// Sessions at which the person gave a *pouvoir*.
    pub proxies_given: usize,
    /// *Pouvoirs* held, all sessions together.
    pub proxies_held: usize,
    /// Sessions present ÷ sessions on the roll.
    pub attendance_rate: f64,
}

#[derive(Debug, Serialize)]
pub struct MemberView {
    pub name: String,
    pub collectivity: Option<String>,
    pub persons: Vec<Person>,
}

pub fn view(app: &App, params: &Params) -> Result<MemberView, WebError> {
    let Some(name) = params.get("name") else {
        return Err(WebError::BadRequest(
            tr(app.lang, "donner le nom de l'élu(e) : /member?name=…", "give the member's name: /member?name=…").into(),
        ));
    };
    let collectivity = params.get("collectivity");
    let request = SearchRequest {
        member: Some(name.to_string()),
        collectivity: collectivity.map(str::to_string),
        ..SearchRequest::default()
    };
    let hits = app.index.matching_hits(&request, app.lang)?;
    Ok(MemberView {
        name: name.to_string(),
        collectivity: collectivity.map(str::to_string),
        persons: persons(name, &hits),
    })
}

/// The people `name` designates in `hits` (newest first), each with their sessions.
pub fn persons(name: &str, hits: &[Hit]) -> Vec<Person> {
    // (collectivity, folded name) → the person, and their sessions: row and acts seen.
    type Sessions = BTreeMap<String, (usize, Vec<String>)>;
    let mut people: BTreeMap<(String, String), (Person, Sessions)> = BTreeMap::new();
    for hit in hits {
        for member in &hit.members {
            if !matches!(
                names::resolve(name, std::slice::from_ref(member)),
                Resolution::Exact(_) | Resolution::Partial(_)
            ) {
                continue;
            }
            let Some(status) = member_status(&member.name, hit) else { continue };
            let who = (hit.collectivity.clone().unwrap_or_default(), crate::text::fold(&status.name));
            let (person, rows) = people.entry(who).or_insert_with(|| (new_person(&status, hit), BTreeMap::new()));
            // A session is a meeting: its acts may come as several documents, and one
            // act as text and PDF; its date and body say which meeting it was.
            let session = match &hit.date {
                Some(date) => format!("{date} {}", hit.body.as_deref().unwrap_or("")),
                None => hit.record_id.clone(),
            };
            let act = hit.number.as_deref().map(crate::index::schema::number_key).unwrap_or_else(|| hit.key.clone());
            match rows.get_mut(&session) {
                Some((row, acts)) => {
                    if !acts.contains(&act) {
                        acts.push(act);
                        person.sessions[*row].deliberations += 1;
                    }
                }
                None => {
                    rows.insert(session, (person.sessions.len(), vec![act]));
                    person.sessions.push(session_row(&status, hit));
                }
            }
        }
    }
    let mut out: Vec<Person> = people.into_values().map(|(p, _)| tally(p)).collect();
    out.sort_by(|a, b| b.sessions.len().cmp(&a.sessions.len()).then_with(|| a.collectivity.cmp(&b.collectivity)));
    out
}

fn new_person(status: &MemberStatus, hit: &Hit) -> Person {
    Person {
        name: status.name.clone(),
        collectivity: hit.collectivity.clone(),
        sessions: Vec::new(),
        present: 0,
        excused: 0,
        absent: 0,
        proxies_given: 0,
        proxies_held: 0,
        attendance_rate: 0.0,
    }
}

fn session_row(status: &MemberStatus, hit: &Hit) -> SessionRow {
    SessionRow {
        record_id: hit.record_id.clone(),
        deliberation: hit.key.clone(),
        date: hit.date.clone(),
        body: hit.body.clone(),
        status: status.status.clone(),
        proxy_to: status.proxy_to.clone(),
        proxies_held: status.proxies_held.clone(),
        deliberations: 1,
    }
}

fn tally(mut p: Person) -> Person {
    let count = |status: &str| p.sessions.iter().filter(|s| s.status == status).count();
    (p.present, p.excused, p.absent) = (count("present"), count("excused"), count("absent"));
    p.proxies_given = p.sessions.iter().filter(|s| s.proxy_to.is_some()).count();
    p.proxies_held = p.sessions.iter().map(|s| s.proxies_held.len()).sum();
    p.attendance_rate = if p.sessions.is_empty() { 0.0 } else { p.present as f64 / p.sessions.len() as f64 };
    p
}

pub fn api(app: &App, params: &Params) -> Result<Response, WebError> {
    Ok(Response::json(200, &view(app, params)?))
}

pub fn page(app: &App, params: &Params) -> Result<Response, WebError> {
    let lang = app.lang;
    let v = view(app, params)?;
    let title = v.name.clone();
    let mut s = format!("<h1>{}</h1>", escape(&v.name));
    if v.persons.is_empty() {
        s.push_str(&format!(
            "<p>{}</p>",
            tr(lang, "Aucune séance de l'index ne nomme cette personne.", "No session of the index names this person.")
        ));
    }
    for p in &v.persons {
        s.push_str(&person_html(p, lang));
    }
    Ok(Response::html(200, html::frame(lang, &title, &s)))
}

fn person_html(p: &Person, lang: Lang) -> String {
    let collectivity = p.collectivity.as_deref().unwrap_or("?");
    let n = p.sessions.len();
    let rate = format!("{:.0} %", p.attendance_rate * 100.0);
    let mut s = format!("<h2>{} — {}</h2>", escape(&p.name), escape(collectivity));
    s.push_str(&match lang {
        Lang::Fr => format!(
            "<p class=\"summary\">{n} séance(s) : présent(e) à {} (taux de présence {rate}), excusé(e) à {}, absent(e) à {} ; \
             pouvoir donné à {} séance(s), {} pouvoir(s) détenu(s). {}</p>",
            p.present,
            p.excused,
            p.absent,
            p.proxies_given,
            p.proxies_held,
            link(&html::member_url(&p.name, p.collectivity.as_deref()), "lien vers cette personne")
        ),
        Lang::En => format!(
            "<p class=\"summary\">{n} session(s): present at {} (attendance rate {rate}), excused at {}, absent at {}; \
             proxy given at {} session(s), {} proxy(ies) held. {}</p>",
            p.present,
            p.excused,
            p.absent,
            p.proxies_given,
            p.proxies_held,
            link(&html::member_url(&p.name, p.collectivity.as_deref()), "link to this person")
        ),
    });
    s.push_str(&format!(
        "<table class=\"sessions\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        tr(lang, "Séance", "Session"),
        tr(lang, "Organe", "Body"),
        tr(lang, "Statut", "Status"),
        tr(lang, "Pouvoir donné à", "Proxy given to"),
        tr(lang, "Détient le pouvoir de", "Holds the proxy of"),
        tr(lang, "Délibérations", "Deliberations"),
    ));
    for row in &p.sessions {
        s.push_str(&format!(
            "<tr class=\"status-{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&row.status),
            link(&html::deliberation_url(&row.deliberation), row.date.as_deref().unwrap_or("?")),
            escape(row.body.as_deref().unwrap_or("")),
            escape(&status_label(&row.status, lang)),
            escape(row.proxy_to.as_deref().unwrap_or("")),
            escape(&row.proxies_held.join(", ")),
            row.deliberations,
        ));
    }
    s.push_str("</table>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Member;

    fn member(name: &str, status: &str, proxy_to: Option<&str>) -> Member {
        Member {
            name: name.into(),
            title: None,
            group: None,
            status: status.into(),
            proxy_to: proxy_to.map(Into::into),
            span: None,
        }
    }

    fn hit(record: &str, item: usize, collectivity: &str, date: &str, members: Vec<Member>) -> Hit {
        Hit {
            key: format!("{record}#{item}"),
            record_id: record.into(),
            item: Some(item),
            path: format!("{record}.txt"),
            collectivity: Some(collectivity.into()),
            collectivity_kind: None,
            body: Some("conseil municipal".into()),
            number: Some(format!("{date}-{item}")),
            date: Some(date.into()),
            title: None,
            votes: None,
            members,
            item_attendance: None,
            rules: Vec::new(),
            references: Vec::new(),
            span: None,
        }
    }

    #[test]
    fn sessions_proxies_and_rate_per_person_and_collectivity() {
        let roll1 =
            vec![member("Hélène HAVRET", "excused", Some("Paul MARTIN")), member("Paul MARTIN", "present", None)];
        let roll2 =
            vec![member("Hélène HAVRET", "present", None), member("Paul MARTIN", "excused", Some("Hélène HAVRET"))];
        let hits = vec![
            hit("b", 0, "Commune de Gruson", "2023-12-19", roll2.clone()),
            hit("b", 1, "Commune de Gruson", "2023-12-19", roll2.clone()),
            // The same meeting's act published as another file.
            hit("b-pdf", 1, "Commune de Gruson", "2023-12-19", roll2),
            hit("a", 0, "Commune de Gruson", "2023-06-15", roll1),
            hit("c", 0, "Commune de Flaux", "2021-03-01", vec![member("Hélène HAVRET", "absent", None)]),
        ];
        let people = persons("helene havret", &hits);
        assert_eq!(people.len(), 2, "a homonym in another collectivity is another person");
        let gruson = &people[0];
        assert_eq!(gruson.collectivity.as_deref(), Some("Commune de Gruson"));
        assert_eq!(gruson.sessions.len(), 2);
        assert_eq!(gruson.sessions[0].deliberations, 2);
        assert_eq!((gruson.present, gruson.excused, gruson.absent), (1, 1, 0));
        assert_eq!((gruson.proxies_given, gruson.proxies_held), (1, 1));
        assert_eq!(gruson.sessions[0].proxies_held, vec!["Paul MARTIN".to_string()]);
        assert_eq!(gruson.sessions[1].proxy_to.as_deref(), Some("Paul MARTIN"));
        assert!((gruson.attendance_rate - 0.5).abs() < 1e-9);
        assert_eq!(people[1].absent, 1);
        assert!(persons("Nobody HERE", &hits).is_empty());
    }
}
