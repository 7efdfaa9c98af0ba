"""Every real tool's server JSON through the Python API, read by the library's reader
(``nova::ServerJson``): the repository's fixtures (tests/data/shapes/, written from
openstackclient's and openstacksdk's code), Nova's API samples (tests/data/api-samples/)
and the CLI's example history, read in place. Expected values come from the Nova sample
each fixture was made from, never written here."""

from __future__ import annotations

import json
from types import SimpleNamespace
from pathlib import Path
from typing import Any, Dict, List

import pytest

import server_lifecycle as sl
from server_lifecycle import Observation, Plan, Progress, Status, nova

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SHAPES = DATA / "shapes"


def load(path: Path) -> Any:
    return json.loads(path.read_text())


def nova_server(sample: str) -> Dict[str, Any]:
    server: Dict[str, Any] = load(DATA / "api-samples" / sample)["server"]
    return server


def nova_servers(sample: str) -> List[Dict[str, Any]]:
    servers: List[Dict[str, Any]] = load(DATA / "api-samples" / sample)["servers"]
    return servers


def assert_reads_like(seen: Observation, body: Dict[str, Any], *, extended: bool = True) -> None:
    """`seen` says what Nova's server object `body` says: its status, and its task and
    power state when `extended` (the tool showed them)."""
    assert seen.status is Status.parse(body["status"])
    assert seen.server == body["id"]
    if extended:
        assert seen.task_observed and seen.task_state == body["OS-EXT-STS:task_state"]
        assert seen.power_state == body["OS-EXT-STS:power_state"]
    else:
        assert not seen.task_observed and seen.task_state is None
        assert seen.power_state is None


def test_the_fixtures_are_all_read() -> None:
    names = {path.name for path in SHAPES.glob("*.json")}
    tested = {
        "openstacksdk-4.18.0-server-to-dict.json",
        "openstackclient-10.2.1-server-show.json",
        "openstackclient-10.2.1-server-list.json",
        "openstackclient-10.2.1-server-list-long.json",
        "openstackclient-5.4.0-server-list-long.json",
        "openstackclient-10.2.1-server-event-list.json",
        "openstackclient-10.2.1-server-event-list-long.json",
    }
    assert names == tested, f"a fixture this file does not read: {sorted(names - tested)}"


def test_openstacksdk_to_dict() -> None:
    seen = Observation.of(load(SHAPES / "openstacksdk-4.18.0-server-to-dict.json"))
    body = nova_server("v2.47-server-get-resp.json")
    assert_reads_like(seen, body)
    assert seen.vm_state == body["OS-EXT-STS:vm_state"]
    assert seen.power_state == nova.POWER_STATES["running"]


def test_openstacksdk_to_dict_of_a_non_admin_view() -> None:
    """openstacksdk writes null for the hidden OS-EXT-STS fields: the null task_state
    beside a null vm_state says nothing."""
    hidden = load(SHAPES / "openstacksdk-4.18.0-server-to-dict.json")
    hidden["vm_state"] = hidden["power_state"] = None
    seen = Observation.of(hidden)
    assert seen.status is Status.ACTIVE and not seen.task_observed and seen.power_state is None
    assert Plan("stop", "ACTIVE").assess(hidden).progress is Progress.CANNOT_TELL


def test_openstackclient_server_show() -> None:
    seen = Observation.of(load(SHAPES / "openstackclient-10.2.1-server-show.json"))
    body = nova_server("v2.47-server-get-resp.json")
    assert_reads_like(seen, body)
    assert seen.vm_state == body["OS-EXT-STS:vm_state"]


@pytest.mark.parametrize(
    "fixture, extended",
    [
        ("openstackclient-10.2.1-server-list.json", False),
        ("openstackclient-10.2.1-server-list-long.json", True),
        # openstackclient before 5.5.0: the power state as text ("Running").
        ("openstackclient-5.4.0-server-list-long.json", True),
    ],
)
def test_openstackclient_server_list(fixture: str, extended: bool) -> None:
    rows = load(SHAPES / fixture)
    bodies = nova_servers("v2.16-servers-details-resp.json")
    seen = Observation.all_of(rows)
    assert len(seen) == len(bodies) == len(rows)
    for observation, body in zip(seen, bodies):
        assert_reads_like(observation, body, extended=extended)
        assert observation.vm_state is None  # no vm_state column
    # One row alone is one observation.
    assert Observation.of(rows[0]) == Observation.of(rows[:1]) == seen[0]


def test_openstackclient_power_state_text_is_novas_code() -> None:
    labels = {code: name.capitalize() for name, code in nova.POWER_STATES.items()}
    labels[0] = "NOSTATE"
    for code, label in labels.items():
        row = {"ID": "a1", "Status": "ACTIVE", "Task State": None, "Power State": label}
        assert Observation.of(row).power_state == code, label
    for blank in ("", "N/A"):
        row = {"ID": "a1", "Status": "ACTIVE", "Power State": blank}
        assert Observation.of(row).power_state is None
    with pytest.raises(ValueError, match='unknown power state "Sleeping"'):
        Observation.of({"ID": "a1", "Status": "ACTIVE", "Power State": "Sleeping"})


