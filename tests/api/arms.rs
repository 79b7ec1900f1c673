//! The arms transfers through the API: the list with its filters and order, SIPRI TIV
//! sums per dataset, and arms set beside recommendations. Over UPR Info's files,
//! ForeignAssistance.gov's and SIPRI's two exports; the numbers were computed from the
//! files apart from uprgraph (`tests/api/sipri/count.py`).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::{
    helpers::{at, on_both_backends, Fixture, TestApp},
    import_sipri::WITH_IDS_USA_ISR,
};

const REGISTER: &str = "trade-register.csv";
const WITH_IDS: &str = "trade-register-2000-2023-with-ids.csv";

fn list(value: &Value) -> &Vec<Value> {
    value.as_array().expect("a list")
}

async fn the_list_filters_orders_and_links_its_dataset(app: TestApp) {
    let data = app
        .data_with(
            r#"query ($dataset: String!) {
              armsTransfers(first: 3, filter: { supplier: ["USA"], recipient: ["IL"], dataset: [$dataset] },
                            orderBy: [{ field: TIV_DELIVERED, direction: DESC }]) {
                totalCount
                nodes { sipriId designation supplier { code } recipient { code } armamentCategory
                        tivDelivered { millions unit } deliveries { year tiv { millions } }
                        dataset { name format generatedOn source { title } } }
              }
            }"#,
            json!({ "dataset": WITH_IDS }),
        )
        .await;
    assert_eq!(at(&data, "armsTransfers.totalCount"), 82);
    let nodes = list(at(&data, "armsTransfers.nodes"));
    let top: Vec<(&str, &str, &str)> = nodes
        .iter()
        .map(|n| {
            (
                n["sipriId"].as_str().unwrap(),
                n["designation"].as_str().unwrap(),
                n["tivDelivered"]["millions"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        top,
        [
            ("31260", "F-16I", "1950"),
            ("27228", "F-16I", "1875"),
            ("31749", "F-35A", "1045")
        ]
    );
    let first = &nodes[0];
    assert_eq!(first["tivDelivered"]["unit"], "million SIPRI TIV");
    assert_eq!(first["armamentCategory"], "Aircraft");
    assert_eq!(first["dataset"]["format"], "sipri");
    assert_eq!(first["dataset"]["generatedOn"], "2025-01-03");
    assert_eq!(
        first["dataset"]["source"]["title"],
        "SIPRI Arms Transfers Database"
    );
    // The deal's deliveries add up to its TIV delivered.
    let years: Vec<&str> = list(&first["deliveries"])
        .iter()
        .map(|d| d["tiv"]["millions"].as_str().unwrap())
        .collect();
    let sum: f64 = years.iter().map(|y| y.parse::<f64>().unwrap()).sum();
    assert_eq!(sum, 1950.0, "{years:?}");

    let data = app
        .data_with(
            r#"query ($register: String!, $ids: String!) {
              usa: state(code: "USA") {
                register: armsSupplied(filter: { dataset: [$register] }) { totalCount }
                ids: armsSupplied(filter: { dataset: [$ids] }) { totalCount }
              }
              isr: state(code: "ISR") {
                register: armsReceived(filter: { dataset: [$register] }) { totalCount }
                ids: armsReceived(filter: { dataset: [$ids] }) { totalCount }
                newest: armsReceived(first: 1, orderBy: [{ field: ORDER_YEAR, direction: DESC }, { field: ID }]) {
                  nodes { orderYear }
                }
              }
            }"#,
            json!({ "register": REGISTER, "ids": WITH_IDS }),
        )
        .await;
    assert_eq!(at(&data, "usa.register.totalCount"), 8_525);
    assert_eq!(at(&data, "usa.ids.totalCount"), 2_796);
    assert_eq!(at(&data, "isr.register.totalCount"), 401);
    assert_eq!(at(&data, "isr.ids.totalCount"), 104);
    // The latest order for Israel in either export is of 2023.
    assert_eq!(at(&data, "isr.newest.nodes.0.orderYear"), 2023);

    let errors = app
        .errors(r#"{ armsTransfers(filter: { deliveryYearFrom: 2024, deliveryYearTo: 2019 }) { totalCount } }"#)
        .await;
    assert_eq!(errors[0].0, "BAD_USER_INPUT", "{errors:?}");
}

on_both_backends!(the_list_filters_orders_and_links_its_dataset, Fixture::Arms);

/// One group of `armsTotals`: dataset, supplier, TIV, bound, deliveries, those without
/// a TIV, deals.
type Group = (String, String, String, String, i64, i64, i64);

async fn sums_are_exact_in_sipri_tiv_and_per_dataset(app: TestApp) {
    let data = app
        .data(
            r#"{ armsTotals(filter: { recipient: ["ISR"], deliveryYearFrom: 2019, deliveryYearTo: 2023 }, groupBy: [SUPPLIER]) {
                groupedBy dataset { name } supplier { code } tiv { millions unit } bound deliveries deliveriesWithoutTiv deals
            } }"#,
        )
        .await;
    let groups: Vec<Group> = list(&data["armsTotals"])
        .iter()
        .map(|g| {
            assert_eq!(g["groupedBy"], json!(["SUPPLIER"]));
            assert_eq!(g["tiv"]["unit"], "million SIPRI TIV");
            (
                g["dataset"]["name"].as_str().unwrap().to_owned(),
                g["supplier"]["code"].as_str().unwrap().to_owned(),
                g["tiv"]["millions"].as_str().unwrap().to_owned(),
                g["bound"].as_str().unwrap().to_owned(),
                g["deliveries"].as_i64().unwrap(),
                g["deliveriesWithoutTiv"].as_i64().unwrap(),
                g["deals"].as_i64().unwrap(),
            )
        })
        .collect();
    let group = |dataset: &str, supplier: &str, tiv: &str, bound: &str, d, w, n| {
        (
            dataset.to_owned(),
            supplier.to_owned(),
            tiv.to_owned(),
            bound.to_owned(),
            d,
            w,
            n,
        )
    };
    // Largest first: the layout with ids gives every year's TIV; the register gives
    // none for the years of a deal delivered over several, so its sums are lower bounds.
    assert_eq!(
        groups,
        [
            group(WITH_IDS, "USA", "2077.93", "EXACT", 31, 0, 18),
            group(WITH_IDS, "DEU", "895.1", "EXACT", 13, 0, 4),
            group(REGISTER, "USA", "163.36", "AT_LEAST", 32, 25, 19),
            group(WITH_IDS, "ITA", "26.75", "EXACT", 3, 0, 2),
            group(REGISTER, "ITA", "15.75", "AT_LEAST", 3, 2, 2),
            group(REGISTER, "DEU", "1.1", "AT_LEAST", 13, 12, 4),
        ]
    );

    let data = app
        .data_with(
            r#"query ($ids: String!) { armsTotals(first: 1000, filter: { supplier: ["USA"], recipient: ["ISR"], dataset: [$ids] }, groupBy: [DELIVERY_YEAR]) {
                deliveryYear tiv { millions } deliveries
            } }"#,
            json!({ "ids": WITH_IDS }),
        )
        .await;
    let by_year: BTreeMap<i64, (i64, f64)> = list(&data["armsTotals"])
        .iter()
        .map(|g| {
            (
                g["deliveryYear"].as_i64().unwrap(),
                (
                    g["deliveries"].as_i64().unwrap(),
                    g["tiv"]["millions"].as_str().unwrap().parse().unwrap(),
                ),
            )
        })
        .collect();
    let expected: BTreeMap<i64, (i64, f64)> = WITH_IDS_USA_ISR
        .iter()
        .map(|(year, n, tiv)| (i64::from(*year), (*n as i64, tiv.parse::<f64>().unwrap())))
        .collect();
    assert_eq!(by_year, expected);
}

