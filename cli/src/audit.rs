//! `server-lifecycle audit FILE`: audit observed histories read one JSON document a line.
//!
//! Each line is one document in any shape the library's `nova::ServerJson` reads: this
//! project's `{"server": ID, "status": S, "task_state": T, "at": TIME}`, Nova's
//! `{"server": {...}}` and `{"servers": [...]}` bodies, one server object (`openstack
//! server show -f json --noindent`, openstacksdk's `Server.to_dict()`), `openstack server
//! list -f json --noindent` rows, and instance actions (`openstack server event list -f
//! json --noindent`, Nova's `{"instanceActions": [...]}`), servers interleaved.
//!
//! The audit streams: each step's verdict is written (and flushed) as soon as the line
//! that decides it is read, and the per-server summary comes last. The library's keyed
//! auditor keeps two bytes and an id per server; the report keeps counts per server and
//! the recorded actions not yet used to explain a step.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};

use serde_json::{json, Map, Value};
use server_lifecycle::audit::{KeyedAuditor, StepKind, StepVerdict};
use server_lifecycle::nova::{
    events_with_actions, instance_action, InstanceAction, JsonScalar, ServerJson, TaskState,
    ACCEPTED_SHAPES,
};
use server_lifecycle::{EventClass, EventSet, Status};

use crate::exit::Failure;
use crate::format::TextOrJson as Format;
use crate::Outcome;

/// The longest line accepted, in bytes.
const MAX_LINE: usize = 1 << 20;

/// Arguments of `audit`.
#[derive(clap::Args)]
pub struct Args {
    /// The JSON Lines file to audit, or `-` for stdin.
    file: String,
    /// Output format (json: one JSON object a line, each step then the summary).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// At most this many steps are listed per server (the counts cover every step).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    max_steps: usize,
    /// Recorded instance actions, read before FILE: `openstack server event list SERVER
    /// -f json` or Nova's `os-instance-actions` body (any JSON, pretty or not; repeat for
    /// several servers). Actions may also come as lines of FILE.
    #[arg(long, value_name = "FILE")]
    actions: Vec<String>,
}

/// The JSON value of a server id or time, as the line gave it.
fn scalar_json(scalar: &JsonScalar) -> Value {
    match scalar {
        JsonScalar::Text(text) => Value::from(text.as_str()),
        JsonScalar::Integer(number) => i64::try_from(*number)
            .map(Value::from)
            .or_else(|_| u64::try_from(*number).map(Value::from))
            .unwrap_or(Value::Null),
        JsonScalar::Float(number) => Value::from(*number),
    }
}

/// The map key of a server: its id as text (an integer id and its decimal string are the
/// same server).
fn scalar_key(scalar: &JsonScalar) -> Option<String> {
    match scalar {
        JsonScalar::Text(text) => Some(text.clone()),
        JsonScalar::Integer(number) => Some(number.to_string()),
        JsonScalar::Float(_) => None,
    }
}

/// One recorded instance action, waiting to explain a step.
struct Recorded {
    action: String,
    events: EventSet,
    used: bool,
}

/// What a recorded action says about one step.
enum Record {
    /// No action was recorded for this server, or the step needs none.
    Silent,
    /// The step is the effect of this recorded action.
    Recorded(String),
    /// The step needs one of these actions, and none was recorded.
    Missing(Vec<&'static str>),
}

/// What the summary says about one server.
struct ServerReport {
    name: JsonScalar,
    observations: u64,
    first_line: u64,
    last_line: u64,
    last_status: Status,
    counts: [u64; StepKind::ALL.len()],
    listed: usize,
    steps_omitted: u64,
    unrecorded: u64,
}

/// The streaming audit: the auditor, the summaries, the recorded actions, the output.
struct Audit<W: Write> {
    auditor: KeyedAuditor<String>,
    reports: Vec<ServerReport>,
    actions: HashMap<String, Vec<Recorded>>,
    observations: u64,
    steps_written: u64,
    max_steps: usize,
    format: Format,
    out: W,
}

/// Writing to stdout failed (a closed pipe ends the audit quietly).
struct WriteFailed(std::io::Error);

impl<W: Write> Audit<W> {
    fn new(out: W, format: Format, max_steps: usize) -> Audit<W> {
        Audit {
            auditor: KeyedAuditor::new(),
            reports: Vec::new(),
            actions: HashMap::new(),
            observations: 0,
            steps_written: 0,
            max_steps,
            format,
            out,
        }
    }

