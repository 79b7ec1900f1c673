//! The schema says what it does: each defect a client developer met, tested as a client
//! meets it (the filter key a field gives, the documented examples, scalar formats and
//! their specification, grouping, counts, paging, and a valid document accepted).

use std::path::Path;

use serde_json::{json, Value};
use uprgraph_store::{Format, ImportOptions};

use crate::helpers::{at, import, on_both_backends, shared_file, TestApp};

fn schema() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("schema.graphql")).unwrap()
}

async fn import_first_upr_file(app: &TestApp) {
    let bytes = shared_file("upr-info/sessions-01-05.csv");
    import(
        app,
        Format::UprInfo,
        vec![("sessions-01-05.csv", bytes)],
        ImportOptions::default(),
    )
    .await
    .expect("the UPR Info file imports");
}

fn count(value: &Value) -> i64 {
    value
        .as_i64()
        .unwrap_or_else(|| panic!("not a count: {value}"))
}

async fn the_aid_filter_takes_the_key_a_source_gives(app: TestApp) {
    let data = app
        .data("{ sources(first: 100) { nodes { key aidFlows { totalCount } } } }")
        .await;
    let sources = at(&data, "sources.nodes").as_array().unwrap();
    let with_aid: Vec<_> = sources
        .iter()
        .filter(|s| count(at(s, "aidFlows.totalCount")) > 0)
        .collect();
    assert!(!with_aid.is_empty(), "{data:#}");
    for source in with_aid {
        let key = source["key"]
            .as_str()
            .unwrap_or_else(|| panic!("a source of aid flows has no key: {source}"));
        let filtered = app
            .data_with(
                "query($key: String!) { aidFlows(filter: { source: [$key] }) { totalCount } }",
                json!({ "key": key }),
            )
            .await;
        assert_eq!(
            at(&filtered, "aidFlows.totalCount"),
            at(source, "aidFlows.totalCount"),
            "{key}"
        );
    }
}
on_both_backends!(the_aid_filter_takes_the_key_a_source_gives);

async fn each_filters_not_example_runs_and_excludes_something(app: TestApp) {
    import_first_upr_file(&app).await;
    let aid = shared_file("foreign-assistance/us_foreign_aid_country.csv");
    import(
        &app,
        Format::ForeignAssistance,
        vec![("us_foreign_aid_country.csv", aid)],
        ImportOptions::default(),
    )
    .await
    .expect("the ForeignAssistance.gov file imports");
    let sdl = schema();
    for (input, list) in [
        ("RecommendationFilter", "recommendations"),
        ("AidFlowFilter", "aidFlows"),
        ("StateFilter", "states"),
        ("ReviewFilter", "reviews"),
    ] {
        let body = &sdl[sdl
            .find(&format!("input {input} {{"))
            .unwrap_or_else(|| panic!("{input}"))..];
        let body = &body[..body.find("\n}").unwrap()];
        let not = body
            .find("\tnot: ")
            .unwrap_or_else(|| panic!("{input}.not"));
        let description = &body[body[..not]
            .rfind("A filter that must not match")
            .expect("its description")..not];
        let example = description
            .split('`')
            .nth(1)
            .unwrap_or_else(|| panic!("{input}.not has no example: {description}"));
        assert!(example.starts_with("not: {"), "{input}: {example}");
        let all = app.data(&format!("{{ {list} {{ totalCount }} }}")).await;
        let query = format!("{{ {list}(filter: {{ {example} }}) {{ totalCount }} }}");
        let response = app.execute(&query, json!({})).await;
        assert!(
            response.get("errors").is_none(),
            "{input}'s example `{example}` fails: {response:#}"
        );
        let (kept, total) = (
            count(at(&response, &format!("data.{list}.totalCount"))),
            count(at(&all, &format!("{list}.totalCount"))),
        );
        assert!(
            kept > 0 && kept < total,
            "{input}: `{example}` keeps {kept} of {total}"
        );
    }
}
on_both_backends!(each_filters_not_example_runs_and_excludes_something);

async fn timestamps_are_date_times_in_utc(app: TestApp) {
    import_first_upr_file(&app).await;
    let data = app.data("{ datasets { nodes { importedAt } } }").await;
    let imported = at(&data, "datasets.nodes.0.importedAt")
        .as_str()
        .unwrap()
        .to_owned();
    let parsed = chrono::DateTime::parse_from_rfc3339(&imported)
        .unwrap_or_else(|e| panic!("{imported}: {e}"));
    assert!(imported.ends_with('Z'), "{imported}");
    let age = chrono::Utc::now().signed_duration_since(parsed);
    assert!(
        age.num_seconds() >= 0 && age.num_minutes() < 10,
        "{imported} is not the import's time"
    );
    let kind = app
        .data(r#"{ __type(name: "Dataset") { fields { name type { ofType { name } } } } }"#)
        .await;
    let field = at(&kind, "__type.fields")
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "importedAt")
        .unwrap()
        .clone();
    assert_eq!(at(&field, "type.ofType.name"), "DateTime");
}
on_both_backends!(timestamps_are_date_times_in_utc);

