//! `server-lifecycle plan REQUEST --from STATUS`: what to wait for after a request.

use serde_json::{json, Value};
use server_lifecycle::nova::Microversion;
use server_lifecycle::{Event, Plan, Status, StatusSet};

use crate::exit::Failure;
use crate::format::{RequestArg, TextOrJson as Format};
use crate::Outcome;

/// Arguments of `plan`.
#[derive(clap::Args)]
pub struct Args {
    /// The request, e.g. resize, confirm_resize, shelve, delete, create.
    request: RequestArg,
    /// The status the server is in when the request is made (any spelling: SHUTOFF,
    /// stopped, ...). Required for every request but `create`.
    #[arg(long = "from", value_name = "STATUS")]
    from: Option<Status>,
    #[command(flatten)]
    settings: crate::settings_args::SettingsArgs,
    /// The compute API microversion the request is made with, e.g. 2.94, or latest
    /// (from 2.95 an evacuated server is left stopped). Default: latest (2.104).
    #[arg(long, value_name = "MAJOR.MINOR", default_value_t = Microversion::LATEST)]
    microversion: Microversion,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub fn run(args: &Args) -> Outcome {
    let RequestArg(request) = args.request;
    let settings = args.settings.settings();
    let plan = match (args.from, request) {
        (None, Event::Create) => Plan::create(settings),
        (None, _) => {
            return Err(Failure::bad_input(format!(
                "--from STATUS is required for {request}"
            )))
        }
        (Some(from), _) => Plan::new(request, from, settings).map_err(Failure::refused)?,
    }
    .with_microversion(args.microversion);
    match args.format {
        Format::Json => crate::exit::print(&format!("{:#}\n", document(&plan))),
        Format::Text => crate::exit::print(&text(&plan)),
    }
}

fn names(set: StatusSet) -> Value {
    Value::from(set.iter().map(Status::as_str).collect::<Vec<_>>())
}

fn nova_names(set: StatusSet) -> Value {
    Value::from(set.iter().map(Status::nova_name).collect::<Vec<_>>())
}

/// The JSON document: `pending`, `target` and `failure` first (the contract), then more;
/// each status also in Nova's spelling under `nova_` + its key.
pub fn document(plan: &Plan) -> Value {
    let settings = plan.settings();
    json!({
        "pending": names(plan.pending()),
        "target": names(plan.target()),
        "failure": names(plan.failure()),
        "fail_fast": names(plan.fail_fast()),
        "ambiguous": names(plan.ambiguous()),
        "request": plan.request().as_str(),
        "effective_request": plan.effective_request().as_str(),
        "from": plan.from().as_str(),
        "runs_under_start": plan.runs_under_start(),
        "sets_task_state": plan.sets_task_state(),
        "settings": {
            "resize_confirm_window": settings.resize_confirm_window(),
            "shelved_offload_time": settings.shelved_offload_time(),
            "reclaim_instance_interval": settings.reclaim_instance_interval(),
        },
        "notes": plan.notes(),
        "nova_pending": nova_names(plan.pending()),
        "nova_target": nova_names(plan.target()),
        "nova_failure": nova_names(plan.failure()),
        "nova_fail_fast": nova_names(plan.fail_fast()),
        "nova_ambiguous": nova_names(plan.ambiguous()),
        "nova_from": plan.from().nova_name(),
        "microversion": plan.microversion().to_string(),
    })
}

fn text(plan: &Plan) -> String {
    let settings = plan.settings();
    let at = if plan.microversion() == Microversion::LATEST {
        String::new()
    } else {
        format!(" at microversion {}", plan.microversion())
    };
    let mut out = format!(
        "plan for {} from {}{at} (resize confirm window {} s, shelved offload time {} s, reclaim interval {} s)\n\n",
        plan.request(),
        crate::format::name(plan.from()),
        settings.resize_confirm_window(),
        settings.shelved_offload_time(),
        settings.reclaim_instance_interval()
    );
    let rows = [
        ("pending", plan.pending(), "still in progress"),
        ("target", plan.target(), "done"),
        ("failure", plan.failure(), "the request failed"),
        (
            "fail fast",
            plan.fail_fast(),
            "the target needs a new request",
        ),
    ];
    for (name, set, meaning) in rows {
        let set = if set.is_empty() {
            "none".to_owned()
        } else {
            crate::format::status_list(set)
        };
        out.push_str(&format!("  {name:<10} {meaning:<31} {set}\n"));
    }
    let notes = plan.notes();
    if !notes.is_empty() {
        out.push_str("\nnotes:\n");
        for note in notes {
            out.push_str(&format!("  - {note}\n"));
        }
    }
    out
}
