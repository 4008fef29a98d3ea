//! PDF reading, isolated. A PDF parser can panic, loop forever or eat memory on a
//! malformed file, and a panic boundary does not catch an abort, a stack overflow or an
//! endless loop. So the text of a PDF is extracted in a worker process (the `registre`
//! binary itself, run with a hidden subcommand) under a time limit and a memory limit;
//! whatever happens to the worker becomes a plain reason on the record, and the batch
//! goes on.
//!
//! Each thread keeps its worker for up to [`FILES_PER_WORKER`] files, sent one after the
//! other on its stdin: starting a process per file cost about 4.5 ms, a fifth of a
//! 4-page PDF's time. A worker that crashes or overruns the limit is killed, the file
//! gets the reason, and the next file starts a new worker.
//!
//! Without a worker (the library used alone, unit tests), extraction runs in-process
//! behind a panic boundary: safe against panics only.

use std::cell::RefCell;
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

/// How long one PDF may take, and how much memory its worker may use.
pub const TIME_LIMIT: Duration = Duration::from_secs(30);
pub const MEMORY_LIMIT_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Files a worker reads before it is replaced by a new one (whatever a parser keeps
/// from one file to the next is thus bounded).
pub const FILES_PER_WORKER: usize = 64;

/// The hidden subcommand the worker runs: `registre __pdf-pages`, reading framed PDFs on
/// stdin (each: its length as 8 bytes little-endian, then its bytes) and answering each.
pub const WORKER_COMMAND: &str = "__pdf-pages";

/// Test hooks, read only when this variable is set: a PDF holding `%registre-test-abort`
/// makes the worker abort, one holding `%registre-test-hang` makes it loop, and
/// `REGISTRE_TEST_PDF_TIME_LIMIT` (seconds) replaces [`TIME_LIMIT`].
const TEST_HOOKS: &str = "REGISTRE_TEST_PDF_HOOKS";

fn time_limit() -> Duration {
    static LIMIT: OnceLock<Duration> = OnceLock::new();
    *LIMIT.get_or_init(|| {
        std::env::var_os(TEST_HOOKS)
            .and_then(|_| std::env::var("REGISTRE_TEST_PDF_TIME_LIMIT").ok())
            .and_then(|v| v.parse().ok())
            .map_or(TIME_LIMIT, |secs: u64| Duration::from_secs(secs.max(1)))
    })
}

static WORKER: OnceLock<PathBuf> = OnceLock::new();

/// Makes PDF extraction run in worker processes started from `exe` (the registre binary).
pub fn use_worker(exe: PathBuf) {
    let _ = WORKER.set(exe);
}

/// Why a PDF gave no text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error("empty")]
    Empty,
    #[error("not a PDF despite its name")]
    NotPdf,
    #[error("encrypted: no password")]
    Encrypted,
    #[error("truncated or damaged ({0})")]
    Damaged(String),
    #[error("PDF parser crashed ({0})")]
    Crashed(String),
    #[error("timed out after {0} s")]
    TimedOut(u64),
    #[error("the PDF reader could not be started ({0})")]
    Worker(String),
}

/// The text of each page, in order.
pub fn read_pages(bytes: &[u8]) -> Result<Vec<String>, PdfError> {
    precheck(bytes)?;
    match WORKER.get() {
        Some(exe) => pages_in_worker(exe, bytes),
        None => pages_in_process(bytes),
    }
}

/// What can be told without parsing: empty, not a PDF at all, encrypted.
fn precheck(bytes: &[u8]) -> Result<(), PdfError> {
    if bytes.is_empty() {
        return Err(PdfError::Empty);
    }
    // The header may follow a little junk (some servers prepend bytes).
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::NotPdf);
    }
    Ok(())
}

fn mentions_encryption(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(64 * 1024)..];
    tail.windows(8).any(|w| w == b"/Encrypt")
}

/// Extraction in this process, behind a panic boundary (the worker runs this).
pub fn pages_in_process(bytes: &[u8]) -> Result<Vec<String>, PdfError> {
    precheck(bytes)?;
    let result = std::panic::catch_unwind(|| extract_pages(bytes));
    match result {
        Ok(Ok(pages)) => Ok(pages),
        Ok(Err(e)) => Err(e),
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".to_string());
            Err(PdfError::Crashed(first_line(&detail)))
        }
    }
}

