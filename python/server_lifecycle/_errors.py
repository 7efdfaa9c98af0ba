"""The exceptions of server_lifecycle. The native layer raises them with the Rust
library's messages, word for word."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Tuple, Union

if TYPE_CHECKING:
    from ._enums import Event, Status


class UnknownNameError(ValueError):
    """A name that is not a valid spelling of a status, an event, a vm_state, a
    task_state, an operation or a power state.

    ``what`` is the kind of name, ``input`` the rejected text (cut to 64 characters),
    ``expected`` every valid spelling.

    >>> from server_lifecycle import Status, UnknownNameError
    >>> try:
    ...     Status.parse("DELETING")
    ... except UnknownNameError as error:
    ...     print(error.what, error.input, error.expected[:3])
    status DELETING ('ACTIVE', 'BUILDING', 'DELETED')
    """

    def __init__(self, message: str, what: str, input: str, expected: Tuple[str, ...]) -> None:
        super().__init__(message, what, input, expected)
        self.what = what
        self.input = input
        self.expected = expected

    def __str__(self) -> str:
        return str(self.args[0])


class RefusedError(ValueError):
    """A request the model refuses in a status (Nova answers such a request with
    409 Conflict): ``status``, the refused ``request`` and the ``allowed`` requests.

    >>> from server_lifecycle import Event, RefusedError, Status, check
    >>> try:
    ...     check(Status.PAUSED, Event.STOP)
    ... except RefusedError as error:
    ...     print(error.status, error.request, sorted(str(e) for e in error.allowed)[:2])
    PAUSED stop ['backup', 'delete']
    """

    # No __init__ of its own: the native layer raises many of these (a grid of checks),
    # and BaseException's C constructor is several times faster than a Python one.
    args: Tuple[str, "Status", "Event", "frozenset[Event]"]

    @property
    def status(self) -> "Status":
        """The status the request was refused in."""
        return self.args[1]

    @property
    def request(self) -> "Event":
        """The refused request (or impossible outcome)."""
        return self.args[2]

    @property
    def allowed(self) -> "frozenset[Event]":
        """The requests allowed in the status (the outcomes possible, for an outcome)."""
        return self.args[3]

    def __str__(self) -> str:
        return str(self.args[0])


class ImpossibleError(RefusedError):
    """An outcome that cannot occur in a status (e.g. ``complete`` when no task runs):
    a :class:`RefusedError` whose ``request`` is the outcome and ``allowed`` the
    outcomes possible there.

    >>> from server_lifecycle import check
    >>> check("ACTIVE", "complete")
    Traceback (most recent call last):
        ...
    server_lifecycle._errors.ImpossibleError: outcome complete cannot occur in status ACTIVE; possible outcomes: ...
    """


class InvalidStateError(ValueError):
    """An operation Nova's guard refuses (Nova's ``InstanceInvalidState``, a 409):
    the ``operation``, the offending ``attribute`` (``vm_state``, ``task_state`` or
    ``launched``) and its ``value``.

    >>> from server_lifecycle import nova
    >>> try:
    ...     nova.check("stop", "paused")
    ... except nova.InvalidStateError as error:
    ...     print(error, "|", error.attribute, error.value)
    cannot stop while the server is in vm_state paused | vm_state paused
    """

    def __init__(self, message: str, operation: str, attribute: str, value: Union[str, bool, None]) -> None:
        super().__init__(message, operation, attribute, value)
        self.operation = operation
        self.attribute = attribute
        self.value: Optional[Union[str, bool]] = value

    def __str__(self) -> str:
        return str(self.args[0])
