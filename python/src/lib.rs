//! `server_lifecycle._native`: the PyO3 layer under the Python package `server_lifecycle`.
//!
//! Everything the Python package knows comes from here, and everything here comes from the
//! Rust library: the name lists the Python enums are built from, every lookup, every error
//! message. The Python side builds `enum.Enum` classes from [`status_rows`] and
//! [`event_rows`] at import and hands the members back through [`bind`], so the lookups
//! below return the very member objects Python code compares with `is`.
//!
//! Speed: an argument that is one of the bound members is found by identity (a pointer
//! scan, no Python call); an exact name by a lookup in a dict of names (the string's
//! cached hash); anything else goes through the library's case-insensitive parser, whose
//! `ParseError` becomes `UnknownNameError`. The frozensets returned are cached per set
//! value, so a call allocates nothing once warm; every answer is still the library's.

#![forbid(unsafe_code)]

use std::collections::HashMap;
use std::sync::Mutex;

use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFrozenSet, PyList, PyString, PyTuple, PyType};

use server_lifecycle::audit;
use server_lifecycle::nova::{
    self, Context, InvalidStateError, JsonScalar, Microversion, NovaServer, NovaServerBody,
    Operation, PowerState, Refusal, ServerJson, ServerShape, TaskState, VmState, ACCEPTED_SHAPES,
};
use server_lifecycle::{
    CloudSettings as Settings, Event, EventSet, Observation, ParseError, Plan as RustPlan,
    Progress, Status, StatusSet, TaskObservation, TransitionError,
};

// ---------------------------------------------------------------------------------------
// Name lists: what the Python enums are generated from.
// ---------------------------------------------------------------------------------------

/// Every status in the library's order: `(name, nova_name, kind, description)`.
#[pyfunction]
fn status_rows() -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
    Status::ALL
        .iter()
        .map(|s| {
            (
                s.as_str(),
                s.nova_name(),
                s.kind().as_str(),
                s.description(),
            )
        })
        .collect()
}

/// Every event in the library's order: `(name, kind, description)`.
#[pyfunction]
fn event_rows() -> Vec<(&'static str, &'static str, &'static str)> {
    Event::ALL
        .iter()
        .map(|e| (e.as_str(), e.kind().as_str(), e.description()))
        .collect()
}

/// The progress values, in the order [`progress_index`] numbers them.
const PROGRESS: [Progress; 6] = [
    Progress::InProgress,
    Progress::Done,
    Progress::Failed,
    Progress::Unexpected,
    Progress::CannotTell,
    Progress::Indeterminate,
];

/// The position of a progress in [`PROGRESS`] and its Python member name. An exhaustive
/// match: a new variant in the library fails to compile here.
const fn progress_index(progress: Progress) -> (usize, &'static str) {
    match progress {
        Progress::InProgress => (0, "IN_PROGRESS"),
        Progress::Done => (1, "DONE"),
        Progress::Failed => (2, "FAILED"),
        Progress::Unexpected => (3, "UNEXPECTED"),
        Progress::CannotTell => (4, "CANNOT_TELL"),
        Progress::Indeterminate => (5, "INDETERMINATE"),
    }
}

/// Every progress: `(member name, phrase, keep_waiting)`.
#[pyfunction]
fn progress_rows() -> Vec<(&'static str, &'static str, bool)> {
    PROGRESS
        .iter()
        .map(|p| (progress_index(*p).1, p.as_str(), p.keep_waiting()))
        .collect()
}

