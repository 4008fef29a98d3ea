//! Writes a synthetic corpus with its truth: `cargo run --release --example synth -- DIR
//! [COUNT] [SEED] [--no-truth]` (defaults: 1000 documents, seed 1). Each document
//! `NAME.EXT` comes with `NAME.truth.json`, the facts it states; with `--no-truth`, only
//! the documents, a thousand per folder (for the benchmarks).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let no_truth = std::env::args().any(|a| a == "--no-truth");
    let mut args = std::env::args().skip(1).filter(|a| a != "--no-truth");
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: synth DIR [COUNT] [SEED]");
        return ExitCode::from(2);
    };
    let count = args.next().and_then(|c| c.parse().ok()).unwrap_or(1000);
    let seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let written = if no_truth {
        registre::synth::write_documents(&dir, seed, count)
    } else {
        registre::synth::write_corpus(&dir, seed, count)
    };
    match written {
        Ok(()) => {
            eprintln!("{count} documents (seed {seed}) written to {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: {e}", dir.display());
            ExitCode::from(1)
        }
    }
}
