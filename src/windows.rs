//! Literal windows: a rule's regex run only around the words it cannot match without.
//!
//! Most pattern rules start with something no literal prefilter can use (a number in
//! words, `^[ \t]*`, a case-insensitive alternation), so the regex engine's automaton
//! walks every byte of every document for each of them (~600 MB/s, about 11 µs per rule
//! on a 6.7 KB deliberation; perf puts half of extraction there). Yet each of those
//! rules holds a word every match must contain (« pour », « secrétaire », « quorum »).
//!
//! At load, [`Windowing::for_pattern`] reads the pattern's syntax tree for
//! - a set of *anchor* literals, one of which occurs inside every match (ASCII case
//!   folded, other letters spelled out as the pattern's own case variants), and
//! - an upper bound on a match's length, as `c + l·L + w·W` where `L` is the longest line
//!   of the text searched and `W` its longest run of blanks, whitespace or hyphens (a
//!   part that cannot cross a line is never longer than the longest line).
//!
//! At search time, one pass over an ASCII-lower-cased copy of the text finds the anchors
//! of every rule of the pattern set at once ([`AnchorIndex`], one Aho-Corasick automaton,
//! searched once per text); each occurrence of a rule's anchors opens a window of the bound's width
//! on both sides, overlapping windows are merged, and the regex runs inside each window
//! only. The matches are exactly those of a
//! scan over the whole text: every match holds an anchor, so it lies inside that anchor's
//! window; windows are disjoint, so a scan restarted at each window sees the leftmost
//! match first; a window ends before a line feed (or at the end), where cutting the text
//! changes no assertion (`$`, `\b`) that a rule compiled in multi-line mode can use, and
//! the search starts inside the whole text, so look-behind sees what precedes it.
//! `tests` below and `tests/windows.rs` check the equality on every rule and text we have.
//!
//! The copy and the shape are made once per text and kept in a small per-thread memo
//! (`Prepared`), found again by content, not by address: a text is equal to the one kept
//! (memcmp, a fraction of a microsecond) or is a part of it, at the offset its address
//! suggests and with the same bytes. So the extractors keep taking `&str`, and a stale
//! entry can never be used for another text.
//!
//! A short text (a word, a cell, a line) without any anchor is answered « no match »
//! without starting the regex.
//!
//! When the windows would cost about as much as one scan (most of the text covered, or
//! many small searches), or the pattern gives no anchor or no bound, the regex simply
//! scans the whole text.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Captures, Match, Regex};
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// At most this many anchor strings per rule (case variants of accented letters and
/// alternatives multiply them); beyond it, a shorter run of literals is used.
const MAX_ANCHORS: usize = 64;

/// An anchor shorter than this occurs too often to save anything (measured on generated
/// documents: 1 byte made extraction 7 % slower, 2 bytes no faster).
const MIN_ANCHOR_LEN: usize = 3;

/// Texts shorter than this are scanned whole: the anchor pass would cost more than it saves.
const MIN_WINDOWED_TEXT: usize = 512;

/// What starting one more search costs, in bytes the automaton could scan meanwhile
/// (measured: ~0.5 µs a search, ~600 MB/s a scan): many small windows can cost more
/// than one scan of the whole text.
const SEARCH_COST: usize = 300;

/// How a rule can be run inside windows around its anchors.
#[derive(Debug, Clone)]
pub struct Windowing {
    anchors: Anchors,
    /// The anchors as strings, for [`share_anchors`].
    anchor_strings: Vec<Vec<u8>>,
    longest_anchor: usize,
    bound: Bound,
    /// The pattern set's shared anchor index and this rule's anchors in it, once
    /// [`share_anchors`] has run: searched instead of `anchors` in long texts.
    shared: Option<(Arc<AnchorIndex>, Box<[u32]>)>,
}

/// An upper bound on a match's length in bytes: `fixed + lines·L + blanks·W`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Bound {
    fixed: usize,
    lines: usize,
    blanks: usize,
}

impl Bound {
    fn fixed(n: usize) -> Bound {
        Bound { fixed: n, ..Bound::default() }
    }

    /// Each coefficient of `self` and `other` combined by `f`.
    fn zip(self, other: Bound, f: fn(usize, usize) -> usize) -> Bound {
        Bound {
            fixed: f(self.fixed, other.fixed),
            lines: f(self.lines, other.lines),
            blanks: f(self.blanks, other.blanks),
        }
    }

    fn add(self, other: Bound) -> Bound {
        self.zip(other, usize::saturating_add)
    }

    fn max(self, other: Bound) -> Bound {
        self.zip(other, usize::max)
    }

    fn times(self, n: usize) -> Bound {
        Bound {
            fixed: self.fixed.saturating_mul(n),
            lines: self.lines.saturating_mul(n),
            blanks: self.blanks.saturating_mul(n),
        }
    }

    fn evaluate(self, shape: &TextShape) -> usize {
        self.fixed
            .saturating_add(self.lines.saturating_mul(shape.longest_line))
            .saturating_add(self.blanks.saturating_mul(shape.longest_blank_run))
    }
}

/// What the bound needs to know of a text: its longest line and its longest run of
/// blanks, whitespace or hyphens (in bytes, line feeds included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextShape {
    pub longest_line: usize,
    pub longest_blank_run: usize,
}

