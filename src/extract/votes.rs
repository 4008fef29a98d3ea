//! Votes of one deliberation: the counts (pour, contre, abstentions, exprimés, votants…),
//! unanimity, how the vote was taken and its outcome. Counts that stand close together
//! form a vote block; the first block of an item is its vote. Phrasings come from
//! patterns/votes.toml.

use std::cell::RefCell;

use crate::extract::group;
use crate::model::{GroupVote, Span, Votes};
use crate::numbers::parse_number;
use crate::patterns::Patterns;
use crate::text::floor_char_boundary;

/// One count found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    pub field: String,
    pub n: u32,
    pub span: Span,
    pub weak: bool,
    /// The label comes before the number (« Pour : 15 »): when two readings overlap, this
    /// one is the document's layout, the other a number borrowed from the neighbour.
    pub label_first: bool,
}

/// The fields that make a vote (the others only complete one).
const CORE: [&str; 3] = ["for", "against", "abstention"];

/// Counts closer than this (in bytes) belong to the same block.
const BLOCK_GAP: usize = 160;

pub fn find_tallies(text: &str, span: Span, patterns: &Patterns) -> Vec<Tally> {
    let slice = &text[span[0]..span[1]];
    let mut found = Vec::new();
    for rule in patterns.rules("vote.tally") {
        let Some(field) = rule.value.clone() else {
            continue;
        };
        for caps in rule.regex.captures_iter(slice) {
            let Some(m) = group(&caps, "n") else { continue };
            let Some(n) = parse_number(m.as_str()) else {
                continue;
            };
            let whole = caps.get(0).unwrap();
            // A group named `after` is context that ends the count before it.
            let end = caps.name("after").map_or(whole.end(), |a| a.start());
            found.push(Tally {
                field: field.clone(),
                n,
                span: [span[0] + whole.start(), span[0] + end],
                weak: rule.weak,
                label_first: m.end() == end,
            });
        }
    }
    // Strong before weak, label-first before number-first, then text order; keep what
    // overlaps nothing already kept.
    crate::extract::spans::keep_non_overlapping(
        found,
        |t| t.span,
        |a, b| (a.weak, !a.label_first, a.span[0]).cmp(&(b.weak, !b.label_first, b.span[0])),
    )
}

/// Groups counts into blocks; a block with no strong count of pour/contre/abstention is
/// not a vote (a lone « Nombre de votants » belongs to the roll), and a weak count is
/// kept only in a block that a strong one makes a vote.
fn blocks(text: &str, tallies: &[Tally]) -> Vec<Vec<Tally>> {
    let mut out: Vec<Vec<Tally>> = Vec::new();
    for t in tallies {
        match out.last_mut() {
            // A field counted twice starts the next vote (« 15 pour. … 15 pour. »).
            Some(block)
                if gap_len(&text[block.last().unwrap().span[1]..t.span[0]]) <= BLOCK_GAP
                    && !block.iter().any(|b| b.field == t.field) =>
            {
                block.push(t.clone())
            }
            _ => out.push(vec![t.clone()]),
        }
    }
    out.retain(|b| b.iter().any(|t| !t.weak && CORE.contains(&t.field.as_str())));
    out
}

/// The length of the text between two counts, less what stands in parentheses: a
/// count may be followed by the list of groups that gave it (« Pour : 43 voix (Groupe
/// Socialiste ; Groupe Communiste ; …) Contre : 0 voix »).
fn gap_len(gap: &str) -> usize {
    let mut depth = 0usize;
    let mut len = 0;
    for c in gap.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => len += c.len_utf8(),
            _ => {}
        }
    }
    len
}

/// Reads the votes of one document: its text, the patterns, and the largest count a
/// council vote can have there (the members in office). Above it, « Pour : 49 /
/// Contre : 33 » is a poll of residents reported in the minutes, not a vote.
#[derive(Debug, Clone)]
pub struct VoteReader<'a> {
    pub text: &'a str,
    pub patterns: &'a Patterns,
    pub max_count: Option<u32>,
    /// The counts found in each span asked for: segmentation, the first vote and the
    /// item's vote read the same spans, and the tally rules are a sixth of extraction.
    tallies: RefCell<Vec<(Span, Vec<Tally>)>>,
}

