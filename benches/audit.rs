//! Audit throughput: a generated history of 10 million observations over 10 000 servers
//! (legal random walks through the table), audited in memory (observations per second)
//! and from a JSON Lines file (bytes per second), plus the audit's peak heap at 1 million
//! and at 10 million observations, to show that memory follows the number of servers,
//! not the length of the history.
//!
//! Run: `cargo bench --bench audit`. Under `cargo test` (criterion's test mode, no
//! `--bench` argument) the history is small (20 000 observations over 100 servers), so
//! the benchmark builds and runs in CI in well under a second.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fs::File;
use std::hint::black_box;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use criterion::{Criterion, Throughput};
use serde::Deserialize;
use server_lifecycle::audit::{Auditor, StepKind};
use server_lifecycle::nova::TaskState;
use server_lifecycle::{table, Event, Status, StatusSet};

#[path = "support/mod.rs"]
mod support;

/// The system allocator, keeping the current and the peak number of heap bytes in use.
struct PeakAllocator;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every method forwards to `System` unchanged; the bookkeeping only touches
// atomics.
unsafe impl GlobalAlloc for PeakAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: PeakAllocator = PeakAllocator;

/// The peak heap growth, in bytes, while `work` runs (what it allocates and still holds
/// at its high-water mark, on top of what was allocated before).
fn peak_heap_during<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let result = work();
    (result, PEAK.load(Ordering::Relaxed) - before)
}

/// The process's peak resident set (`VmHWM` in /proc/self/status), in kB, when known.
fn vm_hwm_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The size of the generated history.
struct Scale {
    observations: usize,
    servers: usize,
}

fn scale() -> Scale {
    if support::benchmarking() {
        Scale {
            observations: 10_000_000,
            servers: 10_000,
        }
    } else {
        Scale {
            observations: 20_000,
            servers: 100,
        }
    }
}

/// A deterministic history: each observation picks a server at random; a server's first
/// observation is `BUILDING`, every later one the result of a random row of the table
/// from its previous status. Rows of lost and restored contact are left out (they
/// explain nothing about the server), and so is `DELETED` (a deleted server would be
/// seen as `DELETED` for the rest of the history).
struct Walks {
    rng: u64,
    /// Each server's last status, `None` before its first observation.
    current: Vec<Option<Status>>,
    /// For each status, the result sets of the rows the walk may take.
    rows: Vec<Vec<StatusSet>>,
    remaining: usize,
}

impl Walks {
    fn new(observations: usize, servers: usize) -> Walks {
        let rows = Status::ALL
            .iter()
            .map(|&from| {
                table::transitions()
                    .filter(|row| row.from() == from)
                    .filter(|row| {
                        !matches!(row.event(), Event::ContactLost | Event::ContactRestored)
                    })
                    .map(|row| row.to().without(Status::Deleted))
                    .filter(|to| !to.is_empty())
                    .collect()
            })
            .collect();
        Walks {
            rng: 0x05EE_D0FA_0D17_u64,
            current: vec![None; servers],
            rows,
            remaining: observations,
        }
    }

    /// splitmix64: small, fast, deterministic.
    fn random(&mut self) -> u64 {
        self.rng = self.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (((self.random() >> 32) * n as u64) >> 32) as usize
    }
}

impl Iterator for Walks {
    type Item = (u32, Status);

    fn next(&mut self) -> Option<(u32, Status)> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let server = self.below(self.current.len());
        let next = match self.current[server] {
            None => table::INITIAL,
            Some(from) => {
                let choices = self.rows[from.index()].len();
                if choices == 0 {
                    from
                } else {
                    let row = self.below(choices);
                    let to = self.rows[from.index()][row];
                    let pick = self.below(to.len());
                    to.iter().nth(pick).unwrap_or(from)
                }
            }
        };
        self.current[server] = Some(next);
        Some((server as u32, next))
    }
}

/// How many steps of each kind an audit found.
#[derive(Debug, Default, PartialEq, Eq)]
struct Counts([u64; 5]);

impl Counts {
    fn add(&mut self, kind: StepKind) {
        let index = match kind {
            StepKind::First => 0,
            StepKind::Unchanged => 1,
            StepKind::Direct => 2,
            StepKind::Explained => 3,
            StepKind::Impossible => 4,
        };
        self.0[index] += 1;
    }
}

/// Audits observations from memory.
fn audit(observations: impl IntoIterator<Item = (u32, Status)>, servers: usize) -> Counts {
    let mut auditor = Auditor::with_capacity(servers);
    let mut counts = Counts::default();
    for (server, status) in observations {
        counts.add(auditor.observe(server as usize, status).kind());
    }
    counts
}

