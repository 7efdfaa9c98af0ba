"""The binding agrees with the library on the whole model: every status x event pair,
every status-map pair and every Nova guard over the grid, comparing direct calls with
the library's own export."""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any, Dict, FrozenSet, Optional, Set, Tuple

import pytest

import server_lifecycle as sl
from server_lifecycle import Event, ImpossibleError, RefusedError, Status, check, nova


def rows(model: Dict[str, Any]) -> Dict[Tuple[str, str], Set[str]]:
    table: Dict[Tuple[str, str], Set[str]] = defaultdict(set)
    for row in model["transitions"]:
        table[(row["from"], row["event"])].add(row["to"])
    return table


def test_every_status_event_pair(model):
    table = rows(model)
    pairs = 0
    allowed = 0
    for status, event in itertools.product(Status, Event):
        pairs += 1
        expected = table.get((status.value, event.value))
        try:
            got: Optional[FrozenSet[Status]] = check(status, event)
        except ImpossibleError as error:
            assert event.is_outcome and error.status is status and error.request is event
            got = None
        except RefusedError as error:
            assert event.is_request and error.status is status and error.request is event
            assert event not in error.allowed
            got = None
        if expected is None:
            assert got is None, (status, event)
        else:
            allowed += 1
            assert got is not None and {s.value for s in got} == expected, (status, event)
        # Names work as well as members, in any case.
        if got is not None:
            assert check(status.nova_name.lower(), event.value.upper()) is got
    assert pairs == 20 * 41
    assert allowed == len(table) > 100


def test_allowed_and_possible_sets_match_the_rows(model):
    table = rows(model)
    for status in Status:
        requests = {Event(e) for (s, e) in table if s == status.value and Event(e).is_request}
        outcomes = {Event(e) for (s, e) in table if s == status.value and Event(e).is_outcome}
        assert status.allowed_requests == requests
        assert status.possible_outcomes == outcomes


def test_initial_status(model):
    assert model["initial"] == {"event": "create", "status": "BUILDING", "nova_status": "BUILD"}
    assert sl.Plan.create().from_status is Status.BUILDING


def test_every_status_map_pair(model):
    shown = {(r["vm_state"], r["task_state"]): r["status"] for r in model["nova"]["status_map"]}
    assert tuple(model["nova"]["vm_states"]) == nova.VM_STATES
    assert tuple(model["nova"]["task_states"]) == nova.TASK_STATES
    count = 0
    for vm_state in nova.VM_STATES:
        for task_state in (None,) + nova.TASK_STATES:
            expected = shown.get((vm_state, task_state), shown[(vm_state, None)])
            assert nova.status(vm_state, task_state) is Status(expected), (vm_state, task_state)
            count += 1
    assert count == len(nova.VM_STATES) * (len(nova.TASK_STATES) + 1)


def test_every_nova_guard_over_the_grid(model):
    guards = {g["operation"]: g for g in model["nova"]["guards"]}
    assert set(guards) == set(nova.OPERATIONS)
    accepted = refused = 0
    for operation in nova.OPERATIONS:
        guard = guards[operation]
        for vm_state, task_state, launched in itertools.product(
            nova.VM_STATES, (None,) + nova.TASK_STATES, (True, False)
        ):
            if guard["vm_states"] is not None and vm_state not in guard["vm_states"]:
                expected: Optional[Tuple[str, Any]] = ("vm_state", vm_state)
            elif guard["task_states"] is not None and task_state not in guard["task_states"]:
                expected = ("task_state", task_state)
            elif guard["must_have_launched"] and not launched:
                expected = ("launched", False)
            else:
                expected = None
            try:
                sets = nova.check(operation, vm_state, task_state, launched)
            except nova.InvalidStateError as error:
                refused += 1
                assert expected == (error.attribute, error.value), (operation, vm_state, task_state, launched)
                assert error.operation == operation
                continue
            accepted += 1
            assert expected is None, (operation, vm_state, task_state, launched)
            assert sets is None or sets in nova.TASK_STATES
    assert accepted > 0 and refused > 0
    assert accepted + refused == len(nova.OPERATIONS) * len(nova.VM_STATES) * (len(nova.TASK_STATES) + 1) * 2


@pytest.mark.parametrize("operation", ["stop", "start", "reboot", "resize", "shelve"])
def test_a_guard_agrees_with_the_status_level(operation):
    """Where Nova accepts an operation from an idle vm_state, the status level accepts the
    request from the status that pair shows (the Nova layer refines the table)."""
    for vm_state in nova.VM_STATES:
        try:
            nova.check(operation, vm_state, None)
        except nova.InvalidStateError:
            continue
        status = nova.status(vm_state)
        if status is Status.UNKNOWN:
            continue
        assert Event(operation) in status.allowed_requests, (operation, vm_state, status)