    /// Records instance actions; `Err` names an action without a server or an unknown one.
    fn record(&mut self, actions: Vec<InstanceAction>) -> Result<(), String> {
        for action in actions {
            let server = action
                .server
                .ok_or_else(|| format!("instance action {:?} names no server", action.action))?;
            let row = instance_action(&action.action).ok_or_else(|| {
                format!(
                    "unknown instance action \"{}\"; expected one of: {}",
                    action.action,
                    server_lifecycle::nova::INSTANCE_ACTIONS
                        .iter()
                        .map(|row| row.action)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?;
            self.actions.entry(server).or_default().push(Recorded {
                action: action.action,
                events: row.events,
                used: false,
            });
        }
        Ok(())
    }

    /// What the recorded actions of `key` say about a step with `verdict`.
    fn explain(&mut self, key: &str, verdict: &StepVerdict) -> Record {
        let Some(recorded) = self.actions.get_mut(key) else {
            return Record::Silent;
        };
        if verdict.kind() != StepKind::Direct {
            return Record::Silent;
        }
        let events = verdict.events();
        if let Some(action) = recorded
            .iter_mut()
            .find(|action| !action.used && !action.events.intersection(events).is_empty())
        {
            action.used = true;
            return Record::Recorded(action.action.clone());
        }
        // A step needs an action when only requests and admin resets lead there, and Nova
        // records an action for each of them.
        let needs = events.iter().all(|event| {
            matches!(event.class(), EventClass::Request | EventClass::AdminReset)
                && events_with_actions().contains(event)
        });
        if !needs || events.is_empty() {
            return Record::Silent;
        }
        let mut names: Vec<&'static str> = events
            .iter()
            .filter_map(server_lifecycle::nova::recorded_action)
            .collect();
        names.dedup();
        Record::Missing(names)
    }

    /// Audits one observation; writes its step unless it is unchanged or over the limit.
    fn observe(
        &mut self,
        line: u64,
        name: &JsonScalar,
        at: Option<&JsonScalar>,
        status: Status,
        task_state: Option<TaskState>,
    ) -> Result<Result<(), WriteFailed>, String> {
        let Some(key) = scalar_key(name) else {
            return Err("server must be a string or an integer".to_owned());
        };
        let (id, verdict) = self.auditor.observe_with_id(key.as_str(), status);
        if id == self.reports.len() {
            self.reports.push(ServerReport {
                name: name.clone(),
                observations: 0,
                first_line: line,
                last_line: line,
                last_status: status,
                counts: [0; StepKind::ALL.len()],
                listed: 0,
                steps_omitted: 0,
                unrecorded: 0,
            });
        }
        self.observations += 1;
        let record = self.explain(&key, &verdict);
        let report = &mut self.reports[id];
        report.observations += 1;
        report.last_line = line;
        report.last_status = status;
        report.counts[verdict.kind().index()] += 1;
        if matches!(record, Record::Missing(_)) {
            report.unrecorded += 1;
        }
        if verdict.kind() == StepKind::Unchanged {
            return Ok(Ok(()));
        }
        if report.listed >= self.max_steps {
            report.steps_omitted += 1;
            return Ok(Ok(()));
        }
        report.listed += 1;
        let name = report.name.clone();
        Ok(self.write_step(line, &name, at, task_state, &verdict, &record))
    }

    fn write_step(
        &mut self,
        line: u64,
        name: &JsonScalar,
        at: Option<&JsonScalar>,
        task_state: Option<TaskState>,
        verdict: &StepVerdict,
        record: &Record,
    ) -> Result<(), WriteFailed> {
        self.steps_written += 1;
        let text = match self.format {
            Format::Text => step_text(line, name, at, task_state, verdict, record),
            Format::Json => format!(
                "{}\n",
                step_document(line, name, at, task_state, verdict, record)
            ),
        };
        self.out.write_all(text.as_bytes()).map_err(WriteFailed)
    }

    /// Flushes the steps written so far: called before the audit waits for input.
    fn flush(&mut self) -> Result<(), WriteFailed> {
        self.out.flush().map_err(WriteFailed)
    }

    fn impossible(&self) -> u64 {
        self.reports
            .iter()
            .map(|r| r.counts[StepKind::Impossible.index()])
            .sum()
    }

    fn finish(&mut self) -> Result<(), WriteFailed> {
        let text = match self.format {
            Format::Text => summary_text(self),
            Format::Json => format!("{}\n", summary_document(self)),
        };
        self.out
            .write_all(text.as_bytes())
            .and_then(|()| self.out.flush())
            .map_err(WriteFailed)
    }
}

/// Reads a whole `--actions` file: one JSON document or several (JSON Lines, or pretty).
fn read_actions(path: &str) -> Result<Vec<InstanceAction>, String> {
    let text =
        std::fs::read_to_string(path).map_err(|error| format!("cannot read {path}: {error}"))?;
    let mut actions = Vec::new();
    for document in serde_json::Deserializer::from_str(&text).into_iter::<ServerJson>() {
        let document = document.map_err(|error| {
            format!(
                "{path}: line {}: {}",
                error.line(),
                without_position(&error)
            )
        })?;
        if !document.servers.is_empty() {
            return Err(format!(
                "{path}: expected instance actions (openstack server event list -f json, or Nova's {{\"instanceActions\": [...]}}), found servers"
            ));
        }
        actions.extend(document.actions);
    }
    Ok(actions)
}

pub fn run(args: &Args) -> Outcome {
    let (name, input): (&str, Box<dyn Read>) = if args.file == "-" {
        ("<stdin>", Box::new(std::io::stdin().lock()))
    } else {
        let file = std::fs::File::open(&args.file)
            .map_err(|error| Failure::bad_input(format!("cannot read {}: {error}", args.file)))?;
        (args.file.as_str(), Box::new(file))
    };
    let stdout = std::io::stdout().lock();
    // Buffered, and flushed whenever the input has nothing more buffered (before a read
    // that may wait): a step is out as soon as its line is read, without a write per step.
    let mut audit = Audit::new(
        std::io::BufWriter::with_capacity(1 << 16, stdout),
        args.format,
        args.max_steps,
    );
    for path in &args.actions {
        let actions = read_actions(path).map_err(Failure::bad_input)?;
        audit
            .record(actions)
            .map_err(|message| Failure::bad_input(format!("{path}: {message}")))?;
    }
    let written = match read_all(BufReader::new(input), &mut audit) {
        Err(message) => return Err(Failure::bad_input(format!("{name}: {message}"))),
        Ok(written) => written.and_then(|()| audit.finish()),
    };
    // The steps and the summary are the answer, even when the exit code is 1.
    crate::exit::mark_printed();
    if let Err(WriteFailed(error)) = written {
        if error.kind() == ErrorKind::BrokenPipe {
            return Ok(());
        }
        return Err(Failure::bad_input(format!(
            "cannot write to stdout: {error}"
        )));
    }
    match audit.impossible() {
        0 => Ok(()),
        count => Err(Failure::refused(format!(
            "{count} impossible step{} in {name}",
            if count == 1 { "" } else { "s" }
        ))),
    }
}

/// A serde_json message without its position (the caller names the line).
fn without_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(cut) if error.column() > 0 => {
            format!("column {}: {}", error.column(), &message[..cut])
        }
        Some(cut) => message[..cut].to_owned(),
        None => message,
    }
}

/// A hint for a line that cannot be a whole document (pretty-printed JSON).
fn pretty_hint(text: &str) -> &'static str {
    match text {
        "{" | "[" => {
            " (one JSON document a line: print with --noindent, or pipe through `jq -c .`)"
        }
        _ => "",
    }
}

/// Reads and audits every line, writing each step as it is decided; `Err` names the
/// first unreadable line and why. The inner result is the output's.
fn read_all<R: Read, W: Write>(
    mut input: BufReader<R>,
    audit: &mut Audit<W>,
) -> Result<Result<(), WriteFailed>, String> {
    let mut buffer = Vec::new();
    let mut line_number = 0u64;
    let mut documents = 0u64;
    loop {
        if input.buffer().is_empty() {
            if let Err(failed) = audit.flush() {
                return Ok(Err(failed));
            }
        }
        buffer.clear();
        let read = (&mut input)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut buffer)
            .map_err(|error| format!("line {}: cannot read: {error}", line_number + 1))?;
        if read == 0 {
            break;
        }
        line_number += 1;
        if buffer.len() > MAX_LINE && buffer.last() != Some(&b'\n') {
            return Err(format!("line {line_number}: longer than {MAX_LINE} bytes"));
        }
        let bytes = buffer.strip_suffix(b"\n").unwrap_or(&buffer);
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let text = std::str::from_utf8(bytes).map_err(|error| {
            format!(
                "line {line_number}: not valid UTF-8 (byte {})",
                error.valid_up_to() + 1
            )
        })?;
        let trimmed = text.trim();
        if trimmed.is_empty() {
            continue;
        }
        if !trimmed.starts_with('{') && !trimmed.starts_with('[') {
            return Err(format!(
                "line {line_number}: expected a JSON object or array: {ACCEPTED_SHAPES}"
            ));
        }
        let document: ServerJson = serde_json::from_str(text).map_err(|error| {
            format!(
                "line {line_number}: {}{}",
                without_position(&error),
                pretty_hint(trimmed)
            )
        })?;
        documents += 1;
        audit
            .record(document.actions)
            .map_err(|message| format!("line {line_number}: {message}"))?;
        for record in &document.servers {
            let server = &record.server;
            let status = match server.status.known() {
                Some(status) => status,
                None => Status::parse(server.status.as_str())
                    .map_err(|error| format!("line {line_number}: {error}"))?,
            };
            let task_state = match &server.task_state {
                Some(Some(task)) => Some(
                    TaskState::parse(task)
                        .map_err(|error| format!("line {line_number}: {error}"))?,
                ),
                _ => None,
            };
            let written = audit
                .observe(
                    line_number,
                    &record.key,
                    record.at.as_ref(),
                    status,
                    task_state,
                )
                .map_err(|message| format!("line {line_number}: {message}"))?;
            if written.is_err() {
                return Ok(written);
            }
        }
    }
    if audit.observations == 0 {
        return Err(if documents == 0 {
            "no observations".to_owned()
        } else {
            "no observations (only instance actions)".to_owned()
        });
    }
    Ok(Ok(()))
}

