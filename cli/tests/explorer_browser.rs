//! The explorer (`docs/explorer.html`) in a real browser: headless Chromium driven over
//! WebDriver clicks through every feature, and the page's answers are compared with the
//! library's (computed here, never copied). Needs ChromeDriver: run `scripts/test-explorer`,
//! which installs Chromium when missing, starts a private ChromeDriver and passes its
//! address in `EXPLORER_WEBDRIVER` (and a scratch directory in `EXPLORER_PROFILES`).
//! `EXPLORER_SCREENSHOTS=docs` also writes the screenshots the README shows.

mod util;
mod webdriver;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use server_lifecycle::nova::{status_of, Operation, TaskState, VmState};
use server_lifecycle::render::{status_edges, DiagramOptions, StatusEdge};
use server_lifecycle::{CloudSettings, Event, Plan, Status, StatusSet};
use webdriver::{Session, ENTER, ESCAPE};

const WIDTH: u32 = 1280;
const HEIGHT: u32 = 800;

/// A browser session on a fresh profile, opened on the committed page.
fn session(name: &str) -> Session {
    let address = std::env::var("EXPLORER_WEBDRIVER")
        .expect("EXPLORER_WEBDRIVER is not set: run scripts/test-explorer");
    let profiles = std::env::var("EXPLORER_PROFILES")
        .unwrap_or_else(|_| std::env::temp_dir().display().to_string());
    let profile = PathBuf::from(profiles).join(format!("profile-{name}-{}", std::process::id()));
    Session::start(&address, &profile, WIDTH, HEIGHT)
}

/// The committed page, from disk.
fn page_url(fragment: &str) -> String {
    let path = util::repository().join("docs/explorer.html");
    let path = path.canonicalize().expect("docs/explorer.html exists");
    format!("file://{}{fragment}", path.display())
}

/// Opens the page afresh (a full load) with `fragment`.
fn open(browser: &Session, fragment: &str) {
    browser.goto("about:blank");
    browser.goto(&page_url(fragment));
}

