//! Importing aid figures: the ForeignAssistance.gov file and the generic aid CSV.

use std::collections::{BTreeMap, BTreeSet};

use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};
use uprgraph_store::{Format, ImportError, ImportOptions};

use crate::helpers::{at, count_rows, import, on_both_backends, shared_file, TestApp};

/// Every state code the API knows.
async fn state_codes(app: &TestApp) -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    let mut after = serde_json::Value::Null;
    loop {
        let data = app
            .data_with(
                "query ($after: String) { states(first: 100, after: $after) { nodes { code } pageInfo { hasNextPage endCursor } } }",
                json!({ "after": after }),
            )
            .await;
        codes.extend(
            at(&data, "states.nodes")
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["code"].as_str().unwrap().to_owned()),
        );
        if !at(&data, "states.pageInfo.hasNextPage").as_bool().unwrap() {
            return codes;
        }
        after = at(&data, "states.pageInfo.endCursor").clone();
    }
}

async fn the_foreign_assistance_file_is_taken_with_aggregates_left_out(app: TestApp) {
    let bytes = shared_file("foreign-assistance/us_foreign_aid_country.csv");
    let report = import(
        &app,
        Format::ForeignAssistance,
        vec![("us_foreign_aid_country.csv", bytes.clone())],
        ImportOptions::default(),
    )
    .await
    .expect("the ForeignAssistance.gov file imports");
    let file = &report.files[0];

    let codes = state_codes(&app).await;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let (states, others): (Vec<_>, Vec<_>) = records.iter().partition(|r| codes.contains(&r[0]));
    assert_eq!(file.rows_read, 23_166);
    assert_eq!(file.counts.created, states.len() as u64);
    assert_eq!(file.left_out.values().sum::<u64>(), others.len() as u64);
    assert!(file.rejected.is_empty());
    assert!(
        file.left_out
            .keys()
            .any(|reason| reason.contains("WLD World")),
        "{:?}",
        file.left_out.keys()
    );
    assert_eq!(count_rows(&app, "aid_flows").await, 3 + states.len() as i64);

    // US aid to Israel: every figure of the file, by fiscal year and transaction type, exact.
    let kinds = BTreeMap::from([
        ("Obligations", "OBLIGATION"),
        ("Disbursements", "DISBURSEMENT"),
        ("President's Budget Requests", "REQUEST"),
        ("Appropriated and Planned", "APPROPRIATION"),
        ("Initial Allocations", "ALLOCATION"),
    ]);
    let expected: BTreeSet<(String, String, i64)> = records
        .iter()
        .filter(|r| &r[0] == "ISR")
        .map(|r| {
            (
                r[8].to_owned(),
                kinds[&r[7]].to_owned(),
                r[9].parse::<i64>().unwrap() * 100,
            )
        })
        .collect();
    let rows = app
        .store
        .connection()
        .query_all_raw(Statement::from_string(
            app.store.backend(),
            "SELECT a.fiscal_year, a.transaction_type, a.amount_minor FROM aid_flows a \
             JOIN states s ON s.id = a.recipient_state_id WHERE s.alpha3 = 'ISR' AND a.dataset_id IS NOT NULL",
        ))
        .await
        .unwrap();
    let stored: BTreeSet<(String, String, i64)> = rows
        .iter()
        .map(|r| {
            let year: Option<i32> = r.try_get("", "fiscal_year").unwrap();
            (
                year.map_or("1976tq".to_owned(), |y| y.to_string()),
                r.try_get("", "transaction_type").unwrap(),
                r.try_get("", "amount_minor").unwrap(),
            )
        })
        .collect();
    assert_eq!(stored, expected);

    let data = app
        .data(r#"{ state(code: "ISR") { aidReceived(first: 100) { totalCount nodes { donor { code } fiscalYear dataset { format rowCount licence source { publisher } } } } } }"#)
        .await;
    assert_eq!(
        at(&data, "state.aidReceived.totalCount"),
        3 + expected.len() as i64
    );
    let imported = at(&data, "state.aidReceived.nodes")
        .as_array()
        .unwrap()
        .iter()
        .find(|n| !n["dataset"].is_null())
        .unwrap();
    assert_eq!(imported["donor"]["code"], "USA");
    assert_eq!(imported["dataset"]["format"], "foreign-assistance");
    assert_eq!(imported["dataset"]["rowCount"], states.len() as i64);

    let again = import(
        &app,
        Format::ForeignAssistance,
        vec![("us_foreign_aid_country.csv", bytes)],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(again.files[0].counts.unchanged, states.len() as u64);
    assert_eq!(count_rows(&app, "aid_flows").await, 3 + states.len() as i64);
}
on_both_backends!(the_foreign_assistance_file_is_taken_with_aggregates_left_out);

fn example_file() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/aid-flows.csv"
    ))
    .unwrap()
}

