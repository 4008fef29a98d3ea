//! The `registre` binary: parses the command line and dispatches; all work is in the
//! library.

mod cli;

use clap::Parser;

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