impl TextShape {
    /// Measures a text: lines with memchr, blank runs by skipping, with a byte table,
    /// what cannot begin a blank (about 2 ns a byte for a char-by-char loop, a sixth of
    /// the cost of preparing a text for windowed searches).
    pub fn of(text: &str) -> TextShape {
        let bytes = text.as_bytes();
        let mut longest_line = 0;
        let mut line_start = 0;
        for line_feed in memchr::memchr_iter(b'\n', bytes) {
            longest_line = longest_line.max(line_feed - line_start);
            line_start = line_feed + 1;
        }
        longest_line = longest_line.max(bytes.len() - line_start);
        let mut longest_blank_run = 0;
        let mut run = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if !MAY_BEGIN_BLANK[b as usize] {
                run = 0;
                i += 1;
            } else if b < 0x80 {
                // In ASCII the table is exact: a blank.
                run += 1;
                longest_blank_run = longest_blank_run.max(run);
                i += 1;
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                run = if is_blank(c) { run + c.len_utf8() } else { 0 };
                longest_blank_run = longest_blank_run.max(run);
                i += c.len_utf8();
            }
        }
        TextShape { longest_line, longest_blank_run }
    }
}

/// The bytes that may begin a blank ([`is_blank`]): ASCII whitespace and the hyphen, and
/// the first bytes of the UTF-8 forms of the other white space (U+0085 and U+00A0 begin
/// with C2, U+1680 with E1, U+2000–U+205F with E2, U+3000 with E3). Any other byte is
/// skipped without decoding, and in ASCII the table is exact (a test checks every
/// character against it).
static MAY_BEGIN_BLANK: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b'\t'..=b'\r' | b' ' | b'-' | 0xC2 | 0xE1 | 0xE2 | 0xE3);
        b += 1;
    }
    table
};

/// A text made ready for windowed searches: a copy (to recognise it), its ASCII-lower-cased
/// bytes (where anchors are looked for) and its shape.
struct Prepared {
    text: Box<str>,
    folded: Box<[u8]>,
    shape: TextShape,
    /// Where the text was when it was prepared: a hint for finding a part's offset, always
    /// checked against the bytes.
    address: usize,
    /// Where the anchors of a shared index occur, found by the first windowed search
    /// that uses the index.
    occurrences: RefCell<Option<Rc<Occurrences>>>,
}

/// Texts prepared per thread: a document's extractors search the same text (or parts of
/// it) many times in a row, on one thread.
const PREPARED_KEPT: usize = 2;

thread_local! {
    static PREPARED: RefCell<Vec<Rc<Prepared>>> = const { RefCell::new(Vec::new()) };
}

/// The prepared text that `text` is, or is a part of, with the part's offset; made and
/// kept when there is none.
fn prepared(text: &str) -> (Rc<Prepared>, usize) {
    let address = text.as_ptr() as usize;
    PREPARED.with(|kept| {
        let mut kept = kept.borrow_mut();
        let found = kept.iter().find_map(|p| {
            let offset = address.wrapping_sub(p.address);
            (offset <= p.text.len()
                && p.text.len() - offset >= text.len()
                && p.text.as_bytes()[offset..offset + text.len()] == *text.as_bytes())
            .then(|| (p.clone(), offset))
        });
        found.unwrap_or_else(|| {
            let p = Rc::new(Prepared {
                text: text.into(),
                folded: text.as_bytes().to_ascii_lowercase().into_boxed_slice(),
                shape: TextShape::of(text),
                address,
                occurrences: RefCell::new(None),
            });
            if kept.len() == PREPARED_KEPT {
                kept.remove(0);
            }
            kept.push(p.clone());
            (p, 0)
        })
    })
}

impl Windowing {
    /// The windowing of a pattern (the text given to `Regex::new`), or None when it has no
    /// usable anchor, no bound, may match the empty string or uses an assertion that a cut
    /// text would change (`\z`, CRLF mode).
    pub fn for_pattern(pattern: &str) -> Option<Windowing> {
        let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
        let props = hir.properties();
        if props.minimum_len().is_none_or(|n| n == 0) {
            return None;
        }
        let looks = props.look_set();
        if looks.contains(Look::End) || looks.contains(Look::EndCRLF) || looks.contains(Look::StartCRLF) {
            return None;
        }
        let anchors = required_literals(&hir)?;
        if anchors.iter().map(Vec::len).min()? < MIN_ANCHOR_LEN {
            return None;
        }
        let bound = length_bound(&hir)?;
        let longest_anchor = anchors.iter().map(Vec::len).max()?;
        let searcher = Anchors::new(&anchors)?;
        Some(Windowing { anchors: searcher, anchor_strings: anchors, longest_anchor, bound, shared: None })
    }