/// Loads, decrypts with the empty password (PDFs « protected » against printing or
/// copying open that way), rewrites the text operators pdf-extract skips, and extracts
/// page by page.
fn extract_pages(bytes: &[u8]) -> Result<Vec<String>, PdfError> {
    let damaged = |e: &dyn std::fmt::Display| {
        if mentions_encryption(bytes) { PdfError::Encrypted } else { PdfError::Damaged(first_line(&e.to_string())) }
    };
    let mut doc = pdf_extract::Document::load_mem(bytes).map_err(|e| damaged(&e))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(PdfError::Encrypted);
    }
    let page_ids = doc.get_pages();
    let mut fonts = crate::pdf_text::FontCache::default();
    let mut pages = Vec::with_capacity(page_ids.len());
    for (&page, &page_id) in &page_ids {
        // A table marked with « X » loses its columns in plain text: its rebuilt,
        // column-aligned form is added to the page for the roll extractor.
        let fallback = |doc: &mut pdf_extract::Document| rewrite_quote_operators(doc, page_id);
        let text = crate::pdf_tables::page_text(&mut doc, page, &mut fonts, fallback).map_err(|e| damaged(&e))?;
        pages.push(text);
    }
    Ok(pages)
}

/// pdf-extract 0.12 silently drops text shown with the `'` and `"` operators (« move to
/// the next line and show »), which ghostscript and some office suites use for most
/// lines. They are rewritten into their equivalents (`T*` then `Tj`; `"` also sets word
/// and character spacing) before pdf-extract reads the page (src/pdf_text.rs reads them
/// itself).
fn rewrite_quote_operators(doc: &mut pdf_extract::Document, page_id: pdf_extract::ObjectId) {
    use pdf_extract::content::Operation;
    // Parsing every page's operations costs as much as the extraction itself: only a
    // page whose raw content shows the operator is parsed here.
    if !doc.get_page_content(page_id).is_ok_and(|raw| has_quote_operator(&raw)) {
        return;
    }
    let Ok(mut content) = doc.get_and_decode_page_content(page_id) else { return };
    if !content.operations.iter().any(|op| op.operator == "'" || op.operator == "\"") {
        return;
    }
    let mut rewritten = Vec::with_capacity(content.operations.len() + 8);
    for op in content.operations.drain(..) {
        match (op.operator.as_str(), op.operands.as_slice()) {
            ("'", [text]) => {
                rewritten.push(Operation::new("T*", vec![]));
                rewritten.push(Operation::new("Tj", vec![text.clone()]));
            }
            ("\"", [word, character, text]) => {
                rewritten.push(Operation::new("Tw", vec![word.clone()]));
                rewritten.push(Operation::new("Tc", vec![character.clone()]));
                rewritten.push(Operation::new("T*", vec![]));
                rewritten.push(Operation::new("Tj", vec![text.clone()]));
            }
            _ => rewritten.push(op),
        }
    }
    content.operations = rewritten;
    if let Ok(encoded) = content.encode() {
        let _ = doc.change_page_content(page_id, encoded);
    }
}

/// The rewrite of `'` and `"` for one page, by page number: what registre does before
/// pdf-extract reads a page (tests/pdf_text.rs compares that reading with its own).
pub fn rewrite_quotes_of_page(doc: &mut pdf_extract::Document, page: u32) {
    if let Some(&page_id) = doc.get_pages().get(&page) {
        rewrite_quote_operators(doc, page_id);
    }
}

/// Whether a content stream may use the `'` or `"` operator: the quote stands after a
/// string operand (`(…)` or `<…>`) and before white space or a delimiter. A quote inside a
/// string (« (l'école) Tj ») does not look like that; a rare false alarm only costs a parse.
fn has_quote_operator(content: &[u8]) -> bool {
    content.iter().enumerate().any(|(i, &b)| {
        (b == b'\'' || b == b'"')
            && content[..i].iter().rev().find(|c| !c.is_ascii_whitespace()).is_some_and(|&c| c == b')' || c == b'>')
            && content.get(i + 1).is_none_or(|c| c.is_ascii_whitespace() || b"()<>[]{}/%".contains(c))
    })
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").chars().take(160).collect()
}

/// What the worker writes on stdout: the pages, or the reason it gave none.
#[derive(serde::Serialize, serde::Deserialize)]
enum WorkerAnswer {
    Pages(Vec<String>),
    Failed(PdfError),
}

