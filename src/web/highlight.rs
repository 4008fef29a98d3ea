//! A record's text with its extracted facts and its findings' evidence marked where they
//! stand. Spans may overlap (a finding's evidence inside a vote, a member inside the
//! session's sentence): the text is cut at every span end, and each piece is marked once
//! with every span that covers it, so the HTML never nests or crosses tags.

use serde::Serialize;

use super::html::{escape, tr};
use crate::messages::Lang;
use crate::model::{Finding, Record, Span};

/// One highlighted span and what it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mark {
    pub span: Span,
    /// `fact`, or `finding` for a finding's evidence.
    pub kind: &'static str,
    /// `info`, `warning` or `error`, for findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// The finding's number on the page (its evidence's anchor is `evidence-N`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finding: Option<usize>,
    /// What it is, for the reader (the mark's tooltip).
    pub label: String,
}

impl Mark {
    fn fact(span: Span, label: String) -> Mark {
        Mark { span, kind: "fact", severity: None, finding: None, label }
    }
}

/// The parts of the text a deliberation's page shows: the session's header, the item
/// itself and what follows the last item (stamps, signatures), not the other items of a
/// compte rendu. The whole text for a document without deliberations.
pub fn excerpt(record: &Record, item: Option<usize>) -> Vec<Span> {
    let len = record.text.as_deref().map_or(0, str::len);
    let Some(this) = item.and_then(|i| record.deliberations.get(i)) else {
        return vec![[0, len]];
    };
    let first = record.deliberations.iter().map(|d| d.span[0]).min().unwrap_or(0);
    let last = record.deliberations.iter().map(|d| d.span[1]).max().unwrap_or(len);
    let mut ranges: Vec<Span> =
        [[0, first], this.span, [last, len]].into_iter().map(|[a, b]| [a.min(len), b.min(len)]).collect();
    ranges.retain(|[a, b]| a < b);
    ranges.sort();
    let mut merged: Vec<Span> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r[0] <= last[1] => last[1] = last[1].max(r[1]),
            _ => merged.push(r),
        }
    }
    merged
}

/// Every fact of the record that belongs to the page of `item` (the document's own, and
/// the item's vote and references), then the evidence of `findings` numbered from 1.
pub fn marks(record: &Record, item: Option<usize>, findings: &[&Finding], lang: Lang) -> Vec<Mark> {
    let fr = lang == Lang::Fr;
    let mut out = Vec::new();
    let mut fact = |span: Option<Span>, label: String| {
        if let Some(span) = span {
            out.push(Mark::fact(span, label));
        }
    };
    let c = &record.collectivity;
    fact(c.span, format!("{} : {}", tr(lang, "collectivité", "collectivity"), c.name.as_deref().unwrap_or("?")));
    let s = &record.session;
    fact(s.span, format!("{} : {}", tr(lang, "séance", "session"), s.date.as_deref().unwrap_or("?")));
    let f = &s.formalities;
    fact(f.quorum_declared, tr(lang, "quorum déclaré atteint", "quorum declared").into());
    fact(f.urgency, tr(lang, "convocation en urgence", "urgent convocation").into());
    fact(f.second_convocation, tr(lang, "deuxième convocation", "second convocation").into());
    fact(f.certification, tr(lang, "certification (pour extrait conforme)", "certification").into());
    fact(f.appeal, tr(lang, "mention des voies de recours", "appeal mention").into());
    for sig in &f.signatures {
        fact(Some(sig.span), format!("{} ({}) : {}", tr(lang, "signature", "signature"), sig.role, sig.name));
    }
    for residue in &f.template_residue {
        fact(Some(*residue), tr(lang, "reste d'un modèle", "template residue").into());
    }
    for (body, span) in &f.deciding_bodies {
        fact(Some(*span), format!("{} : {body}", tr(lang, "organe qui délibère", "deciding body")));
    }
    for m in &record.attendance.members {
        let mut label =
            format!("{} : {} — {}", tr(lang, "membre", "member"), m.name, super::html::status_label(&m.status, lang));
        if let Some(holder) = &m.proxy_to {
            label.push_str(&if fr { format!(", pouvoir à {holder}") } else { format!(", proxy to {holder}") });
        }
        fact(m.span, label);
    }
    for mention in &record.transmission.mentions {
        let date = mention.date.as_deref().unwrap_or(tr(lang, "non remplie", "left blank"));
        fact(Some(mention.span), format!("{} : {date}", mention_label(&mention.role, lang)));
    }
    if let Some(d) = item.and_then(|i| record.deliberations.get(i)) {
        fact(d.votes.span, tr(lang, "vote", "vote").into());
        for group in &d.votes.by_group {
            fact(Some(group.span), format!("{} : {}", tr(lang, "vote du groupe", "group vote"), group.group));
        }
        for r in &d.references {
            fact(Some(r.span), format!("{} : {}", crate::messages::reference_kind(&r.kind, lang), r.text));
        }
    }
    for (n, finding) in findings.iter().enumerate() {
        if let Some(span) = finding.span {
            out.push(Mark {
                span,
                kind: "finding",
                severity: Some(finding.severity.clone()),
                finding: Some(n + 1),
                label: format!("{} {} : {}", finding.rule, finding.severity.to_uppercase(), finding.message),
            });
        }
    }
    out
}

