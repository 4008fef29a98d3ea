//! Items: where each deliberation of a document starts and ends. An *extrait* holds one
//! deliberation (one « DÉLIBÉRATION n° … » heading); a *compte rendu* lists several,
//! each under its own heading (« 1. », « II - », « Point n°3 : », or several numbered
//! « Délibération n° … » headings). Heading phrasings come from patterns/items.toml.

use crate::extract::attendance::stated_totals;
use crate::extract::identity::{Identity, NumberHeading, clean_title};
use crate::extract::votes::VoteReader;
use crate::extract::{group, votes};
use crate::model::{ItemAttendance, RollChange, Span};
use crate::patterns::Patterns;

/// One deliberation's place in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub number: Option<String>,
    pub number_as_written: Option<String>,
    /// The item's place in a compte rendu as its heading writes it (« 1 », « II »).
    pub ordinal: Option<String>,
    pub title: Option<String>,
    pub span: Span,
    /// Where this item's votes and references are looked for: its span in a compte
    /// rendu, the whole text in an extrait (which may state its vote above its object).
    pub search: Span,
}

fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind('\n').map_or(0, |i| i + 1)
}

/// The paragraph just before `pos` when it reads as a heading (short, no sentence end):
/// the Pas-de-Calais writes its object above « (N°2022-394) ».
fn heading_paragraph_before(text: &str, pos: usize) -> Option<(String, usize)> {
    let paragraph = |end: usize| -> Option<(&str, usize)> {
        let before = text[..end].trim_end();
        let start = before.rfind("\n\n").map_or(0, |i| i + 2);
        let para = before[start..].trim();
        let is_heading = !para.is_empty()
            && para.len() <= 400
            && !para.ends_with(['.', ';', ','])
            && para.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase() || para.len() < 200);
        is_heading.then_some((para, start))
    };
    let (para, start) = paragraph(pos)?;
    // A heading in capitals that a PDF split in two paragraphs (« … RELATIVE À » /
    // « L'ENVIRONNEMENT … »): the upper half ends on a word that cannot end a title.
    if let Some((above, above_start)) = paragraph(start).filter(|_| start > 0) {
        let last = above.rsplit(' ').next().unwrap_or("");
        let dangling = matches!(
            crate::text::fold(last).as_str(),
            "a" | "de"
                | "du"
                | "des"
                | "la"
                | "le"
                | "les"
                | "et"
                | "au"
                | "aux"
                | "pour"
                | "sur"
                | "relative"
                | "relatif"
                | "portant"
        );
        if dangling && above.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) {
            return Some((clean_title(&format!("{above} {para}")), above_start));
        }
    }
    Some((clean_title(para), start))
}

/// What follows the number on its heading line (« Délibération n° 2023- 57 - Titre »).
fn title_on_heading_line(text: &str, line: Span, number_end_hint: &str) -> Option<String> {
    let line_text = &text[line[0]..line[1]];
    let after = line_text.split_once(number_end_hint).map(|(_, rest)| rest)?;
    let t = after.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | ')' | '.'));
    let t = clean_title(t);
    (t.chars().filter(|c| c.is_alphabetic()).count() >= 3).then_some(t)
}

struct Heading {
    number: String,
    title: Option<String>,
    start: usize,
}

