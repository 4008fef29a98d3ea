//! The `registre` binary: parses the command line and dispatches; all work is in the
//! library.

mod cli;

use clap::Parser;

/// mimalloc rather than glibc's allocator: extraction allocates many small, short-lived
/// strings and vectors (glibc's malloc and free were a tenth of its samples under perf).
/// Measured on the benchmark's documents, binaries in turn: `check` of 2,000 documents on
/// one thread 3.09 → 2.64 s (median of 7), `ingest` of 20,000 on two 27.3 → 23.6 s, for a
/// higher peak (208 → 349 MB at 20,000 documents, 369 MB at 100,000: still flat).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // The PDF worker: this same binary, started by registre itself (see src/pdf.rs).
    if std::env::args().nth(1).as_deref() == Some(registre::pdf::WORKER_COMMAND) {
        return std::process::ExitCode::from(registre::pdf::run_worker() as u8);
    }
    if let Ok(exe) = std::env::current_exe() {
        registre::pdf::use_worker(exe);
    }
    cli::run(cli::Cli::parse())
}
