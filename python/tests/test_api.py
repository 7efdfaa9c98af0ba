"""The Python API: enums, check, errors, plans, assessments, audits, the waiter."""

from __future__ import annotations

import pickle
import sys
import textwrap

import pytest

import server_lifecycle as sl
from server_lifecycle import (
    CloudSettings,
    Event,
    ImpossibleError,
    Observation,
    Plan,
    Progress,
    RefusedError,
    Status,
    UnknownNameError,
    audit,
    check,
    nova,
)


def test_status_members_come_from_the_library(model):
    names = [row["name"] for row in model["statuses"]]
    assert [s.value for s in Status] == names
    assert len(names) == 20
    for row in model["statuses"]:
        status = Status[row["name"]]
        assert status.nova_name == row["nova_name"]
        assert status.kind == row["kind"]
        assert status.description == row["description"]
        assert Status[row["nova_name"]] is status
        assert str(status) == row["name"]


def test_nova_spellings_are_aliases():
    assert Status.SHUTOFF is Status.STOPPED
    assert Status.BUILD is Status.BUILDING
    assert Status.RESCUE is Status.RESCUED
    assert Status.RESIZE is Status.RESIZED
    assert set(Status.__members__) - {s.name for s in Status} == {"SHUTOFF", "BUILD", "RESCUE", "RESIZE"}


def test_event_members_come_from_the_library(model):
    assert [e.value for e in Event] == [row["name"] for row in model["events"]]
    assert len(list(Event)) == 41
    for row in model["events"]:
        event = Event(row["name"])
        assert event.name == row["name"].upper()
        assert event.kind == row["kind"]
        assert event.is_request == (row["kind"] == "request")
        assert event.is_outcome == (row["kind"] == "outcome")
        assert event.description == row["description"]


@pytest.mark.parametrize("spelling", ["shutoff", "SHUTOFF", "Stopped", "stopped"])
def test_parse_ignores_case_and_spelling(spelling):
    assert Status.parse(spelling) is Status.STOPPED
    assert Status(spelling) is Status.STOPPED


def test_parse_errors_carry_the_library_message():
    with pytest.raises(UnknownNameError) as caught:
        Status.parse("DELETING")
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.what == "status" and error.input == "DELETING"
    assert "SHUTOFF" in error.expected and "STOPPED" in error.expected
    assert str(error) == 'unknown status "DELETING"; expected one of: ' + ", ".join(error.expected)
    with pytest.raises(UnknownNameError, match=r'^unknown event "hibernate"; expected one of: create, reboot'):
        Event.parse("hibernate")
    with pytest.raises(ValueError):
        Status("nope")
    long = "X" * 100
    with pytest.raises(UnknownNameError) as caught:
        Status.parse(long)
    assert caught.value.input == "X" * 64 + "..."


def test_members_are_hashable_and_usable_as_keys():
    table = {Status.ACTIVE: "on", Status.STOPPED: "off"}
    assert table[Status.parse("shutoff")] == "off"
    assert len({Status.SHUTOFF, Status.STOPPED}) == 1
    assert pickle.loads(pickle.dumps(Status.SHUTOFF)) is Status.STOPPED


@pytest.mark.skipif(sys.version_info < (3, 10), reason="match needs Python 3.10")
def test_members_work_in_match():
    code = textwrap.dedent(
        """
        def describe(status):
            match status:
                case Status.ACTIVE:
                    return "running"
                case Status.SHUTOFF:
                    return "off"
                case _:
                    return "other"
        """
    )
    namespace = {"Status": Status}
    exec(code, namespace)
    describe = namespace["describe"]
    assert describe(Status.parse("stopped")) == "off"
    assert describe(Status.ACTIVE) == "running"
    assert describe(Status.PAUSED) == "other"


def test_check_returns_every_possible_result():
    assert check(Status.STOPPED, Event.START) == frozenset({Status.ACTIVE})
    assert check("shutoff", "START") == frozenset({Status.ACTIVE})
    assert check(Status.VERIFY_RESIZE, Event.CONFIRM_RESIZE) == {Status.ACTIVE, Status.ERROR, Status.STOPPED}
    assert isinstance(check(Status.ACTIVE, Event.STOP), frozenset)


def test_check_refusal_carries_status_request_and_allowed():
    with pytest.raises(RefusedError) as caught:
        check(Status.PAUSED, Event.STOP)
    error = caught.value
    assert isinstance(error, ValueError) and not isinstance(error, ImpossibleError)
    assert error.status is Status.PAUSED and error.request is Event.STOP
    assert error.allowed == Status.PAUSED.allowed_requests
    assert Event.UNPAUSE in error.allowed
    assert str(error).startswith("request stop is not allowed in status PAUSED; allowed requests: ")
    assert pickle.loads(pickle.dumps(error)).allowed == error.allowed