fn item_headings(text: &str, patterns: &Patterns) -> Vec<Heading> {
    let mut all: Vec<Heading> = Vec::new();
    for rule in patterns.rules("item.heading") {
        for caps in rule.regex.captures_iter(text) {
            let number = group(&caps, "number").unwrap().as_str().to_string();
            let title = caps.name("title").map(|t| clean_title(t.as_str())).filter(|t| !t.is_empty());
            let start = line_start(text, caps.get(0).unwrap().start());
            if all.iter().all(|h| h.start != start) {
                all.push(Heading { number, title, start });
            }
        }
    }
    all.sort_by_key(|h| h.start);
    // An agenda (« Ordre du jour ») lists the items before they are treated: a run of
    // headings on consecutive lines whose numbers all come again later. Its titles are
    // often the fuller ones (« PADD (Plan d'Aménagement…) » above « PADD. »).
    let mut agenda_titles: Vec<(String, String)> = Vec::new();
    let mut in_agenda = vec![false; all.len()];
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while j + 1 < all.len() && text[all[j].start..all[j + 1].start].lines().count() <= 1 {
            j += 1;
        }
        let later = |n: &str| all[j + 1..].iter().any(|h| h.number == n);
        if j > i && all[i..=j].iter().all(|h| later(&h.number)) {
            for k in i..=j {
                in_agenda[k] = true;
                if let Some(t) = &all[k].title {
                    agenda_titles.push((all[k].number.clone(), t.clone()));
                }
            }
        }
        i = j + 1;
    }
    // Items come in order: a heading whose number does not follow the last one kept is
    // a list inside an item (« 1 DEVIS … » under « 6 Questions diverses »).
    let mut out: Vec<Heading> = Vec::new();
    for (h, agenda) in all.into_iter().zip(in_agenda) {
        let follows = out.last().is_none_or(|last| ordinal_value(&h.number) > ordinal_value(&last.number));
        if agenda || !follows {
            continue;
        }
        out.push(h);
    }
    for h in &mut out {
        for (n, t) in &agenda_titles {
            if *n == h.number && h.title.as_ref().is_none_or(|own| t.len() > own.len()) {
                h.title = Some(t.clone());
            }
        }
    }
    out
}

/// The value of an item's ordinal (« 3 », « III »), to check that items come in order.
fn ordinal_value(s: &str) -> u32 {
    if let Ok(n) = s.parse() {
        return n;
    }
    let digit = |c| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        _ => 0,
    };
    let values: Vec<i64> = s.chars().map(digit).collect();
    // Subtractive notation: a digit before a larger one counts negatively (IV = 4).
    let total: i64 =
        values.iter().enumerate().map(|(i, &v)| if values.get(i + 1).is_some_and(|&n| n > v) { -v } else { v }).sum();
    total.max(0) as u32
}

/// The object stated inside an item (« Objet : … »), when its heading line has none.
fn title_inside(text: &str, span: Span, patterns: &Patterns) -> Option<String> {
    let inner = &text[span[0]..span[1]];
    patterns
        .rules("title")
        .iter()
        .filter_map(|r| r.regex.captures(inner).and_then(|c| c.name("title")))
        .min_by_key(|m| m.start())
        .map(|t| clean_title(t.as_str()))
        .filter(|t| !t.is_empty())
}

fn number_fields(h: &NumberHeading) -> (Option<String>, Option<String>) {
    (Some(h.number.clone()), (h.as_written != h.number).then(|| h.as_written.clone()))
}

/// Items opened by ordinal headings (« 1. », « II - », « Point n°3 : »); the deliberation
/// number, when an item states one (« Délibération n° 2021-03 »), is read inside it.
fn ordinal_segments(text: &str, headings: &[Heading], numbers: &[NumberHeading], patterns: &Patterns) -> Vec<Segment> {
    let end = text.len();
    headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let span = [h.start, headings.get(i + 1).map_or(end, |n| n.start)];
            let inner = numbers.iter().find(|n| n.span[0] >= span[0] && n.span[0] < span[1]);
            let (number, number_as_written) = inner.map(number_fields).unwrap_or_default();
            let title = h
                .title
                .clone()
                .or_else(|| inner.and_then(|n| title_on_heading_line(text, n.span, &n.as_written)))
                .or_else(|| title_inside(text, span, patterns));
            Segment { number, number_as_written, ordinal: Some(h.number.clone()), title, span, search: span }
        })
        .collect()
}

/// Cuts the text into deliberations: by headings, then, in a compte rendu without
/// deliberation numbers, one deliberation per vote (Couthenans votes the accounts, the
/// budget and the tax rates one after the other under « 1/ Présentation du budget »).
pub fn segment(votes: &VoteReader, identity: &Identity) -> Vec<Segment> {
    let (text, patterns) = (votes.text, votes.patterns);
    let segments = segment_by_headings(votes, identity);
    if !identity.numbers.is_empty() || !is_minutes(text, &segments, patterns) {
        return segments;
    }
    segments.into_iter().flat_map(|s| split_on_votes(votes, s)).collect()
}

