"""A small polling helper over plans and assessments (the full waiter comes later)."""

from __future__ import annotations

import time
from typing import Any, Callable, Optional, Tuple, Type, Union

from . import _native
from ._enums import Event, Status


class WaitTimeout(TimeoutError):
    """The wait ran out of time; ``assessment`` is the last one."""

    def __init__(self, message: str, assessment: _native.Assessment) -> None:
        super().__init__(message)
        self.assessment = assessment


def wait_for(
    get: Callable[[Any], Any],
    server_id: Any,
    request: Union[Event, str, _native.Plan],
    *,
    from_status: Union[Status, str, None] = None,
    settings: Optional[_native.CloudSettings] = None,
    microversion: Optional[str] = None,
    interval: float = 2.0,
    timeout: float = 600.0,
    gone: Tuple[Type[BaseException], ...] = (),
    sleep: Callable[[float], Any] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    on_poll: Optional[Callable[[_native.Assessment], Any]] = None,
) -> _native.Assessment:
    """Polls ``get(server_id)`` until the plan of ``request`` (made in ``from_status``)
    says to stop: done, failed, or an unexpected status from which the target cannot be
    reached. Returns that :class:`Assessment`; check its ``progress``.

    ``get`` may return anything :meth:`Observation.of` reads, e.g. openstacksdk's
    ``conn.compute.get_server``. An exception of a type in ``gone`` (e.g.
    ``openstack.exceptions.NotFoundException``) counts as ``DELETED``. ``request`` may
    also be a ready :class:`Plan`. ``microversion`` is the compute API microversion the
    request was made with (``"2.94"``; the latest when left out): from 2.95 an evacuated
    ``ACTIVE`` server is left ``SHUTOFF``. Raises :class:`WaitTimeout` after ``timeout`` seconds.

    >>> from server_lifecycle import Progress, wait_for
    >>> polls = iter(["REBOOT", "REBOOT", "ACTIVE"])
    >>> done = wait_for(lambda _id: next(polls), "id", "reboot",
    ...                 from_status="ACTIVE", sleep=lambda _s: None)
    >>> done.progress
    <Progress.DONE: 'done'>
    """
    if isinstance(request, _native.Plan):
        plan = request if microversion is None else request.with_microversion(microversion)
    else:
        if from_status is None:
            raise ValueError("wait_for needs from_status (or a Plan as request)")
        plan = _native.Plan(request, from_status, settings, microversion=microversion)
    deadline = clock() + timeout
    while True:
        try:
            seen: Any = get(server_id)
        except gone:
            seen = Status.DELETED
        assessment = plan.assess(seen)
        if on_poll is not None:
            on_poll(assessment)
        if assessment.stop_waiting:
            return assessment
        if clock() >= deadline:
            raise WaitTimeout(f"gave up after {timeout:g} s: {assessment}", assessment)
        sleep(interval)
