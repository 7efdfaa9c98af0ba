"""Waiting for a resize with openstacksdk.

With a cloud (clouds.yaml), the waiter is one call:

    conn = openstack.connect(cloud="mycloud")
    conn.compute.resize_server(server, flavor)
    done = sl.wait_for(conn.compute.get_server, server.id, "resize", from_status=server.status)

Run: python python/examples/openstacksdk_waiter.py   (no cloud needed: the demo's
`get_server` returns real openstacksdk Server objects built from a Nova API sample)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, Iterator, List

from openstack.compute.v2.server import Server

import server_lifecycle as sl
from server_lifecycle import Progress, Status

SAMPLE = Path(__file__).resolve().parents[2] / "tests" / "data" / "api-samples" / "v2.100-server-get-resp.json"


def wait_for_resize(get_server: Any, server: Server) -> sl.Assessment:
    """Polls until the resize of `server` is done (VERIFY_RESIZE, or ACTIVE/STOPPED on a
    cloud that auto-confirms), failed, or can no longer succeed."""
    done = sl.wait_for(
        get_server,
        server.id,
        "resize",
        from_status=Status.parse(server.status),
        interval=0.0,
        timeout=60.0,
        on_poll=lambda a: print(f"  poll: {a}"),
    )
    if done.progress is not Progress.DONE:
        raise RuntimeError(f"resize of {server.id} did not finish: {done}")
    return done


class DemoCompute:
    """What `conn.compute` answers during a resize, as real Server objects."""

    def __init__(self) -> None:
        body: Dict[str, Any] = json.loads(SAMPLE.read_text())["server"]
        steps: List[Dict[str, Any]] = [
            {"status": "RESIZE", "OS-EXT-STS:task_state": "resize_prep"},
            {"status": "RESIZE", "OS-EXT-STS:task_state": "resize_migrating"},
            {"status": "RESIZE", "OS-EXT-STS:task_state": "resize_finish"},
            {"status": "VERIFY_RESIZE", "OS-EXT-STS:vm_state": "resized", "OS-EXT-STS:task_state": None},
        ]
        # Older openstacksdk releases (the ones pip picks for Python 3.9) are untyped.
        self.server = Server(**body)  # type: ignore[no-untyped-call,unused-ignore]
        self.polls: Iterator[Server] = iter(
            [Server(**dict(body, **step)) for step in steps]  # type: ignore[no-untyped-call,unused-ignore]
        )

    def get_server(self, server_id: str) -> Server:
        return next(self.polls)


def main() -> None:
    compute = DemoCompute()
    done = wait_for_resize(compute.get_server, compute.server)
    print(f"resize done: {done.status}")


if __name__ == "__main__":
    main()
