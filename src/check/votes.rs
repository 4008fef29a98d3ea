//! Votes (legal-checks.md §4): suffrages exprimés, votants, votes against the roll, the
//! outcome, unanimity, members in conflict, the compte administratif, group counts
//! (L2121-20 al. 2–3, L2121-14, L2131-11; L3121-14 al. 3, L3121-15; L4132-13, L4132-14).

use crate::check::context::Ctx;
use crate::check::examples as ex;
use crate::check::{Out, RuleSpec, Severity};
use crate::say;
use crate::text::fold;

const SOURCE: &str = "CGCT L2121-20 al. 2–3, L3121-14 al. 3, L3121-15, L4132-13, L4132-14";

pub const V1: RuleSpec = RuleSpec {
    id: "V1",
    severity: Severity::Error,
    statement_fr: "Suffrages exprimés annoncés = pour + contre (abstentions, blancs et nuls ne sont jamais exprimés)",
    statement_en: "Stated suffrages exprimés = for + against (abstentions, blank and spoiled ballots never are)",
    source: SOURCE,
    valid: "toujours",
    pass: ex::v1_pass,
    fail: ex::v1_fail,
    run: run_v1,
};

pub const V2: RuleSpec = RuleSpec {
    id: "V2",
    severity: Severity::Error,
    statement_fr: "Votants annoncés = pour + contre + abstentions + blancs + nuls",
    statement_en: "Stated votants = for + against + abstentions + blank + spoiled",
    source: SOURCE,
    valid: "toujours",
    pass: ex::v2_pass,
    fail: ex::v2_fail,
    run: run_v2,
};

pub const V3: RuleSpec = RuleSpec {
    id: "V3",
    severity: Severity::Error,
    statement_fr: "Pas plus de voix que de présents et représentés ; chacun a voté (sauf NPPV)",
    statement_en: "No more votes than members present and represented; each of them voted (except NPPV)",
    source: SOURCE,
    valid: "toujours",
    pass: ex::v3_pass,
    fail: ex::v3_fail,
    run: run_v3,
};

pub const V4: RuleSpec = RuleSpec {
    id: "V4",
    severity: Severity::Error,
    statement_fr: "Adopté si pour > moitié des suffrages exprimés ; partage : voix prépondérante du président",
    statement_en: "Adopted iff for > half of the votes expressed; tie: the president's casting vote",
    source: SOURCE,
    valid: "toujours",
    pass: ex::v4_pass,
    fail: ex::v4_fail,
    run: run_v4,
};

pub const V5: RuleSpec = RuleSpec {
    id: "V5",
    severity: Severity::Error,
    statement_fr: "« Unanimité » sans voix contre (abstentions, NPPV : unanimité des suffrages exprimés)",
    statement_en: "« Unanimity » with no vote against (abstentions, NPPV: unanimity of the votes expressed)",
    source: SOURCE,
    valid: "toujours",
    pass: ex::v5_pass,
    fail: ex::v5_fail,
    run: run_v5,
};

pub const V6: RuleSpec = RuleSpec {
    id: "V6",
    severity: Severity::Error,
    statement_fr: "Les membres qui ne prennent pas part au vote ne sont comptés ni dans les voix ni dans le quorum",
    statement_en: "Members not taking part in the vote are counted neither in the votes nor in the quorum",
    source: "CGCT L2131-11 ; CE 19 janv. 1983 Chauré",
    valid: "toujours",
    pass: ex::v6_pass,
    fail: ex::v6_fail,
    run: run_v6,
};

pub const V7: RuleSpec = RuleSpec {
    id: "V7",
    severity: Severity::Warning,
    statement_fr: "Compte administratif : le maire ou président ne prend pas part au vote",
    statement_en: "Compte administratif: the maire or président does not vote",
    source: "CGCT L2121-14",
    valid: "toujours",
    pass: ex::v7_pass,
    fail: ex::v7_fail,
    run: run_v7,
};

pub const V8: RuleSpec = RuleSpec {
    id: "V8",
    severity: Severity::Warning,
    statement_fr: "Les voix données par groupe politique s'additionnent aux totaux",
    statement_en: "Votes given per political group add up to the totals",
    source: SOURCE,
    valid: "toujours",
    pass: ex::v8_pass,
    fail: ex::v8_fail,
    run: run_v8,
};

