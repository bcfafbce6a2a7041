use std::fs;
use std::path::{Path, PathBuf};
use std::thread;

// ANCHOR: limits
/// The limits that cap how many threads this process can start, read from /proc and /sys.
struct Limits {
    max_map_count: u64,
    maps_in_use: u64,
    threads_max: u64,
    pid_max: u64,
    nproc: Option<u64>, // RLIMIT_NPROC; None when unlimited
    // Room left under the cgroup's pids.max: None when no ancestor sets one,
    // Err when there is nothing to read (and why).
    cgroup_room: Result<Option<u64>, String>,
}

/// Memory mappings one thread costs: its stack, the stack's guard page,
/// and the signal stack Rust installs with its own guard page.
const MAPS_PER_THREAD: u64 = 4;

fn read_number(path: &Path) -> Result<u64, String> {
    let text = fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    text.trim()
        .parse()
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// The cgroup v2 directory of this process, and the mount point it lies under.
fn cgroup_dir() -> Result<(PathBuf, PathBuf), String> {
    let cgroup = fs::read_to_string("/proc/self/cgroup")
        .map_err(|e| format!("cannot read /proc/self/cgroup: {e}"))?;
    let path = cgroup
        .lines()
        .find_map(|line| line.strip_prefix("0::"))
        .ok_or("no cgroup v2 line in /proc/self/cgroup")?;
    let mounts = fs::read_to_string("/proc/self/mounts")
        .map_err(|e| format!("cannot read /proc/self/mounts: {e}"))?;
    let mount = mounts
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>())
        .find(|fields| fields.get(2) == Some(&"cgroup2"))
        .map(|fields| PathBuf::from(fields[1]))
        .ok_or("no cgroup2 file system is mounted")?;
    let relative = path.trim_start_matches('/');
    let dir = if relative.is_empty() {
        mount.clone()
    } else {
        mount.join(relative)
    };
    Ok((dir, mount))
}

/// Every cgroup from this process's up to the top of the mounted hierarchy may cap the tasks
/// below it. The real root has no pids.max; the top of a container's cgroup namespace,
/// a child group seen from outside, has one.
fn cgroup_room() -> Result<Option<u64>, String> {
    let (dir, mount) = cgroup_dir()?;
    let controllers =
        fs::read_to_string(mount.join("cgroup.controllers")).unwrap_or_default();
    if !controllers.split_whitespace().any(|c| c == "pids") {
        return Err("the pids controller is not on cgroup v2 here".into());
    }
    let mut room: Option<u64> = None;
    let mut files = 0;
    for group in dir.ancestors().take_while(|d| d.starts_with(&mount)) {
        let Ok(max) = fs::read_to_string(group.join("pids.max")) else {
            continue;
        };
        files += 1;
        if let Ok(max) = max.trim().parse::<u64>() {
            let left = max.saturating_sub(read_number(&group.join("pids.current"))?);
            room = Some(room.map_or(left, |r| r.min(left)));
        } // "max": this level sets no limit
    }
    if files == 0 && dir == mount {
        return Err("the root cgroup has no pids.max".into());
    }
    if files == 0 {
        return Err(format!("no pids.max in {} or above", dir.display()));
    }
    Ok(room)
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
        max_map_count: read_number(Path::new("/proc/sys/vm/max_map_count"))?,
        maps_in_use: maps.lines().count() as u64,
        threads_max: read_number(Path::new("/proc/sys/kernel/threads-max"))?,
        pid_max: read_number(Path::new("/proc/sys/kernel/pid_max"))?,
        nproc: soft.parse().ok(),
        cgroup_room: cgroup_room(),
    })
}

impl Limits {
    fn room_by_maps(&self) -> u64 {
        self.max_map_count.saturating_sub(self.maps_in_use) / MAPS_PER_THREAD
    }

    /// The most threads the tightest limit leaves room for.
    fn hard_ceiling(&self) -> u64 {
        let mut ceiling = self.room_by_maps().min(self.threads_max).min(self.pid_max);
        if let Some(nproc) = self.nproc {
            ceiling = ceiling.min(nproc);
        }
        if let Ok(Some(room)) = self.cgroup_room {
            ceiling = ceiling.min(room);
        }
        ceiling
    }

    /// What the listings of this chapter allow themselves: three quarters of that.
    fn safe_ceiling(&self) -> u64 {
        self.hard_ceiling() * 3 / 4
    }
}
// ANCHOR_END: limits

// ANCHOR: main
fn report(limits: &Limits) {
    let nproc = limits
        .nproc
        .map_or("unlimited".to_string(), |n| n.to_string());
    println!("vm.max_map_count        {:>8}", limits.max_map_count);
    println!("  mappings in use now   {:>8}", limits.maps_in_use);
    println!(
        "  room for threads      {:>8}  ({MAPS_PER_THREAD} mappings each)",
        limits.room_by_maps()
    );
    println!("kernel.threads-max      {:>8}", limits.threads_max);
    println!("kernel.pid_max          {:>8}", limits.pid_max);
    println!("RLIMIT_NPROC (soft)     {nproc:>8}");
    match &limits.cgroup_room {
        Ok(Some(room)) => println!("cgroup pids.max (room)  {room:>8}"),
        Ok(None) => println!("cgroup pids.max         {:>8}  (no limit)", "max"),
        Err(why) => println!("cgroup pids.max         {:>8}  ({why})", "none"),
    }
    println!(
        "tightest limit          {:>8} threads",
        limits.hard_ceiling()
    );
    println!(
        "this chapter stays below {:>7} threads (3/4 of it)",
        limits.safe_ceiling()
    );

    // Builder::spawn reports a refusal as an Err; ask for a stack the kernel will not commit.
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

fn main() {
    let limits = match read_limits() {
        Ok(limits) => limits,
        Err(e) => {
            eprintln!("thread-limits needs Linux's /proc: {e}");
            std::process::exit(1);
        }
    };
    println!("{}", lab_server::machine());
    report(&limits);
}