impl<'a> VoteReader<'a> {
    pub fn new(text: &'a str, patterns: &'a Patterns) -> VoteReader<'a> {
        VoteReader { text, patterns, max_count: None, tallies: RefCell::default() }
    }

    pub fn with_max_count(self, max_count: Option<u32>) -> VoteReader<'a> {
        VoteReader { max_count, ..self }
    }

    /// `find_tallies` over `span`, once per span.
    fn tallies(&self, span: Span) -> Vec<Tally> {
        if let Some((_, found)) = self.tallies.borrow().iter().find(|(s, _)| *s == span) {
            return found.clone();
        }
        let found = find_tallies(self.text, span, self.patterns);
        self.tallies.borrow_mut().push((span, found.clone()));
        found
    }

    fn blocks(&self, tallies: &[Tally]) -> Vec<Vec<Tally>> {
        let mut out = blocks(self.text, tallies);
        if let Some(max) = self.max_count {
            out.retain(|b| {
                b.iter().all(|t| {
                    t.n <= max || !matches!(t.field.as_str(), "for" | "against" | "abstention" | "expressed" | "voters")
                })
            });
        }
        out
    }
}

/// Every vote stated in `span`: each block of counts and each unanimity that stands
/// apart from them, in text order.
pub fn vote_anchors(r: &VoteReader, span: Span) -> Vec<Span> {
    let (text, patterns) = (r.text, r.patterns);
    let tallies = r.tallies(span);
    let mut anchors: Vec<Span> = r.blocks(&tallies).iter().map(|b| [b[0].span[0], b.last().unwrap().span[1]]).collect();
    let slice = &text[span[0]..span[1]];
    let near = |a: &Span, u: &Span| {
        let (lo, hi) = if a[1] <= u[0] { (a[1], u[0]) } else { (u[1], a[0].max(u[1])) };
        hi - lo <= 60 || !text[lo..hi].contains('\n')
    };
    // A unanimity beside a block (« adopté à l'unanimité : 14 pour ») is the same vote.
    for rule in patterns.rules("vote.unanimous") {
        for m in rule.regex.find_iter(slice) {
            let u = [span[0] + m.start(), span[0] + m.end()];
            match anchors.iter_mut().find(|a| near(a, &u)) {
                Some(a) => *a = [a[0].min(u[0]), a[1].max(u[1])],
                None => anchors.push(u),
            }
        }
    }
    anchors.sort_unstable();
    // Two votes on one line are one statement.
    let mut merged: Vec<Span> = Vec::new();
    for a in anchors {
        match merged.last_mut() {
            Some(last) if !text[last[1].min(a[0])..a[0]].contains('\n') => last[1] = last[1].max(a[1]),
            _ => merged.push(a),
        }
    }
    merged
}

/// Where the first vote of `span` starts (a block of counts or a unanimity): the
/// session's roll and its stated totals come before it.
pub fn first_vote_start(r: &VoteReader, span: Span) -> Option<usize> {
    let text = r.text;
    let tallies = r.tallies(span);
    match r.blocks(&tallies).first() {
        // « Nombre de votants » on a line above « Pour » still belongs to the roll;
        // « Votants : 13 - Pour : 13 » on one line is the vote's own.
        Some(block) => {
            let core = block.iter().find(|t| CORE.contains(&t.field.as_str()))?;
            let line_start = text[..core.span[0]].rfind('\n').map_or(0, |i| i + 1);
            let same_line = block.iter().find(|t| t.span[0] >= line_start && t.span[0] < core.span[0]);
            Some(same_line.unwrap_or(core).span[0])
        }
        None => extract_votes(r, span).span.map(|s| s[0]),
    }
}

fn first_in(text: &str, span: Span, patterns: &Patterns, kind: &str) -> Option<(Option<String>, Span)> {
    let slice = &text[span[0]..span[1]];
    patterns
        .rules(kind)
        .iter()
        .filter_map(|r| r.regex.find(slice).map(|m| (r.value.clone(), [span[0] + m.start(), span[0] + m.end()])))
        .min_by_key(|(_, s)| s[0])
}

