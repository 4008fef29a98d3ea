//! The roll: members with their status and proxies, from an attendance table (columns
//! Présents / Absents / Excusés / Pouvoir à, ticked by marks) or from prose lists
//! (« Étaient présents : … », « Excusé(s) : … », « X, qui donne pouvoir à Y »), and the
//! totals the document states. Headings and phrasings come from patterns/attendance.toml.

use crate::extract::group;
use crate::extract::spans::SpanSet;
use crate::model::{Member, Span, Totals};
use crate::numbers::parse_number;
use crate::patterns::{Patterns, Rule};
use crate::text::collapse_spaces;

/// What the roll extractor found.
#[derive(Debug, Clone, Default)]
pub struct Roll {
    pub members: Vec<Member>,
    pub counted: Option<Totals>,
    /// Totals written in the table's last row (stated by the document).
    pub table_totals: Totals,
    pub non_voting_attendees: Vec<String>,
}

/// A mark ticking a table cell.
fn is_mark(cell: &str) -> bool {
    matches!(cell.trim(), "☒" | "☑" | "✓" | "✔" | "X" | "x" | "■" | "●")
}

fn is_empty_box(cell: &str) -> bool {
    matches!(cell.trim(), "☐" | "□" | "")
}

/// Splits « M. Jean DUPONT » into its civility and the name.
pub fn split_civility(item: &str, patterns: &Patterns) -> (Option<String>, String) {
    let item = item.trim();
    for rule in patterns.rules("attendance.civility") {
        if let Some(caps) = rule.regex.captures(item) {
            let whole = caps.get(0).unwrap();
            let civ = caps.name("civility").map(|c| c.as_str().to_string());
            return (civ, clean_name(&item[whole.end()..]));
        }
    }
    (None, clean_name(item))
}

fn clean_name(s: &str) -> String {
    let s = collapse_spaces(s);
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '*' | '-')).to_string()
}

fn is_function(item: &str, patterns: &Patterns) -> bool {
    patterns.rules("attendance.function").iter().any(|r| r.regex.is_match(item.trim()))
}

/// Does this look like one person's name (with or without civility)? Function words
/// (« Maire », « Conseillers Municipaux ») are not names.
pub fn looks_like_person(item: &str, patterns: &Patterns) -> bool {
    let (_, name) = split_civility(item, patterns);
    if name.is_empty() || name.len() > 60 || name.chars().any(|c| c.is_ascii_digit() || c == ':') {
        return false;
    }
    if is_function(&name, patterns) {
        return false;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 || is_particle(&words[0].to_lowercase()) {
        return false;
    }
    // A civility cut from its name by a line break (« M. » alone) is no name.
    if name.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return false;
    }
    // A run of capitals with French particles (« DE L'EXPERTISE ET DE … ») is a title
    // cut by a comma, not a person written in capitals.
    let all_caps = words.iter().all(|w| crate::text::is_upper_word(w) || w.chars().all(|c| !c.is_alphabetic()));
    if all_caps && words.iter().any(|w| is_particle(&w.to_lowercase())) {
        return false;
    }
    words[0].chars().next().is_some_and(char::is_uppercase)
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || "'(".contains(c)) || is_particle(w))
}

fn is_particle(w: &str) -> bool {
    matches!(w, "de" | "du" | "des" | "la" | "le" | "les" | "van" | "von" | "d'" | "l'" | "et")
        || w.starts_with("d'")
        || w.starts_with("l'")
}

