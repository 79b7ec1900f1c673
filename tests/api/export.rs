//! Exports of filtered lists as CSV, JSON lines and XLSX, over HTTP and from the
//! command line.

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

/// An export's response: status, headers by name, body.
async fn download(
    app: &TestApp,
    path: &str,
    filter: &str,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let response = app
        .http
        .get(format!("{}{path}", app.address))
        .query(&[("filter", filter)])
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.bytes().await.unwrap().to_vec())
}

/// The rows of every sheet of a workbook, in order, each sheet's header checked
/// against the first's and left out but for the first sheet's.
fn workbook_rows(bytes: Vec<u8>) -> Vec<Vec<calamine::Data>> {
    use calamine::Reader as _;
    let mut workbook = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let mut rows: Vec<Vec<calamine::Data>> = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).unwrap();
        let mut sheet = range.rows().map(<[calamine::Data]>::to_vec);
        let header = sheet.next().expect("every sheet has a header");
        if rows.is_empty() {
            rows.push(header);
        } else {
            assert_eq!(header, rows[0], "{name}: the same header");
        }
        rows.extend(sheet);
    }
    rows
}

/// A cell's value as the CSV export writes it, after checking that its type is the
/// column's: numbers, dates and booleans as such, everything else text.
fn as_csv(column: &str, cell: &calamine::Data) -> String {
    use calamine::Data;
    const NUMBERS: &[&str] = &[
        "id",
        "cycle",
        "session",
        "action_category",
        "fiscal_year",
        "amount",
        "part_of_id",
        "sipri_id",
        "order_year",
        "number_ordered",
        "number_delivered",
        "tiv_per_unit",
        "tiv_sipri_estimate",
        "tiv_order",
        "tiv_delivered",
    ];
    const DATES: &[&str] = &["period_start", "period_end"];
    const BOOLEANS: &[&str] = &[
        "order_year_is_estimate",
        "number_ordered_is_estimate",
        "number_delivered_is_estimate",
        "local_production",
    ];
    match cell {
        Data::Empty => String::new(),
        Data::Float(number) if NUMBERS.contains(&column) => number.to_string(),
        Data::DateTime(day) if DATES.contains(&column) => {
            assert!(day.is_datetime(), "{column}: {day:?}");
            let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
            let days = day.as_f64();
            assert_eq!(days.fract(), 0.0, "{column}: a day, no time");
            (epoch + chrono::Duration::days(days as i64)).to_string()
        }
        Data::Bool(b) if BOOLEANS.contains(&column) => b.to_string(),
        Data::String(text)
            if !NUMBERS.contains(&column)
                && !DATES.contains(&column)
                && !BOOLEANS.contains(&column) =>
        {
            text.clone()
        }
        other => panic!("{column}: {other:?} is not of the column's type"),
    }
}