/// Nova's vm_states, task_states and operations, and the power states as `(name, code)`.
type NovaNames = (
    Vec<&'static str>,
    Vec<&'static str>,
    Vec<&'static str>,
    Vec<(&'static str, u8)>,
);

/// Nova's vm_states, task_states and operations, by name, and the power states as
/// `(name, code)`.
#[pyfunction]
fn nova_names() -> NovaNames {
    (
        VmState::NAMES.to_vec(),
        TaskState::NAMES.to_vec(),
        Operation::NAMES.to_vec(),
        PowerState::ALL
            .iter()
            .map(|p| (p.as_str(), p.code()))
            .collect(),
    )
}

/// The whole model as the library's JSON export.
#[pyfunction]
fn export_json() -> String {
    server_lifecycle::render::export_json()
}

// ---------------------------------------------------------------------------------------
// Bindings: the Python objects the lookups return and the errors they raise.
// ---------------------------------------------------------------------------------------

/// Members found by identity, names by an exact dict lookup.
struct Names {
    what: &'static str,
    members: Vec<Py<PyAny>>,
    /// Every exact spelling, interned: string literals in Python code are interned too,
    /// so they are found by identity like the members.
    interned: Vec<(Py<PyString>, usize)>,
    /// `positions[i]` is the int object `i` stored in `exact`.
    positions: Vec<Py<PyAny>>,
    exact: Py<PyDict>,
}

impl Names {
    fn new(
        py: Python<'_>,
        what: &'static str,
        members: Vec<Py<PyAny>>,
        names: &[(&str, usize)],
    ) -> PyResult<Names> {
        let exact = PyDict::new(py);
        let count = names.iter().map(|(_, index)| index + 1).max().unwrap_or(0);
        let positions = (0..count)
            .map(|index| Ok(index.into_pyobject(py)?.into_any().unbind()))
            .collect::<PyResult<Vec<Py<PyAny>>>>()?;
        let mut interned = Vec::with_capacity(names.len());
        for &(name, index) in names {
            let name = PyString::intern(py, name);
            exact.set_item(&name, positions[index].bind(py))?;
            interned.push((name.unbind(), index));
        }
        Ok(Names {
            what,
            members,
            interned,
            positions,
            exact: exact.unbind(),
        })
    }

    /// The index `arg` names: a member by identity, then an exact name, then whatever the
    /// library's parser accepts.
    fn index(
        &self,
        py: Python<'_>,
        errors: &Errors,
        arg: &Bound<'_, PyAny>,
        parse: fn(&str) -> Result<usize, ParseError>,
        type_hint: &str,
    ) -> PyResult<usize> {
        let pointer = arg.as_ptr();
        if arg.is_exact_instance_of::<PyString>() {
            if let Some((_, index)) = self.interned.iter().find(|(s, _)| s.as_ptr() == pointer) {
                return Ok(*index);
            }
        } else if let Some(index) = self.members.iter().position(|m| m.as_ptr() == pointer) {
            return Ok(index);
        }
        let Ok(text) = arg.cast::<PyString>() else {
            return Err(PyTypeError::new_err(format!(
                "{} must be {type_hint}, not {}",
                self.what,
                arg.get_type().name()?
            )));
        };
        if let Some(found) = self.exact.bind(py).get_item(text)? {
            // The dict holds the index objects of `positions`: find by identity rather
            // than converting the int (faster on the limited API).
            let found_pointer = found.as_ptr();
            if let Some(index) = self
                .positions
                .iter()
                .position(|p| p.as_ptr() == found_pointer)
            {
                return Ok(index);
            }
            return found.extract::<usize>();
        }
        let text = text.to_cow()?;
        parse(&text).map_err(|error| errors.unknown_name(py, &error))
    }
}

/// The exception classes, defined in Python (`server_lifecycle._errors`).
struct Errors {
    unknown_name: Py<PyType>,
    refused: Py<PyType>,
    impossible: Py<PyType>,
    invalid_state: Py<PyType>,
}

impl Errors {
    fn raise(py: Python<'_>, class: &Py<PyType>, args: Bound<'_, PyTuple>) -> PyErr {
        match class.bind(py).call1(args) {
            Ok(instance) => PyErr::from_value(instance),
            Err(error) => error,
        }
    }

    fn unknown_name(&self, py: Python<'_>, error: &ParseError) -> PyErr {
        self.unknown(
            py,
            error.to_string(),
            error.what(),
            error.input(),
            error.expected(),
        )
    }

    /// An `UnknownNameError` with the library's message shape, for a value the library
    /// has no parser for (a power_state integer code).
    fn unknown(
        &self,
        py: Python<'_>,
        message: String,
        what: &str,
        input: &str,
        expected: &[&str],
    ) -> PyErr {
        let args = (message, what, input, PyTuple::new(py, expected).ok());
        match args.into_pyobject(py) {
            Ok(args) => Errors::raise(py, &self.unknown_name, args),
            Err(error) => error,
        }
    }
}

/// Everything [`bind`] received, plus caches of the frozensets returned.
struct Bindings {
    statuses: Names,
    events: Names,
    vm_states: Names,
    task_states: Names,
    operations: Names,
    task_state_strings: Vec<Py<PyString>>,
    progress: Vec<Py<PyAny>>,
    errors: Errors,
    /// Turns whatever a caller passes as an observation into
    /// `(status, task_observed, task_state, fault)`.
    observation_fields: Py<PyAny>,
    /// The frozenset of every result set of the table (what `check` returns), made at
    /// bind from the library's answers over the whole grid and read without a lock.
    result_sets: Vec<(StatusSet, Py<PyFrozenSet>)>,
    /// Other status sets (plans), made on first use.
    status_sets: Mutex<HashMap<StatusSet, Py<PyFrozenSet>>>,
    event_sets: Mutex<HashMap<EventSet, Py<PyFrozenSet>>>,
}

static BINDINGS: PyOnceLock<Bindings> = PyOnceLock::new();

fn bindings(py: Python<'_>) -> PyResult<&'static Bindings> {
    BINDINGS.get(py).ok_or_else(|| {
        PyRuntimeError::new_err("server_lifecycle._native is not bound: import server_lifecycle")
    })
}

fn parse_status(name: &str) -> Result<usize, ParseError> {
    Status::parse(name).map(Status::index)
}
fn parse_event(name: &str) -> Result<usize, ParseError> {
    Event::parse(name).map(Event::index)
}
fn parse_vm_state(name: &str) -> Result<usize, ParseError> {
    VmState::parse(name).map(VmState::index)
}
fn parse_task_state(name: &str) -> Result<usize, ParseError> {
    TaskState::parse(name).map(TaskState::index)
}
fn parse_operation(name: &str) -> Result<usize, ParseError> {
    Operation::parse(name).map(Operation::index)
}

impl Bindings {
    fn status(&self, py: Python<'_>, arg: &Bound<'_, PyAny>) -> PyResult<Status> {
        self.statuses
            .index(py, &self.errors, arg, parse_status, "a Status or a str")
            .map(|i| Status::ALL[i])
    }

    fn event(&self, py: Python<'_>, arg: &Bound<'_, PyAny>) -> PyResult<Event> {
        self.events
            .index(py, &self.errors, arg, parse_event, "an Event or a str")
            .map(|i| Event::ALL[i])
    }

    fn vm_state(&self, py: Python<'_>, arg: &Bound<'_, PyAny>) -> PyResult<VmState> {
        self.vm_states
            .index(py, &self.errors, arg, parse_vm_state, "a str")
            .map(|i| VmState::ALL[i])
    }

    /// `None` is no task.
    fn task_state(
        &self,
        py: Python<'_>,
        arg: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Option<TaskState>> {
        match arg {
            None => Ok(None),
            Some(arg) if arg.is_none() => Ok(None),
            Some(arg) => self
                .task_states
                .index(py, &self.errors, arg, parse_task_state, "a str or None")
                .map(|i| Some(TaskState::ALL[i])),
        }
    }

    /// An operation by name, or the request event of the same name.
    fn operation(&self, py: Python<'_>, arg: &Bound<'_, PyAny>) -> PyResult<Operation> {
        let pointer = arg.as_ptr();
        if let Some(index) = self
            .events
            .members
            .iter()
            .position(|m| m.as_ptr() == pointer)
        {
            let event = Event::ALL[index];
            // An outcome is no operation: the library's parser says so in its words.
            return Operation::parse(event.as_str())
                .map_err(|error| self.errors.unknown_name(py, &error));
        }
        self.operations
            .index(py, &self.errors, arg, parse_operation, "an Event or a str")
            .map(|i| Operation::ALL[i])
    }

    fn status_member<'py>(&self, py: Python<'py>, status: Status) -> Bound<'py, PyAny> {
        self.statuses.members[status.index()].bind(py).clone()
    }

    fn event_member<'py>(&self, py: Python<'py>, event: Event) -> Bound<'py, PyAny> {
        self.events.members[event.index()].bind(py).clone()
    }

    fn progress_member<'py>(&self, py: Python<'py>, progress: Progress) -> Bound<'py, PyAny> {
        self.progress[progress_index(progress).0].bind(py).clone()
    }

    fn task_state_string<'py>(
        &self,
        py: Python<'py>,
        task: Option<TaskState>,
    ) -> Option<Bound<'py, PyString>> {
        task.map(|t| self.task_state_strings[t.index()].bind(py).clone())
    }

    fn status_set<'py>(
        &self,
        py: Python<'py>,
        set: StatusSet,
    ) -> PyResult<Bound<'py, PyFrozenSet>> {
        if let Some((_, found)) = self.result_sets.iter().find(|(s, _)| *s == set) {
            return Ok(found.bind(py).clone());
        }
        let mut cache = self.status_sets.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = cache.get(&set) {
            return Ok(found.bind(py).clone());
        }
        let frozen = PyFrozenSet::new(py, set.iter().map(|s| self.status_member(py, s)))?;
        cache.insert(set, frozen.clone().unbind());
        Ok(frozen)
    }

    fn event_set<'py>(&self, py: Python<'py>, set: EventSet) -> PyResult<Bound<'py, PyFrozenSet>> {
        let mut cache = self.event_sets.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = cache.get(&set) {
            return Ok(found.bind(py).clone());
        }
        let frozen = PyFrozenSet::new(py, set.iter().map(|e| self.event_member(py, e)))?;
        cache.insert(set, frozen.clone().unbind());
        Ok(frozen)
    }

    fn transition_error(&self, py: Python<'_>, error: TransitionError) -> PyErr {
        let (class, allowed) = match error {
            TransitionError::RequestRefused { allowed, .. } => (&self.errors.refused, allowed),
            TransitionError::OutcomeImpossible { possible, .. } => {
                (&self.errors.impossible, possible)
            }
        };
        let allowed = match self.event_set(py, allowed) {
            Ok(allowed) => allowed,
            Err(error) => return error,
        };
        let args = (
            error.to_string(),
            self.status_member(py, error.status()),
            self.event_member(py, error.event()),
            allowed,
        );
        match args.into_pyobject(py) {
            Ok(args) => Errors::raise(py, class, args),
            Err(error) => error,
        }
    }

    fn invalid_state(&self, py: Python<'_>, error: InvalidStateError) -> PyErr {
        let (attribute, value): (&str, Bound<'_, PyAny>) = match error.refusal() {
            Refusal::VmState(vm_state) => {
                ("vm_state", PyString::new(py, vm_state.as_str()).into_any())
            }
            Refusal::TaskState(task) => (
                "task_state",
                match task {
                    Some(task) => PyString::new(py, task.as_str()).into_any(),
                    None => py.None().into_bound(py),
                },
            ),
            Refusal::NeverLaunched => ("launched", PyBool::new(py, false).to_owned().into_any()),
        };
        let args = (
            error.to_string(),
            error.operation().as_str(),
            attribute,
            value,
        );
        match args.into_pyobject(py) {
            Ok(args) => Errors::raise(py, &self.errors.invalid_state, args),
            Err(error) => error,
        }
    }
}