def test_impossible_outcome_is_a_refusal_too():
    with pytest.raises(ImpossibleError) as caught:
        check("ACTIVE", "complete")
    assert isinstance(caught.value, RefusedError)
    assert caught.value.allowed == Status.ACTIVE.possible_outcomes
    assert str(caught.value).startswith("outcome complete cannot occur in status ACTIVE; possible outcomes: ")


def test_deleted_allows_nothing():
    assert Status.DELETED.allowed_requests == frozenset()
    with pytest.raises(RefusedError, match="allowed requests: none$"):
        check(Status.DELETED, Event.RESTORE)


def test_check_many_agrees_with_check():
    pairs = [(s, e) for s in Status for e in Event]
    results = sl.check_many(pairs)
    for (s, e), result in zip(pairs, results):
        try:
            assert check(s, e) == result
        except RefusedError:
            assert result is None


def test_nova_status_and_check():
    assert nova.status("active", "rebooting_hard") is Status.HARD_REBOOT
    assert nova.status("stopped") is Status.STOPPED
    assert nova.status("ACTIVE", None) is Status.ACTIVE
    assert nova.check("reboot_hard", "stopped") == "rebooting_hard"
    assert nova.check("start", "stopped") == "powering-on"
    with pytest.raises(nova.InvalidStateError) as caught:
        nova.check("pause", "active", "rebooting")
    assert str(caught.value) == "cannot pause while the server is in task_state rebooting"
    assert (caught.value.operation, caught.value.attribute, caught.value.value) == ("pause", "task_state", "rebooting")
    with pytest.raises(nova.InvalidStateError, match="^cannot restore a server that never launched$"):
        nova.check("restore", "soft-delete", launched=False)
    with pytest.raises(UnknownNameError, match=r'^unknown vm_state "flying"'):
        nova.status("flying")
    with pytest.raises(UnknownNameError, match=r'^unknown task_state "napping"'):
        nova.check("stop", "active", "napping")
    with pytest.raises(UnknownNameError, match=r'^unknown operation "teleport"'):
        nova.check("teleport", "active")


def test_plans():
    plan = Plan(Event.RESIZE, Status.ACTIVE)
    assert plan.request is Event.RESIZE and plan.from_status is Status.ACTIVE
    assert plan.pending == {Status.RESIZED}
    assert plan.target == {Status.VERIFY_RESIZE}
    assert plan.failure == {Status.ACTIVE, Status.ERROR, Status.STOPPED}  # as `plan resize --from ACTIVE`
    window = Plan("resize", "ACTIVE", CloudSettings(resize_confirm_window=1))
    assert window.target == {Status.ACTIVE, Status.STOPPED, Status.VERIFY_RESIZE}
    assert window.settings.resize_confirm_window == 1
    assert Plan.create().pending == {Status.BUILDING}
    with pytest.raises(RefusedError, match="^request stop is not allowed in status PAUSED"):
        Plan("stop", "PAUSED")
    assert nova.plan("confirm_resize", "resized", power_state="shutdown").target == {Status.STOPPED}
    assert nova.plan("confirm_resize", "resized", power_state=4).target == {Status.STOPPED}
    assert nova.plan("confirm_resize", "resized").target == {Status.ACTIVE}
    assert Plan("stop", "ACTIVE") == Plan(Event.STOP, Status.ACTIVE)
    assert hash(Plan("stop", "ACTIVE")) == hash(Plan(Event.STOP, Status.ACTIVE))


def test_assessments():
    plan = Plan("stop", "ACTIVE")
    assert plan.progress("ACTIVE") is Progress.CANNOT_TELL
    assert plan.assess("ACTIVE").progress is Progress.CANNOT_TELL
    running = plan.assess({"status": "ACTIVE", "task_state": "powering-off"})
    assert running.progress is Progress.IN_PROGRESS and running.task_state == "powering-off"
    assert running.task_observed and not running.stop_waiting
    gave_up = plan.assess({"status": "ACTIVE", "task_state": None, "fault": {"message": "timed out"}})
    assert gave_up.progress is Progress.FAILED and gave_up.fault == "timed out" and gave_up.stop_waiting
    assert str(gave_up) == (
        "failed: ACTIVE (task_state null): no task runs and the status is not a target: "
        "the task ended without reaching it; fault: timed out"
    )
    done = plan.assess(Observation(Status.STOPPED, task_observed=True))
    assert done.progress is Progress.DONE and done.status is Status.STOPPED


