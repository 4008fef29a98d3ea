//! Normalization: an ordered list of named cleaning steps that turn a decoded document
//! (plain text, Markdown or HTML) into the one text every extractor reads and every span
//! points into. Each step is a plain `&str -> String` function, testable alone.
//!
//! What the steps keep on purpose: line breaks (lists and tables are line-based), tabs
//! (table cells), French quotes « » (titles quote names with them), and checkboxes, which
//! become ☒ (ticked) and ☐ (empty) so that an attendance table keeps its meaning.

use std::sync::LazyLock;

use regex::Regex;

use crate::read::Format;

pub const TICKED: char = '☒';
pub const UNTICKED: char = '☐';

type Step = fn(&str) -> String;

/// The steps in the order they run, with the names `--explain`-style tooling can show.
pub fn steps(format: Format) -> Vec<(&'static str, Step)> {
    let mut steps: Vec<(&'static str, Step)> = Vec::new();
    steps.push(("line_endings", line_endings));
    if format == Format::Html {
        steps.push(("html_to_text", html_to_text));
    } else {
        // Text exports of office documents often keep inline HTML (checkboxes, <b>).
        steps.push(("inline_html", inline_html));
    }
    steps.extend([
        ("markdown", markdown as Step),
        ("spaces", spaces),
        ("page_breaks", page_breaks),
        ("quotes_and_glyphs", quotes_and_glyphs),
        ("superscripts", superscripts),
        ("numero_sign", numero_sign),
        ("line_end_hyphens", line_end_hyphens),
        ("trim_lines", trim_lines),
    ]);
    steps
}

/// Runs every step in order.
pub fn normalize(text: &str, format: Format) -> String {
    let mut out = text.to_string();
    for (_, step) in steps(format) {
        out = step(&out);
    }
    out
}

fn line_endings(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// Named and numeric character references, for the entities French office HTML uses.
fn decode_entities(s: &str) -> String {
    static ENTITY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});").unwrap());
    ENTITY
        .replace_all(s, |c: &regex::Captures| {
            let body = &c[1];
            let ch = if let Some(hex) = body.strip_prefix("#x").or_else(|| body.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = body.strip_prefix('#') {
                dec.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                named_entity(body)
            };
            ch.map(String::from).unwrap_or_else(|| c[0].to_string())
        })
        .into_owned()
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" | "rsquo" => '\'',
        "ldquo" | "rdquo" | "bdquo" => '"',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "deg" => '°',
        "ordm" => 'º',
        "euro" => '€',
        "sup1" => '¹',
        "sup2" => '²',
        "sup3" => '³',
        "agrave" => 'à',
        "aacute" => 'á',
        "acirc" => 'â',
        "auml" => 'ä',
        "ccedil" => 'ç',
        "egrave" => 'è',
        "eacute" => 'é',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "icirc" => 'î',
        "iuml" => 'ï',
        "ocirc" => 'ô',
        "ouml" => 'ö',
        "ugrave" => 'ù',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "yuml" => 'ÿ',
        "oelig" => 'œ',
        "aelig" => 'æ',
        "Agrave" => 'À',
        "Acirc" => 'Â',
        "Ccedil" => 'Ç',
        "Egrave" => 'È',
        "Eacute" => 'É',
        "Ecirc" => 'Ê',
        "Euml" => 'Ë',
        "Icirc" => 'Î',
        "Iuml" => 'Ï',
        "Ocirc" => 'Ô',
        "Ugrave" => 'Ù',
        "Ucirc" => 'Û',
        "OElig" => 'Œ',
        "AElig" => 'Æ',
        _ => return None,
    })
}

static CHECKBOX: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(?i)<input\b[^>]*>"#).unwrap());

fn checkbox_glyph(tag: &str) -> &'static str {
    let lower = tag.to_ascii_lowercase();
    if !lower.contains("checkbox") && !lower.contains("radio") {
        return "";
    }
    if lower.contains("checked") { "☒" } else { "☐" }
}

/// Inline HTML left in text exports: checkbox inputs become ☒/☐, emphasis and span tags
/// go, `<br>` becomes a line break. Anything else that looks like a tag is left alone:
/// a plain-text deliberation may legitimately quote « <script> ».
fn inline_html(s: &str) -> String {
    static INLINE_TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)</?(?:b|i|u|em|strong|span|font|sup|sub|mark|small)\b[^>]*>|<br\s*/?>").unwrap()
    });
    let s = CHECKBOX.replace_all(s, |c: &regex::Captures| checkbox_glyph(&c[0]));
    INLINE_TAG
        .replace_all(&s, |c: &regex::Captures| if c[0].to_ascii_lowercase().starts_with("<br") { "\n" } else { "" })
        .into_owned()
}

