//! OCR for pages without a text layer (scanned registers) and for image files: poppler's
//! `pdftoppm` rasterizes a PDF page at 300 dpi, `tesseract` reads it in French. Both are
//! Debian packages (poppler-utils, tesseract-ocr, tesseract-ocr-fra), run as separate
//! processes with a time limit, so a hard page can neither crash nor stall a batch.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

/// How long one page may take to rasterize and read.
pub const PAGE_TIME_LIMIT: Duration = Duration::from_secs(120);

/// Text read from one page, and tesseract's mean word confidence (0–100).
#[derive(Debug, Clone, PartialEq)]
pub struct OcrPage {
    pub text: String,
    pub confidence: f32,
}

/// Whether OCR can run here: tesseract with its French data, and pdftoppm.
pub fn available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        let french = Command::new("tesseract")
            .arg("--list-langs")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == "fra"));
        let poppler = Command::new("pdftoppm").arg("-v").output().is_ok();
        french && poppler
    })
}

/// Runs a tool under the page time limit: its exit status and stdout.
fn run_limited(cmd: &mut Command, limit: Duration) -> Result<(std::process::ExitStatus, Vec<u8>), String> {
    crate::process::run_limited(cmd, b"", limit).map_err(|e| match e {
        crate::process::RunError::TimedOut => format!("timed out after {} s", limit.as_secs()),
        crate::process::RunError::Start(e) => e,
    })
}

/// Reads an image file (PNG, JPEG, TIFF) in French.
pub fn read_image(image: &Path) -> Result<OcrPage, String> {
    let (status, out) = run_limited(
        Command::new("tesseract").arg(image).arg("stdout").args(["-l", "fra", "--psm", "3", "tsv"]),
        PAGE_TIME_LIMIT,
    )?;
    if !status.success() {
        return Err("tesseract could not read the image".to_string());
    }
    Ok(page_from_tsv(&String::from_utf8_lossy(&out)))
}

/// The number of pages of a PDF according to poppler (`pdfinfo`), for a file the PDF
/// parser could not open.
pub fn page_count(pdf: &[u8]) -> Option<usize> {
    let dir = tempfile::tempdir().ok()?;
    let input = dir.path().join("in.pdf");
    std::fs::write(&input, pdf).ok()?;
    let (_, out) = run_limited(Command::new("pdfinfo").arg(&input), PAGE_TIME_LIMIT).ok()?;
    String::from_utf8_lossy(&out).lines().find_map(|l| l.strip_prefix("Pages:").and_then(|n| n.trim().parse().ok()))
}

/// Rasterizes page `page` (1-based) of a PDF and reads it.
pub fn read_pdf_page(pdf: &[u8], page: usize) -> Result<OcrPage, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let input = dir.path().join("in.pdf");
    std::fs::write(&input, pdf).map_err(|e| e.to_string())?;
    let prefix = dir.path().join("page");
    let n = page.to_string();
    let (status, _) = run_limited(
        Command::new("pdftoppm")
            .args(["-r", "300", "-gray", "-png", "-singlefile", "-f", &n, "-l", &n])
            .arg(&input)
            .arg(&prefix),
        PAGE_TIME_LIMIT,
    )?;
    let image = prefix.with_extension("png");
    if !status.success() || !image.exists() {
        return Err(format!("page {page} could not be rasterized"));
    }
    read_image(&image)
}

/// Text and mean confidence from tesseract's TSV: words joined by line, paragraphs
/// separated by a blank line, as a text export would have them.
pub fn page_from_tsv(tsv: &str) -> OcrPage {
    let mut text = String::new();
    let mut last: Option<(String, String, String)> = None;
    let (mut sum, mut words) = (0.0f32, 0usize);
    for row in tsv.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        if cols.len() < 12 || cols[0] != "5" {
            continue;
        }
        let word = cols[11].trim();
        if word.is_empty() {
            continue;
        }
        let key = (cols[2].to_string(), cols[3].to_string(), cols[4].to_string());
        match &last {
            Some(k) if *k == key => text.push(' '),
            Some(k) if k.0 == key.0 && k.1 == key.1 => text.push('\n'),
            Some(_) => text.push_str("\n\n"),
            None => {}
        }
        text.push_str(word);
        last = Some(key);
        if let Ok(conf) = cols[10].parse::<f32>()
            && conf >= 0.0
        {
            sum += conf;
            words += 1;
        }
    }
    OcrPage { text, confidence: if words == 0 { 0.0 } else { sum / words as f32 } }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_becomes_lines_and_paragraphs_with_a_mean_confidence() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t90\tSéance\n\
                   5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t80\tdu\n\
                   5\t1\t1\t1\t2\t1\t0\t0\t1\t1\t70\tPour\n\
                   4\t1\t1\t1\t3\t0\t0\t0\t1\t1\t-1\t\n\
                   5\t1\t2\t1\t1\t1\t0\t0\t1\t1\t60\tContre\n";
        let page = page_from_tsv(tsv);
        assert_eq!(page.text, "Séance du\nPour\n\nContre");
        assert_eq!(page.confidence, 75.0);
    }
}
