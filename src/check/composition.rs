//! Composition of the roll (legal-checks.md §6): totals that add up, names per
//! category, duplicates, attendees without a vote, president and secretary present,
//! council size against the population, the certification's signatory.

use std::collections::BTreeMap;

use crate::check::context::{BodyKind, Ctx, council_size};
use crate::check::examples as ex;
use crate::check::names::{Resolution, key};
use crate::check::{Out, RuleSpec, Severity};
use crate::say;

pub const C1: RuleSpec = RuleSpec {
    id: "C1",
    severity: Severity::Error,
    statement_fr: "Les totaux annoncés s'additionnent (présents + absents/excusés = en exercice)",
    statement_en: "Stated totals add up (present + absent/excused = in office)",
    source: "CGCT L2121-17, L2121-20",
    valid: "toujours",
    pass: ex::c1_pass,
    fail: ex::c1_fail,
    run: run_c1,
};

pub const C2: RuleSpec = RuleSpec {
    id: "C2",
    severity: Severity::Warning,
    statement_fr: "Les noms listés par catégorie correspondent aux nombres annoncés",
    statement_en: "Names listed per category match the stated counts",
    source: "CGCT L2121-25 (procès-verbal)",
    valid: "toujours",
    pass: ex::c2_pass,
    fail: ex::c2_fail,
    run: run_c2,
};

pub const C3: RuleSpec = RuleSpec {
    id: "C3",
    severity: Severity::Error,
    statement_fr: "Un membre n'apparaît qu'une fois dans la liste",
    statement_en: "A member appears once in the roll",
    source: "CGCT L2121-17",
    valid: "toujours",
    pass: ex::c3_pass,
    fail: ex::c3_fail,
    run: run_c3,
};

pub const C4: RuleSpec = RuleSpec {
    id: "C4",
    severity: Severity::Info,
    statement_fr: "Les personnes sans voix délibérative sont listées à part et exclues des comptes",
    statement_en: "Attendees without a vote are listed apart and excluded from the counts",
    source: "CGCT L3121-14, L4132-13",
    valid: "toujours",
    pass: ex::c4_pass,
    fail: ex::c4_fail,
    run: run_c4,
};

pub const C5: RuleSpec = RuleSpec {
    id: "C5",
    severity: Severity::Error,
    statement_fr: "Le président de séance est présent (le secrétaire aussi)",
    statement_en: "The session president is present (and the secretary)",
    source: "CGCT L2121-14, L2121-15",
    valid: "toujours",
    pass: ex::c5_pass,
    fail: ex::c5_fail,
    run: run_c5,
};

pub const C6: RuleSpec = RuleSpec {
    id: "C6",
    severity: Severity::Warning,
    statement_fr: "Commune : membres en exercice ≤ effectif légal du conseil selon la population",
    statement_en: "Commune: members in office ≤ the legal council size for the population",
    source: "CGCT L2121-2 (conseils de 2014 et 2020)",
    valid: "toujours (effectifs des conseils de 2014/2020, à revoir pour 2026)",
    pass: ex::c6_pass,
    fail: ex::c6_fail,
    run: run_c6,
};

pub const C7: RuleSpec = RuleSpec {
    id: "C7",
    severity: Severity::Info,
    statement_fr: "Le signataire de « pour extrait conforme » était présent et présidait",
    statement_en: "The signatory of « pour extrait conforme » was present and presided",
    source: "CGCT L2121-23",
    valid: "toujours",
    pass: ex::c7_pass,
    fail: ex::c7_fail,
    run: run_c7,
};

