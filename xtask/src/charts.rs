//! The book's cross-chapter charts, drawn by `cargo xtask measure` from the output files the
//! measurement listings wrote (the same files the chapters include), into `book/img/`.

use std::path::Path;

use anyhow::{Context, Result, anyhow};
use plotters::prelude::*;
use regex::Regex;

/// One line of a chart.
struct Series {
    label: &'static str,
    color: RGBColor,
    points: Vec<(f64, f64)>,
    dashed: bool,
}

struct Chart<'a> {
    file: &'a str,
    legend: SeriesLabelPosition,
    title: &'a str,
    x_desc: &'a str,
    y_desc: &'a str,
    series: Vec<Series>,
}

const RUST: RGBColor = RGBColor(0xc0, 0x39, 0x2b);
const TASKS: RGBColor = RGBColor(0x1f, 0x6f, 0xb5);
const PYTHON: RGBColor = RGBColor(0x2e, 0x8b, 0x57);
const GREY: RGBColor = RGBColor(0x70, 0x70, 0x70);

pub fn draw_all() -> Result<()> {
    let root = crate::root();
    let read = |path: &str| {
        std::fs::read_to_string(root.join(path))
            .with_context(|| format!("{path} is missing"))
    };
    draw(&io_chart(
        &read("code/ch03-threads-for-io/output/delay-speedup.txt")?,
        &read("code/ch12-async-rust/output/tasks-delay-sweep.txt")?,
    )?)?;
    draw(&memory_chart(
        &read("code/ch12-async-rust/output/task-memory.txt")?,
        &read("code/ch11-cost-of-threads/output/thread-memory.txt")?,
    )?)?;
    draw(&cpu_chart(
        &read("code/ch04-cpu-bound-work/output/solution-thread-sweep.txt")?,
        read("code/python-baselines/output/cpu_threads.txt")
            .ok()
            .as_deref(),
    )?)?;
    Ok(())
}

/// Every match of `pattern` in `text`, as its capture groups parsed to numbers.
fn rows(text: &str, pattern: &str) -> Result<Vec<Vec<f64>>> {
    let regex = Regex::new(pattern)?;
    let found: Vec<Vec<f64>> = regex
        .captures_iter(text)
        .map(|c| {
            c.iter()
                .skip(1)
                .map(|m| m.map_or(f64::NAN, |m| m.as_str().parse().unwrap_or(f64::NAN)))
                .collect()
        })
        .collect();
    if found.is_empty() {
        return Err(anyhow!("no rows match {pattern:?}"));
    }
    Ok(found)
}

fn io_chart(threads: &str, tasks: &str) -> Result<Chart<'static>> {
    let threads = rows(
        threads,
        r"(?m)^\s+([0-9]+)\s+([0-9]+) ms\s+([0-9]+) ms\s+[0-9.]+x",
    )?;
    let tasks = rows(tasks, r"(?m)^\s+([0-9]+)\s+([0-9]+) ms$")?;
    Ok(Chart {
        file: "io-wall-time.svg",
        legend: SeriesLabelPosition::UpperLeft,
        title: "N requests, each answered after 200 ms",
        x_desc: "requests (log scale)",
        y_desc: "wall time, ms (log scale)",
        series: vec![
            Series {
                label: "one after another (ch. 3)",
                color: GREY,
                points: threads.iter().map(|r| (r[0], r[1])).collect(),
                dashed: true,
            },
            Series {
                label: "one thread each (ch. 3)",
                color: RUST,
                points: threads.iter().map(|r| (r[0], r[2])).collect(),
                dashed: false,
            },
            Series {
                label: "one task each, one thread (ch. 11)",
                color: TASKS,
                points: tasks.iter().map(|r| (r[0], r[1])).collect(),
                dashed: false,
            },
        ],
    })
}

fn memory_chart(tasks: &str, threads: &str) -> Result<Chart<'static>> {
    let task_rows = rows(
        tasks,
        r"(?m)^\s*([0-9]+) sleeping tasks:.*?([0-9]+) bytes per task",
    )?;
    let small = rows(
        tasks,
        r"(?m)^\s*([0-9]+) sleeping threads:.*?([0-9]+) bytes per thread",
    )?;
    let big = rows(
        threads,
        r"(?m)^([0-9]+) sleeping threads[\s\S]*?default stacks\s+[0-9.]+ GiB\s+[0-9.]+ MiB\s+[0-9]+ KiB\s+([0-9.]+) KiB",
    )?;
    let mut thread_points: Vec<(f64, f64)> = small.iter().map(|r| (r[0], r[1])).collect();
    thread_points.extend(big.iter().map(|r| (r[0], r[1] * 1024.0)));
    thread_points.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(Chart {
        file: "memory-per-unit.svg",
        legend: SeriesLabelPosition::MiddleRight,
        title: "Resident memory per sleeping thread and per sleeping task",
        x_desc: "how many sleep at once (log scale)",
        y_desc: "bytes each (log scale)",
        series: vec![
            Series {
                label: "std thread, default stack (ch. 10, ch. 11)",
                color: RUST,
                points: thread_points,
                dashed: false,
            },
            Series {
                label: "tokio task (ch. 11)",
                color: TASKS,
                points: task_rows.iter().map(|r| (r[0], r[1])).collect(),
                dashed: false,
            },
        ],
    })
}