impl serde::Serialize for PdfError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (kind, detail) = match self {
            PdfError::Empty => ("empty", String::new()),
            PdfError::NotPdf => ("not_pdf", String::new()),
            PdfError::Encrypted => ("encrypted", String::new()),
            PdfError::Damaged(d) => ("damaged", d.clone()),
            PdfError::Crashed(d) => ("crashed", d.clone()),
            PdfError::TimedOut(n) => ("timed_out", n.to_string()),
            PdfError::Worker(d) => ("worker", d.clone()),
        };
        (kind, detail).serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for PdfError {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (kind, detail): (String, String) = serde::Deserialize::deserialize(d)?;
        Ok(match kind.as_str() {
            "empty" => PdfError::Empty,
            "not_pdf" => PdfError::NotPdf,
            "encrypted" => PdfError::Encrypted,
            "damaged" => PdfError::Damaged(detail),
            "timed_out" => PdfError::TimedOut(detail.parse().unwrap_or(0)),
            "worker" => PdfError::Worker(detail),
            _ => PdfError::Crashed(detail),
        })
    }
}

/// The worker's body: limits itself, then reads framed PDFs on stdin and answers each
/// on stdout, until its stdin closes. Returns the exit code.
pub fn run_worker() -> i32 {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    let limit = time_limit() + Duration::from_secs(5);
    // Limits are best effort: where the system refuses them the time limit still holds.
    let _ = rlimit::setrlimit(rlimit::Resource::AS, MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES);
    let cpu = limit.as_secs() * FILES_PER_WORKER as u64;
    let _ = rlimit::setrlimit(rlimit::Resource::CPU, cpu, cpu);
    // The parent kills a worker past the limit; should the parent be gone, the worker
    // stops itself all the same.
    let started = std::time::Instant::now();
    let busy_since = Arc::new(AtomicU64::new(0));
    let watched = Arc::clone(&busy_since);
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(500));
            let since = watched.load(Ordering::Relaxed);
            if since > 0 && started.elapsed().as_millis() as u64 > since + limit.as_millis() as u64 {
                std::process::exit(124);
            }
        }
    });
    let hooks = std::env::var_os(TEST_HOOKS).is_some();
    let (mut input, mut out) = (std::io::stdin().lock(), std::io::stdout().lock());
    loop {
        let bytes = match read_frame(&mut input) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return 0,
            Err(_) => return 2,
        };
        busy_since.store(started.elapsed().as_millis() as u64 + 1, Ordering::Relaxed);
        if hooks {
            test_hook(&bytes);
        }
        let answer = match pages_in_process(&bytes) {
            Ok(pages) => WorkerAnswer::Pages(pages),
            Err(e) => WorkerAnswer::Failed(e),
        };
        busy_since.store(0, Ordering::Relaxed);
        let json = serde_json::to_vec(&answer).expect("an answer always serializes");
        // A marker first: anything a library printed before it is not the answer.
        let written = out
            .write_all(ANSWER_MARKER.as_bytes())
            .and_then(|_| write_frame(&mut out, &json))
            .and_then(|_| out.flush());
        if written.is_err() {
            return 3;
        }
    }
}

fn test_hook(bytes: &[u8]) {
    let holds = |marker: &[u8]| bytes.windows(marker.len()).any(|w| w == marker);
    if holds(b"%registre-test-abort") {
        std::process::abort();
    }
    if holds(b"%registre-test-hang") {
        loop {
            std::thread::sleep(Duration::from_secs(1));
        }
    }
}

const ANSWER_MARKER: &str = "\nREGISTRE-PDF-ANSWER\n";

/// A running worker, kept by the thread that started it.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    /// The answers, as the worker's reader thread finds them; `None` when its output ended.
    answers: Receiver<Option<Vec<u8>>>,
    files: usize,
}