/// Names with their positions.
fn enumerated(names: &[&'static str]) -> Vec<(&'static str, usize)> {
    names
        .iter()
        .enumerate()
        .map(|(i, name)| (*name, i))
        .collect()
}

fn members(list: &Bound<'_, PyAny>, count: usize, what: &str) -> PyResult<Vec<Py<PyAny>>> {
    let members: Vec<Py<PyAny>> = list
        .try_iter()?
        .map(|m| m.map(Bound::unbind))
        .collect::<PyResult<_>>()?;
    if members.len() != count {
        return Err(PyRuntimeError::new_err(format!(
            "bind: expected {count} {what} members, got {}",
            members.len()
        )));
    }
    Ok(members)
}

/// Binds the Python side: the enum members in the library's order, the exception classes
/// and the observation adapter. Called once, by `server_lifecycle` at import.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn bind(
    py: Python<'_>,
    statuses: &Bound<'_, PyAny>,
    events: &Bound<'_, PyAny>,
    progress: &Bound<'_, PyAny>,
    unknown_name: Bound<'_, PyType>,
    refused: Bound<'_, PyType>,
    impossible: Bound<'_, PyType>,
    invalid_state: Bound<'_, PyType>,
    observation_fields: Bound<'_, PyAny>,
) -> PyResult<()> {
    let status_names: Vec<(&str, usize)> = Status::SPELLINGS
        .iter()
        .filter_map(|name| Some((*name, Status::parse_known(name)?.index())))
        .collect();
    let event_names = enumerated(Event::NAMES);
    let bindings = Bindings {
        statuses: Names::new(
            py,
            "status",
            members(statuses, Status::COUNT, "Status")?,
            &status_names,
        )?,
        events: Names::new(
            py,
            "event",
            members(events, Event::COUNT, "Event")?,
            &event_names,
        )?,
        vm_states: Names::new(py, "vm_state", Vec::new(), &enumerated(VmState::NAMES))?,
        task_states: Names::new(py, "task_state", Vec::new(), &enumerated(TaskState::NAMES))?,
        operations: Names::new(py, "operation", Vec::new(), &enumerated(Operation::NAMES))?,
        task_state_strings: TaskState::NAMES
            .iter()
            .map(|name| PyString::intern(py, name).unbind())
            .collect(),
        progress: members(progress, PROGRESS.len(), "Progress")?,
        errors: Errors {
            unknown_name: unknown_name.unbind(),
            refused: refused.unbind(),
            impossible: impossible.unbind(),
            invalid_state: invalid_state.unbind(),
        },
        observation_fields: observation_fields.unbind(),
        result_sets: Vec::new(),
        status_sets: Mutex::new(HashMap::new()),
        event_sets: Mutex::new(HashMap::new()),
    };
    let mut result_sets: Vec<(StatusSet, Py<PyFrozenSet>)> = Vec::new();
    for status in Status::ALL {
        for event in Event::ALL {
            if let Ok(set) = status.next(event) {
                if !result_sets.iter().any(|(s, _)| *s == set) {
                    result_sets.push((set, bindings.status_set(py, set)?.unbind()));
                }
            }
        }
    }
    let bindings = Bindings {
        result_sets,
        ..bindings
    };
    BINDINGS
        .set(py, bindings)
        .map_err(|_| PyRuntimeError::new_err("server_lifecycle._native is already bound"))
}