/// A compte rendu / procès-verbal (several items, or says so in its first lines), as
/// opposed to an extrait, whose vote may be stated twice (roll and decision).
fn is_minutes(text: &str, segments: &[Segment], patterns: &Patterns) -> bool {
    let head = &text[..crate::text::floor_char_boundary(text, 2000)];
    segments.len() >= 2 || patterns.rules("minutes_marker").iter().any(|r| r.regex.is_match(head))
}

/// One segment per vote when a segment holds several.
fn split_on_votes(votes: &VoteReader, seg: Segment) -> Vec<Segment> {
    let text = votes.text;
    let anchors = votes::vote_anchors(votes, seg.search);
    if anchors.len() < 2 {
        return vec![seg];
    }
    let line_end = |pos: usize| text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
    let mut starts = vec![seg.span[0]];
    starts.extend(anchors[..anchors.len() - 1].iter().map(|a| line_end(a[1]).min(seg.span[1])));
    // Each part starts where the previous one did at the earliest (a vote spanning lines
    // can end past the next one's start).
    for i in 1..starts.len() {
        starts[i] = starts[i].max(starts[i - 1]);
    }
    starts
        .iter()
        .enumerate()
        .map(|(i, &start)| {
            let end = starts.get(i + 1).copied().unwrap_or(seg.span[1]);
            let skip_heading = i == 0 && seg.ordinal.is_some();
            let own = vote_title(text, anchors[i], [start, end], skip_heading);
            let title = match (&seg.title, own) {
                (Some(parent), Some(own)) => Some(format!("{parent} — {own}")),
                (parent, own) => own.or_else(|| parent.clone()),
            };
            Segment { title, span: [start, end], search: [start, end], ..seg.clone() }
        })
        .collect()
}

/// What a vote is about: the words before it on its line (« DM1 pour budget communal
/// approuvé : Vote : 14 pour »), a label line just above it (« Vote des comptes de
/// gestion 2020 : »), else the first line of its part of the item.
fn vote_title(text: &str, anchor: Span, part: Span, skip_heading: bool) -> Option<String> {
    // The words that announce a vote are not what it is about.
    let tidy = |s: &str| {
        let mut t = clean_title(s);
        loop {
            let trimmed = t.trim_end_matches(|c: char| c == ':' || c == '-' || c.is_whitespace());
            let last = trimmed.rsplit(' ').next().unwrap_or("");
            let announce = matches!(
                crate::text::fold(last).as_str(),
                "vote" | "adopte" | "adoptee" | "adoption" | "approuve" | "approuvee" | "a" | "resultat" | "du"
            );
            let cut = if announce { trimmed.len() - last.len() } else { trimmed.len() };
            let next = trimmed[..cut].to_string();
            if next == t {
                break;
            }
            t = next;
        }
        (t.chars().filter(|c| c.is_alphabetic()).count() >= 3).then_some(t)
    };
    // The vote may start before this part (it began on the previous part's last line).
    let anchor_start = anchor[0].clamp(part[0], part[1]);
    let line_start = text[..anchor_start].rfind('\n').map_or(0, |i| i + 1).max(part[0]);
    if let Some(t) = tidy(&text[line_start..anchor_start]) {
        return Some(t);
    }
    let above = text[part[0]..line_start].lines().rev().map(str::trim).find(|l| !l.is_empty());
    if let Some(label) = above.filter(|l| l.ends_with(':') || crate::text::fold(l).starts_with("vote")) {
        return tidy(label);
    }
    let mut lines = text[part[0]..anchor_start].lines().map(str::trim).filter(|l| !l.is_empty());
    if skip_heading {
        lines.next();
    }
    lines.next().and_then(tidy)
}

