#![no_main]
//! Nova server JSON (`GET /servers/{id}`, `/servers/detail`) from arbitrary bytes: reading
//! never panics, and every accessor of what was read answers.

use libfuzzer_sys::fuzz_target;
use server_lifecycle::nova::{status_of, PowerState, VmState};
use server_lifecycle::nova::{NovaServer, NovaServerBody, NovaServersBody, ServerJson};

fn check(server: &NovaServer) {
    let vm_state = server.vm_state();
    let task = server.task();
    if let Some(power) = server.power_state() {
        assert_eq!(server.power_state, Some(i64::from(power.code())));
        assert_eq!(PowerState::from_code(i64::from(power.code())), Some(power));
    }
    match (vm_state, server.status_from_states()) {
        (Some(vm), Some(status)) => assert_eq!(status, status_of(vm, task.task())),
        (None, Some(status)) => panic!("a status {status} without a vm_state"),
        _ => {}
    }
    if let Some(observation) = server.observation() {
        assert_eq!(Some(observation.status()), server.status.known());
        assert_eq!(observation.task(), task);
        let _ = format!("{observation:?}");
    }
    if let Some(Some(raw)) = &server.vm_state {
        assert_eq!(vm_state, VmState::parse_known(raw));
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(body) = serde_json::from_slice::<NovaServerBody>(data) {
        check(&body.server);
    }
    if let Ok(body) = serde_json::from_slice::<NovaServersBody>(data) {
        body.servers.iter().for_each(check);
    }
    if let Ok(server) = serde_json::from_slice::<NovaServer>(data) {
        check(&server);
    }
    // Every tool's shape (`nova::ServerJson`): each server read answers the same way.
    if let Ok(document) = serde_json::from_slice::<ServerJson>(data) {
        document.servers.iter().for_each(|record| check(&record.server));
        let _ = format!("{:?}", document.actions);
    }
});
