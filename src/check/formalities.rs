//! Formalities (legal-checks.md §7): number, dates in order, secretary, certification,
//! transmission, publication, executory date, appeal mention, template residue.

use crate::check::context::{BodyKind, Ctx};
use crate::check::examples as ex;
use crate::check::{Out, RuleSpec, Severity};
use crate::date::Date;
use crate::extract::normalize_number;
use crate::say;

pub const F1: RuleSpec = RuleSpec {
    id: "F1",
    severity: Severity::Warning,
    statement_fr: "Le numéro de délibération est présent et son année est celle de la séance",
    statement_en: "The deliberation number is present and its year is the session's",
    source: "CGCT R2121-9 (registre), usage @ctes",
    valid: "toujours",
    pass: ex::f1_pass,
    fail: ex::f1_fail,
    run: run_f1,
};

pub const F2: RuleSpec = RuleSpec {
    id: "F2",
    severity: Severity::Error,
    statement_fr: "Le jour de la semaine est celui de la date ; transmission et publication suivent la séance",
    statement_en: "The weekday is the date's; transmission and publication follow the session",
    source: "CGCT L2131-1",
    valid: "toujours",
    pass: ex::f2_pass,
    fail: ex::f2_fail,
    run: run_f2,
};

pub const F3: RuleSpec = RuleSpec {
    id: "F3",
    severity: Severity::Warning,
    statement_fr: "Un secrétaire de séance est nommé",
    statement_en: "A secrétaire de séance is named",
    source: "CGCT L2121-15",
    valid: "toujours",
    pass: ex::f3_pass,
    fail: ex::f3_fail,
    run: run_f3,
};

pub const F4: RuleSpec = RuleSpec {
    id: "F4",
    severity: Severity::Warning,
    statement_fr: "Certification (« pour extrait conforme ») et signature présentes ; depuis 2022-07-01, maire et secrétaire signent",
    statement_en: "Certification (« pour extrait conforme ») and signature present; from 2022-07-01 the maire and the secretary sign",
    source: "CGCT L2121-23 (ord. 2021-1310)",
    valid: "toujours (double signature : depuis 2022-07-01)",
    pass: ex::f4_pass,
    fail: ex::f4_fail,
    run: run_f4,
};

pub const F5: RuleSpec = RuleSpec {
    id: "F5",
    severity: Severity::Warning,
    statement_fr: "La date de transmission au contrôle de légalité est donnée, et une seule",
    statement_en: "The date of transmission to the contrôle de légalité is given, and only one",
    source: "CGCT L2131-1, L2131-2, L3131-1, L4141-1",
    valid: "toujours",
    pass: ex::f5_pass,
    fail: ex::f5_fail,
    run: run_f5,
};

pub const F6: RuleSpec = RuleSpec {
    id: "F6",
    severity: Severity::Warning,
    statement_fr: "Publication datée (affichage avant 2022-07-01 ; publication électronique depuis)",
    statement_en: "Publication dated (display before 2022-07-01; electronic publication since)",
    source: "CGCT L2131-1 (ord. 2021-1310, décret 2021-1311)",
    valid: "toujours (publication électronique : depuis 2022-07-01)",
    pass: ex::f6_pass,
    fail: ex::f6_fail,
    run: run_f6,
};

pub const F7: RuleSpec = RuleSpec {
    id: "F7",
    severity: Severity::Warning,
    statement_fr: "Caractère exécutoire : date = max(transmission, publication)",
    statement_en: "Executory date = max(transmission, publication)",
    source: "CGCT L2131-1",
    valid: "toujours",
    pass: ex::f7_pass,
    fail: ex::f7_fail,
    run: run_f7,
};

pub const F8: RuleSpec = RuleSpec {
    id: "F8",
    severity: Severity::Info,
    statement_fr: "Mention des voies et délais de recours (tribunal administratif, deux mois)",
    statement_en: "Appeal mention (tribunal administratif, two months)",
    source: "CJA R421-1, R421-5",
    valid: "toujours",
    pass: ex::f8_pass,
    fail: ex::f8_fail,
    run: run_f8,
};

