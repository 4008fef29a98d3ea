//! A page's glyphs read straight from its content stream, for the fonts most town-hall PDFs
//! use, reported to a pdf-extract output device exactly as pdf-extract itself reports them.
//!
//! pdf-extract 0.12 parses every operation of a page into lopdf objects (40 % of its time on
//! the benchmark's PDFs) and builds every font again on each page, its ToUnicode CMap
//! included (another quarter). This reader lexes only what the text-showing operators need
//! and keeps each font, by object number, for the whole document. Whatever it does not
//! handle exactly as pdf-extract would (Type 3 fonts, embedded Type 1 or CFF encodings,
//! glyph-name differences, the core fonts' built-in metrics, inline images, an operator
//! pdf-extract would stop on) makes it give up on the page, which pdf-extract then reads:
//! the text is the same either way, only the time differs (tests/pdf_text.rs compares the
//! two on every PDF at hand).

use std::collections::HashMap;
use std::rc::Rc;

use pdf_extract::{Dictionary, Document, MediaBox, Object, ObjectId, OutputDev, Stream, Transform};

/// Why a page is left to pdf-extract.
#[derive(Debug, Clone, PartialEq)]
pub struct Unsupported(pub &'static str);

type Read<T> = Result<T, Unsupported>;

fn unsupported<T>(why: &'static str) -> Read<T> {
    Err(Unsupported(why))
}

/// The fonts of one document, built once: by object number for fonts stored as objects.
#[derive(Default)]
pub struct FontCache {
    by_object: HashMap<ObjectId, Rc<Font>>,
}

/// Reads one page into `out`: begin_page, the glyphs, end_page. On `Err` the device may
/// have received part of the page and must be discarded.
pub fn output_page(
    doc: &Document,
    page_num: u32,
    fonts: &mut FontCache,
    out: &mut dyn OutputDev,
) -> Result<(), Unsupported> {
    let page_id = *doc.get_pages().get(&page_num).ok_or(Unsupported("no such page"))?;
    let page = doc.get_dictionary(page_id).map_err(|_| Unsupported("page is not a dictionary"))?;
    let empty = Dictionary::new();
    let resources = inherited(doc, page, b"Resources").and_then(|o| o.as_dict().ok()).unwrap_or(&empty);
    let media = inherited(doc, page, b"MediaBox").ok_or(Unsupported("no media box"))?;
    let media = numbers(media)?;
    let [llx, lly, urx, ury, ..] = media[..] else { return unsupported("media box of fewer than 4 numbers") };
    let art_box = match page.get(b"ArtBox").ok().map(|o| deref(doc, o)) {
        Some(o) => match numbers(o) {
            Ok(v) if v.len() >= 4 => Some((v[0], v[1], v[2], v[3])),
            _ => return unsupported("odd art box"),
        },
        None => None,
    };
    let content = doc.get_page_content(page_id).map_err(|_| Unsupported("unreadable content"))?;
    let mut reader = PageReader { doc, fonts, page_fonts: HashMap::new(), out, depth: 0, forms_left: FORMS_PER_PAGE };
    let media_box = MediaBox { llx, lly, urx, ury };
    reader.out.begin_page(page_num, &media_box, art_box).map_err(|_| Unsupported("output"))?;
    reader.process(&content, resources)?;
    reader.out.end_page().map_err(|_| Unsupported("output"))?;
    Ok(())
}

/// A key looked up in the dictionary, then in its parents (the page tree's inheritance).
fn inherited<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut dict = dict;
    for _ in 0..64 {
        if let Ok(o) = dict.get(key) {
            return Some(deref(doc, o));
        }
        let parent = dict.get(b"Parent").ok()?.as_reference().ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(&Object::Null),
        _ => o,
    }
}