/// A whole HTML page to text: block elements end lines, table cells are separated by
/// tabs (rows stay on one line, as in a text export), scripts and styles are dropped.
fn html_to_text(s: &str) -> String {
    static DROP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?is)<(script|style|head|title)\b.*?</(?:script|style|head|title)\s*>|<!--.*?-->").unwrap()
    });
    let s = DROP.replace_all(s, "");
    let s = CHECKBOX.replace_all(&s, |c: &regex::Captures| checkbox_glyph(&c[0]));
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    // White space in HTML source is layout, not content: collapse it between tags.
    let push_text = |out: &mut String, text: &str| {
        let mut in_space = false;
        for piece in text.split_inclusive([' ', '\t', '\n']) {
            let word = piece.trim_end_matches([' ', '\t', '\n']);
            if !word.is_empty() {
                if in_space {
                    out.push(' ');
                }
                out.push_str(word);
                in_space = false;
            }
            in_space |= word.len() < piece.len();
        }
        if in_space {
            out.push(' ');
        }
    };
    for tag in html_tags(&s) {
        push_text(&mut out, &s[last..tag.start]);
        last = tag.end;
        let name = tag.name.to_ascii_lowercase();
        match name.as_str() {
            // A row's first cell opens its line; the others are tab-separated.
            "td" | "th" if !tag.closing && !out.ends_with('\n') && !out.is_empty() => out.push('\t'),
            // Rows and list items end a line; other blocks end a paragraph, as a blank
            // line does in the text exports the extractors are written for.
            "tr" | "li" => {
                if tag.closing {
                    out.push('\n');
                } else if name == "li" {
                    out.push_str("\n- ");
                }
            }
            "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "table" | "ul" | "ol" | "section" | "article"
            | "header" | "footer" | "blockquote" | "pre" => out.push_str("\n\n"),
            "br" => out.push('\n'),
            _ => {}
        }
    }
    push_text(&mut out, &s[last..]);
    let out = decode_entities(&out);
    // Cells open with a tab after the row's line break; spaces around line breaks go.
    static EDGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[ ]*\n[ ]*").unwrap());
    static MANY_BREAKS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\n{3,}").unwrap());
    let out = EDGE.replace_all(&out, "\n");
    MANY_BREAKS.replace_all(&out, "\n\n").into_owned()
}

/// An HTML tag found by [`html_tags`]: `<name …>` or `</name …>`.
#[derive(Debug, PartialEq)]
struct HtmlTag<'a> {
    start: usize,
    end: usize,
    closing: bool,
    name: &'a str,
}

/// The tags of an HTML text, in order: what `(?s)<(/?)([A-Za-z][A-Za-z0-9]*)\b[^>]*>`
/// matches, found by hand (a regex search with captures per tag was most of this step):
/// a `<`, an optional `/`, a name of ASCII letters and digits that is not followed by a
/// word character, anything but `>`, then `>`.
fn html_tags(s: &str) -> impl Iterator<Item = HtmlTag<'_>> {
    let bytes = s.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
            let start = at + found;
            at = start + 1;
            let closing = bytes.get(at) == Some(&b'/');
            let name_start = at + usize::from(closing);
            let name_len = bytes[name_start..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
            let name_end = name_start + name_len;
            if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
                continue;
            }
            if s[name_end..].chars().next().is_some_and(regex_syntax::is_word_character) {
                continue;
            }
            // No `>` after this name: none after any later `<` either.
            let close = memchr::memchr(b'>', &bytes[name_end..])?;
            let end = name_end + close + 1;
            at = end;
            return Some(HtmlTag { start, end, closing, name: &s[name_start..name_end] });
        }
        None
    })
}

