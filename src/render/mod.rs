//! Renderings of the model, computed from [`TRANSITIONS`](crate::table::TRANSITIONS):
//! Mermaid and Graphviz DOT diagrams of the status layer and of Nova's vm_state graph,
//! a Markdown transition table and an allowed-request matrix.
//!
//! Every function here is pure and returns a `String`; the caller decides where it goes.
//! The committed documents under `docs/` are these strings, and a test fails when they
//! drift from the table.
//!
//! ```
//! use server_lifecycle::render::{self, DiagramOptions};
//! use server_lifecycle::Status;
//!
//! // The readable picture: without the edges every status has (delete, reset, ...).
//! let mermaid = render::status_mermaid(&DiagramOptions::new().hide_common());
//! assert!(mermaid.starts_with("flowchart TB"));
//!
//! // Only what touches one status.
//! let dot = render::status_dot(&DiagramOptions::new().focus(Status::VerifyResize));
//! assert!(dot.contains("\"VERIFY_RESIZE\" -> \"REVERT_RESIZE\""));
//! ```
//!
//! # How the diagrams look
//!
//! * Statuses are drawn by kind: stable statuses as green rounded boxes, transitional
//!   ones as yellow hexagons (Mermaid) or dashed boxes (DOT), the terminal `DELETED` as a
//!   grey double circle, the failed `ERROR` in red and the indeterminate `UNKNOWN` in grey.
//!   A status Nova spells differently shows both names.
//! * Requests are solid edges; outcomes are dashed blue edges. Events between the same
//!   two statuses share one edge whose label lists them. A row with several results is
//!   one edge per result, each labelled with the event.
//! * A small start point marks `create`, which puts every server in `BUILDING`.

mod dot;
mod edges;
mod explorer;
mod export;
mod json;
mod markdown;
mod mermaid;
mod nova_graph;
mod nova_markdown;
mod peer_waits;
mod plan_markdown;

use crate::machine::common_events;
pub use dot::{nova_dot, status_dot};
pub use edges::{status_edges, StatusEdge};
pub use explorer::explorer_html;
pub use export::export_json;
pub use markdown::{
    event_table_markdown, outcome_table_markdown, request_matrix_markdown, status_table_markdown,
    transition_table_markdown,
};
pub use mermaid::{nova_mermaid, status_mermaid};
pub use nova_graph::{vm_state_edges, VmStateEdge};
pub use nova_markdown::{
    nova_doc_comparison_markdown, nova_guard_table_markdown, nova_list_filter_markdown,
    nova_status_map_markdown, nova_task_sequence_markdown,
};
pub use peer_waits::peer_waits_markdown;
pub use plan_markdown::plan_table_markdown;

use crate::{EventKind, Status, StatusKind};

/// What a diagram shows: every edge (the default), or without the edges every status
/// has ([`DiagramOptions::hide_common`]), or only the edges that touch one status
/// ([`DiagramOptions::focus`]).
///
/// # Examples
///
/// ```
/// use server_lifecycle::render::DiagramOptions;
/// use server_lifecycle::Status;
///
/// let options = DiagramOptions::new().hide_common().focus(Status::Shelved);
/// assert!(options.hides_common());
/// assert_eq!(options.focused(), Some(Status::Shelved));
/// assert_eq!(DiagramOptions::default(), DiagramOptions::new());
/// ```
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct DiagramOptions {
    hide_common: bool,
    loops_in_nodes: bool,
    focus: Option<Status>,
    nova_names: bool,
}

impl DiagramOptions {
    /// Every status and every edge.
    ///
    /// # Examples
    ///
    /// ```
    /// let options = server_lifecycle::render::DiagramOptions::new();
    /// assert!(!options.hides_common());
    /// assert_eq!(options.focused(), None);
    /// ```
    #[must_use]
    pub const fn new() -> DiagramOptions {
        DiagramOptions {
            hide_common: false,
            loops_in_nodes: false,
            focus: None,
            nova_names: false,
        }
    }

    /// Labels each status with Nova's spelling first (`SHUTOFF`, with the
    /// specification's `STOPPED` below it) instead of the other way round. Node ids stay
    /// the specification's names.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::render::{status_dot, status_mermaid, DiagramOptions};
    ///
    /// let options = DiagramOptions::new().nova_names();
    /// assert!(options.uses_nova_names());
    /// assert!(status_mermaid(&options).contains(r#"STOPPED("SHUTOFF<br/><small>spec: STOPPED</small>")"#));
    /// assert!(status_dot(&options).contains(r#"label="SHUTOFF\n(spec: STOPPED)""#));
    /// assert!(status_mermaid(&DiagramOptions::new()).contains(r#"STOPPED("STOPPED<br/><small>Nova: SHUTOFF</small>")"#));
    /// ```
    #[must_use]
    pub const fn nova_names(self) -> DiagramOptions {
        DiagramOptions {
            nova_names: true,
            ..self
        }
    }

