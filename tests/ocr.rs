//! OCR of scans: the tests make a scanned PDF themselves (a corpus PDF rasterized by
//! pdftoppm, wrapped as an image-only PDF) and an image file, and check that OCR brings
//! back the session date, the deliberation number and the vote counts. They skip, saying
//! why, only where tesseract (French) or pdftoppm is absent; .ci/run installs both.

mod common;

use std::path::Path;
use std::process::Command;

use registre::model::Status;
use registre::patterns::Patterns;
use registre::pipeline::{Options, process_path};

/// Width, height and colour components of a JPEG, from its start-of-frame marker.
fn jpeg_size(jpeg: &[u8]) -> (u32, u32, u8) {
    let mut i = 2;
    while i + 9 < jpeg.len() {
        let marker = jpeg[i + 1];
        let len = u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]) as usize;
        if (0xC0..=0xC3).contains(&marker) {
            let h = u16::from_be_bytes([jpeg[i + 5], jpeg[i + 6]]) as u32;
            let w = u16::from_be_bytes([jpeg[i + 7], jpeg[i + 8]]) as u32;
            return (w, h, jpeg[i + 9]);
        }
        i += 2 + len;
    }
    panic!("no start-of-frame marker in the JPEG");
}

/// A one-page PDF holding nothing but a JPEG image: a scan.
fn image_only_pdf(jpeg: &[u8]) -> Vec<u8> {
    let (w, h, components) = jpeg_size(jpeg);
    let colors = if components == 1 { "DeviceGray" } else { "DeviceRGB" };
    let content = "q 595 0 0 842 0 0 cm /Im0 Do Q";
    let mut image = format!(
        "<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /{colors} /BitsPerComponent 8 /Filter /DCTDecode /Length {} >>\nstream\n",
        jpeg.len()
    )
    .into_bytes();
    image.extend_from_slice(jpeg);
    image.extend_from_slice(b"\nendstream");
    common::pdf_from_objects(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im0 5 0 R >> >> >>".to_vec(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()).into_bytes(),
        image,
    ])
}

#[test]
fn ocr_reads_back_a_scanned_deliberation() {
    if !registre::ocr::available() {
        println!(
            "skipped: tesseract with French data or pdftoppm is missing (apt-get install tesseract-ocr-fra poppler-utils)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/smo-npdc-numerique-2022-15.pdf");
    let prefix = dir.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", "200", "-gray", "-jpeg", "-singlefile", "-f", "2", "-l", "2"])
        .arg(&source)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let jpeg = std::fs::read(prefix.with_extension("jpg")).unwrap();
    let scan = dir.path().join("scan.pdf");
    std::fs::write(&scan, image_only_pdf(&jpeg)).unwrap();
    let patterns = Patterns::embedded();
    let record = process_path(&scan, &patterns, Options::default());
    assert_eq!(record.status, Status::Ok, "{:?}", record.error);
    assert_eq!(record.source.ocr_pages.len(), 1);
    assert!(record.source.ocr_pages[0].confidence > 60.0);
    let votes = &record.deliberations[0].votes;
    assert_eq!((votes.for_, votes.against, votes.abstention, votes.expressed), (Some(13), Some(0), Some(0), Some(13)));

    // The first page of the same document, as an image file: date and number.
    let status = Command::new("pdftoppm")
        .args(["-r", "200", "-gray", "-png", "-singlefile", "-f", "1", "-l", "1"])
        .arg(&source)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let record = process_path(&prefix.with_extension("png"), &patterns, Options::default());
    assert_eq!(record.status, Status::Ok, "{:?}", record.error);
    assert_eq!(record.session.date.as_deref(), Some("2022-06-16"));
    assert_eq!(record.deliberations[0].number.as_deref(), Some("2022-15"));
}

#[test]
fn without_ocr_a_scan_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let scan = dir.path().join("scan.pdf");
    // A 1×1 grey JPEG: a page with no text layer.
    let jpeg: &[u8] =
        &[0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xD9];
    std::fs::write(&scan, image_only_pdf(jpeg)).unwrap();
    let opts = Options { ocr: registre::pipeline::OcrMode::Off, ..Options::default() };
    let record = process_path(&scan, &Patterns::embedded(), opts);
    assert_eq!(record.status, Status::Failed);
    assert!(record.error.unwrap().contains("OCR non disponible"));
}
