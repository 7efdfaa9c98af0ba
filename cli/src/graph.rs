//! `server-lifecycle graph`: the model as a Mermaid or Graphviz diagram.

use server_lifecycle::machine;
use server_lifecycle::render::{self, DiagramOptions};
use server_lifecycle::Status;

use crate::exit::Failure;
use crate::Outcome;

/// Arguments of `graph`.
#[derive(clap::Args)]
pub struct Args {
    /// Diagram language: `mermaid` (renders on code hosts) or `dot` (Graphviz: pipe it to
    /// `dot -Tsvg`).
    #[arg(long, value_enum, default_value_t = Format::Mermaid)]
    format: Format,
    /// Which graph: `status` (the statuses users see) or `nova` (Nova's vm_states,
    /// projected from the status table).
    #[arg(long, value_enum, default_value_t = Layer::Status)]
    layer: Layer,
    /// Only the edges into and out of STATUS, in any spelling (status layer only), e.g.
    /// `--focus VERIFY_RESIZE`.
    #[arg(long, value_name = "STATUS")]
    focus: Option<Status>,
    #[arg(long, help = hide_common_help())]
    hide_common: bool,
    /// Write the requests that leave a status unchanged (snapshot, backup, ...) inside its
    /// box instead of drawing them as loops, e.g. `--hide-common --loops-in-nodes` for
    /// the picture docs/model.md shows.
    #[arg(long)]
    loops_in_nodes: bool,
}

/// The help of `--hide-common`, naming the events it hides (derived from the table).
fn hide_common_help() -> String {
    let hidden: Vec<&str> = machine::common_events()
        .iter()
        .map(|event| event.as_str())
        .collect();
    format!(
        "Leave out the edges every status has, so the picture stays readable: {}, e.g. \
         `graph --hide-common --format dot | dot -Tsvg > status.svg`",
        hidden.join(", ")
    )
}

/// A diagram language.
#[derive(Copy, Clone, clap::ValueEnum)]
enum Format {
    /// Mermaid flowchart.
    Mermaid,
    /// Graphviz DOT digraph.
    Dot,
}

/// A layer of the model.
#[derive(Copy, Clone, clap::ValueEnum)]
enum Layer {
    /// The status layer.
    Status,
    /// Nova's vm_state graph.
    Nova,
}

pub fn run(args: &Args) -> Outcome {
    let mut options = DiagramOptions::new();
    if args.hide_common {
        options = options.hide_common();
    }
    if args.loops_in_nodes {
        options = options.loops_in_nodes();
    }
    if let Some(focus) = args.focus {
        if matches!(args.layer, Layer::Nova) {
            return Err(Failure::bad_input(
                "--focus takes a status and applies to --layer status only",
            ));
        }
        options = options.focus(focus);
    }
    if crate::format::nova_names_chosen() {
        options = options.nova_names();
    }
    let text = match (args.layer, args.format) {
        (Layer::Status, Format::Mermaid) => render::status_mermaid(&options),
        (Layer::Status, Format::Dot) => render::status_dot(&options),
        (Layer::Nova, Format::Mermaid) => render::nova_mermaid(&options),
        (Layer::Nova, Format::Dot) => render::nova_dot(&options),
    };
    crate::exit::print(&text)
}
