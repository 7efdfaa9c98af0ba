//! The CLI as an installed tool: `--version` names the Nova commit, `completions` and
//! `man` come from the command's definition, `cargo install --path cli` works, and the
//! files a published crate needs (LICENSE, CHANGELOG.md, the README's install line) are
//! there and agree with the code.

mod util;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use server_lifecycle::nova::NOVA_COMMIT;
use server_lifecycle::table;
use util::{repository, run, stderr, stdout};

/// The subcommands the overview lists (every `server-lifecycle NAME` line).
fn subcommands() -> Vec<String> {
    stdout(&run::<&str>(&[]))
        .lines()
        .filter_map(|line| line.trim().strip_prefix("server-lifecycle "))
        .filter_map(|rest| rest.split_whitespace().next())
        .filter(|name| !name.starts_with('-'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn version_names_the_nova_commit_the_model_follows() {
    let output = run(&["--version"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!(
            "server-lifecycle {}\nmodel: Nova commit {NOVA_COMMIT}\n",
            env!("CARGO_PKG_VERSION")
        )
    );
    // -V stays one line with the version alone.
    let output = run(&["-V"]);
    assert_eq!(
        stdout(&output),
        format!("server-lifecycle {}\n", env!("CARGO_PKG_VERSION"))
    );
    // The README and the library's docs name the same commit.
    let readme = std::fs::read_to_string(repository().join("README.md")).expect("README");
    assert!(readme.contains(NOVA_COMMIT), "README names another commit");
}

#[test]
fn completions_for_every_shell_name_every_subcommand() {
    let commands = subcommands();
    assert!(commands.contains(&"completions".to_owned()), "{commands:?}");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = run(&["completions", shell]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{shell}: {}",
            stderr(&output)
        );
        let script = stdout(&output);
        for command in &commands {
            assert!(script.contains(command.as_str()), "{shell} lacks {command}");
        }
        // Options of subcommands are completed too.
        assert!(script.contains("resize-confirm-window"), "{shell}");
    }
    let output = run(&["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("bash"), "{}", stderr(&output));
}

#[test]
fn man_page_is_roff_with_every_subcommand() {
    let output = run(&["man"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = stdout(&output);
    assert!(page.contains(".TH server-lifecycle 1"), "{page}");
    assert!(page.contains(".SH SYNOPSIS"));
    for command in subcommands() {
        // roff escapes '-' as '\-'.
        let escaped = command.replace('-', "\\-");
        assert!(
            page.contains(&format!("server\\-lifecycle\\-{escaped}")),
            "man page lacks {command}"
        );
    }
    assert!(page.contains(&format!(
        "\"server-lifecycle {}\"",
        env!("CARGO_PKG_VERSION")
    )));
}

#[test]
fn overview_and_readme_explain_rows_and_results() {
    let rows = table::TRANSITIONS.len();
    let results: usize = table::transitions().map(|row| row.to().len()).sum();
    assert!(
        results > rows,
        "the explanation is about rows with several results"
    );
    let overview = stdout(&run::<&str>(&[]));
    assert!(
        overview.contains(&format!("{rows} transition rows"))
            && overview.contains(&format!("{results} (status, event, result)")),
        "{overview}"
    );
    let export = stdout(&run(&["export"]));
    let document: serde_json::Value = serde_json::from_str(&export).expect("JSON");
    assert_eq!(
        document["transitions"].as_array().map(Vec::len),
        Some(results)
    );
    let readme = std::fs::read_to_string(repository().join("README.md")).expect("README");
    let flat = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(&format!("{results} of them, from the table's {rows} rows")),
        "README's counts drifted"
    );
    assert!(flat.contains("cargo install --path cli"));
}

#[test]
fn licence_and_changelog_are_there() {
    let licence = std::fs::read_to_string(repository().join("LICENSE")).expect("LICENSE");
    let first: Vec<&str> = licence.lines().take(2).map(str::trim).collect();
    assert_eq!(first, ["Apache License", "Version 2.0, January 2004"]);
    assert!(licence.contains("END OF TERMS AND CONDITIONS"));
    assert!(
        licence.lines().count() > 150,
        "the full text, not a summary"
    );
    let changelog = std::fs::read_to_string(repository().join("CHANGELOG.md")).expect("CHANGELOG");
    assert!(changelog.starts_with("# Changelog\n"));
    assert!(changelog.contains("keepachangelog.com"));
    assert!(changelog.contains("## [Unreleased]"));
}

/// A fresh directory under the system's temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("a temporary directory");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn installed(root: &Path, args: &[&str]) -> std::process::Output {
    Command::new(root.join("bin").join("server-lifecycle"))
        .args(args)
        .output()
        .expect("the installed binary runs")
}

/// `cargo install --path cli --root TMP` (offline, from the lock file, a debug build in a
/// target directory of its own under `target/` so a second run reuses it), then the
/// installed binary answers `--version`, `completions bash` and `man`.
#[test]
fn cargo_install_then_run_the_installed_binary() {
    let root = TempDir::new("server-lifecycle-install");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "install",
            "--path",
            "cli",
            "--offline",
            "--locked",
            "--debug",
            "--quiet",
        ])
        .arg("--root")
        .arg(&root.0)
        .env(
            "CARGO_TARGET_DIR",
            repository().join("target").join("install-test"),
        )
        .current_dir(repository())
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo install failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let version = installed(&root.0, &["--version"]);
    assert_eq!(version.status.code(), Some(0));
    assert!(stdout(&version).contains(NOVA_COMMIT));
    let bash = installed(&root.0, &["completions", "bash"]);
    assert_eq!(bash.status.code(), Some(0));
    assert!(stdout(&bash).contains("complete -F _server__lifecycle"));
    let man = installed(&root.0, &["man"]);
    assert_eq!(man.status.code(), Some(0));
    assert!(stdout(&man).contains(".TH server-lifecycle 1"));
}

#[test]
fn man_dir_writes_one_page_per_command() {
    let dir = TempDir::new("server-lifecycle-man");
    let output = run(&[OsStr::new("man"), OsStr::new("--dir"), dir.0.as_os_str()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    let main = std::fs::read_to_string(dir.0.join("server-lifecycle.1")).expect("main page");
    assert!(main.contains(".TH server-lifecycle 1"));
    for command in subcommands() {
        let page = dir.0.join(format!("server-lifecycle-{command}.1"));
        let text = std::fs::read_to_string(&page).unwrap_or_else(|_| panic!("{page:?}"));
        assert!(text.contains(".SH SYNOPSIS"), "{command}");
    }
    let output = run(&["man", "--dir", "/dev/null/nope"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("/dev/null/nope"),
        "{}",
        stderr(&output)
    );
}
