//! Inputs the fuzz targets (`fuzz/`) stopped on, kept as plain tests.

use server_lifecycle::audit::{Auditor, StepKind};
use server_lifecycle::Status;

/// `fuzz/artifacts/audit/crash-626fe0ad894bf772812638f8aef34365cb6f97fa` (bytes
/// `60 14 40 0b`): server 0 observed `UNKNOWN`, then `REVERT_RESIZE`. Nothing was known
/// before the second observation, so it cannot be judged: it is a `First` verdict with a
/// previous status. The fuzz oracle had assumed `First` only without a previous
/// observation (fixed there); the verdict's text said "first observation", which was
/// false for a second observation (fixed in `audit.rs`).
#[test]
fn a_first_known_status_after_unknown_is_first_and_says_so() {
    let mut auditor = Auditor::new();
    let unknown = auditor.observe(0, Status::Unknown);
    assert_eq!(unknown.kind(), StepKind::First);
    assert_eq!(unknown.to_string(), "UNKNOWN: first observation");
    let known = auditor.observe(0, Status::RevertResize);
    assert_eq!(known.kind(), StepKind::First);
    assert_eq!(known.previous(), Some(Status::Unknown));
    assert_eq!(known.basis(), None);
    assert_eq!(
        known.to_string(),
        "UNKNOWN -> REVERT_RESIZE: first known status (only UNKNOWN before)"
    );
    // From there on, steps are judged as usual.
    let next = auditor.observe(0, Status::Active);
    assert_eq!(next.kind(), StepKind::Direct);
    assert_eq!(next.basis(), Some(Status::RevertResize));
}