fn segment_by_headings(reader: &VoteReader, identity: &Identity) -> Vec<Segment> {
    let (text, patterns) = (reader.text, reader.patterns);
    let end = text.len();
    let numbers = &identity.numbers;
    let distinct: std::collections::BTreeSet<&str> = numbers.iter().map(|n| n.number.as_str()).collect();
    let headings = item_headings(text, patterns);
    if headings.len() >= 2 {
        let segments = ordinal_segments(text, &headings, numbers, patterns);
        // Ordinal headings are the items when no item holds two deliberation numbers and,
        // without numbers to confirm them, when at least two items show a vote (numbered
        // paragraphs inside one deliberation are not items).
        let numbered = segments.iter().filter(|s| s.number.is_some()).count();
        let confirmed = if distinct.len() >= 2 {
            numbered == distinct.len()
        } else {
            distinct.is_empty()
                && segments.iter().filter(|s| !votes::extract_votes(reader, s.search).is_empty()).count() >= 2
        };
        if confirmed {
            return segments;
        }
    }
    if distinct.len() >= 2 {
        return numbers
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let span = [h.span[0], numbers.get(i + 1).map_or(end, |n| n.span[0])];
                let title =
                    title_on_heading_line(text, h.span, &h.as_written).or_else(|| title_inside(text, span, patterns));
                let (number, number_as_written) = number_fields(h);
                Segment { number, number_as_written, ordinal: None, title, span, search: span }
            })
            .collect();
    }
    if let Some(h) = numbers.first() {
        let mut start = h.span[0];
        let mut title = identity.title.as_ref().map(|(t, _)| t.clone());
        if let Some((_, span)) = &identity.title {
            start = start.min(line_start(text, span[0]));
        }
        if title.is_none() {
            title = title_on_heading_line(text, h.span, &h.as_written);
        }
        if title.is_none()
            && let Some((t, para_start)) = heading_paragraph_before(text, h.span[0])
        {
            title = Some(t);
            start = start.min(para_start);
        }
        let (number, number_as_written) = number_fields(h);
        return vec![Segment { number, number_as_written, ordinal: None, title, span: [start, end], search: [0, end] }];
    }
    let (title, start) = match &identity.title {
        Some((t, span)) => (Some(t.clone()), line_start(text, span[0])),
        None => (None, 0),
    };
    vec![Segment { number: None, number_as_written: None, ordinal: None, title, span: [start, end], search: [0, end] }]
}