fn number(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

fn numbers(o: &Object) -> Read<Vec<f64>> {
    let Ok(items) = o.as_array() else { return unsupported("not an array") };
    items.iter().map(|i| number(i).ok_or(Unsupported("not a number"))).collect()
}

/// The text state of pdf-extract's interpreter (ISO 32000 9.3), with the graphics state's
/// matrix.
#[derive(Clone)]
struct State {
    ctm: Transform,
    font: Option<Rc<Font>>,
    font_size: f64,
    character_spacing: f64,
    word_spacing: f64,
    horizontal_scaling: f64,
    leading: f64,
    rise: f64,
    tm: Transform,
}

impl State {
    fn new() -> State {
        State {
            ctm: Transform::identity(),
            font: None,
            font_size: f64::NAN,
            character_spacing: 0.,
            word_spacing: 0.,
            horizontal_scaling: 1.,
            leading: 0.,
            rise: 0.,
            tm: Transform::identity(),
        }
    }
}

struct PageReader<'d, 'o> {
    doc: &'d Document,
    fonts: &'o mut FontCache,
    /// Fonts given inline in a resource dictionary, by name, for this page only.
    page_fonts: HashMap<Vec<u8>, Rc<Font>>,
    out: &'o mut dyn OutputDev,
    depth: usize,
    /// Forms a page may still run: a form drawn twice by a form drawn twice… is
    /// exponential, and such a page is left to pdf-extract (and its limits).
    forms_left: usize,
}

const FORMS_PER_PAGE: usize = 10_000;

impl PageReader<'_, '_> {
    /// One content stream (the page's, or a form's) with a fresh state, as pdf-extract runs
    /// a form XObject.
    fn process(&mut self, content: &[u8], resources: &Dictionary) -> Read<()> {
        let mut state = State::new();
        let mut saved: Vec<State> = Vec::new();
        let mut tlm = Transform::identity();
        let mut lexer = Lexer::new(content);
        let out = |r: Result<(), pdf_extract::OutputError>| r.map_err(|_| Unsupported("output"));
        while let Some(op) = lexer.next_operation()? {
            let lexer = &lexer;
            let operands = lexer.operands.as_slice();
            let n = |i: usize| operands.get(i).and_then(Operand::number).ok_or(Unsupported("operand"));
            match op {
                b"BT" | b"ET" => {
                    tlm = Transform::identity();
                    state.tm = tlm;
                }
                b"cm" => {
                    if operands.len() != 6 {
                        return unsupported("cm without 6 operands");
                    }
                    let m = Transform::row_major(n(0)?, n(1)?, n(2)?, n(3)?, n(4)?, n(5)?);
                    state.ctm = state.ctm.pre_transform(&m);
                }
                b"TJ" => {
                    let Some(first) = operands.first() else { return unsupported("TJ without operand") };
                    if let Operand::Array(items) = *first {
                        for item in lexer.items(items) {
                            match *item {
                                Operand::Str(s) => self.show_text(&mut state, lexer.bytes(s))?,
                                Operand::Int(_) | Operand::Real(_) => {
                                    let tj = item.number().unwrap_or(0.);
                                    let tx = state.horizontal_scaling * ((0. - tj / 1000.) * state.font_size);
                                    state.tm = state.tm.pre_transform(&Transform::create_translation(tx, 0.));
                                }
                                _ => {}
                            }
                        }
                    }
                }
                b"Tj" => match operands.first() {
                    Some(&Operand::Str(s)) => self.show_text(&mut state, lexer.bytes(s))?,
                    _ => return unsupported("Tj without a string"),
                },
                b"'" | b"\"" => {
                    // Move to the next line and show; « " » sets the spacings first (the
                    // rewrite src/pdf.rs applies before pdf-extract reads a page).
                    let text = match (op, operands) {
                        (b"'", [Operand::Str(s)]) => lexer.bytes(*s),
                        (b"\"", [w, c, Operand::Str(s)]) => {
                            state.word_spacing = w.number().ok_or(Unsupported("operand"))?;
                            state.character_spacing = c.number().ok_or(Unsupported("operand"))?;
                            lexer.bytes(*s)
                        }
                        _ => return unsupported("quote operator with odd operands"),
                    };
                    tlm = tlm.pre_transform(&Transform::create_translation(0., -state.leading));
                    state.tm = tlm;
                    out(self.out.end_line())?;
                    self.show_text(&mut state, text)?;
                }
                b"Tc" => state.character_spacing = n(0)?,
                b"Tw" => state.word_spacing = n(0)?,
                b"Tz" => state.horizontal_scaling = n(0)? / 100.,
                b"TL" => state.leading = n(0)?,
                b"Ts" => state.rise = n(0)?,
                b"Tf" => {
                    let Some(&Operand::Name(name)) = operands.first() else { return unsupported("Tf without a name") };
                    let size = n(1)?;
                    state.font = Some(self.font(resources, lexer.bytes(name))?);
                    state.font_size = size;
                }
                b"Tm" => {
                    if operands.len() != 6 {
                        return unsupported("Tm without 6 operands");
                    }
                    tlm = Transform::row_major(n(0)?, n(1)?, n(2)?, n(3)?, n(4)?, n(5)?);
                    state.tm = tlm;
                    out(self.out.end_line())?;
                }
                b"Td" | b"TD" => {
                    if operands.len() != 2 {
                        return unsupported("Td without 2 operands");
                    }
                    let (tx, ty) = (n(0)?, n(1)?);
                    if op == b"TD" {
                        state.leading = -ty;
                    }
                    tlm = tlm.pre_transform(&Transform::create_translation(tx, ty));
                    state.tm = tlm;
                    out(self.out.end_line())?;
                }
                b"T*" => {
                    tlm = tlm.pre_transform(&Transform::create_translation(0., -state.leading));
                    state.tm = tlm;
                    out(self.out.end_line())?;
                }
                b"q" => saved.push(state.clone()),
                b"Q" => {
                    if let Some(s) = saved.pop() {
                        state = s;
                    }
                }
                b"Do" => {
                    let Some(&Operand::Name(name)) = operands.first() else { return unsupported("Do without a name") };
                    self.xobject(resources, lexer.bytes(name))?;
                }
                b"BI" => return unsupported("inline image"),
                _ => {}
            }
        }
        Ok(())
    }

    /// pdf-extract's show_text: one begin_word/end_word around the string, each glyph with
    /// its text rendering matrix, width and spacing, the text matrix moved after it.
    fn show_text(&mut self, state: &mut State, s: &[u8]) -> Read<()> {
        let Some(font) = state.font.clone() else { return unsupported("text shown before any font") };
        let out = |r: Result<(), pdf_extract::OutputError>| r.map_err(|_| Unsupported("output"));
        out(self.out.begin_word())?;
        let mut decoded = String::new();
        for (code, length) in font.codes(s) {
            let tsm = Transform::row_major(state.horizontal_scaling, 0., 0., 1.0, 0., state.rise);
            let trm = tsm.post_transform(&state.tm.post_transform(&state.ctm));
            let w0 = font.width(code) / 1000.;
            let mut spacing = state.character_spacing;
            if code == 32 && length == 1 {
                spacing += state.word_spacing;
            }
            decoded.clear();
            font.decode(code, &mut decoded)?;
            out(self.out.output_character(&trm, w0, spacing, state.font_size, &decoded))?;
            let tx = state.horizontal_scaling * ((w0 - 0. / 1000.) * state.font_size + spacing);
            state.tm = state.tm.pre_transform(&Transform::create_translation(tx, 0.));
        }
        out(self.out.end_word())
    }

    fn font(&mut self, resources: &Dictionary, name: &[u8]) -> Read<Rc<Font>> {
        let doc = self.doc;
        let Some(fonts) = resources.get(b"Font").ok().map(|o| deref(doc, o)).and_then(|o| o.as_dict().ok()) else {
            return unsupported("no font resources");
        };
        let Ok(entry) = fonts.get(name) else { return unsupported("font not in resources") };
        if let Object::Reference(id) = entry {
            if let Some(font) = self.fonts.by_object.get(id) {
                return Ok(font.clone());
            }
            let Ok(dict) = deref(doc, entry).as_dict() else { return unsupported("font is not a dictionary") };
            let font = Rc::new(Font::new(doc, dict)?);
            self.fonts.by_object.insert(*id, font.clone());
            return Ok(font);
        }
        if let Some(font) = self.page_fonts.get(name) {
            return Ok(font.clone());
        }
        let Ok(dict) = entry.as_dict() else { return unsupported("font is not a dictionary") };
        let font = Rc::new(Font::new(doc, dict)?);
        self.page_fonts.insert(name.to_vec(), font.clone());
        Ok(font)
    }

    /// A form is read like a page (pdf-extract ignores its matrix); an image is skipped when
    /// its data cannot be read as operations, which is what pdf-extract then finds in it.
    fn xobject(&mut self, resources: &Dictionary, name: &[u8]) -> Read<()> {
        let doc = self.doc;
        let Some(xobjects) = resources.get(b"XObject").ok().map(|o| deref(doc, o)).and_then(|o| o.as_dict().ok())
        else {
            return unsupported("no xobject resources");
        };
        let Some(stream) = xobjects.get(name).ok().map(|o| deref(doc, o)).and_then(|o| o.as_stream().ok()) else {
            return unsupported("xobject is not a stream");
        };
        let contents = stream_bytes(stream);
        let is_form = stream.dict.get(b"Subtype").ok().and_then(|o| o.as_name().ok()) == Some(b"Form".as_slice());
        if !is_form {
            let first = contents.iter().find(|b| !b" \t\r\n".contains(b));
            return match first {
                None => Ok(()),
                Some(b) if !(b.is_ascii_graphic()) => Ok(()),
                Some(_) => unsupported("image data that may read as operations"),
            };
        }
        if self.depth >= 16 || self.forms_left == 0 {
            return unsupported("forms nested too deep or too many");
        }
        self.forms_left -= 1;
        let own = stream.dict.get(b"Resources").ok().map(|o| deref(doc, o)).and_then(|o| o.as_dict().ok());
        self.depth += 1;
        let result = self.process(&contents, own.unwrap_or(resources));
        self.depth -= 1;
        result
    }
}

/// An operand of a content-stream operation, as far as the text operators need it. Names
/// and strings are spans of the lexer's bytes for the operation, an array a span of its
/// items: reading a page allocates nothing per operation.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Operand {
    Int(i64),
    Real(f32),
    Name(Span),
    Str(Span),
    Array(Span),
    /// Booleans, null, dictionaries, and arrays inside arrays (no text operator reads them).
    Other,
}

