//! The @ctes identifier (legal-checks.md §8): `DDD-SSSSSSSSS-YYYYMMDD-NUM-NN`, the
//! département code, the issuer's SIREN, the decision date, the internal number and the
//! nature of the act.

use crate::check::context::Ctx;
use crate::check::examples as ex;
use crate::check::{Out, RuleSpec, Severity};
use crate::date::Date;
use crate::model::Span;
use crate::say;

const SOURCE: &str = "arrêté du 26 oct. 2005 (@ctes), CGCT R2131-1 s.";

pub const A1: RuleSpec = RuleSpec {
    id: "A1",
    severity: Severity::Warning,
    statement_fr: "Identifiant @ctes bien formé : DDD-SIREN-AAAAMMJJ-NUMERO-NN",
    statement_en: "Well-formed @ctes identifier: DDD-SIREN-YYYYMMDD-NUMBER-NN",
    source: SOURCE,
    valid: "toujours",
    pass: ex::a1_pass,
    fail: ex::a1_fail,
    run: run_a1,
};

pub const A2: RuleSpec = RuleSpec {
    id: "A2",
    severity: Severity::Error,
    statement_fr: "La date de l'identifiant est celle de la séance (délibérations)",
    statement_en: "The identifier's date is the session date (deliberations)",
    source: SOURCE,
    valid: "toujours",
    pass: ex::a2_pass,
    fail: ex::a2_fail,
    run: run_a2,
};

pub const A3: RuleSpec = RuleSpec {
    id: "A3",
    severity: Severity::Error,
    statement_fr: "Le SIREN de l'identifiant est valide (clé de Luhn) et celui de l'émetteur",
    statement_en: "The identifier's SIREN is valid (Luhn) and the issuer's",
    source: SOURCE,
    valid: "toujours",
    pass: ex::a3_pass,
    fail: ex::a3_fail,
    run: run_a3,
};

pub const A4: RuleSpec = RuleSpec {
    id: "A4",
    severity: Severity::Warning,
    statement_fr: "Nature DE pour une délibération",
    statement_en: "Nature DE for a deliberation",
    source: SOURCE,
    valid: "toujours",
    pass: ex::a4_pass,
    fail: ex::a4_fail,
    run: run_a4,
};

pub const A5: RuleSpec = RuleSpec {
    id: "A5",
    severity: Severity::Warning,
    statement_fr: "Le numéro interne est le numéro de la délibération (majuscules, « _ » pour les séparateurs)",
    statement_en: "The internal number is the deliberation number (upper case, « _ » for separators)",
    source: SOURCE,
    valid: "toujours",
    pass: ex::a5_pass,
    fail: ex::a5_fail,
    run: run_a5,
};

pub const A6: RuleSpec = RuleSpec {
    id: "A6",
    severity: Severity::Warning,
    statement_fr: "Le code département est celui du siège de l'émetteur",
    statement_en: "The département code is that of the issuer's seat",
    source: SOURCE,
    valid: "toujours",
    pass: ex::a6_pass,
    fail: ex::a6_fail,
    run: run_a6,
};

/// The parts of an identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActeId<'a> {
    pub departement: &'a str,
    pub siren: &'a str,
    pub date: &'a str,
    pub number: &'a str,
    pub nature: &'a str,
}

/// Parses `^(\w{3})-(\d{9})-(\d{8})-(.+)-([A-Z]{2})$` by hand (no regex per document).
pub fn parse(id: &str) -> Option<ActeId<'_>> {
    let mut head = id.splitn(4, '-');
    let (departement, siren, date, rest) = (head.next()?, head.next()?, head.next()?, head.next()?);
    let (number, nature) = rest.rsplit_once('-')?;
    let ok = departement.chars().count() == 3
        && departement.chars().all(|c| c.is_alphanumeric() || c == '_')
        && siren.len() == 9
        && siren.bytes().all(|b| b.is_ascii_digit())
        && date.len() == 8
        && date.bytes().all(|b| b.is_ascii_digit())
        && !number.is_empty()
        && nature.len() == 2
        && nature.bytes().all(|b| b.is_ascii_uppercase());
    ok.then_some(ActeId { departement, siren, date, number, nature })
}

/// The SIREN key: from the right, every second digit doubled (minus 9 above 9).
pub fn luhn_ok(digits: &str) -> bool {
    let mut sum = 0;
    for (i, b) in digits.bytes().rev().enumerate() {
        if !b.is_ascii_digit() {
            return false;
        }
        let mut d = u32::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    !digits.is_empty() && sum % 10 == 0
}

/// A number as @ctes writes it: upper case, every other character `_`.
pub fn acte_number(n: &str) -> String {
    crate::extract::normalize_number(n)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' })
        .collect()
}

fn acte<'a>(ctx: &'a Ctx) -> Option<(&'a str, Option<Span>)> {
    let id = ctx.record.transmission.acte_id.as_deref()?;
    let span = ctx.text().find(id).map(|at| [at, at + id.len()]);
    Some((id, span))
}

