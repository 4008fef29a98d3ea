//! ToUnicode CMaps read fast, with the `adobe-cmap-parser` crate's answer.
//!
//! pdf-extract reads a font's ToUnicode map with `adobe_cmap_parser::get_unicode_map`,
//! whose parser (pom) formats an error message for every alternative it tries and drops:
//! on the benchmark's PDFs that was a fifth of reading a page. [`unicode_map`] gives the
//! same map: a hand-written lexer accepts the plain form office suites write (comments,
//! names, integers, operators, hexadecimal and simple literal strings, arrays,
//! dictionaries, separated as the crate's grammar separates them) and the same token
//! walk turns it into the map. Whatever the lexer is not sure of — escapes, signs and
//! decimals, `#` in names, stray bytes, a walk that would panic or overflow in the
//! crate — is handed to the crate itself, so the answer is the crate's in every case
//! (`tests` compares them on generated CMaps).

use std::collections::HashMap;

/// A code's Unicode text as UTF-16BE bytes, by character code, or why there is none.
pub type UnicodeMap = Result<HashMap<u32, Vec<u8>>, &'static str>;

/// The ToUnicode map of `input`, as `adobe_cmap_parser::get_unicode_map` reads it
/// (which panics on some inputs; callers isolate it as they do pdf-extract).
pub fn unicode_map(input: &[u8]) -> UnicodeMap {
    match read_without_the_crate(input) {
        Some(map) => map,
        None => adobe_cmap_parser::get_unicode_map(input),
    }
}

/// The map as the lexer reads it alone, `None` where it hands over to the crate: for the
/// tests that check real PDFs' CMaps are read here.
pub fn read_without_the_crate(input: &[u8]) -> Option<UnicodeMap> {
    tokens(input).and_then(|tokens| walk(&tokens))
}

/// A value of the crate's grammar, with only what the walk looks at.
#[derive(Debug, PartialEq)]
enum Token<'a> {
    Integer(i64),
    Operator(&'a [u8]),
    /// A hexadecimal or literal string, decoded.
    String(Vec<u8>),
    Array(Vec<Token<'a>>),
    /// A name, a dictionary: never looked into.
    Other,
}

/// Separators after a value (pom's `multispace`).
fn is_value_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Separators inside arrays, dictionaries and hexadecimal strings (the crate's `space`).
fn is_inner_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\0' | b'\x0C')
}

fn is_operator_byte(b: u8) -> bool {
    b.is_ascii_alphabetic() || matches!(b, b'*' | b'\'' | b'"')
}

struct Lexer<'a> {
    input: &'a [u8],
    at: usize,
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<u8> {
        self.input.get(self.at).copied()
    }

    fn skip(&mut self, space: fn(u8) -> bool) {
        while self.peek().is_some_and(space) {
            self.at += 1;
        }
    }

    fn run(&mut self, keep: impl Fn(u8) -> bool) -> &'a [u8] {
        let start = self.at;
        while self.peek().is_some_and(&keep) {
            self.at += 1;
        }
        &self.input[start..self.at]
    }

    /// One value and the separators after it; `None` for anything the lexer leaves to
    /// the crate.
    fn value(&mut self) -> Option<Token<'a>> {
        let token = match self.peek()? {
            b'0'..=b'9' => {
                let digits = self.run(|b| b.is_ascii_digit());
                // « 1.5 » is a number and a longer run overflows to one: the crate's.
                if digits.len() > 18 || self.peek() == Some(b'.') {
                    return None;
                }
                Token::Integer(std::str::from_utf8(digits).ok()?.parse().ok()?)
            }
            b'/' => {
                self.at += 1;
                self.run(|b| !b" \t\n\r\x0C()<>[]{}/%#".contains(&b));
                if self.peek() == Some(b'#') {
                    return None;
                }
                Token::Other
            }
            b if is_operator_byte(b) => {
                let word = self.run(is_operator_byte);
                // The crate reads « true »/« false » first, even as a word's start.
                if word.starts_with(b"true") || word.starts_with(b"false") {
                    return None;
                }
                Token::Operator(word)
            }
            b'(' => {
                self.at += 1;
                let text = self.run(|b| !b"\\()".contains(&b));
                if self.peek() != Some(b')') {
                    return None;
                }
                self.at += 1;
                Token::String(text.to_vec())
            }
            b'<' if self.input.get(self.at + 1) == Some(&b'<') => {
                self.at += 2;
                self.skip(is_inner_space);
                loop {
                    match self.peek()? {
                        b'/' => {
                            self.value()?;
                            self.skip(is_inner_space);
                            self.value()?;
                        }
                        b'>' if self.input.get(self.at + 1) == Some(&b'>') => {
                            self.at += 2;
                            break;
                        }
                        _ => return None,
                    }
                }
                Token::Other
            }
            b'<' => {
                self.at += 1;
                let mut bytes = Vec::new();
                loop {
                    self.skip(is_inner_space);
                    let pair = self.input.get(self.at..self.at + 2).filter(|p| p.iter().all(u8::is_ascii_hexdigit));
                    let Some(pair) = pair else { break };
                    bytes.push(u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?);
                    self.at += 2;
                }
                if self.peek() != Some(b'>') {
                    return None;
                }
                self.at += 1;
                Token::String(bytes)
            }
            b'[' => {
                self.at += 1;
                self.skip(is_inner_space);
                let mut items = Vec::new();
                while self.peek()? != b']' {
                    items.push(self.value()?);
                }
                self.at += 1;
                Token::Array(items)
            }
            _ => return None,
        };
        self.skip(is_value_space);
        Some(token)
    }
}