    /// The windows of `text` that hold every match, in order and disjoint, or None when
    /// scanning the whole text is cheaper.
    pub fn windows(&self, text: &str) -> Option<Vec<[usize; 2]>> {
        if text.len() < MIN_WINDOWED_TEXT {
            return self.absent_from_short(text).then(Vec::new);
        }
        let (prepared, offset) = prepared(text);
        let reach = self.bound.evaluate(&prepared.shape);
        if reach >= text.len() / 2 {
            return None;
        }
        let spans = self.spans_in(&prepared, offset, text.len());
        let mut windows: Vec<[usize; 2]> = Vec::new();
        let mut covered = 0;
        for [anchor_start, anchor_end] in spans {
            let mut start = anchor_start.saturating_sub(reach);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let end = anchor_end.saturating_add(reach);
            if let Some(last) = windows.last_mut()
                && start <= last[1]
            {
                if end > last[1] {
                    let extended = line_end(text, end);
                    covered += extended - last[1];
                    last[1] = extended;
                }
            } else {
                let end = line_end(text, end);
                covered += end - start;
                windows.push([start, end]);
            }
            if covered + SEARCH_COST * (windows.len() + 1) > text.len() * 3 / 4 {
                return None;
            }
        }
        Some(windows)
    }

    /// Spans of the part `[offset, offset + len)` of a prepared text that hold every
    /// occurrence of the anchors inside it, in order, relative to the part: from the
    /// shared index when there is one, else from the rule's own search.
    fn spans_in(&self, prepared: &Prepared, offset: usize, len: usize) -> Vec<[usize; 2]> {
        match &self.shared {
            Some((index, ids)) => index.spans(&index.occurrences(prepared), ids, offset, len),
            None => self.anchor_spans(&prepared.folded[offset..offset + len]).collect(),
        }
    }

    /// Spans of the ASCII-folded `folded` that hold every occurrence of the anchors, in
    /// order: each occurrence found, widened by the longest anchor to hold those that
    /// overlap it (the search reports non-overlapping occurrences only).
    fn anchor_spans<'a>(&'a self, folded: &'a [u8]) -> impl Iterator<Item = [usize; 2]> + 'a {
        let len = folded.len();
        self.anchors.find_iter(folded).map(move |found| [found.start, (found.end + self.longest_anchor).min(len)])
    }

    /// Whether a short text (a word, a cell, a line) holds none of the anchors, so that
    /// the regex cannot match it: a few nanoseconds where starting the regex costs a few
    /// hundred, and the roll's readers ask it of every item and line of a document.
    fn absent_from_short(&self, text: &str) -> bool {
        let mut folded = [0u8; SHORT_TEXT];
        let Some(folded) = folded.get_mut(..text.len()) else {
            return false;
        };
        folded.copy_from_slice(text.as_bytes());
        folded.make_ascii_lowercase();
        !self.anchors.occur_in(folded)
    }
}

/// The anchors of every windowed rule of a pattern set in one automaton, so that a text
/// is searched once for all of them. One rule's own search is quick (Teddy, several
/// GB/s), but 150 rules made 150 searches of each document: a tenth of extraction (perf).
#[derive(Debug)]
pub struct AnchorIndex {
    /// Tells indexes apart in the per-text memo (one per pattern set).
    id: u64,
    /// Overlapping search: one anchor may lie inside another (« pour », « voix pour »).
    searcher: AhoCorasick,
    /// Each anchor's length, by its pattern id in `searcher`.
    lens: Vec<u32>,
}

/// Where each anchor of one [`AnchorIndex`] occurs in one text: the starts of anchor
/// `i` are `starts[bounds[i]..bounds[i + 1]]`, in text order.
#[derive(Debug)]
struct Occurrences {
    index: u64,
    bounds: Vec<u32>,
    starts: Vec<u32>,
}

/// Gives the windowed rules among `regexes` one shared anchor index. Each rule's windows
/// are still built around every occurrence of its own anchors, so its matches stay those
/// of a whole scan; only the search for the anchors is shared. The rules keep their own
/// searches when the automaton cannot be built.
pub fn share_anchors<'a>(regexes: impl IntoIterator<Item = &'a mut WindowedRegex>) {
    static NEXT_ID: AtomicU64 = AtomicU64::new(1);
    let mut windowings: Vec<&mut Windowing> = regexes.into_iter().filter_map(|r| r.windowing.as_mut()).collect();
    // Each distinct anchor once, by id, and each rule's anchors as ids.
    let mut ids: HashMap<&[u8], u32> = HashMap::new();
    let mut strings: Vec<&[u8]> = Vec::new();
    let rule_ids: Vec<Box<[u32]>> = windowings
        .iter()
        .map(|windowing| {
            let mine = windowing.anchor_strings.iter().map(|anchor| {
                *ids.entry(anchor).or_insert_with(|| {
                    strings.push(anchor);
                    (strings.len() - 1) as u32
                })
            });
            mine.collect()
        })
        .collect();
    // The DFA (3.6 MB for the embedded set's 1,134 anchors) measured as fast as the
    // contiguous NFA (150 KB), and a little steadier.
    let Ok(searcher) = AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&strings)
    else {
        return;
    };
    let lens = strings.iter().map(|s| s.len() as u32).collect();
    let index = Arc::new(AnchorIndex { id: NEXT_ID.fetch_add(1, Ordering::Relaxed), searcher, lens });
    for (windowing, mine) in windowings.iter_mut().zip(rule_ids) {
        windowing.shared = Some((index.clone(), mine));
    }
}

