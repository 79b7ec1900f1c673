//! The documented facts uprgraph ships, each with its source.

use serde_json::json;

use crate::helpers::{at, on_both_backends, TestApp};

async fn the_united_states_boycotted_its_fourth_cycle_review(app: TestApp) {
    let data = app
        .data(
            r#"{ state(code: "USA") { reviews(first: 10) { nodes {
                cycle { number } session { number } status scheduledOn heldOn outcomeSymbol
                source { title publisher url }
            } } } }"#,
        )
        .await;
    let reviews = at(&data, "state.reviews.nodes").as_array().unwrap();
    let summary: Vec<_> = reviews
        .iter()
        .map(|r| {
            (
                r["cycle"]["number"].clone(),
                r["session"]["number"].clone(),
                r["status"].clone(),
                r["heldOn"].clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (json!(1), json!(9), json!("HELD"), json!("2010-11-05")),
            (json!(2), json!(22), json!("HELD"), json!("2015-05-11")),
            (json!(3), json!(36), json!("HELD"), json!("2020-11-09")),
            (json!(4), json!(50), json!("NON_COOPERATION"), json!(null)),
        ]
    );
    assert_eq!(reviews[3]["scheduledOn"], "2025-11-07");
    assert_eq!(reviews[0]["outcomeSymbol"], "A/HRC/16/11");
    assert_eq!(reviews[1]["outcomeSymbol"], "A/HRC/30/12");
    assert_eq!(
        reviews[0]["source"]["url"],
        "https://undocs.org/A/HRC/16/11"
    );
    assert!(
        reviews.iter().all(|r| r["source"]["publisher"].is_string()),
        "every review has a source"
    );
}
on_both_backends!(the_united_states_boycotted_its_fourth_cycle_review);

async fn israels_boycotted_review_was_replaced_at_session_17(app: TestApp) {
    let data = app
        .data(
            r#"{
              standing: review(state: "ISR", cycle: 2) { session { number } status heldOn replaces { session { number } } }
              israel: state(code: "ISR") { reviews { nodes {
                session { number } status scheduledOn heldOn replacedBy { session { number } status heldOn }
              } } }
            }"#,
        )
        .await;
    assert_eq!(at(&data, "standing.session.number"), 17);
    assert_eq!(at(&data, "standing.status"), "HELD");
    assert_eq!(at(&data, "standing.heldOn"), "2013-10-29");
    assert_eq!(at(&data, "standing.replaces.0.session.number"), 15);

    let reviews = at(&data, "israel.reviews.nodes").as_array().unwrap();
    let sessions: Vec<_> = reviews
        .iter()
        .map(|r| r["session"]["number"].as_i64().unwrap())
        .collect();
    assert_eq!(sessions, [3, 15, 17, 29, 43]);
    let boycotted = &reviews[1];
    assert_eq!(boycotted["status"], "NON_COOPERATION");
    assert_eq!(boycotted["scheduledOn"], "2013-01-29");
    assert_eq!(boycotted["heldOn"], json!(null));
    assert_eq!(
        boycotted["replacedBy"],
        json!({ "session": { "number": 17 }, "status": "HELD", "heldOn": "2013-10-29" })
    );
    let held: Vec<_> = reviews.iter().map(|r| r["heldOn"].clone()).collect();
    assert_eq!(
        held,
        [
            json!("2008-12-04"),
            json!(null),
            json!("2013-10-29"),
            json!("2018-01-23"),
            json!("2023-05-09")
        ]
    );
}
on_both_backends!(israels_boycotted_review_was_replaced_at_session_17);

async fn us_military_aid_to_israel_is_exact_and_sourced(app: TestApp) {
    let data = app
        .data(
            r#"{ state(code: "IL") { aidReceived { nodes {
                donor { code } category transactionType bound periodStart
                amount { amount currency }
                partOf { id }
                parts { amount { amount } periodStart periodEnd }
                source { title publisher publishedOn publisherOrganization { code } }
            } } } }"#,
        )
        .await;
    let flows = at(&data, "state.aidReceived.nodes").as_array().unwrap();
    let total = flows
        .iter()
        .find(|f| f["partOf"].is_null())
        .expect("the two-year total");
    assert_eq!(total["donor"]["code"], "USA");
    assert_eq!(total["category"], "MILITARY");
    assert_eq!(total["bound"], "AT_LEAST");
    assert_eq!(total["periodStart"], "2023-10-07");
    assert_eq!(
        total["amount"],
        json!({ "amount": "21700000000.00", "currency": "USD" })
    );
    assert_eq!(total["source"]["publishedOn"], "2025-10-07");
    assert_eq!(total["source"]["publisherOrganization"]["code"], "QUINCY");
    assert!(total["source"]["publisher"]
        .as_str()
        .unwrap()
        .contains("Costs of War"));
    let parts: Vec<_> = total["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["amount"]["amount"].clone())
        .collect();
    assert_eq!(parts, [json!("17900000000.00"), json!("3800000000.00")]);
}
on_both_backends!(us_military_aid_to_israel_is_exact_and_sourced);

async fn the_gaza_death_toll_is_a_sourced_lower_bound(app: TestApp) {
    let data = app
        .data(r#"{ state(code: "PSE") { unStatus figures { nodes { measure value bound periodStart note source { publisher } } } } }"#)
        .await;
    assert_eq!(at(&data, "state.unStatus"), "OBSERVER");
    let figure = at(&data, "state.figures.nodes.0");
    assert_eq!(figure["measure"], "PEOPLE_KILLED");
    assert_eq!(figure["value"], 71000);
    assert_eq!(figure["bound"], "MORE_THAN");
    assert_eq!(figure["periodStart"], "2023-10-07");
    assert_eq!(figure["source"]["publisher"], "Ministry of Health, Gaza");
    assert!(figure["note"].as_str().unwrap().contains("lower bound"));
}
on_both_backends!(the_gaza_death_toll_is_a_sourced_lower_bound);