    /// Whether statuses are labelled with Nova's spelling first
    /// ([`DiagramOptions::nova_names`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::render::DiagramOptions;
    ///
    /// assert!(!DiagramOptions::new().uses_nova_names());
    /// ```
    #[must_use]
    pub const fn uses_nova_names(&self) -> bool {
        self.nova_names
    }

    /// A status's two spellings, the one the diagram leads with first, and the other's
    /// origin (`Nova` or `spec`); `None` for the other when both are the same.
    pub(crate) fn spellings(
        &self,
        status: Status,
    ) -> (&'static str, Option<(&'static str, &'static str)>) {
        let (spec, nova) = (status.as_str(), status.nova_name());
        match (spec == nova, self.nova_names) {
            (true, _) => (spec, None),
            (false, false) => (spec, Some(("Nova", nova))),
            (false, true) => (nova, Some(("spec", spec))),
        }
    }

    /// The picture the docs commit: [`hide_common`](DiagramOptions::hide_common) and
    /// [`loops_in_nodes`](DiagramOptions::loops_in_nodes).
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::render::DiagramOptions;
    ///
    /// let readable = DiagramOptions::readable();
    /// assert!(readable.hides_common() && readable.draws_loops_in_nodes());
    /// ```
    #[must_use]
    pub const fn readable() -> DiagramOptions {
        DiagramOptions::new().hide_common().loops_in_nodes()
    }

    /// Writes the events that leave a status unchanged (snapshot, backup, ...) inside the
    /// status's box, after a `↻`, instead of drawing them as loops.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::render::{status_dot, DiagramOptions};
    ///
    /// let dot = status_dot(&DiagramOptions::new().loops_in_nodes());
    /// assert!(dot.contains("↻ snapshot, backup"));
    /// assert!(!dot.contains(r#""STOPPED" -> "STOPPED""#));
    /// ```
    #[must_use]
    pub const fn loops_in_nodes(self) -> DiagramOptions {
        DiagramOptions {
            loops_in_nodes: true,
            ..self
        }
    }

    /// Leaves out the edges of the [`common_events`]: the ones every status has (delete,
    /// soft delete, force delete, the admin resets, lost contact) and the one that leads
    /// everywhere (restored contact). The diagram says in its caption what it left out.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::render::{self, DiagramOptions};
    ///
    /// let all = render::status_edges(&DiagramOptions::new()).len();
    /// let some = render::status_edges(&DiagramOptions::new().hide_common()).len();
    /// assert!(some < all);
    /// ```
    #[must_use]
    pub const fn hide_common(self) -> DiagramOptions {
        DiagramOptions {
            hide_common: true,
            ..self
        }
    }

    /// Keeps only the edges that leave or enter `status` (and the statuses they join).
    /// The Nova vm_state graph has no statuses and ignores it.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::render::{self, DiagramOptions};
    /// use server_lifecycle::Status;
    ///
    /// let edges = render::status_edges(&DiagramOptions::new().focus(Status::Rescued));
    /// assert!(edges.iter().all(|edge| edge.from == Status::Rescued || edge.to == Status::Rescued));
    /// ```
    #[must_use]
    pub const fn focus(self, status: Status) -> DiagramOptions {
        DiagramOptions {
            focus: Some(status),
            ..self
        }
    }

    /// Whether the events that leave a status unchanged are written in its box.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::render::DiagramOptions;
    ///
    /// assert!(DiagramOptions::new().loops_in_nodes().draws_loops_in_nodes());
    /// assert!(!DiagramOptions::new().draws_loops_in_nodes());
    /// ```
    #[must_use]
    pub const fn draws_loops_in_nodes(&self) -> bool {
        self.loops_in_nodes
    }

    /// Whether the common edges are left out.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(server_lifecycle::render::DiagramOptions::new().hide_common().hides_common());
    /// ```
    #[must_use]
    pub const fn hides_common(&self) -> bool {
        self.hide_common
    }

    /// The status the diagram is focused on, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// use server_lifecycle::render::DiagramOptions;
    /// use server_lifecycle::Status;
    ///
    /// assert_eq!(DiagramOptions::new().focus(Status::Paused).focused(), Some(Status::Paused));
    /// ```
    #[must_use]
    pub const fn focused(&self) -> Option<Status> {
        self.focus
    }
}

