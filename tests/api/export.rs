//! Exports of filtered lists as CSV and JSON lines, over HTTP and from the command line.

use std::process::Command;

use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use serde_json::Value;

use crate::helpers::{
    on_both_backends, server_statements,
    upr_info::{import_all, records, upr_file, FILES},
    Backend, Fixture, TestApp,
};

async fn get(app: &TestApp, path: &str, filter: Option<&str>) -> (u16, String, String) {
    let mut request = app.http.get(format!("{}{path}", app.address));
    if let Some(filter) = filter {
        request = request.query(&[("filter", filter)]);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, content_type, response.text().await.unwrap())
}

async fn filtered_lists_export_as_csv_and_json_lines(app: TestApp) {
    let all: Vec<csv::StringRecord> = FILES
        .iter()
        .flat_map(|(name, _)| records(&upr_file(name)))
        .collect();
    let to_us: Vec<_> = all.iter().filter(|r| &r[0] == "United States").collect();

    let filter = r#"{"stateUnderReview": ["USA"]}"#;
    let (status, content_type, body) = get(&app, "/export/recommendations.csv", Some(filter)).await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/csv; charset=utf-8");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header[..4],
        [
            "id",
            "state_under_review_code",
            "state_under_review",
            "recommending_state_code"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), to_us.len());
    let mut exported: Vec<&str> = rows.iter().map(|r| &r[10]).collect();
    let mut expected: Vec<&str> = to_us.iter().map(|r| &r[3]).collect();
    exported.sort_unstable();
    expected.sort_unstable();
    assert_eq!(exported, expected, "the texts, byte for byte");
    assert!(rows
        .iter()
        .all(|r| &r[1] == "USA" && &r[5] == "1" && &r[6] == "9"));
    let supported = rows.iter().filter(|r| &r[7] == "SUPPORTED").count();
    assert_eq!(
        supported,
        to_us.iter().filter(|r| &r[7] == "Accepted").count()
    );
    let ids: Vec<i64> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "in id order");

    let (status, content_type, body) =
        get(&app, "/export/recommendations.jsonl", Some(filter)).await;
    assert_eq!(
        (status, content_type.as_str()),
        (200, "application/jsonl; charset=utf-8")
    );
    let lines: Vec<Value> = body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), to_us.len());
    assert_eq!(lines[0]["id"], ids[0]);
    assert_eq!(lines[0]["cycle"], 1);

    // Everything, read a chunk of 2,000 rows per statement, the data version read once
    // before the first chunk and again after each (an import in between stops it).
    let before = server_statements(&app).await;
    let (_, _, body) = get(&app, "/export/recommendations.csv", None).await;
    assert_eq!(
        server_statements(&app).await - before,
        1 + 2 * 12,
        "23,484 rows in 12 chunks"
    );
    assert_eq!(
        csv::Reader::from_reader(body.as_bytes()).records().count(),
        23_484
    );

    // Nothing matches: the header alone. A bad filter: 400 with the reason.
    let (status, _, body) = get(
        &app,
        "/export/recommendations.csv",
        Some(r#"{"session": [50]}"#),
    )
    .await;
    assert_eq!((status, body.lines().count()), (200, 1));
    let (status, _, body) = get(
        &app,
        "/export/recommendations.csv",
        Some(r#"{"stateUnderReview": ["Narnia"]}"#),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body.contains("BAD_USER_INPUT") && body.contains("stateUnderReview"),
        "{body}"
    );
    let (status, _, body) = get(
        &app,
        "/export/recommendations.csv",
        Some(r#"{"noSuchField": 1}"#),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains("RecommendationFilter has no field `noSuchField`"),
        "{body}"
    );
    assert_eq!(get(&app, "/export/states.xml", None).await.0, 404);

    // Aid: the documented 21.7 billion and its two parts, with exact amounts.
    let (status, _, body) = get(
        &app,
        "/export/aid-flows.csv",
        Some(r#"{"donor": ["USA"], "recipient": ["ISR"]}"#),
    )
    .await;
    assert_eq!(status, 200);
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let amount = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "amount")
        .unwrap();
    let mut amounts: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[amount].to_owned())
        .collect();
    amounts.sort();
    assert_eq!(
        amounts,
        ["17900000000.00", "21700000000.00", "3800000000.00"]
    );
}
on_both_backends!(
    filtered_lists_export_as_csv_and_json_lines,
    Fixture::UprInfo
);

#[test]
fn the_command_line_exports_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("export.db").display()
    );
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/aid-flows.csv");
    let import = Command::new(env!("CARGO_BIN_EXE_uprgraph"))
        .args(["import", "aid-csv", example, "--database-url", &url])
        .output()
        .unwrap();
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    let out = dir.path().join("aid.jsonl");
    let export = Command::new(env!("CARGO_BIN_EXE_uprgraph"))
        .args([
            "export",
            "aid-flows",
            "--format",
            "jsonl",
            "--filter",
            r#"{"recipient": ["ISR"]}"#,
            "--database-url",
            &url,
            "--output",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The example's two rows are the shipped figures' two parts, held already: left out.
    assert_eq!(
        rows.len(),
        3,
        "the three shipped figures, the example's held already"
    );
    assert!(
        rows.iter()
            .all(|r| r["recipient_code"] == "ISR" && r["currency"] == "USD"),
        "{text}"
    );
    let bad = Command::new(env!("CARGO_BIN_EXE_uprgraph"))
        .args([
            "export",
            "recommendations",
            "--filter",
            r#"{"cycle": "one"}"#,
            "--database-url",
            &url,
        ])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("filter"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

/// A SQLite connection's page cache fills up to its size with the pages it reads, so
/// a long export would leave every connection it used as large as that cache. The
/// pool's connections keep 2 MiB, also after an import, which takes 64 MiB for its
/// transaction only.
#[tokio::test]
async fn sqlite_connections_keep_a_small_page_cache() {
    crate::helpers::run_or_skip(async {
        let app = TestApp::spawn(Backend::Sqlite).await;
        import_all(&app).await;
        for _ in 0..3 {
            let row = app
                .store
                .connection()
                .query_one_raw(Statement::from_string(
                    DatabaseBackend::Sqlite,
                    "PRAGMA cache_size",
                ))
                .await
                .unwrap()
                .unwrap();
            assert_eq!(row.try_get::<i64>("", "cache_size").unwrap(), -2048);
        }
    })
    .await;
}

/// An aid flow whose stored currency the domain cannot read (written here by hand: no
/// importer stores one) fails the export, which never writes an amount in minor units
/// as if they were whole ones.
async fn an_export_fails_on_a_currency_it_cannot_read(app: TestApp) {
    use futures_util::StreamExt as _;
    use uprgraph::export::{stream, ExportFormat, ExportKind};
    app.store
        .connection()
        .execute_unprepared("UPDATE aid_flows SET currency = 'US$'")
        .await
        .unwrap();
    let chunks: Vec<_> = stream(
        app.store.clone(),
        ExportKind::AidFlows,
        uprgraph_store::Filter::All,
        ExportFormat::Csv,
    )
    .collect()
    .await;
    let written: Vec<String> = chunks
        .iter()
        .flatten()
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect();
    let Some(Err(error)) = chunks.last() else {
        panic!("the export ends in an error: {written:?}");
    };
    assert!(error.to_string().contains("US$"), "{error}");
    assert_eq!(
        written.concat().lines().nth(1),
        None,
        "no row, at most the header: {written:?}"
    );
}
on_both_backends!(an_export_fails_on_a_currency_it_cannot_read);
