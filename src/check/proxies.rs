//! Proxies (legal-checks.md §3): who gave a *pouvoir* to whom, checked against the roll
//! (L2121-20; L3121-16, L4132-15; SMO: statutes, so ERRORs become WARNINGs).

use std::collections::BTreeMap;

use crate::check::context::{Ctx, RSource};
use crate::check::examples as ex;
use crate::check::names::{Resolution, same_person};
use crate::check::{Out, RuleSpec, Severity};
use crate::say;

const SOURCE: &str = "CGCT L2121-20, L3121-16, L4132-15, L5211-1, L5711-1 (SMO : statuts, L5721-2)";

pub const P1: RuleSpec = RuleSpec {
    id: "P1",
    severity: Severity::Error,
    statement_fr: "Le mandant (qui donne pouvoir) est absent au moment du vote",
    statement_en: "The member giving a proxy is absent at the vote",
    source: SOURCE,
    valid: "toujours",
    pass: ex::p1_pass,
    fail: ex::p1_fail,
    run: run_p1,
};

pub const P2: RuleSpec = RuleSpec {
    id: "P2",
    severity: Severity::Error,
    statement_fr: "Le mandataire désigne un seul membre, présent et votant",
    statement_en: "The proxy holder resolves to one member who is present with a vote",
    source: SOURCE,
    valid: "toujours",
    pass: ex::p2_pass,
    fail: ex::p2_fail,
    run: run_p2,
};

pub const P3: RuleSpec = RuleSpec {
    id: "P3",
    severity: Severity::Error,
    statement_fr: "Un membre ne détient qu'un pouvoir (deux dans les régimes COVID A–E)",
    statement_en: "A member holds at most one proxy (two in COVID regimes A–E)",
    source: "CGCT L2121-20 al. 1 ; loi 2020-290 art. 10, loi 2020-1379, loi 2021-1465",
    valid: "toujours (maximum 2 : 2020-03-24 – 2020-08-30, 2020-11-15 – 2021-09-30, 2021-11-11 – 2022-07-31)",
    pass: ex::p3_pass,
    fail: ex::p3_fail,
    run: run_p3,
};

pub const P4: RuleSpec = RuleSpec {
    id: "P4",
    severity: Severity::Error,
    statement_fr: "Mandant et mandataire sont deux membres en exercice distincts",
    statement_en: "Giver and holder are two different members in office",
    source: SOURCE,
    valid: "toujours",
    pass: ex::p4_pass,
    fail: ex::p4_fail,
    run: run_p4,
};

pub const P5: RuleSpec = RuleSpec {
    id: "P5",
    severity: Severity::Warning,
    statement_fr: "Le nombre de pouvoirs comptés égale le nombre de pouvoirs ou représentés annoncé",
    statement_en: "The proxies counted equal the stated number of pouvoirs / représentés",
    source: SOURCE,
    valid: "toujours",
    pass: ex::p5_pass,
    fail: ex::p5_fail,
    run: run_p5,
};

pub const P6: RuleSpec = RuleSpec {
    id: "P6",
    severity: Severity::Info,
    statement_fr: "Des membres sont représentés mais les mandataires ne sont pas nommés",
    statement_en: "Members are represented but their proxy holders are not named",
    source: SOURCE,
    valid: "toujours",
    pass: ex::p6_pass,
    fail: ex::p6_fail,
    run: run_p6,
};

/// Every proxy of the roll: (giver index, holder as written, resolution).
fn proxies(ctx: &Ctx) -> Vec<(usize, String, Resolution)> {
    let members = &ctx.record.attendance.members;
    members
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.proxy_to.as_ref().map(|h| (i, h.clone(), ctx.resolve(h))))
        .collect()
}

fn run_p1(ctx: &Ctx, out: &mut Out) {
    let members = &ctx.record.attendance.members;
    for (i, holder, _) in proxies(ctx) {
        let giver = &members[i];
        if giver.status == "present" {
            let name = &giver.name;
            let m = say!(
                ctx.lang,
                "{name} est noté présent et donne pouvoir à {holder}",
                "{name} is marked present and gives a proxy to {holder}"
            );
            out.push(ctx.statutes_soften(Severity::Error), None, giver.span, m);
        }
    }
}

fn run_p2(ctx: &Ctx, out: &mut Out) {
    let members = &ctx.record.attendance.members;
    for (i, holder, resolution) in proxies(ctx) {
        let giver = &members[i].name;
        let span = members[i].span;
        match resolution {
            Resolution::Exact(h) | Resolution::Partial(h) => {
                let full = &members[h].name;
                if let Resolution::Partial(_) = resolution {
                    let m = say!(
                        ctx.lang,
                        "mandataire « {holder} » (pouvoir de {giver}) reconnu comme {full} (nom composé écrit en partie)",
                        "holder « {holder} » (proxy of {giver}) resolved as {full} (compound surname written in part)"
                    );
                    out.push(Severity::Info, None, span, m);
                }
                if members[h].status != "present" && h != i {
                    let note = ctx.smo_note();
                    let m = say!(
                        ctx.lang,
                        "{giver} donne pouvoir à {full}, qui n'est pas présent{note}",
                        "{giver} gives a proxy to {full}, who is not present{note}"
                    );
                    out.push(ctx.statutes_soften(Severity::Error), None, span, m);
                }
            }
            Resolution::Ambiguous(_) => {
                let m = say!(
                    ctx.lang,
                    "mandataire « {holder} » (pouvoir de {giver}) ambigu : plusieurs membres portent ce nom",
                    "holder « {holder} » (proxy of {giver}) is ambiguous: several members have that name"
                );
                out.push(Severity::Warning, None, span, m);
            }
            Resolution::Unknown => {
                let outsider = ctx.record.attendance.non_voting_attendees.iter().any(|a| same_person(a, &holder));
                if !outsider {
                    let m = say!(
                        ctx.lang,
                        "mandataire « {holder} » (pouvoir de {giver}) introuvable dans la liste des membres",
                        "holder « {holder} » (proxy of {giver}) not found among the members"
                    );
                    out.push(Severity::Warning, None, span, m);
                }
            }
        }
    }
}