// ---------------------------------------------------------------------------------------
// The status level.
// ---------------------------------------------------------------------------------------

/// Parses a status name (either spelling, any ASCII case) into its member.
#[pyfunction]
fn parse_status_member<'py>(
    py: Python<'py>,
    name: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let b = bindings(py)?;
    b.status(py, name).map(|s| b.status_member(py, s))
}

/// Parses an event name (any ASCII case) into its member.
#[pyfunction]
fn parse_event_member<'py>(
    py: Python<'py>,
    name: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let b = bindings(py)?;
    b.event(py, name).map(|e| b.event_member(py, e))
}

/// The possible results of `event` in `status`.
#[pyfunction]
fn check<'py>(
    py: Python<'py>,
    status: &Bound<'py, PyAny>,
    event: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyFrozenSet>> {
    let b = bindings(py)?;
    let status = b.status(py, status)?;
    let event = b.event(py, event)?;
    match status.next(event) {
        Ok(results) => b.status_set(py, results),
        Err(error) => Err(b.transition_error(py, error)),
    }
}

/// `check` for many pairs in one call: a list with, per pair, the frozenset of results
/// or `None` where the model refuses the event (no exception is built).
#[pyfunction]
fn check_many<'py>(py: Python<'py>, pairs: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    let b = bindings(py)?;
    let out = PyList::empty(py);
    for pair in pairs.try_iter()? {
        let pair = pair?;
        let (status, event): (Bound<'py, PyAny>, Bound<'py, PyAny>) = pair.extract()?;
        let status = b.status(py, &status)?;
        let event = b.event(py, &event)?;
        match status.next(event) {
            Ok(results) => out.append(b.status_set(py, results)?)?,
            Err(_) => out.append(py.None())?,
        }
    }
    Ok(out)
}

/// The requests `status` accepts.
#[pyfunction]
fn allowed_requests<'py>(
    py: Python<'py>,
    status: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyFrozenSet>> {
    let b = bindings(py)?;
    let status = b.status(py, status)?;
    b.event_set(py, status.allowed_requests())
}

/// The outcomes that can occur in `status`.
#[pyfunction]
fn possible_outcomes<'py>(
    py: Python<'py>,
    status: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyFrozenSet>> {
    let b = bindings(py)?;
    let status = b.status(py, status)?;
    b.event_set(py, status.possible_outcomes())
}

// ---------------------------------------------------------------------------------------
// The Nova level.
// ---------------------------------------------------------------------------------------

/// The status Nova shows for `vm_state` and `task_state` (`None`: no task).
#[pyfunction]
#[pyo3(signature = (vm_state, task_state=None))]
fn nova_status<'py>(
    py: Python<'py>,
    vm_state: &Bound<'py, PyAny>,
    task_state: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let b = bindings(py)?;
    let vm_state = b.vm_state(py, vm_state)?;
    let task_state = b.task_state(py, task_state)?;
    Ok(b.status_member(py, nova::status_of(vm_state, task_state)))
}

/// Nova's guard of `operation`: the task_state it sets (`None`: none), or
/// `InvalidStateError`.
#[pyfunction]
#[pyo3(signature = (operation, vm_state, task_state=None, launched=true))]
fn nova_check<'py>(
    py: Python<'py>,
    operation: &Bound<'py, PyAny>,
    vm_state: &Bound<'py, PyAny>,
    task_state: Option<&Bound<'py, PyAny>>,
    launched: bool,
) -> PyResult<Option<Bound<'py, PyString>>> {
    let b = bindings(py)?;
    let operation = b.operation(py, operation)?;
    let vm_state = b.vm_state(py, vm_state)?;
    let task_state = b.task_state(py, task_state)?;
    match operation.check(vm_state, task_state, launched) {
        Ok(task) => Ok(b.task_state_string(py, task)),
        Err(error) => Err(b.invalid_state(py, error)),
    }
}

// ---------------------------------------------------------------------------------------
// Plans and assessments.
// ---------------------------------------------------------------------------------------

