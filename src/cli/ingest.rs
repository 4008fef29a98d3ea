//! `registre ingest`: a streaming pipeline from the folders to the index, for archives of
//! any size. One thread walks (sorted, filtered, sharded) and skips the files the index
//! holds unchanged; the rayon pool reads, normalizes, extracts and checks; this thread
//! writes to the index. Bounded channels join them, so memory stays flat whatever the
//! corpus: at most a window of files and records is in flight.
//!
//! Ctrl-C stops the walk, lets the files in flight finish, commits and says how to resume.
//! Every file is accounted for in the summary, and `--failures FILE` lists the failed and
//! partial ones with their reason.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};
use rayon::prelude::*;

use registre::check::{self, RuleSelection};
use registre::index::SearchIndex;
use registre::index::ingest::{self, FileMeta, Ingest, IngestOptions, IngestReport, Prepared};
use registre::messages::Lang;
use registre::model::{Record, Status};
use registre::pipeline;
use registre::read::{self, Selection, Walked};

use super::search::{DEFAULT_INDEX, fail};

/// Batches of files and records in flight between the stages, each way.
const WINDOW: usize = 4;

/// Files per batch between the stages. Sent one by one, each file woke a sleeping thread
/// at each of the two channels: 190,000 context switches for 20,000 documents on 2 cores
/// (`perf stat`, most of them in the channels' futexes).
const BATCH_FILES: usize = 16;

/// Bytes of files per batch: a file that would take a batch past it starts the next
/// one, so a large PDF, which may need OCR, goes alone and no thread is left with a long
/// batch at the end while the other waits.
const BATCH_BYTES: u64 = 256 << 10;

/// Files to read, gathered into batches of [`BATCH_FILES`] or [`BATCH_BYTES`].
#[derive(Default)]
struct Batch {
    files: Vec<(PathBuf, FileMeta)>,
    bytes: u64,
}

impl Batch {
    /// Adds a file; returns the batch to send when one is complete: the one this file
    /// would take past [`BATCH_BYTES`], or the one it brings to [`BATCH_FILES`].
    fn push(&mut self, path: PathBuf, meta: FileMeta) -> Option<Vec<(PathBuf, FileMeta)>> {
        let overfilled = !self.files.is_empty() && self.bytes.saturating_add(meta.size) > BATCH_BYTES;
        let full = overfilled.then(|| self.take());
        self.bytes = self.bytes.saturating_add(meta.size);
        self.files.push((path, meta));
        full.or_else(|| (self.files.len() >= BATCH_FILES).then(|| self.take()))
    }

