//! `server-lifecycle audit FILE`: audit observed histories read from JSON Lines.
//!
//! One observation per line: `{"server": ID, "status": S, "task_state": T, "at": TIME}`
//! (`task_state` and `at` optional, ID a string or an integer, servers interleaved).
//! The file is streamed line by line; the library's keyed auditor keeps two bytes and an
//! id per server, and the report keeps at most `--max-steps` steps per server.

use std::borrow::Cow;
use std::fmt;
use std::io::{BufRead, BufReader, Read};

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use serde_json::{json, Value};
use server_lifecycle::audit::{KeyedAuditor, StepKind, Verdict};
use server_lifecycle::nova::TaskState;
use server_lifecycle::Status;

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
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// At most this many steps are listed per server (the counts cover every step).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    max_steps: usize,
}

/// A server id or a time as the line gave it: a string or a number.
#[derive(Clone, Debug, PartialEq)]
enum Scalar<'a> {
    Text(Cow<'a, str>),
    Integer(i128),
    Float(f64),
}

impl Scalar<'_> {
    fn to_json(&self) -> Value {
        match self {
            Scalar::Text(text) => Value::from(text.as_ref()),
            Scalar::Integer(number) => i64::try_from(*number)
                .map(Value::from)
                .or_else(|_| u64::try_from(*number).map(Value::from))
                .unwrap_or(Value::Null),
            Scalar::Float(number) => Value::from(*number),
        }
    }

    fn into_owned(self) -> Scalar<'static> {
        match self {
            Scalar::Text(text) => Scalar::Text(Cow::Owned(text.into_owned())),
            Scalar::Integer(number) => Scalar::Integer(number),
            Scalar::Float(number) => Scalar::Float(number),
        }
    }
}

impl fmt::Display for Scalar<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Text(text) => f.write_str(text),
            Scalar::Integer(number) => write!(f, "{number}"),
            Scalar::Float(number) => write!(f, "{number}"),
        }
    }
}

struct ScalarVisitor<'a>(std::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for ScalarVisitor<'a> {
    type Value = Scalar<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a number")
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Scalar<'a>, E> {
        Ok(Scalar::Text(Cow::Borrowed(value)))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Scalar<'a>, E> {
        Ok(Scalar::Text(Cow::Owned(value.to_owned())))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Scalar<'a>, E> {
        Ok(Scalar::Integer(i128::from(value)))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Scalar<'a>, E> {
        Ok(Scalar::Integer(i128::from(value)))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Scalar<'a>, E> {
        Ok(Scalar::Float(value))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Scalar<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor(std::marker::PhantomData))
    }
}

/// One line of the history.
#[derive(Deserialize)]
struct Line<'a> {
    #[serde(borrow)]
    server: Scalar<'a>,
    #[serde(borrow)]
    status: Cow<'a, str>,
    #[serde(default, borrow)]
    task_state: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    at: Option<Scalar<'a>>,
}

/// A step kept for the report.
struct StepRecord {
    line: u64,
    at: Option<Scalar<'static>>,
    task_state: Option<TaskState>,
    verdict: Verdict,
}

/// What the report says about one server.
struct ServerReport {
    name: Scalar<'static>,
    observations: u64,
    first_line: u64,
    last_line: u64,
    last_status: Status,
    counts: [u64; StepKind::ALL.len()],
    steps: Vec<StepRecord>,
    steps_omitted: u64,
}

/// The whole audit: per-server reports in order of first appearance.
struct Report {
    reports: Vec<ServerReport>,
    observations: u64,
}

impl Report {
    fn impossible(&self) -> u64 {
        self.reports
            .iter()
            .map(|r| r.counts[StepKind::Impossible.index()])
            .sum()
    }
}

pub fn run(args: &Args) -> Outcome {
    let (name, input): (&str, Box<dyn Read>) = if args.file == "-" {
        ("<stdin>", Box::new(std::io::stdin().lock()))
    } else {
        let file = std::fs::File::open(&args.file)
            .map_err(|error| Failure::bad_input(format!("cannot read {}: {error}", args.file)))?;
        (args.file.as_str(), Box::new(file))
    };
    let report = audit(BufReader::new(input), args.max_steps)
        .map_err(|message| Failure::bad_input(format!("{name}: {message}")))?;
    match args.format {
        Format::Text => crate::exit::print(&text(&report))?,
        Format::Json => crate::exit::print(&format!("{:#}\n", document(&report)))?,
    }
    match report.impossible() {
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
        Some(cut) => format!("column {}: {}", error.column(), &message[..cut]),
        None => message,
    }
}

