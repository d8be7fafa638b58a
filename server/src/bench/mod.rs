//! The benchmarks behind `make bench`, each a `server bench-*` command that
//! prints its figures beside a baseline built and run in the same invocation.
//! Nothing here runs in a served instance.

pub mod answers;
pub mod front;
pub mod import;
pub mod page;
pub mod results;

/// VmHWM from /proc: the process's peak resident memory (Linux only).
pub(crate) fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}
