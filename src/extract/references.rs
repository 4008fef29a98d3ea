//! References to other acts: deliberations, laws, decrees, ordinances, arrêtés and code
//! articles (one reference per article of a list). Phrasings come from
//! patterns/references.toml; `resolves_to` is filled later, by whoever holds the corpus.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::{group, normalize_number};
use crate::model::{Reference, Span};
use crate::patterns::Patterns;
use crate::text::collapse_spaces;

static ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?P<letter>[LRD])\.?\s?\*?(?P<num>[0-9]{1,4}(?:-[0-9]{1,3}){0,3})").unwrap());
/// The code named after a list of articles. An ASCII word boundary: with a Unicode one the
/// regex crate's fast automaton gave up at the text's first accented letter, and each
/// search (over the rest of the text) cost ~100,000 instructions (callgrind, 200
/// documents: 141 searches, 14.2 M instructions with the Unicode one, 3.0 M now).
static CODE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:du|de\s+la|de\s+l')\s+(?P<code>CGCT|code\s+[a-zàâçéèêëîïôûù' ]{3,60}?)(?:\s*[,;.)]|\s+(?:et|qui|relatif|portant|pr[ée]voyant)(?-u:\b)|$)").unwrap()
});

fn strip_article(issuer: &str) -> String {
    let t = collapse_spaces(issuer);
    let lower = t.to_lowercase();
    for prefix in ["du ", "de la ", "de l'", "des "] {
        if lower.starts_with(prefix) {
            return t[prefix.len()..].trim().to_string();
        }
    }
    t
}

fn parse_date(text: &str, patterns: &Patterns) -> Option<String> {
    crate::extract::dates::parse_french_date(text, patterns).map(|d| d.iso())
}

/// Every reference-shaped match inside `span` with a number or a date, each mention on
/// its own (before [`first_mentions`]).
pub fn raw_references(text: &str, span: Span, patterns: &Patterns) -> Vec<Reference> {
    let slice = &text[span[0]..span[1]];
    let mut found: Vec<Reference> = Vec::new();
    for rule in patterns.rules("reference") {
        let kind = rule.value.clone().unwrap_or_else(|| "other".to_string());
        for caps in rule.regex.captures_iter(slice) {
            let number = group(&caps, "number").map(|m| normalize_number(m.as_str()));
            let date = group(&caps, "date").and_then(|m| parse_date(m.as_str(), patterns));
            if number.is_none() && date.is_none() {
                continue;
            }
            let whole = caps.get(0).unwrap();
            let trimmed = whole.as_str().trim_end();
            found.push(Reference {
                kind: kind.clone(),
                number,
                date,
                issuer: group(&caps, "issuer").map(|m| strip_article(m.as_str())).filter(|s| !s.is_empty()),
                text: collapse_spaces(trimmed),
                span: [span[0] + whole.start(), span[0] + whole.start() + trimmed.len()],
                resolves_to: None,
                candidates: Vec::new(),
                page: None,
            });
        }
    }
    for rule in patterns.rules("reference.code_articles") {
        for caps in rule.regex.captures_iter(slice) {
            let list = caps.name("articles").unwrap();
            let code = caps
                .name("code")
                .map(|c| collapse_spaces(c.as_str()))
                .or_else(|| CODE_AFTER.captures(&slice[list.end()..]).map(|c| collapse_spaces(&c["code"])));
            for art in ARTICLE.captures_iter(list.as_str()) {
                let whole = art.get(0).unwrap();
                let start = span[0] + list.start() + whole.start();
                found.push(Reference {
                    kind: "code_article".to_string(),
                    number: Some(format!("{}.{}", &art["letter"], &art["num"])),
                    date: None,
                    issuer: code.clone(),
                    text: whole.as_str().to_string(),
                    span: [start, start + whole.len()],
                    resolves_to: None,
                    candidates: Vec::new(),
                    page: None,
                });
            }
        }
    }
    // A match inside a longer one is the same reference read twice: the longer wins.
    crate::extract::spans::keep_non_overlapping(
        found,
        |r| r.span,
        |a, b| (b.span[1] - b.span[0]).cmp(&(a.span[1] - a.span[0])).then(a.span[0].cmp(&b.span[0])),
    )
}

/// The mentions among `raw` (from [`raw_references`] over a wider span) that start inside
/// `span`, in order: one running past its end is read whole.
pub fn within(raw: &[Reference], span: Span) -> Vec<Reference> {
    raw.iter().filter(|r| r.span[0] >= span[0] && r.span[0] < span[1]).cloned().collect()
}

