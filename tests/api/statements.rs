//! No N+1: the number of SQL statements follows the shape of the query, not the
//! number of rows it returns; an import's follows the chunks of its INSERTs, not its
//! rows.

use serde_json::{json, Value};

use uprgraph_store::{Format, ImportOptions};

use crate::{
    helpers::{count_rows, import, on_both_backends, TestApp},
    import_hardening::record,
    import_uhri::file,
};

const WIDE: &str = r#"query ($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on State {
      code
      regionalGroup
      organizations { code }
      recommendationsReceived(filter: { recommendingState: ["CUB", "FR"] }) { totalCount }
      reviews(first: 5, orderBy: [{ field: DATE, direction: DESC }]) {
        totalCount
        nodes { status session { number cycle { number } } recommendations(first: 3, filter: { response: [SUPPORTED], session: [9, 22] }, orderBy: [{ field: RECOMMENDING_STATE }]) { totalCount nodes { text } } }
      }
    }
  }
}"#;

/// Runs the wide query over these states; returns the statements it took and how many
/// reviews it returned.
async fn statements_for(app: &TestApp, ids: &[Value]) -> (u64, usize) {
    let before = app.store.statements_executed();
    let data = app.data_with(WIDE, json!({ "ids": ids })).await;
    let statements = app.store.statements_executed() - before;
    let states = data["nodes"].as_array().unwrap();
    assert_eq!(states.len(), ids.len());
    let reviews = states
        .iter()
        .map(|s| s["reviews"]["nodes"].as_array().unwrap().len())
        .sum();
    (statements, reviews)
}

async fn fifty_states_cost_as_many_statements_as_two(app: TestApp) {
    let data = app.data(r#"{ states(first: 100) { nodes { id code } } usa: state(code: "USA") { id } isr: state(code: "ISR") { id } }"#).await;
    let (usa, isr) = (data["usa"]["id"].clone(), data["isr"]["id"].clone());
    let others: Vec<Value> = data["states"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["code"] != "USA" && s["code"] != "ISR")
        .map(|s| s["id"].clone())
        .collect();
    let two = vec![usa.clone(), isr.clone()];
    let fifty: Vec<Value> = [usa, isr]
        .into_iter()
        .chain(others.into_iter().take(48))
        .collect();

    let (two_statements, two_reviews) = statements_for(&app, &two).await;
    let (fifty_statements, fifty_reviews) = statements_for(&app, &fifty).await;
    assert_eq!(
        (two_reviews, fifty_reviews),
        (9, 9),
        "both runs load the same nine reviews"
    );
    assert_eq!(
        two_statements, fifty_statements,
        "2 states took {two_statements} statements, 50 took {fifty_statements}"
    );
    // One per level of the query, and one per lookup by id: the states; their
    // memberships, organisations, received counts, reviews and review counts, read
    // together; the reviews' sessions, and their recommendations with their counts,
    // read together; the sessions' cycles.
    assert_eq!(fifty_statements, 5, "statements for a query of this shape");
}
on_both_backends!(fifty_states_cost_as_many_statements_as_two);

/// The state page of the API benchmark: a state, a page of its reviews, its
/// recommendations counted by response and the aid it received summed by year.
const STATE_PAGE: &str = include_str!("../../bench/queries/state-page.uprgraph.graphql");

/// The state page takes two statements: the state's lookup, and one for the three lists
/// under it, which are read together. Afghanistan has all three; the United States has
/// reviews and counts but receives no aid in these files, so one of the three parts
/// read together is empty.
async fn the_state_page_takes_two_statements(app: TestApp) {
    for (code, aid_years) in [("AFG", true), ("USA", false)] {
        let before = app.store.statements_executed();
        let data = app.data_with(STATE_PAGE, json!({ "code": code })).await;
        let statements = app.store.statements_executed() - before;
        let state = &data["state"];
        assert_eq!(state["code"], code);
        assert!(!state["reviews"]["nodes"].as_array().unwrap().is_empty());
        let responses = state["responses"].as_array().unwrap();
        assert!(responses.iter().any(|r| r["response"] == "SUPPORTED"));
        let aid = state["aidReceived"].as_array().unwrap();
        assert_eq!(!aid.is_empty(), aid_years, "{code}'s aid by year: {aid:?}");
        assert_eq!(
            statements, 2,
            "the state page of {code} took {statements} statements"
        );
    }
}
on_both_backends!(
    the_state_page_takes_two_statements,
    crate::helpers::Fixture::RealFiles
);

/// Imports a new file of `count` test records; returns the statements it took.
async fn statements_to_import(app: &TestApp, name: &str, count: usize) -> u64 {
    let records: Vec<String> = (0..count)
        .map(|i| {
            record(
                &format!("Test record {name} number {i}"),
                &format!("{name}-{i}"),
            )
        })
        .collect();
    let before = app.store.statements_executed();
    import(
        app,
        Format::Uhri,
        vec![(name, file(&records))],
        ImportOptions::default(),
    )
    .await
    .unwrap();
    app.store.statements_executed() - before
}

async fn an_import_takes_its_statements_by_the_thousand_rows(app: TestApp) {
    // The first import makes the format's source, the review and the themes; the
    // next two find them, and differ only in their number of rows.
    statements_to_import(&app, "first.csv", 1).await;
    let ten = statements_to_import(&app, "ten.csv", 10).await;
    let thousand = statements_to_import(&app, "thousand.csv", 1_000).await;
    assert_eq!(count_rows(&app, "recommendations").await, 1_011);
    // A thousand recommendations, with their terms and links (several thousand
    // rows), fit in one INSERT a table, as ten do.
    assert_eq!(
        ten, thousand,
        "10 rows took {ten} statements, 1,000 took {thousand}"
    );
    // Beyond one INSERT's rows, a table takes another.
    let more = statements_to_import(&app, "more.csv", 2_500).await;
    assert!(
        more > thousand && more < thousand + 10,
        "2,500 rows took {more} statements, 1,000 took {thousand}"
    );
}
on_both_backends!(an_import_takes_its_statements_by_the_thousand_rows);
