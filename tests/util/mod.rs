//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::{HashSet, VecDeque};
use std::path::PathBuf;

use server_lifecycle::nova::NovaState;
use server_lifecycle::CloudSettings;

/// The environment variable that makes [`assert_generated`] rewrite files instead of
/// comparing them: `SERVER_LIFECYCLE_BLESS=1 cargo test` regenerates every generated doc.
pub const BLESS: &str = "SERVER_LIFECYCLE_BLESS";

/// Asserts that the checked-in file at `path` (relative to the repository root) equals
/// `generated`, the text the code produces now. With `SERVER_LIFECYCLE_BLESS=1` set, writes
/// `generated` to the file instead, so one command regenerates every generated document.
#[track_caller]
pub fn assert_generated(path: &str, generated: &str) {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    if std::env::var_os(BLESS).is_some() {
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).expect("create the docs folder");
        }
        std::fs::write(&full, generated).expect("write the generated file");
        return;
    }
    let committed = std::fs::read_to_string(&full).unwrap_or_default();
    if committed != generated {
        panic!(
            "{path} is out of date with the code; regenerate it with `{BLESS}=1 cargo test` \
             (or scripts/regenerate-docs) and commit the result"
        );
    }
}

/// Asserts that the section of the checked-in Markdown file at `path` between the markers
/// `<!-- BEGIN GENERATED name -->` and `<!-- END GENERATED name -->` equals `generated`.
/// With `SERVER_LIFECYCLE_BLESS=1` set, rewrites that section in place. Lets a hand-written
/// guide embed generated tables.
#[track_caller]
pub fn assert_generated_section(path: &str, name: &str, generated: &str) {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&full).unwrap_or_else(|_| panic!("{path} is missing"));
    let begin = format!("<!-- BEGIN GENERATED {name} -->\n");
    let end = format!("<!-- END GENERATED {name} -->");
    let start = text
        .find(&begin)
        .unwrap_or_else(|| panic!("{path} has no `{}` marker", begin.trim_end()))
        + begin.len();
    let stop = start
        + text[start..]
            .find(&end)
            .unwrap_or_else(|| panic!("{path} has no `{end}` marker"));
    if std::env::var_os(BLESS).is_some() {
        let rewritten = format!("{}{}{}", &text[..start], generated, &text[stop..]);
        std::fs::write(&full, rewritten).expect("write the generated section");
        return;
    }
    if text[start..stop] != *generated {
        panic!(
            "the `{name}` section of {path} is out of date with the code; regenerate it with \
             `{BLESS}=1 cargo test` and commit the result"
        );
    }
}

/// Every periodic job on (confirm, offload later, reclaim, build timeout: 3600 s each),
/// the cloud the Nova-layer walks explore beside Nova's defaults.
pub fn periodic_jobs_on() -> CloudSettings {
    CloudSettings::NOVA_DEFAULTS
        .with_shelved_offload_time(3600)
        .with_resize_confirm_window(3600)
        .with_reclaim_instance_interval(3600)
        .with_instance_build_timeout(3600)
}

/// Every Nova state reachable from a new server (image- or volume-backed) under `settings`.
pub fn reachable_nova_states(settings: &CloudSettings) -> Vec<NovaState> {
    let mut seen = HashSet::new();
    let mut queue = VecDeque::new();
    for start in [NovaState::created(false), NovaState::created(true)] {
        seen.insert(start);
        queue.push_back(start);
    }
    let mut order = Vec::new();
    while let Some(state) = queue.pop_front() {
        order.push(state);
        for step in state.steps(settings) {
            if seen.insert(step.to) {
                queue.push_back(step.to);
            }
        }
    }
    order
}

/// Asserts that the committed document at `path` (relative to the repository root) shows
/// each of `texts` word for word, e.g. the SQL statements a test runs.
#[track_caller]
pub fn assert_doc_shows(path: &str, texts: &[&str]) {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    let doc = std::fs::read_to_string(&full).unwrap_or_else(|error| panic!("{path}: {error}"));
    for text in texts {
        assert!(doc.contains(text), "{path} does not show `{text}`");
    }
}