/// Markdown emphasis and headings. Bold markers glued to words on both sides
/// (`2018-27**SYNDICAT`) are what is left of separate blocks run together, so they
/// become line breaks; paired markers around text (`**Vu**`) go; a lone run of stars
/// after a word is content (Couthenans marks proxies « (Pr**) »).
fn markdown(s: &str) -> String {
    static GLUED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"([\w»])\*{2,}([\w«])").unwrap());
    static PAIRED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(^|[^\w*])(?:\*\*|__)([^*_\s][^*]{0,400}?)(?:\*\*|__)").unwrap());
    static HEADING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^[ \t]*#{1,6}[ \t]+").unwrap());
    static ESCAPE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\\([*_#\[\]()\\.-])").unwrap());
    // What is left at a line's edge is a marker whose partner a glued boundary took.
    static EDGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)\*{2,}[ \t]*$|^([ \t]*)\*{2,}(\S)").unwrap());
    // Each pass runs only on a text holding its marker (most plain texts hold none): the
    // passes cannot make a marker appear.
    let mut s = s.to_string();
    if s.contains("**") {
        // Two passes: a glued marker can share a character with the next one.
        for _ in 0..2 {
            s = GLUED.replace_all(&s, "$1\n$2").into_owned();
        }
    }
    if s.contains("**") || s.contains("__") {
        s = PAIRED.replace_all(&s, "$1$2").into_owned();
    }
    if s.contains("**") {
        s = EDGE.replace_all(&s, "$1$2").into_owned();
    }
    if s.contains('#') {
        s = HEADING.replace_all(&s, "").into_owned();
    }
    if s.contains('\\') {
        s = ESCAPE.replace_all(&s, "$1").into_owned();
    }
    s
}

static SPACES: LazyLock<CharTable> = LazyLock::new(|| {
    let to_space = ['\u{a0}', '\u{202f}', '\u{205f}', '\u{3000}'].into_iter().chain('\u{2000}'..='\u{200a}');
    let dropped = ['\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{ad}'];
    CharTable::new(to_space.map(|c| (c, " ")).chain(dropped.map(|c| (c, ""))))
});

/// Non-breaking, narrow and other Unicode spaces become plain spaces; zero-width
/// characters and soft hyphens go. Form feeds stay: they mark page breaks, so that a
/// span can be given its page.
fn spaces(s: &str) -> String {
    SPACES.replace(s)
}

/// A form feed (a page break, as pdftotext writes them before a page's first line) gets
/// a line of its own, so that the line it opened still starts where headings start.
fn page_breaks(s: &str) -> String {
    if !s.contains('\u{c}') {
        return s.to_string();
    }
    s.replace('\u{c}', "\n\u{c}\n")
}

static GLYPHS: LazyLock<CharTable> = LazyLock::new(|| {
    let apostrophes = ['\u{2019}', '\u{2018}', '\u{02bc}', '\u{2032}', '\u{00b4}', '\u{201b}'].map(|c| (c, "'"));
    let quotes = ['\u{201c}', '\u{201d}', '\u{201e}', '\u{2033}'].map(|c| (c, "\""));
    let hyphens = ['\u{2010}', '\u{2011}', '\u{2012}', '\u{2043}', '\u{2212}'].map(|c| (c, "-"));
    let ligatures = [
        ('\u{fb00}', "ff"),
        ('\u{fb01}', "fi"),
        ('\u{fb02}', "fl"),
        ('\u{fb03}', "ffi"),
        ('\u{fb04}', "ffl"),
        ('\u{fb05}', "st"),
        ('\u{fb06}', "st"),
        ('\u{2026}', "..."),
    ];
    CharTable::new(apostrophes.into_iter().chain(quotes).chain(hyphens).chain(ligatures))
});

/// Typographic apostrophes and English quotes to ASCII, ligatures to their letters
/// (but not œ/æ, which are French letters), odd hyphens to `-`.
fn quotes_and_glyphs(s: &str) -> String {
    GLYPHS.replace(s)
}

static LETTERS: LazyLock<CharTable> = LazyLock::new(|| {
    CharTable::new([('ᵉ', "e"), ('ʳ', "r"), ('ᵈ', "d"), ('ˢ', "s"), ('ᵐ', "m"), ('ⁿ', "n"), ('ᵒ', "o")])
});

/// `1^{er}`, `3^ème`, `1<sup>er</sup>` (already unwrapped) and Unicode superscript letters.
fn superscripts(s: &str) -> String {
    static CARET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\^\{([^{}\n]{1,6})\}|\^([a-zà-ÿ]{1,4})").unwrap());
    let s = if s.contains('^') { CARET.replace_all(s, "$1$2") } else { std::borrow::Cow::Borrowed(s) };
    LETTERS.replace(&s)
}

/// Characters to replace (or drop, with ""), looked up only where a text has one of their
/// first bytes: every character these steps replace is outside ASCII, and most French
/// text holds few of them, so unchanged runs are copied whole instead of char by char
/// (measured: three steps went from ~14 µs to ~4 µs each on a 6.8 KB document).
struct CharTable {
    replacements: std::collections::HashMap<char, &'static str>,
    /// Whether a byte is the first byte of one of the characters' UTF-8 encodings.
    first_bytes: [bool; 256],
}

