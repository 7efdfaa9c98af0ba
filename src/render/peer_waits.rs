//! The peers table of `docs/waiting.md`: what the usual waits of openstacksdk, Terraform's
//! OpenStack provider and gophercloud do after each request, judged against the
//! [`Waiter`]'s sets for the same request and start.
//!
//! The peers' status lists are data (as written in their code, cited in the docs); every
//! judgement is computed: each status the server may show after the request is put to
//! the peer's rule and to the waiter.

use crate::{CloudSettings, Event, Status, StatusSet, Waiter};

/// How a peer's wait treats a status.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Says {
    Done,
    Fail,
    Wait,
}

/// One peer's usual wait for a request.
#[derive(Copy, Clone)]
struct PeerWait {
    /// The statuses it stops at as done.
    target: &'static [&'static str],
    /// Terraform's `Pending`: when set, any other status that is not a target is an
    /// "unexpected state" error.
    pending: Option<&'static [&'static str]>,
    /// The statuses it stops at as failed.
    failures: &'static [&'static str],
    /// Whether a 404 is done (a wait for deletion); otherwise it is an error.
    not_found_done: bool,
}

const fn sdk(target: &'static [&'static str]) -> Option<PeerWait> {
    Some(PeerWait {
        target,
        pending: None,
        failures: &["ERROR"],
        not_found_done: false,
    })
}

const fn gophercloud(target: &'static [&'static str]) -> Option<PeerWait> {
    Some(PeerWait {
        target,
        pending: None,
        failures: &[],
        not_found_done: false,
    })
}

const fn terraform(
    pending: Option<&'static [&'static str]>,
    target: &'static [&'static str],
) -> Option<PeerWait> {
    Some(PeerWait {
        target,
        pending,
        failures: &[],
        // ServerV2StateRefreshFunc reports a 404 as the state "DELETED".
        not_found_done: false,
    })
}

/// The usual waits: (request, openstacksdk, Terraform, gophercloud).
fn peer_waits() -> Vec<(Event, [Option<PeerWait>; 3])> {
    use Event as E;
    const ACTIVE: &[&str] = &["ACTIVE"];
    let deleted = PeerWait {
        target: &[],
        pending: None,
        failures: &[],
        not_found_done: true,
    };
    let terraform_delete = PeerWait {
        target: &["DELETED", "SOFT_DELETED"],
        pending: Some(&["ACTIVE", "SHUTOFF"]),
        failures: &[],
        not_found_done: true,
    };
    vec![
        (
            E::Create,
            [
                sdk(ACTIVE),
                terraform(Some(&["BUILD"]), ACTIVE),
                gophercloud(ACTIVE),
            ],
        ),
        (E::Reboot, [sdk(ACTIVE), None, gophercloud(ACTIVE)]),
        (E::RebootHard, [sdk(ACTIVE), None, gophercloud(ACTIVE)]),
        (
            E::Rebuild,
            [
                sdk(ACTIVE),
                terraform(Some(&["REBUILD"]), &["ACTIVE", "SHUTOFF"]),
                gophercloud(ACTIVE),
            ],
        ),
        (E::Evacuate, [sdk(ACTIVE), None, gophercloud(ACTIVE)]),
        (
            E::Resize,
            [
                sdk(&["VERIFY_RESIZE"]),
                terraform(Some(&["RESIZE"]), &["VERIFY_RESIZE"]),
                gophercloud(&["VERIFY_RESIZE"]),
            ],
        ),
        (
            E::Migrate,
            [
                sdk(&["VERIFY_RESIZE"]),
                None,
                gophercloud(&["VERIFY_RESIZE"]),
            ],
        ),
        (
            E::ConfirmResize,
            [
                sdk(ACTIVE),
                terraform(Some(&["VERIFY_RESIZE"]), &["ACTIVE", "SHUTOFF"]),
                gophercloud(ACTIVE),
            ],
        ),
        (E::RevertResize, [sdk(ACTIVE), None, gophercloud(ACTIVE)]),
        (E::LiveMigrate, [sdk(ACTIVE), None, gophercloud(ACTIVE)]),
        (
            E::Rescue,
            [sdk(&["RESCUE"]), None, gophercloud(&["RESCUE"])],
        ),
        (E::Unrescue, [sdk(ACTIVE), None, gophercloud(ACTIVE)]),
        (
            E::Pause,
            [
                sdk(&["PAUSED"]),
                terraform(None, &["PAUSED"]),
                gophercloud(&["PAUSED"]),
            ],
        ),
        (
            E::Unpause,
            [sdk(ACTIVE), terraform(None, ACTIVE), gophercloud(ACTIVE)],
        ),
        (
            E::Suspend,
            [sdk(&["SUSPENDED"]), None, gophercloud(&["SUSPENDED"])],
        ),
        (
            E::Resume,
            [sdk(ACTIVE), terraform(None, ACTIVE), gophercloud(ACTIVE)],
        ),
        (
            E::Stop,
            [
                sdk(&["SHUTOFF"]),
                terraform(None, &["SHUTOFF"]),
                gophercloud(&["SHUTOFF"]),
            ],
        ),
        (
            E::Start,
            [sdk(ACTIVE), terraform(None, ACTIVE), gophercloud(ACTIVE)],
        ),
        (
            E::Shelve,
            [
                sdk(&["SHELVED_OFFLOADED"]),
                terraform(None, &["SHELVED_OFFLOADED"]),
                gophercloud(&["SHELVED_OFFLOADED"]),
            ],
        ),
        (
            E::Unshelve,
            [sdk(ACTIVE), terraform(None, ACTIVE), gophercloud(ACTIVE)],
        ),
        (E::Delete, [Some(deleted), Some(terraform_delete), None]),
        (E::ForceDelete, [Some(deleted), None, None]),
    ]
}

