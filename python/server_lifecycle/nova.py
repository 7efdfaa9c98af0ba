"""Nova's layer: ``vm_state`` x ``task_state``, the status each pair shows, and each
operation's guard, from Nova's code (the commit the library names).

>>> from server_lifecycle import nova
>>> nova.status("active", "rebooting_hard")
<Status.HARD_REBOOT: 'HARD_REBOOT'>
>>> nova.check("reboot_hard", "stopped")      # accepted: the task_state it sets
'rebooting_hard'
>>> nova.status("stopped", "rebooting_hard")  # shows SHUTOFF, not HARD_REBOOT
<Status.STOPPED: 'STOPPED'>
>>> nova.check("stop", "paused")
Traceback (most recent call last):
    ...
server_lifecycle._errors.InvalidStateError: cannot stop while the server is in vm_state paused
>>> nova.check("restore", "soft-delete", launched=False)
Traceback (most recent call last):
    ...
server_lifecycle._errors.InvalidStateError: cannot restore a server that never launched
"""

from __future__ import annotations

from typing import Dict, Optional, Tuple, Union

from . import _native
from ._enums import Event, Status
from ._errors import InvalidStateError

_VM, _TASK, _OPS, _POWER = _native.nova_names()

#: Nova's vm_states, in the library's order.
VM_STATES: Tuple[str, ...] = tuple(_VM)
#: Nova's task_states, in the library's order.
TASK_STATES: Tuple[str, ...] = tuple(_TASK)
#: The operations whose guards the library models (the event names of the requests).
OPERATIONS: Tuple[str, ...] = tuple(_OPS)
#: Nova's power states: name to integer code.
POWER_STATES: Dict[str, int] = dict(_POWER)

#: ``status(vm_state, task_state=None) -> Status``: the status Nova shows for the pair
#: (``None``: no task). Raises :class:`UnknownNameError` for a bad name.
status = _native.nova_status

#: ``check(operation, vm_state, task_state=None, launched=True) -> str | None``: Nova's
#: guard of ``operation``, in Nova's order (vm_state, task_state, launched). Returns the
#: task_state the operation sets (``None`` when it sets none); raises
#: :class:`InvalidStateError` where Nova answers 409, :class:`UnknownNameError` for a
#: bad name.
check = _native.nova_check


def plan(
    request: Union[Event, str],
    vm_state: str,
    task_state: Optional[str] = None,
    settings: Optional[_native.CloudSettings] = None,
    *,
    power_state: Union[str, int, None] = None,
    old_vm_state: Optional[str] = None,
    volume_backed: bool = False,
    evacuate_to_stopped: bool = False,
    launched: bool = True,
) -> _native.Plan:
    """The plan for ``request`` when Nova shows ``vm_state`` and ``task_state``: narrower
    than :class:`Plan` where the status alone cannot decide (a confirmed resize of a
    powered-off server ends ``STOPPED`` only).

    >>> from server_lifecycle import nova
    >>> sorted(map(str, nova.plan("confirm_resize", "resized", power_state="shutdown").target))
    ['STOPPED']
    """
    return _native.Plan.in_nova_state(
        request,
        vm_state,
        task_state,
        settings,
        power_state=power_state,
        old_vm_state=old_vm_state,
        volume_backed=volume_backed,
        evacuate_to_stopped=evacuate_to_stopped,
        launched=launched,
    )


__all__ = [
    "InvalidStateError",
    "OPERATIONS",
    "POWER_STATES",
    "TASK_STATES",
    "VM_STATES",
    "check",
    "plan",
    "status",
    "Status",
]
