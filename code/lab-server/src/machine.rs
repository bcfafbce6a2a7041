//! The `machine:` line every measurement listing prints beside its numbers.
//!
//! A number means little without the machine it was measured on, so each listing that times
//! something prints one line naming it:
//!
//! ```text
//! machine: 2 logical CPUs, linux/x86_64, AMD EPYC 7B13
//! ```
//!
//! `cargo xtask measure` and `cargo xtask check` read this line back (the Results appendix quotes
//! it, and the speed-up chart takes its core count), so its format is part of the book's
//! contract: `machine: N logical CPUs, OS/ARCH, CPU MODEL`, on one line.

use std::thread;

/// The line naming this machine: its logical CPUs as the standard library sees them
/// ([`thread::available_parallelism`], which honours CPU affinity and cgroup quotas; `0` when
/// the OS does not say), its OS and architecture, and the CPU model from `/proc/cpuinfo`
/// (`unknown CPU` where there is no such file, as outside Linux).
///
/// ```
/// let line = lab_server::machine();
/// assert!(line.starts_with("machine: ") && line.contains(" logical CPUs, "));
/// ```
pub fn machine() -> String {
    let cpus = thread::available_parallelism().map_or(0, |n| n.get());
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").ok();
    machine_line(
        cpus,
        std::env::consts::OS,
        std::env::consts::ARCH,
        cpuinfo.as_deref(),
    )
}

/// [`machine`]'s line from its parts (kept apart so the format can be tested anywhere).
fn machine_line(cpus: usize, os: &str, arch: &str, cpuinfo: Option<&str>) -> String {
    let model = cpuinfo
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split_once(':'))
                .map(|(_, name)| name.trim().to_string())
        })
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "unknown CPU".to_string());
    format!("machine: {cpus} logical CPUs, {os}/{arch}, {model}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_first_model_in_cpuinfo() {
        let cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n\
                       processor\t: 1\nmodel name\t: AMD EPYC 7B13\n";
        assert_eq!(
            machine_line(2, "linux", "x86_64", Some(cpuinfo)),
            "machine: 2 logical CPUs, linux/x86_64, AMD EPYC 7B13"
        );
    }

    #[test]
    fn says_unknown_without_a_model() {
        let expected = "machine: 8 logical CPUs, macos/aarch64, unknown CPU";
        assert_eq!(machine_line(8, "macos", "aarch64", None), expected);
        assert_eq!(
            machine_line(8, "macos", "aarch64", Some("processor\t: 0\n")),
            expected
        );
    }

    #[test]
    fn the_line_the_xtask_parsers_read() {
        // xtask/src/charts.rs reads `machine: ([0-9]+) logical CPUs`; claims.rs the rest of the
        // line after `machine:`. Both need exactly one line that starts this way.
        let line = machine();
        assert!(!line.contains('\n'), "{line}");
        let rest = line.strip_prefix("machine: ").expect(&line);
        let (cpus, rest) = rest.split_once(" logical CPUs, ").expect(&line);
        assert!(cpus.parse::<usize>().is_ok(), "{line}");
        assert!(rest.starts_with(&format!(
            "{}/{}, ",
            std::env::consts::OS,
            std::env::consts::ARCH
        )));
    }
}