fn plural(count: u64, word: &str) -> String {
    if count == 1 {
        format!("{count} {word}")
    } else {
        format!("{count} {word}s")
    }
}

/// The verdict in words, with what the recorded actions say; statuses in Nova's
/// spelling when `nova`, else in the specification's.
fn verdict_text(verdict: &StepVerdict, record: &Record, nova: bool) -> String {
    let name = if nova {
        Status::nova_name
    } else {
        Status::as_str
    };
    let line = || {
        if nova {
            verdict.nova_display().to_string()
        } else {
            verdict.to_string()
        }
    };
    match record {
        Record::Recorded(action) => {
            let mut text = String::new();
            if let Some(previous) = verdict.previous() {
                text.push_str(&format!("{} -> ", name(previous)));
            }
            text.push_str(&format!("{}: direct", name(verdict.status())));
            if let Some(basis) = verdict.basis().filter(|b| Some(*b) != verdict.previous()) {
                text.push_str(&format!(" from {}", name(basis)));
            }
            text.push_str(&format!(" (recorded: {action})"));
            text
        }
        Record::Missing(actions) => format!(
            "{}; no recorded action (expected one of: {})",
            line(),
            actions.join(", ")
        ),
        Record::Silent => line(),
    }
}

fn step_text(
    line: u64,
    name: &JsonScalar,
    at: Option<&JsonScalar>,
    task_state: Option<TaskState>,
    verdict: &StepVerdict,
    record: &Record,
) -> String {
    let marker = if verdict.is_explained() && !matches!(record, Record::Missing(_)) {
        " "
    } else {
        "!"
    };
    let mut out = format!(
        "{marker} line {line}: server {name}: {}",
        verdict_text(verdict, record, crate::format::nova_names_chosen())
    );
    if let Some(task) = task_state {
        out.push_str(&format!(" [task_state {task}]"));
    }
    if let Some(at) = at {
        out.push_str(&format!(" (at {at})"));
    }
    out.push('\n');
    out
}