/// The issue's question: US military aid to Israel estimated since 7 October 2023.
const ISRAEL_ESTIMATES: &str = r#"{ aidTotals(groupBy: [DONOR], filter: { donor: ["USA"], recipient: ["ISR"], transactionType: [ESTIMATE] }) { amount { amount currency } bound } }"#;

/// The example's two rows are the two yearly estimates the reference data holds as the
/// parts of its 21.7 billion total, from the same publication: they are left out, each
/// named with its line, and the total is counted once.
async fn the_example_figures_held_already_are_left_out_with_their_lines(app: TestApp) {
    let report = import(
        &app,
        Format::AidCsv,
        vec![("aid-flows.csv", example_file())],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    let file = &report.files[0];
    assert_eq!(file.counts.created, 0);
    assert!(file.rejected.is_empty());
    let lines: Vec<u64> = file.already_held.iter().map(|h| h.line).collect();
    assert_eq!(lines, [2, 3]);
    assert!(
        file.already_held[0].reason.contains("17900000000.00")
            && file.already_held[0].reason.contains("the reference data"),
        "{:?}",
        file.already_held
    );
    assert_eq!(file.left_out.values().sum::<u64>(), 2);
    assert_eq!(count_rows(&app, "aid_flows").await, 3);
    let data = app.data(ISRAEL_ESTIMATES).await;
    assert_eq!(
        data["aidTotals"],
        json!([{ "amount": { "amount": "21700000000.00", "currency": "USD" }, "bound": "AT_LEAST" }])
    );
    // Imported again, the file changes nothing and is still counted once.
    let again = import(
        &app,
        Format::AidCsv,
        vec![("aid-flows.csv", example_file())],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(again.files[0].already_held.len(), 2);
    assert_eq!(app.data(ISRAEL_ESTIMATES).await, data);
}
on_both_backends!(the_example_figures_held_already_are_left_out_with_their_lines);

/// What a user does, following the README literally: the three UPR Info files, then
/// ForeignAssistance.gov's file, then the example, each with `uprgraph import`.
async fn the_readme_steps_count_the_costs_of_war_total_once(app: TestApp) {
    let datasets = crate::helpers::datasets_folder();
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/aid-flows.csv");
    let upr_info: Vec<String> = crate::helpers::upr_info::FILES
        .iter()
        .map(|(f, _)| datasets.join("upr-info").join(f).display().to_string())
        .collect();
    let foreign_assistance = datasets
        .join("foreign-assistance/us_foreign_aid_country.csv")
        .display()
        .to_string();
    let mut steps: Vec<Vec<&str>> = vec![vec!["upr-info"]];
    steps[0].extend(upr_info.iter().map(String::as_str));
    steps.push(vec!["foreign-assistance", &foreign_assistance]);
    steps.push(vec!["aid-csv", example]);
    let mut last = String::new();
    for step in &steps {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_uprgraph"))
            .arg("import")
            .args(step)
            .args(["--database-url", app.database_url()])
            .output()
            .expect("run uprgraph");
        last = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "{step:?}: {last}{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert!(
        last.contains("left out, line 2: the same figure (17900000000.00 USD) is held already: the reference data")
            && last.contains("left out, line 3: the same figure (3800000000.00 USD) is held already: the reference data"),
        "{last}"
    );
    let data = app.data(ISRAEL_ESTIMATES).await;
    assert_eq!(
        data["aidTotals"],
        json!([{ "amount": { "amount": "21700000000.00", "currency": "USD" }, "bound": "AT_LEAST" }]),
        "not 43,400,000,000"
    );
}
on_both_backends!(the_readme_steps_count_the_costs_of_war_total_once);

/// A figure of ForeignAssistance.gov's file written in the generic aid CSV, naming
/// ForeignAssistance.gov as its source: the same fact as the file's row.
fn israel_obligations_2020(amount: &str) -> Vec<u8> {
    format!(
        "donor,recipient,category,transaction_type,fiscal_year,amount,currency,source_title,source_publisher,source_url\n\
         USA,ISR,TOTAL,OBLIGATION,2020,{amount},USD,ForeignAssistance.gov: U.S. foreign assistance by country,U.S. Department of State and USAID,https://foreignassistance.gov/\n"
    )
    .into_bytes()
}

/// ForeignAssistance.gov's US obligations to Israel in fiscal year 2020, from the file.
fn israel_obligations_2020_in_file() -> String {
    let bytes = shared_file("foreign-assistance/us_foreign_aid_country.csv");
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[0] == "ISR" && &r[7] == "Obligations" && &r[8] == "2020")
        .map(|r| r[9].to_owned())
        .unwrap()
}

/// A figure of one source is held once whichever file brings it: a second file with the
/// same figure leaves it out, one with another amount for the same fact is refused, and
/// ForeignAssistance.gov's file imported again under another name adds nothing.
async fn a_figure_of_one_source_is_held_once_whatever_file_brings_it(app: TestApp) {
    let amount = israel_obligations_2020_in_file();
    let sum = r#"{ aidTotals(groupBy: [DONOR], filter: { donor: ["USA"], recipient: ["ISR"], transactionType: [OBLIGATION], fiscalYearFrom: 2020, fiscalYearTo: 2020 }) { amount { amount } flows source { title } } }"#;
    let expected = json!([{ "amount": { "amount": format!("{amount}.00") }, "flows": 1, "source": { "title": "ForeignAssistance.gov: U.S. foreign assistance by country" } }]);
    let bytes = shared_file("foreign-assistance/us_foreign_aid_country.csv");
    import(
        &app,
        Format::ForeignAssistance,
        vec![("us_foreign_aid_country.csv", bytes.clone())],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    let flows = count_rows(&app, "aid_flows").await;
    assert_eq!(app.data(sum).await["aidTotals"], expected);

    let report = import(
        &app,
        Format::AidCsv,
        vec![("same.csv", israel_obligations_2020(&amount))],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    let held = &report.files[0].already_held;
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].line, 2);
    assert!(
        held[0]
            .reason
            .contains("dataset us_foreign_aid_country.csv, line"),
        "{held:?}"
    );
    assert_eq!(app.data(sum).await["aidTotals"], expected);

    // A test input, not a published figure: it is refused, never stored.
    let other = format!("{}", amount.parse::<i64>().unwrap() + 1);
    let Err(ImportError::Rejected(report)) = import(
        &app,
        Format::AidCsv,
        vec![("other.csv", israel_obligations_2020(&other))],
        ImportOptions::default(),
    )
    .await
    else {
        panic!("a contradicting figure is refused")
    };
    let rejected = &report.files[0].rejected;
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].line, 2);
    assert!(
        rejected[0].reason.contains("the same source gives"),
        "{rejected:?}"
    );

    let report = import(
        &app,
        Format::ForeignAssistance,
        vec![("us_foreign_aid_country-copy.csv", bytes)],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(report.files[0].counts.created, 0);
    assert_eq!(report.files[0].already_held.len() as i64, flows - 3);
    assert_eq!(count_rows(&app, "aid_flows").await, flows);
    assert_eq!(app.data(sum).await["aidTotals"], expected);
}
on_both_backends!(a_figure_of_one_source_is_held_once_whatever_file_brings_it);