fn run_a1(ctx: &Ctx, out: &mut Out) {
    let Some((id, span)) = acte(ctx) else {
        out.not_checkable(None, &say!(ctx.lang, "pas d'identifiant @ctes", "no @ctes identifier"));
        return;
    };
    match parse(id) {
        None => {
            let m = say!(ctx.lang, "identifiant @ctes mal formé : {id}", "malformed @ctes identifier: {id}");
            out.push(Severity::Warning, None, span, m);
        }
        Some(a) if a.number.len() > 15 => {
            let n = a.number;
            let m = say!(
                ctx.lang,
                "numéro interne « {n} » de plus de 15 caractères",
                "internal number « {n} » longer than 15 characters"
            );
            out.push(Severity::Warning, None, span, m);
        }
        Some(_) => {}
    }
}

fn run_a2(ctx: &Ctx, out: &mut Out) {
    let Some((id, span)) = acte(ctx) else { return };
    let Some(a) = parse(id) else { return };
    if a.nature != "DE" {
        return;
    }
    let Some(session) = ctx.session else {
        out.not_checkable(None, &say!(ctx.lang, "date de séance", "session date"));
        return;
    };
    let compact = format!("{:04}{:02}{:02}", session.year, session.month, session.day);
    if a.date != compact {
        let d = a.date;
        let date = Date::new(d[..4].parse().unwrap_or(0), d[4..6].parse().unwrap_or(0), d[6..].parse().unwrap_or(0))
            .map_or_else(|| d.to_string(), |x| x.iso());
        let m = say!(
            ctx.lang,
            "date de l'identifiant {date} ≠ séance du {session}",
            "identifier date {date} ≠ session of {session}"
        );
        out.push(Severity::Error, None, span, m);
    }
}

fn run_a3(ctx: &Ctx, out: &mut Out) {
    let Some((id, span)) = acte(ctx) else { return };
    let Some(a) = parse(id) else { return };
    let siren = a.siren;
    if !luhn_ok(siren) {
        let m = say!(ctx.lang, "SIREN {siren} invalide (clé de Luhn)", "SIREN {siren} fails the Luhn check");
        out.push(Severity::Error, None, span, m);
        return;
    }
    let known = ctx.facts.and_then(|f| f.siren.as_deref()).or(ctx.record.collectivity.siren.as_deref());
    if let Some(known) = known.filter(|k| *k != siren) {
        let m = say!(
            ctx.lang,
            "SIREN de l'identifiant {siren} ≠ SIREN de l'émetteur {known}",
            "identifier SIREN {siren} ≠ issuer's SIREN {known}"
        );
        out.push(Severity::Error, None, span, m);
    }
}

fn run_a4(ctx: &Ctx, out: &mut Out) {
    let Some((id, span)) = acte(ctx) else { return };
    let Some(a) = parse(id) else { return };
    if a.nature != "DE" {
        let n = a.nature;
        let m = say!(
            ctx.lang,
            "nature {n} pour une délibération (DE attendu)",
            "nature {n} for a deliberation (DE expected)"
        );
        out.push(Severity::Warning, None, span, m);
    }
}

fn run_a5(ctx: &Ctx, out: &mut Out) {
    let Some((id, span)) = acte(ctx) else { return };
    let Some(a) = parse(id) else { return };
    let numbers: Vec<String> =
        ctx.record.deliberations.iter().filter_map(|d| d.number.as_deref()).map(acte_number).collect();
    if numbers.is_empty() {
        out.not_checkable(None, &say!(ctx.lang, "numéro de délibération", "deliberation number"));
        return;
    }
    let got = a.number.to_ascii_uppercase();
    if numbers.contains(&got) {
        return;
    }
    let n = &numbers[0];
    if let Some(suffix) = numbers.iter().find_map(|n| got.strip_prefix(&format!("{n}_"))) {
        let m = say!(
            ctx.lang,
            "numéro interne {got} = numéro {n} + suffixe « _{suffix} »",
            "internal number {got} = number {n} + suffix « _{suffix} »"
        );
        out.push(Severity::Info, None, span, m);
    } else {
        let m = say!(
            ctx.lang,
            "numéro interne {got} ≠ numéro de la délibération {n}",
            "internal number {got} ≠ deliberation number {n}"
        );
        out.push(Severity::Warning, None, span, m);
    }
}

/// « 59 » → « 059 », « 2A » → « 02A ».
fn three(code: &str) -> String {
    let c = code.trim().to_ascii_uppercase();
    format!("{c:0>3}")
}

fn run_a6(ctx: &Ctx, out: &mut Out) {
    let Some((id, span)) = acte(ctx) else { return };
    let Some(a) = parse(id) else { return };
    let Some(seat) = ctx.facts.and_then(|f| f.departement.as_deref()) else {
        out.not_checkable(
            None,
            &say!(ctx.lang, "département du siège (fichier de faits)", "département of the seat (facts file)"),
        );
        return;
    };
    let (got, want) = (three(a.departement), three(seat));
    if got != want {
        let m = say!(
            ctx.lang,
            "code département {got} ≠ département du siège {want}",
            "département code {got} ≠ département of the seat {want}"
        );
        out.push(Severity::Warning, None, span, m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_luhn_and_numbers() {
        let a = parse("059-200039386-20181128-2018_27_2-DE").unwrap();
        assert_eq!((a.departement, a.siren, a.number, a.nature), ("059", "200039386", "2018_27_2", "DE"));
        assert!(parse("059-200039386-20181128-DE").is_none());
        assert!(luhn_ok("200039386") && luhn_ok("210100012") && !luhn_ok("210100013"));
        assert_eq!(acte_number("2022 – 15"), "2022_15");
        assert_eq!(three("59"), "059");
        assert_eq!(three("2a"), "02A");
    }
}
