//! The plan table of `docs/waiting.md`: what to wait for after every request, from every
//! status that allows it, for Nova's default settings and each setting that changes it.

use crate::{CloudSettings, Event, Plan, Status};

const DEFAULTS: CloudSettings = CloudSettings::NOVA_DEFAULTS;

/// The settings that change plans, as the docs name them.
fn named_settings() -> [(&'static str, CloudSettings); 4] {
    [
        (
            "`resize_confirm_window` > 0",
            DEFAULTS.with_resize_confirm_window(3600),
        ),
        (
            "`shelved_offload_time` > 0",
            DEFAULTS.with_shelved_offload_time(3600),
        ),
        (
            "`shelved_offload_time` = -1",
            DEFAULTS.with_shelved_offload_time(-1),
        ),
        (
            "`reclaim_instance_interval` > 0",
            DEFAULTS.with_reclaim_instance_interval(86400),
        ),
    ]
}

fn plan_cells(plan: &Plan) -> String {
    format!(
        "{} | {} | {}",
        plan.pending(),
        plan.target(),
        plan.failure()
    )
}

/// Every plan as a Markdown table (the one in `docs/waiting.md`): for each request and
/// each status that allows it, the pending, target and failure statuses with Nova's
/// default settings, and a row for each setting that changes them.
///
/// # Examples
///
/// ```
/// let table = server_lifecycle::render::plan_table_markdown();
/// assert!(table.starts_with("| request | from | cloud settings | pending | target | failure |"));
/// assert!(table.contains("| `stop` | ACTIVE *(runs under)* | Nova defaults |"));
/// ```
#[must_use]
pub fn plan_table_markdown() -> String {
    let mut out = String::from(
        "| request | from | cloud settings | pending | target | failure |\n|---|---|---|---|---|---|\n",
    );
    let mut push =
        |request: Event, from: &str, default: Plan, variants: &dyn Fn(CloudSettings) -> Plan| {
            let runs_under = if default.runs_under_start() {
                " *(runs under)*"
            } else {
                ""
            };
            out.push_str(&format!(
                "| `{request}` | {from}{runs_under} | Nova defaults | {} |\n",
                plan_cells(&default)
            ));
            for (name, settings) in named_settings() {
                let changed = variants(settings);
                if plan_cells(&changed) != plan_cells(&default) {
                    out.push_str(&format!("| | | {name} | {} |\n", plan_cells(&changed)));
                }
            }
        };
    push(
        Event::Create,
        "(new server)",
        Plan::create(DEFAULTS),
        &Plan::create,
    );
    for request in Event::ALL.into_iter().filter(|event| event.is_request()) {
        for from in Status::ALL {
            if let Ok(default) = Plan::new(request, from, DEFAULTS) {
                push(request, from.as_str(), default, &|settings| {
                    Plan::new(request, from, settings).unwrap_or(default)
                });
            }
        }
    }
    out
}