/// Waits until `script` returns true (the page reacts to a new fragment asynchronously).
#[track_caller]
fn wait_for(browser: &Session, script: &str, what: &str) {
    let start = Instant::now();
    while browser.run(script, json!([])) != json!(true) {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn strings(value: Value) -> BTreeSet<String> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(|item| item.as_str().expect("a string").to_owned())
        .collect()
}

/// The Graphviz titles (`from->to`) of the diagram's edges with class `class`.
fn edges_with(browser: &Session, class: &str) -> BTreeSet<String> {
    strings(browser.run(
        "return [...document.querySelectorAll('#diagram g.edge.' + arguments[0])].map((g) => g.querySelector('title').textContent);",
        json!([class]),
    ))
}

/// The statuses whose diagram node has class `class`.
fn nodes_with(browser: &Session, class: &str) -> BTreeSet<String> {
    strings(browser.run(
        "return [...document.querySelectorAll('#diagram g.node.' + arguments[0])].map((g) => g.dataset.status);",
        json!([class]),
    ))
}

fn text(browser: &Session, selector: &str) -> String {
    browser
        .run(
            "const el = document.querySelector(arguments[0]); return el ? el.textContent : null;",
            json!([selector]),
        )
        .as_str()
        .unwrap_or_else(|| panic!("no element {selector}"))
        .to_owned()
}

fn hash(browser: &Session) -> String {
    browser
        .run("return location.hash;", json!([]))
        .as_str()
        .expect("the fragment")
        .to_owned()
}

fn names(set: StatusSet) -> BTreeSet<String> {
    set.iter().map(|status| status.to_string()).collect()
}

/// The edges the committed diagram draws (loops are written in the boxes).
fn drawn() -> Vec<StatusEdge> {
    status_edges(&DiagramOptions::readable())
        .into_iter()
        .filter(|edge| edge.from != edge.to)
        .collect()
}

fn key(from: Status, to: Status) -> String {
    format!("{from}->{to}")
}

/// Fails on any error in the browser's console, and on any network request.
#[track_caller]
fn assert_clean(browser: &Session) {
    let errors: Vec<(String, String)> = browser
        .console()
        .into_iter()
        .filter(|(level, _)| level == "SEVERE")
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    let requests = browser.run(
        "return performance.getEntriesByType('resource').map((entry) => entry.name);",
        json!([]),
    );
    assert_eq!(requests, json!([]), "the page made network requests");
}

/// Saves a screenshot into the docs folder when `EXPLORER_SCREENSHOTS` names it.
fn screenshot(browser: &Session, name: &str) {
    if let Ok(folder) = std::env::var("EXPLORER_SCREENSHOTS") {
        let path = util::repository().join(folder).join(name);
        std::fs::write(&path, browser.screenshot()).expect("write the screenshot");
    }
}

/// Clicking a status highlights exactly its drawn edges, fades the rest, and the side
/// panel shows what `explain` shows; the keyboard does the same.
fn check_status_click(browser: &Session, status: Status) {
    // The whole drawing first: a selection zooms to its neighbourhood.
    browser.click("#zoom-fit");
    browser.click(&format!("#diagram g.node[data-status=\"{status}\"]"));
    let outgoing: BTreeSet<String> = drawn()
        .iter()
        .filter(|edge| edge.from == status)
        .map(|edge| key(edge.from, edge.to))
        .collect();
    let incoming: BTreeSet<String> = drawn()
        .iter()
        .filter(|edge| edge.to == status)
        .map(|edge| key(edge.from, edge.to))
        .collect();
    assert_eq!(
        edges_with(browser, "out"),
        outgoing,
        "{status}'s outgoing edges"
    );
    assert_eq!(
        edges_with(browser, "in"),
        incoming,
        "{status}'s incoming edges"
    );
    assert_eq!(
        nodes_with(browser, "sel"),
        BTreeSet::from([status.to_string()])
    );
    assert_eq!(hash(browser), format!("#status={status}"));
    // Everything else fades.
    let far = Status::ALL
        .into_iter()
        .find(|other| {
            *other != status
                && !drawn().iter().any(|edge| {
                    (edge.from == status && edge.to == *other)
                        || (edge.to == status && edge.from == *other)
                })
        })
        .expect("a status not next to it");
    let opacity = browser.run(
        "return Number(getComputedStyle(document.querySelector('#diagram g.node[data-status=\"' + arguments[0] + '\"]')).opacity);",
        json!([far.as_str()]),
    );
    assert!(
        opacity.as_f64().expect("a number") < 0.5,
        "{far} did not fade"
    );
    // The side panel: description, and every request the status allows.
    assert!(text(browser, "#explain h2").starts_with(status.as_str()));
    assert_eq!(text(browser, "#explain .desc"), status.description());
    let listed = strings(browser.run(
        "return [...document.querySelectorAll('#explain .request-link')].map((b) => b.dataset.request);",
        json!([]),
    ));
    let allowed: BTreeSet<String> = status
        .allowed_requests()
        .iter()
        .map(|event| event.to_string())
        .collect();
    assert_eq!(listed, allowed, "{status}'s requests in the panel");
}

fn settings(window: u64, offload: i64, reclaim: u64) -> CloudSettings {
    CloudSettings::NOVA_DEFAULTS
        .with_resize_confirm_window(window)
        .with_shelved_offload_time(offload)
        .with_reclaim_instance_interval(reclaim)
}

/// The diagram colours exactly the library's plan.
#[track_caller]
fn assert_plan_coloured(browser: &Session, plan: &Plan) {
    let what = format!("plan of {} from {}", plan.request(), plan.from());
    assert_eq!(
        nodes_with(browser, "plan-pending"),
        names(plan.pending()),
        "{what}: pending"
    );
    assert_eq!(
        nodes_with(browser, "plan-target"),
        names(plan.target()),
        "{what}: target"
    );
    assert_eq!(
        nodes_with(browser, "plan-failure"),
        names(plan.failure()),
        "{what}: failure"
    );
    assert_eq!(
        nodes_with(browser, "plan-fail-fast"),
        names(plan.fail_fast()),
        "{what}: fail fast"
    );
    assert_eq!(
        nodes_with(browser, "plan-from"),
        BTreeSet::from([plan.from().to_string()])
    );
    let allowing: BTreeSet<String> = Status::ALL
        .into_iter()
        .filter(|status| status.accepts(plan.request()))
        .map(|status| status.to_string())
        .collect();
    assert_eq!(
        nodes_with(browser, "allows"),
        allowing,
        "{what}: statuses allowing it"
    );
}

/// The page's answer for every operation in the Nova panel's current state.
fn nova_rows(browser: &Session) -> Value {
    browser.run(
        "const rows = {}; for (const tr of document.querySelectorAll('#nova-answer tr[data-operation]')) rows[tr.dataset.operation] = tr.querySelector('td.answer').textContent; return rows;",
        json!([]),
    )
}

fn select(browser: &Session, select_id: &str, value: &str) {
    browser.click(&format!("#{select_id} option[value=\"{value}\"]"));
}

#[test]
#[ignore = "needs Chromium and ChromeDriver: run scripts/test-explorer"]
fn explorer_answers_like_the_library_in_a_real_browser() {
    let browser = session("desktop");
    // Exactly 1280x800 CSS pixels of page (a headless window's size is not its viewport).
    browser.devtools(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": false }),
    );
    open(&browser, "");
    assert_clean(&browser);
    let overflow = browser.run(
        "return [innerWidth, innerHeight, document.documentElement.scrollWidth - innerWidth];",
        json!([]),
    );
    assert_eq!(
        overflow,
        json!([WIDTH, HEIGHT, 0]),
        "the page fits 1280x800 across"
    );

    // 1. Click a status (and another, to see the highlight move).
    check_status_click(&browser, Status::Active);
    check_status_click(&browser, Status::VerifyResize);
    screenshot(&browser, "explorer-status.png");

    // Keyboard: Tab to a status and press Enter; Escape clears; / goes to the search.
    browser.run(
        "document.querySelector('#diagram g.node[data-status=\"ERROR\"]').focus();",
        json!([]),
    );
    browser.press(ENTER);
    assert_eq!(
        nodes_with(&browser, "sel"),
        BTreeSet::from(["ERROR".to_owned()])
    );
    browser.press(ESCAPE);
    assert!(nodes_with(&browser, "sel").is_empty());
    assert_eq!(hash(&browser), "");
    browser.press("/");
    assert_eq!(
        browser.run("return document.activeElement.id;", json!([])),
        "search"
    );

    // 2. A shared link: a status and a request give the plan, coloured.
    open(&browser, "#status=VERIFY_RESIZE&request=confirm_resize");
    let plan = Plan::new(
        Event::ConfirmResize,
        Status::VerifyResize,
        settings(0, 0, 0),
    )
    .expect("confirm_resize is allowed in VERIFY_RESIZE");
    assert_plan_coloured(&browser, &plan);

    // Pick a request, a status and settings with the controls: the plan follows.
    select(&browser, "request-select", "resize");
    select(&browser, "plan-from", "ACTIVE");
    select(&browser, "confirm-window", "3600");
    let plan = Plan::new(Event::Resize, Status::Active, settings(3600, 0, 0)).expect("allowed");
    assert_plan_coloured(&browser, &plan);
    assert!(hash(&browser).contains("request=resize"));
    assert!(hash(&browser).contains("resize_confirm_window=3600"));
    select(&browser, "request-select", "shelve");
    select(&browser, "plan-from", "STOPPED");
    for offload in [-1, 0, 3600] {
        select(&browser, "offload-time", &offload.to_string());
        let plan =
            Plan::new(Event::Shelve, Status::Stopped, settings(3600, offload, 0)).expect("allowed");
        assert_plan_coloured(&browser, &plan);
    }
    select(&browser, "request-select", "delete");
    select(&browser, "plan-from", "ACTIVE");
    select(&browser, "reclaim-interval", "86400");
    let plan =
        Plan::new(Event::Delete, Status::Active, settings(3600, 3600, 86400)).expect("allowed");
    assert_plan_coloured(&browser, &plan);
    select(&browser, "offload-time", "0");
    select(&browser, "reclaim-interval", "0");
    select(&browser, "confirm-window", "0");
    select(&browser, "request-select", "resize");
    select(&browser, "plan-from", "VERIFY_RESIZE");
    let plan = Plan::new(Event::Resize, Status::VerifyResize, settings(0, 0, 0));
    let refusal = plan
        .expect_err("resize is refused in VERIFY_RESIZE")
        .to_string();
    assert_eq!(text(&browser, "#plan-refused"), refusal);
    select(&browser, "request-select", "confirm_resize");
    let plan = Plan::new(
        Event::ConfirmResize,
        Status::VerifyResize,
        settings(0, 0, 0),
    )
    .expect("allowed");
    assert_plan_coloured(&browser, &plan);
    screenshot(&browser, "explorer-plan.png");

    // 3. The Nova panel, for a sample of the grid spread over every vm_state.
    browser.click("#tab-nova");
    let tasks: Vec<Option<TaskState>> = std::iter::once(None)
        .chain(TaskState::ALL.into_iter().map(Some))
        .collect();
    for (index, vm) in VmState::ALL.into_iter().enumerate() {
        let task = tasks[(index * 7) % tasks.len()];
        let launched = index % 3 != 2;
        for task in [None, task] {
            select(&browser, "vm-state", vm.as_str());
            select(&browser, "task-state", task.map_or("", TaskState::as_str));
            let checked = browser.run(
                "return document.querySelector('#launched').checked;",
                json!([]),
            );
            if checked != json!(launched) {
                browser.click("#launched");
            }
            let what = format!("{vm} {task:?} launched={launched}");
            let shown = text(&browser, "#nova-status .status-link");
            assert_eq!(shown, status_of(vm, task).as_str(), "{what}");
            let rows = nova_rows(&browser);
            for operation in Operation::ALL {
                let expected = match operation.check(vm, task, launched) {
                    Ok(sets) => format!(
                        "accepted; sets task_state {}",
                        sets.map_or("none", TaskState::as_str)
                    ),
                    Err(error) => format!("409: {error}"),
                };
                assert_eq!(
                    rows[operation.as_str()],
                    expected.as_str(),
                    "{what}: {operation}"
                );
            }
            assert_eq!(
                nodes_with(&browser, "sel"),
                BTreeSet::from([shown.clone()]),
                "{what}"
            );
        }
    }
    select(&browser, "vm-state", "active");
    select(&browser, "task-state", "rebooting");
    if browser.run(
        "return document.querySelector('#launched').checked;",
        json!([]),
    ) != json!(true)
    {
        browser.click("#launched");
    }
    assert!(hash(&browser).contains("vm_state=active&task_state=rebooting&launched=true"));
    screenshot(&browser, "explorer-nova.png");

    // 4. A path between two statuses, drawn; a step the diagram leaves out gets a line.
    browser.click("#tab-path");
    for (from, to) in [
        (Status::Building, Status::ShelvedOffloaded),
        (Status::Active, Status::Deleted),
        (Status::Stopped, Status::Paused),
    ] {
        select(&browser, "path-from", from.as_str());
        select(&browser, "path-to", to.as_str());
        let steps = from.shortest_path_to(to).expect("reachable");
        let drawn_keys: BTreeSet<String> = drawn().iter().map(|e| key(e.from, e.to)).collect();
        let (on, off): (Vec<String>, Vec<String>) = steps
            .iter()
            .map(|step| key(step.from, step.to))
            .partition(|step| drawn_keys.contains(step));
        assert_eq!(
            edges_with(&browser, "on-path"),
            on.into_iter().collect(),
            "{from} to {to}"
        );
        let lines = strings(browser.run(
            "return [...document.querySelectorAll('#diagram line.off-diagram')].map((l) => l.dataset.step);",
            json!([]),
        ));
        assert_eq!(
            lines,
            off.into_iter().collect(),
            "{from} to {to}: undrawn steps"
        );
        let listed = browser.run(
            "return document.querySelectorAll('#path li').length;",
            json!([]),
        );
        assert_eq!(listed, json!(steps.len()));
        assert!(hash(&browser).contains(&format!("from={from}&to={to}")));
    }
    select(&browser, "path-from", "DELETED");
    select(&browser, "path-to", "ACTIVE");
    assert!(Status::Deleted.shortest_path_to(Status::Active).is_none());
    assert_eq!(
        text(&browser, "#path-none"),
        "ACTIVE cannot be reached from DELETED"
    );

    // 5. The search box takes any spelling: Nova's status names, vm_states, requests.
    for (query, check) in [
        ("shutoff", "return new URLSearchParams(location.hash.slice(1)).get('status') === 'STOPPED' && document.querySelector('#explain h2').textContent.startsWith('STOPPED ');"),
        ("RESCUE", "return new URLSearchParams(location.hash.slice(1)).get('status') === 'RESCUED' && document.querySelector('#explain h2').textContent.startsWith('RESCUED ');"),
        ("soft-delete", "return document.querySelector('#vm-state').value === 'soft-delete' && !document.querySelector('#view-nova').hidden;"),
        ("confirm_resize", "return document.querySelector('#request-select').value === 'confirm_resize';"),
    ] {
        browser.run("document.querySelector('#search').value = '';", json!([]));
        browser.type_into("#search", &format!("{query}{ENTER}"));
        wait_for(&browser, check, query);
    }
    assert_eq!(
        Status::parse("shutoff")
            .map(|s| s.to_string())
            .ok()
            .as_deref(),
        Some("STOPPED")
    );

    // 6. The fragment drives the page: a new one re-renders it.
    browser.run("location.hash = 'status=SHELVED';", json!([]));
    wait_for(&browser, "return document.querySelector('#diagram g.node.sel') !== null && document.querySelector('#diagram g.node.sel').dataset.status === 'SHELVED';", "the fragment");

    // A fragment naming nothing the model knows selects nothing and breaks nothing.
    open(
        &browser,
        "#status=%3Cimg%20src%3Dx%3E&request=hibernate&from=A&to=B",
    );
    assert!(nodes_with(&browser, "sel").is_empty());
    assert!(nodes_with(&browser, "allows").is_empty());
    assert_eq!(edges_with(&browser, "on-path"), BTreeSet::new());
    // Unknown Nova states fall back to an active server with no task.
    open(&browser, "#vm_state=nope&task_state=x");
    assert_eq!(text(&browser, "#vm-state option:checked"), "active");
    assert_eq!(text(&browser, "#task-state option:checked"), "none");
    let shown = status_of(VmState::Active, None).to_string();
    assert_eq!(nodes_with(&browser, "sel"), BTreeSet::from([shown]));

    assert_clean(&browser);
}

#[test]
#[ignore = "needs Chromium and ChromeDriver: run scripts/test-explorer"]
fn explorer_fits_a_phone_and_follows_the_dark_scheme() {
    let browser = session("phone");
    browser.devtools(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": true }),
    );
    browser.devtools(
        "Emulation.setEmulatedMedia",
        json!({ "features": [{ "name": "prefers-color-scheme", "value": "dark" }] }),
    );
    open(&browser, "#status=SHELVED");
    let layout = browser.run(
        "const d = document.querySelector('#diagram-pane').getBoundingClientRect(); const p = document.querySelector('#panel').getBoundingClientRect(); return { overflow: document.documentElement.scrollWidth - innerWidth, stacked: p.top >= d.bottom - 1, width: innerWidth, background: getComputedStyle(document.body).backgroundColor };",
        json!([]),
    );
    assert_eq!(layout["width"], 390, "{layout}");
    assert!(
        layout["overflow"].as_i64().expect("a number") <= 0,
        "{layout}"
    );
    assert_eq!(layout["stacked"], true, "{layout}");
    assert_eq!(layout["background"], "rgb(21, 23, 26)", "{layout}");
    check_status_click(&browser, Status::Shelved);
    screenshot(&browser, "explorer-phone.png");
    assert_clean(&browser);
}