/// The cloud settings that change paths (`nova.conf`): auto-confirm of resizes, shelve
/// offload, deferred delete, build timeout. All default to Nova's defaults.
#[pyclass(frozen, module = "server_lifecycle", name = "CloudSettings", eq, hash)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct CloudSettings {
    settings: Settings,
}

#[pymethods]
impl CloudSettings {
    #[new]
    #[pyo3(signature = (*, resize_confirm_window=0, shelved_offload_time=0, reclaim_instance_interval=0, instance_build_timeout=0))]
    fn new(
        resize_confirm_window: u64,
        shelved_offload_time: i64,
        reclaim_instance_interval: u64,
        instance_build_timeout: u64,
    ) -> CloudSettings {
        CloudSettings {
            settings: Settings::NOVA_DEFAULTS
                .with_resize_confirm_window(resize_confirm_window)
                .with_shelved_offload_time(shelved_offload_time)
                .with_reclaim_instance_interval(reclaim_instance_interval)
                .with_instance_build_timeout(instance_build_timeout),
        }
    }

    /// `resize_confirm_window` in seconds (0: no auto-confirm).
    #[getter]
    fn resize_confirm_window(&self) -> u64 {
        self.settings.resize_confirm_window()
    }

    /// `shelved_offload_time` in seconds (0: at once, negative: never).
    #[getter]
    fn shelved_offload_time(&self) -> i64 {
        self.settings.shelved_offload_time()
    }

    /// `reclaim_instance_interval` in seconds (0: delete is immediate).
    #[getter]
    fn reclaim_instance_interval(&self) -> u64 {
        self.settings.reclaim_instance_interval()
    }

    /// `instance_build_timeout` in seconds (0: none).
    #[getter]
    fn instance_build_timeout(&self) -> u64 {
        self.settings.instance_build_timeout()
    }

    fn __repr__(&self) -> String {
        format!(
            "CloudSettings(resize_confirm_window={}, shelved_offload_time={}, reclaim_instance_interval={}, instance_build_timeout={})",
            self.settings.resize_confirm_window(),
            self.settings.shelved_offload_time(),
            self.settings.reclaim_instance_interval(),
            self.settings.instance_build_timeout()
        )
    }
}

fn settings_of(settings: Option<&CloudSettings>) -> Settings {
    settings.map_or(Settings::NOVA_DEFAULTS, |s| s.settings)
}

fn power_state_of(arg: &Bound<'_, PyAny>, errors: &Errors, py: Python<'_>) -> PyResult<PowerState> {
    if let Ok(code) = arg.extract::<i64>() {
        return PowerState::from_code(code).ok_or_else(|| {
            const CODES: [&str; 6] = ["0", "1", "3", "4", "6", "7"];
            let input = code.to_string();
            let message = format!(
                "unknown power_state code {input:?}; expected one of: {}",
                CODES.join(", ")
            );
            errors.unknown(py, message, "power_state code", &input, &CODES)
        });
    }
    let Ok(text) = arg.cast::<PyString>() else {
        return Err(PyTypeError::new_err(format!(
            "power_state must be a str or an int, not {}",
            arg.get_type().name()?
        )));
    };
    PowerState::parse(&text.to_cow()?).map_err(|error| errors.unknown_name(py, &error))
}

/// A compute API microversion ("2.94", "compute 2.94", "latest"); `None` is the latest.
fn microversion_of(text: Option<&str>) -> PyResult<Microversion> {
    text.map_or(Ok(Microversion::LATEST), |text| {
        Microversion::parse(text).map_err(|error| PyValueError::new_err(error.to_string()))
    })
}

/// What to wait for after a request: pending, target, failure and fail-fast statuses.
#[pyclass(frozen, module = "server_lifecycle", name = "Plan", eq, hash)]
#[derive(PartialEq, Eq, Hash)]
struct Plan {
    plan: RustPlan,
}

#[pymethods]
impl Plan {
    #[new]
    #[pyo3(signature = (request, from_status, settings=None, *, microversion=None))]
    fn new(
        py: Python<'_>,
        request: &Bound<'_, PyAny>,
        from_status: &Bound<'_, PyAny>,
        settings: Option<&CloudSettings>,
        microversion: Option<&str>,
    ) -> PyResult<Plan> {
        let b = bindings(py)?;
        let request = b.event(py, request)?;
        let from = b.status(py, from_status)?;
        let microversion = microversion_of(microversion)?;
        RustPlan::new(request, from, settings_of(settings))
            .map(|plan| Plan {
                plan: plan.with_microversion(microversion),
            })
            .map_err(|error| b.transition_error(py, error))
    }

    /// This plan for a request made with compute API `microversion` ("2.94", "latest").
    fn with_microversion(&self, microversion: &str) -> PyResult<Plan> {
        Ok(Plan {
            plan: self
                .plan
                .with_microversion(microversion_of(Some(microversion))?),
        })
    }

    /// The compute API microversion the plan's request is made with, e.g. "2.104".
    #[getter]
    fn microversion(&self) -> String {
        self.plan.microversion().to_string()
    }

    /// The plan for creating a server.
    #[staticmethod]
    #[pyo3(signature = (settings=None))]
    fn create(settings: Option<&CloudSettings>) -> Plan {
        Plan {
            plan: RustPlan::create(settings_of(settings)),
        }
    }

