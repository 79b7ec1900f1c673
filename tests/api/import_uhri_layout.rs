//! The UHRI export as OHCHR writes it: its spreadsheet (XLSX, or CSV saved from it) and
//! its JSON export, every value an item of a list (`- Supported`), sessions as
//! `- 12th Session - Cycle 1`, states by name or ISO code, paragraph numbers at the
//! start of texts. The files are test fixtures built from UPR Info's real rows rewritten
//! in that layout (see `helpers::uhri::from_upr_info`), never OHCHR's own, and test
//! records whose texts say so.

use serde_json::{json, Value};
use uprgraph_store::{FileReport, Format, ImportError, ImportOptions};

use crate::helpers::{
    import, on_both_backends,
    uhri::{self, Record},
    upr_info::{records, upr_file},
    TestApp,
};

/// Every recommendation passing `filter`, page after page, as text, response, states,
/// session and themes: what two imports of the same records must agree on.
async fn every_recommendation(app: &TestApp, filter: &str) -> Vec<Value> {
    let mut all = Vec::new();
    let mut after = Value::Null;
    loop {
        let data = app
            .data_with(
                &format!(
                    r#"query($after: String) {{ recommendations(filter: {filter}, first: 100, after: $after) {{
                        nodes {{ text response stateUnderReview {{ code }} recommendingState {{ code }}
                                 review {{ session {{ number }} }} themes {{ name }} }}
                        pageInfo {{ hasNextPage endCursor }} }} }}"#
                ),
                json!({ "after": after }),
            )
            .await;
        let page = &data["recommendations"];
        all.extend(page["nodes"].as_array().unwrap().iter().cloned());
        if page["pageInfo"]["hasNextPage"] != true {
            return all;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
}

/// Imports one UHRI file, which must import whole, without `--skip-invalid`.
async fn import_whole(app: &TestApp, name: &str, bytes: Vec<u8>) -> FileReport {
    let report = import(
        app,
        Format::Uhri,
        vec![(name, bytes)],
        ImportOptions::default(),
    )
    .await
    .unwrap_or_else(|e| panic!("{name} imports without --skip-invalid: {e}"));
    report.files.into_iter().next().unwrap()
}

/// A record that is not a UPR recommendation, as the export holds hundreds of thousands.
fn observation() -> Record {
    Record {
        text: "Test record: 12. The Committee notes with concern".to_owned(),
        concerned: vec!["Sudan".to_owned()],
        body: "CEDAW".to_owned(),
        symbol: "TEST-FIXTURE/CEDAW".to_owned(),
        kind: "Concerns/Observations".to_owned(),
        annotation: "test-fixture-observation".to_owned(),
        published: "44270.4996282407".to_owned(),
        ..Record::default()
    }
}