on_both_backends!(sums_are_exact_in_sipri_tiv_and_per_dataset, Fixture::Arms);

const RECOMMENDERS: &str = r#"query ($state: String!, $relation: AidRelation!) {
  review(state: $state, cycle: 1) {
    heldOn
    recommenders(relation: $relation) {
      state { code }
      recommendations { count }
      arms {
        years { firstYear lastYear }
        toStateUnderReview { dataset { name } tiv { millions } bound deliveries deliveriesWithoutTiv }
        fromStateUnderReview { dataset { name } deliveries }
      }
    }
  }
}"#;

async fn recommenders(app: &TestApp, state: &str, relation: &str) -> Value {
    app.data_with(
        RECOMMENDERS,
        json!({ "state": state, "relation": relation }),
    )
    .await
}

fn codes(review: &Value) -> Vec<&str> {
    let mut codes: Vec<&str> = list(&review["recommenders"])
        .iter()
        .map(|r| r["state"]["code"].as_str().unwrap())
        .collect();
    codes.sort_unstable();
    codes
}

async fn recommenders_show_the_arms_of_the_five_years_before_the_review(app: TestApp) {
    // The United States' first review, 5 November 2010: arms of 2005 to 2009.
    let data = recommenders(&app, "USA", "ARMS_SUPPLIERS").await;
    let review = &data["review"];
    assert_eq!(
        codes(review),
        [
            "AUT", "CAN", "CHE", "DEU", "ESP", "FRA", "GBR", "ISR", "ITA", "JPN", "NLD", "NOR",
            "SWE"
        ]
    );
    let uk = list(&review["recommenders"])
        .iter()
        .find(|r| r["state"]["code"] == "GBR")
        .unwrap();
    assert_eq!(
        uk["arms"]["years"],
        json!({ "firstYear": 2005, "lastYear": 2009 })
    );
    let to: BTreeMap<&str, (&str, &str, i64, i64)> = list(&uk["arms"]["toStateUnderReview"])
        .iter()
        .map(|t| {
            (
                t["dataset"]["name"].as_str().unwrap(),
                (
                    t["tiv"]["millions"].as_str().unwrap(),
                    t["bound"].as_str().unwrap(),
                    t["deliveries"].as_i64().unwrap(),
                    t["deliveriesWithoutTiv"].as_i64().unwrap(),
                ),
            )
        })
        .collect();
    assert_eq!(
        to,
        BTreeMap::from([
            (REGISTER, ("20", "AT_LEAST", 20, 18)),
            (WITH_IDS, ("1198", "EXACT", 20, 0)),
        ])
    );
    // Norway's deliveries of those years are in the layout with ids only.
    let norway = list(&review["recommenders"])
        .iter()
        .find(|r| r["state"]["code"] == "NOR")
        .unwrap();
    let datasets: Vec<&Value> = list(&norway["arms"]["toStateUnderReview"])
        .iter()
        .map(|t| &t["dataset"]["name"])
        .collect();
    assert_eq!(datasets, [WITH_IDS]);

    // Israel's first review, 4 December 2008: of its 45 recommenders, Canada alone
    // delivered arms to it from 2003 to 2007.
    let all = recommenders(&app, "ISR", "ANY").await;
    assert_eq!(list(&all["review"]["recommenders"]).len(), 45);
    let armed = recommenders(&app, "ISR", "ARMS_SUPPLIERS").await;
    assert_eq!(codes(&armed["review"]), ["CAN"]);

    // A review with no date (created by the import of the UPR Info files) has no years
    // to sum over, and no arms.
    let undated = recommenders(&app, "CUB", "ANY").await;
    assert!(undated["review"]["heldOn"].is_null());
    let first = &list(&undated["review"]["recommenders"])[0];
    assert!(first["arms"]["years"].is_null());
    assert_eq!(first["arms"]["toStateUnderReview"], json!([]));
    let none = recommenders(&app, "CUB", "ARMS_SUPPLIERS").await;
    assert_eq!(none["review"]["recommenders"], json!([]));

    let errors = app
        .errors(r#"{ review(state: "USA", cycle: 1) { recommenders(armsYearsBefore: 0) { arms { years { firstYear } } } } }"#)
        .await;
    assert_eq!(errors[0].0, "BAD_USER_INPUT", "{errors:?}");
}

on_both_backends!(
    recommenders_show_the_arms_of_the_five_years_before_the_review,
    Fixture::Arms
);

async fn a_supplier_lists_the_states_it_armed_with_what_they_recommended(app: TestApp) {
    let data = app
        .data_with(
            r#"query ($ids: String!) { state(code: "USA") {
                armedStates(filter: { recipient: ["ISR"], dataset: [$ids], deliveryYearFrom: 2019, deliveryYearTo: 2023 }) {
                  state { code } arms { tiv { millions } deliveries } recommendationsToSupplier { count }
                }
            } }"#,
            json!({ "ids": WITH_IDS }),
        )
        .await;
    assert_eq!(
        at(&data, "state.armedStates"),
        &json!([{
            "state": { "code": "ISR" },
            "arms": [{ "tiv": { "millions": "2077.93" }, "deliveries": 31 }],
            // Israel's one recommendation to the United States, at its 2010 review.
            "recommendationsToSupplier": { "count": 1 }
        }])
    );
}