    /// The plan for `request` when Nova shows `vm_state` and `task_state`, narrowed by
    /// what decides the end (power state, stashed old vm_state, volume-backed, ...).
    #[staticmethod]
    #[pyo3(signature = (request, vm_state, task_state=None, settings=None, *, power_state=None, old_vm_state=None, volume_backed=false, evacuate_to_stopped=false, launched=true))]
    #[allow(clippy::too_many_arguments)]
    fn in_nova_state(
        py: Python<'_>,
        request: &Bound<'_, PyAny>,
        vm_state: &Bound<'_, PyAny>,
        task_state: Option<&Bound<'_, PyAny>>,
        settings: Option<&CloudSettings>,
        power_state: Option<&Bound<'_, PyAny>>,
        old_vm_state: Option<&Bound<'_, PyAny>>,
        volume_backed: bool,
        evacuate_to_stopped: bool,
        launched: bool,
    ) -> PyResult<Plan> {
        let b = bindings(py)?;
        let request = b.event(py, request)?;
        let vm_state = b.vm_state(py, vm_state)?;
        let task_state = b.task_state(py, task_state)?;
        let mut context = Context::default();
        if let Some(power_state) = power_state.filter(|p| !p.is_none()) {
            context.power_state = power_state_of(power_state, &b.errors, py)?;
        }
        if let Some(old) = old_vm_state.filter(|o| !o.is_none()) {
            context.old_vm_state = Some(b.vm_state(py, old)?);
        }
        context.volume_backed = volume_backed;
        context.evacuate_to_stopped = evacuate_to_stopped;
        context.launched = launched;
        RustPlan::in_nova_state(
            request,
            vm_state,
            task_state,
            &context,
            settings_of(settings),
        )
        .map(|plan| Plan { plan })
        .map_err(|error| b.transition_error(py, error))
    }

    /// The request, as asked for.
    #[getter]
    fn request<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(bindings(py)?.event_member(py, self.plan.request()))
    }

    /// The request the cloud really runs (a delete becomes a soft delete when deletes
    /// are deferred).
    #[getter]
    fn effective_request<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(bindings(py)?.event_member(py, self.plan.effective_request()))
    }

    /// The status the request was made in.
    #[getter]
    #[allow(clippy::wrong_self_convention)] // a Python attribute name, not a conversion
    fn from_status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(bindings(py)?.status_member(py, self.plan.from()))
    }

    /// The settings the plan was made for.
    #[getter]
    fn settings(&self) -> CloudSettings {
        CloudSettings {
            settings: self.plan.settings(),
        }
    }

    /// Statuses that mean the request is still in progress.
    #[getter]
    fn pending<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyFrozenSet>> {
        bindings(py)?.status_set(py, self.plan.pending())
    }

    /// Statuses that mean the request is done.
    #[getter]
    fn target<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyFrozenSet>> {
        bindings(py)?.status_set(py, self.plan.target())
    }

    /// Statuses where the request's failure paths end.
    #[getter]
    fn failure<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyFrozenSet>> {
        bindings(py)?.status_set(py, self.plan.failure())
    }

    /// Statuses from which no target can be reached without a new request.
    #[getter]
    fn fail_fast<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyFrozenSet>> {
        bindings(py)?.status_set(py, self.plan.fail_fast())
    }

    /// Statuses both pending and target.
    #[getter]
    fn ambiguous<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyFrozenSet>> {
        bindings(py)?.status_set(py, self.plan.ambiguous())
    }

    /// Whether the request runs under its starting status (no status of its own).
    #[getter]
    fn runs_under_start(&self) -> bool {
        self.plan.runs_under_start()
    }

    /// Whether the request sets a task_state (so the task_state tells when it ends).
    #[getter]
    fn sets_task_state(&self) -> bool {
        self.plan.sets_task_state()
    }

    /// Explanations: how the settings changed the plan, and the table's notes.
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.plan.notes()
    }

    /// Whether `task_state` is one the request itself sets on its way.
    fn is_own_task(&self, py: Python<'_>, task_state: &Bound<'_, PyAny>) -> PyResult<bool> {
        let b = bindings(py)?;
        Ok(b.task_state(py, Some(task_state))?
            .is_some_and(|task| self.plan.is_own_task(task)))
    }

    /// Where a status alone stands against the plan.
    fn progress<'py>(
        &self,
        py: Python<'py>,
        status: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let b = bindings(py)?;
        let status = b.status(py, status)?;
        Ok(b.progress_member(py, self.plan.progress(status)))
    }

    /// Where one observation stands against the plan.
    fn assess(&self, py: Python<'_>, observation: &Bound<'_, PyAny>) -> PyResult<Assessment> {
        let b = bindings(py)?;
        let fields = b.observation_fields.bind(py).call1((observation,))?;
        let (status, observed, task_state, fault): (
            Bound<'_, PyAny>,
            bool,
            Option<Bound<'_, PyAny>>,
            Option<String>,
        ) = fields.extract()?;
        let status = b.status(py, &status)?;
        let task = if !observed {
            TaskObservation::Unobserved
        } else {
            match task_state.filter(|t| !t.is_none()) {
                None => TaskObservation::Idle,
                // A task_state this library does not know says nothing (as in the library's
                // reading of Nova JSON).
                Some(task) => match task.cast::<PyString>() {
                    Ok(text) => TaskState::parse_known(&text.to_cow()?)
                        .map_or(TaskObservation::Unobserved, TaskObservation::Running),
                    Err(_) => TaskObservation::Unobserved,
                },
            }
        };
        let mut seen = Observation::new(status).with_task(task);
        if let Some(fault) = fault.as_deref() {
            seen = seen.with_fault(fault);
        }
        let assessment = self.plan.assess(&seen);
        Ok(Assessment {
            progress: assessment.progress(),
            status: assessment.status(),
            task,
            reason: assessment.reason(),
            fail_fast: assessment.is_fail_fast(),
            stop_waiting: assessment.stop_waiting(),
            fault: assessment.fault().map(str::to_owned),
            text: assessment.to_string(),
        })
    }

    fn __repr__(&self) -> String {
        let settings = self.settings().__repr__();
        format!(
            "Plan({:?}, {:?}, {settings})",
            self.plan.request().as_str(),
            self.plan.from().as_str()
        )
    }

    fn __str__(&self) -> String {
        format!(
            "{} from {}: pending {{{}}}, target {{{}}}, failure {{{}}}",
            self.plan.request(),
            self.plan.from(),
            self.plan.pending(),
            self.plan.target(),
            self.plan.failure()
        )
    }
}

