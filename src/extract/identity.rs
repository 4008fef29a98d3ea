//! Identity: who deliberates and about what — collectivity, body, deliberation number
//! and title, president, secretary, place, @ctes identifier. Phrasings come from
//! patterns/identity.toml.

use regex::Captures;

use crate::extract::{group, normalize_number};
use crate::model::{Collectivity, Span};
use crate::patterns::Patterns;
use crate::text::{collapse_spaces, place_case};

/// A deliberation number found in a heading.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberHeading {
    pub number: String,
    pub as_written: String,
    /// The heading line.
    pub span: Span,
}

#[derive(Debug, Clone, Default)]
pub struct Identity {
    pub collectivity: Collectivity,
    pub body: Option<String>,
    pub body_span: Option<Span>,
    pub numbers: Vec<NumberHeading>,
    /// « Objet : … » and its span.
    pub title: Option<(String, Span)>,
    pub president: Option<String>,
    pub secretary: Option<String>,
    pub place: Option<String>,
    pub acte_id: Option<String>,
}

/// Fills a rule's template: `{g}` as written, `{g:lower}`, `{g:place}` (place-name case).
fn render(template: &str, caps: &Captures) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let spec = &rest[open + 1..open + close];
        let (name, filter) = spec.split_once(':').unwrap_or((spec, ""));
        let value = caps.name(name).map_or("", |m| m.as_str());
        match filter {
            "lower" => out.push_str(&value.to_lowercase()),
            "place" => out.push_str(&place_case(value)),
            _ => out.push_str(value),
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    let collapsed = collapse_spaces(&out).replace("' ", "'");
    let mut chars = collapsed.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => collapsed,
    }
}

/// The kinds of collectivity a body can belong to, most likely first.
fn kinds_for_body(body: &str) -> &'static [&'static str] {
    match body {
        "conseil municipal" => &["commune"],
        "conseil communautaire" | "conseil de métropole" | "bureau" => &["epci"],
        "comité syndical" => &["syndicat_mixte", "epci"],
        "commission permanente" | "conseil départemental" => &["departement", "region"],
        "conseil régional" => &["region"],
        _ => &[],
    }
}

fn is_placeholder(name: &str) -> bool {
    let letters: String = name.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty() && letters.chars().all(|c| c == 'X')
}

struct Candidate {
    kind: String,
    name: String,
    form: Option<String>,
    span: Span,
}

fn collectivity_candidates(text: &str, patterns: &Patterns) -> Vec<Candidate> {
    let mut out = Vec::new();
    for rule in patterns.rules("collectivity") {
        for caps in rule.regex.captures_iter(text) {
            let Some(name) = caps.name("name") else {
                continue;
            };
            if is_placeholder(name.as_str()) {
                continue;
            }
            let whole = caps.get(0).unwrap();
            let rendered = match &rule.template {
                Some(t) => render(t, &caps),
                None => collapse_spaces(whole.as_str()),
            };
            out.push(Candidate {
                kind: rule.value.clone().unwrap_or_default(),
                name: rendered,
                form: caps.name("form").map(|f| collapse_spaces(&f.as_str().to_lowercase())),
                span: [whole.start(), whole.end()],
            });
        }
    }
    out.sort_by_key(|c| c.span[0]);
    out
}

fn first_match(text: &str, patterns: &Patterns, kind: &str, name: &str) -> Option<(String, Span)> {
    patterns
        .rules(kind)
        .iter()
        .filter_map(|rule| {
            let caps = rule.regex.captures(text)?;
            let m = group(&caps, name)?;
            Some((collapse_spaces(m.as_str()), [m.start(), m.end()]))
        })
        .min_by_key(|(_, span)| span[0])
}

