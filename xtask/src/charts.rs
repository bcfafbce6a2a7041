//! The book's cross-chapter charts, drawn by `cargo xtask measure` from the output files the
//! measurement listings wrote (the same files the chapters include), into `book/img/`.
//!
//! Every chart is also text, from the same numbers: a `<title>` and a `<desc>` inside the SVG,
//! and a table in `book/generated/<chart>-table.md`, which the build places right after the
//! chart's image on its page (figures.rs). Chapter 11's `thread-cost.svg` is drawn by its
//! listing (`--svg`); its title, description and table come from the listing's CSV here.

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
    let io = [
        "code/ch03-threads-for-io/output/delay-speedup.txt",
        "code/ch12-async-rust/output/tasks-delay-sweep.txt",
    ];
    draw(&io_chart(&read(io[0])?, &read(io[1])?)?, &io)?;
    let memory = [
        "code/ch12-async-rust/output/task-memory.txt",
        "code/ch11-cost-of-threads/output/thread-memory.txt",
    ];
    draw(
        &memory_chart(&read(memory[0])?, &read(memory[1])?)?,
        &memory,
    )?;
    let cpu = [
        "code/ch04-cpu-bound-work/output/solution-thread-sweep.txt",
        "code/python-baselines/output/cpu_threads.txt",
    ];
    let python = read(cpu[1]).ok();
    let used = if python.is_some() {
        &cpu[..]
    } else {
        &cpu[..1]
    };
    draw(&cpu_chart(&read(cpu[0])?, python.as_deref())?, used)?;
    let thread_cost = thread_cost_chart(&read(THREAD_COST_CSV)?)?;
    let svg = root.join("book/img").join(thread_cost.file);
    if svg.is_file() {
        describe(&thread_cost, &svg, &[THREAD_COST_CSV])?;
    }
    Ok(())
}

/// The data chapter 11's thread-cost listing writes beside its chart.
const THREAD_COST_CSV: &str = "code/ch11-cost-of-threads/output/thread-cost.csv";

