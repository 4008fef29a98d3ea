//! src/pdf_text.rs must report every page exactly as pdf-extract does: the same calls to
//! the output device, in the same order, with the same numbers, for every PDF at hand
//! (corpus/, and ../shared/pdf and ../shared/real-pdf when present). A page it gives up on
//! is read by pdf-extract, so only the pages it reads are compared; the corpus PDFs, made by
//! an office suite the way town halls make them, must all be read by it.

use std::path::{Path, PathBuf};

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};
use registre::pdf_text::{FontCache, output_page};

/// Every call an output device receives, written out with its arguments.
#[derive(Default)]
struct Recorder {
    calls: Vec<String>,
}

impl OutputDev for Recorder {
    fn begin_page(&mut self, n: u32, media: &MediaBox, art: Option<(f64, f64, f64, f64)>) -> Result<(), OutputError> {
        self.calls
            .push(format!("begin_page {n} {:?} {:?} {:?} {:?} {art:?}", media.llx, media.lly, media.urx, media.ury));
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        self.calls.push("end_page".into());
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        self.calls.push(format!("char {:?} {width:?} {spacing:?} {size:?} {ch:?}", trm.to_row_major_array()));
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.calls.push("begin_word".into());
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        self.calls.push("end_word".into());
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        self.calls.push("end_line".into());
        Ok(())
    }
}

fn pdfs_in(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "pdf")).collect())
        .unwrap_or_default();
    out.sort();
    out
}

/// (pages read here, pages left to pdf-extract) for one file; panics on a difference.
fn compare(path: &Path) -> (usize, usize) {
    let bytes = std::fs::read(path).unwrap();
    let Ok(mut doc) = pdf_extract::Document::load_mem(&bytes) else { return (0, 0) };
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return (0, 0);
    }
    let mut fonts = FontCache::default();
    let (mut read, mut left) = (0, 0);
    for page in doc.get_pages().keys().copied().collect::<Vec<_>>() {
        let mut ours = Recorder::default();
        if output_page(&doc, page, &mut fonts, &mut ours).is_err() {
            left += 1;
            continue;
        }
        registre::pdf::rewrite_quotes_of_page(&mut doc, page);
        let mut theirs = Recorder::default();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(&doc, &mut theirs, page)
        }));
        if !matches!(outcome, Ok(Ok(()))) {
            // pdf-extract stops on this page: reading it is better than what it did.
            continue;
        }
        read += 1;
        let first_difference = ours.calls.iter().zip(&theirs.calls).position(|(a, b)| a != b);
        assert!(
            ours.calls == theirs.calls,
            "{} page {page}: {} calls here, {} by pdf-extract; first difference at {first_difference:?}: {:?} vs {:?}",
            path.display(),
            ours.calls.len(),
            theirs.calls.len(),
            first_difference.map(|i| &ours.calls[i]),
            first_difference.map(|i| &theirs.calls[i]),
        );
    }
    (read, left)
}

#[test]
fn the_corpus_pdfs_are_read_here_exactly_as_pdf_extract_reads_them() {
    let pdfs = pdfs_in(Path::new("corpus"));
    assert!(pdfs.len() >= 5);
    for pdf in pdfs {
        let (read, left) = compare(&pdf);
        assert!(read > 0 && left == 0, "{}: {read} pages read here, {left} left to pdf-extract", pdf.display());
    }
}

#[test]
fn the_shared_pdfs_are_read_exactly_as_pdf_extract_reads_them() {
    let shared = Path::new("../shared");
    if !shared.join("real-pdf").is_dir() {
        println!("skipped: {} is absent (it ships beside the repository, not in it)", shared.display());
        return;
    }
    let (mut read, mut left) = (0, 0);
    for dir in ["pdf", "real-pdf"] {
        for pdf in pdfs_in(&shared.join(dir)) {
            let (r, l) = compare(&pdf);
            println!("{}: {r} pages read here, {l} left to pdf-extract", pdf.display());
            read += r;
            left += l;
        }
    }
    println!("{read} pages read here, {left} left to pdf-extract");
    // The born-digital PDFs (LibreOffice, Word, Print to PDF) are read here.
    assert!(read >= 60, "only {read} pages read here");
}

/// The decoded ToUnicode streams of a PDF's fonts.
fn to_unicode_streams(path: &Path) -> Vec<Vec<u8>> {
    let Ok(doc) = pdf_extract::Document::load(path) else { return Vec::new() };
    let mut out = Vec::new();
    for object in doc.objects.values() {
        let Ok(font) = object.as_dict() else { continue };
        let Some(Ok(id)) = font.get(b"ToUnicode").ok().map(|o| o.as_reference()) else { continue };
        if let Ok(pdf_extract::Object::Stream(stream)) = doc.get_object(id) {
            out.push(stream.decompressed_content().unwrap_or_else(|_| stream.content.clone()));
        }
    }
    out
}

/// src/pdf_cmap.rs reads the CMaps of every PDF at hand itself, and as the crate does.
#[test]
fn the_to_unicode_maps_at_hand_are_read_without_the_crate_and_as_it_reads_them() {
    let mut pdfs = pdfs_in(Path::new("corpus"));
    if Path::new("../shared/real-pdf").is_dir() {
        for dir in ["../shared/pdf", "../shared/real-pdf"] {
            pdfs.extend(pdfs_in(Path::new(dir)));
        }
    } else {
        println!("corpus/ only: ../shared is absent (it ships beside the repository, not in it)");
    }
    let mut maps = 0;
    for pdf in &pdfs {
        for cmap in to_unicode_streams(pdf) {
            let ours = registre::pdf_cmap::read_without_the_crate(&cmap)
                .unwrap_or_else(|| panic!("{}: a CMap is left to the crate", pdf.display()));
            assert_eq!(ours, adobe_cmap_parser::get_unicode_map(&cmap), "{}", pdf.display());
            maps += 1;
        }
    }
    println!("{maps} ToUnicode maps in {} PDFs", pdfs.len());
    assert!(maps >= 5, "only {maps} ToUnicode maps found");
}
