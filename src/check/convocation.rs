//! Convocation delay (legal-checks.md §5, D1): clear days (*jours francs*) between the
//! sending of the convocation and the session, by body, population and urgency.
//! Weekends and holidays count, with no extension (CE 13 Oct 1993).

use crate::check::context::{BodyKind, Ctx};
use crate::check::examples as ex;
use crate::check::{Out, RuleSpec, Severity};
use crate::date::Date;
use crate::say;

pub const D1: RuleSpec = RuleSpec {
    id: "D1",
    severity: Severity::Error,
    statement_fr: "Délai de convocation : 3 jours francs (commune < 3 500 hab.), 5 (≥ 3 500, EPCI, SMF), 12 jours (département, région), 1 en urgence",
    statement_en: "Convocation delay: 3 clear days (commune < 3,500), 5 (≥ 3,500, EPCI, SMF), 12 days (département, région), 1 in urgency",
    source: "CGCT L2121-11, L2121-12, L5211-1 (loi 2015-991), L3121-19, L4132-18",
    valid: "toujours (EPCI/SMF : 5 jours francs pour les séances depuis 2020-03-01)",
    pass: ex::d1_pass,
    fail: ex::d1_fail,
    run: run_d1,
};

/// Days strictly between sending and session: 15th → 19th gives 16, 17, 18 = 3.
pub fn clear_days(sent: Date, session: Date) -> i64 {
    session.days() - sent.days() - 1
}

/// The required clear days, and whether that figure is uncertain (population unknown).
enum Required {
    Clear(i64),
    /// 3 or 5 clear days depending on a population the document does not give.
    ThreeOrFive,
}

fn run_d1(ctx: &Ctx, out: &mut Out) {
    let Some(body) = ctx.body else {
        out.not_checkable(None, &say!(ctx.lang, "nature de l'organe délibérant", "kind of deliberating body"));
        return;
    };
    let sent = ctx.record.session.convocation_date.as_deref().and_then(Date::parse_iso);
    let (Some(sent), Some(session)) = (sent, ctx.session) else {
        if !body.kind.is_cp() {
            out.not_checkable(None, &say!(ctx.lang, "date de convocation ou de séance", "convocation or session date"));
        }
        return;
    };
    let span = ctx.record.session.span;
    let clear = clear_days(sent, session);
    let days = session.days() - sent.days();
    if days < 0 {
        let m = say!(
            ctx.lang,
            "convocation du {sent} postérieure à la séance du {session}",
            "convocation of {sent} later than the session of {session}"
        );
        out.push(Severity::Error, None, span, m);
        return;
    }
    let urgency = ctx.record.session.formalities.urgency.is_some();
    if body.kind.is_cp() {
        let m = say!(
            ctx.lang,
            "commission permanente : pas de délai légal de convocation ({clear} jour(s) franc(s))",
            "commission permanente: no statutory convocation delay ({clear} clear day(s))"
        );
        out.push(Severity::Info, None, span, m);
        return;
    }
    let plenary = matches!(body.kind, BodyKind::Dept | BodyKind::Region);
    if plenary && !urgency {
        if days < 12 {
            let m = say!(
                ctx.lang,
                "rapports envoyés le {sent}, {days} jour(s) avant la séance du {session} : 12 jours requis",
                "reports sent on {sent}, {days} day(s) before the session of {session}: 12 days required"
            );
            out.push(Severity::Error, None, span, m);
        }
        return;
    }
    let required = if urgency {
        Required::Clear(1)
    } else {
        match body.kind {
            BodyKind::Commune => match ctx.population.and_then(|p| p.below(3_500)) {
                Some(true) => Required::Clear(3),
                Some(false) => Required::Clear(5),
                None => Required::ThreeOrFive,
            },
            _ if session >= (Date { year: 2020, month: 3, day: 1 }) => Required::Clear(5),
            _ => match ctx.facts.and_then(|f| f.member_commune_3500) {
                Some(true) => Required::Clear(5),
                Some(false) => Required::Clear(3),
                None => Required::ThreeOrFive,
            },
        }
    };
    let why = population_note(ctx, urgency);
    let note = ctx.smo_note();
    match required {
        Required::Clear(n) if clear < n => {
            let m = say!(
                ctx.lang,
                "convocation du {sent}, séance du {session} : {clear} jour(s) franc(s), {n} requis{why}{note}",
                "convocation of {sent}, session of {session}: {clear} clear day(s), {n} required{why}{note}"
            );
            out.push(ctx.statutes_soften(Severity::Error), None, span, m);
        }
        Required::ThreeOrFive if clear < 3 => {
            let m = say!(
                ctx.lang,
                "convocation du {sent}, séance du {session} : {clear} jour(s) franc(s), 3 au moins requis{note}",
                "convocation of {sent}, session of {session}: {clear} clear day(s), at least 3 required{note}"
            );
            out.push(ctx.statutes_soften(Severity::Error), None, span, m);
        }
        Required::ThreeOrFive if clear < 5 => {
            let m = say!(
                ctx.lang,
                "convocation du {sent}, séance du {session} : {clear} jour(s) franc(s) ; 5 requis si la population (ou celle d'une commune membre) atteint 3 500 habitants, inconnue ici",
                "convocation of {sent}, session of {session}: {clear} clear day(s); 5 required if the population (or a member commune's) reaches 3,500, unknown here"
            );
            out.push(Severity::Warning, None, span, m);
        }
        _ => {}
    }
}

