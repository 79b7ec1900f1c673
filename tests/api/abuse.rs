//! Requests an attacker or a careless client sends, and what they cost: each is refused
//! (or served) with the right status and code, within a bound measured as work —
//! statements run, bytes allocated, bytes held — and the server answers normally
//! afterwards.

use std::{
    future::Future,
    io::{Read, Write},
    net::TcpStream,
    time::{Duration, Instant},
};

use sea_orm::{ConnectionTrait, Database, DatabaseBackend, Statement};
use serde_json::{json, Value};
use sha2::Digest as _;
use uprgraph_graphql::{run as run_request, Allowed, Limits};
use uprgraph_store::StoreError;

use crate::helpers::{at, get_text, metric, on_both_backends, server_statements, Backend, TestApp};

async fn post_json(app: &TestApp, body: &Value) -> (u16, Value) {
    let response = app
        .http
        .post(format!("{}/graphql", app.address))
        .json(body)
        .send()
        .await
        .unwrap();
    (
        response.status().as_u16(),
        response.json().await.unwrap_or(Value::Null),
    )
}

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("<none>")
}

/// Runs `future` on a thread of its own and gives its output with the most bytes it
/// held allocated at once on that thread.
fn peak_bytes<F>(future: F) -> (F::Output, u64)
where
    F: Future + Send,
    F::Output: Send,
{
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                let mut output = None;
                let info = allocation_counter::measure(|| {
                    output = Some(runtime.block_on(future));
                });
                (output.unwrap(), info.bytes_max)
            })
            .join()
            .unwrap()
    })
}

/// Ten fragments after the first, each spreading the one before ten times: the
/// operation selects 10^10 fields from about a kilobyte of text.
fn spread_bomb() -> String {
    let mut doc = String::from(
        "query Bomb { state(code: \"USA\") { ...F10 } } fragment F0 on State { name }",
    );
    for i in 1..=10 {
        doc.push_str(&format!(" fragment F{i} on State {{"));
        for _ in 0..10 {
            doc.push_str(&format!(" ...F{}", i - 1));
        }
        doc.push_str(" }");
    }
    doc
}

async fn a_fragment_spread_bomb_is_refused_without_being_expanded(app: TestApp) {
    let bomb = spread_bomb();
    assert!(bomb.len() < 1500, "{} bytes", bomb.len());
    let before = server_statements(&app).await;
    // Four at once, while another client asks for the server's health.
    let body = json!({ "query": bomb });
    let requests = (0..4).map(|_| post_json(&app, &body));
    let (answers, health) = tokio::join!(
        futures_util::future::join_all(requests),
        app.http.get(format!("{}/healthz", app.address)).send()
    );
    assert_eq!(health.unwrap().status(), 200);
    for (status, body) in answers {
        assert_eq!(status, 200, "{body}");
        assert_eq!(code(&body), "QUERY_TOO_COMPLEX", "{body}");
        assert!(body.get("data").is_none(), "{body}");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.contains("fields once its fragments are spread"),
            "{message}"
        );
    }
    assert_eq!(server_statements(&app).await, before, "no statement ran");

    // The whole path from request to refusal holds little memory: the expansion is
    // measured, never built.
    let request = async_graphql::Request::new(bomb.clone());
    let (response, peak) = peak_bytes(run_request(
        &app.schema,
        &app.store,
        request,
        &Limits::default(),
        Allowed::Any,
    ));
    assert_eq!(response.errors.len(), 1);
    assert!(peak < 1 << 20, "the refusal held {peak} bytes");

    // The same fragments spread a bounded number of times pass.
    let fits = "query Fits { state(code: \"USA\") { ...F2 } } fragment F0 on State { name } \
                fragment F1 on State { ...F0 ...F0 } fragment F2 on State { ...F1 ...F1 }";
    let (status, body) = post_json(&app, &json!({ "query": fits })).await;
    assert_eq!(
        (status, at(&body, "data.state.name")),
        (200, &json!("United States of America")),
        "{body}"
    );
}
on_both_backends!(a_fragment_spread_bomb_is_refused_without_being_expanded);

