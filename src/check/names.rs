//! Matching a name as a roll or a proxy writes it (« Mme MESSEANNE », « M. JOUVENEL »,
//! « JEAN-CLAUDE LEROY ») to one member of the roll. Civility, accents and case are
//! ignored; a surname written in part resolves when it is a unique prefix of a compound
//! surname (« MESSEANNE » → « MESSEANNE-GROBELNY »), which the checks report as INFO.

use crate::model::Member;
use crate::text::fold;

const CIVILITIES: &[&str] =
    &["m", "mme", "mmes", "mm", "mlle", "melle", "monsieur", "madame", "mademoiselle", "mr", "dr", "me"];
const FEMALE: &[&str] = &["mme", "mmes", "mlle", "melle", "madame", "mademoiselle"];

/// A name reduced to what is compared: folded tokens, the surname tokens (written in
/// capitals when the name mixes cases) and the gender its civility says.
#[derive(Debug, Clone, PartialEq)]
pub struct NameKey {
    pub tokens: Vec<String>,
    pub surname: Vec<String>,
    pub female: Option<bool>,
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')').filter(|w| !w.is_empty())
}

/// The key of a name, with the civility written apart (`title`) or inside it.
pub fn key(name: &str, title: Option<&str>) -> NameKey {
    let mut female = title.and_then(|t| gender_of(&fold(t).replace('.', "")));
    let mut tokens = Vec::new();
    let mut surname = Vec::new();
    let mixed = name.chars().any(|c| c.is_lowercase());
    for word in words(name) {
        let folded = fold(word).trim_matches(|c: char| !c.is_alphanumeric()).to_string();
        let bare = folded.replace('.', "");
        if CIVILITIES.contains(&bare.as_str()) && tokens.is_empty() {
            female = female.or_else(|| gender_of(&bare));
            continue;
        }
        if folded.is_empty() {
            continue;
        }
        if !mixed || crate::text::is_upper_word(word) {
            surname.push(folded.clone());
        }
        tokens.push(folded);
    }
    if surname.is_empty() {
        surname = tokens.clone();
    }
    NameKey { tokens, surname, female }
}

/// The name without the civilities written before it (« Mme Bénédicte MESSEANNE » →
/// « Bénédicte MESSEANNE »), as the roll's name fields hold it; a civility alone stays.
pub fn without_civility(name: &str) -> &str {
    let mut rest = name.trim_start();
    loop {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let bare = fold(&rest[..end]).replace('.', "");
        if end == rest.len() || !CIVILITIES.contains(&bare.as_str()) {
            return rest;
        }
        rest = rest[end..].trim_start();
    }
}

fn gender_of(civility: &str) -> Option<bool> {
    CIVILITIES.contains(&civility).then(|| FEMALE.contains(&civility))
}

/// How a label resolved against the roll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Every word of the label is a word of this member's name.
    Exact(usize),
    /// Resolved through part of a compound surname (« MESSEANNE »): say so at INFO.
    Partial(usize),
    /// Several members fit.
    Ambiguous(Vec<usize>),
    /// No member fits.
    Unknown,
}

impl Resolution {
    pub fn index(&self) -> Option<usize> {
        match self {
            Resolution::Exact(i) | Resolution::Partial(i) => Some(*i),
            _ => None,
        }
    }
}

/// How a label's words meet one member's: `None` when some word is not in the name,
/// `Some(true)` when every word is a whole word of it, `Some(false)` when some word is
/// only a part of a compound surname.
fn fit(label: &NameKey, member: &NameKey) -> Option<bool> {
    if label.tokens.is_empty() {
        return None;
    }
    if let (Some(a), Some(b)) = (label.female, member.female)
        && a != b
    {
        return None;
    }
    let mut exact = true;
    for word in &label.tokens {
        if member.tokens.contains(word) {
            continue;
        }
        let in_compound = member.surname.iter().any(|s| {
            let parts: Vec<&str> = s.split(['-', '\'']).collect();
            parts.len() > 1 && (1..parts.len()).any(|n| parts[..n].join("-") == *word)
        });
        if !in_compound {
            return None;
        }
        exact = false;
    }
    // A label must name the surname, not only a given name.
    let names_surname = label
        .tokens
        .iter()
        .any(|w| member.surname.iter().any(|s| s == w || s.split(['-', '\'']).next() == Some(w.as_str())));
    names_surname.then_some(exact)
}

