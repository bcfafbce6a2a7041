use std::path::Path;

use listing_check::{combined_of, run_listing_combined};

/// The numbers in a line, in order (ignores words and units).
fn numbers(line: &str) -> Vec<f64> {
    line.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter_map(|w| w.parse().ok())
        .collect()
}

fn line_starting<'a>(out: &'a str, start: &str) -> &'a str {
    out.lines()
        .find(|l| l.trim_start().starts_with(start))
        .unwrap_or_else(|| panic!("no line starting with {start:?} in\n{out}"))
}

#[test]
fn every_listing_runs_as_the_book_shows() {
    listing_check::check_listings(
        env!("CARGO_MANIFEST_DIR"),
        listing_check::bins![
            "thread-limits",
            "thread-memory",
            "spawn-cost",
            "ping-pong",
            "thread-cost",
            "solution-token-ring",
            "solution-thread-budget",
        ],
    );
}

#[test]
fn limits_are_read_and_the_impossible_stack_is_an_err_or_accepted() {
    let out = combined_of(env!("CARGO_BIN_EXE_thread-limits"), &[]);
    let tightest = numbers(line_starting(&out, "tightest limit"))[0];
    let safe = numbers(line_starting(&out, "this chapter stays below"))[0];
    assert!(safe > 0.0 && safe < tightest, "{out}");
    let stack = line_starting(&out, "a 1 TiB stack");
    assert!(
        stack.contains("returned Err(") || stack.contains("accepted"),
        "{out}"
    );
    assert!(!out.contains("panicked"), "{out}");
    assert!(
        numbers(line_starting(&out, "kernel.pid_max"))[0] > 0.0,
        "{out}"
    );
    // The cgroup line reports a room, no limit, or why there is nothing to read.
    let cgroup = line_starting(&out, "cgroup pids.max");
    assert!(
        cgroup.contains("(room)")
            || cgroup.contains("(no limit)")
            || cgroup.contains("none"),
        "{out}"
    );
}

#[test]
fn memory_rows_show_smaller_virtual_size_with_small_stacks() {
    let out = combined_of(env!("CARGO_BIN_EXE_thread-memory"), &["200"]);
    assert!(out.starts_with("machine: "), "{out}");
    let default = numbers(line_starting(&out, "default stacks"));
    let small = numbers(line_starting(&out, "64 KiB stacks"));
    // Columns: 64 (from the label, for the second row), VmSize, VmRSS, virtual, resident, maps.
    let (default_virtual, small_virtual) = (default[2], small[3]);
    assert!(
        default_virtual > 1024.0,
        "a default stack reserves more than 1 MiB: {out}"
    );
    assert!(small_virtual < default_virtual, "{out}");
    assert!(default[4] >= 2.0, "each thread adds mappings: {out}");
    // Arena heaps come in 64 MiB blocks, and what is left per thread still follows the stack.
    let arenas = numbers(
        out.lines()
            .find(|l| l.starts_with("64 KiB stacks") && l.contains("arena heaps"))
            .unwrap_or_else(|| panic!("no arena line for 64 KiB stacks: {out}")),
    );
    // Columns: 64 (label), heaps, MiB, KiB per thread without them.
    assert_eq!(arenas[2], arenas[1] * 64.0, "{out}");
    assert!(arenas[3] >= 64.0 && arenas[3] < default_virtual, "{out}");
    assert!(out.contains("seed 002"), "{out}");
}

#[test]
fn bad_or_unsafe_thread_counts_are_refused_with_one_line() {
    for args in [&["lots"][..], &["0"], &["1000000"]] {
        let run = run_listing_combined(env!("CARGO_BIN_EXE_thread-memory"), args);
        assert_eq!(run.exit_code(), Some(2), "{args:?}: {}", run.combined);
        assert_eq!(run.combined.lines().count(), 1, "{}", run.combined);
    }
    for bin in [
        env!("CARGO_BIN_EXE_spawn-cost"),
        env!("CARGO_BIN_EXE_ping-pong"),
        env!("CARGO_BIN_EXE_solution-token-ring"),
    ] {
        let run = run_listing_combined(bin, &["-3"]);
        assert_eq!(run.exit_code(), Some(2), "{bin}: {}", run.combined);
        assert_eq!(run.combined.lines().count(), 1, "{}", run.combined);
    }
    let run = run_listing_combined(env!("CARGO_BIN_EXE_thread-cost"), &["1000000"]);
    assert_eq!(run.exit_code(), Some(2), "{}", run.combined);
}

#[test]
fn spawn_cost_reports_both_costs() {
    let out = combined_of(env!("CARGO_BIN_EXE_spawn-cost"), &["200"]);
    assert!(
        numbers(line_starting(&out, "one thread per job"))[0] > 0.0,
        "{out}"
    );
    assert!(
        numbers(line_starting(&out, "rayon pool task"))[0] > 0.0,
        "{out}"
    );
}

#[test]
fn ping_pong_loses_no_ball() {
    let out = combined_of(env!("CARGO_BIN_EXE_ping-pong"), &["2000"]);
    assert!(
        out.contains("2000 round trips, 2000 balls came back"),
        "{out}"
    );
}

#[test]
fn thread_cost_writes_csv_and_svg() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("cost.csv");
    let svg = dir.path().join("cost.svg");
    let out = combined_of(
        env!("CARGO_BIN_EXE_thread-cost"),
        &[
            "300",
            "--csv",
            csv.to_str().unwrap(),
            "--svg",
            svg.to_str().unwrap(),
        ],
    );
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with(char::is_numeric))
        .collect();
    assert_eq!(rows.len(), 2, "counts 100 and 300: {out}");
    let data = std::fs::read_to_string(&csv).unwrap();
    assert!(
        data.starts_with("threads,thread_us_per_unit,task_us_per_unit,rss_mib\n100,"),
        "{data}"
    );
    assert_eq!(data.lines().count(), 3, "{data}");
    let chart = std::fs::read_to_string(&svg).unwrap();
    assert!(
        chart.starts_with("<svg") && chart.contains("one thread per unit"),
        "{chart}"
    );
}

#[test]
fn the_committed_chart_and_data_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = std::fs::read_to_string(root.join("output/thread-cost.csv")).unwrap();
    assert!(data.lines().any(|l| l.starts_with("10000,")), "{data}");
    let chart =
        std::fs::read_to_string(root.join("../../book/img/thread-cost.svg")).unwrap();
    assert!(
        chart.contains("fill=\"#FFFFFF\""),
        "white background, readable in dark themes"
    );
}

#[test]
fn token_ring_counts_every_hop() {
    let out = combined_of(env!("CARGO_BIN_EXE_solution-token-ring"), &["200"]);
    for size in [2, 20, 200] {
        let line = line_starting(&out, &format!("ring of {size:>5} threads"));
        let hops = numbers(line)[1] as u64;
        assert!(hops >= 20_000 && hops.is_multiple_of(size), "{line}");
    }
}