/// A filter with `branches` `or` branches, each testing the variable `$codes`.
fn reused_variable_query(branches: usize) -> String {
    let branch = "{ stateUnderReview: $codes }";
    format!(
        "query Reused($codes: [String!]) {{ recommendations(filter: {{ or: [{}] }}) {{ totalCount }} }}",
        vec![branch; branches].join(", ")
    )
}

/// `n` distinct, well-formed alpha-3 codes (most name no state).
fn codes(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let letter = |k: usize| char::from(b'A' + u8::try_from(k % 26).unwrap());
            format!("{}{}{}", letter(i / 676), letter(i / 26), letter(i))
        })
        .collect()
}

async fn a_list_variable_reused_in_many_filters_is_refused_before_any_sql(app: TestApp) {
    let query = reused_variable_query(50);
    let variables = json!({ "codes": codes(14_000) });
    let body = json!({ "query": query, "variables": variables });
    assert!(
        body.to_string().len() < 100 * 1024,
        "the request fits the body limit"
    );
    let before = server_statements(&app).await;
    let (status, answer) = post_json(&app, &body).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(code(&answer), "BAD_USER_INPUT", "{answer}");
    let message = answer["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("700102 values") && message.contains("at most 2000"),
        "{message}"
    );
    assert_eq!(server_statements(&app).await, before, "no statement ran");

    let request = async_graphql::Request::new(query.clone())
        .variables(async_graphql::Variables::from_json(variables.clone()));
    let (response, peak) = peak_bytes(run_request(
        &app.schema,
        &app.store,
        request,
        &Limits::default(),
        Allowed::Any,
    ));
    assert_eq!(response.errors.len(), 1);
    assert!(peak < 4 << 20, "the refusal held {peak} bytes");

    // Other clients are served as before: nothing counts the database as down.
    let (status, answer) = app.post("{ state(code: \"ISR\") { name } }").await;
    assert_eq!(
        (status.as_u16(), at(&answer, "data.state.name")),
        (200, &json!("Israel")),
        "{answer}"
    );
    assert!(get_text(&app, "/readyz").await.contains("ready"));
}
on_both_backends!(a_list_variable_reused_in_many_filters_is_refused_before_any_sql);

async fn long_lists_within_the_limit_run_in_one_statement_on_either_backend(app: TestApp) {
    // 1,900 codes, most naming no state, in one filter: the list is bound as one
    // value (an array, or JSON read by `json_each`), and answers like the short list.
    let mut many = codes(1_899);
    many.push("USA".to_owned());
    let query =
        "query Many($codes: [String!]) { reviews(filter: { state: $codes }) { totalCount } }";
    let response = app.execute(query, json!({ "codes": many })).await;
    assert!(response.get("errors").is_none(), "{response}");
    let alone = app.execute(query, json!({ "codes": ["USA"] })).await;
    assert_eq!(
        at(&response, "data.reviews.totalCount"),
        at(&alone, "data.reviews.totalCount")
    );
    assert_eq!(at(&alone, "data.reviews.totalCount"), 4);

    // Batches of ids are bound the same way, far past both backends' limits on
    // parameters (32,766 on SQLite, 65,535 on PostgreSQL).
    let ids: Vec<i32> = (1..=70_000).collect();
    let states = app
        .store
        .by_ids::<uprgraph_store::entity::state::Entity>(&ids)
        .await
        .expect("one statement for 70,000 ids");
    assert_eq!(states.len(), 195);
}
on_both_backends!(long_lists_within_the_limit_run_in_one_statement_on_either_backend);

async fn a_statement_the_database_refuses_is_not_an_outage(app: TestApp) {
    // A statement over the backend's limit on parameters, as a too long list once
    // made: the error is the statement's, and does not count as the database
    // being unreachable.
    let backend = app.store.backend();
    let n: i32 = 70_000;
    let placeholders: Vec<String> = (1..=n)
        .map(|i| match backend {
            DatabaseBackend::Postgres => format!("${i}"),
            _ => "?".to_owned(),
        })
        .collect();
    let sql = format!("SELECT 1 AS one WHERE 1 IN ({})", placeholders.join(", "));
    let values: Vec<sea_orm::Value> = (0..n).map(sea_orm::Value::from).collect();
    let error = app
        .store
        .connection()
        .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await
        .expect_err("over the limit");
    let error = StoreError::from(error);
    assert!(!error.is_unavailable(), "{error}");
    assert!(get_text(&app, "/readyz").await.contains("ready"));
}
on_both_backends!(a_statement_the_database_refuses_is_not_an_outage);

