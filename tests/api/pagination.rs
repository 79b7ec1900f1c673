//! Relay pagination: cursors, both directions, caps.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::helpers::{at, on_both_backends, TestApp};

const FORWARD: &str = r#"query ($first: Int, $after: String) {
  states(first: $first, after: $after) {
    edges { cursor node { code } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"#;

const BACKWARD: &str = r#"query ($last: Int, $before: String) {
  states(last: $last, before: $before) {
    nodes { code }
    pageInfo { hasNextPage hasPreviousPage startCursor }
  }
}"#;

fn codes(edges: &Value) -> Vec<String> {
    edges
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["code"].as_str().unwrap().to_owned())
        .collect()
}

async fn cursors_walk_every_state_once_in_both_directions(app: TestApp) {
    let mut forward = Vec::new();
    let mut after = Value::Null;
    let mut pages = 0;
    loop {
        let data = app
            .data_with(FORWARD, json!({ "first": 50, "after": after }))
            .await;
        let page = &data["states"];
        forward.extend(codes(&page["edges"]));
        assert_eq!(page["pageInfo"]["hasPreviousPage"], json!(pages > 0));
        assert_eq!(
            page["pageInfo"]["endCursor"],
            page["edges"].as_array().unwrap().last().unwrap()["cursor"]
        );
        pages += 1;
        if !page["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(pages, 4);
    assert_eq!(forward.len(), 195);
    assert_eq!(forward.iter().collect::<BTreeSet<_>>().len(), 195);

    let mut backward = Vec::new();
    let mut before = Value::Null;
    loop {
        let data = app
            .data_with(BACKWARD, json!({ "last": 60, "before": before }))
            .await;
        let page = &data["states"];
        let mut codes: Vec<String> = page["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["code"].as_str().unwrap().to_owned())
            .collect();
        codes.append(&mut backward);
        backward = codes;
        if !page["pageInfo"]["hasPreviousPage"].as_bool().unwrap() {
            break;
        }
        before = page["pageInfo"]["startCursor"].clone();
    }
    assert_eq!(backward, forward);

    // A cursor taken from one page resumes exactly after that item.
    let first = app.data_with(FORWARD, json!({ "first": 3 })).await;
    let second_cursor = at(&first, "states.edges.1.cursor").clone();
    let resumed = app
        .data_with(FORWARD, json!({ "first": 1, "after": second_cursor }))
        .await;
    assert_eq!(
        codes(at(&resumed, "states.edges")),
        codes(at(&first, "states.edges"))[2..]
    );
}
on_both_backends!(cursors_walk_every_state_once_in_both_directions);

async fn nested_connections_page_per_parent(app: TestApp) {
    let query = r#"query ($after: String) { state(code: "ISR") { reviews(first: 2, after: $after) {
        totalCount nodes { session { number } } pageInfo { hasNextPage endCursor } } } }"#;
    let mut sessions = Vec::new();
    let mut after = Value::Null;
    loop {
        let data = app.data_with(query, json!({ "after": after })).await;
        let reviews = at(&data, "state.reviews");
        assert_eq!(reviews["totalCount"], 5);
        sessions.extend(
            reviews["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["session"]["number"].as_i64().unwrap()),
        );
        if !reviews["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = reviews["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(sessions, [3, 15, 17, 29, 43]);
}
on_both_backends!(nested_connections_page_per_parent);

async fn page_sizes_are_capped_with_a_clear_error(app: TestApp) {
    let errors = app
        .errors("{ states(first: 101) { nodes { code } } }")
        .await;
    assert_eq!(errors[0].0, "BAD_USER_INPUT");
    assert!(errors[0].1.contains("between 0 and 100"), "{}", errors[0].1);

    let errors = app
        .errors(r#"{ state(code: "USA") { reviews(last: 1000) { nodes { id } } } }"#)
        .await;
    assert_eq!(errors[0].0, "BAD_USER_INPUT");

    let errors = app.errors("{ states(first: -1) { nodes { code } } }").await;
    assert_eq!(errors[0].0, "BAD_USER_INPUT");

    let errors = app
        .errors("{ states(first: 1, last: 1) { nodes { code } } }")
        .await;
    assert_eq!(
        errors[0],
        (
            "BAD_USER_INPUT".to_owned(),
            "give `first` or `last`, not both".to_owned()
        )
    );

    let errors = app
        .errors(r#"{ states(after: "not-a-cursor") { nodes { code } } }"#)
        .await;
    assert_eq!(errors[0].0, "BAD_USER_INPUT");
    assert!(errors[0].1.contains("not a cursor"));

    // Without first or last, a page holds the maximum of 100.
    let data = app
        .data("{ states { nodes { code } pageInfo { hasNextPage } } }")
        .await;
    assert_eq!(at(&data, "states.nodes").as_array().unwrap().len(), 100);
    assert_eq!(at(&data, "states.pageInfo.hasNextPage"), true);
    let data = app
        .data("{ states(first: 0) { nodes { code } totalCount } }")
        .await;
    assert_eq!(at(&data, "states.nodes").as_array().unwrap().len(), 0);
    assert_eq!(at(&data, "states.totalCount"), 195);
}
on_both_backends!(page_sizes_are_capped_with_a_clear_error);

async fn a_cursor_is_refused_by_a_list_with_another_filter(app: TestApp) {
    let query = r#"query ($filter: ReviewFilter, $after: String) {
        reviews(first: 1, after: $after, filter: $filter) { nodes { state { code } } pageInfo { endCursor } } }"#;
    let usa = json!({ "state": ["USA"] });
    let first = app.data_with(query, json!({ "filter": usa })).await;
    let cursor = first["reviews"]["pageInfo"]["endCursor"].clone();
    // The same filter, written another way, takes it.
    let next = app
        .data_with(
            query,
            json!({ "filter": { "state": ["USA"] }, "after": cursor }),
        )
        .await;
    assert_eq!(next["reviews"]["nodes"][0]["state"]["code"], "USA");
    // Another filter, or none, refuses it.
    for other in [json!({ "state": ["ISR"] }), serde_json::Value::Null] {
        let response = app
            .execute(query, json!({ "filter": other, "after": cursor }))
            .await;
        assert_eq!(
            response["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{response}"
        );
        assert!(
            response["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("another filter"),
            "{response}"
        );
    }
}
on_both_backends!(a_cursor_is_refused_by_a_list_with_another_filter);