pub const F9: RuleSpec = RuleSpec {
    id: "F9",
    severity: Severity::Warning,
    statement_fr: "Pas de reste de modèle dans le corps de la délibération (XX, [...], blanc après « le » ou « n° »)",
    statement_en: "No template residue in the deliberation body (XX, [...], a blank after « le » or « n° »)",
    source: "CGCT L2131-1 (acte complet)",
    valid: "toujours",
    pass: ex::f9_pass,
    fail: ex::f9_fail,
    run: run_f9,
};

fn iso(s: Option<&String>) -> Option<Date> {
    s.and_then(|s| Date::parse_iso(s))
}

/// The year a number carries: a leading 19xx/20xx, else any such four digits.
fn year_of_number(n: &str) -> Option<i32> {
    let bytes = n.as_bytes();
    (0..bytes.len().saturating_sub(3))
        .filter(|&i| i == 0 || !bytes[i - 1].is_ascii_digit())
        .filter(|&i| bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit()))
        .find_map(|i| {
            let y: i32 = n.get(i..i + 4)?.parse().ok()?;
            (1950..=2100).contains(&y).then_some(y)
        })
}

fn run_f1(ctx: &Ctx, out: &mut Out) {
    for (i, d) in ctx.record.deliberations.iter().enumerate() {
        let text = ctx.text();
        let span = (!text.is_empty()).then(|| crate::extract::line_span(text, d.span[0].min(text.len())));
        let Some(number) = d.number.as_deref() else {
            let m = say!(ctx.lang, "numéro de délibération absent", "deliberation number missing");
            out.push(Severity::Warning, Some(i), span, m);
            continue;
        };
        if let Some(written) = &d.number_as_written {
            let m = say!(ctx.lang, "numéro « {written} » lu « {number} »", "number « {written} » read as « {number} »");
            out.push(Severity::Info, Some(i), span, m);
        }
        match (year_of_number(&normalize_number(number)), ctx.session) {
            (Some(y), Some(s)) if y != s.year => {
                let sy = s.year;
                let m = say!(
                    ctx.lang,
                    "numéro {number} de l'année {y}, séance de {sy}",
                    "number {number} of year {y}, session in {sy}"
                );
                out.push(Severity::Warning, Some(i), span, m);
            }
            (None, _) => out.not_checkable(Some(i), &say!(ctx.lang, "année du numéro", "year of the number")),
            (_, None) => out.not_checkable(Some(i), &say!(ctx.lang, "date de séance", "session date")),
            _ => {}
        }
    }
}

fn run_f2(ctx: &Ctx, out: &mut Out) {
    let s = &ctx.record.session;
    let Some(session) = ctx.session else { return };
    if let Some(w) = s.weekday.as_deref() {
        let actual = session.weekday();
        if crate::text::fold(w) != crate::text::fold(actual) {
            let m = say!(
                ctx.lang,
                "« {w} » {session} : ce jour est un {actual}",
                "« {w} » {session}: that day is a {actual}"
            );
            out.push(Severity::Error, None, s.span, m);
        }
    }
    for mention in &ctx.record.transmission.mentions {
        let Some(date) = mention.date.as_deref().and_then(Date::parse_iso) else { continue };
        if date < session {
            let role = &mention.role;
            let m = say!(
                ctx.lang,
                "{role} du {date} antérieure à la séance du {session}",
                "{role} on {date} before the session of {session}"
            );
            out.push(Severity::Error, None, Some(mention.span), m);
        }
    }
}

fn run_f3(ctx: &Ctx, out: &mut Out) {
    if ctx.record.session.secretary.is_some() {
        return;
    }
    let severity = match ctx.body {
        Some(b) if b.kind.is_communal() => Severity::Warning,
        _ => Severity::Info,
    };
    let m = say!(ctx.lang, "secrétaire de séance non nommé", "secrétaire de séance not named");
    out.push(severity, None, ctx.record.session.span, m);
}

