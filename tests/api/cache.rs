//! The answers a server keeps in memory: a repeated request touches no database, and
//! an import committed by another process is seen at once, on SQLite and on
//! PostgreSQL, by every server over the database.

use std::process::Command;

use serde_json::{json, Value};

use crate::helpers::{at, metric, on_both_backends, Backend, TestApp};

const TOTALS: &str = "{ aidFlows { totalCount } recommendations { totalCount } }";

async fn post(http: &reqwest::Client, address: &str, query: &str) -> Value {
    let response = http
        .post(format!("{address}/graphql"))
        .json(&json!({ "query": query }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// Imports OECD's 2019 table of official development assistance with `uprgraph import`,
/// as another process would. (The example aid CSV would add nothing: its figures are
/// the parts of one the reference data holds.)
fn import_in_another_process(database_url: &str) {
    let file = crate::helpers::datasets_folder().join("oecd-dac2a/ODA-2019-DAC2a.csv");
    let output = Command::new(env!("CARGO_BIN_EXE_uprgraph"))
        .args(["import", "oecd-dac2a"])
        .arg(&file)
        .args(["--database-url", database_url])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn aid_total(body: &Value) -> i64 {
    at(body, "data.aidFlows.totalCount").as_i64().unwrap()
}

/// The answer of the server at `address` once it has the import that followed `before`,
/// and how many requests that took. On SQLite the first request sees it: the server
/// looks at the database's files. On PostgreSQL the import's commit sends the new
/// version to every listening server, and a server answers from memory only under the
/// version it last heard of: it may give the old answer for as long as the notification
/// takes to arrive (milliseconds; longer on a loaded machine), and never after. The
/// wait is bounded generously, and every answer meanwhile must be the old one.
async fn fresh_after_import(http: &reqwest::Client, address: &str, before: &Value) -> (Value, u32) {
    let waited = std::time::Instant::now();
    let mut requests = 0;
    loop {
        let answer = post(http, address, TOTALS).await;
        requests += 1;
        if aid_total(&answer) > aid_total(before) {
            return (answer, requests);
        }
        assert_eq!(
            &answer, before,
            "{address}: neither the old answer nor a fresh one"
        );
        assert!(
            waited.elapsed() < std::time::Duration::from_secs(30),
            "{address}: still {answer} long after the import committed"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

async fn a_repeated_query_touches_no_database_until_an_import_commits(app: TestApp) {
    let first = post(&app.http, &app.address, TOTALS).await;
    let statements = metric(&app, "uprgraph_database_statements_total").await;
    let hits = metric(&app, "uprgraph_response_cache_hits_total").await;
    let again = post(&app.http, &app.address, TOTALS).await;
    assert_eq!(again, first);
    assert_eq!(
        metric(&app, "uprgraph_database_statements_total").await,
        statements,
        "no statement ran"
    );
    assert_eq!(
        metric(&app, "uprgraph_response_cache_hits_total").await,
        hits + 1
    );
    assert!(metric(&app, "uprgraph_response_cache_bytes").await > 0);

    import_in_another_process(app.database_url());
    let (fresh, requests) = fresh_after_import(&app.http, &app.address, &first).await;
    if app.store.backend() == uprgraph_store::DatabaseBackend::Sqlite {
        assert_eq!(
            requests, 1,
            "SQLite: the first request after the import sees it"
        );
    }
    // The new answer is kept in its turn.
    let statements = metric(&app, "uprgraph_database_statements_total").await;
    assert_eq!(post(&app.http, &app.address, TOTALS).await, fresh);
    assert_eq!(
        metric(&app, "uprgraph_database_statements_total").await,
        statements
    );
}
on_both_backends!(a_repeated_query_touches_no_database_until_an_import_commits);

async fn an_etag_names_the_request_and_the_data_version(app: TestApp) {
    let url = format!("{}/graphql", app.address);
    let get = |tag: Option<String>| {
        let mut request = app.http.get(&url).query(&[("query", TOTALS)]);
        if let Some(tag) = tag {
            request = request.header("if-none-match", tag);
        }
        request.send()
    };
    let first = get(None).await.unwrap();
    let tag = first.headers()["etag"].to_str().unwrap().to_owned();
    // Revalidation is answered before anything runs.
    let statements = metric(&app, "uprgraph_database_statements_total").await;
    assert_eq!(get(Some(tag.clone())).await.unwrap().status(), 304);
    assert_eq!(
        metric(&app, "uprgraph_database_statements_total").await,
        statements
    );
    // After an import the same request has another answer, and another tag.
    import_in_another_process(app.database_url());
    // As in `fresh_after_import`: on PostgreSQL the old tag holds until the
    // notification arrives, and never after.
    let waited = std::time::Instant::now();
    let after = loop {
        let after = get(Some(tag.clone())).await.unwrap();
        if after.status() != 304 || app.store.backend() == uprgraph_store::DatabaseBackend::Sqlite {
            break after;
        }
        assert!(
            waited.elapsed() < std::time::Duration::from_secs(30),
            "still 304 long after the import"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    assert_eq!(after.status(), 200);
    assert_ne!(after.headers()["etag"].to_str().unwrap(), tag);
}
on_both_backends!(an_etag_names_the_request_and_the_data_version);

#[tokio::test]
async fn revalidation_needs_no_kept_answer() {
    // With no memory for answers at all, a client's tag still names the answer.
    let app = TestApp::spawn_with(Backend::Sqlite, |s| s.response_cache_bytes = 0).await;
    let url = format!("{}/graphql", app.address);
    let first = app
        .http
        .get(&url)
        .query(&[("query", TOTALS)])
        .send()
        .await
        .unwrap();
    let tag = first.headers()["etag"].to_str().unwrap().to_owned();
    let statements = metric(&app, "uprgraph_database_statements_total").await;
    let again = app
        .http
        .get(&url)
        .query(&[("query", TOTALS)])
        .header("if-none-match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(
        metric(&app, "uprgraph_database_statements_total").await,
        statements
    );
    assert_eq!(metric(&app, "uprgraph_response_cache_hits_total").await, 0);
    // And a repeated request runs again.
    post(&app.http, &app.address, TOTALS).await;
    post(&app.http, &app.address, TOTALS).await;
    assert!(metric(&app, "uprgraph_database_statements_total").await > statements);
}

#[tokio::test]
async fn servers_over_one_postgresql_database_each_see_an_import_at_once() {
    let app = TestApp::spawn(Backend::Postgres).await;
    let other = app.spawn_beside().await;
    let before = post(&app.http, &app.address, TOTALS).await;
    assert_eq!(post(&app.http, &other, TOTALS).await, before);
    // Both now hold the answer.
    assert_eq!(post(&app.http, &app.address, TOTALS).await, before);
    assert_eq!(post(&app.http, &other, TOTALS).await, before);
    import_in_another_process(app.database_url());
    for address in [&app.address, &other] {
        fresh_after_import(&app.http, address, &before).await;
    }
}

#[tokio::test]
async fn answers_with_errors_are_not_kept() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let query = r#"{ good: state(code: "USA") { code } bad: states(first: 500) { totalCount } }"#;
    post(&app.http, &app.address, query).await;
    post(&app.http, &app.address, query).await;
    assert_eq!(metric(&app, "uprgraph_response_cache_hits_total").await, 0);
    assert_eq!(metric(&app, "uprgraph_response_cache_entries").await, 0);
}