fn run_v1(ctx: &Ctx, out: &mut Out) {
    for (i, d) in ctx.record.deliberations.iter().enumerate() {
        let (Some(stated), Some(t)) = (d.votes.expressed, ctx.tally(i)) else { continue };
        let (pour, contre, abst) = (t.pour, t.contre, t.abst);
        let e = t.e();
        if stated == e {
            continue;
        }
        let counted_abst = abst > 0 && stated == t.vc();
        let m = if counted_abst {
            say!(
                ctx.lang,
                "suffrages exprimés annoncés {stated} = pour {pour} + contre {contre} + abstentions {abst} : abstentions comptées comme suffrages exprimés (exprimés = {e})",
                "stated suffrages exprimés {stated} = for {pour} + against {contre} + abstentions {abst}: abstentions counted as suffrages exprimés (expressed = {e})"
            )
        } else {
            say!(
                ctx.lang,
                "suffrages exprimés annoncés {stated} ≠ pour {pour} + contre {contre} = {e}",
                "stated suffrages exprimés {stated} ≠ for {pour} + against {contre} = {e}"
            )
        };
        out.push(Severity::Error, Some(i), ctx.vote_span(i), m);
    }
}

fn run_v2(ctx: &Ctx, out: &mut Out) {
    let single = ctx.record.deliberations.len() == 1;
    for (i, d) in ctx.record.deliberations.iter().enumerate() {
        let stated = d
            .votes
            .voters
            .or_else(|| d.attendance.as_ref().and_then(|a| a.voters))
            .or_else(|| if single || d.attendance.is_none() { ctx.record.attendance.stated.voters } else { None });
        let (Some(stated), Some(t)) = (stated, ctx.tally(i)) else { continue };
        let vc = t.vc();
        if stated == vc {
            continue;
        }
        let (pour, contre, abst) = (t.pour, t.contre, t.abst);
        let m = say!(
            ctx.lang,
            "votants annoncés {stated} ≠ pour {pour} + contre {contre} + abstentions {abst} = {vc}",
            "stated votants {stated} ≠ for {pour} + against {contre} + abstentions {abst} = {vc}"
        );
        out.push(Severity::Error, Some(i), ctx.vote_span(i), m);
    }
}

fn run_v3(ctx: &Ctx, out: &mut Out) {
    // A syndicat mixte ouvert may weigh its members' votes (statutes): counts of votes
    // are then not counts of people, and V3 can only note it.
    let smo = ctx.body.is_some_and(|b| b.kind == crate::check::context::BodyKind::Smo);
    if smo && fold(ctx.text()).contains("pondere") {
        let m = say!(
            ctx.lang,
            "syndicat mixte ouvert à voix pondérées : les voix ne se comparent pas au nombre de votants",
            "syndicat mixte ouvert with weighted votes: votes are not compared with the number of voters"
        );
        out.push(Severity::Info, None, None, m);
        return;
    }
    for (i, c) in ctx.counts.iter().enumerate() {
        let Some(t) = ctx.tally(i) else {
            if !ctx.record.deliberations[i].votes.is_empty() {
                out.not_checkable(Some(i), &say!(ctx.lang, "voix pour", "votes for"));
            }
            continue;
        };
        let (Some(p), Some(r)) = (c.p, c.r) else {
            out.not_checkable(Some(i), &say!(ctx.lang, "présents ou représentés", "members present or represented"));
            continue;
        };
        let vc = t.vc();
        let can = p + r;
        let nppv = c.nppv;
        let stated = ctx.record.attendance.stated;
        let stated_can = stated.voters.or_else(|| Some(stated.present? + stated.proxies?));
        if vc > can && stated_can.is_some_and(|s| vc <= s) && !c.item_level {
            // The roll as counted is shorter than the document's own figures.
            let s = stated_can.unwrap_or(0);
            let m = say!(
                ctx.lang,
                "{vc} voix pour {p} présents + {r} représentés comptés, mais {s} votants selon les totaux annoncés : liste incomplète ?",
                "{vc} votes for {p} present + {r} represented counted, but {s} voters by the stated totals: incomplete roll?"
            );
            out.push(Severity::Warning, Some(i), ctx.vote_span(i), m);
        } else if vc > can {
            let m = say!(
                ctx.lang,
                "{vc} voix pour {p} présents + {r} représentés = {can} : plus de voix que de votants",
                "{vc} votes for {p} present + {r} represented = {can}: more votes than voters"
            );
            out.push(Severity::Error, Some(i), ctx.vote_span(i), m);
        } else if vc + nppv < can {
            let k = can - nppv - vc;
            let m = say!(
                ctx.lang,
                "{vc} voix pour {p} présents + {r} représentés (NPPV {nppv}) : {k} membre(s) présent(s) ou représenté(s) n'ont pas voté",
                "{vc} votes for {p} present + {r} represented (not voting {nppv}): {k} member(s) present or represented did not vote"
            );
            out.push(Severity::Warning, Some(i), ctx.vote_span(i), m);
        }
    }
}

