"""Drive a real Nova, in-process, through its REST API and record what it reports.

Nova's own functional-test framework (shipped in the ``nova`` wheel) starts nova-api,
conductor, scheduler and two nova-compute services with the fake virt driver, placement
and SQLite in this one Python process. The harness makes every request of the model from
every status it can put a server in, records the HTTP code, every intermediate state
(each ``Instance.save`` is hooked and the server is read back through the API), and the
settled state, and writes one JSON object per request (JSON Lines).

Run it through ``scripts/test-nova-live`` (which creates the virtual environment); see
README.md next to this file.
"""

import argparse
import gzip
import json
import os
import random
import sys
import threading
import time
import traceback
import unittest

# Importing the functional tests applies Nova's eventlet monkey patching first.
import nova.tests.functional  # noqa: F401
from nova import context as nova_context
from nova import exception as nova_exception
from nova import objects
from nova.compute import power_state as nova_power
from nova.compute import task_states
from nova.tests.functional import integrated_helpers
from nova.virt import fake as fake_virt
from oslo_utils import timeutils

HARNESS_VERSION = 2
SERVICE_ERROR = nova_exception.NovaException

# --------------------------------------------------------------------------------------
# The requests of the model and how each is made through the REST API.
# --------------------------------------------------------------------------------------


def action(body):
    return lambda ctx: ('POST', 'servers/%s/action' % ctx.sid, body)


REQUESTS = {
    'reboot': action({'reboot': {'type': 'SOFT'}}),
    'reboot_hard': action({'reboot': {'type': 'HARD'}}),
    'rebuild': lambda c: ('POST', 'servers/%s/action' % c.sid,
                          {'rebuild': {'imageRef': c.image}}),
    'evacuate': action({'evacuate': {}}),
    'resize': lambda c: ('POST', 'servers/%s/action' % c.sid,
                         {'resize': {'flavorRef': c.other_flavor()}}),
    'migrate': action({'migrate': None}),
    'confirm_resize': action({'confirmResize': None}),
    'revert_resize': action({'revertResize': None}),
    'live_migrate': action({'os-migrateLive': {'host': None,
                                               'block_migration': 'auto'}}),
    'live_migrate_abort': lambda c: ('DELETE', 'servers/%s/migrations/%s' % (
        c.sid, c.migration_id()), None),
    'live_migrate_force_complete': lambda c: (
        'POST', 'servers/%s/migrations/%s/action' % (c.sid, c.migration_id()),
        {'force_complete': None}),
    'rescue': action({'rescue': {}}),
    'unrescue': action({'unrescue': None}),
    'pause': action({'pause': None}),
    'unpause': action({'unpause': None}),
    'suspend': action({'suspend': None}),
    'resume': action({'resume': None}),
    'stop': action({'os-stop': None}),
    'start': action({'os-start': None}),
    'change_password': action({'changePassword': {'adminPass': 'n0va-live'}}),
    'shelve': action({'shelve': None}),
    'shelve_offload': action({'shelveOffload': None}),
    'unshelve': action({'unshelve': None}),
    'snapshot': action({'createImage': {'name': 'live-snap'}}),
    'backup': action({'createBackup': {'name': 'live-backup',
                                       'backup_type': 'daily', 'rotation': 1}}),
    'trigger_crash_dump': action({'trigger_crash_dump': None}),
    # DELETE is `delete` or `soft_delete` depending on reclaim_instance_interval.
    'delete': lambda c: ('DELETE', 'servers/%s' % c.sid, None),
    'soft_delete': lambda c: ('DELETE', 'servers/%s' % c.sid, None),
    'force_delete': action({'forceDelete': None}),
    'restore': action({'restore': None}),
    'reset_state_active': action({'os-resetState': {'state': 'active'}}),
    'reset_state_error': action({'os-resetState': {'state': 'error'}}),
}


def request_names(settings):
    """The requests that exist under the settings (DELETE is one of two)."""
    deferred = settings['reclaim_instance_interval'] > 0
    return [name for name in REQUESTS
            if name != ('delete' if deferred else 'soft_delete')]


# --------------------------------------------------------------------------------------
# Variants: cloud settings.
# --------------------------------------------------------------------------------------

VARIANTS = {
    # Nova's defaults: no auto-confirm, offload at once, no deferred delete.
    'defaults': dict(resize_confirm_window=0, shelved_offload_time=0,
                     reclaim_instance_interval=0),
    # Shelved servers stay on their host for good.
    'shelve_keep': dict(resize_confirm_window=0, shelved_offload_time=-1,
                        reclaim_instance_interval=0),
    # Every periodic job on: auto-confirm, offload later, deferred delete.
    'periodic': dict(resize_confirm_window=3600, shelved_offload_time=3600,
                     reclaim_instance_interval=3600),
    # Nova's defaults with the fake driver raising inside operations.
    'failures': dict(resize_confirm_window=0, shelved_offload_time=0,
                     reclaim_instance_interval=0),
}

# --------------------------------------------------------------------------------------
# Gates and failures in the fake driver.
# --------------------------------------------------------------------------------------

DRIVER_METHODS = [
    'spawn', 'snapshot', 'reboot', 'set_admin_password', 'rescue', 'unrescue',
    'migrate_disk_and_power_off', 'finish_revert_migration', 'finish_migration',
    'confirm_migration', 'power_off', 'power_on', 'trigger_crash_dump',
    'soft_delete', 'restore', 'pause', 'unpause', 'suspend', 'resume', 'destroy',
    'live_migration', 'live_migration_force_complete', 'live_migration_abort',
]

# The power state a real hypervisor reports after these calls (the fake driver leaves
# the guest RUNNING after pause and suspend; the harness makes it report what a real
# hypervisor would, so the power-state sync sees realistic states).
POWER_AFTER = {
    'pause': nova_power.PAUSED,
    'unpause': nova_power.RUNNING,
    'suspend': nova_power.SUSPENDED,
    'resume': nova_power.RUNNING,
}


