//! A deliberation's page (`/deliberation/<record id>/<item>`) and its JSON
//! (`/api/deliberation/…`): the facts (session, roll with statuses and proxies, stated
//! and counted totals, the vote), the findings with their rule, the text with every fact
//! and every finding's evidence marked where it stands, and the citations both ways.

use serde::Serialize;

use super::highlight::{self, Mark};
use super::html::{self, escape, link, status_label, tr};
use super::{App, Response, WebError};
use crate::index::graph::{Node, Refs};
use crate::index::schema::Hit;
use crate::index::search::member_status;
use crate::messages::Lang;
use crate::model::{Finding, Record, Span, Totals};

/// The key (`id#index`) an address names: `<id>/<index>`, or one segment holding the
/// key itself (`id%23index`) or a record id.
pub fn key_of(segments: &[&str]) -> String {
    segments.join("#")
}

/// A finding as the page shows it, with its rule's statement and where its evidence is.
#[derive(Debug, Serialize)]
pub struct FindingView {
    /// Its number on the page; its evidence's anchor is `evidence-N`.
    pub number: usize,
    #[serde(flatten)]
    pub finding: Finding,
    pub statement: Option<&'static str>,
    pub legal_source: Option<&'static str>,
    /// Its evidence stands in the part of the text the page shows.
    pub evidence_shown: bool,
}

/// Everything the page shows, and what `/api/deliberation/…` answers.
#[derive(Debug, Serialize)]
pub struct DeliberationView {
    pub hit: Hit,
    /// The document's record, with its text.
    pub record: Record,
    pub refs: Refs,
    pub findings: Vec<FindingView>,
    /// The parts of `record.text` shown, and the marks in them.
    pub excerpt: Vec<Span>,
    pub highlights: Vec<Mark>,
}

pub fn view(app: &App, key: &str) -> Result<DeliberationView, WebError> {
    let hit = app.index.hit(key)?;
    let record = app.index.record(&hit.record_id)?;
    let refs = app.index.refs(&hit.key)?;
    let excerpt = highlight::excerpt(&record, hit.item);
    let mine: Vec<&Finding> =
        record.findings.iter().filter(|f| f.deliberation.is_none() || f.deliberation == hit.item).collect();
    let highlights: Vec<Mark> = highlight::marks(&record, hit.item, &mine, app.lang)
        .into_iter()
        .filter(|m| highlight::shown(m.span, &excerpt))
        .collect();
    let findings = mine
        .iter()
        .enumerate()
        .map(|(n, f)| {
            let spec = crate::check::rule(&f.rule);
            FindingView {
                number: n + 1,
                finding: (*f).clone(),
                statement: spec.map(|s| s.statement(app.lang)),
                legal_source: spec.map(|s| s.source),
                evidence_shown: f.span.is_some_and(|s| highlight::shown(s, &excerpt)),
            }
        })
        .collect();
    Ok(DeliberationView { hit, record, refs, findings, excerpt, highlights })
}

pub fn api(app: &App, key: &str) -> Result<Response, WebError> {
    Ok(Response::json(200, &view(app, key)?))
}

pub fn page(app: &App, key: &str) -> Result<Response, WebError> {
    let lang = app.lang;
    let v = view(app, key)?;
    let hit = &v.hit;
    let title = match (&hit.number, &hit.title) {
        (Some(n), Some(t)) => format!("{} {n} — {t}", tr(lang, "Délibération", "Deliberation")),
        (None, Some(t)) => t.clone(),
        (Some(n), None) => format!("{} {n}", tr(lang, "Délibération", "Deliberation")),
        (None, None) => tr(lang, "Document sans délibération repérée", "Document with no deliberation found").into(),
    };
    let mut s = format!("<h1>{}</h1>", escape(&title));
    let mut meta = vec![hit.date.clone().unwrap_or_else(|| "?".into())];
    meta.extend(hit.collectivity.clone());
    meta.extend(hit.body.clone());
    s.push_str(&format!(
        "<p class=\"meta\">{} · {} {}</p>",
        escape(&meta.join(" · ")),
        tr(lang, "source :", "source:"),
        link(&html::source_url(&hit.record_id), &hit.path)
    ));
    s.push_str("<div class=\"columns\"><div>");
    s.push_str(&session_html(&v.record, lang));
    s.push_str(&totals_html(&v.record, lang));
    s.push_str("</div><div>");
    s.push_str(&vote_html(&v, lang));
    s.push_str("</div></div>");
    s.push_str(&roll_html(&v, lang));
    s.push_str(&findings_html(&v.findings, lang));
    s.push_str(&refs_html(&v.refs, lang));
    s.push_str(&format!("<h2>{}</h2>", tr(lang, "Texte", "Text")));
    s.push_str(&format!(
        "<p class=\"legend\"><mark class=\"fact\">{}</mark> <mark class=\"finding sev-error\">{}</mark></p>",
        tr(lang, "fait extrait", "extracted fact"),
        tr(lang, "élément d'une anomalie", "evidence of a finding")
    ));
    let text = v.record.text.as_deref().unwrap_or("");
    s.push_str(&format!("<pre class=\"text\">{}</pre>", highlight::render(text, &v.excerpt, &v.highlights, lang)));
    Ok(Response::html(200, html::frame(lang, &title, &s)))
}