/// Resolves `label` (as a proxy or a heading writes it) against the roll.
pub fn resolve(label: &str, members: &[Member]) -> Resolution {
    resolve_among(label, &roll_keys(members))
}

/// The keys of the roll's members, in roll order, for [`resolve_among`].
pub fn roll_keys(members: &[Member]) -> Vec<NameKey> {
    members.iter().map(|m| key(&m.name, m.title.as_deref())).collect()
}

/// [`resolve`] against keys built once for the roll.
pub fn resolve_among(label: &str, keys: &[NameKey]) -> Resolution {
    let wanted = key(label, None);
    let mut exact = Vec::new();
    let mut partial = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        match fit(&wanted, k) {
            Some(true) => exact.push(i),
            Some(false) => partial.push(i),
            None => {}
        }
    }
    match (exact.as_slice(), partial.as_slice()) {
        ([i], _) => Resolution::Exact(*i),
        ([], [i]) => Resolution::Partial(*i),
        ([], []) => Resolution::Unknown,
        ([], many) | (many, _) => Resolution::Ambiguous(many.to_vec()),
    }
}

/// True when two written names designate the same person (same words after folding,
/// civility aside).
pub fn same_person(a: &str, b: &str) -> bool {
    let (ka, kb) = (key(a, None), key(b, None));
    let mut ta = ka.tokens.clone();
    let mut tb = kb.tokens.clone();
    ta.sort();
    tb.sort();
    !ta.is_empty() && ta == tb
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civilities_in_front_are_dropped() {
        assert_eq!(without_civility("Mme Bénédicte MESSEANNE"), "Bénédicte MESSEANNE");
        assert_eq!(without_civility("  M. et Mme DUPONT"), "et Mme DUPONT");
        assert_eq!(without_civility("MONSIEUR Jean MARTIN"), "Jean MARTIN");
        assert_eq!(without_civility("Mme"), "Mme");
        assert_eq!(without_civility("Marie MEUNIER"), "Marie MEUNIER");
    }

    fn member(title: &str, name: &str) -> Member {
        Member {
            name: name.to_string(),
            title: Some(title.to_string()),
            group: None,
            status: "present".to_string(),
            proxy_to: None,
            span: None,
        }
    }

    fn roll() -> Vec<Member> {
        vec![
            member("Mme", "Bénédicte MESSEANNE-GROBELNY"),
            member("M.", "Anthony JOUVENEL"),
            member("M.", "Jean-Claude DISSAUX"),
            member("M.", "Claude PRUDHOMME"),
            member("M.", "Jean-Claude LEROY"),
        ]
    }

    #[test]
    fn civility_accents_and_case_are_ignored() {
        assert_eq!(resolve("M. JOUVENEL", &roll()), Resolution::Exact(1));
        assert_eq!(resolve("m. anthony jouvenel", &roll()), Resolution::Exact(1));
        assert_eq!(resolve("Mme Bénédicte MESSEANNE-GROBELNY", &roll()), Resolution::Exact(0));
        assert_eq!(resolve("Mme BENEDICTE MESSEANNE-GROBELNY", &roll()), Resolution::Exact(0));
        assert_eq!(resolve("JEAN-CLAUDE LEROY", &roll()), Resolution::Exact(4));
    }

    #[test]
    fn a_compound_surname_written_in_part_resolves_partially() {
        assert_eq!(resolve("Mme MESSEANNE", &roll()), Resolution::Partial(0));
        assert_eq!(resolve("Mme Bénédicte MESSEANNE", &roll()), Resolution::Partial(0));
    }

    #[test]
    fn a_given_name_alone_or_a_stranger_does_not_resolve() {
        assert_eq!(resolve("M. DUPONT", &roll()), Resolution::Unknown);
        assert_eq!(resolve("Claude", &roll()), Resolution::Unknown);
        assert_eq!(resolve("Mme JOUVENEL", &roll()), Resolution::Unknown);
    }

    #[test]
    fn two_members_of_one_surname_are_ambiguous() {
        let mut r = roll();
        r.push(member("Mme", "Annie JOUVENEL"));
        assert_eq!(resolve("JOUVENEL", &r), Resolution::Ambiguous(vec![1, 5]));
        assert_eq!(resolve("Mme JOUVENEL", &r), Resolution::Exact(5));
    }

    #[test]
    fn same_person_ignores_order_and_civility() {
        assert!(same_person("M. Jean DUPONT", "DUPONT Jean"));
        assert!(!same_person("Jean DUPONT", "Jeanne DUPONT"));
    }
}
