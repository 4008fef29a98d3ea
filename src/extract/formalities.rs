//! Formal statements around the vote that the legality checks need and that the other
//! extractors do not read: « le quorum étant atteint », urgency, a second convocation
//! and the date of the failed session, certification and signature blocks, the appeal
//! mention, a *compte administratif* object, template residue and where annexes start.
//! Phrasings live in patterns/formalities.toml; this module only locates them.

use crate::extract::dates::parse_french_date;
use crate::model::{Deliberation, Formalities, Signature, Span};
use crate::patterns::Patterns;

/// How far after the first signature a second one still belongs to the same block.
const SIGNATURE_BLOCK: usize = 800;
/// Text this long after the signatures is an annexed document, not stamps and mentions.
const ANNEX_MIN_LEN: usize = 2000;

fn first_match(text: &str, patterns: &Patterns, kind: &str) -> Option<Span> {
    patterns
        .rules(kind)
        .iter()
        .filter_map(|rule| rule.regex.find(text).map(|m| [m.start(), m.end()]))
        .min_by_key(|s| s[0])
}

/// Reads the formal statements of a document. `votes_end` is where the last vote ends:
/// only an annex heading after it starts the annexes (a « Vu … annexé » before does not).
pub fn extract_formalities(
    text: &str,
    deliberations: &[Deliberation],
    votes_end: Option<usize>,
    patterns: &Patterns,
) -> Formalities {
    let mut f = Formalities {
        quorum_declared: first_match(text, patterns, "formalities.quorum_declared"),
        urgency: first_match(text, patterns, "formalities.urgency"),
        certification: first_match(text, patterns, "formalities.certification"),
        appeal: first_match(text, patterns, "formalities.appeal"),
        ..Formalities::default()
    };
    for rule in patterns.rules("formalities.second_convocation") {
        if let Some(caps) = rule.regex.captures(text) {
            let whole = caps.get(0).map(|m| [m.start(), m.end()]).unwrap_or_default();
            if f.second_convocation.is_none_or(|s| whole[0] < s[0]) {
                f.second_convocation = Some(whole);
            }
            if f.first_session_date.is_none() {
                f.first_session_date =
                    caps.name("date").and_then(|d| parse_french_date(d.as_str(), patterns)).map(|d| d.iso());
            }
        }
    }
    for rule in patterns.rules("formalities.signature") {
        for caps in rule.regex.captures_iter(text) {
            let (Some(whole), Some(name)) = (caps.get(0), caps.name("name")) else { continue };
            let role = rule.value.clone().unwrap_or_else(|| "president".to_string());
            f.signatures.push(Signature { role, name: name.as_str().to_string(), span: [whole.start(), whole.end()] });
        }
    }
    f.signatures.sort_by_key(|s| s.span[0]);
    // The act's own signatures are the block right after the vote; later ones belong to
    // annexed documents (a convention's parties).
    let after = votes_end.unwrap_or(0);
    if let Some(first) = f.signatures.iter().find(|s| s.span[0] >= after).map(|s| s.span[0]) {
        f.signatures.retain(|s| s.span[0] >= first && s.span[0] <= first + SIGNATURE_BLOCK);
    } else {
        f.signatures.clear();
    }
    for rule in patterns.rules("formalities.deciding_body") {
        for caps in rule.regex.captures_iter(text) {
            let Some(named) = caps.name("body") else { continue };
            // The canonical body: the earliest body rule matching the named one.
            let canonical = patterns
                .rules("body")
                .iter()
                .filter_map(|r| r.regex.find(named.as_str()).map(|m| (m.start(), r.value.clone())))
                .min_by_key(|(at, _)| *at)
                .and_then(|(_, v)| v);
            if let Some(body) = canonical {
                f.deciding_bodies.push((body, [named.start(), named.end()]));
            }
        }
    }
    f.deciding_bodies.sort_by_key(|(_, s)| s[0]);
    for rule in patterns.rules("template_residue") {
        f.template_residue.extend(rule.regex.find_iter(text).map(|m| [m.start(), m.end()]));
    }
    f.template_residue.sort_unstable();
    f.template_residue.dedup();
    f.annexes_from = patterns
        .rules("formalities.annexes")
        .iter()
        .flat_map(|rule| rule.regex.find_iter(text))
        .map(|m| m.start())
        .filter(|&start| start >= after)
        .min();
    if f.annexes_from.is_none() {
        // No heading, but a long text after the signatures: an annexed document (a
        // département's convention follows its deliberation that way).
        let signed_end = f.signatures.iter().map(|s| s.span[1]).max();
        f.annexes_from = signed_end.filter(|&end| text.len() - end > ANNEX_MIN_LEN);
    }
    let ca = patterns.rules("formalities.compte_administratif");
    for (i, d) in deliberations.iter().enumerate() {
        let in_title = d.title.as_deref().is_some_and(|t| ca.iter().any(|r| r.regex.is_match(t)));
        if in_title {
            f.compte_administratif.push(i);
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Formalities {
        extract_formalities(text, &[], None, &Patterns::embedded())
    }

    #[test]
    fn quorum_certification_appeal_and_signatures() {
        let f = read(
            "Le quorum étant atteint, le conseil peut délibérer.\n\nPour extrait conforme :\n\nLe Maire,\n\
             Jean DUPONT\n\nRecours devant le tribunal administratif de Lille dans un délai de deux mois.",
        );
        assert!(f.quorum_declared.is_some() && f.certification.is_some() && f.appeal.is_some());
        assert_eq!(f.signatures.len(), 1);
        assert_eq!(f.signatures[0].name, "Jean DUPONT");
    }

    #[test]
    fn second_convocation_gives_the_first_session_date() {
        let f =
            read("Réuni sur deuxième convocation, le quorum n'ayant pas été atteint lors de la séance du 3 mars 2023.");
        assert!(f.second_convocation.is_some());
        assert_eq!(f.first_session_date.as_deref(), Some("2023-03-03"));
    }

    #[test]
    fn annexes_only_after_the_votes() {
        let text = "Annexe : avant\nPour : 3\nAnnexes :\n- projet";
        let f = extract_formalities(text, &[], Some(20), &Patterns::embedded());
        assert_eq!(f.annexes_from, text.find("Annexes :"));
    }

    #[test]
    fn a_negated_quorum_is_not_a_declared_one() {
        assert!(read("le quorum n'étant pas atteint, la séance est levée").quorum_declared.is_none());
    }
}
