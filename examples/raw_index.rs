//! The benchmark's reference for the cost of indexing alone: the same texts, read from the
//! same files, indexed by tantivy with registre's French analyzer into one text field —
//! no extraction, no checks, no stored records. `raw_index DIR INDEX_DIR [THREADS]`.

use std::time::Instant;

use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::{Index, TantivyDocument};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(index_dir)) = (args.next(), args.next()) else {
        eprintln!("usage: raw_index DIR INDEX_DIR [THREADS]");
        std::process::exit(2);
    };
    let threads: usize = args.next().and_then(|t| t.parse().ok()).unwrap_or(2);
    let mut schema = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(registre::index::analyzer::FRENCH)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text = schema.add_text_field("text", TextOptions::default().set_indexing_options(indexing));
    std::fs::create_dir_all(&index_dir)?;
    let index = Index::create_in_dir(&index_dir, schema.build())?;
    registre::index::analyzer::register_tokenizers(&index);
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(threads, 256 << 20)?;
    let started = Instant::now();
    let (mut docs, mut bytes) = (0usize, 0usize);
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry?;
        if !entry.file_type().is_file() {
            continue;
        }
        let content = String::from_utf8_lossy(&std::fs::read(entry.path())?).into_owned();
        bytes += content.len();
        let mut doc = TantivyDocument::default();
        doc.add_text(text, content);
        writer.add_document(doc)?;
        docs += 1;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let secs = started.elapsed().as_secs_f64();
    println!("{docs} documents, {:.1} MB, {secs:.2} s, {:.0} documents/s", bytes as f64 / 1e6, docs as f64 / secs);
    Ok(())
}