fn population_note(ctx: &Ctx, urgency: bool) -> String {
    if urgency {
        return say!(ctx.lang, " (urgence)", " (urgency)");
    }
    match ctx.population {
        Some(p) if p.from_facts => {
            let n = p.low;
            say!(ctx.lang, " (population {n})", " (population {n})")
        }
        Some(p) => {
            let (lo, hi) = (p.low, p.high);
            let n = ctx.session_counts().n.unwrap_or(0);
            say!(
                ctx.lang,
                " (population déduite de {n} membres en exercice : {lo}–{hi} habitants)",
                " (population inferred from {n} members in office: {lo}–{hi} inhabitants)"
            )
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::examples::{Doc, findings_of};

    #[test]
    fn the_fifteenth_to_the_nineteenth_is_three_clear_days() {
        let d = |day| Date::new(2023, 12, day).unwrap();
        assert_eq!(clear_days(d(15), d(19)), 3);
    }

    #[test]
    fn three_clear_days_pass_a_small_commune_and_two_do_not() {
        // 15 members in office: 500–1,499 inhabitants, 3 clear days required.
        let three = Doc::commune().convened_before(Some(4)).text();
        assert!(findings_of(&three, "D1").is_empty());
        let two = Doc::commune().convened_before(Some(3)).text();
        let f = findings_of(&two, "D1");
        assert_eq!(f[0].severity, "error", "{f:?}");
        assert!(f[0].message.contains("2 jour(s) franc(s), 3 requis"), "{}", f[0].message);
    }

    #[test]
    fn four_clear_days_for_a_large_commune_fail_and_five_pass() {
        // 29 members: 5,000–9,999 inhabitants, 5 clear days required.
        let four = Doc::commune().roll(29, 25, 2).convened_before(Some(5)).text();
        assert_eq!(findings_of(&four, "D1")[0].severity, "error");
        let five = Doc::commune().roll(29, 25, 2).convened_before(Some(6)).text();
        assert!(findings_of(&five, "D1").is_empty());
    }

    #[test]
    fn an_unknown_population_gives_a_warning_between_three_and_five() {
        // 16 is no legal size: the population cannot be inferred.
        let doc = Doc::commune().roll(16, 14, 2).convened_before(Some(5)).text();
        assert_eq!(findings_of(&doc, "D1")[0].severity, "warning");
    }

    #[test]
    fn urgency_needs_one_clear_day() {
        let doc =
            Doc::commune().convened_before(Some(2)).after_roll("Le conseil municipal, convoqué en urgence,").text();
        assert!(findings_of(&doc, "D1").is_empty());
    }
}
