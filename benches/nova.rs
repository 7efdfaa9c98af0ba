//! The Nova layer over the full vm_state × task_state grid: the status map
//! (`nova::status_of`) side by side with a `HashMap` holding the same grid, the status of
//! a raw database record (`status_of_record`: parse both strings, then map), and every
//! operation's guard (`Operation::check`) side by side with Nova's own shape of the check:
//! `vm_state in [...]` and `task_state in [...]` over lists.
//!
//! Run: `cargo bench --bench nova`. Each iteration visits every cell of the grid (times
//! every operation, for guards) once; criterion's element throughput is lookups or checks
//! per second.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use server_lifecycle::nova::{self, Operation, TaskState, VmState};
use server_lifecycle::Status;

#[path = "support/mod.rs"]
mod support;

fn status_map(c: &mut Criterion) {
    let grid = support::nova_grid();
    let map: HashMap<(VmState, Option<TaskState>), Status> = grid
        .iter()
        .map(|&(vm, task)| ((vm, task), nova::status_of(vm, task)))
        .collect();
    let records: Vec<(&str, Option<&str>)> = grid
        .iter()
        .map(|&(vm, task)| (vm.as_str(), task.map(TaskState::as_str)))
        .collect();

    let mut group = c.benchmark_group("status_of");
    group.throughput(Throughput::Elements(grid.len() as u64));
    group.bench_function("server_lifecycle", |b| {
        b.iter(|| {
            for &(vm, task) in &grid {
                black_box(nova::status_of(vm, task));
            }
        })
    });
    group.bench_function("hash_map", |b| {
        b.iter(|| {
            for &(vm, task) in &grid {
                black_box(map.get(&(vm, task)));
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("status_of_record");
    group.throughput(Throughput::Elements(records.len() as u64));
    group.bench_function("server_lifecycle", |b| {
        b.iter(|| {
            for &(vm, task) in &records {
                black_box(nova::status_of_record(vm, task, false));
            }
        })
    });
    group.finish();
}

/// An operation's guard the way Nova writes it: lists of allowed values (`None` for
/// "any"), checked with `in`.
struct ListGuard {
    vm_states: Option<Vec<VmState>>,
    task_states: Option<Vec<Option<TaskState>>>,
    must_have_launched: bool,
    sets: Option<TaskState>,
}

impl ListGuard {
    fn of(operation: Operation) -> ListGuard {
        let guard = operation.guard();
        ListGuard {
            vm_states: guard.vm_states().map(|set| set.iter().collect()),
            task_states: guard.task_states().map(|set| set.iter().collect()),
            must_have_launched: guard.must_have_launched(),
            sets: operation.sets_task_state(),
        }
    }

    /// `Ok(task set)` or `Err(())`: Nova's `InstanceInvalidState` carries no more.
    #[allow(clippy::result_unit_err)]
    fn check(
        &self,
        vm_state: VmState,
        task_state: Option<TaskState>,
        launched: bool,
    ) -> Result<Option<TaskState>, ()> {
        if let Some(vm_states) = &self.vm_states {
            if !vm_states.contains(&vm_state) {
                return Err(());
            }
        }
        if let Some(task_states) = &self.task_states {
            if !task_states.contains(&task_state) {
                return Err(());
            }
        }
        if self.must_have_launched && !launched {
            return Err(());
        }
        Ok(self.sets)
    }
}

fn guards(c: &mut Criterion) {
    let grid = support::nova_grid();
    let checks: Vec<(Operation, VmState, Option<TaskState>)> = Operation::ALL
        .iter()
        .flat_map(|&operation| grid.iter().map(move |&(vm, task)| (operation, vm, task)))
        .collect();
    let lists: Vec<ListGuard> = Operation::ALL.iter().map(|&op| ListGuard::of(op)).collect();
    for &(operation, vm, task) in &checks {
        for launched in [true, false] {
            assert_eq!(
                operation.check(vm, task, launched).ok(),
                lists[operation.index()].check(vm, task, launched).ok(),
                "{operation} {vm} {task:?} {launched}"
            );
        }
    }

    let mut group = c.benchmark_group("guard_check");
    group.throughput(Throughput::Elements(checks.len() as u64));
    group.bench_function("server_lifecycle", |b| {
        b.iter(|| {
            for &(operation, vm, task) in &checks {
                let _ = black_box(operation.check(vm, task, true));
            }
        })
    });
    group.bench_function("nova_lists", |b| {
        b.iter(|| {
            for &(operation, vm, task) in &checks {
                let _ = black_box(lists[operation.index()].check(vm, task, true));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, status_map, guards);
criterion_main!(benches);
