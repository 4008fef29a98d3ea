//! What indexing a record costs, apart from extraction: reads records (JSON Lines with
//! their text, as `registre extract --with-text` writes them), builds their index entries
//! on this thread, then times tantivy indexing them with the registre schema on THREADS
//! indexing threads. `index_cost RECORDS.jsonl INDEX_DIR [THREADS]`. With `DROP=a,b`,
//! the values of those fields are left out of every entry, to see what each costs.

use std::io::BufRead;
use std::time::Instant;

use tantivy::TantivyDocument;
use tantivy::schema::{Field, Value};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(records), Some(index_dir)) = (args.next(), args.next()) else {
        eprintln!("usage: index_cost RECORDS.jsonl INDEX_DIR [THREADS]");
        std::process::exit(2);
    };
    let threads: usize = args.next().and_then(|t| t.parse().ok()).unwrap_or(1);
    let (schema, fields) = registre::index::schema::build();
    std::fs::create_dir_all(&index_dir)?;
    let index = tantivy::Index::create_in_dir(&index_dir, schema.clone())?;
    registre::index::analyzer::register_tokenizers(&index);
    let dropped: Vec<Field> = std::env::var("DROP")
        .unwrap_or_default()
        .split(',')
        .filter(|n| !n.is_empty())
        .map(|n| schema.get_field(n).expect("DROP names fields of the schema"))
        .collect();
    let started = Instant::now();
    let mut entries = Vec::new();
    let mut bytes_by_field = std::collections::BTreeMap::<String, usize>::new();
    for line in std::io::BufReader::new(std::fs::File::open(&records)?).lines() {
        let record: registre::model::Record = serde_json::from_str(&line?)?;
        for doc in registre::index::schema::content_entries(&record, &fields) {
            let mut kept = TantivyDocument::default();
            for (field, value) in doc.field_values() {
                if dropped.contains(&field) {
                    continue;
                }
                let name = schema.get_field_name(field).to_string();
                *bytes_by_field.entry(name).or_default() += value.as_str().map_or(8, str::len);
                kept.add_field_value(field, value);
            }
            entries.push(kept);
        }
    }
    let built = started.elapsed().as_secs_f64();
    let count = entries.len();
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(threads, 256 << 20)?;
    let started = Instant::now();
    for doc in entries {
        writer.add_document(doc)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let secs = started.elapsed().as_secs_f64();
    println!("{count} entries built in {built:.2} s (with reading), indexed in {secs:.2} s on {threads} thread(s)");
    for (name, bytes) in bytes_by_field {
        println!("  {name:12} {:8.1} KB", bytes as f64 / 1e3);
    }
    Ok(())
}
