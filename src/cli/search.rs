//! `registre search`, `refs` and `graph`: the index from the command line.
//! Results go to stdout (for people, or JSON with `--json`), the summary and errors to
//! stderr. Exit codes: 0 done, 1 some files could not be read (ingest) or nothing to show
//! for an unknown id, 2 a usage error, a bad query or an index that cannot be opened.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use registre::index::graph::{self, Refs};
use registre::index::search::{Found, SearchRequest, SearchResults};
use registre::index::{IndexError, SearchIndex};
use registre::messages::Lang;

/// Where the index goes when `--index` is not given.
pub(crate) const DEFAULT_INDEX: &str = "index";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words, "phrases", AND / OR, -excluded, field:value (fields: title, text, header,
    /// collectivity, kind, body, number, year, member, rule, ref). May be "" with filters.
    #[arg(value_name = "QUERY", allow_hyphen_values = true)]
    query: String,

    #[arg(long, value_name = "DIR", default_value = DEFAULT_INDEX)]
    index: PathBuf,

    /// Collectivity name, or words of it (accents and case ignored).
    #[arg(long, value_name = "NAME")]
    collectivity: Option<String>,

    /// Kind of collectivity: commune, epci, syndicat_mixte, departement, region.
    #[arg(long, value_name = "K")]
    kind: Option<String>,

    /// Deliberating body (« conseil municipal », « commission permanente »…).
    #[arg(long, value_name = "B")]
    body: Option<String>,

    /// Session year.
    #[arg(long, value_name = "Y", conflicts_with_all = ["from", "to"])]
    year: Option<u32>,

    /// First session date (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,

    /// Last session date (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,

    /// Deliberation number (« 2022-15 »).
    #[arg(long, value_name = "N")]
    number: Option<String>,

    /// A member's name: the deliberations of their sessions, with their status in each.
    #[arg(long, value_name = "NAME")]
    member: Option<String>,

    /// A rule id (V1): deliberations with that finding.
    #[arg(long, value_name = "ID")]
    rule: Option<String>,

    #[arg(long, value_name = "N", default_value_t = 10)]
    limit: usize,

    #[arg(long, value_name = "N", default_value_t = 0)]
    offset: usize,

    /// Also count the matches by collectivity, body, year and rule.
    #[arg(long)]
    facets: bool,

    /// One JSON object: total, hits (with snippet and highlight offsets), facets.
    #[arg(long)]
    json: bool,

    /// Highlight the matching words: auto (when stdout is a terminal), always, never.
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,

    #[arg(long, default_value = "fr", value_parser = super::parse_lang)]
    lang: Lang,
}

#[derive(Debug, Args)]
pub struct RefsArgs {
    /// A deliberation id (`id#index` as search prints it, or a record id).
    #[arg(value_name = "ID", required_unless_present = "unresolved")]
    id: Option<String>,

    /// List the cited deliberations missing from the index, most cited first.
    #[arg(long, conflicts_with = "id")]
    unresolved: bool,

    #[arg(long, value_name = "DIR", default_value = DEFAULT_INDEX)]
    index: PathBuf,

    #[arg(long)]
    json: bool,

    #[arg(long, default_value = "fr", value_parser = super::parse_lang)]
    lang: Lang,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Json,
    Dot,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    #[arg(long, value_name = "DIR", default_value = DEFAULT_INDEX)]
    index: PathBuf,

    /// json (`nodes` and `edges`) or dot (Graphviz).
    #[arg(long, value_enum, default_value = "json")]
    format: GraphFormat,

    #[arg(long, default_value = "fr", value_parser = super::parse_lang)]
    lang: Lang,
}

pub(crate) fn fail(e: &IndexError, lang: Lang) -> ExitCode {
    eprintln!("registre: {}", e.message(lang));
    ExitCode::from(2)
}

/// Writes with `write`, treating a closed pipe as the reader's choice.
fn output(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> ExitCode {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("registre: {e}");
            ExitCode::from(1)
        }
    }
}

