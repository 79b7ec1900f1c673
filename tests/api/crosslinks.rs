//! Recommendations beside aid, checked against the UPR Info files and the
//! ForeignAssistance.gov file themselves.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use uprgraph_store::{Format, ImportOptions};

use crate::helpers::{
    import, on_both_backends, shared_file,
    upr_info::{import_all, records, upr_file, FILES},
    TestApp,
};

/// US obligations to a country in a range of fiscal years, in cents, from the file.
fn us_obligations(
    fa: &[csv::StringRecord],
    code: &str,
    years: std::ops::RangeInclusive<i32>,
) -> i64 {
    fa.iter()
        .filter(|r| &r[0] == code && &r[7] == "Obligations")
        .filter(|r| r[8].parse::<i32>().is_ok_and(|y| years.contains(&y)))
        .map(|r| r[9].parse::<i64>().unwrap() * 100)
        .sum()
}

async fn import_everything(app: &TestApp) -> (Vec<csv::StringRecord>, Vec<csv::StringRecord>) {
    import_all(app).await;
    let bytes = shared_file("foreign-assistance/us_foreign_aid_country.csv");
    import(
        app,
        Format::ForeignAssistance,
        vec![("us_foreign_aid_country.csv", bytes.clone())],
        ImportOptions::default(),
    )
    .await
    .expect("the ForeignAssistance.gov file imports");
    let upr = FILES
        .iter()
        .flat_map(|(name, _)| records(&upr_file(name)))
        .collect();
    let fa = csv::Reader::from_reader(bytes.as_slice())
        .records()
        .map(Result::unwrap)
        .collect();
    (upr, fa)
}

fn cents(amount: &Value) -> i64 {
    let text = amount.as_str().unwrap();
    let (units, fraction) = text.split_once('.').unwrap();
    units.parse::<i64>().unwrap() * 100 + fraction.parse::<i64>().unwrap()
}

