//! The command line: clap definitions, then one `run_*` per subcommand. Data goes to
//! stdout as JSON Lines, diagnostics and the summary to stderr. Exit codes: 0 when every
//! document was read, 1 when some failed, 2 for a usage error or bad pattern files.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use rayon::prelude::*;

use registre::messages::{self, Lang};
use registre::model::{Record, Status};
use registre::patterns::Patterns;
use registre::pipeline::{self, OcrMode, Options};
use registre::read;

mod check;
mod export;
mod ingest;
mod members;
mod reading;
mod search;
mod serve;

/// Turns the published deliberations of French local government into checked,
/// searchable data.
#[derive(Debug, Parser)]
#[command(name = "registre", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract one record per document (JSON Lines on stdout).
    ///
    /// Reads .txt, .md, .html and .htm files (folders are walked) and prints, for each
    /// document, one line of JSON in the format of the record contract: collectivity,
    /// body, session date, attendance, each deliberation's votes and references,
    /// transmission dates. Diagnostics and a summary go to stderr.
    ///
    /// Exit code: 0 when every document was read, 1 when some could not be, 2 on a usage
    /// error or bad pattern files.
    ///
    /// Example: registre extract corpus/ > records.jsonl
    Extract(ExtractArgs),

    /// Extract and check each document as a prefecture officer would.
    ///
    /// Applies the legality rules (quorum with the dated COVID regimes, proxies, votes,
    /// convocation delay, composition, formalities, @ctes identifier) and reports the
    /// findings grouped by document then deliberation, each with the quoted evidence
    /// and its line. `--format json` prints the records with `findings`; `--format csv`
    /// one row per finding.
    ///
    /// Exit code: 0 when no finding reaches --fail-on, 1 when one does (or a document
    /// could not be read), 2 on a usage error, an unknown rule or a bad facts file.
    ///
    /// Example: registre check corpus/ --facts examples/facts.toml --min-severity warning
    Check(check::CheckArgs),

    /// List the legality rules, or explain one with a passing and a failing example.
    ///
    /// Example: registre rules V1
    Rules(check::RulesArgs),

    /// Extract, check and index documents for search (one entry per deliberation).
    ///
    /// An upsert: unchanged files are not read again, changed ones replace their
    /// entries, `--prune` drops the entries of files that are gone. The index is
    /// committed every --commit-every documents, so an interrupted ingest keeps what was
    /// committed and the next run completes it. References to other deliberations are
    /// resolved against the whole index at the end of every run.
    ///
    /// Example: registre ingest corpus/ --index index/
    Ingest(ingest::IngestArgs),

    /// Search the index: French full text, filters on the facts, facets.
    ///
    /// Example: registre search "convention numérique" --facets
    /// Example: registre search "" --member "Hélène Havret"
    Search(search::SearchArgs),

    /// What a deliberation cites and what cites it; or, with --unresolved, the cited
    /// deliberations missing from the index, most cited first.
    ///
    /// Example: registre refs 5977397056456ae6#0
    Refs(search::RefsArgs),

    /// Export the citation graph (JSON `nodes` and `edges`, or Graphviz dot).
    ///
    /// Example: registre graph --format dot | dot -Tsvg > graph.svg
    Graph(search::GraphArgs),
    /// Export records for other tools: JSON Lines, SCDL open data, SQLite, search bulk.
    ///
    /// Reads the documents like `check` (extraction and legality checks) and writes, one
    /// record at a time: `jsonl` (the records), `scdl` (the national open-data CSV
    /// « Délibérations », one row per deliberation), `sqlite` (a database for Datasette or
    /// any SQL client; needs -o, replaced atomically), `bulk` (NDJSON for the
    /// Elasticsearch/OpenSearch `_bulk` API) or `bulk-quickwit` (NDJSON for Quickwit).
    /// Notes on what a format needs but a document does not say go to stderr.
    ///
    /// Exit code: 0 when every document was read and the output written, 1 when some
    /// could not be read (they give no row but are counted), 2 on a usage error.
    ///
    /// Example: registre export --format scdl corpus/ --facts facts.toml -o deliberations.csv
    Export(export::ExportArgs),

    /// Attendance per elected member: sessions, present, excused, absent, proxies.
    ///
    /// Names are matched within a collectivity whatever their accents, case or civility;
    /// a session read twice (a PDF and its text) counts once.
    ///
    /// Exit code: 0 when every document was read, 1 when some could not be, 2 on a usage
    /// error.
    ///
    /// Example: registre members corpus/ --collectivity "Nord-Pas-de-Calais" --format csv
    Members(members::MembersArgs),

    /// Serve a web interface over the index: search, deliberation and member pages, and
    /// the same data as JSON under /api/.
    ///
    /// Example: registre serve --index index/ --addr 127.0.0.1:8080
    Serve(serve::ServeArgs),
}

#[derive(Debug, Args)]
struct ExtractArgs {
    /// Files or folders to read (folders are walked, hidden entries skipped).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Add the normalized text (`text`) that every span points into.
    #[arg(long)]
    with_text: bool,