/// The body: the earliest mention wins, since documents name their own body in their
/// heading before they name any other.
fn find_body(text: &str, patterns: &Patterns) -> Option<(String, Span)> {
    patterns
        .rules("body")
        .iter()
        .filter_map(|rule| {
            let m = rule.regex.find(text)?;
            Some((rule.value.clone()?, [m.start(), m.end()]))
        })
        .min_by_key(|(_, span)| span[0])
}

pub fn find_number_headings(text: &str, patterns: &Patterns) -> Vec<NumberHeading> {
    let mut out: Vec<NumberHeading> = Vec::new();
    for rule in patterns.rules("number.heading") {
        for caps in rule.regex.captures_iter(text) {
            let m = caps.name("number").unwrap();
            let line = crate::extract::line_span(text, m.start());
            if out.iter().any(|h| h.span == line) {
                continue;
            }
            out.push(NumberHeading {
                number: normalize_number(m.as_str()),
                as_written: m.as_str().to_string(),
                span: line,
            });
        }
    }
    out.sort_by_key(|h| h.span[0]);
    out
}

/// A title spread over the lines that follow its first one (no blank line between), as
/// long titles are in text exports of PDFs.
fn title_with_continuation(text: &str, first: &str, span: Span) -> (String, Span) {
    let mut title = first.trim().to_string();
    let mut end = span[1];
    for line in text[span[1]..].split('\n').skip(1).take(3) {
        if title.ends_with(['.', ';', '»']) {
            break;
        }
        let t = line.trim();
        let starts_lower = t.chars().next().is_some_and(|c| c.is_lowercase());
        // A title in capitals goes on in capitals (« Objet : DELIBERATION\nPORTANT SUR … »).
        let capitals_go_on = crate::text::is_upper_word(&title) && crate::text::is_upper_word(t);
        if t.is_empty() || !(starts_lower || capitals_go_on) {
            break;
        }
        title.push(' ');
        title.push_str(t);
        end += line.len() + 1;
    }
    (clean_title(&title), [span[0], end])
}

/// Strips the marks a title line carries around it.
pub fn clean_title(raw: &str) -> String {
    let t = collapse_spaces(raw);
    t.trim_matches(|c: char| c.is_whitespace() || c == '*' || c == '_')
        .trim_end_matches(['.', ';', ':'])
        .trim()
        .to_string()
}