impl CharTable {
    fn new(pairs: impl IntoIterator<Item = (char, &'static str)>) -> CharTable {
        let replacements: std::collections::HashMap<char, &'static str> = pairs.into_iter().collect();
        let mut first_bytes = [false; 256];
        for c in replacements.keys() {
            first_bytes[c.encode_utf8(&mut [0; 4]).as_bytes()[0] as usize] = true;
        }
        CharTable { replacements, first_bytes }
    }

    fn replace(&self, s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = String::with_capacity(s.len());
        let mut copied = 0;
        for (i, &b) in bytes.iter().enumerate() {
            // Only first bytes are marked, and a first byte always starts a character.
            if !self.first_bytes[b as usize] {
                continue;
            }
            let c = s[i..].chars().next().expect("a first byte starts a character");
            if let Some(with) = self.replacements.get(&c) {
                out.push_str(&s[copied..i]);
                out.push_str(with);
                copied = i + c.len_utf8();
            }
        }
        out.push_str(&s[copied..]);
        out
    }
}

/// The spellings of « numéro ». ASCII word boundaries: with a Unicode one the regex
/// crate's fast automaton gives up at the first accented letter of every text (callgrind,
/// 200 documents: 23.7 M instructions with the Unicode one, 5.5 M now).
static NUMERO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)[nN][ ]?[°º˚ᵒ]|(?-u:\b)[nN][oO]\.?[ ]+([0-9])|(?-u:\b)[nN]°").unwrap());

/// `N°`, `nº`, `n˚`, `n °` and `No 12` all become `n°` so patterns need one spelling.
fn numero_sign(s: &str) -> String {
    NUMERO
        .replace_all(s, |c: &regex::Captures| match c.get(1) {
            Some(d) => format!("n° {}", d.as_str()),
            None => "n°".to_string(),
        })
        .into_owned()
}

/// A word broken by a hyphen at a line's end, the next part, and a hyphen after it.
static LINE_END_HYPHEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([A-Za-zÀ-ÿœ]+)-[ \t]*\n[ \t]*([A-Za-zÀ-ÿœ]+)(-?)").unwrap());

/// Whether a hyphen ends a line of `s` (before spaces or tabs): the hyphen regex looks
/// back from every hyphen, and most texts end no line with one.
fn may_join_hyphens(s: &str) -> bool {
    memchr::memchr_iter(b'-', s.as_bytes()).any(|at| s[at + 1..].trim_start_matches([' ', '\t']).starts_with('\n'))
}

/// Words broken across lines by a hyphen (« environne-\nment ») are joined. The hyphen is
/// kept when the break falls inside a compound (« Pas-de-\nCalais », « vingt-\ndeux »):
/// the next part is capitalised, or the first part is a number word.
fn line_end_hyphens(s: &str) -> String {
    if !may_join_hyphens(s) {
        return s.to_string();
    }
    LINE_END_HYPHEN
        .replace_all(s, |c: &regex::Captures| {
            let (left, right, next) = (&c[1], &c[2], &c[3]);
            // « Pas-\nde-Calais »: a part followed by another hyphen is inside a compound.
            let compound = right.starts_with(char::is_uppercase)
                || !next.is_empty()
                || crate::numbers::is_number_word(left)
                || crate::numbers::is_number_word(right)
                || matches!(left.to_lowercase().as_str(), "saint" | "sainte" | "ci" | "là" | "peut" | "c'est");
            if compound { format!("{left}-{right}{next}") } else { format!("{left}{right}{next}") }
        })
        .into_owned()
}

