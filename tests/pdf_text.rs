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

/// The calls each reader makes on `page`: ours (`None` when it gives up on the page),
/// then, only when ours read it, pdf-extract's on the page after registre's rewrite of
/// the quote operators (`None` when it fails or panics).
fn readings(
    doc: &mut pdf_extract::Document,
    page: u32,
    fonts: &mut FontCache,
) -> (Option<Vec<String>>, Option<Vec<String>>) {
    let mut ours = Recorder::default();
    if output_page(doc, page, fonts, &mut ours).is_err() {
        return (None, None);
    }
    registre::pdf::rewrite_quotes_of_page(doc, page);
    let mut theirs = Recorder::default();
    let outcome =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pdf_extract::output_doc_page(doc, &mut theirs, page)));
    (Some(ours.calls), matches!(outcome, Ok(Ok(()))).then_some(theirs.calls))
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
        let (ours, theirs) = match readings(&mut doc, page, &mut fonts) {
            (None, _) => {
                left += 1;
                continue;
            }
            // pdf-extract stops on this page: reading it is better than what it did.
            (Some(_), None) => continue,
            (Some(ours), Some(theirs)) => (ours, theirs),
        };
        read += 1;
        let first_difference = ours.iter().zip(&theirs).position(|(a, b)| a != b);
        assert!(
            ours == theirs,
            "{} page {page}: {} calls here, {} by pdf-extract; first difference at {first_difference:?}: {:?} vs {:?}",
            path.display(),
            ours.len(),
            theirs.len(),
            first_difference.map(|i| &ours[i]),
            first_difference.map(|i| &theirs[i]),
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

/// The PDFs of ../shared/pdf and ../shared/real-pdf, or None when ../shared is absent (it
/// ships beside the repository, not in it).
fn shared_pdfs() -> Option<Vec<PathBuf>> {
    let shared = Path::new("../shared");
    shared
        .join("real-pdf")
        .is_dir()
        .then(|| ["pdf", "real-pdf"].iter().flat_map(|d| pdfs_in(&shared.join(d))).collect())
}

#[test]
fn the_shared_pdfs_are_read_exactly_as_pdf_extract_reads_them() {
    let Some(pdfs) = shared_pdfs() else {
        println!("skipped: ../shared is absent (it ships beside the repository, not in it)");
        return;
    };
    let (mut read, mut left) = (0, 0);
    for pdf in pdfs {
        let (r, l) = compare(&pdf);
        println!("{}: {r} pages read here, {l} left to pdf-extract", pdf.display());
        read += r;
        left += l;
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
            out.push(registre::pdf_text::stream_bytes(stream));
        }
    }
    out
}