/// A figure for a period inside the period of one held from the same source is a part
/// of it: left out; a figure whose period holds one held is refused.
async fn parts_and_totals_of_figures_held_are_not_added_again(app: TestApp) {
    let row = |start: &str, end: &str, amount: &str| {
        format!(
            "donor,recipient,category,transaction_type,period_start,period_end,amount,currency,bound,source_title,source_publisher,source_url\n\
             USA,ISR,MILITARY,ESTIMATE,{start},{end},{amount},USD,AT_LEAST,\"U.S. Military Aid and Arms Transfers to Israel, October 2023 - September 2025\",Quincy Institute for Responsible Statecraft and the Costs of War Project (Brown University),https://watson.brown.edu/costsofwar/\n"
        )
        .into_bytes()
    };
    // Test inputs, not published figures (neither is ever stored): a period inside the
    // two years of the total the reference data holds is a part of it.
    let report = import(
        &app,
        Format::AidCsv,
        vec![(
            "first-year.csv",
            row("2023-10-07", "2024-06-30", "17900000000"),
        )],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(report.files[0].already_held.len(), 1);
    assert!(
        report.files[0].already_held[0].reason.starts_with("a part"),
        "{:?}",
        report.files[0].already_held
    );
    // The two years and a day more hold the total: refused, it would add it again.
    let Err(ImportError::Rejected(report)) = import(
        &app,
        Format::AidCsv,
        vec![("longer.csv", row("2023-10-07", "2025-10-07", "21700000000"))],
        ImportOptions::default(),
    )
    .await
    else {
        panic!("a figure holding one held is refused")
    };
    assert!(
        report.files[0].rejected[0]
            .reason
            .contains("a sum would count that part twice"),
        "{:?}",
        report.files[0].rejected
    );
    assert_eq!(count_rows(&app, "aid_flows").await, 3);
    let data = app.data(ISRAEL_ESTIMATES).await;
    assert_eq!(
        data["aidTotals"],
        json!([{ "amount": { "amount": "21700000000.00", "currency": "USD" }, "bound": "AT_LEAST" }])
    );
}
on_both_backends!(parts_and_totals_of_figures_held_are_not_added_again);

async fn bad_aid_rows_are_reported_by_column(app: TestApp) {
    let text = "donor,recipient,category,transaction_type,fiscal_year,amount,currency\n\
                USA,ISR,MILITARY,OBLIGATION,2020,3300000000,USD\n\
                USA,Narnia,MILITARY,OBLIGATION,2020,1,USD\n\
                USA,ISR,WEAPONS,OBLIGATION,2020,1,USD\n\
                USA,ISR,MILITARY,OBLIGATION,twenty,1,USD\n\
                USA,ISR,MILITARY,OBLIGATION,2020,1.005,USD\n\
                USA,ISR,MILITARY,OBLIGATION,2020,1e9,USD\n\
                USA,ISR,MILITARY,OBLIGATION,2020,1\n";
    let Err(ImportError::Rejected(report)) = import(
        &app,
        Format::AidCsv,
        vec![("bad.csv", text.as_bytes().to_vec())],
        ImportOptions::default(),
    )
    .await
    else {
        panic!("expected a refusal")
    };
    let errors: Vec<(u64, &str)> = report.files[0]
        .rejected
        .iter()
        .map(|e| (e.line, e.column.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            (3, "recipient"),
            (4, "category"),
            (5, "fiscal_year"),
            (6, "amount"),
            (7, "amount"),
            (8, "")
        ]
    );
    assert_eq!(count_rows(&app, "aid_flows").await, 3);
}
on_both_backends!(bad_aid_rows_are_reported_by_column);

/// An aid CSV's donor is a state or an organisation, by code in any case or by name; a
/// donor that is neither is refused at its cell, and the file with it.
async fn an_aid_csv_donor_may_be_an_organisation(app: TestApp) {
    let header = "donor,recipient,category,transaction_type,fiscal_year,amount,currency,source_title,source_publisher\n";
    let rows = "eu,AFG,ECONOMIC,DISBURSEMENT,2019,1000000,EUR,A,B\n\
                European Union,AFG,ECONOMIC,DISBURSEMENT,2020,2000000,EUR,A,B\n\
                EU Institutions,AFG,ECONOMIC,DISBURSEMENT,2021,3000000,EUR,A,B\n\
                DEU,AFG,ECONOMIC,DISBURSEMENT,2021,4000000,EUR,A,B\n";
    let bad = format!("{header}{rows}Narnia Fund,AFG,ECONOMIC,DISBURSEMENT,2021,1,EUR,A,B\n");
    let Err(ImportError::Rejected(report)) = import(
        &app,
        Format::AidCsv,
        vec![("donors.csv", bad.into_bytes())],
        ImportOptions::default(),
    )
    .await
    else {
        panic!("expected a refusal")
    };
    let rejected = &report.files[0].rejected;
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert_eq!(
        (rejected[0].line, rejected[0].column.as_str()),
        (6, "donor")
    );
    assert_eq!(
        rejected[0].reason,
        "no state or organisation has this code or name"
    );
    assert_eq!(count_rows(&app, "aid_flows").await, 3);

    import(
        &app,
        Format::AidCsv,
        vec![("donors.csv", format!("{header}{rows}").into_bytes())],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    let data = app
        .data(
            r#"{ eu: aidFlows(filter: { donorOrganization: ["EU"], recipient: ["AFG"] }) {
                   nodes { fiscalYear donor { code } donorOrganization { code } amount { amount } } }
                 deu: aidFlows(filter: { donor: ["DEU"], recipient: ["AFG"] }) {
                   nodes { fiscalYear donor { code } donorOrganization { code } } } }"#,
        )
        .await;
    assert_eq!(
        at(&data, "eu.nodes"),
        &json!([
            { "fiscalYear": 2019, "donor": null, "donorOrganization": { "code": "EU" }, "amount": { "amount": "1000000.00" } },
            { "fiscalYear": 2020, "donor": null, "donorOrganization": { "code": "EU" }, "amount": { "amount": "2000000.00" } },
            { "fiscalYear": 2021, "donor": null, "donorOrganization": { "code": "EU" }, "amount": { "amount": "3000000.00" } },
        ])
    );
    assert_eq!(
        at(&data, "deu.nodes"),
        &json!([{ "fiscalYear": 2021, "donor": { "code": "DEU" }, "donorOrganization": null }])
    );
}
on_both_backends!(an_aid_csv_donor_may_be_an_organisation);

