//! The GraphQL-over-HTTP audit suite of the npm package `graphql-http`
//! (`serverAudits`), run by `tests/http-audit/audit.mjs` against the real server.
//! Every audit must pass: MUST, SHOULD and MAY alike.

use std::{path::Path, process::Command};

use crate::helpers::{Backend, TestApp};

#[tokio::test]
async fn the_graphql_http_audits_pass() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let harness = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/http-audit");
    let url = format!("{}/graphql", app.address);
    let output = tokio::task::spawn_blocking(move || {
        if !harness.join("node_modules/graphql-http").exists() {
            let status = Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&harness)
                .status()
                .expect("npm is needed to install the audit suite (tests/http-audit)");
            assert!(status.success(), "npm ci in tests/http-audit failed");
        }
        Command::new("node")
            .arg("audit.mjs")
            .arg(url)
            .current_dir(&harness)
            .output()
            .expect("node is needed to run the audit suite")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    let summary = stdout
        .lines()
        .find(|l| l.starts_with("audits: "))
        .unwrap_or_else(|| panic!("no summary line:\n{stdout}\n{stderr}"));
    let passed: usize = summary["audits: ".len()..]
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count of passed audits");
    assert!(passed >= 60, "{summary}");
    assert!(
        summary.ends_with("0 warnings, 0 failed (MUST)"),
        "every audit passes:\n{stdout}"
    );
}
