"""Bad input raises the documented errors and never crashes the interpreter."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import server_lifecycle as sl
from server_lifecycle import Observation, Plan, Status, UnknownNameError, check, nova

PROFILE = settings(max_examples=300, derandomize=True, deadline=None, database=None)

WEIRD: list = [None, 3, 2.5, b"ACTIVE", ["ACTIVE"], {"status": 1}, object(), Status, "", "\x00", "é" * 100]


@pytest.mark.parametrize("value", WEIRD, ids=repr)
def test_check_rejects_anything_but_members_and_names(value: Any) -> None:
    with pytest.raises((TypeError, UnknownNameError)):
        check(value, "stop")
    with pytest.raises((TypeError, UnknownNameError)):
        check("ACTIVE", value)


@pytest.mark.parametrize("value", WEIRD, ids=repr)
def test_nova_functions_reject_bad_values(value: Any) -> None:
    with pytest.raises((TypeError, UnknownNameError)):
        nova.status(value)
    with pytest.raises((TypeError, UnknownNameError)):
        nova.check(value, "active")
    if value is not None:
        with pytest.raises((TypeError, UnknownNameError)):
            nova.check("stop", "active", value)


@pytest.mark.parametrize("value", WEIRD, ids=repr)
def test_observations_reject_bad_values(value: Any) -> None:
    with pytest.raises((TypeError, ValueError)):
        Observation.of(value)
    with pytest.raises((TypeError, ValueError)):
        Plan("stop", "ACTIVE").assess(value)
    with pytest.raises((TypeError, ValueError)):
        sl.audit([value])


def test_type_errors_name_the_argument() -> None:
    with pytest.raises(TypeError, match="^status must be a Status or a str, not int$"):
        check(1, "stop")
    with pytest.raises(TypeError, match="^event must be an Event or a str, not NoneType$"):
        check("ACTIVE", None)
    with pytest.raises(TypeError, match="^vm_state must be a str, not bytes$"):
        nova.status(b"active")


def test_observation_without_status() -> None:
    with pytest.raises(ValueError, match="^no known shape; expected .*; keys found: task_state$"):
        Observation.of({"task_state": None})


def test_unknown_power_state() -> None:
    with pytest.raises(UnknownNameError, match='^unknown power_state code "2"'):
        nova.plan("confirm_resize", "resized", power_state=2)
    with pytest.raises(UnknownNameError, match='^unknown power_state "off"'):
        nova.plan("confirm_resize", "resized", power_state="off")


@PROFILE
@given(st.text(max_size=80), st.text(max_size=80))
def test_any_text_parses_or_raises_unknown_name(status: str, event: str) -> None:
    try:
        result = check(status, event)
    except sl.RefusedError:
        return
    except UnknownNameError as error:
        assert error.what in ("status", "event")
        assert str(error).startswith(f"unknown {error.what} ")
        return
    assert isinstance(result, frozenset)


@PROFILE
@given(st.text(max_size=40), st.one_of(st.none(), st.text(max_size=40)), st.text(max_size=40))
def test_any_text_to_nova(vm_state: str, task_state: Any, operation: str) -> None:
    try:
        nova.check(operation, vm_state, task_state)
    except (nova.InvalidStateError, UnknownNameError):
        pass
    try:
        assert isinstance(nova.status(vm_state, task_state), Status)
    except UnknownNameError as error:
        assert error.what in ("vm_state", "task_state")


@PROFILE
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                        st.sampled_from(["status", "server", "task_state", "OS-EXT-STS:task_state",
                                         "fault", "id", "vm_state"]), inner, max_size=4),
                    max_leaves=8))
def test_any_json_like_observation(value: Any) -> None:
    try:
        Plan("stop", "ACTIVE").assess(value)
    except (TypeError, ValueError):
        pass
