"""Benchmark: `check` and `nova.check` against what a Python user would write instead,
a dict of frozensets built from `export()`, in the same run (timeit, best of 7).

    python python/benches/bench_check.py          # needs the package installed

Prints one line per case: nanoseconds per call (or per grid), and the ratio to the dict.
"""

from __future__ import annotations

import itertools
import platform
import sys
import timeit
from collections import defaultdict
from typing import Any, Callable, Dict, FrozenSet, List, Optional, Set, Tuple

import server_lifecycle as sl
from server_lifecycle import Event, Status, check, check_many, nova

REPEAT = 7


def best_ns(stmt: Callable[[], Any], number: int) -> float:
    return min(timeit.repeat(stmt, number=number, repeat=REPEAT)) / number * 1e9


def main() -> None:
    model = sl.export()

    # What a user would write from export(): frozensets of members, keyed by names...
    by_name: Dict[Tuple[str, str], FrozenSet[Status]] = {}
    rows: Dict[Tuple[str, str], Set[Status]] = defaultdict(set)
    for row in model["transitions"]:
        rows[(row["from"], row["event"])].add(Status(row["to"]))
    for key, value in rows.items():
        by_name[key] = frozenset(value)
    # ...or keyed by members (tuples of enum members hash through Enum.__hash__).
    by_member: Dict[Tuple[Status, Event], FrozenSet[Status]] = {
        (Status(s), Event(e)): v for (s, e), v in by_name.items()
    }
    nested: Dict[Status, Dict[Event, FrozenSet[Status]]] = defaultdict(dict)
    for (s, e), v in by_member.items():
        nested[s][e] = v

    results: List[Tuple[str, float, Optional[str]]] = []

    def record(name: str, ns: float, baseline: Optional[str] = None) -> None:
        results.append((name, ns, baseline))

    n = 200_000
    s, e = Status.STOPPED, Event.START
    record("dict[(str, str)] lookup", best_ns(lambda: by_name[("STOPPED", "start")], n))
    record("dict[(Status, Event)] lookup", best_ns(lambda: by_member[(s, e)], n))
    record("dict[Status][Event] lookup", best_ns(lambda: nested[s][e], n))
    record("check(Status, Event)", best_ns(lambda: check(s, e), n), "dict[Status][Event] lookup")
    record("check(str, str)", best_ns(lambda: check("STOPPED", "start"), n), "dict[(str, str)] lookup")
    record("check(str, str), Nova spelling", best_ns(lambda: check("SHUTOFF", "start"), n), "dict[(str, str)] lookup")

    # The whole 20 x 41 grid, refusals included.
    pairs = list(itertools.product(list(Status), list(Event)))
    name_pairs = [(a.value, b.value) for a, b in pairs]
    get_name = by_name.get
    get_member = by_member.get

    def dict_grid_names() -> List[Optional[FrozenSet[Status]]]:
        return [get_name(p) for p in name_pairs]

    def dict_grid_members() -> List[Optional[FrozenSet[Status]]]:
        return [get_member(p) for p in pairs]

    def nested_grid() -> List[Optional[FrozenSet[Status]]]:
        return [nested[a].get(b) for a, b in pairs]

    def check_grid() -> List[Optional[FrozenSet[Status]]]:
        out: List[Optional[FrozenSet[Status]]] = []
        for a, b in pairs:
            try:
                out.append(check(a, b))
            except sl.RefusedError:
                out.append(None)
        return out

    assert check_many(pairs) == dict_grid_names() == check_grid()
    g = 300
    record("grid: dict[(str, str)].get x820", best_ns(dict_grid_names, g))
    record("grid: dict[Status][Event].get x820", best_ns(nested_grid, g))
    record("grid: dict[(Status, Event)].get x820", best_ns(dict_grid_members, g))
    record("grid: check_many(820 pairs)", best_ns(lambda: check_many(pairs), g), "grid: dict[Status][Event].get x820")
    record("grid: check_many(820 name pairs)", best_ns(lambda: check_many(name_pairs), g), "grid: dict[(str, str)].get x820")
    record("grid: check() x820 with try/except", best_ns(check_grid, 30), "grid: dict[Status][Event].get x820")

    # Nova's guards: what a user would build from export()["nova"]["guards"].
    guards = {g_["operation"]: g_ for g_ in model["nova"]["guards"]}
    accepted: Dict[Tuple[str, str, Optional[str]], bool] = {}
    for op, vm, task in itertools.product(nova.OPERATIONS, nova.VM_STATES, (None,) + nova.TASK_STATES):
        gd = guards[op]
        accepted[(op, vm, task)] = (gd["vm_states"] is None or vm in gd["vm_states"]) and (
            gd["task_states"] is None or task in gd["task_states"]
        )
    assert accepted[("reboot_hard", "stopped", None)]
    record("dict[(op, vm, task)] lookup", best_ns(lambda: accepted[("reboot_hard", "stopped", None)], n))
    record("nova.check(op, vm)", best_ns(lambda: nova.check("reboot_hard", "stopped"), n), "dict[(op, vm, task)] lookup")
    record("nova.check(op, vm, task)", best_ns(lambda: nova.check("reboot_hard", "active", "pausing"), n), "dict[(op, vm, task)] lookup")
    record("nova.status(vm, task)", best_ns(lambda: nova.status("active", "rebooting_hard"), n))

    by = {name: ns for name, ns, _ in results}
    print(f"python {platform.python_version()} ({sys.implementation.name}), {platform.machine()}, "
          f"server_lifecycle from {sl.__file__}")
    for name, ns, baseline in results:
        unit = f"{ns / 1000:8.2f} us" if ns >= 10_000 else f"{ns:8.1f} ns"
        ratio = f"  {ns / by[baseline]:.2f}x {baseline}" if baseline else ""
        print(f"{name:42} {unit}{ratio}")


if __name__ == "__main__":
    main()