fn summary_text<W: Write>(audit: &Audit<W>) -> String {
    let mut out = String::new();
    if audit.steps_written > 0 {
        out.push('\n');
    }
    for server in &audit.reports {
        let count = |kind| server.counts[StepKind::index(kind)];
        out.push_str(&format!(
            "server {}: {} (lines {}-{}), {} direct, {} explained by missed statuses, {} impossible, {} unchanged; last {}\n",
            server.name,
            plural(server.observations, "observation"),
            server.first_line,
            server.last_line,
            count(StepKind::Direct),
            count(StepKind::Explained),
            count(StepKind::Impossible),
            count(StepKind::Unchanged),
            crate::format::name(server.last_status),
        ));
        if server.unrecorded > 0 {
            out.push_str(&format!(
                "  {} without a recorded instance action\n",
                plural(server.unrecorded, "step")
            ));
        }
        if server.steps_omitted > 0 {
            out.push_str(&format!(
                "  ... {} not listed\n",
                plural(server.steps_omitted, "more step")
            ));
        }
    }
    let total = |kind| -> u64 {
        audit
            .reports
            .iter()
            .map(|r| r.counts[StepKind::index(kind)])
            .sum()
    };
    out.push_str(&format!(
        "audited {} of {}: {} direct, {} explained by missed statuses, {} impossible\n",
        plural(audit.observations, "observation"),
        plural(audit.reports.len() as u64, "server"),
        total(StepKind::Direct),
        total(StepKind::Explained),
        total(StepKind::Impossible),
    ));
    out
}

