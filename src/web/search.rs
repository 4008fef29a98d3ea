//! The search page (`/`) and `/api/search`: the query language of `registre search`,
//! filters on collectivity, body, years, member and rule, facet counts beside the
//! results, pages of [`PAGE_SIZE`]. The address holds the whole query.

use serde::Serialize;

use super::html::{self, escape, link, tr};
use super::params::{Params, url};
use super::{App, Response, WebError};
use crate::index::search::{Facets, Found, SearchRequest, SearchResults};
use crate::messages::Lang;

pub const PAGE_SIZE: usize = 20;
/// The API may ask for bigger pages, up to this.
const MAX_LIMIT: usize = 100;
/// Results past this rank are not served: an offset costs memory in the collector, and
/// nobody reads page 5,000 (narrow the query instead).
const MAX_RANK: usize = 10_000;

/// A search as the address writes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SearchForm {
    pub q: String,
    pub collectivity: String,
    pub body: String,
    /// First and last session dates or years (`2019`, `2019-06`, `2019-06-30`).
    pub from: String,
    pub to: String,
    pub member: String,
    pub rule: String,
    pub kind: String,
    pub number: String,
    /// 1-based.
    pub page: usize,
    pub limit: usize,
}

impl SearchForm {
    pub fn from_params(p: &Params, lang: Lang) -> Result<SearchForm, WebError> {
        let number = |name: &str, default: usize, least: usize| -> Result<usize, WebError> {
            match p.get(name) {
                None => Ok(default),
                Some(v) => v.parse::<usize>().ok().filter(|n| *n >= least).ok_or_else(|| {
                    WebError::BadRequest(match lang {
                        Lang::Fr => {
                            format!("paramètre {name} = « {v} » : un nombre entier à partir de {least} est attendu")
                        }
                        Lang::En => format!("parameter {name} = {v:?}: a whole number from {least} on is expected"),
                    })
                }),
            }
        };
        let texts = SearchForm::texts(p);
        let form = SearchForm {
            rule: texts.rule.to_uppercase(),
            page: number("page", 1, 1)?,
            // `limit=0` asks for the counts and facets alone.
            limit: number("limit", PAGE_SIZE, 0)?.min(MAX_LIMIT),
            ..texts
        };
        if !form.rule.is_empty() && crate::check::rule(&form.rule).is_none() {
            return Err(WebError::BadRequest(match lang {
                Lang::Fr => format!("règle « {} » inconnue (Q1…Q4, P1…P6, V1…V8, D1, C1…C7, F1…F9, A1…A6)", form.rule),
                Lang::En => format!("unknown rule {:?} (Q1…Q4, P1…P6, V1…V8, D1, C1…C7, F1…F9, A1…A6)", form.rule),
            }));
        }
        if form.offset() >= MAX_RANK {
            return Err(WebError::BadRequest(match lang {
                Lang::Fr => {
                    format!("page {} : au-delà des {MAX_RANK} premiers résultats, préciser la recherche", form.page)
                }
                Lang::En => format!("page {}: past the first {MAX_RANK} results, narrow the search", form.page),
            }));
        }
        Ok(form)
    }

    /// The text fields as written, on page 1: what the form shows again when a
    /// parameter does not read.
    fn texts(p: &Params) -> SearchForm {
        let text = |name: &str| p.get(name).unwrap_or("").to_string();
        SearchForm {
            q: text("q"),
            collectivity: text("collectivity"),
            body: text("body"),
            from: text("from"),
            to: text("to"),
            member: text("member"),
            rule: text("rule"),
            kind: text("kind"),
            number: text("number"),
            page: 1,
            limit: PAGE_SIZE,
        }
    }

    fn offset(&self) -> usize {
        (self.page - 1).saturating_mul(self.limit)
    }

    /// Neither words nor a filter: nothing to search for yet.
    pub fn is_empty(&self) -> bool {
        let SearchForm { q, collectivity, body, from, to, member, rule, kind, number, .. } = self;
        [q, collectivity, body, from, to, member, rule, kind, number].iter().all(|v| v.is_empty())
    }

    pub fn request(&self) -> SearchRequest {
        let some = |v: &String| (!v.is_empty()).then(|| v.clone());
        SearchRequest {
            query: self.q.clone(),
            collectivity: some(&self.collectivity),
            kind: some(&self.kind),
            body: some(&self.body),
            year: None,
            from: some(&self.from),
            to: some(&self.to),
            number: some(&self.number),
            member: some(&self.member),
            rule: some(&self.rule),
            limit: self.limit,
            offset: self.offset(),
            facets: true,
        }
    }