/// src/pdf_cmap.rs reads the CMaps of every PDF at hand itself, and as the crate does.
#[test]
fn the_to_unicode_maps_at_hand_are_read_without_the_crate_and_as_it_reads_them() {
    let mut pdfs = pdfs_in(Path::new("corpus"));
    match shared_pdfs() {
        Some(shared) => pdfs.extend(shared),
        None => println!("corpus/ only: ../shared is absent (it ships beside the repository, not in it)"),
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

/// `doc` with the content of `page` replaced by `content`.
fn with_content(doc: &pdf_extract::Document, page: u32, content: Vec<u8>) -> pdf_extract::Document {
    let mut doc = doc.clone();
    let page_id = doc.get_pages()[&page];
    let mut content = Some(content);
    for id in doc.get_page_contents(page_id) {
        if let Ok(pdf_extract::Object::Stream(stream)) = doc.get_object_mut(id) {
            stream.set_plain_content(content.take().unwrap_or_default());
        }
    }
    doc
}

/// The first hexadecimal string (`<…>`) of a content stream or line.
fn first_hex_string(content: &[u8]) -> Option<&[u8]> {
    let start = content.iter().position(|&b| b == b'<')?;
    let end = start + content[start..].iter().position(|&b| b == b'>')?;
    Some(&content[start..=end])
}

/// No PDF at hand uses `'` or `"`: a corpus page's own string, shown with Tj, ' and ", is
/// read here as pdf-extract reads the rewrite registre gives it.
#[test]
fn quote_operators_are_read_as_pdf_extract_reads_their_rewrite() {
    let doc = pdf_extract::Document::load("corpus/smo-npdc-numerique-2022-15.pdf").unwrap();
    let content = doc.get_page_content(doc.get_pages()[&1]).unwrap();
    let first = first_hex_string(&content).unwrap();
    // With a code 32 inside, which word spacing (set by « " ») moves.
    let inner = String::from_utf8_lossy(&first[1..first.len() - 1]).into_owned();
    let hex = format!("<{inner}20{inner}>");
    let shown = format!("BT /F1 11 Tf 14 TL 56.8 700 Td {hex} Tj {hex} ' 2.5 -0.5 {hex} \" ET");
    let mut doc = with_content(&doc, 1, shown.into_bytes());
    let (Some(ours), Some(theirs)) = readings(&mut doc, 1, &mut FontCache::default()) else {
        panic!("both readers read it")
    };
    assert_eq!(ours, theirs);
    let glyphs = 2 * (inner.len() / 2) + 1;
    assert_eq!(ours.iter().filter(|c| c.starts_with("char")).count(), 3 * glyphs);
}

/// A corpus page's content recombined from runs of its own lines or words (so that fonts,
/// operators and operands are real, in any order, nesting and split): the reader here never
/// panics, and when both readers read the page they make the same calls. Counted, so
/// that a test where one reader always gave up cannot pass.
#[test]
fn recombined_content_is_read_as_pdf_extract_reads_it_or_given_up_on() {
    use proptest::strategy::{Strategy, ValueTree};
    let doc = pdf_extract::Document::load("corpus/smo-npdc-numerique-2022-15.pdf").unwrap();
    let content = doc.get_page_content(doc.get_pages()[&1]).unwrap();
    // The office suite writes one operation, or a text object's few, per line.
    // Words split strings and arrays too: the readers must give up on those, not panic.
    let mut lines: Vec<Vec<u8>> = content.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    // The page shows its text with TJ only: its strings shown with ' and " too, so that
    // the reader's own quote operators meet pdf-extract's reading of their rewrite.
    let quoted: Vec<Vec<u8>> = lines
        .iter()
        .filter_map(|line| first_hex_string(line))
        .flat_map(|hex| [[hex, b" '"].concat(), [b"2.5 -0.5 ", hex, b" \""].concat()])
        .collect();
    assert!(!quoted.is_empty());
    lines.extend(quoted);
    let words: Vec<Vec<u8>> =
        content.split(u8::is_ascii_whitespace).filter(|t| !t.is_empty()).map(<[u8]>::to_vec).collect();
    let runs = proptest::collection::vec((0usize..100_000, 0usize..30), 1..8);
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (cases, mut compared, mut with_quotes) = (400, 0, 0);
    for case in 0..cases {
        let units = if case % 2 == 0 { &lines } else { &words };
        let mut content = Vec::new();
        for (start, len) in runs.new_tree(&mut runner).unwrap().current() {
            let start = start % units.len();
            for unit in &units[start..(start + len).min(units.len())] {
                content.extend_from_slice(unit);
                content.push(b'\n');
            }
        }
        let mut doc = with_content(&doc, 1, content.clone());
        let read =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| readings(&mut doc, 1, &mut FontCache::default())));
        let shown = String::from_utf8_lossy(&content);
        assert!(read.is_ok(), "the reader here panicked on {shown}");
        if let (Some(ours), Some(theirs)) = read.unwrap() {
            assert_eq!(ours, theirs, "{shown}");
            let shown_enough = ours.iter().filter(|c| c.starts_with("char")).count() >= 10;
            compared += usize::from(shown_enough);
            with_quotes += usize::from(shown_enough && (shown.contains(" '\n") || shown.contains(" \"\n")));
        }
    }
    println!(
        "{compared} of {cases} recombined pages read by both with 10 characters or more, {with_quotes} with quotes"
    );
    assert!(compared * 4 > cases, "only {compared} of {cases} pages compared");
    assert!(with_quotes * 10 > cases, "only {with_quotes} of {cases} pages compared with ' or \"");
}