class Injected(Exception):
    """The failure the harness makes the fake driver raise."""


class DriverControl:
    """Arms a gate (hold the next call of a driver method) or a failure."""

    def __init__(self):
        self.gate_method = None
        self.reached = threading.Event()
        self.release = threading.Event()
        self.fail_method = None
        self.fail_count = 0
        self.abort_live = False
        self.expired = False
        self.calls = []

    def arm_gate(self, method):
        self.gate_method = method
        self.reached.clear()
        self.release.clear()

    def arm_failure(self, method, count=1):
        self.fail_method = method
        self.fail_count = count

    def disarm(self):
        self.gate_method = None
        self.release.set()
        self.reached.clear()
        self.fail_method = None
        self.fail_count = 0

    def wrap(self, name, original):
        control = self

        def wrapper(driver, *args, **kwargs):
            control.calls.append(name)
            if control.gate_method == name:
                control.gate_method = None
                control.reached.set()
                if not control.release.wait(900):
                    control.expired = True
            if control.fail_method == name and control.fail_count > 0:
                control.fail_count -= 1
                raise Injected('nova-live injected failure in %s' % name)
            if name == 'live_migration':
                instance = args[1]
                dest = args[2]
                post_method, recover_method = args[3], args[4]
                migrate_data = kwargs.get('migrate_data') or (
                    args[6] if len(args) > 6 else None)
                if control.abort_live:
                    control.abort_live = False
                    recover_method(args[0], instance, dest, migrate_data,
                                   migration_status='cancelled')
                    return None
                block = kwargs.get('block_migration', False)
                post_method(args[0], instance, dest, block, migrate_data)
                return None
            if name == 'live_migration_abort':
                control.abort_live = True
                return None
            if name == 'snapshot':
                # Real drivers (libvirt) report image_pending_upload before uploading;
                # the fake driver goes straight to image_uploading.
                instance, update_task_state = args[1], args[3]
                if instance.uuid not in driver.instances:
                    raise nova_exception.InstanceNotRunning(instance_id=instance.uuid)
                update_task_state(task_state=task_states.IMAGE_PENDING_UPLOAD)
                update_task_state(task_state=task_states.IMAGE_UPLOADING,
                                  expected_state=task_states.IMAGE_PENDING_UPLOAD)
                return None
            result = original(driver, *args, **kwargs)
            if name in POWER_AFTER:
                instance = args[0] if name in ('pause', 'unpause') else args[1]
                guest = driver.instances.get(instance.uuid)
                if guest is not None:
                    guest.state = POWER_AFTER[name]
            return result

        wrapper.__name__ = name
        return wrapper


CONTROL = DriverControl()


def install_driver_wrappers():
    for name in DRIVER_METHODS:
        original = getattr(fake_virt.FakeDriver, name)
        if getattr(original, '_nova_live', False):
            continue
        wrapped = CONTROL.wrap(name, original)
        wrapped._nova_live = True
        setattr(fake_virt.FakeDriver, name, wrapped)


# --------------------------------------------------------------------------------------
# Observations: every save of the tracked instance, read back through the API.
# --------------------------------------------------------------------------------------


class Recorder:
    def __init__(self):
        self.tracked = None
        self.api = None
        self.observations = []
        self.last_change = time.monotonic()
        self.local = threading.local()
        self.in_flight = 0
        self.generation = 0

    def snapshot(self, source, instance=None):
        if self.api is None or self.tracked is None:
            return None
        entry = {'source': source}
        if instance is not None:
            entry['db'] = {
                'vm_state': instance.vm_state,
                'task_state': instance.task_state,
                'power_state': instance.power_state
                if 'power_state' in instance else None,
            }
            try:
                frame = sys._getframe(3)
                entry['caller'] = frame.f_code.co_name
            except ValueError:
                pass
        entry['api'] = read_server(self.api, self.tracked)
        return entry

    def on_save(self, instance):
        if self.tracked == '*':
            self.tracked = instance.uuid
        if self.tracked is None or instance.uuid != self.tracked:
            return
        if getattr(self.local, 'busy', False):
            return
        generation = self.generation
        self.local.busy = True
        self.in_flight += 1
        self.last_change = time.monotonic()
        try:
            entry = self.snapshot('save', instance)
        finally:
            self.local.busy = False
            self.in_flight -= 1
            self.last_change = time.monotonic()
        if entry is not None and generation == self.generation:
            self.observations.append(entry)


RECORDER = Recorder()