    /// The query as address parameters (page aside); the API's page size is kept.
    fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![
            ("q", self.q.clone()),
            ("collectivity", self.collectivity.clone()),
            ("body", self.body.clone()),
            ("from", self.from.clone()),
            ("to", self.to.clone()),
            ("member", self.member.clone()),
            ("rule", self.rule.clone()),
            ("kind", self.kind.clone()),
            ("number", self.number.clone()),
        ];
        if self.limit != PAGE_SIZE {
            pairs.push(("limit", self.limit.to_string()));
        }
        pairs
    }

    /// The address of this search with `changes` applied (an empty value removes a
    /// filter) and the page set.
    fn url_with(&self, changes: &[(&str, &str)], page: usize) -> String {
        let mut pairs = self.pairs();
        for (name, value) in changes {
            if let Some(pair) = pairs.iter_mut().find(|(n, _)| n == name) {
                pair.1 = value.to_string();
            }
        }
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        url("/", &pairs)
    }
}

#[derive(Serialize)]
struct SearchAnswer<'a> {
    query: &'a SearchForm,
    total: usize,
    offset: usize,
    hits: &'a [Found],
    facets: &'a Option<Facets>,
}

fn run(app: &App, form: &SearchForm) -> Result<SearchResults, WebError> {
    Ok(app.index.search(&form.request(), app.lang)?)
}

pub fn api(app: &App, params: &Params) -> Result<Response, WebError> {
    let form = SearchForm::from_params(params, app.lang)?;
    if form.is_empty() {
        return Err(WebError::BadRequest(nothing_to_search(app.lang).to_string()));
    }
    let results = run(app, &form)?;
    let answer = SearchAnswer {
        query: &form,
        total: results.total,
        offset: form.offset(),
        hits: &results.hits,
        facets: &results.facets,
    };
    Ok(Response::json(200, &answer))
}

fn nothing_to_search(lang: Lang) -> &'static str {
    tr(
        lang,
        "rien à chercher : donner des mots (q) ou un filtre (collectivity, body, from, to, member, rule)",
        "nothing to search for: give words (q) or a filter (collectivity, body, from, to, member, rule)",
    )
}

pub fn page(app: &App, params: &Params) -> Result<Response, WebError> {
    let lang = app.lang;
    // A bad parameter is shown above the form, which keeps what the user typed.
    let (form, problem) = match SearchForm::from_params(params, lang) {
        Ok(form) => (form, None),
        Err(e) => (SearchForm::texts(params), Some(e)),
    };
    let mut body = form_html(&form, lang);
    let mut status = 200;
    let title = if form.q.is_empty() { tr(lang, "Recherche", "Search").to_string() } else { form.q.clone() };
    match problem {
        Some(e) => {
            status = e.status();
            body.push_str(&format!("<p class=\"error\">{}</p>", escape(&e.message(lang))));
        }
        None if form.is_empty() => body.push_str(&welcome(app)),
        None => match run(app, &form) {
            Ok(results) => body.push_str(&results_html(&form, &results, lang)),
            Err(e) => {
                status = e.status();
                body.push_str(&format!("<p class=\"error\">{}</p>", escape(&e.message(lang))));
            }
        },
    }
    Ok(Response::html(status, html::frame(lang, &title, &body)))
}

fn welcome(app: &App) -> String {
    let lang = app.lang;
    let counts = app.index.counts().ok();
    let mut s = String::from("<div class=\"welcome\">");
    if let Some((deliberations, documents, _files)) = counts {
        s.push_str(&match lang {
            Lang::Fr => format!("<p>L'index contient {deliberations} délibération(s) de {documents} document(s).</p>"),
            Lang::En => format!("<p>The index holds {deliberations} deliberation(s) from {documents} document(s).</p>"),
        });
    }
    s.push_str(tr(
        lang,
        "<p>Chercher des mots, des « expressions entre guillemets », AND / OR, -exclure, champ:valeur \
         (title, text, collectivity, body, number, year, member, rule, ref) ; ou filtrer seulement.</p>",
        "<p>Search words, \"quoted phrases\", AND / OR, -exclude, field:value \
         (title, text, collectivity, body, number, year, member, rule, ref); or filter only.</p>",
    ));
    s.push_str("</div>");
    s
}

