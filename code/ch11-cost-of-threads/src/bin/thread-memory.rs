use std::fs;
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

struct Limits {
    max_map_count: u64,
    maps_in_use: u64,
    threads_max: u64,
    pid_max: u64,
    nproc: Option<u64>,
    cgroup_room: Option<u64>,
}

const MAPS_PER_THREAD: u64 = 4;

fn read_number(path: &str) -> Result<u64, String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    text.trim().parse().map_err(|e| format!("{path}: {e}"))
}

fn maps_in_use() -> Result<u64, String> {
    let maps = fs::read_to_string("/proc/self/maps")
        .map_err(|e| format!("cannot read /proc/self/maps: {e}"))?;
    Ok(maps.lines().count() as u64)
}

fn read_limits() -> Result<Limits, String> {
    let limits = fs::read_to_string("/proc/self/limits")
        .map_err(|e| format!("cannot read /proc/self/limits: {e}"))?;
    let soft = limits
        .lines()
        .find(|line| line.starts_with("Max processes"))
        .and_then(|line| line.split_whitespace().nth(2))
        .ok_or("no \"Max processes\" line in /proc/self/limits")?;
    Ok(Limits {
        max_map_count: read_number("/proc/sys/vm/max_map_count")?,
        maps_in_use: maps_in_use()?,
        threads_max: read_number("/proc/sys/kernel/threads-max")?,
        pid_max: read_number("/proc/sys/kernel/pid_max")?,
        nproc: soft.parse().ok(),
        cgroup_room: cgroup_room(),
    })
}

/// Room under the pids.max of this process's cgroup v2 and its ancestors, if one sets a limit.
fn cgroup_room() -> Option<u64> {
    let cgroup = fs::read_to_string("/proc/self/cgroup").ok()?;
    let path = cgroup.lines().find_map(|line| line.strip_prefix("0::"))?;
    let mounts = fs::read_to_string("/proc/self/mounts").ok()?;
    let mount = mounts
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>())
        .find(|fields| fields.get(2) == Some(&"cgroup2"))
        .map(|fields| PathBuf::from(fields[1]))?;
    let dir = mount.join(path.trim_start_matches('/'));
    dir.ancestors()
        .take_while(|d| d.starts_with(&mount)) // a namespace's top group has a pids.max
        .filter_map(|d| {
            let max = fs::read_to_string(d.join("pids.max")).ok()?;
            let current = fs::read_to_string(d.join("pids.current")).ok()?;
            let max: u64 = max.trim().parse().ok()?; // "max": no limit at this level
            Some(max.saturating_sub(current.trim().parse().ok()?))
        })
        .min()
}

impl Limits {
    fn safe_ceiling(&self) -> u64 {
        let by_maps =
            self.max_map_count.saturating_sub(self.maps_in_use) / MAPS_PER_THREAD;
        let mut ceiling = by_maps.min(self.threads_max).min(self.pid_max);
        for limit in [self.nproc, self.cgroup_room].into_iter().flatten() {
            ceiling = ceiling.min(limit);
        }
        ceiling * 3 / 4
    }
}

// ANCHOR: status
/// VmSize and VmRSS of this process, in KiB, from /proc/self/status.
fn memory_kib() -> Result<(u64, u64), String> {
    let status = fs::read_to_string("/proc/self/status")
        .map_err(|e| format!("cannot read /proc/self/status: {e}"))?;
    let field = |name: &str| {
        status
            .lines()
            .find(|line| line.starts_with(name))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|kib| kib.parse::<u64>().ok())
            .ok_or(format!("no {name} in /proc/self/status"))
    };
    Ok((field("VmSize:")?, field("VmRSS:")?))
}
// ANCHOR_END: status

// ANCHOR: arenas
/// glibc's malloc gives threads arenas of their own (at most 8 per CPU on 64-bit Linux),
/// and each arena reserves a heap of 64 MiB, aligned to 64 MiB.
const ARENA_HEAP: u64 = 64 << 20;

/// How many arena heaps /proc/self/maps shows, and the KiB they reserve: anonymous
/// mappings, one or two in a row, that exactly fill a 64 MiB-aligned 64 MiB block.
fn arena_heaps() -> Result<(u64, u64), String> {
    let maps = fs::read_to_string("/proc/self/maps")
        .map_err(|e| format!("cannot read /proc/self/maps: {e}"))?;
    let mut anonymous = Vec::new();
    for line in maps.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (start, end) = fields
            .first()
            .and_then(|range| range.split_once('-'))
            .ok_or(format!("not a mapping: {line:?}"))?;
        let parse = |hex| u64::from_str_radix(hex, 16).map_err(|e| format!("maps: {e}"));
        // A mapping with a sixth field has a name: a file, [heap], [stack]...
        anonymous.push((parse(start)?, parse(end)?, fields.len() == 5));
    }
    let (mut heaps, mut kib) = (0, 0);
    for (i, &(start, end, unnamed)) in anonymous.iter().enumerate() {
        if !unnamed || start % ARENA_HEAP != 0 {
            continue;
        }
        let tail = anonymous.get(i + 1).filter(|&&(s, _, u)| u && s == end);
        let last = tail.map_or(end, |&(_, e, _)| e);
        if end - start == ARENA_HEAP || last - start == ARENA_HEAP {
            heaps += 1;
            kib += ARENA_HEAP / 1024;
        }
    }
    Ok((heaps, kib))
}
// ANCHOR_END: arenas