fn mention_label(role: &str, lang: Lang) -> &'static str {
    match role {
        "prefecture_stamp" => tr(lang, "tampon de la préfecture", "prefecture stamp"),
        "prefecture" => tr(lang, "transmission en préfecture", "sent to the prefecture"),
        "publication" => tr(lang, "publication", "publication"),
        "display" => tr(lang, "affichage", "display"),
        _ => tr(lang, "date de formalité", "formality date"),
    }
}

/// Whether `span` shows on the page: it meets one of the `ranges`.
pub fn shown(span: Span, ranges: &[Span]) -> bool {
    ranges.iter().any(|r| span[0] < r[1] && r[0] < span[1])
}

/// The `ranges` of `text` as HTML, escaped, each piece covered by marks in one `<mark>`
/// whose classes and tooltip sum up every mark covering it; an elision between ranges.
/// A finding's first piece carries the anchor `evidence-N`. Spans past the text or off
/// character boundaries are clamped, never trusted.
pub fn render(text: &str, ranges: &[Span], marks: &[Mark], lang: Lang) -> String {
    let clamp = |i: usize| crate::text::floor_char_boundary(text, i);
    let marks: Vec<(usize, usize, &Mark)> =
        marks.iter().map(|m| (clamp(m.span[0]), clamp(m.span[1]), m)).filter(|(a, b, _)| a < b).collect();
    let mut out = String::with_capacity(text.len() * 2);
    let mut anchored = vec![false; marks.len()];
    for (n, range) in ranges.iter().enumerate() {
        let (start, end) = (clamp(range[0]), clamp(range[1]));
        if n > 0 || start > 0 {
            out.push_str(&format!("<span class=\"elided\">[… {}]</span>\n", tr(lang, "passage omis", "omitted")));
        }
        let mut cuts: Vec<usize> = vec![start, end];
        cuts.extend(marks.iter().flat_map(|(a, b, _)| [*a, *b]).filter(|&i| start < i && i < end));
        cuts.sort_unstable();
        cuts.dedup();
        for piece in cuts.windows(2) {
            let (a, b) = (piece[0], piece[1]);
            let covering: Vec<usize> = (0..marks.len()).filter(|&i| marks[i].0 <= a && b <= marks[i].1).collect();
            if covering.is_empty() {
                out.push_str(&escape(&text[a..b]));
                continue;
            }
            for &i in &covering {
                if let (Some(number), false) = (marks[i].2.finding, anchored[i]) {
                    out.push_str(&format!("<span id=\"evidence-{number}\"></span>"));
                    anchored[i] = true;
                }
            }
            let mut classes: Vec<String> = Vec::new();
            for &i in &covering {
                let m = marks[i].2;
                classes.push(m.kind.to_string());
                if let Some(severity) = &m.severity {
                    classes.push(format!("sev-{severity}"));
                }
            }
            // The gravest severity decides the colour: it comes last in the class list.
            classes.sort_by_key(|c| {
                ["fact", "finding", "sev-info", "sev-warning", "sev-error"].iter().position(|k| k == c)
            });
            classes.dedup();
            let title: Vec<&str> = covering.iter().map(|&i| marks[i].2.label.as_str()).collect();
            out.push_str(&format!(
                "<mark class=\"{}\" title=\"{}\">{}</mark>",
                escape(&classes.join(" ")),
                escape(&title.join(" · ")),
                escape(&text[a..b])
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(span: Span, label: &str) -> Mark {
        Mark::fact(span, label.to_string())
    }

    fn finding(span: Span, n: usize, severity: &str) -> Mark {
        Mark { span, kind: "finding", severity: Some(severity.into()), finding: Some(n), label: format!("finding {n}") }
    }

    #[test]
    fn overlapping_spans_give_flat_marks() {
        let text = "Pour : 12 <b> contre : 0";
        let html = render(text, &[[0, text.len()]], &[mark([0, 13], "vote"), finding([7, 24], 1, "error")], Lang::Fr);
        assert_eq!(
            html,
            "<mark class=\"fact\" title=\"vote\">Pour : </mark><span id=\"evidence-1\"></span>\
             <mark class=\"fact finding sev-error\" title=\"vote · finding 1\">12 &lt;b&gt;</mark>\
             <mark class=\"finding sev-error\" title=\"finding 1\"> contre : 0</mark>"
        );
    }

    #[test]
    fn spans_off_the_text_or_inside_a_letter_are_clamped() {
        let text = "élu";
        // Byte 1 is inside « é »: clamped back to 0; 99 is past the end.
        let html = render(text, &[[0, 99]], &[mark([1, 99], "m"), mark([5, 2], "reversed")], Lang::Fr);
        assert_eq!(html, "<mark class=\"fact\" title=\"m\">élu</mark>");
    }

    #[test]
    fn parts_not_shown_are_elided() {
        let html = render("header item other tail", &[[0, 6], [7, 11], [18, 22]], &[], Lang::En);
        assert_eq!(
            html,
            "header<span class=\"elided\">[… omitted]</span>\nitem<span class=\"elided\">[… omitted]</span>\ntail"
        );
        assert!(shown([8, 9], &[[7, 11]]) && !shown([12, 17], &[[7, 11], [18, 22]]));
    }
}
