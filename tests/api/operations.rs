//! Running uprgraph in production: health and readiness (following the database down
//! and back up), metrics, request logs, the configuration file, graceful shutdown.

use std::{
    io::Write,
    net::TcpStream,
    process::Command,
    time::{Duration, Instant},
};

use sea_orm::{ConnectionTrait, Database};
use serde_json::{json, Value};

use crate::helpers::{
    code,
    served::{serve, stop, wire},
    Backend, TestApp,
};

async fn get(app: &TestApp, path: &str) -> (u16, String) {
    let response = app
        .http
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn health_readiness_and_metrics_are_served() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    assert_eq!(
        get(&app, "/healthz").await,
        (200, json!({ "status": "ok" }).to_string())
    );
    let (status, body) = get(&app, "/readyz").await;
    assert_eq!(status, 200, "{body}");
    app.post("{ cycle(number: 1) { number } }").await;
    app.post("{ state(code: \"nope\") { name } }").await;
    let (status, metrics) = get(&app, "/metrics").await;
    assert_eq!(status, 200);
    for line in [
        "uprgraph_http_requests_total{route=\"/graphql\",method=\"POST\",status=\"200\"} 2",
        "uprgraph_graphql_errors_total{code=\"BAD_USER_INPUT\"} 1",
        "uprgraph_database_up 1",
        "uprgraph_database_pool_max_connections 4",
        "uprgraph_http_request_duration_seconds_count{route=\"/graphql\"} 2",
    ] {
        assert!(
            metrics.lines().any(|l| l == line),
            "no `{line}` in:\n{metrics}"
        );
    }
    assert!(
        metrics.contains(
            "uprgraph_http_request_duration_seconds_bucket{le=\"0.001\",route=\"/graphql\"}"
        ) || metrics.contains(
            "uprgraph_http_request_duration_seconds_bucket{route=\"/graphql\",le=\"0.001\"}"
        ),
        "{metrics}"
    );
    assert!(metrics
        .lines()
        .any(|l| l.starts_with("uprgraph_database_statements_total ")));
}

/// Refuses or allows new connections to the app's database, and ends those open.
async fn set_database_reachable(server: &str, name: &str, reachable: bool) {
    let admin = Database::connect(format!("{server}/postgres"))
        .await
        .unwrap();
    admin
        .execute_unprepared(&format!(
            "ALTER DATABASE {name} ALLOW_CONNECTIONS {reachable}"
        ))
        .await
        .unwrap();
    if !reachable {
        admin
            .execute_unprepared(&format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
            ))
            .await
            .unwrap();
    }
    admin.close().await.unwrap();
}