@pytest.mark.parametrize("path", sorted((DATA / "api-samples").glob("*.json")), ids=lambda p: p.name)
def test_nova_api_bodies(path: Path) -> None:
    body = load(path)
    if "server" in body:
        (server,) = expected = [body["server"]]
        assert Observation.of(body) == Observation.of(server)  # the bare object reads the same
    elif "servers" in body:
        expected = body["servers"]
    else:
        pytest.skip("not a server body")
    seen = Observation.all_of(body)
    assert len(seen) == len(expected)
    for observation, server in zip(seen, expected):
        assert observation.status is Status.parse(server["status"])
        assert observation.server == server["id"]
        assert observation.task_observed == ("OS-EXT-STS:task_state" in server)
        assert observation.task_state == server.get("OS-EXT-STS:task_state")
        assert observation.vm_state == server.get("OS-EXT-STS:vm_state")
        assert observation.power_state == server.get("OS-EXT-STS:power_state")


def test_the_projects_own_lines() -> None:
    lines = [json.loads(line) for line in (ROOT / "examples" / "history.jsonl").read_text().splitlines()
             if line.strip()]
    assert lines
    for line in lines:
        seen = Observation.of(line)
        assert seen.status is Status.parse(line["status"]) and seen.server == line["server"]
        assert seen.task_observed == ("task_state" in line)
        assert seen.task_state == line.get("task_state")


def test_instance_actions_are_no_status() -> None:
    for name in ("openstackclient-10.2.1-server-event-list.json",
                 "openstackclient-10.2.1-server-event-list-long.json"):
        with pytest.raises(ValueError, match=r"^the event list holds 2 instance action\(s\) and no server status"):
            Observation.all_of(load(SHAPES / name))


def test_a_document_of_many_servers_is_not_one_observation() -> None:
    body = {"servers": nova_servers("v2.16-servers-details-resp.json")
                       + nova_servers("v2.98-servers-details-resp.json")}
    count = len(body["servers"])
    assert count > 1 and len(Observation.all_of(body)) == count
    with pytest.raises(ValueError, match=f"^the nova servers body holds {count} servers, not one; "
                                         "Observation.all_of reads every server"):
        Observation.of(body)


def test_audit_and_assess_read_every_shape() -> None:
    rows = load(SHAPES / "openstackclient-10.2.1-server-list-long.json")
    body = {"servers": nova_servers("v2.16-servers-details-resp.json")}
    verdicts = sl.audit([rows, body])  # two snapshots of the same servers
    assert len(verdicts) == 2 * len(rows)
    assert [v.kind for v in verdicts] == ["first"] * len(rows) + ["unchanged"] * len(rows)
    assert {v.server for v in verdicts} == {row["ID"] for row in rows}
    row = dict(rows[0], **{"Status": "ACTIVE", "Task State": "powering-off", "Power State": "Running"})
    running = Plan("stop", "ACTIVE").assess(row)
    assert running.progress is Progress.IN_PROGRESS and running.task_state == "powering-off"


def test_an_unknown_shape_names_the_accepted_ones() -> None:
    with pytest.raises(ValueError) as caught:
        Observation.of({"state": "ACTIVE", "uuid": "a1"})
    message = str(caught.value)
    assert message.startswith("no known shape; expected ")
    for shape in ('{"server": ID, "status": S}', '{"server": {...}}', '{"servers": [...]}',
                  "openstack server show -f json", "Server.to_dict()", "openstack server list -f json"):
        assert shape in message, shape
    assert message.endswith("; keys found: state, uuid")
    assert " at line " not in message  # no position in text the caller never wrote


def test_an_object_with_openstacksdks_attribute_names() -> None:
    server = SimpleNamespace(id="a1", status="ACTIVE", vm_state="active", task_state="powering-off",
                             power_state=1, fault=None)
    seen = Observation.of(server)
    assert (seen.server, seen.status, seen.task_observed, seen.task_state, seen.power_state) == (
        "a1", Status.ACTIVE, True, "powering-off", 1)
    hidden = SimpleNamespace(status="ACTIVE")  # no vm_state: the task_state is unknown
    assert Observation.of(hidden) == Observation(Status.ACTIVE, task_observed=False)


def test_a_server_without_id_or_name_is_one_anonymous_history() -> None:
    plain = Observation.of({"status": "SHUTOFF", "task_state": None})
    body = Observation.of({"server": {"status": "SHUTOFF", "OS-EXT-STS:task_state": None}})
    assert plain == body == Observation(Status.STOPPED, task_observed=True)
    assert [v.server for v in sl.audit([plain, {"status": "ACTIVE"}])] == [None, None]
    with pytest.raises(ValueError, match=r"^a server object without \"id\" or \"name\""):
        Observation.all_of([{"Status": "ACTIVE"}])  # a list's rows are keyed