/// Reads and audits every line; `Err` names the first unreadable line and why.
fn audit(mut input: impl BufRead, max_steps: usize) -> Result<Report, String> {
    let mut auditor: KeyedAuditor<String> = KeyedAuditor::new();
    let mut reports: Vec<ServerReport> = Vec::new();
    let mut buffer = Vec::new();
    let mut line_number = 0u64;
    let mut observations = 0u64;
    loop {
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
        // serde would also read a struct from an array; the format is one object a line.
        if !trimmed.starts_with('{') {
            return Err(format!(
                "line {line_number}: expected a JSON object like {{\"server\": ID, \"status\": S}}"
            ));
        }
        let line: Line = serde_json::from_str(text)
            .map_err(|error| format!("line {line_number}: {}", without_position(&error)))?;
        let status =
            Status::parse(&line.status).map_err(|error| format!("line {line_number}: {error}"))?;
        let task_state = match &line.task_state {
            Some(task) => Some(
                TaskState::parse(task).map_err(|error| format!("line {line_number}: {error}"))?,
            ),
            None => None,
        };
        let key: Cow<str> = match &line.server {
            Scalar::Text(text) => Cow::Borrowed(text),
            Scalar::Integer(number) => Cow::Owned(number.to_string()),
            Scalar::Float(_) => {
                return Err(format!(
                    "line {line_number}: server must be a string or an integer"
                ))
            }
        };
        let (id, verdict) = auditor.observe_with_id(key.as_ref(), status);
        if id == reports.len() {
            reports.push(ServerReport {
                name: line.server.clone().into_owned(),
                observations: 0,
                first_line: line_number,
                last_line: line_number,
                last_status: status,
                counts: [0; StepKind::ALL.len()],
                steps: Vec::new(),
                steps_omitted: 0,
            });
        }
        observations += 1;
        let report = &mut reports[id];
        report.observations += 1;
        report.last_line = line_number;
        report.last_status = status;
        report.counts[verdict.kind().index()] += 1;
        if verdict.kind() != StepKind::Unchanged {
            if report.steps.len() < max_steps {
                report.steps.push(StepRecord {
                    line: line_number,
                    at: line.at.map(Scalar::into_owned),
                    task_state,
                    verdict,
                });
            } else {
                report.steps_omitted += 1;
            }
        }
    }
    if observations == 0 {
        return Err("no observations".to_owned());
    }
    Ok(Report {
        reports,
        observations,
    })
}

fn plural(count: u64, word: &str) -> String {
    if count == 1 {
        format!("{count} {word}")
    } else {
        format!("{count} {word}s")
    }
}

fn text(report: &Report) -> String {
    let width = report
        .reports
        .iter()
        .map(|r| r.last_line.to_string().len())
        .max()
        .unwrap_or(1);
    let mut out = String::new();
    for server in &report.reports {
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
            server.last_status,
        ));
        for step in &server.steps {
            let marker = if step.verdict.is_explained() {
                " "
            } else {
                "!"
            };
            out.push_str(&format!(
                "{marker} line {:>width$}: {}",
                step.line, step.verdict
            ));
            if let Some(task) = step.task_state {
                out.push_str(&format!(" [task_state {task}]"));
            }
            if let Some(at) = &step.at {
                out.push_str(&format!(" (at {at})"));
            }
            out.push('\n');
        }
        if server.steps_omitted > 0 {
            out.push_str(&format!(
                "  ... {} not listed\n",
                plural(server.steps_omitted, "more step")
            ));
        }
        out.push('\n');
    }
    let total = |kind| -> u64 {
        report
            .reports
            .iter()
            .map(|r| r.counts[StepKind::index(kind)])
            .sum()
    };
    out.push_str(&format!(
        "audited {} of {}: {} direct, {} explained by missed statuses, {} impossible\n",
        plural(report.observations, "observation"),
        plural(report.reports.len() as u64, "server"),
        total(StepKind::Direct),
        total(StepKind::Explained),
        total(StepKind::Impossible),
    ));
    out
}

fn step_document(step: &StepRecord) -> Value {
    let verdict = &step.verdict;
    let mut value = json!({
        "line": step.line,
        "kind": verdict.kind().as_str(),
        "from": verdict.previous().map(Status::as_str),
        "to": verdict.status().as_str(),
        "verdict": verdict.to_string(),
    });
    let object = value.as_object_mut().expect("an object");
    if let Some(at) = &step.at {
        object.insert("at".to_owned(), at.to_json());
    }
    if let Some(task) = step.task_state {
        object.insert("task_state".to_owned(), Value::from(task.as_str()));
    }
    if verdict.basis() != verdict.previous() {
        object.insert(
            "basis".to_owned(),
            Value::from(verdict.basis().map(Status::as_str)),
        );
    }
    match verdict.kind() {
        StepKind::Direct => {
            let events: Vec<&str> = verdict.events().iter().map(|e| e.as_str()).collect();
            object.insert("events".to_owned(), Value::from(events));
        }
        StepKind::Explained => {
            let missed: Vec<&str> = verdict.missed().into_iter().map(Status::as_str).collect();
            let path: Vec<Value> = verdict
                .explanation()
                .unwrap_or_default()
                .iter()
                .map(|s| json!({"from": s.from.as_str(), "event": s.event.as_str(), "to": s.to.as_str()}))
                .collect();
            object.insert("missed".to_owned(), Value::from(missed));
            object.insert("path".to_owned(), Value::from(path));
        }
        _ => {}
    }
    value
}

fn document(report: &Report) -> Value {
    let servers: Vec<Value> = report
        .reports
        .iter()
        .map(|server| {
            let count = |kind| server.counts[StepKind::index(kind)];
            json!({
                "server": server.name.to_json(),
                "observations": server.observations,
                "first_line": server.first_line,
                "last_line": server.last_line,
                "last_status": server.last_status.as_str(),
                "direct": count(StepKind::Direct),
                "explained": count(StepKind::Explained),
                "impossible": count(StepKind::Impossible),
                "unchanged": count(StepKind::Unchanged),
                "steps": server.steps.iter().map(step_document).collect::<Vec<_>>(),
                "steps_omitted": server.steps_omitted,
            })
        })
        .collect();
    json!({
        "ok": report.impossible() == 0,
        "observations": report.observations,
        "impossible": report.impossible(),
        "servers": servers,
    })
}