/// A two-column table of the rows that have a value.
fn table(rows: &[(&str, Option<String>)]) -> String {
    let mut s = String::from("<table>");
    for (label, value) in rows {
        if let Some(value) = value {
            s.push_str(&format!("<tr><th>{}</th><td>{}</td></tr>", escape(label), escape(value)));
        }
    }
    s.push_str("</table>");
    s
}

fn session_html(r: &Record, lang: Lang) -> String {
    let s = &r.session;
    let date = s.date.as_ref().map(|d| match &s.weekday {
        Some(w) => format!("{w} {d}"),
        None => d.clone(),
    });
    let rows = [
        (tr(lang, "Collectivité", "Collectivity"), r.collectivity.name.clone()),
        (tr(lang, "Organe", "Body"), r.body.clone()),
        (tr(lang, "Séance", "Session"), date),
        (tr(lang, "Heure", "Time"), s.time.clone()),
        (tr(lang, "Lieu", "Place"), s.place.clone()),
        (tr(lang, "Convocation", "Convocation"), s.convocation_date.clone()),
        (tr(lang, "Président(e)", "Chair"), s.president.clone()),
        (tr(lang, "Secrétaire de séance", "Secretary"), s.secretary.clone()),
        (tr(lang, "Transmission en préfecture", "Sent to the prefecture"), r.transmission.prefecture_date.clone()),
        (tr(lang, "Publication", "Publication"), r.transmission.publication_date.clone()),
        (tr(lang, "Affichage", "Display"), r.transmission.display_date.clone()),
        (tr(lang, "Identifiant @ctes", "@ctes id"), r.transmission.acte_id.clone()),
    ];
    format!("<h2>{}</h2>{}", tr(lang, "Séance", "Session"), table(&rows))
}

/// Stated (what the text says) beside counted (from the roll); a difference stands out.
fn totals_html(r: &Record, lang: Lang) -> String {
    let stated = &r.attendance.stated;
    let counted = r.attendance.counted.unwrap_or_default();
    if stated.is_empty() && counted.is_empty() {
        return String::new();
    }
    type Count = fn(&Totals) -> Option<u32>;
    let rows: [(&str, Count); 6] = [
        (tr(lang, "En exercice", "In office"), |t| t.in_office),
        (tr(lang, "Présents", "Present"), |t| t.present),
        (tr(lang, "Absents", "Absent"), |t| t.absent),
        (tr(lang, "Excusés", "Excused"), |t| t.excused),
        (tr(lang, "Pouvoirs", "Proxies"), |t| t.proxies),
        (tr(lang, "Votants", "Voters"), |t| t.voters),
    ];
    let cell = |v: Option<u32>| v.map_or("—".to_string(), |n| n.to_string());
    let mut s = format!(
        "<h2>{}</h2><table class=\"totals\"><tr><th></th><th>{}</th><th>{}</th></tr>",
        tr(lang, "Effectifs", "Totals"),
        tr(lang, "annoncés", "stated"),
        tr(lang, "comptés", "counted")
    );
    for (label, get) in rows {
        let (a, b) = (get(stated), get(&counted));
        let differs = matches!((a, b), (Some(x), Some(y)) if x != y);
        let class = if differs { " class=\"differs\"" } else { "" };
        s.push_str(&format!("<tr><th>{label}</th><td{class}>{}</td><td{class}>{}</td></tr>", cell(a), cell(b)));
    }
    s.push_str("</table>");
    s
}