fn step_document(
    line: u64,
    name: &JsonScalar,
    at: Option<&JsonScalar>,
    task_state: Option<TaskState>,
    verdict: &StepVerdict,
    record: &Record,
) -> Value {
    let mut object = Map::new();
    object.insert("type".to_owned(), Value::from("step"));
    object.insert("line".to_owned(), Value::from(line));
    object.insert("server".to_owned(), scalar_json(name));
    object.insert("kind".to_owned(), Value::from(verdict.kind().as_str()));
    insert_spellings(&mut object, "from", verdict.previous());
    insert_spellings(&mut object, "to", Some(verdict.status()));
    object.insert(
        "verdict".to_owned(),
        Value::from(verdict_text(verdict, record, false)),
    );
    object.insert(
        "nova_verdict".to_owned(),
        Value::from(verdict_text(verdict, record, true)),
    );
    if let Some(at) = at {
        object.insert("at".to_owned(), scalar_json(at));
    }
    if let Some(task) = task_state {
        object.insert("task_state".to_owned(), Value::from(task.as_str()));
    }
    if verdict.basis() != verdict.previous() {
        insert_spellings(&mut object, "basis", verdict.basis());
    }
    match verdict.kind() {
        StepKind::Direct => {
            let events: Vec<&str> = verdict.events().iter().map(|e| e.as_str()).collect();
            object.insert("events".to_owned(), Value::from(events));
        }
        StepKind::Explained => {
            let missed = verdict.missed();
            let path: Vec<Value> = verdict
                .explanation()
                .unwrap_or_default()
                .iter()
                .map(|s| {
                    json!({
                        "from": s.from.as_str(),
                        "event": s.event.as_str(),
                        "to": s.to.as_str(),
                        "nova_from": s.from.nova_name(),
                        "nova_to": s.to.nova_name(),
                    })
                })
                .collect();
            let names = |name: fn(Status) -> &'static str| -> Value {
                missed.iter().map(|status| name(*status)).collect()
            };
            object.insert("missed".to_owned(), names(Status::as_str));
            object.insert("nova_missed".to_owned(), names(Status::nova_name));
            object.insert("path".to_owned(), Value::from(path));
        }
        _ => {}
    }
    match record {
        Record::Recorded(action) => {
            object.insert("recorded".to_owned(), Value::from(action.as_str()));
        }
        Record::Missing(actions) => {
            object.insert("unrecorded".to_owned(), Value::from(actions.clone()));
        }
        Record::Silent => {}
    }
    Value::Object(object)
}

/// Inserts `status` under `key` and its Nova spelling under `nova_` + `key` (null for
/// none): the two spellings always travel together.
fn insert_spellings(object: &mut Map<String, Value>, key: &str, status: Option<Status>) {
    object.insert(key.to_owned(), Value::from(status.map(Status::as_str)));
    object.insert(
        format!("nova_{key}"),
        Value::from(status.map(Status::nova_name)),
    );
}

fn summary_document<W: Write>(audit: &Audit<W>) -> Value {
    let servers: Vec<Value> = audit
        .reports
        .iter()
        .map(|server| {
            let count = |kind| server.counts[StepKind::index(kind)];
            let mut value = json!({
                "server": scalar_json(&server.name),
                "observations": server.observations,
                "first_line": server.first_line,
                "last_line": server.last_line,
                "last_status": server.last_status.as_str(),
                "nova_last_status": server.last_status.nova_name(),
                "direct": count(StepKind::Direct),
                "explained": count(StepKind::Explained),
                "impossible": count(StepKind::Impossible),
                "unchanged": count(StepKind::Unchanged),
                "steps_omitted": server.steps_omitted,
            });
            if server.unrecorded > 0 {
                value["unrecorded"] = Value::from(server.unrecorded);
            }
            value
        })
        .collect();
    json!({
        "type": "summary",
        "ok": audit.impossible() == 0,
        "observations": audit.observations,
        "impossible": audit.impossible(),
        "servers": servers,
    })
}
