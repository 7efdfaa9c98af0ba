"""Hypothesis properties of the model through the binding (fixed example counts,
derandomized: the same cases on every run)."""

from __future__ import annotations

from collections import defaultdict
from typing import Dict, List, Set, Tuple

from hypothesis import given, settings
from hypothesis import strategies as st

import server_lifecycle as sl
from server_lifecycle import Event, RefusedError, Status, check

PROFILE = settings(max_examples=200, derandomize=True, deadline=None, database=None)

TABLE: Dict[Tuple[str, str], Set[str]] = defaultdict(set)
for _row in sl.export()["transitions"]:
    TABLE[(_row["from"], _row["event"])].add(_row["to"])

events = st.sampled_from(list(Event))
statuses = st.sampled_from(list(Status))


@PROFILE
@given(st.lists(events, max_size=30))
def test_deleted_is_terminal(sequence: List[Event]) -> None:
    status = Status.DELETED
    for event in sequence:
        try:
            results = check(status, event)
        except RefusedError:
            continue
        assert results == {Status.DELETED}
    assert status.kind == "terminal"


@PROFILE
@given(st.data())
def test_random_walks_only_follow_rows(data: st.DataObject) -> None:
    status = Status.BUILDING
    steps = data.draw(st.integers(min_value=1, max_value=40))
    for _ in range(steps):
        event = data.draw(events)
        try:
            results = check(status, event)
        except RefusedError as error:
            assert (status.value, event.value) not in TABLE
            assert error.status is status and error.request is event
            continue
        assert {s.value for s in results} == TABLE[(status.value, event.value)]
        following = data.draw(st.sampled_from(sorted(results, key=lambda s: s.value)))
        assert following.value in TABLE[(status.value, event.value)]
        status = following


@PROFILE
@given(statuses, st.lists(events, max_size=20))
def test_nothing_leaves_deleted_once_reached(start: Status, sequence: List[Event]) -> None:
    status = start
    reached_deleted = status is Status.DELETED
    for event in sequence:
        try:
            results = check(status, event)
        except RefusedError:
            continue
        status = sorted(results, key=lambda s: s.value)[0]
        if reached_deleted:
            assert status is Status.DELETED
        reached_deleted = reached_deleted or status is Status.DELETED


@PROFILE
@given(st.lists(statuses, min_size=1, max_size=15))
def test_audit_judges_every_observation(history: List[Status]) -> None:
    verdicts = sl.audit(history)
    assert len(verdicts) == len(history)
    assert verdicts[0].kind == "first"
    for before, after, verdict in zip(history, history[1:], verdicts[1:]):
        assert verdict.status is after
        if before is Status.DELETED and after is not Status.DELETED and after is not Status.UNKNOWN:
            assert verdict.kind == "impossible"
