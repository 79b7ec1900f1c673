//! Links in both directions, global IDs, and the GraphiQL example queries.

use serde_json::json;

use crate::helpers::{at, on_both_backends, TestApp};

async fn links_lead_there_and_back(app: TestApp) {
    let data = app
        .data(
            r#"{ session(number: 50) { reviews { nodes {
                state { code reviews(last: 1) { nodes { session { number } cycle { number sessions { number } } } } }
                cycle { reviews(first: 5) { totalCount nodes { state { name } } } }
                source { reviews { nodes { session { number } } } publisherOrganization { sources { nodes { title } } } }
            } } } }"#,
        )
        .await;
    let review = at(&data, "session.reviews.nodes.0");
    assert_eq!(at(review, "state.code"), "USA");
    assert_eq!(at(review, "state.reviews.nodes.0.session.number"), 50);
    assert_eq!(at(review, "state.reviews.nodes.0.cycle.number"), 4);
    assert_eq!(at(review, "cycle.reviews.totalCount"), 2);
    let documented: Vec<_> = at(review, "source.reviews.nodes")
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["session"]["number"].clone())
        .collect();
    assert_eq!(documented, [json!(36), json!(50)]);
    assert!(!at(review, "source.publisherOrganization.sources.nodes")
        .as_array()
        .unwrap()
        .is_empty());

    let data = app
        .data(r#"{ sources(first: 100) { nodes { title aidFlows { totalCount nodes { donor { code } recipient { code } } } } } }"#)
        .await;
    let costs_of_war = at(&data, "sources.nodes")
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["aidFlows"]["totalCount"] == 3)
        .expect("the source of the aid figures");
    assert_eq!(at(costs_of_war, "aidFlows.nodes.0.recipient.code"), "ISR");

    let data = app
        .data(r#"{ state(code: "FRA") { organizations { code members { nodes { code } } } } }"#)
        .await;
    let organizations = at(&data, "state.organizations").as_array().unwrap();
    assert!(organizations.iter().any(|o| o["code"] == "EU"));
    assert!(organizations.iter().all(|o| o["members"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["code"] == "FRA")));
}
on_both_backends!(links_lead_there_and_back);

async fn global_ids_find_their_objects(app: TestApp) {
    let data = app
        .data(
            r#"{ state(code: "USA") { id reviews(first: 1) { nodes { id } } aidProvided(first: 1) { nodes { id source { id } } } }
                 cycle(number: 1) { id } organization(code: "EU") { id } figures { nodes { id } } }"#,
        )
        .await;
    let ids = [
        at(&data, "state.id"),
        at(&data, "state.reviews.nodes.0.id"),
        at(&data, "state.aidProvided.nodes.0.id"),
        at(&data, "state.aidProvided.nodes.0.source.id"),
        at(&data, "cycle.id"),
        at(&data, "organization.id"),
        at(&data, "figures.nodes.0.id"),
    ];
    let response = app
        .data_with(
            "query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }",
            json!({ "ids": ids }),
        )
        .await;
    let found: Vec<_> = response["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["__typename"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        found,
        [
            "State",
            "Review",
            "AidFlow",
            "Source",
            "Cycle",
            "Organization",
            "Figure"
        ]
    );
    for (node, id) in response["nodes"].as_array().unwrap().iter().zip(ids) {
        assert_eq!(&node["id"], id);
    }
    let one = app
        .data_with(
            "query ($id: ID!) { node(id: $id) { ... on State { code } } }",
            json!({ "id": ids[0] }),
        )
        .await;
    assert_eq!(at(&one, "node.code"), "USA");
}
on_both_backends!(global_ids_find_their_objects);

/// The example queries in `src/examples/`, each a tab of GraphiQL.
const EXAMPLES_SHIPPED: usize = 13;

async fn the_graphiql_examples_run_without_errors(app: TestApp) {
    let dir = format!("{}/src/examples", env!("CARGO_MANIFEST_DIR"));
    let mut ran = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let query = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let data = app.data(&query).await;
        assert!(
            data.as_object().is_some_and(|d| !d.is_empty()),
            "no data for {query}"
        );
        ran += 1;
    }
    assert_eq!(ran, EXAMPLES_SHIPPED);
}
on_both_backends!(the_graphiql_examples_run_without_errors);