impl AnchorIndex {
    /// Where every anchor occurs in a prepared text: searched once per text and index.
    fn occurrences(&self, prepared: &Prepared) -> Rc<Occurrences> {
        if let Some(found) = prepared.occurrences.borrow().as_ref().filter(|o| o.index == self.id) {
            return found.clone();
        }
        // (anchor, start) as one key: sorted, they are grouped by anchor, in text order.
        let mut keys: Vec<u64> = self
            .searcher
            .find_overlapping_iter(&prepared.folded[..])
            .map(|m| (u64::from(m.pattern().as_u32()) << 32) | m.start() as u64)
            .collect();
        keys.sort_unstable();
        let mut bounds = vec![0u32; self.lens.len() + 1];
        for key in &keys {
            bounds[(key >> 32) as usize + 1] += 1;
        }
        for i in 1..bounds.len() {
            bounds[i] += bounds[i - 1];
        }
        let starts = keys.iter().map(|&key| key as u32).collect();
        let found = Rc::new(Occurrences { index: self.id, bounds, starts });
        *prepared.occurrences.borrow_mut() = Some(found.clone());
        found
    }

    /// The spans of the occurrences of anchors `ids` that lie inside `[offset, offset +
    /// len)`, relative to it, in order.
    fn spans(&self, found: &Occurrences, ids: &[u32], offset: usize, len: usize) -> Vec<[usize; 2]> {
        let mut spans = Vec::new();
        for &id in ids {
            let id = id as usize;
            let anchor_len = self.lens[id] as usize;
            let Some(last_start) = (offset + len).checked_sub(anchor_len) else {
                continue;
            };
            let starts = &found.starts[found.bounds[id] as usize..found.bounds[id + 1] as usize];
            let from = starts.partition_point(|&start| (start as usize) < offset);
            for &start in starts[from..].iter().take_while(|&&start| start as usize <= last_start) {
                let start = start as usize - offset;
                spans.push([start, start + anchor_len]);
            }
        }
        spans.sort_unstable();
        spans
    }
}

/// The fastest searcher for a rule's anchors: memchr's for one, a packed (Teddy) one for a
/// few, Aho-Corasick's automaton otherwise.
#[derive(Debug, Clone)]
enum Anchors {
    One(memchr::memmem::Finder<'static>),
    Few(aho_corasick::packed::Searcher),
    Many(AhoCorasick),
}

impl Anchors {
    fn new(anchors: &[Vec<u8>]) -> Option<Anchors> {
        if let [one] = anchors {
            return Some(Anchors::One(memchr::memmem::Finder::new(one).into_owned()));
        }
        let packed = aho_corasick::packed::Config::new()
            .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
            .builder()
            .extend(anchors)
            .build();
        if let Some(packed) = packed {
            return Some(Anchors::Few(packed));
        }
        AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostFirst).build(anchors).ok().map(Anchors::Many)
    }

    fn occur_in(&self, haystack: &[u8]) -> bool {
        match self {
            Anchors::One(f) => f.find(haystack).is_some(),
            Anchors::Few(p) => p.find(haystack).is_some(),
            Anchors::Many(ac) => ac.is_match(haystack),
        }
    }

    /// The non-overlapping occurrences, leftmost first.
    fn find_iter<'a>(&'a self, haystack: &'a [u8]) -> Box<dyn Iterator<Item = std::ops::Range<usize>> + 'a> {
        match self {
            Anchors::One(f) => {
                let len = f.needle().len();
                Box::new(f.find_iter(haystack).map(move |at| at..at + len))
            }
            Anchors::Few(p) => Box::new(p.find_iter(haystack).map(|m| m.range())),
            Anchors::Many(ac) => Box::new(ac.find_iter(haystack).map(|m| m.range())),
        }
    }
}

/// The longest text [`Windowing::absent_from_short`] looks at.
const SHORT_TEXT: usize = 256;

/// The first line feed at or after `pos`, or the end of the text.
fn line_end(text: &str, pos: usize) -> usize {
    if pos >= text.len() {
        return text.len();
    }
    memchr::memchr(b'\n', &text.as_bytes()[pos..]).map_or(text.len(), |i| pos + i)
}

/// A rule's regex with its windowing: the same searches as [`Regex`], run in windows when
/// that is cheaper.
#[derive(Debug, Clone)]
pub struct WindowedRegex {
    pub regex: Regex,
    windowing: Option<Windowing>,
}

impl WindowedRegex {
    pub fn new(regex: Regex) -> WindowedRegex {
        let windowing = Windowing::for_pattern(regex.as_str());
        WindowedRegex { regex, windowing }
    }

    /// The pattern's text.
    pub fn as_str(&self) -> &str {
        self.regex.as_str()
    }

    /// Whether the pattern has anchors and a bound (for tests and the rule listing).
    pub fn is_windowed(&self) -> bool {
        self.windowing.is_some()
    }

    /// Spans of `text` that hold every occurrence of the rule's anchors, in order; None
    /// when the rule has no anchors. A line or word of `text` that this rule matches
    /// holds an anchor, so it meets a span: a reader can skip the others.
    pub fn anchor_spans(&self, text: &str) -> Option<Vec<[usize; 2]>> {
        let windowing = self.windowing.as_ref()?;
        let (prepared, offset) = prepared(text);
        Some(windowing.spans_in(&prepared, offset, text.len()))
    }

    fn windows(&self, text: &str) -> Option<Vec<[usize; 2]>> {
        self.windowing.as_ref().and_then(|w| w.windows(text))
    }

