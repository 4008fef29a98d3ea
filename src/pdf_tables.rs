//! Attendance tables whose marks are « X », rebuilt from glyph positions. The plain text
//! of a PDF loses horizontal positions, so in « M. Jean DUPONT X M. B » nobody can tell
//! which column the X is in; with ☒/☐ boxes every cell survives and the text suffices,
//! but an X alone does not. This module reads each glyph's position through
//! pdf-extract's output-device interface, rebuilds rows and cells, and aligns the cells
//! under the header's columns (Présents / Absents / Excusés / Pouvoir à), writing the
//! table as tab-separated rows with empty cells kept — the form the text extractor reads.

use pdf_extract::{MediaBox, OutputDev, OutputError, PlainTextOutput, Transform};

struct Glyph {
    x: f64,
    y: f64,
    end: f64,
    size: f64,
    /// The glyph's text: a span of `Glyphs::text`, which holds them all (one allocation
    /// per page, not per glyph).
    ch: (usize, usize),
}

/// Collects the glyphs of one page with their positions (top-left origin).
struct Glyphs {
    flip: Transform,
    glyphs: Vec<Glyph>,
    text: String,
}

impl OutputDev for Glyphs {
    fn begin_page(&mut self, _: u32, media: &MediaBox, _: Option<(f64, f64, f64, f64)>) -> Result<(), OutputError> {
        self.flip = Transform::row_major(1., 0., 0., -1., 0., media.ury - media.lly);
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _: f64,
        size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        let p = trm.post_transform(&self.flip);
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = (size * scale).max(1.0);
        let start = self.text.len();
        self.text.push_str(ch);
        self.glyphs.push(Glyph { x: p.m31, y: p.m32, end: p.m31 + width * size, size, ch: (start, self.text.len()) });
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

impl Glyphs {
    fn new() -> Glyphs {
        Glyphs { flip: Transform::identity(), glyphs: Vec::new(), text: String::new() }
    }
}

/// Both readings of a page from one pass of the parser: pdf-extract's plain text and the
/// glyphs. A second pass for the glyphs, on the pages naming the status columns, was a
/// quarter of the PDF reading time (most minutes have such a page).
struct TextAndGlyphs<'a> {
    text: PlainTextOutput<&'a mut String>,
    glyphs: Glyphs,
}

impl OutputDev for TextAndGlyphs<'_> {
    fn begin_page(&mut self, n: u32, media: &MediaBox, art: Option<(f64, f64, f64, f64)>) -> Result<(), OutputError> {
        self.text.begin_page(n, media, art)?;
        self.glyphs.begin_page(n, media, art)
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        self.text.end_page()?;
        self.glyphs.end_page()
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        self.text.output_character(trm, width, spacing, size, ch)?;
        self.glyphs.output_character(trm, width, spacing, size, ch)
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.text.begin_word()
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        self.text.end_word()
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        self.text.end_line()
    }
}

/// The plain text of a page and, when the page names the status columns and holds a
/// table marked with « X », that table rebuilt in columns after it. The page is read by
/// src/pdf_text.rs when it can, by pdf-extract otherwise (`fallback` prepares the document
/// for it first); the text is the same.
pub fn page_text(
    doc: &mut pdf_extract::Document,
    page: u32,
    fonts: &mut crate::pdf_text::FontCache,
    fallback: impl FnOnce(&mut pdf_extract::Document),
) -> Result<String, OutputError> {
    let mut text = String::new();
    let mut both = TextAndGlyphs { text: PlainTextOutput::new(&mut text), glyphs: Glyphs::new() };
    if crate::pdf_text::output_page(doc, page, fonts, &mut both).is_err() {
        drop(both);
        text.clear();
        fallback(doc);
        both = TextAndGlyphs { text: PlainTextOutput::new(&mut text), glyphs: Glyphs::new() };
        pdf_extract::output_doc_page(doc, &mut both, page)?;
    }
    let TextAndGlyphs { glyphs, .. } = both;
    let folded = crate::text::fold(&text);
    let has_header = folded.contains("present") && (folded.contains("absent") || folded.contains("excuse"));
    if let Some(table) = has_header.then(|| table_of(glyphs)).flatten() {
        text.push_str("\n\n");
        text.push_str(&table);
        text.push('\n');
    }
    Ok(text)
}