// ANCHOR: spawn
struct Sample {
    vm_size_kib: u64,
    vm_rss_kib: u64,
    maps: u64,
    arena_heaps: u64,
    arena_kib: u64,
}

/// Starts `count` threads that sleep until released (30 s at most), measures the
/// process while all of them are alive, then releases and joins them.
fn measure(count: usize, stack_size: Option<usize>) -> Result<Sample, String> {
    let release = Arc::new((Mutex::new(false), Condvar::new()));
    let (ready_tx, ready) = mpsc::channel();
    let mut handles: Vec<JoinHandle<()>> = Vec::with_capacity(count);
    let mut failure = None;
    for i in 0..count {
        let mut builder = thread::Builder::new();
        if let Some(bytes) = stack_size {
            builder = builder.stack_size(bytes);
        }
        let (release, ready_tx) = (Arc::clone(&release), ready_tx.clone());
        let spawned = builder.spawn(move || {
            let _ = ready_tx.send(());
            let (released, wake) = &*release;
            let guard = released.lock().unwrap();
            let _ = wake.wait_timeout_while(guard, Duration::from_secs(30), |r| !*r);
        });
        match spawned {
            Ok(handle) => handles.push(handle),
            Err(e) => {
                failure = Some(format!("Builder::spawn failed at thread {i}: {e}"));
                break;
            }
        }
    }
    for _ in 0..handles.len() {
        if ready.recv_timeout(Duration::from_secs(10)).is_err() {
            failure.get_or_insert("a thread did not start within 10 s".to_string());
            break;
        }
    }
    let sample = memory_kib().and_then(|(vm_size_kib, vm_rss_kib)| {
        let (arena_heaps, arena_kib) = arena_heaps()?;
        Ok(Sample {
            vm_size_kib,
            vm_rss_kib,
            maps: maps_in_use()?,
            arena_heaps,
            arena_kib,
        })
    });
    *release.0.lock().unwrap() = true;
    release.1.notify_all();
    for handle in handles {
        let _ = handle.join();
    }
    match failure {
        Some(e) => Err(e),
        None => sample,
    }
}
// ANCHOR_END: spawn

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// A size in GiB, or in MiB below one GiB.
fn size(kib: u64) -> String {
    if kib >= 1024 * 1024 {
        format!("{:.2} GiB", kib as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.1} MiB", mib(kib))
    }
}

// ANCHOR: main
/// The table: memory before, and with `count` threads of each stack size alive at once.
fn report(count: usize, limits: &Limits) {
    let (size0, rss0) = memory_kib().unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1);
    });
    let maps0 = limits.maps_in_use;
    println!(
        "{:<18}{:>12}{:>12}{:>20}{:>12}{:>7}",
        "", "VmSize", "VmRSS", "per thread: virtual", "resident", "maps"
    );
    println!(
        "{:<18}{:>12}{:>8.1} MiB",
        "before spawning",
        size(size0),
        mib(rss0)
    );
    let mut arena_rows = Vec::new();
    for (label, stack) in [("default stacks", None), ("64 KiB stacks", Some(64 * 1024))] {
        match measure(count, stack) {
            Ok(s) => {
                println!(
                    "{label:<18}{:>12}{:>8.1} MiB{:>16.0} KiB{:>8.1} KiB{:>7.1}",
                    size(s.vm_size_kib),
                    mib(s.vm_rss_kib),
                    s.vm_size_kib.saturating_sub(size0) as f64 / count as f64,
                    s.vm_rss_kib.saturating_sub(rss0) as f64 / count as f64,
                    s.maps.saturating_sub(maps0) as f64 / count as f64,
                );
                let others = s.vm_size_kib.saturating_sub(size0 + s.arena_kib);
                arena_rows.push((label, s.arena_heaps, s.arena_kib, others));
            }
            Err(e) => {
                eprintln!("{label}: {e}");
                std::process::exit(1);
            }
        }
    }
    println!("of that virtual size, malloc's arena heaps and the rest:");
    for (label, heaps, arena_kib, others) in arena_rows {
        println!(
            "{label:<18}{heaps:>4} arena heaps{:>9.0} MiB   the rest: {:>6.0} KiB per thread",
            mib(arena_kib),
            others as f64 / count as f64
        );
    }
    println!(
        "seed 002, CPython, 10,000 threads: about 80 GB virtual, about 130 MB resident"
    );
}
// ANCHOR_END: main

fn main() {
    let count: usize = match std::env::args().nth(1).map(|a| a.parse()) {
        None => 100,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("usage: thread-memory [THREADS]  (a positive number; default 100)");
            std::process::exit(2);
        }
    };
    let limits = match read_limits() {
        Ok(limits) => limits,
        Err(e) => {
            eprintln!("thread-memory reads Linux's /proc and cannot run here: {e}");
            std::process::exit(1);
        }
    };
    let ceiling = limits.safe_ceiling();
    if count as u64 > ceiling {
        eprintln!(
            "{count} threads is above this machine's safe ceiling of {ceiling}; see thread-limits"
        );
        std::process::exit(2);
    }
    println!("{}", lab_server::machine());
    println!("{count} sleeping threads (safe ceiling here: {ceiling})");
    report(count, &limits);
}