type Span = (usize, usize);

impl Operand {
    fn number(&self) -> Option<f64> {
        match self {
            Operand::Int(i) => Some(*i as f64),
            Operand::Real(r) => Some(f64::from(*r)),
            _ => None,
        }
    }
}

/// The content-stream syntax lopdf accepts (its `content` parser): operands, each followed
/// by spaces, tabs or line ends, then an operator of letters, `*`, `'` or `"`. Anything else
/// is given up on, where lopdf would stop reading the stream silently.
struct Lexer<'a> {
    source: &'a [u8],
    at: usize,
    /// The current operation's operands, the bytes of its names and strings, and the items
    /// of its array.
    operands: Vec<Operand>,
    decoded: Vec<u8>,
    array_items: Vec<Operand>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// The white space of PDF syntax in general (dictionaries, arrays, hex strings).
fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    b"()<>[]{}/%".contains(&b)
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delimiter(b)
}

impl<'a> Lexer<'a> {
    fn new(source: &'a [u8]) -> Lexer<'a> {
        Lexer { source, at: 0, operands: Vec::new(), decoded: Vec::new(), array_items: Vec::new() }
    }

    fn bytes(&self, span: Span) -> &[u8] {
        &self.decoded[span.0..span.1]
    }

    fn items(&self, span: Span) -> &[Operand] {
        &self.array_items[span.0..span.1]
    }

    fn peek(&self) -> Option<u8> {
        self.source.get(self.at).copied()
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(is_space) {
            self.at += 1;
        }
    }

    /// Comments before an operation. lopdf takes each up to its line end (which it needs)
    /// and nothing after it: an indented line after a comment ends its reading.
    fn skip_comments(&mut self) -> Read<()> {
        while self.peek() == Some(b'%') {
            while self.peek().is_some_and(|b| b != b'\n' && b != b'\r') {
                self.at += 1;
            }
            match (self.peek(), self.source.get(self.at + 1)) {
                (Some(b'\r'), Some(b'\n')) => self.at += 2,
                (Some(_), _) => self.at += 1,
                (None, _) => return unsupported("comment without a line end"),
            }
            if self.peek().is_some_and(is_space) {
                return unsupported("space after a comment");
            }
        }
        Ok(())
    }

    /// The next operation's operator, its operands in `self.operands`; None at the end.
    fn next_operation(&mut self) -> Read<Option<&'a [u8]>> {
        self.operands.clear();
        self.decoded.clear();
        self.array_items.clear();
        if self.at == 0 {
            self.skip_spaces();
        }
        loop {
            if self.operands.is_empty() {
                self.skip_comments()?;
            }
            let Some(b) = self.peek() else {
                return if self.operands.is_empty() { Ok(None) } else { unsupported("operands without an operator") };
            };
            if b.is_ascii_alphabetic() || b == b'*' || b == b'\'' || b == b'"' {
                // Keywords that are operands (true, false, null) are not operators.
                let start = self.at;
                while self.peek().is_some_and(|c| c.is_ascii_alphabetic() || c == b'*' || c == b'\'' || c == b'"') {
                    self.at += 1;
                }
                let word = &self.source[start..self.at];
                if matches!(word, b"true" | b"false" | b"null") {
                    self.end_token()?;
                    self.operands.push(Operand::Other);
                    continue;
                }
                self.end_token()?;
                return Ok(Some(word));
            }
            let operand = self.operand(0)?;
            self.end_token()?;
            self.operands.push(operand);
        }
    }