/// A run of glyphs with no wide gap: one table cell.
struct Cell {
    x: f64,
    text: String,
}

/// Glyphs grouped into lines (same baseline) and cells (split at gaps wider than a
/// couple of characters).
fn lines_of(Glyphs { mut glyphs, text: all, .. }: Glyphs) -> Vec<Vec<Cell>> {
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        match lines.last_mut() {
            Some(line) if (line[0].y - g.y).abs() <= line[0].size * 0.5 => line.push(g),
            _ => lines.push(vec![g]),
        }
    }
    lines
        .into_iter()
        .map(|mut line| {
            line.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut cells: Vec<Cell> = Vec::new();
            let mut last_end = f64::NEG_INFINITY;
            for g in line {
                let gap = g.x - last_end;
                if gap > g.size * 1.5 || cells.is_empty() {
                    cells.push(Cell { x: g.x, text: String::new() });
                } else if gap > g.size * 0.15 && !cells.last().unwrap().text.ends_with(' ') {
                    cells.last_mut().unwrap().text.push(' ');
                }
                cells.last_mut().unwrap().text.push_str(&all[g.ch.0..g.ch.1]);
                last_end = g.end;
            }
            cells.retain(|c| !c.text.trim().is_empty());
            for c in &mut cells {
                c.text = c.text.trim().to_string();
            }
            cells
        })
        .filter(|cells: &Vec<Cell>| !cells.is_empty())
        .collect()
}

fn is_status_heading(text: &str) -> bool {
    let t = crate::text::fold(text);
    t.starts_with("present") || t.starts_with("absent") || t.starts_with("excuse")
}

/// The attendance table of a page, aligned under its header, as tab-separated text; only
/// when its rows are marked with « X » (a table of ☒/☐ boxes reads well as plain text).
pub fn x_marked_table(doc: &pdf_extract::Document, page: u32) -> Option<String> {
    let mut sink = Glyphs::new();
    pdf_extract::output_doc_page(doc, &mut sink, page).ok()?;
    table_of(sink)
}

fn table_of(glyphs: Glyphs) -> Option<String> {
    let lines = lines_of(glyphs);
    let header_at = lines.iter().position(|cells| cells.iter().filter(|c| is_status_heading(&c.text)).count() >= 2)?;
    let header = &lines[header_at];
    let starts: Vec<f64> = header.iter().map(|c| c.x).collect();
    // A cell belongs to the last column starting at or left of it (with a little slack:
    // a mark is centred under its heading, a name starts with it).
    let column = |x: f64| starts.iter().rposition(|&s| s <= x + 2.0).unwrap_or(0);
    let status_columns: Vec<usize> = (0..header.len()).filter(|&i| is_status_heading(&header[i].text)).collect();
    let mut rows = vec![header.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("\t")];
    let mut marked = false;
    for cells in &lines[header_at + 1..] {
        let mut row = vec![String::new(); header.len()];
        for c in cells {
            let j = column(c.x);
            if !row[j].is_empty() {
                row[j].push(' ');
            }
            row[j].push_str(&c.text);
        }
        let marks = status_columns.iter().filter(|&&j| matches!(row[j].as_str(), "X" | "x" | "☒" | "☐")).count();
        if marks == 0 {
            break;
        }
        marked |= status_columns.iter().any(|&j| matches!(row[j].as_str(), "X" | "x"));
        rows.push(row.join("\t"));
    }
    (marked && rows.len() > 1).then(|| rows.join("\n"))
}