    pub fn find_iter<'r, 't>(&'r self, text: &'t str) -> impl Iterator<Item = Match<'t>> + use<'r, 't> {
        match self.windows(text) {
            Some(windows) => Either::Windows(self.find_in(text, windows)),
            None => Either::Whole(self.regex.find_iter(text)),
        }
    }

    fn find_in<'r, 't>(&'r self, text: &'t str, windows: Vec<[usize; 2]>) -> InWindows<'r, 't, Match<'t>> {
        InWindows::new(&self.regex, text, windows, |r, hay, pos| r.find_at(hay, pos).map(|m| (m, m.end())))
    }

    pub fn captures_iter<'r, 't>(&'r self, text: &'t str) -> impl Iterator<Item = Captures<'t>> + use<'r, 't> {
        match self.windows(text) {
            Some(windows) => Either::Windows(InWindows::new(&self.regex, text, windows, |r, hay, pos| {
                r.captures_at(hay, pos).map(|c| {
                    let end = c.get(0).map_or(pos, |m| m.end());
                    (c, end)
                })
            })),
            None => Either::Whole(self.regex.captures_iter(text)),
        }
    }

    pub fn find<'t>(&self, text: &'t str) -> Option<Match<'t>> {
        self.find_iter(text).next()
    }

    pub fn captures<'t>(&self, text: &'t str) -> Option<Captures<'t>> {
        self.captures_iter(text).next()
    }

    pub fn is_match(&self, text: &str) -> bool {
        match self.windows(text) {
            Some(windows) => self.find_in(text, windows).next().is_some(),
            None => self.regex.is_match(text),
        }
    }
}

/// One search or the other, as one iterator type.
enum Either<W, R> {
    Windows(W),
    Whole(R),
}

impl<T, W: Iterator<Item = T>, R: Iterator<Item = T>> Iterator for Either<W, R> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        match self {
            Either::Windows(w) => w.next(),
            Either::Whole(r) => r.next(),
        }
    }
}

/// A search from `pos` in a text cut at some end: the match and where it ends.
type SearchAt<'r, 't, T> = fn(&'r Regex, &'t str, usize) -> Option<(T, usize)>;

/// The matches of one search, window after window. A windowed pattern never matches the
/// empty string, so each search resumes where the last match ended.
struct InWindows<'r, 't, T> {
    regex: &'r Regex,
    text: &'t str,
    windows: Vec<[usize; 2]>,
    next: usize,
    cursor: usize,
    at: SearchAt<'r, 't, T>,
}

impl<'r, 't, T> InWindows<'r, 't, T> {
    fn new(regex: &'r Regex, text: &'t str, windows: Vec<[usize; 2]>, at: SearchAt<'r, 't, T>) -> Self {
        InWindows { regex, text, windows, next: 0, cursor: 0, at }
    }
}

impl<T> Iterator for InWindows<'_, '_, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        while let Some(&[start, end]) = self.windows.get(self.next) {
            let from = start.max(self.cursor);
            if from < end
                && let Some((found, found_end)) = (self.at)(self.regex, &self.text[..end], from)
            {
                self.cursor = found_end;
                return Some(found);
            }
            self.next += 1;
        }
        None
    }
}

/// Whether `pattern` holds a Unicode word boundary (`\b` outside `(?-u:…)`). The regex
/// crate's fast automaton gives up on the first non-ASCII byte of a text when it meets
/// one and the slow one runs instead: the tests of regexes written in code, which run
/// over whole French texts, require ASCII ones.
#[cfg(test)]
pub(crate) fn has_unicode_word_boundary(pattern: &str) -> bool {
    regex_syntax::parse(pattern)
        .expect("a regex written in code parses")
        .properties()
        .look_set()
        .contains_word_unicode()
}

/// Literals one of which every match of `hir` contains (ASCII letters lower-cased),
/// or None when the expression has no such set of acceptable size.
fn required_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    if let Some(pieces) = literal_pieces(hir) {
        return Some(pieces);
    }
    match hir.kind() {
        HirKind::Capture(cap) => required_literals(&cap.sub),
        HirKind::Repetition(rep) if rep.min >= 1 => required_literals(&rep.sub),
        HirKind::Alternation(branches) => {
            let mut all: Vec<Vec<u8>> = Vec::new();
            for branch in branches {
                all.extend(required_literals(branch)?);
                if all.len() > MAX_ANCHORS {
                    return None;
                }
            }
            all.sort();
            all.dedup();
            Some(all)
        }
        HirKind::Concat(parts) => {
            let mut candidates: Vec<Vec<Vec<u8>>> = Vec::new();
            let mut run: Vec<Vec<u8>> = Vec::new();
            for part in parts {
                match literal_pieces(part) {
                    Some(pieces) => {
                        let grown = if run.is_empty() { pieces.clone() } else { cross(&run, &pieces) };
                        if grown.len() <= MAX_ANCHORS {
                            run = grown;
                        } else {
                            candidates.push(std::mem::replace(&mut run, pieces));
                        }
                    }
                    None => {
                        if !run.is_empty() {
                            candidates.push(std::mem::take(&mut run));
                        }
                        if let Some(inner) = required_literals(part) {
                            candidates.push(inner);
                        }
                    }
                }
            }
            if !run.is_empty() {
                candidates.push(run);
            }
            candidates
                .into_iter()
                .max_by_key(|set| (set.iter().map(Vec::len).min().unwrap_or(0), usize::MAX - set.len()))
        }
        _ => None,
    }
}

