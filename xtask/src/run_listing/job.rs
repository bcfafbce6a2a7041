//! One run of a listing: `cargo build` of it, then the binary, each in a process group of its
//! own on Unix (so the time limit, or the reader leaving, ends it and whatever it started; other
//! systems end the step's own process), its standard output and error through one pipe, in the
//! order written, as a terminal shows them. While the build runs, each line cargo prints goes to
//! the page as it comes, marked with [`PROGRESS`], so a first run that compiles is never a
//! silent wait.

use std::io;
use std::path::PathBuf;
use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use tokio::io::{AsyncWrite, AsyncWriteExt, DuplexStream};
use tokio::sync::oneshot;
use tokio::time::{Instant, timeout_at};

use super::Limits;

/// The first character of each line of build progress in a run's stream (ASCII's record
/// separator, which no listing prints). The page shows these lines apart from the output.
pub const PROGRESS: char = '\u{1e}';

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
        let mut progress = Progress {
            out: &mut *out,
            log: Vec::new(),
            line: Vec::new(),
        };
        let built = run_step(
            build,
            job,
            limits.build_time,
            limits.output,
            &mut progress,
            left,
        )
        .await?;
        progress.finish().await?;
        let log = progress.log;
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

/// Where a step's output goes: the page's stream as it is (the listing), or as progress lines
/// that are also kept, to be shown whole if the build fails.
trait Sink {
    async fn put(&mut self, bytes: &[u8]) -> io::Result<()>;
}

impl<W: AsyncWrite + Unpin> Sink for W {
    async fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.write_all(bytes).await
    }
}

/// The build's output: each complete line goes to the page at once, behind [`PROGRESS`].
struct Progress<'a> {
    out: &'a mut DuplexStream,
    log: Vec<u8>,
    /// The start of a line not yet ended.
    line: Vec<u8>,
}

impl Sink for Progress<'_> {
    async fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.log.extend_from_slice(bytes);
        self.line.extend_from_slice(bytes);
        while let Some(end) = self.line.iter().position(|&b| b == b'\n') {
            let rest = self.line.split_off(end + 1);
            let line = std::mem::replace(&mut self.line, rest);
            self.send(&line).await?;
        }
        Ok(())
    }
}

impl Progress<'_> {
    async fn send(&mut self, line: &[u8]) -> io::Result<()> {
        let mut marked = PROGRESS.to_string().into_bytes();
        marked.extend_from_slice(line);
        if !marked.ends_with(b"\n") {
            marked.push(b'\n');
        }
        self.out.write_all(&marked).await
    }

    /// Sends a last line that had no newline.
    async fn finish(&mut self) -> io::Result<()> {
        let line = std::mem::take(&mut self.line);
        if line.is_empty() {
            return Ok(());
        }
        self.send(&line).await
    }
}

/// Runs one step, copying what it prints to `sink`, at most `cap` bytes within `limit`; ends
/// it with an error if the reader leaves (`left` closed).
async fn run_step<S: Sink>(
    step: &Step,
    job: &Job,
    limit: Duration,
    cap: usize,
    sink: &mut S,
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
        .kill_on_drop(true);
    #[cfg(unix)]
    command.process_group(0);
    let spawned = command.spawn();
    // Our copies of the pipe's write end go with the command: reading then ends when the
    // step and everything it started have closed theirs.
    drop(command);
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) => return Ok(Outcome::NotStarted(e)),
    };
    let mut group = Group(child.id());
    let mut reader = PipeIn::new(reader)?;
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
                let _ = child.start_kill();
                let _ = child.wait().await;
                return Err(io::ErrorKind::BrokenPipe.into());
            }
        };
        let n = match read {
            Ok(0) | Err(_) => break None,
            Ok(n) => n,
        };
        let take = n.min(cap - copied);
        match timeout_at(deadline, sink.put(&buffer[..take])).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                group.end();
                let _ = child.start_kill();
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
        let _ = child.start_kill();
        let _ = child.wait().await;
    }
    Ok(outcome)
}

/// The read end of a step's pipe, read without blocking the runtime.
enum PipeIn {
    #[cfg(unix)]
    Unix(tokio::net::unix::pipe::Receiver),
    /// Elsewhere a thread reads the pipe and hands over what it read.
    #[cfg(not(unix))]
    Thread {
        chunks: tokio::sync::mpsc::Receiver<io::Result<Vec<u8>>>,
        rest: Vec<u8>,
    },
}

impl PipeIn {
    #[cfg(unix)]
    fn new(reader: io::PipeReader) -> io::Result<PipeIn> {
        let fd = std::os::fd::OwnedFd::from(reader);
        Ok(PipeIn::Unix(
            tokio::net::unix::pipe::Receiver::from_owned_fd(fd)?,
        ))
    }

    #[cfg(not(unix))]
    fn new(mut reader: io::PipeReader) -> io::Result<PipeIn> {
        use std::io::Read;
        let (sender, chunks) = tokio::sync::mpsc::channel(16);
        std::thread::spawn(move || {
            let mut buffer = vec![0; 8192];
            loop {
                let read = reader.read(&mut buffer).map(|n| buffer[..n].to_vec());
                let end = matches!(&read, Ok(bytes) if bytes.is_empty()) || read.is_err();
                if sender.blocking_send(read).is_err() || end {
                    break;
                }
            }
        });
        Ok(PipeIn::Thread {
            chunks,
            rest: Vec::new(),
        })
    }

    async fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        match self {
            #[cfg(unix)]
            PipeIn::Unix(receiver) => {
                use tokio::io::AsyncReadExt;
                receiver.read(buffer).await
            }
            #[cfg(not(unix))]
            PipeIn::Thread { chunks, rest } => {
                if rest.is_empty() {
                    match chunks.recv().await {
                        Some(chunk) => *rest = chunk?,
                        None => return Ok(0),
                    }
                }
                let n = rest.len().min(buffer.len());
                buffer[..n].copy_from_slice(&rest[..n]);
                rest.drain(..n);
                Ok(n)
            }
        }
    }
}

/// The process group a step runs in, whose id is its leader's. It is ended when the step is
/// stopped, and also if the step is dropped before its end (the server's runtime shut down),
/// where `kill_on_drop` alone would end the leader only.
struct Group(Option<u32>);

impl Group {
    /// Ends every process of the group; call it before the leader is waited for, while the id
    /// is still its own. Where there are no process groups, the caller ends the leader.
    fn end(&mut self) {
        let group = self.0.take();
        #[cfg(unix)]
        if let Some(group) = group.and_then(|g| i32::try_from(g).ok()) {
            // SAFETY: kill(2) with a negative pid signals the process group created at spawn.
            unsafe {
                libc::kill(-group, libc::SIGKILL);
            }
        }
        #[cfg(not(unix))]
        let _ = group;
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        self.end();
    }
}
