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
from nova.tests.functional import integrated_helpers
from nova.virt import fake as fake_virt
from oslo_utils import timeutils

HARNESS_VERSION = 1
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
    'defaults': dict(resize_confirm_window=0, shelved_offload_time=0,
                     reclaim_instance_interval=0),
    'shelve_keep': dict(resize_confirm_window=0, shelved_offload_time=-1,
                        reclaim_instance_interval=0),
    'periodic': dict(resize_confirm_window=3600, shelved_offload_time=3600,
                     reclaim_instance_interval=3600),
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
        self.fail_method = None
        self.fail_count = 0

    def wrap(self, name, original):
        control = self

        def wrapper(driver, *args, **kwargs):
            control.calls.append(name)
            if control.gate_method == name:
                control.gate_method = None
                control.reached.set()
                control.release.wait(60)
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
        self.busy = False

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
        if self.tracked is None or instance.uuid != self.tracked or self.busy:
            return
        self.busy = True
        try:
            entry = self.snapshot('save', instance)
        finally:
            self.busy = False
        if entry is not None:
            self.observations.append(entry)
            self.last_change = time.monotonic()


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

    def setUp(self):
        paste = os.path.join(sys.prefix, 'etc', 'nova', 'api-paste.ini')
        self.flags(api_paste_config=paste, group='wsgi')
        self.flags(**self.settings)
        self.flags(instance_build_timeout=0)
        super().setUp()
        install_driver_wrappers()
        install_save_hook()
        self.flags(allow_resize_to_same_host=False)
        self.hosts = ['host1', 'host2']
        for host in self.hosts:
            self._start_compute(host)
        flavors = self.api.get_flavors()
        self.flavor_ids = [f['id'] for f in flavors][:2]
        self.image = '155d900f-4e14-4e4c-a73d-069cbf4541e6'
        RECORDER.api = self.admin_api
        self.records = 0
        self.observations = 0
        self.counter = 0

    def test_run(self):
        try:
            self.plan(self)
        finally:
            log = os.environ.get('NOVA_LIVE_LOG')
            if log:
                with open(log, 'a') as handle:
                    handle.write(self.stdlog.logger.output)

    # -- helpers ------------------------------------------------------------------

    def log_record(self, record):
        record['variant'] = self.variant
        record['settings'] = self.settings
        self.out.write(json.dumps(record, sort_keys=True) + '\n')
        self.out.flush()
        self.records += 1
        self.observations += len(record.get('observations', []))

    def state(self, sid):
        return read_server(self.admin_api, sid)

    def other_flavor(self):
        current = self.admin_api.get_server(self.sid)['flavor']['original_name']
        for flavor in self.api.get_flavors():
            if flavor['name'] != current and flavor['id'] in self.flavor_ids:
                return flavor['id']
        return self.flavor_ids[1]

    def migration_id(self):
        response = self.admin_api.api_request(
            'servers/%s/migrations' % self.sid, method='GET')
        if response.status_code == 200:
            migrations = response.json().get('migrations', [])
            if migrations:
                return migrations[0]['id']
        return 999999

    def settle(self, sid, quiet=0.5, limit=30.0):
        """Poll until the task is done and nothing was saved for `quiet` seconds."""
        start = time.monotonic()
        polls = []
        while True:
            time.sleep(0.05)
            now = self.state(sid)
            if not polls or polls[-1] != now:
                polls.append(now)
            idle = time.monotonic() - RECORDER.last_change
            done = now.get('http') == 404 or (
                now.get('task_state') is None and now.get('vm_state') != 'building')
            if done and idle >= quiet:
                return now, polls
            if time.monotonic() - start > limit:
                return now, polls

    def boot(self, host=None):
        body = {'server': {
            'name': 'live-%d' % self.counter, 'imageRef': self.image,
            'flavorRef': self.flavor_ids[0], 'networks': 'none',
        }}
        if host:
            body['server']['availability_zone'] = 'nova:%s' % host
        self.counter += 1
        response = self.admin_api.api_request(
            'servers', method='POST', body=json.dumps(body),
            headers={'Content-Type': 'application/json'})
        if response.status_code != 202:
            raise RuntimeError('boot failed: %s' % response.text)
        sid = response.json()['server']['id']
        return sid, response

    def request(self, sid, name, sequence, microversion='latest', note=None):
        """Make one request and record it, with every observation until it settles."""
        self.sid = sid
        before = self.state(sid)
        method, uri, body = REQUESTS[name](self)
        RECORDER.tracked = sid
        RECORDER.observations = []
        RECORDER.last_change = time.monotonic()
        self.admin_api.microversion = microversion
        headers = {'Content-Type': 'application/json'}
        response = self.admin_api.api_request(
            uri, method=method, headers=headers,
            body=json.dumps(body) if body is not None else None)
        self.admin_api.microversion = 'latest'
        after, polls = self.settle(sid)
        record = {
            'sequence': sequence,
            'request': name,
            'method': method,
            'uri': uri.replace(sid, '{server}'),
            'body': body,
            'microversion': response.headers.get('OpenStack-API-Version',
                                                 microversion),
            'http': response.status_code,
            'before': before,
            'observations': list(RECORDER.observations),
            'polls': polls,
            'after': after,
        }
        if response.status_code >= 400:
            try:
                record['error'] = response.json()
            except ValueError:
                record['error'] = response.text[:300]
        if note:
            record['note'] = note
        RECORDER.tracked = None
        self.log_record(record)
        return record

    def create(self, sequence, host=None):
        """Create a server, recorded like any request."""
        RECORDER.observations = []
        RECORDER.last_change = time.monotonic()
        # The id is known only after the POST returns; track every instance until then.
        RECORDER.tracked = '*'
        sid, response = self.boot(host)
        RECORDER.tracked = sid
        after, polls = self.settle(sid)
        record = {
            'sequence': sequence, 'request': 'create', 'method': 'POST',
            'uri': 'servers', 'body': None,
            'microversion': response.headers.get('OpenStack-API-Version'),
            'http': response.status_code, 'before': None,
            'observations': list(RECORDER.observations), 'polls': polls,
            'after': after,
        }
        RECORDER.tracked = None
        self.log_record(record)
        return sid


