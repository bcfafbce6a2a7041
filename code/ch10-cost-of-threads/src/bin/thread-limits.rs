use std::fs;
use std::thread;

// ANCHOR: limits
/// The limits that cap how many threads this process can start, read from /proc.
struct Limits {
    max_map_count: u64,
    maps_in_use: u64,
    threads_max: u64,
    nproc: Option<u64>, // RLIMIT_NPROC; None when unlimited
}

/// Memory mappings one thread costs: its stack, the stack's guard page,
/// and the signal stack Rust installs with its own guard page.
const MAPS_PER_THREAD: u64 = 4;

fn read_number(path: &str) -> Result<u64, String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    text.trim().parse().map_err(|e| format!("{path}: {e}"))
}

fn read_limits() -> Result<Limits, String> {
    let limits = fs::read_to_string("/proc/self/limits")
        .map_err(|e| format!("cannot read /proc/self/limits: {e}"))?;
    let soft = limits
        .lines()
        .find(|line| line.starts_with("Max processes"))
        .and_then(|line| line.split_whitespace().nth(2))
        .ok_or("no \"Max processes\" line in /proc/self/limits")?;
    let maps = fs::read_to_string("/proc/self/maps")
        .map_err(|e| format!("cannot read /proc/self/maps: {e}"))?;
    Ok(Limits {
        max_map_count: read_number("/proc/sys/vm/max_map_count")?,
        maps_in_use: maps.lines().count() as u64,
        threads_max: read_number("/proc/sys/kernel/threads-max")?,
        nproc: soft.parse().ok(),
    })
}

impl Limits {
    /// The most threads the tightest limit leaves room for.
    fn hard_ceiling(&self) -> u64 {
        let by_maps =
            self.max_map_count.saturating_sub(self.maps_in_use) / MAPS_PER_THREAD;
        let mut ceiling = by_maps.min(self.threads_max);
        if let Some(nproc) = self.nproc {
            ceiling = ceiling.min(nproc);
        }
        ceiling
    }

    /// What the listings of this chapter allow themselves: three quarters of that.
    fn safe_ceiling(&self) -> u64 {
        self.hard_ceiling() * 3 / 4
    }
}
// ANCHOR_END: limits

fn print_machine() {
    let cpus = thread::available_parallelism().map_or(0, |n| n.get());
    let model = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string());
    println!(
        "machine: {cpus} logical CPUs, {}/{}, {model}",
        std::env::consts::OS,
        std::env::consts::ARCH
    );
}

// ANCHOR: main
fn main() {
    let limits = match read_limits() {
        Ok(limits) => limits,
        Err(e) => {
            eprintln!("thread-limits needs Linux's /proc: {e}");
            std::process::exit(1);
        }
    };
    print_machine();
    let nproc = limits
        .nproc
        .map_or("unlimited".to_string(), |n| n.to_string());
    println!("vm.max_map_count        {:>8}", limits.max_map_count);
    println!("  mappings in use now   {:>8}", limits.maps_in_use);
    println!(
        "  room for threads      {:>8}  ({MAPS_PER_THREAD} mappings each)",
        (limits.max_map_count - limits.maps_in_use) / MAPS_PER_THREAD
    );
    println!("kernel.threads-max      {:>8}", limits.threads_max);
    println!("RLIMIT_NPROC (soft)     {nproc:>8}");
    println!(
        "tightest limit          {:>8} threads",
        limits.hard_ceiling()
    );
    println!(
        "this chapter stays below {:>7} threads (3/4 of it)",
        limits.safe_ceiling()
    );

    // Builder::spawn reports a refusal as an Err; ask for a stack no machine here can map.
    let huge = 1usize << 40; // 1 TiB
    match thread::Builder::new().stack_size(huge).spawn(|| ()) {
        Ok(handle) => {
            let _ = handle.join();
            println!("a 1 TiB stack: the OS accepted it (overcommit is generous here)");
        }
        Err(e) => println!("a 1 TiB stack: Builder::spawn returned Err({e})"),
    }
}
// ANCHOR_END: main
