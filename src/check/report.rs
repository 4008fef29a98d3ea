//! Showing findings: the evidence each one quotes (line and page), the human report
//! grouped by document then deliberation, and the CSV rows for spreadsheets. Writers
//! take any `io::Write`; the library itself never prints.

use std::io::{self, Write};

use crate::check::Severity;
use crate::messages::Lang;
use crate::model::{Finding, Record};

/// The longest evidence quoted, in characters.
const EVIDENCE_CHARS: usize = 160;

/// Fills `evidence`, `line` and `page` from the span and the record's text.
pub fn attach_evidence(f: &mut Finding, record: &Record) {
    let (Some(span), Some(text)) = (f.span, record.text.as_deref()) else { return };
    let start = crate::text::floor_char_boundary(text, span[0]);
    let end = crate::text::floor_char_boundary(text, span[1].max(start));
    let line_span = crate::extract::line_span(text, start);
    let first_line_end = end.min(line_span[1]).max(start);
    let quoted = text.get(start..first_line_end).unwrap_or("");
    let quoted = if quoted.trim().is_empty() { text.get(line_span[0]..line_span[1]).unwrap_or("") } else { quoted };
    let mut evidence = crate::text::collapse_spaces(quoted);
    if evidence.chars().count() > EVIDENCE_CHARS {
        evidence = evidence.chars().take(EVIDENCE_CHARS).collect::<String>() + "…";
    }
    f.line = Some(text[..start].bytes().filter(|&b| b == b'\n').count() + 1);
    if record.source.format == "pdf" {
        // Page breaks survive normalization as form feeds.
        f.page = Some(text[..start].matches('\u{c}').count() as u32 + 1);
    }
    f.evidence = (!evidence.is_empty()).then_some(evidence);
}

fn deliberation_heading(record: &Record, i: usize, lang: Lang) -> String {
    let d = &record.deliberations[i];
    let label = d.number.clone().or_else(|| d.ordinal.clone()).unwrap_or_else(|| format!("#{}", i + 1));
    let title = d.title.as_deref().map(|t| {
        let short: String = t.chars().take(80).collect();
        if short.len() < t.len() { format!(" — {short}…") } else { format!(" — {short}") }
    });
    let word = if lang == Lang::Fr { "Délibération" } else { "Deliberation" };
    format!("  {word} {label}{}", title.unwrap_or_default())
}

fn write_finding(out: &mut dyn Write, f: &Finding, indent: &str) -> io::Result<()> {
    let severity = Severity::parse(&f.severity).map_or_else(|| f.severity.to_uppercase(), |s| s.to_string());
    writeln!(out, "{indent}{} {severity} {}", f.rule, f.message)?;
    if let Some(evidence) = &f.evidence {
        let place = match (f.page, f.line) {
            (Some(p), Some(l)) => format!("p. {p}, l. {l}"),
            (None, Some(l)) => format!("l. {l}"),
            _ => String::new(),
        };
        writeln!(out, "{indent}    {place}: « {evidence} »")?;
    }
    Ok(())
}

/// The human report of one record: a heading, the document's findings, then each
/// deliberation's.
pub fn write_human(out: &mut dyn Write, record: &Record, lang: Lang) -> io::Result<()> {
    let c = &record.collectivity;
    let name = c.name.as_deref().unwrap_or("?");
    let date = record.session.date.as_deref().unwrap_or("?");
    writeln!(out, "{} — {name} — {date}", record.source.path)?;
    if let Some(err) = &record.error {
        writeln!(out, "  ({err})")?;
    }
    if record.findings.is_empty() {
        let none = if lang == Lang::Fr { "aucune constatation" } else { "no finding" };
        writeln!(out, "  {none}")?;
    }
    for f in record.findings.iter().filter(|f| f.deliberation.is_none()) {
        write_finding(out, f, "  ")?;
    }
    for i in 0..record.deliberations.len() {
        let mine: Vec<&Finding> = record.findings.iter().filter(|f| f.deliberation == Some(i)).collect();
        if mine.is_empty() {
            continue;
        }
        writeln!(out, "{}", deliberation_heading(record, i, lang))?;
        for f in mine {
            write_finding(out, f, "    ")?;
        }
    }
    writeln!(out)
}

/// The CSV header row.
pub const CSV_HEADER: [&str; 7] = ["path", "number", "date", "collectivity", "rule", "severity", "message"];

/// One CSV row per finding of a record.
pub fn write_csv<W: Write>(out: &mut csv::Writer<W>, record: &Record) -> csv::Result<()> {
    for f in &record.findings {
        let number =
            f.deliberation.and_then(|i| record.deliberations.get(i)).and_then(|d| d.number.clone()).unwrap_or_default();
        out.write_record([
            record.source.path.as_str(),
            number.as_str(),
            record.session.date.as_deref().unwrap_or(""),
            record.collectivity.name.as_deref().unwrap_or(""),
            f.rule.as_str(),
            f.severity.as_str(),
            f.message.as_str(),
        ])?;
    }
    Ok(())
}