fn run_p3(ctx: &Ctx, out: &mut Out) {
    let members = &ctx.record.attendance.members;
    let mut held: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, _, resolution) in proxies(ctx) {
        if let Some(h) = resolution.index().filter(|&h| h != i) {
            held.entry(h).or_default().push(i);
        }
    }
    let max = ctx.regime.map(|r| r.max_proxies);
    for (h, givers) in held {
        let count = givers.len() as u32;
        let name = &members[h].name;
        let from: Vec<&str> = givers.iter().map(|&g| members[g].name.as_str()).collect();
        let from = from.join(", ");
        let span = givers.last().and_then(|&g| members[g].span);
        match max {
            Some(max) if count > max => {
                let regime = ctx.regime.map(|r| r.label(ctx.fr())).unwrap_or_default();
                let note = ctx.smo_note();
                let m = say!(
                    ctx.lang,
                    "{name} détient {count} pouvoirs ({from}) ; maximum {max} ({regime}){note}",
                    "{name} holds {count} proxies ({from}); at most {max} ({regime}){note}"
                );
                out.push(ctx.statutes_soften(Severity::Error), None, span, m);
            }
            None if count > 2 => {
                let m =
                    say!(ctx.lang, "{name} détient {count} pouvoirs ({from})", "{name} holds {count} proxies ({from})");
                out.push(ctx.statutes_soften(Severity::Error), None, span, m);
            }
            None if count == 2 => out.not_checkable(
                None,
                &say!(ctx.lang, "date de séance : 1 ou 2 pouvoirs", "session date: 1 or 2 proxies"),
            ),
            _ => {}
        }
    }
}

fn run_p4(ctx: &Ctx, out: &mut Out) {
    let members = &ctx.record.attendance.members;
    for (i, holder, resolution) in proxies(ctx) {
        let giver = &members[i].name;
        let span = members[i].span;
        let self_proxy = resolution.index() == Some(i) || same_person(giver, &holder);
        let outsider = resolution == Resolution::Unknown
            && ctx.record.attendance.non_voting_attendees.iter().any(|a| same_person(a, &holder));
        if self_proxy {
            let m = say!(ctx.lang, "{giver} se donne pouvoir à lui-même", "{giver} gives a proxy to themself");
            out.push(ctx.statutes_soften(Severity::Error), None, span, m);
        } else if outsider {
            let m = say!(
                ctx.lang,
                "{giver} donne pouvoir à {holder}, qui siège sans voix délibérative",
                "{giver} gives a proxy to {holder}, who attends without a vote"
            );
            out.push(ctx.statutes_soften(Severity::Error), None, span, m);
        }
    }
}

fn run_p5(ctx: &Ctx, out: &mut Out) {
    let att = &ctx.record.attendance;
    let (Some(stated), Some(counted)) = (att.stated.proxies, att.counted.and_then(|c| c.proxies)) else { return };
    if att.members.is_empty() || stated == counted {
        return;
    }
    let m = say!(
        ctx.lang,
        "{counted} pouvoir(s) nommé(s) dans la liste, {stated} annoncé(s)",
        "{counted} proxy(ies) named in the roll, {stated} stated"
    );
    out.push(Severity::Warning, None, ctx.roll_span(), m);
}

fn run_p6(ctx: &Ctx, out: &mut Out) {
    for (i, c) in ctx.counts.iter().enumerate() {
        if c.r_source == RSource::Derived && c.r.is_some_and(|r| r > 0) {
            let r = c.r.unwrap_or(0);
            let missing = say!(
                ctx.lang,
                "{r} membre(s) représenté(s) d'après les totaux, mandataires non nommés",
                "{r} member(s) represented according to the totals, holders not named"
            );
            out.not_checkable(Some(i), &missing);
            // One note per document is enough when every item derives it alike.
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::examples::{Doc, findings_of};

    #[test]
    fn two_proxies_are_an_error_in_2019_and_allowed_in_regime_d() {
        let pairs = [("Agnès MOREL", "Paul BERNARD"), ("Pierre GIRAUD", "Paul BERNARD")];
        let doc = |y, m, d| Doc::commune().roll(15, 11, 2).proxies(&pairs).date(y, m, d).text();
        let f = findings_of(&doc(2019, 3, 12), "P3");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, "error");
        assert!(findings_of(&doc(2021, 3, 9), "P3").is_empty());
    }

    #[test]
    fn a_holder_who_is_excused_is_an_error() {
        let doc = Doc::commune().proxies(&[("Nadia MERCIER", "Yves LAMBERT"), ("Yves LAMBERT", "Anne ROUX")]).text();
        let f = findings_of(&doc, "P2");
        assert!(f.iter().any(|f| f.severity == "error" && f.message.contains("Yves LAMBERT")), "{f:?}");
    }

    #[test]
    fn a_compound_surname_in_part_is_info_only() {
        let doc = Doc::smo().proxies(&[("Pierre GIRAUD", "LEROY"), ("Nadia MERCIER", "M. BERNARD")]).text();
        let f = findings_of(&doc, "P2");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, "info");
        assert!(f[0].message.contains("Marie LEROY-BEAULIEU"), "{}", f[0].message);
    }
}