/// Chapter 11's chart, as its listing draws it, read back from its CSV (for its text only).
fn thread_cost_chart(csv: &str) -> Result<Chart<'static>> {
    let mut thread = Vec::new();
    let mut task = Vec::new();
    for line in csv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let fields: Vec<f64> = line
            .split(',')
            .map(|f| {
                f.trim()
                    .parse()
                    .map_err(|_| anyhow!("{THREAD_COST_CSV}: {line:?}"))
            })
            .collect::<Result<_>>()?;
        let [count, thread_us, task_us, ..] = fields[..] else {
            return Err(anyhow!("{THREAD_COST_CSV}: {line:?} has too few fields"));
        };
        thread.push((count, thread_us));
        task.push((count, task_us));
    }
    Ok(Chart {
        file: "thread-cost.svg",
        legend: SeriesLabelPosition::UpperLeft,
        title: "Wall time per unit of work",
        x_desc: "units of work = threads started (log scale)",
        y_desc: "µs per unit (log scale)",
        series: vec![
            Series {
                label: "one thread per unit",
                color: RUST,
                points: thread,
                dashed: false,
            },
            Series {
                label: "one rayon task per unit",
                color: TASKS,
                points: task,
                dashed: false,
            },
        ],
    })
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
                label: "one task each, one thread (ch. 12)",
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
                label: "std thread, default stack (ch. 11, ch. 12)",
                color: RUST,
                points: thread_points,
                dashed: false,
            },
            Series {
                label: "tokio task (ch. 12)",
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

/// Draws `chart` from the output files `sources`, with its text (see [`describe`]).
fn draw(chart: &Chart, sources: &[&str]) -> Result<()> {
    let path = crate::root().join("book/img").join(chart.file);
    std::fs::create_dir_all(path.parent().unwrap())?;
    render(chart, &path).map_err(|e| anyhow!("drawing {}: {e}", chart.file))?;
    describe(chart, &path, sources)?;
    println!("updated {}", listing_check::relative(&crate::root(), &path));
    Ok(())
}

/// The chart as text: `<title>` and `<desc>` into its SVG at `path` (with role="img"), and its
/// numbers as a table in `book/generated/<chart>-table.md`, which names the files they come from.
fn describe(chart: &Chart, path: &Path, sources: &[&str]) -> Result<()> {
    let svg = std::fs::read_to_string(path)?;
    std::fs::write(path, with_title_and_desc(&svg, chart)?)?;
    let stem = chart.file.trim_end_matches(".svg");
    let table = crate::root()
        .join("book/generated")
        .join(format!("{stem}-table.md"));
    std::fs::create_dir_all(table.parent().unwrap())?;
    let sources: Vec<String> = sources.iter().map(|s| format!("`{s}`")).collect();
    std::fs::write(&table, table_markdown(chart, &sources.join(" and ")))?;
    println!(
        "updated {}",
        listing_check::relative(&crate::root(), &table)
    );
    Ok(())
}

/// A number as the tables print it: whole numbers without decimals, others with up to two.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        let text = format!("{value:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// An axis's words without "(log scale)", for a table's heading.
fn axis(desc: &str) -> &str {
    desc.trim_end_matches(" (log scale)")
}

/// The `<desc>` of a chart: what is plotted against what, and every series with its points.
fn description(chart: &Chart) -> String {
    let series: Vec<String> = chart
        .series
        .iter()
        .map(|s| {
            let points: Vec<String> = s
                .points
                .iter()
                .map(|&(x, y)| format!("{} → {}", number(x), number(y)))
                .collect();
            format!("{}: {}", s.label, points.join(", "))
        })
        .collect();
    format!(
        "Line chart of {} against {}, one line per series. {}.",
        chart.y_desc,
        chart.x_desc,
        series.join("; ")
    )
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The SVG with `role="img"`, and a `<title>` and `<desc>` first inside it (replacing any
/// an earlier run added).
fn with_title_and_desc(svg: &str, chart: &Chart) -> Result<String> {
    let start = svg
        .find("<svg")
        .ok_or_else(|| anyhow!("{}: no <svg> element", chart.file))?;
    let end = start
        + svg[start..]
            .find('>')
            .ok_or_else(|| anyhow!("{}: an unclosed <svg> tag", chart.file))?;
    let mut tag = svg[start..end].to_string();
    if !tag.contains("role=") {
        tag.push_str(" role=\"img\" aria-labelledby=\"chart-title chart-desc\"");
    }
    let mut rest = &svg[end + 1..];
    // An earlier title and description (a second --redraw of the same file) go.
    if let Some(after) = rest.trim_start().strip_prefix("<title id=\"chart-title\">")
        && let Some(close) = after.find("</desc>")
    {
        rest = &after[close + "</desc>".len()..];
    }
    Ok(format!(
        "{}{tag}>\n<title id=\"chart-title\">{}</title><desc id=\"chart-desc\">{}</desc>{rest}",
        &svg[..start],
        xml_escape(chart.title),
        xml_escape(&description(chart)),
    ))
}

/// The chart's numbers as a Markdown table: a row per x value, a column per series (empty
/// "—" where a series has no point at that x), folded under a summary after the image.
fn table_markdown(chart: &Chart, source: &str) -> String {
    let mut xs: Vec<f64> = chart
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    let mut out = format!(
        "<details class=\"chart-data\">\n<summary>The numbers in this chart: {}</summary>\n\n",
        chart.title
    );
    out.push_str(&format!(
        "Written by `cargo xtask measure` from {source}; {}.\n\n",
        axis(chart.y_desc)
    ));
    out.push_str(&format!("| {} |", axis(chart.x_desc)));
    for s in &chart.series {
        out.push_str(&format!(" {} |", s.label));
    }
    out.push_str("\n|---:|");
    for _ in &chart.series {
        out.push_str("---:|");
    }
    out.push('\n');
    for x in xs {
        out.push_str(&format!("| {} |", number(x)));
        for s in &chart.series {
            let cell = s
                .points
                .iter()
                .find(|p| p.0 == x)
                .map_or("—".to_string(), |p| number(p.1));
            out.push_str(&format!(" {cell} |"));
        }
        out.push('\n');
    }
    out.push_str("\n</details>\n");
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every chart of the book is also text: a title and a description inside the SVG, and a
    /// table of its numbers for its page (`cargo xtask measure --redraw` writes all three).
    #[test]
    fn every_chart_has_a_title_a_description_and_a_table() {
        let root = crate::root();
        let mut charts = 0;
        for entry in std::fs::read_dir(root.join("book/img")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "svg") {
                continue;
            }
            charts += 1;
            let svg = std::fs::read_to_string(&path).unwrap();
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            for tag in [
                "<title id=\"chart-title\">",
                "<desc id=\"chart-desc\">",
                "role=\"img\"",
            ] {
                assert!(
                    svg.contains(tag),
                    "book/img/{name}.svg has no {tag}: run `cargo xtask measure --redraw`"
                );
            }
            let table = root.join(format!("book/generated/{name}-table.md"));
            let text = std::fs::read_to_string(&table).unwrap_or_default();
            assert!(
                text.contains("\n|---:|"),
                "book/generated/{name}-table.md is missing or has no table: run `cargo xtask \
                 measure --redraw`"
            );
        }
        assert!(charts > 0, "book/img has no SVG");
    }

    #[test]
    fn the_title_and_description_replace_an_earlier_pair() {
        let chart = thread_cost_chart("threads,a,b,c\n100,80.5,3,4\n").unwrap();
        let svg = "<svg width=\"1\">\n<rect/>\n</svg>\n";
        let once = with_title_and_desc(svg, &chart).unwrap();
        assert!(once.contains("one thread per unit: 100 → 80.5"), "{once}");
        assert_eq!(with_title_and_desc(&once, &chart).unwrap(), once);
        assert_eq!(once.matches("<title").count(), 1);
    }
}
