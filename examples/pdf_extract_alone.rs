//! The benchmark's reference for reading PDFs: pdf-extract alone, in this process, one
//! file after the other (no worker process, no cleaning, no extraction).
//! `pdf_extract_alone FILE...`

use std::time::Instant;

fn main() {
    let started = Instant::now();
    let (mut files, mut chars) = (0usize, 0usize);
    for path in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&path) else { continue };
        // pdf-extract can panic on a bad file: the reference skips it, as registre would
        // report it.
        if let Ok(Ok(text)) = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(&bytes)) {
            chars += text.len();
        }
        files += 1;
    }
    println!("{files} files, {chars} bytes of text, {:.2} s", started.elapsed().as_secs_f64());
}