    /// After a token, lopdf takes any run of spaces, tabs and line ends, none included.
    fn end_token(&mut self) -> Read<()> {
        self.skip_spaces();
        Ok(())
    }

    fn operand(&mut self, depth: usize) -> Read<Operand> {
        if depth > 32 {
            return unsupported("operands nested too deep");
        }
        let Some(b) = self.peek() else { return unsupported("end of stream in an operand") };
        match b {
            b'0'..=b'9' | b'+' | b'-' | b'.' => self.number(),
            b'/' => Ok(Operand::Name(self.name()?)),
            b'(' => Ok(Operand::Str(self.literal_string()?)),
            b'<' if self.source.get(self.at + 1) == Some(&b'<') => {
                self.dictionary(depth)?;
                Ok(Operand::Other)
            }
            b'<' => Ok(Operand::Str(self.hex_string()?)),
            b'%' => unsupported("comment between operands"),
            b'[' => {
                self.at += 1;
                // Only an operation's own arrays keep their items (TJ reads them).
                let keep = depth == 0;
                let start = self.array_items.len();
                loop {
                    self.skip_white();
                    let item = match self.peek() {
                        Some(b']') => {
                            self.at += 1;
                            return Ok(if keep {
                                Operand::Array((start, self.array_items.len()))
                            } else {
                                Operand::Other
                            });
                        }
                        Some(c) if c.is_ascii_alphabetic() => {
                            let word = self.word();
                            if !matches!(word, b"true" | b"false" | b"null") {
                                return unsupported("operator inside an array");
                            }
                            Operand::Other
                        }
                        Some(_) => self.operand(depth + 1)?,
                        None => return unsupported("unterminated array"),
                    };
                    if keep {
                        self.array_items.push(item);
                    }
                }
            }
            _ => unsupported("unexpected byte"),
        }
    }

    fn skip_white(&mut self) {
        loop {
            while self.peek().is_some_and(is_white) {
                self.at += 1;
            }
            if self.peek() != Some(b'%') {
                return;
            }
            while self.peek().is_some_and(|b| b != b'\n' && b != b'\r') {
                self.at += 1;
            }
        }
    }

