//! The reference data every database starts with.

use std::collections::{BTreeSet, HashMap};

use serde_json::json;

use crate::helpers::{at, on_both_backends, shared_file, TestApp};

const STATES_PAGE: &str = r#"
query ($after: String) {
  states(first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { code alpha2 numericCode name unStatus regionalGroup admittedOn }
  }
}"#;

/// Every state, read page by page through the API.
async fn all_states(app: &TestApp) -> Vec<serde_json::Value> {
    let mut states = Vec::new();
    let mut after = serde_json::Value::Null;
    loop {
        let data = app.data_with(STATES_PAGE, json!({ "after": after })).await;
        states.extend(
            at(&data, "states.nodes")
                .as_array()
                .unwrap()
                .iter()
                .cloned(),
        );
        if !at(&data, "states.pageInfo.hasNextPage").as_bool().unwrap() {
            assert_eq!(at(&data, "states.totalCount"), 195);
            return states;
        }
        after = at(&data, "states.pageInfo.endCursor").clone();
    }
}

async fn there_are_193_members_each_in_one_regional_group(app: TestApp) {
    let states = all_states(&app).await;
    assert_eq!(states.len(), 195);
    let members: Vec<_> = states
        .iter()
        .filter(|s| s["unStatus"] == "MEMBER")
        .collect();
    let observers: BTreeSet<_> = states
        .iter()
        .filter(|s| s["unStatus"] == "OBSERVER")
        .map(|s| s["code"].as_str().unwrap())
        .collect();
    assert_eq!(members.len(), 193);
    assert_eq!(observers, BTreeSet::from(["PSE", "VAT"]));

    let mut per_group: HashMap<&str, usize> = HashMap::new();
    for member in &members {
        let group = member["regionalGroup"]
            .as_str()
            .unwrap_or_else(|| panic!("{member} has no group"));
        *per_group.entry(group).or_default() += 1;
        assert!(
            member["admittedOn"].is_string(),
            "{member} has no admission date"
        );
    }
    assert_eq!(
        per_group,
        HashMap::from([
            ("AFRICAN", 54),
            ("ASIA_PACIFIC", 54),
            ("EASTERN_EUROPEAN", 23),
            ("LATIN_AMERICAN_AND_CARIBBEAN", 33),
            ("WESTERN_EUROPEAN_AND_OTHERS", 29),
        ])
    );

    let codes: BTreeSet<_> = states.iter().map(|s| s["code"].as_str().unwrap()).collect();
    let alpha2: BTreeSet<_> = states
        .iter()
        .map(|s| s["alpha2"].as_str().unwrap())
        .collect();
    let numeric: BTreeSet<_> = states
        .iter()
        .map(|s| s["numericCode"].as_str().unwrap())
        .collect();
    assert_eq!((codes.len(), alpha2.len(), numeric.len()), (195, 195, 195));
}
on_both_backends!(there_are_193_members_each_in_one_regional_group);

async fn regional_group_membership_is_dated(app: TestApp) {
    let data = app
        .data(
            r#"{ state(code: "ISR") {
                regionalGroup
                before: regionalGroupOn(date: "2013-01-29")
                after: regionalGroupOn(date: "2014-01-01")
                regionalGroupMemberships { group validFrom validTo }
            } }"#,
        )
        .await;
    assert_eq!(
        at(&data, "state.regionalGroup"),
        "WESTERN_EUROPEAN_AND_OTHERS"
    );
    assert_eq!(at(&data, "state.before"), &serde_json::Value::Null);
    assert_eq!(at(&data, "state.after"), "WESTERN_EUROPEAN_AND_OTHERS");
    assert_eq!(
        at(&data, "state.regionalGroupMemberships.0.validFrom"),
        "2014-01-01"
    );
}
on_both_backends!(regional_group_membership_is_dated);

async fn every_state_spelling_in_the_upr_info_files_resolves(app: TestApp) {
    let mut spellings = BTreeSet::new();
    for file in [
        "sessions-01-05.csv",
        "sessions-06-09.csv",
        "sessions-10-13.csv",
    ] {
        let bytes = shared_file(&format!("upr-info/{file}"));
        // The files are Windows-1252 text with CR line ends; state names are ASCII.
        let text: String = bytes
            .iter()
            .map(|&b| if b == b'\r' { '\n' } else { b as char })
            .collect();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for record in reader.records() {
            let record = record.unwrap();
            spellings.insert(record[0].to_owned());
            spellings.insert(record[4].to_owned());
        }
    }
    spellings.remove("&#40;Unknown&#41;");
    assert!(
        spellings.len() > 190,
        "read only {} spellings",
        spellings.len()
    );
    for spelling in &spellings {
        let data = app
            .data_with(
                "query ($n: String!) { stateByName(name: $n) { code } }",
                json!({ "n": spelling }),
            )
            .await;
        assert!(
            data["stateByName"]["code"].is_string(),
            "`{spelling}` does not resolve to a state"
        );
    }
    let data = app.data(r#"{ a: stateByName(name: "DPR Korea") { code } b: stateByName(name: "côte d’ivoire") { code } }"#).await;
    assert_eq!(
        (at(&data, "a.code"), at(&data, "b.code")),
        (&json!("PRK"), &json!("CIV"))
    );
}
on_both_backends!(every_state_spelling_in_the_upr_info_files_resolves);

async fn cycles_and_sessions_follow_the_upr_calendar(app: TestApp) {
    let data = app
        .data(
            "{ cycles { number firstSession lastSession startYear endYear sessions { number } } }",
        )
        .await;
    let cycles = data["cycles"].as_array().unwrap();
    let expected = [
        (1, 1, Some(12), 2008),
        (2, 13, Some(26), 2012),
        (3, 27, Some(40), 2017),
        (4, 41, None, 2022),
    ];
    assert_eq!(cycles.len(), expected.len());
    for (cycle, (number, first, last, start)) in cycles.iter().zip(expected) {
        assert_eq!(cycle["number"], number);
        assert_eq!(cycle["firstSession"], first);
        assert_eq!(cycle["lastSession"], json!(last));
        assert_eq!(cycle["startYear"], start);
        let sessions: Vec<i64> = cycle["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["number"].as_i64().unwrap())
            .collect();
        assert_eq!(sessions.first(), Some(&(first as i64)));
        if let Some(last) = last {
            assert_eq!(sessions.last(), Some(&(last as i64)));
            assert_eq!(sessions.len() as i64, last as i64 - first as i64 + 1);
        }
    }
    let data = app
        .data("{ session(number: 50) { cycle { number } } }")
        .await;
    assert_eq!(at(&data, "session.cycle.number"), 4);
}
on_both_backends!(cycles_and_sessions_follow_the_upr_calendar);

async fn organisations_list_their_members(app: TestApp) {
    let data = app
        .data(r#"{ organization(code: "eu") { code name kind members { totalCount nodes { code } } } oic: organization(code: "OIC") { members { totalCount nodes { code } } } }"#)
        .await;
    assert_eq!(at(&data, "organization.code"), "EU");
    assert_eq!(at(&data, "organization.kind"), "INTERGOVERNMENTAL");
    let eu: BTreeSet<_> = at(&data, "organization.members.nodes")
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["code"].as_str().unwrap())
        .collect();
    assert!(eu.contains("FRA") && eu.contains("DEU") && !eu.contains("USA"));
    let oic = at(&data, "oic.members.nodes").as_array().unwrap();
    assert!(oic.len() > 50);
    assert_eq!(at(&data, "oic.members.totalCount"), &json!(oic.len()));
}
on_both_backends!(organisations_list_their_members);
