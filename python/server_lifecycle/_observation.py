"""Observations: what one look at a server showed, read from whatever the caller has.

Every JSON shape is read by the Rust library's one reader of server JSON
(``nova::ServerJson``, through ``_native.read_servers``): this module only turns Python
objects into JSON text for it and wraps the rows it returns.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Dict, Hashable, List, Mapping, Optional, Tuple, Union

from . import _native
from ._enums import Status

#: Attributes read from an object that has a ``status`` but no ``to_dict()``: the
#: names openstacksdk's ``Server`` uses, which the library's reader knows.
_ATTRIBUTES = ("status", "vm_state", "task_state", "power_state", "fault")
_NAMING_ATTRIBUTES = ("id", "name")


@dataclass(frozen=True)
class Observation:
    """One look at a server: its status and, when the caller has them, its task_state,
    vm_state, power_state (Nova's integer code) and fault message, and which server it
    was (``server``).

    ``task_observed`` tells "no task" (``task_state`` ``None``, observed) from "task
    unknown" (not observed: a non-admin view, or a history that only kept statuses).

    Build one with :meth:`Observation.of` (one server) or :meth:`Observation.all_of`
    (every server of a document) from any of:

    * a :class:`Status` or a status name;
    * any JSON document a real tool prints about servers, as a dict (or list) of
      ``json.loads``: a Nova API body ``{"server": {...}}`` or ``{"servers": [...]}``,
      one server object with the ``OS-EXT-STS:*`` keys (``openstack server show -f
      json``), ``openstack server list -f json`` with or without ``--long`` (an array
      of rows ``{"ID", "Status", "Task State", "Power State", ...}``), openstacksdk's
      ``Server.to_dict()``, and the CLI's audit lines
      ``{"server": ID, "status": S, "task_state": T}``; the power state as Nova's
      integer or as openstackclient's text (``"Running"``);
    * a plain dict ``{"status": S, "task_state": T}`` (no server named);
    * an openstacksdk ``Server`` (read through its ``to_dict()``), or any object with
      the attributes ``status``, ``vm_state``, ``task_state``, ``power_state``,
      ``fault``, ``id``. openstacksdk gives ``None`` both for "no task" and for a
      hidden task_state, so a ``None`` task_state beside a ``None`` vm_state counts as
      unobserved (Nova shows the ``OS-EXT-STS`` fields together).

    The Rust library reads every document (``nova::ServerJson``): the same reader as the
    CLI's ``audit``. A key that is present with ``null`` means "no task"; an absent key
    means unobserved. Values JSON has no type for are read as their ``str()``.

    >>> from server_lifecycle import Observation
    >>> seen = Observation.of({"server": {"id": "a1", "status": "SHUTOFF",
    ...     "OS-EXT-STS:vm_state": "stopped", "OS-EXT-STS:task_state": None}})
    >>> seen.status, seen.task_observed, seen.task_state, seen.vm_state, seen.server
    (<Status.STOPPED: 'STOPPED'>, True, None, 'stopped', 'a1')
    >>> Observation.of({"server": "web-1", "status": "BUILD"}).server
    'web-1'
    >>> row = {"ID": "b2", "Status": "ACTIVE", "Task State": None, "Power State": "Running"}
    >>> Observation.of(row).power_state      # openstackclient's text: Nova's code
    1
    >>> Observation.of({"status": "DELETING"})
    Traceback (most recent call last):
        ...
    server_lifecycle._errors.UnknownNameError: unknown status "DELETING"; expected one of: ...
    >>> Observation.of({"state": "ACTIVE"})
    Traceback (most recent call last):
        ...
    ValueError: no known shape; expected this project's {"server": ID, "status": S} line; ...; keys found: state
    """

    status: Status
    task_state: Optional[str] = None
    task_observed: bool = False
    vm_state: Optional[str] = None
    power_state: Union[int, str, None] = None
    fault: Optional[str] = None
    server: Optional[Hashable] = None

    @classmethod
    def of(cls, value: Any) -> "Observation":
        """Reads the observation of one server from any of the shapes above.

        Raises :class:`UnknownNameError` for a status name this library does not know,
        ``ValueError`` for a document of no known shape (the message names the accepted
        shapes) or one that does not hold exactly one server, ``TypeError`` for a value
        of another kind.
        """
        if isinstance(value, Observation):
            return value
        if isinstance(value, Status):
            return cls(status=value)
        if isinstance(value, str):
            return cls(status=Status.parse(value))
        shape, seen = _read(value)
        if len(seen) != 1:
            raise ValueError(
                f"the {shape} holds {len(seen)} servers, not one; "
                "Observation.all_of reads every server of a document"
            )
        return seen[0]

    @classmethod
    def all_of(cls, value: Any) -> List["Observation"]:
        """Reads every server observation of one document (``{"servers": [...]}``,
        ``openstack server list -f json``, ...), in document order; one for the other
        shapes above.

        Raises what :meth:`of` raises, except for the number of servers.

        >>> rows = [{"ID": "a1", "Status": "SHUTOFF"}, {"ID": "b2", "Status": "ACTIVE"}]
        >>> [(seen.server, str(seen.status)) for seen in Observation.all_of(rows)]
        [('a1', 'STOPPED'), ('b2', 'ACTIVE')]
        """
        if isinstance(value, (Observation, Status, str)):
            return [cls.of(value)]
        return _read(value)[1]


def _read(value: Any) -> Tuple[str, List[Observation]]:
    """The shape of a document and its observations, read by the library's reader."""
    shape, rows = _native.read_servers(_json_text(value))
    return shape, [
        Observation(
            status=status,
            task_state=task_state,
            task_observed=task_observed,
            vm_state=vm_state,
            power_state=power_state,
            fault=fault,
            server=server,
        )
        for status, task_observed, task_state, vm_state, power_state, fault, server in rows
    ]


def _json_text(value: Any) -> str:
    """``value`` as the JSON text of one document, or ``TypeError`` for a value that is
    no document."""
    document: Any
    if isinstance(value, (list, tuple)):
        document = value
    elif _is_resource(value):
        document = _named(value.to_dict())
    elif isinstance(value, Mapping):
        document = dict(value)
    elif hasattr(value, "status"):
        names = _ATTRIBUTES + _NAMING_ATTRIBUTES
        document = _named({name: getattr(value, name, None) for name in names})
    else:
        raise TypeError(
            "an observation must be a Status, a str, a mapping, a list or an object with "
            f"a status attribute, not {type(value).__name__}"
        )
    return json.dumps(document, default=_plain)


def _is_resource(value: Any) -> bool:
    """openstacksdk's resources, and other objects with ``to_dict()``. openstacksdk's are
    dicts too (for Ansible), keyed by attribute name: read them through ``to_dict()``."""
    if not callable(getattr(value, "to_dict", None)):
        return False
    return not isinstance(value, Mapping) or type(value).__module__.startswith("openstack.")


def _named(attributes: Dict[str, Any]) -> Dict[str, Any]:
    """An object's attributes without an ``id`` or ``name`` that is ``None`` (openstacksdk
    writes ``None`` for every attribute it was not given; a server object's ``id`` is a
    string when present)."""
    return {
        key: value
        for key, value in attributes.items()
        if not (key in _NAMING_ATTRIBUTES and value is None)
    }


def _plain(value: Any) -> Any:
    """What ``json.dumps`` writes for a value it has no type for: openstacksdk's
    resources (dicts too, for Ansible) through ``to_dict()``, other mappings as dicts,
    anything else as its ``str()``."""
    if _is_resource(value):
        return value.to_dict()
    if isinstance(value, Mapping):
        return dict(value)
    return str(value)


def observation_fields(value: Any) -> Tuple[Status, bool, Optional[str], Optional[str]]:
    """What the native layer reads of an observation."""
    seen = Observation.of(value)
    return seen.status, seen.task_observed, seen.task_state, seen.fault
