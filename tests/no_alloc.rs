//! No lookup, parse or check path allocates: a counting global allocator proves it for
//! every (status, event) pair, every spelling, the whole Nova grid, every operation's
//! guard on it, and the auditor's steps.
//!
//! This is a correctness test, not a timing test. The counter is per thread, so the test
//! harness's own allocations on other threads (and outside the measured closures) do not
//! count.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;

use server_lifecycle::audit::Auditor;
use server_lifecycle::nova::{self, Operation, PowerState, TaskState, VmState};
use server_lifecycle::{Event, Status, TransitionError};

/// The system allocator, counting allocations made by the current thread.
struct CountingAllocator;

thread_local! {
    /// Allocations (including reallocations) made by this thread so far. A `const`
    /// initialiser and no destructor: reading it never allocates.
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

fn count_one() {
    // `try_with`: during thread teardown the counter may be gone; those allocations
    // happen outside any measured closure anyway.
    let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
}

// SAFETY: every method forwards to `System` unchanged; counting touches only a
// thread-local `Cell`, which neither allocates nor unwinds.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// How many allocations `work` makes on this thread.
fn allocations_during(work: impl FnOnce()) -> u64 {
    let before = ALLOCATIONS.with(Cell::get);
    work();
    ALLOCATIONS.with(Cell::get) - before
}

/// Asserts that `work` allocates nothing; `what` names it in the failure.
#[track_caller]
fn assert_no_allocation(what: &str, work: impl FnOnce()) {
    let count = allocations_during(work);
    assert_eq!(count, 0, "{what} allocated {count} time(s)");
}

/// Every spelling of `names` as written, upper-cased and lower-cased (built before any
/// measurement, since building strings allocates).
fn case_variants(names: &[&str]) -> Vec<String> {
    names
        .iter()
        .flat_map(|name| {
            [
                name.to_string(),
                name.to_ascii_uppercase(),
                name.to_ascii_lowercase(),
            ]
        })
        .collect()
}

#[test]
fn the_counter_sees_an_allocation() {
    // The test would prove nothing if the counter missed allocations.
    assert_eq!(allocations_during(|| drop(black_box(Box::new(1u8)))), 1);
    assert_eq!(allocations_during(|| drop(black_box(String::from("x")))), 1);
}

#[test]
fn lookups_do_not_allocate_on_any_pair() {
    for status in Status::ALL {
        for event in Event::ALL {
            assert_no_allocation(&format!("{status}.next({event})"), || {
                match black_box(status).next(black_box(event)) {
                    Ok(results) => {
                        black_box(results);
                    }
                    Err(error) => {
                        // Refusals are `Copy` values: reading them costs nothing either.
                        let error: TransitionError = black_box(error);
                        black_box((error.status(), error.event()));
                    }
                }
            });
            assert_no_allocation(&format!("{status}.accepts({event})"), || {
                black_box(black_box(status).accepts(black_box(event)));
            });
        }
        assert_no_allocation(&format!("{status} sets"), || {
            black_box(black_box(status).allowed_requests());
            black_box(black_box(status).possible_outcomes());
            black_box(black_box(status).successors());
            black_box(black_box(status).reachable());
        });
    }
}

#[test]
fn parsing_valid_spellings_does_not_allocate() {
    let statuses = case_variants(Status::SPELLINGS);
    let events = case_variants(Event::NAMES);
    let vm_states = case_variants(VmState::NAMES);
    let task_states = case_variants(TaskState::NAMES);
    let power_states = case_variants(PowerState::NAMES);
    for name in &statuses {
        assert_no_allocation(&format!("status {name:?}"), || {
            assert!(black_box(Status::parse_known(black_box(name))).is_some());
            assert!(black_box(Status::parse(black_box(name))).is_ok());
            assert!(black_box(name.parse::<Status>()).is_ok());
        });
    }
    for name in &events {
        assert_no_allocation(&format!("event {name:?}"), || {
            assert!(black_box(Event::parse_known(black_box(name))).is_some());
            assert!(black_box(Event::parse(black_box(name))).is_ok());
        });
    }
    for name in &vm_states {
        assert_no_allocation(&format!("vm_state {name:?}"), || {
            assert!(black_box(VmState::parse_known(black_box(name))).is_some());
            assert!(black_box(VmState::parse(black_box(name))).is_ok());
        });
    }
    for name in &task_states {
        assert_no_allocation(&format!("task_state {name:?}"), || {
            assert!(black_box(TaskState::parse_known(black_box(name))).is_some());
            assert!(black_box(TaskState::parse(black_box(name))).is_ok());
        });
    }
    for name in &power_states {
        assert_no_allocation(&format!("power_state {name:?}"), || {
            assert!(black_box(PowerState::parse_known(black_box(name))).is_some());
            assert!(black_box(PowerState::parse(black_box(name))).is_ok());
        });
    }
}

#[test]
fn parse_known_of_unknown_names_does_not_allocate() {
    // Only `parse` builds an error (with the input in it); `parse_known` never does.
    for name in [
        "",
        "HIBERNATING",
        "no such name",
        "ACTIVE\u{e9}",
        "a_very_long_name_beyond_any_spelling",
    ] {
        assert_no_allocation(&format!("unknown {name:?}"), || {
            assert!(black_box(Status::parse_known(black_box(name))).is_none());
            assert!(black_box(Event::parse_known(black_box(name))).is_none());
            assert!(black_box(VmState::parse_known(black_box(name))).is_none());
            assert!(black_box(TaskState::parse_known(black_box(name))).is_none());
            assert!(black_box(PowerState::parse_known(black_box(name))).is_none());
        });
    }
}

#[test]
fn the_nova_status_map_does_not_allocate() {
    for vm_state in VmState::ALL {
        let tasks = std::iter::once(None).chain(TaskState::ALL.into_iter().map(Some));
        for task_state in tasks {
            assert_no_allocation(&format!("status_of({vm_state}, {task_state:?})"), || {
                black_box(nova::status_of(black_box(vm_state), black_box(task_state)));
                black_box(nova::status_of_record(
                    black_box(vm_state.as_str()),
                    black_box(task_state.map(TaskState::as_str)),
                    false,
                ));
            });
        }
        assert_no_allocation(&format!("default_status({vm_state})"), || {
            black_box(nova::default_status(black_box(vm_state)));
        });
    }
}

#[test]
fn guard_checks_do_not_allocate() {
    for operation in Operation::ALL {
        for vm_state in VmState::ALL {
            let tasks = std::iter::once(None).chain(TaskState::ALL.into_iter().map(Some));
            for task_state in tasks {
                for launched in [true, false] {
                    let what = format!("{operation}.check({vm_state}, {task_state:?}, {launched})");
                    assert_no_allocation(&what, || {
                        // Success and refusal alike: `InvalidStateError` is `Copy`.
                        let checked = black_box(operation).check(
                            black_box(vm_state),
                            black_box(task_state),
                            black_box(launched),
                        );
                        if let Err(error) = black_box(checked) {
                            black_box((error.operation(), error.refusal()));
                        }
                        black_box(operation.guard().accepts(vm_state, task_state, launched));
                    });
                }
            }
        }
    }
    for name in case_variants(Operation::NAMES) {
        assert_no_allocation(&format!("operation {name:?}"), || {
            assert!(black_box(Operation::parse_known(black_box(&name))).is_some());
        });
    }
}

#[test]
fn auditing_a_step_does_not_allocate() {
    let mut auditor = Auditor::with_capacity(Status::COUNT);
    for (server, from) in Status::ALL.into_iter().enumerate() {
        for to in Status::ALL {
            assert_no_allocation(&format!("audit {from} -> {to}"), || {
                black_box(auditor.observe(server, black_box(from)));
                let verdict = black_box(auditor.observe(server, black_box(to)));
                black_box((verdict.kind(), verdict.previous(), verdict.basis()));
            });
        }
    }
}
