#!/usr/bin/env python3
"""Prints the figures of docs/performance.md from criterion's results.

Run after `cargo bench`: reads <dir>/<group>/<function>/new/{benchmark,estimates}.json
(default dir: target/criterion) and prints, for each group, the median time per element
(or the throughput for byte-throughput groups) and the ratio of each baseline to ours.

Given several directories (copies of target/criterion from repeated runs), it reports
for each benchmark the median of the runs' medians: on a shared machine one run can be
off by tens of percent.
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion"
OURS = "server_lifecycle"


def load(group_dir):
    results = {}
    for function_dir in sorted(group_dir.iterdir()):
        new = function_dir / "new"
        if not (new / "estimates.json").exists():
            continue
        bench = json.loads((new / "benchmark.json").read_text())
        median_ns = json.loads((new / "estimates.json").read_text())["median"]["point_estimate"]
        results[bench["function_id"]] = (median_ns, bench.get("throughput") or {})
    return results


def median(values):
    values = sorted(values)
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def main():
    roots = [pathlib.Path(arg) for arg in sys.argv[1:]] or [ROOT]
    if not all(root.exists() for root in roots):
        sys.exit("no criterion results: run `cargo bench` first")
    print(f"runs: {len(roots)}")
    print("| group | implementation | median | per element | ratio to ours |")
    print("|---|---|---|---|---|")
    groups = sorted({d.name for root in roots for d in root.iterdir() if d.is_dir()} - {"report"})
    for group in groups:
        runs = [load(root / group) for root in roots if (root / group).is_dir()]
        results = {}
        for name in {name for run in runs for name in run}:
            medians = [run[name][0] for run in runs if name in run]
            throughput = next(run[name][1] for run in runs if name in run)
            results[name] = (median(medians), throughput)
        group_dir = roots[0] / group
        ours = results.get(OURS)
        for name, (median_ns, throughput) in sorted(
            results.items(), key=lambda item: (item[0] != OURS, item[1][0])
        ):
            if "Elements" in throughput:
                per = median_ns / throughput["Elements"]
                per_text = f"{per:.2f} ns ({1e3 / per:.0f} M/s)" if per < 1e3 else f"{per / 1e3:.1f} µs"
            elif "Bytes" in throughput:
                per_text = f"{throughput['Bytes'] / median_ns * 1e3:.0f} MB/s"
            else:
                per_text = ""
            ratio = f"{median_ns / ours[0]:.2f}×" if ours and name != OURS else ""
            median_text = f"{median_ns / 1e6:.1f} ms" if median_ns > 1e6 else f"{median_ns:.0f} ns"
            print(f"| {group} | {name} | {median_text} | {per_text} | {ratio} |")


if __name__ == "__main__":
    main()
