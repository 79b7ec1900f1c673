//! `--documents persisted` through the real server: the explorer's, the client's and the
//! operator's documents run, named by hash alone or sent as text, in a GET, a POST and a
//! batch; any other document is refused with `DOCUMENT_NOT_ALLOWED` (403) before it is
//! parsed, and counted; GraphiQL is served only when asked; a bad documents file stops
//! the server at its start. With `--documents any` the same requests behave as before.

use std::{path::PathBuf, sync::OnceLock};

use serde_json::{json, Map, Value};
use sha2::Digest as _;
use uprgraph::settings::{DocumentsMode, ServerSettings};

use crate::helpers::{at, code, examples, get_text, on_both_backends, post_json, Backend, TestApp};

/// The explorer's and the client's lists, as the server embeds them.
const EXPLORER: &str = include_str!("../../ui/src/gql/persisted-documents.json");
const CLIENT: &str = include_str!("../../clients/typescript/src/gql/persisted-documents.json");

/// A document that is in no list (and runs on any server).
const OTHER: &str = "{ cycle(number: 4) { firstSession } }";
/// The operator's own document, in the file of [`operator_file`].
const OPERATOR: &str = "query Operator { cycle(number: 1) { firstSession } }";

/// The refusals `/metrics` counts (none until the first).
async fn refusals(app: &TestApp) -> u64 {
    let metrics = get_text(app, "/metrics").await;
    metrics
        .lines()
        .find_map(|line| {
            line.strip_prefix("uprgraph_graphql_errors_total{code=\"DOCUMENT_NOT_ALLOWED\"} ")
        })
        .map_or(0, |count| count.trim().parse().unwrap())
}

fn sha256(text: &str) -> String {
    format!("{:x}", sha2::Sha256::digest(text.as_bytes()))
}

/// The text of the operation `name` in a list.
fn listed(list: &str, name: &str) -> String {
    let list: Map<String, Value> = serde_json::from_str(list).unwrap();
    list.values()
        .filter_map(Value::as_str)
        .find(|text| text.contains(&format!("query {name}(")))
        .unwrap_or_else(|| panic!("no {name} in the list"))
        .to_owned()
}

/// A documents file holding [`OPERATOR`], written once a run.
fn operator_file() -> PathBuf {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("operator-documents-{}.json", std::process::id()));
        let list = json!({ format!("sha256:{}", sha256(OPERATOR)): OPERATOR });
        std::fs::write(&path, list.to_string()).unwrap();
        path
    })
    .clone()
}

fn persisted(settings: &mut ServerSettings) {
    settings.documents = DocumentsMode::Persisted;
    settings.documents_file = Some(operator_file());
}

fn persisted_query(hash: &str) -> Value {
    json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } })
}