/// Splits a list of names on commas, semicolons, « et » and line breaks, never inside
/// parentheses; a piece that starts in lower case (« qui donne pouvoir à … ») belongs to
/// the piece before it.
pub fn split_list(text: &str) -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let push = |pieces: &mut Vec<String>, current: &mut String| {
        let piece = collapse_spaces(current);
        if !piece.is_empty() {
            let starts_lower = piece.chars().next().is_some_and(|c| c.is_lowercase() || c == '(');
            match pieces.last_mut() {
                Some(prev) if starts_lower => {
                    let sep = if piece.starts_with('(') { " " } else { ", " };
                    prev.push_str(sep);
                    prev.push_str(&piece);
                }
                _ => pieces.push(piece),
            }
        }
        current.clear();
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            '(' => {
                depth += 1;
                current.push(c);
            }
            ')' => {
                depth = depth.saturating_sub(1);
                current.push(c);
            }
            ',' | ';' | '\n' if depth == 0 => push(&mut pieces, &mut current),
            ' ' if depth == 0 && chars[i + 1..].starts_with(&['e', 't', ' ']) => {
                push(&mut pieces, &mut current);
                i += 3;
                continue;
            }
            // « Marielle (…) / Marc (…) », « David & Adeline », « Denis JUVIN - Muriel NIGGEL ».
            ' ' if depth == 0 && ['/', '&', '-', '–'].iter().any(|sep| chars[i + 1..].starts_with(&[*sep, ' '])) => {
                push(&mut pieces, &mut current);
                i += 2;
                continue;
            }
            _ => current.push(c),
        }
        i += 1;
    }
    push(&mut pieces, &mut current);
    pieces
        .into_iter()
        // Bullets of a list written one name per line, and separators left at a line's
        // edge (« … (pouvoir donné à Mme TEXEIRA) / »).
        .map(|p| {
            p.trim_start_matches(|c: char| matches!(c, '-' | '•' | '*' | '+' | '–' | '/' | '&') || c.is_whitespace())
                .trim_end_matches(|c: char| matches!(c, '/' | '&') || c.is_whitespace())
                .to_string()
        })
        .map(|p| p.strip_prefix("et ").map(str::to_string).unwrap_or(p))
        .map(|p| p.trim_end_matches('.').trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// One item of a prose list, read: the member, who they gave a proxy to, their marker.
struct ListItem {
    title: Option<String>,
    name: String,
    proxy_to: Option<String>,
    marker: Option<String>,
}

fn read_item(item: &str, in_proxy_list: bool, patterns: &Patterns) -> Option<ListItem> {
    let mut item = item.to_string();
    let mut marker = None;
    for rule in patterns.rules("attendance.proxy_marker") {
        if let Some(caps) = rule.regex.captures(&item) {
            let key: String = caps["marker"].chars().filter(|c| !c.is_whitespace()).collect();
            marker = Some(key.to_lowercase());
            let whole = caps.get(0).unwrap().range();
            item.replace_range(whole, "");
        }
    }
    for rule in patterns.rules("attendance.proxy") {
        if rule.value.as_deref() == Some("in_proxy_list") && !in_proxy_list {
            continue;
        }
        if let Some(caps) = rule.regex.captures(&item) {
            let (Some(giver), Some(holder)) = (group(&caps, "giver"), group(&caps, "holder")) else {
                continue;
            };
            if !looks_like_person(giver.as_str(), patterns) {
                continue;
            }
            let (title, name) = split_civility(giver.as_str(), patterns);
            return Some(ListItem { title, name, proxy_to: Some(clean_name(holder.as_str())), marker });
        }
    }
    // A remark in parentheses (« Maryline (pas de pouvoir donné) ») is not part of the name.
    let item = strip_parentheses(&item);
    if !looks_like_person(&item, patterns) {
        return None;
    }
    let (title, name) = split_civility(&item, patterns);
    Some(ListItem { title, name, proxy_to: None, marker })
}

fn strip_parentheses(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    collapse_spaces(&out)
}

/// A heading of a prose list, with the status its names get.
struct ListHeading {
    status: String,
    /// Where the list's own text starts (after the colon).
    body_start: usize,
}

fn list_headings(text: &str, patterns: &Patterns) -> Vec<ListHeading> {
    let mut out: Vec<(usize, ListHeading)> = Vec::new();
    for rule in patterns.rules("attendance.list") {
        let status = rule.value.clone().unwrap_or_default();
        for m in rule.regex.find_iter(text) {
            // The first rule to claim a line wins (non_voting comes before excused).
            if out.iter().any(|(start, _)| *start == m.start()) {
                continue;
            }
            out.push((m.start(), ListHeading { status: status.clone(), body_start: m.end() }));
        }
    }
    out.sort_by_key(|(s, _)| *s);
    out.into_iter().map(|(_, h)| h).collect()
}

/// The text of a list: the rest of its heading's line (less a stated count) and the lines
/// after it that still read as names, across at most one blank line.
fn list_text(
    text: &str,
    body_start: usize,
    stop_at: usize,
    in_proxy_list: bool,
    patterns: &Patterns,
) -> (String, Span) {
    let line_end = text[body_start..].find('\n').map_or(text.len(), |i| body_start + i);
    let first = text[body_start..line_end].trim();
    // « Absents : néant » lists nobody, and nothing after it belongs to it.
    if matches!(crate::text::fold(first.trim_end_matches('.')).as_str(), "neant" | "aucun" | "aucune" | "personne") {
        return (String::new(), [body_start, line_end]);
    }
    let counted_only = first.split_whitespace().next().is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()));
    let mut out = if counted_only { String::new() } else { first.to_string() };
    let mut end = line_end;
    let mut pos = line_end;
    let mut blank_run = 0;
    while pos + 1 < stop_at.min(text.len()) {
        let next_end = text[pos + 1..].find('\n').map_or(text.len(), |i| pos + 1 + i);
        let line = text[pos + 1..next_end].trim();
        pos = next_end;
        // A page number or a stamp dropped into the list by a page break is skipped.
        if patterns.rules("page_furniture").iter().any(|r| r.regex.is_match(line)) {
            continue;
        }
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 && !out.is_empty() {
                break;
            }
            continue;
        }
        // A comma-separated list wrapped by the page (« Agnès\nMICHELOT, Adeline… »)
        // goes on until a line ends it with a full stop.
        let last_line = out.rsplit('\n').next().unwrap_or("").trim_end();
        let ends_on_civility = last_line.rsplit(' ').next().is_some_and(|w| matches!(w, "M." | "Mme" | "MM." | "Mlle"));
        // A line opening with a bullet is the next item of a list one per line, not a wrap.
        let bulleted = line.starts_with(['-', '•', '*', '+', '–']);
        // A wrapped line is one of a comma-separated list (two commas at least, so that
        // « Mme Laurence LAURENT, Maire » above the next name is not one), a line cut inside
        // parentheses, or a civility cut from its name.
        let open_paren = last_line.matches('(').count() > last_line.matches(')').count();
        let listy = last_line.matches(',').count() >= 2 || open_paren;
        let wrapped = blank_run == 0 && !bulleted && ((listy && !last_line.ends_with('.')) || ends_on_civility);
        let continues = wrapped || last_line.ends_with([',', '/', '&']) || last_line.ends_with(" et");
        // Function words (« Maire », « Conseillers municipaux ») are neither names nor
        // a reason to stop.
        let items: Vec<String> = split_list(line).into_iter().filter(|i| !is_function(i, patterns)).collect();
        let names = items.iter().filter(|i| read_item(i, in_proxy_list, patterns).is_some()).count();
        let reads_as_names = !items.is_empty() && names * 10 >= items.len() * 7;
        if !(reads_as_names || continues) || (blank_run > 0 && !out.is_empty() && !reads_as_names) {
            break;
        }
        if !out.is_empty() {
            // A wrapped line continues the previous one; a list one per line keeps its breaks.
            out.push(if wrapped && !last_line.ends_with([',', '/', '&']) { ' ' } else { '\n' });
        }
        out.push_str(line);
        end = next_end;
        blank_run = 0;
    }
    (out, [body_start, end])
}

