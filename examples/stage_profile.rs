//! Where the time of one document goes, stage by stage and extractor by extractor, over
//! a folder of text documents (one thread): `stage_profile DIR`. The benchmark's "where
//! the time goes" comes from here.

use std::time::{Duration, Instant};

use registre::extract::{attendance, dates, formalities, identity, items, references, votes};
use registre::read::Format;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: stage_profile DIR");
    let patterns = registre::patterns::Patterns::embedded();
    let facts = registre::check::Facts::none();
    let rules = registre::check::RuleSelection::all();
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.expect("the folder can be walked");
        if let (true, Some(format)) = (entry.file_type().is_file(), Format::from_path(entry.path())) {
            files.push((std::fs::read(entry.path()).expect("the file can be read"), format));
        }
    }
    let mut stage = [Duration::ZERO; 4];
    let mut texts = Vec::new();
    for (bytes, format) in &files {
        let t = Instant::now();
        let decoded = registre::read::decode(bytes).expect("a synthetic document decodes");
        stage[0] += t.elapsed();
        let t = Instant::now();
        let text = registre::normalize::normalize(&decoded.text, *format);
        stage[1] += t.elapsed();
        texts.push(text);
    }
    let mut parts = [Duration::ZERO; 10];
    for text in &texts {
        let mut t = Instant::now();
        let mut lap = |i: usize, t: &mut Instant| {
            parts[i] += t.elapsed();
            *t = Instant::now();
        };
        let all_dates = dates::find_dates(text, &patterns);
        lap(0, &mut t);
        let in_whole = references::raw_references(text, [0, text.len()], &patterns);
        let _ = dates::assign_roles(text, &all_dates, &in_whole, &patterns);
        lap(1, &mut t);
        let id = identity::extract_identity(text, &patterns);
        lap(2, &mut t);
        let _ = attendance::extract_roll(text, &patterns);
        lap(3, &mut t);
        let _ = attendance::stated_totals(text, [0, text.len()], &patterns);
        lap(4, &mut t);
        let reader = votes::VoteReader::new(text, &patterns);
        let segments = items::segment(&reader, &id);
        lap(5, &mut t);
        let mut delibs = Vec::new();
        for seg in &segments {
            delibs.push(registre::model::Deliberation { span: seg.span, ..Default::default() });
            let _ = votes::extract_votes(&reader, seg.search);
        }
        lap(6, &mut t);
        for seg in &segments {
            let _ = references::first_mentions(references::within(&in_whole, seg.search));
        }
        lap(7, &mut t);
        for seg in &segments {
            let _ = items::item_attendance(text, seg, None, &patterns);
        }
        lap(8, &mut t);
        let _ = formalities::extract_formalities(text, &delibs, None, &patterns);
        lap(9, &mut t);
    }
    let mut records = Vec::new();
    let t = Instant::now();
    for text in &texts {
        let extracted = registre::extract::extract(text, &patterns);
        records.push(extracted);
    }
    stage[2] = t.elapsed();
    let t = Instant::now();
    let mut checking = Duration::ZERO;
    for (bytes, format) in &files {
        let record = registre::pipeline::process_bytes("x", bytes, Some(*format), &patterns, Default::default());
        let c = Instant::now();
        let _ = registre::check::check(&record, &facts, &rules);
        checking += c.elapsed();
    }
    let whole = t.elapsed();
    let n = files.len() as f64;
    let ms = |d: Duration| d.as_secs_f64() * 1e3 / n;
    println!("{} documents, per document (ms):", files.len());
    println!(
        "  decode {:.3}  normalize {:.3}  extract {:.3}  check {:.3}  whole pipeline + check {:.3}",
        ms(stage[0]),
        ms(stage[1]),
        ms(stage[2]),
        ms(checking),
        ms(whole)
    );
    let names = [
        "dates",
        "date roles",
        "identity",
        "roll",
        "stated totals",
        "segmentation",
        "votes",
        "references",
        "item attendance",
        "formalities",
    ];
    for (name, d) in names.iter().zip(parts) {
        println!("  {name:<16} {:.3}", ms(d));
    }
}
