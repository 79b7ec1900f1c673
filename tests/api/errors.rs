//! Unknown keys give null; bad input gives coded errors that leak nothing.

use serde_json::json;

use crate::helpers::{at, on_both_backends, TestApp};

async fn unknown_keys_are_null_not_errors(app: TestApp) {
    let data = app
        .data(
            r#"{ state(code: "ZZZ") { code } alpha2: state(code: "QQ") { code }
                 stateByName(name: "Atlantis") { code } cycle(number: 9) { number }
                 session(number: 999) { number } review(state: "ZZZ", cycle: 1) { id }
                 noReview: review(state: "FRA", cycle: 4) { id } organization(code: "NOPE") { code }
                 theme(name: "nothing") { name } }"#,
        )
        .await;
    for key in [
        "state",
        "alpha2",
        "stateByName",
        "cycle",
        "session",
        "review",
        "noReview",
        "organization",
        "theme",
    ] {
        assert_eq!(data[key], json!(null), "{key}");
    }
    // A well-formed ID of an object that does not exist.
    let missing = app.data(r#"{ node(id: "U3RhdGU6OTk5OTk") { id } }"#).await;
    assert_eq!(missing["node"], json!(null));
}
on_both_backends!(unknown_keys_are_null_not_errors);

async fn malformed_input_is_a_bad_user_input_error(app: TestApp) {
    for query in [
        r#"{ state(code: "Israel") { code } }"#,
        r#"{ node(id: "%%%") { id } }"#,
        "{ cycle(number: 0) { number } }",
        "{ state(code: 12) { code } }",
        "{ states { nodes { doesNotExist } } }",
        "{ states { ",
        r#"{ state(code: "USA") { regionalGroupOn(date: "2014-13-01") } }"#,
    ] {
        let errors = app.errors(query).await;
        assert!(!errors.is_empty(), "{query}");
        for (code, message) in errors {
            assert_eq!(code, "BAD_USER_INPUT", "{query}: {message}");
        }
    }
    let errors = app.errors(r#"{ state(code: "Israel") { code } }"#).await;
    assert!(errors[0].1.contains("stateByName"), "{}", errors[0].1);
    // A number out of range says what the range is.
    let errors = app
        .errors("{ recommendations(filter: { session: [1000] }) { totalCount } }")
        .await;
    assert_eq!(errors[0].0, "BAD_USER_INPUT");
    assert!(
        errors[0].1.contains("sessions are numbered 1 to 999"),
        "{}",
        errors[0].1
    );
}
on_both_backends!(malformed_input_is_a_bad_user_input_error);

async fn partial_results_keep_the_good_fields(app: TestApp) {
    // A nullable field that fails is null beside the fields that did not.
    let response = app
        .execute(
            r#"{ good: state(code: "USA") { code } bad: state(code: "Israel") { code } }"#,
            json!({}),
        )
        .await;
    assert_eq!(at(&response, "data.good.code"), "USA");
    assert_eq!(response["data"]["bad"], json!(null), "{response}");
    assert_eq!(at(&response, "errors.0.extensions.code"), "BAD_USER_INPUT");
    assert_eq!(at(&response, "errors.0.path.0"), "bad");
    // A field that may not be null and fails nulls its parent, up to the nearest field
    // that may be null: here the whole of `data`, as the specification says.
    let response = app
        .execute(
            r#"{ good: state(code: "USA") { code } bad: states(first: 500) { totalCount } }"#,
            json!({}),
        )
        .await;
    assert_eq!(response["data"], json!(null), "{response}");
    assert_eq!(at(&response, "errors.0.extensions.code"), "BAD_USER_INPUT");
    assert_eq!(at(&response, "errors.0.path.0"), "bad");
    // Nested, the nearest nullable field is the parent state.
    let response = app
        .execute(
            r#"{ state(code: "USA") { code reviews(first: 500) { totalCount } } other: state(code: "ISR") { code } }"#,
            json!({}),
        )
        .await;
    assert_eq!(response["data"]["state"], json!(null), "{response}");
    assert_eq!(at(&response, "data.other.code"), "ISR");
    assert_eq!(
        response["errors"][0]["path"],
        json!(["state", "reviews"]),
        "{response}"
    );
}
on_both_backends!(partial_results_keep_the_good_fields);

async fn a_stored_code_the_domain_does_not_know_is_an_internal_error(app: TestApp) {
    use sea_orm::ConnectionTrait;
    app.store
        .connection()
        .execute_unprepared("UPDATE organizations SET kind = 'GUILD' WHERE code = 'EU'")
        .await
        .unwrap();
    // The row fails as it is read, and the client learns nothing of why.
    let response = app
        .execute(r#"{ organization(code: "EU") { code kind } }"#, json!({}))
        .await;
    assert_eq!(at(&response, "errors.0.extensions.code"), "INTERNAL");
    assert!(!response.to_string().contains("GUILD"), "{response}");
    assert_eq!(response["data"]["organization"], json!(null), "{response}");
    // Rows holding known codes read as before.
    let data = app
        .data(r#"{ organization(code: "OIC") { code kind } }"#)
        .await;
    assert_eq!(at(&data, "organization.kind"), "INTERGOVERNMENTAL");
}
on_both_backends!(a_stored_code_the_domain_does_not_know_is_an_internal_error);
