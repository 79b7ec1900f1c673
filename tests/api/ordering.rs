//! `orderBy`: lists sorted by several keys, paged both ways with cursors that keep
//! their place when rows are added elsewhere, checked against the same rows sorted
//! here from the API's id-ordered list.

use std::cmp::Reverse;

use serde_json::{json, Value};
use uprgraph_domain::normalize_name;
use uprgraph_store::{Format, ImportOptions};

use crate::helpers::{
    at, import, on_both_backends, shared_file,
    upr_info::{upr_file, FILES},
    Fixture, TestApp,
};

/// Every node of the list at `path`, paged `size` at a time: forward with `first` and
/// `after`, or from the end with `last` and `before`. The query takes those four and
/// selects `nodes` and `pageInfo`.
async fn walk(
    app: &TestApp,
    query: &str,
    variables: &Value,
    path: &str,
    size: i64,
    from_end: bool,
) -> Vec<Value> {
    let (count, cursor, more, next) = if from_end {
        ("last", "before", "hasPreviousPage", "startCursor")
    } else {
        ("first", "after", "hasNextPage", "endCursor")
    };
    let mut nodes = Vec::new();
    let mut at_cursor = Value::Null;
    loop {
        let mut vars = variables.clone();
        vars[count] = json!(size);
        vars[cursor] = at_cursor;
        let data = app.data_with(query, vars).await;
        let list = at(&data, path);
        let page = list["nodes"].as_array().unwrap().iter().cloned();
        nodes = if from_end {
            page.chain(nodes).collect()
        } else {
            nodes.into_iter().chain(page).collect()
        };
        if !list["pageInfo"][more].as_bool().unwrap() {
            return nodes;
        }
        at_cursor = list["pageInfo"][next].clone();
    }
}

/// The list paged forward.
async fn forward(
    app: &TestApp,
    query: &str,
    variables: &Value,
    path: &str,
    size: i64,
) -> Vec<Value> {
    walk(app, query, variables, path, size, false).await
}

fn ids(nodes: &[Value]) -> Vec<String> {
    nodes
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect()
}

/// A state's sort key as the API promises it: the folded short name, empty when absent.
fn name_key(state: &Value) -> String {
    state["name"]
        .as_str()
        .map(normalize_name)
        .unwrap_or_default()
}