fn form_html(form: &SearchForm, lang: Lang) -> String {
    let field = |name: &str, label: &str, value: &str, class: &str| {
        format!(
            "<label>{label}<input type=\"search\" name=\"{name}\" value=\"{}\"{}></label>",
            escape(value),
            if class.is_empty() { String::new() } else { format!(" class=\"{class}\"") }
        )
    };
    let mut s = String::from("<form class=\"search\" method=\"get\" action=\"/\">");
    s.push_str(&field("q", tr(lang, "Rechercher", "Search"), &form.q, ""));
    s.push_str(&field("collectivity", tr(lang, "Collectivité", "Collectivity"), &form.collectivity, ""));
    s.push_str(&field("body", tr(lang, "Organe", "Body"), &form.body, ""));
    s.push_str(&field("from", tr(lang, "Depuis (année)", "From (year)"), &form.from, "short"));
    s.push_str(&field("to", tr(lang, "Jusqu'à (année)", "To (year)"), &form.to, "short"));
    s.push_str(&field("member", tr(lang, "Élu(e)", "Member"), &form.member, ""));
    s.push_str(&field("rule", tr(lang, "Règle", "Rule"), &form.rule, "short"));
    // Filters the form does not show are kept, so that a shared address stays whole.
    for (name, value) in [("kind", &form.kind), ("number", &form.number)] {
        if !value.is_empty() {
            s.push_str(&format!("<input type=\"hidden\" name=\"{name}\" value=\"{}\">", escape(value)));
        }
    }
    s.push_str(&format!("<button type=\"submit\">{}</button></form>", tr(lang, "Chercher", "Search")));
    s
}

fn results_html(form: &SearchForm, results: &SearchResults, lang: Lang) -> String {
    let mut s = String::from("<div class=\"layout\"><section class=\"results\">");
    let shown = results.hits.len();
    let first = form.offset() + 1;
    s.push_str(&match (results.total, shown, lang) {
        (0, _, Lang::Fr) => "<p class=\"count\">Aucune délibération trouvée.</p>".to_string(),
        (0, _, Lang::En) => "<p class=\"count\">No deliberation found.</p>".to_string(),
        (total, 0, Lang::Fr) => {
            format!("<p class=\"count\">{total} délibération(s) trouvée(s) ; cette page est vide.</p>")
        }
        (total, 0, Lang::En) => format!("<p class=\"count\">{total} deliberation(s) found; this page is empty.</p>"),
        (total, n, Lang::Fr) => {
            format!("<p class=\"count\">{total} délibération(s) trouvée(s), {first}–{} :</p>", first + n - 1)
        }
        (total, n, Lang::En) => {
            format!("<p class=\"count\">{total} deliberation(s) found, {first}–{}:</p>", first + n - 1)
        }
    });
    s.push_str("<ol class=\"hits\">");
    for found in &results.hits {
        s.push_str(&hit_html(found, lang));
    }
    s.push_str("</ol>");
    s.push_str(&pagination(form, results.total, lang));
    s.push_str("</section>");
    if let Some(facets) = &results.facets {
        s.push_str(&facets_html(form, facets, lang));
    }
    s.push_str("</div>");
    s
}

fn hit_html(found: &Found, lang: Lang) -> String {
    let hit = &found.hit;
    let mut meta = vec![hit.date.clone().unwrap_or_else(|| "?".into())];
    meta.extend(hit.collectivity.clone());
    meta.extend(hit.body.clone());
    meta.extend(hit.number.as_ref().map(|n| format!("n° {n}")));
    // The same act is often published twice (text and PDF): the file tells them apart.
    meta.extend(std::path::Path::new(&hit.path).file_name().map(|f| f.to_string_lossy().into_owned()));
    let title = hit.title.clone().unwrap_or_else(|| tr(lang, "(sans titre)", "(untitled)").to_string());
    let mut s = format!(
        "<li><div class=\"meta\">{}</div><a class=\"result\" href=\"{}\">{}</a>",
        escape(&meta.join(" · ")),
        escape(&html::deliberation_url(&hit.key)),
        escape(&title)
    );
    s.push_str(&format!(
        "<p class=\"snippet\">« {} »</p>",
        html::highlighted(&found.snippet.text, &found.snippet.highlights)
    ));
    if let Some(member) = &found.member {
        s.push_str(&format!(
            "<p class=\"member\">{} : {}</p>",
            link(&html::member_url(&member.name, hit.collectivity.as_deref()), &member.name),
            escape(&member.describe(lang))
        ));
    }
    if !hit.rules.is_empty() {
        s.push_str("<div class=\"rules\">");
        for rule in &hit.rules {
            let statement = crate::check::rule(rule).map(|r| r.statement(lang)).unwrap_or("");
            s.push_str(&format!("<span title=\"{}\">{}</span>", escape(statement), escape(rule)));
        }
        s.push_str("</div>");
    }
    s.push_str("</li>");
    s
}

