"""Observations: what one look at a server showed, read from whatever the caller has."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Hashable, Mapping, Optional, Tuple, Union

from ._enums import Status

#: The keys that may hold each field, in the order they are tried: Nova's API bodies and
#: ``openstack server show -f json`` use the ``OS-EXT-STS:`` keys, ``openstack server
#: list -f json`` capitalised ones, the CLI's audit lines and plain dicts the short ones.
_STATUS_KEYS = ("status", "Status")
_VM_STATE_KEYS = ("OS-EXT-STS:vm_state", "vm_state")
_TASK_STATE_KEYS = ("OS-EXT-STS:task_state", "task_state", "Task State")
_POWER_STATE_KEYS = ("OS-EXT-STS:power_state", "power_state", "Power State")
_ID_KEYS = ("id", "ID", "server")


@dataclass(frozen=True)
class Observation:
    """One look at a server: its status and, when the caller has them, its task_state,
    vm_state, power_state and fault message, and which server it was (``server``).

    ``task_observed`` tells "no task" (``task_state`` ``None``, observed) from "task
    unknown" (not observed: a non-admin view, or a history that only kept statuses).

    Build one with :meth:`Observation.of` from any of:

    * a :class:`Status` or a status name;
    * a Nova API body ``{"server": {...}}`` or the server object inside it, with the
      ``OS-EXT-STS:*`` keys (``openstack server show -f json`` prints the same keys);
    * a plain dict like the CLI's audit lines:
      ``{"server": ID, "status": S, "task_state": T}``;
    * an openstacksdk ``Server`` (attributes ``status``, ``vm_state``, ``task_state``,
      ``power_state``, ``fault``, ``id``). openstacksdk gives ``None`` both for "no task"
      and for a hidden task_state, so its task_state counts as observed exactly when
      its ``vm_state`` is present (Nova shows the ``OS-EXT-STS`` fields together).

    A key that is present with ``null`` means "no task"; an absent key means unobserved.

    >>> from server_lifecycle import Observation
    >>> seen = Observation.of({"server": {"status": "SHUTOFF",
    ...     "OS-EXT-STS:vm_state": "stopped", "OS-EXT-STS:task_state": None}})
    >>> seen.status, seen.task_observed, seen.task_state, seen.vm_state
    (<Status.STOPPED: 'STOPPED'>, True, None, 'stopped')
    >>> Observation.of({"server": "web-1", "status": "BUILD"}).server
    'web-1'
    >>> Observation.of({"status": "DELETING"})
    Traceback (most recent call last):
        ...
    server_lifecycle._errors.UnknownNameError: unknown status "DELETING"; expected one of: ...
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
        """Reads an observation from any of the shapes above.

        Raises :class:`UnknownNameError` for a status name this library does not know,
        ``ValueError`` for a dict or object without a status, ``TypeError`` for a value
        of another kind.
        """
        if isinstance(value, Observation):
            return value
        if isinstance(value, (Status, str)):
            return cls(status=Status.parse(value) if isinstance(value, str) else value)
        if isinstance(value, Mapping) and not _is_sdk_resource(value):
            return cls._of_mapping(value)
        if hasattr(value, "status"):
            return cls._of_attributes(value)
        raise TypeError(
            "an observation must be a Status, a str, a mapping or an object with a "
            f"status attribute, not {type(value).__name__}"
        )

    @classmethod
    def _of_mapping(cls, body: Mapping[Any, Any]) -> "Observation":
        inner = body.get("server")
        if isinstance(inner, Mapping):
            return cls._of_mapping(inner)
        status = _first(body, _STATUS_KEYS)
        if status is _ABSENT or status is None:
            raise ValueError(
                f"an observation needs a status; keys found: {', '.join(map(str, body)) or 'none'}"
            )
        task = _first(body, _TASK_STATE_KEYS)
        vm_state = _first(body, _VM_STATE_KEYS)
        power = _first(body, _POWER_STATE_KEYS)
        server = _first(body, _ID_KEYS)
        return cls(
            status=_status(status),
            task_state=_optional_str(task, "task_state") if task is not _ABSENT else None,
            task_observed=task is not _ABSENT,
            vm_state=_optional_str(vm_state, "vm_state") if vm_state is not _ABSENT else None,
            power_state=power if isinstance(power, (int, str)) else None,
            fault=_fault(body.get("fault")),
            server=server if server is not _ABSENT and _hashable(server) else None,
        )

    @classmethod
    def _of_attributes(cls, server: Any) -> "Observation":
        status = getattr(server, "status", None)
        if status is None:
            raise ValueError(f"an observation needs a status; {type(server).__name__}.status is None")
        vm_state = getattr(server, "vm_state", None)
        task = getattr(server, "task_state", None)
        power = getattr(server, "power_state", None)
        ident = getattr(server, "id", None)
        return cls(
            status=_status(status),
            task_state=_optional_str(task, "task_state"),
            task_observed=vm_state is not None,
            vm_state=_optional_str(vm_state, "vm_state"),
            power_state=power if isinstance(power, (int, str)) else None,
            fault=_fault(getattr(server, "fault", None)),
            server=ident if _hashable(ident) else None,
        )


_ABSENT: Any = object()


def _first(body: Mapping[Any, Any], keys: Tuple[str, ...]) -> Any:
    for key in keys:
        if key in body:
            return body[key]
    return _ABSENT


def _status(value: Any) -> Status:
    if isinstance(value, Status):
        return value
    if not isinstance(value, str):
        raise TypeError(f"status must be a Status or a str, not {type(value).__name__}")
    return Status.parse(value)


def _optional_str(value: Any, what: str) -> Optional[str]:
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"{what} must be a str or None, not {type(value).__name__}")


def _fault(value: Any) -> Optional[str]:
    if isinstance(value, Mapping):
        message = value.get("message")
        return message if isinstance(message, str) else None
    if isinstance(value, str):
        return value
    message = getattr(value, "message", None)
    return message if isinstance(message, str) else None


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _is_sdk_resource(value: Any) -> bool:
    """openstacksdk's resources are dicts too (for Ansible), keyed by attribute name with
    every attribute present; read them by attribute instead."""
    return type(value).__module__.startswith("openstack.")


def observation_fields(value: Any) -> Tuple[Status, bool, Optional[str], Optional[str]]:
    """What the native layer reads of an observation."""
    seen = Observation.of(value)
    return seen.status, seen.task_observed, seen.task_state, seen.fault
