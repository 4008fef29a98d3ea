//! Attendance tables whose marks are « X », rebuilt from glyph positions. The plain text
//! of a PDF loses horizontal positions, so in « M. Jean DUPONT X M. B » nobody can tell
//! which column the X is in; with ☒/☐ boxes every cell survives and the text suffices,
//! but an X alone does not. This module reads each glyph's position through
//! pdf-extract's output-device interface, rebuilds rows and cells, and aligns the cells
//! under the header's columns (Présents / Absents / Excusés / Pouvoir à), writing the
//! table as tab-separated rows with empty cells kept — the form the text extractor reads.

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

struct Glyph {
    x: f64,
    y: f64,
    end: f64,
    size: f64,
    ch: String,
}

/// Collects the glyphs of one page with their positions (top-left origin).
struct Glyphs {
    flip: Transform,
    glyphs: Vec<Glyph>,
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
        self.glyphs.push(Glyph { x: p.m31, y: p.m32, end: p.m31 + width * size, size, ch: ch.to_string() });
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

/// A run of glyphs with no wide gap: one table cell.
struct Cell {
    x: f64,
    text: String,
}

/// Glyphs grouped into lines (same baseline) and cells (split at gaps wider than a
/// couple of characters).
fn lines_of(mut glyphs: Vec<Glyph>) -> Vec<Vec<Cell>> {
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
                cells.last_mut().unwrap().text.push_str(&g.ch);
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
    let mut sink = Glyphs { flip: Transform::identity(), glyphs: Vec::new() };
    pdf_extract::output_doc_page(doc, &mut sink, page).ok()?;
    let lines = lines_of(sink.glyphs);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page PDF drawing each text at its own position.
    pub(crate) fn pdf_with_texts(texts: &[(f64, f64, &str)]) -> Vec<u8> {
        let mut content = String::new();
        for (x, y, t) in texts {
            content.push_str(&format!("BT /F1 10 Tf {x} {y} Td ({t}) Tj ET\n"));
        }
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
                .to_string(),
            format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
        ];
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
        for off in offsets {
            out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!("trailer << /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
        );
        out
    }

    #[test]
    fn an_x_marked_table_gives_its_roll_through_the_pipeline() {
        let pdf = pdf_with_texts(&[
            (50.0, 740.0, "Le seize juin deux mille vingt-deux, le conseil municipal s'est reuni."),
            (50.0, 700.0, "Membre"),
            (250.0, 700.0, "Presents"),
            (320.0, 700.0, "Absents"),
            (390.0, 700.0, "Excuses"),
            (460.0, 700.0, "Pouvoir a"),
            (50.0, 680.0, "M. Jean DUPONT"),
            (262.0, 680.0, "X"),
            (50.0, 660.0, "Mme Anne MARTIN"),
            (402.0, 660.0, "X"),
            (460.0, 660.0, "M. DUPONT"),
            (50.0, 640.0, "M. Paul PETIT"),
            (332.0, 640.0, "X"),
        ]);
        let patterns = crate::patterns::Patterns::embedded();
        let opts = crate::pipeline::Options { ocr: crate::pipeline::OcrMode::Off, ..Default::default() };
        let r = crate::pipeline::process_bytes("x.pdf", &pdf, Some(crate::read::Format::Pdf), &patterns, opts);
        let roll: Vec<(String, String, Option<String>)> =
            r.attendance.members.iter().map(|m| (m.name.clone(), m.status.clone(), m.proxy_to.clone())).collect();
        assert_eq!(
            roll,
            [
                ("Jean DUPONT".to_string(), "present".to_string(), None),
                ("Anne MARTIN".to_string(), "excused".to_string(), Some("M. DUPONT".to_string())),
                ("Paul PETIT".to_string(), "absent".to_string(), None)
            ]
        );
    }

    #[test]
    fn x_marks_are_read_in_their_columns() {
        let pdf = pdf_with_texts(&[
            (50.0, 700.0, "Membre"),
            (250.0, 700.0, "Presents"),
            (320.0, 700.0, "Absents"),
            (390.0, 700.0, "Excuses"),
            (460.0, 700.0, "Pouvoir a"),
            (50.0, 680.0, "M. Jean DUPONT"),
            (262.0, 680.0, "X"),
            (50.0, 660.0, "Mme Anne MARTIN"),
            (402.0, 660.0, "X"),
            (460.0, 660.0, "M. DUPONT"),
            (50.0, 640.0, "M. Paul PETIT"),
            (332.0, 640.0, "X"),
            (50.0, 600.0, "Le quorum etant atteint, le conseil delibere."),
        ]);
        let doc = pdf_extract::Document::load_mem(&pdf).unwrap();
        let table = x_marked_table(&doc, 1).unwrap();
        assert_eq!(
            table,
            "Membre\tPresents\tAbsents\tExcuses\tPouvoir a\nM. Jean DUPONT\tX\t\t\t\nMme Anne MARTIN\t\t\tX\tM. DUPONT\nM. Paul PETIT\t\tX\t\t"
        );
    }
}
