"""The reference model of an OpenStack/Nova server's lifecycle, from Python.

A thin binding over the Rust library ``server-lifecycle``: every answer comes from the
library's one transition table; the enums are generated from its lists at import.

>>> from server_lifecycle import Event, Status, check
>>> status = Status.parse("shutoff")          # Nova's spelling, any case
>>> status is Status.STOPPED and status is Status.SHUTOFF
True
>>> check(status, Event.START) == {Status.ACTIVE}
True
>>> sorted(map(str, check(Status.VERIFY_RESIZE, "confirm_resize")))  # never a pretended single result
['ACTIVE', 'ERROR', 'STOPPED']
>>> check(Status.PAUSED, Event.STOP)
Traceback (most recent call last):
    ...
server_lifecycle._errors.RefusedError: request stop is not allowed in status PAUSED; allowed requests: ...

Nova's layer (``vm_state`` x ``task_state``) is :mod:`server_lifecycle.nova`; plans say
what to wait for after a request, and assess observations read from openstacksdk
``Server`` objects, Nova's JSON or plain dicts:

>>> from server_lifecycle import Plan, Progress
>>> plan = Plan("stop", Status.ACTIVE)
>>> plan.target == {Status.STOPPED}
True
>>> plan.assess({"status": "ACTIVE", "task_state": "powering-off"}).progress
<Progress.IN_PROGRESS: 'in progress'>
"""

from __future__ import annotations

import json
from typing import Any, Dict, FrozenSet, Hashable, Iterable, List, Union

from . import _native
from ._enums import Event, Progress, Status
from ._errors import ImpossibleError, InvalidStateError, RefusedError, UnknownNameError
from ._observation import Observation, observation_fields

_native.bind(
    list(Status.__members__[name] for name, *_ in _native.status_rows()),
    list(Event.__members__[name.upper()] for name, *_ in _native.event_rows()),
    list(Progress.__members__[name] for name, *_ in _native.progress_rows()),
    UnknownNameError,
    RefusedError,
    ImpossibleError,
    InvalidStateError,
    observation_fields,
)

from . import nova  # noqa: E402  (needs the bindings)
from ._native import Assessment, CloudSettings, Plan, Verdict  # noqa: E402
from ._wait import WaitTimeout, wait_for  # noqa: E402

#: ``check(status, event) -> frozenset[Status]``: the possible results of ``event`` in
#: ``status`` (members or names). Raises :class:`RefusedError` for a refused request,
#: :class:`ImpossibleError` for an outcome that cannot occur, :class:`UnknownNameError`
#: for a bad name and ``TypeError`` for a value that is neither a member nor a string.
check = _native.check

#: ``check_many(pairs) -> list[frozenset[Status] | None]``: :func:`check` for many
#: ``(status, event)`` pairs in one call, ``None`` where the model refuses (no
#: exception is built): one crossing into the library for a whole grid.
check_many = _native.check_many

StatusLike = Union[Status, str]
EventLike = Union[Event, str]


def export() -> Dict[str, Any]:
    """The whole model as one document: ``json.loads`` of the library's JSON export
    (the CLI's ``export``): ``initial``, ``statuses``, ``events``, ``transitions`` (one
    per possible result) and ``nova`` (state lists, status map, guards).

    >>> model = export()
    >>> sorted(model)
    ['events', 'initial', 'nova', 'statuses', 'transitions']
    >>> len(model["statuses"]) == len(Status.__members__) - 4  # four Nova aliases
    True
    """
    document: Dict[str, Any] = json.loads(_native.export_json())
    return document


def audit(observations: Iterable[Any]) -> List[Verdict]:
    """Audits observed histories: one :class:`Verdict` per server observation, in order.

    Each item is anything :meth:`Observation.all_of` reads: a status, a CLI audit line,
    a Nova body, an openstacksdk ``Server``, a whole ``openstack server list -f json``
    (one observation per row), ... Servers may be interleaved: an observation's
    ``server`` (its ``id``, or the ``server`` key of a CLI audit line) says which history
    it belongs to; observations without one form a single history.

    Raises what :meth:`Observation.all_of` raises, before any verdict is returned.

    >>> verdicts = audit(["BUILD", "ACTIVE", "SHUTOFF", "BUILD"])
    >>> [v.kind for v in verdicts]
    ['first', 'direct', 'direct', 'impossible']
    >>> str(verdicts[-1])
    'STOPPED -> BUILDING: impossible: no sequence of events leads from STOPPED to BUILDING'
    >>> [str(v) for v in audit([{"server": 1, "status": "ACTIVE"},
    ...                         {"server": 2, "status": "BUILD"},
    ...                         {"server": 1, "status": "VERIFY_RESIZE"}])][-1]  # doctest: +NORMALIZE_WHITESPACE
    'ACTIVE -> VERIFY_RESIZE: explained by missed statuses: ACTIVE --resize--> RESIZED --complete--> VERIFY_RESIZE'
    """
    auditor = _native._Auditor()
    numbers: Dict[Hashable, int] = {}
    seen = [observation for item in observations for observation in Observation.all_of(item)]
    verdicts: List[Verdict] = []
    for observation in seen:
        number = numbers.setdefault(observation.server, len(numbers))
        verdicts.append(auditor.observe(number, observation.status, observation.server))
    return verdicts


__all__ = [
    "Assessment",
    "CloudSettings",
    "Event",
    "EventLike",
    "ImpossibleError",
    "InvalidStateError",
    "Observation",
    "Plan",
    "Progress",
    "RefusedError",
    "Status",
    "StatusLike",
    "UnknownNameError",
    "Verdict",
    "WaitTimeout",
    "audit",
    "check",
    "check_many",
    "export",
    "nova",
    "wait_for",
]

# Doctests of the native functions, which carry no Python docstring examples.
__test__ = {
    "check": """
>>> from server_lifecycle import check, Status, Event
>>> check("SHUTOFF", "start") == frozenset({Status.ACTIVE})
True
>>> check(Status.ACTIVE, Event.STOP) is check("ACTIVE", "stop")   # cached sets
True
>>> check("DELETING", "delete")
Traceback (most recent call last):
    ...
server_lifecycle._errors.UnknownNameError: unknown status "DELETING"; expected one of: ACTIVE, BUILDING, ...
>>> check(3, "stop")
Traceback (most recent call last):
    ...
TypeError: status must be a Status or a str, not int
""",
    "check_many": """
>>> from server_lifecycle import check_many
>>> check_many([("SHUTOFF", "start"), ("PAUSED", "stop")])
[frozenset({<Status.ACTIVE: 'ACTIVE'>}), None]
""",
}