/// Each list, filtered, downloads as a workbook holding the CSV export's rows for the
/// same filter in the same order, each cell of its column's type, the amounts exact.
async fn filtered_lists_export_as_spreadsheets(app: TestApp) {
    let exports = [
        ("recommendations", r#"{"stateUnderReview": ["USA"]}"#),
        ("aid-flows", r#"{"recipient": ["ISR"]}"#),
        (
            "arms-transfers",
            r#"{"supplier": ["USA"], "recipient": ["ISR"]}"#,
        ),
    ];
    for (kind, filter) in exports {
        let (status, _, csv) = download(&app, &format!("/export/{kind}.csv"), filter).await;
        assert_eq!(status, 200, "{kind}");
        let (status, headers, xlsx) = download(&app, &format!("/export/{kind}.xlsx"), filter).await;
        assert_eq!(status, 200, "{kind}: {}", String::from_utf8_lossy(&xlsx));
        assert_eq!(
            headers["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(
            headers["content-disposition"],
            format!("attachment; filename=\"uprgraph-{kind}.xlsx\"").as_str()
        );
        let mut csv = csv::Reader::from_reader(csv.as_slice());
        let csv_header: Vec<String> = csv.headers().unwrap().iter().map(str::to_owned).collect();
        let csv_rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
        let rows = workbook_rows(xlsx);
        let header: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
        let mut expected_header = csv_header.clone();
        if let Some(amount) = csv_header.iter().position(|c| c == "amount") {
            expected_header.insert(amount + 1, "amount_exact".to_owned());
        }
        assert_eq!(header, expected_header, "{kind}");
        assert!(!csv_rows.is_empty(), "{kind}: some rows");
        assert_eq!(rows.len() - 1, csv_rows.len(), "{kind}: as many rows");
        for (row, record) in rows[1..].iter().zip(&csv_rows) {
            let mut cells = header.iter().zip(row);
            for (column, field) in csv_header.iter().zip(record) {
                let (name, cell) = cells.next().unwrap();
                assert_eq!(name, column);
                let value = as_csv(column, cell);
                if column == "amount" {
                    // The number is the exact amount; its text beside it is the CSV's.
                    let (_, exact) = cells.next().unwrap();
                    assert_eq!(*exact, calamine::Data::String(field.to_owned()));
                    assert_eq!(value.parse::<f64>().unwrap(), field.parse::<f64>().unwrap());
                } else if let calamine::Data::Float(number) = cell {
                    assert_eq!(*number, field.parse::<f64>().unwrap(), "{kind} {column}");
                } else {
                    assert_eq!(value, field, "{kind} {column}");
                }
            }
        }
        if kind == "arms-transfers" {
            // SIPRI's largest deal of the United States with Israel in the layout with ids.
            use calamine::Data;
            let at = |name: &str| header.iter().position(|h| h == name).unwrap();
            let deal = rows
                .iter()
                .find(|row| row[at("sipri_id")] == Data::Float(31260.0))
                .expect("deal 31260");
            assert_eq!(deal[at("designation")], Data::String("F-16I".into()));
            assert_eq!(deal[at("tiv_delivered")], Data::Float(1950.0));
            assert_eq!(deal[at("supplier_code")], Data::String("USA".into()));
            assert!(matches!(deal[at("order_year")], Data::Float(_)));
            assert!(
                matches!(&deal[at("delivery_years")], Data::String(years) if years.contains("; "))
            );
        }
    }

    // A bad filter, an unknown file: what the CSV route answers.
    for file in ["recommendations.csv", "recommendations.xlsx"] {
        let (status, _, body) =
            download(&app, &format!("/export/{file}"), r#"{"noSuchField": 1}"#).await;
        let body = String::from_utf8(body).unwrap();
        assert_eq!(status, 400, "{file}: {body}");
        assert!(
            body.contains("BAD_USER_INPUT") && body.contains("noSuchField"),
            "{body}"
        );
    }
    let (status, _, body) = download(
        &app,
        "/export/arms-transfers.xlsx",
        r#"{"supplier": ["Narnia"]}"#,
    )
    .await;
    assert_eq!(status, 400, "{}", String::from_utf8_lossy(&body));
    assert_eq!(
        download(&app, "/export/arms-transfers.ods", "").await.0,
        404
    );
    // Nothing matches: a sheet with the header alone.
    let (status, _, xlsx) = download(
        &app,
        "/export/aid-flows.xlsx",
        r#"{"fiscalYearFrom": 3000}"#,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(workbook_rows(xlsx).len(), 1);
}
on_both_backends!(filtered_lists_export_as_spreadsheets, Fixture::Arms);

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
    // A workbook, to a file and to standard output when that is a pipe.
    let sheet = dir.path().join("aid.xlsx");
    let export = |output: Option<&std::path::Path>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_uprgraph"));
        command.args([
            "export",
            "aid-flows",
            "--format",
            "xlsx",
            "--filter",
            r#"{"recipient": ["ISR"]}"#,
            "--database-url",
            &url,
        ]);
        if let Some(output) = output {
            command.arg("-o").arg(output);
        }
        let out = command.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    assert!(export(Some(&sheet)).is_empty());
    let rows = workbook_rows(std::fs::read(&sheet).unwrap());
    assert_eq!(rows.len(), 1 + 3, "the header and the three figures");
    let piped = export(None);
    assert_eq!(workbook_rows(piped), rows);
    // To a terminal (`script` runs the command on one): refused, nothing written.
    let terminal = Command::new("script")
        .args(["-qec"])
        .arg(format!(
            "{} export aid-flows --format xlsx --database-url '{url}'",
            env!("CARGO_BIN_EXE_uprgraph")
        ))
        .arg("/dev/null")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&terminal.stdout);
    assert!(!terminal.status.success(), "{said}");
    assert!(said.contains("give `--output FILE.xlsx`"), "{said}");
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
