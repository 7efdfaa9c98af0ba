"""Benchmark: `check` and `nova.check` against what a Python user would write instead,
a dict of frozensets built from `export()`, in the same run (timeit, best of 25 rounds).

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

ROUNDS = 25


def best_ns(stmt: Callable[[], Any], number: int) -> float:
    """The best of ROUNDS timings, in nanoseconds per call. The machine may be shared:
    the minimum is the least disturbed run."""
    return min(timeit.repeat(stmt, number=number, repeat=ROUNDS)) / number * 1e9


def versus(ours: Callable[[], Any], baseline: Callable[[], Any], number: int) -> Tuple[float, float, float]:
    """Times both in alternation (so both see the same load): the best time of each in
    nanoseconds and their ratio."""
    ours_times: List[float] = []
    base_times: List[float] = []
    for _ in range(ROUNDS):
        base_times.append(timeit.timeit(baseline, number=number) / number * 1e9)
        ours_times.append(timeit.timeit(ours, number=number) / number * 1e9)
    return min(ours_times), min(base_times), min(ours_times) / min(base_times)


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

    lines: List[str] = []

    def compare(name: str, ours: Callable[[], Any], base_name: str, base: Callable[[], Any], number: int) -> None:
        ours_ns, base_ns, ratio = versus(ours, base, number)
        lines.append(f"{name:36} {fmt(ours_ns)}   {base_name:36} {fmt(base_ns)}   {ratio:5.2f}x")

    n = 20_000
    s, e = Status.STOPPED, Event.START
    compare("check(Status, Event)", lambda: check(s, e), "dict[(Status, Event)]", lambda: by_member[(s, e)], n)
    compare("check(Status, Event)", lambda: check(s, e), "dict[Status][Event]", lambda: nested[s][e], n)
    compare("check(Status, Event)", lambda: check(s, e), "dict[(str, str)]", lambda: by_name[("STOPPED", "start")], n)
    compare("check(str, str)", lambda: check("STOPPED", "start"), "dict[(str, str)]",
            lambda: by_name[("STOPPED", "start")], n)
    shutoff = "".join(["SHUT", "OFF"])  # not interned, as if read from JSON
    compare("check(str, str), not interned", lambda: check(shutoff, "start"), "dict[(str, str)]",
            lambda: by_name[(shutoff, "start")] if shutoff in by_name else by_name[("STOPPED", "start")], n)

    # The whole 20 x 41 grid, refusals included.
    pairs = list(itertools.product(list(Status), list(Event)))
    name_pairs = [(a.value, b.value) for a, b in pairs]
    get_name = by_name.get
    get_member = by_member.get

    def dict_grid_names() -> List[Optional[FrozenSet[Status]]]:
        return [get_name(p) for p in name_pairs]

    def dict_grid_members() -> List[Optional[FrozenSet[Status]]]:
        return [get_member(p) for p in pairs]

    def check_grid() -> List[Optional[FrozenSet[Status]]]:
        out: List[Optional[FrozenSet[Status]]] = []
        for a, b in pairs:
            try:
                out.append(check(a, b))
            except sl.RefusedError:
                out.append(None)
        return out

    assert check_many(pairs) == check_many(name_pairs) == dict_grid_names() == dict_grid_members() == check_grid()
    g = 20
    compare("grid: check_many(820 member pairs)", lambda: check_many(pairs),
            "grid: dict[(Status, Event)].get x820", dict_grid_members, g)
    compare("grid: check_many(820 member pairs)", lambda: check_many(pairs),
            "grid: dict[(str, str)].get x820", dict_grid_names, g)
    compare("grid: check_many(820 name pairs)", lambda: check_many(name_pairs),
            "grid: dict[(str, str)].get x820", dict_grid_names, g)
    compare("grid: check() x820, try/except", check_grid, "grid: dict[(str, str)].get x820", dict_grid_names, 2)

    # Nova's guards: what a user would build from export()["nova"]["guards"].
    guards = {g_["operation"]: g_ for g_ in model["nova"]["guards"]}
    accepted: Dict[Tuple[str, str, Optional[str]], bool] = {}
    for op, vm, task in itertools.product(nova.OPERATIONS, nova.VM_STATES, (None,) + nova.TASK_STATES):
        gd = guards[op]
        accepted[(op, vm, task)] = (gd["vm_states"] is None or vm in gd["vm_states"]) and (
            gd["task_states"] is None or task in gd["task_states"]
        )
    assert accepted[("reboot_hard", "stopped", None)] and accepted[("reboot_hard", "active", "pausing")]
    compare("nova.check(op, vm)", lambda: nova.check("reboot_hard", "stopped"), "dict[(op, vm, task)]",
            lambda: accepted[("reboot_hard", "stopped", None)], n)
    compare("nova.check(op, vm, task)", lambda: nova.check("reboot_hard", "active", "pausing"),
            "dict[(op, vm, task)]", lambda: accepted[("reboot_hard", "active", "pausing")], n)
    status_map = {(r["vm_state"], r["task_state"]): Status(r["status"]) for r in model["nova"]["status_map"]}
    compare("nova.status(vm, task)", lambda: nova.status("active", "rebooting_hard"), "dict[(vm, task)]",
            lambda: status_map[("active", "rebooting_hard")], n)

    print(f"python {platform.python_version()} ({sys.implementation.name}), {platform.machine()}, "
          f"best of {ROUNDS} alternating rounds each, ratio of the bests")
    print(f"every time includes one Python call of a lambda: {fmt(best_ns(lambda: None, n)).strip()} "
          "(lambda: None), the same for both sides")
    print(f"{'ours':36} {'time':>11}   {'baseline':36} {'time':>11}   ratio")
    for line in lines:
        print(line)


def fmt(ns: float) -> str:
    return f"{ns / 1000:8.2f} us" if ns >= 10_000 else f"{ns:8.1f} ns"


if __name__ == "__main__":
    main()