def install_save_hook():
    original = objects.Instance.save
    if getattr(original, '_nova_live', False):
        return

    def save(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        try:
            RECORDER.on_save(self)
        except Exception:  # noqa: BLE001 - observation must not change Nova
            traceback.print_exc()
        return result

    save._nova_live = True
    objects.Instance.save = save


def read_server(api, sid):
    """The server as the API shows it: status and the three extended states."""
    response = api.api_request('servers/%s' % sid, method='GET')
    if response.status_code == 404:
        return {'http': 404}
    if response.status_code != 200:
        return {'http': response.status_code}
    server = response.json()['server']
    return {
        'status': server.get('status'),
        'vm_state': server.get('OS-EXT-STS:vm_state'),
        'task_state': server.get('OS-EXT-STS:task_state'),
        'power_state': server.get('OS-EXT-STS:power_state'),
        'host': server.get('OS-EXT-SRV-ATTR:host'),
        'locked': server.get('locked'),
        'launched': server.get('OS-SRV-USG:launched_at') is not None,
        'fault': (server.get('fault') or {}).get('message'),
    }


# --------------------------------------------------------------------------------------
# The test case: one Nova per variant.
# --------------------------------------------------------------------------------------


class LiveNova(integrated_helpers.ProviderUsageBaseTestCase):
    compute_driver = 'fake.MediumFakeDriver'
    microversion = 'latest'
    # Filled in by the runner before the test runs.
    variant = None
    settings = None
    plan = None
    out = None
    rng = None
    counts = None

    def setUp(self):
        paste = os.path.join(sys.prefix, 'etc', 'nova', 'api-paste.ini')
        self.flags(api_paste_config=paste, group='wsgi')
        self.flags(**self.settings)
        self.flags(instance_build_timeout=0)
        super().setUp()
        install_driver_wrappers()
        install_save_hook()
        CONTROL.disarm()
        # Nova's logging fixture formats every DEBUG message (to catch format bugs);
        # that costs more than the work itself here.
        import logging
        logging.getLogger().setLevel(logging.INFO)
        self.flags(allow_resize_to_same_host=False)
        self.hosts = ['host1', 'host2']
        for host in self.hosts:
            self._start_compute(host)
        flavors = sorted(self.api.get_flavors(), key=lambda f: f['id'])
        self.flavors = {f['id']: f['name'] for f in flavors}
        self.flavor_ids = [f['id'] for f in flavors][:2]
        self.image = '155d900f-4e14-4e4c-a73d-069cbf4541e6'
        RECORDER.api = self.admin_api
        self.counter = 0
        self.sid = None

    def start_service(self, name, host=None, **kwargs):
        service = super().start_service(name, host=host, **kwargs)
        if not hasattr(self, 'services'):
            self.services = []
        self.services.append(service)
        return service

    def busy(self):
        """Whether any service is still working on an RPC call."""
        for service in getattr(self, 'services', []):
            manager = getattr(service, 'manager', None)
            tasks = getattr(manager, '_in_progress_tasks', None)
            if tasks:
                return True
        return False

    def test_run(self):
        try:
            self.plan(self)
        finally:
            CONTROL.disarm()
            log = os.environ.get('NOVA_LIVE_LOG')
            if log:
                with open(log, 'a') as handle:
                    handle.write(self.stdlog.logger.output)

    # -- recording ----------------------------------------------------------------

    def log_record(self, record):
        record['variant'] = self.variant
        record['settings'] = self.settings
        self.out.write(json.dumps(record, sort_keys=True) + '\n')
        self.out.flush()
        self.counts['records'] += 1
        self.counts['observations'] += len(record.get('observations', []))
        self.counts['observations'] += len(record.get('polls', []))

    def state(self, sid):
        return read_server(self.admin_api, sid)

    def other_flavor(self):
        response = self.admin_api.api_request('servers/%s' % self.sid, method='GET')
        if response.status_code != 200:
            # The server is gone: the request is still made (Nova answers 404).
            return self.flavor_ids[1]
        current = response.json()['server']['flavor']['original_name']
        for fid in self.flavor_ids:
            if self.flavors[fid] != current:
                return fid
        return self.flavor_ids[1]

    def migration_id(self):
        response = self.admin_api.api_request(
            'servers/%s/migrations' % self.sid, method='GET')
        if response.status_code == 200:
            migrations = response.json().get('migrations', [])
            if migrations:
                return migrations[0]['id']
        return 999999

    def settle(self, sid, quiet=0.3, limit=30.0, held=False):
        """Poll until the task is done and nothing was saved for `quiet` seconds.

        With `held`, a driver call is held on purpose: wait only for quiet.
        """
        start = time.monotonic()
        polls = []
        while True:
            time.sleep(0.12)
            now = self.state(sid)
            if not polls or polls[-1] != now:
                polls.append(now)
            idle = time.monotonic() - RECORDER.last_change
            done = held or now.get('http') == 404 or (
                now.get('task_state') is None and now.get('vm_state') != 'building')
            if held:
                busy = False
            else:
                busy = self.busy()
                if busy:
                    RECORDER.last_change = time.monotonic()
            if done and not busy and idle >= quiet and RECORDER.in_flight == 0:
                return now, polls, True
            if time.monotonic() - start > limit:
                return now, polls, False

    def begin(self, sid):
        self.began = time.monotonic()
        RECORDER.generation += 1
        RECORDER.tracked = sid
        RECORDER.observations = []
        RECORDER.last_change = time.monotonic()

    def finish(self, record, sid, quiet=0.3, held=False):
        after, polls, settled = self.settle(sid, quiet=quiet, held=held)
        record['observations'] = list(RECORDER.observations)
        record['polls'] = polls
        record['after'] = after
        record['settled'] = settled and after.get('task_state') is None
        record['server'] = sid
        if CONTROL.expired:
            # A held driver call went on by itself: the record is not what it claims.
            record['gate_expired'] = True
            CONTROL.expired = False
        record['elapsed'] = round(time.monotonic() - self.began, 2)
        RECORDER.tracked = None
        self.log_record(record)
        return record

    def boot(self, host=None, flavor=None):
        body = {'server': {
            'name': 'live-%d' % self.counter, 'imageRef': self.image,
            'flavorRef': flavor or self.flavor_ids[0], 'networks': 'none',
        }}
        if host:
            body['server']['availability_zone'] = 'nova:%s' % host
        self.counter += 1
        return self.admin_api.api_request(
            'servers', method='POST', body=json.dumps(body),
            headers={'Content-Type': 'application/json'})

    def create(self, sequence, host=None, flavor=None, gate=None, fail=None):
        """Create a server, recorded like any request; returns its id (None if refused)."""
        if gate:
            CONTROL.arm_gate(gate)
        if fail:
            CONTROL.arm_failure(fail)
        self.begin('*')
        response = self.boot(host, flavor)
        record = {
            'kind': 'request', 'sequence': sequence, 'request': 'create',
            'method': 'POST', 'uri': 'servers', 'body': None,
            'microversion': response.headers.get('OpenStack-API-Version'),
            'http': response.status_code, 'before': None,
        }
        if response.status_code != 202:
            record['error'] = response.text[:300]
            self.finish(record, None)
            return None
        sid = response.json()['server']['id']
        RECORDER.tracked = sid
        if gate:
            reached = CONTROL.reached.wait(20)
            record['held'] = gate if reached else None
            self.finish(record, sid, held=bool(reached))
        else:
            self.finish(record, sid)
            CONTROL.disarm()
        return sid

    def request(self, sid, name, sequence, microversion='latest', api=None,
                gate=None, fail=None, note=None):
        """Make one request and record it, with every observation until it settles.

        `gate`: hold the named driver method when it is called (the record ends in the
        held state, marked `held`); `fail`: make the named driver method raise once.
        """
        self.sid = sid
        api = api or self.admin_api
        before = self.state(sid)
        method, uri, body = REQUESTS[name](self)
        if gate:
            CONTROL.arm_gate(gate)
        if fail:
            CONTROL.arm_failure(fail)
        self.begin(sid)
        api.microversion = microversion
        response = api.api_request(
            uri, method=method, headers={'Content-Type': 'application/json'},
            body=json.dumps(body) if body is not None else None)
        api.microversion = 'latest'
        record = {
            'kind': 'request', 'sequence': sequence, 'request': name,
            'method': method, 'uri': uri.replace(sid, '{server}'), 'body': body,
            'microversion': response.headers.get('OpenStack-API-Version',
                                                 microversion),
            'admin': api is self.admin_api,
            'http': response.status_code, 'before': before,
        }
        if response.status_code >= 400:
            try:
                record['error'] = response.json()
            except ValueError:
                record['error'] = response.text[:300]
        if note:
            record['note'] = note
        if fail:
            record['injected'] = fail
        if gate and response.status_code < 400:
            reached = CONTROL.reached.wait(20)
            record['held'] = gate if reached else None
            self.finish(record, sid, held=bool(reached))
            if not reached:
                CONTROL.disarm()
            return record
        if gate:
            CONTROL.disarm()
        refused = response.status_code >= 400
        holding = CONTROL.reached.is_set() and not CONTROL.release.is_set()
        self.finish(record, sid, quiet=0.05 if refused else 0.3,
                    held=refused or holding)
        if fail:
            CONTROL.disarm()
        return record

    def release(self, sid, sequence, note=None):
        """Let a held driver call go on; record what follows until it settles."""
        self.begin(sid)
        before = self.state(sid)
        CONTROL.disarm()
        record = {'kind': 'continue', 'sequence': sequence, 'before': before}
        if note:
            record['note'] = note
        return self.finish(record, sid)

    def periodic(self, sid, job, event, sequence, advance=0, host=None):
        """Run a periodic job by hand with the clock moved `advance` seconds on."""
        self.begin(sid)
        before = self.state(sid)
        host = host or before.get('host') or 'host1'
        manager = self.computes[host].manager
        ctx = nova_context.get_admin_context()
        if advance:
            timeutils.set_time_override(
                timeutils.utcnow() + __import__('datetime').timedelta(seconds=advance))
        try:
            getattr(manager, job)(ctx)
        finally:
            if advance:
                timeutils.clear_time_override()
        record = {'kind': 'periodic', 'sequence': sequence, 'job': job,
                  'event': event, 'advance': advance, 'host': host,
                  'before': before}
        return self.finish(record, sid)

    def hypervisor(self, sid, power, sequence):
        """The hypervisor reports the guest in `power`; then the power-state sync runs."""
        before = self.state(sid)
        host = before.get('host')
        driver = self.computes[host].manager.driver if host else None
        guest = driver.instances.get(sid) if driver else None
        if guest is None:
            return None
        guest.state = power
        self.begin(sid)
        ctx = nova_context.get_admin_context()
        self.began = time.monotonic()
        self.computes[host].manager._sync_power_states(ctx)
        record = {'kind': 'periodic', 'sequence': sequence,
                  'job': '_sync_power_states', 'event': 'power_sync',
                  'guest_power_state': power, 'host': host, 'before': before}
        return self.finish(record, sid)

    def dispose(self, sid, sequence='cleanup'):
        """Get rid of a server whatever its state (recorded: force delete or delete)."""
        if sid is None:
            return
        CONTROL.disarm()
        now = self.state(sid)
        if now.get('http') == 404:
            return
        if now.get('task_state') is not None:
            self.settle(sid, limit=10)
        name = 'force_delete' if now.get('vm_state') == 'soft-delete' else (
            'soft_delete' if self.settings['reclaim_instance_interval'] > 0
            else 'delete')
        record = self.request(sid, name, sequence)
        if record['http'] >= 400 or record['after'].get('vm_state') == 'soft-delete':
            self.request(sid, 'force_delete', sequence)


# --------------------------------------------------------------------------------------
# Plans: the sequences each variant runs.
# --------------------------------------------------------------------------------------

# How to bring a fresh server to each settled state: a list of requests after create.
# A setup only applies to the variants where it makes sense.
SETUPS = {
    'ACTIVE': [],
    'SHUTOFF': ['stop'],
    'PAUSED': ['pause'],
    'SUSPENDED': ['suspend'],
    'RESCUE': ['rescue'],
    'VERIFY_RESIZE': ['resize'],
    'VERIFY_RESIZE(migrate)': ['migrate'],
    'VERIFY_RESIZE(stopped)': ['stop', 'resize'],
    'SHELVED': ['shelve'],
    'SHELVED_OFFLOADED': ['shelve'],
    'SOFT_DELETED': ['soft_delete'],
    'ERROR': ['reset_state_error'],
    'ERROR(stopped)': ['stop', 'reset_state_error'],
}


def setups_for(settings):
    names = []
    for name in SETUPS:
        if name == 'SHELVED' and settings['shelved_offload_time'] == 0:
            continue
        if name == 'SHELVED_OFFLOADED' and settings['shelved_offload_time'] != 0:
            # Reached from SHELVED by shelve_offload instead.
            names.append(name)
            continue
        if name == 'SOFT_DELETED' and settings['reclaim_instance_interval'] <= 0:
            continue
        names.append(name)
    return names


def setup_steps(settings, name):
    steps = list(SETUPS[name])
    if name == 'SHELVED_OFFLOADED' and settings['shelved_offload_time'] != 0:
        steps.append('shelve_offload')
    return steps


def bring(case, name, sequence):
    """A fresh server in the settled state `name` (None if it could not get there)."""
    sid = case.create(sequence)
    for step in setup_steps(case.settings, name):
        record = case.request(sid, step, sequence)
        if record['http'] >= 400:
            return sid
    return sid


def same_state(a, b):
    keys = ('status', 'vm_state', 'task_state', 'power_state', 'host', 'http')
    return all(a.get(k) == b.get(k) for k in keys)


def state_key(view):
    return '%s/%s/%s' % (view.get('vm_state'), view.get('task_state'),
                         view.get('power_state'))


def matrix(case, states=None, requests=None):
    """Every request from every settled state the harness can bring a server to.

    Greedy: probe the current state's untried requests; an accepted request moves the
    server on, and probing goes on from wherever it lands while that state has untried
    requests; otherwise a fresh server is brought to the next state with untried ones.
    """
    names = request_names(case.settings)
    if requests:
        names = [n for n in names if n in requests]
    wanted = list(states or setups_for(case.settings))
    tried = {}
    keys = {}
    sid = None
    while wanted:
        target = wanted[0]
        sequence = 'matrix:%s' % target
        if sid is None:
            sid = bring(case, target, sequence)
            view = case.state(sid)
            keys[target] = state_key(view)
        key = state_key(case.state(sid))
        todo = [n for n in names if n not in tried.setdefault(key, set())]
        if not todo:
            if keys.get(target) == key:
                wanted.pop(0)
            case.dispose(sid)
            sid = None
            continue
        name = todo[0]
        tried[key].add(name)
        record = case.request(sid, name, sequence)
        after = record['after']
        gone = after.get('http') == 404 or after.get('vm_state') == 'deleted'
        if gone or after.get('task_state') is not None:
            case.dispose(sid)
            sid = None
    case.dispose(sid)


# Operations held inside the fake driver, to probe requests from the task_state Nova is
# in at that moment: (label, settled setup, request, driver method).
HOLDS = [
    ('building', None, 'create', 'spawn'),
    ('powering-off', 'ACTIVE', 'stop', 'power_off'),
    ('powering-on', 'SHUTOFF', 'start', 'power_on'),
    ('reboot_started', 'ACTIVE', 'reboot', 'reboot'),
    ('reboot_started_hard', 'ACTIVE', 'reboot_hard', 'reboot'),
    ('reboot_started_hard(stopped)', 'SHUTOFF', 'reboot_hard', 'reboot'),
    ('pausing', 'ACTIVE', 'pause', 'pause'),
    ('unpausing', 'PAUSED', 'unpause', 'unpause'),
    ('suspending', 'ACTIVE', 'suspend', 'suspend'),
    ('resuming', 'SUSPENDED', 'resume', 'resume'),
    ('rescuing', 'ACTIVE', 'rescue', 'rescue'),
    ('unrescuing', 'RESCUE', 'unrescue', 'unrescue'),
    ('rebuild_spawning', 'ACTIVE', 'rebuild', 'spawn'),
    ('resize_migrating', 'ACTIVE', 'resize', 'migrate_disk_and_power_off'),
    ('resize_finish', 'ACTIVE', 'resize', 'finish_migration'),
    ('resize_reverting', 'VERIFY_RESIZE', 'revert_resize', 'finish_revert_migration'),
    ('confirming', 'VERIFY_RESIZE', 'confirm_resize', 'confirm_migration'),
    ('migrating', 'ACTIVE', 'live_migrate', 'live_migration'),
    ('image_pending_upload', 'ACTIVE', 'snapshot', 'snapshot'),
    ('image_backup', 'ACTIVE', 'backup', 'snapshot'),
    ('updating_password', 'ACTIVE', 'change_password', 'set_admin_password'),
    ('deleting', 'ACTIVE', 'delete', 'destroy'),
    ('shelving', 'ACTIVE', 'shelve', 'snapshot'),
    ('unshelving(spawning)', 'SHELVED_OFFLOADED', 'unshelve', 'spawn'),
    ('shelving_offloading', 'SHELVED', 'shelve_offload', 'destroy'),
    ('unshelving(powering-on)', 'SHELVED', 'unshelve', 'power_on'),
    ('soft-deleting', 'ACTIVE', 'soft_delete', 'soft_delete'),
    ('restoring', 'SOFT_DELETED', 'restore', 'restore'),
]


def holds_for(settings):
    deferred = settings['reclaim_instance_interval'] > 0
    keep = settings['shelved_offload_time'] != 0
    for hold in HOLDS:
        label, setup, request, _method = hold
        if request == 'delete' and deferred or request == 'soft_delete' and not deferred:
            continue
        if setup == 'SOFT_DELETED' and not deferred:
            continue
        if setup == 'SHELVED' and not keep:
            continue
        yield hold


def held_server(case, hold, sequence):
    label, setup, request, method = hold
    if setup is None:
        sid = case.create(sequence, gate=method)
        return sid, CONTROL.reached.is_set()
    sid = bring(case, setup, sequence)
    record = case.request(sid, request, sequence, gate=method)
    return sid, bool(record.get('held'))


DESTRUCTIVE = ['reset_state_active', 'reset_state_error', 'force_delete', 'delete',
               'soft_delete']
# Holds where the destructive requests are probed (each accepted one costs a new server).
DESTRUCTIVE_HOLDS = ['building', 'powering-off', 'migrating', 'resize_migrating',
                     'shelving', 'soft-deleting']


def held_matrix(case, holds=None, requests=None):
    """Every request from every task_state the harness can hold Nova in."""
    base = request_names(case.settings)
    if requests:
        base = [n for n in base if n in requests]
    base = [n for n in base if n not in DESTRUCTIVE] + [n for n in base if n in DESTRUCTIVE]
    for hold in holds or list(holds_for(case.settings)):
        names = [n for n in base if n not in DESTRUCTIVE or hold[0] in DESTRUCTIVE_HOLDS]
        held_one(case, hold, names)


def held_one(case, hold, names):
    """Probe `names` from the task state `hold` holds Nova in."""
    sequence = 'held:%s' % hold[0]
    sid = None
    for name in names:
        if sid is None:
            sid, held = held_server(case, hold, sequence)
            if not held:
                case.dispose(sid)
                sid = None
                break
            reference = case.state(sid)
        record = case.request(sid, name, sequence)
        if record['http'] < 400 or not same_state(case.state(sid), reference):
            case.release(sid, sequence, note='after %s' % name)
            case.dispose(sid)
            sid = None
    if sid is not None:
        case.release(sid, sequence)
        case.dispose(sid)


def periodic_jobs(case):
    """The periodic jobs run by hand, with the clock moved past their windows."""
    s = case.settings
    # Unconfirmed resizes (auto-confirm), from a resize and from a migration.
    for setup in ('VERIFY_RESIZE', 'VERIFY_RESIZE(migrate)', 'VERIFY_RESIZE(stopped)'):
        sequence = 'periodic:auto_confirm:%s' % setup
        sid = bring(case, setup, sequence)
        case.periodic(sid, '_poll_unconfirmed_resizes', 'auto_confirm', sequence,
                      advance=0)
        case.periodic(sid, '_poll_unconfirmed_resizes', 'auto_confirm', sequence,
                      advance=max(s['resize_confirm_window'], 0) + 60)
        case.dispose(sid)
    # Shelved offload.
    if s['shelved_offload_time'] != 0:
        sequence = 'periodic:auto_offload'
        sid = bring(case, 'SHELVED', sequence)
        case.periodic(sid, '_poll_shelved_instances', 'auto_offload', sequence)
        case.periodic(sid, '_poll_shelved_instances', 'auto_offload', sequence,
                      advance=max(s['shelved_offload_time'], 0) + 60)
        case.dispose(sid)
    # Queued-delete reclaim.
    if s['reclaim_instance_interval'] > 0:
        sequence = 'periodic:reclaim'
        sid = bring(case, 'SOFT_DELETED', sequence)
        host = case.state(sid).get('host')
        case.periodic(sid, '_reclaim_queued_deletes', 'reclaim', sequence, host=host)
        case.periodic(sid, '_reclaim_queued_deletes', 'reclaim', sequence,
                      advance=s['reclaim_instance_interval'] + 60, host=host)
        case.dispose(sid)
    # Power-state sync: the hypervisor reports another power state.
    if case.variant != 'defaults':
        return
    for setup in ('ACTIVE', 'SHUTOFF', 'PAUSED', 'SUSPENDED', 'ERROR'):
        for power in (nova_power.SHUTDOWN, nova_power.RUNNING, nova_power.PAUSED,
                      nova_power.SUSPENDED, nova_power.CRASHED):
            sequence = 'periodic:power_sync:%s' % setup
            sid = bring(case, setup, sequence)
            case.hypervisor(sid, power, sequence)
            case.dispose(sid)


FAILURES = [
    # (label, setup, request, driver method that raises)
    ('create', None, 'create', 'spawn'),
    ('stop', 'ACTIVE', 'stop', 'power_off'),
    ('start', 'SHUTOFF', 'start', 'power_on'),
    ('reboot', 'ACTIVE', 'reboot', 'reboot'),
    ('reboot_hard', 'ACTIVE', 'reboot_hard', 'reboot'),
    ('pause', 'ACTIVE', 'pause', 'pause'),
    ('unpause', 'PAUSED', 'unpause', 'unpause'),
    ('suspend', 'ACTIVE', 'suspend', 'suspend'),
    ('resume', 'SUSPENDED', 'resume', 'resume'),
    ('rescue', 'ACTIVE', 'rescue', 'rescue'),
    ('unrescue', 'RESCUE', 'unrescue', 'unrescue'),
    ('rebuild', 'ACTIVE', 'rebuild', 'spawn'),
    ('rebuild(stopped)', 'SHUTOFF', 'rebuild', 'spawn'),
    ('resize', 'ACTIVE', 'resize', 'migrate_disk_and_power_off'),
    ('resize(finish)', 'ACTIVE', 'resize', 'finish_migration'),
    ('migrate', 'ACTIVE', 'migrate', 'migrate_disk_and_power_off'),
    ('confirm_resize', 'VERIFY_RESIZE', 'confirm_resize', 'confirm_migration'),
    ('revert_resize', 'VERIFY_RESIZE', 'revert_resize', 'finish_revert_migration'),
    ('live_migrate', 'ACTIVE', 'live_migrate', 'live_migration'),
    ('snapshot', 'ACTIVE', 'snapshot', 'snapshot'),
    ('backup', 'ACTIVE', 'backup', 'snapshot'),
    ('change_password', 'ACTIVE', 'change_password', 'set_admin_password'),
    ('trigger_crash_dump', 'ACTIVE', 'trigger_crash_dump', 'trigger_crash_dump'),
    ('shelve', 'ACTIVE', 'shelve', 'snapshot'),
    ('shelve(power_off)', 'ACTIVE', 'shelve', 'power_off'),
    ('unshelve', 'SHELVED_OFFLOADED', 'unshelve', 'spawn'),
    ('delete', 'ACTIVE', 'delete', 'destroy'),
    ('delete(stopped)', 'SHUTOFF', 'delete', 'destroy'),
]


def failures(case):
    """Make the fake driver raise inside operations so Nova's error handling runs."""
    for label, setup, request, method in FAILURES:
        sequence = 'failure:%s' % label
        if setup is None:
            sid = case.create(sequence, fail=method)
        else:
            sid = bring(case, setup, sequence)
            case.request(sid, request, sequence, fail=method)
        CONTROL.disarm()
        # What the server accepts afterwards (recovery requests).
        state = case.state(sid)
        if state.get('http') != 404 and state.get('vm_state') == 'error':
            case.request(sid, 'reboot_hard', sequence)
            case.request(sid, 'reset_state_active', sequence)
        case.dispose(sid)


def locked(case):
    """A locked server: a non-admin request is refused whatever the vm_state."""
    sequence = 'precondition:locked'
    sid = bring(case, 'ACTIVE', sequence)
    response = case.admin_api.api_request(
        'servers/%s/action' % sid, method='POST', body=json.dumps({'lock': {}}),
        headers={'Content-Type': 'application/json'})
    assert response.status_code == 202, response.text
    user = case.api_fixture.api
    for name in ('stop', 'reboot', 'reboot_hard', 'pause', 'suspend', 'rescue',
                 'shelve', 'resize', 'rebuild', 'snapshot', 'change_password',
                 'delete' if case.settings['reclaim_instance_interval'] == 0
                 else 'soft_delete'):
        case.request(sid, name, sequence, api=user, note='locked')
    case.admin_api.api_request(
        'servers/%s/action' % sid, method='POST', body=json.dumps({'unlock': None}),
        headers={'Content-Type': 'application/json'})
    case.dispose(sid)


def no_host(case):
    """A server whose build found no host: ERROR without a host."""
    sequence = 'precondition:no_host'
    huge = case.admin_api.post_flavor({'flavor': {
        'name': 'huge', 'ram': 40000, 'vcpus': 2, 'disk': 1}})
    sid = case.create(sequence, flavor=huge['id'])
    if sid is None:
        return
    names = request_names(case.settings)
    reference = case.state(sid)
    for name in names:
        record = case.request(sid, name, sequence)
        if not same_state(record['after'], reference):
            break
    case.dispose(sid)


def evacuations(case):
    """Evacuate from host1 (compute stopped and forced down), at 2.94 and at latest."""
    services = case.admin_api.get_services(binary='nova-compute', host='host1')
    service_id = services[0]['id']
    runs = [('ACTIVE', '2.94'), ('ACTIVE', 'latest'), ('SHUTOFF', '2.94'),
            ('SHUTOFF', 'latest'), ('ERROR', 'latest'), ('PAUSED', 'latest')]
    sids = []
    for setup, microversion in runs:
        sequence = 'evacuate:%s@%s' % (setup, microversion)
        sid = case.create(sequence, host='host1')
        for step in SETUPS[setup]:
            case.request(sid, step, sequence)
        sids.append((sid, sequence, microversion, setup))
    case.computes['host1'].stop()
    case.admin_api.put_service(service_id, {'forced_down': True})
    for sid, sequence, microversion, setup in sids:
        case.request(sid, 'evacuate', sequence, microversion=microversion,
                     note='source host down')
    # The restarted source moves its `done` evacuations to `completed`; only then does
    # Nova let the service be forced up again.
    case.computes['host1'] = case.restart_compute_service(
        case.computes['host1'], keep_hypervisor_state=True)
    case.admin_api.put_service(service_id, {'forced_down': False})
    for sid, sequence, _microversion, _setup in sids:
        case.dispose(sid, sequence)


def random_walks(case, walks=4, length=25):
    """Seeded random sequences of requests (refused ones included)."""
    names = request_names(case.settings)
    for walk in range(walks):
        sequence = 'random:%d' % walk
        sid = case.create(sequence)
        for _ in range(length):
            name = case.rng.choice(names)
            if name in ('delete', 'soft_delete', 'force_delete') and case.rng.random() < 0.7:
                continue
            record = case.request(sid, name, sequence)
            if record['after'].get('http') == 404:
                sid = case.create(sequence)
        case.dispose(sid, sequence)


def smoke_plan(case):
    sid = case.create('smoke')
    if os.environ.get('NOVA_LIVE_PROFILE'):
        started = time.monotonic()
        for _ in range(20):
            case.state(sid)
        print('20 GETs: %.2f s' % (time.monotonic() - started))
    for name in ['stop', 'start', 'reboot', 'reboot_hard', 'pause', 'stop',
                 'unpause', 'suspend', 'resume', 'resize', 'confirm_resize',
                 'shelve', 'unshelve', 'delete']:
        case.request(sid, name, 'smoke')
    held_matrix(case, holds=[HOLDS[1]], requests=['start', 'reboot_hard', 'delete'])
    if os.environ.get('NOVA_LIVE_SMOKE_MORE'):
        locked(case)
        no_host(case)
        evacuations(case)


# The statuses and holds where the settings of the other variants change anything.
SETTINGS_STATES = ['ACTIVE', 'SHUTOFF', 'VERIFY_RESIZE', 'SHELVED', 'SHELVED_OFFLOADED',
                   'SOFT_DELETED']
SETTINGS_HOLDS = ['deleting', 'soft-deleting', 'restoring', 'shelving',
                  'shelving_offloading', 'unshelving(powering-on)',
                  'unshelving(spawning)']


def full_plan(case):
    """Everything for one variant: the matrices, then the rest."""
    if case.variant == 'failures':
        failures(case)
        return
    matrices_plan(case)
    extra_plan(case)


def extra_plan(case):
    """The parts of the full plan after the matrices (to run them in parallel)."""
    if case.variant == 'failures':
        failures(case)
        return
    periodic_jobs(case)
    if case.variant == 'defaults':
        random_walks(case, walks=1, length=20)
        locked(case)
        no_host(case)
        evacuations(case)


def matrices_plan(case):
    """The matrices of the full plan only."""
    if case.variant == 'failures':
        return
    if case.variant == 'defaults':
        matrix(case)
        held_matrix(case)
    else:
        matrix(case, states=[s for s in setups_for(case.settings)
                             if s in SETTINGS_STATES])
        held_matrix(case, holds=[h for h in holds_for(case.settings)
                                 if h[0] in SETTINGS_HOLDS])


def part(items):
    """NOVA_LIVE_PART=i/n: every n-th item from the i-th (to split a plan over processes)."""
    spec = os.environ.get('NOVA_LIVE_PART')
    if not spec:
        return list(items)
    index, count = (int(x) for x in spec.split('/'))
    return [item for i, item in enumerate(items) if i % count == index]


def matrix_plan(case):
    """The settled-state matrix only."""
    matrix(case, states=part(setups_for(case.settings)))


def held_plan(case):
    """The held-task matrix only (for other variants than defaults: the settings' holds)."""
    holds = [h for h in holds_for(case.settings)
             if case.variant == 'defaults' or h[0] in SETTINGS_HOLDS]
    held_matrix(case, holds=part(holds))


PLANS = {'smoke': smoke_plan, 'full': full_plan, 'matrices': matrices_plan,
         'matrix': matrix_plan, 'held': held_plan, 'extra': extra_plan}


def run(variant, plan, out, seed, counts):
    settings = VARIANTS[variant]
    case_class = type('LiveNova_%s' % variant, (LiveNova,), {
        'variant': variant, 'settings': settings,
        'plan': staticmethod(PLANS[plan]), 'out': out,
        'rng': random.Random('%s:%s' % (seed, variant)), 'counts': counts,
    })
    case = case_class('test_run')
    result = unittest.TestResult()
    case.run(result)
    for _test, error in result.errors + result.failures:
        sys.stderr.write(error)
    return result.wasSuccessful()


def merge(parts, out_path, seed):
    """Concatenate part files into one trace with one header."""
    headers, lines = [], []
    for path in parts:
        opener = gzip.open if path.endswith('.gz') else open
        with opener(path, 'rt') as handle:
            for line in handle:
                if not line.endswith('\n'):
                    continue  # a part cut short
                record = json.loads(line)
                if record.get('kind') == 'header':
                    headers.append(record)
                else:
                    lines.append(line)
    header = dict(headers[0])
    header['plan'] = 'full'
    header['parts'] = [{'plan': h['plan'], 'variants': h['variants'], 'part': h.get('part')}
                       for h in headers]
    counts = {}
    for line in lines:
        record = json.loads(line)
        key = record['variant']
        counts[key] = counts.get(key, 0) + 1
    header['records_per_variant'] = counts
    header['variants'] = sorted({json.loads(line)['variant'] for line in lines})
    header['settings'] = {v: VARIANTS[v] for v in header['variants']}
    header['seed'] = seed
    header['records'] = len(lines)
    opener = gzip.open if out_path.endswith('.gz') else open
    # mtime=0: the same run compresses to the same bytes.
    if out_path.endswith('.gz'):
        handle = gzip.GzipFile(out_path, 'wb', mtime=0)
        handle.write((json.dumps(header, sort_keys=True) + '\n').encode())
        for line in lines:
            handle.write(line.encode())
        handle.close()
    else:
        with opener(out_path, 'wt') as handle:
            handle.write(json.dumps(header, sort_keys=True) + '\n')
            handle.writelines(lines)
    print('merged %d records from %d parts into %s' % (len(lines), len(parts), out_path))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--merge', nargs='+', metavar='PART',
                        help='merge part files (written by earlier runs) into --out')
    parser.add_argument('--variant', action='append', choices=sorted(VARIANTS))
    parser.add_argument('--plan', default='smoke', choices=sorted(PLANS))
    parser.add_argument('--seed', type=int, default=11)
    parser.add_argument('--out', required=True)
    args = parser.parse_args()
    if args.merge:
        return merge(args.merge, args.out, args.seed)
    variants = args.variant or list(VARIANTS)
    opener = gzip.open if args.out.endswith('.gz') else open
    ok = True
    started = time.monotonic()
    import importlib.metadata as md
    header = {'kind': 'header', 'nova': md.version('nova'),
              'placement': md.version('openstack-placement'),
              'python': sys.version.split()[0], 'harness': HARNESS_VERSION,
              'seed': args.seed, 'plan': args.plan, 'variants': variants,
              'part': os.environ.get('NOVA_LIVE_PART'),
              'settings': {v: VARIANTS[v] for v in variants}}
    totals = {'records': 0, 'observations': 0}
    with opener(args.out, 'wt') as out:
        out.write(json.dumps(header, sort_keys=True) + '\n')
        for variant in variants:
            counts = {'records': 0, 'observations': 0}
            success = run(variant, args.plan, out, args.seed, counts)
            print('%s: %d records, %d observations, %s' % (
                variant, counts['records'], counts['observations'],
                'ok' if success else 'FAILED'), flush=True)
            ok = ok and success
            for key in totals:
                totals[key] += counts[key]
    print('nova %s: %d records, %d observations in %.0f s' % (
        header['nova'], totals['records'], totals['observations'],
        time.monotonic() - started))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