on_both_backends!(
    a_supplier_lists_the_states_it_armed_with_what_they_recommended,
    Fixture::Arms
);

/// Each nested arms field over a list of states, with the statements it takes: one per
/// list or lookup in it, whatever the number of states. (Run together, fields at different
/// depths may share a batch of state lookups when they happen to wait at the same moment,
/// so each is counted alone.)
const NESTED: [(&str, u64); 3] = [
    // States, their deals' page and count (read together), the suppliers, deliveries and
    // datasets.
    (
        "armsReceived(first: 2, orderBy: [{ field: TIV_DELIVERED, direction: DESC }]) { totalCount nodes { designation supplier { code } deliveries { year tiv { millions } } dataset { name } } }",
        5,
    ),
    // States, the sums by pair and year, the recommendations counted, the armed states.
    (
        "armedStates(filter: { deliveryYearFrom: 2015 }) { state { code } arms { tiv { millions } } }",
        4,
    ),
    // States, reviews, the reviews' days and the arms of their windows, the
    // recommenders and the aid between them, the recommending states, the datasets.
    (
        "reviews(first: 4) { nodes { recommenders(relation: ARMS_SUPPLIERS) { state { code } arms { years { firstYear } toStateUnderReview { tiv { millions } dataset { name } } } } } }",
        8,
    ),
];