fn run_c1(ctx: &Ctx, out: &mut Out) {
    let att = &ctx.record.attendance;
    let s = att.stated;
    let Some(present) = s.present else { return };
    if s.absent.is_none() && s.excused.is_none() {
        return;
    }
    let away = s.absent.unwrap_or(0) + s.excused.unwrap_or(0);
    let sum = present + away;
    let span = ctx.roll_span();
    if let Some(n) = s.in_office {
        if sum != n {
            let m = say!(
                ctx.lang,
                "présents {present} + absents/excusés {away} = {sum} ≠ {n} en exercice annoncés",
                "present {present} + absent/excused {away} = {sum} ≠ {n} stated in office"
            );
            out.push(Severity::Error, None, span, m);
        }
    } else if let Some(n) = att.counted.and_then(|c| c.in_office).filter(|_| !att.members.is_empty())
        && sum != n
    {
        let m = say!(
            ctx.lang,
            "présents {present} + absents/excusés {away} = {sum} annoncés, {n} membres listés",
            "present {present} + absent/excused {away} = {sum} stated, {n} members listed"
        );
        out.push(Severity::Warning, None, span, m);
    }
    if let (Some(n), Some(c)) = (s.in_office, att.counted.and_then(|c| c.in_office)) {
        // A roll may list only who came; it cannot list more than in office.
        if c > n {
            let m = say!(ctx.lang, "{c} membres listés pour {n} en exercice", "{c} members listed for {n} in office");
            out.push(Severity::Warning, None, span, m);
        }
    }
}

fn run_c2(ctx: &Ctx, out: &mut Out) {
    let att = &ctx.record.attendance;
    let Some(c) = att.counted.filter(|_| !att.members.is_empty()) else { return };
    let s = att.stated;
    let away_counted = c.absent.unwrap_or(0) + c.excused.unwrap_or(0);
    let checks = [
        ("présents", "present", s.present, c.present),
        ("excusés", "excused", s.excused, c.excused.filter(|_| s.absent.is_some()).or(Some(away_counted))),
        ("absents", "absent", s.absent, c.absent.filter(|_| s.excused.is_some()).or(Some(away_counted))),
    ];
    for (fr, en, stated, counted) in checks {
        let (Some(stated), Some(counted)) = (stated, counted) else { continue };
        // A list of the present only cannot be compared with stated absences.
        if fr != "présents" && counted == 0 && c.in_office.unwrap_or(0) == c.present.unwrap_or(0) {
            continue;
        }
        if stated != counted {
            let m =
                say!(ctx.lang, "{fr} : {stated} annoncés, {counted} nommés", "{en}: {stated} stated, {counted} named");
            out.push(Severity::Warning, None, ctx.roll_span(), m);
        }
    }
}

fn run_c3(ctx: &Ctx, out: &mut Out) {
    let members = &ctx.record.attendance.members;
    let mut seen: BTreeMap<Vec<String>, usize> = BTreeMap::new();
    for (i, m) in members.iter().enumerate() {
        let mut tokens = key(&m.name, None).tokens;
        tokens.sort();
        if tokens.is_empty() {
            continue;
        }
        if let Some(&first) = seen.get(&tokens) {
            let (name, a, b) = (&m.name, status_word(ctx, &members[first].status), status_word(ctx, &m.status));
            let msg = say!(
                ctx.lang,
                "{name} figure deux fois dans la liste ({a}, {b})",
                "{name} appears twice in the roll ({a}, {b})"
            );
            out.push(Severity::Error, None, m.span, msg);
        } else {
            seen.insert(tokens, i);
        }
    }
}

fn run_c4(ctx: &Ctx, out: &mut Out) {
    let guests = &ctx.record.attendance.non_voting_attendees;
    if guests.is_empty() {
        return;
    }
    let names = guests.join(", ");
    let k = guests.len();
    let m = say!(
        ctx.lang,
        "{k} personne(s) sans voix délibérative, exclue(s) des comptes : {names}",
        "{k} attendee(s) without a vote, excluded from the counts: {names}"
    );
    out.push(Severity::Info, None, None, m);
}

/// A roll status in the user's language.
fn status_word(ctx: &Ctx, status: &str) -> String {
    match (ctx.lang, status) {
        (crate::messages::Lang::Fr, "present") => "présent".to_string(),
        (crate::messages::Lang::Fr, "excused") => "excusé".to_string(),
        (crate::messages::Lang::Fr, "absent") => "absent".to_string(),
        (_, s) => s.to_string(),
    }
}

fn status_of(ctx: &Ctx, name: &str) -> (Resolution, Option<String>) {
    let members = &ctx.record.attendance.members;
    let r = ctx.resolve(name);
    let status = r.index().map(|i| members[i].status.clone());
    (r, status)
}

