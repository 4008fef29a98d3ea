//! `registre check` and `registre rules`: extraction followed by the legality checks of
//! ../shared/legal-checks.md, reported for people (grouped by document then
//! deliberation, with quoted evidence), for scripts (JSON Lines records with their
//! `findings`) or for spreadsheets (CSV, one row per finding).
//!
//! Exit codes of `check`: 0 when no finding reaches `--fail-on`, 1 when one does (or a
//! document could not be read), 2 on a usage error, an unknown rule, a bad facts file
//! or bad pattern files.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use registre::check::{self, RuleSelection, Severity, report};
use registre::messages::Lang;
use registre::model::Record;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to read (folders are walked, hidden entries skipped).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// human (grouped report with evidence), json (records with findings), csv.
    #[arg(long, value_enum, default_value = "human")]
    format: OutputFormat,

    /// Only these rules (ids or families, comma-separated: Q1,V1 or Q,V).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    rules: Vec<String>,

    /// Leave out these rules (ids or families).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    skip: Vec<String>,

    /// Show findings from this severity up: info, warning or error.
    #[arg(long, value_name = "LEVEL", default_value = "info", value_parser = parse_severity)]
    min_severity: Severity,

    /// Exit with 1 when a finding reaches this severity: error (default), warning, never.
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,

    /// Facts the documents cannot give (population, statutory quorum, SIREN…): a TOML
    /// or JSON file keyed by collectivity name or SIREN (see examples/facts.toml).
    #[arg(long, value_name = "FILE")]
    facts: Option<PathBuf>,

    /// With --format json: add the normalized text that spans point into.
    #[arg(long)]
    with_text: bool,

    #[command(flatten)]
    reading: super::reading::ReadingArgs,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// A rule id (V1): explain it, with a passing and a failing example.
    #[arg(value_name = "RULE")]
    rule: Option<String>,

    /// Language of statements: fr (default) or en.
    #[arg(long, default_value = "fr", value_parser = super::parse_lang)]
    lang: Lang,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::parse(s).ok_or_else(|| format!("unknown severity {s:?} (expected info, warning or error)"))
}

fn reaches(worst: Option<Severity>, fail_on: FailOn) -> bool {
    match fail_on {
        FailOn::Never => false,
        FailOn::Warning => worst.is_some_and(|s| s >= Severity::Warning),
        FailOn::Error => worst == Some(Severity::Error),
    }
}

/// Writes one record in the chosen format.
fn emit(out: &mut dyn Write, record: &Record, format: OutputFormat, lang: Lang) -> io::Result<()> {
    match format {
        OutputFormat::Human => report::write_human(out, record, lang),
        OutputFormat::Json => {
            let line = serde_json::to_string(record).map_err(io::Error::other)?;
            writeln!(out, "{line}")
        }
        OutputFormat::Csv => {
            let mut rows = csv::Writer::from_writer(Vec::new());
            report::write_csv(&mut rows, record).map_err(io::Error::other)?;
            let bytes = rows.into_inner().map_err(|e| io::Error::other(e.to_string()))?;
            out.write_all(&bytes)
        }
    }
}

pub fn run_check(args: CheckArgs) -> ExitCode {
    let lang = args.reading.lang;
    let (patterns, opts) = match args.reading.start(true) {
        Ok(started) => started,
        Err(code) => return code,
    };
    let selection = match RuleSelection::from_lists(&args.rules, &args.skip) {
        Ok(s) => s.with_lang(lang),
        Err(e) => {
            eprintln!("registre: {e}");
            return ExitCode::from(2);
        }
    };
    let facts = match super::load_facts(args.facts.as_ref()) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if args.format == OutputFormat::Csv {
        let mut header = csv::Writer::from_writer(Vec::new());
        let bytes = header.write_record(report::CSV_HEADER).ok().and_then(|()| header.into_inner().ok());
        let _ = out.write_all(&bytes.unwrap_or_default());
    }
    let mut gate = false;
    let finish = |mut record: Record| {
        record.findings = check::check(&record, &facts, &selection);
        record
    };
    let tally = super::run_batch(&args.paths, &patterns, opts, finish, |record| {
        gate |= reaches(check::worst(&record.findings), args.fail_on);
        let mut shown = record.clone();
        shown.findings.retain(|f| Severity::parse(&f.severity).is_some_and(|s| s >= args.min_severity));
        if !args.with_text {
            shown.text = None;
        }
        emit(&mut out, &shown, args.format, lang)
    });
    let tally = match super::finish_output(tally, out.flush()) {
        Ok(t) => t,
        Err(code) => return code,
    };
    eprintln!("{}", tally.summary(opts.lang));
    let unread = tally.failed > 0 && args.fail_on != FailOn::Never;
    if gate || unread { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

pub fn run_rules(args: RulesArgs) -> ExitCode {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = match &args.rule {
        None => list_rules(&mut out, args.lang),
        Some(id) => match check::rule(id) {
            Some(spec) => explain_rule(&mut out, spec, args.lang),
            None => {
                eprintln!("registre: {}", check::UnknownRule(id.clone()));
                return ExitCode::from(2);
            }
        },
    };
    match result.and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("registre: {e}");
            ExitCode::from(1)
        }
    }
}

fn list_rules(out: &mut dyn Write, lang: Lang) -> io::Result<()> {
    for spec in check::RULES {
        writeln!(out, "{:<3} {:<7} {}", spec.id, spec.severity.to_string(), spec.statement(lang))?;
        writeln!(out, "            {} — {}", spec.source, spec.valid)?;
    }
    Ok(())
}

fn explain_rule(out: &mut dyn Write, spec: &check::RuleSpec, lang: Lang) -> io::Result<()> {
    let (source, valid, pass, fail, reports) = match lang {
        Lang::Fr => ("Source", "En vigueur", "Exemple conforme", "Exemple non conforme", "constate"),
        Lang::En => ("Source", "In force", "Passing example", "Failing example", "reports"),
    };
    writeln!(out, "{} {} — {}", spec.id, spec.severity, spec.statement(lang))?;
    writeln!(out, "{source} : {}", spec.source)?;
    writeln!(out, "{valid} : {}\n", spec.valid)?;
    let facts = check::examples::example_facts();
    let selection = RuleSelection::from_lists(&[spec.id.to_string()], &[]).map_err(io::Error::other)?.with_lang(lang);
    for (title, text) in [(pass, (spec.pass)()), (fail, (spec.fail)())] {
        writeln!(out, "── {title} ──")?;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            writeln!(out, "  │ {line}")?;
        }
        let (record, _) = check::examples::run(&text, &facts);
        let findings = check::check(&record, &facts, &selection);
        if findings.is_empty() {
            writeln!(out, "  → {}\n", if lang == Lang::Fr { "aucune constatation" } else { "no finding" })?;
        }
        for f in findings {
            writeln!(out, "  → {reports} : {} {} {}", f.rule, f.severity.to_uppercase(), f.message)?;
        }
        writeln!(out)?;
    }
    Ok(())
}