fn roll_from_lists(text: &str, patterns: &Patterns) -> (Vec<Member>, Vec<String>, Vec<(String, usize)>) {
    let headings = list_headings(text, patterns);
    let mut members: Vec<Member> = Vec::new();
    let mut non_voting = Vec::new();
    let mut markers: Vec<(String, usize)> = Vec::new();
    let mut proxies_given: Vec<(String, Option<String>, String)> = Vec::new();
    for (i, h) in headings.iter().enumerate() {
        // A list ends where the line of the next heading starts.
        let stop = headings
            .get(i + 1)
            .map_or(text.len(), |n| text[..n.body_start].rfind('\n').map_or(0, |p| p + 1).max(h.body_start));
        let (list, span) = list_text(text, h.body_start, stop, h.status == "proxies", patterns);
        // Each name's own span: its next occurrence inside the list.
        let mut cursor = span[0];
        let mut span_of = |name: &str| -> Span {
            match text[cursor..span[1]].find(name) {
                Some(i) => {
                    let start = cursor + i;
                    cursor = start + name.len();
                    [start, cursor]
                }
                None => span,
            }
        };
        for raw in split_list(&list) {
            let in_proxy_list = h.status == "proxies";
            let Some(item) = read_item(&raw, in_proxy_list, patterns) else {
                continue;
            };
            match h.status.as_str() {
                "non_voting" => non_voting.push(item.name),
                "proxies" => {
                    if let Some(holder) = item.proxy_to {
                        proxies_given.push((item.name, item.title, holder));
                    }
                }
                status => {
                    if let Some(m) = item.marker {
                        markers.push((m, members.len()));
                    }
                    let name_span = span_of(&item.name);
                    members.push(Member {
                        name: item.name,
                        title: item.title,
                        group: None,
                        status: status.to_string(),
                        proxy_to: item.proxy_to,
                        span: Some(name_span),
                    });
                }
            }
        }
    }
    // A « Pouvoirs : A à B » list completes the members it names, or adds the giver.
    for (giver, title, holder) in proxies_given {
        match members.iter_mut().find(|m| same_name(&m.name, &giver)) {
            Some(m) => m.proxy_to = Some(holder),
            None => members.push(Member {
                name: giver,
                title,
                group: None,
                status: "absent".to_string(),
                proxy_to: Some(holder),
                span: None,
            }),
        }
    }
    (members, non_voting, markers)
}

fn same_name(a: &str, b: &str) -> bool {
    crate::text::fold(a) == crate::text::fold(b)
}

/// Pairs givers and holders that share a marker (« (Pr**) »): the holder is the present
/// member, the giver the absent or excused one.
fn apply_markers(members: &mut [Member], markers: &[(String, usize)]) {
    for (marker, holder_idx) in markers {
        if members[*holder_idx].status != "present" {
            continue;
        }
        let holder = members[*holder_idx].name.clone();
        for (m, idx) in markers {
            if m == marker && idx != holder_idx && members[*idx].status != "present" && members[*idx].proxy_to.is_none()
            {
                members[*idx].proxy_to = Some(holder.clone());
            }
        }
    }
}

/// The column roles of a table header line, when it is one.
fn table_header(line: &str, patterns: &Patterns) -> Option<Vec<Option<String>>> {
    if !line.contains('\t') {
        return None;
    }
    let roles: Vec<Option<String>> = line
        .split('\t')
        .map(|cell| {
            patterns.rules("attendance.column").iter().find(|r| r.regex.is_match(cell)).and_then(|r| r.value.clone())
        })
        .collect();
    let has = |role: &str| roles.iter().any(|r| r.as_deref() == Some(role));
    (has("present") && (has("absent") || has("excused"))).then_some(roles)
}

/// The lines of `text` with the offset each starts at.
fn lines_at(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split('\n').map(move |l| {
        let start = offset;
        offset += l.len() + 1;
        (start, l)
    })
}