    fn take(&mut self) -> Vec<(PathBuf, FileMeta)> {
        self.bytes = 0;
        std::mem::take(&mut self.files)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProgressFormat {
    /// A progress bar, when stderr is a terminal.
    Bar,
    /// One JSON line per second on stderr, for machines.
    Json,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files or folders to read (folders are walked, hidden entries skipped).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// The index folder (created when missing).
    #[arg(long, value_name = "DIR", default_value = DEFAULT_INDEX)]
    index: PathBuf,

    /// Only files whose path below the folder given matches (repeatable): "**/*.pdf".
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,

    /// Leave out files whose path below the folder given matches (repeatable).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,

    /// Process only the K-th of N stable shares of the files (1-based: 1/4 … 4/4), so that
    /// N machines split a corpus; the union of the shards is the whole.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    shard: Option<(u64, u64)>,

    /// Remove the entries of indexed files that no longer exist.
    #[arg(long)]
    prune: bool,

    /// Read every file again, even those the index holds unchanged (after an upgrade).
    #[arg(long)]
    force: bool,

    /// Commit after this many documents: an interrupted ingest keeps everything up to the
    /// last commit, and the next run completes it.
    #[arg(long, value_name = "N", default_value_t = IngestOptions::default().commit_every)]
    commit_every: usize,

    /// Commit at least this often (seconds).
    #[arg(long, value_name = "SECONDS", default_value_t = IngestOptions::default().commit_secs)]
    commit_secs: u64,

    /// Memory of the index writer, in MB (more means fewer, larger segments).
    #[arg(long, value_name = "MB", default_value_t = IngestOptions::default().writer_memory >> 20)]
    writer_mb: usize,

    /// Facts the documents cannot give (see `registre check --help`).
    #[arg(long, value_name = "FILE")]
    facts: Option<PathBuf>,

    /// Write one JSON line per failed or partial file, with its reason.
    #[arg(long, value_name = "FILE")]
    failures: Option<PathBuf>,

    /// No progress display.
    #[arg(long, short = 'q')]
    quiet: bool,

    /// bar (on a terminal) or json (one line per second on stderr).
    #[arg(long, value_enum, default_value = "bar")]
    progress: ProgressFormat,

    #[command(flatten)]
    reading: super::reading::ReadingArgs,
}

fn parse_shard(s: &str) -> Result<(u64, u64), String> {
    let bad = || format!("{s:?}: write K/N with 1 ≤ K ≤ N (e.g. 2/8)");
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n): (u64, u64) = (k.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
    if k == 0 || n == 0 || k > n {
        return Err(bad());
    }
    Ok((k - 1, n))
}

/// What reaches the writer thread.
enum Done {
    Read(Box<Prepared>, FileMeta),
    Unchanged,
    /// A file of a kind we do not read.
    Skipped,
    /// A path that could not be opened at all: not indexed, reported.
    Unreadable(PathBuf, String),
}

/// Counters the progress display reads while the writer updates them.
#[derive(Default)]
struct Counters {
    done: AtomicU64,
    total: AtomicU64,
    /// Set once the counting walk is over.
    total_known: AtomicBool,
    pages: AtomicU64,
    bytes: AtomicU64,
    failed: AtomicU64,
}

/// What the run read, for the closing summary.
#[derive(Default)]
struct Tally {
    ok: usize,
    partial: usize,
    failed: usize,
    unreadable: usize,
    skipped: usize,
    causes: BTreeMap<String, usize>,
    rules: BTreeMap<String, usize>,
    pages: u64,
    ocr_pages: u64,
    bytes: u64,
}

impl Tally {
    fn count(&mut self, record: &Record) {
        match record.status {
            Status::Ok => self.ok += 1,
            Status::Partial => self.partial += 1,
            Status::Failed => self.failed += 1,
        }
        if let Some(error) = &record.error {
            *self.causes.entry(cause(error)).or_default() += 1;
        }
        for f in &record.findings {
            *self.rules.entry(f.rule.clone()).or_default() += 1;
        }
        self.pages += u64::from(record.source.pages.unwrap_or(1));
        self.ocr_pages += record.source.ocr_pages.len() as u64;
        self.bytes += record.source.bytes;
    }
}

/// The kind of a failure, without its particulars: « PDF tronqué ou endommagé (…) » → the
/// words before the parenthesis.
fn cause(error: &str) -> String {
    let head = error.split(" (").next().unwrap_or(error);
    head.split(" : ").next().unwrap_or(head).trim().to_string()
}

pub fn run_ingest(args: IngestArgs) -> ExitCode {
    let lang = args.reading.lang;
    let (patterns, opts) = match args.reading.start(true) {
        Ok(started) => started,
        Err(code) => return code,
    };
    let facts = match super::load_facts(args.facts.as_ref()) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let selection = match Selection::new(&args.include, &args.exclude, args.shard) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("registre: {e}");
            return ExitCode::from(2);
        }
    };
    let mut failures = match args.failures.as_ref().map(std::fs::File::create).transpose() {
        Ok(f) => f.map(std::io::BufWriter::new),
        Err(e) => {
            let path = args.failures.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
            eprintln!("registre: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let index = match SearchIndex::open_or_create(&args.index) {
        Ok(i) => i,
        Err(e) => return fail(&e, lang),
    };
    let ingest_opts = IngestOptions {
        prune: args.prune,
        force: args.force,
        commit_every: args.commit_every,
        commit_secs: args.commit_secs,
        writer_memory: args.writer_mb << 20,
    };
    let mut ingest = match Ingest::begin(&index, ingest_opts) {
        Ok(i) => i,
        Err(e) => return fail(&e, lang),
    };

    let stop = Arc::new(AtomicBool::new(false));
    let interrupted = Arc::new(AtomicBool::new(false));
    {
        let (stop, interrupted) = (Arc::clone(&stop), Arc::clone(&interrupted));
        // A second Ctrl-C leaves at once; the last commit is still whole.
        let _ = ctrlc::set_handler(move || {
            if interrupted.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
            stop.store(true, Ordering::SeqCst);
        });
    }
    let counters = Arc::new(Counters::default());
    let show_bar = !args.quiet && args.progress == ProgressFormat::Bar && std::io::stderr().is_terminal();
    let show_json = !args.quiet && args.progress == ProgressFormat::Json;
    let known = ingest.known();
    let force = args.force;
    let selection = &selection;
    let paths = &args.paths;
    let started = Instant::now();
    let mut tally = Tally::default();
    let mut write_error = None;
    let rules = RuleSelection::all().with_lang(lang);

    std::thread::scope(|scope| {
        let (job_tx, job_rx) = sync_channel::<Vec<(PathBuf, FileMeta)>>(WINDOW);
        let (done_tx, done_rx) = sync_channel::<Vec<Done>>(WINDOW);
        // The files to expect, for the ETA: a second, cheap walk.
        if show_bar || show_json {
            let (counters, stop) = (Arc::clone(&counters), Arc::clone(&stop));
            scope.spawn(move || {
                for walked in read::walk(paths, selection) {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    if matches!(walked, Walked::Input(_)) {
                        counters.total.fetch_add(1, Ordering::Relaxed);
                    }
                }
                counters.total_known.store(true, Ordering::Relaxed);
            });
        }
        let walker_done = done_tx.clone();
        let walker_stop = Arc::clone(&stop);
        scope.spawn(move || {
            let mut jobs = Batch::default();
            let mut outcomes = Vec::new();
            for walked in read::walk(paths, selection) {
                if walker_stop.load(Ordering::Relaxed) {
                    break;
                }
                let done = match walked {
                    Walked::Skipped(_) => Done::Skipped,
                    Walked::Input(input) => match (input.problem, ingest::file_meta(&input.path)) {
                        (Some(problem), _) => Done::Unreadable(input.path, problem),
                        (None, Err(e)) => Done::Unreadable(input.path, e.to_string()),
                        (None, Ok(meta)) if !force && known.unchanged(&meta) => Done::Unchanged,
                        (None, Ok(meta)) => {
                            if let Some(batch) = jobs.push(input.path, meta)
                                && job_tx.send(batch).is_err()
                            {
                                break;
                            }
                            continue;
                        }
                    },
                };
                outcomes.push(done);
                if outcomes.len() >= BATCH_FILES && walker_done.send(std::mem::take(&mut outcomes)).is_err() {
                    break;
                }
            }
            // What was walked is accounted for, even when stopped.
            let _ = job_tx.send(jobs.take());
            let _ = walker_done.send(outcomes);
        });
        let (patterns, facts, rules) = (&patterns, &facts, &rules);
        let fields = *index.fields();
        scope.spawn(move || {
            job_rx.into_iter().par_bridge().for_each_with(done_tx, |tx, jobs| {
                let done = jobs.into_iter().map(|(path, meta)| {
                    let mut record = pipeline::process_path(&path, patterns, opts);
                    record.findings = check::check(&record, facts, rules);
                    // The index entries too: serializing is a good part of indexing's cost.
                    Done::Read(Box::new(Prepared::new(record, &fields)), meta)
                });
                let _ = tx.send(done.collect());
            });
        });

        let mut display = Display::new(show_bar, show_json, Arc::clone(&counters), lang);
        for done in done_rx.into_iter().flatten() {
            if write_error.is_some() {
                continue; // drain, so that the other stages can finish
            }
            let result = match done {
                Done::Read(prepared, meta) => {
                    let record = &prepared.record;
                    tally.count(record);
                    counters.pages.fetch_add(u64::from(record.source.pages.unwrap_or(1)), Ordering::Relaxed);
                    counters.bytes.fetch_add(record.source.bytes, Ordering::Relaxed);
                    if record.status != Status::Ok {
                        if record.status == Status::Failed {
                            counters.failed.fetch_add(1, Ordering::Relaxed);
                        }
                        let reason = record.error.clone().unwrap_or_default();
                        display.println(&format!("{}: {reason}", record.source.path));
                        if let Some(out) = failures.as_mut() {
                            let line = serde_json::json!({"path": record.source.path, "status": record.status, "error": reason});
                            let _ = writeln!(out, "{line}");
                        }
                    }
                    ingest.put_prepared(*prepared, meta)
                }
                Done::Unchanged => {
                    ingest.skip_unchanged();
                    Ok(())
                }
                Done::Skipped => {
                    tally.skipped += 1;
                    Ok(())
                }
                Done::Unreadable(path, problem) => {
                    tally.unreadable += 1;
                    counters.failed.fetch_add(1, Ordering::Relaxed);
                    let reason = registre::messages::input_problem(&problem, lang);
                    *tally.causes.entry(cause(&reason)).or_default() += 1;
                    display.println(&format!("{}: {reason}", path.display()));
                    if let Some(out) = failures.as_mut() {
                        let line = serde_json::json!({"path": path.display().to_string(), "status": "failed", "error": reason});
                        let _ = writeln!(out, "{line}");
                    }
                    Ok(())
                }
            };
            counters.done.fetch_add(1, Ordering::Relaxed);
            display.tick();
            if let Err(e) = result {
                stop.store(true, Ordering::SeqCst);
                write_error = Some(e);
            }
        }
        display.finish();
    });

    if let Some(out) = failures.as_mut() {
        let _ = out.flush();
    }
    if let Some(e) = write_error {
        return fail(&e, lang);
    }
    let was_interrupted = interrupted.load(Ordering::SeqCst);
    let report = match if was_interrupted { ingest.interrupt() } else { ingest.finish() } {
        Ok(r) => r,
        Err(e) => return fail(&e, lang),
    };
    let threads = rayon::current_num_threads();
    eprintln!("{}", summary(&report, &tally, started.elapsed(), threads, &args.index, lang));
    if was_interrupted {
        eprintln!(
            "{}",
            match lang {
                Lang::Fr =>
                    "interrompu : ce qui a été lu est enregistré ; relancer la même commande pour reprendre (les fichiers déjà indexés ne sont pas relus)",
                Lang::En =>
                    "interrupted: what was read is saved; run the same command again to resume (files already indexed are not read again)",
            }
        );
        return ExitCode::from(130);
    }
    if report.failed > 0 || tally.unreadable > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// The progress display: a bar on a terminal, or JSON lines, or nothing.
struct Display {
    bar: Option<indicatif::ProgressBar>,
    json: bool,
    counters: Arc<Counters>,
    started: Instant,
    last: Instant,
    lang: Lang,
}

impl Display {
    fn new(bar: bool, json: bool, counters: Arc<Counters>, lang: Lang) -> Display {
        let bar = bar.then(|| {
            let b = indicatif::ProgressBar::new(0);
            let style = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            b.set_style(style);
            b
        });
        Display { bar, json, counters, started: Instant::now(), last: Instant::now(), lang }
    }

    /// A line above the bar (a file's error).
    fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    fn tick(&mut self) {
        if self.last.elapsed() < Duration::from_millis(if self.json { 1000 } else { 200 }) {
            return;
        }
        self.last = Instant::now();
        let c = &self.counters;
        let done = c.done.load(Ordering::Relaxed);
        let total = c.total.load(Ordering::Relaxed).max(done);
        let known = c.total_known.load(Ordering::Relaxed);
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        let rate = done as f64 / secs;
        let mb = c.bytes.load(Ordering::Relaxed) as f64 / 1e6 / secs;
        let eta = (known && rate > 0.0).then(|| (total - done) as f64 / rate);
        let (pages, failed) = (c.pages.load(Ordering::Relaxed), c.failed.load(Ordering::Relaxed));
        if self.json {
            let line = serde_json::json!({
                "files_done": done, "files_total": known.then_some(total), "pages": pages,
                "docs_per_s": (rate * 10.0).round() / 10.0, "mb_per_s": (mb * 100.0).round() / 100.0,
                "eta_s": eta.map(|e| e.round()), "failed": failed,
            });
            eprintln!("{line}");
        } else if let Some(bar) = &self.bar {
            bar.set_length(total);
            bar.set_position(done);
            let eta = eta.map_or("?".to_string(), |e| format!("{:.0} s", e));
            bar.set_message(match self.lang {
                Lang::Fr => format!("· {pages} p. · {rate:.0} doc/s · {mb:.1} Mo/s · reste {eta} · {failed} échec(s)"),
                Lang::En => format!("· {pages} p. · {rate:.0} doc/s · {mb:.1} MB/s · ETA {eta} · {failed} failed"),
            });
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The run's summary; `threads` is the number of extraction threads, so that a throughput
/// can be compared with another run's.
fn summary(r: &IngestReport, t: &Tally, elapsed: Duration, threads: usize, dir: &Path, lang: Lang) -> String {
    let read = t.ok + t.partial + t.failed;
    let seen = read + t.unreadable + r.unchanged + t.skipped;
    let secs = elapsed.as_secs_f64().max(1e-3);
    let failed = t.failed + t.unreadable;
    let causes: Vec<String> = t.causes.iter().map(|(c, n)| format!("{n} × {c}")).collect();
    let mut rules: Vec<(&String, &usize)> = t.rules.iter().collect();
    rules.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let rules: Vec<String> = rules.iter().map(|(rule, n)| format!("{rule} {n}")).collect();
    let fr = lang == Lang::Fr;
    let mut lines = Vec::new();
    lines.push(if fr {
        format!(
            "registre : {seen} fichier(s) vu(s) : {} lu(s), {} partiel(s), {failed} en échec ; {} inchangé(s), {} doublon(s), {} ignoré(s) (format non lu)",
            t.ok, t.partial, r.unchanged, r.duplicates, t.skipped
        )
    } else {
        format!(
            "registre: {seen} file(s) seen: {} ok, {} partial, {failed} failed; {} unchanged, {} duplicate(s), {} skipped (format not read)",
            t.ok, t.partial, r.unchanged, r.duplicates, t.skipped
        )
    });
    if !causes.is_empty() {
        lines.push(format!(
            "{} {}",
            if fr { "échecs et lectures partielles :" } else { "failures and partial reads:" },
            causes.join(" ; ")
        ));
    }
    lines.push(if fr {
        format!(
            "index {} : {} ajouté(s), {} remplacé(s), {} retiré(s) ; {} délibération(s) de {} document(s) ({} fichier(s)) ; citations : {} résolue(s), {} ambiguë(s), {} hors corpus",
            dir.display(), r.added, r.replaced, r.pruned, r.deliberations, r.documents, r.files, r.resolved, r.ambiguous, r.unresolved
        )
    } else {
        format!(
            "index {}: {} added, {} replaced, {} removed; {} deliberation(s) from {} document(s) ({} file(s)); citations: {} resolved, {} ambiguous, {} not in the corpus",
            dir.display(), r.added, r.replaced, r.pruned, r.deliberations, r.documents, r.files, r.resolved, r.ambiguous, r.unresolved
        )
    });
    if !rules.is_empty() {
        lines.push(format!("{} {}", if fr { "constats :" } else { "findings:" }, rules.join(", ")));
    }
    lines.push(if fr {
        format!(
            "{} page(s) dont {} par OCR ; {:.1} s, {:.0} document(s)/s, {:.1} Mo/s, {threads} fil(s) d'extraction",
            t.pages,
            t.ocr_pages,
            secs,
            read as f64 / secs,
            t.bytes as f64 / 1e6 / secs
        )
    } else {
        format!(
            "{} page(s), {} by OCR; {:.1} s, {:.0} document(s)/s, {:.1} MB/s, {threads} extraction thread(s)",
            t.pages,
            t.ocr_pages,
            secs,
            read as f64 / secs,
            t.bytes as f64 / 1e6 / secs
        )
    });
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sizes in, batches out: the sizes of each batch sent, then of what is left.
    fn batches(sizes: &[u64]) -> Vec<Vec<u64>> {
        let mut batch = Batch::default();
        let mut sent = Vec::new();
        for (i, &size) in sizes.iter().enumerate() {
            let meta = FileMeta { path: format!("/f{i}"), size, mtime: 0 };
            if let Some(full) = batch.push(PathBuf::from(&meta.path), meta) {
                sent.push(full.iter().map(|(_, m)| m.size).collect());
            }
        }
        sent.push(batch.take().iter().map(|(_, m)| m.size).collect());
        sent
    }

    #[test]
    fn small_files_go_by_sixteen_and_a_large_one_alone() {
        let small = 5_000;
        let large = BATCH_BYTES + 1;
        let sent = batches(&[[small; 20].as_slice(), &[large], &[small; 3]].concat());
        assert_eq!(sent, vec![vec![small; 16], vec![small; 4], vec![large], vec![small; 3]]);
        // Files that fill the bytes before the count close the batch at the limit.
        let quarter = BATCH_BYTES / 4;
        assert_eq!(batches(&[quarter; 6]), vec![vec![quarter; 4], vec![quarter; 2]]);
        // Every file is in one batch, in order, whatever the sizes.
        let sizes: Vec<u64> = (0..200).map(|i| (i * 7919 % 101) * 4_000).collect();
        assert_eq!(batches(&sizes).concat(), sizes);
        assert_eq!(batches(&[]), vec![Vec::<u64>::new()]);
    }
}
