//! Extraction: from normalized text to facts, each with its span. Every extractor is a
//! pure function of the text and the compiled patterns (`&str` in, facts out), so each
//! can be tested alone and run on any thread.
//!
//! Order matters only through explicit inputs: items are segmented first, then each
//! item's votes and references are read inside its span; the roll and the dates are
//! read over the whole document.

pub mod attendance;
pub mod dates;
pub mod formalities;
pub mod identity;
pub mod items;
pub mod references;
pub mod spans;
pub mod votes;

use regex::Captures;

use crate::model::{Attendance, Collectivity, Deliberation, ItemAttendance, Session, Span, Transmission, Votes};
use crate::patterns::Patterns;

/// Everything extracted from one document's normalized text.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    pub collectivity: Collectivity,
    pub body: Option<String>,
    pub session: Session,
    pub attendance: Attendance,
    pub deliberations: Vec<Deliberation>,
    pub transmission: Transmission,
    /// Extractors that could not run to the end, for a `partial` status.
    pub notes: Vec<String>,
}

/// The text of the first group named `base`, `base2`, `base3` that took part in the
/// match: the regex crate forbids one name twice, so alternatives number their groups.
pub fn group<'t>(caps: &Captures<'t>, base: &str) -> Option<regex::Match<'t>> {
    caps.name(base).or_else(|| caps.name(&format!("{base}2"))).or_else(|| caps.name(&format!("{base}3")))
}

/// Runs every extractor over a normalized text.
pub fn extract(text: &str, patterns: &Patterns) -> Extracted {
    let all_dates = dates::find_dates(text, patterns);
    // Every reference of the whole text, read once: the date roles leave the dates inside
    // them out, and each item takes those that start inside its search span (a mention
    // running over an item's edge is read whole).
    let whole = [0, text.len()];
    let references_in_whole = references::raw_references(text, whole, patterns);
    let roles = dates::assign_roles(text, &all_dates, &references_in_whole, patterns);
    let identity = identity::extract_identity(text, patterns);
    let roll = attendance::extract_roll(text, patterns);
    // No council vote counts more than the members in office (the roll's statement, else
    // twice the members listed, since a roll may list only who came).
    let in_office = attendance::stated_total(text, [0, text.len()], patterns, "in_office");
    let max_count = in_office.or_else(|| roll.counted.and_then(|c| c.in_office).map(|n| n * 2));
    let reader = votes::VoteReader::new(text, patterns).with_max_count(max_count);
    let segments = items::segment(&reader, &identity);
    let first_vote_at = segments.iter().filter_map(|s| votes::first_vote_start(&reader, s.search)).min();
    let stated = attendance::merge_totals(
        attendance::stated_totals(text, [0, first_vote_at.unwrap_or(text.len())], patterns),
        roll.table_totals,
    );

    let mut deliberations = Vec::with_capacity(segments.len());
    for seg in &segments {
        let mut votes = votes::extract_votes(&reader, seg.search);
        // A heading's own number (« DÉLIBÉRATION 2018-27 ») is not a reference.
        let raw_references = references::within(&references_in_whole, seg.search);
        let references: Vec<_> = references::first_mentions(raw_references)
            .into_iter()
            .filter(|r| !identity.numbers.iter().any(|h| r.span[0] >= h.span[0] && r.span[1] <= h.span[1]))
            .collect();
        let item_attendance = items::item_attendance(text, seg, first_vote_at, patterns);
        fill_unanimous_for(&mut votes, item_attendance.as_ref(), &stated, &roll.counted);
        deliberations.push(Deliberation {
            number: seg.number.clone(),
            ordinal: seg.ordinal.clone(),
            title: seg.title.clone(),
            votes,
            attendance: item_attendance,
            references,
            span: seg.span,
            number_as_written: seg.number_as_written.clone(),
        });
    }

    let mut session = Session {
        date: roles.session.as_ref().map(|d| d.date.iso()),
        time: roles.time.clone(),
        place: identity.place.clone(),
        convocation_date: roles.convocation.as_ref().map(|d| d.date.iso()),
        president: identity.president.clone(),
        secretary: identity.secretary.clone(),
        weekday: roles.session.as_ref().and_then(|d| d.weekday.clone()),
        span: roles.session.as_ref().map(|d| d.span),
        formalities: Default::default(),
    };
    let votes_end = deliberations.iter().filter_map(|d| d.votes.span.map(|s| s[1])).max();
    session.formalities = formalities::extract_formalities(text, &deliberations, votes_end, patterns);
    if session.date.is_none() {
        session.weekday = None;
    }
    let mut collectivity = identity.collectivity.clone();
    if collectivity.siren.is_none() {
        collectivity.siren = identity.acte_id.as_deref().and_then(siren_of_acte_id);
    }
    Extracted {
        collectivity,
        body: identity.body.clone(),
        session,
        attendance: Attendance {
            members: roll.members,
            stated,
            counted: roll.counted,
            non_voting_attendees: roll.non_voting_attendees,
        },
        deliberations,
        transmission: Transmission {
            prefecture_date: roles.prefecture_date(),
            publication_date: roles.publication_date(),
            display_date: roles.display_date(),
            acte_id: identity.acte_id.clone(),
            mentions: roles.mentions.clone(),
        },
        notes: Vec::new(),
    }
}