fn vote_html(v: &DeliberationView, lang: Lang) -> String {
    let Some(d) = v.hit.item.and_then(|i| v.record.deliberations.get(i)) else {
        return String::new();
    };
    let n = |x: Option<u32>| x.map(|n| n.to_string());
    let votes = &d.votes;
    let sum = match (votes.for_, votes.against) {
        (Some(a), Some(b)) => Some(a.saturating_add(b).to_string()),
        _ => None,
    };
    let unanimity =
        votes.unanimous.then(|| votes.unanimity_text.clone().unwrap_or_else(|| tr(lang, "oui", "yes").into()));
    let rows = [
        (tr(lang, "Pour", "For"), n(votes.for_)),
        (tr(lang, "Contre", "Against"), n(votes.against)),
        (tr(lang, "Abstentions", "Abstentions"), n(votes.abstention)),
        (tr(lang, "Blancs", "Blank"), n(votes.blank)),
        (tr(lang, "Nuls", "Spoiled"), n(votes.spoiled)),
        (tr(lang, "Ne prennent pas part au vote", "Not voting"), n(votes.not_voting)),
        (tr(lang, "Suffrages exprimés (annoncés)", "Votes cast (stated)"), n(votes.expressed)),
        (tr(lang, "Pour + contre (comptés)", "For + against (counted)"), sum),
        (tr(lang, "Votants", "Voters"), n(votes.voters)),
        (tr(lang, "Unanimité", "Unanimous"), unanimity),
        (tr(lang, "Mode de scrutin", "Method"), votes.method.clone()),
        (tr(lang, "Issue", "Outcome"), votes.outcome.as_deref().map(|o| outcome_label(o, lang))),
    ];
    let mut s = format!("<h2>{}</h2>{}", tr(lang, "Vote", "Vote"), table(&rows));
    for g in &votes.by_group {
        s.push_str(&format!(
            "<p>{} {} : {}</p>",
            tr(lang, "Groupe", "Group"),
            escape(&g.group),
            escape(&format!(
                "{} {} · {} {} · {} {}",
                n(g.for_).unwrap_or("—".into()),
                tr(lang, "pour", "for"),
                n(g.against).unwrap_or("—".into()),
                tr(lang, "contre", "against"),
                n(g.abstention).unwrap_or("—".into()),
                tr(lang, "abstentions", "abstentions"),
            ))
        ));
    }
    if let Some(a) = &d.attendance {
        let rows = [
            (tr(lang, "Présents à ce vote", "Present at this vote"), n(a.present)),
            (tr(lang, "Pouvoirs à ce vote", "Proxies at this vote"), n(a.proxies)),
            (tr(lang, "Votants à ce vote", "Voters at this vote"), n(a.voters)),
            (
                tr(lang, "Ne prennent pas part au vote", "Not voting"),
                (!a.not_voting.is_empty()).then(|| a.not_voting.join(", ")),
            ),
        ];
        s.push_str(&table(&rows));
    }
    s
}

fn outcome_label(outcome: &str, lang: Lang) -> String {
    match outcome {
        "adopted" => tr(lang, "adoptée", "adopted").into(),
        "rejected" => tr(lang, "rejetée", "rejected").into(),
        other => other.into(),
    }
}

fn roll_html(v: &DeliberationView, lang: Lang) -> String {
    let members = &v.record.attendance.members;
    if members.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "<h2>{} ({})</h2><table class=\"roll\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        tr(lang, "Présences", "Attendance"),
        members.len(),
        tr(lang, "Membre", "Member"),
        tr(lang, "Groupe", "Group"),
        tr(lang, "Statut", "Status"),
        tr(lang, "Pouvoir donné à", "Proxy given to"),
        tr(lang, "Détient le pouvoir de", "Holds the proxy of"),
    );
    let collectivity = v.hit.collectivity.as_deref();
    for m in members {
        let status = member_status(&m.name, &v.hit);
        let held = status.as_ref().map(|st| st.proxies_held.join(", ")).unwrap_or_default();
        let mut state = status_label(&m.status, lang);
        if let Some(st) = &status {
            if st.not_voting {
                state.push_str(tr(lang, ", ne prend pas part au vote", ", not voting"));
            }
            match st.change.as_deref() {
                Some("arrives") => state.push_str(tr(lang, ", arrivé en cours de séance", ", arrived later")),
                Some("leaves") => state.push_str(tr(lang, ", parti avant ce vote", ", left before this vote")),
                _ => {}
            }
        }
        let name = match &m.title {
            Some(t) => format!("{t} {}", m.name),
            None => m.name.clone(),
        };
        s.push_str(&format!(
            "<tr class=\"status-{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&m.status),
            link(&html::member_url(&m.name, collectivity), &name),
            escape(m.group.as_deref().unwrap_or("")),
            escape(&state),
            escape(m.proxy_to.as_deref().unwrap_or("")),
            escape(&held),
        ));
    }
    s.push_str("</table>");
    if !v.record.attendance.non_voting_attendees.is_empty() {
        s.push_str(&format!(
            "<p>{} : {}</p>",
            tr(lang, "Sans voix délibérative", "Attending without a vote"),
            escape(&v.record.attendance.non_voting_attendees.join(", "))
        ));
    }
    s
}