#[tokio::test]
async fn every_custom_scalar_is_specified_by_a_page_the_server_serves() {
    let app = TestApp::spawn(crate::helpers::Backend::Sqlite).await;
    let page = app
        .http
        .get(format!("{}/scalars", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    let sdl = schema();
    let scalars: Vec<&str> = sdl.lines().filter(|l| l.starts_with("scalar ")).collect();
    assert_eq!(scalars.len(), 3, "{scalars:?}");
    for line in scalars {
        let name = line["scalar ".len()..].split_whitespace().next().unwrap();
        let expected = format!(
            "scalar {name} @specifiedBy(url: \"/scalars#{}\")",
            name.to_lowercase()
        );
        assert_eq!(line, expected);
        assert!(
            page.contains(&format!("\n## {name}\n")),
            "/scalars has no section {name}"
        );
        let data = app
            .data(&format!(
                "{{ __type(name: \"{name}\") {{ specifiedByURL }} }}"
            ))
            .await;
        assert_eq!(
            at(&data, "__type.specifiedByURL"),
            &json!(format!("/scalars#{}", name.to_lowercase()))
        );
    }
}

async fn groups_tell_not_grouped_from_no_value(app: TestApp) {
    // The Costs of War figure covers a period, not a fiscal year: its group by fiscal year
    // has a null year, and says it is grouped by it.
    let by_year = app
        .data(r#"{ aidTotals(filter: { recipient: ["ISR"] }, groupBy: [FISCAL_YEAR, FISCAL_YEAR]) { groupedBy fiscalYear transactionType } }"#)
        .await;
    let groups = at(&by_year, "aidTotals").as_array().unwrap();
    assert!(!groups.is_empty());
    assert!(
        groups
            .iter()
            .all(|g| g["groupedBy"] == json!(["FISCAL_YEAR"]) && g["transactionType"].is_null()),
        "{by_year:#}"
    );
    assert!(
        groups.iter().any(|g| g["fiscalYear"].is_null()),
        "no group without a year: {by_year:#}"
    );
    let all = app.data(r#"{ aidTotals(filter: { recipient: ["ISR"] }, groupBy: []) { groupedBy fiscalYear } }"#).await;
    assert!(at(&all, "aidTotals")
        .as_array()
        .unwrap()
        .iter()
        .all(|g| g["groupedBy"] == json!([]) && g["fiscalYear"].is_null()));

    import_first_upr_file(&app).await;
    let stats = app
        .data(r#"{ state(code: "ISR") { recommendationStats(groupBy: [RESPONSE, THEME], first: 1000) { groupedBy response theme { name } cycle } } }"#)
        .await;
    let groups = at(&stats, "state.recommendationStats").as_array().unwrap();
    assert!(!groups.is_empty());
    for group in groups {
        assert_eq!(group["groupedBy"], json!(["RESPONSE", "THEME"]), "{group}");
        assert!(group["cycle"].is_null(), "{group}");
        assert!(
            !group["response"].is_null(),
            "every recommendation has a response: {group}"
        );
    }
    let pair = app
        .data(r#"{ state(code: "USA") { aidedStates { aid { groupedBy } } } }"#)
        .await;
    for state in at(&pair, "state.aidedStates").as_array().unwrap() {
        for sum in state["aid"].as_array().unwrap() {
            assert_eq!(
                sum["groupedBy"],
                json!(["DONOR", "RECIPIENT", "CATEGORY", "TRANSACTION_TYPE"])
            );
        }
    }
}
on_both_backends!(groups_tell_not_grouped_from_no_value);

async fn cross_link_counts_add_up_with_pending(app: TestApp) {
    import_first_upr_file(&app).await;
    let data = app
        .data(r#"{ reviews(filter: { cycle: [1] }, first: 20) { nodes { recommenders { recommendations { count supported noted pending } } } } }"#)
        .await;
    let mut seen = 0;
    for review in at(&data, "reviews.nodes").as_array().unwrap() {
        for recommender in review["recommenders"].as_array().unwrap() {
            let r = &recommender["recommendations"];
            assert_eq!(
                count(&r["count"]),
                count(&r["supported"]) + count(&r["noted"]) + count(&r["pending"]),
                "{r}"
            );
            seen += 1;
        }
    }
    assert!(seen > 100, "{seen} recommenders");
    // The same counts as the statistics, which count pending ones too.
    let pending = app
        .data(r#"{ recommendationStats(filter: { cycle: [1] }, groupBy: []) { count pending } }"#)
        .await;
    let total = app
        .data(r#"{ review(state: "GBR", cycle: 1) { recommenders { recommendations { count pending } } recommendationStats { count pending } } }"#)
        .await;
    let sum: i64 = at(&total, "review.recommenders")
        .as_array()
        .unwrap()
        .iter()
        .map(|r| count(at(r, "recommendations.pending")))
        .sum();
    let counted: i64 = at(&total, "review.recommenders")
        .as_array()
        .unwrap()
        .iter()
        .map(|r| count(at(r, "recommendations.count")))
        .sum();
    assert_eq!(
        sum,
        count(at(&total, "review.recommendationStats.0.pending"))
    );
    assert_eq!(
        counted,
        count(at(&total, "review.recommendationStats.0.count"))
    );
    assert!(count(at(&pending, "recommendationStats.0.count")) > 0);
}
on_both_backends!(cross_link_counts_add_up_with_pending);

/// Pages through a list of the node `id` one item at a time, by `fragment` (which selects
/// the connection as `list`), and returns the ids seen and the total the list reports.
async fn page_through(app: &TestApp, id: &str, fragment: &str) -> (Vec<String>, i64) {
    let query = format!("query($id: ID!, $after: String) {{ node(id: $id) {{ {fragment} }} }}");
    let (mut ids, mut after) = (Vec::new(), Value::Null);
    let total = loop {
        let data = app
            .data_with(&query, json!({ "id": id, "after": after }))
            .await;
        let list = at(&data, "node.list");
        let total = count(&list["totalCount"]);
        ids.extend(
            list["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["id"].as_str().unwrap().to_owned()),
        );
        if list["pageInfo"]["hasNextPage"] != json!(true) {
            break total;
        }
        after = list["pageInfo"]["endCursor"].clone();
        assert!(ids.len() < 1000, "paging does not end");
    };
    (ids, total)
}

async fn lists_that_grow_are_paged(app: TestApp) {
    let page = "totalCount pageInfo { hasNextPage endCursor } nodes { id }";
    let ids = app
        .data(r#"{ eu: organization(code: "EU") { id } ohchr: organization(code: "OHCHR") { id } pse: state(code: "PSE") { id }
            sources(first: 100) { nodes { id key } } }"#)
        .await;
    let source = |key: &str| {
        at(&ids, "sources.nodes")
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == key)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let cases = [
        (
            at(&ids, "eu.id").as_str().unwrap().to_owned(),
            format!(
                "... on Organization {{ list: members(first: 1, after: $after) {{ {page} }} }}"
            ),
            10,
        ),
        (
            at(&ids, "ohchr.id").as_str().unwrap().to_owned(),
            format!(
                "... on Organization {{ list: sources(first: 1, after: $after) {{ {page} }} }}"
            ),
            2,
        ),
        (
            source("ohchr-upr-isr"),
            format!("... on Source {{ list: reviews(first: 1, after: $after) {{ {page} }} }}"),
            1,
        ),
        (
            source("gaza-moh-casualties"),
            format!("... on Source {{ list: figures(first: 1, after: $after) {{ {page} }} }}"),
            1,
        ),
        (
            at(&ids, "pse.id").as_str().unwrap().to_owned(),
            format!("... on State {{ list: figures(first: 1, after: $after) {{ {page} }} }}"),
            1,
        ),
    ];
    for (id, fragment, at_least) in cases {
        let (seen, total) = page_through(&app, &id, &fragment).await;
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), seen.len(), "{fragment}: an item came twice");
        assert_eq!(seen.len() as i64, total, "{fragment}");
        assert!(total >= at_least, "{fragment}: {total}");
    }
    // Pages are capped like every other connection.
    let (status, body) = app
        .post(r#"{ organization(code: "EU") { members(first: 101) { totalCount } } }"#)
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        at(&body, "errors.0.extensions.code"),
        "BAD_USER_INPUT",
        "{body:#}"
    );
}
on_both_backends!(lists_that_grow_are_paged);

#[tokio::test]
async fn a_variable_used_only_by_a_directive_on_typename_is_accepted() {
    let app = TestApp::spawn(crate::helpers::Backend::Sqlite).await;
    // Left out, nothing is selected: the data is an empty object, not null.
    for (x, expected) in [(true, json!({ "__typename": "Query" })), (false, json!({}))] {
        let response = app
            .http
            .post(format!("{}/graphql", app.address))
            .json(&json!({ "query": "query($x: Boolean!) { __typename @include(if: $x) }", "variables": { "x": x } }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body, json!({ "data": expected }));
    }
    // Still validated: an undefined variable in such a directive is refused.
    let (status, body) = app.post("{ __typename @skip(if: $nope) }").await;
    assert_eq!(status, 200);
    assert_eq!(
        at(&body, "errors.0.extensions.code"),
        "BAD_USER_INPUT",
        "{body:#}"
    );
}
