//! GraphQL over HTTP through the real server: answers, status codes and media types,
//! batches, limits, persisted queries, caching, CORS and introspection.

use serde_json::json;
use sha2::Digest as _;

use crate::helpers::{at, on_both_backends, server_statements, Backend, TestApp};

async fn the_issue_query_answers_over_http(app: TestApp) {
    let (status, body) = app
        .post(
            r#"{ state(code: "USA") { name regionalGroup
                  reviews(first: 10) { nodes { cycle { number } session { number } status heldOn } }
                  aidProvided(first: 10) { nodes { recipient { name } amount { amount currency } source { publisher } } } } }"#,
        )
        .await;
    assert_eq!(status, 200);
    assert!(body.get("errors").is_none(), "{body:#}");
    assert_eq!(at(&body, "data.state.name"), "United States of America");
    assert_eq!(
        at(&body, "data.state.regionalGroup"),
        "WESTERN_EUROPEAN_AND_OTHERS"
    );
    assert_eq!(
        at(&body, "data.state.reviews.nodes.3.status"),
        "NON_COOPERATION"
    );
    assert_eq!(
        at(&body, "data.state.aidProvided.nodes.0.recipient.name"),
        "Israel"
    );
    assert_eq!(
        at(&body, "data.state.aidProvided.nodes.0.amount"),
        &json!({ "amount": "21700000000.00", "currency": "USD" })
    );
}
on_both_backends!(the_issue_query_answers_over_http);