pub fn extract_identity(text: &str, patterns: &Patterns) -> Identity {
    let (body, body_span) = find_body(text, patterns).map_or((None, None), |(b, s)| (Some(b), Some(s)));
    let candidates = collectivity_candidates(text, patterns);
    let fitting = body.as_deref().map(kinds_for_body).unwrap_or(&[]);
    // Among the mentions of a kind that fits the body, the name written most often wins
    // (ties: the first): a document names itself repeatedly, and an OCR slip or a passing
    // « commune de Valider » only once.
    let most_named = |kind: &str| {
        let of_kind: Vec<&Candidate> = candidates.iter().filter(|c| c.kind == kind).collect();
        let count =
            |c: &Candidate| of_kind.iter().filter(|o| crate::text::fold(&o.name) == crate::text::fold(&c.name)).count();
        of_kind.iter().copied().enumerate().max_by_key(|(i, c)| (count(c), std::cmp::Reverse(*i))).map(|(_, c)| c)
    };
    let chosen = fitting
        .iter()
        .find_map(|kind| most_named(kind))
        .or_else(|| if fitting.is_empty() { candidates.first() } else { None });
    let collectivity = match chosen {
        Some(c) => Collectivity {
            name: Some(c.name.clone()),
            kind: Some(c.kind.clone()),
            siren: None,
            form: c.form.clone(),
            span: Some(c.span),
        },
        None => Collectivity { kind: fitting.first().map(|k| k.to_string()), ..Collectivity::default() },
    };
    let title = patterns
        .rules("title")
        .iter()
        .filter_map(|rule| {
            let caps = rule.regex.captures(text)?;
            let m = caps.name("title")?;
            Some(title_with_continuation(text, m.as_str(), [m.start(), m.end()]))
        })
        .min_by_key(|(_, span)| span[0])
        .filter(|(t, _)| !t.is_empty());
    Identity {
        collectivity,
        body,
        body_span,
        numbers: find_number_headings(text, patterns),
        title,
        president: first_match(text, patterns, "president", "name").map(|(n, _)| n),
        secretary: first_match(text, patterns, "secretary", "name").map(|(n, _)| n),
        place: first_match(text, patterns, "place", "place").map(|(p, _)| p),
        acte_id: first_match(text, patterns, "acte_id", "id").map(|(a, _)| a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> Identity {
        extract_identity(text, &Patterns::embedded())
    }

    #[test]
    fn collectivity_follows_the_body() {
        let i = id(
            "s'est réuni le Conseil Municipal.\nAdhésion au Syndicat mixte ouvert « Nord - Pas-de-Calais Numérique ».\nla commune de GRUSON de poursuivre ; accord de la commune de XX",
        );
        assert_eq!(i.body.as_deref(), Some("conseil municipal"));
        assert_eq!(i.collectivity.name.as_deref(), Some("Commune de Gruson"));
        assert_eq!(i.collectivity.kind.as_deref(), Some("commune"));
    }

    #[test]
    fn syndicat_and_departement_names() {
        let i = id(
            "DÉLIBÉRATION 2018-27\nSYNDICAT MIXTE OUVERT « NORD-PAS-DE-CALAIS NUMÉRIQUE »\nEXTRAIT DU REGISTRE DES DELIBERATIONS DU COMITE SYNDICAL\nConseil régional des Hauts de France",
        );
        assert_eq!(i.collectivity.name.as_deref(), Some("Syndicat mixte ouvert « Nord-Pas-de-Calais Numérique »"));
        assert_eq!(i.collectivity.form.as_deref(), Some("syndicat mixte ouvert"));
        assert_eq!(i.body.as_deref(), Some("comité syndical"));
        let i = id("DEPARTEMENT DU PAS-DE-CALAIS\nDELIBERATION DE LA COMMISSION PERMANENTE\nDU CONSEIL DEPARTEMENTAL");
        assert_eq!(i.collectivity.name.as_deref(), Some("Département du Pas-de-Calais"));
        assert_eq!(i.body.as_deref(), Some("commission permanente"));
    }

    #[test]
    fn numbers_titles_and_people() {
        let i = id(
            "DÉLIBÉRATION 2022 – 15\nObjet : Approbation de la convention.\nsous la présidence de Mme Bénédicte MESSEANNE-GROBELNY.\nSecrétaire : Mme Emmanuelle LAPOUILLE",
        );
        assert_eq!(i.numbers[0].number, "2022-15");
        assert_eq!(i.numbers[0].as_written, "2022 – 15");
        assert_eq!(i.title.unwrap().0, "Approbation de la convention");
        assert_eq!(i.president.as_deref(), Some("Bénédicte MESSEANNE-GROBELNY"));
        assert_eq!(i.secretary.as_deref(), Some("Emmanuelle LAPOUILLE"));
        let i =
            id("PRESIDENCE DE MONSIEUR JEAN-CLAUDE LEROY\n(N°2022-394)\nSous la présidence de : Olivier TURPIN, Maire");
        assert_eq!(i.president.as_deref(), Some("JEAN-CLAUDE LEROY"));
        assert_eq!(i.numbers[0].number, "2022-394");
    }

    #[test]
    fn acte_id_and_place() {
        let i = id(
            "s'est réuni dans les locaux du Conseil régional des Hauts de France à Lille, sur convocation\nID : 059-200039386-20181128-2018_27_2-DE",
        );
        assert_eq!(i.acte_id.as_deref(), Some("059-200039386-20181128-2018_27_2-DE"));
        assert_eq!(i.place.as_deref(), Some("les locaux du Conseil régional des Hauts de France à Lille"));
    }
}
