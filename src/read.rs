//! Reading: from a file's bytes to a decoded string and its format. Nothing here
//! interprets the text; it only decides what the bytes are and how to decode them.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The kinds of input the pipeline understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Pdf,
    /// A scan as an image file, read by OCR.
    Image,
}

impl Format {
    /// The format named by a file's extension, or `None` when we do not read that kind.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "pdf" => Some(Format::Pdf),
            "png" | "jpg" | "jpeg" | "tif" | "tiff" => Some(Format::Image),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Image => "image",
        }
    }
}

/// Why a file could not be turned into text.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReadError {
    #[error("the file is empty")]
    Empty,
    #[error("the file holds binary data, not text")]
    Binary,
    #[error("the file has only white space")]
    Blank,
    #[error("this kind of file is not read (expected .txt, .md, .html, .htm or .pdf)")]
    Unsupported,
    #[error("the file could not be opened: {0}")]
    Io(String),
}

/// A decoded input: the text as the file holds it, before normalization.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Hex SHA-256 of the bytes: the record id is its prefix, so identical bytes give one id.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Bytes in lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Decodes bytes as UTF-8 (a BOM is dropped) or, failing that, as Windows-1252, which is
/// what office suites on French Windows machines write when they do not write UTF-8.
pub fn decode(bytes: &[u8]) -> Result<Decoded, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if looks_binary(bytes) {
        return Err(ReadError::Binary);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let decoded = match std::str::from_utf8(bytes) {
        Ok(s) => Decoded { text: s.to_string(), encoding: "utf-8" },
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Decoded { text: text.into_owned(), encoding: "windows-1252" }
        }
    };
    if decoded.text.trim().is_empty() {
        return Err(ReadError::Blank);
    }
    Ok(decoded)
}

/// A text file has no NUL bytes and few control characters; a PDF, an image or a zip has
/// many in its first kilobytes.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    controls * 20 > head.len()
}

/// One file the run was asked to read, or a reason it cannot be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    /// Set when the file cannot even be opened as an input (missing path, unreadable folder).
    pub problem: Option<String>,
}

/// What walking the user's paths found: the inputs to read, and the files passed over
/// because they are of a kind we do not read (counted, so the summary accounts for them).
#[derive(Debug, Default)]
pub struct Walk {
    pub inputs: Vec<Input>,
    pub skipped: Vec<PathBuf>,
}

/// Which files of the walk are taken: include / exclude globs (matched against the path
/// relative to the folder given, `**/2019/*.pdf`), and a stable share of them (`--shard
/// K/N`) so that N machines split a corpus without talking to each other.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    include: Option<globset::GlobSet>,
    exclude: Option<globset::GlobSet>,
    /// (k, n): the k-th of n shards, 0-based.
    shard: Option<(u64, u64)>,
}

impl Selection {
    /// Builds the selection; a glob that does not parse is named in the error.
    pub fn new(include: &[String], exclude: &[String], shard: Option<(u64, u64)>) -> Result<Selection, String> {
        let set = |globs: &[String]| -> Result<Option<globset::GlobSet>, String> {
            if globs.is_empty() {
                return Ok(None);
            }
            let mut b = globset::GlobSetBuilder::new();
            for g in globs {
                b.add(globset::Glob::new(g).map_err(|e| format!("{g}: {e}"))?);
            }
            b.build().map(Some).map_err(|e| e.to_string())
        };
        Ok(Selection { include: set(include)?, exclude: set(exclude)?, shard })
    }

    /// Whether the file at `relative` (to the root it was found under) is taken.
    pub fn takes(&self, relative: &Path) -> bool {
        let included = self.include.as_ref().is_none_or(|g| g.is_match(relative));
        let excluded = self.exclude.as_ref().is_some_and(|g| g.is_match(relative));
        included && !excluded && self.shard.is_none_or(|(k, n)| shard_of(relative, n) == k)
    }
}

/// The shard of a file: from its path relative to the folder given, with `/` separators,
/// so that machines mounting the corpus at different places agree.
pub fn shard_of(relative: &Path, shards: u64) -> u64 {
    let key: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let digest = sha256_hex(key.join("/").as_bytes());
    u64::from_str_radix(&digest[..16], 16).unwrap_or(0) % shards.max(1)
}

/// What the walk meets, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Walked {
    /// A file to read (or a path that cannot be read, with its problem).
    Input(Input),
    /// A file of a kind we do not read.
    Skipped(PathBuf),
}