/// Where one observation stands against a plan.
#[pyclass(frozen, module = "server_lifecycle", name = "Assessment")]
struct Assessment {
    progress: Progress,
    status: Status,
    task: TaskObservation,
    reason: &'static str,
    fail_fast: bool,
    stop_waiting: bool,
    fault: Option<String>,
    text: String,
}

#[pymethods]
impl Assessment {
    /// The progress (a `Progress` member).
    #[getter]
    fn progress<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(bindings(py)?.progress_member(py, self.progress))
    }

    /// The status observed.
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(bindings(py)?.status_member(py, self.status))
    }

    /// The task_state observed: a name, `None` for no task, or `None` when unobserved
    /// (see `task_observed`).
    #[getter]
    fn task_state<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyString>>> {
        Ok(bindings(py)?.task_state_string(py, self.task.task()))
    }

    /// Whether the observation carried the task_state.
    #[getter]
    fn task_observed(&self) -> bool {
        self.task.is_observed()
    }

    /// Why the assessment came out so.
    #[getter]
    fn reason(&self) -> &'static str {
        self.reason
    }

    /// Whether no target can be reached from the status without a new request.
    #[getter]
    fn is_fail_fast(&self) -> bool {
        self.fail_fast
    }

    /// Whether a waiter should stop polling.
    #[getter]
    fn stop_waiting(&self) -> bool {
        self.stop_waiting
    }

    /// The fault message the observation carried.
    #[getter]
    fn fault(&self) -> Option<&str> {
        self.fault.as_deref()
    }

    fn __str__(&self) -> &str {
        &self.text
    }

    fn __repr__(&self) -> String {
        format!("<Assessment {}>", self.text)
    }
}

// ---------------------------------------------------------------------------------------
// Observations: every tool's server JSON, read by the library's one reader.
// ---------------------------------------------------------------------------------------

/// One server observation as `read_servers` returns it: `(status, task_observed,
/// task_state, vm_state, power_state, fault, server)`.
type ServerRow<'py> = (
    Bound<'py, PyAny>,
    bool,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<Bound<'py, PyAny>>,
);

/// The most keys an error message lists.
const KEYS_SHOWN: usize = 10;

/// serde_json's message without its " at line L column C": the text is what the Python
/// side serialised, so the position says nothing to the caller.
fn reader_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    match message.strip_suffix(&position) {
        Some(stripped) => stripped.to_owned(),
        None => message,
    }
}

/// The reader's error, with the document's top-level keys when it is an object.
fn document_error(text: &str, error: &serde_json::Error) -> PyErr {
    let mut message = reader_message(error);
    if let Ok(serde_json::Value::Object(object)) = serde_json::from_str(text) {
        let mut keys: Vec<&str> = object.keys().map(String::as_str).take(KEYS_SHOWN).collect();
        if object.len() > KEYS_SHOWN {
            keys.push("...");
        }
        message.push_str("; keys found: ");
        message.push_str(&if keys.is_empty() {
            "none".to_owned()
        } else {
            keys.join(", ")
        });
    }
    PyValueError::new_err(message)
}

/// One server object of a document as a row, its status a `Status` member.
fn server_row<'py>(
    py: Python<'py>,
    b: &Bindings,
    key: Option<&JsonScalar>,
    server: &NovaServer,
) -> PyResult<ServerRow<'py>> {
    let status = match server.status.known() {
        Some(status) => status,
        None => Status::parse(server.status.as_str())
            .map_err(|error| b.errors.unknown_name(py, &error))?,
    };
    let key = match key {
        None => None,
        Some(JsonScalar::Text(text)) => Some(PyString::new(py, text).into_any()),
        Some(JsonScalar::Integer(number)) => Some(number.into_pyobject(py)?.into_any()),
        Some(JsonScalar::Float(number)) => Some(number.into_pyobject(py)?.into_any()),
    };
    Ok((
        b.status_member(py, status),
        server.task_state.is_some(),
        server.task_state.clone().flatten(),
        server.vm_state.clone().flatten(),
        server.power_state,
        server
            .fault
            .as_ref()
            .map(|fault| fault.message.clone())
            .filter(|message| !message.is_empty()),
        key,
    ))
}

/// A server object without `id` or `name`, alone or in Nova's `{"server": {...}}` body,
/// read by the library's readers of one server (`NovaServer`, `NovaServerBody`).
/// `ServerJson` keys every server by its id or name and refuses such an object, but a
/// plain `{"status": ...}` is one observation of a single history.
fn anonymous_server(text: &str) -> Option<(ServerShape, NovaServer)> {
    // Objects only: the derived `NovaServerBody` reader would also take `[server]`, and
    // an array's rows are keyed.
    if !text.trim_start().starts_with('{') {
        return None;
    }
    let (shape, server) = serde_json::from_str::<NovaServer>(text)
        .map(|server| (ServerShape::ServerObject, server))
        .or_else(|_| {
            serde_json::from_str::<NovaServerBody>(text)
                .map(|body| (ServerShape::NovaServerBody, body.server))
        })
        .ok()?;
    (server.id.is_none() && server.name.is_none()).then_some((shape, server))
}

