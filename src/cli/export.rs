//! `registre export`: records written in a format another tool reads — JSON Lines, the
//! SCDL open-data CSV, a SQLite database, NDJSON for Elasticsearch/OpenSearch `_bulk` or
//! Quickwit. The records come from a [`Source`] and go one at a time to an
//! [`Exporter`]; nothing is held but the batch being read.
//!
//! Exit codes: 0 every document was read and the output written; 1 some document could
//! not be read (it is counted in the summary and gives no row) or the output could not be
//! written; 2 on a usage error, a bad facts file or bad pattern files.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use registre::check::{self, Facts, RuleSelection};
use registre::export::bulk::{BulkExporter, Flavor};
use registre::export::jsonl::JsonlExporter;
use registre::export::scdl::ScdlExporter;
use registre::export::sqlite::SqliteExporter;
use registre::export::{Context, ExportError, Exporter};
use registre::messages::Lang;
use registre::model::Record;
use registre::patterns::Patterns;
use registre::pipeline::Options;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The records of the contract, one JSON object per line.
    Jsonl,
    /// SCDL « Délibérations » 2.1.5 CSV, one row per deliberation.
    Scdl,
    /// A SQLite database (needs -o).
    Sqlite,
    /// NDJSON for the Elasticsearch / OpenSearch `_bulk` API.
    Bulk,
    /// NDJSON documents for Quickwit's ingest API.
    BulkQuickwit,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// jsonl, scdl, sqlite, bulk (Elasticsearch/OpenSearch) or bulk-quickwit.
    #[arg(long, value_enum)]
    format: Format,

    /// Files or folders to read (folders are walked, hidden entries skipped).
    #[arg(required_unless_present = "from_index", value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Export the records an index holds (as `registre ingest` made them: checked, with
    /// their citations resolved) instead of reading files.
    #[arg(long, value_name = "DIR", conflicts_with = "paths")]
    from_index: Option<PathBuf>,

    /// Write to FILE instead of stdout (required for sqlite; an existing database is
    /// replaced atomically).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,

    /// Facts the documents cannot give (SIRET for the SCDL, département…): see
    /// examples/facts.toml.
    #[arg(long, value_name = "FILE")]
    facts: Option<PathBuf>,

    /// With --format jsonl: keep the normalized text that spans point into.
    #[arg(long)]
    with_text: bool,

    #[command(flatten)]
    reading: super::reading::ReadingArgs,
}

/// Where the records of an export come from.
enum Source {
    /// Files read through extraction and the legality checks, like `registre check`.
    Files(Vec<PathBuf>),
    /// The records an index holds (the summary then counts records, not files).
    Index(PathBuf),
}

/// Hands every record of `source` to `sink`, in input order.
fn feed(
    source: &Source,
    patterns: &Patterns,
    facts: &Facts,
    opts: Options,
    sink: impl FnMut(&Record) -> io::Result<()>,
) -> io::Result<super::Tally> {
    match source {
        Source::Files(paths) => {
            let selection = RuleSelection::all().with_lang(opts.lang);
            let finish = |mut record: Record| {
                record.findings = check::check(&record, facts, &selection);
                record
            };
            super::run_batch(paths, patterns, opts, finish, sink)
        }
        Source::Index(dir) => {
            let index = registre::index::SearchIndex::open(dir).map_err(|e| io::Error::other(e.message(opts.lang)))?;
            let mut tally = super::Tally::default();
            let mut sink = sink;
            let mut written = Ok(());
            index
                .for_each_record(|record| {
                    tally.count(record.status);
                    written = sink(&record);
                    // A write error stops the walk through the index; it is returned below.
                    written.as_ref().map_err(|e| registre::index::IndexError::Query(e.to_string()))?;
                    Ok(())
                })
                .or_else(|e| if written.is_err() { Ok(()) } else { Err(io::Error::other(e.message(opts.lang))) })?;
            written.map(|()| tally)
        }
    }
}

