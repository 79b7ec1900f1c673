//! The Node projects some tests drive (`tests/http-audit`, `tests/browser`,
//! `clients/typescript`): installed from their lock files when `node_modules` is missing, so
//! a missing install fails the test loudly instead of skipping it.

use std::{
    path::{Path, PathBuf},
    process::{Command, Output},
    sync::{Mutex, PoisonError},
};

/// The project's directory, with its packages installed by `npm ci` when they are not.
/// One install at a time: `npm ci` first removes `node_modules`, so a second install
/// of the same project would pull the packages from under a test already using them.
pub fn project(relative: &str) -> PathBuf {
    static INSTALLING: Mutex<()> = Mutex::new(());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let _installing = INSTALLING.lock().unwrap_or_else(PoisonError::into_inner);
    if !dir.join("node_modules/.package-lock.json").exists() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .status()
            .unwrap_or_else(|e| panic!("npm is needed to install {relative}: {e}"));
        assert!(status.success(), "npm ci in {relative} failed");
    }
    dir
}

/// Runs `node` with `args` in `dir`, on a blocking thread.
pub async fn run(dir: PathBuf, args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || {
        Command::new("node")
            .args(&args)
            .current_dir(&dir)
            .output()
            .unwrap_or_else(|e| panic!("node is needed to run {args:?}: {e}"))
    })
    .await
    .unwrap()
}

/// Asserts that a run succeeded, showing what it printed when it did not.
pub fn assert_success(what: &str, output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{what} failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    stdout
}

/// Runs a project's generator script with `--check` and asserts that the committed files
/// are what it generates.
pub async fn assert_regenerates(relative: &str, script: &str) {
    let dir = project(relative);
    let output = run(dir, vec![script.into(), "--check".into()]).await;
    let stdout = assert_success(&format!("node {script} --check"), &output);
    assert!(stdout.contains("files match"), "{stdout}");
}

/// The browser the browser tests drive: Debian's package, which `.ci/run` installs when
/// missing (never a downloaded browser).
pub fn require_chromium() {
    const CHROMIUM: &str = "/usr/bin/chromium";
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)"
    );
}