impl Worker {
    fn start(exe: &Path) -> Result<Worker, PdfError> {
        let mut child = Command::new(exe)
            .arg(WORKER_COMMAND)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| PdfError::Worker(e.to_string()))?;
        let stdin = child.stdin.take().expect("stdin is piped");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (send, answers) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = std::io::BufReader::new(stdout);
            while let Some(answer) = read_answer(&mut reader) {
                if send.send(Some(answer)).is_err() {
                    return;
                }
            }
            let _ = send.send(None);
        });
        Ok(Worker { child, stdin, answers, files: 0 })
    }

    /// Sends `bytes`, waits for the answer within the limit.
    fn read(&mut self, bytes: &[u8]) -> Result<Vec<u8>, PdfError> {
        self.files += 1;
        let sent = write_frame(&mut self.stdin, bytes);
        let limit = time_limit();
        match (sent, self.answers.recv_timeout(limit)) {
            (Ok(()), Ok(Some(answer))) => Ok(answer),
            (_, Err(RecvTimeoutError::Timeout)) => {
                crate::process::stop(&mut self.child);
                Err(PdfError::TimedOut(limit.as_secs()))
            }
            // The output ended (or could not be written to): the worker is gone.
            _ => {
                let _ = self.child.kill();
                Err(PdfError::Crashed(match self.child.wait().map(|s| s.code()) {
                    Ok(Some(code)) => format!("exit code {code}"),
                    _ => "killed by a signal: out of memory or time".to_string(),
                }))
            }
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Idle, it holds nothing: stopped and reaped rather than left to see its stdin close
        // (a worker already reaped is left as it is).
        crate::process::stop(&mut self.child);
    }
}

/// The next answer on a worker's output: what follows the next marker line (lines a
/// library printed before it are skipped; the marker's own leading line feed ends them).
fn read_answer(reader: &mut impl BufRead) -> Option<Vec<u8>> {
    let marker_line = &ANSWER_MARKER.as_bytes()[1..];
    let mut line = Vec::new();
    while line != marker_line {
        line.clear();
        if reader.read_until(b'\n', &mut line).ok()? == 0 {
            return None;
        }
    }
    read_frame(reader).ok().flatten()
}

/// Writes one frame: the length of `bytes` as 8 bytes little-endian, then `bytes` (how
/// PDFs go to a worker and its answers come back).
fn write_frame(to: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    to.write_all(&(bytes.len() as u64).to_le_bytes())?;
    to.write_all(bytes)
}

/// Reads one frame written by [`write_frame`]: `None` when the input ends (or fails)
/// before a frame starts, an error when it ends inside one.
fn read_frame(from: &mut impl Read) -> std::io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 8];
    if from.read_exact(&mut len).is_err() {
        return Ok(None);
    }
    let mut bytes = vec![0u8; u64::from_le_bytes(len) as usize];
    from.read_exact(&mut bytes)?;
    Ok(Some(bytes))
}

thread_local! {
    static WORKER_OF_THREAD: RefCell<Option<Worker>> = const { RefCell::new(None) };
}

fn pages_in_worker(exe: &Path, bytes: &[u8]) -> Result<Vec<String>, PdfError> {
    WORKER_OF_THREAD.with_borrow_mut(|slot| {
        if slot.as_ref().is_none_or(|w| w.files >= FILES_PER_WORKER) {
            *slot = None;
            *slot = Some(Worker::start(exe)?);
        }
        let worker = slot.as_mut().expect("a worker was just started");
        let answer = worker.read(bytes);
        if answer.is_err() {
            *slot = None;
        }
        match serde_json::from_slice::<WorkerAnswer>(&answer?) {
            Ok(WorkerAnswer::Pages(pages)) => Ok(pages),
            Ok(WorkerAnswer::Failed(e)) => Err(e),
            Err(e) => Err(PdfError::Crashed(format!("unreadable answer: {e}"))),
        }
    })
}

/// Words almost every French page of a deliberation uses: a text layer in which none of
/// them appears among many words is not French text but a font without a Unicode map.
const COMMON_WORDS: &[&str] = &[
    "le",
    "la",
    "les",
    "de",
    "des",
    "du",
    "et",
    "en",
    "un",
    "une",
    "pour",
    "par",
    "au",
    "aux",
    "dans",
    "sur",
    "est",
    "que",
    "qui",
    "ne",
    "pas",
    "il",
    "elle",
    "ce",
    "cette",
    "son",
    "sa",
    "ses",
    "avec",
    "conseil",
    "commune",
    "vu",
    "vote",
    "article",
    "monsieur",
    "madame",
    "maire",
    "séance",
    "délibération",
    "à",
    "l",
    "d",
];

/// Whether a page's text layer is garbage: many replacement or control characters, or
/// many words and hardly any common French one (a font without a Unicode map gives
/// « ¤¥¦§ » or « Qj gqj ghxn »). Such a page is read by OCR when it can be.
pub fn page_is_garbled(text: &str) -> bool {
    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
    if chars == 0 {
        return false;
    }
    let junk = text.chars().filter(|&c| c == '\u{fffd}' || (c.is_control() && !c.is_whitespace())).count();
    if junk * 20 > chars {
        return true;
    }
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect();
    if words.len() < 30 {
        return false;
    }
    let common = words.iter().filter(|w| COMMON_WORDS.contains(&w.as_str())).count();
    common * 50 < words.len()
}