pub fn run_search(args: SearchArgs) -> ExitCode {
    let lang = args.lang;
    let index = match SearchIndex::open(&args.index) {
        Ok(i) => i,
        Err(e) => return fail(&e, lang),
    };
    let request = SearchRequest {
        query: args.query.clone(),
        collectivity: args.collectivity.clone(),
        kind: args.kind.clone(),
        body: args.body.clone(),
        year: args.year,
        from: args.from.clone(),
        to: args.to.clone(),
        number: args.number.clone(),
        member: args.member.clone(),
        rule: args.rule.clone(),
        limit: args.limit,
        offset: args.offset,
        facets: args.facets,
    };
    let results = match index.search(&request, lang) {
        Ok(r) => r,
        Err(e) => return fail(&e, lang),
    };
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    output(|out| {
        if args.json {
            serde_json::to_writer(&mut *out, &results).map_err(io::Error::other)?;
            writeln!(out)
        } else {
            write_results(out, &results, &request, color, lang)
        }
    })
}

const BOLD: &str = "\x1b[1;33m";
const RESET: &str = "\x1b[0m";

fn write_results(
    out: &mut dyn Write,
    results: &SearchResults,
    request: &SearchRequest,
    color: bool,
    lang: Lang,
) -> io::Result<()> {
    let fr = lang == Lang::Fr;
    let shown = results.hits.len();
    match (shown, fr) {
        (0, true) if results.total == 0 => writeln!(out, "aucune délibération trouvée")?,
        (0, false) if results.total == 0 => writeln!(out, "no deliberation found")?,
        (0, true) => writeln!(out, "{} délibération(s) trouvée(s)", results.total)?,
        (0, false) => writeln!(out, "{} deliberation(s) found", results.total)?,
        (_, true) => writeln!(
            out,
            "{} délibération(s) trouvée(s), {}–{} :",
            results.total,
            request.offset + 1,
            request.offset + shown
        )?,
        (_, false) => writeln!(
            out,
            "{} deliberation(s) found, {}–{}:",
            results.total,
            request.offset + 1,
            request.offset + shown
        )?,
    }
    for found in &results.hits {
        writeln!(out)?;
        write_hit(out, found, color, lang)?;
    }
    if let Some(facets) = &results.facets {
        writeln!(out)?;
        let families = [
            ("Par collectivité", "By collectivity", &facets.collectivity),
            ("Par organe", "By body", &facets.body),
            ("Par année", "By year", &facets.year),
            ("Par règle", "By rule", &facets.rule),
        ];
        for (label_fr, label_en, counts) in families {
            let list: Vec<String> = counts.iter().map(|(v, n)| format!("{v} ({n})")).collect();
            let list = if list.is_empty() { "—".to_string() } else { list.join(" · ") };
            writeln!(out, "{} : {list}", if fr { label_fr } else { label_en })?;
        }
    }
    Ok(())
}

fn write_hit(out: &mut dyn Write, found: &Found, color: bool, lang: Lang) -> io::Result<()> {
    let hit = &found.hit;
    let mut line = vec![hit.date.clone().unwrap_or_else(|| "?".to_string())];
    line.extend(hit.collectivity.clone());
    line.extend(hit.body.clone());
    line.extend(hit.number.as_ref().map(|n| format!("n° {n}")));
    // A filter-only search ranks by date: no score to show.
    match found.score > 0.0 {
        true => writeln!(out, "{}  [{}]  score {:.2}", line.join(" · "), hit.key, found.score)?,
        false => writeln!(out, "{}  [{}]", line.join(" · "), hit.key)?,
    }
    if let Some(title) = &hit.title {
        writeln!(out, "  {}", shorten(title, 160))?;
    }
    writeln!(out, "  « {} »", highlighted(&found.snippet.text, &found.snippet.highlights, color))?;
    if let Some(member) = &found.member {
        writeln!(out, "  {} : {}", member.name, member.describe(lang))?;
    }
    writeln!(out, "  {}", hit.path)
}