/// The votes of the deliberation whose text is `span`.
pub fn extract_votes(r: &VoteReader, span: Span) -> Votes {
    let (text, patterns) = (r.text, r.patterns);
    let tallies = r.tallies(span);
    let mut votes = Votes::default();
    let block = r.blocks(&tallies).into_iter().next();
    let mut anchor: Option<Span> = None;
    if let Some(block) = &block {
        // Strong readings first: a weak one only fills a field nobody else did.
        for t in block.iter().filter(|t| !t.weak).chain(block.iter().filter(|t| t.weak)) {
            let slot = match t.field.as_str() {
                "for" => &mut votes.for_,
                "against" => &mut votes.against,
                "abstention" => &mut votes.abstention,
                "expressed" => &mut votes.expressed,
                "voters" => &mut votes.voters,
                "not_voting" => &mut votes.not_voting,
                "absent_without_proxy" => &mut votes.absent_without_proxy,
                "blank" => &mut votes.blank,
                "spoiled" => &mut votes.spoiled,
                _ => continue,
            };
            slot.get_or_insert(t.n);
        }
        anchor = Some([block[0].span[0], block.last().unwrap().span[1]]);
    }
    // Beside counts, only a unanimity next to them is this vote's (« contre ce projet déjà
    // voté à l'unanimité » two lines above « 12 votes pour / 2 abstentions » is not).
    let unanimity_zone = match anchor {
        Some(a) => {
            let from = floor_char_boundary(text, a[0].saturating_sub(200).max(span[0]));
            let to = floor_char_boundary(text, (a[1] + 200).min(span[1]));
            // …and in the same paragraph.
            let from = text[from..a[0]].rfind("\n\n").map_or(from, |i| from + i + 2);
            let to = text[a[1]..to].find("\n\n").map_or(to, |i| a[1] + i);
            [from, to]
        }
        None => span,
    };
    if let Some((_, s)) = first_in(text, unanimity_zone, patterns, "vote.unanimous") {
        votes.unanimous = true;
        votes.unanimity_text = Some(crate::text::collapse_spaces(&text[s[0]..s[1]]));
        if anchor.is_none() {
            // « Nombre de votants : 29 - Adopté à l'unanimité »: the count beside a
            // unanimity is the vote's own.
            let beside = tallies.iter().find(|t| {
                t.field == "voters"
                    && (t.span[1] <= s[0] && s[0] - t.span[1] <= 40 || t.span[0] >= s[1] && t.span[0] - s[1] <= 40)
            });
            anchor = Some(match beside {
                Some(t) => {
                    votes.voters = Some(t.n);
                    [t.span[0].min(s[0]), t.span[1].max(s[1])]
                }
                None => s,
            });
        }
    }
    votes.method = first_in(text, span, patterns, "vote.method").and_then(|(v, _)| v);
    if votes.not_voting.is_none() {
        let names = not_voting_names(text, span, patterns);
        if !names.is_empty() {
            votes.not_voting = Some(names.len() as u32);
        }
    }
    if let Some(anchor) = anchor {
        votes.outcome = outcome_near(text, span, anchor, patterns);
        votes.span = Some(anchor);
        if let Some(block) = &block {
            votes.by_group = group_votes(text, span, anchor, block, patterns);
        }
    }
    votes
}

/// Votes per political group near the vote block: shares written in the parentheses
/// after a count belong to that count; lines of their own say which count they are.
fn group_votes(text: &str, span: Span, anchor: Span, block: &[Tally], patterns: &Patterns) -> Vec<GroupVote> {
    let mut out: Vec<GroupVote> = Vec::new();
    let mut add = |group: &str, field: &str, n: u32, at: Span| {
        let name = crate::text::collapse_spaces(group);
        let i = match out.iter().position(|g| crate::text::fold(&g.group) == crate::text::fold(&name)) {
            Some(i) => i,
            None => {
                out.push(GroupVote { group: name, span: at, ..GroupVote::default() });
                out.len() - 1
            }
        };
        let slot = match field {
            "for" => &mut out[i].for_,
            "against" => &mut out[i].against,
            "abstention" => &mut out[i].abstention,
            _ => return,
        };
        slot.get_or_insert(n);
    };
    let shares: Vec<_> = patterns.rules("vote.group").iter().filter(|r| r.value.is_none()).collect();
    for t in block.iter().filter(|t| CORE.contains(&t.field.as_str())) {
        // « 43 voix (Groupe A : 30 ; Groupe B : 13) »: the parentheses right after the count.
        let rest = &text[t.span[1]..span[1]];
        let after = rest.trim_start();
        let after = after.strip_prefix("voix").unwrap_or(after).trim_start();
        let Some(inner) = after.strip_prefix('(') else { continue };
        let close = inner.find(')').unwrap_or(0);
        let base = t.span[1] + (rest.len() - inner.len());
        for rule in &shares {
            for caps in rule.regex.captures_iter(&inner[..close]) {
                let (Some(g), Some(n)) = (caps.name("group"), caps.name("n").and_then(|n| parse_number(n.as_str())))
                else {
                    continue;
                };
                add(g.as_str(), &t.field, n, [base + g.start(), base + g.end()]);
            }
        }
    }
    // Lines of their own, in the vote's paragraph.
    let from = floor_char_boundary(text, anchor[0].saturating_sub(400).max(span[0]));
    let to = floor_char_boundary(text, (anchor[1] + 400).min(span[1]));
    for rule in patterns.rules("vote.group").iter().filter(|r| r.value.is_some()) {
        let field = rule.value.clone().unwrap_or_default();
        for caps in rule.regex.captures_iter(&text[from..to]) {
            let (Some(g), Some(n)) = (caps.name("group"), caps.name("n").and_then(|n| parse_number(n.as_str()))) else {
                continue;
            };
            add(g.as_str(), &field, n, [from + g.start(), from + g.end()]);
        }
    }
    out
}

