// ANCHOR: main
/// What the kernel tells a process about its thread limits.
struct Machine {
    name: &'static str,
    max_map_count: u64,
    maps_in_use: u64,
    threads_max: u64,
    pid_max: u64,
    limits: &'static str, // the "Max processes" line of /proc/self/limits
    cgroup_room: Option<u64>, // pids.max minus pids.current, if a cgroup sets a limit
}

const MAPS_PER_THREAD: u64 = 4;

/// Three quarters of the tightest limit, or an error naming what could not be read.
fn safe_ceiling(m: &Machine) -> Result<u64, String> {
    let soft = m
        .limits
        .strip_prefix("Max processes")
        .and_then(|rest| rest.split_whitespace().next())
        .ok_or(format!("{}: no \"Max processes\" limit", m.name))?;
    let by_maps = m.max_map_count.saturating_sub(m.maps_in_use) / MAPS_PER_THREAD;
    let mut ceiling = by_maps.min(m.threads_max).min(m.pid_max);
    if let Some(room) = m.cgroup_room {
        ceiling = ceiling.min(room);
    }
    if soft != "unlimited" {
        let nproc: u64 = soft
            .parse()
            .map_err(|_| format!("{}: bad limit {soft:?}", m.name))?;
        ceiling = ceiling.min(nproc);
    }
    Ok(ceiling * 3 / 4)
}

fn main() {
    let machines = [
        Machine {
            name: "this book's VM",
            max_map_count: 65_530,
            maps_in_use: 30,
            threads_max: 192_729,
            pid_max: 32_768,
            limits: "Max processes             96364                96364                processes",
            cgroup_room: None,
        },
        Machine {
            name: "a container with ulimit -u 512",
            max_map_count: 65_530,
            maps_in_use: 30,
            threads_max: 192_729,
            pid_max: 32_768,
            limits: "Max processes             512                  512                  processes",
            cgroup_room: Some(990), // docker run --pids-limit 1000, 10 tasks running
        },
        Machine {
            name: "a server with a raised max_map_count",
            max_map_count: 1_048_576,
            maps_in_use: 200,
            threads_max: 63_000,
            pid_max: 4_194_304,
            limits: "Max processes             unlimited            unlimited            processes",
            cgroup_room: None,
        },
        Machine {
            name: "a broken limits file",
            max_map_count: 65_530,
            maps_in_use: 30,
            threads_max: 192_729,
            pid_max: 32_768,
            limits: "Max open files            1024                 4096                 files",
            cgroup_room: None,
        },
    ];
    for machine in &machines {
        match safe_ceiling(machine) {
            Ok(n) => println!("{}: at most {n} threads", machine.name),
            Err(e) => println!("refused: {e}"),
        }
    }
}
// ANCHOR_END: main
