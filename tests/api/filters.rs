//! Filters by the groups and organisations of either side, checked against the UPR
//! Info files' own group and organisation columns.

use std::collections::BTreeSet;

use crate::helpers::{
    on_both_backends,
    upr_info::{records, upr_file, FILES},
    Fixture, TestApp,
};

async fn total(app: &TestApp, filter: &str) -> i64 {
    let data = app
        .data(&format!(
            "{{ recommendations(filter: {filter}) {{ totalCount }} }}"
        ))
        .await;
    data["recommendations"]["totalCount"].as_i64().unwrap()
}

async fn groups_and_organisations_of_either_side_filter_recommendations(app: TestApp) {
    let all: Vec<csv::StringRecord> = FILES
        .iter()
        .flat_map(|(name, _)| records(&upr_file(name)))
        .collect();
    // The states the files list in an organisation, on either side of any row.
    let members = |code: &str| -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        for r in &all {
            for (name, orgs) in [(&r[0], &r[2]), (&r[4], &r[6])] {
                if orgs.split(',').any(|o| o.trim() == code) {
                    names.insert(name.to_owned());
                }
            }
        }
        names
    };
    let eu = members("EU");
    let oic = members("OIC");
    let to_us: Vec<_> = all.iter().filter(|r| &r[0] == "United States").collect();
    let from_eu = to_us.iter().filter(|r| eu.contains(&r[4])).count() as i64;
    assert!(from_eu > 50);
    assert_eq!(
        total(
            &app,
            r#"{ stateUnderReview: ["USA"], recommendingOrganization: ["EU"] }"#
        )
        .await,
        from_eu
    );
    assert_eq!(
        total(
            &app,
            r#"{ stateUnderReview: ["USA"], recommendingOrganization: ["eu"] }"#
        )
        .await,
        from_eu,
        "codes in any case"
    );
    let oic_reviewed = all
        .iter()
        .filter(|r| oic.contains(&r[0]) && &r[10] == "1")
        .count() as i64;
    assert_eq!(
        total(
            &app,
            r#"{ organizationUnderReview: ["OIC"], session: [1] }"#
        )
        .await,
        oic_reviewed
    );
    assert_eq!(
        total(&app, r#"{ recommendingOrganization: ["NO-SUCH"] }"#).await,
        0
    );

    // Groups: the recommending side as the file names it (rows by states that changed
    // group, and by observers, left aside), the side under review likewise.
    let african_to_us = to_us.iter().filter(|r| &r[5] == "Africa").count() as i64;
    assert_eq!(
        total(
            &app,
            r#"{ stateUnderReview: ["USA"], recommendingRegionalGroup: [AFRICAN] }"#
        )
        .await,
        african_to_us
    );
    let grulac_reviewed = all.iter().filter(|r| &r[1] == "GRULAC").count() as i64;
    assert_eq!(
        total(
            &app,
            "{ regionalGroupUnderReview: [LATIN_AMERICAN_AND_CARIBBEAN] }"
        )
        .await,
        grulac_reviewed
    );
    assert_eq!(
        total(&app, "{ regionalGroupUnderReview: [AFRICAN], recommendingRegionalGroup: [AFRICAN], session: [1] }").await,
        all.iter().filter(|r| &r[1] == "Africa" && &r[5] == "Africa" && &r[10] == "1").count() as i64
    );
    assert_eq!(
        total(&app, r#"{ dataset: ["sessions-01-05.csv"] }"#).await,
        6094
    );
}
on_both_backends!(
    groups_and_organisations_of_either_side_filter_recommendations,
    Fixture::UprInfo
);

async fn states_and_reviews_take_filters_too(app: TestApp) {
    let codes = |data: &serde_json::Value, path: &str| -> Vec<String> {
        crate::helpers::at(data, path)
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                n["code"]
                    .as_str()
                    .or(n["state"]["code"].as_str())
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    let data = app
        .data(r#"{ states(filter: { unStatus: [OBSERVER] }) { totalCount nodes { code } } }"#)
        .await;
    assert_eq!(codes(&data, "states.nodes"), ["PSE", "VAT"]);
    let data = app
        .data(r#"{ states(filter: { nameContains: "IVOIRE" }) { nodes { code } } }"#)
        .await;
    assert_eq!(codes(&data, "states.nodes"), ["CIV"]);
    let data = app
        .data(r#"{ states(filter: { nameContains: "korea" }) { nodes { code } } }"#)
        .await;
    assert_eq!(codes(&data, "states.nodes"), ["KOR", "PRK"]);
    let data = app.data(r#"{ states(filter: { regionalGroup: [WESTERN_EUROPEAN_AND_OTHERS], nameContains: "israel" }) { nodes { code } } }"#).await;
    assert_eq!(
        codes(&data, "states.nodes"),
        ["ISR"],
        "Israel's current group"
    );
    let data = app
        .data(r#"{ states(first: 100, filter: { regionalGroup: [AFRICAN] }) { totalCount } }"#)
        .await;
    assert_eq!(data["states"]["totalCount"], 54);
    let data = app
        .data(r#"{ states(filter: { organization: ["NO-SUCH"] }) { totalCount nodes { code } } }"#)
        .await;
    assert_eq!(data["states"]["totalCount"], 0);
    let errors = app
        .errors(r#"{ states(filter: { nameContains: "  " }) { totalCount } }"#)
        .await;
    assert_eq!(errors[0].0, "BAD_USER_INPUT");

    // The two reviews states refused to attend.
    let data = app.data(r#"{ reviews(filter: { status: [NON_COOPERATION] }) { nodes { state { code } session { number } scheduledOn } } }"#).await;
    let refused: Vec<(String, i64)> = data["reviews"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["state"]["code"].as_str().unwrap().to_owned(),
                r["session"]["number"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        refused,
        [("USA".to_owned(), 50), ("ISR".to_owned(), 15)],
        "in the order recorded"
    );
    let data = app.data(r#"{ state(code: "ISR") { reviews(filter: { from: "2013-01-01", to: "2018-12-31" }) { nodes { session { number } status } } } }"#).await;
    let sessions: Vec<i64> = data["state"]["reviews"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["session"]["number"].as_i64().unwrap())
        .collect();
    assert_eq!(
        sessions,
        [15, 17, 29],
        "the boycotted review, its replacement and cycle 3"
    );
    let data = app.data(r#"{ cycle(number: 4) { reviews(filter: { state: ["US", "ISR"] }) { nodes { state { code } } } } }"#).await;
    assert_eq!(
        data["cycle"]["reviews"]["nodes"].as_array().unwrap().len(),
        2
    );
    let data = app.data(r#"{ session(number: 36) { reviews(filter: { status: [NON_COOPERATION] }) { totalCount } } }"#).await;
    assert_eq!(data["session"]["reviews"]["totalCount"], 0);
    let errors = app
        .errors(r#"{ reviews(filter: { cycle: [0] }) { totalCount } }"#)
        .await;
    assert_eq!(errors[0].0, "BAD_USER_INPUT");
}
on_both_backends!(states_and_reviews_take_filters_too);

async fn aid_flows_filter_by_amount_source_and_currency(app: TestApp) {
    let amounts = |data: &serde_json::Value| -> Vec<String> {
        let mut v: Vec<String> = data["aidFlows"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["amount"]["amount"].as_str().unwrap().to_owned())
            .collect();
        v.sort();
        v
    };
    let data = app.data(r#"{ aidFlows(filter: { currency: ["usd"], amountAtLeast: "10000000000" }) { nodes { amount { amount } } } }"#).await;
    assert_eq!(amounts(&data), ["17900000000.00", "21700000000.00"]);
    let data = app.data(r#"{ aidFlows(filter: { currency: ["USD"], amountAtMost: "3800000000.00" }) { nodes { amount { amount } } } }"#).await;
    assert_eq!(amounts(&data), ["3800000000.00"]);
    let data = app.data(r#"{ aidFlows(filter: { source: ["costs-of-war-2025-israel"] }) { nodes { amount { amount } } } }"#).await;
    assert_eq!(amounts(&data).len(), 3);
    let data = app
        .data(
            r#"{ aidFlows(filter: { source: ["a-hrc-16-11"] }) { nodes { amount { amount } } } }"#,
        )
        .await;
    assert!(amounts(&data).is_empty());
    for (filter, message) in [
        (
            r#"{ amountAtLeast: "1" }"#,
            "`amountAtLeast` needs exactly one `currency`",
        ),
        (
            r#"{ currency: ["USD", "EUR"], amountAtMost: "1" }"#,
            "`amountAtMost` needs exactly one `currency`",
        ),
        (
            r#"{ currency: ["USD"], amountAtLeast: "1.234" }"#,
            "`amountAtLeast`",
        ),
        (r#"{ currency: ["US"] }"#, "`currency`"),
    ] {
        let errors = app
            .errors(&format!(
                "{{ aidFlows(filter: {filter}) {{ totalCount }} }}"
            ))
            .await;
        assert_eq!(errors[0].0, "BAD_USER_INPUT", "{filter}");
        assert!(
            errors[0].1.starts_with(message),
            "{filter}: {}",
            errors[0].1
        );
    }
}
on_both_backends!(aid_flows_filter_by_amount_source_and_currency);

async fn filters_nest_with_and_or_and_not(app: TestApp) {
    let all: Vec<csv::StringRecord> = FILES
        .iter()
        .flat_map(|(name, _)| records(&upr_file(name)))
        .collect();
    let count =
        |keep: &dyn Fn(&csv::StringRecord) -> bool| all.iter().filter(|r| keep(r)).count() as i64;
    let themes = |r: &csv::StringRecord| -> BTreeSet<String> {
        r[9].split(',').map(|t| t.trim().to_owned()).collect()
    };

    let expected = count(&|r| &r[0] == "United States" || (&r[4] == "Cuba" && &r[7] == "Accepted"));
    assert!(expected > 200);
    assert_eq!(total(&app, r#"{ or: [{ stateUnderReview: ["USA"] }, { recommendingState: ["CUB"], response: [SUPPORTED] }] }"#).await, expected);

    let expected = count(&|r| &r[0] == "Israel" && &r[4] != "United States");
    assert_eq!(
        total(
            &app,
            r#"{ stateUnderReview: ["ISR"], not: { recommendingState: ["USA"] } }"#
        )
        .await,
        expected
    );

    let expected = count(&|r| {
        themes(r).contains("Women's rights") && themes(r).contains("Rights of the Child")
    });
    assert!(expected > 100);
    assert_eq!(
        total(
            &app,
            r#"{ and: [{ theme: ["Women's rights"] }, { theme: ["Rights of the Child"] }] }"#
        )
        .await,
        expected
    );

    // Nested in turn: session 1 but not accepted, or session 2 from the African group.
    let expected =
        count(&|r| (&r[10] == "1" && &r[7] != "Accepted") || (&r[10] == "2" && &r[5] == "Africa"));
    assert_eq!(
        total(&app, r#"{ or: [{ session: [1], not: { response: [SUPPORTED] } }, { session: [2], recommendingRegionalGroup: [AFRICAN] }] }"#).await,
        expected
    );

    // Recommendations made at reviews held in a year. The files give no dates; the
    // reviews documented with theirs are Israel's of 4 December 2008 (session 3) and
    // the United States' of 5 November 2010 (session 9).
    let expected = count(&|r| &r[0] == "Israel" && &r[10] == "3");
    assert!(expected > 50);
    assert_eq!(
        total(
            &app,
            r#"{ review: { from: "2008-01-01", to: "2008-12-31" } }"#
        )
        .await,
        expected
    );
    let expected = count(&|r| &r[0] == "United States" && &r[10] == "9");
    assert_eq!(
        total(
            &app,
            r#"{ review: { from: "2010-11-05", to: "2010-11-05" } }"#
        )
        .await,
        expected
    );
    assert_eq!(
        total(
            &app,
            r#"{ stateUnderReview: ["ISR"], review: { status: [NON_COOPERATION] } }"#
        )
        .await,
        0
    );

    // Searches nest like any field.
    let either = total(
        &app,
        r#"{ or: [{ search: "blockade" }, { search: "embargo" }] }"#,
    )
    .await;
    assert!(either > 0);
    assert_eq!(
        either,
        total(&app, r#"{ search: "blockade OR embargo" }"#).await
    );

    // An empty `or` matches nothing, an empty `and` everything.
    assert_eq!(total(&app, "{ or: [] }").await, 0);
    assert_eq!(total(&app, "{ and: [] }").await, 23_484);

    // Four levels below the argument are allowed, a fifth is not; nor are 51 filters.
    let session_one = count(&|r| &r[10] == "1");
    assert_eq!(
        total(&app, "{ not: { not: { not: { not: { session: [1] } } } } }").await,
        session_one
    );
    let errors = app.errors("{ recommendations(filter: { not: { not: { not: { not: { not: { session: [1] } } } } } }) { totalCount } }").await;
    assert_eq!(errors[0].0, "BAD_USER_INPUT");
    assert!(errors[0].1.contains("at most 4 levels"), "{}", errors[0].1);
    let many = vec!["{ session: [1] }"; 51].join(", ");
    let errors = app
        .errors(&format!(
            "{{ recommendations(filter: {{ or: [{many}] }}) {{ totalCount }} }}"
        ))
        .await;
    assert_eq!(errors[0].0, "BAD_USER_INPUT");
    assert!(
        errors[0].1.contains("at most 50 filters"),
        "{}",
        errors[0].1
    );
}
on_both_backends!(filters_nest_with_and_or_and_not, Fixture::UprInfo);

async fn not_keeps_rows_that_lack_the_value(app: TestApp) {
    // The shipped military aid to Israel is figured per period, without a fiscal year.
    let data = app.data(r#"{ all: aidFlows { totalCount nodes { fiscalYear } }
        recent: aidFlows(filter: { fiscalYearFrom: 2010 }) { totalCount }
        rest: aidFlows(filter: { not: { fiscalYearFrom: 2010 } }) { totalCount nodes { fiscalYear } } }"#).await;
    let without_year = |path: &str| {
        data[path]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["fiscalYear"].is_null())
            .count()
    };
    assert!(without_year("all") > 0);
    assert_eq!(without_year("rest"), without_year("all"));
    assert_eq!(
        data["rest"]["totalCount"].as_i64().unwrap(),
        data["all"]["totalCount"].as_i64().unwrap()
            - data["recent"]["totalCount"].as_i64().unwrap()
    );

    let data = app.data(r#"{ states(filter: { or: [{ regionalGroup: [AFRICAN] }, { unStatus: [OBSERVER] }] }) { totalCount } }"#).await;
    assert_eq!(data["states"]["totalCount"], 56);
    let data = app.data(r#"{ reviews(filter: { or: [{ status: [NON_COOPERATION] }, { state: ["ISR"], cycle: [1] }] }) { nodes { state { code } session { number } } } }"#).await;
    let found: Vec<(String, i64)> = data["reviews"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["state"]["code"].as_str().unwrap().to_owned(),
                r["session"]["number"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(found.len(), 3);
    assert!(
        found.contains(&("ISR".to_owned(), 3))
            && found.contains(&("USA".to_owned(), 50))
            && found.contains(&("ISR".to_owned(), 15))
    );
}
on_both_backends!(not_keeps_rows_that_lack_the_value);
