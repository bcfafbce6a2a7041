use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use plotters::prelude::*;

fn read_number(path: &str) -> Option<u64> {
    fs::read_to_string(path).ok()?.trim().parse().ok()
}

/// Three quarters of the tightest thread limit (see the thread-limits listing).
fn safe_ceiling() -> Option<u64> {
    let maps = fs::read_to_string("/proc/self/maps").ok()?.lines().count() as u64;
    let by_maps = read_number("/proc/sys/vm/max_map_count")?.saturating_sub(maps) / 4;
    let mut ceiling = by_maps
        .min(read_number("/proc/sys/kernel/threads-max")?)
        .min(read_number("/proc/sys/kernel/pid_max")?);
    let limits = fs::read_to_string("/proc/self/limits").ok()?;
    let nproc = limits
        .lines()
        .find(|line| line.starts_with("Max processes"))
        .and_then(|line| line.split_whitespace().nth(2))
        .and_then(|soft| soft.parse::<u64>().ok());
    for limit in [nproc, cgroup_room()].into_iter().flatten() {
        ceiling = ceiling.min(limit);
    }
    Some(ceiling * 3 / 4)
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

fn rss_kib() -> u64 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse().ok())
        })
        .unwrap_or(0)
}

struct Args {
    max: usize,
    csv: Option<PathBuf>,
    svg: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        max: 300,
        csv: None,
        svg: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--csv" => args.csv = Some(it.next().ok_or("--csv needs a path")?.into()),
            "--svg" => args.svg = Some(it.next().ok_or("--svg needs a path")?.into()),
            n => {
                args.max = n
                    .parse()
                    .ok()
                    .filter(|&n| n >= 100)
                    .ok_or(format!("not a count >= 100: {n}"))?
            }
        }
    }
    Ok(args)
}

// ANCHOR: measure
/// A small piece of CPU work, the same for a thread and for a pool task.
fn unit_of_work(seed: u64) -> u64 {
    let mut x = seed;
    for _ in 0..2_000 {
        x = black_box(x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1));
    }
    x
}

struct Row {
    count: usize,
    thread_us: f64, // wall time per unit, one thread per unit
    task_us: f64,   // wall time per unit, one pool task per unit
    rss_mib: f64,   // resident memory while all `count` threads were alive
}

/// The best of three runs: the least disturbed by whatever else the machine is doing.
fn measure(count: usize, pool: &rayon::ThreadPool) -> Result<Row, String> {
    let mut best = measure_once(count, pool)?;
    for _ in 0..2 {
        let row = measure_once(count, pool)?;
        best.thread_us = best.thread_us.min(row.thread_us);
        best.task_us = best.task_us.min(row.task_us);
        best.rss_mib = best.rss_mib.max(row.rss_mib);
    }
    Ok(best)
}

/// `count` threads, all alive at once (held at a gate until the last one exists), each
/// doing one unit of work; then the same units as tasks on a pool.
fn measure_once(count: usize, pool: &rayon::ThreadPool) -> Result<Row, String> {
    let gate = Arc::new((Mutex::new(false), Condvar::new()));
    let start = Instant::now();
    let mut handles = Vec::with_capacity(count);
    for i in 0..count {
        let my_gate = Arc::clone(&gate);
        let spawned = thread::Builder::new().spawn(move || {
            let (open, wake) = &*my_gate;
            let guard = open.lock().unwrap();
            drop(wake.wait_timeout_while(guard, Duration::from_secs(30), |o| !*o));
            unit_of_work(i as u64)
        });
        match spawned {
            Ok(handle) => handles.push(handle),
            Err(e) => {
                *gate.0.lock().unwrap() = true;
                gate.1.notify_all();
                handles.into_iter().for_each(|h| drop(h.join()));
                return Err(format!("Builder::spawn failed at thread {i}: {e}"));
            }
        }
    }
    let rss = rss_kib();
    *gate.0.lock().unwrap() = true;
    gate.1.notify_all();
    for handle in handles {
        black_box(handle.join().map_err(|_| "a thread panicked")?);
    }
    let threads = start.elapsed();

    let start = Instant::now();
    pool.scope(|s| {
        for i in 0..count {
            s.spawn(move |_| {
                black_box(unit_of_work(i as u64));
            });
        }
    });
    let tasks = start.elapsed();
    Ok(Row {
        count,
        thread_us: threads.as_secs_f64() * 1e6 / count as f64,
        task_us: tasks.as_secs_f64() * 1e6 / count as f64,
        rss_mib: rss as f64 / 1024.0,
    })
}
// ANCHOR_END: measure