fn trim_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split('\n') {
        out.push_str(line.trim_end_matches([' ', '\t']));
        out.push('\n');
    }
    // Leading blank lines carry nothing; one final newline is enough.
    let trimmed = out.trim_start_matches('\n').trim_end_matches('\n');
    let mut out = trimmed.to_string();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkboxes_become_glyphs_in_text_and_html() {
        let row = "M. A\t<input checked=\"\" type=\"checkbox\"/>\t<input type=\"checkbox\"/>";
        assert_eq!(normalize(row, Format::Text), "M. A\t☒\t☐\n");
        let html =
            "<table><tr><td>M. A</td><td><input type=checkbox checked></td><td><input type=checkbox></td></tr></table>";
        assert_eq!(normalize(html, Format::Html), "M. A\t☒\t☐\n");
    }

    #[test]
    fn html_blocks_become_lines_and_entities_are_decoded() {
        let html = "<html><head><title>x</title></head><body><h1>D&eacute;lib&eacute;ration</h1>\n<p>Le <b>seize</b>\n juin&nbsp;2022</p><script>alert(1)</script></body></html>";
        assert_eq!(normalize(html, Format::Html), "Délibération\n\nLe seize juin 2022\n");
    }

    #[test]
    fn a_quoted_tag_in_plain_text_is_kept() {
        assert_eq!(normalize("texte <script> cité", Format::Text), "texte <script> cité\n");
    }

    #[test]
    fn markdown_markers_go_and_glued_blocks_split() {
        let md = "## DÉLIBÉRATION 2019-12\n**Vu** le code\nDÉLIBÉRATION 2018-27**SYNDICAT****EXTRAIT**";
        assert_eq!(normalize("Agnès (Pr**), Marielle (Pr**)", Format::Text), "Agnès (Pr**), Marielle (Pr**)\n");
        assert_eq!(
            normalize(md, Format::Markdown),
            "DÉLIBÉRATION 2019-12\nVu le code\nDÉLIBÉRATION 2018-27\nSYNDICAT\nEXTRAIT\n"
        );
    }

    #[test]
    fn the_numero_regex_runs_on_the_fast_automaton() {
        assert!(!crate::windows::has_unicode_word_boundary(NUMERO.as_str()));
    }

    #[test]
    fn spaces_quotes_ligatures_superscripts_and_numero() {
        let s = "l\u{2019}a\u{a0}ﬁn du 1^{er} au 3^{ème} N° 12, nº 3, No 4, n ° 5";
        assert_eq!(normalize(s, Format::Text), "l'a fin du 1er au 3ème n° 12, n° 3, n° 4, n° 5\n");
    }

    #[test]
    fn line_end_hyphens_join_words_but_keep_compounds() {
        let s = "environne-\nment du Pas-de-\nCalais, vingt-\ndeux, Pas-\nde-Calais";
        assert_eq!(normalize(s, Format::Text), "environnement du Pas-de-Calais, vingt-deux, Pas-de-Calais\n");
    }

    #[test]
    fn a_page_break_keeps_its_own_line() {
        assert_eq!(normalize("fin de page\n\u{c}2 Décisions", Format::Text), "fin de page\n\n\u{c}\n2 Décisions\n");
    }

    #[test]
    fn normalization_is_idempotent_on_the_corpus_style() {
        let s = "Le seize juin deux mille vingt-deux\n\n- Pour : 15\n";
        let once = normalize(s, Format::Text);
        assert_eq!(normalize(&once, Format::Text), once);
    }

    /// The hand-written tag scanner finds what the regex it replaces found.
    fn tags_by_regex(s: &str) -> Vec<(usize, usize, bool, String)> {
        let tag = Regex::new(r"(?s)<(/?)([A-Za-z][A-Za-z0-9]*)\b[^>]*>").unwrap();
        tag.captures_iter(s)
            .map(|c| {
                let whole = c.get(0).unwrap();
                (whole.start(), whole.end(), !c[1].is_empty(), c[2].to_string())
            })
            .collect()
    }

    fn tags_by_hand(s: &str) -> Vec<(usize, usize, bool, String)> {
        html_tags(s).map(|t| (t.start, t.end, t.closing, t.name.to_string())).collect()
    }

    #[test]
    fn tags_are_found_as_the_regex_found_them() {
        for s in
            ["<p>a</p>", "<td class=x>1</td><br/>", "<pé>x>", "<p_x>", "< p>", "</>", "<1a>", "<b", "a<b>c<", "<</b>>"]
        {
            assert_eq!(tags_by_hand(s), tags_by_regex(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn tags_match_the_regex_on_any_text(s in "[<>/a-cA1 _é\n=\"]{0,40}") {
            proptest::prop_assert_eq!(tags_by_hand(&s), tags_by_regex(&s));
        }

        /// Copying unchanged runs whole gives what mapping every character gives.
        #[test]
        fn char_tables_replace_as_a_char_by_char_map(s in "[a-zé «»\u{a0}\u{2019}\u{202f}\u{ad}\u{fb01}\u{2026}ᵉ]{0,40}") {
            for table in [&*SPACES, &*GLYPHS, &*LETTERS] {
                let by_char: String = s.chars().map(|c| table.replacements.get(&c).map_or(c.to_string(), |r| r.to_string())).collect();
                proptest::prop_assert_eq!(table.replace(&s), by_char);
            }
        }

        /// The pre-check never skips a text the hyphen regex would change.
        #[test]
        fn the_line_end_hyphen_check_skips_only_texts_without_one(s in "[a-zé \t\n-]{0,30}") {
            if LINE_END_HYPHEN.is_match(&s) {
                proptest::prop_assert!(may_join_hyphens(&s));
            }
        }
    }
}