async fn a_review_lists_its_recommenders_with_the_aid_between_them(app: TestApp) {
    let (upr, fa) = import_everything(&app).await;
    let query = r#"query ($relation: AidRelation!) { review(state: "AFG", cycle: 1) {
        recommenders(relation: $relation, aidFilter: { transactionType: [OBLIGATION], fiscalYearFrom: 2001, fiscalYearTo: 2009 }) {
          state { code name } recommendations { count supported noted }
          aidToStateUnderReview { donor { code } recipient { code } transactionType amount { amount currency } }
          aidFromStateUnderReview { amount { amount } } } } }"#;
    let run = |relation: &'static str| {
        let app = &app;
        async move {
            app.data_with(query, serde_json::json!({ "relation": relation }))
                .await["review"]["recommenders"]
                .as_array()
                .unwrap()
                .clone()
        }
    };
    let any = run("ANY").await;
    let donors = run("DONORS").await;
    let neither = run("NEITHER").await;
    assert_eq!(
        run("RECIPIENTS").await,
        Vec::<Value>::new(),
        "Afghanistan gave no aid"
    );

    // Every state that recommended something to Afghanistan, with the file's counts.
    let to_afghanistan: Vec<_> = upr
        .iter()
        .filter(|r| &r[0] == "Afghanistan" && !r[4].is_empty())
        .collect();
    let mut per_state: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for r in &to_afghanistan {
        let entry = per_state.entry(r[4].to_owned()).or_default();
        entry.0 += 1;
        entry.1 += i64::from(&r[7] == "Accepted");
    }
    assert_eq!(any.len(), per_state.len());
    let counts: BTreeSet<(i64, i64)> = any
        .iter()
        .map(|r| {
            (
                r["recommendations"]["count"].as_i64().unwrap(),
                r["recommendations"]["supported"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(counts, per_state.values().copied().collect::<BTreeSet<_>>());
    let sorted: Vec<i64> = any
        .iter()
        .map(|r| r["recommendations"]["count"].as_i64().unwrap())
        .collect();
    assert!(
        sorted.windows(2).all(|w| w[0] >= w[1]),
        "most recommendations first"
    );

    // The only donor among them is the United States, with its obligations from the file.
    assert_eq!(donors.len(), 1, "{donors:#?}");
    let usa = &donors[0];
    assert_eq!(usa["state"]["code"], "USA");
    assert_eq!(
        usa["recommendations"]["count"],
        per_state["United States"].0
    );
    let aid = usa["aidToStateUnderReview"].as_array().unwrap();
    assert_eq!(aid.len(), 1);
    assert_eq!(aid[0]["donor"]["code"], "USA");
    assert_eq!(aid[0]["recipient"]["code"], "AFG");
    assert_eq!(aid[0]["transactionType"], "OBLIGATION");
    assert_eq!(aid[0]["amount"]["currency"], "USD");
    assert_eq!(
        cents(&aid[0]["amount"]["amount"]),
        us_obligations(&fa, "AFG", 2001..=2009)
    );
    assert_eq!(neither.len(), any.len() - 1);
}
on_both_backends!(a_review_lists_its_recommenders_with_the_aid_between_them);

async fn a_donor_lists_the_states_it_aids_with_what_they_recommended_to_it(app: TestApp) {
    let (upr, fa) = import_everything(&app).await;
    let data = app
        .data(r#"{ state(code: "USA") { aidedStates(aidFilter: { transactionType: [OBLIGATION], fiscalYearFrom: 2010, fiscalYearTo: 2010 }) {
            state { code name } aid { transactionType amount { amount } } recommendationsToDonor { count supported noted } } } }"#)
        .await;
    let aided = data["state"]["aidedStates"].as_array().unwrap();
    let in_file: BTreeSet<&str> = fa
        .iter()
        .filter(|r| &r[7] == "Obligations" && &r[8] == "2010")
        .map(|r| &r[0] as &str)
        .collect();
    let listed: BTreeSet<&str> = aided
        .iter()
        .map(|a| a["state"]["code"].as_str().unwrap())
        .collect();
    assert!(listed.len() > 100, "{}", listed.len());
    assert!(
        listed.is_subset(&in_file),
        "every aided state is in the file"
    );
    let largest: Vec<i64> = aided
        .iter()
        .map(|a| cents(&a["aid"][0]["amount"]["amount"]))
        .collect();
    assert!(
        largest.windows(2).all(|w| w[0] >= w[1]),
        "largest aid first"
    );
    for entry in aided {
        let code = entry["state"]["code"].as_str().unwrap();
        assert_eq!(
            cents(&entry["aid"][0]["amount"]["amount"]),
            us_obligations(&fa, code, 2010..=2010),
            "{code}"
        );
    }
    // What the aided states recommended to the United States at its session-9 review.
    let to_us: Vec<_> = upr.iter().filter(|r| &r[0] == "United States").collect();
    let mut checked = 0;
    for entry in aided {
        let name = entry["state"]["name"].as_str().unwrap();
        let rows: Vec<_> = to_us.iter().filter(|r| &r[4] == name).collect();
        if rows.is_empty() {
            continue;
        }
        checked += 1;
        assert_eq!(
            entry["recommendationsToDonor"]["count"],
            rows.len() as i64,
            "{name}"
        );
        let noted = rows.iter().filter(|r| &r[7] == "Noted").count();
        assert_eq!(
            entry["recommendationsToDonor"]["noted"], noted as i64,
            "{name}"
        );
    }
    assert!(
        checked > 20,
        "{checked} aided states recommended to the US under their UN names"
    );
}
on_both_backends!(a_donor_lists_the_states_it_aids_with_what_they_recommended_to_it);

async fn cross_links_take_two_statements_per_level(app: TestApp) {
    import_everything(&app).await;
    let query = r#"{ cycle(number: 1) { reviews(first: 100) { nodes { recommenders(relation: DONORS) { state { code } aidToStateUnderReview { amount { amount } } } } } } }"#;
    let before = app.store.statements_executed();
    let data = app.data(query).await;
    let statements = app.store.statements_executed() - before;
    let reviews = data["cycle"]["reviews"]["nodes"].as_array().unwrap();
    assert_eq!(reviews.len(), 100);
    let with_donors = reviews
        .iter()
        .filter(|r| !r["recommenders"].as_array().unwrap().is_empty())
        .count();
    eprintln!("{with_donors} of 100 reviews have a recommending donor");
    assert!(with_donors > 10, "{with_donors}");
    // The cycle, its reviews, the recommenders, their aid and their states.
    assert_eq!(statements, 5);
}
on_both_backends!(cross_links_take_two_statements_per_level);
