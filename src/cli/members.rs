//! `registre members`: attendance per elected member across the sessions read — sessions
//! on the roll, present, excused, absent, proxies given and held, attendance rate — for
//! people (a table per collectivity), spreadsheets (CSV) or scripts (JSON Lines), from
//! files or from the records of an index.
//!
//! Exit codes: 0 every document was read; 1 some could not be; 2 on a usage error or bad
//! pattern files.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use registre::export::members::{AttendanceTally, MemberAttendance};
use registre::messages::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MembersFormat {
    Human,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct MembersArgs {
    /// Files or folders to read (folders are walked, hidden entries skipped); without
    /// them, the records of the index (--index).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// The index to read when no PATH is given.
    #[arg(long, value_name = "DIR", default_value = super::search::DEFAULT_INDEX)]
    index: PathBuf,

    /// Only the collectivities whose name contains NAME (accents and case aside).
    #[arg(long, value_name = "NAME")]
    collectivity: Option<String>,

    /// human (a table per collectivity), csv or json (one object per line).
    #[arg(long, value_enum, default_value = "human")]
    format: MembersFormat,

    #[command(flatten)]
    reading: super::reading::ReadingArgs,
}

const CSV_HEADER: [&str; 9] = [
    "collectivity",
    "name",
    "sessions",
    "present",
    "excused",
    "absent",
    "proxies_given",
    "proxies_held",
    "attendance_rate",
];

fn rate(m: &MemberAttendance) -> String {
    m.attendance_rate().map(|r| format!("{r:.3}")).unwrap_or_default()
}

fn write_human(out: &mut dyn Write, rows: &[&MemberAttendance], lang: Lang) -> io::Result<()> {
    let header = match lang {
        Lang::Fr => ["élu", "séances", "présent", "excusé", "absent", "pouvoirs donnés", "reçus", "assiduité"],
        Lang::En => ["member", "sessions", "present", "excused", "absent", "proxies given", "held", "attendance"],
    };
    let width = rows.iter().map(|m| m.name.chars().count()).max().unwrap_or(0).max(header[0].chars().count());
    let mut current: Option<&str> = None;
    for m in rows {
        if current != Some(m.collectivity.as_str()) {
            let shown = if m.collectivity.is_empty() { "?" } else { &m.collectivity };
            writeln!(out, "{}{shown}", if current.is_some() { "\n" } else { "" })?;
            write!(out, "  {:<width$}", header[0])?;
            for h in &header[1..] {
                write!(out, "  {h:>8}")?;
            }
            writeln!(out)?;
            current = Some(&m.collectivity);
        }
        let pct = m.attendance_rate().map(|r| format!("{:.0} %", r * 100.0)).unwrap_or_default();
        writeln!(
            out,
            "  {:<width$}  {:>8}  {:>8}  {:>8}  {:>8}  {:>8}  {:>8}  {:>8}",
            m.name, m.sessions, m.present, m.excused, m.absent, m.proxies_given, m.proxies_held, pct
        )?;
    }
    Ok(())
}

fn write_rows(out: &mut dyn Write, rows: &[&MemberAttendance], format: MembersFormat, lang: Lang) -> io::Result<()> {
    match format {
        MembersFormat::Human => write_human(out, rows, lang),
        MembersFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(CSV_HEADER)?;
            for m in rows {
                let n = [m.sessions, m.present, m.excused, m.absent, m.proxies_given, m.proxies_held]
                    .map(|n| n.to_string());
                w.write_record([&m.collectivity, &m.name, &n[0], &n[1], &n[2], &n[3], &n[4], &n[5], &rate(m)])?;
            }
            w.flush()
        }
        MembersFormat::Json => {
            for m in rows {
                let mut value = serde_json::to_value(m).map_err(io::Error::other)?;
                value["attendance_rate"] = serde_json::json!(m.attendance_rate());
                writeln!(out, "{value}")?;
            }
            Ok(())
        }
    }
}

pub fn run_members(args: MembersArgs) -> ExitCode {
    let (patterns, opts) = match args.reading.start(false) {
        Ok(started) => started,
        Err(code) => return code,
    };
    let lang = opts.lang;
    let mut tally = AttendanceTally::default();
    let read = if args.paths.is_empty() {
        // The sessions an ingest has put in the index.
        let index = match registre::index::SearchIndex::open(&args.index) {
            Ok(i) => i,
            Err(e) => return super::search::fail(&e, lang),
        };
        let mut read = super::Tally::default();
        let walked = index.for_each_record(|record| {
            read.count(record.status);
            tally.add(&record);
            Ok(())
        });
        walked.map(|()| read).map_err(|e| io::Error::other(e.message(lang)))
    } else {
        super::run_batch(
            &args.paths,
            &patterns,
            opts,
            |r| r,
            |record| {
                tally.add(record);
                Ok(())
            },
        )
    };
    let read = match super::finish_output(read, Ok(())) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let rows = tally.rows(args.collectivity.as_deref());
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = write_rows(&mut out, &rows, args.format, lang);
    if let Err(code) = super::finish_output(written.map(|()| read), out.flush()) {
        return code;
    }
    eprintln!("{}", read.summary(lang));
    let (sessions, twins, unresolved) = (tally.sessions, tally.twins, tally.unresolved_proxies);
    eprintln!(
        "{}",
        match lang {
            Lang::Fr => format!(
                "{sessions} séance(s) avec une liste des membres ; {twins} lue(s) deux fois (PDF et texte) comptée(s) une fois ; {unresolved} pouvoir(s) dont le mandataire n'est pas identifié dans la liste"
            ),
            Lang::En => format!(
                "{sessions} session(s) with a roll; {twins} read twice (PDF and text) counted once; {unresolved} proxy(ies) whose holder is not identified on the roll"
            ),
        }
    );
    if read.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