fn roll_from_table(text: &str, patterns: &Patterns) -> Option<(Vec<Member>, Totals)> {
    let lines: Vec<(usize, &str)> = lines_at(text).collect();
    let (header_idx, roles) =
        lines.iter().enumerate().find_map(|(i, (_, l))| table_header(l, patterns).map(|r| (i, r)))?;
    let col = |role: &str| roles.iter().position(|r| r.as_deref() == Some(role));
    let member_col = col("member");
    let group_col = col("group");
    let proxy_col = col("proxy");
    let status_cols: Vec<(usize, String)> = roles
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            r.as_deref().filter(|r| matches!(*r, "present" | "absent" | "excused")).map(|r| (i, r.to_string()))
        })
        .collect();
    let mut members = Vec::new();
    let mut totals = Totals::default();
    let mut group: Option<String> = None;
    for (start, line) in lines.iter().skip(header_idx + 1) {
        if line.trim().is_empty() {
            if members.is_empty() {
                continue;
            }
            break;
        }
        if !line.contains('\t') {
            break;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let cell = |i: Option<usize>| i.and_then(|i| cells.get(i)).map(|c| c.trim()).unwrap_or("");
        let name_cell = match member_col {
            Some(_) => cell(member_col),
            None => {
                cells.iter().map(|c| c.trim()).find(|c| !c.is_empty() && !is_mark(c) && !is_empty_box(c)).unwrap_or("")
            }
        };
        if name_cell.is_empty() || name_cell.chars().all(|c| c.is_ascii_digit()) {
            // The totals row: numbers under the status and proxy columns.
            for (i, role) in &status_cols {
                let n = parse_number(cell(Some(*i)));
                match role.as_str() {
                    "present" => totals.present = n,
                    "absent" => totals.absent = n,
                    "excused" => totals.excused = n,
                    _ => {}
                }
            }
            totals.proxies = parse_number(cell(proxy_col));
            continue;
        }
        let g = cell(group_col);
        if !g.is_empty() {
            group = Some(collapse_spaces(g));
        }
        let Some(status) = status_cols.iter().find(|(i, _)| is_mark(cell(Some(*i)))).map(|(_, s)| s.clone()) else {
            continue;
        };
        let (title, name) = split_civility(name_cell, patterns);
        let proxy = cell(proxy_col);
        let name_start = start + line.find(name_cell).unwrap_or(0);
        members.push(Member {
            name,
            title,
            group: group.clone(),
            status,
            proxy_to: (!proxy.is_empty() && !is_mark(proxy)).then(|| collapse_spaces(proxy)),
            span: Some([name_start, name_start + name_cell.len()]),
        });
    }
    (!members.is_empty()).then_some((members, totals))
}

/// Totals computed from the member list.
pub fn count(members: &[Member]) -> Totals {
    let n = |status: &str| members.iter().filter(|m| m.status == status).count() as u32;
    let present = n("present");
    let proxies = members.iter().filter(|m| m.proxy_to.is_some()).count() as u32;
    Totals {
        in_office: Some(members.len() as u32),
        present: Some(present),
        absent: Some(n("absent")),
        excused: Some(n("excused")),
        proxies: Some(proxies),
        voters: Some(present + proxies),
    }
}

/// The roll of the session: a table if the document has one, else its prose lists.
pub fn extract_roll(text: &str, patterns: &Patterns) -> Roll {
    // The lists are read once: they give the attendees without a vote in any case, and
    // the members when there is no table.
    let (mut members, non_voting, markers) = roll_from_lists(text, patterns);
    // Both table readers below skip the lines that cannot hold a column heading; found
    // once, and only if a table reader needs them.
    let column_anchors = std::cell::LazyCell::new(|| {
        patterns.rules("attendance.column").iter().map(|r| anchors_of(text, [r])).collect::<Vec<_>>()
    });
    let table = roll_from_table(text, patterns)
        .or_else(|| roll_from_cells(text, patterns, &column_anchors))
        .or_else(|| roll_from_box_rows(text, patterns, &column_anchors));
    if let Some((members, table_totals)) = table {
        let counted = Some(count(&members));
        return Roll { members, counted, table_totals, non_voting_attendees: non_voting };
    }
    apply_markers(&mut members, &markers);
    let counted = (!members.is_empty()).then(|| count(&members));
    Roll { members, counted, table_totals: Totals::default(), non_voting_attendees: non_voting }
}

/// Where the anchors of `rules` occur in `text`; None when one of them has no anchors
/// (then any part of the text may match it). A part that meets none of these spans
/// cannot be matched by any of the rules.
fn anchors_of<'r>(text: &str, rules: impl IntoIterator<Item = &'r Rule>) -> Option<SpanSet> {
    let spans = rules.into_iter().map(|r| r.regex.anchor_spans(text)).collect::<Option<Vec<_>>>()?;
    Some(SpanSet::new(spans.concat()))
}

/// Whether `part` may be matched by the rules whose anchors are `anchors`.
fn may_match(anchors: &Option<SpanSet>, part: Span) -> bool {
    anchors.as_ref().is_none_or(|set| set.meets(part))
}