async fn get_queries_and_graphiql_are_served(app: TestApp) {
    let response = app
        .http
        .get(format!("{}/graphql", app.address))
        .query(&[("query", "{ cycle(number: 4) { firstSession } }")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(at(&body, "data.cycle.firstSession"), 41);

    let page = app
        .http
        .get(format!("{}/", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = page.text().await.unwrap();
    assert!(html.contains("GraphiQL") && html.contains("/graphql"));
    assert!(
        html.contains(r#"state(code: \"USA\")"#),
        "the example queries are preloaded"
    );
}
on_both_backends!(get_queries_and_graphiql_are_served);

/// POSTs a raw body with headers and returns status, headers and body text.
async fn raw_post(
    app: &TestApp,
    headers: &[(&str, &str)],
    body: impl Into<reqwest::Body>,
) -> (u16, reqwest::header::HeaderMap, String) {
    let mut request = app.http.post(format!("{}/graphql", app.address)).body(body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.text().await.unwrap())
}

fn code_of(body: &str) -> String {
    let value: serde_json::Value =
        serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    value["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("<none>")
        .to_owned()
}

const JSON: (&str, &str) = ("content-type", "application/json");
const GRAPHQL_RESPONSE: (&str, &str) = ("accept", "application/graphql-response+json");

async fn status_codes_and_media_types_follow_graphql_over_http(app: TestApp) {
    let ok = json!({ "query": "{ cycle(number: 1) { number } }" }).to_string();
    // The response type follows Accept.
    let (status, headers, _) = raw_post(&app, &[JSON, GRAPHQL_RESPONSE], ok.clone()).await;
    assert_eq!(status, 200);
    assert_eq!(
        headers["content-type"],
        "application/graphql-response+json; charset=utf-8"
    );
    let (_, headers, _) = raw_post(&app, &[JSON], ok.clone()).await;
    assert_eq!(headers["content-type"], "application/json; charset=utf-8");
    let (status, _, body) = raw_post(&app, &[JSON, ("accept", "text/html")], ok.clone()).await;
    assert_eq!((status, code_of(&body)), (406, "NOT_ACCEPTABLE".to_owned()));
    // Bodies must be JSON in UTF-8.
    let (status, _, body) = raw_post(&app, &[("content-type", "text/plain")], ok.clone()).await;
    assert_eq!(
        (status, code_of(&body)),
        (415, "UNSUPPORTED_MEDIA_TYPE".to_owned())
    );
    let (status, _, _) = raw_post(&app, &[], ok.clone()).await;
    assert_eq!(status, 415);
    let (status, _, body) = raw_post(&app, &[JSON], "{ \"query\": ").await;
    assert_eq!((status, code_of(&body)), (400, "BAD_REQUEST".to_owned()));
    // A document that does not parse or validate: 400 and no data under the new type,
    // 200 under application/json.
    for query in ["{ cycle(", "{ noSuchField }"] {
        let body = json!({ "query": query }).to_string();
        let (status, _, text) = raw_post(&app, &[JSON, GRAPHQL_RESPONSE], body.clone()).await;
        assert_eq!(status, 400, "{text}");
        assert!(!text.contains("\"data\""), "{text}");
        assert_eq!(code_of(&text), "BAD_USER_INPUT");
        let (status, _, _) = raw_post(&app, &[JSON], body).await;
        assert_eq!(status, 200);
    }
    // A field error is a partial result: 200 with data under both types.
    let partial =
        json!({ "query": "{ cycle(number: 1) { number } state(code: \"XX1\") { name } }" })
            .to_string();
    let (status, _, text) = raw_post(&app, &[JSON, GRAPHQL_RESPONSE], partial).await;
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("\"data\""), "{text}");
    // Other methods get 405 with Allow; so does a mutation over GET.
    let response = app
        .http
        .put(format!("{}/graphql", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "GET, POST");
    let response = app
        .http
        .get(format!("{}/graphql", app.address))
        .query(&[("query", "mutation { __typename }")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "POST");
    assert_eq!(
        code_of(&response.text().await.unwrap()),
        "METHOD_NOT_ALLOWED"
    );
}
on_both_backends!(status_codes_and_media_types_follow_graphql_over_http);

async fn batches_run_in_order_up_to_the_limit(app: TestApp) {
    let one = json!({ "query": "{ cycle(number: 1) { number } }" });
    let two =
        json!({ "query": "query Two { cycle(number: 2) { number } }", "operationName": "Two" });
    let (status, _, text) = raw_post(&app, &[JSON], json!([one, two]).to_string()).await;
    assert_eq!(status, 200);
    let body: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(at(&body, "0.data.cycle.number"), 1);
    assert_eq!(at(&body, "1.data.cycle.number"), 2);

    let before = server_statements(&app).await;
    let eleven = serde_json::Value::Array(vec![one.clone(); 11]).to_string();
    let (status, _, text) = raw_post(&app, &[JSON], eleven).await;
    assert_eq!(
        (status, code_of(&text)),
        (400, "BATCH_TOO_LARGE".to_owned())
    );
    assert_eq!(server_statements(&app).await, before, "no statement ran");
}
on_both_backends!(batches_run_in_order_up_to_the_limit);

#[tokio::test]
async fn batching_can_be_turned_off() {
    let app = TestApp::spawn_with(Backend::Sqlite, |s| s.max_batch_size = 0).await;
    let batch = json!([{ "query": "{ __typename }" }]).to_string();
    let (status, _, text) = raw_post(&app, &[JSON], batch).await;
    assert_eq!(
        (status, code_of(&text)),
        (400, "BATCHING_DISABLED".to_owned())
    );
}

async fn query_bombs_are_refused_before_the_database(app: TestApp) {
    let aliases = format!(
        "{{ {} }}",
        (0..31)
            .map(|i| format!("a{i}: cycle(number: 1) {{ number }}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let roots = format!("{{ {} }}", "__typename ".repeat(21));
    let wide = "{ states(first: 100) { nodes { reviews(first: 100) { nodes { recommendations(first: 100) { nodes { text } } } } } } }".to_owned();
    let deep = format!(
        "{{ state(code: \"USA\") {{ {} id {} }} }}",
        "reviews(first: 1) { nodes { state { ".repeat(10),
        " } } }".repeat(10)
    );
    let big = format!("{{ __typename }} # {}", "x".repeat(110_000));
    let page = "{ state(code: \"USA\") { reviews(last: 1000) { nodes { id } } } }".to_owned();
    let before = server_statements(&app).await;
    for (query, status, code, message) in [
        (
            aliases,
            400,
            "QUERY_TOO_COMPLEX",
            "Query has 31 aliases; at most 30 are allowed.",
        ),
        (
            roots,
            400,
            "QUERY_TOO_COMPLEX",
            "Query selects 21 root fields; at most 20 are allowed.",
        ),
        (wide, 400, "QUERY_TOO_COMPLEX", "Query is too complex."),
        (deep, 400, "QUERY_TOO_COMPLEX", "Query is nested too deep."),
        (
            big,
            413,
            "REQUEST_TOO_LARGE",
            "the request body is over 102400 bytes",
        ),
        (
            page,
            400,
            "BAD_USER_INPUT",
            "`last` must be between 0 and 100, not 1000; page through longer lists with cursors",
        ),
    ] {
        let started = std::time::Instant::now();
        let (got, _, text) = raw_post(
            &app,
            &[JSON, GRAPHQL_RESPONSE],
            json!({ "query": query }).to_string(),
        )
        .await;
        let body: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!((got, code_of(&text)), (status, code.to_owned()), "{text}");
        assert_eq!(at(&body, "errors.0.message"), message);
        eprintln!("{code} ({message}) answered in {:?}", started.elapsed());
    }
    assert_eq!(server_statements(&app).await, before, "no statement ran");
}
on_both_backends!(query_bombs_are_refused_before_the_database);

#[tokio::test]
async fn a_request_over_its_time_is_stopped() {
    let app = TestApp::spawn_with(Backend::Sqlite, |s| s.request_timeout_ms = 1).await;
    let query = "{ states(first: 100) { nodes { name aliases reviews(first: 10) { nodes { session { number } recommendations(first: 10) { nodes { text } } } } } } }";
    let (status, _, text) = raw_post(&app, &[JSON], json!({ "query": query }).to_string()).await;
    assert_eq!(
        (status, code_of(&text)),
        (504, "TIMEOUT".to_owned()),
        "{text}"
    );
    assert!(text.contains("longer than 1 ms"), "{text}");
}

async fn persisted_queries_follow_the_apollo_protocol(app: TestApp) {
    let query = "query Cycle { cycle(number: 3) { number firstSession } }";
    let hash = format!("{:x}", sha2::Sha256::digest(query.as_bytes()));
    let extensions = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });
    // The hash alone is unknown at first.
    let (status, _, text) = raw_post(
        &app,
        &[JSON],
        json!({ "extensions": extensions }).to_string(),
    )
    .await;
    assert_eq!(
        (status, code_of(&text)),
        (200, "PERSISTED_QUERY_NOT_FOUND".to_owned())
    );
    // The client retries with the query, which the server stores ...
    let (status, _, text) = raw_post(
        &app,
        &[JSON],
        json!({ "query": query, "extensions": extensions }).to_string(),
    )
    .await;
    assert_eq!(status, 200, "{text}");
    // ... and then the hash alone answers, over POST and over a cacheable GET.
    let (_, _, text) = raw_post(
        &app,
        &[JSON],
        json!({ "extensions": extensions }).to_string(),
    )
    .await;
    let body: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(at(&body, "data.cycle.firstSession"), 27, "{text}");
    let response = app
        .http
        .get(format!("{}/graphql", app.address))
        .query(&[
            ("extensions", extensions.to_string()),
            ("operationName", "Cycle".to_owned()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("etag"));
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(at(&body, "data.cycle.number"), 3);
    // A query that does not match its hash is refused.
    let (status, _, text) = raw_post(
        &app,
        &[JSON],
        json!({ "query": "{ __typename }", "extensions": extensions }).to_string(),
    )
    .await;
    assert_eq!((status, code_of(&text)), (400, "BAD_REQUEST".to_owned()));
}
on_both_backends!(persisted_queries_follow_the_apollo_protocol);

async fn gets_are_cacheable_and_revalidate_with_etags(app: TestApp) {
    let url = format!("{}/graphql", app.address);
    let query = [("query", "{ state(code: \"ISR\") { name } }")];
    let first = app.http.get(&url).query(&query).send().await.unwrap();
    assert_eq!(first.status(), 200);
    assert_eq!(first.headers()["cache-control"], "public, max-age=60");
    assert_eq!(first.headers()["vary"], "Accept");
    let tag = first.headers()["etag"].to_str().unwrap().to_owned();
    let again = app
        .http
        .get(&url)
        .query(&query)
        .header("if-none-match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"], tag.as_str());
    assert!(again.text().await.unwrap().is_empty());
    // Another answer has another tag; POSTs and errors are not cached.
    let other = app
        .http
        .get(&url)
        .query(&[("query", "{ state(code: \"USA\") { name } }")])
        .header("if-none-match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 200);
    assert_ne!(other.headers()["etag"], tag.as_str());
    let (_, headers, _) = raw_post(&app, &[JSON], json!({ "query": query[0].1 }).to_string()).await;
    assert_eq!(headers["cache-control"], "no-store");
    let failed = app
        .http
        .get(&url)
        .query(&[("query", "{ nope }")])
        .send()
        .await
        .unwrap();
    assert_eq!(failed.headers()["cache-control"], "no-store");
    assert!(!failed.headers().contains_key("etag"));
}
on_both_backends!(gets_are_cacheable_and_revalidate_with_etags);

#[tokio::test]
async fn cors_is_off_by_default_and_follows_the_origin_list() {
    let preflight = |app: &TestApp, origin: &str| {
        app.http
            .request(reqwest::Method::OPTIONS, format!("{}/graphql", app.address))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let closed = TestApp::spawn(Backend::Sqlite).await;
    let response = preflight(&closed, "https://app.example.org").await.unwrap();
    assert!(!response
        .headers()
        .contains_key("access-control-allow-origin"));
    let open = TestApp::spawn_with(Backend::Sqlite, |s| {
        s.cors_origins = vec!["https://app.example.org".to_owned()]
    })
    .await;
    let response = preflight(&open, "https://app.example.org").await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://app.example.org"
    );
    let response = preflight(&open, "https://elsewhere.example.com")
        .await
        .unwrap();
    assert!(!response
        .headers()
        .contains_key("access-control-allow-origin"));
    let response = open
        .http
        .post(format!("{}/graphql", open.address))
        .header("origin", "https://app.example.org")
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://app.example.org"
    );
}

#[tokio::test]
async fn introspection_and_graphiql_can_be_turned_off() {
    let app = TestApp::spawn_with(Backend::Sqlite, |s| {
        s.introspection = false;
        s.graphiql = Some(false);
    })
    .await;
    let (status, body) = app.post("{ __schema { queryType { name } } }").await;
    assert_eq!(status, 200);
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "INTROSPECTION_DISABLED",
        "{body}"
    );
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("introspection"),
        "{body}"
    );
    assert_eq!(
        app.post("{ cycle(number: 1) { number } }").await.1["data"]["cycle"]["number"],
        1
    );
    let page = app
        .http
        .get(format!("{}/", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 404);
}
