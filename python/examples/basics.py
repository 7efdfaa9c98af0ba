"""The API in one page: statuses, events, checks, Nova's guards, plans, audits.

Run: python python/examples/basics.py
"""

from __future__ import annotations

from typing import FrozenSet

import server_lifecycle as sl
from server_lifecycle import Event, Progress, RefusedError, Status, check, nova


def main() -> None:
    status = Status.parse("shutoff")
    assert status is Status.STOPPED and Status["SHUTOFF"] is status
    results: FrozenSet[Status] = check(status, Event.START)
    print(f"{status} --start--> {', '.join(sorted(map(str, results)))}")

    try:
        check(Status.PAUSED, Event.STOP)
    except RefusedError as error:
        allowed = ", ".join(sorted(e.value for e in error.allowed))
        print(f"refused: {error.request} in {error.status}; allowed: {allowed}")

    sets = nova.check("reboot_hard", "stopped")
    print(f"nova: reboot_hard from stopped sets task_state {sets}, shown as {nova.status('stopped', sets)}")

    plan = sl.Plan(Event.RESIZE, Status.ACTIVE, sl.CloudSettings(resize_confirm_window=3600))
    assessment = plan.assess({"status": "RESIZE", "OS-EXT-STS:task_state": "resize_migrating"})
    assert assessment.progress is Progress.IN_PROGRESS
    print(f"plan: {plan}; a poll: {assessment}")

    for verdict in sl.audit(["BUILD", "ACTIVE", "VERIFY_RESIZE", "BUILD"]):
        print(f"audit: {verdict}")

    model = sl.export()
    print(f"export: {len(model['statuses'])} statuses, {len(model['transitions'])} transitions")


if __name__ == "__main__":
    main()