def test_audit(model):
    verdicts = audit(["BUILD", "ACTIVE", "SHUTOFF", "BUILD"])
    assert [v.kind for v in verdicts] == ["first", "direct", "direct", "impossible"]
    direct = {Event(row["event"]) for row in model["transitions"]
              if (row["from"], row["to"]) == ("BUILDING", "ACTIVE") and not row["event"].startswith("contact_")}
    assert Event.COMPLETE in direct and verdicts[1].events == direct
    assert verdicts[-1].previous is Status.STOPPED and not verdicts[-1].is_explained
    resized = audit([{"server": "a", "status": "ACTIVE"}, {"server": "b", "status": "ERROR"},
                     {"server": "a", "status": "VERIFY_RESIZE"}])
    assert resized[1].kind == "first" and resized[1].server == "b"
    assert resized[2].kind == "explained" and resized[2].missed == [Status.RESIZED]
    assert resized[2].explanation == [
        (Status.ACTIVE, Event.RESIZE, Status.RESIZED),
        (Status.RESIZED, Event.COMPLETE, Status.VERIFY_RESIZE),
    ]


def test_audit_reads_the_cli_example_history():
    import json
    from pathlib import Path

    lines = (Path(__file__).resolve().parents[2] / "examples" / "history.jsonl").read_text().splitlines()
    verdicts = audit(json.loads(line) for line in lines if line.strip())
    assert len(verdicts) == len([line for line in lines if line.strip()])
    assert {v.server for v in verdicts} >= {"web-1", "db-1", 7}


def test_wait_for_polls_until_done():
    polls = iter(["REBOOT", "REBOOT", "ACTIVE"])
    sleeps = []
    done = sl.wait_for(lambda _id: next(polls), "id", "reboot", from_status="ACTIVE", sleep=sleeps.append)
    assert done.progress is Progress.DONE and sleeps == [2.0, 2.0]


def test_wait_for_times_out():
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    with pytest.raises(sl.WaitTimeout) as caught:
        sl.wait_for(lambda _id: "REBOOT", "id", "reboot", from_status="ACTIVE",
                    timeout=10, interval=3, sleep=sleep, clock=lambda: now[0])
    assert caught.value.assessment.progress is Progress.IN_PROGRESS
    assert isinstance(caught.value, TimeoutError)


def test_wait_for_counts_gone_as_deleted():
    class Gone(Exception):
        pass

    def get(_id):
        raise Gone()

    done = sl.wait_for(get, "id", "delete", from_status="ACTIVE", gone=(Gone,), sleep=lambda _s: None)
    assert done.status is Status.DELETED and done.progress is Progress.DONE


def test_the_microversion_decides_where_an_evacuation_ends():
    latest = Plan("evacuate", "ACTIVE")
    assert latest.microversion == "2.104"
    assert latest.target == frozenset({Status.STOPPED})
    assert Status.ACTIVE in latest.pending
    old = Plan("evacuate", "SHUTOFF", microversion="2.94")
    assert old.target == frozenset({Status.ACTIVE, Status.STOPPED})
    older = latest.with_microversion("compute 2.94")
    assert older.microversion == "2.94"
    assert older.target == frozenset({Status.ACTIVE})
    assert Plan("evacuate", "ACTIVE", microversion="latest") == latest
    with pytest.raises(ValueError, match="invalid microversion"):
        Plan("evacuate", "ACTIVE", microversion="2,94")


def test_wait_for_takes_the_microversion():
    polls = iter(["REBUILD", "ACTIVE"])
    done = sl.wait_for(lambda _id: next(polls), "id", "evacuate", from_status="ACTIVE",
                       microversion="2.94", sleep=lambda _s: None)
    assert done.progress == Progress.DONE
    assert done.status == Status.ACTIVE
    # At the latest microversion ACTIVE is on the way: the evacuation ends SHUTOFF.
    polls = iter(["REBUILD", "ACTIVE", "SHUTOFF"])
    seen = []
    done = sl.wait_for(lambda _id: next(polls), "id", "evacuate", from_status="ACTIVE",
                       sleep=lambda _s: None, on_poll=seen.append)
    assert done.progress == Progress.DONE
    assert done.status == Status.STOPPED
    assert len(seen) == 3 and not seen[1].stop_waiting