/// One line of the JSON Lines history, as the CLI's `audit` command reads it.
#[derive(Deserialize)]
struct Line<'a> {
    server: u32,
    #[serde(borrow)]
    status: &'a str,
    #[serde(default, borrow)]
    task_state: Option<&'a str>,
    #[serde(default)]
    #[allow(dead_code)]
    at: Option<u64>,
}

/// Writes the history as JSON Lines with Nova's status spellings; returns the file size.
fn write_json_lines(path: &Path, observations: impl Iterator<Item = (u32, Status)>) -> u64 {
    let mut out = BufWriter::new(File::create(path).expect("create the history file"));
    for (i, (server, status)) in observations.enumerate() {
        writeln!(
            out,
            r#"{{"server":{server},"status":"{}","task_state":null,"at":{}}}"#,
            status.nova_name(),
            1_764_250_000 + i as u64
        )
        .expect("write the history file");
    }
    out.flush().expect("write the history file");
    std::fs::metadata(path).expect("history file").len()
}

/// Audits at most `limit` lines of a JSON Lines file: read a line into a reused buffer,
/// deserialise it borrowing its strings (serde_json), parse the status, observe.
fn audit_json_lines(path: &Path, servers: usize, limit: usize) -> Counts {
    let mut reader = BufReader::with_capacity(1 << 16, File::open(path).expect("open history"));
    let mut auditor = Auditor::with_capacity(servers);
    let mut counts = Counts::default();
    let mut buffer = Vec::with_capacity(256);
    for _ in 0..limit {
        buffer.clear();
        if reader.read_until(b'\n', &mut buffer).expect("read history") == 0 {
            break;
        }
        let line: Line = serde_json::from_slice(&buffer).expect("a valid line");
        let status = Status::parse_known(line.status).expect("a known status");
        black_box(line.task_state.and_then(TaskState::parse_known));
        counts.add(auditor.observe(line.server as usize, status).kind());
    }
    counts
}

/// Deletes the history file when the benchmark ends, however it ends.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn main() {
    let Scale {
        observations,
        servers,
    } = scale();
    let tenth = observations / 10;

    // Every step of a legal walk is a direct transition; nothing is impossible.
    let counts = audit(Walks::new(observations, servers), servers);
    assert_eq!(counts.0[StepKind::Impossible as usize], 0, "{counts:?}");
    assert_eq!(
        counts.0[0], servers as u64,
        "every server observed: {counts:?}"
    );

    // Memory: audit straight from the generator (the history is never stored), at a
    // tenth of the history and at all of it. The walker exists before measuring.
    let short = Walks::new(tenth, servers);
    let (_, heap_short) = peak_heap_during(|| audit(short, servers));
    let long = Walks::new(observations, servers);
    let (_, heap_long) = peak_heap_during(|| audit(long, servers));
    assert_eq!(
        heap_short, heap_long,
        "audit memory must not grow with the history"
    );

    let history: Vec<(u32, Status)> = Walks::new(observations, servers).collect();
    let file = TempFile(std::env::temp_dir().join(format!(
        "server-lifecycle-audit-bench-{}.jsonl",
        std::process::id()
    )));
    let bytes = write_json_lines(&file.0, history.iter().copied());
    let (json_counts, json_heap_long) =
        peak_heap_during(|| audit_json_lines(&file.0, servers, usize::MAX));
    assert_eq!(
        json_counts, counts,
        "the JSON Lines audit sees the same history"
    );
    let (_, json_heap_short) = peak_heap_during(|| audit_json_lines(&file.0, servers, tenth));
    assert_eq!(
        json_heap_short, json_heap_long,
        "JSON Lines audit memory must not grow with the history"
    );

    println!(
        "audit memory: {servers} servers; peak heap {heap_short} B at {tenth} observations, \
         {heap_long} B at {observations} (in memory); {json_heap_short} B and \
         {json_heap_long} B from JSON Lines ({bytes} bytes, {:.1} bytes/line); process \
         VmHWM {} kB (includes the stored history)",
        bytes as f64 / observations as f64,
        vm_hwm_kb().map_or_else(|| "unknown".to_owned(), |kb| kb.to_string()),
    );

    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("audit");
    if support::benchmarking() {
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(20));
    }
    group.throughput(Throughput::Elements(observations as u64));
    group.bench_function("in_memory", |b| {
        b.iter(|| black_box(audit(history.iter().copied(), servers)))
    });
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("json_lines_serde", |b| {
        b.iter(|| black_box(audit_json_lines(&file.0, servers, usize::MAX)))
    });
    group.finish();
    criterion.final_summary();
}