fn run_v4(ctx: &Ctx, out: &mut Out) {
    for (i, d) in ctx.record.deliberations.iter().enumerate() {
        let Some(t) = ctx.tally(i) else { continue };
        let (pour, contre, e) = (t.pour, t.contre, t.e());
        let adopted = if e == 0 {
            Some(false)
        } else if pour == contre {
            None
        } else {
            Some(2 * pour > e)
        };
        let stated = d.votes.outcome.as_deref();
        match (adopted, stated) {
            (None, _) => {
                let missing = say!(
                    ctx.lang,
                    "partage des voix {pour}–{contre} : voix prépondérante du président",
                    "tie {pour}–{contre}: the president's casting vote"
                );
                out.not_checkable(Some(i), &missing);
            }
            (Some(a), Some(s)) if (s == "adopted") != a => {
                let m = say!(
                    ctx.lang,
                    "le document dit « {s} » mais pour {pour}, contre {contre} sur {e} suffrages exprimés",
                    "the document says « {s} » but for {pour}, against {contre} of {e} votes expressed"
                );
                out.push(Severity::Error, Some(i), ctx.vote_span(i), m);
            }
            (Some(false), None) => {
                let m = say!(
                    ctx.lang,
                    "pour {pour}, contre {contre} sur {e} suffrages exprimés : la délibération n'est pas adoptée, le document en tire pourtant une décision",
                    "for {pour}, against {contre} of {e} votes expressed: not adopted, yet the document records a decision"
                );
                out.push(Severity::Warning, Some(i), ctx.vote_span(i), m);
            }
            _ => {}
        }
    }
}

fn run_v5(ctx: &Ctx, out: &mut Out) {
    for (i, d) in ctx.record.deliberations.iter().enumerate() {
        let v = &d.votes;
        if !v.unanimous {
            continue;
        }
        let contre = v.against.unwrap_or(0);
        let abst = v.abstention.unwrap_or(0);
        let nppv = ctx.counts[i].nppv;
        if contre > 0 {
            let m = say!(
                ctx.lang,
                "« unanimité » avec {contre} voix contre",
                "« unanimity » with {contre} vote(s) against"
            );
            out.push(Severity::Error, Some(i), ctx.vote_span(i), m);
        } else if abst > 0 || nppv > 0 {
            let m = say!(
                ctx.lang,
                "unanimité des suffrages exprimés ({abst} abstention(s), {nppv} NPPV)",
                "unanimity of the votes expressed ({abst} abstention(s), {nppv} not voting)"
            );
            out.push(Severity::Info, Some(i), ctx.vote_span(i), m);
        }
    }
}

fn run_v6(ctx: &Ctx, out: &mut Out) {
    for (i, c) in ctx.counts.iter().enumerate() {
        let (nppv, Some(t), Some(p), Some(r)) = (c.nppv, ctx.tally(i), c.p, c.r) else { continue };
        if nppv == 0 {
            continue;
        }
        let vc = t.vc();
        if vc + nppv > p + r {
            let m = say!(
                ctx.lang,
                "{nppv} membre(s) ne prenant pas part au vote, mais {vc} voix pour {p} présents + {r} représentés : comptés dans les voix",
                "{nppv} member(s) not taking part, but {vc} votes for {p} present + {r} represented: counted in the vote"
            );
            out.push(Severity::Error, Some(i), ctx.vote_span(i), m);
        }
    }
}

fn president_withdrew(ctx: &Ctx, i: usize) -> bool {
    let d = &ctx.record.deliberations[i];
    let Some(president) = ctx.record.session.president.as_deref() else { return false };
    let target = ctx.resolve(president).index();
    let is_president = |name: &str| {
        let r = ctx.resolve(name).index();
        (r.is_some() && r == target) || crate::check::names::same_person(name, president)
    };
    let item = d.attendance.as_ref();
    let named = item.is_some_and(|a| {
        a.not_voting.iter().any(|n| is_president(n))
            || a.changes.iter().any(|ch| ch.change == "leaves" && is_president(&ch.member))
    });
    // « M. Jean DUPONT, maire, ne prend pas part au vote », « le Maire se retire ».
    let text = ctx.text();
    let body = text.get(d.span[0]..d.span[1]).map(fold).unwrap_or_default();
    let surname = crate::check::names::key(president, None).surname.last().cloned().unwrap_or_default();
    let said = WITHDRAWALS.iter().any(|w| {
        body.match_indices(w).any(|(at, _)| {
            let before = &body[crate::text::floor_char_boundary(&body, at.saturating_sub(80))..at];
            before.contains("le maire")
                || before.contains("le president")
                || (!surname.is_empty() && before.contains(&surname))
        })
    });
    named || said
}

/// How a text says someone leaves the vote.
const WITHDRAWALS: &[&str] =
    &["ne prend pas part", "ne participe pas", "se retire", "quitte la salle", "quitte la seance", "sort de la salle"];