// ANCHOR: chart
fn draw_chart(path: &Path, rows: &[Row]) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::new(path, (720, 420)).into_drawing_area();
    root.fill(&WHITE)?;
    let max_x = rows.last().map_or(100, |r| r.count) as f64;
    let max_y = rows.iter().map(|r| r.thread_us).fold(1.0, f64::max) * 3.0;
    let min_y = rows.iter().map(|r| r.task_us).fold(max_y, f64::min) / 3.0;
    let mut chart = ChartBuilder::on(&root)
        .caption("Wall time per unit of work", ("sans-serif", 22))
        .margin(20)
        .x_label_area_size(45)
        .y_label_area_size(60)
        .build_cartesian_2d((100.0..max_x).log_scale(), (min_y..max_y).log_scale())?;
    chart
        .configure_mesh()
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y}"))
        .label_style(("sans-serif", 14))
        .x_desc("units of work = threads started (log scale)")
        .y_desc("µs per unit (log scale)")
        .draw()?;
    let series = [
        (
            "one thread per unit",
            RED,
            rows.iter()
                .map(|r| (r.count as f64, r.thread_us))
                .collect::<Vec<_>>(),
        ),
        (
            "one rayon task per unit",
            BLUE,
            rows.iter().map(|r| (r.count as f64, r.task_us)).collect(),
        ),
    ];
    for (label, color, points) in series {
        chart
            .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))?
            .label(label)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
        chart.draw_series(
            points
                .into_iter()
                .map(|p| Circle::new(p, 4, color.filled())),
        )?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE)
        .border_style(BLACK)
        .draw()?;
    root.present()?;
    Ok(())
}
// ANCHOR_END: chart

// ANCHOR: main
fn run(args: Args) {
    let pool = rayon::ThreadPoolBuilder::new().build().unwrap_or_else(|e| {
        eprintln!("could not build the pool: {e}");
        std::process::exit(1);
    });
    let counts = [100, 300, 1_000, 3_000, 10_000]
        .into_iter()
        .filter(|&n| n <= args.max);
    let mut rows = Vec::new();
    println!(
        "{:>8} {:>16} {:>16} {:>10} {:>14}",
        "threads", "µs/unit thread", "µs/unit task", "ratio", "RSS alive"
    );
    for count in counts {
        match measure(count, &pool) {
            Ok(row) => {
                println!(
                    "{:>8} {:>16.2} {:>16.2} {:>9.0}x {:>10.1} MiB",
                    row.count,
                    row.thread_us,
                    row.task_us,
                    row.thread_us / row.task_us,
                    row.rss_mib
                );
                rows.push(row);
            }
            Err(e) => {
                eprintln!("{count} threads: {e}");
                std::process::exit(1);
            }
        }
    }
    if let Some(path) = &args.csv {
        let mut csv =
            String::from("threads,thread_us_per_unit,task_us_per_unit,rss_mib\n");
        for r in &rows {
            csv.push_str(&format!(
                "{},{:.3},{:.3},{:.1}\n",
                r.count, r.thread_us, r.task_us, r.rss_mib
            ));
        }
        if let Err(e) = fs::write(path, csv) {
            eprintln!("cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
        println!("wrote {}", path.display());
    }
    if let Some(path) = &args.svg {
        if let Err(e) = draw_chart(path, &rows) {
            eprintln!("cannot draw {}: {e}", path.display());
            std::process::exit(1);
        }
        println!("wrote {}", path.display());
    }
}
// ANCHOR_END: main

fn main() {
    let args = parse_args().unwrap_or_else(|e| {
        eprintln!("usage: thread-cost [MAX_THREADS] [--csv PATH] [--svg PATH]: {e}");
        std::process::exit(2);
    });
    let Some(ceiling) = safe_ceiling() else {
        eprintln!(
            "thread-cost reads Linux's /proc to stay below the thread limits, and cannot run here"
        );
        std::process::exit(1);
    };
    if args.max as u64 > ceiling {
        eprintln!(
            "{} threads is above this machine's safe ceiling of {ceiling}",
            args.max
        );
        std::process::exit(2);
    }
    println!("{}", lab_server::machine());
    run(args);
}
