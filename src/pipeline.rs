//! The pipeline for one document: read → normalize → extract → record. Everything after
//! reading the bytes is a pure function of the bytes and the patterns, so documents can
//! be processed on any thread and the output does not depend on the order.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use crate::extract;
use crate::messages::{self, Lang};
use crate::model::{OcrPageInfo, Record, SCHEMA, Source, Status};
use crate::normalize::normalize;
use crate::patterns::Patterns;
use crate::pdf::PdfError;
use crate::read::{self, Format, ReadError};

/// A page with fewer characters than this in its text layer is also read by OCR.
const OCR_BELOW_CHARS: usize = 200;

/// Whether pages without a text layer are read by OCR.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OcrMode {
    /// When tesseract (French) and pdftoppm are installed.
    #[default]
    Auto,
    Off,
}

/// How records are built.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub ocr: OcrMode,
    /// Keep the normalized text in the record (`extract --with-text`).
    pub with_text: bool,
    pub lang: Lang,
}

fn empty_record(path: &str, bytes: &[u8], format: &str) -> Record {
    let sha = read::sha256_hex(bytes);
    Record {
        schema: SCHEMA.to_string(),
        id: sha[..16].to_string(),
        source: Source {
            path: path.to_string(),
            sha256: sha,
            format: format.to_string(),
            bytes: bytes.len() as u64,
            pages: None,
            encoding: None,
            ocr_pages: Vec::new(),
            paths: Vec::new(),
        },
        status: Status::Ok,
        error: None,
        collectivity: Default::default(),
        body: None,
        session: Default::default(),
        attendance: Default::default(),
        deliberations: Vec::new(),
        transmission: Default::default(),
        findings: Vec::new(),
        text: None,
    }
}

fn failed(mut record: Record, error: String) -> Record {
    record.status = Status::Failed;
    record.error = Some(error);
    record
}

fn panic_detail(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "internal error".to_string())
}