/// Every value of `input`, when the lexer is sure to read them as the crate does.
fn tokens(input: &[u8]) -> Option<Vec<Token<'_>>> {
    let mut lexer = Lexer { input, at: 0 };
    let mut out = Vec::new();
    while lexer.at < input.len() {
        // Comments stand only before a value's separators, as in the crate's grammar.
        while lexer.peek() == Some(b'%') {
            lexer.run(|b| b != b'\r' && b != b'\n');
            match lexer.peek()? {
                b'\r' if lexer.input.get(lexer.at + 1) == Some(&b'\n') => lexer.at += 2,
                _ => lexer.at += 1,
            }
        }
        lexer.skip(is_value_space);
        if lexer.at == input.len() {
            // Only comments or separators after the last value: the crate stops there
            // too, but a file without any value is an error of its own.
            break;
        }
        out.push(lexer.value()?);
    }
    (!out.is_empty()).then_some(out)
}

fn as_code(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |code, &b| (code << 8) | u32::from(b))
}

/// The crate's walk over the values; `None` where it would panic or overflow, so that
/// the crate gives its own answer.
fn walk(tokens: &[Token]) -> Option<UnicodeMap> {
    let string = |i: usize| match tokens.get(i)? {
        Token::String(s) => Some(Ok(s)),
        _ => Some(Err(())),
    };
    let mut map = HashMap::new();
    let mut i = 0;
    while i < tokens.len() {
        let Token::Operator(op) = tokens[i] else {
            i += 1;
            continue;
        };
        let ranges = match op {
            b"beginbfchar" => false,
            b"beginbfrange" => true,
            _ => {
                i += 1;
                continue;
            }
        };
        let what = if ranges { "beginbfrange exected int" } else { "beginbfchar exected int" };
        let count = match tokens.get(i.checked_sub(1)?)? {
            Token::Integer(c) => *c,
            _ => return Some(Err(what)),
        };
        i += 1;
        for _ in 0..count {
            if !ranges {
                let (Ok(code), Ok(unicode)) = (string(i)?, string(i + 1)?) else {
                    return Some(Err("beginbfchar exected hexstring"));
                };
                map.insert(as_code(code), unicode.clone());
                i += 2;
                continue;
            }
            let (Ok(lower), Ok(upper)) = (string(i)?, string(i + 1)?) else {
                return Some(Err("beginbfrange exected hexstring"));
            };
            let (lower, upper) = (as_code(lower), as_code(upper));
            // Ranges the crate would take long over, or overflow in.
            if upper.checked_sub(lower).is_some_and(|n| n > 0xFFFF) {
                return None;
            }
            match tokens.get(i + 2)? {
                Token::String(start) if start.len() == 4 => {
                    let start = as_code(start);
                    for c in lower..=upper {
                        map.insert(c, start.checked_add(c - lower)?.to_be_bytes().to_vec());
                    }
                }
                Token::String(start) if start.len() == 2 => {
                    let start = as_code(start) as u16;
                    for c in lower..=upper {
                        map.insert(c, start.checked_add((c - lower) as u16)?.to_be_bytes().to_vec());
                    }
                }
                Token::String(_) => return None,
                Token::Array(codes) => {
                    let n = upper.checked_sub(lower)? as usize + 1;
                    if n != codes.len() {
                        return Some(Err("bad length of array"));
                    }
                    for (c, code) in (lower..=upper).zip(codes) {
                        let Token::String(s) = code else { return Some(Err("beginbfrange exected hexstring")) };
                        map.insert(c, s.clone());
                    }
                }
                _ => return Some(Err("beginbfrange exected array or literal")),
            }
            i += 3;
        }
        i += 1;
    }
    Some(Ok(map))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;

    const OFFICE: &[u8] = b"/CIDInit/ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo<<
/Registry (Adobe)
/Ordering (UCS)
/Supplement 0
>> def
/CMapName/Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<00> <FF>
endcodespacerange
3 beginbfchar
<01> <0048>
<02> <00E9>
<03> <D83DDE00>
endbfchar
2 beginbfrange
<04> <06> <0061>
<07> <08> [<0062> <00660069>]
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
";

    /// The crate's answer, or `None` where it panics.
    fn crate_answer(input: &[u8]) -> Option<UnicodeMap> {
        std::panic::catch_unwind(|| adobe_cmap_parser::get_unicode_map(input)).ok()
    }

    #[test]
    fn an_office_suite_cmap_is_read_by_the_lexer_as_the_crate_reads_it() {
        let fast = tokens(OFFICE).and_then(|t| walk(&t)).expect("the lexer reads it");
        assert_eq!(Some(fast.clone()), crate_answer(OFFICE));
        let map = fast.unwrap();
        assert_eq!(map[&2], vec![0x00, 0xE9]);
        assert_eq!(map[&5], vec![0x00, 0x62]);
        assert_eq!(map[&8], vec![0x00, 0x66, 0x00, 0x69]);
    }

    #[test]
    fn what_the_lexer_is_not_sure_of_goes_to_the_crate() {
        for odd in [&b"1 beginbfchar <01> (\\101) endbfchar"[..], b"/A#20B 1 beginbfchar <01> <0041>", b"-1 x"] {
            assert!(tokens(odd).is_none(), "{}", String::from_utf8_lossy(odd));
            assert_eq!(Some(unicode_map(odd)), crate_answer(odd));
        }
        // A count with nothing before it would panic in the crate's walk.
        assert!(tokens(b"beginbfchar").and_then(|t| walk(&t)).is_none());
    }

    fn hex(bytes: &[u8]) -> String {
        let digits: String = bytes.iter().map(|x| format!("{x:02X}")).collect();
        format!("<{digits}>")
    }

    /// CMaps as office suites write them: blocks of `bfchar` pairs and `bfrange` ranges
    /// with codes of one to four bytes, Unicode of one to six, counts now and then wrong,
    /// between a header and a trailer, with one of the other pieces here and there.
    fn cmap_blocks() -> impl Strategy<Value = Vec<u8>> {
        let code = proptest::collection::vec(any::<u8>(), 1..=2);
        let unicode = prop_oneof![
            4 => proptest::collection::vec(any::<u8>(), 2),
            2 => proptest::collection::vec(any::<u8>(), 4),
            1 => proptest::collection::vec(any::<u8>(), 1..=6),
        ];
        let pair = (code.clone(), unicode.clone()).prop_map(|(c, u)| format!("{} {}", hex(&c), hex(&u)));
        // A range's start, or an array of one Unicode text per code (its length now and
        // then wrong).
        let start = prop_oneof![
            2 => unicode.clone().prop_map(|u| hex(&u)),
            1 => proptest::collection::vec(unicode, 0..9).prop_map(|items| {
                let items: Vec<String> = items.iter().map(|u| hex(u)).collect();
                format!("[{}]", items.join(" "))
            }),
        ];
        let range = (any::<u8>(), 0u8..8, start)
            .prop_map(|(low, span, start)| format!("{} {} {start}", hex(&[low]), hex(&[low.saturating_add(span)])));
        let block = prop_oneof![
            (proptest::collection::vec(pair, 0..6), 0usize..8).prop_map(|(pairs, n)| {
                let count = if n < 6 { pairs.len() } else { n };
                format!("{count} beginbfchar\n{}\nendbfchar\n", pairs.join("\n"))
            }),
            (proptest::collection::vec(range, 0..6), 0usize..8).prop_map(|(ranges, n)| {
                let count = if n < 6 { ranges.len() } else { n };
                format!("{count} beginbfrange\n{}\nendbfrange\n", ranges.join("\n"))
            }),
            cmap_like().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        ];
        proptest::collection::vec(block, 1..5).prop_map(|blocks| {
            let mut out = b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n".to_vec();
            out.extend_from_slice(b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n");
            for block in blocks {
                out.extend_from_slice(block.as_bytes());
            }
            out.extend_from_slice(b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
            out
        })
    }

    /// CMap-like texts from the pieces the grammar knows, glued with every separator.
    fn cmap_like() -> impl Strategy<Value = Vec<u8>> {
        // Mostly what the lexer reads, sometimes what it must hand over.
        let piece = prop_oneof![
            8 => Just(b"beginbfchar".to_vec()),
            8 => Just(b"beginbfrange".to_vec()),
            4 => Just(b"endbfchar".to_vec()),
            4 => Just(b"def".to_vec()),
            4 => Just(b"/Name".to_vec()),
            2 => Just(b"<< /Registry (Adobe) /S 0 >>".to_vec()),
            2 => Just(b"<<>>".to_vec()),
            2 => Just(b"(Adobe)".to_vec()),
            4 => Just(b"[<0041> <0042>]".to_vec()),
            2 => Just(b"[ ]".to_vec()),
            2 => Just(b"%comment\n".to_vec()),
            12 => (0u32..5).prop_map(|n| n.to_string().into_bytes()),
            24 => proptest::collection::vec(any::<u8>(), 0..5).prop_map(|b| hex(&b).into_bytes()),
            1 => Just(b"true".to_vec()),
            1 => Just(b"/A#41".to_vec()),
            1 => Just(b"(a\\)b)".to_vec()),
            1 => Just(b"1.5".to_vec()),
            1 => Just(b"-2".to_vec()),
            1 => proptest::collection::vec(any::<u8>(), 0..3),
        ];
        let gap = prop_oneof![
            8 => Just(&b" "[..]),
            4 => Just(&b"\n"[..]),
            2 => Just(&b"\r\n"[..]),
            2 => Just(&b""[..]),
            2 => Just(&b"  "[..]),
            1 => Just(&b"\x0C"[..]),
            1 => Just(&b"\0"[..]),
        ];
        proptest::collection::vec((piece, gap), 1..14).prop_map(|parts| {
            let mut out = Vec::new();
            for (piece, gap) in parts {
                out.extend_from_slice(&piece);
                out.extend_from_slice(gap);
            }
            out
        })
    }

    #[test]
    fn the_lexer_answers_only_as_the_crate_answers() {
        // A runner rather than `proptest!`, to count the texts the lexer read itself: a
        // comparison that always handed over to the crate would prove nothing.
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let (mut read, mut mapped, cases) = (0, 0, 3000);
        for i in 0..cases {
            let input = if i % 2 == 0 { cmap_blocks().boxed() } else { cmap_like().boxed() }.new_tree(&mut runner);
            let input = input.unwrap().current();
            if let Some(fast) = tokens(&input).and_then(|t| walk(&t)) {
                read += 1;
                mapped += usize::from(fast.as_ref().is_ok_and(|m| !m.is_empty()));
                assert_eq!(Some(fast), crate_answer(&input), "{}", String::from_utf8_lossy(&input));
            }
        }
        assert!(read * 3 > cases, "the lexer read only {read} of {cases} texts");
        assert!(mapped * 25 > cases, "only {mapped} of {cases} texts made a map");
    }

    proptest! {
        #[test]
        fn any_bytes_get_the_crates_answer_or_none(input in proptest::collection::vec(any::<u8>(), 0..64)) {
            if let Some(fast) = tokens(&input).and_then(|t| walk(&t)) {
                prop_assert_eq!(Some(fast), crate_answer(&input));
            }
        }
    }
}