/// Reads one JSON document about servers with the library's reader, `nova::ServerJson`:
/// this project's lines, Nova's bodies, one server object (`openstack server show -f
/// json`, openstacksdk's `Server.to_dict()`), `openstack server list -f json` (with or
/// without `--long`), power states as Nova's integer or openstackclient's text. A server
/// object without `id` or `name` (a plain `{"status": ...}`, alone or in `{"server":
/// ...}`) is read as one anonymous observation. Returns the shape's name and one row per
/// server.
///
/// Raises `ValueError` naming the accepted shapes for a document of no known shape,
/// `UnknownNameError` for a status the library does not know.
#[pyfunction]
fn read_servers<'py>(py: Python<'py>, text: &str) -> PyResult<(&'static str, Vec<ServerRow<'py>>)> {
    let b = bindings(py)?;
    let document: ServerJson = match serde_json::from_str(text) {
        Ok(document) => document,
        Err(error) => {
            return match anonymous_server(text) {
                Some((shape, server)) => {
                    Ok((shape.as_str(), vec![server_row(py, b, None, &server)?]))
                }
                None => Err(document_error(text, &error)),
            };
        }
    };
    if document.servers.is_empty() && !document.actions.is_empty() {
        return Err(PyValueError::new_err(format!(
            "the {} holds {} instance action(s) and no server status; expected {ACCEPTED_SHAPES}",
            document.shape,
            document.actions.len()
        )));
    }
    let rows = document
        .servers
        .iter()
        .map(|record| server_row(py, b, Some(&record.key), &record.server))
        .collect::<PyResult<Vec<_>>>()?;
    Ok((document.shape.as_str(), rows))
}

// ---------------------------------------------------------------------------------------
// Audits.
// ---------------------------------------------------------------------------------------

/// A streaming auditor of observed histories (servers numbered by the caller).
#[pyclass(module = "server_lifecycle", name = "_Auditor")]
struct Auditor {
    auditor: audit::Auditor,
}

#[pymethods]
impl Auditor {
    #[new]
    fn new() -> Auditor {
        Auditor {
            auditor: audit::Auditor::new(),
        }
    }

    /// Judges the step to `status` of server number `index` (called `server`).
    fn observe(
        &mut self,
        py: Python<'_>,
        index: usize,
        status: &Bound<'_, PyAny>,
        server: Bound<'_, PyAny>,
    ) -> PyResult<Verdict> {
        let status = bindings(py)?.status(py, status)?;
        Ok(Verdict {
            verdict: self.auditor.observe(index, status),
            server: server.unbind(),
        })
    }
}

/// The verdict on one step of an observed history.
#[pyclass(frozen, module = "server_lifecycle", name = "Verdict")]
struct Verdict {
    verdict: audit::StepVerdict,
    server: Py<PyAny>,
}

#[pymethods]
impl Verdict {
    /// The server the observation was of (`None` for a single history).
    #[getter]
    fn server(&self, py: Python<'_>) -> Py<PyAny> {
        self.server.clone_ref(py)
    }

    /// `first`, `unchanged`, `direct`, `explained` or `impossible`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.verdict.kind().as_str()
    }

    /// Whether the model explains the step (anything but `impossible`).
    #[getter]
    fn is_explained(&self) -> bool {
        self.verdict.is_explained()
    }

    /// The status observed before, if any.
    #[getter]
    fn previous<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let b = bindings(py)?;
        Ok(self.verdict.previous().map(|s| b.status_member(py, s)))
    }

    /// The last known status the step is judged from (skips `UNKNOWN`).
    #[getter]
    fn basis<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let b = bindings(py)?;
        Ok(self.verdict.basis().map(|s| b.status_member(py, s)))
    }

    /// The status observed.
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(bindings(py)?.status_member(py, self.verdict.status()))
    }

    /// For a direct step: the events that make it.
    #[getter]
    fn events<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyFrozenSet>> {
        bindings(py)?.event_set(py, self.verdict.events())
    }

    /// The statuses the polls missed, on a shortest explanation.
    #[getter]
    fn missed<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let b = bindings(py)?;
        Ok(self
            .verdict
            .missed()
            .into_iter()
            .map(|s| b.status_member(py, s))
            .collect())
    }

    /// A shortest explanation: `(from, event, to)` steps, or `None`.
    #[getter]
    #[allow(clippy::type_complexity)]
    fn explanation<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<Option<Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>, Bound<'py, PyAny>)>>> {
        let b = bindings(py)?;
        Ok(self.verdict.explanation().map(|steps| {
            steps
                .into_iter()
                .map(|step| {
                    (
                        b.status_member(py, step.from),
                        b.event_member(py, step.event),
                        b.status_member(py, step.to),
                    )
                })
                .collect()
        }))
    }

    fn __str__(&self) -> String {
        self.verdict.to_string()
    }

    fn __repr__(&self) -> String {
        format!("<Verdict {}>", self.verdict)
    }
}

/// The native layer of `server_lifecycle`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(status_rows, m)?)?;
    m.add_function(wrap_pyfunction!(event_rows, m)?)?;
    m.add_function(wrap_pyfunction!(progress_rows, m)?)?;
    m.add_function(wrap_pyfunction!(nova_names, m)?)?;
    m.add_function(wrap_pyfunction!(export_json, m)?)?;
    m.add_function(wrap_pyfunction!(bind, m)?)?;
    m.add_function(wrap_pyfunction!(parse_status_member, m)?)?;
    m.add_function(wrap_pyfunction!(parse_event_member, m)?)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(check_many, m)?)?;
    m.add_function(wrap_pyfunction!(allowed_requests, m)?)?;
    m.add_function(wrap_pyfunction!(possible_outcomes, m)?)?;
    m.add_function(wrap_pyfunction!(nova_status, m)?)?;
    m.add_function(wrap_pyfunction!(nova_check, m)?)?;
    m.add_function(wrap_pyfunction!(read_servers, m)?)?;
    m.add_class::<CloudSettings>()?;
    m.add_class::<Plan>()?;
    m.add_class::<Assessment>()?;
    m.add_class::<Auditor>()?;
    m.add_class::<Verdict>()?;
    Ok(())
}
