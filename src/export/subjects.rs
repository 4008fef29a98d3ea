//! A deliberation's subject in the @ctes nomenclature (SCDL DELIB_MATIERE_CODE / NOM),
//! from the keyword table `patterns/subjects.toml`: the title decides (first rule in file
//! order), the « Vu … » lines vote when the title says nothing, and nothing matched means
//! no subject — never a guess. The table and its order are documented in
//! patterns/README.md.

use crate::model::{Deliberation, Record};
use crate::patterns::{Patterns, Rule};
use crate::text::floor_char_boundary;

/// A subject found, and what it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// Level-2 code, « 7.1 ».
    pub code: String,
    /// SCDL name, « finances locales/décisions budgétaires ».
    pub name: String,
    pub from: Evidence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    Title,
    VuLines,
}

impl Evidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Title => "title",
            Evidence::VuLines => "vu",
        }
    }
}

/// The « Vu … » lines inside a deliberation's span (markup such as `**Vu**` aside).
pub fn vu_lines<'t>(text: &'t str, deliberation: &Deliberation) -> Vec<&'t str> {
    let start = floor_char_boundary(text, deliberation.span[0].min(text.len()));
    let end = floor_char_boundary(text, deliberation.span[1].min(text.len()).max(start));
    text[start..end]
        .lines()
        .map(|l| l.trim_start_matches(|c: char| c.is_whitespace() || c == '*' || c == '-' || c == '•'))
        .filter(|l| {
            let lower: String = l.chars().take(3).collect::<String>().to_lowercase();
            lower.starts_with("vu") && lower[2..].starts_with(|c: char| !c.is_alphanumeric())
        })
        .collect()
}

/// The subject of deliberation `index` of `record` (whose `text` holds the Vu lines; a
/// record without text is classified by its title alone).
pub fn classify(record: &Record, index: usize, patterns: &Patterns) -> Option<Subject> {
    let deliberation = record.deliberations.get(index)?;
    let rules = patterns.rules("subject");
    let found = deliberation
        .title
        .as_deref()
        .and_then(|title| rules.iter().find(|r| r.regex.is_match(title)))
        .map(|rule| (rule, Evidence::Title))
        .or_else(|| {
            let lines = vu_lines(record.text.as_deref().unwrap_or(""), deliberation);
            by_vote(rules, &lines).map(|rule| (rule, Evidence::VuLines))
        })?;
    let (rule, from) = found;
    let code = for_kind(rule.value.as_deref()?, record.collectivity.kind.as_deref());
    let name = patterns.nomenclature().get(&code)?.clone();
    Some(Subject { code, name, from })
}

/// The rule matched on most lines (ties: the first in file order).
fn by_vote<'r>(rules: &'r [Rule], lines: &[&str]) -> Option<&'r Rule> {
    let mut best: Option<(&Rule, usize)> = None;
    for rule in rules {
        let votes = lines.iter().filter(|l| rule.regex.is_match(l)).count();
        if votes > 0 && best.is_none_or(|(_, b)| votes > b) {
            best = Some((rule, votes));
        }
    }
    best.map(|(rule, _)| rule)
}

/// « Autres domaines de compétences » exists once per level of government: 9.1 for
/// communes (and their groupings), 9.2 for départements, 9.3 for régions.
fn for_kind(code: &str, kind: Option<&str>) -> String {
    match (code, kind) {
        ("9.1", Some("departement")) => "9.2".to_string(),
        ("9.1", Some("region")) => "9.3".to_string(),
        _ => code.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_support::golden;

    fn code_of(record: &Record) -> Option<(String, Evidence)> {
        classify(record, 0, &Patterns::embedded()).map(|s| (s.code, s.from))
    }

    fn with_title(title: &str) -> Record {
        let mut r = golden("gruson-2023-57");
        r.deliberations[0].title = Some(title.to_string());
        r
    }

    #[test]
    fn the_title_decides_in_file_order() {
        // A motion is a motion whatever it is about.
        assert_eq!(code_of(&with_title("Motion sur les finances locales")).unwrap().0, "9.4");
        // Joining a syndicat is intercommunality even when the syndicat is about schools.
        assert_eq!(code_of(&with_title("Affaires scolaires - Adhésion au Syndicat mixte ouvert")).unwrap().0, "5.7");
        assert_eq!(code_of(&with_title("Vote du budget assainissement 2021")).unwrap().0, "7.1");
        assert_eq!(code_of(&with_title("Convention photo")).unwrap().0, "1.4");
    }

    #[test]
    fn vu_lines_vote_when_the_title_says_nothing() {
        let mut r = with_title("Point divers sans mot-clé");
        let text = "Objet : Point divers sans mot-clé\nVu la loi relative aux marchés publics ;\n**Vu** le code de la commande publique ;\nVu le budget ;\nDÉCIDE\n";
        r.text = Some(text.to_string());
        r.deliberations[0].span = [0, text.len()];
        assert_eq!(vu_lines(text, &r.deliberations[0]).len(), 3);
        assert_eq!(code_of(&r), Some(("1.1".to_string(), Evidence::VuLines)));
        r.text = None;
        assert_eq!(code_of(&r), None, "no title keyword and no text: no subject");
    }

    #[test]
    fn other_domains_follow_the_level_of_government() {
        let mut r = with_title("Adhésion à l'association des maires");
        assert_eq!(code_of(&r).unwrap().0, "9.1");
        r.collectivity.kind = Some("departement".to_string());
        assert_eq!(code_of(&r).unwrap().0, "9.2");
        let s = classify(&r, 0, &Patterns::embedded()).unwrap();
        assert_eq!(s.name, "autres domaines de compétences/autres domaines de compétences des départements");
    }

    #[test]
    fn a_vu_word_inside_a_line_is_not_a_vu_line() {
        let d = Deliberation { span: [0, 40], ..Deliberation::default() };
        assert!(vu_lines("Vue sur la mer\nIl a été vu que\n", &d).is_empty());
    }
}
