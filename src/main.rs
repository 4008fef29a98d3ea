//! The `registre` binary: parses the command line and dispatches; all work is in the
//! library.

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    return_freed_memory_promptly();
    // The PDF worker: this same binary, started by registre itself (see src/pdf.rs).
    if std::env::args().nth(1).as_deref() == Some(registre::pdf::WORKER_COMMAND) {
        return std::process::ExitCode::from(registre::pdf::run_worker() as u8);
    }
    if let Ok(exe) = std::env::current_exe() {
        registre::pdf::use_worker(exe);
    }
    cli::run(cli::Cli::parse())
}

/// glibc's allocator serves blocks above its mmap threshold from their own mappings, given
/// back when freed, but raises that threshold each time such a block is freed: once
/// tantivy's writer has freed its first 1 MB arena pages, the next ones come from the heap,
/// which fragments and is not returned. Measured on 30,000 documents: peak resident memory
/// 306 MB with glibc's defaults, 217 MB with a fixed threshold, and no slower (mimalloc
/// was tried too: 317 MB).
#[allow(unsafe_code)] // the one exception to the crate's rule: no safe binding exists
fn return_freed_memory_promptly() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets two allocator parameters; it is called first thing in
    // main, before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 << 10);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 128 << 10);
    }
}
