//! One run of a listing: `cargo build` of it, then the binary, each in a process group of its
//! own (so the time limit, or the reader leaving, ends it and whatever it started), its standard
//! output and error through one pipe, in the order written, as a terminal shows them.

use std::io;
use std::os::fd::OwnedFd;
use std::path::PathBuf;
use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};
use tokio::sync::oneshot;
use tokio::time::{Instant, timeout_at};

use super::Limits;

/// A program and its arguments.
#[derive(Clone, Debug)]
pub struct Step {
    pub program: PathBuf,
    pub args: Vec<String>,
}

/// What the Run button of one listing does.
#[derive(Clone, Debug)]
pub struct Job {
    /// The command line the book shows for it, the first line of its output file.
    pub shown: String,
    /// What makes the binary current; its output is shown only if it fails.
    pub build: Option<Step>,
    pub run: Step,
    /// Where both run: the repository root, as for `cargo run`.
    pub dir: PathBuf,
}

/// How a step ended.
enum Outcome {
    Exited(ExitStatus),
    NotStarted(io::Error),
    TimedOut(Duration),
    TooMuchOutput(usize),
}

impl Outcome {
    fn success(&self) -> bool {
        matches!(self, Outcome::Exited(status) if status.success())
    }

    /// A line after the output, for anything but a successful exit: `[...]`.
    fn note(&self, what: &str) -> String {
        let text = match self {
            Outcome::Exited(status) => match status.code() {
                Some(code) => format!("{what} exited with code {code}"),
                None => format!("{what} ended by {status}"),
            },
            Outcome::NotStarted(e) => format!("{what} could not start: {e}"),
            Outcome::TimedOut(limit) => {
                format!(
                    "{what} stopped: it ran for {} s, the limit",
                    limit.as_secs()
                )
            }
            Outcome::TooMuchOutput(bytes) => {
                format!("{what} stopped: it printed {} KiB, the limit", bytes / 1024)
            }
        };
        format!("[{text}]\n")
    }
}

/// Runs `job` and writes to `out` the command line, then what the listing prints as it prints
/// it, then a note if it did not end well. Stops, building or running, as soon as the reader
/// leaves: when the receiver of `left` is dropped (with the response body), even if the
/// listing is printing nothing at the time.
pub async fn stream(
    job: Job,
    limits: &Limits,
    mut out: DuplexStream,
    mut left: oneshot::Sender<()>,
) {
    let _ = stream_into(&job, limits, &mut out, &mut left).await;
    let _ = out.shutdown().await;
}

async fn stream_into(
    job: &Job,
    limits: &Limits,
    out: &mut DuplexStream,
    left: &mut oneshot::Sender<()>,
) -> io::Result<()> {
    out.write_all(format!("{}\n", job.shown).as_bytes()).await?;
    if let Some(build) = &job.build {
        let mut log = Vec::new();
        let built =
            run_step(build, job, limits.build_time, limits.output, &mut log, left)
                .await?;
        if !built.success() {
            let what = format!(
                "the build ({} {})",
                build.program.display(),
                build.args.join(" ")
            );
            out.write_all(built.note(&what).as_bytes()).await?;
            out.write_all(&log).await?;
            return Ok(());
        }
    }
    let ran = run_step(&job.run, job, limits.run_time, limits.output, out, left).await?;
    if !ran.success() {
        out.write_all(ran.note("the listing").as_bytes()).await?;
    }
    Ok(())
}

/// Runs one step, copying what it prints to `sink`, at most `cap` bytes within `limit`; ends
/// it with an error if the reader leaves (`left` closed).
async fn run_step<W: AsyncWrite + Unpin>(
    step: &Step,
    job: &Job,
    limit: Duration,
    cap: usize,
    sink: &mut W,
    left: &mut oneshot::Sender<()>,
) -> io::Result<Outcome> {
    let deadline = Instant::now() + limit;
    let (reader, writer) = io::pipe()?;
    let mut command = tokio::process::Command::new(&step.program);
    command
        .args(&step.args)
        .current_dir(&job.dir)
        .stdin(Stdio::null())
        .stdout(writer.try_clone()?)
        .stderr(writer)
        // Panic messages look the same as in the book's output files.
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .process_group(0)
        .kill_on_drop(true);
    let spawned = command.spawn();
    // Our copies of the pipe's write end go with the command: reading then ends when the
    // step and everything it started have closed theirs.
    drop(command);
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) => return Ok(Outcome::NotStarted(e)),
    };
    let mut group = Group(child.id());
    let mut reader =
        tokio::net::unix::pipe::Receiver::from_owned_fd(OwnedFd::from(reader))?;
    let mut buffer = vec![0; 8192];
    let mut copied = 0;
    let ended = loop {
        let read = tokio::select! {
            read = timeout_at(deadline, reader.read(&mut buffer)) => match read {
                Ok(read) => read,
                Err(_) => break Some(Outcome::TimedOut(limit)),
            },
            () = left.closed() => {
                group.end();
                let _ = child.wait().await;
                return Err(io::ErrorKind::BrokenPipe.into());
            }
        };
        let n = match read {
            Ok(0) | Err(_) => break None,
            Ok(n) => n,
        };
        let take = n.min(cap - copied);
        match timeout_at(deadline, sink.write_all(&buffer[..take])).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                group.end();
                let _ = child.wait().await;
                return Err(e);
            }
            Err(_) => break Some(Outcome::TimedOut(limit)),
        }
        copied += take;
        if copied >= cap {
            break Some(Outcome::TooMuchOutput(copied));
        }
    };
    let outcome = match ended {
        Some(stopped) => stopped,
        None => match timeout_at(deadline, child.wait()).await {
            Ok(status) => Outcome::Exited(status?),
            Err(_) => Outcome::TimedOut(limit),
        },
    };
    if matches!(outcome, Outcome::Exited(_)) {
        // Its leader has been waited for: the id may name another process by now.
        group.0 = None;
    } else {
        group.end();
        let _ = child.wait().await;
    }
    Ok(outcome)
}

/// The process group a step runs in, whose id is its leader's. It is ended when the step is
/// stopped, and also if the step is dropped before its end (the server's runtime shut down),
/// where `kill_on_drop` alone would end the leader only.
struct Group(Option<u32>);

impl Group {
    /// Ends every process of the group; call it before the leader is waited for, while the id
    /// is still its own.
    fn end(&mut self) {
        if let Some(group) = self.0.take().and_then(|g| i32::try_from(g).ok()) {
            // SAFETY: kill(2) with a negative pid signals the process group created at spawn.
            unsafe {
                libc::kill(-group, libc::SIGKILL);
            }
        }
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        self.end();
    }
}
