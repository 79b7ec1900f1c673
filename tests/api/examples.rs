//! Every example query shipped in `src/examples/` (GraphiQL's tabs) runs as a user runs
//! it, over HTTP against a database with the real UPR Info, ForeignAssistance.gov, SIPRI
//! and OECD DAC Table 2a (2019) files imported, and answers with data and no errors.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::helpers::{examples, on_both_backends, Fixture, TestApp};

/// For every list the answer holds, by its path with list indices as `*`, whether any of
/// its instances has an item: an example whose list is empty everywhere shows a user
/// nothing there.
fn lists(value: &Value, path: &str, out: &mut BTreeMap<String, bool>) {
    match value {
        Value::Array(items) => {
            *out.entry(path.to_owned()).or_default() |= !items.is_empty();
            let inner = format!("{path}.*");
            items.iter().for_each(|item| lists(item, &inner, out));
        }
        Value::Object(fields) => fields
            .iter()
            .for_each(|(key, v)| lists(v, &format!("{path}.{key}"), out)),
        _ => {}
    }
}

async fn every_example_answers_with_data(app: TestApp) {
    crate::import_oecd::import_2019(&app).await;
    let examples = examples();
    assert!(examples.len() >= 9, "{} examples", examples.len());
    let page = app
        .http
        .get(format!("{}/", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for (name, query) in examples {
        let quoted = serde_json::to_string(&query).unwrap().replace("</", "<\\/");
        assert!(
            page.contains(&quoted),
            "{name} is not one of GraphiQL's tabs"
        );
        let (status, body) = app.post(&query).await;
        assert_eq!(status, 200, "{name}: {body:#}");
        assert!(
            body.get("errors").is_none(),
            "{name} answers with errors: {body:#}"
        );
        let data = &body["data"];
        let roots = data
            .as_object()
            .unwrap_or_else(|| panic!("{name}: no data: {body:#}"));
        assert!(!roots.is_empty(), "{name}");
        for (root, value) in roots {
            assert!(!value.is_null(), "{name}: `{root}` is null");
        }
        // Every list the example asks for has items somewhere in the answer.
        let mut found = BTreeMap::new();
        lists(data, "data", &mut found);
        let empty: Vec<_> = found
            .iter()
            .filter(|(_, any)| !**any)
            .map(|(path, _)| path)
            .collect();
        assert!(
            empty.is_empty(),
            "{name} answers with lists empty everywhere at {empty:?}: {:#}",
            json!(data)
        );
    }
}
on_both_backends!(every_example_answers_with_data, Fixture::Arms);