fn run_f4(ctx: &Ctx, out: &mut Out) {
    let f = &ctx.record.session.formalities;
    let signed = f.signatures.first();
    match (f.certification, signed) {
        (None, Some(sig)) => {
            let name = &sig.name;
            let m = say!(
                ctx.lang,
                "aucune formule de certification (« pour extrait conforme », « copie certifiée conforme ») ; signé {name}",
                "no certification formula (« pour extrait conforme », « copie certifiée conforme »); signed {name}"
            );
            out.push(Severity::Warning, None, Some(sig.span), m);
        }
        (None, None) => {
            let m = say!(ctx.lang, "ni certification ni signature", "neither certification nor signature");
            out.push(Severity::Warning, None, None, m);
        }
        (Some(cert), None) => {
            let m = say!(ctx.lang, "certification sans nom de signataire", "certification without a signatory's name");
            out.push(Severity::Warning, None, Some(cert), m);
        }
        (Some(_), Some(_)) => {}
    }
    let since = Date { year: 2022, month: 7, day: 1 };
    let communal = ctx.body.is_some_and(|b| b.kind.is_communal());
    if communal && ctx.session.is_some_and(|d| d >= since) && f.signatures.len() < 2 {
        let m = say!(
            ctx.lang,
            "séance postérieure au 1er juillet 2022 : le registre est signé du maire et du secrétaire, l'extrait ne montre qu'une signature",
            "session after 1 July 2022: the register is signed by the maire and the secretary, the extract shows one signature"
        );
        out.push(Severity::Info, None, signed.map(|s| s.span), m);
    }
}

fn run_f5(ctx: &Ctx, out: &mut Out) {
    let t = &ctx.record.transmission;
    let stamps: Vec<_> = t.mentions.iter().filter(|m| m.role == "prefecture_stamp" && m.date.is_some()).collect();
    let texts: Vec<_> = t.mentions.iter().filter(|m| m.role == "prefecture" && m.date.is_some()).collect();
    if t.prefecture_date.is_none() {
        let blank = t.mentions.iter().find(|m| m.role.starts_with("prefecture") && m.date.is_none());
        let m = match blank {
            Some(_) => say!(ctx.lang, "mention de transmission sans date", "transmission mention without a date"),
            None => say!(ctx.lang, "date de transmission en préfecture absente", "transmission date missing"),
        };
        out.push(Severity::Warning, None, blank.map(|b| b.span), m);
        return;
    }
    let disagreeing = stamps.first().and_then(|s| texts.iter().find(|m| m.date != s.date).map(|t| (s, t)));
    if let Some((stamp, text)) = disagreeing {
        let (a, b) = (stamp.date.clone().unwrap_or_default(), text.date.clone().unwrap_or_default());
        let m = say!(
            ctx.lang,
            "transmission : tampon @ctes du {a}, texte du {b} ; date du tampon retenue",
            "transmission: @ctes stamp of {a}, text says {b}; the stamp's date is kept"
        );
        out.push(Severity::Warning, None, Some(text.span), m);
    }
}

fn run_f6(ctx: &Ctx, out: &mut Out) {
    let t = &ctx.record.transmission;
    let blank = t.mentions.iter().find(|m| (m.role == "display" || m.role == "publication") && m.date.is_none());
    let electronic = Date { year: 2022, month: 7, day: 1 };
    let after = ctx.session.is_some_and(|d| d >= electronic);
    if t.publication_date.is_none() && t.display_date.is_none() {
        let m = match blank {
            Some(_) => say!(
                ctx.lang,
                "champ « affiché / publié le » laissé vide : publication non datée",
                "« displayed / published on » left blank: publication not dated"
            ),
            None => say!(ctx.lang, "date de publication ou d'affichage absente", "publication or display date missing"),
        };
        out.push(Severity::Warning, None, blank.map(|b| b.span), m);
        return;
    }
    if after && t.publication_date.is_none() {
        let small = ctx.population.and_then(|p| p.below(3_500));
        let commune = ctx.body.is_some_and(|b| b.kind == BodyKind::Commune);
        let (severity, m) = if commune && small != Some(false) {
            (
                Severity::Info,
                say!(
                    ctx.lang,
                    "affichage seul après le 1er juillet 2022 : possible pour une commune de moins de 3 500 habitants qui l'a choisi par délibération",
                    "display only after 1 July 2022: allowed for a commune under 3,500 that chose it by deliberation"
                ),
            )
        } else {
            (
                Severity::Warning,
                say!(
                    ctx.lang,
                    "affichage seul après le 1er juillet 2022 : publication électronique requise",
                    "display only after 1 July 2022: electronic publication required"
                ),
            )
        };
        out.push(severity, None, None, m);
    }
}