fn run_c5(ctx: &Ctx, out: &mut Out) {
    let session = &ctx.record.session;
    if ctx.record.attendance.members.is_empty() {
        if session.president.is_some() {
            out.not_checkable(None, &say!(ctx.lang, "liste des membres", "list of members"));
        }
        return;
    }
    for (role, name, severity) in [
        ("president", session.president.as_deref(), Severity::Error),
        ("secretary", session.secretary.as_deref(), Severity::Warning),
    ] {
        let Some(name) = name else { continue };
        let (fr, en) = if role == "president" {
            ("président de séance", "session president")
        } else {
            ("secrétaire de séance", "secretary")
        };
        let (resolution, status) = status_of(ctx, name);
        match (&resolution, status.as_deref()) {
            (Resolution::Unknown | Resolution::Ambiguous(_), _) => {
                let missing = say!(ctx.lang, "{fr} {name} introuvable dans la liste", "{en} {name} not in the roll");
                out.not_checkable(None, &missing);
            }
            (_, Some(s)) if s != "present" => {
                let s = status_word(ctx, s);
                let m = say!(ctx.lang, "{fr} {name} noté {s}", "{en} {name} marked {s}");
                out.push(severity, None, session.span, m);
            }
            (Resolution::Partial(i), _) => {
                let full = &ctx.record.attendance.members[*i].name;
                let m = say!(
                    ctx.lang,
                    "{fr} « {name} » reconnu comme {full} (nom composé écrit en partie)",
                    "{en} « {name} » resolved as {full} (compound surname written in part)"
                );
                out.push(Severity::Info, None, session.span, m);
            }
            _ => {}
        }
    }
}

fn run_c6(ctx: &Ctx, out: &mut Out) {
    if ctx.body.map(|b| b.kind) != Some(BodyKind::Commune) {
        return;
    }
    let name = crate::text::fold(ctx.record.collectivity.name.as_deref().unwrap_or(""));
    if ["paris", "lyon", "marseille"].iter().any(|c| name.ends_with(c)) {
        return;
    }
    let Some(n) = ctx.session_counts().n else { return };
    let Some(pop) = ctx.population.filter(|p| p.from_facts) else {
        if ctx.population.is_none() {
            out.not_checkable(None, &say!(ctx.lang, "population de la commune", "the commune's population"));
        }
        return; // A population inferred from the council's size agrees with it by construction.
    };
    let population = pop.low;
    let size = council_size(population);
    if n > size {
        let m = say!(
            ctx.lang,
            "{n} membres en exercice pour un conseil légal de {size} ({population} habitants)",
            "{n} members in office for a legal council of {size} ({population} inhabitants)"
        );
        out.push(Severity::Warning, None, ctx.roll_span(), m);
    } else if n < size {
        let m = say!(
            ctx.lang,
            "{n} membres en exercice pour un conseil légal de {size} ({population} habitants) : sièges vacants",
            "{n} members in office for a legal council of {size} ({population} inhabitants): vacancies"
        );
        out.push(Severity::Info, None, ctx.roll_span(), m);
    }
}

fn run_c7(ctx: &Ctx, out: &mut Out) {
    let f = &ctx.record.session.formalities;
    let Some(cert) = f.certification else { return };
    let Some(sig) = f.signatures.iter().find(|s| s.span[0] >= cert[0]) else { return };
    let name = &sig.name;
    let (resolution, status) = status_of(ctx, name);
    let president = ctx.record.session.president.as_deref();
    let presided = president.is_some_and(|p| {
        let pr = ctx.resolve(p).index();
        (pr.is_some() && pr == resolution.index()) || crate::check::names::same_person(p, name)
    });
    let absent = status.as_deref().is_some_and(|s| s != "present");
    if absent || (president.is_some() && !presided) {
        let p = president.unwrap_or("?");
        let st = match status.as_deref() {
            Some(s) => status_word(ctx, s),
            None => say!(ctx.lang, "hors liste", "not in the roll"),
        };
        let m = say!(
            ctx.lang,
            "extrait certifié par {name} ({st}), la séance étant présidée par {p}",
            "extract certified by {name} ({st}) while {p} presided the session"
        );
        out.push(Severity::Info, None, Some(sig.span), m);
    }
}