fn findings_html(findings: &[FindingView], lang: Lang) -> String {
    let mut s = format!("<h2>{} ({})</h2>", tr(lang, "Anomalies relevées", "Findings"), findings.len());
    if findings.is_empty() {
        s.push_str(&format!("<p>{}</p>", tr(lang, "Aucune.", "None.")));
        return s;
    }
    s.push_str("<ul class=\"findings\">");
    for f in findings {
        let evidence = match (&f.finding.evidence, f.evidence_shown) {
            (Some(e), true) => format!(" — <a href=\"#evidence-{}\">« {} »</a>", f.number, escape(e)),
            (Some(e), false) => format!(" — « {} »", escape(e)),
            (None, _) => String::new(),
        };
        let mut where_ = Vec::new();
        where_.extend(f.finding.line.map(|l| format!("{} {l}", tr(lang, "l.", "line"))));
        where_.extend(f.finding.page.map(|p| format!("p. {p}")));
        s.push_str(&format!(
            "<li class=\"sev-{sev}\"><span class=\"badge\">{rule} {SEV}</span> {msg}{evidence}{at}",
            sev = escape(&f.finding.severity),
            rule = escape(&f.finding.rule),
            SEV = escape(&f.finding.severity.to_uppercase()),
            msg = escape(&f.finding.message),
            at = if where_.is_empty() { String::new() } else { format!(" ({})", where_.join(", ")) },
        ));
        if let Some(statement) = f.statement {
            let source = f.legal_source.map(|src| format!(" — {}", escape(src))).unwrap_or_default();
            s.push_str(&format!("<div class=\"statement\">{}{source}</div>", escape(statement)));
        }
        s.push_str("</li>");
    }
    s.push_str("</ul>");
    s
}

fn node_html(node: &Node) -> String {
    let mut parts = Vec::new();
    parts.extend(node.collectivity.clone());
    parts.extend(node.number.as_ref().map(|n| format!("n° {n}")));
    parts.extend(node.date.clone());
    link(&html::deliberation_url(&node.id), &parts.join(" · "))
}

fn refs_html(refs: &Refs, lang: Lang) -> String {
    let mut s = format!("<h2>{}</h2><ul class=\"cites\">", tr(lang, "Cite", "Cites"));
    if refs.cites.is_empty() {
        s.push_str("<li>—</li>");
    }
    for c in &refs.cites {
        let text = crate::text::collapse_spaces(&c.reference.text);
        let target = match (&c.target, c.candidates.is_empty(), c.reference.kind.as_str()) {
            (Some(t), _, _) => format!("⇒ {}", node_html(t)),
            (None, false, _) => format!(
                "⇒ <span class=\"ambiguous\">{}</span> {}",
                tr(lang, "ambiguë, candidates :", "ambiguous, candidates:"),
                c.candidates.iter().map(node_html).collect::<Vec<_>>().join(" | ")
            ),
            (None, true, "deliberation") => {
                format!("<span class=\"unresolved\">{}</span>", tr(lang, "absente de l'index", "not in the index"))
            }
            (None, true, kind) => format!("({})", escape(crate::messages::reference_kind(kind, lang))),
        };
        s.push_str(&format!("<li>{} {target}</li>", escape(&text)));
    }
    s.push_str(&format!("</ul><h2>{}</h2><ul class=\"cited-by\">", tr(lang, "Citée par", "Cited by")));
    if refs.cited_by.is_empty() {
        s.push_str("<li>—</li>");
    }
    for c in &refs.cited_by {
        let mark = if c.ambiguous {
            tr(lang, " (candidate d'une référence ambiguë)", " (candidate of an ambiguous reference)")
        } else {
            ""
        };
        s.push_str(&format!(
            "<li>{} « {} »{mark}</li>",
            node_html(&c.by),
            escape(&crate::text::collapse_spaces(&c.text))
        ));
    }
    s.push_str("</ul>");
    s
}