/// The files below `paths`, sorted, one at a time (a corpus of millions of files is
/// never listed in memory). A file named on the command line is always an input (an
/// unsupported kind then gets a failed record); inside a folder, only the kinds we read
/// are inputs and the others are passed as skipped. Hidden entries are not walked.
pub fn walk<'a>(paths: &'a [PathBuf], selection: &'a Selection) -> impl Iterator<Item = Walked> + 'a {
    paths.iter().flat_map(move |root| -> Box<dyn Iterator<Item = Walked> + 'a> {
        if root.is_dir() {
            let walker = walkdir::WalkDir::new(root)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
            Box::new(walker.filter_map(move |entry| match entry {
                Ok(e) if e.file_type().is_file() => {
                    if !selection.takes(e.path().strip_prefix(root).unwrap_or(e.path())) {
                        return None;
                    }
                    Some(match Format::from_path(e.path()) {
                        Some(_) => Walked::Input(Input { path: e.into_path(), problem: None }),
                        None => Walked::Skipped(e.into_path()),
                    })
                }
                Ok(_) => None,
                Err(err) => {
                    let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| root.clone());
                    Some(Walked::Input(Input { path, problem: Some(format!("the folder could not be read ({err})")) }))
                }
            }))
        } else if !selection.takes(Path::new(root.file_name().unwrap_or(root.as_os_str()))) {
            Box::new(std::iter::empty())
        } else if root.exists() {
            Box::new(std::iter::once(Walked::Input(Input { path: root.clone(), problem: None })))
        } else {
            let problem = Some("no such file or folder".to_string());
            Box::new(std::iter::once(Walked::Input(Input { path: root.clone(), problem })))
        }
    })
}

/// Every file below `paths` (see [`walk`]), gathered: for runs that print in input order.
pub fn collect_inputs(paths: &[PathBuf]) -> Walk {
    let selection = Selection::default();
    let mut out = Walk::default();
    for walked in walk(paths, &selection) {
        match walked {
            Walked::Input(input) => out.inputs.push(input),
            Walked::Skipped(path) => out.skipped.push(path),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_is_decoded_without_it() {
        let d = decode("\u{feff}Délibération".as_bytes()).unwrap();
        assert_eq!(d.text, "Délibération");
        assert_eq!(d.encoding, "utf-8");
    }

    #[test]
    fn windows_1252_is_decoded() {
        // « Délibération » with é as 0xE9 and the € sign as 0x80.
        let bytes = b"D\xe9lib\xe9ration 20\x80";
        let d = decode(bytes).unwrap();
        assert_eq!(d.text, "Délibération 20€");
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn empty_binary_and_blank_inputs_are_refused_in_plain_words() {
        assert_eq!(decode(b"").unwrap_err(), ReadError::Empty);
        assert_eq!(decode(b"%PDF\x00\x01\x02").unwrap_err(), ReadError::Binary);
        assert_eq!(decode(b" \n\t ").unwrap_err(), ReadError::Blank);
    }

    #[test]
    fn shards_split_a_corpus_stably_and_completely() {
        let files: Vec<PathBuf> = (0..300).map(|i| PathBuf::from(format!("registre/{i}.txt"))).collect();
        let mut counts = [0usize; 3];
        for f in &files {
            let k = shard_of(f, 3);
            assert_eq!(k, shard_of(f, 3), "stable");
            counts[k as usize] += 1;
        }
        assert_eq!(counts.iter().sum::<usize>(), 300);
        assert!(counts.iter().all(|&c| c > 70), "{counts:?}");
        // Windows-style and Unix-style relative paths agree.
        assert_eq!(shard_of(Path::new("a/b.txt"), 7), shard_of(&Path::new("a").join("b.txt"), 7));
    }

    #[test]
    fn globs_include_and_exclude_relative_paths() {
        let s = Selection::new(&["**/*.pdf".into()], &["brouillons/**".into()], None).unwrap();
        assert!(s.takes(Path::new("2019/cm.pdf")));
        assert!(!s.takes(Path::new("2019/cm.txt")));
        assert!(!s.takes(Path::new("brouillons/x.pdf")));
        assert!(Selection::new(&["[".into()], &[], None).is_err());
    }

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(Format::from_path(Path::new("a/B.HTM")), Some(Format::Html));
        assert_eq!(Format::from_path(Path::new("x.md")), Some(Format::Markdown));
        assert_eq!(Format::from_path(Path::new("x.pdf")), Some(Format::Pdf));
        assert_eq!(Format::from_path(Path::new("x.docx")), None);
    }
}
