"""Status, Event and Progress: Python enums generated at import from the Rust library's
own lists (``_native.status_rows()``, ``_native.event_rows()``,
``_native.progress_rows()``). No name is written here by hand."""

from __future__ import annotations

import enum
import sys
from typing import Dict, FrozenSet, Tuple

from . import _native

# Names are interned: a member's value is then the very string object the native
# layer finds by identity.
_STATUS_ROWS: Dict[str, Tuple[str, str, str]] = {
    sys.intern(name): (sys.intern(nova_name), kind, description) for name, nova_name, kind, description in _native.status_rows()
}
_EVENT_ROWS: Dict[str, Tuple[str, str]] = {
    sys.intern(name): (kind, description) for name, kind, description in _native.event_rows()
}
_PROGRESS_KEEP_WAITING: Dict[str, bool] = {
    phrase: keep for _, phrase, keep in _native.progress_rows()
}


class Status(enum.Enum):
    """A server status. Members carry the specification's names; Nova's four wire
    spellings are aliases (``Status.SHUTOFF is Status.STOPPED``). Parsing ignores case.

    >>> from server_lifecycle import Status
    >>> Status.SHUTOFF is Status.STOPPED
    True
    >>> Status.parse("shutoff"), Status("BUILD")
    (<Status.STOPPED: 'STOPPED'>, <Status.BUILDING: 'BUILDING'>)
    >>> Status.STOPPED.nova_name, Status.STOPPED.kind, str(Status.STOPPED)
    ('SHUTOFF', 'stable', 'STOPPED')
    >>> {Status.ACTIVE: 1}[Status("active")]
    1
    """

    _ignore_ = ["_name", "_row"]
    for _name, _row in _STATUS_ROWS.items():
        vars()[_name] = _name
    for _name, _row in _STATUS_ROWS.items():
        if _row[0] != _name:
            vars()[_row[0]] = _name

    @classmethod
    def parse(cls, name: str) -> "Status":
        """The status named ``name`` (either spelling, any ASCII case).

        Raises :class:`UnknownNameError` naming the input and every valid spelling, or
        ``TypeError`` for a value that is not a string.

        >>> Status.parse("Verify_Resize")
        <Status.VERIFY_RESIZE: 'VERIFY_RESIZE'>
        """
        return _native.parse_status_member(name)  # type: ignore[no-any-return]

    @classmethod
    def _missing_(cls, value: object) -> "Status":
        return cls.parse(value)  # type: ignore[arg-type]

    @property
    def nova_name(self) -> str:
        """The name Nova puts on the wire (``SHUTOFF`` for ``STOPPED``)."""
        return _STATUS_ROWS[self.value][0]

    @property
    def kind(self) -> str:
        """``stable``, ``transitional``, ``terminal``, ``failed`` or ``indeterminate``."""
        return _STATUS_ROWS[self.value][1]

    @property
    def description(self) -> str:
        """The specification's description of the status."""
        return _STATUS_ROWS[self.value][2]

    @property
    def allowed_requests(self) -> "FrozenSet[Event]":
        """The requests the model accepts in this status.

        >>> sorted(str(e) for e in Status.SHUTOFF.allowed_requests)[:3]
        ['backup', 'delete', 'evacuate']
        """
        return _native.allowed_requests(self)  # type: ignore[no-any-return]

    @property
    def possible_outcomes(self) -> "FrozenSet[Event]":
        """The outcomes that can occur in this status."""
        return _native.possible_outcomes(self)  # type: ignore[no-any-return]

    def __str__(self) -> str:
        return str(self.value)


class Event(enum.Enum):
    """Something that can happen to a server: a request or an outcome. Members are the
    library's snake_case names in upper case; the value is the name.

    >>> from server_lifecycle import Event
    >>> Event.CONFIRM_RESIZE.value, Event.parse("Reboot_Hard"), Event("stop").kind
    ('confirm_resize', <Event.REBOOT_HARD: 'reboot_hard'>, 'request')
    """

    _ignore_ = ["_name"]
    for _name in _EVENT_ROWS:
        vars()[_name.upper()] = _name

    @classmethod
    def parse(cls, name: str) -> "Event":
        """The event named ``name`` (any ASCII case).

        Raises :class:`UnknownNameError`, or ``TypeError`` for a non-string.
        """
        return _native.parse_event_member(name)  # type: ignore[no-any-return]

    @classmethod
    def _missing_(cls, value: object) -> "Event":
        return cls.parse(value)  # type: ignore[arg-type]

    @property
    def kind(self) -> str:
        """``request`` or ``outcome``."""
        return _EVENT_ROWS[self.value][0]

    @property
    def description(self) -> str:
        """What the event is."""
        return _EVENT_ROWS[self.value][1]

    @property
    def is_request(self) -> bool:
        """Whether a user or admin asks for it."""
        return self.kind == "request"

    @property
    def is_outcome(self) -> bool:
        """Whether the control plane reports it."""
        return self.kind == "outcome"

    def __str__(self) -> str:
        return str(self.value)


class Progress(enum.Enum):
    """Where an observation stands against a plan; the value is the library's phrase.

    >>> from server_lifecycle import Progress
    >>> Progress.CANNOT_TELL.value, Progress.IN_PROGRESS.keep_waiting
    ('cannot tell without task_state', True)
    """

    _ignore_ = ["_member", "_phrase", "_keep"]
    for _member, _phrase, _keep in _native.progress_rows():
        vars()[_member] = _phrase

    @property
    def keep_waiting(self) -> bool:
        """Whether a waiter should poll again."""
        return _PROGRESS_KEEP_WAITING[self.value]

    def __str__(self) -> str:
        return str(self.value)