fn say(lang: Lang, fr: &str, en: &str) -> String {
    match lang {
        Lang::Fr => fr.to_string(),
        Lang::En => en.to_string(),
    }
}

/// Where a stream format writes: the file of -o, else stdout.
fn open_output(output: Option<&PathBuf>) -> io::Result<Box<dyn Write>> {
    Ok(match output {
        Some(path) => Box::new(BufWriter::new(File::create(path)?)),
        None => Box::new(BufWriter::new(io::stdout())),
    })
}

fn as_io(e: ExportError) -> io::Error {
    match e {
        ExportError::Io(e) => e,
        other => io::Error::other(other.to_string()),
    }
}

pub fn run_export(args: ExportArgs) -> ExitCode {
    let (patterns, opts) = match args.reading.start(true) {
        Ok(started) => started,
        Err(code) => return code,
    };
    let facts = match args.facts.as_deref().map(Facts::load).transpose() {
        Ok(f) => f.unwrap_or_else(Facts::none),
        Err(e) => {
            eprintln!("registre: {e}");
            return ExitCode::from(2);
        }
    };
    let lang = opts.lang;
    if args.format == Format::Sqlite && args.output.is_none() {
        eprintln!(
            "registre: {}",
            say(
                lang,
                "--format sqlite écrit une base de données dans un fichier : indiquez-le avec -o FICHIER (par exemple -o deliberations.sqlite)",
                "--format sqlite writes a database file: name it with -o FILE (for example -o deliberations.sqlite)"
            )
        );
        return ExitCode::from(2);
    }
    // A path that is not there is a typing mistake, not a document that failed: say so
    // before anything is written, so an existing database is not replaced by an empty one.
    if let Some(missing) = args.paths.iter().find(|p| args.from_index.is_none() && !p.exists()) {
        let path = missing.display();
        eprintln!(
            "registre: {}",
            match lang {
                Lang::Fr => format!("{path} : ce chemin n'existe pas ; rien n'a été exporté"),
                Lang::En => format!("{path}: no such file or folder; nothing was exported"),
            }
        );
        return ExitCode::from(2);
    }
    let ctx = Context { facts: &facts, patterns: &patterns };
    let built: Result<Box<dyn Exporter + '_>, ExportError> = match args.format {
        Format::Sqlite => {
            let path = args.output.as_deref().unwrap_or(std::path::Path::new("deliberations.sqlite"));
            SqliteExporter::create(path, ctx.clone()).map(|e| Box::new(e) as Box<dyn Exporter>)
        }
        format => open_output(args.output.as_ref()).map_err(ExportError::from).and_then(|out| {
            Ok(match format {
                Format::Jsonl => Box::new(JsonlExporter::new(out, args.with_text)) as Box<dyn Exporter>,
                Format::Scdl => Box::new(ScdlExporter::new(out, ctx.clone())?),
                Format::BulkQuickwit => Box::new(BulkExporter::new(out, ctx.clone(), Flavor::Quickwit)),
                _ => Box::new(BulkExporter::new(out, ctx.clone(), Flavor::Elasticsearch)),
            })
        }),
    };
    let mut exporter = match built {
        Ok(e) => e,
        Err(e) => {
            let target = args.output.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
            eprintln!("registre: {target}: {e}");
            return ExitCode::from(1);
        }
    };
    let source = match &args.from_index {
        Some(dir) => Source::Index(dir.clone()),
        None => Source::Files(args.paths.clone()),
    };
    let tally = feed(&source, &patterns, &facts, opts, |record| {
        exporter.write(record).map_err(as_io)?;
        for note in exporter.take_notes() {
            eprintln!("{}", note.message(lang));
        }
        Ok(())
    });
    // A run that could not write its output does not finish it: a database being built
    // is dropped with its temporary file, and the old one stays.
    let finished = match &tally {
        Ok(_) => exporter.finish().map_err(as_io),
        Err(_) => Ok(()),
    };
    let tally = match super::finish_output(tally, finished) {
        Ok(t) => t,
        Err(code) => return code,
    };
    eprintln!("{}", tally.summary(lang));
    if tally.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