    fn word(&mut self) -> &'a [u8] {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.at += 1;
        }
        &self.source[start..self.at]
    }

    /// lopdf's numbers: a real is digits, a point and maybe digits (or a point and digits),
    /// read as an f32; otherwise an integer. No exponent.
    fn number(&mut self) -> Read<Operand> {
        let start = self.at;
        if matches!(self.peek(), Some(b'+' | b'-')) {
            self.at += 1;
        }
        let digits_start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        let int_digits = self.at - digits_start;
        if self.peek() == Some(b'.') {
            self.at += 1;
            let frac_start = self.at;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.at += 1;
            }
            if int_digits == 0 && self.at == frac_start {
                return unsupported("a lone point");
            }
            let text = std::str::from_utf8(&self.source[start..self.at]).map_err(|_| Unsupported("number"))?;
            return text.parse::<f32>().map(Operand::Real).map_err(|_| Unsupported("number"));
        }
        if int_digits == 0 {
            return unsupported("a sign without digits");
        }
        let text = std::str::from_utf8(&self.source[start..self.at]).map_err(|_| Unsupported("number"))?;
        text.parse::<i64>().map(Operand::Int).map_err(|_| Unsupported("integer out of range"))
    }

    fn name(&mut self) -> Read<Span> {
        self.at += 1;
        let start = self.decoded.len();
        while let Some(c) = self.peek() {
            if c == b'#' {
                let hex = self.source.get(self.at + 1..self.at + 3).ok_or(Unsupported("name escape"))?;
                let text = std::str::from_utf8(hex).map_err(|_| Unsupported("name escape"))?;
                if !hex.iter().all(u8::is_ascii_hexdigit) {
                    return unsupported("name escape");
                }
                self.decoded.push(u8::from_str_radix(text, 16).map_err(|_| Unsupported("name escape"))?);
                self.at += 3;
            } else if is_regular(c) {
                self.decoded.push(c);
                self.at += 1;
            } else {
                break;
            }
        }
        Ok((start, self.decoded.len()))
    }

    fn literal_string(&mut self) -> Read<Span> {
        self.at += 1;
        let start = self.decoded.len();
        let mut depth = 0usize;
        loop {
            let Some(c) = self.peek() else { return unsupported("unterminated string") };
            self.at += 1;
            match c {
                b'\\' => {
                    let Some(e) = self.peek() else { return unsupported("unterminated string") };
                    match e {
                        b'0'..=b'7' => {
                            let mut value: u16 = 0;
                            let mut count = 0;
                            while count < 3 && self.peek().is_some_and(|d| (b'0'..=b'7').contains(&d)) {
                                value = value * 8 + u16::from(self.source[self.at] - b'0');
                                self.at += 1;
                                count += 1;
                            }
                            self.decoded.push(value as u8);
                        }
                        b'\r' => {
                            self.at += 1;
                            if self.peek() == Some(b'\n') {
                                self.at += 1;
                            }
                        }
                        b'\n' => self.at += 1,
                        _ => {
                            self.at += 1;
                            self.decoded.push(match e {
                                b'n' => b'\n',
                                b'r' => b'\r',
                                b't' => b'\t',
                                b'b' => 0x08,
                                b'f' => 0x0c,
                                other => other,
                            });
                        }
                    }
                }
                b'(' => {
                    depth += 1;
                    if depth > 64 {
                        return unsupported("strings nested too deep");
                    }
                    self.decoded.push(c);
                }
                b')' if depth == 0 => return Ok((start, self.decoded.len())),
                b')' => {
                    depth -= 1;
                    self.decoded.push(c);
                }
                _ => self.decoded.push(c),
            }
        }
    }

    fn hex_string(&mut self) -> Read<Span> {
        self.at += 1;
        let start = self.decoded.len();
        let mut high: Option<u8> = None;
        loop {
            let Some(c) = self.peek() else { return unsupported("unterminated hex string") };
            self.at += 1;
            let value = match c {
                b'>' => break,
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ if is_white(c) => continue,
                _ => return unsupported("bad hex string"),
            };
            match high.take() {
                None => high = Some(value),
                Some(h) => self.decoded.push(h << 4 | value),
            }
        }
        if let Some(h) = high {
            self.decoded.push(h << 4);
        }
        Ok((start, self.decoded.len()))
    }

    /// A dictionary operand (marked content properties): skipped.
    fn dictionary(&mut self, depth: usize) -> Read<()> {
        self.at += 2;
        loop {
            self.skip_white();
            match self.peek() {
                Some(b'>') if self.source.get(self.at + 1) == Some(&b'>') => {
                    self.at += 2;
                    return Ok(());
                }
                Some(c) if c.is_ascii_alphabetic() => {
                    let word = self.word();
                    if !matches!(word, b"true" | b"false" | b"null" | b"R") {
                        return unsupported("word inside a dictionary");
                    }
                }
                Some(_) => {
                    self.operand(depth + 1)?;
                }
                None => return unsupported("unterminated dictionary"),
            }
        }
    }
}

/// Values by character code, in a table: codes are one or two bytes here, and a glyph's
/// width and text are looked up for every glyph.
struct ByCode<T> {
    values: Vec<Option<T>>,
}

impl<T> ByCode<T> {
    fn new() -> ByCode<T> {
        ByCode { values: Vec::new() }
    }

