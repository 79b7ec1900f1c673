//! A few smoke tests through real HTTP.

use serde_json::json;

use crate::helpers::{at, on_both_backends};

on_both_backends! {
    async fn the_issue_query_answers_over_http(app: TestApp) {
        let (status, body) = app
            .post(
                r#"{ state(code: "USA") { name regionalGroup
                      reviews(first: 10) { nodes { cycle { number } session { number } status heldOn } }
                      aidProvided(first: 10) { nodes { recipient { name } amount { amount currency } source { publisher } } } } }"#,
            )
            .await;
        assert_eq!(status, 200);
        assert!(body.get("errors").is_none(), "{body:#}");
        assert_eq!(at(&body, "data.state.name"), "United States of America");
        assert_eq!(at(&body, "data.state.regionalGroup"), "WESTERN_EUROPEAN_AND_OTHERS");
        assert_eq!(at(&body, "data.state.reviews.nodes.3.status"), "NON_COOPERATION");
        assert_eq!(at(&body, "data.state.aidProvided.nodes.0.recipient.name"), "Israel");
        assert_eq!(at(&body, "data.state.aidProvided.nodes.0.amount"), &json!({ "amount": "21700000000.00", "currency": "USD" }));
    }
}

on_both_backends! {
    async fn get_queries_and_graphiql_are_served(app: TestApp) {
        let response = app
            .http
            .get(format!("{}/graphql", app.address))
            .query(&[("query", "{ cycle(number: 4) { firstSession } }")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(at(&body, "data.cycle.firstSession"), 41);

        let page = app.http.get(format!("{}/", app.address)).send().await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let html = page.text().await.unwrap();
        assert!(html.contains("GraphiQL") && html.contains("/graphql"));
        assert!(html.contains(r#"state(code: \"USA\")"#), "the example queries are preloaded");
    }
}
