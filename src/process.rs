//! Running an outside program under a time limit: the PDF worker and the OCR tools.
//! Input is fed and output read on their own threads, so that no pipe can fill up and
//! stall the program while the caller watches the clock.

use std::io::{Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Why a program gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    /// It could not be started (not installed, not executable).
    Start(String),
    /// It ran past the limit and was killed.
    TimedOut,
}

/// Runs `cmd` with `input` on its stdin (none when empty), killing it past `limit`.
/// Returns its exit status and everything it wrote on stdout; stderr is discarded.
pub fn run_limited(cmd: &mut Command, input: &[u8], limit: Duration) -> Result<(ExitStatus, Vec<u8>), RunError> {
    let mut child = cmd
        .stdin(if input.is_empty() { Stdio::null() } else { Stdio::piped() })
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| RunError::Start(e.to_string()))?;
    if let Some(mut stdin) = child.stdin.take() {
        let input = input.to_vec();
        std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
    }
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let (done, output) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        let _ = done.send(buf);
    });
    let started = Instant::now();
    // The output ends when the program closes it, nearly always by exiting: waiting for
    // it, rather than polling the program every few ms, answers as soon as it is done
    // (polling every 5 ms cost 2.5 ms per PDF on average, a tenth of a PDF's time).
    let Ok(out) = output.recv_timeout(limit) else {
        stop(&mut child);
        return Err(RunError::TimedOut);
    };
    let mut pause = Duration::from_micros(100);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok((status, out)),
            // Closed its output and went on running.
            Ok(None) if started.elapsed() > limit => {
                stop(&mut child);
                return Err(RunError::TimedOut);
            }
            Ok(None) => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(5));
            }
            Err(e) => return Err(RunError::Start(e.to_string())),
        }
    }
}

/// Kills `child` and reaps it.
pub(crate) fn stop(child: &mut std::process::Child) {
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_input_and_time_limit() {
        let (status, out) = run_limited(&mut Command::new("cat"), b"bonjour", Duration::from_secs(5)).unwrap();
        assert!(status.success());
        assert_eq!(out, b"bonjour");
        let slow = run_limited(Command::new("sleep").arg("5"), b"", Duration::from_millis(100));
        assert_eq!(slow, Err(RunError::TimedOut));
        // Closing its output does not stop the clock.
        let started = Instant::now();
        let closed = run_limited(Command::new("sh").args(["-c", "exec >&-; sleep 5"]), b"", Duration::from_millis(200));
        assert_eq!(closed, Err(RunError::TimedOut));
        assert!(started.elapsed() < Duration::from_secs(3));
        assert!(matches!(
            run_limited(&mut Command::new("no-such-program-here"), b"", Duration::from_secs(1)),
            Err(RunError::Start(_))
        ));
    }
}