#[tokio::test]
async fn readiness_follows_the_postgres_database_down_and_back_up() {
    let app = TestApp::spawn(Backend::Postgres).await;
    let (server, name) = app.postgres_database().unwrap();
    let query = "{ cycle(number: 2) { number } }";
    assert_eq!(app.post(query).await.1["data"]["cycle"]["number"], 2);

    set_database_reachable(&server, &name, false).await;
    // An answer the server holds stays current while the database is away (nothing can
    // import meanwhile); a question it has not answered yet needs the database.
    let query = "{ cycle(number: 1) { number } }";
    // The first request finds its connection gone ...
    let (_, body) = app.post(query).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAVAILABLE",
        "{body}"
    );
    // ... which makes the server check the database; once the check has failed too,
    // requests fail at once, without waiting for a connection.
    let deadline = Instant::now() + Duration::from_secs(10);
    let (status, body, elapsed) = loop {
        let started = Instant::now();
        let (status, body) = app.post(query).await;
        if status == 503 || Instant::now() > deadline {
            break (status, body, started.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAVAILABLE");
    assert!(body.get("data").is_none());
    eprintln!("a request while the database is down failed in {elapsed:?}");
    let (status, body) = get(&app, "/readyz").await;
    assert_eq!(status, 503, "{body}");
    // What failed, and not the driver's words (hosts, users, internals), which are logged.
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        json!({ "status": "unavailable", "database": "unavailable" })
    );
    assert_eq!(
        get(&app, "/healthz").await.0,
        200,
        "the process itself is alive"
    );
    let (_, metrics) = get(&app, "/metrics").await;
    assert!(
        metrics.lines().any(|l| l == "uprgraph_database_up 0"),
        "{metrics}"
    );

    set_database_reachable(&server, &name, true).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (status, body) = app.post(query).await;
        if status == 200 && body["data"]["cycle"]["number"] == 1 {
            break;
        }
        assert!(Instant::now() < deadline, "no recovery: {status} {body}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(get(&app, "/readyz").await.0, 200);
}

fn aliases(n: usize) -> Value {
    let fields: Vec<String> = (0..n).map(|i| format!("a{i}: __typename")).collect();
    json!({ "query": format!("query Aliases {{ {} }}", fields.join(" ")), "operationName": "Aliases" })
}

#[test]
fn settings_come_from_the_file_then_variables_then_flags_and_logs_are_json() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("uprgraph.toml");
    std::fs::write(
        &config,
        format!(
            "database-url = \"sqlite://{}?mode=rwc\"\nlisten = \"127.0.0.1:0\"\nmax_aliases = 2\nmax-root-fields = 2\ngraphiql = false\nlog-format = \"json\"\n",
            dir.path().join("served.db").display()
        ),
    )
    .unwrap();
    let mut served = serve(
        &[
            "--config",
            config.to_str().unwrap(),
            "--max-root-fields",
            "4",
        ],
        &[("UPRGRAPH_MAX_ALIASES", "3")],
    );
    // The variable overrides the file: 3 aliases pass, 4 do not.
    let (status, body) = wire::post(&served.address, &aliases(3));
    assert_eq!(status, 200, "{body}");
    let (_, body) = wire::post(&served.address, &aliases(4));
    assert_eq!(code(&body), "QUERY_TOO_COMPLEX", "{body}");
    // The flag overrides the file: 4 root fields pass, 5 do not.
    let (_, body) = wire::post(
        &served.address,
        &json!({ "query": "{ a: __typename b: __typename __typename }" }),
    );
    assert!(body.get("errors").is_none(), "{body}");
    let (_, body) = wire::post(
        &served.address,
        &json!({ "query": "{ __typename __typename __typename __typename __typename }" }),
    );
    assert_eq!(code(&body), "QUERY_TOO_COMPLEX", "{body}");

    // The file turned GraphiQL off.
    let host = served.address.trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&host).unwrap();
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    assert_eq!(wire::read_response(stream).0, 404);

    stop(&mut served.child);
    let status = served.child.wait().unwrap();
    assert!(status.success(), "{status}");
    let logs = served.logs_to_end().join("\n");
    let lines: Vec<Value> = logs
        .lines()
        .map(|l| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: a log line is not JSON: {l}"))
        })
        .collect();
    let request = lines
        .iter()
        .find(|l| l["operation"] == "Aliases" && l["status"] == 200)
        .unwrap_or_else(|| panic!("no request line for Aliases:\n{logs}"));
    assert_eq!(request["method"], "POST");
    assert_eq!(request["path"], "/graphql");
    assert!(
        request["ms"].as_str().unwrap().parse::<f64>().is_ok(),
        "{request}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l["operation"] == "Aliases" && l["errors"] == "QUERY_TOO_COMPLEX"),
        "{logs}"
    );
}

#[test]
fn bad_configuration_is_refused_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("bad.toml");
    for (text, expected) in [
        (
            "max-depth = \"deep\"\n",
            "invalid value 'deep' for '--max-depth",
        ),
        ("max-dept = 3\n", "unknown setting `max-dept`"),
        ("max-depth = [\n", "is not valid TOML"),
        ("cors-origins = [\"example.org\"]\n", "is not an origin"),
    ] {
        std::fs::write(&config, text).unwrap();
        let output = Command::new(env!("CARGO_BIN_EXE_uprgraph"))
            .args(["serve", "--config", config.to_str().unwrap()])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected), "{text}: {stderr}");
        assert!(stderr.contains("bad.toml"), "{text}: {stderr}");
    }
    let output = Command::new(env!("CARGO_BIN_EXE_uprgraph"))
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    for flag in [
        "--config",
        "--max-aliases",
        "--request-timeout-ms",
        "--cors-origins",
        "--introspection",
        "--log-format",
        "UPRGRAPH_APQ_CACHE_BYTES",
        "--max-input-values",
    ] {
        assert!(help.contains(flag), "`serve --help` lists {flag}:\n{help}");
    }
}

#[test]
fn shutdown_finishes_the_requests_in_flight() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("served.db").display()
    );
    let mut served = serve(&["--listen", "127.0.0.1:0", "--database-url", &url], &[]);
    let host = served.address.trim_start_matches("http://").to_owned();
    // A request whose body has not all arrived when the server is told to stop.
    let body = json!({ "query": "{ cycle(number: 4) { firstSession } }" }).to_string();
    let (head, tail) = body.split_at(10);
    let mut stream = TcpStream::connect(&host).unwrap();
    write!(
        stream,
        "POST /graphql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{head}",
        body.len()
    )
    .unwrap();
    stream.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    stop(&mut served.child);
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        served.child.try_wait().unwrap().is_none(),
        "the server waits for the request"
    );
    stream.write_all(tail.as_bytes()).unwrap();
    let (status, answer) = wire::read_response(stream);
    assert_eq!(status, 200);
    assert_eq!(answer["data"]["cycle"]["firstSession"], 41);
    let status = served.child.wait().unwrap();
    assert!(status.success(), "{status}");
}