async fn us_obligations_to_israel_by_fiscal_year(app: TestApp) {
    let bytes = shared_file("foreign-assistance/us_foreign_aid_country.csv");
    import(
        &app,
        Format::ForeignAssistance,
        vec![("us_foreign_aid_country.csv", bytes.clone())],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let expected: Vec<(i64, String)> = reader
        .records()
        .map(Result::unwrap)
        .filter(|r| {
            &r[0] == "ISR"
                && &r[7] == "Obligations"
                && r[8]
                    .parse::<i64>()
                    .is_ok_and(|y| (2000..=2020).contains(&y))
        })
        .map(|r| (r[8].parse().unwrap(), format!("{}.00", &r[9])))
        .collect();
    assert!(expected.len() >= 20);
    let data = app
        .data(
            r#"{ state(code: "USA") { aidProvided(filter: { recipient: ["ISR"], transactionType: [OBLIGATION], fiscalYearFrom: 2000, fiscalYearTo: 2020 }) {
                totalCount nodes { fiscalYear amount { amount } }
            } } }"#,
        )
        .await;
    let found: Vec<(i64, String)> = at(&data, "state.aidProvided.nodes")
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["fiscalYear"].as_i64().unwrap(),
                n["amount"]["amount"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(found, expected);
    assert_eq!(
        at(&data, "state.aidProvided.totalCount"),
        expected.len() as i64
    );

    let military = app
        .data(r#"{ aidFlows(filter: { category: [MILITARY], donor: ["US"] }) { totalCount } }"#)
        .await;
    assert_eq!(
        at(&military, "aidFlows.totalCount"),
        3,
        "the imported file has only totals; the shipped facts are military"
    );
}
on_both_backends!(us_obligations_to_israel_by_fiscal_year);

async fn aid_totals_are_exact_sums_without_double_counting(app: TestApp) {
    // Before any import: the shipped US military aid to Israel counts once, as the
    // two-year total, not again as its two yearly parts.
    let data = app
        .data(r#"{ aidTotals(filter: { donor: ["USA"] }, groupBy: [RECIPIENT, CATEGORY]) { recipient { code } category amount { amount currency } flows } }"#)
        .await;
    assert_eq!(
        data["aidTotals"],
        json!([{ "recipient": { "code": "ISR" }, "category": "MILITARY", "amount": { "amount": "21700000000.00", "currency": "USD" }, "flows": 1 }])
    );

    let bytes = shared_file("foreign-assistance/us_foreign_aid_country.csv");
    import(
        &app,
        Format::ForeignAssistance,
        vec![("us_foreign_aid_country.csv", bytes.clone())],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let mut expected: BTreeMap<(String, String), i64> = BTreeMap::new();
    for record in reader
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[0] == "ISR" && r[8].parse::<i32>().is_ok())
    {
        *expected
            .entry((record[8].to_owned(), record[7].to_owned()))
            .or_default() += record[9].parse::<i64>().unwrap();
    }
    let data = app
        .data(
            r#"{ aidTotals(filter: { donor: ["USA"], recipient: ["ISR"], category: [TOTAL], fiscalYearFrom: 1946 }, groupBy: [FISCAL_YEAR, TRANSACTION_TYPE], first: 1000) {
                fiscalYear transactionType amount { amount } flows
            } }"#,
        )
        .await;
    let names = BTreeMap::from([
        ("OBLIGATION", "Obligations"),
        ("DISBURSEMENT", "Disbursements"),
        ("REQUEST", "President's Budget Requests"),
        ("APPROPRIATION", "Appropriated and Planned"),
        ("ALLOCATION", "Initial Allocations"),
    ]);
    let found: BTreeMap<(String, String), i64> = data["aidTotals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let amount = t["amount"]["amount"].as_str().unwrap();
            let dollars: i64 = amount
                .strip_suffix(".00")
                .expect("whole dollars")
                .parse()
                .unwrap();
            (
                (
                    t["fiscalYear"].as_i64().unwrap().to_string(),
                    names[t["transactionType"].as_str().unwrap()].to_owned(),
                ),
                dollars,
            )
        })
        .collect();
    assert_eq!(found, expected);
}
on_both_backends!(aid_totals_are_exact_sums_without_double_counting);