/// A query of about `bytes` bytes, different for each `n`.
fn padded_query(n: usize, bytes: usize) -> String {
    let head = format!("query Padded{n} {{ __typename }}\n#");
    format!("{head}{}", "x".repeat(bytes.saturating_sub(head.len())))
}

fn persisted(query: Option<&str>, hash: &str) -> Value {
    let mut body =
        json!({ "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hash } } });
    if let Some(query) = query {
        body["query"] = json!(query);
    }
    body
}

fn sha256_hex(text: &str) -> String {
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn persisted_queries_keep_to_their_byte_budget_and_keep_the_hot_ones() {
    let budget: u64 = 256 * 1024;
    let app = TestApp::spawn_with(Backend::Sqlite, |s| s.apq_cache_bytes = budget)
        .await
        .unwrap();
    let hot = padded_query(0, 30_000);
    let hot_hash = sha256_hex(&hot);
    assert_eq!(
        post_json(&app, &persisted(Some(&hot), &hot_hash)).await.0,
        200
    );
    let first_cold = padded_query(1, 30_000);
    for n in 1..40 {
        let query = padded_query(n, 30_000);
        let (status, body) = post_json(&app, &persisted(Some(&query), &sha256_hex(&query))).await;
        assert_eq!(
            (status, at(&body, "data.__typename")),
            (200, &json!("Query")),
            "{body}"
        );
        // The hot query is asked for by its hash alone between the others.
        let (_, body) = post_json(&app, &persisted(None, &hot_hash)).await;
        assert_eq!(
            at(&body, "data.__typename"),
            "Query",
            "the hot query stays: {body}"
        );
        let held = metric(&app, "uprgraph_apq_bytes").await;
        assert!(held <= budget, "{held} bytes held, budget {budget}");
    }
    let held = metric(&app, "uprgraph_apq_bytes").await;
    assert!(held > budget / 2, "the budget is used: {held}");
    let (_, body) = post_json(&app, &persisted(None, &sha256_hex(&first_cold))).await;
    assert_eq!(code(&body), "PERSISTED_QUERY_NOT_FOUND", "{body}");

    // A query over the cap on one query's size runs, and is not remembered.
    let long = padded_query(99, 40_000);
    let (status, body) = post_json(&app, &persisted(Some(&long), &sha256_hex(&long))).await;
    assert_eq!(
        (status, at(&body, "data.__typename")),
        (200, &json!("Query"))
    );
    let (_, body) = post_json(&app, &persisted(None, &sha256_hex(&long))).await;
    assert_eq!(code(&body), "PERSISTED_QUERY_NOT_FOUND", "{body}");
}

async fn a_cursor_is_refused_by_every_list_but_its_own(app: TestApp) {
    let data = app
        .data(
            r#"{ states(first: 1) { pageInfo { endCursor } }
                 reviews(first: 1) { pageInfo { endCursor } }
                 aidFlows(first: 1) { pageInfo { endCursor } }
                 usa: state(code: "USA") { reviews(first: 1) { pageInfo { endCursor } } } }"#,
        )
        .await;
    let cursor = |path: &str| at(&data, path).as_str().unwrap().to_owned();
    let states = cursor("states.pageInfo.endCursor");
    let reviews = cursor("reviews.pageInfo.endCursor");
    let aid = cursor("aidFlows.pageInfo.endCursor");
    let usa_reviews = cursor("usa.reviews.pageInfo.endCursor");
    let all = [&states, &reviews, &aid, &usa_reviews];
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            assert_ne!(a, b, "cursors of different lists differ");
        }
    }
    // Each cursor pages its own list ...
    for query in [
        format!(r#"{{ states(first: 1, after: "{states}") {{ totalCount }} }}"#),
        format!(r#"{{ reviews(first: 1, after: "{reviews}") {{ totalCount }} }}"#),
        format!(
            r#"{{ state(code: "USA") {{ reviews(first: 1, after: "{usa_reviews}") {{ totalCount }} }} }}"#
        ),
    ] {
        app.data(&query).await;
    }
    // ... and no other.
    for query in [
        format!(r#"{{ reviews(after: "{states}") {{ totalCount }} }}"#),
        format!(r#"{{ recommendations(after: "{states}") {{ totalCount }} }}"#),
        format!(r#"{{ aidFlows(after: "{reviews}") {{ totalCount }} }}"#),
        format!(r#"{{ states(after: "{aid}") {{ totalCount }} }}"#),
        format!(r#"{{ reviews(after: "{usa_reviews}") {{ totalCount }} }}"#),
        format!(
            r#"{{ state(code: "ISR") {{ reviews(after: "{usa_reviews}") {{ totalCount }} }} }}"#
        ),
        format!(r#"{{ state(code: "USA") {{ reviews(after: "{reviews}") {{ totalCount }} }} }}"#),
        format!(
            r#"{{ state(code: "USA") {{ recommendationsReceived(after: "{usa_reviews}") {{ totalCount }} }} }}"#
        ),
    ] {
        let errors = app.errors(&query).await;
        assert_eq!(errors[0].0, "BAD_USER_INPUT", "{query}: {errors:?}");
        assert!(
            errors[0].1.contains("belongs to a list"),
            "{query}: {errors:?}"
        );
    }
}
on_both_backends!(a_cursor_is_refused_by_every_list_but_its_own);

async fn every_response_carries_the_hardening_headers(app: TestApp) {
    let base = &app.address;
    let requests = [
        app.http.get(format!("{base}/")),
        app.http
            .get(format!("{base}/graphql"))
            .query(&[("query", "{ __typename }")]),
        app.http
            .post(format!("{base}/graphql"))
            .json(&json!({ "query": "{ __typename }" })),
        app.http.get(format!("{base}/healthz")),
        app.http.get(format!("{base}/readyz")),
        app.http.get(format!("{base}/metrics")),
        app.http.get(format!("{base}/export/aid-flows.csv")),
        app.http.get(format!("{base}/no-such-page")),
    ];
    for request in requests {
        let response = request.send().await.unwrap();
        let url = response.url().to_string();
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{url}");
        assert_eq!(headers["x-frame-options"], "DENY", "{url}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{url}");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{url}: {csp}");
        if response.url().path() == "/" {
            assert!(
                csp.contains("connect-src 'self'"),
                "the page talks to this server only: {csp}"
            );
        } else {
            assert!(csp.starts_with("default-src 'none'"), "{url}: {csp}");
        }
    }
}
on_both_backends!(every_response_carries_the_hardening_headers);

#[tokio::test]
async fn metrics_labels_stay_bounded_and_metrics_can_listen_apart() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    for i in 0..50 {
        let method = reqwest::Method::from_bytes(format!("INVENTED{i}").as_bytes()).unwrap();
        let response = app
            .http
            .request(method, format!("{}/graphql", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 405);
    }
    let text = get_text(&app, "/metrics").await;
    assert!(!text.contains("INVENTED"), "{text}");
    let series = text
        .lines()
        .filter(|l| {
            l.starts_with("uprgraph_http_requests_total{") && l.contains("method=\"other\"")
        })
        .count();
    assert_eq!(series, 1, "one series for every invented method: {text}");

    // With an address of its own, `/metrics` is served there and not beside the API.
    let database = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        database.path().join("m.db").display()
    );
    let mut settings = uprgraph::settings::ServerSettings::defaults("127.0.0.1:0".parse().unwrap());
    settings.metrics_listen = Some("127.0.0.1:0".parse().unwrap());
    settings.workers = 1;
    let served = uprgraph::http::Application::build(
        &uprgraph::settings::DatabaseSettings {
            database_url: url,
            max_connections: 2,
        },
        &settings,
    )
    .await
    .unwrap();
    let (port, metrics_port) = (served.port(), served.metrics_port().unwrap());
    tokio::spawn(served.run_until_stopped());
    let status = |url: String| async move { reqwest::get(url).await.unwrap().status().as_u16() };
    assert_eq!(
        status(format!("http://127.0.0.1:{port}/metrics")).await,
        404
    );
    assert_eq!(
        status(format!("http://127.0.0.1:{port}/healthz")).await,
        200
    );
    assert_eq!(
        status(format!("http://127.0.0.1:{metrics_port}/metrics")).await,
        200
    );
    assert_eq!(
        status(format!("http://127.0.0.1:{metrics_port}/graphql")).await,
        404
    );
}

/// A transaction holding an exclusive lock on a table of the app's PostgreSQL database
/// until it ends.
async fn lock_table(
    server: &str,
    name: &str,
    table: &str,
) -> (sea_orm::DatabaseConnection, sea_orm::DatabaseTransaction) {
    use sea_orm::TransactionTrait;
    let db = Database::connect(format!("{server}/{name}")).await.unwrap();
    let tx = db.begin().await.unwrap();
    tx.execute_unprepared(&format!("LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))
        .await
        .unwrap();
    (db, tx)
}

/// Requests the server answered on `/graphql` with 200, from `/metrics`.
async fn graphql_answers(app: &TestApp) -> u64 {
    let text = get_text(app, "/metrics").await;
    text.lines()
        .filter(|l| {
            l.starts_with("uprgraph_http_requests_total{")
                && l.contains("route=\"/graphql\"")
                && l.contains("status=\"200\"")
        })
        .map(|l| l.rsplit(' ').next().unwrap().parse::<u64>().unwrap())
        .sum()
}

#[tokio::test]
async fn a_request_whose_client_has_gone_is_dropped() {
    let Some(app) = TestApp::spawn(Backend::Postgres).await else {
        return eprintln!("PostgreSQL tests are off (UPRGRAPH_TEST_POSTGRES=off)");
    };
    let (server, name) = app.postgres_database().unwrap();
    let answered = graphql_answers(&app).await;
    // The request waits on a lock, and its client goes away meanwhile.
    let (_db, lock) = lock_table(&server, &name, "cycles").await;
    let host = app.address.trim_start_matches("http://").to_owned();
    let body = json!({ "query": "{ cycle(number: 3) { number } }" }).to_string();
    let mut stream = TcpStream::connect(&host).unwrap();
    write!(
        stream,
        "POST /graphql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    stream.flush().unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    drop(stream);
    tokio::time::sleep(Duration::from_millis(500)).await;
    lock.rollback().await.unwrap();
    // Had the request run on, it would have been answered once the lock was released.
    let (status, body) = app.post("{ cycle(number: 2) { number } }").await;
    assert_eq!(
        (status.as_u16(), at(&body, "data.cycle.number")),
        (200, &json!(2)),
        "{body}"
    );
    assert_eq!(
        graphql_answers(&app).await,
        answered + 1,
        "only the second request was answered"
    );
}

#[test]
fn a_stopping_server_never_waits_longer_than_its_shutdown_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("served.db").display()
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_uprgraph"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--shutdown-timeout",
            "1",
            "--database-url",
            &url,
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut line).unwrap();
    let address = line
        .split("GraphQL at ")
        .nth(1)
        .unwrap()
        .trim()
        .trim_end_matches("/graphql")
        .trim_start_matches("http://")
        .to_owned();
    // A request whose body never finishes arriving holds the server open.
    let mut stream = TcpStream::connect(&address).unwrap();
    write!(
        stream,
        "POST /graphql HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"query\":"
    )
    .unwrap();
    stream.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let stopped_at = Instant::now();
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success());
    let deadline = stopped_at + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the server still runs 15 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    eprintln!("stopped in {:?} with {status}", stopped_at.elapsed());
    let mut rest = String::new();
    let _ = stream.read_to_string(&mut rest);
}
