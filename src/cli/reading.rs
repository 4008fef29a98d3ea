//! The flags every command that reads documents shares (patterns, language, threads,
//! OCR), flattened into each command's arguments, and the start-up they drive.

use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;

use registre::messages::Lang;
use registre::patterns::Patterns;
use registre::pipeline::{OcrMode, Options};

#[derive(Debug, Args)]
pub struct ReadingArgs {
    /// A folder of pattern files (*.toml) replacing the embedded ones of the same name
    /// (subjects.toml holds the @ctes subject keywords).
    #[arg(long, value_name = "DIR")]
    pub patterns: Option<PathBuf>,

    /// Language of messages: fr (default) or en.
    #[arg(long, default_value = "fr", value_parser = super::parse_lang)]
    pub lang: Lang,

    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,

    /// OCR of scanned pages and images: auto (when tesseract-ocr-fra and poppler are
    /// installed) or off.
    #[arg(long, value_name = "MODE", default_value = "auto", value_parser = super::parse_ocr)]
    pub ocr: OcrMode,
}

impl ReadingArgs {
    /// Loads the patterns (printing every problem) and sets the threads; `Err` is the
    /// exit code 2 of bad pattern files.
    pub fn start(&self, with_text: bool) -> Result<(Arc<Patterns>, Options), std::process::ExitCode> {
        // The pool first: the patterns compile on it, and it cannot be sized once started.
        super::set_jobs(self.jobs);
        let patterns = super::load_patterns(self.patterns.as_ref()).map_err(|e| {
            eprint!("registre: {e}");
            std::process::ExitCode::from(2)
        })?;
        Ok((patterns, Options { with_text, lang: self.lang, ocr: self.ocr }))
    }
}