/// The strings a literal or a small class stands for, ASCII letters lower-cased.
fn literal_pieces(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Literal(lit) => Some(vec![lit.0.to_ascii_lowercase()]),
        HirKind::Class(class) => class_pieces(class),
        _ => None,
    }
}

/// Every string of `left` followed by every string of `right`.
fn cross(left: &[Vec<u8>], right: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let mut out = Vec::with_capacity(left.len() * right.len());
    for l in left {
        for r in right {
            let mut s = l.clone();
            s.extend_from_slice(r);
            out.push(s);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The few characters a small class stands for (case variants of one letter, « [ée] »),
/// ASCII letters lower-cased, or None for a wide class.
fn class_pieces(class: &Class) -> Option<Vec<Vec<u8>>> {
    let mut pieces: Vec<Vec<u8>> = Vec::new();
    match class {
        Class::Unicode(c) => {
            for range in c.ranges() {
                if (range.end() as u32) - (range.start() as u32) > 8 {
                    return None;
                }
                for ch in range.start()..=range.end() {
                    let mut buf = [0u8; 4];
                    pieces.push(ch.to_ascii_lowercase().encode_utf8(&mut buf).as_bytes().to_vec());
                }
            }
        }
        Class::Bytes(c) => {
            for range in c.ranges() {
                if range.end() - range.start() > 8 {
                    return None;
                }
                for b in range.start()..=range.end() {
                    pieces.push(vec![b.to_ascii_lowercase()]);
                }
            }
        }
    }
    pieces.sort();
    pieces.dedup();
    (pieces.len() <= 4).then_some(pieces)
}

/// Whether `hir` can match a text holding a line feed.
fn crosses_lines(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(lit) => lit.0.contains(&b'\n'),
        HirKind::Class(Class::Unicode(c)) => c.ranges().iter().any(|r| r.start() <= '\n' && '\n' <= r.end()),
        HirKind::Class(Class::Bytes(c)) => c.ranges().iter().any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        HirKind::Repetition(rep) => rep.max != Some(0) && crosses_lines(&rep.sub),
        HirKind::Capture(cap) => crosses_lines(&cap.sub),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => parts.iter().any(crosses_lines),
    }
}

/// A blank: whitespace, or the hyphen that joins number words (« vingt-deux »).
fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '-'
}

/// Whether every character `hir` can match is a blank.
fn only_blanks(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => c.ranges().iter().all(|r| (r.start()..=r.end()).all(is_blank)),
        HirKind::Class(Class::Bytes(c)) => {
            // A byte above 0x7F is a piece of a character, never a blank by itself.
            c.ranges().iter().all(|r| (r.start()..=r.end()).all(|b| b.is_ascii() && is_blank(b as char)))
        }
        HirKind::Literal(lit) => std::str::from_utf8(&lit.0).is_ok_and(|s| s.chars().all(is_blank)),
        // « (?:[ \t]*\n)* », blank lines: made of blanks only, so a run of blanks.
        HirKind::Concat(parts) | HirKind::Alternation(parts) => parts.iter().all(only_blanks),
        HirKind::Repetition(rep) => only_blanks(&rep.sub),
        HirKind::Capture(cap) => only_blanks(&cap.sub),
        HirKind::Empty => true,
        HirKind::Look(_) => false,
    }
}