    /// Codes beyond two bytes are never looked up, and are dropped.
    fn insert(&mut self, code: u32, value: T) {
        let Ok(at) = usize::try_from(code) else { return };
        if at > 0xFFFF {
            return;
        }
        if self.values.len() <= at {
            self.values.resize_with(at + 1, || None);
        }
        self.values[at] = Some(value);
    }

    fn get(&self, code: u32) -> Option<&T> {
        self.values.get(code as usize).and_then(Option::as_ref)
    }
}

/// A font as pdf-extract reads it, for the kinds handled here.
enum Font {
    /// One byte per glyph: TrueType or Type 1 with its widths, WinAnsi encoding or none.
    Simple {
        widths: ByCode<f64>,
        missing_width: f64,
        encoding: Option<&'static [u16; 256]>,
        to_unicode: Option<ByCode<String>>,
    },
    /// Two bytes per glyph (Identity-H or -V), a CID font's widths.
    Identity { widths: ByCode<f64>, default_width: f64, to_unicode: Option<ByCode<String>> },
}

impl Font {
    fn new(doc: &Document, font: &Dictionary) -> Read<Font> {
        let get = |key: &[u8]| font.get(key).ok().map(|o| deref(doc, o));
        let subtype = get(b"Subtype").and_then(|o| o.as_name().ok()).ok_or(Unsupported("font without subtype"))?;
        match subtype {
            b"Type0" => Font::identity(doc, font),
            b"Type3" => unsupported("Type 3 font"),
            _ => Font::simple(doc, font, subtype),
        }
    }

    fn simple(doc: &Document, font: &Dictionary, subtype: &[u8]) -> Read<Font> {
        let get = |key: &[u8]| font.get(key).ok().map(|o| deref(doc, o));
        get(b"BaseFont").and_then(|o| o.as_name().ok()).ok_or(Unsupported("font without base font"))?;
        if let Some(descriptor) = get(b"FontDescriptor").and_then(|o| o.as_dict().ok()) {
            let has_stream = |key: &[u8]| {
                descriptor.get(key).ok().map(|o| deref(doc, o)).is_some_and(|o| matches!(o, Object::Stream(_)))
            };
            if (subtype == b"Type1" && has_stream(b"FontFile")) || has_stream(b"FontFile3") {
                return unsupported("embedded Type 1 or CFF font (its own encoding)");
            }
        }
        let to_unicode = unicode_map(doc, font)?;
        let encoding = match get(b"Encoding") {
            Some(Object::Name(name)) if name == b"WinAnsiEncoding" => Some(&WIN_ANSI),
            Some(Object::Dictionary(d)) => {
                let base = d.get(b"BaseEncoding").ok().map(|o| deref(doc, o)).and_then(|o| o.as_name().ok());
                if base != Some(b"WinAnsiEncoding".as_slice()) || d.get(b"Differences").is_ok() {
                    return unsupported("encoding with differences or another base");
                }
                Some(&WIN_ANSI)
            }
            Some(_) => return unsupported("encoding other than WinAnsi"),
            None if subtype == b"TrueType" => Some(&WIN_ANSI),
            None => None,
        };
        let first = get(b"FirstChar").and_then(|o| o.as_i64().ok());
        let last = get(b"LastChar").and_then(|o| o.as_i64().ok());
        let list = get(b"Widths").and_then(|o| o.as_array().ok());
        let (Some(first), Some(last), Some(list)) = (first, last, list) else {
            return unsupported("font without widths (core font metrics)");
        };
        let mut widths = ByCode::new();
        for (i, w) in list.iter().enumerate() {
            widths.insert((first + i as i64) as u32, number(w).ok_or(Unsupported("width is not a number"))?);
        }
        if first + list.len() as i64 - 1 != last {
            return unsupported("widths do not span FirstChar..LastChar");
        }
        if to_unicode.is_none() && encoding.is_none() {
            return unsupported("no encoding (PDFDocEncoding)");
        }
        // As pdf-extract reads them: MissingWidth and DW only when given directly.
        let missing_width = font.get(b"MissingWidth").ok().and_then(number).unwrap_or(0.);
        Ok(Font::Simple { widths, missing_width, encoding, to_unicode })
    }

