//! Live data: `Subscription.dataChanged` over server-sent events (`/graphql/events`) and
//! over WebSocket in Chromium, each after an import committed elsewhere, on both
//! backends; the limit on open subscriptions; a subscription refused over HTTP.

use std::time::Duration;

use serde_json::{json, Value};
use uprgraph_store::{Format, ImportOptions};

use crate::helpers::{
    import, npm, on_both_backends, upr_info::upr_file, Backend, Fixture, TestApp,
};

/// Reads the event stream until an event arrives, for at most `within`.
async fn next_event(response: &mut reqwest::Response, within: Duration) -> Value {
    let mut text = String::new();
    let read = async {
        while let Some(chunk) = response.chunk().await.unwrap() {
            text.push_str(&String::from_utf8_lossy(&chunk));
            if let Some(start) = text.find("event: next\ndata: ") {
                let rest = &text[start + "event: next\ndata: ".len()..];
                if let Some(end) = rest.find("\n\n") {
                    return serde_json::from_str(&rest[..end]).unwrap();
                }
            }
        }
        panic!("the stream ended: {text}")
    };
    tokio::time::timeout(within, read)
        .await
        .expect("an event within the time")
}

async fn an_import_is_announced_to_the_event_stream(app: TestApp) {
    let response = app
        .http
        .get(format!("{}/graphql/events", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut response = response;
    // The stream is open once its first comment arrives.
    let first = response.chunk().await.unwrap().unwrap();
    assert!(first.starts_with(b": connected"), "{first:?}");
    import(
        &app,
        Format::UprInfo,
        vec![("sessions-10-13.csv", upr_file("sessions-10-13.csv"))],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    let event = next_event(&mut response, Duration::from_secs(10)).await;
    let change = &event["data"]["dataChanged"];
    assert_eq!(
        change["version"],
        json!(app.store.data_version().await.unwrap()),
        "{event:#}"
    );
    let imported = change["imported"].as_array().unwrap();
    assert_eq!(imported.len(), 1, "{event:#}");
    assert_eq!(imported[0]["name"], "sessions-10-13.csv");
    assert_eq!(imported[0]["format"], "upr-info");
    assert_eq!(imported[0]["rowCount"], 9047);
}
on_both_backends!(an_import_is_announced_to_the_event_stream);

async fn subscriptions_are_bounded_and_not_answered_over_http(app: TestApp) {
    let open = |app: &TestApp| {
        app.http
            .get(format!("{}/graphql/events", app.address))
            .send()
    };
    let first = open(&app).await.unwrap();
    assert_eq!(first.status(), 200);
    let second = open(&app).await.unwrap();
    assert_eq!(second.status(), 503);
    let body: Value = second.json().await.unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "OVERLOADED",
        "{body:#}"
    );
    assert_eq!(
        crate::helpers::metric(&app, "uprgraph_subscriptions").await,
        1
    );
    // Closing the first makes room.
    drop(first);
    let mut room = false;
    for _ in 0..50 {
        let again = open(&app).await.unwrap();
        if again.status() == 200 {
            room = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(room, "a closed stream's place is not given back");
    let (status, body) = app.post("subscription { dataChanged { version } }").await;
    assert_eq!(status, 405, "{body:#}");
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "METHOD_NOT_ALLOWED"
    );
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("/graphql/events"),
        "{body:#}"
    );
}
on_both_backends!(
    subscriptions_are_bounded_and_not_answered_over_http,
    Fixture::Empty,
    |s| s.max_subscriptions = 1
);

/// The explorer open in Chromium, an import in another process: the banner, and the
/// page's own WebSocket subscription, and GraphiQL running a subscription typed into it.
async fn a_page_learns_of_an_import_in_another_process(backend: Backend) {
    crate::helpers::run_or_skip(async {
        npm::require_chromium();
        let dir = npm::project("tests/browser");
        let app = TestApp::spawn_over(backend, Fixture::Empty, |_| {}).await;
        let file = crate::helpers::datasets_folder().join("upr-info/sessions-10-13.csv");
        assert!(file.exists(), "{} is missing", file.display());
        let output = npm::run(
            dir,
            vec![
                "live.mjs".into(),
                app.address.clone(),
                env!("CARGO_BIN_EXE_uprgraph").into(),
                app.database_url().to_owned(),
                "upr-info".into(),
                file.display().to_string(),
            ],
        )
        .await;
        let stdout = npm::assert_success("the live browser test", &output);
        assert!(stdout.contains("live: 3 passed, 0 failed"), "{stdout}");
    })
    .await;
}

#[tokio::test]
async fn a_page_learns_of_an_import_in_another_process_on_sqlite() {
    a_page_learns_of_an_import_in_another_process(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_page_learns_of_an_import_in_another_process_on_postgres() {
    a_page_learns_of_an_import_in_another_process(Backend::Postgres).await;
}