/// An upper bound on the length of a match of `hir`, or None when none can be given.
fn length_bound(hir: &Hir) -> Option<Bound> {
    let structural = match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(Bound::default()),
        HirKind::Literal(lit) => Some(Bound::fixed(lit.0.len())),
        HirKind::Class(_) => Some(Bound::fixed(hir.properties().maximum_len().unwrap_or(4))),
        HirKind::Capture(cap) => length_bound(&cap.sub),
        HirKind::Concat(parts) => {
            parts.iter().try_fold(Bound::default(), |sum, part| length_bound(part).map(|b| sum.add(b)))
        }
        HirKind::Alternation(parts) => {
            parts.iter().try_fold(Bound::default(), |most, part| length_bound(part).map(|b| most.max(b)))
        }
        HirKind::Repetition(rep) => match rep.max {
            Some(max) => length_bound(&rep.sub).map(|b| b.times(max as usize)),
            // A run of blanks is no longer than the text's longest one.
            None if only_blanks(&rep.sub) => Some(Bound { blanks: 1, ..Bound::default() }),
            None => None,
        },
    };
    if crosses_lines(hir) {
        return structural;
    }
    // Within one line: never longer than the longest line. Both bounds hold; a blank run
    // is short where a line may be long (a PDF's), so the structural one is kept when it
    // counts no line.
    match structural {
        Some(b) if b.lines == 0 => Some(b),
        _ => Some(Bound { lines: 1, ..Bound::default() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_word_boundaries_are_told_from_ascii_ones() {
        assert!(has_unicode_word_boundary(r"\bn°"));
        assert!(has_unicode_word_boundary(r"(?i)x|(?:a\B)+"));
        assert!(!has_unicode_word_boundary(r"(?-u:\b)n°(?-u:\B)"));
        assert!(!has_unicode_word_boundary(r"(?m)^[nN]°$"));
    }

    fn windowed(pattern: &str) -> WindowedRegex {
        WindowedRegex::new(Regex::new(pattern).unwrap())
    }

    fn anchors(pattern: &str) -> Vec<String> {
        let hir = regex_syntax::Parser::new().parse(pattern).unwrap();
        required_literals(&hir).unwrap().into_iter().map(|a| String::from_utf8(a).unwrap()).collect()
    }

    #[test]
    fn the_anchor_is_the_longest_run_of_literals_every_match_holds() {
        assert_eq!(anchors(r"(?i)(?P<n>[0-9]+)[ \t]+voix[ \t]+pour"), vec!["pour"]);
        // « s » has a case variant outside ASCII (« ſ »), « [ée] » three: six spellings.
        let secretary = anchors(r"(?mi)^[ \t]*secr[ée]taire");
        assert_eq!(secretary.len(), 6, "{secretary:?}");
        assert!(secretary.contains(&"secrétaire".to_string()) && secretary.contains(&"secretaire".to_string()));
        assert_eq!(
            anchors(r"(?i)quorum|tribunal administratif"),
            vec!["quorum", "tribunal administratif", "tribunal adminiſtratif"]
        );
    }

    #[test]
    fn accented_capitals_are_spelled_out_and_ascii_is_folded() {
        let found = anchors(r"(?i)délibéré");
        assert!(found.contains(&"délibéré".to_string()), "{found:?}");
        assert!(found.contains(&"dÉlibÉrÉ".to_string()), "{found:?}");
        assert!(found.iter().all(|a| !a.contains('D')), "{found:?}");
    }

    #[test]
    fn a_bound_counts_lines_for_what_stays_on_one_line_and_runs_for_blanks() {
        let hir = |p: &str| regex_syntax::Parser::new().parse(p).unwrap();
        assert_eq!(length_bound(&hir("pour")), Some(Bound::fixed(4)));
        assert_eq!(length_bound(&hir(r"pour[^\n]*")), Some(Bound { lines: 1, ..Bound::default() }));
        assert_eq!(length_bound(&hir(r"pour\s+contre")), Some(Bound { fixed: 10, blanks: 1, lines: 0 }));
        assert_eq!(length_bound(&hir(r"pour[ \t]+contre")), Some(Bound { fixed: 10, blanks: 1, lines: 0 }));
        assert_eq!(length_bound(&hir(r"pour[ \t]+[a-z]+")), Some(Bound { lines: 1, ..Bound::default() }));
        assert_eq!(length_bound(&hir(r"(?s)pour.*")), None);
        assert_eq!(length_bound(&hir(r"a(?:[ \t]*\n)*b")), Some(Bound { fixed: 2, blanks: 1, lines: 0 }));
        assert_eq!(length_bound(&hir(r"a[^)]*b")), None);
    }

    #[test]
    fn a_text_shape_measures_lines_and_blank_runs_across_them() {
        let shape = TextShape::of("abc\n\n  \n\u{a0}xy\nlonger line");
        assert_eq!(shape.longest_line, "longer line".len());
        let run = "\n\n  \n\u{a0}".len();
        assert_eq!(shape.longest_blank_run, run);
        assert_eq!(TextShape::of("a \t b").longest_blank_run, 3);
        assert_eq!(TextShape::of("vingt - deux").longest_blank_run, 3);
    }

    #[test]
    fn every_blank_begins_with_a_byte_the_shape_table_stops_at() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32).filter(|&c| is_blank(c)) {
            let mut buf = [0u8; 4];
            let first = c.encode_utf8(&mut buf).as_bytes()[0];
            assert!(MAY_BEGIN_BLANK[first as usize], "{c:?} begins with {first:#x}");
        }
        for b in 0..0x80u8 {
            assert_eq!(MAY_BEGIN_BLANK[b as usize], is_blank(b as char), "{b:#x}");
        }
        // And the shape is the char-by-char one, on a text with every kind of blank.
        let text = "a \t\u{a0}\u{2009}-\u{3000}b\u{85}\u{1680}c\u{e9}\u{2003}\u{2003}\u{2003}\n\r\n\u{202f}d";
        assert_eq!(TextShape::of(text).longest_blank_run, shape_char_by_char(text).longest_blank_run);
        assert_eq!(TextShape::of("ab\ncde\n").longest_line, 3);
        assert_eq!(TextShape::of("").longest_line, 0);
    }

    /// The shape measured one character at a time, as it was before the byte table.
    fn shape_char_by_char(text: &str) -> TextShape {
        let (mut longest_line, mut line) = (0, 0);
        let (mut longest_blank_run, mut run) = (0, 0);
        for c in text.chars() {
            line = if c == '\n' { 0 } else { line + c.len_utf8() };
            longest_line = longest_line.max(line);
            run = if is_blank(c) { run + c.len_utf8() } else { 0 };
            longest_blank_run = longest_blank_run.max(run);
        }
        TextShape { longest_line, longest_blank_run }
    }

    proptest::proptest! {
        #[test]
        fn the_shape_is_the_char_by_char_one(text in "[a-zé\\- \t\n\r\u{a0}\u{85}\u{1680}\u{2000}-\u{200b}\u{2028}\u{202f}\u{205f}\u{3000}\u{e9}\u{20ac}]{0,80}") {
            proptest::prop_assert_eq!(TextShape::of(&text), shape_char_by_char(&text));
        }
    }

    #[test]
    fn windowed_matches_are_the_whole_scan_matches() {
        let filler = "Le conseil municipal, après en avoir délibéré, décide.\n".repeat(30);
        let text = format!(
            "{filler}Votants : 15\nVoix pour : 14\nContre : 1\n{filler}  15 voix pour\n{filler}quatorze\n  voix pour\n{filler}POUR : 3"
        );
        for pattern in [
            r"(?mi)(?-u:\b)(?:(?:voix|votes?|suffrages)\s+)?pour\s*:\s*(?P<n>[0-9]{1,4})",
            r"(?mi)(?P<n>(?-u:\b)[0-9]{1,4}|quatorze)\s+voix\s+pour",
            r"(?mi)^[ \t]*(?P<n>[0-9]+)[ \t]+voix",
            r"(?mi)contre\s*:\s*[0-9]+",
        ] {
            let w = windowed(pattern);
            assert!(w.is_windowed(), "{pattern}");
            assert!(w.windowing.as_ref().unwrap().windows(&text).is_some(), "{pattern} should run in windows");
            let whole: Vec<_> = w.regex.captures_iter(&text).map(|c| format!("{:?}", c)).collect();
            let windows: Vec<_> = w.captures_iter(&text).map(|c| format!("{:?}", c)).collect();
            assert_eq!(whole, windows, "{pattern}");
            let whole: Vec<_> = w.regex.find_iter(&text).map(|m| m.range()).collect();
            let windows: Vec<_> = w.find_iter(&text).map(|m| m.range()).collect();
            assert_eq!(whole, windows, "{pattern}");
        }
    }

    #[test]
    fn a_shared_index_finds_each_rules_anchors_inside_a_text_or_a_part() {
        let mut rules =
            [r"(?mi)voix\s+pour\s*:\s*[0-9]+", r"(?mi)pour\s*:\s*[0-9]+", r"(?mi)contre\s*:\s*[0-9]+"].map(windowed);
        share_anchors(rules.iter_mut());
        assert!(rules.iter().all(|r| r.windowing.as_ref().unwrap().shared.is_some()));
        let filler = "Le conseil municipal, après en avoir délibéré, décide.\n".repeat(20);
        let text = format!("{filler}Voix pour : 14\n{filler}Pour : 3 - contre : 1\n{filler}");
        let first_pour = text.find("pour").unwrap();
        // « pour » inside « voix pour » too: the search reports overlapping anchors.
        assert_eq!(rules[1].anchor_spans(&text).unwrap()[0], [first_pour, first_pour + 4]);
        assert_eq!(rules[1].anchor_spans(&text).unwrap().len(), 2);
        // A part holds the occurrences that lie wholly inside it, at its own offsets.
        let part = &text[first_pour + 1..];
        let second_pour = part.find("Pour").unwrap();
        assert_eq!(rules[1].anchor_spans(part).unwrap(), vec![[second_pour, second_pour + 4]]);
        for rule in &rules {
            for t in [&text[..], part, &text[..first_pour + 2], &text[filler.len()..]] {
                let whole: Vec<_> = rule.regex.find_iter(t).map(|m| m.range()).collect();
                assert_eq!(rule.find_iter(t).map(|m| m.range()).collect::<Vec<_>>(), whole, "{}", rule.as_str());
            }
        }
    }

    #[test]
    fn an_anchor_on_every_line_means_a_whole_scan() {
        let text = "Le conseil municipal, après en avoir délibéré, décide.\n".repeat(30);
        let w = windowed(r"(?mi)d[ée]lib[ée]r[ée]");
        assert!(w.is_windowed());
        assert_eq!(w.windowing.as_ref().unwrap().windows(&text), None);
        assert_eq!(w.find_iter(&text).count(), 30);
    }

    #[test]
    fn a_short_text_without_an_anchor_is_no_match_without_the_regex() {
        let w = windowed(r"(?mi)^\s*pr[ée]sents?\s*$");
        let windowing = w.windowing.as_ref().unwrap();
        assert!(windowing.absent_from_short("Absents"));
        assert!(!windowing.absent_from_short("PRÉSENTS"));
        assert!(!windowing.absent_from_short(&"x".repeat(SHORT_TEXT + 1)), "too long to tell");
        assert!(!w.is_match("Absents") && w.is_match("PRÉSENTS") && w.is_match("  présent "));
        assert_eq!(w.find_iter("Excusés").count(), 0);
        let spans = |text: &str| w.anchor_spans(text).unwrap();
        assert!(spans("Absents Excusés").is_empty() && !spans("Présents Absents").is_empty());
    }

    #[test]
    fn patterns_without_anchor_or_with_end_of_text_scan_the_whole_text() {
        assert!(!windowed(r"[0-9]+").is_windowed());
        assert!(!windowed(r"(?i)pour\z").is_windowed());
        assert!(!windowed(r"(?i)(?:pour)?").is_windowed());
        assert!(!windowed(r"(?s)quorum.*").is_windowed());
    }
}