async fn nested_arms_take_the_statements_of_the_query_shape(app: TestApp) {
    let data = app
        .data(r#"{ states(first: 100) { nodes { id code } } usa: state(code: "USA") { id } isr: state(code: "ISR") { id } }"#)
        .await;
    let two = vec![data["usa"]["id"].clone(), data["isr"]["id"].clone()];
    // The states that armed the United States and Israel in the years before their first
    // reviews are left out of the longer list: a state the list loads is not loaded again
    // where a recommender names it, which would take a statement less.
    let partners = [
        "AUT", "CAN", "CHE", "DEU", "ESP", "FRA", "GBR", "ITA", "JPN", "NLD", "NOR", "SWE",
    ];
    let mut many = two.clone();
    many.extend(
        list(at(&data, "states.nodes"))
            .iter()
            .filter(|s| !partners.contains(&s["code"].as_str().unwrap()))
            .take(40)
            .map(|s| s["id"].clone()),
    );
    for (fields, expected) in NESTED {
        let query = format!(
            "query ($ids: [ID!]!) {{ nodes(ids: $ids) {{ ... on State {{ code {fields} }} }} }}"
        );
        for states in [&two, &many] {
            let before = app.store.statements_executed();
            let data = app.data_with(&query, json!({ "ids": states })).await;
            let statements = app.store.statements_executed() - before;
            assert_eq!(list(&data["nodes"]).len(), states.len());
            assert_eq!(
                statements,
                expected,
                "{} states took {statements} statements for {fields}",
                states.len()
            );
        }
    }
}

on_both_backends!(
    nested_arms_take_the_statements_of_the_query_shape,
    Fixture::Arms
);