const RECOMMENDATIONS: &str = r#"query ($first: Int, $after: String, $last: Int, $before: String,
    $filter: RecommendationFilter, $orderBy: [RecommendationOrder!]) {
  recommendations(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
    nodes { id response review { cycle { number } session { number } state { name } } recommendingState { name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"#;

/// Recommendations in id order, each with its rank in that order.
async fn by_id(app: &TestApp, filter: &Value) -> Vec<(usize, Value)> {
    forward(
        app,
        RECOMMENDATIONS,
        &json!({ "filter": filter }),
        "recommendations",
        100,
    )
    .await
    .into_iter()
    .enumerate()
    .collect()
}

async fn recommendations_sort_by_several_keys_both_ways(app: TestApp) {
    let filter = json!({ "stateUnderReview": ["USA", "ISR", "CUB", "FRA", "GBR"] });
    let mut expected = by_id(&app, &filter).await;
    assert!(expected.len() > 500, "{}", expected.len());
    expected.sort_by_key(|(rank, n)| {
        (
            Reverse(n["review"]["cycle"]["number"].as_i64().unwrap()),
            name_key(&n["recommendingState"]),
            Reverse(n["response"].as_str().unwrap().to_owned()),
            *rank,
        )
    });
    let expected: Vec<Value> = expected.into_iter().map(|(_, n)| n).collect();
    let variables = json!({ "filter": filter, "orderBy": [
        { "field": "CYCLE", "direction": "DESC" },
        { "field": "RECOMMENDING_STATE" },
        { "field": "RESPONSE", "direction": "DESC" },
    ] });
    let ahead = forward(&app, RECOMMENDATIONS, &variables, "recommendations", 90).await;
    assert_eq!(ids(&ahead), ids(&expected));
    let behind = walk(
        &app,
        RECOMMENDATIONS,
        &variables,
        "recommendations",
        70,
        true,
    )
    .await;
    assert_eq!(ids(&behind), ids(&expected));

    // By the day of the review, newest first, then by the name of the state under
    // review (which ties when two states were reviewed on one day).
    let variables = json!({ "filter": filter, "orderBy": [
        { "field": "SESSION", "direction": "DESC" },
        { "field": "STATE_UNDER_REVIEW" },
    ] });
    let mut expected = by_id(&app, &filter).await;
    expected.sort_by_key(|(rank, n)| {
        (
            Reverse(n["review"]["session"]["number"].as_i64().unwrap()),
            name_key(&n["review"]["state"]),
            *rank,
        )
    });
    let expected: Vec<Value> = expected.into_iter().map(|(_, n)| n).collect();
    let ahead = forward(&app, RECOMMENDATIONS, &variables, "recommendations", 100).await;
    assert_eq!(ids(&ahead), ids(&expected));
}
on_both_backends!(
    recommendations_sort_by_several_keys_both_ways,
    Fixture::UprInfo
);

async fn a_cursor_keeps_its_place_when_rows_are_added_elsewhere(app: TestApp) {
    let (first_file, _) = FILES[0];
    import(
        &app,
        Format::UprInfo,
        vec![(first_file, upr_file(first_file))],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    // These states were reviewed in sessions 1 to 5; four of them again in session 13,
    // which the later files bring.
    let filter = json!({ "stateUnderReview": ["BRA", "GBR", "IND", "ZAF", "FRA", "ARG"] });
    let variables = json!({ "filter": filter, "orderBy": [
        { "field": "STATE_UNDER_REVIEW" },
        { "field": "RESPONSE", "direction": "DESC" },
    ] });
    let mut vars = variables.clone();
    vars["first"] = json!(60);
    let page = app.data_with(RECOMMENDATIONS, vars).await;
    let cursor = at(&page, "recommendations.pageInfo.endCursor").clone();
    let last_seen = at(&page, "recommendations.nodes.59.id").clone();

    let rest: Vec<(&str, Vec<u8>)> = FILES[1..]
        .iter()
        .map(|(name, _)| (*name, upr_file(name)))
        .collect();
    import(&app, Format::UprInfo, rest, ImportOptions::default())
        .await
        .unwrap();

    let whole = forward(&app, RECOMMENDATIONS, &variables, "recommendations", 100).await;
    let place = whole.iter().position(|n| n["id"] == last_seen).unwrap();
    let mut vars = variables.clone();
    vars["first"] = json!(80);
    vars["after"] = cursor;
    let resumed = app.data_with(RECOMMENDATIONS, vars).await;
    let resumed = at(&resumed, "recommendations.nodes")
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(ids(&resumed), ids(&whole[place + 1..place + 81]));
    assert!(
        place > 60,
        "rows of session 13 sort before the cursor: {place}"
    );
}
on_both_backends!(a_cursor_keeps_its_place_when_rows_are_added_elsewhere);

async fn reviews_and_aid_flows_sort_by_their_own_keys(app: TestApp) {
    let query = r#"query ($first: Int, $after: String, $last: Int, $before: String, $orderBy: [ReviewOrder!]) {
        reviews(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
            nodes { id heldOn scheduledOn status state { name } }
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"#;
    let mut expected: Vec<(usize, Value)> = forward(&app, query, &json!({}), "reviews", 100)
        .await
        .into_iter()
        .enumerate()
        .collect();
    let day = |n: &Value| {
        n["heldOn"]
            .as_str()
            .or(n["scheduledOn"].as_str())
            .unwrap_or("")
            .to_owned()
    };
    expected.sort_by_key(|(rank, n)| (Reverse(day(n)), name_key(&n["state"]), *rank));
    let expected: Vec<Value> = expected.into_iter().map(|(_, n)| n).collect();
    let variables =
        json!({ "orderBy": [{ "field": "DATE", "direction": "DESC" }, { "field": "STATE" }] });
    assert_eq!(
        ids(&forward(&app, query, &variables, "reviews", 100).await),
        ids(&expected)
    );
    assert_eq!(
        ids(&walk(&app, query, &variables, "reviews", 45, true).await),
        ids(&expected)
    );

    let bytes = shared_file("foreign-assistance/us_foreign_aid_country.csv");
    import(
        &app,
        Format::ForeignAssistance,
        vec![("us_foreign_aid_country.csv", bytes)],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    let query = r#"query ($first: Int, $after: String, $last: Int, $before: String, $orderBy: [AidFlowOrder!]) {
        state(code: "ISR") { aidReceived(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
            nodes { id fiscalYear transactionType amount { amount currency } }
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }"#;
    let mut expected: Vec<(usize, Value)> =
        forward(&app, query, &json!({}), "state.aidReceived", 100)
            .await
            .into_iter()
            .enumerate()
            .collect();
    assert!(expected.len() > 100, "{}", expected.len());
    let minor = |n: &Value| {
        n["amount"]["amount"]
            .as_str()
            .unwrap()
            .replace('.', "")
            .parse::<i128>()
            .unwrap()
    };
    expected.sort_by_key(|(rank, n)| {
        (
            n["amount"]["currency"].as_str().unwrap().to_owned(),
            Reverse(minor(n)),
            n["fiscalYear"].as_i64().unwrap_or(0),
            *rank,
        )
    });
    let expected: Vec<Value> = expected.into_iter().map(|(_, n)| n).collect();
    let variables = json!({ "orderBy": [
        { "field": "CURRENCY" }, { "field": "AMOUNT", "direction": "DESC" }, { "field": "FISCAL_YEAR" },
    ] });
    assert_eq!(
        ids(&forward(&app, query, &variables, "state.aidReceived", 30).await),
        ids(&expected)
    );
    assert_eq!(
        ids(&walk(&app, query, &variables, "state.aidReceived", 30, true).await),
        ids(&expected)
    );
}
on_both_backends!(reviews_and_aid_flows_sort_by_their_own_keys);

async fn a_search_can_be_sorted_by_other_keys(app: TestApp) {
    let filter = json!({ "search": "\"death penalty\"" });
    let default = forward(
        &app,
        RECOMMENDATIONS,
        &json!({ "filter": filter }),
        "recommendations",
        100,
    )
    .await;
    let relevance =
        json!({ "filter": filter, "orderBy": [{ "field": "RELEVANCE", "direction": "DESC" }] });
    assert_eq!(
        ids(&forward(&app, RECOMMENDATIONS, &relevance, "recommendations", 100).await),
        ids(&default),
        "relevance is the default"
    );

    let by_session = json!({ "filter": filter, "orderBy": [{ "field": "SESSION" }, { "field": "RELEVANCE", "direction": "DESC" }] });
    let sorted = forward(&app, RECOMMENDATIONS, &by_session, "recommendations", 100).await;
    let mut expected: Vec<(usize, Value)> = default.into_iter().enumerate().collect();
    // Relevance order, then session: within a session the relevance order stays.
    expected.sort_by_key(|(rank, n)| (n["review"]["session"]["number"].as_i64().unwrap(), *rank));
    let expected: Vec<Value> = expected.into_iter().map(|(_, n)| n).collect();
    assert_eq!(ids(&sorted), ids(&expected));
}
on_both_backends!(a_search_can_be_sorted_by_other_keys, Fixture::UprInfo);

async fn bad_orders_and_foreign_cursors_are_refused(app: TestApp) {
    let refused = |response: Value, needle: &str| {
        assert_eq!(
            response["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{response}"
        );
        assert!(
            response["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains(needle),
            "{response}"
        );
        assert!(response["data"].is_null(), "{response}");
    };
    let relevance = json!({ "orderBy": [{ "field": "RELEVANCE" }] });
    refused(app.execute(RECOMMENDATIONS, relevance).await, "RELEVANCE");
    let twice =
        json!({ "orderBy": [{ "field": "CYCLE" }, { "field": "CYCLE", "direction": "DESC" }] });
    refused(
        app.execute(RECOMMENDATIONS, twice).await,
        "key 2 of `orderBy` repeats",
    );
    let keys: Vec<Value> = [
        "ID",
        "CYCLE",
        "SESSION",
        "RESPONSE",
        "REVIEW_DATE",
        "ACTION_CATEGORY",
    ]
    .iter()
    .map(|f| json!({ "field": f }))
    .collect();
    let six = json!({ "orderBy": keys });
    refused(app.execute(RECOMMENDATIONS, six).await, "at most 5 keys");

    // A cursor belongs to its list's order as much as to its filter.
    let query = r#"query ($after: String, $orderBy: [StateOrder!]) {
        states(first: 2, after: $after, orderBy: $orderBy) { nodes { code } pageInfo { endCursor } } }"#;
    let by_name = json!([{ "field": "NAME", "direction": "DESC" }]);
    let named = app.data_with(query, json!({ "orderBy": by_name })).await;
    assert_eq!(at(&named, "states.nodes.0.code"), "ZWE");
    let named_cursor = at(&named, "states.pageInfo.endCursor").clone();
    let plain = app.data_with(query, json!({})).await;
    let plain_cursor = at(&plain, "states.pageInfo.endCursor").clone();
    refused(
        app.execute(query, json!({ "after": named_cursor })).await,
        "another filter or order",
    );
    refused(
        app.execute(query, json!({ "after": plain_cursor, "orderBy": by_name }))
            .await,
        "another filter or order",
    );
    let other = json!([{ "field": "CODE" }]);
    refused(
        app.execute(query, json!({ "after": named_cursor, "orderBy": other }))
            .await,
        "another filter or order",
    );
    // With its own order it continues the list.
    let next = app
        .data_with(query, json!({ "after": named_cursor, "orderBy": by_name }))
        .await;
    assert_eq!(at(&next, "states.nodes.0.code"), "YEM");
}
on_both_backends!(bad_orders_and_foreign_cursors_are_refused);

async fn child_pages_of_many_parents_are_each_parents_own_list(app: TestApp) {
    // Several parents in one statement, sorted by a key of another table, filtered,
    // from the start and from the end, each page checked against the parent's own list.
    let query = r#"query ($filter: RecommendationFilter, $orderBy: [RecommendationOrder!]) {
        states(first: 12) { nodes { code
            head: recommendationsReceived(first: 7, filter: $filter, orderBy: $orderBy) {
                nodes { id } pageInfo { hasNextPage hasPreviousPage } }
            tail: recommendationsReceived(last: 7, filter: $filter, orderBy: $orderBy) {
                nodes { id } pageInfo { hasNextPage hasPreviousPage } } } } }"#;
    let order =
        json!([{ "field": "RECOMMENDING_STATE" }, { "field": "CYCLE", "direction": "DESC" }]);
    let data = app
        .data_with(
            query,
            json!({ "filter": { "response": ["SUPPORTED"] }, "orderBy": order }),
        )
        .await;
    let states = at(&data, "states.nodes").as_array().unwrap().clone();
    assert_eq!(states.len(), 12);
    let mut parents_with_more = 0;
    for state in &states {
        let code = state["code"].as_str().unwrap();
        let filter = json!({ "stateUnderReview": [code], "response": ["SUPPORTED"] });
        let own = forward(
            &app,
            RECOMMENDATIONS,
            &json!({ "filter": filter, "orderBy": order }),
            "recommendations",
            100,
        )
        .await;
        let head = state["head"]["nodes"].as_array().unwrap();
        let tail = state["tail"]["nodes"].as_array().unwrap();
        let n = own.len().min(7);
        assert_eq!(ids(head), ids(&own[..n]), "{code}");
        assert_eq!(ids(tail), ids(&own[own.len() - n..]), "{code}");
        let more = own.len() > 7;
        assert_eq!(
            state["head"]["pageInfo"]["hasNextPage"],
            json!(more),
            "{code}"
        );
        assert_eq!(
            state["tail"]["pageInfo"]["hasPreviousPage"],
            json!(more),
            "{code}"
        );
        parents_with_more += usize::from(more);
    }
    assert!(
        parents_with_more >= 6,
        "{parents_with_more} of the 12 states have more than a page"
    );

    // One parent's list walked with its own cursors, both ways.
    let code = states[0]["code"].as_str().unwrap();
    let filter = json!({ "stateUnderReview": [code], "response": ["SUPPORTED"] });
    let own = forward(
        &app,
        RECOMMENDATIONS,
        &json!({ "filter": filter, "orderBy": order }),
        "recommendations",
        100,
    )
    .await;
    let child = r#"query ($code: String!, $first: Int, $after: String, $last: Int, $before: String,
        $filter: RecommendationFilter, $orderBy: [RecommendationOrder!]) {
        state(code: $code) { recommendationsReceived(first: $first, after: $after, last: $last, before: $before,
            filter: $filter, orderBy: $orderBy) {
            nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }"#;
    let variables =
        json!({ "code": code, "filter": { "response": ["SUPPORTED"] }, "orderBy": order });
    assert_eq!(
        ids(&forward(&app, child, &variables, "state.recommendationsReceived", 9).await),
        ids(&own)
    );
    assert_eq!(
        ids(&walk(
            &app,
            child,
            &variables,
            "state.recommendationsReceived",
            8,
            true
        )
        .await),
        ids(&own)
    );
}
on_both_backends!(
    child_pages_of_many_parents_are_each_parents_own_list,
    Fixture::UprInfo
);