fn run_f7(ctx: &Ctx, out: &mut Out) {
    let t = &ctx.record.transmission;
    let sent = iso(t.prefecture_date.as_ref());
    let published = iso(t.publication_date.as_ref()).or(iso(t.display_date.as_ref()));
    match (sent, published) {
        (Some(a), Some(b)) => {
            let date = a.max(b);
            let m = say!(ctx.lang, "exécutoire le {date}", "executory on {date}");
            out.push(Severity::Info, None, None, m);
        }
        _ => {
            let m = say!(
                ctx.lang,
                "caractère exécutoire non établi (transmission ou publication non datée)",
                "executory character not established (transmission or publication not dated)"
            );
            out.push(Severity::Warning, None, None, m);
        }
    }
}

fn run_f8(ctx: &Ctx, out: &mut Out) {
    if ctx.record.session.formalities.appeal.is_none() {
        let m = say!(
            ctx.lang,
            "pas de mention des voies et délais de recours (tribunal administratif, deux mois)",
            "no appeal mention (tribunal administratif, two months)"
        );
        out.push(Severity::Info, None, None, m);
    }
}

fn run_f9(ctx: &Ctx, out: &mut Out) {
    let f = &ctx.record.session.formalities;
    let text = ctx.text();
    let end = f.annexes_from.unwrap_or(usize::MAX);
    let start = ctx.record.deliberations.iter().map(|d| d.span[0]).min().unwrap_or(0);
    if let Some(issuer) = ctx.record.body.as_deref() {
        for (body, span) in f.deciding_bodies.iter().filter(|(_, s)| s[0] >= start && s[0] < end) {
            if body != issuer {
                let named = text.get(span[0]..span[1]).unwrap_or(body);
                let i = ctx.record.deliberations.iter().position(|d| d.span[0] <= span[0] && span[0] < d.span[1]);
                let m = say!(
                    ctx.lang,
                    "organe différent de l'émetteur : « {named} » décide dans une délibération du {issuer} (reste d'un autre modèle ?)",
                    "body different from the issuer: « {named} » decides in a deliberation of the {issuer} (left from another model?)"
                );
                out.push(Severity::Warning, i, Some(*span), m);
            }
        }
    }
    for span in f.template_residue.iter().filter(|s| s[0] >= start && s[0] < end) {
        let line = crate::extract::line_span(text, span[0].min(text.len()));
        let found = text.get(span[0]..span[1]).unwrap_or("");
        let context = text.get(line[0]..line[1]).map(around(span[0] - line[0], found.len())).unwrap_or_default();
        let i = ctx.record.deliberations.iter().position(|d| d.span[0] <= span[0] && span[0] < d.span[1]);
        let m = say!(
            ctx.lang,
            "reste de modèle « {found} » : « {context} »",
            "template residue « {found} »: « {context} »"
        );
        out.push(Severity::Warning, i, Some(*span), m);
    }
}

/// A few words around a match inside its line.
fn around(at: usize, len: usize) -> impl Fn(&str) -> String {
    move |line: &str| {
        let from = crate::text::floor_char_boundary(line, at.saturating_sub(40));
        let to = crate::text::floor_char_boundary(line, at + len + 20);
        let s = line.get(from..to).unwrap_or(line);
        let s = if from > 0 { s.split_once(' ').map_or(s, |(_, r)| r) } else { s };
        s.trim().to_string()
    }
}

#[cfg(test)]
mod tests {
    use crate::check::examples::{Doc, findings_of};

    #[test]
    fn another_body_deciding_is_template_residue() {
        let own = Doc::commune().text();
        assert!(own.contains("Le Conseil Municipal, après en avoir délibéré"), "the example decides as its own body");
        assert!(findings_of(&own, "F9").is_empty());
        let borrowed = own.replace(
            "Le Conseil Municipal, après en avoir délibéré",
            "Le Conseil Communautaire, après en avoir délibéré",
        );
        let f = findings_of(&borrowed, "F9");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, "warning");
        assert!(f[0].message.contains("« Conseil Communautaire »"), "{}", f[0].message);
    }
}
