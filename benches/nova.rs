//! The Nova layer: the status map (`nova::status_of`) over the full vm_state × task_state
//! grid, side by side with a `HashMap` holding the same grid, and the status of a raw
//! database record (`status_of_record`: parse both strings, then map).
//!
//! Run: `cargo bench --bench nova`. Each iteration maps every pair of the grid once;
//! criterion's element throughput is lookups per second.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use server_lifecycle::nova::{self, TaskState, VmState};
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

criterion_group!(benches, status_map);
criterion_main!(benches);
