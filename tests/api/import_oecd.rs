//! Importing OECD DAC Table 2a: official development assistance from every donor, state
//! or organisation.

use serde_json::json;
use uprgraph_store::{Format, ImportOptions};

use crate::helpers::{at, count_rows, import, on_both_backends, shared_file, Fixture, TestApp};

const FILE_2019: &str = "oecd-dac2a/ODA-2019-DAC2a.csv";

/// The records of the 2019 file, read apart from uprgraph: the header names the donors
/// after `Recipient` and a blank column, each row its recipient, a blank cell and the
/// values.
fn records_2019() -> Vec<csv::StringRecord> {
    let bytes = shared_file(FILE_2019);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice());
    reader.records().map(Result::unwrap).collect()
}

/// The cell of the 2019 file for `donor` and `recipient`.
fn cell_2019(donor: &str, recipient: &str) -> String {
    let records = records_2019();
    let column = records[0].iter().position(|name| name == donor).unwrap();
    let row = records.iter().find(|r| &r[0] == recipient).unwrap();
    row[column].to_owned()
}

/// Imports the 2019 file, its year read from its name.
pub(crate) async fn import_2019(app: &TestApp) -> uprgraph_store::ImportReport {
    import(
        app,
        Format::OecdDac2a,
        vec![("ODA-2019-DAC2a.csv", shared_file(FILE_2019))],
        ImportOptions::default(),
    )
    .await
    .unwrap()
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
/// measure of its own; aggregates are left out and counted by name, and every other donor
/// column of the real file is a state or an organisation.
async fn germany_to_afghanistan_in_2019_reads_back_exactly(app: TestApp) {
    let report = import_2019(&app).await;
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
        "recipient is not a UN member or observer state: Kosovo",
    ] {
        assert!(
            file.left_out.contains_key(reason),
            "{reason}: {:?}",
            file.left_out.keys()
        );
    }
    // Taiwan is neither a UN member nor an observer state.
    let unknown: Vec<&String> = file
        .left_out
        .keys()
        .filter(|reason| reason.starts_with("donor is neither"))
        .collect();
    assert_eq!(
        unknown,
        ["donor is neither a UN member or observer state nor a known organisation: Chinese Taipei"]
    );
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
    let records = records_2019();
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
        vec![("dac2a.csv", shared_file(FILE_2019))],
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
    import_2019(&app).await;
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

/// The donors of the table that are not states give aid as organisations: the EU
/// institutions as the European Union, the development banks, the UN agencies and the
/// private donors, whose figures are private development finance, never official
/// assistance. Each reads back exactly, and filters and sums tell them from states.
async fn organisations_give_aid_as_the_table_says(app: TestApp) {
    import_2019(&app).await;
    let data = app
        .data(
            r#"{ eu: organization(code: "EU") { name kind
                   aidProvided(filter: { recipient: ["AFG"] }) { nodes { donor { code } donorOrganization { code } category amount { amount } } } }
                 ida: organization(code: "ida") { name kind
                   aidProvided(filter: { recipient: ["AFG"] }) { nodes { category amount { amount } } } }
                 unicef: organization(code: "UNICEF") { kind }
                 gates: organization(code: "Bill & Melinda Gates Foundation") { kind
                   aidTotals(groupBy: [CATEGORY]) { category } } }"#,
        )
        .await;
    assert_eq!(at(&data, "eu.name"), "European Union");
    assert_eq!(at(&data, "eu.kind"), "INTERGOVERNMENTAL");
    assert_eq!(
        at(&data, "eu.aidProvided.nodes"),
        &json!([{
            "donor": null,
            "donorOrganization": { "code": "EU" },
            "category": "OFFICIAL_DEVELOPMENT_ASSISTANCE",
            "amount": { "amount": millions_as_dollars(&cell_2019("EU Institutions", "Afghanistan")) },
        }])
    );
    assert_eq!(
        at(&data, "ida.name"),
        "International Development Association"
    );
    assert_eq!(at(&data, "ida.kind"), "DEVELOPMENT_BANK");
    assert_eq!(
        at(&data, "ida.aidProvided.nodes"),
        &json!([{
            "category": "OFFICIAL_DEVELOPMENT_ASSISTANCE",
            "amount": { "amount": millions_as_dollars(&cell_2019("International Development Association [IDA]", "Afghanistan")) },
        }])
    );
    assert_eq!(at(&data, "unicef.kind"), "UN_BODY");
    assert_eq!(at(&data, "gates.kind"), "PRIVATE_DONOR");
    assert_eq!(
        at(&data, "gates.aidTotals"),
        &json!([{ "category": "PRIVATE_DEVELOPMENT_FINANCE" }])
    );

    // Afghanistan's donors of 2019, states and organisations, each once: every known
    // donor column with a value in Afghanistan's row.
    let data = app
        .data(
            r#"{ aidTotals(groupBy: [DONOR], filter: { recipient: ["AFG"] }, first: 1000) {
                groupedBy donor { code } donorOrganization { code } } }"#,
        )
        .await;
    let totals = at(&data, "aidTotals").as_array().unwrap();
    for total in totals {
        assert!(
            total["donor"].is_null() != total["donorOrganization"].is_null(),
            "one donor: {total}"
        );
        assert_eq!(total["groupedBy"], json!(["DONOR"]));
    }
    let records = records_2019();
    let afghanistan = records.iter().find(|r| &r[0] == "Afghanistan").unwrap();
    let known = |name: &str| {
        !name.ends_with(", Total")
            && name != "Other donor countries"
            && name != "Other Multilaterals"
    };
    let with_value = records[0]
        .iter()
        .zip(afghanistan.iter())
        .skip(2)
        .filter(|(name, value)| known(name) && !value.trim().is_empty())
        .count();
    assert_eq!(totals.len(), with_value);
    assert!(totals
        .iter()
        .any(|t| t["donorOrganization"]["code"] == "EU"));

    // A state filter never matches an organisation's flows, and the reverse.
    let data = app
        .data(
            r#"{ states: aidFlows(filter: { donor: ["DEU"], recipient: ["AFG"] }) { nodes { donorOrganization { code } } }
                 eu: aidFlows(filter: { donorOrganization: ["eu"], recipient: ["AFG"] }) { nodes { donor { code } } }
                 both: aidFlows(filter: { donor: ["DEU"], donorOrganization: ["EU"] }) { totalCount } }"#,
        )
        .await;
    assert_eq!(
        at(&data, "states.nodes"),
        &json!([{ "donorOrganization": null }])
    );
    assert_eq!(at(&data, "eu.nodes"), &json!([{ "donor": null }]));
    assert_eq!(at(&data, "both.totalCount"), 0);
}
on_both_backends!(organisations_give_aid_as_the_table_says);