/// An attendance table flattened to one cell per line, as text exports of PDFs and
/// word-processor tables give it: the header cells on consecutive lines, then each row
/// as [group] name, one box per status column (☒/☐: every cell survives, even empty
/// ones), [proxy holder]. Empty cells are gone, so a line after the boxes is the proxy
/// holder only when the next row's name follows it before any box.
fn roll_from_cells(text: &str, patterns: &Patterns, anchors: &[Option<SpanSet>]) -> Option<(Vec<Member>, Totals)> {
    let columns = patterns.rules("attendance.column");
    let mut lines: Vec<(usize, &str)> = Vec::new();
    // Whether each line holds an anchor of some column rule: only such a line can be a
    // column heading, so the others are not matched against the rules.
    let mut may_head: Vec<bool> = Vec::new();
    for (start, l) in lines_at(text) {
        let cell = l.trim();
        if !cell.is_empty() {
            lines.push((start, cell));
            may_head.push(anchors.iter().any(|a| may_match(a, [start, start + l.len()])));
        }
    }
    let role_at = |j: usize| {
        let (_, cell) = lines.get(j)?;
        if !may_head[j] {
            return None;
        }
        columns.iter().find(|r| r.regex.is_match(cell)).and_then(|r| r.value.clone())
    };
    // The header: a run of lines that are all column headings, with present and
    // absent or excused among them.
    let mut header: Option<(usize, Vec<String>)> = None;
    let mut i = 0;
    while i < lines.len() && header.is_none() {
        let mut roles = Vec::new();
        let mut j = i;
        while let Some(r) = role_at(j) {
            roles.push(r);
            j += 1;
        }
        let has = |r: &str| roles.iter().any(|x| x == r);
        if has("present") && (has("absent") || has("excused")) {
            header = Some((j, roles));
        }
        i = j.max(i + 1);
    }
    let (first, roles) = header?;
    let statuses: Vec<String> =
        roles.iter().filter(|r| matches!(r.as_str(), "present" | "absent" | "excused")).cloned().collect();
    let has_proxy = roles.iter().any(|r| r == "proxy");
    let is_box = |l: &str| is_mark(l) || matches!(l, "☐" | "□");
    let mut members = Vec::new();
    let mut group: Option<String> = None;
    let mut k = first;
    while k < lines.len() {
        // [group] name, then the boxes.
        let boxes_at = |at: usize| (at..at + statuses.len()).all(|x| lines.get(x).is_some_and(|(_, l)| is_box(l)));
        let (name_idx, group_here) = if boxes_at(k + 1) {
            (k, None)
        } else if boxes_at(k + 2) {
            (k + 1, Some(lines[k].1))
        } else {
            break;
        };
        if let Some(g) = group_here {
            group = Some(collapse_spaces(g));
        }
        let (start, name_cell) = lines[name_idx];
        let boxes = &lines[name_idx + 1..name_idx + 1 + statuses.len()];
        let Some(status) = boxes.iter().position(|(_, l)| is_mark(l)).map(|p| statuses[p].clone()) else { break };
        k = name_idx + 1 + statuses.len();
        // A holder is followed by the next row's name (and maybe its group) before boxes.
        let mut proxy_to = None;
        if has_proxy && k < lines.len() && !is_box(lines[k].1) && !boxes_at(k + 1) {
            // …or by the end of the table; and a holder is a person, with a civility or a
            // SURNAME, where a group is a collectivity (« Département du Nord »).
            let next_is_row = boxes_at(k + 2)
                || boxes_at(k + 3)
                || lines.get(k + 1).is_none_or(|(_, l)| !looks_like_person(l, patterns));
            let cell = lines[k].1;
            let holder = looks_like_person(cell, patterns)
                && (split_civility(cell, patterns).0.is_some()
                    || cell.split_whitespace().any(crate::text::is_upper_word));
            if next_is_row && holder {
                proxy_to = Some(collapse_spaces(lines[k].1));
                k += 1;
            }
        }
        let (title, name) = split_civility(name_cell, patterns);
        members.push(Member {
            name,
            title,
            group: group.clone(),
            status,
            proxy_to,
            span: Some([start, start + name_cell.len()]),
        });
    }
    (!members.is_empty()).then_some((members, Totals::default()))
}

/// An attendance table whose rows are lines holding one box per status column, as PDF
/// text gives it: « [group] M. Name ☐ ☐ ☒ [holder] ». A group cell may wrap onto the
/// lines above its row (« Conseil régional des Hauts\nde France M. Charles BAREGE … »),
/// a holder onto the line below (« Mme\nMESSEANNE »); a row of numbers ends the table
/// with its totals.
fn roll_from_box_rows(text: &str, patterns: &Patterns, anchors: &[Option<SpanSet>]) -> Option<(Vec<Member>, Totals)> {
    use std::sync::LazyLock;
    static CIVILITY: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"(?:^|\s)(M\.|Mme|Mmes|MM\.|Mlle|Monsieur|Madame)\s").unwrap());
    let is_box = |w: &str| is_mark(w) || matches!(w, "☐" | "□");
    let columns = patterns.rules("attendance.column");
    let lines: Vec<(usize, &str)> = lines_at(text).collect();
    // The header: one line naming the present column and the absent or excused one.
    // Only the column rules whose anchors a line holds are tried on its words (each word
    // of every line is a candidate heading), and only a line holding an anchor of a
    // present-column rule can name that column.
    let (header_idx, statuses) = lines.iter().enumerate().find_map(|(i, &(start, l))| {
        let line = [start, start + l.len()];
        let here: Vec<_> = columns.iter().zip(anchors).filter(|(_, a)| may_match(a, line)).map(|(r, _)| r).collect();
        if !here.iter().any(|r| r.value.as_deref() == Some("present")) {
            return None;
        }
        let role_of = |word: &str| here.iter().find(|r| r.regex.is_match(word)).and_then(|r| r.value.clone());
        let roles: Vec<String> = l.split_whitespace().filter_map(role_of).collect();
        let statuses: Vec<String> =
            roles.iter().filter(|r| matches!(r.as_str(), "present" | "absent" | "excused")).cloned().collect();
        (statuses.contains(&"present".to_string()) && statuses.len() >= 2).then_some((i, statuses))
    })?;
    let k = statuses.len();
    let mut members: Vec<Member> = Vec::new();
    let mut totals = Totals::default();
    let mut group: Option<String> = None;
    let mut pending: Vec<&str> = Vec::new();
    for (start, line) in lines.iter().skip(header_idx + 1) {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.is_empty() {
            continue;
        }
        let boxes: Vec<usize> = words.iter().enumerate().filter(|(_, w)| is_box(w)).map(|(i, _)| i).collect();
        if boxes.len() == k && boxes.windows(2).all(|w| w[1] == w[0] + 1) {
            let own = words[..boxes[0]].join(" ");
            let after = words[boxes[k - 1] + 1..].join(" ");
            // Lines held back since the last row wrap onto this one: the group's cell, or
            // the start of the name (« Mme Marie-Hélène\nQUATREBOEUF ☐ ☐ ☒ »).
            let before = pending.drain(..).chain(std::iter::once(own.as_str())).collect::<Vec<_>>().join(" ");
            let (prefix, name_cell) = match CIVILITY.find(&before) {
                Some(m) => (before[..m.start()].trim().to_string(), before[m.start()..].trim().to_string()),
                None => (String::new(), before.trim().to_string()),
            };
            if !prefix.is_empty() {
                group = Some(collapse_spaces(&prefix));
            }
            let Some(status) = (0..k).find(|&i| is_mark(words[boxes[i]])).map(|i| statuses[i].clone()) else {
                continue;
            };
            let (title, name) = split_civility(&name_cell, patterns);
            let span = match line.find(name_cell.as_str()) {
                Some(i) => [start + i, start + i + name_cell.len()],
                None => [*start, start + line.len()],
            };
            members.push(Member {
                name,
                title,
                group: group.clone(),
                status,
                proxy_to: (!after.is_empty()).then(|| collapse_spaces(&after)),
                span: Some(span),
            });
            continue;
        }
        if members.is_empty() {
            pending.push(line.trim());
            if pending.len() > 3 {
                return None;
            }
            continue;
        }
        // A holder's surname wrapped onto its own line.
        let last = members.last_mut().unwrap();
        let caps = words.len() <= 3 && words.iter().all(|w| crate::text::is_upper_word(w));
        if caps && last.proxy_to.is_some() && pending.is_empty() {
            let holder = last.proxy_to.take().unwrap_or_default();
            last.proxy_to = Some(format!("{holder} {}", words.join(" ")));
            continue;
        }
        // The totals row.
        let numbers: Vec<u32> = words.iter().filter_map(|w| w.parse().ok()).collect();
        if numbers.len() == words.len() && numbers.len() >= k {
            for (i, role) in statuses.iter().enumerate() {
                let slot = match role.as_str() {
                    "present" => &mut totals.present,
                    "absent" => &mut totals.absent,
                    "excused" => &mut totals.excused,
                    _ => continue,
                };
                *slot = Some(numbers[i]);
            }
            totals.proxies = numbers.get(k).copied();
            break;
        }
        // A group name wrapped above its first row: short, no sentence.
        let sentence = line.contains([',', '.', ';', ':']);
        if words.len() <= 6 && !sentence && pending.len() < 3 {
            pending.push(line.trim());
            continue;
        }
        break;
    }
    (!members.is_empty()).then_some((members, totals))
}

