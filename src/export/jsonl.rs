//! `--format jsonl`: the records themselves, one JSON object per line, exactly the record
//! contract (../shared/record-format.md) — `extract` and `check --format json` speak it
//! too, so a JSON Lines export can be read back by any of them.

use std::io::Write;

use super::{ExportError, Exporter};
use crate::model::Record;

pub struct JsonlExporter<W: Write> {
    out: W,
    with_text: bool,
}

impl<W: Write> JsonlExporter<W> {
    /// `with_text` keeps the normalized text (`text`) that spans point into.
    pub fn new(out: W, with_text: bool) -> JsonlExporter<W> {
        JsonlExporter { out, with_text }
    }
}

impl<W: Write> Exporter for JsonlExporter<W> {
    fn write(&mut self, record: &Record) -> Result<(), ExportError> {
        if self.with_text || record.text.is_none() {
            super::json_line(&mut self.out, record)
        } else {
            super::json_line(&mut self.out, &Record { text: None, ..record.clone() })
        }
    }

    fn finish(mut self: Box<Self>) -> Result<(), ExportError> {
        self.out.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_support::golden;

    #[test]
    fn each_record_is_one_line_that_reads_back() {
        let mut out = Vec::new();
        let mut exporter = Box::new(JsonlExporter::new(&mut out, false));
        let mut record = golden("gruson-2023-57");
        record.text = Some("le texte".to_string());
        exporter.write(&record).unwrap();
        exporter.write(&golden("smo-npdc-numerique-2022-15")).unwrap();
        exporter.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        let back: Record = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(back, Record { text: None, ..record });
    }
}