/// What changed in the roll for this item: members not voting, arrivals and departures,
/// totals restated for it. `None` when the session roll applies unchanged.
pub fn item_attendance(
    text: &str,
    seg: &Segment,
    first_vote_at: Option<usize>,
    patterns: &Patterns,
) -> Option<ItemAttendance> {
    let not_voting = votes::not_voting_names(text, seg.search, patterns);
    let slice = &text[seg.search[0]..seg.search[1]];
    let mut changes: Vec<(usize, RollChange)> = Vec::new();
    for rule in patterns.rules("item.roll_change") {
        let change = rule.value.clone().unwrap_or_default();
        for caps in rule.regex.captures_iter(slice) {
            if let Some(name) = group(&caps, "name") {
                changes.push((
                    name.start(),
                    RollChange {
                        member: crate::text::collapse_spaces(name.as_str()),
                        change: change.clone(),
                        proxy_to: None,
                    },
                ));
            }
        }
    }
    changes.sort_by_key(|(pos, _)| *pos);
    // Totals restated for the item: after the session's own roll, which ends where the
    // document's first vote starts.
    let from = seg.span[0].max(first_vote_at.unwrap_or(seg.span[0]));
    let restated =
        if from < seg.span[1] { stated_totals(text, [from, seg.span[1]], patterns) } else { Default::default() };
    if not_voting.is_empty() && changes.is_empty() && restated.present.is_none() && restated.voters.is_none() {
        return None;
    }
    Some(ItemAttendance {
        present: restated.present,
        proxies: restated.proxies,
        voters: restated.voters,
        not_voting,
        changes: changes.into_iter().map(|(_, c)| c).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::identity::extract_identity;

    fn segments(text: &str) -> Vec<Segment> {
        let p = Patterns::embedded();
        segment(&VoteReader::new(text, &p), &extract_identity(text, &p))
    }

    #[test]
    fn an_extrait_is_one_item_with_its_title() {
        let text = "DÉLIBÉRATION 2022 – 15\n\nObjet : Approbation de la convention\n\nLe seize juin…\n\nVoix pour : 13";
        let s = segments(text);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].number.as_deref(), Some("2022-15"));
        assert_eq!(s[0].number_as_written.as_deref(), Some("2022 – 15"));
        assert_eq!(s[0].title.as_deref(), Some("Approbation de la convention"));
        assert_eq!(s[0].span, [0, text.len()]);
    }

    #[test]
    fn a_title_above_the_number() {
        let text = "Absent(s) : M. X.\n\nSIGNATURE DE LA CONVENTION DE PARTENARIAT\nRELATIVE À L'ENT\n\n(N°2022-394)\n\nLa Commission Permanente,";
        let s = segments(text);
        assert_eq!(s[0].title.as_deref(), Some("SIGNATURE DE LA CONVENTION DE PARTENARIAT RELATIVE À L'ENT"));
        assert_eq!(&text[s[0].span[0]..s[0].span[0] + 9], "SIGNATURE");
    }

    #[test]
    fn a_compte_rendu_with_an_agenda_has_one_item_per_number() {
        let text = "Ordre du jour :\n\nI      Convention de mise à disposition de personnel.\nII     PADD (Plan d'Aménagement).\nIII    Questions diverses.\n\nI      Convention de mise à disposition.\n\n       ADOPTÉ à l'unanimité.\n\nII     PADD.\n\n       ADOPTÉ 9 voix pour, 5 abstentions.\n\nIII    Questions diverses.\n\n       Rien.\n";
        let s = segments(text);
        let got: Vec<(Option<&str>, Option<&str>)> =
            s.iter().map(|s| (s.ordinal.as_deref(), s.title.as_deref())).collect();
        assert_eq!(
            got,
            [
                (Some("I"), Some("Convention de mise à disposition de personnel")),
                (Some("II"), Some("PADD (Plan d'Aménagement)")),
                (Some("III"), Some("Questions diverses"))
            ]
        );
        assert!(text[s[1].span[0]..s[1].span[1]].contains("9 voix pour"));
    }

    #[test]
    fn a_vote_starting_before_its_part_does_not_panic() {
        // OCR of a Flaux register: a vote block ran over the line where the next part
        // starts, which once sliced the text backwards.
        let text = "Vote A : 12 pour\n3 contre\nVote B : 11 pour 2 contre";
        for (anchor, part) in [([9, 26], [26, text.len()]), ([0, 5], [17, 26]), ([30, 40], [17, 26])] {
            assert!(vote_title(text, anchor, part, false).is_none_or(|t| !t.is_empty()));
        }
    }

    #[test]
    fn roman_ordinals_keep_their_order() {
        assert_eq!(["I", "II", "III", "IV", "V", "IX", "XIV", "XL"].map(ordinal_value), [1, 2, 3, 4, 5, 9, 14, 40]);
    }

    #[test]
    fn numbered_paragraphs_of_one_deliberation_are_not_items() {
        let text = "Objet : Tarifs\n\n1. Approuve les tarifs\n2. Autorise le maire\n\nAdopté à l'unanimité.";
        assert_eq!(segments(text).len(), 1);
    }

    #[test]
    fn an_item_with_its_own_roll() {
        let p = Patterns::embedded();
        let text = "1. Budget\nPour : 15, contre : 0\n2. Tarifs\nM. Jean DUPONT quitte la séance. (Présents : 12 – Votants : 14)\nM. Paul MARTIN ne prend pas part au vote.\nPour : 13, contre : 0";
        let s = segments(text);
        assert_eq!(s.len(), 2);
        let first_vote = votes::first_vote_start(&VoteReader::new(text, &p), s[0].span);
        assert_eq!(item_attendance(text, &s[0], first_vote, &p), None);
        let a = item_attendance(text, &s[1], first_vote, &p).unwrap();
        assert_eq!((a.present, a.voters), (Some(12), Some(14)));
        assert_eq!(a.not_voting, ["Paul MARTIN"]);
        assert_eq!(a.changes[0].member, "Jean DUPONT");
        assert_eq!(a.changes[0].change, "leaves");
    }
}