# --------------------------------------------------------------------------------------
# Plans: the sequences each variant runs.
# --------------------------------------------------------------------------------------


def smoke_plan(case):
    sid = case.create('smoke')
    for name in ['stop', 'start', 'reboot', 'reboot_hard', 'pause', 'stop',
                 'unpause', 'delete']:
        case.request(sid, name, 'smoke')


PLANS = {'smoke': smoke_plan}


def run(variant, plan, out):
    settings = VARIANTS[variant]
    case_class = type('LiveNova_%s' % variant, (LiveNova,), {
        'variant': variant, 'settings': settings,
        'plan': staticmethod(PLANS[plan]), 'out': out,
    })
    case = case_class('test_run')
    result = unittest.TestResult()
    case.run(result)
    for _test, error in result.errors + result.failures:
        sys.stderr.write(error)
    return case, result.wasSuccessful()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--variant', action='append', choices=sorted(VARIANTS))
    parser.add_argument('--plan', default='smoke', choices=sorted(PLANS))
    parser.add_argument('--seed', type=int, default=11)
    parser.add_argument('--out', required=True)
    args = parser.parse_args()
    random.seed(args.seed)
    variants = args.variant or sorted(VARIANTS)
    opener = gzip.open if args.out.endswith('.gz') else open
    ok = True
    started = time.monotonic()
    with opener(args.out, 'wt') as out:
        for variant in variants:
            case, success = run(variant, args.plan, out)
            print('%s: %d requests, %d observations, %s' % (
                variant, getattr(case, 'records', 0),
                getattr(case, 'observations', 0), 'ok' if success else 'FAILED'))
            ok = ok and success
    print('done in %.0f s' % (time.monotonic() - started))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