fn cpu_chart(sweep: &str, python: Option<&str>) -> Result<Chart<'static>> {
    let rust = rows(sweep, r"(?m)^\s+([0-9]+)\s+[0-9.]+ s\s+([0-9.]+)x")?;
    let cores = rows(sweep, r"machine: ([0-9]+) logical CPUs")?[0][0];
    let max_threads = rust.iter().map(|r| r[0]).fold(1.0, f64::max);
    let ideal: Vec<(f64, f64)> = (1..=max_threads as usize)
        .map(|n| (n as f64, (n as f64 / cores).max(1.0)))
        .collect();
    let mut series = vec![
        Series {
            label: "ideal on this machine's cores",
            color: GREY,
            points: ideal,
            dashed: true,
        },
        Series {
            label: "Rust threads (ch. 4)",
            color: RUST,
            points: rust.iter().map(|r| (r[0], r[1])).collect(),
            dashed: false,
        },
    ];
    if let Some(python) = python {
        let ratio = rows(python, r"ratio 2 threads / 1 thread: ([0-9.]+)")?[0][0];
        series.push(Series {
            label: "CPython threads, GIL (Python baseline)",
            color: PYTHON,
            points: vec![(1.0, 1.0), (2.0, ratio)],
            dashed: false,
        });
    }
    Ok(Chart {
        file: "cpu-wall-time.svg",
        legend: SeriesLabelPosition::UpperLeft,
        title: "Every thread does one unit of CPU work",
        x_desc: "threads",
        y_desc: "wall time / one thread's",
        series,
    })
}

fn draw(chart: &Chart) -> Result<()> {
    let path = crate::root().join("book/img").join(chart.file);
    std::fs::create_dir_all(path.parent().unwrap())?;
    render(chart, &path).map_err(|e| anyhow!("drawing {}: {e}", chart.file))?;
    println!("updated {}", listing_check::relative(&crate::root(), &path));
    Ok(())
}

fn render(chart: &Chart, path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let all: Vec<(f64, f64)> =
        chart.series.iter().flat_map(|s| s.points.clone()).collect();
    let (min_x, max_x) = bounds(all.iter().map(|p| p.0));
    let (min_y, max_y) = bounds(all.iter().map(|p| p.1));
    // White background, dark ink: readable on the light and the dark themes alike.
    let root = SVGBackend::new(path, (760, 440)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut builder = ChartBuilder::on(&root);
    builder
        .caption(chart.title, ("sans-serif", 20))
        .margin(18)
        .x_label_area_size(45)
        .y_label_area_size(70);
    let log = chart.file != "cpu-wall-time.svg";
    if log {
        let mut c = builder.build_cartesian_2d(
            (min_x / 1.3..max_x * 1.3).log_scale(),
            (min_y / 2.0..max_y * 2.0).log_scale(),
        )?;
        c.configure_mesh()
            .x_desc(chart.x_desc)
            .y_desc(chart.y_desc)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .light_line_style(RGBColor(0xee, 0xee, 0xee))
            .label_style(("sans-serif", 14))
            .draw()?;
        for s in &chart.series {
            let style = ShapeStyle::from(s.color).stroke_width(2);
            let line = c.draw_series(LineSeries::new(s.points.clone(), style))?;
            line.label(s.label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
            c.draw_series(
                s.points
                    .iter()
                    .map(|&p| Circle::new(p, 4, s.color.filled())),
            )?;
        }
        c.configure_series_labels()
            .position(chart.legend.clone())
            .background_style(WHITE)
            .border_style(BLACK)
            .label_font(("sans-serif", 14))
            .draw()?;
    } else {
        let mut c = builder.build_cartesian_2d(0.5..max_x + 0.5, 0.0..max_y * 1.15)?;
        c.configure_mesh()
            .x_desc(chart.x_desc)
            .y_desc(chart.y_desc)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.1}"))
            .label_style(("sans-serif", 14))
            .draw()?;
        for s in &chart.series {
            let style =
                ShapeStyle::from(s.color).stroke_width(if s.dashed { 1 } else { 2 });
            let line = c.draw_series(LineSeries::new(s.points.clone(), style))?;
            line.label(s.label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
            c.draw_series(
                s.points
                    .iter()
                    .map(|&p| Circle::new(p, 4, s.color.filled())),
            )?;
        }
        c.configure_series_labels()
            .position(chart.legend.clone())
            .background_style(WHITE)
            .border_style(BLACK)
            .label_font(("sans-serif", 14))
            .draw()?;
    }
    root.present()?;
    Ok(())
}

fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}