/// What PDF text extraction does to a page that the text twin does not have: words
/// spaced out by justification (« l'objectif   d'un   développement »), and blocks run
/// together without a line break (« 2018-27SYNDICAT », « SYNDICALObjet : »,
/// « »EXTRAIT »).
pub fn clean_page(page: &str) -> String {
    use std::sync::LazyLock;
    static SPACES: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(r"[ \u{a0}]{2,}").unwrap());
    static GLUED: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"([0-9»])([A-ZÀÂÇÉÈÊËÎÏÔÙÛÜ]{3,})|([A-ZÀÂÇÉÈÊËÎÏÔÙÛÜ]{4,})([A-ZÀÂÇÉÈÊËÎÏÔÙÛÜ][a-zàâçéèêëîïôùûü]{2,})",
        )
        .unwrap()
    });
    let page = SPACES.replace_all(page, " ");
    // A closing quote pushed to the next line belongs to the line it closes.
    let page = page.replace("\n»", " »");
    GLUED
        .replace_all(&page, |c: &regex::Captures| match (c.get(1), c.get(2)) {
            (Some(a), Some(b)) => format!("{}\n{}", a.as_str(), b.as_str()),
            _ => format!("{}\n{}", &c[3], &c[4]),
        })
        .into_owned()
}

/// Lines a PDF repeats on most pages at their top or bottom (running headers and
/// footers: « Envoyé en préfecture le … ID : … », « Page 2/5 ») are page furniture, not
/// text: a line among the first or last three of its page whose digit-free form stands
/// there on at least half the pages (and on two at least) goes. Lines inside the page
/// are never touched: « 15 pour » under each vote is content, however often it recurs.
pub fn strip_running_lines(pages: &[String]) -> Vec<String> {
    const EDGE: usize = 3;
    if pages.len() < 2 {
        return pages.to_vec();
    }
    let key = |line: &str| -> String {
        line.chars().filter(|c| !c.is_ascii_digit() && !c.is_whitespace()).collect::<String>().to_lowercase()
    };
    // Each page's first and last non-empty lines, with their place: a running header or
    // footer stands at the same place on every page.
    let edges = |lines: &[&str]| -> Vec<(usize, String)> {
        let filled: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].trim().is_empty()).collect();
        let top = filled.iter().take(EDGE).enumerate().map(|(rank, &i)| (i, format!("t{rank}")));
        let bottom = filled.iter().rev().take(EDGE).enumerate().map(|(rank, &i)| (i, format!("b{rank}")));
        top.chain(bottom).collect()
    };
    let split: Vec<Vec<&str>> = pages.iter().map(|p| p.lines().collect()).collect();
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for lines in &split {
        let mut seen = std::collections::HashSet::new();
        for (i, place) in edges(lines) {
            let k = format!("{place}:{}", key(lines[i]));
            if k.len() > 3 && seen.insert(k.clone()) {
                *counts.entry(k).or_default() += 1;
            }
        }
    }
    let threshold = pages.len().div_ceil(2).max(2);
    split
        .iter()
        .map(|lines| {
            let running: Vec<usize> = edges(lines)
                .into_iter()
                .filter(|(i, place)| {
                    counts.get(&format!("{place}:{}", key(lines[*i]))).is_some_and(|&n| n >= threshold)
                })
                .map(|(i, _)| i)
                .collect();
            lines
                .iter()
                .enumerate()
                .filter(|(i, _)| !running.contains(i))
                .map(|(_, line)| *line)
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn garbled_text_layers_are_told_from_french() {
        let french = "Le conseil municipal, après en avoir délibéré, décide à l'unanimité d'approuver la convention \
                      de partenariat avec la commune voisine pour la gestion des eaux et de la voirie. Vu le code général.";
        assert!(!page_is_garbled(french));
        let no_unicode_map = "Qj gqj ghxn vpwl xzrq bnmk plow ertz qsdf ghjk wxcv bnvc azer tyui opmq lkjh gfds \
                              mlkj hgfd sqaz erty uiop wxcv bnbn vcxw qsdf ghjk lmpo iuyt reza";
        assert!(page_is_garbled(no_unicode_map));
        assert!(page_is_garbled("\u{fffd}\u{fffd}\u{fffd}\u{fffd} ab"));
        assert!(!page_is_garbled("Page 3"));
    }

    #[test]
    fn justified_spaces_and_glued_blocks() {
        assert_eq!(
            clean_page("DÉLIBÉRATION   2018-27SYNDICAT MIXTE « X\n»EXTRAIT DU COMITE SYNDICALObjet : le   vote"),
            "DÉLIBÉRATION 2018-27\nSYNDICAT MIXTE « X »\nEXTRAIT DU COMITE SYNDICAL\nObjet : le vote"
        );
        assert_eq!(clean_page("M. Jean DUPONT, McDonald, SIRET 123"), "M. Jean DUPONT, McDonald, SIRET 123");
    }

    #[test]
    fn running_headers_and_page_numbers_go() {
        let pages: Vec<String> = [
            "Envoyé en préfecture le 12/03/2021\nDélibération\nPage 1/3",
            "Envoyé en préfecture le 12/03/2021\nVu la loi\nPage 2/3",
            "Envoyé en préfecture le 12/03/2021\nPour : 12\nPage 3/3",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(strip_running_lines(&pages), ["Délibération", "Vu la loi", "Pour : 12"]);
        assert_eq!(strip_running_lines(&pages[..1]), pages[..1]);
        // The same short line inside every page is content (« 15 pour » under each vote).
        let pages: Vec<String> = [
            "Titre\nVote A :\n15 pour\nVote B :\n15 pour\nfin\nde\npage 1",
            "Vote C :\n15 pour\nVote D :\n15 pour\nsuite\nfin\nde\npage 2",
            "Titre\nVote E :\nautre\n15 pour\nVote F :\n15 pour\nfin\nde\npage 3",
        ]
        .map(String::from)
        .to_vec();
        assert!(strip_running_lines(&pages).iter().all(|p| p.matches("15 pour").count() == 2));
    }

    use super::*;

    #[test]
    fn files_that_are_not_pdfs_are_refused_before_parsing() {
        assert_eq!(pages_in_process(b""), Err(PdfError::Empty));
        assert_eq!(pages_in_process(b"PK\x03\x04 a zip"), Err(PdfError::NotPdf));
        assert_eq!(pages_in_process(b"%PDF-1.4\n1 0 obj << /Encrypt 2 0 R >>"), Err(PdfError::Encrypted));
    }

    #[test]
    fn a_truncated_pdf_is_damaged_not_a_panic() {
        let r = pages_in_process(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R");
        assert!(matches!(r, Err(PdfError::Damaged(_)) | Err(PdfError::Crashed(_))), "{r:?}");
    }

    #[test]
    fn text_shown_with_quote_operators_is_kept() {
        // Lines 2 and 3 are drawn with ' and " (as ghostscript writes most lines).
        let bytes = include_bytes!("../tests/fixtures/quote-operators.pdf");
        let pages = pages_in_process(bytes).unwrap();
        let text = pages.join(" ");
        for line in ["Le seize juin deux mille vingt-deux", "Pour : 12", "Contre : 0"] {
            assert!(text.contains(line), "{line:?} missing from {text:?}");
        }
        assert!(
            pdf_extract::extract_text_from_mem(bytes).is_ok_and(|t| !t.contains("Pour : 12")),
            "pdf-extract alone still drops them"
        );
    }

    #[test]
    fn quote_operators_are_told_from_apostrophes_in_strings() {
        assert!(has_quote_operator(b"BT (Pour : 12) ' ET"));
        assert!(has_quote_operator(b"<0041>'\n(x) Tj"));
        assert!(has_quote_operator(b"1 0 (vu) \""));
        assert!(!has_quote_operator(b"BT (l'\xe9cole) Tj (aujourd'hui) Tj ET"));
        assert!(!has_quote_operator(b""));
    }

    #[test]
    fn worker_answers_round_trip() {
        for e in [PdfError::Encrypted, PdfError::TimedOut(30), PdfError::Damaged("xref".into())] {
            let json = serde_json::to_string(&WorkerAnswer::Failed(e.clone())).unwrap();
            match serde_json::from_str::<WorkerAnswer>(&json).unwrap() {
                WorkerAnswer::Failed(back) => assert_eq!(back, e),
                WorkerAnswer::Pages(_) => panic!("wrong variant"),
            }
        }
    }
}
