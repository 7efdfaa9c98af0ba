"""Observations and the waiter driven by REAL openstacksdk objects: `Server`s built from
Nova's API samples (tests/data/api-samples/), no network."""

from __future__ import annotations

import copy
from typing import Any, Dict, Iterator, List, Optional

import pytest

from conftest import sample_servers

openstack_server = pytest.importorskip("openstack.compute.v2.server")
openstack_exceptions = pytest.importorskip("openstack.exceptions")
Server = openstack_server.Server

import server_lifecycle as sl  # noqa: E402
from server_lifecycle import Observation, Plan, Progress, Status, nova  # noqa: E402

SAMPLES = sample_servers()


def body_of(sample: Dict[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in sample.items() if k != "_file"}


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: f"{s['_file']}:{s.get('name', '')}")
def test_a_real_server_reads_like_its_body(sample: Dict[str, Any]) -> None:
    body = body_of(sample)
    server = Server(**body)
    assert isinstance(server, Server) and server.status == body["status"]
    from_sdk = Observation.of(server)
    from_body = Observation.of({"server": body})
    assert from_sdk.status is from_body.status is Status.parse(body["status"])
    assert from_sdk.vm_state == from_body.vm_state == body.get("OS-EXT-STS:vm_state")
    assert from_sdk.task_state == from_body.task_state == body.get("OS-EXT-STS:task_state")
    assert from_sdk.task_observed == from_body.task_observed == ("OS-EXT-STS:task_state" in body)
    assert from_sdk.power_state == from_body.power_state == body.get("OS-EXT-STS:power_state")
    assert from_sdk.server == from_body.server == body["id"]
    # The sample is consistent with Nova's status map.
    if from_sdk.vm_state is not None:
        assert nova.status(from_sdk.vm_state, from_sdk.task_state) is from_sdk.status


def openstackclient_json(body: Dict[str, Any]) -> Dict[str, Any]:
    """What `openstack server show -f json` prints for the body: the same OS-EXT-STS keys,
    the power state as openstackclient's label ("Running", "Shutdown", "NOSTATE", ...)."""
    names = {code: name.capitalize() for name, code in nova.POWER_STATES.items()}
    names[0] = "NOSTATE"
    shown = dict(body)
    if "OS-EXT-STS:power_state" in shown:
        shown["OS-EXT-STS:power_state"] = names[shown["OS-EXT-STS:power_state"]]
    return shown


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: f"{s['_file']}:{s.get('name', '')}")
def test_openstackclient_json_reads_like_the_body(sample: Dict[str, Any]) -> None:
    body = body_of(sample)
    seen = Observation.of(openstackclient_json(body))
    assert seen.status is Status.parse(body["status"])
    assert seen.task_observed == ("OS-EXT-STS:task_state" in body)
    assert (seen.power_state is None) == ("OS-EXT-STS:power_state" not in body)


class Compute:
    """Stands in for `conn.compute`: `get_server` returns real `Server` objects from a
    script of states, then raises NotFoundException when the script says "gone"."""

    def __init__(self, states: List[Optional[Dict[str, Any]]]) -> None:
        template = next(s for s in SAMPLES if s["_file"] == "v2.100-server-get-resp.json")
        self.template = body_of(template)
        self.states: Iterator[Optional[Dict[str, Any]]] = iter(states)
        self.calls = 0

    def get_server(self, server_id: str) -> Any:
        self.calls += 1
        state = next(self.states)
        if state is None:
            raise openstack_exceptions.NotFoundException(f"No Server found for {server_id}")
        body = copy.deepcopy(self.template)
        body["id"] = server_id
        body.update(state)
        return Server(**body)


def state(status: str, vm_state: str, task_state: Optional[str], **extra: Any) -> Dict[str, Any]:
    return {"status": status, "OS-EXT-STS:vm_state": vm_state, "OS-EXT-STS:task_state": task_state, **extra}


def wait(compute: Compute, request: str, from_status: Status, **kwargs: Any) -> List[sl.Assessment]:
    seen: List[sl.Assessment] = []
    final = sl.wait_for(compute.get_server, "9e2a", request, from_status=from_status,
                        sleep=lambda _s: None, on_poll=seen.append, **kwargs)
    assert seen[-1] is final
    return seen


def test_waiting_for_a_resize() -> None:
    compute = Compute([
        state("ACTIVE", "active", "resize_prep"),
        state("RESIZE", "active", "resize_migrating"),
        state("RESIZE", "active", "resize_finish"),
        state("VERIFY_RESIZE", "resized", None),
    ])
    seen = wait(compute, "resize", Status.ACTIVE)
    assert [a.progress for a in seen] == [Progress.IN_PROGRESS] * 3 + [Progress.DONE]
    assert seen[0].task_state == "resize_prep" and seen[0].status is Status.ACTIVE
    assert seen[-1].status is Status.VERIFY_RESIZE and compute.calls == 4


def test_waiting_for_a_stop_that_fails_with_a_fault() -> None:
    compute = Compute([
        state("ACTIVE", "active", "powering-off"),
        state("ACTIVE", "active", None, fault={"code": 500, "message": "guest did not shut down"}),
    ])
    seen = wait(compute, "stop", Status.ACTIVE)
    assert seen[0].progress is Progress.IN_PROGRESS
    assert seen[-1].progress is Progress.FAILED and seen[-1].fault == "guest did not shut down"


def test_waiting_for_a_delete_that_ends_in_404() -> None:
    compute = Compute([state("ACTIVE", "active", "deleting"), None])
    seen = wait(compute, "delete", Status.ACTIVE, gone=(openstack_exceptions.NotFoundException,))
    assert seen[-1].status is Status.DELETED and seen[-1].progress is Progress.DONE


def test_a_non_admin_view_cannot_tell_a_stop_in_progress() -> None:
    template = body_of(next(s for s in SAMPLES if s["_file"] == "v2.100-server-get-resp.json"))
    user_view = {k: v for k, v in template.items() if not k.startswith("OS-EXT-STS:")}
    server = Server(**user_view)
    assert Observation.of(server).task_observed is False
    assert Plan("stop", "ACTIVE").assess(server).progress is Progress.CANNOT_TELL


def test_auditing_real_servers() -> None:
    servers = [Server(**body_of(s)) for s in SAMPLES]
    verdicts = sl.audit(servers)
    assert len(verdicts) == len(servers)
    assert {v.server for v in verdicts} == {s.id for s in servers}


def test_a_server_built_without_an_id() -> None:
    """openstacksdk writes None for every attribute it was not given, the id too."""
    seen = Observation.of(Server(status="SHUTOFF"))
    assert seen.status is Status.STOPPED and seen.server is None
    assert not seen.task_observed and seen.power_state is None