/// The totals the document states inside `region`; the first statement of each wins.
pub fn stated_totals(text: &str, region: Span, patterns: &Patterns) -> Totals {
    let mut totals = Totals::default();
    for (field, n) in stated_mentions(text, region, patterns, |_| true) {
        let slot = match field {
            "in_office" => &mut totals.in_office,
            "present" => &mut totals.present,
            "absent" => &mut totals.absent,
            "excused" => &mut totals.excused,
            "proxies" => &mut totals.proxies,
            "voters" => &mut totals.voters,
            _ => continue,
        };
        slot.get_or_insert(n);
    }
    totals
}

/// The first statement of one total inside `region` (`field` as in the rules' `value`):
/// what [`stated_totals`] gives for it, running only that total's rules (the pipeline
/// wants the members in office from the whole text, and the other five rules' searches
/// were wasted there).
pub fn stated_total(text: &str, region: Span, patterns: &Patterns, field: &str) -> Option<u32> {
    stated_mentions(text, region, patterns, |f| f == field).into_iter().next().map(|(_, n)| n)
}

/// Each stated total inside `region` whose field `wanted` accepts, as (field, number), in
/// text order.
fn stated_mentions<'p>(
    text: &str,
    region: Span,
    patterns: &'p Patterns,
    wanted: impl Fn(&str) -> bool,
) -> Vec<(&'p str, u32)> {
    let slice = &text[region[0]..region[1]];
    let mut found: Vec<(usize, &'p str, u32)> = Vec::new();
    for rule in patterns.rules("attendance.stated") {
        let Some(field) = rule.value.as_deref().filter(|f| wanted(f)) else {
            continue;
        };
        for caps in rule.regex.captures_iter(slice) {
            if let Some(n) = group(&caps, "n").and_then(|m| parse_number(m.as_str())) {
                found.push((caps.get(0).unwrap().start(), field, n));
            }
        }
    }
    // Stable: two statements at one place keep the rules' order, as before.
    found.sort_by_key(|(pos, _, _)| *pos);
    found.into_iter().map(|(_, field, n)| (field, n)).collect()
}

/// Stated totals from the text, completed by the ones a table's totals row writes.
pub fn merge_totals(text_totals: Totals, table: Totals) -> Totals {
    Totals {
        in_office: text_totals.in_office.or(table.in_office),
        present: text_totals.present.or(table.present),
        absent: text_totals.absent.or(table.absent),
        excused: text_totals.excused.or(table.excused),
        proxies: text_totals.proxies.or(table.proxies),
        voters: text_totals.voters.or(table.voters),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_anchor_spans_of_column_rules_hold_their_headings() {
        let patterns = Patterns::embedded();
        let text = format!("{}\nNom\nPrésents\nAbsents\n{}", "Le conseil délibère.\n".repeat(40), "Fin.\n".repeat(40));
        let spans = anchors_of(&text, patterns.rules("attendance.column"));
        assert!(spans.is_some(), "column rules have anchors");
        let at = text.find("Présents").unwrap();
        assert!(may_match(&spans, [at, at + "Présents".len()]));
        assert!(!may_match(&spans, [0, "Le conseil délibère.".len()]));
        assert!(may_match(&None, [0, 1]), "without spans, anything may match");
    }

    fn roll(text: &str) -> Roll {
        extract_roll(text, &Patterns::embedded())
    }

    fn summary(r: &Roll) -> Vec<String> {
        r.members.iter().map(|m| format!("{}|{}|{}", m.name, m.status, m.proxy_to.as_deref().unwrap_or(""))).collect()
    }

    #[test]
    fn one_stated_total_is_the_one_all_totals_give() {
        let p = Patterns::embedded();
        let mut stated = 0;
        for index in 0..60 {
            let doc = crate::synth::generate(6, index);
            let format = crate::read::Format::from_path(std::path::Path::new(&format!("x.{}", doc.extension)));
            let text = crate::normalize::normalize(&doc.text, format.unwrap_or(crate::read::Format::Text));
            let third = (text.len() / 3..).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
            for region in [[0, text.len()], [0, third]] {
                let all = stated_totals(&text, region, &p);
                let one = |field| stated_total(&text, region, &p, field);
                let fields = [all.in_office, all.present, all.absent, all.excused, all.proxies, all.voters];
                let names = ["in_office", "present", "absent", "excused", "proxies", "voters"];
                for (field, want) in names.into_iter().zip(fields) {
                    assert_eq!(one(field), want, "document {index}, {field} in {region:?}");
                    stated += usize::from(want.is_some());
                }
            }
        }
        assert!(stated > 100, "the documents state totals ({stated})");
    }

    #[test]
    fn list_splitting_keeps_proxy_phrases_and_parentheses() {
        assert_eq!(
            split_list(
                "Olivier TURPIN, Maire, et Mélanie DAZIN, Jacques DURIEU et Alain DUFRENE, Conseillers Municipaux."
            ),
            ["Olivier TURPIN", "Maire", "Mélanie DAZIN", "Jacques DURIEU", "Alain DUFRENE", "Conseillers Municipaux"]
        );
        assert_eq!(
            split_list("Hélène HAVRET, qui donne pouvoir à Mélanie DAZIN\nM. A (pouvoir à M. B, adjoint)"),
            ["Hélène HAVRET, qui donne pouvoir à Mélanie DAZIN", "M. A (pouvoir à M. B, adjoint)"]
        );
    }

    #[test]
    fn prose_lists_with_stated_counts_and_proxies() {
        let r = roll(
            "- En exercice : 15\n- Présents : 3\n\nOlivier TURPIN, Maire, et Mélanie DAZIN-DESLANDES et Alain DUFRENE, Conseillers Municipaux.\n\n- Excusées : 2\n\nHélène HAVRET, qui donne pouvoir à Mélanie DAZIN-DESLANDES\n\nIsabelle DESCAMPS, qui donne pouvoir à Jacques DURIEU\n\nNombre de votants : 15\n",
        );
        assert_eq!(
            summary(&r),
            [
                "Olivier TURPIN|present|",
                "Mélanie DAZIN-DESLANDES|present|",
                "Alain DUFRENE|present|",
                "Hélène HAVRET|excused|Mélanie DAZIN-DESLANDES",
                "Isabelle DESCAMPS|excused|Jacques DURIEU"
            ]
        );
        let c = r.counted.unwrap();
        assert_eq!((c.present, c.excused, c.proxies, c.voters), (Some(3), Some(2), Some(2), Some(5)));
    }

    #[test]
    fn prose_lists_with_civilities_and_non_voting_attendees() {
        let r = roll(
            "Étaient présents : M. Jean-Claude LEROY, Mme Mireille HINGREZ-CÉRÉDA.\n\nExcusé(s) : M. Ludovic LOQUET.\n\nAbsent(s) : M. Steeve BRIOIS.\n\nAssistant également sans voix délibérative : M. Jean-Louis COTTIGNY, Mme Emmanuelle LEVEUGLE\n\nExcusé(s) sans voix délibérative : M. Michel DAGBERT\n",
        );
        assert_eq!(
            summary(&r),
            [
                "Jean-Claude LEROY|present|",
                "Mireille HINGREZ-CÉRÉDA|present|",
                "Ludovic LOQUET|excused|",
                "Steeve BRIOIS|absent|"
            ]
        );
        assert_eq!(r.members[0].title.as_deref(), Some("M."));
        assert_eq!(r.non_voting_attendees, ["Jean-Louis COTTIGNY", "Emmanuelle LEVEUGLE", "Michel DAGBERT"]);
    }

    #[test]
    fn proxy_markers_pair_giver_and_holder() {
        let r = roll(
            "+ Présents : Jean-Pierre (Pr*), Anne-Marie, Agnès (Pr**),\n Mario.\n+ Absents excusés : Marielle (Pr**), Marc, David (Pr*).\n",
        );
        assert_eq!(
            summary(&r),
            [
                "Jean-Pierre|present|",
                "Anne-Marie|present|",
                "Agnès|present|",
                "Mario|present|",
                "Marielle|excused|Agnès",
                "Marc|excused|",
                "David|excused|Jean-Pierre"
            ]
        );
    }

    #[test]
    fn proxy_lists_complete_the_roll() {
        let r =
            roll("Présents : M. A DURAND, Mme B MARTIN\nAbsents : M. C PETIT\nPouvoirs : M. C PETIT à Mme B MARTIN\n");
        assert_eq!(summary(&r), ["A DURAND|present|", "B MARTIN|present|", "C PETIT|absent|Mme B MARTIN"]);
    }

    #[test]
    fn checkbox_table_with_groups_and_totals_row() {
        let text = "Collectivité\tMembre\tPrésents\tAbsents\tExcusés\tPouvoir à\nConseil régional\tM. Charles BAREGE\t☐\t☐\t☒\tMme DEFOSSE\n\tMme Annie DEFOSSE\t☒\t☐\t☐\nDépartement du Nord\tM. Luc MONNET\t☒\t☐\t☐\n\t\t2\t0\t1\t1\n\nLe quorum étant atteint";
        let r = roll(text);
        assert_eq!(
            summary(&r),
            ["Charles BAREGE|excused|Mme DEFOSSE", "Annie DEFOSSE|present|", "Luc MONNET|present|"]
        );
        assert_eq!(r.members[1].group.as_deref(), Some("Conseil régional"));
        assert_eq!(r.members[2].group.as_deref(), Some("Département du Nord"));
        assert_eq!(
            (r.table_totals.present, r.table_totals.excused, r.table_totals.proxies),
            (Some(2), Some(1), Some(1))
        );
        let span = r.members[0].span.unwrap();
        assert_eq!(&text[span[0]..span[1]], "M. Charles BAREGE");
    }

    #[test]
    fn a_table_flattened_to_one_cell_per_line() {
        let text = "Collectivité\nMembre\nPrésents\nAbsents\nExcusés\nPouvoir à\nConseil régional\nM. Charles BAREGE\n☐\n☐\n☒\nMme DEFOSSE\nMme Annie DEFOSSE\n☒\n☐\n☐\nDépartement du Nord\nM. Luc MONNET\n☒\n☐\n☐\nM. Paul PETIT\n☐\n☒\n☐\nM. MONNET\n\nLe quorum étant atteint";
        let r = roll(text);
        assert_eq!(
            summary(&r),
            [
                "Charles BAREGE|excused|Mme DEFOSSE",
                "Annie DEFOSSE|present|",
                "Luc MONNET|present|",
                "Paul PETIT|absent|M. MONNET"
            ]
        );
        assert_eq!(r.members[2].group.as_deref(), Some("Département du Nord"));
    }

    #[test]
    fn a_table_of_box_rows_from_a_pdf() {
        let text = "Collectivité Membre Présents Absents Excusés Pouvoir à\nConseil régional des Hauts\nde France M. Charles BAREGE ☐ ☐ ☒ Mme DEFOSSE\n\nMme Annie DEFOSSE ☒ ☐ ☐\nDépartement du Pas-de-Calais M. Alain DELANNOY ☐ ☐ ☒ Mme\nMESSEANNE\nM. Luc MONNET ☒ ☐ ☐\n2 0 2 2\nLe quorum étant atteint, le comité peut délibérer.";
        let r = roll(text);
        assert_eq!(
            summary(&r),
            [
                "Charles BAREGE|excused|Mme DEFOSSE",
                "Annie DEFOSSE|present|",
                "Alain DELANNOY|excused|Mme MESSEANNE",
                "Luc MONNET|present|"
            ]
        );
        assert_eq!(r.members[0].group.as_deref(), Some("Conseil régional des Hauts de France"));
        assert_eq!(r.members[3].group.as_deref(), Some("Département du Pas-de-Calais"));
        assert_eq!(
            (r.table_totals.present, r.table_totals.excused, r.table_totals.proxies),
            (Some(2), Some(2), Some(2))
        );
    }

    #[test]
    fn a_bulleted_list_with_functions_after_commas_is_not_a_wrapped_line() {
        let r = roll(
            "Membres présents :\n\n- Mme Manon MESSEANNE, Présidente\n- M. Ludovic BARTHOLOMEUS\n- M. Pierre DISSAUX\n\nObjet : budget",
        );
        assert_eq!(
            summary(&r),
            ["Manon MESSEANNE|present|", "Ludovic BARTHOLOMEUS|present|", "Pierre DISSAUX|present|"]
        );
    }

    #[test]
    fn names_separated_by_dashes() {
        let r =
            roll("Présents : Denis JUVIN - Muriel NIGGEL - Jean-Pierre PLUS – Alessandra STURANI\n\nObjet : budget");
        assert_eq!(
            summary(&r),
            [
                "Denis JUVIN|present|",
                "Muriel NIGGEL|present|",
                "Jean-Pierre PLUS|present|",
                "Alessandra STURANI|present|"
            ]
        );
    }

    #[test]
    fn page_furniture_inside_a_list_is_skipped() {
        let r =
            roll("Étaient présents : M. Jean DUPONT, Mme Marie LEROY,\nPage 1/2\nM. Paul MARTIN.\n\nObjet : budget");
        assert_eq!(summary(&r), ["Jean DUPONT|present|", "Marie LEROY|present|", "Paul MARTIN|present|"]);
    }

    #[test]
    fn stated_totals_in_every_style() {
        let p = Patterns::embedded();
        let text = "Membres en exercice : 19 - Présents : 14 - Représentés : 3 - Votants : 17";
        let t = stated_totals(text, [0, text.len()], &p);
        assert_eq!((t.in_office, t.present, t.proxies, t.voters), (Some(19), Some(14), Some(3), Some(17)));
        let text = "- En exercice : 15\n- Présents : 13\n- Excusées : 2\nNombre de votants : quinze";
        let t = stated_totals(text, [0, text.len()], &p);
        assert_eq!((t.in_office, t.present, t.excused, t.voters), (Some(15), Some(13), Some(2), Some(15)));
    }
}