/// The statuses a status diagram draws: all of them, or those joined to the focus.
fn drawn_statuses(options: &DiagramOptions, edges: &[StatusEdge]) -> Vec<Status> {
    match options.focused() {
        None => Status::ALL.to_vec(),
        Some(focus) => Status::ALL
            .into_iter()
            .filter(|status| {
                *status == focus
                    || edges
                        .iter()
                        .any(|edge| edge.from == *status || edge.to == *status)
            })
            .collect(),
    }
}

/// Whether the start point (`create` into the initial status) is drawn.
fn draws_start(options: &DiagramOptions) -> bool {
    options
        .focused()
        .is_none_or(|status| status == crate::table::INITIAL)
}

/// The caption of a status diagram, line by line: what it shows and what it leaves out.
///
/// # Examples
///
/// ```
/// use server_lifecycle::render::{diagram_caption, DiagramOptions};
///
/// let caption = diagram_caption(&DiagramOptions::readable());
/// assert!(caption.last().unwrap().contains("reset_state_active"));
/// ```
#[must_use]
pub fn diagram_caption(options: &DiagramOptions) -> Vec<String> {
    caption(options)
}

/// The caption of a status diagram, line by line: what it shows and what it leaves out.
fn caption(options: &DiagramOptions) -> Vec<String> {
    let mut caption = vec![match options.focused() {
        None => String::from(
            "Server statuses: solid edges are requests, dashed edges outcomes, red edges lead to ERROR",
        ),
        Some(status) => format!(
            "Edges into and out of {status}: solid edges are requests, dashed edges outcomes"
        ),
    }];
    if options.draws_loops_in_nodes() {
        caption.push(String::from(
            "↻ in a box: requests that leave the status unchanged",
        ));
    }
    if options.hides_common() {
        caption.push(format!(
            "Not drawn, because every status has them: {}",
            event_list(common_events())
        ));
    }
    caption
}

/// The events that leave `status` unchanged, when the options write them in its box.
fn loop_events<'a>(
    options: &DiagramOptions,
    edges: &'a [StatusEdge],
    status: Status,
) -> Option<Vec<&'a str>> {
    if !options.draws_loops_in_nodes() {
        return None;
    }
    let events: Vec<&str> = edges
        .iter()
        .filter(|edge| edge.from == status && edge.to == status)
        .flat_map(|edge| edge.events.iter().map(|event| event.as_str()))
        .collect();
    (!events.is_empty()).then_some(events)
}

/// How many event names a line inside a box holds.
const NAMES_PER_LINE: usize = 4;

/// `↻ a, b, c, d` lines of at most [`NAMES_PER_LINE`] names, joined by `line_break`.
fn loop_lines(names: &[&str], line_break: &str) -> String {
    let lines: Vec<String> = names
        .chunks(NAMES_PER_LINE)
        .map(|chunk| chunk.join(", "))
        .collect();
    format!("↻ {}", lines.join(&format!(",{line_break}")))
}

/// The edges drawn as arrows: all of them, or all but the loops written in boxes.
fn arrows<'a>(options: &DiagramOptions, edges: &'a [StatusEdge]) -> Vec<&'a StatusEdge> {
    edges
        .iter()
        .filter(|edge| !options.draws_loops_in_nodes() || edge.from != edge.to)
        .collect()
}

/// `a, b, c` for the events of a set.
fn event_list(events: crate::EventSet) -> String {
    events
        .iter()
        .map(crate::Event::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The fill colour of a status kind, shared by both diagram formats.
const fn fill(kind: StatusKind) -> &'static str {
    match kind {
        StatusKind::Stable => "#d9f2d9",
        StatusKind::Transitional => "#fff4c2",
        StatusKind::Terminal => "#bdbdbd",
        StatusKind::Failed => "#f8c6c6",
        StatusKind::Indeterminate => "#e6e6e6",
    }
}

/// The stroke colour of a status kind.
const fn stroke(kind: StatusKind) -> &'static str {
    match kind {
        StatusKind::Stable => "#2e7d32",
        StatusKind::Transitional => "#b8860b",
        StatusKind::Terminal => "#424242",
        StatusKind::Failed => "#c62828",
        StatusKind::Indeterminate => "#757575",
    }
}

/// The colour of an edge for an event kind.
const fn edge_colour(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Request => "#333333",
        EventKind::Outcome => "#1565c0",
    }
}

/// The colour of an edge into the failed status: light, so the failure paths that almost
/// every task has do not hide the rest.
const FAILURE_EDGE: &str = "#e57373";