async fn upr_info_rows_in_the_uhri_layout_import_as_upr_infos_file_does(app: TestApp) {
    let upr = upr_file("sessions-10-13.csv");
    let rows = records(&upr);
    // Sudan by its ISO code, as the export names some states; Timor-Leste by its name (a
    // hyphen inside a name is part of it). In the order of UPR Info's file.
    let mut fixture = uhri::from_upr_info(&rows, "Sudan", 11, "SD");
    fixture.extend(uhri::from_upr_info(&rows, "Timor-Leste", 12, "Timor-Leste"));
    assert_eq!(fixture.len(), 326, "UPR Info's rows of the two reviews");
    fixture.push(observation());
    import(
        &app,
        Format::UprInfo,
        vec![("sessions-10-13.csv", upr)],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    let expected = every_recommendation(
        &app,
        r#"{ dataset: ["sessions-10-13.csv"], stateUnderReview: ["TLS", "SDN"], session: [11, 12] }"#,
    )
    .await;
    assert_eq!(expected.len(), 326);
    for (name, bytes) in [
        ("uhri-fixture.csv", uhri::csv(&fixture)),
        ("uhri-fixture.xlsx", uhri::xlsx(&fixture)),
        ("uhri-fixture.json", uhri::json(&fixture)),
    ] {
        let file = import_whole(&app, name, bytes).await;
        assert_eq!((file.rows_read, file.counts.created), (327, 326), "{name}");
        assert_eq!(
            file.left_out.iter().collect::<Vec<_>>(),
            [(
                &"not a recommendation (Type `Concerns/Observations`)".to_owned(),
                &1
            )],
            "{name}"
        );
        let imported = every_recommendation(&app, &format!(r#"{{ dataset: ["{name}"] }}"#)).await;
        assert_eq!(imported.len(), expected.len(), "{name}");
        for (got, want) in imported.iter().zip(&expected) {
            assert_eq!(
                got, want,
                "{name}: the same recommendations as UPR Info's file"
            );
        }
    }
}
on_both_backends!(upr_info_rows_in_the_uhri_layout_import_as_upr_infos_file_does);

/// Test records of what the export writes beyond UPR Info's rows.
fn test_records() -> Vec<Record> {
    let record = |annotation: &str, text: &str, concerned: &[&str], position: &str| Record {
        text: text.to_owned(),
        concerned: concerned.iter().map(|c| (*c).to_owned()).collect(),
        body: "UPR".to_owned(),
        symbol: "TEST-FIXTURE/SDN/11".to_owned(),
        themes: vec!["Women's rights".to_owned()],
        recommenders: vec!["France".to_owned()],
        position: position.to_owned(),
        kind: "Recommendation".to_owned(),
        annotation: annotation.to_owned(),
        session: "11th Session - Cycle 1".to_owned(),
        published: "40710.4996282407".to_owned(),
        ..Record::default()
    };
    vec![
        record(
            "t-1",
            "83.1. Test record: a recommendation supported in part",
            &["Sudan"],
            "Supported/Noted",
        ),
        record(
            "t-2",
            "83.2 Test record: a recommendation of a document on two states",
            &["South Sudan - Sudan"],
            "Noted",
        ),
        record(
            "t-3",
            "Test record: a recommendation to Sudan by its code",
            &["SDN"],
            "Supported",
        ),
        Record {
            concerned: vec!["IQ".to_owned()],
            symbol: "TEST-FIXTURE/IRQ/7".to_owned(),
            session: "7th Session - Cycle 1".to_owned(),
            ..record("t-4", "Test record: to Iraq by its ISO code", &[], "Noted")
        },
    ]
}

async fn what_the_export_writes_is_read_as_it_means(app: TestApp) {
    // The JSON export, and a spreadsheet of later exports, which spell `Recommending`
    // right.
    let corrected = uhri::HEADER
        .replace("Reccomending Body", "Recommending Body")
        .replace("UPR Reccomending States", "UPR Recommending States");
    for (name, bytes) in [
        ("test-records.json", uhri::json(&test_records())),
        (
            "test-records.csv",
            uhri::csv_with_header(&corrected, &test_records()),
        ),
    ] {
        let file = import_whole(&app, name, bytes).await;
        assert_eq!(file.counts.created, 4, "{name}");
        assert!(
            file.notes
                .iter()
                .any(|n| n.starts_with("1 records name several states")),
            "{name}: {:?}",
            file.notes
        );
        let data = app
            .data(&format!(
                r#"{{ recommendations(filter: {{ dataset: ["{name}"] }}) {{ nodes {{
                    text paragraph response stateUnderReview {{ code }} publishedOn documentSymbol
                }} }} }}"#
            ))
            .await;
        let got: Vec<(Value, Value, Value, Value)> = data["recommendations"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                (
                    n["paragraph"].clone(),
                    n["text"].clone(),
                    n["response"].clone(),
                    n["stateUnderReview"]["code"].clone(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    json!("83.1"),
                    json!("Test record: a recommendation supported in part"),
                    json!("PARTLY_SUPPORTED"),
                    json!("SDN")
                ),
                (
                    json!("83.2"),
                    json!("Test record: a recommendation of a document on two states"),
                    json!("NOTED"),
                    json!("SDN")
                ),
                (
                    Value::Null,
                    json!("Test record: a recommendation to Sudan by its code"),
                    json!("SUPPORTED"),
                    json!("SDN")
                ),
                (
                    Value::Null,
                    json!("Test record: to Iraq by its ISO code"),
                    json!("NOTED"),
                    json!("IRQ")
                ),
            ],
            "{name}"
        );
        assert_eq!(
            data["recommendations"]["nodes"][0]["publishedOn"], "2011-06-16",
            "an Excel serial number with a fraction of a day"
        );
    }

    // The partly supported are a response of their own in every count and filter.
    let data = app
        .data(
            r#"{
                partly: recommendations(filter: { response: [PARTLY_SUPPORTED] }) { totalCount }
                stats: recommendationStats(filter: { stateUnderReview: ["SDN"] }, groupBy: [RESPONSE]) {
                    response count supported partlySupported noted
                }
                state(code: "SDN") { reviews { nodes { session { number } recommenders {
                    state { code } recommendations { count supported partlySupported noted }
                } } } }
            }"#,
        )
        .await;
    assert_eq!(data["partly"]["totalCount"], 2, "one in each file");
    let stats = data["stats"].as_array().unwrap();
    let partly = stats
        .iter()
        .find(|s| s["response"] == "PARTLY_SUPPORTED")
        .unwrap();
    assert_eq!(
        (
            &partly["count"],
            &partly["partlySupported"],
            &partly["supported"],
            &partly["noted"]
        ),
        (&json!(2), &json!(2), &json!(0), &json!(0))
    );
    let recommenders = &data["state"]["reviews"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["session"]["number"] == 11)
        .unwrap()["recommenders"];
    let france = recommenders
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["state"]["code"] == "FRA")
        .unwrap();
    assert_eq!(
        france["recommendations"],
        json!({ "count": 6, "supported": 2, "partlySupported": 2, "noted": 2 })
    );
}
on_both_backends!(what_the_export_writes_is_read_as_it_means);

async fn a_record_on_two_states_that_no_other_record_settles_is_refused(app: TestApp) {
    let mut records = test_records();
    // Without the records that name Sudan alone, nothing says whose review it is.
    records.retain(|r| r.annotation == "t-2");
    let Err(ImportError::Rejected(report)) = import(
        &app,
        Format::Uhri,
        vec![("two-states.json", uhri::json(&records))],
        ImportOptions::default(),
    )
    .await
    else {
        panic!("expected a refusal")
    };
    let error = &report.files[0].rejected[0];
    assert_eq!((error.line, error.column.as_str()), (2, "Countries"));
    assert!(
        error.reason.contains("names 2 states concerned")
            && error.reason.contains("TEST-FIXTURE/SDN/11"),
        "{}",
        error.reason
    );
}
on_both_backends!(a_record_on_two_states_that_no_other_record_settles_is_refused);