/// Each act once, from [`raw_references`]: at its first mention, with the fullest one's
/// details.
pub fn first_mentions(raw: Vec<Reference>) -> Vec<Reference> {
    let mut out: Vec<Reference> = Vec::new();
    for r in raw {
        // The same act cited again, perhaps with less (« la loi n° 2013-595 » after « la
        // loi n° 2013-595 du 8 juillet 2013 »): keep the fuller mention.
        let same = |k: &Reference| {
            k.kind == r.kind
                && k.number == r.number
                && (k.date == r.date || (k.number.is_some() && (k.date.is_none() || r.date.is_none())))
        };
        match out.iter_mut().find(|k| same(k)) {
            Some(k) => {
                let fuller = |x: &Reference| usize::from(x.date.is_some()) + usize::from(x.issuer.is_some());
                if fuller(&r) > fuller(k) {
                    *k = r;
                }
            }
            None => out.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(text: &str) -> Vec<String> {
        first_mentions(raw_references(text, [0, text.len()], &Patterns::embedded()))
            .iter()
            .map(|r| {
                format!(
                    "{}|{}|{}|{}",
                    r.kind,
                    r.number.as_deref().unwrap_or(""),
                    r.date.as_deref().unwrap_or(""),
                    r.issuer.as_deref().unwrap_or("")
                )
            })
            .collect()
    }

    #[test]
    fn the_regexes_written_here_run_on_the_fast_automaton() {
        for regex in [&*ARTICLE, &*CODE_AFTER] {
            assert!(!crate::windows::has_unicode_word_boundary(regex.as_str()), "{}", regex.as_str());
        }
    }

    #[test]
    fn within_keeps_the_mentions_that_start_inside_the_span() {
        let text = "Vu la loi n° 2013-595 du 8 juillet 2013. Vu la délibération n°2022-173 du 16/05/2022.";
        let raw = raw_references(text, [0, text.len()], &Patterns::embedded());
        let starts: Vec<usize> = raw.iter().map(|r| r.span[0]).collect();
        assert_eq!(starts.len(), 2, "{raw:?}");
        let numbers = |span: Span| -> Vec<String> { within(&raw, span).into_iter().filter_map(|r| r.number).collect() };
        assert_eq!(numbers([0, text.len()]), ["2013-595", "2022-173"]);
        // The law's mention runs past the end of this span: it is kept whole, not cut.
        assert_eq!(numbers([0, starts[0] + 5]), ["2013-595"]);
        assert_eq!(within(&raw, [0, starts[0] + 5])[0].span, raw[0].span);
        assert_eq!(numbers([starts[0] + 1, text.len()]), ["2022-173"]);
        assert!(numbers([starts[1] + 1, text.len()]).is_empty());
    }

    #[test]
    fn deliberations_with_number_date_and_issuer() {
        assert_eq!(
            refs("Vu la délibération n°2022-173 de la Commission Permanente en date du 16/05/2022 « Renouvellement »"),
            ["deliberation|2022-173|2022-05-16|Commission Permanente"]
        );
        assert_eq!(
            refs("Vu la délibération 2023-18 du 15 juin 2023 du Syndicat mixte approuvant"),
            ["deliberation|2023-18|2023-06-15|Syndicat mixte"]
        );
        assert_eq!(refs("tels que modifiés par délibération du 28 novembre 2018, et"), ["deliberation||2018-11-28|"]);
        assert!(refs("la présente délibération, fixée par délibération du Comité syndical").is_empty());
    }

    #[test]
    fn laws_decrees_ordinances_orders() {
        assert_eq!(
            refs(
                "Vu la loi n° 2013-595 du 8 juillet 2013 d'orientation ; Vu l'Ordonnance n° 2015-899 du 23 juillet 2015 ; Vu le Décret n° 2016-360 du 25 mars 2016 ; Vu l'arrêté préfectoral n° 2019-45 du 3 mars 2019"
            ),
            [
                "law|2013-595|2013-07-08|",
                "ordinance|2015-899|2015-07-23|",
                "decree|2016-360|2016-03-25|",
                "order|2019-45|2019-03-03|préfectoral"
            ]
        );
        assert_eq!(refs("la loi n°2013-595 puis la loi n° 2013-595 du 8 juillet 2013"), ["law|2013-595|2013-07-08|"]);
    }

    #[test]
    fn one_reference_per_code_article() {
        assert_eq!(
            refs(
                "Vu le Code Général des Collectivités Territoriales et notamment ses articles L.3121-14, L.3121-14-1, L.3211-1 et L.3211-2 ;"
            ),
            [
                "code_article|L.3121-14||Code Général des Collectivités Territoriales",
                "code_article|L.3121-14-1||Code Général des Collectivités Territoriales",
                "code_article|L.3211-1||Code Général des Collectivités Territoriales",
                "code_article|L.3211-2||Code Général des Collectivités Territoriales"
            ]
        );
        assert_eq!(refs("vu l'article L2121-29 du CGCT ;"), ["code_article|L.2121-29||CGCT"]);
        assert!(refs("l'article 4.2 relatif à la compétence").is_empty());
    }
}