    #[command(flatten)]
    reading: reading::ReadingArgs,
}

/// The facts file, when given; a bad one is exit code 2.
fn load_facts(path: Option<&PathBuf>) -> Result<registre::check::Facts, ExitCode> {
    match path {
        None => Ok(registre::check::Facts::none()),
        Some(path) => registre::check::Facts::load(path).map_err(|e| {
            eprintln!("registre: {e}");
            ExitCode::from(2)
        }),
    }
}

pub(crate) fn parse_ocr(s: &str) -> Result<OcrMode, String> {
    match s {
        "auto" => Ok(OcrMode::Auto),
        "off" => Ok(OcrMode::Off),
        _ => Err(format!("unknown OCR mode {s:?} (expected auto or off)")),
    }
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language {s:?} (expected fr or en)"))
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Extract(args) => run_extract(args),
        Command::Check(args) => check::run_check(args),
        Command::Rules(args) => check::run_rules(args),
        Command::Ingest(args) => ingest::run_ingest(args),
        Command::Search(args) => search::run_search(args),
        Command::Refs(args) => search::run_refs(args),
        Command::Graph(args) => search::run_graph(args),
        Command::Export(args) => export::run_export(args),
        Command::Members(args) => members::run_members(args),
        Command::Serve(args) => serve::run_serve(args),
    }
}

fn load_patterns(dir: Option<&PathBuf>) -> Result<std::sync::Arc<Patterns>, String> {
    match dir {
        None => Patterns::try_embedded().map_err(|e| e.to_string()),
        Some(dir) => Patterns::with_overrides(dir).map(std::sync::Arc::new).map_err(|e| e.to_string()),
    }
}

/// How many documents are processed before their records are printed: enough to keep
/// every core busy, few enough that memory stays flat on a large tree.
const BATCH: usize = 256;

fn run_extract(args: ExtractArgs) -> ExitCode {
    let (patterns, opts) = match args.reading.start(args.with_text) {
        Ok(started) => started,
        Err(code) => return code,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let tally = run_batch(
        &args.paths,
        &patterns,
        opts,
        |r| r,
        |record| {
            let line = serde_json::to_string(record).expect("a record always serializes");
            writeln!(out, "{line}")
        },
    );
    let tally = match finish_output(tally, out.flush()) {
        Ok(t) => t,
        Err(code) => return code,
    };
    eprintln!("{}", tally.summary(opts.lang));
    if tally.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// Sets the number of worker threads; only fails when a pool already exists, which
/// cannot happen this early (before the patterns, which compile on the pool).
fn set_jobs(jobs: Option<usize>) {
    if let Some(jobs) = jobs {
        let _ = rayon::ThreadPoolBuilder::new().num_threads(jobs.max(1)).build_global();
    }
}

/// What a batch read: documents by status, and files of other kinds passed over.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    ok: usize,
    partial: usize,
    failed: usize,
    skipped: usize,
}

impl Tally {
    fn count(&mut self, status: Status) {
        match status {
            Status::Ok => self.ok += 1,
            Status::Partial => self.partial += 1,
            Status::Failed => self.failed += 1,
        }
    }

    fn summary(&self, lang: registre::messages::Lang) -> String {
        messages::summary(self.ok, self.partial, self.failed, self.skipped, lang)
    }
}

/// Reads every input below `paths` in parallel batches, turns each into a record with
/// `finish` (on the worker threads), and hands the records to `emit` in input order.
/// A file's error goes to stderr as `path: reason`; the batch always goes on.
fn run_batch(
    paths: &[PathBuf],
    patterns: &Patterns,
    opts: Options,
    finish: impl Fn(Record) -> Record + Sync,
    mut emit: impl FnMut(&Record) -> io::Result<()>,
) -> io::Result<Tally> {
    let walk = read::collect_inputs(paths);
    let mut tally = Tally { skipped: walk.skipped.len(), ..Tally::default() };
    for chunk in walk.inputs.chunks(BATCH) {
        let records: Vec<Record> = chunk
            .par_iter()
            .map(|input| {
                finish(match &input.problem {
                    None => pipeline::process_path(&input.path, patterns, opts),
                    Some(problem) => pipeline::failed_input(&input.path, &messages::input_problem(problem, opts.lang)),
                })
            })
            .collect();
        for record in records {
            tally.count(record.status);
            if let Some(err) = &record.error {
                eprintln!("{}: {err}", record.source.path);
            }
            emit(&record)?;
        }
    }
    Ok(tally)
}

/// The batch's outcome once its output is flushed: a closed pipe (`| head`) is the
/// reader's choice and ends the run quietly; another write error is exit code 1.
fn finish_output(tally: io::Result<Tally>, flushed: io::Result<()>) -> Result<Tally, ExitCode> {
    match tally.and_then(|t| flushed.map(|()| t)) {
        Ok(t) => Ok(t),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(ExitCode::SUCCESS),
        Err(e) => {
            eprintln!("registre: {e}");
            Err(ExitCode::from(1))
        }
    }
}
