//! Queries over the depth or complexity limit are refused before they run.

use crate::helpers::{on_both_backends, TestApp};

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