async fn a_sum_says_whether_it_holds_a_lower_bound(app: TestApp) {
    import(
        &app,
        Format::AidCsv,
        vec![("aid-flows.csv", example_file())],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    let bytes = shared_file("foreign-assistance/us_foreign_aid_country.csv");
    import(
        &app,
        Format::ForeignAssistance,
        vec![("us_foreign_aid_country.csv", bytes)],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    // Israel's aid: the example's estimates (lower bounds), the documented facts and
    // ForeignAssistance.gov's figures (exact).
    let flows = r#"query ($after: String) { aidFlows(first: 100, after: $after, filter: { recipient: ["ISR"] }) {
        nodes { recipient { code } transactionType bound partOf { id } } pageInfo { hasNextPage endCursor } } }"#;
    let mut all = Vec::new();
    let mut after = Value::Null;
    loop {
        let page = app.data_with(flows, json!({ "after": after })).await;
        all.extend(
            at(&page, "aidFlows.nodes")
                .as_array()
                .unwrap()
                .iter()
                .cloned(),
        );
        if at(&page, "aidFlows.pageInfo.hasNextPage") != &json!(true) {
            break;
        }
        after = at(&page, "aidFlows.pageInfo.endCursor").clone();
    }
    let data = app
        .data(
            r#"{ aidTotals(groupBy: [RECIPIENT, TRANSACTION_TYPE], filter: { recipient: ["ISR"] }) {
            recipient { code } transactionType bound flows } }"#,
        )
        .await;
    let flows = &all;
    let totals = at(&data, "aidTotals").as_array().unwrap();
    assert!(!totals.is_empty());
    let mut seen = std::collections::HashSet::new();
    for total in totals {
        let group: Vec<&Value> = flows
            .iter()
            .filter(|f| {
                f["partOf"].is_null()
                    && f["recipient"] == total["recipient"]
                    && f["transactionType"] == total["transactionType"]
            })
            .collect();
        assert_eq!(
            group.len() as i64,
            total["flows"].as_i64().unwrap(),
            "{total}"
        );
        let expected = if group.iter().any(|f| f["bound"] == "MORE_THAN") {
            "MORE_THAN"
        } else if group.iter().any(|f| f["bound"] == "AT_LEAST") {
            "AT_LEAST"
        } else {
            "EXACT"
        };
        assert_eq!(total["bound"], expected, "{total}");
        seen.insert(expected);
    }
    assert!(
        seen.contains("AT_LEAST") && seen.contains("EXACT"),
        "{seen:?}"
    );
}
on_both_backends!(a_sum_says_whether_it_holds_a_lower_bound);