/// « à l'unanimité » fills `for` from the voters when they are known and nobody is said
/// to have abstained or stayed out; an « unanimité des suffrages exprimés » may hide
/// abstentions, so it fills nothing.
fn fill_unanimous_for(
    votes: &mut Votes,
    item: Option<&ItemAttendance>,
    stated: &crate::model::Totals,
    counted: &Option<crate::model::Totals>,
) {
    if !votes.unanimous || votes.for_.is_some() {
        return;
    }
    let of_expressed = votes.unanimity_text.as_deref().is_some_and(|t| crate::text::fold(t).contains("exprime"));
    if of_expressed || votes.abstention.is_some_and(|a| a > 0) || votes.not_voting.is_some_and(|n| n > 0) {
        return;
    }
    let voters = votes
        .voters
        .or_else(|| item.and_then(|i| i.voters))
        .or(stated.voters)
        .or_else(|| counted.and_then(|c| c.voters));
    votes.for_ = voters;
}

/// The SIREN inside an @ctes identifier (`059-200039386-…`), when its form is right.
pub fn siren_of_acte_id(id: &str) -> Option<String> {
    let siren = id.split('-').nth(1)?;
    (siren.len() == 9 && siren.bytes().all(|b| b.is_ascii_digit())).then(|| siren.to_string())
}

/// The line that holds byte `pos`, as a span.
pub fn line_span(text: &str, pos: usize) -> Span {
    let start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
    [start, end]
}

/// Normalizes a deliberation number: no spaces, ASCII hyphen (« 2022 – 15 » → « 2022-15 »).
pub fn normalize_number(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            c if c.is_whitespace() => {}
            '–' | '—' | '‐' | '‑' => out.push('-'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cited(d: &Deliberation) -> Vec<String> {
        d.references.iter().map(|r| format!("{}|{}", r.kind, r.number.as_deref().unwrap_or(""))).collect()
    }

    #[test]
    fn each_item_has_the_references_made_inside_it() {
        let text = "Ordre du jour :\n\nI      Convention de mise à disposition de personnel.\nII     PADD.\n\n\
            I      Convention de mise à disposition.\n\n       Vu la délibération n°2022-173 du 16/05/2022,\n\n       \
            ADOPTÉ à l'unanimité.\n\nII     PADD.\n\n       Vu la loi n° 2013-595 du 8 juillet 2013,\n       Vu la \
            délibération n°2022-173 du 16/05/2022,\n\n       ADOPTÉ 9 voix pour, 5 abstentions.\n";
        let extracted = extract(text, &Patterns::embedded());
        let items: Vec<Vec<String>> = extracted.deliberations.iter().map(cited).collect();
        assert_eq!(
            items,
            [vec!["deliberation|2022-173"], vec!["law|2013-595", "deliberation|2022-173"]],
            "read once over the text, each reference goes to the item it is made in, and only there"
        );
    }
}