/// The outcome written nearest to the vote block, within a few lines of it.
fn outcome_near(text: &str, span: Span, anchor: Span, patterns: &Patterns) -> Option<String> {
    let from = anchor[0].saturating_sub(300).max(span[0]);
    let to = (anchor[1] + 300).min(span[1]);
    let (from, to) = (floor_char_boundary(text, from), floor_char_boundary(text, to));
    let slice = &text[from..to];
    patterns
        .rules("vote.outcome")
        .iter()
        .flat_map(|r| r.regex.find_iter(slice).map(move |m| (r.value.clone(), from + m.start())))
        .min_by_key(|(_, pos)| pos.abs_diff(anchor[0]).min(pos.abs_diff(anchor[1])))
        .and_then(|(v, _)| v)
}

/// Members who do not take part in the vote (« M. X ne prend pas part au vote »).
pub fn not_voting_names(text: &str, span: Span, patterns: &Patterns) -> Vec<String> {
    let slice = &text[span[0]..span[1]];
    let mut names: Vec<String> = Vec::new();
    for rule in patterns.rules("vote.not_voting") {
        for caps in rule.regex.captures_iter(slice) {
            if let Some(m) = group(&caps, "name") {
                let name = crate::text::collapse_spaces(m.as_str());
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn votes(text: &str) -> Votes {
        let p = Patterns::embedded();
        extract_votes(&VoteReader::new(text, &p), [0, text.len()])
    }

    fn counts(v: &Votes) -> [Option<u32>; 5] {
        [v.for_, v.against, v.abstention, v.expressed, v.voters]
    }

    #[test]
    fn every_vote_style() {
        let cases: [(&str, [Option<u32>; 5]); 9] = [
            (
                "Adopté par :\n\n- Voix pour : 13\n- Voix contre : 0\n- Abstentions : 0\n- Suffrages exprimés : 13",
                [Some(13), Some(0), Some(0), Some(13), None],
            ),
            (
                "Pour : 43 voix (Groupe A ; Non-inscrit) Contre : 0 voix Abstention : 0 voix Absent sans délégation de vote : 1",
                [Some(43), Some(0), Some(0), None, None],
            ),
            (
                "délibéré à main levée par : 15 voix pour - 00 voix contre - 00 abstention, décide",
                [Some(15), Some(0), Some(0), None, None],
            ),
            (
                "- Voix pour : 14\n- Voix contre : 0\n- Abstentions : 4\n- Nombre d'élus participant au vote : 18",
                [Some(14), Some(0), Some(4), None, Some(18)],
            ),
            (
                "Nombre de votants : 15\n\n- Pour : 15\n- Contre : 00\n- Abstention : 00",
                [Some(15), Some(0), Some(0), None, Some(15)],
            ),
            ("par quatorze voix pour, une voix contre et deux abstentions", [Some(14), Some(1), Some(2), None, None]),
            ("ADOPTÉ 9 voix pour, 5 abstentions.", [Some(9), None, Some(5), None, None]),
            ("2 contre 3 absentions 6 votes pour", [Some(6), Some(2), Some(3), None, None]),
            ("Pour : 15\nContre : 0\nAbstention : 0", [Some(15), Some(0), Some(0), None, None]),
        ];
        for (text, want) in cases {
            assert_eq!(counts(&votes(text)), want, "{text}");
        }
        let v =
            votes("Pour : 43 voix Contre : 0 voix Abstention : 0 voix Absent sans délégation de vote : 1\n\n(Adopté)");
        assert_eq!(v.absent_without_proxy, Some(1));
        assert_eq!(v.outcome.as_deref(), Some("adopted"));
        assert_eq!(votes("à main levée par : 15 voix pour").method.as_deref(), Some("main levée"));
    }

    #[test]
    fn unanimity_and_not_voting() {
        let v = votes("ADOPTÉ à l'unanimité des membres présents et représentés.");
        assert!(v.unanimous);
        assert_eq!(v.outcome.as_deref(), Some("adopted"));
        assert_eq!(v.unanimity_text.as_deref(), Some("à l'unanimité des membres présents et représentés"));
        let v = votes("M. Jean DUPONT ne prend pas part au vote.\nPour : 12, Contre : 0, Abstention : 0");
        assert_eq!(v.not_voting, Some(1));
    }

    #[test]
    fn a_lone_number_before_pour_is_not_a_vote() {
        let v = votes("une hausse de 2 pour cent des tarifs");
        assert!(v.is_empty(), "{v:?}");
        let v = votes("Nombre de votants : 15");
        assert!(v.is_empty(), "{v:?}");
        let v = votes("Vote : 9 pour, 2 contre, 1 abstention");
        assert_eq!(counts(&v), [Some(9), Some(2), Some(1), None, None]);
    }
}