    fn identity(doc: &Document, font: &Dictionary) -> Read<Font> {
        let get = |key: &[u8]| font.get(key).ok().map(|o| deref(doc, o));
        get(b"BaseFont").and_then(|o| o.as_name().ok()).ok_or(Unsupported("font without base font"))?;
        match get(b"Encoding") {
            Some(Object::Name(n)) if n == b"Identity-H" || n == b"Identity-V" => {}
            _ => return unsupported("CID font encoding other than Identity"),
        }
        let descendants =
            get(b"DescendantFonts").and_then(|o| o.as_array().ok()).ok_or(Unsupported("no descendant"))?;
        let cid = descendants.first().map(|o| deref(doc, o)).and_then(|o| o.as_dict().ok());
        let cid = cid.ok_or(Unsupported("descendant is not a dictionary"))?;
        let cid_get = |key: &[u8]| cid.get(key).ok().map(|o| deref(doc, o));
        cid_get(b"FontDescriptor").and_then(|o| o.as_dict().ok()).ok_or(Unsupported("no font descriptor"))?;
        let default_width = match cid.get(b"DW") {
            Ok(Object::Integer(i)) => *i as f64,
            _ => 1000.,
        };
        let mut widths = ByCode::new();
        if let Some(w) = cid_get(b"W") {
            let w = w.as_array().map_err(|_| Unsupported("W is not an array"))?;
            let mut i = 0;
            while i < w.len() {
                let start = deref(doc, &w[i]).as_i64().map_err(|_| Unsupported("W entry"))?;
                match w.get(i + 1).map(|o| deref(doc, o)) {
                    Some(Object::Array(list)) => {
                        for (j, width) in list.iter().enumerate() {
                            widths.insert((start + j as i64) as u32, number(width).ok_or(Unsupported("W entry"))?);
                        }
                        i += 2;
                    }
                    // pdf-extract reads « first last width » as an empty range: no widths.
                    Some(_) => i += 3,
                    None => return unsupported("W entry"),
                }
            }
        }
        Ok(Font::Identity { widths, default_width, to_unicode: unicode_map(doc, font)? })
    }

    /// The character codes of a string with their byte lengths.
    fn codes<'s>(&self, s: &'s [u8]) -> impl Iterator<Item = (u32, usize)> + 's {
        let two = matches!(self, Font::Identity { .. });
        let (step, count) = if two { (2, s.len() / 2) } else { (1, s.len()) };
        (0..count).map(move |i| {
            let at = i * step;
            if two { ((u32::from(s[at]) << 8) | u32::from(s[at + 1]), 2) } else { (u32::from(s[at]), 1) }
        })
    }

    fn width(&self, code: u32) -> f64 {
        match self {
            Font::Simple { widths, missing_width, .. } => widths.get(code).copied().unwrap_or(*missing_width),
            Font::Identity { widths, default_width, .. } => widths.get(code).copied().unwrap_or(*default_width),
        }
    }

    fn decode(&self, code: u32, out: &mut String) -> Read<()> {
        match self {
            Font::Simple { encoding, to_unicode, .. } => {
                if let Some(s) = to_unicode.as_ref().and_then(|m| m.get(code)) {
                    out.push_str(s);
                    return Ok(());
                }
                let Some(table) = encoding else { return unsupported("code missing from the unicode map") };
                let unit = table[code as usize & 0xff];
                out.push(char::from_u32(u32::from(unit)).ok_or(Unsupported("surrogate in encoding"))?);
            }
            Font::Identity { to_unicode, .. } => {
                if let Some(s) = to_unicode.as_ref().and_then(|m| m.get(code)) {
                    out.push_str(s);
                }
            }
        }
        Ok(())
    }
}

/// A stream's bytes as pdf-extract reads them: decoded when its filters can be, as stored
/// otherwise.
pub fn stream_bytes(stream: &Stream) -> Vec<u8> {
    if stream.filters().is_ok() {
        stream.decompressed_content().unwrap_or_else(|_| stream.content.clone())
    } else {
        stream.content.clone()
    }
}

/// The font's ToUnicode CMap, read as the parser pdf-extract uses reads it
/// ([`crate::pdf_cmap`]), with its conversions.
fn unicode_map(doc: &Document, font: &Dictionary) -> Read<Option<ByCode<String>>> {
    let Some(entry) = font.get(b"ToUnicode").ok().map(|o| deref(doc, o)) else { return Ok(None) };
    let stream = match entry {
        Object::Stream(s) => s,
        Object::Name(n) if n == b"Identity-H" => return Ok(None),
        _ => return unsupported("ToUnicode of another kind"),
    };
    let contents = stream_bytes(stream);
    let cmap = crate::pdf_cmap::unicode_map(&contents).map_err(|_| Unsupported("bad ToUnicode CMap"))?;
    let mut map = ByCode::new();
    for (code, bytes) in cmap {
        if bytes.len() % 2 != 0 {
            return unsupported("ToUnicode value of odd length");
        }
        let units: Vec<u16> = bytes.chunks(2).map(|p| (u16::from(p[0]) << 8) | u16::from(p[1])).collect();
        if let [0xd800..=0xdfff] = units[..] {
            continue;
        }
        map.insert(code, String::from_utf16(&units).map_err(|_| Unsupported("ToUnicode value is not UTF-16"))?);
    }
    Ok(Some(map))
}

/// WinAnsiEncoding (ISO 32000 annex D) as Unicode: Windows-1252, its unused codes shown as
/// bullets, 0xA0 as a space and 0xAD as a hyphen, codes below 32 unmapped (0).
static WIN_ANSI: [u16; 256] = win_ansi();