fn shorten(s: &str, chars: usize) -> String {
    match s.char_indices().nth(chars) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// The snippet on one line, its matching words in bold colour when asked.
fn highlighted(text: &str, ranges: &[[usize; 2]], color: bool) -> String {
    let mut s = String::with_capacity(text.len() + ranges.len() * 12);
    let mut at = 0;
    for &[start, end] in ranges {
        if start < at || end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        s.push_str(&text[at..start]);
        if color {
            s.push_str(BOLD);
        }
        s.push_str(&text[start..end]);
        if color {
            s.push_str(RESET);
        }
        at = end;
    }
    s.push_str(&text[at..]);
    registre::text::collapse_spaces(&s)
}

pub fn run_refs(args: RefsArgs) -> ExitCode {
    let lang = args.lang;
    let index = match SearchIndex::open(&args.index) {
        Ok(i) => i,
        Err(e) => return fail(&e, lang),
    };
    if args.unresolved {
        let missing = match index.unresolved() {
            Ok(m) => m,
            Err(e) => return fail(&e, lang),
        };
        return output(|out| {
            if args.json {
                for m in &missing {
                    serde_json::to_writer(&mut *out, m).map_err(io::Error::other)?;
                    writeln!(out)?;
                }
                return Ok(());
            }
            for m in &missing {
                let what = match (&m.number, &m.date, lang) {
                    (Some(n), Some(d), Lang::Fr) => format!("n° {n} du {d}"),
                    (Some(n), None, Lang::Fr) => format!("n° {n}"),
                    (None, Some(d), Lang::Fr) => format!("séance du {d}"),
                    (Some(n), Some(d), Lang::En) => format!("no. {n} of {d}"),
                    (Some(n), None, Lang::En) => format!("no. {n}"),
                    (None, Some(d), Lang::En) => format!("session of {d}"),
                    (None, None, _) => m.text.clone(),
                };
                let by = if lang == Lang::Fr { "citée par" } else { "cited by" };
                writeln!(out, "{:>3}  {} — {what}  ({by} {})", m.count, m.collectivity, m.cited_by.join(", "))?;
            }
            Ok(())
        });
    }
    let id = args.id.unwrap_or_default();
    let refs = match index.refs(&id) {
        Ok(r) => r,
        Err(e @ IndexError::UnknownId(_)) => {
            eprintln!("registre: {}", e.message(lang));
            return ExitCode::from(1);
        }
        Err(e) => return fail(&e, lang),
    };
    output(|out| {
        if args.json {
            serde_json::to_writer(&mut *out, &refs).map_err(io::Error::other)?;
            writeln!(out)
        } else {
            write_refs(out, &refs, lang)
        }
    })
}

fn describe(node: &graph::Node) -> String {
    let mut parts = vec![node.id.clone()];
    parts.extend(node.collectivity.clone());
    parts.extend(node.number.as_ref().map(|n| format!("n° {n}")));
    parts.extend(node.date.clone());
    parts.join(" · ")
}

fn write_refs(out: &mut dyn Write, refs: &Refs, lang: Lang) -> io::Result<()> {
    let fr = lang == Lang::Fr;
    writeln!(out, "{}", describe(&refs.deliberation))?;
    if let Some(title) = &refs.deliberation.title {
        writeln!(out, "  {}", shorten(title, 160))?;
    }
    writeln!(out, "\n{}", if fr { "Cite :" } else { "Cites:" })?;
    if refs.cites.is_empty() {
        writeln!(out, "  —")?;
    }
    for c in &refs.cites {
        let text = registre::text::collapse_spaces(&c.reference.text);
        let target = match (&c.target, c.candidates.is_empty(), c.reference.kind.as_str()) {
            (Some(t), _, _) => format!("⇒ {}", describe(t)),
            (None, false, _) => {
                let list: Vec<String> = c.candidates.iter().map(describe).collect();
                let label = if fr { "ambiguë, candidates" } else { "ambiguous, candidates" };
                format!("⇒ {label} : {}", list.join(" | "))
            }
            (None, true, "deliberation") => {
                (if fr { "⇒ absente de l'index" } else { "⇒ not in the index" }).to_string()
            }
            (None, true, kind) => format!("({})", registre::messages::reference_kind(kind, lang)),
        };
        writeln!(out, "  → {text}  {target}")?;
    }
    writeln!(out, "\n{}", if fr { "Citée par :" } else { "Cited by:" })?;
    if refs.cited_by.is_empty() {
        writeln!(out, "  —")?;
    }
    for c in &refs.cited_by {
        let mark = match (c.ambiguous, fr) {
            (true, true) => " (candidate d'une référence ambiguë)",
            (true, false) => " (candidate of an ambiguous reference)",
            _ => "",
        };
        writeln!(out, "  ← {}  « {} »{mark}", describe(&c.by), registre::text::collapse_spaces(&c.text))?;
    }
    Ok(())
}

pub fn run_graph(args: GraphArgs) -> ExitCode {
    let index = match SearchIndex::open(&args.index) {
        Ok(i) => i,
        Err(e) => return fail(&e, args.lang),
    };
    let g = match index.graph() {
        Ok(g) => g,
        Err(e) => return fail(&e, args.lang),
    };
    output(|out| match args.format {
        GraphFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &g).map_err(io::Error::other)?;
            writeln!(out)
        }
        GraphFormat::Dot => out.write_all(graph::to_dot(&g).as_bytes()),
    })
}
