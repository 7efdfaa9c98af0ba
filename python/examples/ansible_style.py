"""An Ansible-style task: bring a server to a wanted status, idempotently, and answer
like a module (`changed`, `failed`, `msg`). The model decides which request to send,
refuses what Nova would refuse (409) before sending it, and says when to stop waiting.

    - name: Make sure the server is stopped
      server_state: {server: web-1, state: stopped}

Run: python python/examples/ansible_style.py   (a small in-memory cloud stands in)
"""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, List, Optional

import server_lifecycle as sl
from server_lifecycle import Event, Progress, Status

#: The request that leads from a stable status to the wanted one, per wanted status.
REQUESTS: Dict[Status, List[Event]] = {
    Status.STOPPED: [Event.STOP],
    Status.ACTIVE: [Event.START, Event.UNPAUSE, Event.RESUME, Event.UNRESCUE, Event.UNSHELVE],
    Status.PAUSED: [Event.PAUSE],
    Status.SHELVED_OFFLOADED: [Event.SHELVE, Event.SHELVE_OFFLOAD],
}


def server_state(
    params: Dict[str, Any],
    get_server: Callable[[str], Any],
    send: Callable[[str, Event], None],
) -> Dict[str, Any]:
    """The module's body: `params` are the task's arguments."""
    wanted = Status.parse(params["state"])
    current = sl.Observation.of(get_server(params["server"])).status
    if current is wanted:
        return {"changed": False, "failed": False, "status": str(current)}
    request: Optional[Event] = next((e for e in REQUESTS.get(wanted, []) if e in current.allowed_requests), None)
    if request is None:
        return {"changed": False, "failed": True,
                "msg": f"no single request leads from {current} to {wanted}"}
    plan = sl.Plan(request, current)
    if wanted not in plan.target:
        return {"changed": False, "failed": True, "msg": f"{request} from {current} does not end {wanted}"}
    send(params["server"], request)
    done = sl.wait_for(get_server, params["server"], plan, interval=0.0, timeout=600.0)
    return {"changed": True, "failed": done.progress is not Progress.DONE,
            "status": str(done.status), "msg": str(done)}


class TinyCloud:
    """A server that shows the status only (a non-admin view) and lands on the request's
    first result one poll after the request."""

    def __init__(self, status: Status) -> None:
        self.status = status
        self.landing: Optional[Status] = None

    def get_server(self, server_id: str) -> Dict[str, Any]:
        seen = {"id": server_id, "status": self.status.nova_name}
        if self.landing is not None:
            self.status, self.landing = self.landing, None
        return seen

    def send(self, server_id: str, request: Event) -> None:
        self.landing = min(sl.check(self.status, request), key=str)


def main() -> None:
    cloud = TinyCloud(Status.ACTIVE)
    for params in ({"server": "web-1", "state": "stopped"}, {"server": "web-1", "state": "stopped"},
                   {"server": "web-1", "state": "paused"}):
        print(json.dumps(server_state(params, cloud.get_server, cloud.send)))


if __name__ == "__main__":
    main()
