//! The `registre` binary: parses the command line and dispatches; all work is in the
//! library.

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    cli::run(cli::Cli::parse())
}
