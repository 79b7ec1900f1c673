//! Queries over the depth or complexity limit are refused before they run.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::{code, on_both_backends, server_statements, TestApp};

async fn deep_and_wide_queries_are_refused_before_touching_the_database(app: TestApp) {
    let wide = "{ states(first: 100) { nodes { reviews(first: 100) { nodes { recommendations(first: 100) { nodes { text } } } } } } }";
    let mut deep = String::from("{ state(code: \"USA\") { id ");
    for _ in 0..10 {
        deep.push_str("reviews(first: 1) { nodes { state { ");
    }
    deep.push_str("id");
    deep.push_str(&" } } }".repeat(10));
    deep.push_str(" } }");
    for (query, message) in [
        (wide, "Query is too complex."),
        (deep.as_str(), "Query is nested too deep."),
    ] {
        let before = app.store.statements_executed();
        let errors = app.errors(query).await;
        assert_eq!(
            errors,
            [("QUERY_TOO_COMPLEX".to_owned(), message.to_owned())]
        );
        assert_eq!(app.store.statements_executed(), before, "no statement ran");
    }
    // A page size within the limit passes: 100 states with 10 reviews of 10 fields each.
    let fits = "{ states(first: 100) { nodes { reviews(first: 10) { nodes { id status heldOn scheduledOn outcomeSymbol note } } } } }";
    app.data(fits).await;
}
on_both_backends!(deep_and_wide_queries_are_refused_before_touching_the_database);

/// `links` fragments after the first, each spreading the one before twice, spread under
/// `state`: a few hundred bytes that select 2^links fields once spread.
fn fragment_chain(links: usize) -> String {
    let mut doc = format!(
        "query Chain {{ state(code: \"USA\") {{ ...F{links} }} }} fragment F0 on State {{ name }}"
    );
    for i in 1..=links {
        doc.push_str(&format!(
            " fragment F{i} on State {{ ...F{} ...F{} }}",
            i - 1,
            i - 1
        ));
    }
    doc
}

async fn a_fragment_chain_is_refused_by_the_walk_before_anything_expands_it(app: TestApp) {
    // Thirty links: a billion names, which validation would walk one by one.
    let chain = fragment_chain(30);
    assert!(chain.len() < 2000, "{} bytes", chain.len());
    let before = (
        app.store.statements_executed(),
        server_statements(&app).await,
    );
    let started = Instant::now();
    // In process, held to the depth and complexity limits.
    assert_eq!(
        app.errors(&chain).await,
        [(
            "QUERY_TOO_COMPLEX".to_owned(),
            "Query is too complex.".to_owned()
        )]
    );
    // Over HTTP, held to every limit: the fields once spread come first.
    let (status, body) = app.post(&chain).await;
    let elapsed = started.elapsed();
    assert_eq!(
        (status.as_u16(), code(&body)),
        (200, "QUERY_TOO_COMPLEX"),
        "{body}"
    );
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("fields once its fragments are spread"),
        "{message}"
    );
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    let after = (
        app.store.statements_executed(),
        server_statements(&app).await,
    );
    assert_eq!(after, before, "no statement ran");
}
on_both_backends!(a_fragment_chain_is_refused_by_the_walk_before_anything_expands_it);

async fn pages_in_a_fragment_on_another_type_count_toward_the_complexity(app: TestApp) {
    let id = app.data("{ state(code: \"USA\") { id } }").await["state"]["id"].clone();
    let pages = |size: u32| {
        format!(
            "query Pages($id: ID!) {{ node(id: $id) {{ ...Pages }} }} \
             fragment Pages on State {{ reviews(first: {size}) {{ nodes {{ \
             recommendations(first: {size}) {{ nodes {{ recommendingState {{ \
             reviews(first: {size}) {{ totalCount }} }} }} }} }} }} }}"
        )
    };
    // A page of 100 reviews, 100 recommendations in each and 100 reviews of each
    // recommending state: a complexity of a million, where `reviews` is looked up on
    // `State`, the fragment's type, not on `Node`, where it is spread.
    let before = app.store.statements_executed();
    let response = app.execute(&pages(100), json!({ "id": id })).await;
    assert_eq!(
        (
            &response["errors"][0]["extensions"]["code"],
            &response["errors"][0]["message"]
        ),
        (&json!("QUERY_TOO_COMPLEX"), &json!("Query is too complex.")),
        "{response:#}"
    );
    assert!(response.get("data").is_none(), "{response:#}");
    assert_eq!(app.store.statements_executed(), before, "no statement ran");
    // Pages of ten pass.
    let data = app.data_with(&pages(10), json!({ "id": id })).await;
    assert!(data["node"]["reviews"]["nodes"].is_array(), "{data:#}");
}
on_both_backends!(pages_in_a_fragment_on_another_type_count_toward_the_complexity);