impl PeerWait {
    fn says(&self, seen: Option<Status>) -> Says {
        let Some(status) = seen else {
            return if self.not_found_done {
                Says::Done
            } else {
                Says::Fail
            };
        };
        let name = status.nova_name();
        if self.target.contains(&name) {
            Says::Done
        } else if self.failures.contains(&name)
            || self.pending.is_some_and(|pending| !pending.contains(&name))
        {
            // A failure status, or Terraform's "unexpected state".
            Says::Fail
        } else {
            Says::Wait
        }
    }

    fn cell(&self, waiter: &Waiter) -> String {
        let mut problems: Vec<String> = Vec::new();
        // What a GET may show after the request: a deleted server is a 404, never
        // DELETED; failures are where the run rolls back to from this start.
        let shown: Vec<Option<Status>> = waiter
            .pending()
            .union(waiter.target())
            .union(waiter.rollback().intersection(waiter.failure()))
            .union(StatusSet::EMPTY.with(Status::Error))
            .without(Status::Deleted)
            .iter()
            .map(Some)
            .chain(waiter.ends_when_not_found().then_some(None))
            .collect();
        for seen in shown {
            let name = seen.map_or("404", Status::nova_name);
            let verdict = waiter.verdict(match seen {
                Some(status) => crate::Sighting::status(status),
                None => crate::Sighting::NOT_FOUND,
            });
            let pending = seen.is_some_and(|s| waiter.pending().contains(s));
            let target = seen.is_none_or(|s| waiter.target().contains(s));
            let problem = match (self.says(seen), pending, target) {
                (Says::Done, true, true) => Some(format!(
                    "may stop early at {name} (only the task_state tells)"
                )),
                (Says::Done, true, false) => Some(format!("stops early at {name}")),
                (Says::Done, false, false) => Some(format!("misses the failure at {name}")),
                (Says::Wait, false, true) => Some(format!("hangs at {name} (done)")),
                (Says::Wait, false, false) if verdict.is_failed() => {
                    Some(format!("hangs at {name} (failed)"))
                }
                (Says::Fail, _, true) if !pending => Some(format!("fails at {name} (done)")),
                (Says::Fail, true, _) => Some(format!("fails at {name} (in progress)")),
                _ => None,
            };
            problems.extend(problem);
        }
        let target = if self.not_found_done && self.target.is_empty() {
            "404".to_owned()
        } else {
            self.target.join(", ")
        };
        if problems.is_empty() {
            format!("{target}: ok")
        } else {
            format!("{target}: {}", problems.join("; "))
        }
    }
}

/// The peers table (the one in `docs/waiting.md`): for each request the peers have a
/// usual wait for, and each idle status it is allowed from (Nova's default settings),
/// the waiter's target and what openstacksdk's `wait_for_server` / `wait_for_delete`,
/// Terraform's `StateChangeConf` and gophercloud's `WaitForStatus` would do: `ok`, or
/// where they hang, stop early, miss a failure or fail on a success.
///
/// # Examples
///
/// ```
/// let table = server_lifecycle::render::peer_waits_markdown();
/// assert!(table.starts_with("| request | from | waiter: target (passing) |"));
/// assert!(table.contains("| `rebuild` | STOPPED | STOPPED (ACTIVE) |"));
/// ```
#[must_use]
pub fn peer_waits_markdown() -> String {
    let mut out = String::from(
        "| request | from | waiter: target (passing) | openstacksdk | Terraform | gophercloud |\n|---|---|---|---|---|---|\n",
    );
    let settings = CloudSettings::NOVA_DEFAULTS;
    for (request, peers) in peer_waits() {
        let starts: Vec<(String, Waiter)> = if request == Event::Create {
            vec![("(new server)".to_owned(), Waiter::create(settings))]
        } else {
            Status::ALL
                .into_iter()
                .filter(|from| !from.is_transitional() && !from.is_indeterminate())
                .filter_map(|from| {
                    Waiter::new(request, from, settings)
                        .ok()
                        .map(|waiter| (from.as_str().to_owned(), waiter))
                })
                .collect()
        };
        for (from, waiter) in starts {
            let target = if waiter.ends_when_not_found() {
                "not found (404)".to_owned()
            } else {
                waiter.target().to_string()
            };
            let passing = waiter
                .pending()
                .intersection(waiter.plan().target())
                .difference(waiter.target());
            let target = if passing == StatusSet::EMPTY {
                target
            } else {
                format!("{target} ({passing})")
            };
            let cells: Vec<String> = peers
                .iter()
                .map(|peer| peer.map_or_else(|| "—".to_owned(), |peer| peer.cell(&waiter)))
                .collect();
            out.push_str(&format!(
                "| `{request}` | {from} | {target} | {} |\n",
                cells.join(" | ")
            ));
        }
    }
    out
}