/// Builds the record of one document from its bytes. Never panics: a failure of any
/// stage becomes a `failed` or `partial` record that says why.
pub fn process_bytes(path: &str, bytes: &[u8], format: Option<Format>, patterns: &Patterns, opts: Options) -> Record {
    let format_name = format.map_or_else(
        || Path::new(path).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase(),
        |f| f.name().to_string(),
    );
    let mut record = empty_record(path, bytes, &format_name);
    let Some(format) = format else {
        return failed(record, messages::read_error(&ReadError::Unsupported, opts.lang));
    };
    let mut pages_without_text = Vec::new();
    // Asked once, and only for what OCR can read (the check starts tesseract once).
    let ocr_ready =
        matches!(format, Format::Pdf | Format::Image) && opts.ocr == OcrMode::Auto && crate::ocr::available();
    let text = if format == Format::Pdf {
        let pages = match crate::pdf::read_pages(bytes) {
            Ok(p) => p,
            // A PDF the parser cannot read may still be a scan that poppler can render.
            Err(e @ (PdfError::Crashed(_) | PdfError::Damaged(_))) if ocr_ready => {
                match crate::ocr::page_count(bytes) {
                    Some(n) if n > 0 => vec![String::new(); n],
                    _ => return failed(record, messages::pdf_error(&e, opts.lang)),
                }
            }
            Err(e) => return failed(record, messages::pdf_error(&e, opts.lang)),
        };
        let mut pages = pages;
        record.source.pages = Some(pages.len() as u32);
        // A page with almost no characters has no text layer (a scan), one in garbage has
        // an unreadable one (a font without a Unicode map).
        let unreadable = |p: &str| p.trim().chars().count() < 20 || crate::pdf::page_is_garbled(p);
        pages_without_text = (1..=pages.len()).filter(|&n| unreadable(&pages[n - 1])).collect();
        if ocr_ready {
            // A page with little text may be a scan under a stamp (« Envoyé en préfecture
            // le … »): it is read by OCR too, and the longer reading wins.
            for n in 1..=pages.len() {
                let garbled = crate::pdf::page_is_garbled(&pages[n - 1]);
                if pages[n - 1].trim().chars().count() >= OCR_BELOW_CHARS && !garbled {
                    continue;
                }
                // A garbled layer gives way to any OCR reading; a thin one to a longer one.
                let layer = if garbled { 0 } else { pages[n - 1].trim().chars().count() };
                if let Ok(page) = crate::ocr::read_pdf_page(bytes, n)
                    && page.text.trim().chars().count() > layer.max(19)
                {
                    record.source.ocr_pages.push(OcrPageInfo { page: n as u32, confidence: page.confidence });
                    pages[n - 1] = page.text;
                }
            }
            pages_without_text.retain(|&n| {
                unreadable(&pages[n - 1]) && !record.source.ocr_pages.iter().any(|o| o.page as usize == n)
            });
        }
        if pages.is_empty() {
            return failed(record, messages::pdf_error(&PdfError::Damaged("no page".to_string()), opts.lang));
        }
        // What is left unreadable is not fed to the extractors: garbage could only mislead.
        for &n in &pages_without_text {
            pages[n - 1].clear();
        }
        if pages_without_text.len() == pages.len() {
            let error = messages::pages_without_text(&pages_without_text, pages.len(), ocr_ready, opts.lang);
            return failed(record, error);
        }
        let pages: Vec<String> = pages.iter().map(|p| crate::pdf::clean_page(p)).collect();
        // Pages are separated by a form feed in its own paragraph: spans get their page.
        crate::pdf::strip_running_lines(&pages).join("\n\n\u{c}\n\n")
    } else if format == Format::Image {
        match read_image(bytes, path, ocr_ready, opts.lang) {
            Ok((text, info)) => {
                record.source.pages = Some(1);
                record.source.ocr_pages.push(info);
                text
            }
            Err(error) => return failed(record, error),
        }
    } else {
        match read::decode(bytes) {
            Ok(d) => {
                record.source.encoding = Some(d.encoding.to_string());
                d.text
            }
            Err(e) => return failed(record, messages::read_error(&e, opts.lang)),
        }
    };
    let text_format = if matches!(format, Format::Pdf | Format::Image) { Format::Text } else { format };
    let text = match catch_unwind(AssertUnwindSafe(|| normalize(&text, text_format))) {
        Ok(t) => t,
        Err(p) => {
            return failed(record, messages::extraction_crashed(&panic_detail(&*p), opts.lang));
        }
    };
    match catch_unwind(AssertUnwindSafe(|| extract::extract(&text, patterns))) {
        Ok(facts) => {
            record.collectivity = facts.collectivity;
            record.body = facts.body;
            record.session = facts.session;
            record.attendance = facts.attendance;
            record.deliberations = facts.deliberations;
            record.transmission = facts.transmission;
            if !facts.notes.is_empty() {
                record.status = Status::Partial;
                record.error = Some(facts.notes.join("; "));
            }
        }
        Err(p) => {
            record.status = Status::Partial;
            record.error = Some(messages::extraction_crashed(&panic_detail(&*p), opts.lang));
        }
    }
    if format == Format::Pdf {
        // Page breaks are form feeds in the normalized text: each reference gets its page.
        for d in &mut record.deliberations {
            for r in &mut d.references {
                r.page = Some(text[..r.span[0].min(text.len())].matches('\u{c}').count() as u32 + 1);
            }
        }
    }
    if !pages_without_text.is_empty() && record.status == Status::Ok {
        record.status = Status::Partial;
        let total = record.source.pages.unwrap_or(0) as usize;
        record.error = Some(messages::pages_without_text(&pages_without_text, total, ocr_ready, opts.lang));
    }
    if opts.with_text {
        record.text = Some(text);
    }
    record
}

/// A scan in an image file, read by OCR.
fn read_image(bytes: &[u8], path: &str, ocr_ready: bool, lang: Lang) -> Result<(String, OcrPageInfo), String> {
    if !ocr_ready {
        return Err(messages::pages_without_text(&[1], 1, false, lang));
    }
    let ext = Path::new(path).extension().and_then(|e| e.to_str()).unwrap_or("png");
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let image = dir.path().join(format!("scan.{ext}"));
    std::fs::write(&image, bytes).map_err(|e| e.to_string())?;
    let page = crate::ocr::read_image(&image).map_err(|e| messages::ocr_failed(&e, lang))?;
    if page.text.trim().is_empty() {
        return Err(messages::ocr_failed("no text found", lang));
    }
    Ok((page.text, OcrPageInfo { page: 1, confidence: page.confidence }))
}

/// Reads one file and builds its record.
pub fn process_path(path: &Path, patterns: &Patterns, opts: Options) -> Record {
    let shown = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => process_bytes(&shown, &bytes, Format::from_path(path), patterns, opts),
        Err(e) => {
            let record = empty_record(&shown, &[], "");
            failed(record, messages::read_error(&ReadError::Io(e.kind().to_string()), opts.lang))
        }
    }
}

/// The record of an input that could not even be opened (a missing path).
pub fn failed_input(path: &Path, error: &str) -> Record {
    failed(empty_record(&path.display().to_string(), &[], ""), error.to_string())
}
