//! Importing OECD DAC Table 2a: official development assistance from every donor state.

use serde_json::json;
use uprgraph_store::{Format, ImportOptions};

use crate::helpers::{at, count_rows, import, on_both_backends, shared_file, Fixture, TestApp};

const FILE_2019: &str = "oecd-dac2a/ODA-2019-DAC2a.csv";

/// The cell of the 2019 file for `donor` and `recipient`, read apart from uprgraph: the
/// header names the donors after `Recipient` and a blank column, each row its recipient,
/// a blank cell and the values.
fn cell_2019(donor: &str, recipient: &str) -> String {
    let bytes = shared_file(FILE_2019);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let column = records[0].iter().position(|name| name == donor).unwrap();
    let row = records.iter().find(|r| &r[0] == recipient).unwrap();
    row[column].to_owned()
}

/// USD millions with up to two decimals, as whole dollars with cents, by moving the
/// decimal point in the text.
fn millions_as_dollars(millions: &str) -> String {
    let (whole, fraction) = millions.split_once('.').unwrap_or((millions, ""));
    let digits = format!("{whole}{fraction:0<6}");
    let trimmed = digits.trim_start_matches('0');
    let dollars = if trimmed.is_empty() { "0" } else { trimmed };
    format!("{dollars}.00")
}

/// Germany's ODA to Afghanistan in 2019 reads back exactly as the file gives it, as a
/// measure of its own; aggregates and non-state donors are left out and counted by name.
async fn germany_to_afghanistan_in_2019_reads_back_exactly(app: TestApp) {
    let report = import(
        &app,
        Format::OecdDac2a,
        vec![("ODA-2019-DAC2a.csv", shared_file(FILE_2019))],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    let file = &report.files[0];
    assert!(file.rejected.is_empty(), "{:?}", file.rejected);
    assert!(
        file.notes
            .iter()
            .any(|n| n == "every figure is for 2019, the year in the file's name"),
        "{:?}",
        file.notes
    );
    for reason in [
        "an aggregate row, not a recipient: All Recipients",
        "an aggregate column, not a donor: DAC Countries, Total",
        "donor is not a state (an EU institution, a development bank, a UN agency, a fund, a private donor or a territory): EU Institutions",
        "recipient is not a UN member or observer state: Kosovo",
    ] {
        assert!(file.left_out.contains_key(reason), "{reason}: {:?}", file.left_out.keys());
    }
    assert_eq!(
        count_rows(&app, "aid_flows").await,
        3 + file.counts.created as i64
    );

    let expected = millions_as_dollars(&cell_2019("Germany", "Afghanistan"));
    assert_eq!(expected, "409230000.00");
    let data = app
        .data(
            r#"{ aidFlows(filter: { donor: ["DEU"], recipient: ["AFG"], fiscalYearFrom: 2019, fiscalYearTo: 2019 }) {
                nodes { category transactionType fiscalYear bound amount { amount currency } source { title } dataset { name format } } } }"#,
        )
        .await;
    assert_eq!(
        at(&data, "aidFlows.nodes"),
        &json!([{
            "category": "OFFICIAL_DEVELOPMENT_ASSISTANCE",
            "transactionType": "DISBURSEMENT",
            "fiscalYear": 2019,
            "bound": "EXACT",
            "amount": { "amount": expected, "currency": "USD" },
            "source": { "title": "OECD DAC Table 2a: Aid (ODA) disbursements to countries and regions" },
            "dataset": { "name": "ODA-2019-DAC2a.csv", "format": "oecd-dac2a" },
        }])
    );
}
on_both_backends!(germany_to_afghanistan_in_2019_reads_back_exactly);

/// A negative net disbursement is kept, exactly, and the year can be given instead of
/// read from the name.
async fn negative_net_disbursements_are_kept_and_the_year_can_be_given(app: TestApp) {
    let bytes = shared_file(FILE_2019);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let france = records[0].iter().position(|n| n == "France").unwrap();
    // A negative value of France's column in a recipient row that names a member state.
    let (recipient, value) = records[1..]
        .iter()
        .filter(|r| {
            [
                "Argentina",
                "Colombia",
                "India",
                "Indonesia",
                "Turkey",
                "Brazil",
                "Mexico",
                "Egypt",
                "Viet Nam",
                "Colombia",
                "Morocco",
                "Peru",
                "Thailand",
                "Tunisia",
                "South Africa",
                "Pakistan",
            ]
            .contains(&&r[0])
        })
        .find(|r| r[france].starts_with('-'))
        .map(|r| (r[0].to_owned(), r[france].to_owned()))
        .expect("the file has a negative net disbursement of France's to one of these");
    let report = import(
        &app,
        Format::OecdDac2a,
        vec![("dac2a.csv", bytes)],
        ImportOptions {
            year: Some(2019),
            ..ImportOptions::default()
        },
    )
    .await
    .unwrap();
    assert!(report.files[0]
        .notes
        .iter()
        .any(|n| n == "every figure is for 2019, the year given with --year"));
    let flows = app
        .data_with(
            r#"query ($name: String!) { stateByName(name: $name) { code aidReceived(filter: { donor: ["FRA"], category: [OFFICIAL_DEVELOPMENT_ASSISTANCE] }) { nodes { fiscalYear amount { amount } } } } }"#,
            json!({ "name": recipient }),
        )
        .await;
    let millions = value.trim_start_matches('-');
    assert_eq!(
        at(&flows, "stateByName.aidReceived.nodes"),
        &json!([{ "fiscalYear": 2019, "amount": { "amount": format!("-{}", millions_as_dollars(millions)) } }]),
        "{recipient}"
    );
}
on_both_backends!(negative_net_disbursements_are_kept_and_the_year_can_be_given);

/// ForeignAssistance.gov's and OECD's figures of US aid measure the same money: their sums
/// are kept apart by source, never added.
async fn two_sources_of_the_same_money_are_never_added(app: TestApp) {
    import(
        &app,
        Format::OecdDac2a,
        vec![("ODA-2019-DAC2a.csv", shared_file(FILE_2019))],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    let data = app
        .data(
            r#"{ aidTotals(groupBy: [DONOR, TRANSACTION_TYPE], filter: { donor: ["USA"], recipient: ["AFG"], transactionType: [DISBURSEMENT], fiscalYearFrom: 2019, fiscalYearTo: 2019 }) {
                donor { code } transactionType flows amount { amount } source { title } } }"#,
        )
        .await;
    let totals = at(&data, "aidTotals").as_array().unwrap();
    let titles: Vec<&str> = totals
        .iter()
        .map(|t| t["source"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(totals.len(), 2, "{totals:?}");
    assert!(titles.contains(&"ForeignAssistance.gov: U.S. foreign assistance by country"));
    assert!(titles.contains(&"OECD DAC Table 2a: Aid (ODA) disbursements to countries and regions"));
    let oecd = totals
        .iter()
        .find(|t| t["source"]["title"].as_str().unwrap().starts_with("OECD"))
        .unwrap();
    assert_eq!(
        oecd["amount"]["amount"],
        millions_as_dollars(&cell_2019("United States", "Afghanistan"))
    );
    assert_eq!(oecd["flows"], 1);
}
on_both_backends!(
    two_sources_of_the_same_money_are_never_added,
    Fixture::RealFiles
);