/// GETs `/graphql` with these parameters; the status and the JSON body.
async fn get(app: &TestApp, params: &[(&str, String)]) -> (u16, Value) {
    let response = app
        .http
        .get(format!("{}/graphql", app.address))
        .query(params)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

/// The explorer's state view sent as the explorer sends it: a GET with the hash alone.
async fn state_view_by_hash(app: &TestApp) -> (u16, Value) {
    let hash = sha256(&listed(EXPLORER, "StateView"));
    get(
        app,
        &[
            ("variables", json!({ "code": "ISR" }).to_string()),
            ("extensions", persisted_query(&hash).to_string()),
        ],
    )
    .await
}

/// The status of a GET of `path`.
async fn status_of(app: &TestApp, path: &str) -> u16 {
    let response = app.http.get(format!("{}{path}", app.address)).send();
    response.await.unwrap().status().as_u16()
}

fn assert_refused((status, body): (u16, Value)) {
    assert_eq!(status, 403, "{body:#}");
    assert_eq!(code(&body), "DOCUMENT_NOT_ALLOWED", "{body:#}");
    assert!(body.get("data").is_none(), "{body:#}");
}

async fn listed_documents_run_by_hash_or_text_and_no_other_does(app: TestApp) {
    // The explorer's document by its hash alone answers at once, with no text sent first.
    let (status, body) = state_view_by_hash(&app).await;
    assert_eq!(status, 200, "{body:#}");
    assert_eq!(at(&body, "data.state.name"), "Israel", "{body:#}");
    // Its text in full answers too, with or without its hash.
    let text = listed(EXPLORER, "StateView");
    let variables = json!({ "code": "ISR" });
    for body in [
        json!({ "query": text, "variables": variables }),
        json!({ "query": text, "variables": variables, "extensions": persisted_query(&sha256(&text)) }),
    ] {
        let (status, answer) = post_json(&app, &body).await;
        assert_eq!(status, 200, "{answer:#}");
        assert_eq!(at(&answer, "data.state.name"), "Israel", "{answer:#}");
    }
    // The client's documents and the operator's file's are listed too.
    let client = sha256(&listed(CLIENT, "StatePage"));
    let (status, body) = post_json(
        &app,
        &json!({ "variables": { "code": "USA" }, "extensions": persisted_query(&client) }),
    )
    .await;
    assert_eq!(status, 200, "{body:#}");
    assert_eq!(at(&body, "data.state.code"), "USA", "{body:#}");
    let (status, body) = get(
        &app,
        &[("extensions", persisted_query(&sha256(OPERATOR)).to_string())],
    )
    .await;
    assert_eq!(
        (status, at(&body, "data.cycle.firstSession")),
        (200, &json!(1))
    );
    let (status, body) = post_json(&app, &json!({ "query": OPERATOR })).await;
    assert_eq!(
        (status, at(&body, "data.cycle.firstSession")),
        (200, &json!(1))
    );

    assert_eq!(refusals(&app).await, 0);
    // Any other document is refused, as text (by GET or POST) or by hash, whether or not
    // its text comes with the hash: sending the text would not help.
    assert_refused(post_json(&app, &json!({ "query": OTHER })).await);
    assert_refused(get(&app, &[("query", OTHER.to_owned())]).await);
    assert_refused(
        get(
            &app,
            &[("extensions", persisted_query(&sha256(OTHER)).to_string())],
        )
        .await,
    );
    assert_refused(
        post_json(
            &app,
            &json!({ "query": OTHER, "extensions": persisted_query(&sha256(OTHER)) }),
        )
        .await,
    );
    // A listed document changed by one space is another document.
    assert_refused(post_json(&app, &json!({ "query": format!(" {OPERATOR}") })).await);
    // Before it is parsed: a document that does not parse gets the same refusal.
    assert_refused(post_json(&app, &json!({ "query": "{ cycle(number: " })).await);
    // Introspection is a document like any other.
    assert_refused(
        post_json(
            &app,
            &json!({ "query": "{ __schema { queryType { name } } }" }),
        )
        .await,
    );
    // GraphiQL is not served, and its examples are not listed.
    let example = examples().remove(0).1;
    assert_refused(post_json(&app, &json!({ "query": example })).await);
    // Each operation of a batch on its own.
    let (status, body) = post_json(&app, &json!([{ "query": OPERATOR }, { "query": OTHER }])).await;
    assert_eq!(status, 200, "{body:#}");
    assert_eq!(at(&body, "0.data.cycle.firstSession"), 1, "{body:#}");
    assert_eq!(code(&body[1]), "DOCUMENT_NOT_ALLOWED", "{body:#}");
    assert!(body[1].get("data").is_none(), "{body:#}");
    assert_eq!(refusals(&app).await, 9);

    assert_eq!(status_of(&app, "/").await, 404);
    let explorer = get_text(&app, "/explore").await;
    assert!(!explorer.contains("uprgraph-graphiql"), "{explorer}");
    // Exports are not GraphQL documents, and are served as before.
    assert_eq!(status_of(&app, "/export/recommendations.csv").await, 200);
}
on_both_backends!(
    listed_documents_run_by_hash_or_text_and_no_other_does,
    crate::helpers::Fixture::Empty,
    persisted
);

async fn any_document_runs_by_default(app: TestApp) {
    let (status, body) = post_json(&app, &json!({ "query": OTHER })).await;
    assert_eq!(
        (status, at(&body, "data.cycle.firstSession")),
        (200, &json!(41))
    );
    let (status, body) = post_json(&app, &json!({ "query": "{ cycle(number: " })).await;
    assert_eq!((status, code(&body)), (200, "BAD_USER_INPUT"), "{body:#}");
    // A hash the server has not seen asks for the text (APQ), even the explorer's.
    let (status, body) = state_view_by_hash(&app).await;
    assert_eq!(
        (status, code(&body)),
        (200, "PERSISTED_QUERY_NOT_FOUND"),
        "{body:#}"
    );
    assert_eq!(status_of(&app, "/").await, 200);
    assert_eq!(refusals(&app).await, 0);
}
on_both_backends!(any_document_runs_by_default);

#[tokio::test]
async fn graphiql_and_its_examples_are_served_with_persisted_documents_when_asked() {
    let app = TestApp::spawn_with(Backend::Sqlite, |s| {
        persisted(s);
        s.graphiql = Some(true);
    })
    .await;
    assert_eq!(status_of(&app, "/").await, 200);
    for (name, example) in examples() {
        let (status, body) = post_json(&app, &json!({ "query": example })).await;
        assert_eq!(status, 200, "{name}: {body:#}");
        assert!(body.get("data").is_some(), "{name}: {body:#}");
    }
    assert_refused(post_json(&app, &json!({ "query": OTHER })).await);
}

#[test]
fn a_bad_documents_file_stops_the_server_before_it_opens_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let hash = sha256(OPERATOR);
    let cases = [
        (
            dir.path().join("missing.json"),
            "cannot read the documents file",
        ),
        (file("broken.json", "{\"sha256:"), "is not a JSON object of"),
        (
            file(
                "changed.json",
                &json!({ format!("sha256:{hash}"): format!("{OPERATOR} ") }).to_string(),
            ),
            &format!(
                "the document under `sha256:{hash}` hashes to `sha256:{}`",
                sha256(&format!("{OPERATOR} "))
            ),
        ),
    ];
    let database = dir.path().join("never.db");
    for (path, expected) in &cases {
        let output = serve(&[
            "--documents",
            "persisted",
            "--documents-file",
            path.to_str().unwrap(),
            "--database-url",
            &format!("sqlite://{}?mode=rwc", database.display()),
            "--listen",
            "127.0.0.1:0",
        ]);
        assert_eq!(output.status.code(), Some(1), "{}", path.display());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(*expected), "{stderr}");
        assert!(stderr.contains(&path.display().to_string()), "{stderr}");
        assert!(!database.exists(), "the database was opened");
    }
}

/// Runs `uprgraph serve` with `args`, which must stop on its own within 30 seconds.
fn serve(args: &[&str]) -> std::process::Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_uprgraph"))
        .arg("serve")
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run uprgraph");
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(30) {
            child.kill().ok();
            panic!("uprgraph serve {args:?} started");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}