fn pagination(form: &SearchForm, total: usize, lang: Lang) -> String {
    let pages = total.min(MAX_RANK).div_ceil(form.limit.max(1));
    if pages <= 1 {
        return String::new();
    }
    let mut s = format!("<nav class=\"pages\">{} ", tr(lang, "Pages :", "Pages:"));
    let near = |p: usize| p == 1 || p == pages || p.abs_diff(form.page) <= 3;
    let mut gap = false;
    for p in 1..=pages {
        if p == form.page {
            s.push_str(&format!("<strong>{p}</strong>"));
        } else if near(p) {
            s.push_str(&link(&form.url_with(&[], p), &p.to_string()));
        } else {
            if !gap {
                s.push_str("<span>…</span> ");
            }
            gap = true;
            continue;
        }
        gap = false;
    }
    if form.page < pages {
        s.push_str(&link(&form.url_with(&[], form.page + 1), tr(lang, "suivante →", "next →")));
    }
    s.push_str("</nav>");
    s
}

fn facets_html(form: &SearchForm, facets: &Facets, lang: Lang) -> String {
    let mut s = String::from("<aside class=\"facets\">");
    type Counts = Vec<(String, u64)>;
    let families: [(&str, &str, &Counts); 4] = [
        (tr(lang, "Par collectivité", "By collectivity"), "collectivity", &facets.collectivity),
        (tr(lang, "Par organe", "By body"), "body", &facets.body),
        (tr(lang, "Par année", "By year"), "year", &facets.year),
        (tr(lang, "Par règle", "By rule"), "rule", &facets.rule),
    ];
    for (label, family, counts) in families {
        s.push_str(&format!("<h2>{label}</h2><ul>"));
        let active = match family {
            "collectivity" => form.collectivity.as_str(),
            "body" => form.body.as_str(),
            "rule" => form.rule.as_str(),
            _ if form.from == form.to => form.from.as_str(),
            _ => "",
        };
        if !active.is_empty() {
            let removal: &[(&str, &str)] = if family == "year" { &[("from", ""), ("to", "")] } else { &[(family, "")] };
            s.push_str(&format!(
                "<li>{}</li>",
                link(&form.url_with(removal, 1), &format!("× {} « {active} »", tr(lang, "retirer", "remove")))
            ));
        }
        for (value, count) in counts {
            let changes: Vec<(&str, &str)> = if family == "year" {
                vec![("from", value.as_str()), ("to", value.as_str())]
            } else {
                vec![(family, value.as_str())]
            };
            let title = match family {
                "rule" => crate::check::rule(value).map(|r| r.statement(lang)).unwrap_or(""),
                _ => "",
            };
            s.push_str(&format!(
                "<li title=\"{}\">{} ({count})</li>",
                escape(title),
                link(&form.url_with(&changes, 1), value)
            ));
        }
        if counts.is_empty() {
            s.push_str("<li>—</li>");
        }
        s.push_str("</ul>");
    }
    s.push_str("</aside>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(query: &str) -> Result<SearchForm, WebError> {
        SearchForm::from_params(&Params::parse(query), Lang::Fr)
    }

    #[test]
    fn the_address_holds_the_whole_query() {
        let f = form("q=convention&collectivity=Gruson&from=2019&to=2023&member=Havret&rule=v1&page=2").unwrap();
        let r = f.request();
        assert_eq!(r.query, "convention");
        assert_eq!(r.collectivity.as_deref(), Some("Gruson"));
        assert_eq!((r.from.as_deref(), r.to.as_deref()), (Some("2019"), Some("2023")));
        assert_eq!(r.rule.as_deref(), Some("V1"));
        assert_eq!((r.limit, r.offset), (PAGE_SIZE, PAGE_SIZE));
        let next = f.url_with(&[], 3);
        assert_eq!(form(next.split_once('?').unwrap().1).unwrap(), SearchForm { page: 3, ..f });
    }

    #[test]
    fn bad_parameters_are_explained() {
        for (query, expected) in [
            ("q=x&page=abc", "page = « abc »"),
            ("q=x&page=0", "nombre entier à partir de 1"),
            ("q=x&page=99999999999999999999999", "nombre entier"),
            ("q=x&page=100000", "préciser la recherche"),
            ("q=x&rule=Z9", "règle « Z9 » inconnue"),
        ] {
            match form(query) {
                Err(WebError::BadRequest(m)) => assert!(m.contains(expected), "{query}: {m}"),
                other => panic!("{query}: {other:?}"),
            }
        }
        assert_eq!(form("q=x&limit=100000").unwrap().limit, MAX_LIMIT);
        assert_eq!(form("q=x&limit=0").unwrap().limit, 0, "counts and facets alone");
    }

    #[test]
    fn nothing_typed_is_nothing_to_search() {
        assert!(form("page=1").unwrap().is_empty());
        assert!(!form("member=Havret").unwrap().is_empty());
    }
}
