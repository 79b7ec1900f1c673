//! Importing Universal Human Rights Index exports. No real export ships with the
//! project; these tests write small files in the published format, with texts that
//! say they are test records.

use uprgraph_store::{Format, ImportError, ImportOptions};

use crate::helpers::{
    at, count_rows, import, on_both_backends,
    uhri::{file, row},
    TestApp,
};

async fn upr_recommendations_are_taken_and_other_records_counted(app: TestApp) {
    let bytes = file(&[
        row([
            "Test record: recommendation one",
            "- Israel",
            "UPR",
            "- Côte d’Ivoire",
            "Supported",
            "Recommendation",
            "T-1",
            "15",
            "41303",
        ]),
        row([
            "Test record: recommendation made by two states",
            "- Türkiye",
            "Universal Periodic Review",
            "- Brazil\n- Chile",
            "Noted",
            "Recommendation",
            "T-2",
            "UPR 8th session",
            "2010-05-10",
        ]),
        row([
            "Test record: a treaty body",
            "- Israel",
            "CEDAW",
            "",
            "",
            "Recommendation",
            "T-3",
            "",
            "",
        ]),
        row([
            "Test record: pending",
            "- Israel",
            "UPR",
            "- France",
            "",
            "Recommendation",
            "T-4",
            "17",
            "29/10/2013",
        ]),
    ]);
    let report = import(
        &app,
        Format::Uhri,
        vec![("uhri.csv", bytes.clone())],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    let file = &report.files[0];
    assert_eq!(file.encoding, "UTF-8");
    assert_eq!(
        (file.rows_read, file.counts.created),
        (4, 4),
        "T-2 counts once per recommending state"
    );
    assert_eq!(file.left_out.values().sum::<u64>(), 1);
    assert!(file.left_out.keys().next().unwrap().contains("CEDAW"));

    let data = app
        .data(
            r#"{ state(code: "ISR") { recommendationsReceived { nodes {
            text response recommendingState { code } review { session { number } } themes { name }
            affectedPersons sdgTargets documentSymbol publishedOn
        } } } }"#,
        )
        .await;
    let received = at(&data, "state.recommendationsReceived.nodes")
        .as_array()
        .unwrap();
    assert_eq!(received.len(), 2);
    let first = &received[0];
    assert_eq!(first["recommendingState"]["code"], "CIV");
    assert_eq!(first["response"], "SUPPORTED");
    assert_eq!(first["review"]["session"]["number"], 15);
    assert_eq!(first["themes"].as_array().unwrap().len(), 2);
    assert_eq!(
        first["affectedPersons"],
        serde_json::json!(["Women & girls"])
    );
    assert_eq!(
        first["sdgTargets"],
        serde_json::json!(["16.3", "5.1"]),
        "in the order of their codes"
    );
    assert_eq!(first["documentSymbol"], "A/HRC/23/15");
    assert_eq!(first["publishedOn"], "2013-01-29", "an Excel serial date");
    assert_eq!(received[1]["response"], "PENDING");
    assert_eq!(received[1]["publishedOn"], "2013-10-29");

    // Filters on what only UHRI records carry, and on the dataset.
    for (filter, expected) in [
        (r#"{ affectedPersons: ["WOMEN & girls"] }"#, 4),
        (r#"{ affectedPersons: ["Children"] }"#, 0),
        (r#"{ sdgTarget: ["16.3"], stateUnderReview: ["ISR"] }"#, 2),
        (r#"{ sdgTarget: ["1.1"] }"#, 0),
        (r#"{ dataset: ["uhri.csv"] }"#, 4),
        (r#"{ dataset: ["other.csv"] }"#, 0),
    ] {
        let data = app
            .data(&format!(
                "{{ recommendations(filter: {filter}) {{ totalCount }} }}"
            ))
            .await;
        assert_eq!(data["recommendations"]["totalCount"], expected, "{filter}");
    }

    let again = import(
        &app,
        Format::Uhri,
        vec![("uhri.csv", bytes)],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(again.files[0].counts.unchanged, 4);
    assert_eq!(count_rows(&app, "recommendations").await, 4);
}
on_both_backends!(upr_recommendations_are_taken_and_other_records_counted);

async fn bad_uhri_rows_are_refused(app: TestApp) {
    let bytes = file(&[
        row([
            "Test record: fine",
            "- Israel",
            "UPR",
            "- France",
            "Supported",
            "Recommendation",
            "T-1",
            "15",
            "41303",
        ]),
        row([
            "Test record: two states under review, neither the document's",
            "- Chile\n- Peru",
            "UPR",
            "- France",
            "Supported",
            "Recommendation",
            "T-2",
            "15",
            "41303",
        ]),
        row([
            "Test record: bad date",
            "- Israel",
            "UPR",
            "- France",
            "Supported",
            "Recommendation",
            "T-3",
            "15",
            "yesterday",
        ]),
        row([
            "Test record: bad position",
            "- Israel",
            "UPR",
            "- France",
            "Maybe",
            "Recommendation",
            "T-4",
            "15",
            "41303",
        ]),
    ]);
    let Err(ImportError::Rejected(report)) = import(
        &app,
        Format::Uhri,
        vec![("uhri.csv", bytes)],
        ImportOptions::default(),
    )
    .await
    else {
        panic!("expected a refusal")
    };
    // A record spans the lines of its multi-valued cells: three here, four for the
    // record with two states concerned.
    let errors: Vec<(u64, &str)> = report.files[0]
        .rejected
        .iter()
        .map(|e| (e.line, e.column.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            (5, "Countries Concerned"),
            (9, "Document Publication Date"),
            (12, "UPR Position")
        ]
    );
    assert_eq!(count_rows(&app, "recommendations").await, 0);
}
on_both_backends!(bad_uhri_rows_are_refused);