/// The migration that lets organisations give aid carries a database over and back: down,
/// the organisations' flows go and the states' stay as they were; up again, an import of
/// the same file brings the organisations' flows back and finds the states' unchanged.
async fn the_organisations_migration_goes_down_and_up_with_the_data(app: TestApp) {
    use uprgraph_migrations::{Migrator, MigratorTrait};

    let first = import_2019(&app).await;
    let query = r#"{ aidFlows(filter: { donor: ["DEU", "FRA"] }, first: 100) { totalCount nodes { id amount { amount } recipient { code } } } }"#;
    let states_before = app.data(query).await;
    let organisations = app
        .data(r#"{ aidFlows(filter: { donorOrganization: ["EU", "IDA", "UNICEF"] }) { totalCount } }"#)
        .await;
    let organisations = at(&organisations, "aidFlows.totalCount").as_i64().unwrap();
    assert!(organisations > 100, "{organisations}");

    let names: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    let at_migration = names
        .iter()
        .position(|n| n == "m20261207_000701_add_aid_from_organizations")
        .unwrap();
    let undone = u32::try_from(names.len() - at_migration).unwrap();
    let before = count_rows(&app, "aid_flows").await;
    Migrator::down(app.store.connection(), Some(undone))
        .await
        .unwrap();
    let after_down = count_rows(&app, "aid_flows").await;
    assert!(
        after_down < before - organisations,
        "{after_down} of {before}"
    );
    app.store.migrate().await.unwrap();
    assert_eq!(count_rows(&app, "aid_flows").await, after_down);
    assert_eq!(
        app.data(query).await,
        states_before,
        "the states' flows, ids and all"
    );

    let again = import_2019(&app).await;
    let counts = &again.files[0].counts;
    assert_eq!(counts.created as i64, before - after_down, "{counts:?}");
    assert_eq!(
        counts.unchanged,
        first.files[0].counts.created - counts.created,
        "{counts:?}"
    );
    assert_eq!(count_rows(&app, "aid_flows").await, before);
}
on_both_backends!(the_organisations_migration_goes_down_and_up_with_the_data);