fn run_v7(ctx: &Ctx, out: &mut Out) {
    for &i in &ctx.record.session.formalities.compte_administratif {
        if i >= ctx.record.deliberations.len() || president_withdrew(ctx, i) {
            continue;
        }
        let m = say!(
            ctx.lang,
            "compte administratif : le document ne montre pas que le maire ou président s'est retiré du vote",
            "compte administratif: the document does not show the maire or président withdrew from the vote"
        );
        out.push(Severity::Warning, Some(i), ctx.vote_span(i), m);
    }
}

/// Reads one count (pour, contre, abstentions) of a group's votes.
type GroupCount = fn(&crate::model::GroupVote) -> Option<u32>;

fn run_v8(ctx: &Ctx, out: &mut Out) {
    let text = ctx.text();
    for (i, d) in ctx.record.deliberations.iter().enumerate() {
        let v = &d.votes;
        if v.by_group.is_empty() {
            // Group counts written in a form not read: say so rather than pass a sum
            // nobody checked.
            let Some(span) = v.span else { continue };
            let folded = fold(text.get(span[0]..span[1]).unwrap_or(""));
            let per_group = folded
                .match_indices("groupe")
                .filter(|(at, _)| folded[*at..].chars().take(60).any(|c| c.is_ascii_digit()));
            if per_group.count() >= 2 {
                let missing = say!(ctx.lang, "voix par groupe non lues", "per-group votes not read");
                out.not_checkable(Some(i), &missing);
            }
            continue;
        }
        let fields: [(&str, &str, Option<u32>, GroupCount); 3] = [
            ("pour", "for", v.for_, |g| g.for_),
            ("contre", "against", v.against, |g| g.against),
            ("abstentions", "abstentions", v.abstention, |g| g.abstention),
        ];
        for (fr, en, total, of) in fields {
            let counted: Vec<u32> = v.by_group.iter().filter_map(of).collect();
            let (Some(total), false) = (total, counted.is_empty()) else { continue };
            let sum: u32 = counted.iter().sum();
            if sum != total {
                let groups = v
                    .by_group
                    .iter()
                    .filter_map(|g| of(g).map(|n| format!("{} {n}", g.group)))
                    .collect::<Vec<_>>()
                    .join(" + ");
                let m = say!(
                    ctx.lang,
                    "voix {fr} par groupe : {groups} = {sum}, total annoncé {total}",
                    "{en} per group: {groups} = {sum}, stated total {total}"
                );
                out.push(Severity::Warning, Some(i), v.by_group.first().map(|g| g.span), m);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::examples::{Doc, findings_of};

    #[test]
    fn weighted_votes_of_a_syndicat_mixte_ouvert_are_only_noted() {
        let weighted = Doc::smo()
            .vote("à main levée par : 18 voix pour - 0 voix contre - 0 abstention (voix pondérées selon les statuts)")
            .text();
        let f = findings_of(&weighted, "V3");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, "info");
        let plain = weighted.replace(" (voix pondérées selon les statuts)", "");
        // Unweighted, 18 votes for 16 voters is « more votes than voters ».
        assert!(findings_of(&plain, "V3").iter().any(|f| f.severity == "error"), "{:?}", findings_of(&plain, "V3"));
    }

    #[test]
    fn votes_per_group_must_add_up() {
        let adds_up = Doc::commune()
            .vote("à main levée par : 15 voix pour (groupe Majorité : 11 ; groupe Opposition : 4) - 0 voix contre - 0 abstention")
            .text();
        assert!(findings_of(&adds_up, "V8").is_empty(), "{:?}", findings_of(&adds_up, "V8"));
        let short = adds_up.replace("Opposition : 4", "Opposition : 3");
        let f = findings_of(&short, "V8");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message.contains("groupe Majorité 11 + groupe Opposition 3 = 14, total annoncé 15"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn abstentions_counted_as_expressed_are_named_so() {
        let doc = Doc::commune()
            .vote("à main levée par : 13 voix pour - 0 voix contre - 2 abstentions (suffrages exprimés : 15)")
            .text();
        let f = findings_of(&doc, "V1");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("abstentions comptées comme suffrages exprimés"), "{}", f[0].message);
    }

    #[test]
    fn more_votes_than_voters_is_an_error_fewer_a_warning() {
        let more = Doc::commune().roll(15, 10, 2).vote("par : 14 voix pour - 0 voix contre - 0 abstention").text();
        assert_eq!(findings_of(&more, "V3")[0].severity, "error");
        let fewer = Doc::commune().vote("par : 12 voix pour - 0 voix contre - 0 abstention").text();
        assert_eq!(findings_of(&fewer, "V3")[0].severity, "warning");
    }
}