const fn win_ansi() -> [u16; 256] {
    // Windows-1252's 0x80-0x9F; 0 where it has no character.
    const HIGH: [u16; 32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D,
        0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,
        0x017E, 0x0178,
    ];
    let mut table = [0u16; 256];
    let mut code = 32;
    while code < 256 {
        table[code] = match code {
            0x7F => 0x2022,
            0x80..=0x9F if HIGH[code - 0x80] == 0 => 0x2022,
            0x80..=0x9F => HIGH[code - 0x80],
            0xA0 => 0x20,
            0xAD => 0x2D,
            _ => code as u16,
        };
        code += 1;
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An operand as the tests compare it: strings and names as bytes, arrays expanded.
    #[derive(Debug, PartialEq)]
    enum Owned {
        Int(i64),
        Real(f32),
        Name(Vec<u8>),
        Str(Vec<u8>),
        Array(Vec<Owned>),
        Other,
    }

    fn owned(lexer: &Lexer, o: &Operand) -> Owned {
        match *o {
            Operand::Int(i) => Owned::Int(i),
            Operand::Real(r) => Owned::Real(r),
            Operand::Name(s) => Owned::Name(lexer.bytes(s).to_vec()),
            Operand::Str(s) => Owned::Str(lexer.bytes(s).to_vec()),
            Operand::Array(s) => Owned::Array(lexer.items(s).iter().map(|i| owned(lexer, i)).collect()),
            Operand::Other => Owned::Other,
        }
    }

    fn operations(content: &[u8]) -> Read<Vec<(String, Vec<Owned>)>> {
        let mut lexer = Lexer::new(content);
        let mut out = Vec::new();
        while let Some(op) = lexer.next_operation()? {
            let operands = lexer.operands.iter().map(|o| owned(&lexer, o)).collect();
            out.push((String::from_utf8_lossy(op).into_owned(), operands));
        }
        Ok(out)
    }

    #[test]
    fn text_operators_and_their_operands() {
        let ops =
            operations(b"BT /F1 12 Tf 1 0 0 1 72.5 700 Tm [(Vu )-250(la) 3.5 [(x)]] TJ <48 65 6c6C6f> Tj ET").unwrap();
        let names: Vec<&str> = ops.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["BT", "Tf", "Tm", "TJ", "Tj", "ET"]);
        assert_eq!(ops[1].1, [Owned::Name(b"F1".to_vec()), Owned::Int(12)]);
        assert_eq!(ops[2].1[4], Owned::Real(72.5));
        let Owned::Array(items) = &ops[3].1[0] else { panic!("TJ takes an array") };
        assert_eq!(items[..3], [Owned::Str(b"Vu ".to_vec()), Owned::Int(-250), Owned::Str(b"la".to_vec())]);
        assert_eq!(items[4], Owned::Other, "an array in an array is not read");
        assert_eq!(ops[4].1, [Owned::Str(b"Hello".to_vec())]);
    }

    #[test]
    fn string_escapes_nesting_and_odd_hex() {
        let ops = operations(b"(a\\(b\\) (c) \\101\\n\\\nd) Tj <4> Tj").unwrap();
        assert_eq!(ops[0].1, [Owned::Str(b"a(b) (c) A\nd".to_vec())]);
        assert_eq!(ops[1].1, [Owned::Str(vec![0x40])]);
    }

    #[test]
    fn quote_operators_comments_and_marked_content() {
        let ops = operations(b"% a comment\n/P <</MCID 0>> BDC 2 0 (x) \" (y) ' EMC").unwrap();
        let names: Vec<&str> = ops.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["BDC", "\"", "'", "EMC"]);
    }

    #[test]
    fn what_lopdf_would_stop_on_is_given_up_on() {
        assert!(operations(b"BT 12 \x0c Tf").is_err());
        assert!(operations(b"(never closed Tj").is_err());
        assert!(operations(b"1 2").is_err());
    }

    proptest::proptest! {
        // Content streams are untrusted bytes: the lexer answers or gives up, never panics
        // or loops.
        #[test]
        fn any_bytes_lex_or_are_given_up_on(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let _ = operations(&bytes);
        }

        #[test]
        fn any_token_soup_lexes_or_is_given_up_on(tokens in proptest::collection::vec(
            proptest::sample::select(vec!["BT", "ET", "/F1", "12", "-3.5", ".5", "(a\\)b)", "(", ")", "<4", "<41>", "[", "]",
                "<<", ">>", "%c\n", "'", "\"", "Tj", "TJ", "true", "\\", "#", "\n", " "]), 0..60)) {
            let _ = operations(tokens.concat().as_bytes());
        }
    }

    #[test]
    fn winansi_is_windows_1252_with_the_pdf_exceptions() {
        assert_eq!(WIN_ANSI[b'e' as usize], u16::from(b'e'));
        assert_eq!(WIN_ANSI[0xE9], 0xE9); // é
        assert_eq!(WIN_ANSI[0x80], 0x20AC); // €
        assert_eq!(WIN_ANSI[0x92], 0x2019); // ’
        assert_eq!(WIN_ANSI[0x81], 0x2022);
        assert_eq!(WIN_ANSI[0xA0], 0x20);
        assert_eq!(WIN_ANSI[0xAD], 0x2D);
        assert_eq!(WIN_ANSI[0x1F], 0);
    }
}
